"""`make bench` (service part): latency of ``POST /v1/analyze`` on loopback, with 1 and 8 concurrent clients.

The real service is started as `shuzhi serve` would start it (uvicorn, its analysis pool of
``SHUZHI_ANALYSIS_WORKERS`` processes, an SQLite database in a temporary folder), a user and an API token are
made with the store, and each client uploads the sample .docx (about 2,800 字, a 3,000-字 report's size) over
and over. Figures: median and p95 latency in milliseconds and requests per second, per level of concurrency,
written to ``bench/results.json`` under "service".
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SAMPLE = ROOT / "corpora" / "samples" / "teacher-branch-2022.docx"
REQUESTS_PER_CLIENT = 12
WORKERS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _run(url: str, token: str, clients: int) -> dict[str, Any]:
    data = SAMPLE.read_bytes()

    def one_client(_: int) -> list[float]:
        times = []
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
            for _ in range(REQUESTS_PER_CLIENT):
                start = time.perf_counter()
                form = {"profile": "sztu-2022"}
                response = client.post("/v1/analyze", files={"file": (SAMPLE.name, data)}, data=form)
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
        return times

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [t for times in pool.map(one_client, range(clients)) for t in times]
    elapsed = time.perf_counter() - start
    return {
        "clients": clients,
        "requests": len(latencies),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "requests_per_s": round(len(latencies) / elapsed, 2),
    }


def main() -> int:
    from service.store import Role, Store

    with tempfile.TemporaryDirectory(prefix="shuzhi-bench-") as folder:
        env = {**os.environ, "SHUZHI_DATA_DIR": folder, "SHUZHI_ANALYSIS_WORKERS": str(WORKERS)}
        store = Store.open(f"sqlite:///{Path(folder) / 'shuzhi.sqlite3'}")
        store.import_units("code,name,kind,parent_code\nB1,教工党支部,branch,\n")
        user = store.add_user("bench", "long enough password", Role.SECRETARY, "B1")
        token = store.issue(user, "token", "bench")
        store.engine.dispose()
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "service.api:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            _run(url, token, 1)  # warm-up: the pool's first requests
            rows = [_run(url, token, clients) for clients in (1, 8)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["service"] = {"sample": SAMPLE.name, "analysis_workers": WORKERS, "runs": rows}
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for row in rows:
        print(
            f"service /v1/analyze, {row['clients']} client(s): median {row['median_ms']} ms, p95 {row['p95_ms']} ms,"
            f" {row['requests_per_s']} requests/s ({row['requests']} requests, {WORKERS} analysis workers)"
        )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
