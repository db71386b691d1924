"""Length against the profile's 字数 limits, and the time an oral 述职 of the text would take."""

from __future__ import annotations

from typing import ClassVar

from analyzers.checks.base import CheckContext
from analyzers.report import Finding, Severity

# Speaking rate for reading a prepared report aloud. Mandarin read at a measured pace runs at about
# four syllables (字) a second; broadcast news is faster, near five. This is our working estimate,
# not a figure from the notices: a profile may set its own (oral.chars_per_minute).
SPEAKING_CHARS_PER_MINUTE = 240
DEFAULT_RATE_SOURCE = "本工具的默认估计：普通话从容朗读约每秒 4 字，通知未规定语速"


class LengthCheck:
    """Total 字数 above or below the profile's limits."""

    rules: ClassVar[tuple[str, ...]] = ("length.over_limit", "length.under_limit")

    def run(self, ctx: CheckContext) -> list[Finding]:
        limits = ctx.profile.length
        chars = ctx.total_chars
        if limits.max_chars is not None and chars > limits.max_chars:
            over = chars - limits.max_chars
            return [
                Finding(
                    rule="length.over_limit",
                    severity=Severity.WARNING,
                    span=ctx.document_span(),
                    message=f"全文 {chars} 字，超过了 {limits.max_chars} 字的上限，多出 {over} 字。",
                    suggestion="压缩一般性表述和背景介绍，保留有具体事例和数据的内容，做到简明扼要。",
                )
            ]
        if limits.min_chars is not None and chars < limits.min_chars:
            short = limits.min_chars - chars
            return [
                Finding(
                    rule="length.under_limit",
                    severity=Severity.WARNING,
                    span=ctx.document_span(),
                    message=f"全文只有 {chars} 字，少于 {limits.min_chars} 字的下限，还差 {short} 字。",
                    suggestion="按框架逐部分充实内容，用具体事例和数据说明工作成效、问题和整改措施。",
                )
            ]
        return []


class OralTimeCheck:
    """For notices with an oral presentation: how long reading the report aloud would take."""

    rules: ClassVar[tuple[str, ...]] = ("length.oral_time",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        oral = ctx.profile.oral
        if oral is None:
            return []
        if oral.chars_per_minute:
            rate, source = oral.chars_per_minute, f"框架“{ctx.profile.id}”设定的语速"
        else:
            rate, source = SPEAKING_CHARS_PER_MINUTE, DEFAULT_RATE_SOURCE
        minutes = ctx.total_chars / rate
        allowed = oral.minutes
        estimate = (
            f"口头述职按每分钟约 {rate:g} 字的语速（{source}）估算，"
            f"全文 {ctx.total_chars} 字讲完约需 {minutes:.1f} 分钟"
        )
        if minutes > allowed:
            return [
                Finding(
                    rule="length.oral_time",
                    severity=Severity.WARNING,
                    span=ctx.document_span(),
                    message=f"{estimate}，超过现场述职 {allowed:g} 分钟的发言时间。",
                    suggestion=f"现场述职稿宜压缩到约 {int(allowed * rate)} 字以内，突出重点工作和数据。",
                )
            ]
        return [
            Finding(
                rule="length.oral_time",
                severity=Severity.INFO,
                span=ctx.document_span(),
                message=f"{estimate}，在现场述职 {allowed:g} 分钟的发言时间之内。",
            )
        ]
