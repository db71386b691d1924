"""Plain-text rendering of a Report for the terminal (`shuzhi check`)."""

from __future__ import annotations

from analyzers.report import Finding, Report

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}

# Findings about single sentences (the rule ids) are many; the terminal shows this many per section and
# counts the rest. The JSON keeps them all.
SENTENCE_RULES = frozenset({"vague.sentence", "data.vague_quantity"})
SENTENCES_SHOWN_PER_SECTION = 5


def render_report(report: Report) -> str:
    stats = report.stats
    source = report.source
    pages = f" · 页数 {source.pages}" if source.pages is not None else ""
    encoding = f" · 编码 {source.encoding}" if source.encoding else ""
    lines = [
        f"{source.filename}  [{source.format}{encoding}]  框架：{report.profile.id}",
        f"  字数 {stats.chars} · 段落 {stats.paragraphs} · 句子 {stats.sentences}{pages}"
        f" · 默读全文约 {stats.reading_minutes:g} 分钟",
    ]
    lines.extend(_outline(report))
    placed: set[int] = set()
    lines.extend(_sections(report, placed))
    general = [f for i, f in enumerate(report.findings) if i not in placed]
    if general:
        lines.append("  全文")
        lines.extend(_capped(general, "    "))
    if report.summary.vague_ratio is not None and report.sentences:
        vague = sum(s.vague for s in report.sentences)
        lines.append(f"  表面化：{len(report.sentences)} 句中 {vague} 句表述空泛（{report.summary.vague_ratio:.0%}）")
    if report.summary.data_density is not None:
        lines.append(f"  数据：{len(report.data_points)} 个数据点，每千字 {report.summary.data_density:g} 个")
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


def _sections(report: Report, placed: set[int]) -> list[str]:
    """Each section with its 字数 and the findings inside it; ``placed`` collects those shown."""
    lines = ["  结构"]
    if not report.sections:
        lines.append("    未识别出任何部分")
    for section in report.sections:
        title = section.title or "（无标题，按内容识别）"
        key = " + ".join([section.key, *section.also]) if section.key else "未对应框架"
        how = "按内容" if section.matched_by == "content" else "按标题"
        data = f" · 数据点 {section.data_points} 个" if section.data_points else ""
        lines.append(f"    {title}  → {key}（{how}） {section.chars} 字{data}")
        mine = []
        for i, finding in enumerate(report.findings):
            inside = finding.span is not None and section.start_block <= finding.span.block < section.end_block
            about = finding.span is None and finding.section is not None and finding.section == section.key
            if i not in placed and (inside or about):
                placed.add(i)
                mine.append(finding)
        lines.extend(_capped(mine, "      "))
    return lines


def _capped(findings: list[Finding], indent: str) -> list[str]:
    """The findings in order, sentence findings after the first few of them counted rather than shown."""
    lines = []
    hidden: dict[str, int] = {}
    shown: dict[str, int] = {}
    for finding in findings:
        if finding.rule in SENTENCE_RULES:
            if shown.get(finding.rule, 0) >= SENTENCES_SHOWN_PER_SECTION:
                hidden[finding.rule] = hidden.get(finding.rule, 0) + 1
                continue
            shown[finding.rule] = shown.get(finding.rule, 0) + 1
        lines.append(_finding(finding, indent))
    for rule, count in hidden.items():
        lines.append(f"{indent}另有 {count} 句（{rule}）未逐条列出，完整列表见 --format json。")
    return lines


def _finding(finding: Finding, indent: str) -> str:
    quoted = f"“{finding.text}” " if finding.rule in SENTENCE_RULES and finding.text else ""
    text = f"{indent}[{_SEVERITY[finding.severity]}] {quoted}{finding.message}"
    if finding.suggestion:
        text += f"\n{indent}    建议：{finding.suggestion}"
    return text


def render_error(filename: str, code: str, message: str) -> str:
    return f"{filename}\n  无法分析 [{code}]：{message}"
