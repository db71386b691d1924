"""Running an audit's files: a local process pool or a Dask cluster, with the cache in the database.

Each input is read, hashed and looked up in the cache (``Store.cached_outcomes``) by everything its outcome
depends on; only the rest is analysed, at most ``window`` files in flight at a time (so 10,000 files do not
sit in memory at once), and each outcome is stored the moment it arrives, in its own transaction. Killed at
any point (Ctrl-C, kill -9, power loss), the next run finds what was done and does the rest: every input
once, none lost, none twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

from analyzers import __version__
from analyzers.readers.limits import ReadLimits
from service.analysis import start_worker, warm_context
from service.batch.inputs import BrokenArchive, TooLarge, UnsupportedCompression, read_item
from service.batch.model import Item, Outcome, outcome_from_json, outcome_to_json
from service.batch.work import audit_one
from service.store import Store

Progress = Callable[[int, int, int], None]  # (done, total, from the cache)


@dataclass(frozen=True)
class Job:
    """What one input is analysed with."""

    profile_id: str
    limits: ReadLimits
    year: int | None = None


class Runner(Protocol):
    """Where the work runs: ``submit`` one input, get a future of its Outcome."""

    def submit(
        self, data: bytes, name: str, job: Job, previous: tuple[bytes, str] | None
    ) -> Future[Outcome]: ...
    def close(self) -> None: ...


class LocalRunner:
    """A pool of worker processes on this machine (forkserver, warmed up once each); 0 workers: one thread,
    for the service's tests."""

    def __init__(self, workers: int, memory_mb: float | None = None) -> None:
        self._pool: Executor
        if workers > 0:
            # the service's warm forkserver (models loaded once, workers forked from it) serves this pool too;
            # each worker's memory is capped (``service.analysis.limit_memory``)
            self._pool = ProcessPoolExecutor(workers, mp_context=warm_context(), initializer=start_worker,
                                             initargs=(memory_mb,))  # fmt: skip
        else:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="shuzhi-audit")

    def submit(self, data: bytes, name: str, job: Job, previous: tuple[bytes, str] | None) -> Future[Outcome]:
        return self._pool.submit(audit_one, data, name, job.profile_id, job.limits, job.year, previous)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskRunner:
    """The same work on a Dask distributed cluster (its workers need this package installed)."""

    def __init__(self, scheduler: str | Any) -> None:
        from distributed import Client

        self._client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        self._owned = not isinstance(scheduler, Client)

    def submit(self, data: bytes, name: str, job: Job, previous: tuple[bytes, str] | None) -> Future[Outcome]:
        # pure=False: two inputs with the same bytes are still two tasks (the cache, not Dask, dedupes)
        future = self._client.submit(audit_one, data, name, job.profile_id, job.limits, job.year, previous,
                                     pure=False)  # fmt: skip
        return _as_concurrent(future)

    def close(self) -> None:
        if self._owned:
            self._client.close()


def _as_concurrent(dask_future: Any) -> Future[Outcome]:
    """A concurrent.futures Future that completes with the Dask future (so one loop serves both runners)."""
    future: Future[Outcome] = Future()

    def done(f: Any) -> None:
        try:
            future.set_result(f.result())
        except BaseException as exc:  # a worker lost, a task cancelled: the caller turns it into an error row
            future.set_exception(exc)

    dask_future.add_done_callback(done)
    return future


def cache_key(sha256: str, job: Job, previous_sha: str | None) -> str:
    return ":".join((sha256, job.profile_id, __version__, str(job.year or ""), previous_sha or ""))


def run(
    items: list[Item],
    job: Job,
    store: Store,
    runner: Runner,
    previous: Callable[[Item], tuple[bytes, str] | None] | None = None,
    progress: Progress | None = None,
    window: int = 16,
) -> list[Outcome]:
    """The outcome of every item, in the items' order."""
    outcomes: list[Outcome | None] = [None] * len(items)
    pending: dict[Future[Outcome], tuple[int, str, str]] = {}  # future -> (index, cache key, file name)
    done = cached = 0

    def finish(index: int, key: str | None, outcome: Outcome, from_cache: bool = False) -> None:
        nonlocal done, cached
        outcomes[index] = outcome
        if key is not None and not from_cache:
            store.cache_outcome(key, outcome_to_json(outcome))
        done += 1
        cached += from_cache
        if progress is not None:
            progress(done, len(items), cached)

    for batch in _chunks(list(enumerate(items)), 200):
        prepared = [_prepare(index, item, job, previous) for index, item in batch]
        hits = store.cached_outcomes([p.key for p in prepared if p.key is not None])
        for p in prepared:
            if p.outcome is not None:
                finish(p.index, None, p.outcome)
            elif p.key in hits:
                finish(p.index, p.key, outcome_from_json(hits[p.key]), from_cache=True)
            else:
                while len(pending) >= window:
                    _collect(pending, finish)
                future = runner.submit(p.data, p.name, job, p.previous)
                pending[future] = (p.index, p.key or "", p.name)
    while pending:
        _collect(pending, finish)
    return [o for o in outcomes if o is not None]


@dataclass
class _Prepared:
    index: int
    name: str
    data: bytes = b""
    key: str | None = None
    previous: tuple[bytes, str] | None = None
    outcome: Outcome | None = None  # set when the input could not even be read


def _prepare(
    index: int, item: Item, job: Job, previous: Callable[[Item], tuple[bytes, str] | None] | None
) -> _Prepared:
    try:
        data = read_item(item, job.limits.max_file_bytes)
    except TooLarge:
        message = f"文件超过 {job.limits.max_file_bytes // (1024 * 1024)} MB 的上限。"
        return _Prepared(index, item.name, outcome=_error(item, "input.too_large", message))
    except UnsupportedCompression:
        message = "压缩包中的这个文件用了不支持的压缩方式（如 bzip2、LZMA）；请用普通 zip 压缩后重新上传。"
        return _Prepared(index, item.name, outcome=_error(item, "input.unsupported_compression", message))
    except BrokenArchive:
        message = "压缩包已损坏或不是 zip 文件，无法取出其中的报告。"
        return _Prepared(index, item.name, outcome=_error(item, "input.corrupt", message))
    except (OSError, KeyError, ValueError) as exc:
        message = f"无法读取文件（{type(exc).__name__}）。"
        return _Prepared(index, item.name, outcome=_error(item, "input.unreadable", message))
    last_year = previous(item) if previous is not None else None
    previous_sha = hashlib.sha256(last_year[0]).hexdigest() if last_year is not None else None
    key = cache_key(hashlib.sha256(data).hexdigest(), job, previous_sha)
    return _Prepared(index, item.name, data, key, last_year)


def _error(item: Item, code: str, message: str) -> Outcome:
    return Outcome(sha256="", filename=item.name, error={"code": code, "message": message})


def _collect(
    pending: dict[Future[Outcome], tuple[int, str, str]], finish: Callable[[int, str | None, Outcome], None]
) -> None:
    """Wait for at least one of ``pending`` and finish those done."""
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in finished:
        index, key, name = pending.pop(future)
        try:
            outcome = future.result()
        except Exception as exc:  # the worker died (out of memory, killed): one error row, the audit goes on
            message = f"分析进程异常退出（{type(exc).__name__}），可重新运行审核重试。"
            outcome = Outcome(sha256="", filename=name, error={"code": "analysis.failed", "message": message})
            finish(index, None, outcome)  # not cached: the next run tries again
            continue
        finish(index, key, outcome)


def _chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
