"""`make bench` (load part): 16 clients upload a mix of the sample reports to the real service for 60 s.

The service is started as `shuzhi serve` would start it (uvicorn, ``SHUZHI_ANALYSIS_WORKERS`` analysis
processes, an SQLite database in a temporary folder). Each client uploads the sample .docx, .pdf and .txt in
turn to ``POST /v1/analyze`` as fast as it is answered; a 503 is honoured by waiting its ``Retry-After``
(capped at 2 s). Two runs: at the shipped bound of admitted analyses (8 per worker: 16 clients fit, no 503 is
expected), then past capacity (the bound lowered to 4 for a quarter of the time: 503s with Retry-After are
expected, and nothing else but 200 and 503).

Recorded in ``bench/results.json`` under "load", per run: requests, status counts, 503s that carried
Retry-After, p50/p95 latency of the successful ones, and the memory of the service process and of its
descendants (the forkserver and the analysis workers) sampled every half second: RSS in MB at start, highest
and end, and the total PSS (shared pages counted once) likewise. ``SHUZHI_BENCH_LOAD_SECONDS`` shortens the run.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SAMPLES = sorted(p for p in (ROOT / "corpora" / "samples").iterdir() if p.suffix in {".docx", ".pdf", ".txt"})
CLIENTS = 16
WORKERS = 2
PASSWORD = "long enough password"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Service:
    url: str
    pid: int
    token: str  # a secretary's API token
    username: str  # the same secretary, to log in to the page with PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(folder: Path, **settings: str) -> Iterator[Service]:
    """The real service in a uvicorn subprocess on a free loopback port, with one secretary, until exit."""
    from service.store import Role, Store

    env = {**os.environ, "SHUZHI_DATA_DIR": str(folder), **{f"SHUZHI_{k.upper()}": v for k, v in settings.items()}}
    store = Store.open(f"sqlite:///{folder / 'shuzhi.sqlite3'}")
    store.import_units("code,name,kind,parent_code\nB1,教工党支部,branch,\n")
    token = store.issue(store.add_user("load", PASSWORD, Role.SECRETARY, "B1"), "token", "load")
    store.engine.dispose()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "service.api:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the service did not start (exit code {server.poll()})")
            time.sleep(0.2)
        yield Service(url, server.pid, token, "load")
    finally:
        server.terminate()
        server.wait(timeout=60)


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, and theirs (from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process in MB (0 when it has ended)."""
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        pss = next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0.0, 0.0
    return rss / 2**20, pss / 2**20


class MemorySampler:
    """Samples the memory of the service and its descendants every ``every`` seconds, in a thread."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid, self.every = pid, every
        self.samples: list[dict[str, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> dict[str, float]:
        service_rss, service_pss = _memory(self.pid)
        others = [_memory(p) for p in descendants(self.pid)]
        return {
            "service_rss_mb": service_rss,
            "descendants_rss_mb": sum(r for r, _ in others),
            "largest_descendant_rss_mb": max((r for r, _ in others), default=0.0),
            "total_pss_mb": service_pss + sum(p for _, p in others),
        }

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(self.sample())

    def __enter__(self) -> MemorySampler:
        self.samples.append(self.sample())
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(self.sample())

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            key: {
                "start": round(self.samples[0][key], 1),
                "max": round(max(s[key] for s in self.samples), 1),
                "end": round(self.samples[-1][key], 1),
            }
            for key in self.samples[0]
        }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def drive(service: Service, clients: int, seconds: float | None = None, requests: int | None = None,
          retry_cap_s: float = 2.0) -> dict[str, Any]:  # fmt: skip
    """``clients`` threads uploading the samples in turn until ``seconds`` pass or each made ``requests``.

    Answers: counts by status, 503s with a Retry-After, latencies (ms) of the 200s, and every answer that was
    neither 200 nor a well-formed 503 (status, start of body) for a caller to show.
    """
    uploads = [(p.name, p.read_bytes()) for p in SAMPLES]
    end = time.monotonic() + seconds if seconds is not None else None

    def one_client(number: int) -> list[tuple[int, float, str | None, str]]:
        answers = []
        headers = {"Authorization": f"Bearer {service.token}"}
        with httpx.Client(base_url=service.url, headers=headers, timeout=300) as client:
            i = number
            while (end is None or time.monotonic() < end) and (requests is None or len(answers) < requests):
                name, data = uploads[i % len(uploads)]
                i += 1
                began = time.perf_counter()
                response = client.post("/v1/analyze", files={"file": (name, data)})
                took = (time.perf_counter() - began) * 1000
                retry = response.headers.get("retry-after")
                answers.append((response.status_code, took, retry, response.text[:200]))
                if response.status_code == 503 and retry is not None and retry.isdigit():
                    time.sleep(min(int(retry), retry_cap_s))
        return answers

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        answers = [a for client in pool.map(one_client, range(clients)) for a in client]
    elapsed = time.perf_counter() - began
    ok = [took for status, took, _, _ in answers if status == 200]
    busy = [(retry, body) for status, _, retry, body in answers if status == 503]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(answers),
        "status": {str(k): v for k, v in sorted(Counter(status for status, *_ in answers).items())},
        "503_with_retry_after": sum(1 for retry, _ in busy if retry is not None and retry.isdigit()),
        "p50_ms": round(statistics.median(ok), 1) if ok else None,
        "p95_ms": round(percentile(ok, 0.95), 1) if ok else None,
        "unexpected": [
            {"status": status, "body": body}
            for status, _, retry, body in answers
            if status != 200 and not (status == 503 and retry is not None and "analysis.overloaded" in body)
        ][:10],
    }


def _load_run(seconds: float, **settings: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="shuzhi-load-") as folder:
        with serve(Path(folder), analysis_workers=str(WORKERS), **settings) as service:
            drive(service, 1, requests=len(SAMPLES))  # the first analysis of each kind of file, untimed
            with MemorySampler(service.pid) as memory:
                row = drive(service, CLIENTS, seconds=seconds)
            still = httpx.get(f"{service.url}/healthz", timeout=10).status_code
    return {**row, "max_queued_analyses": settings.get("max_queued_analyses", f"default ({8 * WORKERS})"),
            "healthz_after": still, "memory": memory.summary()}  # fmt: skip


def main() -> int:
    seconds = float(os.environ.get("SHUZHI_BENCH_LOAD_SECONDS", "60"))
    runs = {
        "shipped_bound": _load_run(seconds),
        "past_capacity": _load_run(max(5.0, seconds / 4), max_queued_analyses="4"),
    }
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["load"] = {
        "samples": [p.name for p in SAMPLES],
        "analysis_workers": WORKERS,
        "cores": os.cpu_count(),
        "measured": time.strftime("%Y-%m-%d"),
        **runs,
    }
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failed = False
    for name, row in runs.items():
        memory = row["memory"]["total_pss_mb"]
        print(
            f"load ({name}, bound {row['max_queued_analyses']}): {row['requests']} requests in {row['seconds']} s"
            f" from {row['clients']} clients, status {row['status']}, 503 with Retry-After"
            f" {row['503_with_retry_after']}, p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms; memory (PSS, MB)"
            f" start {memory['start']}, max {memory['max']}, end {memory['end']}"
        )
        for bad in row["unexpected"]:
            print(f"  unexpected answer: {bad['status']} {bad['body']}")
        failed |= bool(row["unexpected"]) or row["healthz_after"] != 200
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
