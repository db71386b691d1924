"""`make bench` (end to end): one report from its bytes to every check, warm and cold, against its floor.

- warm: ``read_document`` + ``analyze`` (every check) of the sample .docx (2,847 字) and the 5-page sample PDF,
  in this process after a warm-up, pinned to one core; the floor is reading the same file plus jieba
  tokenizing its text (``jieba.lcut``), measured in the same run. The two are timed in turns (one analysis,
  one floor, again), so that both meet the same noise of a shared machine and neither runs back to back
  with itself (a tokenization repeated in a tight loop finds jieba's dictionary in the CPU's caches, which
  one real analysis does not). Medians, and their ratio.
- cold: `shuzhi check FILE` as a new process, against the floor of a new process that only imports
  scikit-learn, spaCy and jieba and loads jieba's dictionary. Medians of a few runs, in turns.

Written to ``bench/results.json`` under "end_to_end" (the rest is kept).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
RESULTS = ROOT / "bench" / "results.json"
WARM = {"teacher-branch-2022.docx": 30.0, "student-branch-2022.pdf": 40.0}  # the limits, ms
COLD_LIMIT_S = 3.0
COLD_RUNS = 5
WARM_RUNS = 40
IMPORT_FLOOR = "import sklearn, spacy, jieba; jieba.initialize()"


def _warm() -> list[dict[str, Any]]:
    import jieba

    from analyzers.nlp import prepare_segmenter
    from analyzers.pipeline import analyze
    from analyzers.profiles import load_profile
    from analyzers.readers import read_document

    prepare_segmenter()  # as the service's and the audit's workers are before they take a report
    profile = load_profile()
    rows = []
    for name, limit in WARM.items():
        data = (SAMPLES / name).read_bytes()
        document = read_document(data, name)
        whole, floor = _in_turns(
            lambda data=data, name=name: analyze(read_document(data, name), profile),
            lambda data=data, name=name: jieba.lcut(read_document(data, name).text),
            repeat=WARM_RUNS,
        )
        rows.append({
            "file": name, "chars": len(document.text), "ms": round(whole, 2), "limit_ms": limit,
            "floor_ms": round(floor, 2), "ratio": round(whole / floor, 2), "target_ratio": 2.0,
        })  # fmt: skip
    return rows


def _in_turns(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The median milliseconds of ``first`` and of ``second``, run in turns after a warm-up of each."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, out in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            run()
            out.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def _cold() -> dict[str, Any]:
    shuzhi = str(Path(sys.executable).parent / "shuzhi")
    sample = str(SAMPLES / "teacher-branch-2022.docx")
    check, floor = _in_turns(
        lambda: _run([shuzhi, "check", sample]), lambda: _run([sys.executable, "-c", IMPORT_FLOOR]), repeat=COLD_RUNS
    )
    check, floor = check / 1000, floor / 1000
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
