"""Plain-text rendering of a Report for the terminal (`shuzhi check`)."""

from __future__ import annotations

from analyzers.report import Finding, Report

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def render_report(report: Report) -> str:
    stats = report.stats
    source = report.source
    pages = f" · 页数 {source.pages}" if source.pages is not None else ""
    encoding = f" · 编码 {source.encoding}" if source.encoding else ""
    lines = [
        f"{source.filename}  [{source.format}{encoding}]  框架：{report.profile.id}",
        f"  字数 {stats.chars} · 段落 {stats.paragraphs} · 句子 {stats.sentences}{pages}"
        f" · 约 {stats.reading_minutes:g} 分钟读完",
    ]
    lines.extend(_outline(report))
    lines.extend(_sections(report))
    general = [f for f in report.findings if f.section is None and f.span is None]
    if general:
        lines.append("  全文")
        lines.extend(_finding(f, "    ") for f in general)
    return "\n".join(lines)


def _outline(report: Report) -> list[str]:
    if not report.outline:
        return ["  提纲：未识别到标题"]
    lines = ["  提纲"]
    for entry in report.outline:
        indent = "  " * max(entry.level, 1)
        page = f"  (第 {entry.page} 页)" if entry.page is not None else ""
        tag = "标题" if entry.level == 0 else f"H{entry.level}"
        lines.append(f"  {indent}{entry.text}  [{tag}]{page}")
    return lines


def _sections(report: Report) -> list[str]:
    lines = ["  结构"]
    if not report.sections:
        lines.append("    未识别出任何部分")
    for section in report.sections:
        title = section.title or "（无标题，按内容识别）"
        key = section.key or "未对应框架"
        how = "按内容" if section.matched_by == "content" else "按标题"
        lines.append(f"    {title}  → {key}（{how}） {section.chars} 字")
        lines.extend(
            _finding(f, "      ")
            for f in report.findings
            if f.span is not None and section.start_block <= f.span.block < section.end_block
            or (f.span is None and f.section is not None and f.section == section.key)
        )
    placed = {s.key for s in report.sections}
    for finding in report.findings:
        if finding.span is None and finding.section is not None and finding.section not in placed:
            lines.append(_finding(finding, "    "))
    return lines


def _finding(finding: Finding, indent: str) -> str:
    text = f"{indent}[{_SEVERITY[finding.severity]}] {finding.message}"
    if finding.suggestion:
        text += f"\n{indent}    建议：{finding.suggestion}"
    return text


def render_error(filename: str, code: str, message: str) -> str:
    return f"{filename}\n  无法分析 [{code}]：{message}"
