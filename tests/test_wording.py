"""The wording matcher's shortcuts give what a brute-force search gives, with hypothesis.

``WordingMatcher`` looks wordings up by the two characters a match starts with, and ``find_many`` finds where a
wording can start in all its texts at once with a numpy table; ``scanner`` and ``sparse_scanner`` try a regex only
where it can start. Here every occurrence of every wording is found plainly (``str.find`` and ``re.search`` in a
loop) and the documented rule picks the matches: at each position the longest wording wins (of equally long ones
the first in the lexicon's order; the patterns that can start anywhere come after the others, as the matcher has
always ranked them), matches do not overlap, and a match that one of its entry's ``exclude`` wordings covers is no
match. Random lexicons, random texts and the shipped lexicons are compared.
"""

from __future__ import annotations

import functools
import json
import random
import re
import re._constants as _constants
import re._parser as _parser
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import vagueness_model
from analyzers.checks import residue, voice
from analyzers.lexicons import VagueLexicon
from analyzers.number_formulas import default_formulas
from analyzers.term_lexicons import StaleTermLexicon, TermLexicon
from analyzers.text import normalize_width
from analyzers.wording import Match, WordingMatcher, Wordings, first_chars, scanner, sparse_scanner

ROOT = Path(__file__).resolve().parent.parent
PROPERTY = settings(max_examples=200, derandomize=True, deadline=None, database=None)

# -- the reference ----------------------------------------------------------------------------------------------

Found = tuple[Wordings, int, int, str]
_LAST = 1 << 30  # the rank added to a pattern that can start anywhere: after every other wording


def brute_force(entries: Sequence[Wordings], text: str, last: Collection[str] = ()) -> list[Found]:
    """The matches of ``entries`` in ``text`` by the matcher's documented rule, found plainly: every occurrence of
    every wording in the half-width text, then left to right the longest at each free position (of equally long
    ones the first in the lexicon's order, the patterns of ``last`` after all others), unless an ``exclude``
    wording of its entry covers it."""
    plain = normalize_width(text)
    at: dict[int, list[tuple[int, int, Wordings]]] = defaultdict(list)  # start -> (end, rank, entry)
    rank = 0
    for entry in entries:
        for phrase in entry.phrases:
            word = normalize_width(phrase)
            start = plain.find(word)
            while start != -1:
                at[start].append((start + len(word), rank, entry))
                start = plain.find(word, start + 1)
            rank += 1
        for pattern in entry.patterns:
            compiled = re.compile(pattern)
            order = rank + (_LAST if pattern in last else 0)
            match = compiled.search(plain)
            while match is not None:
                at[match.start()].append((match.end(), order, entry))
                match = compiled.search(plain, match.start() + 1)
            rank += 1
    found: list[Found] = []
    after = 0
    for start in sorted(at):
        if start < after:
            continue
        end, _, entry = min(at[start], key=lambda hit: (-hit[0], hit[1]))
        if any(_covers(plain, normalize_width(word), start, end) for word in entry.exclude):
            continue
        found.append((entry, start, end, text[start:end]))
        after = end
    return found


def _covers(plain: str, word: str, start: int, end: int) -> bool:
    """Whether ``word`` occurs in ``plain`` over all of ``[start, end)``."""
    return any(plain.startswith(word, at) for at in range(max(0, end - len(word)), start + 1))


def as_found(matches: Sequence[Match[Wordings]]) -> list[Found]:
    return [(m.entry, m.start, m.end, m.matched) for m in matches]


def anywhere(entries: Sequence[Wordings]) -> set[str]:
    """The patterns the matcher tries at every position (no first character can be worked out)."""
    return {p for e in entries for p in e.patterns if first_chars(p) is None}


# -- examples of patterns -----------------------------------------------------------------------------------------

FILLER = "的了在和与是中国人民大会议路线a1Ｚ，。、 "


def pattern_example(pattern: str, rng: random.Random) -> str:
    """A string built along ``pattern``'s parsed form (a random branch, a random count of a repeat, a member of
    a set): usually a match, sometimes not (lookarounds are left out), so a near miss as well."""
    return _sample(_parser.parse(pattern).data, rng)


def _sample(items: list, rng: random.Random) -> str:
    out = []
    for op, av in items:
        if op is _constants.LITERAL:
            out.append(chr(av))
        elif op in (_constants.NOT_LITERAL, _constants.ANY):
            out.append(rng.choice(FILLER))
        elif op is _constants.IN:
            out.append(_member(av, rng))
        elif op is _constants.BRANCH:
            out.append(_sample(rng.choice(av[1]).data, rng))
        elif op is _constants.SUBPATTERN:
            out.append(_sample(av[-1].data, rng))
        elif op is _constants.ATOMIC_GROUP:
            out.append(_sample(av.data, rng))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            low, high, body = av
            out.extend(_sample(body.data, rng) for _ in range(rng.randint(low, min(high, low + 2))))
    return "".join(out)


def _member(members: list, rng: random.Random) -> str:
    op, av = rng.choice(members)
    if op is _constants.LITERAL:
        return chr(av)
    if op is _constants.RANGE:
        return chr(rng.randint(*av))
    if op is _constants.CATEGORY:
        return {_constants.CATEGORY_DIGIT: "7", _constants.CATEGORY_SPACE: " "}.get(av, "x")
    return rng.choice(FILLER)  # NEGATE


def near_misses(word: str, rng: random.Random) -> list[str]:
    """``word`` with a character left out, one replaced, and cut short."""
    if len(word) < 2:
        return []
    i = rng.randrange(len(word))
    return [word[:i] + word[i + 1 :], word[:i] + rng.choice(FILLER) + word[i + 1 :], word[:-1]]


def wording_pieces(entries: Sequence[Wordings], seed: int = 1) -> list[str]:
    """Each entry's phrases, exclude wordings and a few examples of its patterns, with near misses of each."""
    rng = random.Random(seed)
    pieces: list[str] = []
    for entry in entries:
        words = [*entry.phrases, *entry.exclude]
        words += [pattern_example(p, rng) for p in entry.patterns for _ in range(3)]
        pieces += words
        pieces += [miss for word in words for miss in near_misses(word, rng)]
    return [p for p in dict.fromkeys(pieces) if p]


# -- random lexicons ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Wording:
    """A lexicon entry as the matcher sees it (compared by identity, as the matcher keeps it)."""

    name: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Wording({self.name!r}, {self.phrases!r}, {self.patterns!r}, {self.exclude!r})"


# Wordings are made of few characters, so that texts hold many, overlapping, at their ends; Ａ and １ are full-width
# forms of A and 1 (matched on the half-width text), \x00 is the character the start table joins texts with.
WORD_CHARS = "党建学习工作会aA1，\x00"
TEXT_CHARS = WORD_CHARS + "ＡＡ１的中。 \n😀\ud800"
STABLE = "党建学习工作会aA1，的中"  # characters normalize_width leaves as they are
INDEXED = (
    "党建(?:工作)?", "学习?", "[党学]建", "工作会?", "a+1", "[aA]1", "建(?=学)", "(?<=党)建学?", "会(?!a)",
    "(?:党|学)(?:建|习)", "1{2,3}", "党(?:建|)", "习$", "a\\b", "(?:建学|建)工?", "作[^，]", "(?:a|党)\\d", "学{2}",
    "党建?工", "工*作", "(?:会|)习?a", "(?:)党", "[１1]党", "^工", "建|学作", "(?:党建|党)(?:工作|工)",
)  # fmt: skip
EVERYWHERE = ("[^，]党", "\\d+", ".建", "\\w习", "[一-龥]学", "(?:[^a]|a)作", "(?>党建)作")  # no first character


PHRASES = st.lists(st.text(st.sampled_from(WORD_CHARS + "ＡＡ１"), min_size=1, max_size=4), max_size=4)
AROUND = st.text(st.sampled_from(STABLE), max_size=2)
RANDOM_CHARS = st.text(st.sampled_from(TEXT_CHARS), max_size=3)


@st.composite
def wording_entries(draw: st.DrawFn, patterns: st.SearchStrategy[list[str]]) -> Wording:
    phrases = draw(PHRASES)
    chosen = draw(patterns)
    exclude: list[str] = []
    for phrase in phrases[:2]:
        if draw(st.booleans()):
            exclude.append(draw(AROUND) + normalize_width(phrase) + draw(AROUND))
    return Wording("", tuple(phrases), tuple(chosen), tuple(w for w in exclude if w))


def lexicons(patterns: Sequence[str]) -> st.SearchStrategy[list[Wording]]:
    some = wording_entries(st.lists(st.sampled_from(patterns), max_size=2))
    named = st.lists(some.filter(lambda entry: bool(entry.phrases or entry.patterns)), min_size=1, max_size=6)
    return named.map(
        lambda entries: [Wording(f"e{i}", e.phrases, e.patterns, e.exclude) for i, e in enumerate(entries)]
    )


def texts_of(entries: Sequence[Wordings], data: st.DataObject, max_texts: int = 5) -> list[str]:
    """A few texts of random characters and pieces of the lexicon's own wordings."""
    pieces = wording_pieces(entries)
    piece = st.one_of(RANDOM_CHARS, *([st.sampled_from(pieces)] if pieces else []))
    return data.draw(st.lists(st.lists(piece, max_size=8).map("".join), max_size=max_texts))


def _check(
    entries: Sequence[Wordings], texts: Sequence[str], last: Collection[str] = (), matcher: WordingMatcher | None = None
) -> None:
    matcher = matcher or WordingMatcher(entries)
    expected = [brute_force(entries, text, last) for text in texts]
    assert [as_found(matcher.find(text)) for text in texts] == expected
    assert [as_found(found) for found in matcher.find_many(texts)] == expected


@PROPERTY
@given(lexicons(INDEXED), st.data())
def test_find_and_find_many_equal_a_brute_force_search_on_random_lexicons(
    entries: list[Wording], data: st.DataObject
) -> None:
    """Wordings indexed by their first two characters (or the first alone), looked up in all texts at once."""
    assert WordingMatcher(entries)._table is not None  # find_many takes the numpy path
    _check(entries, texts_of(entries, data))


@PROPERTY
@given(lexicons(INDEXED + EVERYWHERE), st.data())
def test_find_and_find_many_equal_a_brute_force_search_with_patterns_tried_everywhere(
    entries: list[Wording], data: st.DataObject
) -> None:
    """The patterns no first character can be worked out for (EVERYWHERE) are tried at every position, and rank
    after the other wordings."""
    _check(entries, texts_of(entries, data), last=EVERYWHERE)


# -- the shipped lexicons -----------------------------------------------------------------------------------------


def _shipped() -> dict[str, Sequence[Wordings]]:
    return {
        "vague": VagueLexicon.load_default().data.entries,
        "terms": TermLexicon.load_default().data.entries,
        "stale_terms": StaleTermLexicon.load_default().data.entries,
    }


SHIPPED = _shipped()
SHIPPED_PIECES = {name: wording_pieces(entries) for name, entries in SHIPPED.items()}


@functools.cache
def shipped_matcher(name: str) -> WordingMatcher:
    """The matcher of a shipped lexicon, built once (about 0.1 s for the vague lexicon)."""
    return WordingMatcher(SHIPPED[name])


FILLER_TEXT = st.text(st.sampled_from(FILLER + "ＡＢ１２党支部进一步加强“”《》\n"), max_size=4)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_the_shipped_lexicons_take_the_numpy_path(name: str) -> None:
    assert shipped_matcher(name)._table is not None and not anywhere(SHIPPED[name])


@pytest.mark.parametrize("name", sorted(SHIPPED))
@settings(max_examples=120, derandomize=True, deadline=None, database=None)
@given(data=st.data())
def test_the_shipped_lexicons_find_what_a_brute_force_search_finds(name: str, data: st.DataObject) -> None:
    """Texts of the lexicon's phrases, exclude wordings, examples of its patterns and near misses of all three."""
    piece = st.one_of(st.sampled_from(SHIPPED_PIECES[name]), FILLER_TEXT)
    texts = data.draw(st.lists(st.lists(piece, max_size=6).map("".join), max_size=4))
    _check(SHIPPED[name], texts, matcher=shipped_matcher(name))


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_the_vague_lexicon_finds_in_the_corpus_what_a_brute_force_search_finds() -> None:
    """Every labelled sentence, all at once as the vagueness model reads them (every third compared with the slower
    brute force), and each alone."""
    lexicon = VagueLexicon.load_default()
    texts = _corpus_texts()
    assert len(texts) > 4000
    found = [[(h.entry_id, h.start, h.end, h.matched) for h in hits] for hits in lexicon.find_many(texts)]
    expected = [[(e.id, s, t, m) for e, s, t, m in brute_force(lexicon.data.entries, text)] for text in texts[::3]]
    assert sum(map(len, expected)) > 500
    assert found[::3] == expected
    assert lexicon.find_many(texts) == [lexicon.find(text) for text in texts]


# -- edges --------------------------------------------------------------------------------------------------------

ONE = Wording("one", phrases=("党",))
TWO = Wording("two", phrases=("党建", "建设"))
LONG = Wording("long", phrases=("党建设",), exclude=("党建设者",))
END = Wording("end", patterns=("学习?",))
EDGE_LEXICON = (ONE, TWO, LONG, END)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("党", [("one", 0, 1)]),  # a one-character wording, the whole text
        ("党党", [("one", 0, 1), ("one", 1, 2)]),
        ("中党", [("one", 1, 2)]),  # a one-character wording at the very end
        ("党建", [("two", 0, 2)]),  # the longer of two wordings that start alike
        ("党建设", [("long", 0, 3)]),  # the longest of three; 建设 overlaps it and is not found
        ("党建设者", [("two", 1, 3)]),  # the longest is excluded: none at 0 (no shorter one tried), 建设 at 1
        ("学党建设", [("end", 0, 1), ("long", 1, 4)]),
        ("建设学", [("two", 0, 2), ("end", 2, 3)]),  # a pattern at the very end (its optional 习 missing)
        ("建设学习", [("two", 0, 2), ("end", 2, 4)]),
        ("ＡＢ党", [("one", 2, 3)]),  # offsets into the text, not its half-width form
    ],
)
def test_edge_texts(text: str, expected: list[tuple[str, int, int]]) -> None:
    """One-character wordings, wordings at the very end, overlapping and excluded ones, an empty text."""
    matcher = WordingMatcher(EDGE_LEXICON)
    assert [(m.entry.name, m.start, m.end) for m in matcher.find(text)] == expected
    assert as_found(matcher.find(text)) == brute_force(EDGE_LEXICON, text)
    assert [as_found(found) for found in matcher.find_many([text, text])] == [brute_force(EDGE_LEXICON, text)] * 2


def test_find_many_of_no_texts_and_of_empty_texts() -> None:
    matcher = WordingMatcher(EDGE_LEXICON)
    assert matcher.find_many([]) == []
    assert matcher.find_many(["", "", ""]) == [[], [], []]
    assert [len(found) for found in matcher.find_many(["", "党", ""])] == [0, 1, 0]


def test_a_wording_is_not_found_across_two_texts_of_find_many() -> None:
    """The texts are joined for the start table: a wording must not start at the end of one and end in the next."""
    matcher = WordingMatcher([TWO, Wording("x", phrases=("建\x00",))])
    assert matcher.find_many(["党", "建", "设", "建", ""]) == [[], [], [], [], []]
    assert [as_found(found) for found in matcher.find_many(["学党", "建设"])] == [[], [(TWO, 0, 2, "建设")]]


# -- what the matcher once got wrong (found by these tests) -------------------------------------------------------


@pytest.mark.parametrize("pattern", ["(?i)ab", "(?i:a)b"])
def test_a_case_insensitive_pattern_is_found_in_either_case(pattern: str) -> None:
    """first_chars once indexed (?i)ab by 'a' alone, so 'Ab' was never tried."""
    entries = [Wording("i", patterns=(pattern,))]
    assert as_found(WordingMatcher(entries).find("Ab ab")) == brute_force(entries, "Ab ab")
    compiled = re.compile(pattern)
    assert [m.span() for m in scanner(compiled)("Ab ab")] == [m.span() for m in compiled.finditer("Ab ab")]
    assert [m.span() for m in sparse_scanner(compiled)("Ab ab")] == [m.span() for m in compiled.finditer("Ab ab")]


def test_a_full_width_exclude_wording_applies() -> None:
    """The text is matched in its half-width form; an exclude wording written full-width once never applied."""
    entries = [Wording("fw", phrases=("党建",), exclude=("党建ＡＢ",))]
    assert brute_force(entries, "党建ＡＢ") == []
    assert as_found(WordingMatcher(entries).find("党建ＡＢ")) == []


def test_of_equally_long_matches_a_pattern_that_can_start_anywhere_yields_to_an_indexed_wording() -> None:
    """_candidates' order: the lexicon's, with the patterns that can start anywhere last."""
    first, second = Wording("a", patterns=("[^x]b",)), Wording("b", phrases=("ab",))
    assert [m.entry.name for m in WordingMatcher([first, second]).find("ab")] == ["b"]
    assert [m.entry.name for m in WordingMatcher([first]).find("ab")] == ["a"]


# -- scanner and sparse_scanner -----------------------------------------------------------------------------------

SCANNED = {
    "data": vagueness_model._DATA_RE,
    "dates": vagueness_model._DATE_RE,
    "persons": vagueness_model._PERSON_RE,
    "years": vagueness_model._YEAR_RE,
    "formulas": default_formulas().formulas,
    "actors": voice._ACTOR_RE,
    "placeholders": residue._PLACEHOLDER_RE,
}
SCAN_CHARS = "0123456789.,年月日号第名次人个万元%一二三十两是会课书记王李同志与党支部（）()“”《》，。XＸ□ "


SCANNED_PIECES = {
    name: [pattern_example(p.pattern, random.Random(seed)) for seed in range(40)] for name, p in SCANNED.items()
}


@PROPERTY
@given(st.sampled_from(sorted(SCANNED)), st.data())
def test_scanners_give_what_finditer_gives(name: str, data: st.DataObject) -> None:
    """The regexes the product scans with, on texts of their own examples and the characters they look for."""
    pattern = SCANNED[name]
    piece = st.one_of(st.sampled_from(SCANNED_PIECES[name]), st.text(st.sampled_from(SCAN_CHARS), max_size=4))
    text = data.draw(st.lists(piece, max_size=8).map("".join))
    expected = [(m.span(), m.group(0)) for m in pattern.finditer(text)]
    assert [(m.span(), m.group(0)) for m in scanner(pattern)(text)] == expected
    assert [(m.span(), m.group(0)) for m in sparse_scanner(pattern)(text)] == expected


@PROPERTY
@given(st.sampled_from(INDEXED + EVERYWHERE), st.text(st.sampled_from(TEXT_CHARS), max_size=20))
def test_scanners_give_what_finditer_gives_for_random_patterns(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    expected = [m.span() for m in compiled.finditer(text)]
    assert [m.span() for m in scanner(compiled)(text)] == expected
    assert [m.span() for m in sparse_scanner(compiled)(text)] == expected
