"""`make bench` (service part): latency of ``POST /v1/analyze`` on loopback, with 1 and 8 concurrent clients.

The real service is started as `shuzhi serve` would start it (``bench.bench_load.serve``: uvicorn, its
analysis pool of ``SHUZHI_ANALYSIS_WORKERS`` processes, an SQLite database in a temporary folder, a secretary
with an API token), and each client uploads the sample .docx (about 2,800 字, a 3,000-字 report's size) over
and over. Figures: median and p95 latency in milliseconds and requests per second, per level of concurrency,
written to ``bench/results.json`` under "service".
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.bench_load import percentile, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SAMPLE = ROOT / "corpora" / "samples" / "teacher-branch-2022.docx"
REQUESTS_PER_CLIENT = 12
WORKERS = 2


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
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "requests_per_s": round(len(latencies) / elapsed, 2),
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="shuzhi-bench-") as folder, \
            serve(Path(folder), analysis_workers=str(WORKERS)) as service:  # fmt: skip
        _run(service.url, service.token, 1)  # warm-up: the pool's first requests
        rows = [_run(service.url, service.token, clients) for clients in (1, 8)]
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
