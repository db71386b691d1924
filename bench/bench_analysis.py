"""`make bench` (analysis part): how fast the analysis runs once a report is read, as medians.

- data points: the prose sentences of each sample report through ``DataPointExtractor.extract_many`` (the
  grammar, then spaCy's tokens for subjects; the pipeline is built once per process and reused), as data
  points per second and milliseconds per 3,000 字;
- lexicon: the vague-wording lexicon over the same sentences (one look-up per character);
- analysis: the whole ``analyze()`` of a read document (outline, every check), per report.

Each figure is the median of repeated runs after a warm-up, so the one-off costs (jieba's dictionary, the
models) are not in it. Writes its part into ``bench/results.json`` under "analysis" (the rest is kept).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
RESULTS = ROOT / "bench" / "results.json"
REFERENCE_CHARS = 3000  # the "3,000-字 report"


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    from analyzers.checks.base import CheckContext
    from analyzers.datapoints import DataPointExtractor
    from analyzers.lexicons import VagueLexicon
    from analyzers.nlp import prepare_segmenter
    from analyzers.outline import build_outline
    from analyzers.pipeline import analyze
    from analyzers.profiles import load_profile
    from analyzers.readers import read_document
    from analyzers.section_model import SectionClassifier
    from corpora.samples.build import SAMPLES as SAMPLE_BUILDERS

    extractor = DataPointExtractor.default()
    lexicon = VagueLexicon.load_default()
    prepare_segmenter()  # as the service's and the audit's workers are before they take a report
    profile = load_profile()
    rows: list[dict[str, Any]] = []
    for name in sorted(SAMPLE_BUILDERS):
        path = SAMPLES / name
        document = read_document(path.read_bytes(), path.name)
        ctx = CheckContext(document, build_outline(document, profile, SectionClassifier.load_default()), profile)
        texts = [s.text for s in ctx.sentences]
        points = sum(len(found) for found in extractor.extract_many(texts))
        chars = ctx.total_chars
        datapoints_ms = median_ms(lambda texts=texts: extractor.extract_many(texts), repeat=30)
        lexicon_ms = median_ms(lambda texts=texts: [lexicon.find(t) for t in texts], repeat=30)
        analyze_ms = median_ms(lambda document=document: analyze(document, profile), repeat=15)
        rows.append(
            {
                "file": name,
                "chars": chars,
                "sentences": len(texts),
                "data_points": points,
                "datapoints_ms": round(datapoints_ms, 2),
                "datapoints_ms_per_3000_chars": round(datapoints_ms * REFERENCE_CHARS / chars, 2),
                "data_points_per_s": round(points / (datapoints_ms / 1000)),
                "lexicon_ms": round(lexicon_ms, 2),
                "analyze_ms": round(analyze_ms, 2),
            }
        )
    summary = {
        "reports": rows,
        "datapoints_ms_per_3000_chars_median": statistics.median(r["datapoints_ms_per_3000_chars"] for r in rows),
        "data_points_per_s_median": statistics.median(r["data_points_per_s"] for r in rows),
        "analyze_ms_median": statistics.median(r["analyze_ms"] for r in rows),
    }
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored["analysis"] = summary
    RESULTS.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for r in rows:
        print(
            f"analysis {r['file']}: {r['chars']} 字, {r['data_points']} data points in {r['datapoints_ms']} ms"
            f" ({r['data_points_per_s']:,}/s, {r['datapoints_ms_per_3000_chars']} ms per 3,000 字);"
            f" lexicon {r['lexicon_ms']} ms; whole analysis {r['analyze_ms']} ms"
        )
    print(
        f"data points: median {summary['datapoints_ms_per_3000_chars_median']} ms per 3,000 字,"
        f" {summary['data_points_per_s_median']:,} points/s; analysis median {summary['analyze_ms_median']} ms a report"
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
