"""The data-point extractor's shortcuts for speed give what the plain definitions give, with hypothesis.

Each shortcut replaces a loop or a general parser on the hot path (``make bench`` counts what it saves): a plain
number read with ``float``, the clause around an offset found by two regex calls, a CJK test as one regex, the
finders of the number grammar skipped where the text lacks a character every match of theirs holds.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import datapoints
from analyzers.datapoints import DataPointExtractor, clause_bounds, sentence_clause
from analyzers.text import parse_chinese_number

PROPERTY = settings(max_examples=400, derandomize=True, deadline=None, database=None)
CLAUSE_TEXT = st.text(alphabet=st.sampled_from("党员开展活动12a ，,。；;：:！？!?、（）()“”\n"), max_size=30)


def _between(text: str, start: int, end: int, marks: frozenset[str]) -> tuple[int, int]:
    """The clause around ``[start, end)`` as a walk character by character finds it."""
    lo, hi = start, end
    while lo > 0 and text[lo - 1] not in marks:
        lo -= 1
    while hi < len(text) and text[hi] not in marks:
        hi += 1
    return lo, hi


@PROPERTY
@given(CLAUSE_TEXT, st.data())
def test_clause_bounds_are_the_nearest_clause_marks(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert clause_bounds(text, start, end) == _between(text, start, end, datapoints._CLAUSE_MARKS)
    assert sentence_clause(text, start) == _between(text, start, start, datapoints._SENTENCE_CLAUSE_MARKS)


@PROPERTY
@given(
    st.one_of(
        st.integers(0, 10**18).map(str),
        st.decimals(0, 10**6, places=4).map(str),
        st.from_regex(r"0[0-9]{0,4}(\.[0-9]{1,3})?", fullmatch=True),
    )
)
def test_a_plain_number_has_the_value_the_chinese_number_parser_gives(number: str) -> None:
    expected = parse_chinese_number(number)
    assert datapoints._number_value(number) == (float(expected) if expected is not None else None)


@PROPERTY
@given(st.text(alphabet=st.sampled_from("\u4e00\u9fff\u4dff\ua000党，a1 \U00020000"), max_size=6))
def test_is_cjk_holds_when_every_character_is_a_cjk_ideograph(word: str) -> None:
    assert datapoints._is_cjk(word) == all("\u4e00" <= ch <= "\u9fff" for ch in word)


# Each finder's regex, with what a text must hold for it to be run.
FINDERS = (
    (datapoints._DATE_RE, datapoints._DATE_NEEDS),
    (datapoints._TIME_RE, datapoints._TIME_NEEDS),
    (datapoints._HALF_RE, datapoints._HALF_NEEDS),
    (datapoints._PERCENT_RE, datapoints._PERCENT_NEEDS),
    (datapoints._RANK_RE, datapoints._RANK_NEEDS),
)
FINDER_PIECES = [*"一两三十百", "12", "3", "0", ".", ":", "%", "‰", "第", "名", "位", "一等奖", "半", "天", "个",
                 "小时", "月", "日", "号", "底", "前", "成", "分之", "个百分点", "点", "年", "初", "上", "每", "开会",
                 "，", "年底", "寒假", "2023年"]  # fmt: skip
FINDER_TEXT = st.lists(st.sampled_from(FINDER_PIECES), max_size=8).map("".join)


@PROPERTY
@given(FINDER_TEXT)
def test_a_finder_is_skipped_only_where_its_regex_has_no_match(text: str) -> None:
    for pattern, needs in FINDERS:
        if needs.search(text) is None:
            assert pattern.search(text) is None, (pattern.pattern[:40], text)


def test_the_finders_still_find_what_they_skip_nothing_of() -> None:
    found = DataPointExtractor.default().extract("3月底前完成，上午9点半开会，历时一个半小时，占比八成，荣获第2名。")
    assert [(f.text, f.kind) for f in found] == [
        ("3月底前", "deadline"), ("9点半", "date"), ("一个半小时", "duration"), ("八成", "percent"), ("第2名", "rank"),
    ]  # fmt: skip
