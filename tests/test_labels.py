"""Typed numbering labels and the heading levels they imply."""

from __future__ import annotations

import pytest

from analyzers.labels import looks_like_heading_line, parse_label


@pytest.mark.parametrize(
    ("text", "label", "level"),
    [
        ("一、主要工作进展成效", "一、", 1),
        ("十二、其他", "十二、", 1),
        ("一、2022年度工作开展情况", "一、", 1),
        ("第二部分 工作特色亮点", "第二部分 ", 1),
        ("（一）加强政治建设情况", "（一）", 2),
        ("(三)履行意识形态工作责任制", "(三)", 2),
        ("1.组织开展主题党日", "1.", 3),
        ("２、全年发展党员", "２、", 3),
        ("1.2021年3月底前完成整改", "1.", 3),
        ("1.2022年度工作开展情况", "1.", 3),
        ("一.2022年度工作开展情况", "一.", 1),
        ("四．2023年工作思路", "四．", 1),
        ("十二.3项重点任务", "十二.", 1),
        ("二.亮点工作", "二.", 1),
        ("（1）党员教育", "（1）", 4),
        ("②建立台账", "②", 5),
        ("　　一、缩进的标题", "一、", 1),
    ],
)
def test_parse_label_finds_label_and_level(text: str, label: str, level: int) -> None:
    found = parse_label(text)
    assert found is not None
    assert (found.text, found.level) == (label, level)


@pytest.mark.parametrize(
    "text",
    [
        "一是加强理论学习", "1.5万元党费", "2022年工作计划", "二十大精神", "12.30前完成", "三会一课制度",
        "1.2022", "3.2023万元", "二〇二二.12.20", "二〇二二年十二月",
    ],  # fmt: skip
)
def test_parse_label_ignores_numbers_that_are_not_labels(text: str) -> None:
    assert parse_label(text) is None


@pytest.mark.parametrize(
    ("text", "is_heading"),
    [
        ("一、主要工作进展成效", True),
        ("（二）落实基层党建工作情况", True),
        ("三、短板与不足及原因分析", True),
        ("1. 组织开展主题党日12次，覆盖党员40人。", False),
        ("（一）强化政治引领。支部坚持每月集中学习。", False),
        ("一、" + "支部" * 30, False),
        ("加强政治建设情况", False),
        ("一.2022年度工作开展情况", True),
    ],
)
def test_heading_line_is_short_labelled_and_not_a_sentence(text: str, is_heading: bool) -> None:
    assert (looks_like_heading_line(text) is not None) is is_heading
