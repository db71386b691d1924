"""The term lexicons' pre-search never passes over a text in which the full search finds something, with hypothesis.

``TermLexicon.find`` and ``StaleTermLexicon.find`` first look for the words of which every match of a wording holds
one (``required_words``: a phrase itself, a run of a pattern's literals, sets and alternatives) and pass a text
over when it has none. Here the full search is done plainly (every phrase with ``in``, every pattern with
``re.search``, on the half-width text) and the matches by brute force (``tests.test_wording.brute_force``), on
texts of the lexicons' own wordings, examples of their patterns and near misses of both, for the shipped lexicons
and for random ones.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.checks.terms import NonstandardTermCheck
from analyzers.term_lexicons import StaleTermLexicon, TermLexicon, _may_match, _required_run, required_words
from analyzers.text import normalize_width
from analyzers.wording import Wordings
from tests.checks.conftest import context
from tests.test_wording import FILLER, Wording, as_found, brute_force, pattern_example, wording_pieces

PROPERTY = settings(max_examples=200, derandomize=True, deadline=None, database=None)

LEXICONS = {"terms": TermLexicon.load_default(), "stale_terms": StaleTermLexicon.load_default()}
PIECES = {name: wording_pieces(lexicon.data.entries) for name, lexicon in LEXICONS.items()}
FILLER_TEXT = st.text(st.sampled_from(FILLER + "个两三四确立维护自信十九届中全会“”《》（）()ＡＢ１２\n"), max_size=4)


def occurs(entries: Sequence[Wordings], text: str) -> bool:
    """Whether the full search finds a wording of ``entries`` in ``text``: any phrase or pattern, anywhere in its
    half-width form."""
    plain = normalize_width(text)
    return any(normalize_width(phrase) in plain for entry in entries for phrase in entry.phrases) or any(
        re.search(pattern, plain) for entry in entries for pattern in entry.patterns
    )


def skipped(required: re.Pattern[str] | None, text: str) -> bool:
    """Whether the pre-search passes ``text`` over (told its half-width form or not)."""
    plain = normalize_width(text)
    assert _may_match(required, text, None) == _may_match(required, text, plain)
    return not _may_match(required, text, plain)


# -- the shipped lexicons -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_every_wording_and_every_match_of_a_pattern_passes_the_presearch(name: str) -> None:
    lexicon = LEXICONS[name]
    required = lexicon._required
    assert required is not None, "the shipped lexicons are pre-searched"
    rng = random.Random(3)
    checked = 0
    for entry in lexicon.data.entries:
        for phrase in entry.phrases:
            assert not skipped(required, phrase), phrase
        for pattern in entry.patterns:
            for _ in range(30):
                example = pattern_example(pattern, rng)
                if re.search(pattern, normalize_width(example)):
                    assert not skipped(required, example), (pattern, example)
                    checked += 1
    assert checked > 20 * sum(len(entry.patterns) for entry in lexicon.data.entries)


@pytest.mark.parametrize("name", sorted(LEXICONS))
@PROPERTY
@given(data=st.data())
def test_the_presearch_skips_no_text_the_full_search_finds_something_in(name: str, data: st.DataObject) -> None:
    """Findings with the pre-search (``find``, told the half-width text or not) are the brute-force matches."""
    lexicon = LEXICONS[name]
    entries = lexicon.data.entries
    text = data.draw(st.lists(st.one_of(st.sampled_from(PIECES[name]), FILLER_TEXT), max_size=6).map("".join))
    expected = brute_force(entries, text)
    assert as_found(lexicon.find(text)) == expected
    assert as_found(lexicon.find(text, normalize_width(text))) == expected
    if skipped(lexicon._required, text):
        assert not occurs(entries, text)


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(PIECES["terms"]), FILLER_TEXT), max_size=5).map("".join),
                min_size=1, max_size=4))  # fmt: skip
def test_the_nonstandard_term_check_flags_what_the_full_search_finds(paragraphs: list[str]) -> None:
    """terms.nonstandard, which hands the lexicon each block's half-width text, on a report of random paragraphs."""
    ctx = context([("achievements", "一、主要工作进展成效", ["支部" + p.replace("\n", "") + "。" for p in paragraphs])])
    entries = LEXICONS["terms"].data.entries
    expected = [
        (index, start, end, matched)
        for index, block in enumerate(ctx.document.blocks)
        for _, start, end, matched in brute_force(entries, block.text)
        if start >= block.content_start
    ]
    findings = NonstandardTermCheck().run(ctx)
    assert [(f.span.block, f.span.start, f.span.end, f.text) for f in findings if f.span] == expected


# -- random lexicons ----------------------------------------------------------------------------------------------

# Patterns whose required run crosses sets, alternatives, escapes and verbose spaces, or stops at a repeat, a
# lookaround, a negated set or a class.
PATTERNS = (
    "党的(?:1[5-9]|20)大", "两个(?:确立|维护)", "[“\"]?两学一做[”\"]?", "学习贯彻(?=党)", "(?<![0-9])3会[1一]课",
    "做到[“”]?两个", "党(?:建|)工作", "工作a{2}b", "(?:党|学)习?建设", "(?x) 党 建 工 作", "a\\.b",
    "十九届[一二三七]中全会", "建(?!设)工", "[0-9]+个务必", "1[-–]2项", "学[^a]习", "\\d+党员", "第[1一]议题",
    "a(?:b|)c", "x(?:y|z)?w", "[(（]试行[)）]", "党(?:a|b(?:c|d))建", "习\\s*近平", "(?:十九|二十)大精神", "a[b-d]{1}e",
    "①党",
)  # fmt: skip
NO_RUN = ("党|建设", "(?i)ab", "[^，]{2}", "(?:党建)+")  # no required run: every text is searched
WORD_CHARS = "党建学习工作两个确立维护十九大ab1一“”（）(Ａ１"


TERM_PHRASES = st.lists(st.text(st.sampled_from(WORD_CHARS), min_size=1, max_size=4), max_size=3)
TERM_PATTERNS = st.lists(st.sampled_from(PATTERNS), max_size=2)
RANDOM_CHARS = st.text(st.sampled_from(WORD_CHARS + "的，。 "), max_size=3)


@st.composite
def term_entries(draw: st.DrawFn) -> Wording:
    phrases, patterns = draw(TERM_PHRASES), draw(TERM_PATTERNS)
    return Wording("", tuple(phrases), tuple(patterns) if phrases else (PATTERNS[0], *patterns))


@PROPERTY
@given(st.lists(term_entries(), min_size=1, max_size=5), st.data())
def test_the_presearch_of_a_random_lexicon_skips_no_text_with_a_match(
    entries: list[Wording], data: st.DataObject
) -> None:
    required = required_words(entries)
    assert required is not None
    pieces = wording_pieces(entries, seed=len(entries))
    piece = st.one_of(st.sampled_from(pieces), RANDOM_CHARS)
    for text in data.draw(st.lists(st.lists(piece, max_size=6).map("".join), min_size=1, max_size=4)):
        if skipped(required, text):
            assert not occurs(entries, text), text
            assert brute_force(entries, text) == []


@pytest.mark.parametrize("pattern", PATTERNS)
def test_each_pattern_of_the_random_lexicons_has_a_required_run(pattern: str) -> None:
    """So that the random lexicons are pre-searched (a pattern without a run turns the pre-search off)."""
    assert _required_run(pattern) is not None


@pytest.mark.parametrize("pattern", NO_RUN)
def test_a_pattern_without_a_required_run_turns_the_presearch_off(pattern: str) -> None:
    assert required_words([Wording("w", ("党建",), (pattern,)), Wording("v", patterns=PATTERNS[:3])]) is None


@pytest.mark.parametrize(
    ("pattern", "run"),
    [("党的(?:1[5-9]|20)大", ("党", "的(?:1[5-9]|20)大")), ("(?:党|学)习?建设", ("建", "设")), ("学[^a]习", ("学", "")),
     ("(?x) 党 建", ("党", "建")), ("[0-9]+个务必", ("个", "务必")), ("建(?!设)工", ("建", ""))],
)  # fmt: skip
def test_the_required_run_is_the_longest_run_of_literals_sets_and_alternatives(pattern: str, run: tuple) -> None:
    assert _required_run(pattern) == run
