"""Train the subject chooser (``analyzers.subject_chooser``) on the annotated tuning sets: ``make train``.

It lives beside ``make eval``'s scorer because it learns from the annotated sets of ``tests/datapoints/`` that
``make eval`` scores (GUIDE.md there): an example is an annotated data point the rules gave a subject found at token
edges, a span around it is right when it is one of the point's annotated wordings. C is chosen left-one-set-out
on the tuning sets; the chooser fitted on all of them is scored once on the held-out sets, which are never tuned
on. Writes ``models/subject_chooser.npz`` (plain arrays), its ``.meta.json`` and ``.CARD.md``.

Run: ``.venv/bin/python -m bench.train_subject_chooser`` (about half an hour on two cores: 49 tuning sets, three C
values, each scored left-one-set-out).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from analyzers.datapoints import DataPointExtractor
from analyzers.linear_model import file_sha256
from analyzers.nlp import prepare_segmenter
from analyzers.subject_chooser import (
    LEFT_MOVES,
    MAX_CHARS,
    MODEL_PATH,
    RIGHT_MOVES,
    TRAIN_COMMAND,
    WORD_CLASS_TAGS,
    Feature,
    SubjectChooser,
    left_features,
    point_features,
    right_features,
    span_features,
    spans,
)
from bench.eval_datapoints import _overlap, _span, evaluate
from tests.datapoints.cases import DEV_SETS, HELDOUT_SETS, load_cases

C_GRID = (0.3, 1.0, 3.0)
# Sentences where what the chooser gives is worth reading beside the figures: two of the edge rules' examples it does
# not always keep (tests/test_subject_chooser.py holds it to most of them), and a date and a count of one clause. The
# card says what the rules alone and the shipped chooser make of each.
WATCHED = (
    ("全年党员讲解员带队参观18批次。", "18批次"),
    ("全年驻村医生上门巡诊36次。", "36次"),
    ("市审计局5月抽查项目资料12份。", "5月"),
    ("市审计局5月抽查项目资料12份。", "12份"),
)




@dataclass(frozen=True)
class Example:
    """One annotated data point the rules gave a subject: its spans' features and which spans are right."""

    features: list[dict[tuple[str, str], float]]
    right: list[bool]
    base: int  # the rules' own span


def examples(path: Path, extractor: DataPointExtractor) -> list[Example]:
    """The examples of one annotated set: each gold point matched to the extracted point that overlaps it most."""
    lexicon = extractor.chooser_lexicon
    out = []
    for paragraph in load_cases(path):
        read = extractor.subject_arounds(paragraph.text)
        if not read:
            continue
        for gold in paragraph.points:
            place = (gold.start, gold.end)
            n = max(range(len(read)), key=lambda k: _overlap(_span(read[k][0]), place))
            around = read[n][2]
            if _overlap(_span(read[n][0]), place) == 0 or around is None:
                continue
            candidates = spans(around, lexicon)
            base = next((k for k, c in enumerate(candidates) if (c.left, c.right) == (0, 0)), -1)
            if base < 0:
                continue
            common = point_features(around)
            rows = []
            for c in candidates:
                row: dict[tuple[str, str], float] = {}
                for feature in (
                    *common,
                    *left_features(around, c.left, lexicon),
                    *right_features(around, c.right, lexicon),
                    *span_features(c, lexicon),
                ):
                    row[feature] = row.get(feature, 0.0) + 1.0
                rows.append(row)
            gold_subjects = set(gold.subjects)
            out.append(Example(rows, [c.text in gold_subjects for c in candidates], base))
    return out


def fit(train: Sequence[Example], c: float) -> SubjectChooser:
    """A logistic regression over every span of ``train`` (right or not), as a table of weights."""
    columns: dict[tuple[str, str], int] = {}
    data, indices, indptr, labels = [], [], [0], []
    for example in train:
        for row, right in zip(example.features, example.right, strict=True):
            for feature, value in row.items():
                indices.append(columns.setdefault(feature, len(columns)))
                data.append(value)
            indptr.append(len(indices))
            labels.append(int(right))
    matrix = csr_matrix((data, indices, indptr), shape=(len(labels), len(columns)))
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(matrix, labels)
    weights: dict[str, dict[str, float]] = {}
    for (template, value), column in columns.items():
        weight = float(model.coef_[0, column])
        if weight:
            weights.setdefault(template, {})[value] = weight
    return SubjectChooser(weights)


def score(chooser: SubjectChooser, test: Sequence[Example]) -> dict[str, float]:
    """Of the points of ``test``: the share whose rules' subject is right, whose chosen span is, and for which some
    span is (the most a chooser could reach)."""
    chosen = 0
    for example in test:
        totals = [chooser.score_features(_expanded(row)) for row in example.features]
        chosen += example.right[max(range(len(totals)), key=totals.__getitem__)]
    n = max(len(test), 1)
    return {
        "points": len(test),
        "rules": sum(e.right[e.base] for e in test) / n,
        "chooser": chosen / n,
        "reachable": sum(any(e.right) for e in test) / n,
    }


def _expanded(row: dict[tuple[str, str], float]) -> Iterator[Feature]:
    for feature, count in row.items():
        for _ in range(int(count)):
            yield feature


def train(out: Path = MODEL_PATH) -> dict[str, Any]:
    """Choose C left-one-set-out on the tuning sets (``C_GRID``), fit the chooser on every tuning set, score it on
    the held-out sets (nothing is tuned on them), and write the model, its meta and its card."""
    import sklearn

    prepare_segmenter()
    rules_alone = DataPointExtractor(chooser=False)
    sets = {path.name: examples(path, rules_alone) for path in (*DEV_SETS, *HELDOUT_SETS)}
    tuning = [path.name for path in DEV_SETS]
    grid: dict[str, dict[str, Any]] = {}
    for c in C_GRID:
        per_set = {n: score(fit([e for o in tuning if o != n for e in sets[o]], c), sets[n]) for n in tuning}
        gains = [r["chooser"] - r["rules"] for r in per_set.values()]
        grid[str(c)] = {"mean_gain": statistics.mean(gains), "sets_improved": sum(g > 0 for g in gains)}
        grid[str(c)]["per_set"] = per_set
        print(f"C={c}: left-one-set-out mean gain {statistics.mean(gains) * 100:+.1f} points", file=sys.stderr)
    best_c = max(C_GRID, key=lambda c: grid[str(c)]["mean_gain"])
    chooser = fit([e for name in tuning for e in sets[name]], best_c)
    with_chooser = DataPointExtractor(chooser=chooser)
    heldout = {}
    for path in HELDOUT_SETS:
        heldout[path.name] = score(chooser, sets[path.name]) | {
            "subject_rules_alone": evaluate(path, rules_alone)["subject"],
            "subject_with_chooser": evaluate(path, with_chooser)["subject"],
        }
    watched = [
        {"text": text, "point": span, "rules": _subject_of(rules_alone, text, span),
         "chooser": _subject_of(with_chooser, text, span)}
        for text, span in WATCHED
    ]  # fmt: skip
    meta = {
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "C": best_c,
        "moves": {"left": list(LEFT_MOVES), "right": list(RIGHT_MOVES)},
        "max_chars": MAX_CHARS,
        "word_class_tags": list(WORD_CLASS_TAGS),
        "training_sets": {path.name: file_sha256(path) for path in DEV_SETS},
        "training_points": {name: len(sets[name]) for name in tuning},
        "features": sum(len(v) for v in chooser.weights.values()),
        "left_one_set_out": grid,
        "heldout": heldout,
        "heldout_sets": {path.name: file_sha256(path) for path in HELDOUT_SETS},
        "watched": watched,
    }
    chooser.save(out, meta)
    out.with_name(out.stem + ".CARD.md").write_text(card(meta), encoding="utf-8")
    return meta


def _subject_of(extractor: DataPointExtractor, text: str, span: str) -> str:
    return next(f.subject for f in extractor.extract(text) if f.text == span)


def card(meta: dict[str, Any]) -> str:
    """The model card: what the chooser was trained on, how, and what it measured."""
    best = meta["left_one_set_out"][str(meta["C"])]
    grid = ", ".join(f"{c}: {r['mean_gain'] * 100:+.1f}" for c, r in meta["left_one_set_out"].items())
    lines = [
        "# Model card: subject chooser (`models/subject_chooser.npz`)",
        "",
        "Sets the edges of a data point's subject, the words that say what its number counts: of the spans of whole",
        "tokens around the subject the rules of `analyzers/datapoints.py` gave (left edge moved by up to two",
        "tokens either way, right edge one token out or two in; within the clause, off the data point, at most",
        f"{meta['max_chars']} characters) it keeps the best scored. `analyzers/subject_chooser.py` says how;",
        "`DataPointExtractor` applies it last.",
        "",
        f"Rebuild: `{TRAIN_COMMAND}` (writes this card, the .npz and the .meta.json; `make train`).",
        "",
        "## Data",
        "",
        "The annotated tuning sets of `tests/datapoints/` (paragraphs of our own writing, every data point annotated",
        "with the wordings of its subject a reader would accept, under `tests/datapoints/GUIDE.md`; most written",
        "blind to the extractor by a writer of the team each). An example is an annotated point the rules gave a",
        "subject found at token edges; a span is right when it is one of the point's annotated wordings.",
        "",
        "| set | points | sha256 |",
        "|---|---:|---|",
    ]
    for name, sha in meta["training_sets"].items():
        lines.append(f"| `{name}` | {meta['training_points'][name]} | `{sha[:12]}…` |")
    lines += [
        f"| all | {sum(meta['training_points'].values())} | |",
        "",
        "## Model",
        "",
        "- A logistic regression (scikit-learn, lbfgs, L2) over every span of every training point, right or not;",
        "  the span scored highest is chosen. Features: how far each edge moved, the rule that gave the subject,",
        "  the point's kind and unit, the span's first and last token, the tokens beside it, the tokens added or",
        "  dropped, the word class of each (jieba's dictionary tag among",
        f"  {', '.join(meta['word_class_tags'])}; else noun; else not a word) and, at each edge, the classes",
        "  on its two sides together, its length, whether it is a subject term or a word of the dictionary.",
        f"  {meta['features']} features with a weight.",
        f"- C = {meta['C']}, chosen left-one-set-out on the tuning sets (mean gain in points over the rules: {grid}).",
        "- Stored as plain arrays (template, value, weight) in an .npz loaded with `allow_pickle=False`;",
        "  a span's score is a sum of dictionary look-ups, no scikit-learn at prediction time.",
        f"- Trained {meta['trained']} with scikit-learn {meta['sklearn']}, numpy {meta['numpy']}.",
        "",
        "## Left one set out (the tuning sets)",
        "",
        f"Trained on the other {len(meta['training_sets']) - 1} sets, scored on the one left out: the share of its",
        "points whose subject is right (precision = recall here: one subject a point), with the rules alone and",
        "with the chooser, and the share for which some span is right (the most a chooser could reach).",
        "",
        "| left out | points | rules | chooser | gain | reachable |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in best["per_set"].items():
        gain = (r["chooser"] - r["rules"]) * 100
        lines.append(
            f"| `{name}` | {r['points']} | {r['rules']:.3f} | {r['chooser']:.3f} | {gain:+.1f} | {r['reachable']:.3f} |"
        )
    lines += [
        "",
        f"Mean gain {best['mean_gain'] * 100:+.1f} points; better on {best['sets_improved']} of"
        f" {len(best['per_set'])} sets.",
        "",
        "## Held-out evaluation",
        "",
        "The two held-out sets (`tests/datapoints/heldout*.yaml`, written apart from the extractor and never tuned",
        "on), scored once with the shipped model. Points: as above. Subjects: precision and recall of the whole",
        "extractor's subjects, as `make eval` scores them (a subject is right at a point whose span was found).",
        "",
        "| held-out set | points | rules | chooser | reachable | subject P / R, rules alone | P / R, with chooser |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in meta["heldout"].items():
        alone, chosen = r["subject_rules_alone"], r["subject_with_chooser"]
        lines.append(
            f"| `{name}` | {r['points']} | {r['rules']:.3f} | {r['chooser']:.3f} | {r['reachable']:.3f}"
            f" | {alone['precision']:.3f} / {alone['recall']:.3f}"
            f" | {chosen['precision']:.3f} / {chosen['recall']:.3f} |"
        )
    lines += [
        "",
        "## Limits",
        "",
        "- It moves edges only: a subject the rules took from the wrong words stays wrong (see `reachable`).",
        "- It learns the annotators' habits of the tuning sets; the held-out figures are what to expect elsewhere.",
        "- It undoes some of what the five edge rules it replaced got right (`tests/test_subject_chooser.py`",
        "  holds it to most of their examples; such cases are counted in the figures above). What it makes of a",
        "  few sentences (the rules alone → the chooser):",
        *(f"  - {w['text']} {w['point']}: {w['rules'] or '-'} → {w['chooser'] or '-'}" for w in meta["watched"]),
        "- Ranks and the subjects of the rules in `UNCHOSEN_RULES` are left as the rules gave them: left one",
        "  set out, the chooser did not improve them.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.train_subject_chooser", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(list(argv) if argv is not None else None)
    meta = train(args.out)
    for name, r in meta["heldout"].items():
        print(f"held-out {name}: rules {r['rules']:.3f}, chooser {r['chooser']:.3f}, reachable {r['reachable']:.3f}")
    print(f"written {args.out}, its meta and card (C = {meta['C']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
