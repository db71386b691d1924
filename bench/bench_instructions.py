"""`make bench` (instructions): the end-to-end analysis against its floor, counted in instructions, not seconds.

A shared machine's timings of the same code vary by tens of percent from one hour to the next; valgrind's
callgrind counts the instructions a run executes, which is the same figure every time for the same code and
input (with str hashing seeded, ``PYTHONHASHSEED=0``: set orders and dict probes then repeat too), whatever
else the machine does. So a change can be judged by a tenth of a percent here where the timings in
``bench_end_to_end`` only show it beyond their noise.

What is counted: one ``read_document`` + ``analyze`` (every check) of the sample .docx, and its floor, reading the
same file plus ``jieba.lcut`` of its text (as in ``bench_end_to_end``), each in a process of its own under
``valgrind --tool=callgrind --instr-atstart=no``: the process loads everything and runs the work twice
uninstrumented, then switches counting on (``callgrind_control -i on``), runs it RUNS times and switches it off.

Instructions are not time: a cache miss costs no instruction, so the ratio in time is somewhat above the ratio
in instructions (jieba's dictionary does not fit in the caches; ``bench_end_to_end`` says how much). Skipped,
with a line saying so, where valgrind is not installed. Written to ``bench/results.json`` under
"end_to_end_instructions" (the rest is kept).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SAMPLE = ROOT / "corpora" / "samples" / "teacher-branch-2022.docx"
RUNS = 3
WORKS = ("analysis", "floor")


def _work(name: str) -> Callable[[], object]:
    """The work counted, in the child process."""
    import jieba

    from analyzers.nlp import prepare_segmenter
    from analyzers.pipeline import analyze
    from analyzers.profiles import load_profile
    from analyzers.readers import read_document

    data, filename = SAMPLE.read_bytes(), SAMPLE.name
    if name == "floor":
        return lambda: jieba.lcut(read_document(data, filename).text)
    prepare_segmenter()  # as the service's and the audit's workers are before they take a report
    profile = load_profile()
    return lambda: analyze(read_document(data, filename), profile)


def child(name: str) -> None:
    """Run ``name`` under callgrind with counting on only around the RUNS measured runs."""
    work = _work(name)
    work(), work()  # models, dictionaries and caches of the first run are not what a warm run costs

    def counting(on: bool) -> None:
        switch = ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())]
        subprocess.run(switch, check=True, stdout=subprocess.DEVNULL)

    counting(True)
    for _ in range(RUNS):
        work()
    counting(False)


def _instructions(name: str) -> int:
    """Instructions of one run of ``name``: callgrind's total over RUNS runs, divided by RUNS."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                   sys.executable, "-m", "bench.bench_instructions", "--child", name]  # fmt: skip
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        totals = re.search(r"^totals: (\d+)", out.read_text(encoding="utf-8"), re.MULTILINE)
        if totals is None:
            raise RuntimeError(f"callgrind wrote no total for {name!r}")
        return int(totals.group(1)) // RUNS


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("instructions: skipped, valgrind is not installed (apt-get install valgrind)")
        return 0
    counts = {name: _instructions(name) for name in WORKS}
    row: dict[str, Any] = {
        "file": SAMPLE.name,
        "runs": RUNS,
        "analysis_instructions": counts["analysis"],
        "floor_instructions": counts["floor"],
        "ratio": round(counts["analysis"] / counts["floor"], 3),
        "target_ratio": 2.0,
    }
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["end_to_end_instructions"] = row
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"instructions {row['file']}: analysis {row['analysis_instructions'] / 1e6:.1f} M, floor (read + jieba)"
        f" {row['floor_instructions'] / 1e6:.1f} M, ratio {row['ratio']} (target {row['target_ratio']:g})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
