"""Template leftovers: placeholders and instructions left from a template, and paragraphs pasted twice.

Reviewers reject a report that still says 发展党员X名 or （此处填写具体事例）: it was not finished. The
placeholders are the marks templates use for a number or a name (X, XX, ××, ○○, 某某) and bracketed
instructions to the writer; a paragraph of 20 字 or more that repeats an earlier one word for word is a
paste left twice.
"""

from __future__ import annotations

import re
from typing import ClassVar

from analyzers.checks.base import CheckContext
from analyzers.document import BlockKind
from analyzers.report import Finding, Severity, Span
from analyzers.text import normalize_width
from analyzers.wording import scanner

# Measure words and date parts after which an X stands for a number (发展党员X名, X月X日).
_UNITS = "名次个人场期篇项条份年月日号届家所位户批门节天周元%岁"
_PLACEHOLDER_RE = re.compile(
    # a whole placeholder date: X月X日, 〇〇月〇〇日, XXXX年XX月
    r"(?:[X×〇○]{2,4}年)?[X×〇○]{1,2}月(?:[X×〇○]{1,2}[日号])?|"
    # X, XX, x, ×× standing for a number before a measure word, not inside a Latin word (X射线, Python)
    rf"(?<![A-Za-z])(?:X{{1,4}}|x{{1,4}}|×{{1,4}})(?=\s*[{_UNITS}])"
    # XX, ××, ○○, 〇〇 standing for a name (XX党支部, ××同志); 〇 beside a Chinese digit is a zero (二〇〇八)
    r"|(?<![A-Za-z])(?:X{2,4}|×{2,4})(?![A-Za-z])"
    r"|(?<![一二三四五六七八九十零〇○])[○〇]{2,4}(?![一二三四五六七八九十零〇○])"
    r"|某某+"
    # instructions to the writer in brackets
    r"|【[^】]{0,40}?(?:填写|此处|请|根据实际|补充|待定|示例|模板|XX|××)[^】]{0,40}】"
    r"|[（(](?:此处|请|待|注[:：]|根据实际|填写|示例|可选|按实际)[^）)]{0,60}[）)]"
    r"|[［\[](?:填写|此处|请)[^］\]]{0,40}[］\]]"
)
_find_placeholders = scanner(_PLACEHOLDER_RE)
REPEAT_MIN_CHARS = 20  # a shorter paragraph (a date, a signature) may repeat for good reason
# Highlighted words that are an instruction to the writer, not emphasis: templates highlight 请填写…, 此处…
_INSTRUCTION_RE = re.compile(r"填写|此处|请|示例|模板|根据实际|格式|字以内|不超过|待补充|待定|XX|××|删除|替换|参考")


class ResidueCheck:
    """Placeholders and instructions left from a template, and a paragraph repeated word for word."""

    rules: ClassVar[tuple[str, ...]] = ("residue.placeholder",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        return [*self._placeholders(ctx), *self._highlighted(ctx), *self._repeats(ctx)]

    def _highlighted(self, ctx: CheckContext) -> list[Finding]:
        """Highlighted words (in .docx) that read as an instruction to the writer; emphasis is left alone."""
        findings = []
        for index, block in enumerate(ctx.document.blocks):
            for start, end in block.highlights:
                words = block.text[start:end]
                if not _INSTRUCTION_RE.search(normalize_width(words)) or _PLACEHOLDER_RE.search(normalize_width(words)):
                    continue  # emphasis, or a placeholder already reported by _placeholders
                findings.append(
                    Finding(
                        rule="residue.placeholder",
                        severity=Severity.ERROR,
                        message=f"高亮的“{words}”是模板里的填写说明，报告尚未完成。",
                        section=ctx.section_key(index),
                        span=Span(block=index, start=start, end=end),
                        text=words,
                        suggestion="按说明填入实际内容，删去说明文字并取消高亮。",
                    )
                )
        return findings

    def _placeholders(self, ctx: CheckContext) -> list[Finding]:
        findings = []
        for index, block in enumerate(ctx.document.blocks):
            for match in _find_placeholders(ctx.plain_blocks[index]):
                if match.start() < block.content_start:
                    continue  # inside a generated numbering label
                words = block.text[match.start() : match.end()]
                findings.append(
                    Finding(
                        rule="residue.placeholder",
                        severity=Severity.ERROR,
                        message=f"“{words}”是模板留下的占位符或填写说明，报告尚未完成。",
                        section=ctx.section_key(index),
                        span=Span(block=index, start=match.start(), end=match.end()),
                        text=words,
                        suggestion="填入实际的数字、名称或事例，并删去模板中的说明文字。",
                    )
                )
        return findings

    def _repeats(self, ctx: CheckContext) -> list[Finding]:
        findings = []
        seen: dict[str, int] = {}
        for index, block in enumerate(ctx.document.blocks):
            if block.kind is BlockKind.HEADING or ctx.block_chars[index] < REPEAT_MIN_CHARS:
                continue
            key = "".join(ctx.plain_blocks[index][block.content_start :].split())
            if key not in seen:
                seen[key] = index
                continue
            findings.append(
                Finding(
                    rule="residue.placeholder",
                    severity=Severity.ERROR,
                    message=f"这一段与第 {seen[key] + 1} 段一字不差，是重复粘贴。",
                    section=ctx.section_key(index),
                    span=Span(block=index, start=block.content_start, end=len(block.text)),
                    text=block.own_text,
                    suggestion="删去重复的段落，或改写为本部分应写的内容。",
                )
            )
        return findings
