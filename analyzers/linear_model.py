"""Linear text models stored as plain arrays: character n-gram TF-IDF, optional dense features, a linear layer.

Both of our classifiers (``analyzers.section_model``, ``analyzers.vagueness_model``) are a scikit-learn
``TfidfVectorizer(analyzer="char", sublinear_tf=True)`` (l2 norm, smooth idf) followed by a
``LogisticRegression``; the vagueness model appends a few dense features computed by our own code. A
trained model is kept as plain arrays, never as a pickle: an ``.npz`` (loaded with ``allow_pickle=False``)
holds the vocabulary, idf, coefficients, intercepts, classes, n-gram range and, when there are dense
features, their names; a ``.meta.json`` beside it says what it was trained on and how well it did.

Prediction is reimplemented here with numpy alone (n-gram counts -> sublinear tf-idf -> l2 norm -> dot
product with the coefficients, plus the dense features' -> softmax, or a sigmoid for two classes), so
loading a model neither imports scikit-learn nor executes anything from the file. Each model's tests
check that this gives scikit-learn's own probabilities.

Texts reach this module already prepared (each model has its own ``prepare``): the n-grams are taken
from the string as given.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import numpy as np

FORMAT = "shuzhi.linear-text/1"
_ARRAYS = ("vocabulary", "idf", "coef", "intercept", "classes", "ngram_range")


class ModelError(Exception):
    """A model file that is missing or cannot be used; the message names the file."""


def char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """The character n-grams scikit-learn's ``analyzer="char"`` makes of an already prepared text."""
    low, high = ngram_range
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


def labelled_lines(path: Path, labels: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) of each JSON line of a labelled corpus whose ``text`` is a non-empty string and
    whose ``label`` is one of ``labels``; any other line is a ValueError naming the file and the line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        text, label = record.get("text"), record.get("label")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{path}:{number}: 'text' must be a non-empty string")
        if label not in labels:
            raise ValueError(f"{path}:{number}: label {label!r}; expected one of {list(labels)}")
        yield number, record


def meta_path(path: Path) -> Path:
    return path.with_suffix(".meta.json")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True, eq=False)
class LinearTextModel:
    """A linear model over the tf-idf of character n-grams (and optionally dense features), as arrays.

    ``vocabulary[j]`` is the n-gram of feature ``j``; ``weights`` is ``coef.T`` (features x outputs), so
    that a text's scores are the sum of its features' rows. With dense features, their rows follow the
    n-gram rows, in the order of ``dense_names``. A two-class model has one output (the second class's
    log-odds), as scikit-learn keeps it.
    """

    vocabulary: np.ndarray  # (n_grams,) str
    idf: np.ndarray  # (n_grams,) float64
    weights: np.ndarray  # (n_grams + n_dense, n_outputs) float64
    intercept: np.ndarray  # (n_outputs,) float64
    classes: tuple[str, ...]
    ngram_range: tuple[int, int]
    dense_names: tuple[str, ...] = ()
    meta: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        index = {gram: j for j, gram in enumerate(self.vocabulary.tolist())}
        object.__setattr__(self, "_index", index)

    # -- prediction --------------------------------------------------------------------------------

    def scores(self, prepared: Sequence[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Decision scores (texts x outputs): tf-idf of each prepared text (and its dense features) times
        the weights, plus the intercepts."""
        index: dict[str, int] = self._index  # type: ignore[attr-defined]
        low, high = self.ngram_range
        starts: list[int] = []  # where each text's features begin in cols/counts
        cols: list[int] = []
        counts: list[int] = []
        lookup = index.get
        for text in prepared:
            size = len(text)
            seen = Counter([lookup(text[i : i + n]) for n in range(low, high + 1) for i in range(size - n + 1)])
            seen.pop(None, None)
            starts.append(len(cols))
            cols.extend(seen.keys())  # type: ignore[arg-type]
            counts.extend(seen.values())
        n_texts = len(prepared)
        scores = np.tile(self.intercept, (n_texts, 1))
        n_grams = len(self.vocabulary)
        if self.dense_names:
            if dense is None or dense.shape != (n_texts, len(self.dense_names)):
                shape = None if dense is None else dense.shape
                raise ValueError(f"expected dense features of shape {(n_texts, len(self.dense_names))}, got {shape}")
            scores += dense @ self.weights[n_grams:]
        if not cols:
            return scores
        bounds = np.asarray([*starts, len(cols)], dtype=np.intp)
        lengths = np.diff(bounds)
        row_ids = np.repeat(np.arange(n_texts), lengths)
        col_ids = np.asarray(cols, dtype=np.intp)
        values = (np.log(np.asarray(counts, dtype=np.float64)) + 1.0) * self.idf[col_ids]
        norms = np.sqrt(np.bincount(row_ids, weights=values * values, minlength=n_texts))
        norms[norms == 0] = 1.0
        values /= norms[row_ids]
        contributions = self.weights[col_ids] * values[:, None]
        filled = lengths > 0  # texts with at least one known n-gram: their features are contiguous
        scores[filled] += np.add.reduceat(contributions, bounds[:-1][filled], axis=0)
        return scores

    def probabilities(self, prepared: Sequence[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Probabilities (texts x ``classes``)."""
        return softmax(self.scores(prepared, dense))

    # -- loading and saving ------------------------------------------------------------------------

    @classmethod
    def from_arrays(cls, path: Path, train_command: str = "") -> Self:
        """The model in ``path`` and the meta beside it; ``train_command`` is named when the file is missing."""
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
        except FileNotFoundError as exc:
            hint = f"; run `{train_command}`" if train_command else ""
            raise ModelError(f"{path}: no model{hint}") from exc
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: not a readable model file ({exc})") from exc
        missing = set(_ARRAYS) - set(arrays)
        if missing:
            raise ModelError(f"{path}: model arrays missing: {sorted(missing)}")
        path_meta = meta_path(path)
        meta = json.loads(path_meta.read_text(encoding="utf-8")) if path_meta.exists() else None
        if meta is not None and meta.get("format") != FORMAT:
            raise ModelError(f"{path_meta}: format {meta.get('format')!r}; expected {FORMAT!r}")
        coef = arrays["coef"].astype(np.float64)
        vocabulary = arrays["vocabulary"]
        dense_names = tuple(str(n) for n in arrays["dense_names"].tolist()) if "dense_names" in arrays else ()
        if coef.shape[1] != len(vocabulary) + len(dense_names) or len(arrays["idf"]) != len(vocabulary):
            raise ModelError(f"{path}: array shapes disagree (coef {coef.shape}, vocabulary {vocabulary.shape})")
        low, high = (int(v) for v in arrays["ngram_range"])
        return cls(
            vocabulary=vocabulary,
            idf=arrays["idf"].astype(np.float64),
            weights=np.ascontiguousarray(coef.T),
            intercept=arrays["intercept"].astype(np.float64),
            classes=tuple(str(c) for c in arrays["classes"].tolist()),
            ngram_range=(low, high),
            dense_names=dense_names,
            meta=meta,
        )

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write ``path`` (.npz, plain arrays) and its ``.meta.json`` beside it (with the .npz's sha256)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        extra = {"dense_names": np.array(self.dense_names, dtype=np.str_)} if self.dense_names else {}
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                vocabulary=self.vocabulary.astype(np.str_),
                idf=self.idf,
                coef=np.ascontiguousarray(self.weights.T),
                intercept=self.intercept,
                classes=np.array(self.classes, dtype=np.str_),
                ngram_range=np.array(self.ngram_range, dtype=np.int64),
                **extra,
            )
        meta = {**meta, "format": FORMAT, "model_sha256": file_sha256(path)}
        meta_path(path).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_sklearn(cls, vectorizer: Any, estimator: Any, dense_names: Sequence[str] = (), **fields: Any) -> Self:
        """Arrays of a fitted ``TfidfVectorizer`` and a linear estimator fitted on its output (with the
        ``dense_names`` features stacked after it, in that order); ``fields`` go to the subclass."""
        vocabulary = vectorizer.get_feature_names_out().astype(np.str_)
        coef = np.asarray(estimator.coef_, dtype=np.float64)
        if coef.shape[1] != len(vocabulary) + len(dense_names):
            raise ValueError(f"coef has {coef.shape[1]} columns for {len(vocabulary)} n-grams + {len(dense_names)}")
        return cls(
            vocabulary=vocabulary,
            idf=vectorizer.idf_.astype(np.float64),
            weights=np.ascontiguousarray(coef.T),
            intercept=np.asarray(estimator.intercept_, dtype=np.float64),
            classes=tuple(str(c) for c in estimator.classes_),
            ngram_range=tuple(vectorizer.ngram_range),
            dense_names=tuple(dense_names),
            **fields,
        )


def softmax(scores: np.ndarray) -> np.ndarray:
    """Rows of probabilities from decision scores; one column (a two-class model) goes through a sigmoid."""
    if scores.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1.0 - p, p])
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------------------------------------
# Training helpers (import scikit-learn; prediction above never does)
# ---------------------------------------------------------------------------------------------------


def char_tfidf(ngram_range: tuple[int, int], min_df: int, preprocessor: Any = None) -> Any:
    """The scikit-learn vectorizer whose output ``LinearTextModel.scores`` reproduces."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char",
        ngram_range=ngram_range,
        preprocessor=preprocessor,
        lowercase=False,
        sublinear_tf=True,
        min_df=min_df,
        dtype=np.float64,
    )


def stratified_split(
    labels: Sequence[str], branches: Sequence[str], seed: int, test_size: float, stratum_min: int
) -> tuple[list[int], list[int], str]:
    """Indices (train, test) of a split by ``seed`` and what it is stratified by: label and kind of branch
    (a label and branch pair with fewer than ``stratum_min`` examples is stratified by its label alone)."""
    from sklearn.model_selection import train_test_split

    pairs = Counter(zip(labels, branches, strict=True))
    strata = [f"{lab}|{br}" if pairs[lab, br] >= stratum_min else lab for lab, br in zip(labels, branches, strict=True)]
    how = "label and kind of branch"
    if len(set(strata)) > test_size * len(labels):  # more strata than held-out places: by label only
        strata, how = list(labels), "label"
    stratify = strata if min(Counter(strata).values()) >= 2 else None
    train_idx, test_idx = train_test_split(
        list(range(len(labels))), test_size=test_size, random_state=seed, stratify=stratify
    )
    return sorted(train_idx), sorted(test_idx), how if stratify is not None else "nothing (too few examples)"
