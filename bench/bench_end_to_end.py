"""`make bench` (end to end): one report from its bytes to every check, warm and cold, against its floor.

- warm: ``read_document`` + ``analyze`` (every check) of the sample .docx (2,847 字) and the 5-page sample PDF,
  in this process after a warm-up, pinned to one core; the floor is reading the same file plus jieba
  tokenizing its text (``jieba.lcut``), measured in the same run. Medians, and their ratio.
- cold: `shuzhi check FILE` as a new process, against the floor of a new process that only imports
  scikit-learn, spaCy and jieba and loads jieba's dictionary. Medians of a few runs.

Written to ``bench/results.json`` under "end_to_end" (the rest is kept).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.bench_analysis import median_ms

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
RESULTS = ROOT / "bench" / "results.json"
WARM = {"teacher-branch-2022.docx": 30.0, "student-branch-2022.pdf": 40.0}  # the limits, ms
COLD_LIMIT_S = 3.0
COLD_RUNS = 5
IMPORT_FLOOR = "import sklearn, spacy, jieba; jieba.initialize()"


def _warm() -> list[dict[str, Any]]:
    import jieba

    from analyzers.pipeline import analyze
    from analyzers.profiles import load_profile
    from analyzers.readers import read_document

    profile = load_profile()
    rows = []
    for name, limit in WARM.items():
        data = (SAMPLES / name).read_bytes()
        document = read_document(data, name)
        whole = median_ms(lambda data=data, name=name: analyze(read_document(data, name), profile), repeat=30)
        floor = median_ms(lambda data=data, name=name: jieba.lcut(read_document(data, name).text), repeat=30)
        rows.append({
            "file": name, "chars": len(document.text), "ms": round(whole, 2), "limit_ms": limit,
            "floor_ms": round(floor, 2), "ratio": round(whole / floor, 2), "target_ratio": 2.0,
        })  # fmt: skip
    return rows


def _median_s(command: list[str]) -> float:
    times = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _cold() -> dict[str, Any]:
    shuzhi = str(Path(sys.executable).parent / "shuzhi")
    sample = str(SAMPLES / "teacher-branch-2022.docx")
    check = _median_s([shuzhi, "check", sample])
    floor = _median_s([sys.executable, "-c", IMPORT_FLOOR])
    return {"command": "shuzhi check teacher-branch-2022.docx", "runs": COLD_RUNS, "s": round(check, 2),
            "limit_s": COLD_LIMIT_S, "import_floor_s": round(floor, 2), "ratio": round(check / floor, 2)}  # fmt: skip


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue measures it
    warm = _warm()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    cold = _cold()
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["end_to_end"] = {"warm": warm, "cold": cold}
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for row in warm:
        print(f"end to end {row['file']}: {row['ms']} ms warm (limit {row['limit_ms']:g}), floor {row['floor_ms']} ms"
              f" (read + jieba), ratio {row['ratio']} (target {row['target_ratio']:g})")  # fmt: skip
    print(f"cold `{cold['command']}`: {cold['s']} s (limit {cold['limit_s']:g}); importing scikit-learn, spaCy and"
          f" jieba's dictionary alone {cold['import_floor_s']} s")  # fmt: skip
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
