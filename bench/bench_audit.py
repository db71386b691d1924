"""`make bench` (audit part): reports per second of a batch audit, and the peak memory of its workers.

1,000 generated 3,000-字 reports as .docx files (``bench/generate_reports.py``) are audited with 1 and then 2 worker
processes, each time with an empty cache (a new SQLite database), through ``service.batch.engine.run`` and
the batch comparison, as `shuzhi audit` runs them; writing the workbook is timed apart. The workers' peak
resident memory is read from ``/proc/<pid>/status`` (VmHWM) just before the pool shuts down. Written to
``bench/results.json`` under "audit".
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
REPORTS = 1000


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _audit(folder: Path, workers: int) -> dict[str, Any]:
    from analyzers.readers.limits import ReadLimits
    from service.batch.audit import compare, rows_of
    from service.batch.engine import Job, LocalRunner, run
    from service.batch.inputs import collect
    from service.batch.model import AuditResult
    from service.render.xlsx import write_workbook
    from service.store import Store

    items = collect([folder])
    with tempfile.TemporaryDirectory() as data:
        store = Store.open(f"sqlite:///{Path(data) / 'audit.sqlite3'}")
        runner = LocalRunner(workers)
        runner.submit(b"warm", "warm.txt", Job("four-part", ReadLimits()), None).result()  # workers started
        start = time.perf_counter()
        outcomes = run(items, Job("four-part", ReadLimits()), store, runner)
        analysed = time.perf_counter() - start
        similar = compare(outcomes)
        compared = time.perf_counter() - start - analysed
        peaks = [_peak_mb(pid) for pid in runner._pool._processes]  # noqa: SLF001 - a bench may look inside
        runner.close()
        result = AuditResult("bench", "four-part", None, tuple(rows_of(items, outcomes, similar)), tuple(similar))
        start = time.perf_counter()
        write_workbook(result, Path(data) / "audit.xlsx")
        written = time.perf_counter() - start
        store.engine.dispose()
    return {
        "workers": workers,
        "reports": len(items),
        "errors": sum(not o.ok for o in outcomes),
        "analysis_s": round(analysed, 1),
        "reports_per_s": round(len(items) / analysed, 1),
        "similarity_s": round(compared, 1),
        "similar_pairs": len(similar),
        "workbook_s": round(written, 1),
        "worker_peak_mb": [p for p in peaks if p is not None],
    }


def main() -> int:
    from bench.generate_reports import generate

    with tempfile.TemporaryDirectory(prefix="shuzhi-audit-bench-") as folder:
        for report in generate(REPORTS):  # Word files, as the issue measures
            (Path(folder) / report.docx_name).write_bytes(report.docx())
        rows = [_audit(Path(folder), workers) for workers in (1, 2)]
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    ratio = round(rows[1]["reports_per_s"] / rows[0]["reports_per_s"], 2)
    stored["audit"] = {"runs": rows, "ratio_2_to_1_workers": ratio}
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for r in rows:
        print(
            f"audit {r['reports']} reports, {r['workers']} worker(s): {r['reports_per_s']} reports/s"
            f" ({r['analysis_s']} s), similarity {r['similarity_s']} s ({r['similar_pairs']} pairs),"
            f" workbook {r['workbook_s']} s, worker peak {r['worker_peak_mb']} MB"
        )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
