"""The linear models' batch computations give what one sentence at a time and a plain count give, with hypothesis.

``LinearTextModel._features`` finds the known n-grams of all the texts at once (each n-gram a number looked up by
binary search, one sort to count them, a table to put each text's in the order they first occur), so that a score
is the same to the last bit however many texts are scored together. The vagueness model reads the facts of all
the sentences at once (the lexicon's ``find_many``) and skips a fact's regex where a word it needs is absent. Here
the n-grams are counted plainly, text by text, the facts are read with the plain regexes, and batches are compared
with one sentence at a time: same matrices, same floats.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import vagueness_model as vm
from analyzers.labels import parse_label
from analyzers.linear_model import LinearTextModel, _ngrams, char_ngrams
from analyzers.number_formulas import MASK, NumberFormulas
from analyzers.section_model import SectionClassifier
from analyzers.section_model import prepare as prepare_section
from analyzers.text import normalize_width
from analyzers.vagueness_model import Facts, VaguenessModel, VaguenessScorer, dense_features, read_all_facts, read_facts
from tests.test_wording import _corpus_texts

PROPERTY = settings(max_examples=200, derandomize=True, deadline=None, database=None)

Features = tuple[np.ndarray, np.ndarray, np.ndarray]


TEXTS = _corpus_texts()


@functools.cache
def models() -> dict[str, tuple[LinearTextModel, list[str]]]:
    """Each shipped model with the corpus prepared as it prepares a text."""
    vagueness, sections = VaguenessModel.load(), SectionClassifier.load()
    return {
        "vagueness": (vagueness, [vm.prepare(text) for text in TEXTS]),
        "sections": (sections, [prepare_section(text) for text in TEXTS]),
    }


@functools.cache
def scorer() -> VaguenessScorer:
    loaded = VaguenessScorer.load_default()
    assert loaded is not None, "models/vagueness.npz is shipped"
    return loaded


# -- the references -----------------------------------------------------------------------------------------------


def plain_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's character n-grams: by length, then by position."""
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


@functools.lru_cache(maxsize=4)
def _column_of(model: LinearTextModel) -> dict[str, int]:
    return {gram: j for j, gram in enumerate(model.vocabulary.tolist())}


def plain_features(model: LinearTextModel, prepared: Sequence[str]) -> Features:
    """The known n-grams of each text, counted text by text: (their columns, their counts) in the order they first
    occur, and where each text's begin."""
    column = _column_of(model)
    cols: list[int] = []
    counts: list[int] = []
    bounds = [0]
    for text in prepared:
        seen: dict[int, int] = {}
        for gram in plain_ngrams(text, *model.ngram_range):
            if (j := column.get(gram)) is not None:
                seen[j] = seen.get(j, 0) + 1
        cols += seen
        counts += seen.values()
        bounds.append(len(cols))
    return np.array(cols, dtype=np.intp), np.array(counts, dtype=np.intp), np.array(bounds, dtype=np.intp)


def plain_scores(model: LinearTextModel, prepared: Sequence[str], dense: np.ndarray | None = None) -> np.ndarray:
    """Sublinear tf-idf, l2-normed, of each text (then its dense features) times the weights, plus the intercepts."""
    n_grams = len(model.vocabulary)
    cols, counts, bounds = plain_features(model, prepared)
    rows = []
    for i in range(len(prepared)):
        known = cols[bounds[i] : bounds[i + 1]]
        x = np.array(
            [(math.log(c) + 1.0) * model.idf[j] for j, c in zip(known, counts[bounds[i] : bounds[i + 1]], strict=True)]
        )
        norm = math.sqrt(float(np.sum(x * x)))
        row = (x / (norm or 1.0)) @ model.weights[known] + model.intercept  # the text's non-zero tf-idf only
        if dense is not None:
            row += dense[i] @ model.weights[n_grams:]
        rows.append(row)
    return np.array(rows).reshape(len(prepared), model.weights.shape[1])


def per_text(features: Features) -> list[list[tuple[int, int]]]:
    """(column, count) of each text's known n-grams, in their order."""
    cols, counts, bounds = (part.tolist() for part in features)
    pairs = list(zip(cols, counts, strict=True))
    return [pairs[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def alone(model: LinearTextModel, prepared: Sequence[str]) -> list[list[tuple[int, int]]]:
    """``_features`` of each text alone."""
    return [per_text(model._features([text]))[0] for text in prepared]


# -- n-grams and features -----------------------------------------------------------------------------------------

ODD = ["", "a", "党", "\x00", "\ud800", "𠀀", "😀党", "党\x00建", "aaaa", "党党党党党", "0年0月底前完成", "\U0010ffff"]


@PROPERTY
@given(st.text(st.sampled_from("党支部学习0a \x00\ud800𠀀😀"), max_size=12), st.integers(1, 3), st.integers(0, 3))
def test_ngrams_built_in_c_loops_are_char_ngrams(text: str, low: int, more: int) -> None:
    assert (
        list(_ngrams(text, low, low + more))
        == char_ngrams(text, (low, low + more))
        == plain_ngrams(text, low, low + more)
    )


@pytest.mark.parametrize("name", ["vagueness", "sections"])
def test_the_features_of_the_corpus_at_once_equal_a_plain_count_and_each_sentence_alone(name: str) -> None:
    model, prepared = models()[name]
    assert hasattr(model, "_keys"), "the shipped model takes the numpy path"
    texts = [*ODD, *prepared, *ODD]
    found = per_text(model._features(texts))
    assert len(found) == len(texts) and sum(map(len, found)) > 100_000
    assert found == per_text(plain_features(model, texts)) == per_text(model._features_one_by_one(texts))
    assert found[::3] == alone(model, texts[::3])


# Texts of characters the shipped models know (so that most of their n-grams are known) and of odd ones.
VOCABULARY_CHARS = "".join(g for g in VaguenessModel.load().vocabulary.tolist() if len(g) == 1)[:200]
KNOWN_TEXT = st.text(st.sampled_from(VOCABULARY_CHARS + "\x00\ud800𠀀😀\U0010ffff"), max_size=12)
SOME_PREPARED = st.sampled_from([vm.prepare(text) for text in TEXTS[:500]] + ODD)
MODEL_NAMES = st.sampled_from(["vagueness", "sections"])


@PROPERTY
@given(st.data())
def test_the_features_of_random_batches_equal_a_plain_count_and_each_text_alone(data: st.DataObject) -> None:
    """Texts of the model's own characters (so most n-grams are known) and odd ones, empty ones among them."""
    model, _ = models()[data.draw(MODEL_NAMES)]
    texts = data.draw(st.lists(st.one_of(KNOWN_TEXT, SOME_PREPARED), max_size=6))
    found = per_text(model._features(texts))
    assert found == per_text(plain_features(model, texts)) == alone(model, texts)


GRAM_CHARS = "ab党建\x01𠀀😀\U0010ffff"


@PROPERTY
@given(
    st.lists(st.text(st.sampled_from(GRAM_CHARS), min_size=1, max_size=3), min_size=1, max_size=30, unique=True),
    st.sampled_from([(1, 1), (1, 2), (1, 3), (2, 3), (3, 3), (2, 2)]),
    st.lists(st.text(st.sampled_from(GRAM_CHARS + "c"), max_size=10), max_size=6),
)
def test_the_features_of_a_random_vocabulary_equal_a_plain_count(
    grams: list[str], ngram_range: tuple[int, int], texts: list[str]
) -> None:
    """Any vocabulary of n-grams of up to three characters, astral ones included, is looked up as numbers."""
    rng = np.random.default_rng(len(grams))
    model = LinearTextModel(
        vocabulary=np.array(grams, dtype=np.str_),
        idf=rng.uniform(1, 3, len(grams)),
        weights=rng.normal(size=(len(grams), 3)),
        intercept=rng.normal(size=3),
        classes=("x", "y", "z"),
        ngram_range=ngram_range,
    )
    assert hasattr(model, "_keys")
    found = per_text(model._features(texts))
    assert found == per_text(plain_features(model, texts)) == alone(model, texts)
    scores = model.scores(texts)
    assert np.array_equal(scores, np.vstack([model.scores([t]) for t in texts] or [np.zeros((0, 3))]))
    np.testing.assert_allclose(scores, plain_scores(model, texts), rtol=1e-12, atol=1e-12)


# -- scores -------------------------------------------------------------------------------------------------------


@functools.cache
def _corpus_dense() -> np.ndarray:
    model, _ = models()["vagueness"]
    return dense_features(read_all_facts(TEXTS, scorer().lexicon, scorer().formulas), model.dense_names)


@pytest.mark.parametrize("name", ["vagueness", "sections"])
def test_the_scores_of_the_corpus_at_once_equal_each_sentence_alone_to_the_last_bit(name: str) -> None:
    """The n-gram part of the scores (the vagueness model's dense features left at zero: a test below covers
    them), and the whole scores against the plain computation."""
    model, prepared = models()[name]
    zeros = np.zeros((len(prepared), len(model.dense_names))) if model.dense_names else None
    scores = model.scores(prepared, zeros)
    some = range(0, len(prepared), 3)
    one = [model.scores([prepared[i]], None if zeros is None else zeros[:1]) for i in some]
    assert np.array_equal(scores[::3], np.vstack(one))
    dense = _corpus_dense() if model.dense_names else None
    expected = plain_scores(model, prepared, dense)
    np.testing.assert_allclose(model.scores(prepared, dense), expected, rtol=1e-9, atol=1e-12)


@PROPERTY
@given(st.data())
def test_the_scores_of_random_batches_equal_each_text_alone_to_the_last_bit(data: st.DataObject) -> None:
    model, _ = models()["sections"]
    texts = data.draw(st.lists(st.one_of(KNOWN_TEXT, SOME_PREPARED), max_size=6))
    scores = model.scores(texts)
    assert np.array_equal(scores, np.vstack([model.scores([t]) for t in texts] or [np.zeros((0, len(model.classes)))]))


# -- the vagueness model's facts and features ---------------------------------------------------------------------

# The year's regex before it was turned around to be tried at each 年 only.
PLAIN_YEAR_RE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年)|[〇零一二三四五六七八九]{4}(?=年)")


def plain_mask(formulas: NumberFormulas, plain: str) -> tuple[str, tuple[str, ...]]:
    """Formulas, idiom patterns and idioms blanked with ``re.sub``, the formulas found with ``finditer``."""
    found = tuple(m.group(0) for m in formulas.formulas.finditer(plain))
    masked = formulas.formulas.sub(lambda m: MASK * len(m.group(0)), plain)
    masked = formulas.idiom_patterns.sub(lambda m: MASK * len(m.group(0)), masked)
    return formulas.idioms.sub(lambda m: MASK * len(m.group(0)), masked), found


def plain_facts(text: str) -> Facts:
    """``read_facts`` with each regex run plainly over the whole text (no scanners, no words looked for first)."""
    plain = normalize_width(text)
    masked, found = plain_mask(scorer().formulas, plain)
    dates = tuple(m.group(0) for m in vm._DATE_RE.finditer(masked))
    return Facts(
        data_points=tuple(m.group(0) for m in vm._DATA_RE.finditer(masked) if not vm._not_a_count(m)),
        dates=dates,
        year_only=not dates and PLAIN_YEAR_RE.search(masked) is not None,
        named=tuple(
            m.group(0)
            for m in [*vm._BOOK_RE.finditer(plain), *vm._PERSON_RE.finditer(masked), *vm._PARTNER_RE.finditer(masked)]
        ),
        quoted=tuple(m.group(1) for m in vm._QUOTE_RE.finditer(masked) if m.group(1).count(MASK) * 2 < len(m.group(1))),
        outcomes=tuple(m.group(0) for m in vm._OUTCOME_RE.finditer(masked)),
        frequency=vm._FREQUENCY_RE.search(masked) is not None,
        formulas=found,
        hits=tuple(scorer().lexicon.find(text)),
        length=len(text),
    )


def plain_prepare(text: str) -> str:
    """``prepare`` with the regexes it had before: numbers and whitespace replaced by ``re.sub``."""
    text = normalize_width(text).strip()
    label = parse_label(text) if text[:1] in vm._LABEL_STARTS else None
    if label is not None:
        text = text[len(label.text) :]
    return re.sub(r"\s+", "", re.sub(r"[0-9]+(?:\.[0-9]+)?", "0", text)).lower()


def test_the_facts_of_the_corpus_at_once_equal_the_plain_regexes_and_each_sentence_alone() -> None:
    lexicon, formulas = scorer().lexicon, scorer().formulas
    facts = read_all_facts(TEXTS, lexicon, formulas)
    assert facts == [read_facts(text, lexicon, formulas) for text in TEXTS]
    assert facts[::2] == [plain_facts(text) for text in TEXTS[::2]]
    assert sum(bool(f.dates) for f in facts) > 500 and sum(bool(f.named) for f in facts) > 200
    assert [vm.prepare(text) for text in TEXTS] == [plain_prepare(text) for text in TEXTS]


FACT_PIECES = [
    "2022年", "二〇二二年", "12022年", "3月", "十一月", "个月", "5日", "10号", "第一季度", "上半年", "年底前", "月中旬",
    "寒假", "国庆", "每季度", "书记王明", "组织委员李敏同志", "张三同志", "与南岭重工技术中心党支部",
    "《支部工作条例》", "“红色引擎”", "获评", "荣获一等奖", "三会一课", "两个维护", "一是", "12次", "2.5万元",
    "100%", "１００％", "排名第3", "一个", "十分", "进一步加强", "取得一定成效", "党员", "学习", "，", "。", "（一）",
    " ", "\n",
]  # fmt: skip


@PROPERTY
@given(st.lists(st.lists(st.sampled_from(FACT_PIECES), max_size=8).map("".join), max_size=5))
def test_the_facts_of_random_sentences_equal_the_plain_regexes_and_each_sentence_alone(texts: list[str]) -> None:
    lexicon, formulas = scorer().lexicon, scorer().formulas
    facts = read_all_facts(texts, lexicon, formulas)
    assert facts == [read_facts(text, lexicon, formulas) for text in texts]
    assert facts == [plain_facts(text) for text in texts]
    assert [vm.prepare(text) for text in texts] == [plain_prepare(text) for text in texts]


def test_the_dense_features_and_scores_of_the_scorer_at_once_equal_each_sentence_alone() -> None:
    """The scorer's batch (as the vagueness check calls it) against one sentence at a time: the same facts, dense
    matrix and verdicts, probabilities within 1e-12 (to the last bit: the test below)."""
    model = scorer().model
    facts = read_all_facts(TEXTS, scorer().lexicon, scorer().formulas)
    dense = dense_features(facts, model.dense_names)
    assert dense.shape == (len(TEXTS), len(model.dense_names))
    assert np.array_equal(dense, np.vstack([dense_features([f], model.dense_names) for f in facts]))
    texts = TEXTS[::6]
    together = scorer().score(texts)
    alone = [scored for text in texts for scored in scorer().score([text])]
    assert [(s.vague, s.facts) for s in together] == [(s.vague, s.facts) for s in alone]
    np.testing.assert_allclose([s.vagueness for s in together], [s.vagueness for s in alone], rtol=1e-12, atol=0)
    assert scorer().score([]) == []


ODD_ONE = "2026年对学业预警党员实行“一人一帮扶”，每学期期中检查1次学业进展。"  # corpora/labelled, vg-b


def test_a_sentence_scores_the_same_to_the_last_bit_alone_and_in_a_batch() -> None:
    """The dense part was one BLAS product for the batch, which summed a row alone in another order than in a
    batch (4.396843604364381e-06 against 4.3968436043643734e-06 for this sentence); now each row on its own."""
    assert scorer().score([ODD_ONE, ODD_ONE])[0].vagueness == scorer().score([ODD_ONE])[0].vagueness


@PROPERTY
@given(
    st.lists(st.integers(1, 2**62), min_size=1, max_size=3000, unique=True),
    st.lists(st.integers(1, 2**62), max_size=300),
)
def test_the_hashed_lookup_finds_a_key_exactly_where_binary_search_does(keys: list[int], others: list[int]) -> None:
    """_look_up (a slot table, binary search where two keys share a slot) against np.searchsorted: the same keys
    found, none invented, for keys of the vocabulary and numbers that are not keys."""
    from analyzers.linear_model import _hash_slots, _look_up

    ordered = np.array(sorted(keys), dtype=np.int64)
    grams = np.array(keys[::3] + others, dtype=np.int64)
    found = _look_up(ordered, _hash_slots(ordered), grams)
    assert (ordered[found] == grams).tolist() == np.isin(grams, ordered).tolist()


def test_keys_that_share_a_slot_are_still_found() -> None:
    from analyzers.linear_model import _hash_slots, _look_up, _slot_of

    rng = np.random.default_rng(7)  # ten times more keys than a model's, at random: many share a slot
    keys = np.unique(rng.integers(1, 2**62, 200_000, dtype=np.int64))
    slots = _hash_slots(keys)
    assert (slots == -2).any()
    assert (keys[_look_up(keys, slots, keys)] == keys).all()
    assert _slot_of(keys).max() < len(slots)
