"""The annotated .docx: a Word comment on the exact words of every finding, the user's text left as it was.

Every file is real: built in code (tests/fixtures) or a shipped sample, read by the real reader and
analysed by the real pipeline. Some findings are placed by hand on chosen words (a table cell, a text
box, across a tracked change) and added to the pipeline's own, so that each trap is exercised whatever
the checks find. The output is reopened with python-docx and read back with zipfile + lxml.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree

from analyzers.document import Block, BlockKind, Document
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.report import Finding, Report, Severity, Span
from service.render.docx_comments import annotate_docx
from tests.fixtures.docx_builder import (
    build_docx,
    deleted,
    field,
    hyperlink,
    inserted,
    para,
    report_numbering,
    report_styles,
    run,
    table,
    text_box,
)
from tests.fixtures.pdf_builder import SMALL_PAGE, build_pdf

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

BOLD_SENTENCE = [
    run("2024年3月，支部组织党员参观红色教育基地1次，"),
    run("覆盖党员25名。通过系列学习，支部党员的政治意识进一步增强", bold=True),
    run("，取得了一定成效。"),
]
TRACKED = [
    run("支部全年开展"),
    deleted("主题"),
    inserted("专题"),
    run("党日活动12次，见第"),
    field(" PAGE ", "3"),
    run("页附表。"),
    run("此句隐藏", vanish=True),
    hyperlink("详见附件"),
    run("。"),
]
TRAPS = [
    para("2024年度第一党支部书记抓基层党建工作述职报告", style="a3"),
    para("主要工作进展成效", style="1"),
    para(BOLD_SENTENCE),
    para(TRACKED),
    table([["项目", "完成情况"], ["主题党日", "全年开展12次，覆盖党员25名"]]),
    para([run("如图所示。"), text_box(para("文本框：党员志愿服务队全年服务40次。"))]),
    para("存在问题及整改措施", style="1"),
    para("个别党员参加集中学习存在“完成任务”心态。"),
    para([run("见下框。"), text_box(para("旧版文本框：理论学习不够系统。"), vml_only=True)]),
    para("下一步工作计划", style="1"),
    para("2025年每月开展1次专题学习，年底前完成全部整改。"),
]


def traps_docx(comments: tuple[str, ...] = ()) -> bytes:
    return build_docx(
        TRAPS, styles=report_styles(), numbering=report_numbering(linked_styles=["1", "2"]), comments=comments
    )


def read_and_analyze(data: bytes, name: str, profile: str | None = None) -> tuple[Document, Report]:
    document = read_document(data, name)
    return document, analyze(document, load_profile(profile))


def on(document: Document, words: str, message: str = "此处需要写明具体数据") -> Finding:
    """A finding on ``words``, which must occur in exactly one block."""
    hits = [(i, b.text.index(words)) for i, b in enumerate(document.blocks) if words in b.text]
    assert len(hits) == 1, (words, hits)
    block, start = hits[0]
    span = Span(block=block, start=start, end=start + len(words))
    suggestion = "写明次数、人数和时间"
    return Finding(
        rule="vague.sentence", severity=Severity.WARNING, message=message, span=span, text=words, suggestion=suggestion
    )


def with_findings(report: Report, *findings: Finding) -> Report:
    return report.model_copy(update={"findings": [*report.findings, *findings]})


# ---------------------------------------------------------------------------------------------
# Reading the output back, independently of the renderer
# ---------------------------------------------------------------------------------------------


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def shuzhi_comments(data: bytes) -> list[tuple[str, str, str]]:
    """(id, initials, text) of the comments shuzhi wrote, in the order they were added."""
    out = []
    for c in part(data, "word/comments.xml").iter(W + "comment"):
        if c.get(W + "author") == "shuzhi":
            text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
            out.append((c.get(W + "id"), c.get(W + "initials"), text))
    return out


def _hidden(r: etree._Element) -> bool:
    vanish = r.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false")


def anchored_texts(data: bytes) -> dict[str, str]:
    """Comment id -> the text between its commentRangeStart and commentRangeEnd, read as Word shows it with
    all changes accepted (deletions and hidden text left out; a text box's text belongs to its own paragraph)."""
    opened: dict[str, tuple[list[str], etree._Element]] = {}
    done: dict[str, str] = {}

    def walk(el: etree._Element, p: etree._Element | None) -> None:
        for c in el:
            tag = c.tag
            if tag in (W + "del", W + "moveFrom", MC_FALLBACK) or (tag == W + "r" and _hidden(c)):
                continue
            if tag == W + "commentRangeStart":
                opened[c.get(W + "id")] = ([], p)
            elif tag == W + "commentRangeEnd":
                done[c.get(W + "id")] = "".join(opened.pop(c.get(W + "id"))[0])
            elif tag in (W + "t", W + "tab", W + "br"):
                text = c.text or "" if tag == W + "t" else "\t" if tag == W + "tab" else "\n"
                for pieces, where in opened.values():
                    if where is p:
                        pieces.append(text)
            walk(c, c if tag == W + "p" else p)

    walk(part(data, "word/document.xml"), None)
    assert not opened
    return done


def char_formats(data: bytes) -> list[list[tuple[str, object]]]:
    """Every paragraph's characters, each with its run's properties: the text and its formatting."""

    def props(r: etree._Element) -> object:
        rpr = r.find(W + "rPr")
        return None if rpr is None else [(c.tag, sorted(c.attrib.items())) for c in rpr]

    paragraphs = []
    for p in part(data, "word/document.xml").iter(W + "p"):
        chars = []
        for r in p.iter(W + "r"):
            if r.getparent() is not None and next(r.iterancestors(W + "p")) is p:
                for t in r.iter(W + "t", W + "delText", W + "instrText"):
                    chars.extend((ch, props(r)) for ch in t.text or "")
        paragraphs.append(chars)
    return paragraphs


def expected_words(document: Document, finding: Finding, *, own_file: bool) -> str:
    """What a comment should cover: the span's words, less a numbering label that is not in the file; the
    whole paragraph when the span lies inside such a label; the title for a finding about the whole report."""
    block: Block = document.blocks[finding.span.block if finding.span else 0]
    base = block.content_start if own_file else 0
    if finding.span is None:
        return block.text[base:]
    return block.text[max(finding.span.start, base) : finding.span.end] or block.text[base:]


def assert_comments_on_words(out: bytes, report: Report, document: Document, *, own_file: bool) -> None:
    comments = shuzhi_comments(out)
    assert len(comments) == len(report.findings)
    anchored = anchored_texts(out)
    for finding, (cid, initials, text) in zip(report.findings, comments, strict=True):
        assert initials == "SZ"
        assert text == finding.message + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")
        assert anchored[cid] == expected_words(document, finding, own_file=own_file), finding
    reopened = docx.Document(io.BytesIO(out))
    assert sum(c.author == "shuzhi" for c in reopened.comments) == len(report.findings)


# ---------------------------------------------------------------------------------------------
# The submitted .docx
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def traps() -> tuple[bytes, Document, Report]:
    data = traps_docx()
    document, report = read_and_analyze(data, "traps.docx")
    return data, document, report


def test_sample_report_gets_a_comment_on_the_words_of_every_finding() -> None:
    data = (SAMPLES / "teacher-branch-2022.docx").read_bytes()
    document, report = read_and_analyze(data, "teacher-branch-2022.docx", "sztu-2022")
    assert any(f.rule == "vague.sentence" for f in report.findings)
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    assert char_formats(out) == char_formats(data)
    assert [b.text for b in read_document(out, "annotated.docx").blocks] == [b.text for b in document.blocks]


def test_split_bold_run_stays_bold_in_both_halves(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    inside = on(document, "通过系列学习")  # starts and ends inside the bold run
    across = on(document, "政治意识进一步增强，取得了")  # from the bold run into the plain one
    report = with_findings(report, inside, across)
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    assert char_formats(out) == char_formats(data)
    bold = [r.text for p in docx.Document(io.BytesIO(out)).paragraphs for r in p.runs if r.bold]
    assert "通过系列学习" in bold and len(bold) >= 3  # the bold run is now in pieces, each still bold


def test_overlapping_and_nested_findings_are_all_anchored(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    report = with_findings(
        report.model_copy(update={"findings": []}),
        on(document, "支部党员的政治意识"),
        on(document, "政治意识进一步增强"),
        on(document, "意识"),
        on(document, "政治意识进一步增强"),  # the very same words twice
    )
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    assert char_formats(out) == char_formats(data)


def test_automatic_numbering_label_is_not_counted_in_the_file(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    heading = next(i for i, b in enumerate(document.blocks) if b.text == "一、主要工作进展成效")
    assert document.blocks[heading].label_auto
    whole = Finding(
        rule="structure.order", severity=Severity.WARNING, message="顺序", span=Span(block=heading, start=0, end=10)
    )
    label_only = whole.model_copy(update={"span": Span(block=heading, start=0, end=2)})
    report = with_findings(report, on(document, "工作进展"), whole, label_only)
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    anchored = anchored_texts(out)
    ids = [cid for cid, _, _ in shuzhi_comments(out)][-3:]
    assert [anchored[cid] for cid in ids] == ["工作进展", "主要工作进展成效", "主要工作进展成效"]


def test_table_cell_and_text_boxes_are_anchored(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    cell, box, vml = (
        on(document, "全年开展12次"),
        on(document, "志愿服务队全年服务40次"),
        on(document, "理论学习不够系统"),
    )
    assert document.blocks[cell.span.block].kind is BlockKind.TABLE_CELL
    assert document.blocks[box.span.block].kind is BlockKind.TEXT_BOX
    assert document.blocks[vml.span.block].kind is BlockKind.TEXT_BOX
    after = on(document, "完成任务")  # counted past both text boxes and the Fallback copy
    last = on(document, "每月开展1次专题学习")
    report = with_findings(report, cell, box, vml, after, last)
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    assert char_formats(out) == char_formats(data)


def test_tracked_changes_fields_and_hidden_text_do_not_shift_anchors(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    assert any(b.text == "支部全年开展专题党日活动12次，见第3页附表。详见附件。" for b in document.blocks)
    report = with_findings(
        report,
        on(document, "专题党日活动"),  # the insertion, after a deletion
        on(document, "见第3页附表"),  # a field's result (its instruction is not text)
        on(document, "附表。详见附件"),  # across hidden text and into a hyperlink
        on(document, "。详见附件。"),
    )
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    assert char_formats(out) == char_formats(data)
    assert [b.text for b in read_document(out, "annotated.docx").blocks] == [b.text for b in document.blocks]


def test_finding_about_the_whole_report_goes_on_the_title(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    general = Finding(rule="length.under_limit", severity=Severity.WARNING, message="字数不足", suggestion="补充")
    report = with_findings(report.model_copy(update={"findings": []}), general)
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    assert list(anchored_texts(out).values()) == ["2024年度第一党支部书记抓基层党建工作述职报告"]


def test_paragraph_counted_differently_is_found_by_its_text(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    # As if a structure were counted otherwise than the reader counts it: every index off by one.
    shifted = tuple(replace(b, origin=replace(b.origin, index=(b.origin.index or 0) + 1)) for b in document.blocks)
    document = replace(document, blocks=shifted)
    report = with_findings(report, on(document, "通过系列学习"), on(document, "志愿服务队"))
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)


def test_comments_already_in_the_file_are_kept() -> None:
    data = traps_docx(comments=("原有批注",))
    document, report = read_and_analyze(data, "traps.docx")
    report = with_findings(report, on(document, "通过系列学习"))
    out = annotate_docx(report, document, data)
    assert_comments_on_words(out, report, document, own_file=True)
    authors = [c.author for c in docx.Document(io.BytesIO(out)).comments]
    assert authors.count("审阅人") == 1


def test_another_file_than_the_one_read_is_not_annotated_in_place(traps: tuple[bytes, Document, Report]) -> None:
    data, document, report = traps
    report = with_findings(report, on(document, "工作进展"))
    for original in (None, traps_docx(comments=("另一个文件",))):
        out = annotate_docx(report, document, original)
        paragraphs = [p.text for p in docx.Document(io.BytesIO(out)).paragraphs]
        assert paragraphs == [b.text for b in document.blocks]  # a new file, labels included
        assert_comments_on_words(out, report, document, own_file=False)


# ---------------------------------------------------------------------------------------------
# PDF and text input: a new .docx
# ---------------------------------------------------------------------------------------------


def assert_new_docx(out: bytes, report: Report, document: Document) -> None:
    word = docx.Document(io.BytesIO(out))
    assert [p.text for p in word.paragraphs] == [b.text for b in document.blocks]
    for paragraph, block in zip(word.paragraphs, document.blocks, strict=True):
        if block.kind is BlockKind.HEADING and block.level is not None:
            assert paragraph.style.name == ("Title" if block.level == 0 else f"Heading {block.level}")
    assert_comments_on_words(out, report, document, own_file=False)


@pytest.mark.parametrize(
    ("name", "profile"), [("student-branch-2022.pdf", None), ("retiree-branch-2020.txt", "sysu-2020")]
)
def test_pdf_and_text_samples_become_a_new_docx_with_the_same_comments(name: str, profile: str | None) -> None:
    data = (SAMPLES / name).read_bytes()
    document, report = read_and_analyze(data, name, profile)
    assert report.findings
    out = annotate_docx(report, document, data)
    assert_new_docx(out, report, document)


def test_built_pdf_with_a_table_becomes_a_new_docx() -> None:
    data = build_pdf(
        [
            ("title", "2024年度党支部书记述职报告"),
            ("heading", "一、主要工作进展成效"),
            ("paragraph", "通过系列学习，支部党员的政治意识进一步增强，取得了一定成效。"),
            ("table", "项目|次数\n主题党日|12"),
        ],
        layout=SMALL_PAGE,
    )
    document, report = read_and_analyze(data, "报告.pdf")
    report = with_findings(report, on(document, "政治意识进一步增强"))
    out = annotate_docx(report, document, data)
    assert_new_docx(out, report, document)
