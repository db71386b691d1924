"""`make bench` (faults): an audit of 1,000 files killed with SIGKILL halfway and run again ends with exactly the
workbook of an uninterrupted run — every file once, none lost, none twice.

1,000 generated 3,000-字 .docx reports (``bench/generate_reports.py``, a tenth of them near-copies) and two
broken files are audited by `shuzhi audit --workers 2` as a new process, three times: once through, into its
own data folder; once killed (the whole process group, as a power cut would) when half of the files are in
the cache; and once more in that folder. Every sheet of the resumed workbook is compared cell by cell with the
uninterrupted one's. Written to ``bench/results.json`` under "resume".
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
REPORTS = 1000
BROKEN = {"broken.docx": b"PK\x03\x04 not a Word file", "empty.txt": b""}


def _audit(inputs: Path, out: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SHUZHI_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "service.cli", "audit", str(inputs), "--out", str(out), "--workers", "2"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip


def _cached(data_dir: Path) -> int:
    path = data_dir / "shuzhi.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as connection:
            return connection.execute("select count(*) from audit_cache").fetchone()[0]
    except sqlite3.OperationalError:  # the migrations have not run yet
        return 0


def _finish(process: subprocess.Popen[bytes]) -> float:
    start = time.perf_counter()
    output = process.communicate(timeout=1800)[0].decode()
    if process.returncode != 0:
        raise SystemExit(f"the audit failed ({process.returncode}):\n{output}")
    return time.perf_counter() - start


def _sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def main() -> int:
    from bench.generate_reports import generate

    with tempfile.TemporaryDirectory(prefix="shuzhi-resume-bench-") as folder:
        base = Path(folder)
        inputs = base / "in"
        inputs.mkdir()
        for report in generate(REPORTS):
            (inputs / report.docx_name).write_bytes(report.docx())
        for name, data in BROKEN.items():
            (inputs / name).write_bytes(data)
        total = REPORTS + len(BROKEN)

        start = time.perf_counter()
        _finish(_audit(inputs, base / "whole.xlsx", base / "whole"))
        whole_s = time.perf_counter() - start

        killed = _audit(inputs, base / "killed.xlsx", base / "resumed")
        while killed.poll() is None and _cached(base / "resumed") < total // 2:
            time.sleep(0.05)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=60)
        at_kill = _cached(base / "resumed")

        start = time.perf_counter()
        _finish(_audit(inputs, base / "resumed.xlsx", base / "resumed"))
        resumed_s = time.perf_counter() - start
        after = _cached(base / "resumed")
        whole, resumed = _sheets(base / "whole.xlsx"), _sheets(base / "resumed.xlsx")
        identical = whole == resumed
        rows = len(whole["总表"]) - 1

    result = {
        "files": total, "workers": 2, "cached_when_killed": at_kill, "cached_after_resume": after,
        "rows_in_workbook": rows, "identical_workbook": identical, "whole_run_s": round(whole_s, 1),
        "resumed_run_s": round(resumed_s, 1),
    }  # fmt: skip
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["resume"] = result
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"resume: {total} files, killed with {at_kill} in the cache, resumed to {after}; {rows} rows;"
          f" workbook identical to an uninterrupted run: {identical} (whole run {result['whole_run_s']} s,"
          f" the rest after the kill {result['resumed_run_s']} s)")  # fmt: skip
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if identical and after == total and rows == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
