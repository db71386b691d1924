"""`make eval`: how well the data-point extractor finds spans, values and subjects.

Annotated sets of our own (``tests/datapoints/``, conventions in its GUIDE.md): the tuning sets ``dev.yaml``,
``dev-b.yaml`` (other branches' styles and sentence shapes), ``dev-c.yaml`` to ``dev-ef.yaml`` (other writers; e to ef
annotated blind to the extractor, each scored on arrival before it was tuned on: README and bench/HISTORY.md),
reported together as "dev" and each apart; and the held-out sets, never used to tune it: ``heldout.yaml``,
written apart from the extractor, and ``heldout-b.yaml`` and ``heldout-c.yaml``, annotated later from GUIDE.md alone
by writers who had not read the extractor or the other sets.
Each paragraph is run through ``DataPointExtractor.extract_many`` (the pipeline runs it on sentences; a
paragraph is the same text with more context) and scored three ways, separately:

- **span**: a predicted span is right when its boundaries equal a gold span's (precision over predicted
  points, recall over gold points);
- **value** and **subject**: each gold point is paired with the predicted point that overlaps it most; a
  pair counts when its value equals the gold value (both null, or within 1e-6) or its subject is one of
  the annotated wordings (strict); ``subject_overlap`` is the lenient reading, one wording containing the
  other (党员谈心谈话 for 谈心谈话). Precision divides by predicted points, recall by gold points, so a
  missed or spurious point costs both;
- **kind**: the share of paired points with the gold kind; **not-points**: predicted points that overlap a
  wording the annotation marks as not a data point (三会一课, 一是 …).

Writes the figures to bench/eval.json under "datapoints" (the other parts are left as they are).
``--errors`` prints each set's errors; ``--dev-only`` leaves the held-out sets out (for tuning). A full run also
prints how far two annotators agree on the subjects of each held-out set (``heldout.second-subjects.yaml``,
``heldout-b.second-subjects.yaml``, ``heldout-c.second-subjects.yaml``: a second annotator's, written blind from the
paragraphs and spans alone), of two new writers' sets (``dev-dc.second-subjects.yaml``,
``dev-dh.second-subjects.yaml``) and of five older tuning sets re-annotated under today's guide (``dev``, ``dev-e``,
``dev-o``, ``dev-ad``, ``dev-ba``), and the subjects scored against either annotator's wordings (two references)
beside the first's alone.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from analyzers.datapoints import DataPointExtractor, Found
from tests.datapoints.cases import (
    ARRIVED_SETS,
    DEV_SETS,
    HELDOUT,
    HELDOUT_B,
    HELDOUT_C,
    HELDOUT_SETS,
    SECOND_ANNOTATED_DEV_SETS,
    GoldPoint,
    Paragraph,
    load_cases,
    second_subjects,
)

ROOT = Path(__file__).resolve().parent.parent
EVAL_JSON = ROOT / "bench" / "eval.json"


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    span: int = 0
    value: int = 0
    subject: int = 0
    subject_overlap: int = 0
    kind: int = 0
    paired: int = 0
    not_point_hits: int = 0
    by_kind: Counter = field(default_factory=Counter)  # gold kind -> gold points found with the right span
    gold_by_kind: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_value(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) < 1e-6


def score_paragraph(paragraph: Paragraph, predicted: list[Found], tally: Tally) -> None:
    gold = list(paragraph.points)
    tally.gold += len(gold)
    tally.predicted += len(predicted)
    spans = {(g.start, g.end) for g in gold}
    tally.span += sum((p.start, p.end) in spans for p in predicted)
    tally.not_point_hits += sum(
        any(_overlap((p.start, p.end), n) for n in paragraph.not_points) for p in predicted
    )
    used: set[int] = set()
    for g in gold:
        tally.gold_by_kind[g.kind] += 1
        best = max(
            (i for i in range(len(predicted)) if i not in used and _overlap((g.start, g.end), _span(predicted[i]))),
            key=lambda i: _overlap((g.start, g.end), _span(predicted[i])),
            default=None,
        )
        if best is None:
            tally.errors.append(_error(paragraph, g, None, "missed"))
            continue
        used.add(best)
        p = predicted[best]
        tally.paired += 1
        right_span = (p.start, p.end) == (g.start, g.end)
        tally.by_kind[g.kind] += right_span
        tally.value += _same_value(g.value, p.value)
        tally.subject += p.subject in g.subjects
        tally.subject_overlap += _overlapping_subject(p.subject, g.subjects)
        tally.kind += p.kind == g.kind
        wrong = [
            what
            for what, ok in (
                ("span", right_span),
                ("value", _same_value(g.value, p.value)),
                ("subject", p.subject in g.subjects),
                ("kind", p.kind == g.kind),
            )
            if not ok
        ]
        if wrong:
            tally.errors.append(_error(paragraph, g, p, "/".join(wrong)))
    for i, p in enumerate(predicted):
        if i not in used:
            row = {"paragraph": paragraph.id, "what": "spurious", "predicted": p.text}
            tally.errors.append(row | {"kind": p.kind, "subject": p.subject})


# Each held-out set, two new writers' sets and five older tuning sets, with a second, blind annotation of the
# subjects: (name in SETS, first, second).
SECOND_ANNOTATIONS: tuple[tuple[str, Path, Path], ...] = tuple(
    (name, first, second_subjects(first))
    for name, first in (
        ("held-out", HELDOUT),
        ("held-out-b", HELDOUT_B),
        ("held-out-c", HELDOUT_C),
        *((path.name, path) for path in SECOND_ANNOTATED_DEV_SETS),
    )
)


def annotator_agreement(first: Path = HELDOUT_B, second: Path | None = None) -> dict[str, Any]:
    """How far two annotators agree on subjects: each one's ``subject`` scored against the other's wordings
    (``subject`` and ``subject_also``) the way the extractor's subject is scored against the gold ones. The
    second file (by default the one beside ``first``: ``second_subjects``) names each paragraph's points in the same
    order (span ``text`` only, no values)."""
    second = second or second_subjects(first)
    paragraphs = {p.id: p for p in load_cases(first)}
    raw = yaml.safe_load(second.read_text(encoding="utf-8"))["paragraphs"]
    if sorted(r["id"] for r in raw) != sorted(paragraphs):
        raise ValueError(f"{second.name}: its paragraphs are not those of {first.name}")
    points = second_first = first_second = 0
    for row in raw:
        gold = paragraphs[row["id"]].points
        spans = [p["text"] for p in row["points"]]
        if spans != [g.text for g in gold]:
            raise ValueError(f"{second.name} {row['id']}: points {spans} differ from {first.name}'s")
        for g, other in zip(gold, row["points"], strict=True):
            wordings = (other["subject"], *(other.get("subject_also") or ()))
            points += 1
            second_first += other["subject"] in g.subjects
            first_second += g.subject in wordings
    return {"points": points, "second_vs_first": round(second_first / points, 4),
            "first_vs_second": round(first_second / points, 4)}  # fmt: skip


def with_second_annotator(first: Path = HELDOUT_B, second: Path | None = None) -> list[Paragraph]:
    """The paragraphs of ``first`` with the second, blind annotator's wordings of each subject added to the
    first's (two references, as machine translation is scored against several): a subject either annotator
    would write counts. Reported beside the first annotator's figures, never instead of them. ``second``: by default
    the annotation beside ``first`` (``second_subjects``)."""
    second = second or second_subjects(first)
    paragraphs = load_cases(first)
    raw = {row["id"]: row["points"] for row in yaml.safe_load(second.read_text(encoding="utf-8"))["paragraphs"]}
    out = []
    for paragraph in paragraphs:
        points = []
        for g, other in zip(paragraph.points, raw[paragraph.id], strict=True):
            added = [w for w in (other["subject"], *(other.get("subject_also") or ())) if w not in g.subjects]
            points.append(replace(g, subject_also=(*g.subject_also, *added)))
        out.append(replace(paragraph, points=tuple(points)))
    return out


def _overlapping_subject(predicted: str, gold: tuple[str, ...]) -> bool:
    """The lenient reading: one wording contains the other (党员谈心谈话 / 谈心谈话), at least 2 字 shared."""
    return len(predicted) >= 2 and any(predicted in g or g in predicted for g in gold if len(g) >= 2)


def _span(p: Found) -> tuple[int, int]:
    return p.start, p.end


def _error(paragraph: Paragraph, g: GoldPoint, p: Found | None, what: str) -> dict[str, Any]:
    row: dict[str, Any] = {"paragraph": paragraph.id, "what": what, "gold": g.text, "gold_kind": g.kind}
    row.update(gold_value=g.value, gold_subject=g.subject)
    if p is not None:
        row.update(predicted=p.text, kind=p.kind, value=p.value, subject=p.subject)
    return row


def _pr(hit: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hit / predicted if predicted else 0.0
    recall = hit / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# What `make eval` reports: the tuning sets together and each apart, then the held-out sets.
SETS: tuple[tuple[str, tuple[Path, ...]], ...] = (
    ("dev", DEV_SETS),
    *((path.name, (path,)) for path in DEV_SETS),
    *((f"arrived {path.name}", (path,)) for path in ARRIVED_SETS),
    ("held-out", (HELDOUT,)),
    ("held-out-b", (HELDOUT_B,)),
    ("held-out-c", (HELDOUT_C,)),
)


def evaluate(paths: Path | Sequence[Path], extractor: DataPointExtractor) -> dict[str, Any]:
    """The figures of the paragraphs of ``paths`` taken together."""
    paragraphs = [p for path in ([paths] if isinstance(paths, Path) else paths) for p in load_cases(path)]
    return evaluate_paragraphs(paragraphs, extractor)


def evaluate_paragraphs(paragraphs: Sequence[Paragraph], extractor: DataPointExtractor) -> dict[str, Any]:
    """The figures of ``paragraphs`` taken together."""
    found = extractor.extract_many([p.text for p in paragraphs])
    tally = Tally()
    for paragraph, predicted in zip(paragraphs, found, strict=True):
        score_paragraph(paragraph, predicted, tally)
    return {
        "paragraphs": len(paragraphs),
        "gold": tally.gold,
        "predicted": tally.predicted,
        "span": _pr(tally.span, tally.predicted, tally.gold),
        "value": _pr(tally.value, tally.predicted, tally.gold),
        "subject": _pr(tally.subject, tally.predicted, tally.gold),
        "subject_overlap": _pr(tally.subject_overlap, tally.predicted, tally.gold),
        "kind_accuracy": round(tally.kind / tally.paired, 4) if tally.paired else 0.0,
        "span_recall_by_kind": {
            k: round(tally.by_kind[k] / n, 4) for k, n in sorted(tally.gold_by_kind.items())
        },
        "not_point_hits": tally.not_point_hits,
        "not_points": sum(len(p.not_points) for p in paragraphs),
        "errors": tally.errors,
    }


def _line(name: str, r: dict[str, Any]) -> str:
    parts = "  ".join(
        f"{what} P {r[what]['precision']:.3f} R {r[what]['recall']:.3f}" for what in ("span", "value", "subject")
    )
    lenient = f"subject (overlap) P {r['subject_overlap']['precision']:.3f} R {r['subject_overlap']['recall']:.3f}"
    counts = f"{lenient}  (gold {r['gold']}, predicted {r['predicted']})"
    return f"data points {name:<10} {parts}  kind {r['kind_accuracy']:.3f}  {counts}"


OPTIONS = ("--errors", "--dev-only")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    unknown = [a for a in args if a not in OPTIONS]
    if unknown:  # never a full run (which scores the held-out sets) on a mistyped flag
        print(f"usage: python -m bench.eval_datapoints [{'] ['.join(OPTIONS)}]; unknown: {' '.join(unknown)}",
              file=sys.stderr)  # fmt: skip
        return 2
    show_errors, dev_only = "--errors" in args, "--dev-only" in args
    extractor = DataPointExtractor.default()
    results: dict[str, Any] = {}
    for name, paths in SETS:
        if dev_only and set(paths) & set(HELDOUT_SETS):
            continue
        missing = [path for path in paths if not path.exists()]
        if missing:
            print(f"data points: no {missing[0].relative_to(ROOT)}", file=sys.stderr)
            continue
        r = evaluate(paths, extractor)
        results[name] = {k: v for k, v in r.items() if k != "errors"} | {"error_count": len(r["errors"])}
        print(_line(name, r))
        taken = f"{r['not_point_hits']}/{r['not_points']}"
        print(f"  span recall by kind: {r['span_recall_by_kind']}; not-points taken {taken}")
        if show_errors:
            for e in r["errors"]:
                print(f"  {e}")
    if dev_only:  # a tuning run: bench/eval.json keeps the figures of a full run
        return 0
    agreements = results["annotator_agreement"] = {}
    for name, first, second in SECOND_ANNOTATIONS:
        if not second.exists() or name not in results:
            continue
        agreement = agreements[name] = annotator_agreement(first, second)
        print(f"data points: two annotators' subjects on {name} ({agreement['points']} points) agree"
              f" {agreement['second_vs_first']:.3f} (the second scored against the first's wordings) and"
              f" {agreement['first_vs_second']:.3f} (the other way round)")
        both = evaluate_paragraphs(with_second_annotator(first, second), extractor)["subject"]
        results[name]["subject_either_annotator"] = both
        print(f"data points: {name} subjects against either annotator's wordings: P {both['precision']:.3f}"
              f" R {both['recall']:.3f}")
    stored = json.loads(EVAL_JSON.read_text(encoding="utf-8")) if EVAL_JSON.exists() else {}
    stored["datapoints"] = results
    EVAL_JSON.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {EVAL_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
