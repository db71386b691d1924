"""The section classifier: which part of a report a paragraph belongs to, one of ``CONTENT_LABELS``.

A linear model over character n-grams: TF-IDF of 1-3 grams (sublinear tf, l2 norm) and a multinomial
logistic regression, trained with scikit-learn on ``corpora/labelled/sections.jsonl``. The trained
model is stored as plain arrays by ``analyzers.linear_model``, never as a pickle: ``models/sections.npz``
holds the vocabulary, idf, coefficients, intercepts and classes (loaded with ``allow_pickle=False``) and
``models/sections.meta.json`` says what it was trained on and how well it did. Prediction is numpy alone
(n-gram counts -> tf-idf -> dot product -> softmax), so that loading the model neither imports
scikit-learn nor executes anything from the file. ``tests/test_section_model.py`` checks that it gives
scikit-learn's own predictions.

``python -m analyzers.section_model train`` rebuilds the model, its meta file and ``models/sections.CARD.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from analyzers import linear_model
from analyzers.labels import CN_DIGITS, parse_label
from analyzers.linear_model import (
    LinearTextModel,
    ModelError,
    char_tfidf,
    file_sha256,
    labelled_lines,
    meta_path,
    softmax,
    stratified_split,
)
from analyzers.profiles import CONTENT_LABELS
from analyzers.text import normalize_width

ROOT = Path(__file__).resolve().parent.parent
DATA_PATH = ROOT / "corpora" / "labelled" / "sections.jsonl"
MODEL_PATH = ROOT / "models" / "sections.npz"
TRAIN_COMMAND = "python -m analyzers.section_model train"

NGRAM_RANGE = (1, 3)
MIN_DF = 2  # an n-gram seen in one paragraph only says nothing about the next report
SEED = 20221122
TEST_SIZE = 0.2
STRATUM_MIN = 5
C_GRID = (1.0, 3.0, 10.0, 30.0)  # chosen by 5-fold cross-validation on the training 80%

_LABEL_STARTS = frozenset("第（(0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + CN_DIGITS)
_DIGITS_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SPACE_RE = re.compile(r"\s+")


def prepare(text: str) -> str:
    """The text the model sees: half-width, no leading numbering label, numbers as "0", no spaces, lower case.

    "（一）2023年3月底前完成" -> "0年0月底前完成": a deadline reads the same whatever its date.
    """
    text = normalize_width(text).strip()
    label = parse_label(text) if text[:1] in _LABEL_STARTS else None
    if label is not None:
        text = text[len(label.text) :]
    text = _DIGITS_RE.sub("0", text)
    return _SPACE_RE.sub("", text).lower()


def char_ngrams(text: str, ngram_range: tuple[int, int] = NGRAM_RANGE) -> list[str]:
    """The character n-grams scikit-learn's ``analyzer="char"`` makes of an already prepared text."""
    return linear_model.char_ngrams(text, ngram_range)


# ---------------------------------------------------------------------------------------------------
# The model as arrays (analyzers.linear_model), predicting from raw paragraphs
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SectionClassifier(LinearTextModel):
    """Predicts a content label for each paragraph, in one batch (see ``LinearTextModel`` for the arrays)."""

    @classmethod
    def load(cls, path: str | Path | None = None) -> SectionClassifier:
        """The model stored at ``path`` (default ``models/sections.npz``), loaded once per process."""
        return _load_cached(Path(path or MODEL_PATH).resolve())

    @classmethod
    def load_default(cls) -> SectionClassifier | None:
        """The shipped model, or None when it has not been trained (callers then fall back to cues)."""
        try:
            return _load_default()
        except ModelError:
            return None

    @classmethod
    def from_arrays(cls, path: Path, train_command: str = TRAIN_COMMAND) -> SectionClassifier:
        return super().from_arrays(path, train_command)

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Scores (texts x classes): tf-idf features of each text times the coefficients, plus intercepts."""
        return self.scores([prepare(text) for text in texts])

    def predict_proba(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """(the most likely label of each text, probabilities texts x ``classes``)."""
        probs = softmax(self.decision_function(texts))
        labels = [self.classes[i] for i in probs.argmax(axis=1)] if len(texts) else []
        return labels, probs

    def predict(self, texts: Sequence[str]) -> list[str]:
        return self.predict_proba(texts)[0]


@cache
def _load_cached(path: Path) -> SectionClassifier:
    return SectionClassifier.from_arrays(path)


@cache
def _load_default() -> SectionClassifier:
    """``SectionClassifier.load()``, its path resolved once per process (a ModelError is not kept: the next call
    tries again)."""
    return SectionClassifier.load()


# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: str
    group: str  # kind of branch + year: paragraphs written for one group share wording, so are not independent
    branch: str = ""


def read_examples(path: Path = DATA_PATH) -> list[Example]:
    """Lines of ``{"id", "text", "label", "branch", "year"}``; a bad line is an error naming it."""
    examples = []
    for number, record in labelled_lines(path, CONTENT_LABELS):
        branch = str(record.get("branch", ""))
        examples.append(
            Example(str(record.get("id", number)), record["text"], record["label"],
                    f"{branch}/{record.get('year', '')}", branch)
        )  # fmt: skip
    return examples


# ---------------------------------------------------------------------------------------------------
# Training (imports scikit-learn; prediction above never does)
# ---------------------------------------------------------------------------------------------------


def fit(texts: Sequence[str], labels: Sequence[str], c: float, min_df: int = MIN_DF) -> tuple[SectionClassifier, Any]:
    """(our array model, scikit-learn's pipeline) fitted on ``texts``; both predict the same."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    vectorizer = char_tfidf(NGRAM_RANGE, min_df, preprocessor=prepare)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    pipeline = make_pipeline(vectorizer, model)
    pipeline.fit(list(texts), list(labels))
    return SectionClassifier.from_sklearn(vectorizer, model), pipeline


def choose_c(texts: Sequence[str], labels: Sequence[str], seed: int, grid: Sequence[float] = C_GRID) -> float:
    """The C of ``grid`` with the best macro F1 in stratified 5-fold cross-validation (ties: the smaller)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    folds = min(5, min(Counter(labels).values()))
    if len(grid) == 1 or folds < 2:
        return grid[0]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    texts, labels = list(texts), list(labels)
    best, best_f1 = grid[0], -1.0
    for c in grid:
        predicted = [""] * len(texts)
        for train_idx, test_idx in splitter.split(texts, labels):
            model, _ = fit([texts[i] for i in train_idx], [labels[i] for i in train_idx], c)
            for i, label in zip(test_idx, model.predict([texts[i] for i in test_idx]), strict=True):
                predicted[i] = label
        f1 = float(f1_score(labels, predicted, average="macro"))
        if f1 > best_f1 + 1e-9:
            best, best_f1 = c, f1
    return best


def split(examples: Sequence[Example], seed: int, test_size: float = TEST_SIZE) -> tuple[list[int], list[int], str]:
    """Indices (train, test) of a split by ``seed`` and what it is stratified by: label and kind of branch
    (a label and branch pair with fewer than STRATUM_MIN paragraphs is stratified by its label alone)."""
    labels, branches = [e.label for e in examples], [e.branch for e in examples]
    return stratified_split(labels, branches, seed, test_size, STRATUM_MIN)


def metrics(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f, support = precision_recall_fscore_support(truth, predicted, labels=list(classes), zero_division=0)
    confusions = Counter((t, q) for t, q in zip(truth, predicted, strict=True) if t != q)
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(np.mean(f)), 4),
        "per_label": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(support[i]),
            }  # fmt: skip
            for i, c in enumerate(classes)
        },
        "confusions": [{"truth": t, "predicted": q, "count": n} for (t, q), n in confusions.most_common(10)],
    }


def grouped_metrics(examples: Sequence[Example], c: float, classes: Sequence[str]) -> dict[str, Any] | None:
    """Macro F1 when whole groups are held out (5-fold by branch + year): closer to a report of a new kind."""
    from sklearn.model_selection import GroupKFold

    groups = [e.group for e in examples]
    n_groups = len(set(groups))
    if n_groups < 5:
        return None
    predicted = [""] * len(examples)
    for train_idx, test_idx in GroupKFold(n_splits=5).split(examples, groups=groups):
        model, _ = fit([examples[i].text for i in train_idx], [examples[i].label for i in train_idx], c)
        for i, label in zip(test_idx, model.predict([examples[i].text for i in test_idx]), strict=True):
            predicted[i] = label
    result = metrics([e.label for e in examples], predicted, classes)
    return {"groups": n_groups, "folds": 5, **result}


@dataclass(frozen=True)
class TrainResult:
    classifier: SectionClassifier
    meta: dict[str, Any]


def train(
    examples: Sequence[Example],
    seed: int = SEED,
    grid: Sequence[float] = C_GRID,
    data_sha256: str | None = None,
    data_path: str | None = None,
    grouped: bool = True,
) -> TrainResult:
    """Held-out figures from a stratified 80/20 split, then the shipped model fitted on all examples."""
    import sklearn

    if len({e.label for e in examples}) < 2:
        raise ValueError("training needs examples of at least two labels")
    train_idx, test_idx, stratified = split(examples, seed)
    train_texts = [examples[i].text for i in train_idx]
    train_labels = [examples[i].label for i in train_idx]
    c = choose_c(train_texts, train_labels, seed, grid)
    held_model, _ = fit(train_texts, train_labels, c)
    classes = held_model.classes
    held_out = metrics([examples[i].label for i in test_idx], held_model.predict([examples[i].text for i in test_idx]),
                       classes)  # fmt: skip
    classifier, _ = fit([e.text for e in examples], [e.label for e in examples], c)
    meta = {
        "data": {
            "path": data_path,
            "sha256": data_sha256,
            "examples": len(examples),
            "reports": len({e.group for e in examples}),
            "labels": dict(sorted(Counter(e.label for e in examples).items(), key=lambda kv: -kv[1])),
        },
        "model": {
            "features": f"char {NGRAM_RANGE[0]}-{NGRAM_RANGE[1]}-grams, tf-idf (sublinear tf, smooth idf, l2), "
            f"min_df={MIN_DF}",
            "classifier": "LogisticRegression (multinomial, lbfgs, class_weight=balanced)",
            "C": c,
            "C_grid": list(grid),
            "vocabulary": len(classifier.vocabulary),
            "classes": list(classifier.classes),
        },
        "split": {
            "seed": seed,
            "test_size": TEST_SIZE,
            "train": len(train_idx),
            "test": len(test_idx),
            "stratified": stratified,
        },
        "held_out": held_out,
        "grouped": grouped_metrics(examples, c, classes) if grouped else None,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return TrainResult(classifier, meta)


# ---------------------------------------------------------------------------------------------------
# The card
# ---------------------------------------------------------------------------------------------------


def card(meta: dict[str, Any]) -> str:
    data, model, held, sp = meta["data"], meta["model"], meta["held_out"], meta["split"]
    lines = [
        "# Model card: section classifier (`models/sections.npz`)",
        "",
        "Predicts which part of a 述职报告 a paragraph belongs to, one of the content labels of",
        "`analyzers/profiles.py` (defined in `corpora/labelled/SECTIONS-GUIDE.md`). `analyzers/outline.py` uses it",
        "when a report has no headings, or headings that name no section of the profile, and to break ties",
        "between two sections a heading's wording fits equally well.",
        "",
        "Rebuild: `python -m analyzers.section_model train` (writes this card, the .npz and the .meta.json).",
        "",
        "## Data",
        "",
        f"- `{data['path']}`, sha256 `{data['sha256']}`",
        f"- {data['examples']} paragraphs in {data['reports']} groups (kind of branch + year), all written for",
        "  this project (see `corpora/labelled/SECTIONS-GUIDE.md`).",
        "",
        "| label | paragraphs |",
        "|---|---:|",
        *(f"| {label} | {n} |" for label, n in data["labels"].items()),
        "",
        "## Model",
        "",
        f"- Features: {model['features']}; {model['vocabulary']} n-grams.",
        "- Text prepared by `prepare()`: half-width, leading numbering label removed, every number written",
        "  `0`, spaces removed, lower case.",
        f"- Classifier: {model['classifier']}.",
        f"- C = {model['C']:g}, chosen from {model['C_grid']} by stratified 5-fold cross-validation on the",
        "  training 80% (macro F1).",
        "- Stored as plain arrays (vocabulary, idf, coef, intercept, classes) in an .npz loaded with",
        "  `allow_pickle=False`; prediction is reimplemented with numpy and tested against scikit-learn's.",
        f"- Trained {meta['trained']} with scikit-learn {meta['sklearn']}, numpy {meta['numpy']}.",
        "- The shipped model is refitted on all paragraphs with the same C after the held-out evaluation.",
        "",
        "## Held-out evaluation",
        "",
        f"Split stratified by {sp['stratified']}, seed {sp['seed']}: {sp['train']} paragraphs to train,",
        f"{sp['test']} held out.",
        "",
        f"Accuracy {held['accuracy']:.3f}, **macro F1 {held['macro_f1']:.3f}**.",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
            for label, m in held["per_label"].items()
        ),
        "",
        "Most frequent confusions (truth -> predicted):",
        "",
        *([f"- {c['truth']} -> {c['predicted']}: {c['count']}" for c in held["confusions"]] or ["- none"]),
        "",
    ]
    grouped = meta.get("grouped")
    if grouped:
        lines += [
            "## Whole groups held out",
            "",
            "Paragraphs written for one kind of branch in one year share topics and wording, so a random split",
            f"flatters the model. Grouped 5-fold cross-validation by branch + year ({grouped['groups']} groups):",
            f"accuracy {grouped['accuracy']:.3f}, macro F1 {grouped['macro_f1']:.3f}.",
            "",
            "| label | precision | recall | F1 |",
            "|---|---:|---:|---:|",
            *(
                f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
                for label, m in grouped["per_label"].items()
            ),
            "",
        ]
    lines += [
        "## Limits",
        "",
        "- The paragraphs are our own writing in the style of real reports, not real reports: figures on",
        "  real reports will be lower, most of all for writers whose wording the set does not cover.",
        "- One label per paragraph. A paragraph that mixes work done with its shortcomings, or problems with",
        "  measures (整改措施), gets one label; the outline smooths labels over neighbouring paragraphs.",
        "- personal_duty, ideological and achievements overlap in wording (a secretary's duties are the",
        "  branch's work); profiles that keep them apart (sysu-2020) rely most on headings.",
        "- The corpus holds single paragraphs, not whole reports, so nothing here measures how the outline",
        "  joins them into sections; `make eval` does that on tests/outline_cases.",
        "- Character n-grams see words, not meaning: a plan written in the past tense, or a problem written",
        "  as a success, is misread. Numbers are all the same to it (every number becomes `0`).",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analyzers.section_model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    train_cmd = sub.add_parser("train", help="train on the labelled paragraphs; write the model, meta and card")
    train_cmd.add_argument("--data", type=Path, default=DATA_PATH)
    train_cmd.add_argument("--out", type=Path, default=MODEL_PATH, help="the .npz to write")
    train_cmd.add_argument("--seed", type=int, default=SEED)
    predict_cmd = sub.add_parser("predict", help="label each line of standard input")
    predict_cmd.add_argument("--model", type=Path, default=MODEL_PATH)
    args = parser.parse_args(list(argv) if argv is not None else None)

    if args.command == "predict":
        classifier = SectionClassifier.load(args.model)
        texts = [line for line in sys.stdin.read().splitlines() if line.strip()]
        labels, probs = classifier.predict_proba(texts)
        for text, label, row in zip(texts, labels, probs, strict=True):
            print(f"{label}\t{row.max():.2f}\t{text[:60]}")
        return 0

    if not args.data.exists():
        print(f"{args.data}: no labelled paragraphs to train on", file=sys.stderr)
        return 2
    examples = read_examples(args.data)
    try:
        shown = str(args.data.resolve().relative_to(ROOT))
    except ValueError:
        shown = str(args.data)
    result = train(examples, seed=args.seed, data_sha256=file_sha256(args.data), data_path=shown)
    result.classifier.save(args.out, result.meta)
    card_path = args.out.with_suffix(".CARD.md")
    card_path.write_text(card(result.meta), encoding="utf-8")
    held = result.meta["held_out"]
    print(f"{len(examples)} paragraphs; held-out accuracy {held['accuracy']:.3f}, macro F1 {held['macro_f1']:.3f}")
    for label, m in held["per_label"].items():
        print(f"  {label:14} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  n {m['support']}")
    print(f"wrote {args.out}, {meta_path(args.out).name}, {card_path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
