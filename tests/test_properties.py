"""Properties of the text basics (字数, sentences, Chinese numerals) and of the report contract, with hypothesis.

The examples are derandomized, so a run is the same every time; each property draws at most a few hundred.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers.document import Document
from analyzers.pipeline import CHECKS, analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.report import Report, Span
from analyzers.text import count_chars, count_non_whitespace, parse_chinese_number, parse_percent, split_sentences
from tests.fixtures.docx_builder import build_report_docx

ROOT = Path(__file__).resolve().parents[1]
PROPERTY = settings(max_examples=300, derandomize=True, deadline=None, database=None)

# ---------------------------------------------------------------------------------------------------
# Strategies for Chinese report text
# ---------------------------------------------------------------------------------------------------

HANZI = "党支部书记工作开展主题教育学习组织生活会议成员服务群众问题整改措施计划落实责任制度建设"
ASCII_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
FULLWIDTH_ALNUM = "".join(chr(ord(c) + 0xFEE0) for c in ASCII_ALNUM)
CN_PUNCT = "，。、；：？！“”‘’（）《》【】—…·"
ASCII_PUNCT = ",.;:?!\"'()[]-%/"
WHITESPACE = " \t\n\r\u3000\u00a0\u2003\u2028"
MARKS = "。！？!?；;…."
PAIRS = "“”‘’「」『』（）()《》〈〉【】〔〕［］[]\""

report_text = st.text(
    alphabet=st.sampled_from(HANZI + ASCII_ALNUM + FULLWIDTH_ALNUM + CN_PUNCT + ASCII_PUNCT + WHITESPACE + "①②\u200b"),
    max_size=80,
)
any_text = st.one_of(report_text, st.text(max_size=60))
whitespace = st.text(alphabet=st.sampled_from(WHITESPACE), min_size=1, max_size=4)

# ---------------------------------------------------------------------------------------------------
# 字数
# ---------------------------------------------------------------------------------------------------


@PROPERTY
@given(any_text, whitespace, any_text)
def test_count_chars_adds_up_over_text_joined_by_whitespace(a: str, gap: str, b: str) -> None:
    assert count_chars(a + gap + b) == count_chars(a) + count_chars(b)


@PROPERTY
@given(any_text, any_text)
def test_count_chars_of_a_concatenation_merges_at_most_one_word_at_the_seam(a: str, b: str) -> None:
    """Without a space between them, the last run of Latin letters/digits of ``a`` may join the first of
    ``b`` (one word less), and nothing else changes, except that a curly apostrophe ending ``a`` between
    two letters becomes part of the word ("Tom’" + "s")."""
    joined, apart = count_chars(a + b), count_chars(a) + count_chars(b)
    if a.endswith(("\u2018", "\u2019")) or b.startswith(("\u2018", "\u2019")):
        assert apart - 2 <= joined <= apart
    else:
        assert apart - 1 <= joined <= apart


@PROPERTY
@given(st.text(alphabet=st.sampled_from(HANZI + CN_PUNCT + FULLWIDTH_ALNUM), max_size=60))
def test_count_chars_counts_every_hanzi_and_full_width_character_once(text: str) -> None:
    assert count_chars(text) == len(text)


@PROPERTY
@given(st.text(alphabet=st.sampled_from(ASCII_ALNUM), min_size=1, max_size=20), st.sampled_from(list(HANZI)))
def test_count_chars_counts_a_half_width_run_once_and_its_full_width_form_per_character(word: str, han: str) -> None:
    full = word.translate({ord(c): ord(c) + 0xFEE0 for c in ASCII_ALNUM})
    assert count_chars(word) == 1
    assert count_chars(full) == len(word)
    assert count_chars(han + word + han) == 3  # "PPT汇报" = 3 in Word: the run is one word
    assert count_chars(han + full + han) == len(word) + 2


@PROPERTY
@given(any_text, whitespace)
def test_count_chars_ignores_whitespace_and_invisible_characters(text: str, gap: str) -> None:
    assert count_chars(gap) == 0
    assert count_chars(text.replace(" ", gap)) == count_chars(text)
    assert count_chars(gap + text + gap) == count_chars(text)
    assert count_chars("\ufeff" + text) == count_chars(text)
    assert count_chars(text) <= count_non_whitespace(text) <= len(text)


# ---------------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------------

sentence_text = st.one_of(
    st.text(alphabet=st.sampled_from(HANZI + MARKS + PAIRS + "，、：的" + " \u3000\n\r\u2028" + "a1"), max_size=120),
    st.text(max_size=80),
)


@PROPERTY
@given(sentence_text)
def test_split_sentences_gives_ordered_slices_and_loses_only_whitespace(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for s in sentences:
        assert position <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()  # trimmed, never empty
        assert not text[position : s.start].strip(), "something other than whitespace fell between sentences"
        assert "\n" not in s.text and "\r" not in s.text and "\u2028" not in s.text  # a line end always splits
        position = s.end
    assert not text[position:].strip()


@PROPERTY
@given(st.lists(st.text(alphabet=st.sampled_from(HANZI + "，、"), min_size=1, max_size=20), min_size=1, max_size=6),
       st.sampled_from(list("。！？；")))  # fmt: skip
def test_split_sentences_splits_plain_sentences_at_each_end_mark(parts: list[str], mark: str) -> None:
    text = "".join(part + mark for part in parts)
    assert [s.text for s in split_sentences(text)] == [part + mark for part in parts]


# ---------------------------------------------------------------------------------------------------
# Chinese numerals: our own writer of numbers, checked against the parser
# ---------------------------------------------------------------------------------------------------

DIGITS = "零一二三四五六七八九"
FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def _four_digits(group: int, *, liang: bool) -> str:
    """1..9999 as read aloud: 一千零五, 三百二十, 一十二 (the caller drops a leading 一 of 一十)."""
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = group // value % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("两" if liang and digit == 2 and value >= 100 else DIGITS[digit]) + unit
    return out


def chinese(n: int, *, liang: bool = False, yi_shi: bool = False, financial: bool = False) -> str:
    """0..99,999,999 in Chinese: 一千二百三十四万零五十六. ``liang`` says 两 for 2 before 百/千/万,
    ``yi_shi`` keeps a leading 一十 (一十二 rather than 十二), ``financial`` writes 壹贰叁 拾佰仟."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    if high:
        out = _four_digits(high, liang=liang) + "万"
        if liang and high == 2:
            out = "两万"
        if low:
            out += ("零" if low < 1000 else "") + _four_digits(low, liang=liang)
    else:
        out = _four_digits(low, liang=liang)
    if out.startswith("一十") and not yi_shi:
        out = out[1:]
    return out.translate(FINANCIAL) if financial else out


def test_chinese_number_writer_of_this_test_writes_known_numbers() -> None:
    cases = {0: "零", 10: "十", 12: "十二", 20: "二十", 105: "一百零五", 110: "一百一十", 1005: "一千零五",
             10_005: "一万零五", 100_000: "十万", 120_000: "十二万", 10_000_500: "一千万零五百",
             20_300_000: "二千零三十万", 99_999_999: "九千九百九十九万九千九百九十九"}  # fmt: skip
    assert {n: chinese(n) for n in cases} == cases
    assert chinese(2222, liang=True) == "两千两百二十二"
    assert chinese(12, yi_shi=True) == "一十二"
    assert chinese(105, financial=True) == "壹佰零伍"


@PROPERTY
@given(st.integers(0, 99_999_999), st.booleans(), st.booleans(), st.booleans())
def test_parse_chinese_number_reads_every_number_we_write(n: int, liang: bool, yi_shi: bool, financial: bool) -> None:
    assert parse_chinese_number(chinese(n, liang=liang, yi_shi=yi_shi, financial=financial)) == n


@PROPERTY
@given(st.integers(0, 99_999_999))
def test_parse_chinese_number_reads_arabic_full_width_and_grouped_forms(n: int) -> None:
    full = str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert parse_chinese_number(str(n)) == n
    assert parse_chinese_number(full) == n
    assert parse_chinese_number(f"{n:,}") == n
    assert parse_chinese_number(f"负{chinese(n)}") == -n


@PROPERTY
@given(st.integers(0, 9999), st.text(alphabet=st.sampled_from("0123456789"), min_size=1, max_size=3))
def test_parse_chinese_number_reads_decimals_with_dian(whole: int, fraction: str) -> None:
    spoken = "".join(DIGITS[int(d)] for d in fraction)
    assert parse_chinese_number(f"{chinese(whole)}点{spoken}") == float(f"{whole}.{fraction}")


@PROPERTY
@given(st.integers(0, 100), st.text(alphabet=st.sampled_from("0123456789"), max_size=2))
def test_parse_percent_reads_bai_fen_zhi_and_percent_signs(n: int, fraction: str) -> None:
    expected = float(f"{n}.{fraction}") if fraction else float(n)
    spoken = chinese(n) + ("点" + "".join(DIGITS[int(d)] for d in fraction) if fraction else "")
    written = f"{n}.{fraction}" if fraction else str(n)
    assert parse_percent("百分之" + spoken) == expected
    assert parse_percent(written + "%") == expected
    assert parse_percent(written + "％") == expected
    assert parse_percent(spoken) is None  # no 百分之, no %: not a percentage


# ---------------------------------------------------------------------------------------------------
# The report contract
# ---------------------------------------------------------------------------------------------------

FRAMEWORK = {
    "achievements": ["主要工作进展成效", "主要工作及成效", "工作进展成效"],
    "highlights": ["工作特色亮点", "特色亮点", "特色与亮点"],
    "problems": ["存在问题及整改措施", "存在的问题及整改措施", "存在问题和不足"],
    "plans": ["下一步工作计划", "下一步工作打算", "今后工作计划"],
}
WRITTEN = [  # sentences a corpus may not have: data, percentages, dates, hostile markup, odd widths
    "全年发展党员３名，转正预备党员2名，党员参学率达百分之九十五。",
    "2023年3月至12月开展“三会一课”共计24次，组织生活会1次。",
    '<script>alert("x")</script>"><img src=x onerror=alert(1)>',
    "=HYPERLINK(\"http://x\")，+1，-2，@SUM(A1)。",
    "一是加强学习；二是强化管理；三是狠抓落实。",
    "整改措施：建立台账，明确责任人和完成时限，于2024年6月底前完成整改。",
    "效果显著，成效明显，进一步提高了认识。",
    "支部书记本人带头讲党课两次，撰写调研报告１篇。",
]


@functools.cache
def corpus_sentences() -> dict[str, tuple[str, ...]]:
    """Sentences of the labelled corpus by the section they were written for (``other`` for the rest)."""
    by_label: dict[str, list[str]] = {}
    with (ROOT / "corpora" / "labelled" / "sections.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            by_label.setdefault(record["label"], []).append(record["text"])
    return {label: tuple(texts) for label, texts in by_label.items()}


@st.composite
def paragraphs_of(draw: st.DrawFn, key: str) -> str:
    pool = corpus_sentences().get(key, ()) + corpus_sentences()["other"][:50]
    sentences = draw(st.lists(st.one_of(st.sampled_from(pool), st.sampled_from(WRITTEN)), min_size=1, max_size=4))
    return "".join(sentences)


@st.composite
def reports(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, filename): a report of some of the four parts, in some order, as .txt or .docx."""
    keys = draw(st.lists(st.sampled_from(list(FRAMEWORK)), min_size=0, max_size=5))
    fmt = draw(st.sampled_from(["txt", "docx"]))
    year = draw(st.integers(2015, 2026))
    title = f"{year}年度{draw(st.sampled_from(['计算机学院教工', '第一', '离退休']))}党支部书记述职报告"
    rows: list[tuple[str, str, int]] = [("title", title, 0)]
    if draw(st.booleans()):
        rows.append(("paragraph", draw(paragraphs_of("other")), 0))
    for key in keys:
        heading = draw(st.sampled_from(FRAMEWORK[key]))
        rows.append(("heading", heading, 1))
        for _ in range(draw(st.integers(0, 3))):
            if draw(st.integers(0, 4)) == 0:
                rows.append(("heading", draw(st.sampled_from(["强化政治引领", "加强队伍建设", "问题清单"])), 2))
            rows.append(("paragraph", draw(paragraphs_of(key)), 0))
    if draw(st.booleans()):
        rows.append(("right", f"{year + 1}年1月", 0))
    if fmt == "docx":  # headings numbered by Word: the labels are generated, not in the text
        return build_report_docx(rows), f"{year}年述职报告.docx"
    lines, counters = [], [0, 0]
    for kind, text, level in rows:
        if kind == "heading" and level == 1:
            counters = [counters[0] + 1, 0]
            lines.append(f"{'一二三四五六七八九十'[min(counters[0], 10) - 1]}、{text}")
        elif kind == "heading":
            counters[1] += 1
            lines.append(f"（{'一二三四五六七八九十'[min(counters[1], 10) - 1]}）{text}")
        else:
            lines.append(("\u3000\u3000" if kind == "paragraph" else "") + text)
    return "\r\n".join(lines).encode(draw(st.sampled_from(["utf-8", "gb18030"]))), f"{year}年述职报告.txt"


def _assert_span(document: Document, span: Span, text: str | None, what: object) -> None:
    assert 0 <= span.block < len(document.blocks), what
    block_text = document.blocks[span.block].text
    assert 0 <= span.start <= span.end <= len(block_text), what
    if text is not None:
        assert block_text[span.start : span.end] == text, what


def _assert_quote_holds_span(document: Document, span: Span, quote: str, what: object) -> None:
    """A finding's quote is its span's text, or (``data.vague_quantity``: the vague word marked, its sentence
    quoted) the text of the block around the span."""
    block_text = document.blocks[span.block].text
    if block_text[span.start : span.end] == quote:
        return
    around = [i for i in range(len(block_text)) if block_text.startswith(quote, i)]
    assert any(i <= span.start and span.end <= i + len(quote) for i in around), what


def check_report_contract(document: Document, report: Report) -> None:
    registered = {rule for check in CHECKS for rule in check.rules}
    blocks = len(document.blocks)
    for finding in report.findings:
        assert finding.rule in registered, finding
        assert finding.message, finding
        if finding.span is not None:
            _assert_span(document, finding.span, None, finding)
            if finding.text is not None:
                _assert_quote_holds_span(document, finding.span, finding.text, finding)
    for point in report.data_points:
        _assert_span(document, point.span, point.text, point)
    for sentence in report.sentences:
        _assert_span(document, sentence.span, sentence.text, sentence)
    for entry in report.outline:
        assert 0 <= entry.block < blocks, entry
    for section in report.sections:
        assert 0 <= section.start_block <= section.end_block <= blocks, section
    assert report.stats.paragraphs == blocks


@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(reports(), st.sampled_from(["four-part", "sztu-2022", "sysu-2020"]))
def test_every_span_of_a_report_points_into_its_block_and_every_rule_is_registered(
    case: tuple[bytes, str], profile: str
) -> None:
    document = read_document(*case)
    report = analyze(document, load_profile(profile))
    check_report_contract(document, report)
