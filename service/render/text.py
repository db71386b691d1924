"""Plain-text rendering of a Report for the terminal (`shuzhi check`)."""

from __future__ import annotations

from analyzers.report import Report


def render_report(report: Report) -> str:
    stats = report.stats
    source = report.source
    pages = f" · 页数 {source.pages}" if source.pages is not None else ""
    encoding = f" · 编码 {source.encoding}" if source.encoding else ""
    lines = [
        f"{source.filename}  [{source.format}{encoding}]",
        f"  字数 {stats.chars} · 段落 {stats.paragraphs} · 句子 {stats.sentences}{pages}"
        f" · 约 {stats.reading_minutes:g} 分钟读完",
    ]
    if report.outline:
        lines.append("  提纲")
        for entry in report.outline:
            indent = "  " * max(entry.level, 1)
            page = f"  (第 {entry.page} 页)" if entry.page is not None else ""
            tag = "标题" if entry.level == 0 else f"H{entry.level}"
            lines.append(f"  {indent}{entry.text}  [{tag}]{page}")
    else:
        lines.append("  提纲：未识别到标题")
    for finding in report.findings:
        lines.append(f"  [{finding.severity}] {finding.rule}: {finding.message}")
    return "\n".join(lines)


def render_error(filename: str, code: str, message: str) -> str:
    return f"{filename}\n  无法分析 [{code}]：{message}"
