"""The PDF reader: paragraphs, headings, tables and page furniture of generated reports, and the
errors of files it cannot read."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from analyzers.document import Block, BlockKind, Document, SourceFormat, TableCellRef
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from analyzers.readers.pdf import NO_TEXT_LAYER_MESSAGE
from tests.fixtures.pdf_builder import (
    FONT,
    HEI,
    KAI,
    SMALL_PAGE,
    build_pdf,
    build_scan_pdf,
    small,
    table_text,
    wrap,
)

LONG = (
    "今年以来，支部坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，"
    "认真落实三会一课制度，全年召开支部党员大会6次、支委会12次，讲授专题党课4次，"
    "组织开展主题党日活动8次，覆盖党员42人次。"
)
SECOND = "支部把政治建设摆在首位，扎实开展主题教育，推动党建工作与业务工作深度融合，取得了明显成效。"
THIRD = "下一步，支部将继续加强自身建设，严格落实组织生活制度，不断提升组织力。"


def _read(data: bytes, name: str = "报告.pdf", limits: ReadLimits | None = None) -> Document:
    return read_document(data, name, limits)


def _texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def _code(data: bytes, name: str = "报告.pdf", limits: ReadLimits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_document(data, name, limits)
    return caught.value


# --- paragraphs ---------------------------------------------------------------------------------


def test_pdf_joins_wrapped_lines_without_inserting_spaces() -> None:
    assert len(wrap(LONG, SMALL_PAGE.body_size, SMALL_PAGE.width, 2 * SMALL_PAGE.body_size)) >= 4
    document = _read(build_pdf([("paragraph", LONG)], layout=SMALL_PAGE))
    assert _texts(document) == [LONG]
    assert document.blocks[0].kind is BlockKind.PARAGRAPH


def test_pdf_keeps_one_space_between_latin_words_split_across_lines() -> None:
    text = "支部书记带头学习" + " ".join(["Python programming for data analysis"] * 3) + "课程。"
    lines = wrap(text, SMALL_PAGE.body_size, SMALL_PAGE.width, 2 * SMALL_PAGE.body_size)
    assert any(a[-1].isascii() and b[0].isascii() for a, b in zip(lines, lines[1:], strict=False))
    assert _texts(_read(build_pdf([("paragraph", text)], layout=SMALL_PAGE))) == [text]


def test_pdf_starts_a_paragraph_at_a_first_line_indent() -> None:
    document = _read(build_pdf([("paragraph", LONG), ("paragraph", SECOND), ("paragraph", THIRD)], layout=SMALL_PAGE))
    assert _texts(document) == [LONG, SECOND, THIRD]


def test_pdf_starts_a_paragraph_at_a_larger_gap_between_flush_lines() -> None:
    layout = small(paragraph_gap=12.0)
    document = _read(build_pdf([("flush", LONG), ("flush", SECOND)], layout=layout))
    assert _texts(document) == [LONG, SECOND]


def test_pdf_starts_a_paragraph_after_a_short_line_that_ends_a_sentence() -> None:
    document = _read(build_pdf([("flush", LONG), ("flush", SECOND), ("flush", THIRD)], layout=SMALL_PAGE))
    assert _texts(document) == [LONG, SECOND, THIRD]


def test_pdf_keeps_a_list_item_with_a_hanging_indent_whole() -> None:
    items = ["1.组织生活方面。" + SECOND, "2.发展党员方面。" + THIRD]
    document = _read(build_pdf([("item", items[0]), ("item", items[1]), ("paragraph", SECOND)], layout=SMALL_PAGE))
    assert _texts(document) == [*items, SECOND]
    assert [b.label for b in document.blocks] == ["1.", "2.", ""]


def test_pdf_keeps_a_paragraph_that_runs_onto_the_next_page_whole() -> None:
    data = build_pdf([*[("paragraph", SECOND)] * 4, ("paragraph", LONG * 2)], layout=SMALL_PAGE)
    second_page = pdfium.PdfDocument(data)[1].get_textpage().get_text_range()
    assert "覆盖党员42人次。" in second_page  # the paragraph starts on page 1 and ends on page 2
    document = _read(data)
    assert _texts(document) == [SECOND] * 4 + [LONG * 2]
    assert document.blocks[-1].page == 1


def test_pdf_keeps_curly_quotes_where_they_are_printed() -> None:
    text = "支部认真落实“三会一课”制度，坚持“学思想、强党性”要求，书记说：“一定抓好。”全年召开党员大会6次。"
    data = build_pdf([("paragraph", text), ("paragraph", "他提出‘四个一’工作法。")], layout=small(latin_quotes=True))
    plain = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "落实“三会" not in plain  # the fixture reproduces PDFium's misplaced quotation marks
    assert _texts(_read(data)) == [text, "他提出‘四个一’工作法。"]


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex() + ">"


def test_pdf_orders_characters_by_position_when_a_mark_is_drawn_inside_another_run() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(300, 200))
    pdf.setFont(FONT, 12)
    pdf.drawString(20, 170, "标题")
    song = pdf._doc.getInternalFontName(FONT)
    # one text object whose narrow gaps leave room for two apostrophes drawn later in Helvetica
    array = f"{_hex('认真落实')} -60 {_hex('三会一课')} -60 {_hex('制度')}"
    pdf.addLiteral(f"BT {song} 12 Tf 1 0 0 1 20 100 Tm [{array}] TJ ET")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(20 + 48, 100, "'")
    pdf.drawString(20 + 96.7, 100, "'")
    pdf.showPage()
    pdf.save()
    assert _texts(_read(buffer.getvalue())) == ["标题", "认真落实'三会一课'制度"]


# --- running headers, footers, page numbers -------------------------------------------------------


@pytest.mark.parametrize("numbers", ["- {n} -", "— {n} —", "第 {n} 页 共 {total} 页", "{n}", "{n}/{total}"])
def test_pdf_drops_running_header_and_page_numbers(numbers: str) -> None:
    blocks = [("paragraph", LONG), ("paragraph", SECOND), ("paragraph", THIRD)] * 3
    data = build_pdf(blocks, header="中共某某党支部书记述职报告", page_numbers=numbers, layout=SMALL_PAGE)
    document = _read(data)
    assert document.source.pages >= 3
    assert "".join(_texts(document)) == "".join(text for _, text in blocks)


def test_pdf_drops_a_page_number_on_a_single_page() -> None:
    document = _read(build_pdf([("paragraph", SECOND)], header=None, page_numbers="1", layout=SMALL_PAGE))
    assert _texts(document) == [SECOND]


def test_pdf_leaves_out_a_diagonal_watermark() -> None:
    blocks = [("paragraph", LONG), ("paragraph", SECOND), ("paragraph", THIRD)] * 2
    document = _read(build_pdf(blocks, layout=SMALL_PAGE, watermark="内部资料"))
    assert "".join(_texts(document)) == "".join(text for _, text in blocks)


def test_pdf_keeps_a_title_that_repeats_the_running_header() -> None:
    title = "中共某某党支部书记述职报告"
    blocks = [("title", title), ("paragraph", LONG), ("paragraph", SECOND), ("paragraph", THIRD)] * 2
    document = _read(build_pdf(blocks[:1] + blocks[1:4] * 3, header=title, layout=SMALL_PAGE))
    assert _texts(document)[0] == title
    assert _texts(document).count(title) == 1


# --- headings -----------------------------------------------------------------------------------


def test_pdf_recognises_numbered_headings_with_their_levels() -> None:
    blocks = [
        ("paragraph", "一、主要工作进展成效"),
        ("paragraph", "（一）强化政治引领"),
        ("paragraph", SECOND),
        ("paragraph", "1. 理论学习"),
        ("paragraph", "1. 组织开展主题党日12次，覆盖党员40人。"),
        ("paragraph", "（1）专题党课"),
        ("paragraph", THIRD),
    ]
    document = _read(build_pdf(blocks, layout=SMALL_PAGE))
    got = [(b.kind, b.level, b.label, b.text) for b in document.blocks]
    assert got == [
        (BlockKind.HEADING, 1, "一、", "一、主要工作进展成效"),
        (BlockKind.HEADING, 2, "（一）", "（一）强化政治引领"),
        (BlockKind.PARAGRAPH, None, "", SECOND),
        (BlockKind.HEADING, 3, "1.", "1. 理论学习"),
        (BlockKind.PARAGRAPH, None, "1.", "1. 组织开展主题党日12次，覆盖党员40人。"),
        (BlockKind.HEADING, 4, "（1）", "（1）专题党课"),
        (BlockKind.PARAGRAPH, None, "", THIRD),
    ]


def test_pdf_recognises_headings_by_font_size_and_weight_with_levels() -> None:
    blocks = [
        ("title", "某某党支部书记2023年度述职报告"),
        ("center", "（党支部书记 张三）"),
        ("heading", "主要工作进展成效"),
        ("subheading", "强化政治引领"),
        ("paragraph", SECOND),
        ("heading", "二、存在问题及整改措施"),
        ("paragraph", THIRD),
    ]
    document = _read(build_pdf(blocks, layout=SMALL_PAGE))
    got = [(b.kind, b.level, b.style, b.bold, b.text) for b in document.blocks]
    assert got == [
        (BlockKind.HEADING, 0, "title", False, "某某党支部书记2023年度述职报告"),
        (BlockKind.PARAGRAPH, None, None, False, "（党支部书记 张三）"),
        (BlockKind.HEADING, 1, None, True, "主要工作进展成效"),
        (BlockKind.HEADING, 2, None, True, "强化政治引领"),
        (BlockKind.PARAGRAPH, None, None, False, SECOND),
        (BlockKind.HEADING, 1, None, True, "二、存在问题及整改措施"),
        (BlockKind.PARAGRAPH, None, None, False, THIRD),
    ]
    assert document.blocks[0].font_size == SMALL_PAGE.title_size
    assert document.blocks[2].font_size == SMALL_PAGE.heading_size


def test_pdf_heading_numbered_with_a_dot_before_a_year_keeps_its_label() -> None:
    blocks = [("heading", "一.2022年度工作开展情况"), ("paragraph", SECOND), ("heading", "四.2023年工作思路")]
    document = _read(build_pdf([*blocks, ("paragraph", THIRD)], layout=SMALL_PAGE))
    headings = [(b.level, b.label, b.text) for b in document.blocks if b.kind is BlockKind.HEADING]
    assert headings == [(1, "一.", "一.2022年度工作开展情况"), (1, "四.", "四.2023年工作思路")]


def test_pdf_recognises_headings_set_in_another_font_family_at_body_size() -> None:
    size = SMALL_PAGE.body_size  # 公文: 一级 in 黑体, 二级 in 楷体, body in 仿宋, all 三号
    layout = small(heading_font=HEI, subheading_font=KAI, heading_size=size, heading_bold=False)
    blocks = [
        ("heading", "主要工作进展成效"),
        ("subheading", "强化政治引领"),
        ("paragraph", SECOND),
        ("subheading", "（二）严肃组织生活"),
        ("paragraph", "支部坚持“三会一课”。"),
        ("heading", "存在问题及整改措施"),
        ("paragraph", THIRD),
    ]
    document = _read(build_pdf(blocks, layout=layout))
    assert [(b.kind, b.level, b.text) for b in document.blocks] == [
        (BlockKind.HEADING, 1, "主要工作进展成效"),
        (BlockKind.HEADING, 2, "强化政治引领"),
        (BlockKind.PARAGRAPH, None, SECOND),
        (BlockKind.HEADING, 2, "（二）严肃组织生活"),
        (BlockKind.PARAGRAPH, None, "支部坚持“三会一课”。"),
        (BlockKind.HEADING, 1, "存在问题及整改措施"),
        (BlockKind.PARAGRAPH, None, THIRD),
    ]
    assert [b.font_size for b in document.blocks] == [size] * 7


def test_pdf_joins_a_title_wrapped_over_two_centred_lines() -> None:
    title = "中共某某大学计算机学院教工第一党支部书记2023年度述职报告"
    assert len(wrap(title, SMALL_PAGE.title_size, SMALL_PAGE.width)) == 3
    document = _read(build_pdf([("title", title), ("paragraph", SECOND)], layout=SMALL_PAGE))
    assert [(b.kind, b.level, b.text) for b in document.blocks] == [
        (BlockKind.HEADING, 0, title),
        (BlockKind.PARAGRAPH, None, SECOND),
    ]


# --- where blocks come from ---------------------------------------------------------------------


def test_pdf_keeps_page_and_box_on_every_block() -> None:
    blocks = [("title", "述职报告"), ("heading", "一、主要工作"), *[("paragraph", LONG)] * 4]
    data = build_pdf(blocks, layout=SMALL_PAGE)
    document = _read(data)
    width, height = SMALL_PAGE.page_size
    assert {b.page for b in document.blocks} == set(range(1, document.source.pages + 1))
    for block in document.blocks:
        x0, top, x1, bottom = block.origin.bbox
        assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
    title = document.blocks[0]
    assert title.origin.bbox[1] == pytest.approx(SMALL_PAGE.margin_top, abs=SMALL_PAGE.title_size)


def test_pdf_source_info() -> None:
    data = build_pdf([("paragraph", SECOND)], layout=SMALL_PAGE)
    source = _read(data, "张三述职.pdf").source
    assert (source.filename, source.format, source.size, source.pages) == (
        "张三述职.pdf",
        SourceFormat.PDF,
        len(data),
        1,
    )
    assert source.sha256 == hashlib.sha256(data).hexdigest()


# --- tables -------------------------------------------------------------------------------------


def test_pdf_reads_table_cells_in_reading_order() -> None:
    rows = [["项目", "次数", "备注"], ["支部党员大会", "6", "按季度召开"], ["主题党日", "8", "含“七一”活动"]]
    blocks = [("paragraph", SECOND), ("table", table_text(rows)), ("paragraph", THIRD)]
    document = _read(build_pdf(blocks, layout=SMALL_PAGE))
    cells = [(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    assert [(b.kind, b.cell, b.text) for b in document.blocks] == [
        (BlockKind.PARAGRAPH, None, SECOND),
        *[(BlockKind.TABLE_CELL, TableCellRef(0, r, c), text) for r, c, text in cells],
        (BlockKind.PARAGRAPH, None, THIRD),
    ]


def test_pdf_finds_a_table_ruled_by_one_path_beside_a_form_of_text() -> None:
    # two texts in a form XObject (a stamp) count as two runs of characters but one object: the
    # page has as many runs as objects, yet one object is the path that rules the table
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(400, 400))
    pdf.beginForm("stamp")
    pdf.setFont(FONT, 10)
    pdf.drawString(20, 380, "内部资料")
    pdf.drawString(300, 380, "第1页")
    pdf.endForm()
    pdf.doForm("stamp")
    grid = pdf.beginPath()
    for k in range(4):
        grid.moveTo(50, 100 + 40 * k)
        grid.lineTo(350, 100 + 40 * k)
        grid.moveTo(50 + 100 * k, 100)
        grid.lineTo(50 + 100 * k, 220)
    pdf.drawPath(grid, stroke=1, fill=0)
    pdf.setFont(FONT, 12)
    cells = [[f"单元{r}{c}" for c in range(3)] for r in range(3)]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            pdf.drawString(60 + 100 * c, 195 - 40 * r, text)
    pdf.showPage()
    pdf.save()
    document = _read(buffer.getvalue())
    assert [(b.kind, b.text) for b in document.blocks] == [
        (BlockKind.PARAGRAPH, "内部资料 第1页"),
        *[(BlockKind.TABLE_CELL, text) for row in cells for text in row],
    ]


def test_pdf_reads_tables_and_pages_past_the_first_few_pages() -> None:
    # pages are loaded a few at a time: the ninth page and after are read like the first
    rows = [["项目", "次数"], ["支部党员大会", "6"], ["主题党日", "8"]]
    sections = 16
    data = build_pdf([("paragraph", LONG), ("table", table_text(rows))] * sections, layout=SMALL_PAGE)
    assert len(pdfium.PdfDocument(data)) > 8
    document = _read(data)
    paragraphs = [b for b in document.blocks if b.kind is BlockKind.PARAGRAPH]
    cells = [b for b in document.blocks if b.kind is BlockKind.TABLE_CELL]
    assert [b.text for b in paragraphs] == [LONG] * sections
    assert [b.text for b in cells] == [text for row in rows for text in row] * sections
    assert [b.cell.table for b in cells if b.cell] == [k for k in range(sections) for _ in range(6)]
    assert cells[-1].page == document.source.pages > 8


# --- whole files, block for block ------------------------------------------------------------------

FILES = Path(__file__).resolve().parent.parent / "fixtures" / "files"


def _recorded(block: Block) -> dict[str, object]:
    bbox = block.origin.bbox
    return {
        "kind": block.kind.value,
        "level": block.level,
        "label": block.label,
        "style": block.style,
        "bold": block.bold,
        "font_size": block.font_size,
        "page": block.page,
        "bbox": list(bbox) if bbox else None,
        "cell": [block.cell.table, block.cell.row, block.cell.col] if block.cell else None,
        "text": block.text,
    }


@pytest.mark.parametrize("name", ["student-branch-2022.reportlab.pdf", "teacher-branch-2022.libreoffice.pdf"])
def test_pdf_reads_the_sample_pdfs_as_recorded(name: str) -> None:
    """Every block of two real-world shapes of PDF, as the reader read them before it was made
    faster (``pdf-samples.golden.json``): the reportlab sample (``corpora/samples``, one text object
    a line, fonts not embedded) and the .docx sample exported by LibreOffice 7.4 with
    ``bench.bench_read.libreoffice_pdf`` (embedded fonts, a text object per glyph run, digits in
    another font). A difference means the reader now reads these files differently: make sure that
    is meant before recording the new blocks. Boxes are compared to within BBOX_TOLERANCE points: a font
    that is not embedded is drawn with one the machine has (the golden file was recorded with the CJK font
    `make test` installs), whose glyphs are a little wider or narrower; the text is compared exactly."""
    expected = json.loads((FILES / "pdf-samples.golden.json").read_text(encoding="utf-8"))[name]
    document = _read((FILES / name).read_bytes(), name)
    assert (document.source.pages, list(document.warnings)) == (expected["pages"], expected["warnings"])
    got = [_recorded(block) for block in document.blocks]
    for index, (block, want) in enumerate(zip(got, expected["blocks"], strict=False)):
        box, wanted_box = block.pop("bbox"), want.pop("bbox")
        assert block == want, f"block {index}"
        assert (box is None) == (wanted_box is None), f"block {index}"
        if box is not None:
            assert max(abs(a - b) for a, b in zip(box, wanted_box, strict=True)) <= BBOX_TOLERANCE, f"block {index}"
    assert len(got) == len(expected["blocks"])


BBOX_TOLERANCE = 3.0  # points (1/72 inch): under a fifth of a character of the samples' 16-point body text


# --- files that cannot be read ------------------------------------------------------------------


def test_pdf_of_scanned_pages_is_no_text_layer() -> None:
    error = _code(build_scan_pdf(pages=2))
    assert error.code is InputErrorCode.NO_TEXT_LAYER
    assert error.message == NO_TEXT_LAYER_MESSAGE


def test_pdf_with_a_scanned_page_among_text_pages_is_read_with_a_warning() -> None:
    document = _read(build_pdf([("paragraph", LONG)], layout=SMALL_PAGE, scan_pages=1))
    assert _texts(document) == [LONG]
    assert document.source.pages == 2
    assert len(document.warnings) == 1 and "第 2 页" in document.warnings[0]


def test_pdf_with_an_open_password_is_encrypted() -> None:
    error = _code(build_pdf([("paragraph", SECOND)], layout=SMALL_PAGE, user_password="secret"))
    assert error.code is InputErrorCode.ENCRYPTED
    assert "密码" in error.message


def test_pdf_with_only_an_owner_password_is_read() -> None:
    data = build_pdf([("paragraph", SECOND)], layout=SMALL_PAGE, owner_password="owner")
    assert b"/Encrypt" in data
    assert _texts(_read(data)) == [SECOND]


def test_truncated_pdf_is_corrupt() -> None:
    data = build_pdf([("paragraph", LONG)] * 6, layout=SMALL_PAGE)
    error = _code(data[: len(data) // 2])
    assert error.code is InputErrorCode.CORRUPT
    assert "报告.pdf" in error.message


def test_pdf_over_the_page_limit_is_too_large() -> None:
    data = build_pdf([("paragraph", LONG)] * 6, layout=SMALL_PAGE)
    assert len(pdfium.PdfDocument(data)) == 3
    error = _code(data, limits=ReadLimits(max_pdf_pages=2))
    assert error.code is InputErrorCode.TOO_LARGE
    assert "3" in error.message and "2" in error.message


def test_web_page_named_pdf_is_unsupported_format() -> None:
    html = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>述职报告</body></html>".encode()
    assert _code(html, "述职报告.pdf").code is InputErrorCode.UNSUPPORTED_FORMAT
