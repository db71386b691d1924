"""The FastAPI application: ``create_app(settings)`` builds it with its store and analysis pool."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from analyzers import __version__
from service.analysis import Analyzer
from service.api import problems
from service.api.audits import router as audits_router
from service.api.deps import AppState
from service.api.routes import router
from service.api.users import router as users_router
from service.audit_jobs import AuditJobs
from service.settings import Settings, get_settings
from service.store import Store


def _housekeeping(store: Store, audits: AuditJobs, settings: Settings) -> None:
    """Delete what has been kept long enough: access-log rows past ``access_log_days``; reports (and kept files)
    and audits past ``retention_days``, when it is set."""
    store.prune_access_log(settings.access_log_days)
    if settings.retention_days:
        store.purge_older_than(settings.retention_days)
        audits.purge_older_than(settings.retention_days)


async def _housekeeping_daily(store: Store, audits: AuditJobs, settings: Settings) -> None:
    """``_housekeeping`` once a day (after the one at start)."""
    while True:
        await asyncio.sleep(24 * 3600)
        await asyncio.to_thread(_housekeeping, store, audits, settings)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service: database opened and migrated now, analysis workers started when the app starts."""
    settings = settings or get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.database(), files_dir=settings.data_dir / "files")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        analyzer = Analyzer(
            settings.analysis_workers, settings.max_queued_analyses, memory_mb=settings.worker_memory_mb
        )
        app.state.shuzhi = AppState(settings, store, analyzer)
        app.state.audits = audits = AuditJobs(store, settings)
        _housekeeping(store, audits, settings)  # before the first request: nothing stale is served
        purging = asyncio.create_task(_housekeeping_daily(store, audits, settings))
        audits.start()
        try:
            yield
        finally:
            purging.cancel()
            await asyncio.to_thread(audits.close)
            analyzer.close()
            store.engine.dispose()

    app = FastAPI(
        title="shuzhi 述职报告分析",
        version=__version__,
        description="上传述职报告，检查结构、字数、表面化表述、数据与整改情况；存储、审阅与导出。",
        lifespan=lifespan,
    )
    problems.install(app)
    app.include_router(router)
    app.include_router(audits_router)
    app.include_router(users_router)
    from service.web import install  # the page; imported here because it builds on service.api
    install(app)
    return app
