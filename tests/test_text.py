"""Text basics: 字数 as Word counts it, sentences, full-width forms, Chinese numerals."""

from __future__ import annotations

import time

import pytest

from analyzers.text import (
    Sentence,
    count_chars,
    count_non_whitespace,
    normalize_width,
    parse_chinese_number,
    parse_percent,
    split_sentences,
    to_chinese_counting,
    to_chinese_number,
    to_halfwidth_digits,
)

# ---------------------------------------------------------------------------------------------------
# 字数
# ---------------------------------------------------------------------------------------------------

# Strings whose count was checked in Word (bebe3/office-wordcount, validation_dataset.md).
WORD_VERIFIED = [
    ("Hello World", 2),
    ("中文测试", 4),
    ("Hello 世界", 3),
    ("東京2024オリンピック", 9),
    ("①②③④⑤", 1),
    ("ＡＢＣＤＥ", 5),
    ("１２３４５", 5),
    ("「こんにちは」", 7),
    ("Hello、World。", 4),
    ("Hello👍World", 1),
    ("hello 🙂 world", 3),
    ("\ufeffHello", 1),
    ("foo\u200bbar", 1),
]

# The rule applied to the strings of a 述职报告.
REPORT_STRINGS = [
    ("", 0),
    ("   \n\t", 0),
    ("2022年", 2),
    ("PPT汇报", 3),
    ("100%", 1),
    ("3.5%", 1),
    ("100％", 2),
    ("２０２２年", 5),
    ("今年以来，支部认真履职。", 12),
    ("“三会一课”", 6),
    ("《党章》", 4),
    ("【专题】（一）", 7),
    ("学习、讨论……等", 8),
    ("——", 2),
    ("中国·北京", 5),
    ("　　首行缩进两格。", 7),
    ("全年召开支部党员大会4次、支委会12次。", 19),
    ("组织开展主题党日12次，覆盖党员40人。", 18),
    ("e-mail", 1),
    ("A - B", 3),
    ("Tom’s 书", 2),
    ("COVID-19疫情", 3),
    ("1.5万元", 3),
    ("第1,200名", 3),
    ("党的二十大精神", 7),
    ("𠀀𪚥", 2),  # Ext B ideographs
    ("\uf900", 1),  # CJK compatibility ideograph
    ("㐀", 1),  # Ext A
    ("一\n二\r\n三", 3),
]


@pytest.mark.parametrize(("text", "expected"), WORD_VERIFIED + REPORT_STRINGS)
def test_count_chars(text: str, expected: int) -> None:
    assert count_chars(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("Hello World", 10),
        ("2022年 工作", 7),
        ("　　首行缩进。", 5),
        ("a\tb\nc\r\nd", 4),
        ("\ufeffHello", 5),
        ("foo\u200bbar", 6),
        ("100％", 4),
    ],
)
def test_count_non_whitespace(text: str, expected: int) -> None:
    assert count_non_whitespace(text) == expected


def test_count_chars_is_fast_enough() -> None:
    text = "今年以来，支部组织开展主题党日12次，覆盖党员40人，参学率达95%。\n" * 2000  # 70,000 chars
    started = time.perf_counter()
    assert count_chars(text) == 2000 * 31
    assert split_sentences(text)[-1].text == "今年以来，支部组织开展主题党日12次，覆盖党员40人，参学率达95%。"
    assert time.perf_counter() - started < 1.0


# ---------------------------------------------------------------------------------------------------
# Full-width forms
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２．５％", "12.5%"),
        ("ＰＰＴ汇报", "PPT汇报"),
        ("ａｂｃ＋－＝／＠＃＆＊", "abc+-=/@#&*"),
        ("你好，世界！（一）：是；否？", "你好，世界！（一）：是；否？"),
        ("“引号”《书名》【注】", "“引号”《书名》【注】"),
        ("　全角空格", "　全角空格"),
        ("1～3", "1～3"),
    ],
)
def test_normalize_width(text: str, expected: str) -> None:
    result = normalize_width(text)
    assert result == expected
    assert len(result) == len(text)


def test_to_halfwidth_digits_only_touches_digits() -> None:
    assert to_halfwidth_digits("２０２２年ＡＢ％，") == "2022年ＡＢ％，"


# ---------------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("  \n　\n", []),
        ("支部认真履职。党员积极参与！成效明显吗？", ["支部认真履职。", "党员积极参与！", "成效明显吗？"]),
        (
            "一是加强学习；二是改进作风；三是严守纪律。",
            ["一是加强学习；", "二是改进作风；", "三是严守纪律。"],
        ),
        ("Half-width! Works? Yes; ok", ["Half-width!", "Works?", "Yes;", "ok"]),
        ("真的吗？！好的。。。然后", ["真的吗？！", "好的。。。", "然后"]),
        ("书记强调：“要抓好党建。”支部随即部署。", ["书记强调：“要抓好党建。”", "支部随即部署。"]),
        ("他提出“为什么？”的问题。然后走了。", ["他提出“为什么？”的问题。", "然后走了。"]),
        ("他说：“好。”，然后走了。", ["他说：“好。”，然后走了。"]),
        ("学习“两学一做。三会一课。”等内容。", ["学习“两学一做。三会一课。”等内容。"]),
        ("（详见附件。）下一句。", ["（详见附件。）", "下一句。"]),
        ("（注：一。二。）", ["（注：一。二。）"]),
        ("支部（含预备党员。）共12人。", ["支部（含预备党员。）共12人。"]),
        ("共12人（其中预备党员2名！）。下一句。", ["共12人（其中预备党员2名！）。", "下一句。"]),
        ("工作。（详见附件。）下一句。", ["工作。", "（详见附件。）", "下一句。"]),
        ("他说（“好。”）然后走了。", ["他说（“好。”）然后走了。"]),
        (
            "《关于加强党建的通知（试行）》已印发。同意。",
            ["《关于加强党建的通知（试行）》已印发。", "同意。"],
        ),
        ("他说：“要‘学深悟透。’”大家鼓掌。", ["他说：“要‘学深悟透。’”", "大家鼓掌。"]),
        ("「引用。」后文。", ["「引用。」", "后文。"]),
        ("【注意；事项】内容。", ["【注意；事项】内容。"]),
        ('He said "go! now" ok. 好！', ['He said "go! now" ok. 好！']),
        ("我们做了很多工作……今后要继续努力。", ["我们做了很多工作……今后要继续努力。"]),
        ("学习、讨论……。下一句", ["学习、讨论……。", "下一句"]),
        ("参学率达95.5%。出席3次", ["参学率达95.5%。", "出席3次"]),
        ("他说“没有闭合。后面还有。", ["他说“没有闭合。", "后面还有。"]),
        ("多余的右括号）。后文。", ["多余的右括号）。", "后文。"]),
        ("完了。”后文", ["完了。”", "后文"]),
        ("第一行\r\n第二行。第三句\n\n  ", ["第一行", "第二行。", "第三句"]),
        ("第一行（未闭合\n第二行）。", ["第一行（未闭合", "第二行）。"]),
        ("甲\r乙\u2028丙", ["甲", "乙", "丙"]),
        ("　　首行缩进。 下一句。", ["首行缩进。", "下一句。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_sentence_offsets() -> None:
    assert split_sentences("  甲。乙。") == [Sentence(2, 4, "甲。"), Sentence(4, 6, "乙。")]


def test_sentence_is_frozen() -> None:
    sentence = split_sentences("甲。")[0]
    with pytest.raises(AttributeError):
        sentence.start = 1  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("零", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十二", 32),
        ("一百", 100),
        ("百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百十", 110),
        ("一百五", 150),
        ("两百", 200),
        ("一千", 1000),
        ("一千零五", 1005),
        ("一千二百三十四", 1234),
        ("两千三", 2300),
        ("一万", 10000),
        ("两万", 20000),
        ("三万五千", 35000),
        ("三万五", 35000),
        ("一万零一十", 10010),
        ("十万", 100000),
        ("十万零五", 100005),
        ("一百万", 1000000),
        ("一亿", 100000000),
        ("一亿三千万", 130000000),
        ("二〇二二", 2022),
        ("二○二二", 2022),
        ("一九九八", 1998),
        ("零点五", 0.5),
        ("三点一四", 3.14),
        ("十二点五", 12.5),
        ("三点五万", 35000),
        ("32", 32),
        ("１２", 12),
        ("1,200", 1200),
        ("3.5", 3.5),
        ("1.5万", 15000),
        ("1.1万", 11000),
        ("3亿", 300000000),
        ("12万5千", 125000),
        ("5千", 5000),
        ("壹佰贰拾", 120),
        ("负三", -3),
        ("-12", -12),
        (" 三十 ", 30),
    ],
)
def test_parse_chinese_number(text: str, expected: int | float) -> None:
    value = parse_chinese_number(text)
    assert value == expected
    assert isinstance(value, int) == isinstance(expected, int)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "三三十",
        "十百",
        "百千",
        "万",
        "三万四万",
        "一点",
        "点五",
        "三点五十",
        "二十多",
        "3.5.1",
        "二〇二二年",
    ],
)
def test_parse_chinese_number_rejects(text: str) -> None:
    assert parse_chinese_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("百分之九十五", 95.0),
        ("百分之三点五", 3.5),
        ("百分之百", 100.0),
        ("百分之零点五", 0.5),
        ("95%", 95.0),
        ("95％", 95.0),
        ("３．５％", 3.5),
        ("100%", 100.0),
        ("千分之五", 0.5),
        ("5‰", 0.5),
    ],
)
def test_parse_percent(text: str, expected: float) -> None:
    value = parse_percent(text)
    assert isinstance(value, float)
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "95", "九十五", "百分之", "abc%", "百分之abc"])
def test_parse_percent_rejects(text: str) -> None:
    assert parse_percent(text) is None


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1050, "一千零五十"),
        (1100, "一千一百"),
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (10100, "一万零一百"),
        (11000, "一万一千"),
        (99999, "九万九千九百九十九"),
        (100000, "十万"),
        (110000, "十一万"),
        (1001000, "一百万一千"),
        (100000010, "一亿零一十"),
        (-3, "负三"),
    ],
)
def test_to_chinese_number(n: int, expected: str) -> None:
    assert to_chinese_number(n) == expected


def test_to_chinese_number_round_trips() -> None:
    for n in range(0, 100000):
        assert parse_chinese_number(to_chinese_number(n)) == n


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"), (100, "一〇〇"), (110, "一一〇")],
)
def test_to_chinese_counting(n: int, expected: str) -> None:
    assert to_chinese_counting(n) == expected
