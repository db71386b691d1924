"""Analysis off the event loop: uploads are read and analysed in worker processes.

Reading a file and analysing it is CPU work (tens of milliseconds, seconds for a large PDF); done on the
event loop it would stall every other request. ``Analyzer`` runs ``run_analysis`` in a process pool of
``SHUZHI_ANALYSIS_WORKERS`` processes, each warmed up once (jieba's dictionary and the models load when the
worker starts, not on a user's request); with 0 workers it runs in a thread, which the tests use for speed
beside one test of the pool itself. Errors a user should see (``InputError``, ``ProfileError``) cross the
process boundary as themselves.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from service.documents import document_to_dict


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str


@dataclass(frozen=True)
class Analysed:
    report: dict[str, Any]  # the Report JSON
    document: dict[str, Any]  # the Document's blocks (service.documents)


def run_analysis(
    upload: Upload, profile_ref: str, previous: Upload | None, limits: ReadLimits, year: int | None = None
) -> Analysed:
    """Read and analyse one upload (with last year's report when given); the unit of work of a worker."""
    profile = load_profile(profile_ref)
    document = read_document(upload.data, upload.filename, limits)
    last_year = read_document(previous.data, previous.filename, limits) if previous is not None else None
    report = analyze(document, profile, previous=last_year, year=year)
    return Analysed(report.to_json_dict(), document_to_dict(document))


_WARM_UP = "2022年度党支部书记述职报告\n一、主要工作进展成效\n支部全年开展主题党日活动12次。\n".encode()


def warm_up() -> None:
    """Load jieba, the models and the lexicons in a new worker, before it takes a user's upload."""
    run_analysis(Upload(_WARM_UP, "warm-up.txt"), "four-part", None, ReadLimits())


class Analyzer:
    """The pool that analyses uploads; one per service."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Executor
        if workers > 0:
            # forkserver: workers start from a clean server process, not from a copy of the threaded service
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up)
        else:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="shuzhi-analysis")

    async def run(
        self,
        upload: Upload,
        profile_ref: str,
        previous: Upload | None,
        limits: ReadLimits,
        timeout: float,
        year: int | None = None,
    ) -> Analysed:
        """The analysis of ``upload``; TimeoutError when it takes longer than ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        work = partial(run_analysis, upload, profile_ref, previous, limits, year)
        return await asyncio.wait_for(loop.run_in_executor(self._pool, work), timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)  # wait: workers left behind would outlive the service
