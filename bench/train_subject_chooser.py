"""Train the subject chooser (``analyzers.subject_chooser``) on the annotated tuning sets: ``make train``.

It lives beside ``make eval``'s scorer because it learns from the annotated sets of ``tests/datapoints/`` that
``make eval`` scores (GUIDE.md there): an example is an annotated data point the rules gave a subject found at token
edges, a span around it is right when it is one of the point's annotated wordings (the first of them, the one its
annotator chose, weighs ``FIRST_WORDING_WEIGHT`` times in the fit). C is chosen on seven folds of
whole tuning sets; the chooser fitted on all of them is scored once on the held-out sets, which are never tuned on.
Writes ``models/subject_chooser.npz`` (plain arrays), its ``.meta.json`` and ``.CARD.md``.

Run: ``.venv/bin/python -m bench.train_subject_chooser`` (about 45 to 90 minutes on two cores for 136 sets, 44 with
nothing else running: four C values, seven folds each, lbfgs run to a tight tolerance). The folds of every C value are
fitted together, so the lines ``C=…`` come all at once near the end: an empty log says nothing of how far it is.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from joblib import Parallel, delayed
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

C_GRID = (1.0, 3.0, 10.0, 30.0)
FOLDS = 7  # C is chosen on folds of whole sets: a set's paragraphs share a writer and a subject matter
TOLERANCE = 1e-7
MAX_ITERATIONS = 20_000
# The templates that name two tokens, a token and a unit, or a span's words: most of their values occur once. A value
# is learnt from where it occurs in at least MIN_COUNT spans of the training sets (seven folds, 73 sets, 2026-12-06:
# 88.55 % of the points chosen right with every value, 88.50 % with these, a third of the features; 87.81 % without
# the templates).
SPARSE_TEMPLATES = frozenset(("before|first", "last|after", "last|unit", "text"))
MIN_COUNT = 5
# A span that is the point's first wording (its `subject`, the one its writer chose) weighs this many times a span
# that is another fair wording (`subject_also`) or none in the fit: a writer the chooser never saw is scored against
# the first wording its own annotator chose, and the tuning annotators list more fair wordings the older their set
# (fitted on the 90 sets before dev-cm, C = 3, scored on the nine sets written after them: bench/HISTORY.md).
FIRST_WORDING_WEIGHT = 3.0
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
    first: list[bool]  # which span is the point's first wording


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
            right = [c.text in gold_subjects for c in candidates]
            out.append(Example(rows, right, base, [c.text == gold.subject for c in candidates]))
    return out


@dataclass(frozen=True)
class Design:
    """Every span of every example of every set as one sparse matrix (a row a span, a column a feature)."""

    matrix: csr_matrix
    labels: np.ndarray
    weights: np.ndarray  # each span's weight in the fit: FIRST_WORDING_WEIGHT for a first wording, else 1
    columns: list[Feature]
    examples: dict[str, list[tuple[int, int, int]]]  # set -> (first row, rows, base span) per example
    rows_of: dict[str, tuple[int, int]]  # set -> (first row, end): a set's rows follow one another

    @property
    def sparse(self) -> np.ndarray:
        """Which columns are values of ``SPARSE_TEMPLATES``."""
        return np.array([template in SPARSE_TEMPLATES for template, _ in self.columns])


def design(sets: dict[str, list[Example]]) -> Design:
    columns: dict[Feature, int] = {}
    data, indices, indptr, labels, weights = [], [], [0], [], []
    placed: dict[str, list[tuple[int, int, int]]] = {}
    rows_of: dict[str, tuple[int, int]] = {}
    for name, examples_of_set in sets.items():
        placed[name] = []
        first_row = len(labels)
        for example in examples_of_set:
            placed[name].append((len(labels), len(example.right), example.base))
            for row, right, first in zip(example.features, example.right, example.first, strict=True):
                for feature, value in row.items():
                    indices.append(columns.setdefault(feature, len(columns)))
                    data.append(value)
                indptr.append(len(indices))
                labels.append(int(right))
                weights.append(FIRST_WORDING_WEIGHT if first else 1.0)
        rows_of[name] = (first_row, len(labels))
    matrix = csr_matrix((data, indices, indptr), shape=(len(labels), len(columns)))
    return Design(matrix, np.array(labels), np.array(weights), list(columns), placed, rows_of)


def _rows(d: Design, names: Iterable[str]) -> np.ndarray:
    return np.concatenate([np.arange(*d.rows_of[name]) for name in names])


def fit(d: Design, names: Sequence[str], c: float) -> np.ndarray:
    """The weights of a logistic regression over every span of the sets ``names`` (right or not), a column each.

    Each span weighs ``Design.weights``. lbfgs runs to a tight tolerance: at scikit-learn's default (1e-4) it stops
    far from the optimum, and one training example more or less then changed 11 of 1,371 held-out choices (at 1e-7:
    none). A value of ``SPARSE_TEMPLATES`` met in fewer than ``MIN_COUNT`` of those spans gets no weight."""
    rows = _rows(d, names)
    matrix = d.matrix[rows]
    kept = ~d.sparse | (matrix.getnnz(axis=0) >= MIN_COUNT)  # (the spans each column occurs in)
    model = LogisticRegression(C=c, tol=TOLERANCE, max_iter=MAX_ITERATIONS)
    model.fit(matrix[:, np.flatnonzero(kept)], d.labels[rows], sample_weight=d.weights[rows])
    weights = np.zeros(len(d.columns))
    weights[kept] = model.coef_[0]
    return weights


def chooser_of(d: Design, weights: np.ndarray) -> SubjectChooser:
    table: dict[str, dict[str, float]] = {}
    for (template, value), weight in zip(d.columns, weights.tolist(), strict=True):
        if weight:
            table.setdefault(template, {})[value] = weight
    return SubjectChooser(table)


def score(d: Design, weights: np.ndarray, name: str) -> dict[str, float]:
    """Of the points of the set ``name``: the share whose rules' subject is right, whose chosen span is (the span
    scored highest; the chooser sums the same weights), and for which some span is (the most a chooser could
    reach)."""
    start, end = d.rows_of[name]
    totals = d.matrix[start:end] @ weights  # (the set's rows only: it is scored once per fold and C)
    rules = chosen = reachable = 0
    for first, n, base in d.examples[name]:
        right = d.labels[first : first + n]
        rules += right[base]
        chosen += right[int(np.argmax(totals[first - start : first - start + n]))]
        reachable += right.any()
    points = max(len(d.examples[name]), 1)
    return {
        "points": len(d.examples[name]),
        "rules": int(rules) / points,
        "chooser": int(chosen) / points,
        "reachable": int(reachable) / points,
    }


def folds(names: Sequence[str]) -> list[list[str]]:
    """``FOLDS`` groups of whole sets, every ``FOLDS``-th set of ``names`` in one."""
    return [list(names[k::FOLDS]) for k in range(FOLDS)]


def cross_validate(d: Design, tuning: Sequence[str]) -> dict[str, dict[str, Any]]:
    """For each C of ``C_GRID``: each set scored by the chooser fitted on the folds it is not in."""
    jobs = [(c, fold) for c in C_GRID for fold in folds(tuning)]
    fitted = Parallel(n_jobs=-1)(delayed(fit)(d, [n for n in tuning if n not in fold], c) for c, fold in jobs)
    grid: dict[str, dict[str, Any]] = {}
    for c in C_GRID:
        per_set = {
            name: score(d, weights, name)
            for (c_of_job, fold), weights in zip(jobs, fitted, strict=True)
            if c_of_job == c
            for name in fold
        }
        per_set = {name: per_set[name] for name in tuning}
        gains = [r["chooser"] - r["rules"] for r in per_set.values()]
        points = sum(r["points"] for r in per_set.values())
        grid[str(c)] = {
            "mean_gain": statistics.mean(gains),
            "sets_improved": sum(g > 0 for g in gains),
            "accuracy": sum(r["chooser"] * r["points"] for r in per_set.values()) / points,
            "per_set": per_set,
        }
        print(f"C={c}: {FOLDS} folds, mean gain {statistics.mean(gains) * 100:+.1f} points", file=sys.stderr)
    return grid


def train(out: Path = MODEL_PATH) -> dict[str, Any]:
    """Choose C on ``FOLDS`` folds of whole tuning sets (``C_GRID``), fit the chooser on every tuning set, score
    it on the held-out sets (nothing is tuned on them), and write the model, its meta and its card."""
    import sklearn

    prepare_segmenter()
    rules_alone = DataPointExtractor(chooser=False)
    sets = {path.name: examples(path, rules_alone) for path in (*DEV_SETS, *HELDOUT_SETS)}
    d = design(sets)
    tuning = [path.name for path in DEV_SETS]
    grid = cross_validate(d, tuning)
    best_c = max(C_GRID, key=lambda c: grid[str(c)]["mean_gain"])
    weights = fit(d, tuning, best_c)
    chooser = chooser_of(d, weights)
    with_chooser = DataPointExtractor(chooser=chooser)
    heldout = {}
    for path in HELDOUT_SETS:
        heldout[path.name] = score(d, weights, path.name) | {
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
        "tol": TOLERANCE,
        "moves": {"left": list(LEFT_MOVES), "right": list(RIGHT_MOVES)},
        "max_chars": MAX_CHARS,
        "min_count": {"templates": sorted(SPARSE_TEMPLATES), "spans": MIN_COUNT},
        "first_wording_weight": FIRST_WORDING_WEIGHT,
        "word_class_tags": list(WORD_CLASS_TAGS),
        "training_sets": {path.name: file_sha256(path) for path in DEV_SETS},
        "training_points": {name: len(sets[name]) for name in tuning},
        "features": sum(len(v) for v in chooser.weights.values()),
        "folds": folds(tuning),
        "cross_validation": grid,
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
    best = meta["cross_validation"][str(meta["C"])]
    grid = ", ".join(f"{c}: {r['mean_gain'] * 100:+.1f}" for c, r in meta["cross_validation"].items())
    left, right = meta["moves"]["left"], meta["moves"]["right"]
    lines = [
        "# Model card: subject chooser (`models/subject_chooser.npz`)",
        "",
        "Sets the edges of a data point's subject, the words that say what its number counts: of the spans of whole",
        "tokens around the subject the rules of `analyzers/datapoints.py` gave (left edge moved by up to"
        f" {max(left)} tokens either way, right edge {max(right)} tokens out or {-min(right)} in; within the clause,",
        f"off the data point, at most {meta['max_chars']} characters) it keeps the best scored.",
        "`analyzers/subject_chooser.py` says how; `DataPointExtractor` applies it last.",
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
        f"- A logistic regression (scikit-learn, lbfgs to tol {meta['tol']:g}, L2) over every span of every training",
        "  point, right or not; the span scored highest is chosen. Features: how far each edge moved (with the rule",
        "  that gave the subject, with the point's kind), the point's kind and unit, the span's first and last token,",
        "  the tokens beside it, the tokens added or dropped, the word class of each (jieba's dictionary tag among",
        f"  {', '.join(meta['word_class_tags'])}; else noun; else not a word) alone and with the point's kind, at",
        "  each edge the two tokens on its two sides and their classes together, the last token with the unit, the",
        "  span's words as a whole, its length, whether it is a subject term or a word of the dictionary.",
        f"  A value of {', '.join(meta['min_count']['templates'])} is learnt where it occurs in at least"
        f" {meta['min_count']['spans']} spans of the training sets. {meta['features']} features with a weight.",
        f"- A span that is the point's first wording (the one its annotator chose) weighs"
        f" {meta['first_wording_weight']:g} times another span in the fit; every wording counts as right.",
        f"- C = {meta['C']}, chosen on {len(meta['folds'])} folds of whole tuning sets (every seventh set in one; mean",
        f"  gain in points over the rules, per set: {grid}).",
        "- Stored as plain arrays (template, value, weight) in an .npz loaded with `allow_pickle=False`;",
        "  a span's score is a sum of dictionary look-ups, no scikit-learn at prediction time.",
        f"- Trained {meta['trained']} with scikit-learn {meta['sklearn']}, numpy {meta['numpy']}.",
        "",
        f"## {len(meta['folds'])} folds of whole sets (the tuning sets)",
        "",
        "Each set scored by the chooser trained on the folds it is not in: the share of its points whose subject",
        "is right (precision = recall here: one subject a point), with the rules alone and with the chooser, and",
        "the share for which some span is right (the most a chooser could reach).",
        "",
        "| set | points | rules | chooser | gain | reachable |",
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
        f" {len(best['per_set'])} sets; {best['accuracy'] * 100:.1f} % of all points chosen right.",
        "",
        "## Held-out evaluation",
        "",
        "The held-out sets (`tests/datapoints/heldout*.yaml`, written apart from the extractor and never tuned",
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
