"""The .docx reader: text in document order, headings, and the labels of Word's automatic numbering.

Every document is built in code (tests/fixtures/docx_builder.py), one trap per test.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from lxml import etree

from analyzers.document import Block, BlockKind, Document, SourceFormat, TableCellRef
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import ReadContext, read_document
from analyzers.readers import docx as docx_reader
from analyzers.readers.docx_numbering import chinese_counting, format_number
from analyzers.readers.limits import Deadline, ReadLimits
from tests.fixtures.docx_builder import (
    BASE_STYLES,
    AbstractNum,
    Cell,
    Level,
    Num,
    Numbering,
    Style,
    build_docx,
    build_report_docx,
    commented,
    deleted,
    field,
    footnote_reference,
    hyperlink,
    inserted,
    moved_from,
    moved_to,
    para,
    run,
    simple_field,
    table,
    text_box,
)

W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"

REPORT = [
    ("title", "2024年度第一党支部书记抓基层党建工作述职报告", 0),
    ("heading", "主要工作进展成效", 1),
    ("heading", "强化政治引领", 2),
    ("paragraph", "支部全年开展主题党日活动12次，发展党员2名。", 0),
    ("heading", "夯实组织基础", 2),
    ("heading", "1.规范组织生活", 3),
    ("paragraph", "严格落实“三会一课”制度。", 0),
    ("heading", "存在问题及整改措施", 1),
    ("heading", "理论学习不够系统", 2),
    ("paragraph", "个别党员参加集中学习存在“完成任务”心态。", 0),
]


def read(data: bytes, filename: str = "报告.docx", limits: ReadLimits | None = None) -> Document:
    return read_document(data, filename, limits)


def texts(document: Document) -> list[str]:
    return [b.text for b in document.blocks]


def outline(document: Document) -> list[tuple[int | None, str, str, bool]]:
    return [(b.level, b.label, b.text, b.label_auto) for b in document.blocks if b.kind is BlockKind.HEADING]


def error_code(data: bytes, limits: ReadLimits | None = None) -> InputErrorCode:
    with pytest.raises(InputError) as caught:
        read(data, limits=limits)
    assert caught.value.message
    return caught.value.code


def numbered(levels: list[Level], *, styles: tuple[Style, ...] = BASE_STYLES, nums: list[Num] | None = None):
    """Numbering with one abstractNum (id 0) and, by default, one w:num (id 1) on it."""
    return {"styles": styles, "numbering": Numbering([AbstractNum(0, levels)], nums or [Num(1, 0)])}


# ---------------------------------------------------------------------------------------------
# Automatic numbering
# ---------------------------------------------------------------------------------------------


def test_docx_rebuilds_chinese_automatic_numbering_label() -> None:
    document = read(build_report_docx(REPORT))
    assert outline(document) == [
        (0, "", "2024年度第一党支部书记抓基层党建工作述职报告", False),
        (1, "一、", "一、主要工作进展成效", True),
        (2, "（一）", "（一）强化政治引领", True),
        (2, "（二）", "（二）夯实组织基础", True),
        (3, "1.", "1.规范组织生活", False),
        (1, "二、", "二、存在问题及整改措施", True),
        (2, "（一）", "（一）理论学习不够系统", True),
    ]
    heading = document.blocks[1]
    assert heading.style == "heading 1"
    assert heading.own_text == "主要工作进展成效"
    assert heading.content_start == 2


def test_docx_numbering_attached_to_heading_style_through_linked_level() -> None:
    # heading 1 carries numPr with numId only; the level comes from the w:lvl whose w:pStyle is "1".
    styles = (*BASE_STYLES, Style("1", "heading 1", based_on="a", outline=0, num_id=1))
    levels = [Level(0, "decimal", "第%1章", pstyle="7"), Level(1, "chineseCounting", "%2、", pstyle="1")]
    data = build_docx([para("总体情况", style="1"), para("主要做法", style="1")], **numbered(levels, styles=styles))
    assert outline(read(data)) == [(1, "一、", "一、总体情况", True), (1, "二、", "二、主要做法", True)]


def test_docx_wps_numbering_on_style_and_paragraph_counts_once_and_paragraph_wins() -> None:
    data = build_report_docx(REPORT, wps=True)
    assert [b.label for b in read(data).headings] == ["", "一、", "（一）", "（二）", "1.", "二、", "（一）"]
    # A paragraph numPr pointing at another list overrides the style's.
    styles = (*BASE_STYLES, Style("1", "heading 1", based_on="a", outline=0, num_id=1, ilvl=0))
    numbering = Numbering(
        [AbstractNum(0, [Level(0, "chineseCounting", "%1、")]), AbstractNum(1, [Level(0, "upperLetter", "%1.")])],
        [Num(1, 0), Num(2, 1)],
    )
    body = [para("甲", style="1"), para("乙", style="1", num=2, ilvl=0), para("丙", style="1")]
    document = read(build_docx(body, styles=styles, numbering=numbering))
    assert texts(document) == ["一、甲", "A.乙", "二、丙"]


def test_docx_numfmt_none_prints_no_label() -> None:
    levels = [Level(0, "none", "", suff="nothing"), Level(1, "decimal", "%2.")]
    body = [para("不编号的一级", num=1, ilvl=0), para("编号的二级项目内容", num=1, ilvl=1)]
    document = read(build_docx(body, **numbered(levels)))
    assert [(b.text, b.label, b.label_auto) for b in document.blocks] == [
        ("不编号的一级", "", False),
        ("1.编号的二级项目内容", "1.", True),
    ]


def test_docx_typed_label_and_auto_numbering_do_not_double() -> None:
    levels = [Level(0, "chineseCounting", "%1、")]
    body = [para("一、主要工作进展成效", num=1, ilvl=0), para("存在问题", num=1, ilvl=0)]
    document = read(build_docx(body, **numbered(levels)))
    first, second = document.blocks
    assert (first.text, first.label, first.label_auto) == ("一、主要工作进展成效", "一、", False)
    assert (first.kind, first.level) == (BlockKind.HEADING, 1)
    # The typed paragraph still consumed 一: the next automatic label is 二.
    assert (second.text, second.label, second.label_auto) == ("二、存在问题", "二、", True)


def test_docx_typed_dotted_label_before_a_year_and_auto_numbering_do_not_double() -> None:
    levels = [Level(0, "chineseCounting", "%1、")]
    body = [para("一．2022年度工作开展情况", num=1, ilvl=0), para("亮点工作", num=1, ilvl=0)]
    first, second = read(build_docx(body, **numbered(levels))).blocks
    assert (first.text, first.label, first.label_auto) == ("一．2022年度工作开展情况", "一．", False)
    assert (first.kind, first.level) == (BlockKind.HEADING, 1)
    assert (second.text, second.label, second.label_auto) == ("二、亮点工作", "二、", True)


def test_docx_typed_label_without_numbering_is_kept_as_label() -> None:
    document = read(build_docx([para("（三）加强队伍建设"), para("1. 组织开展主题党日12次，覆盖党员40人。")]))
    first, second = document.blocks
    assert (first.kind, first.level, first.label, first.label_auto) == (BlockKind.HEADING, 2, "（三）", False)
    assert (second.kind, second.label, second.label_auto) == (BlockKind.PARAGRAPH, "1.", False)


def test_docx_second_num_with_start_override_restarts_the_list() -> None:
    levels = [Level(0, "decimal", "%1.")]
    nums = [Num(1, 0), Num(2, 0, start_overrides={0: 1}), Num(3, 0)]
    body = [
        para("第一项工作内容", num=1, ilvl=0),
        para("第二项工作内容", num=1, ilvl=0),
        para("重新开始的列表", num=2, ilvl=0),
        para("重新开始的第二项", num=2, ilvl=0),
        para("共用抽象编号，接着数", num=3, ilvl=0),
    ]
    assert [b.label for b in read(build_docx(body, **numbered(levels, nums=nums))).blocks] == [
        "1.",
        "2.",
        "1.",
        "2.",
        "3.",
    ]


def test_docx_level_override_redefines_a_level_and_restarts_it() -> None:
    levels = [Level(0, "decimal", "%1.")]
    nums = [Num(1, 0), Num(2, 0, start_overrides={0: 5}, level_overrides={0: Level(0, "upperRoman", "%1)")})]
    body = [para("甲项", num=1, ilvl=0), para("乙项", num=2, ilvl=0), para("丙项", num=2, ilvl=0)]
    assert texts(read(build_docx(body, **numbered(levels, nums=nums)))) == ["1.甲项", "V)乙项", "VI)丙项"]


def test_docx_multilevel_label_joins_the_levels_and_restarts_deeper_ones() -> None:
    levels = [Level(0, "decimal", "%1."), Level(1, "decimal", "%1.%2"), Level(2, "decimal", "%1.%2.%3")]
    body = [
        para("总则", num=1, ilvl=0),
        para("目的", num=1, ilvl=1),
        para("范围", num=1, ilvl=1),
        para("细则", num=1, ilvl=2),
        para("职责", num=1, ilvl=0),
        para("分工", num=1, ilvl=1),
    ]
    assert texts(read(build_docx(body, **numbered(levels)))) == [
        "1.总则",
        "1.1 目的",
        "1.2 范围",
        "1.2.1 细则",
        "2.职责",
        "2.1 分工",
    ]


def test_docx_legal_numbering_shows_higher_levels_in_arabic_digits() -> None:
    levels = [Level(0, "chineseCounting", "%1、"), Level(1, "decimal", "%1.%2", is_lgl=True, suff="nothing")]
    body = [para("总体情况", num=1, ilvl=0), para("学习情况", num=1, ilvl=1)]
    assert texts(read(build_docx(body, **numbered(levels)))) == ["一、总体情况", "1.1学习情况"]


def test_docx_level_restart_zero_keeps_counting_across_higher_levels() -> None:
    levels = [Level(0, "chineseCounting", "%1、"), Level(1, "decimal", "（%2）", restart=0)]
    body = [
        para("甲", num=1, ilvl=0),
        para("子项一", num=1, ilvl=1),
        para("乙", num=1, ilvl=0),
        para("子项二", num=1, ilvl=1),
    ]
    assert [b.label for b in read(build_docx(body, **numbered(levels))).blocks] == ["一、", "（1）", "二、", "（2）"]


def test_docx_label_without_trailing_punctuation_is_followed_by_one_space() -> None:
    levels = [Level(0, "chineseCounting", "第%1章"), Level(1, "decimal", "第%2条", suff="nothing")]
    body = [para("总则", num=1, ilvl=0), para("为加强支部建设，制定本办法。", num=1, ilvl=1)]
    first, second = read(build_docx(body, **numbered(levels))).blocks
    assert (first.text, first.label, first.own_text) == ("第一章 总则", "第一章 ", "总则")
    assert (second.text, second.label) == ("第1条为加强支部建设，制定本办法。", "第1条")


def test_docx_num_style_link_reads_levels_of_the_list_style() -> None:
    styles = (*BASE_STYLES, Style("ListStyle", "报告列表", type="numbering", num_id=1))
    numbering = Numbering(
        [
            AbstractNum(0, [Level(0, "ideographTraditional", "%1、")], style_link="ListStyle"),
            AbstractNum(1, [], num_style_link="ListStyle"),
        ],
        [Num(1, 0), Num(2, 1)],
    )
    body = [para("第一方面的工作内容", num=2, ilvl=0), para("第二方面的工作内容", num=2, ilvl=0)]
    assert texts(read(build_docx(body, styles=styles, numbering=numbering))) == [
        "甲、第一方面的工作内容",
        "乙、第二方面的工作内容",
    ]


def test_docx_num_id_zero_removes_the_style_numbering() -> None:
    styles = (*BASE_STYLES, Style("1", "heading 1", based_on="a", outline=0, num_id=1, ilvl=0))
    levels = [Level(0, "chineseCounting", "%1、")]
    body = [para("有编号", style="1"), para("去掉编号", style="1", num=0), para("仍有编号", style="1")]
    document = read(build_docx(body, **numbered(levels, styles=styles)))
    assert texts(document) == ["一、有编号", "去掉编号", "二、仍有编号"]


def test_docx_bullets_are_list_items_without_label() -> None:
    levels = [Level(0, "bullet", "\uf0b7")]
    body = [para("按时足额交纳党费，全年收缴率达到百分之百", num=1, ilvl=0)]
    (block,) = read(build_docx(body, **numbered(levels))).blocks
    assert (block.kind, block.text, block.label, block.label_auto, block.level) == (
        BlockKind.LIST_ITEM,
        "按时足额交纳党费，全年收缴率达到百分之百",
        "",
        False,
        1,
    )


def test_docx_numbered_sentences_are_list_items() -> None:
    levels = [Level(0, "decimal", "%1.")]
    body = [para("组织开展主题党日12次，覆盖党员40人。", num=1, ilvl=0)]
    (block,) = read(build_docx(body, **numbered(levels))).blocks
    assert (block.kind, block.level, block.text) == (BlockKind.LIST_ITEM, 1, "1.组织开展主题党日12次，覆盖党员40人。")


def test_docx_reads_numbering_part_larger_than_the_whole_parse_limit() -> None:
    # Over 16 KB numbering.xml is indexed and its elements parsed one by one.
    filler = [AbstractNum(i, [Level(j, "decimal", f"%{j + 1}.") for j in range(9)]) for i in range(1, 12)]
    numbering = Numbering([*filler, AbstractNum(0, [Level(0, "chineseCounting", "%1、")])], [Num(7, 0)])
    assert len(numbering.xml()) > 16 * 1024
    body = [para("主要工作", num=7, ilvl=0), para("存在问题", num=7, ilvl=0)]
    assert texts(read(build_docx(body, numbering=numbering))) == ["一、主要工作", "二、存在问题"]


@pytest.mark.parametrize(
    ("n", "chinese"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (1001, "一千零一")],
)  # fmt: skip
def test_docx_chinese_counting_numbers(n: int, chinese: str) -> None:
    assert format_number(n, "chineseCounting") == chinese
    assert format_number(n, "chineseCountingThousand") == chinese


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [
        (3, "ideographTraditional", "丙"),
        (11, "ideographTraditional", "甲"),
        (2, "ideographZodiac", "丑"),
        (3, "decimalEnclosedCircle", "③"),
        (3, "decimalEnclosedCircleChinese", "③"),
        (21, "decimalEnclosedCircle", "㉑"),
        (12, "decimalFullWidth", "１２"),
        (4, "decimalZero", "04"),
        (2, "lowerLetter", "b"),
        (27, "upperLetter", "AA"),
        (14, "lowerRoman", "xiv"),
        (1990, "upperRoman", "MCMXC"),
        (12, "taiwaneseCounting", "十二"),
        (11, "chineseLegalSimplified", "壹拾壹"),
        (7, "decimal", "7"),
        (7, "someFutureFormat", "7"),
    ],
)
def test_docx_number_formats(n: int, fmt: str, label: str) -> None:
    assert format_number(n, fmt) == label


def test_docx_japanese_counting_drops_the_leading_one() -> None:
    assert [chinese_counting(n, japanese=True) for n in (10, 11, 100, 105)] == ["十", "十一", "百", "百五"]


# ---------------------------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------------------------


def test_docx_heading_levels_from_localized_outline_only_and_id_named_styles() -> None:
    styles = (
        *BASE_STYLES,
        Style("a3", "heading 1", based_on="a", outline=0),  # Chinese Word: ids are not names
        Style("Heading2", "标题 2", based_on="a"),  # a localized name, no outline level
        Style("LO1", "一级标题", based_on="a", outline=0),  # outline level only (LibreOffice/WPS)
        Style("Mine", "我的标题", based_on="Heading2"),  # inherits through w:basedOn
        Style("Body", "正文缩进", based_on="a", outline=9),  # outline level 9 = body text
    )
    body = [
        para("主要工作进展成效", style="a3"),
        para("强化政治引领", style="Heading2"),
        para("工作特色亮点", style="LO1"),
        para("打造支部品牌", style="Mine"),
        para("正文样式的一段话", style="Body"),
    ]
    document = read(build_docx(body, styles=styles))
    assert [(b.kind, b.level, b.style) for b in document.blocks] == [
        (BlockKind.HEADING, 1, "heading 1"),
        (BlockKind.HEADING, 2, "标题 2"),
        (BlockKind.HEADING, 1, "一级标题"),
        (BlockKind.HEADING, 2, "我的标题"),
        (BlockKind.PARAGRAPH, None, "正文缩进"),
    ]


def test_docx_paragraph_outline_level_overrides_the_style() -> None:
    styles = (*BASE_STYLES, Style("1", "heading 1", based_on="a", outline=0))
    body = [para("设了大纲级别的段落", outline=2), para("标题样式改成正文", style="1", outline=9)]
    document = read(build_docx(body, styles=styles))
    assert [(b.kind, b.level) for b in document.blocks] == [(BlockKind.HEADING, 3), (BlockKind.PARAGRAPH, None)]


def test_docx_whole_paragraph_bold_short_line_is_heading() -> None:
    styles = (
        *BASE_STYLES,
        Style("Strong", "Strong", type="character", bold=True),
        Style("BoldPara", "加粗段落", based_on="a", bold=True),
    )
    body = [
        para("一、主要工作进展成效"),  # typed label, reads as a heading
        para([run("（一）", bold=True), run("强化政治引领", bold=True)]),
        para([run("（二）夯实组织基础", style="Strong")]),  # bold through a character style
        para("（三）发挥作用", style="BoldPara"),  # bold through the paragraph style
        para([run("1.", bold=True), run("规范组织生活", bold=True), run(" ")]),  # whitespace run not bold
        para([run("加强", bold=True), run("支部建设")]),  # partly bold: not a heading
        para("支部全年开展主题党日活动12次。", bold=True),  # a bold sentence: not a heading
    ]
    document = read(build_docx(body, styles=styles))
    assert [(b.kind, b.level, b.bold) for b in document.blocks] == [
        (BlockKind.HEADING, 1, False),
        (BlockKind.HEADING, 2, True),
        (BlockKind.HEADING, 2, True),
        (BlockKind.HEADING, 2, True),
        (BlockKind.HEADING, 3, True),
        (BlockKind.PARAGRAPH, None, False),
        (BlockKind.PARAGRAPH, None, True),
    ]


def test_docx_unlabelled_bold_headings_get_levels_like_the_pdf_reader() -> None:
    body = [
        para("2024年度述职报告", bold=True, size=22),  # first and largest: the title
        para("一、主要工作", bold=True, size=16),
        para("重点抓好三件事", bold=True, size=16),  # same look as the 一、 heading
        para("支部全年开展主题党日活动12次，发展党员2名。"),
    ]
    document = read(build_docx(body))
    assert [(b.kind, b.level) for b in document.blocks] == [
        (BlockKind.HEADING, 0),
        (BlockKind.HEADING, 1),
        (BlockKind.HEADING, 1),
        (BlockKind.PARAGRAPH, None),
    ]


def test_docx_table_of_contents_entries_are_not_headings() -> None:
    styles = (*BASE_STYLES, Style("TOC1", "toc 1", based_on="a"))
    body = [para([hyperlink("一、主要工作进展成效\t3")], style="TOC1")]
    (block,) = read(build_docx(body, styles=styles)).blocks
    assert (block.kind, block.text) == (BlockKind.PARAGRAPH, "一、主要工作进展成效\t3")


def test_docx_font_size_comes_from_run_then_styles_then_doc_defaults() -> None:
    styles = (
        Style("a", "Normal", default=True),
        Style("Big", "大字", based_on="a", size=22),
        Style("Bigger", "更大", based_on="Big"),
    )
    body = [para("默认字号"), para("样式字号", style="Bigger"), para("直接设置", style="Bigger", size=12)]
    document = read(build_docx(body, styles=styles, default_size=10.5))
    assert [b.font_size for b in document.blocks] == [10.5, 22.0, 12.0]


# ---------------------------------------------------------------------------------------------
# What is text, and in which order
# ---------------------------------------------------------------------------------------------


def test_docx_text_box_is_read_once_after_its_anchor_paragraph() -> None:
    body = [
        para([run("正文第一段。"), text_box(para("文本框里的文字"), para("文本框第二段"))]),
        para([text_box(para("旧式文本框"), vml_only=True)]),
        para("正文第二段。"),
    ]
    document = read(build_docx(body))
    assert [(b.kind, b.text) for b in document.blocks] == [
        (BlockKind.PARAGRAPH, "正文第一段。"),
        (BlockKind.TEXT_BOX, "文本框里的文字"),
        (BlockKind.TEXT_BOX, "文本框第二段"),
        (BlockKind.TEXT_BOX, "旧式文本框"),
        (BlockKind.PARAGRAPH, "正文第二段。"),
    ]


def test_docx_origin_index_is_the_paragraph_position_in_the_part() -> None:
    body = [
        para("第一段"),
        para(""),  # empty: skipped, but counted
        para([run("第二段"), text_box(para("框内"))]),  # the box's Fallback copy is counted too
        table([["单元格"]]),
        para("第三段"),
    ]
    data = build_docx(body)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    own_text = ["".join(t.text or "" for t in p.iter(W_T) if _nearest_p(t) is p) for p in root.iter(W_P)]
    for block in read(data).blocks:
        assert block.origin.part == "word/document.xml"
        assert own_text[block.origin.index] == block.own_text


def _nearest_p(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != W_P:
        parent = parent.getparent()
    return parent


def test_docx_tracked_insertions_kept_deletions_dropped() -> None:
    body = [
        para([run("支部全年开展"), inserted("主题党日"), deleted("专题学习"), run("活动12次。")]),
        para([run("移动后的"), moved_to("这句话"), moved_from("这句话"), run("保留一次。")]),
        para([deleted("整段都被删除的文字")]),
    ]
    document = read(build_docx(body))
    assert texts(document) == ["支部全年开展主题党日活动12次。", "移动后的这句话保留一次。"]
    assert any("修订" in w for w in document.warnings)


def test_docx_header_footer_footnotes_and_comments_stay_out_of_the_body() -> None:
    body = [para([run("支部共有党员40名"), footnote_reference(1), run("。")]), para([commented("发展党员2名。")])]
    data = build_docx(
        body, header="页眉：内部资料", footer="第页", footnotes=["脚注：截至12月底"], comments=["批注：请核实"]
    )
    document = read(data)
    assert texts(document) == ["支部共有党员40名。", "发展党员2名。"]


def test_docx_fields_show_their_result_not_their_instruction() -> None:
    body = [
        para([run("截至"), field(' DATE \\@ "yyyy年M月d日" ', "2024年12月31日"), run("，共有党员40名。")]),
        para([run("见第"), simple_field(" PAGEREF _Toc1 \\h ", "3"), run("页。")]),
    ]
    assert texts(read(build_docx(body))) == ["截至2024年12月31日，共有党员40名。", "见第3页。"]


def test_docx_content_controls_are_read_through() -> None:
    def sdt(content: str) -> str:
        return f'<w:sdt><w:sdtPr><w:alias w:val="填写区"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'

    body = [sdt(para("模板里的第一段。") + para("模板里的第二段。")), para([run("姓名："), sdt(run("陈立群"))])]
    assert texts(read(build_docx(body))) == ["模板里的第一段。", "模板里的第二段。", "姓名：陈立群"]


def test_docx_tabs_and_breaks_stay_inside_one_block() -> None:
    body = [para([run("姓名\t张三"), run("第一行\n第二行")]), para("")]
    assert texts(read(build_docx(body))) == ["姓名\t张三第一行\n第二行"]


def test_docx_hidden_text_is_left_out() -> None:
    body = [para([run("看得见的文字"), run("隐藏文字", vanish=True), run("。")])]
    assert texts(read(build_docx(body))) == ["看得见的文字。"]


def test_docx_tables_come_in_document_order_with_merged_cells_once() -> None:
    body = [
        para("表格前的段落。"),
        table(
            [
                ["项目", Cell("完成情况", span=2)],
                [Cell("组织生活", vmerge="restart"), "支委会", "14次"],
                [Cell("", vmerge="continue"), "党员大会", "7次"],
            ]
        ),
        para("两表之间的段落。"),
        table([["外层", Cell([table([["内层"]])])]]),
        para("表格后的段落。"),
    ]
    document = read(build_docx(body))
    assert [(b.kind, b.text, b.cell) for b in document.blocks] == [
        (BlockKind.PARAGRAPH, "表格前的段落。", None),
        (BlockKind.TABLE_CELL, "项目", TableCellRef(0, 0, 0)),
        (BlockKind.TABLE_CELL, "完成情况", TableCellRef(0, 0, 1)),
        (BlockKind.TABLE_CELL, "组织生活", TableCellRef(0, 1, 0)),
        (BlockKind.TABLE_CELL, "支委会", TableCellRef(0, 1, 1)),
        (BlockKind.TABLE_CELL, "14次", TableCellRef(0, 1, 2)),
        (BlockKind.TABLE_CELL, "党员大会", TableCellRef(0, 2, 1)),
        (BlockKind.TABLE_CELL, "7次", TableCellRef(0, 2, 2)),
        (BlockKind.PARAGRAPH, "两表之间的段落。", None),
        (BlockKind.TABLE_CELL, "外层", TableCellRef(1, 0, 0)),
        (BlockKind.TABLE_CELL, "内层", TableCellRef(2, 0, 0)),
        (BlockKind.PARAGRAPH, "表格后的段落。", None),
    ]


def test_docx_source_info_describes_the_file() -> None:
    data = build_report_docx(REPORT)
    source = read(data, "述职报告.docx").source
    assert (source.filename, source.format, source.pages) == ("述职报告.docx", SourceFormat.DOCX, None)
    assert source.size == len(data)
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_docx_main_part_is_found_through_package_relationships() -> None:
    data = build_docx([para("正文在另一个部件里。")], main_part="word/document2.xml")
    document = read_document(data, "报告.docx")
    assert texts(document) == ["正文在另一个部件里。"]
    assert document.blocks[0].origin.part == "word/document2.xml"


def test_docx_relationships_are_read_whatever_their_spelling() -> None:
    package = zipfile.ZipFile(io.BytesIO(build_docx([para("正文在另一个部件里。")], main_part="word/document2.xml")))
    members = {name: package.read(name) for name in package.namelist()}
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    members["_rels/.rels"] = (  # a prefix, single quotes, any attribute order, an external link first
        "<?xml version='1.0'?><!-- by hand --><r:Relationships"
        " xmlns:r='http://schemas.openxmlformats.org/package/2006/relationships'>"
        f"<r:Relationship Target='http://example.com/?a=1&amp;b=2' TargetMode='External' Id='rId9' Type='{office}'/>"
        f"<r:Relationship\n  Target = '/word/document2.xml' Id='rId1' Type='{office}' />"
        "</r:Relationships>"
    ).encode()
    document = read_document(_zip(members), "报告.docx")
    assert texts(document) == ["正文在另一个部件里。"]
    assert document.blocks[0].origin.part == "word/document2.xml"


def test_docx_styles_without_the_w_prefix_are_parsed_whole() -> None:
    data = build_report_docx(REPORT)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/styles.xml"] = (
        members["word/styles.xml"]
        .replace(b"xmlns:w=", b"xmlns:ns0=")
        .replace(b"<w:", b"<ns0:")
        .replace(b"</w:", b"</ns0:")
        .replace(b" w:", b" ns0:")
    )
    assert b"<w:style" not in members["word/styles.xml"]
    assert outline(read(_zip(members)))[1:3] == [
        (1, "一、", "一、主要工作进展成效", True),
        (2, "（一）", "（一）强化政治引领", True),
    ]


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _padded_styles(styles: bytes, kilobytes: int = 150, *, after: bool = False) -> bytes:
    """The styles part with unused styles before (or after) the ones a report uses, as templates carry them."""
    pad = "".join(
        f'<w:style w:type="paragraph" w:styleId="pad{i}"><w:name w:val="pad {i}"/><w:basedOn w:val="a"/>'
        f'<w:rPr><w:sz w:val="{20 + i % 9}"/></w:rPr></w:style>'
        for i in range(kilobytes * 1024 // 140)
    ).encode()
    cut = styles.index(b"</w:styles>") if after else styles.index(b">", styles.index(b"<w:styles")) + 1
    return styles[:cut] + pad + styles[cut:]


@pytest.mark.parametrize("prefixed", [True, False])
def test_docx_styles_far_into_a_large_styles_part_are_found(prefixed: bool) -> None:
    members = _members(build_report_docx(REPORT))
    padded = _padded_styles(members["word/styles.xml"])
    if not prefixed:
        padded = padded.replace(b"xmlns:w=", b"xmlns:ns0=").replace(b"<w:", b"<ns0:").replace(b"</w:", b"</ns0:")
        padded = padded.replace(b" w:", b" ns0:")
    members["word/styles.xml"] = padded
    assert len(padded) > 150_000
    document = read(_zip(members))
    assert outline(document) == outline(read(build_report_docx(REPORT)))
    assert not document.warnings


def test_docx_large_styles_part_is_inflated_only_as_far_as_the_styles_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    members = _members(build_report_docx(REPORT))
    members["word/styles.xml"] = _padded_styles(members["word/styles.xml"], 300, after=True)
    pieces: list[int] = []
    more = docx_reader._Inflating.more

    def counted(self: docx_reader._Inflating) -> bytes:
        piece = more(self)
        pieces.append(len(piece))
        return piece

    monkeypatch.setattr(docx_reader._Inflating, "more", counted)
    document = read(_zip(members))
    assert outline(document) == outline(read(build_report_docx(REPORT)))
    assert len(members["word/styles.xml"]) > 300_000
    assert pieces and sum(pieces) <= 2 * docx_reader._INFLATE_STEP


def test_docx_damaged_large_styles_part_is_read_with_a_warning() -> None:
    members = _members(build_report_docx(REPORT))
    members["word/styles.xml"] = _padded_styles(members["word/styles.xml"])
    data = bytearray(_zip(members, compresslevel=1))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/styles.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 64] = bytes(64)
    document = read(bytes(data))
    assert "主要工作进展成效" in texts(document)[1]
    assert any("样式或编号信息不完整" in warning for warning in document.warnings)


def test_docx_written_by_python_docx_reads_headings_and_list_numbers() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("主要工作进展成效", 1)
    document.add_paragraph("组织开展主题党日活动12次。", style="List Number")
    document.add_paragraph("发展党员2名，确定入党积极分子3名。", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    blocks = read(buffer.getvalue()).blocks
    assert [(b.kind, b.level, b.text, b.style) for b in blocks] == [
        (BlockKind.HEADING, 1, "主要工作进展成效", "heading 1"),
        (BlockKind.LIST_ITEM, 1, "1.组织开展主题党日活动12次。", "List Number"),
        (BlockKind.LIST_ITEM, 1, "2.发展党员2名，确定入党积极分子3名。", "List Number"),
    ]


# ---------------------------------------------------------------------------------------------
# Bad files
# ---------------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes], compresslevel: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_docx_truncated_file_is_corrupt() -> None:
    data = build_report_docx(REPORT)
    assert error_code(data[: len(data) * 2 // 3]) is InputErrorCode.CORRUPT


def test_docx_with_garbage_document_xml_is_corrupt() -> None:
    data = build_docx([para("x")], document_xml=b"<w:document><w:body><w:p>\x00\x01 not xml")
    assert error_code(data) is InputErrorCode.CORRUPT


def test_docx_with_damaged_member_data_is_corrupt() -> None:
    data = bytearray(build_report_docx(REPORT))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10 : start + 20] = b"\xff" * 10
    assert error_code(bytes(data)) is InputErrorCode.CORRUPT


def test_docx_with_only_whitespace_is_empty() -> None:
    data = build_docx([para("   "), para("\u3000\u3000"), para(""), table([["  "]])])
    with pytest.raises(InputError) as caught:
        read(data)
    assert caught.value.code is InputErrorCode.EMPTY
    assert "没有文字" in caught.value.message


def test_docx_zip_bomb_is_too_large() -> None:
    data = build_report_docx(REPORT)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/media/image1.png"] = b"\0" * (8 * 1024 * 1024)
    bomb = _zip(members, compresslevel=9)
    assert len(bomb) < 64 * 1024
    assert error_code(bomb, ReadLimits(max_zip_ratio=50)) is InputErrorCode.TOO_LARGE


def test_docx_reader_checks_the_zip_bomb_limits_itself() -> None:
    data = build_report_docx(REPORT)
    limits = ReadLimits(max_unzipped_bytes=1000)
    ctx = ReadContext("报告.docx", "0" * 64, limits, Deadline(limits.time_budget_s))
    with pytest.raises(InputError) as caught:
        docx_reader.read(data, ctx)
    assert caught.value.code is InputErrorCode.TOO_LARGE


def test_docx_out_of_time_is_too_large() -> None:
    assert error_code(build_report_docx(REPORT), ReadLimits(time_budget_s=-1)) is InputErrorCode.TOO_LARGE


def test_docx_blocks_are_blocks() -> None:
    # The reader's positional Block construction must match the dataclass field order.
    block = read(build_report_docx(REPORT)).blocks[1]
    assert isinstance(block, Block)
    assert (block.kind, block.label, block.style, block.bold, block.font_size, block.cell) == (
        BlockKind.HEADING,
        "一、",
        "heading 1",
        True,
        16.0,
        None,
    )
