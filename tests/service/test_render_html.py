"""The annotated HTML page: self-contained, escaped everywhere, marks that nest and cover the findings' words.

Real files read by the real reader and analysed by the real pipeline; the output is parsed back with
``html.parser`` (strictly: every end tag must close the element opened last) and with lxml.html.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

from analyzers.document import Document
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.report import Finding, Report, Severity, Span
from service.render.html import render_report_fragment, render_report_html

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
VOID = frozenset(("meta", "br", "hr", "img", "input", "link"))

HOSTILE_TXT = (
    "2024年度<script>alert(1)</script>党支部书记述职报告\n"
    "一、主要工作进展成效\n"
    "　　支部全年开展“主题党日”活动12次 & 发展党员2名，\"引号\"与'单引号'照录。"
    "通过系列学习，支部党员的政治意识进一步增强。\n"
    "二、存在问题及整改措施\n"
    "　　理论学习的系统性还不够，<b>个别党员</b>存在“完成任务”心态。\n"
)


class NestingChecker(HTMLParser):
    """Fails on an end tag that does not close the element opened last (lxml would silently repair it)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def check_nesting(page: str) -> list[str]:
    checker = NestingChecker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    return checker.tags


def read_and_analyze(data: bytes, name: str, profile: str | None = None) -> tuple[Document, Report]:
    document = read_document(data, name)
    return document, analyze(document, load_profile(profile))


def on(document: Document, words: str, severity: Severity = Severity.WARNING, message: str = "写具体") -> Finding:
    hits = [(i, b.text.index(words)) for i, b in enumerate(document.blocks) if words in b.text]
    assert len(hits) == 1, (words, hits)
    block, start = hits[0]
    span = Span(block=block, start=start, end=start + len(words))
    return Finding(rule="test.words", severity=severity, message=message, span=span, text=words, suggestion="补数据")


def marked_words(tree: lxml.html.HtmlElement, n: int) -> str:
    """The text of the n-th finding's mark, put back together from the parts it was split into."""
    return "".join(m.text_content() for m in tree.xpath(f'//mark[@data-finding="{n}"]'))


def assert_marks_cover_findings(page: str, report: Report, document: Document) -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring(page)
    for n, finding in enumerate(report.findings):
        if finding.span is None:
            continue
        span = finding.span
        assert marked_words(tree, n) == document.blocks[span.block].text[span.start : span.end]
        assert len(tree.xpath(f'//*[@id="f-{n}"]')) == 1
    return tree


@pytest.fixture(scope="module")
def sample() -> tuple[Document, Report]:
    data = (SAMPLES / "teacher-branch-2022.docx").read_bytes()
    return read_and_analyze(data, "teacher-branch-2022.docx", "sztu-2022")


def test_page_is_self_contained_and_marks_every_finding(sample: tuple[Document, Report]) -> None:
    document, report = sample
    page = render_report_html(report, document)
    tags = check_nesting(page)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "http://" not in page and "https://" not in page and " src=" not in page
    tree = assert_marks_cover_findings(page, report, document)
    assert len(tree.xpath('//span[@class="dp"]')) >= len(report.data_points)
    assert len(tree.xpath('//span[@class="vague"]')) >= sum(s.vague for s in report.sentences)
    first = report.findings[1]
    mark = tree.xpath('//mark[@id="f-1"]')[0]
    assert mark.get("title") == f"[警告] {first.message}\n建议：{first.suggestion}"
    assert "sev-warning" in mark.get("class")


def test_summary_and_outline(sample: tuple[Document, Report]) -> None:
    document, report = sample
    tree = lxml.html.fromstring(render_report_html(report, document))
    summary = {dt.text_content(): dt.getnext().text_content() for dt in tree.xpath("//dl//dt")}
    assert summary["字数"].startswith(str(report.stats.chars))
    assert summary["缺少部分"] == "无"
    assert summary["问题"] == "错误 0 · 警告 10 · 提示 0"
    rows = [[td.text_content() for td in tr.xpath("td")] for tr in tree.xpath("//tbody/tr")]
    sections = ["主要工作进展成效", "工作特色亮点", "存在问题及整改措施", "下一步工作计划"]
    assert [r[:2] for r in rows[:4]] == [[name, "已有"] for name in sections]
    for link in tree.xpath('//a[starts-with(@href, "#")]'):
        assert tree.xpath(f'//*[@id="{link.get("href")[1:]}"]'), link.get("href")


def test_findings_list_is_grouped_by_severity_and_links_to_marks() -> None:
    text = "2024年度党支部书记述职报告\n一、主要工作进展成效\n　　支部全年开展主题党日活动12次，取得了一定成效。\n"
    document, report = read_and_analyze(text.encode(), "报告.txt")
    extra = [on(document, "主题党日", Severity.INFO), on(document, "取得了一定成效", Severity.ERROR)]
    report = report.model_copy(update={"findings": [*report.findings, *extra]})
    tree = lxml.html.fromstring(render_report_html(report, document))
    groups = [h.text_content().split("（")[0] for h in tree.xpath('//section[@class="findings"]/h3')]
    assert groups == ["错误", "警告", "提示"]
    assert len(tree.xpath('//section[@class="findings"]//li')) == len(report.findings)
    assert "缺少" in tree.xpath("//tbody")[0].text_content()  # three of four sections are missing
    for n, finding in enumerate(report.findings):
        links = tree.xpath(f'//li[@id="item-{n}"]//a')
        assert [a.get("href") for a in links] == ([f"#f-{n}"] if finding.span else [])


def test_document_and_report_text_is_escaped_everywhere() -> None:
    document, report = read_and_analyze(HOSTILE_TXT.encode(), "<报告>&\"'.txt")
    hostile = on(document, "<b>个别党员</b>", message='消息 <script>alert(2)</script> & "引号"')
    report = report.model_copy(update={"findings": [*report.findings, hostile]})
    page = render_report_html(report, document)
    tags = check_nesting(page)
    assert "script" not in tags and "b" not in tags
    assert "<script>" not in page and "<b>" not in page
    tree = assert_marks_cover_findings(page, report, document)
    assert "2024年度<script>alert(1)</script>党支部书记述职报告" in tree.text_content()
    assert "\"引号\"与'单引号'" in tree.text_content() and "12次 & 发展" in tree.text_content()
    mark = tree.xpath(f'//mark[@id="f-{len(report.findings) - 1}"]')[0]
    assert mark.text_content() == "<b>个别党员</b>"
    assert mark.get("title") == '[警告] 消息 <script>alert(2)</script> & "引号"\n建议：补数据'
    assert "<报告>&\"'.txt" in tree.text_content()


def test_overlapping_spans_split_into_well_nested_marks() -> None:
    document, report = read_and_analyze(HOSTILE_TXT.encode(), "报告.txt")
    words = [
        "通过系列学习，支部党员",  # crosses the next one
        "支部党员的政治意识",
        "党员的",  # inside the second, across the end of the first
        "政治意识进一步增强。",  # ends with the sentence
        "12次 & 发展党员2名",  # over a data point
    ]
    severities = [Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.ERROR, Severity.WARNING]
    findings = [on(document, w, s) for w, s in zip(words, severities, strict=True)]
    report = report.model_copy(update={"findings": findings})
    for page in (render_report_html(report, document), render_report_fragment(report, document)):
        check_nesting(page)
        tree = assert_marks_cover_findings(page, report, document)
        assert len(tree.xpath("//mark[@data-finding]")) > len(findings)  # some were split
        assert len(tree.xpath("//mark[@id]")) == len(findings)


def test_fragment_is_the_body_of_the_page(sample: tuple[Document, Report]) -> None:
    document, report = sample
    fragment = render_report_fragment(report, document)
    assert "<html" not in fragment and "<head" not in fragment and "<body" not in fragment
    assert fragment.startswith('<div class="shuzhi-report">')
    assert fragment in render_report_html(report, document)
    check_nesting(fragment)
