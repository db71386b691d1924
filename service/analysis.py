"""Analysis off the event loop: uploads are read and analysed in worker processes.

Reading a file and analysing it is CPU work (tens of milliseconds, seconds for a large PDF); done on the
event loop it would stall every other request. ``Analyzer`` runs ``run_analysis`` in ``workers`` processes
of its own (with 0 workers, in a thread, which the tests use for speed beside the tests of the pool itself).

- **Warm, fast workers.** The workers are forked from multiprocessing's forkserver, which imports
  ``service.preload`` once: jieba's dictionary, the models and the lexicons are loaded there, before any
  fork, so a new worker starts in milliseconds instead of seconds and shares those pages with its siblings.
- **A stuck worker is replaced.** Each worker runs one analysis at a time over a pipe of its own. When an
  analysis runs past its time budget the worker is killed (SIGKILL) and a new one forked in its place: a
  document that hangs a parser is stopped by the service, not by the client giving up, and the other
  workers' analyses go on. A worker that dies (killed from outside, out of memory) is replaced the same way
  and its analysis tried once more on the new worker. A worker whose memory a large document left past
  ``RECYCLE_ABOVE_MB`` is replaced after its analysis, so the service's memory stays flat over time.
- **Bounded admission.** At most ``max_queued`` analyses are admitted at once (running plus waiting for a
  worker); beyond that ``run`` raises ``Overloaded`` at once, with the seconds after which to retry, and the
  API answers 503 with ``Retry-After`` (``service.api.problems``) rather than letting the queue, and the
  uploads it holds in memory, grow without bound.

Errors a user should see (``InputError``, ``ProfileError``) cross the process boundary as themselves.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from analyzers.errors import too_complex
from analyzers.nlp import prepare_segmenter
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from service.documents import document_to_dict

log = logging.getLogger(__name__)

QUEUED_PER_WORKER = 8  # the default bound of admitted analyses, per worker
RECYCLE_ABOVE_MB = 400  # a worker whose resident memory grew past this after an analysis is replaced
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
PRELOAD = "service.preload"  # imported by the forkserver: the warm state every worker is forked from


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str


@dataclass
class Analysed:
    """What a worker sends back, as JSON text: the service parses only what a route needs (``/v1/analyze``
    sends the report's text as it came, without building, checking and dumping its objects again)."""

    report_json: bytes  # the Report JSON
    document_json: bytes  # the Document's blocks (service.documents)

    @cached_property
    def report(self) -> dict[str, Any]:
        return json.loads(self.report_json)

    @cached_property
    def document(self) -> dict[str, Any]:
        return json.loads(self.document_json)


class Overloaded(Exception):
    """More analyses are waiting than the service admits: answer 503 and ask to retry after ``retry_after`` s."""

    code = "analysis.overloaded"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self.message = f"服务繁忙：正在分析的报告已达上限，请在 {retry_after} 秒后重试。"
        super().__init__(self.message)


class WorkerLost(Exception):
    """The worker analysing an upload died twice in a row (the upload crashes the parser, or memory ran out)."""

    code = "analysis.crashed"
    message = "分析这份文件时分析进程异常退出，文件可能结构异常。请用 Word 重新保存后上传，或联系管理员。"


def run_analysis(
    upload: Upload, profile_ref: str, previous: Upload | None, limits: ReadLimits, year: int | None = None
) -> Analysed:
    """Read and analyse one upload (with last year's report when given); the unit of work of a worker."""
    profile = load_profile(profile_ref)
    try:
        document = read_document(upload.data, upload.filename, limits)
        last_year = read_document(previous.data, previous.filename, limits) if previous is not None else None
        report = analyze(document, profile, previous=last_year, year=year)
        document_json = json.dumps(document_to_dict(document), ensure_ascii=False)
        return Analysed(report.model_dump_json(by_alias=True).encode(), document_json.encode())
    except MemoryError as exc:  # past the worker's memory limit (limit_memory): a file, not the service, at fault
        raise too_complex(type(exc).__name__) from None


def limit_memory(megabytes: float | None) -> None:
    """Cap this process's address space (RLIMIT_AS): in a worker, a file that would take gigabytes (a PDF page
    of millions of drawing operations) ends in MemoryError, told to the user as too complex, instead of taking
    the machine's memory. A fully loaded worker's address space is about 400 MB."""
    if megabytes:
        import resource

        limit = int(megabytes * 2**20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


_WARM_UP = "2022年度党支部书记述职报告\n一、主要工作进展成效\n支部全年开展主题党日活动12次。\n".encode()


def warm_up() -> None:
    """Load jieba, the models, the lexicons and the readers, before a process takes a user's upload."""
    import analyzers.readers.docx  # noqa: F401  (the readers are imported lazily, by file type)
    import analyzers.readers.pdf  # noqa: F401

    prepare_segmenter()
    run_analysis(Upload(_WARM_UP, "warm-up.txt"), "four-part", None, ReadLimits())


def start_worker(memory_mb: float | None) -> None:
    """The initializer of a pool's worker process (the audit's): its memory capped, its models warm."""
    limit_memory(memory_mb)
    warm_up()


def warm_context() -> multiprocessing.context.ForkServerContext:
    """The forkserver context, its server preloading ``service.preload`` (warm) when it starts.

    The forkserver is one per process: this must run before it first starts for the preload to apply
    (``Analyzer`` does, when the service starts; the audit's pool may use the same context).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    return context


def _serve(connection: Connection, memory_mb: float | None = None) -> None:
    """A worker: analyse what arrives on ``connection`` and send back ("ok", Analysed) or ("error", exc)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the service, which stops its workers
    limit_memory(memory_mb)
    while True:
        try:  # the files' bytes come apart from the rest, not pickled: no second copy of a large upload
            filename, profile_ref, previous_name, limits, year = connection.recv()
            upload = Upload(connection.recv_bytes(), filename)
            previous = Upload(connection.recv_bytes(), previous_name) if previous_name is not None else None
        except (EOFError, OSError):
            return  # the service closed the pipe (or died): so do we
        try:
            answer: tuple[str, Any] = ("ok", run_analysis(upload, profile_ref, previous, limits, year))
        except Exception as exc:
            answer = ("error", exc)
        try:
            connection.send(answer)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an exception that does not pickle
            connection.send(("error", RuntimeError(f"{exc.__class__.__name__}: {exc}")))


class _Gone(Exception):
    """The worker died before it answered."""


@dataclass
class _Slot:
    """One worker process and the service's end of its pipe; replaced in place when the worker is."""

    context: multiprocessing.context.BaseContext
    memory_mb: float | None = None
    process: BaseProcess | None = None
    connection: Connection | None = None
    started_s: float = 0.0  # how long the last start took
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        began = time.perf_counter()
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(theirs, self.memory_mb), name="shuzhi-analysis", daemon=True
        )
        process.start()
        theirs.close()  # the worker holds the other end: when it dies, ours reads EOF
        self.process, self.connection = process, ours
        self.started_s = time.perf_counter() - began

    def stop(self, kill: bool) -> None:
        process, connection = self.process, self.connection
        self.process = self.connection = None
        if connection is not None:
            connection.close()  # an idle worker reads EOF and exits
        if process is not None:
            if kill:
                process.kill()
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join()

    def call(self, work: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
        """Send ``work`` to the worker and wait for its answer; TimeoutError after ``timeout`` s, _Gone if it
        died. Runs in a thread of the pool's own, one per worker."""
        assert self.connection is not None
        upload, profile_ref, previous, limits, year = work
        try:
            self.connection.send((upload.filename, profile_ref, previous and previous.filename, limits, year))
            self.connection.send_bytes(upload.data)
            if previous is not None:
                self.connection.send_bytes(previous.data)
            if not self.connection.poll(timeout):
                raise TimeoutError
            return self.connection.recv()
        except (EOFError, OSError) as exc:
            raise _Gone from exc


class Analyzer:
    """The workers that analyse uploads, and the bound on how many analyses wait for them; one per service."""

    def __init__(
        self,
        workers: int,
        max_queued: int | None = None,
        recycle_above_mb: float = RECYCLE_ABOVE_MB,
        memory_mb: float | None = None,
    ) -> None:
        self.workers = workers
        self.recycle_above_mb = recycle_above_mb
        self.max_queued = max_queued or QUEUED_PER_WORKER * max(workers, 1)
        self.admitted = 0  # analyses running or waiting for a worker (touched on the event loop only)
        self.replaced = 0  # workers killed or found dead, and replaced
        self.recycled = 0  # of those: workers replaced because their memory grew past recycle_above_mb
        self._seconds = 1.0  # a moving average of an analysis' duration, for Retry-After
        self._slots: list[_Slot] = []
        self._idle: asyncio.Queue[_Slot] = asyncio.Queue()
        self._closed = False
        if workers > 0:
            context = warm_context()
            self._slots = [_Slot(context, memory_mb) for _ in range(workers)]
            for slot in self._slots:  # the first start waits for the forkserver's warm-up, the others fork
                slot.start()
                self._idle.put_nowait(slot)
            self._threads = ThreadPoolExecutor(workers, thread_name_prefix="shuzhi-analysis")
        else:
            self._threads = ThreadPoolExecutor(1, thread_name_prefix="shuzhi-analysis")

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers (for tests and benchmarks)."""
        return [s.process.pid for s in self._slots if s.process is not None and s.process.pid is not None]

    def retry_after(self) -> int:
        """Seconds after which a refused upload may find room: the queue's expected drain time, 1 to 60."""
        per_worker = self.admitted / max(self.workers, 1)
        return max(1, min(60, math.ceil(per_worker * self._seconds)))

    def check_room(self) -> None:
        """Overloaded when an analysis would not be admitted now: call it before reading an upload into memory."""
        if self._closed or self.admitted >= self.max_queued:
            raise Overloaded(self.retry_after())

    async def run(
        self,
        upload: Upload,
        profile_ref: str,
        previous: Upload | None,
        limits: ReadLimits,
        timeout: float,
        year: int | None = None,
    ) -> Analysed:
        """The analysis of ``upload``: Overloaded when too many wait already; TimeoutError when the analysis
        itself takes longer than ``timeout`` seconds (its worker is then killed and replaced)."""
        self.check_room()
        self.admitted += 1
        try:
            if self.workers == 0:
                loop = asyncio.get_running_loop()
                work = partial(run_analysis, upload, profile_ref, previous, limits, year)
                analysed = await asyncio.wait_for(loop.run_in_executor(self._threads, work), timeout)
            else:
                analysed = await self._in_worker((upload, profile_ref, previous, limits, year), timeout)
        finally:
            self.admitted -= 1
        return analysed

    async def _in_worker(self, work: tuple[Any, ...], timeout: float) -> Analysed:
        try:  # waiting for a worker: at most as long as an analysis may take, then ask to come back later
            slot = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise Overloaded(self.retry_after()) from None
        loop = asyncio.get_running_loop()
        done = self._threads.submit(self._call, slot, work, timeout)
        # the slot goes back when the worker is free (or replaced), even if this request is given up meanwhile
        done.add_done_callback(lambda _: _call_soon(loop, self._idle.put_nowait, slot))
        kind, value = await asyncio.wrap_future(done)
        if kind == "error":
            raise value
        return value

    def _call(self, slot: _Slot, work: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
        """One analysis on ``slot``'s worker (in a thread); kills and replaces a worker that overruns or dies."""
        with slot.lock:
            for attempt in (1, 2):
                if self._closed:
                    return "error", Overloaded(self.retry_after())
                if slot.process is None or not slot.process.is_alive():  # died while idle (or its start failed)
                    log.warning("analysis worker %s found dead: replaced", slot.process and slot.process.pid)
                    self._replace(slot)
                    if slot.process is None:  # no worker could be started: no analysis now
                        return "error", Overloaded(self.retry_after())
                began = time.monotonic()
                try:
                    answer = slot.call(work, timeout)
                    self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - began)
                    if slot.process is not None and _resident_mb(slot.process.pid) > self.recycle_above_mb:
                        self.recycled += 1  # a large document left it big: a new fork is small again
                        self._replace(slot)
                    return answer
                except TimeoutError:
                    pid = slot.process.pid if slot.process else None
                    log.warning("analysis worker %s overran %.0f s: killed and replaced", pid, timeout)
                    self._replace(slot)
                    return "error", TimeoutError(f"analysis took longer than {timeout:g} s")
                except _Gone:
                    pid = slot.process.pid if slot.process else None
                    log.warning("analysis worker %s died (attempt %d): replaced", pid, attempt)
                    self._replace(slot)
                    timeout -= time.monotonic() - began
                    if timeout <= 0:
                        return "error", TimeoutError("analysis worker died")
            return "error", WorkerLost()

    def _replace(self, slot: _Slot) -> None:
        slot.stop(kill=True)
        self.replaced += 1
        if self._closed:
            return
        try:
            slot.start()
        except Exception:  # e.g. out of memory or processes: the slot stays empty, and is tried again next time
            log.exception("could not start an analysis worker")

    def close(self) -> None:
        """Stop the workers (the service is stopping: uvicorn has let the requests in progress finish)."""
        self._closed = True
        for slot in self._slots:
            if slot.lock.acquire(blocking=False):  # idle: it exits when its pipe closes
                try:
                    slot.stop(kill=False)
                finally:
                    slot.lock.release()
            elif slot.process is not None:  # busy with an upload its client gave up: its thread cleans up
                slot.process.kill()
        self._threads.shutdown(wait=True, cancel_futures=True)


def _resident_mb(pid: int | None) -> float:
    """The resident memory of process ``pid`` in MB (0 where /proc cannot tell)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * _PAGE_SIZE / 2**20


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., Any], *args: Any) -> None:
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:  # the loop is closed: the service has stopped
        pass
