"""`make bench` (similarity part): near-duplicate detection over 1,000 and 10,000 generated reports.

The reports come from ``bench.generate_reports`` (3,000 字 each, 10% of them copies of another with 10-30% of
the sentences replaced and the figures updated). Each step of ``analyzers.similarity`` is timed on its own,
in one process:

- fingerprints: ``Fingerprint.of`` for every report (normalise, shingle, MinHash);
- candidates: ``candidate_pairs`` (LSH banding);
- verification: ``verify``, the exact share of every candidate;
- total: the three together, what ``near_duplicates`` costs a batch once its texts are read;
- passages: ``shared_passages`` for every verified pair (the workbook's 相似报告 sheet), shown apart.

Each figure is the median of the repeated runs (5 for 1,000 reports, 3 for 10,000). Also written: how many
candidate pairs the banding let through (of all n(n-1)/2), the pairs found, the recall of the injected
copies and the pairs found that were not injected. Writes its part into ``bench/results.json`` under
"similarity" (the rest is kept).
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from analyzers import similarity
from analyzers.similarity import Fingerprint, candidate_pairs, shared_passages, verify
from bench.generate_reports import SEED, GeneratedReport, generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DUPLICATE_SHARE = 0.1
SIZES = ((1_000, 5), (10_000, 3))  # reports, repeats


def measure(reports: list[GeneratedReport], repeats: int) -> dict[str, Any]:
    texts = [r.text for r in reports]
    steps: dict[str, list[float]] = {"fingerprints": [], "candidates": [], "verification": [], "passages": []}
    for _ in range(repeats):
        start = time.perf_counter()
        fingerprints = [Fingerprint.of(t) for t in texts]
        after_fingerprints = time.perf_counter()
        candidates = candidate_pairs(fingerprints)
        after_candidates = time.perf_counter()
        pairs = verify(fingerprints, candidates)
        after_verification = time.perf_counter()
        for pair in pairs:
            shared_passages(texts[pair.first], texts[pair.second])
        steps["fingerprints"].append(after_fingerprints - start)
        steps["candidates"].append(after_candidates - after_fingerprints)
        steps["verification"].append(after_verification - after_candidates)
        steps["passages"].append(time.perf_counter() - after_verification)
    totals = [sum(run) for run in zip(steps["fingerprints"], steps["candidates"], steps["verification"], strict=True)]

    index = {r.name: i for i, r in enumerate(reports)}
    injected = {tuple(sorted((i, index[r.copied_from]))) for i, r in enumerate(reports) if r.copied_from}
    found = {(p.first, p.second) for p in pairs}
    n = len(reports)
    return {
        "reports": n,
        "repeats": repeats,
        "fingerprints_s": round(statistics.median(steps["fingerprints"]), 3),
        "fingerprint_ms_per_report": round(statistics.median(steps["fingerprints"]) * 1000 / n, 3),
        "candidates_s": round(statistics.median(steps["candidates"]), 3),
        "verification_s": round(statistics.median(steps["verification"]), 3),
        "total_s": round(statistics.median(totals), 3),
        "passages_s": round(statistics.median(steps["passages"]), 3),
        "all_pairs": n * (n - 1) // 2,
        "candidate_pairs": len(candidates),
        "candidate_share": round(len(candidates) / (n * (n - 1) // 2), 6),
        "pairs_found": len(pairs),
        "injected_pairs": len(injected),
        "recall": round(len(injected & found) / len(injected), 4) if injected else None,
        "lowest_injected_share": round(min(p.share for p in pairs if (p.first, p.second) in injected), 4)
        if injected & found
        else None,
        "other_pairs": len(found - injected),
    }


def main() -> int:
    runs = []
    for n, repeats in SIZES:
        start = time.perf_counter()
        reports = generate(n, seed=SEED, duplicate_share=DUPLICATE_SHARE)
        print(f"similarity: generated {n:,} reports in {time.perf_counter() - start:.1f} s")
        row = measure(reports, repeats)
        runs.append(row)
        print(
            f"similarity {n:,} reports: {row['total_s']} s in all (fingerprints {row['fingerprints_s']} s,"
            f" candidates {row['candidates_s']} s, verification {row['verification_s']} s);"
            f" passages {row['passages_s']} s; {row['candidate_pairs']:,} candidate pairs"
            f" ({row['candidate_share']:.3%} of all), {row['pairs_found']:,} found,"
            f" recall {row['recall']} of {row['injected_pairs']:,} injected, {row['other_pairs']} others"
        )
    summary = {
        "method": {
            "shingle_chars": similarity.SHINGLE,
            "signature_size": similarity.SIGNATURE_SIZE,
            "bands": similarity.BANDS,
            "rows": similarity.ROWS,
            "threshold": similarity.THRESHOLD,
            "measure": "containment of the smaller shingle set in the larger",
            "duplicate_share": DUPLICATE_SHARE,
            "seed": SEED,
            "processes": 1,
        },
        "runs": runs,
    }
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["similarity"] = summary
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
