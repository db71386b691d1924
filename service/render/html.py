"""The annotated HTML view of a Report: summary, outline, the text with its findings marked, the findings list.

``render_report_html`` gives a whole self-contained page (inline CSS, no script, nothing fetched);
``render_report_fragment`` the body part a web page embeds. Every piece of report or document text goes
through ``escape``. In the text, findings are ``<mark>`` elements (class by severity, message and suggestion
in ``title``, id ``f-<n>`` for the n-th finding so the list links to it, ``data-finding="<n>"`` on every
part of it), data points are underlined and
vague sentences shaded; where such ranges overlap without nesting, an element is closed and reopened
around the other one (the reopened part has no id), so the markup always nests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from html import escape

from analyzers.document import Block, BlockKind, Document
from analyzers.profiles import Profile, ProfileError, load_profile
from analyzers.report import Finding, Report

SEVERITIES = (("error", "错误"), ("warning", "警告"), ("info", "提示"))
_SEVERITY_NAME = dict(SEVERITIES)
_KIND_NAME = {
    "count": "数量", "percent": "比例", "money": "金额", "date": "日期", "deadline": "时限",
    "duration": "时长", "rank": "名次/奖项", "other": "其他",
}  # fmt: skip

CSS = """
.shuzhi-report{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#222;
  max-width:60em;margin:0 auto;padding:1em;line-height:1.7}
.shuzhi-report h1{font-size:1.4em}
.shuzhi-report dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}
.shuzhi-report dt{font-weight:bold}
.shuzhi-report table{border-collapse:collapse}
.shuzhi-report td,.shuzhi-report th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.shuzhi-report .missing{color:#b00020;font-weight:bold}
.shuzhi-report .present{color:#1b5e20}
.shuzhi-report .doc{border:1px solid #ddd;padding:1em 2em;background:#fff}
.shuzhi-report .doc p,.shuzhi-report .doc .h{white-space:pre-wrap;margin:.4em 0}
.shuzhi-report .doc .h{font-weight:bold}
.shuzhi-report .doc .lv0{text-align:center;font-size:1.3em}
.shuzhi-report .doc .lv1{font-size:1.15em}
.shuzhi-report .doc .cell{border-left:3px solid #ccc;padding-left:.6em;color:#444}
.shuzhi-report .doc .box{border:1px dashed #999;padding:.2em .6em}
.shuzhi-report mark{background:none;border-bottom:2px solid;padding:0 1px}
.shuzhi-report mark.sev-error{background:#fde0e0;border-color:#d32f2f}
.shuzhi-report mark.sev-warning{background:#fff3cd;border-color:#f0a000}
.shuzhi-report mark.sev-info{background:#e3f0fd;border-color:#1e88e5}
.shuzhi-report .dp{text-decoration:underline;text-decoration-color:#2e7d32;text-decoration-thickness:2px}
.shuzhi-report .vague{background:#ececec}
.shuzhi-report .findings li{margin:.3em 0}
.shuzhi-report .findings .sev-error{color:#b00020}
.shuzhi-report .findings .sev-warning{color:#8a5a00}
.shuzhi-report .findings .sev-info{color:#0d47a1}
.shuzhi-report .quote{color:#555}
.shuzhi-report .suggestion{color:#333;display:block;margin-left:1em}
"""


def render_report_html(report: Report, document: Document) -> str:
    title = f"述职报告审阅：{report.source.filename}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{render_report_fragment(report, document)}\n</body>\n</html>\n"
    )


def render_report_fragment(report: Report, document: Document) -> str:
    profile = _profile(report)
    parts = [
        '<div class="shuzhi-report">',
        f"<h1>{escape(_title(document) or report.source.filename)}</h1>",
        _summary(report, profile),
        _outline(report, profile),
        _text(report, document),
        _findings(report),
        "</div>",
    ]
    return "\n".join(parts)


def _profile(report: Report) -> Profile | None:
    """The shipped profile the report was checked against (for section names and limits), if it is one."""
    try:
        return load_profile(report.profile.id)
    except ProfileError:
        return None


def _title(document: Document) -> str | None:
    first = document.blocks[0] if document.blocks else None
    return first.text if first is not None and first.kind is BlockKind.HEADING and first.level == 0 else None


def _section_name(key: str, profile: Profile | None) -> str:
    spec = next((s for s in profile.sections if s.key == key), None) if profile else None
    return spec.name if spec else key


# ---------------------------------------------------------------------------------------------
# Summary and outline
# ---------------------------------------------------------------------------------------------


def _summary(report: Report, profile: Profile | None) -> str:
    stats, summary = report.stats, report.summary
    chars = f"{stats.chars}"
    if profile is not None:
        low, high = profile.length.min_chars, profile.length.max_chars
        if low is not None or high is not None:
            chars += f"（要求 {low or 0}–{high}）" if high is not None else f"（要求不少于 {low}）"
    missing = "、".join(_section_name(k, profile) for k in summary.missing_sections) or "无"
    vague = f"{summary.vague_ratio:.0%}" if summary.vague_ratio is not None else "—"
    density = f"每千字 {summary.data_density:g} 个" if summary.data_density is not None else "—"
    counts = Counter(f.severity.value for f in report.findings)
    findings = " · ".join(f"{name} {counts[key]}" for key, name in SEVERITIES)
    rows = [
        ("文件", f"{report.source.filename}（{report.source.format}）"),
        ("框架", f"{report.profile.title}（{report.profile.id}）"),
        ("字数", chars),
        ("缺少部分", missing),
        ("表面化句子比例", vague),
        ("数据密度", f"{density}（共 {len(report.data_points)} 个数据点）"),
        ("问题", findings),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'<section><h2>概况</h2><dl class="summary">{items}</dl></section>'


def _outline(report: Report, profile: Profile | None) -> str:
    rows = []
    if profile is not None:
        for spec in profile.sections:
            found = [s for s in report.sections if s.key == spec.key or spec.key in s.also]
            if found:
                status = '<span class="present">已有</span>'
                where = "；".join(f"{s.title or '（按内容识别）'}（{s.chars} 字）" for s in found)
            else:
                status = '<span class="missing">缺少</span>' if spec.required else "未写（非必需）"
                where = ""
            rows.append((spec.name, status, where))
        known = {s.key for s in profile.sections}
        extra = [s for s in report.sections if s.key not in known]
    else:
        rows = [(k, '<span class="missing">缺少</span>', "") for k in report.summary.missing_sections]
        extra = list(report.sections)
    for s in extra:
        name = _section_name(s.key, profile) if s.key else "未对应框架"
        rows.append((name, '<span class="present">已有</span>', f"{s.title or '（按内容识别）'}（{s.chars} 字）"))
    body = "".join(f"<tr><td>{escape(n)}</td><td>{status}</td><td>{escape(w)}</td></tr>" for n, status, w in rows)
    headings = "".join(
        f'<li style="margin-left:{max(e.level - 1, 0)}em"><a href="#b-{e.block}">{escape(e.text)}</a></li>'
        for e in report.outline
    )
    return (
        "<section><h2>结构</h2><table><thead><tr><th>部分</th><th>状态</th><th>报告中的标题</th></tr></thead>"
        f"<tbody>{body}</tbody></table>" + (f"<h3>提纲</h3><ul>{headings}</ul>" if headings else "") + "</section>"
    )


# ---------------------------------------------------------------------------------------------
# The text with its marks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Range:
    start: int
    end: int
    rank: int  # nesting order when two ranges start and end together: vague sentence, finding, data point
    tag: str
    attrs: tuple[tuple[str, str], ...]
    anchor: str | None = None  # the id of its first part

    def open(self, first: bool) -> str:
        attrs = (("id", self.anchor),) + self.attrs if first and self.anchor else self.attrs
        return f"<{self.tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">"


def _text(report: Report, document: Document) -> str:
    ranges: dict[int, list[_Range]] = {}
    for s in report.sentences:
        if s.vague:
            why = "；".join(s.reasons)
            title = f"表述空泛（{s.vagueness:.2f}）" + (f"：{why}" if why else "")
            ranges.setdefault(s.span.block, []).append(
                _Range(s.span.start, s.span.end, 0, "span", (("class", "vague"), ("title", title)))
            )
    for n, f in enumerate(report.findings):
        if f.span is not None:
            attrs = (("class", f"f sev-{f.severity.value}"), ("title", _finding_title(f)), ("data-finding", str(n)))
            ranges.setdefault(f.span.block, []).append(_Range(f.span.start, f.span.end, 1, "mark", attrs, f"f-{n}"))
    for p in report.data_points:
        value = f"{p.value:g}" if p.value is not None else "—"
        title = f"数据（{_KIND_NAME.get(p.kind, p.kind)}）：{value}{p.unit}" + (f" · {p.subject}" if p.subject else "")
        ranges.setdefault(p.span.block, []).append(
            _Range(p.span.start, p.span.end, 2, "span", (("class", "dp"), ("title", title)))
        )
    blocks = [_block(i, b, ranges.get(i, [])) for i, b in enumerate(document.blocks)]
    return '<section><h2>全文</h2><div class="doc">' + "\n".join(blocks) + "</div></section>"


def _finding_title(f: Finding) -> str:
    return f"[{_SEVERITY_NAME[f.severity.value]}] {f.message}" + (f"\n建议：{f.suggestion}" if f.suggestion else "")


def _block(index: int, block: Block, ranges: list[_Range]) -> str:
    if block.kind is BlockKind.HEADING:
        cls = f"h lv{min(block.level or 0, 3)}"
    elif block.kind is BlockKind.TABLE_CELL:
        cls = "cell"
    elif block.kind is BlockKind.TEXT_BOX:
        cls = "box"
    else:
        cls = block.kind.value
    return f'<p id="b-{index}" class="{cls}">{_marked(block.text, ranges)}</p>'


def _marked(text: str, ranges: list[_Range]) -> str:
    """``text`` escaped, with the ranges as properly nested elements (split and reopened where they cross)."""
    clamped = (replace(r, start=max(r.start, 0), end=min(r.end, len(text))) for r in ranges)
    spans = [r for r in clamped if r.start < r.end]
    starts: dict[int, list[_Range]] = {}
    for r in spans:
        starts.setdefault(r.start, []).append(r)
    out: list[str] = []
    stack: list[_Range] = []
    pos = 0
    for at in sorted(set(starts) | {r.end for r in spans}):
        out.append(escape(text[pos:at]))
        pos = at
        # close everything down to the deepest range that ends here, then reopen the ranges that go on
        reopen: list[_Range] = []
        while any(r.end == at for r in stack):
            r = stack.pop()
            out.append(f"</{r.tag}>")
            if r.end != at:
                reopen.append(r)
        for r in reversed(reopen):
            out.append(r.open(first=False))
            stack.append(r)
        for r in sorted(starts.get(at, []), key=lambda r: (-r.end, r.rank)):
            out.append(r.open(first=True))
            stack.append(r)
    out.append(escape(text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# The findings list
# ---------------------------------------------------------------------------------------------


def _findings(report: Report) -> str:
    groups = []
    for key, name in SEVERITIES:
        items = [_finding_item(n, f) for n, f in enumerate(report.findings) if f.severity.value == key]
        if items:
            groups.append(f'<h3 class="sev-{key}">{name}（{len(items)}）</h3><ol>{"".join(items)}</ol>')
    body = "".join(groups) or "<p>没有发现问题。</p>"
    return f'<section class="findings"><h2>问题清单</h2>{body}</section>'


def _finding_item(n: int, f: Finding) -> str:
    quote = f'<span class="quote">“{escape(f.text)}”</span> ' if f.text else ""
    message = escape(f.message)
    if f.span is not None:
        message = f'<a href="#f-{n}">{message}</a>'
    suggestion = f'<span class="suggestion">建议：{escape(f.suggestion)}</span>' if f.suggestion else ""
    return f'<li class="sev-{f.severity.value}" id="item-{n}">{quote}{message}{suggestion}</li>'
