"""字数 and sentence bounds against plain reference implementations of their documented rules, with hypothesis.

``count_chars`` counts East Asian characters one by one and other runs as words without a match per character
where no curly apostrophe needs the word rule; ``count_non_whitespace`` sums ``str.split``'s pieces where nothing
is invisible; ``sentence_bounds`` splits lines with ``str.splitlines`` and a line without quotes or brackets at
each run of end marks without its general pass. Each is compared here with a character-by-character reading of
its docstring, and the sentence shortcut also with the general pass it skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import text as text_module
from analyzers.text import count_chars, count_non_whitespace, sentence_bounds, split_sentences

PROPERTY = settings(max_examples=300, derandomize=True, deadline=None, database=None)

# -- 字数 --------------------------------------------------------------------------------------------------------

# The blocks Word counts character by character (count_chars' docstring and the blocks it names), as code points.
EAST_ASIAN = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x2FFF), (0x3001, 0x303F), (0x3040, 0x30FF), (0x3100, 0x31FF),
    (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4DC0, 0x4DFF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)  # fmt: skip
CHINESE_MARKS = "·—―‘’“”‥…※⸺⸻"  # ambiguous width, full-width in Chinese text
APOSTROPHES = "‘’"
INVISIBLE = frozenset("\ufeff\u200b" + "".join(map(chr, range(0xFE00, 0xFE10))))  # BOM, ZWSP, variation selectors
LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def is_east_asian(ch: str) -> bool:
    return ch in CHINESE_MARKS or any(lo <= ord(ch) <= hi for lo, hi in EAST_ASIAN)


def reference_count_chars(text: str) -> int:
    """字数 read character by character: invisible characters dropped; each East Asian character 1 (a curly
    apostrophe between two Latin letters or digits belongs to their word instead); each run of other non-space
    characters 1."""
    chars = [ch for ch in text if ch not in INVISIBLE]
    count, in_word = 0, False
    for i, ch in enumerate(chars):
        in_latin_word = ch in APOSTROPHES and 0 < i < len(chars) - 1 and {chars[i - 1], chars[i + 1]} <= LATIN
        if ch.isspace():
            in_word = False
        elif is_east_asian(ch) and not in_latin_word:
            count, in_word = count + 1, False
        elif not in_word:
            count, in_word = count + 1, True
    return count


def reference_count_non_whitespace(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace() and ch not in INVISIBLE)


# Every kind of character the rules tell apart, and the first and last of each East Asian block with a neighbour
# outside it.
EDGES = "".join(chr(c) for lo, hi in EAST_ASIAN for c in (lo - 1, lo, hi, hi + 1) if chr(c) not in INVISIBLE)
MIXED = (
    "党支部工作２０２２ＰＰＴ％，。、；：？！（）《》【】「」〔〕" + CHINESE_MARKS + "ㄅㄆ가나カナ㈠㎡𠀀𪚥"
    + "aZ09Tom.-%/&'\"()e" + "①②😀👍\ud83d\ude00\ud800" + " \t\n\r\u3000\u00a0\u2003\u2028\x1c\x85" + "\ufeff\u200b"
)  # fmt: skip
VARIATION_SELECTORS = "\ufe00\ufe0e\ufe0f"
mixed_text = st.text(st.sampled_from(MIXED + EDGES), max_size=40)
latin_text = st.text(st.sampled_from("ab1’‘ 中.\u200b"), max_size=12)  # the word rule of the apostrophes


@pytest.mark.parametrize(
    ("text", "expected"),
    [("２０２２", 4), ("ＰＰＴ", 3), ("——", 2), ("……", 2), ("2022年", 2), ("PPT汇报", 3), ("100%", 1), ("3.5%", 1),
     ("100％", 2), ("e-mail", 1), ("Hello、World。", 4), ("A - B", 3), ("①②③", 1), ("Tom’s", 1),
     ("東京2024オリンピック", 9), ("ＡＢＣＤＥ", 5), ("１２３４５", 5), ("①②③④⑤", 1), ("foo\u200bbar", 1)],
)  # fmt: skip
def test_the_reference_count_gives_the_docstring_examples(text: str, expected: int) -> None:
    assert reference_count_chars(text) == expected == count_chars(text)


@PROPERTY
@given(st.one_of(mixed_text, latin_text))
def test_count_chars_equals_a_count_character_by_character(text: str) -> None:
    assert count_chars(text) == reference_count_chars(text)


@PROPERTY
@given(st.one_of(mixed_text, latin_text, st.text(st.sampled_from(MIXED + VARIATION_SELECTORS), max_size=30)))
def test_count_non_whitespace_equals_a_count_character_by_character(text: str) -> None:
    assert count_non_whitespace(text) == reference_count_non_whitespace(text)


@pytest.mark.parametrize(("text", "expected"), [("中\ufe0f文", 2), ("〇\ufe0f", 1), ("a\ufe0f’b", 1)])
def test_count_chars_ignores_a_variation_selector(text: str, expected: int) -> None:
    assert reference_count_chars(text) == expected
    assert count_chars(text) == expected


# -- sentences ---------------------------------------------------------------------------------------------------

END_MARKS = "。！？!?；;"
LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # the line ends the docstring lists
PAIR_MARKS = '“”‘’「」『』（）()《》〈〉【】〔〕〖〗［］[]｛｝{}"'


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text``, without its line end."""
    start = 0
    for end in LINE_END.finditer(text):
        yield start, end.start()
        start = end.end()
    yield start, len(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def reference_bounds(text: str) -> list[tuple[int, int]]:
    """The sentences of a text without quotes or brackets: each line split after every run of end marks, each piece
    trimmed of whitespace, empty pieces dropped."""
    pieces = []
    for start, end in _lines(text):
        i = start
        while i < end:
            if text[i] in END_MARKS:
                while i < end and text[i] in END_MARKS:
                    i += 1
                pieces.append((start, i))
                start = i
            else:
                i += 1
        pieces.append((start, end))
    return [bounds for piece in pieces if (bounds := _trimmed(text, *piece)) is not None]


def general_bounds(text: str) -> list[tuple[int, int]]:
    """``sentence_bounds`` with the shortcut for lines without quotes or brackets turned off: every line goes
    through the general pass (quote and bracket pairs, end marks inside them)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "_PAIR_MARK_RE", re.compile(""))  # finds "something" in every line
        return sentence_bounds(text)


HANZI = "党支部开展学习的等之"
PLAIN_ALPHABET = HANZI + END_MARKS + "…..，、：,:a1 \t\u3000😀\ud800" + "\n\r\v\f\x1c\x85\u2028\u2029"
plain_text = st.text(st.sampled_from(PLAIN_ALPHABET), max_size=60)
QUOTED_PIECES = ["“", "”", "（", "）", "。", "！", "；", "…", "\r\n", "\n", " ", "党", "支部", "：“", "。”", "”，"]
any_text = st.one_of(
    plain_text,
    st.text(st.sampled_from(PLAIN_ALPHABET + PAIR_MARKS), max_size=60),
    st.lists(st.sampled_from(QUOTED_PIECES), max_size=20).map("".join),
    st.text(max_size=40),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", []), ("。", [(0, 1)]), ("真的吗？！", [(0, 5)]), ("。。。", [(0, 3)]), (" a。 b ", [(1, 3), (4, 5)]),
     ("学习……等。下", [(0, 6), (6, 7)]), ("1.5个", [(0, 4)]), ("a\r\nb\rc\u2028d", [(0, 1), (3, 4), (5, 6), (7, 8)]),
     ("一是；二是；", [(0, 3), (3, 6)]), ("尾", [(0, 1)]), ("a。b", [(0, 2), (2, 3)])],
)  # fmt: skip
def test_the_reference_split_gives_the_documented_sentences(text: str, expected: list[tuple[int, int]]) -> None:
    assert reference_bounds(text) == expected == sentence_bounds(text) == general_bounds(text)


@PROPERTY
@given(plain_text)
def test_sentence_bounds_of_a_text_without_quotes_or_brackets_equal_a_plain_split(text: str) -> None:
    assert sentence_bounds(text) == reference_bounds(text)


@PROPERTY
@given(any_text)
def test_sentence_bounds_equal_the_general_pass_on_every_text(text: str) -> None:
    """The shortcut for lines without quotes or brackets, and lines split by ``str.splitlines``, change nothing."""
    assert sentence_bounds(text) == general_bounds(text)


@PROPERTY
@given(any_text)
def test_sentence_bounds_partition_the_text(text: str) -> None:
    """Sorted, non-overlapping, non-empty and trimmed bounds inside the text, within one line each, that hold every
    character but whitespace; each line split alone gives the same sentences."""
    bounds = sentence_bounds(text)
    covered = set()
    position = 0
    for start, end in bounds:
        assert position <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert LINE_END.search(text, start, end) is None
        covered.update(range(start, end))
        position = end
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
    by_line = [(start + a, start + b) for start, end in _lines(text) for a, b in sentence_bounds(text[start:end])]
    assert bounds == by_line
    assert [(s.start, s.end, s.text) for s in split_sentences(text)] == [(a, b, text[a:b]) for a, b in bounds]
