"""Numbering labels typed at the start of a paragraph, and the heading levels they imply.

Chinese official writing (GB/T 9704) numbers its levels 一、 > （一） > 1. > （1）. Readers of
formats without styles (PDF, plain text) use these labels to recognise headings; the .docx reader
uses them to avoid doubling a typed label with Word's automatic one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "〇零一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]{{1,4}}"
# A counting numeral (一, 十二, 一百零五), never a digit-by-digit year such as 二〇二二.
_CN_COUNT = "[一二三四五六七八九十百两][零一二三四五六七八九十百]{0,3}"
_AR = "[0-9０-９]{1,3}"

# (style, level, pattern); the first that matches wins, so the longer forms come first.
_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("chapter", 1, re.compile(rf"^第{_CN}(?:部分|章|篇)[、，,：:\s．.]?")),
    # Chinese numerals have no decimal point, so a dot after a counting numeral is a label even before
    # digits ("一.2022年度工作开展情况"); after a digit-by-digit form only before a non-digit
    # ("二〇二二.12.20" is a date).
    ("chinese", 1, re.compile(rf"^(?:{_CN}、|{_CN_COUNT}[．.]|{_CN}[．.](?![0-9０-９]))")),
    ("paren_chinese", 2, re.compile(rf"^[（(]{_CN}[）)][、，,．.]?")),
    # "1.5万元" and "1.2022" are numbers, but "1.2021年3月底前" is item 1 followed by a year: a number
    # with four decimals followed by 年 means nothing, so the year reading wins.
    ("arabic", 3, re.compile(rf"^{_AR}(?:[、．]|\.(?![0-9０-９])|\.(?=(?:19|20)[0-9]{{2}}年))")),
    ("paren_arabic", 4, re.compile(rf"^[（(]{_AR}[）)][、，,．.]?")),
    ("circled", 5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
)


# All patterns as one alternation, tried with a single match (paragraphs that start with a digit, such
# as "2022年……", are many): the named group that matched is the style.
_ANY = re.compile("|".join(f"(?P<{style}>{pattern.pattern})" for style, _, pattern in _PATTERNS))
_LEVELS = {style: level for style, level, _ in _PATTERNS}


@dataclass(frozen=True, slots=True)
class Label:
    text: str  # the label as written, e.g. "（二）"
    style: str  # chapter | chinese | paren_chinese | arabic | paren_arabic | circled
    level: int  # 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）, 5 = ①


def parse_label(text: str) -> Label | None:
    """The numbering label at the start of ``text``, or None."""
    match = _ANY.match(text.lstrip(" \u3000\t"))
    if match is None:
        return None
    style = match.lastgroup or ""  # each alternative is one named group
    return Label(text=match.group(0), style=style, level=_LEVELS[style])


_SENTENCE_END = "。！？!?；;"


def looks_like_heading_line(text: str, max_chars: int = 40) -> Label | None:
    """A short labelled line that does not read as a sentence: a heading in a format without styles.

    "一、主要工作进展成效" is a heading; "1. 组织开展主题党日12次，覆盖党员40人。" is a list item. A
    labelled line that runs on past its first sentence ("（一）强化政治引领。支部坚持……") is a
    paragraph with a run-in heading, which the outline decides on, not the reader.
    """
    label = parse_label(text)
    if label is None:
        return None
    body = text.strip()[len(label.text) :].strip()
    if not body or len(body) > max_chars:
        return None
    inner = body.rstrip(_SENTENCE_END)
    if any(mark in inner for mark in _SENTENCE_END):
        return None
    if label.level >= 3 and body[-1] in _SENTENCE_END:
        return None
    return label
