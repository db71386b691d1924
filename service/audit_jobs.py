"""Audits started from the service: ``POST /v1/audits`` and the audit page hand their input here.

A job is a row of ``audit_jobs`` plus a folder ``SHUZHI_DATA_DIR/audits/<id>/`` holding its input (the
uploaded .zip and mapping file), and when done the workbook (``audit.xlsx``) and the audit as JSON
(``result.json``, for the page). One thread runs the jobs one after another on a pool of
``SHUZHI_AUDIT_WORKERS`` processes of its own, so that an audit of 5,000 files never takes the workers that
answer the page and ``/v1/analyze``. Each file's outcome goes into the audit cache as it arrives
(``service.batch.engine``): a service stopped in the middle of an audit finds the job still marked running
when it starts again, and runs it again, analysing only what was not done.

Stored reports are audited from their stored analysis, without analysing them again.

Who may see a job: admins, and reviewers whose units include the unit of the user who started it.
"""

from __future__ import annotations

import json
import logging
import queue
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select

from analyzers.report import Report as ReportModel
from service.batch.audit import assemble, run_audit
from service.batch.engine import Job, LocalRunner
from service.batch.inputs import collect
from service.batch.model import AuditResult, Item, Outcome, audit_from_json, audit_to_json
from service.batch.work import outcome_of
from service.documents import document_from_dict
from service.settings import Settings
from service.store import AuditJob, Report, Role, Store, Unit, User, utcnow

log = logging.getLogger(__name__)

INPUT_ZIP = "input.zip"
WORKBOOK = "audit.xlsx"
RESULT = "result.json"
PROGRESS_EVERY_S = 0.5  # how often a running job writes its counts to the database
AUDITOR_ROLES = (Role.ADMIN, Role.REVIEWER)


class _Stopping(Exception):
    """The service is stopping: leave the job marked running, to be resumed at the next start."""


class AuditJobs:
    """The service's audit jobs: create, list, run (one at a time, in the background) and read their results."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.root = settings.data_dir / "audits"
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._runner: LocalRunner | None = None

    # -- lifecycle --------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background thread and queue the jobs an earlier run of the service left unfinished."""
        with self.store.session() as s:
            unfinished = list(
                s.scalars(
                    select(AuditJob.id)
                    .where(AuditJob.status.in_(("queued", "running")))
                    .order_by(AuditJob.created_at)
                )
            )
        for job_id in unfinished:
            self._queue.put(job_id)
        self._thread = threading.Thread(target=self._work, name="shuzhi-audits", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop after the file in hand; a running job stays marked running and resumes at the next start."""
        self._stopping.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join()
        if self._runner is not None:
            self._runner.close()

    # -- creating and finding jobs ----------------------------------------------------------------------------

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and its folder, for the upload to be written into before the job is created."""
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        folder.mkdir(parents=True)
        return job_id, folder

    def discard_folder(self, job_id: str) -> None:
        shutil.rmtree(self.root / job_id, ignore_errors=True)

    def create(
        self, job_id: str, user: User, source: str, profile_id: str, year: int | None, total: int,
        report_ids: Iterable[int] = (),
    ) -> AuditJob:  # fmt: skip
        """Record the job and queue it."""
        job = AuditJob(
            id=job_id, unit_id=user.unit_id, created_by=user.id, source=source, report_ids=list(report_ids),
            profile_id=profile_id, year=year, status="queued", total=total, done=0, cached=0, errors=0, message="",
        )  # fmt: skip
        with self.store.session() as s:
            s.add(job)
        self._queue.put(job_id)
        return job

    def create_stored(self, user: User, profile_id: str, year: int | None, report_ids: list[int]) -> AuditJob:
        """Record and queue an audit of stored reports (its folder receives the workbook)."""
        job_id, _ = self.new_folder()
        return self.create(job_id, user, "reports", profile_id, year, len(report_ids), report_ids)

    def visible(self, user: User) -> list[AuditJob]:
        """The jobs ``user`` may see, newest first."""
        if user.role not in AUDITOR_ROLES:
            return []
        units = self.store.visible_units(user)
        with self.store.session() as s:
            query = select(AuditJob).order_by(AuditJob.created_at.desc())
            if units is not None:
                query = query.where(AuditJob.unit_id.in_(units or {-1}))
            return list(s.scalars(query))

    def get(self, job_id: str, user: User) -> AuditJob | None:
        """The job, or None when it does not exist or is not the user's to see (the caller cannot tell which)."""
        if user.role not in AUDITOR_ROLES:
            return None
        with self.store.session() as s:
            job = s.get(AuditJob, job_id)
        if job is None:
            return None
        units = self.store.visible_units(user)
        return job if units is None or job.unit_id in units else None

    def workbook(self, job: AuditJob) -> Path:
        return self.root / job.id / WORKBOOK

    def result(self, job: AuditJob) -> AuditResult:
        """The finished audit, for the page (read once per job and kept)."""
        return _read_result(self.root / job.id / RESULT)

    def purge_older_than(self, days: int) -> int:
        """Delete finished jobs (and their files) created more than ``days`` ago."""
        cutoff = utcnow() - timedelta(days=days)
        with self.store.session() as s:
            old = list(
                s.scalars(
                    select(AuditJob).where(AuditJob.created_at < cutoff, AuditJob.status.in_(("done", "failed")))
                )
            )
            for job in old:
                s.delete(job)
        for job in old:
            self.discard_folder(job.id)
        return len(old)

    # -- running ----------------------------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None or self._stopping.is_set():
                return
            try:
                self._run(job_id)
            except _Stopping:
                return
            except Exception as exc:  # a bug must not kill the thread: the job fails and says so
                log.exception("audit job %s failed", job_id)
                self._update(job_id, status="failed", finished_at=utcnow(),
                             message=f"审核时出错（{type(exc).__name__}），请联系管理员。")  # fmt: skip

    def _run(self, job_id: str) -> None:
        with self.store.session() as s:
            job = s.get(AuditJob, job_id)
        if job is None or job.status in ("done", "failed"):
            return
        self._update(job_id, status="running", started_at=utcnow())
        if job.source == "zip":
            result = self._audit_upload(job)
        else:
            result = self._audit_stored(job)
        folder = self.root / job_id
        from service.render.xlsx import write_workbook  # openpyxl: only when an audit is written

        _write_atomically(folder / WORKBOOK, lambda path: write_workbook(result, path))
        as_json = json.dumps(audit_to_json(result), ensure_ascii=False)
        _write_atomically(folder / RESULT, lambda path: path.write_text(as_json, encoding="utf-8"))
        errors = sum(not row.outcome.ok for row in result.rows)
        self._update(job_id, status="done", done=len(result.rows), errors=errors, finished_at=utcnow())

    def _audit_upload(self, job: AuditJob) -> AuditResult:
        folder = self.root / job.id
        mapping = next((p for p in folder.glob("mapping.*")), None)
        items = collect([folder / INPUT_ZIP], mapping)
        limits = self.settings.read_limits()
        last_write = 0.0

        def progress(done: int, total: int, cached: int) -> None:
            nonlocal last_write
            if self._stopping.is_set():
                raise _Stopping
            now = time.monotonic()
            if now - last_write >= PROGRESS_EVERY_S or done == total:
                last_write = now
                self._update(job.id, done=done, total=total, cached=cached)

        if self._runner is None:
            self._runner = LocalRunner(self.settings.audit_workers, self.settings.worker_memory_mb)
        return run_audit(items, Job(job.profile_id, limits, job.year), self.store, self._runner, None, progress)

    def _audit_stored(self, job: AuditJob) -> AuditResult:
        items: list[Item] = []
        outcomes: list[Outcome] = []
        with self.store.session() as s:
            units = {unit.id: unit for unit in s.scalars(select(Unit))}
            found = {r.id: r for r in s.scalars(select(Report).where(Report.id.in_(job.report_ids)))}
            submitters = {r.submitted_by for r in found.values()}
            users = {user.id: user for user in s.scalars(select(User).where(User.id.in_(submitters)))}
            for report_id in job.report_ids:
                report = found.get(report_id)
                if report is None:  # deleted since the job was started: still one row
                    items.append(Item(f"report-{report_id}", f"报告 {report_id}"))
                    outcomes.append(Outcome(sha256="", filename=f"报告 {report_id}",
                                            error={"code": "report.deleted", "message": "报告已被删除。"}))  # fmt: skip
                    continue
                items.append(_item_of(report, units, users))
                outcomes.append(_stored_outcome(report))
        self._update(job.id, done=len(items), total=len(items))
        return assemble(items, outcomes, job.profile_id, job.year)

    def _update(self, job_id: str, **values: object) -> None:
        with self.store.session() as s:
            job = s.get(AuditJob, job_id)
            if job is not None:
                for name, value in values.items():
                    setattr(job, name, value)


def _item_of(report: Report, units: dict[int, Unit], users: dict[int, User]) -> Item:
    """A stored report as an audit input: its branch, the unit above it, who submitted it, its latest grade."""
    branch = units[report.unit_id]
    parent = units.get(branch.parent_id) if branch.parent_id is not None else None
    latest = max(report.reviews, key=lambda review: review.created_at, default=None)
    submitter = users.get(report.submitted_by) if report.submitted_by is not None else None
    return Item(
        key=f"report-{report.id}",
        name=report.filename,
        unit=parent.name if parent is not None else branch.name,
        branch=branch.name,
        secretary=(submitter.display_name or submitter.username) if submitter is not None else "",
        grade=latest.grade if latest is not None else "",
    )


def _stored_outcome(report: Report) -> Outcome:
    try:
        analysed = ReportModel.model_validate(report.analysis)
        text = document_from_dict(report.document).text
    except (ValidationError, ValueError, KeyError):
        message = "报告是用旧版本分析的，无法读取其结果；请重新上传。"
        return Outcome(sha256=report.sha256, filename=report.filename,
                       error={"code": "report.outdated", "message": message})  # fmt: skip
    return outcome_of(analysed, text, report.sha256, report.filename)


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file and rename: a reader never sees half a workbook."""
    partial = path.with_name(path.name + ".part")
    write(partial)
    partial.replace(path)


@lru_cache(maxsize=4)
def _read_result(path: Path) -> AuditResult:
    return audit_from_json(json.loads(path.read_text(encoding="utf-8")))
