"""Does the report follow the notice's framework? Sections present, in order, once each, in proportion."""

from __future__ import annotations

from typing import ClassVar

from analyzers.checks.base import CheckContext
from analyzers.report import Finding, Severity, Span


def _framework(ctx: CheckContext) -> str:
    return " / ".join(spec.name for spec in ctx.profile.sections)


class StructureCheck:
    """Missing, out-of-order, repeated and unrecognised top-level sections."""

    rules: ClassVar[tuple[str, ...]] = (
        "structure.missing_section",
        "structure.order",
        "structure.duplicate_section",
        "structure.unrecognised_heading",
    )

    def run(self, ctx: CheckContext) -> list[Finding]:
        return [*self._missing(ctx), *self._order(ctx), *self._duplicates(ctx), *self._unrecognised(ctx)]

    def _missing(self, ctx: CheckContext) -> list[Finding]:
        present = ctx.outline.present_keys()
        findings = []
        for number, spec in enumerate(ctx.profile.sections, start=1):
            if spec.required and spec.key not in present:
                findings.append(
                    Finding(
                        rule="structure.missing_section",
                        severity=Severity.ERROR,
                        message=f"缺少“{spec.name}”部分。通知要求按“{_framework(ctx)}”的框架撰写述职报告。",
                        section=spec.key,
                        suggestion=f"按框架补写第{number}部分“{spec.name}”，并用小标题标明。",
                    )
                )
        return findings

    def _order(self, ctx: CheckContext) -> list[Finding]:
        rank = {spec.key: i for i, spec in enumerate(ctx.profile.sections)}
        findings = []
        latest = None
        for section in ctx.outline.sections:
            if section.key is None or section.key not in rank:
                continue
            if latest is not None and rank[section.key] < rank[latest.key]:
                name, before = ctx.profile.section(section.key).name, ctx.profile.section(latest.key).name
                findings.append(
                    Finding(
                        rule="structure.order",
                        severity=Severity.WARNING,
                        message=f"“{name}”出现在“{before}”之后，与通知要求的顺序（{_framework(ctx)}）不一致。",
                        section=section.key,
                        span=_heading_span(ctx, section.heading_block),
                        text=section.title or None,
                        suggestion=f"把“{name}”调整到“{before}”之前。",
                    )
                )
            elif latest is None or rank[section.key] > rank[latest.key]:
                latest = section
        return findings

    def _duplicates(self, ctx: CheckContext) -> list[Finding]:
        seen: set[str] = set()
        findings = []
        for section in ctx.outline.sections:
            if section.key is None:
                continue
            if section.key in seen:
                name = ctx.profile.section(section.key).name
                findings.append(
                    Finding(
                        rule="structure.duplicate_section",
                        severity=Severity.WARNING,
                        message=f"“{section.title or name}”与前文同属“{name}”，这部分内容分散在多处。",
                        section=section.key,
                        span=_heading_span(ctx, section.heading_block),
                        text=section.title or None,
                        suggestion=f"把各处关于“{name}”的内容合并到一个部分中。",
                    )
                )
            seen.add(section.key)
        return findings

    def _unrecognised(self, ctx: CheckContext) -> list[Finding]:
        return [
            Finding(
                rule="structure.unrecognised_heading",
                severity=Severity.INFO,
                message=f"标题“{section.title}”不对应通知框架中的任何部分（{_framework(ctx)}）。",
                span=_heading_span(ctx, section.heading_block),
                text=section.title or None,
                suggestion="确认这部分内容是否应归入框架中的某一部分，并使用框架中的标题。",
            )
            for section in ctx.outline.sections
            if section.key is None
        ]


class BalanceCheck:
    """A section far below its share of the report: 避重就轻, typically a thin problems section."""

    rules: ClassVar[tuple[str, ...]] = ("structure.unbalanced",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        total = ctx.total_chars
        if total == 0:
            return []
        findings = []
        for spec in ctx.profile.sections:
            sections = ctx.outline.keyed(spec.key)
            if spec.min_share is None or not sections:
                continue
            chars = sum(ctx.section_chars(s) for s in sections)
            share = chars / total
            if share < spec.min_share:
                findings.append(
                    Finding(
                        rule="structure.unbalanced",
                        severity=Severity.WARNING,
                        message=(
                            f"“{spec.name}”只有 {chars} 字，占全文 {share:.1%}，"
                            f"低于建议的 {spec.min_share:.0%}，篇幅明显偏少。"
                        ),
                        section=spec.key,
                        span=_heading_span(ctx, sections[0].heading_block),
                        text=sections[0].title or None,
                        suggestion=_balance_advice(spec.key, spec.name),
                    )
                )
        return findings


def _balance_advice(key: str, name: str) -> str:
    if "problem" in key:
        return "问题要具体到事、到人、到原因（特别是主观原因），避免避重就轻，并对应列出整改措施和时限。"
    return f"充实“{name}”的内容，用具体事例和数据说明。"


class CoverageCheck:
    """Every content point the notice asks for is addressed somewhere (in its section, if it names one)."""

    rules: ClassVar[tuple[str, ...]] = ("coverage.missing_point",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        findings = []
        for point in ctx.profile.content_points:
            sections = ctx.outline.keyed(point.section) if point.section else []
            text = "\n".join(ctx.section_text(s) for s in sections) if sections else ctx.document.text
            if any(cue in text for cue in point.cues):
                continue
            where = f"“{ctx.profile.section(point.section).name}”中" if sections and point.section else "报告中"
            findings.append(
                Finding(
                    rule="coverage.missing_point",
                    severity=Severity.WARNING,
                    message=f"{where}没有写到通知要求的“{point.name}”。",
                    section=point.section,
                    span=None if point.section else ctx.document_span(),
                    suggestion=f"补充“{point.name}”的具体做法和成效（如：{'、'.join(point.cues[:3])}）。",
                )
            )
        return findings


def _heading_span(ctx: CheckContext, block: int | None) -> Span | None:
    if block is None:
        return None
    return Span(block=block, start=0, end=len(ctx.document.blocks[block].text))
