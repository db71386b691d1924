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
from itertools import chain
from operator import add
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


_CODE_BITS = 21  # a code point + 1 fits in 21 bits, so three characters fit in an int64


def _gram_keys(grams: np.ndarray) -> np.ndarray | None:
    """Each n-gram of a vocabulary as the number ``LinearTextModel._features`` computes for it; None when they
    are not numpy strings of at most three characters."""
    width = grams.dtype.itemsize // 4
    if grams.dtype.kind != "U" or grams.ndim != 1 or width * _CODE_BITS >= 64:
        return None
    raw = np.ascontiguousarray(grams).view(np.uint32).reshape(len(grams), width)
    filled = raw != 0  # a numpy string is padded with NULs (and drops its own trailing ones, as tolist() shows)
    lengths = np.where(filled.any(axis=1), width - np.argmax(filled[:, ::-1], axis=1), 0)
    codes = raw.astype(np.int64) + 1
    keys = np.zeros(len(grams), dtype=np.int64)
    for j in range(width):
        keys = np.where(j < lengths, (keys << _CODE_BITS) | codes[:, j], keys)
    return keys


_SLOT_BITS = 20  # a million slots for some twenty thousand n-grams: few share one
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key × 2^64/φ spread the keys


def _slot_of(keys: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # (the product wraps around, as it should)
        return (keys.astype(np.uint64) * _GOLDEN >> np.uint64(64 - _SLOT_BITS)).astype(np.intp)


def _hash_slots(keys: np.ndarray) -> np.ndarray:
    """A table of 2^_SLOT_BITS slots: the index in ``keys`` of the one key hashed to a slot, -1 for none, -2 for a
    slot two keys share (looked up by binary search). The n-grams' keys miss the CPU's caches in a binary search
    of twenty thousand; one slot each is a single load."""
    slot = _slot_of(keys)
    table = np.full(1 << _SLOT_BITS, -1, dtype=np.int32)
    table[slot] = np.arange(len(keys), dtype=np.int32)
    table[np.bincount(slot, minlength=1 << _SLOT_BITS) > 1] = -2
    return table


def _look_up(keys: np.ndarray, slots: np.ndarray, grams: np.ndarray) -> np.ndarray:
    """For each of ``grams``, the index of the equal key in the sorted ``keys`` where there is one, else an
    index of some other key (``keys[i] == gram`` tells which)."""
    found = slots[_slot_of(grams)].astype(np.intp)
    shared = found == -2
    if shared.any():
        found[shared] = np.minimum(np.searchsorted(keys, grams[shared]), len(keys) - 1)
    np.maximum(found, 0, out=found)  # (-1: no key there; index 0 then is not equal)
    return found


def _ngrams(text: str, low: int, high: int) -> Iterator[str]:
    """``char_ngrams(text, (low, high))``, in the same order, built by C loops (each n-gram is an (n-1)-gram plus
    the next character)."""
    grams: list[str] = list(text)
    parts = [grams] if low <= 1 else []
    for n in range(2, high + 1):
        grams = list(map(add, grams, text[n - 1 :]))
        if n >= low:
            parts.append(grams)
    return chain.from_iterable(parts)


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
        keys = _gram_keys(self.vocabulary)
        if keys is not None:
            order = np.argsort(keys)
            if not (keys[order][1:] == keys[order][:-1]).any():  # each n-gram once, as in a fitted vocabulary
                object.__setattr__(self, "_keys", keys[order])  # the n-grams as numbers, sorted
                object.__setattr__(self, "_columns", order.astype(np.intp))  # the feature of each
                object.__setattr__(self, "_slots", _hash_slots(keys[order]))

    # -- prediction --------------------------------------------------------------------------------

    def scores(self, prepared: Sequence[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Decision scores (texts x outputs): tf-idf of each prepared text (and its dense features) times
        the weights, plus the intercepts."""
        col_ids, counts, bounds = self._features(prepared)
        n_texts = len(prepared)
        scores = np.tile(self.intercept, (n_texts, 1))
        n_grams = len(self.vocabulary)
        if self.dense_names:
            if dense is None or dense.shape != (n_texts, len(self.dense_names)):
                shape = None if dense is None else dense.shape
                raise ValueError(f"expected dense features of shape {(n_texts, len(self.dense_names))}, got {shape}")
            # each row summed on its own (BLAS would sum a row in another order in a batch of another size)
            scores += np.einsum("td,dc->tc", dense, self.weights[n_grams:])
        if not len(col_ids):
            return scores
        lengths = np.diff(bounds)
        row_ids = np.repeat(np.arange(n_texts), lengths)
        values = (np.log(counts.astype(np.float64)) + 1.0) * self.idf[col_ids]
        norms = np.sqrt(np.bincount(row_ids, weights=values * values, minlength=n_texts))
        norms[norms == 0] = 1.0
        values /= norms[row_ids]
        contributions = self.weights[col_ids] * values[:, None]
        filled = lengths > 0  # texts with at least one known n-gram: their features are contiguous
        scores[filled] += np.add.reduceat(contributions, bounds[:-1][filled], axis=0)
        return scores

    def _features(self, prepared: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The known n-grams of each text: their features and counts, text after text, each text's in the order
        they first occur in ``char_ngrams`` (the order their sums are taken in, so that a score is the same to
        the last bit however it is computed), and where each text's begin (``n_texts + 1`` bounds).

        Done on all the texts at once with numpy: an n-gram is a number (its characters' code points + 1, 21
        bits each), looked up in a hashed table of the vocabulary's sorted numbers (``_look_up``); one sort of the known
        n-grams by text, feature and place counts them, and a table by place puts each text's in order."""
        if not hasattr(self, "_keys"):
            return self._features_one_by_one(prepared)
        keys: np.ndarray = self._keys  # type: ignore[attr-defined]
        n_texts = len(prepared)
        sizes = np.fromiter(map(len, prepared), dtype=np.intp, count=n_texts)
        raw = "".join(prepared).encode("utf-32-le", "surrogatepass")  # a lone surrogate is a character too
        codes = np.frombuffer(raw, dtype=np.uint32).astype(np.int64) + 1
        text_of = np.repeat(np.arange(n_texts, dtype=np.intp), sizes)
        # An n-gram's place among its text's n-grams in char_ngrams order (by n, then position): its position in
        # codes, minus where its text begins, plus its text's shorter n-grams.
        low, high = self.ngram_range
        shift = np.cumsum(sizes) - sizes
        np.negative(shift, out=shift)
        grams, texts, places = [], [], []
        for n in range(low, high + 1):
            m = len(codes) - n + 1
            if m <= 0:
                break
            gram = codes[:m]
            for k in range(1, n):
                gram = (gram << _CODE_BITS) | codes[k : k + m]
            at = np.flatnonzero(text_of[:m] == text_of[n - 1 : n - 1 + m])  # not across two texts
            text = text_of[at]
            grams.append(gram[at])
            texts.append(text)
            places.append(at + shift[text])
            shift += np.maximum(sizes - (n - 1), 0)
        if not grams or not len(keys):
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(n_texts + 1, np.intp)
        gram = np.concatenate(grams)
        found = _look_up(keys, self._slots, gram)  # type: ignore[attr-defined]
        known = keys[found] == gram
        n_cols = len(self.vocabulary)
        text = np.concatenate(texts)[known]
        pairs = text.astype(np.int64) * n_cols + self._columns[found[known]]  # type: ignore[attr-defined]
        if not len(pairs):
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(n_texts + 1, np.intp)
        # Each distinct (text, feature) with its count and first place: sorted by both and the place.
        per_text = shift + np.cumsum(sizes) - sizes  # every n-gram of each text
        width = int(per_text.max())
        ordered = np.sort(pairs * width + np.concatenate(places)[known])
        pairs = ordered // width
        starts = np.flatnonzero(np.concatenate(([True], pairs[1:] != pairs[:-1])))
        counts = np.diff(starts, append=len(ordered))
        distinct = pairs[starts]
        # Text after text, by first place: a table of every n-gram's place in all the texts holds each distinct one.
        before = np.cumsum(per_text) - per_text
        table = np.full(int(per_text.sum()), -1, dtype=np.intp)
        table[before[distinct // n_cols] + ordered[starts] % width] = np.arange(len(starts))
        order = table[table >= 0]
        distinct, counts = distinct[order], counts[order]
        bounds = np.searchsorted(distinct // n_cols, np.arange(n_texts + 1))
        return (distinct % n_cols).astype(np.intp), counts, bounds

    def _features_one_by_one(self, prepared: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``_features`` for n-grams too long to be one int64: text by text, n-gram by n-gram."""
        lookup = self._index.get  # type: ignore[attr-defined]
        low, high = self.ngram_range
        bounds: list[int] = [0]
        cols: list[int] = []
        counts: list[int] = []
        for text in prepared:
            seen = Counter(map(lookup, _ngrams(text, low, high)))
            seen.pop(None, None)
            cols.extend(seen.keys())  # type: ignore[arg-type]
            counts.extend(seen.values())
            bounds.append(len(cols))
        return np.asarray(cols, dtype=np.intp), np.asarray(counts, dtype=np.intp), np.asarray(bounds, dtype=np.intp)

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
