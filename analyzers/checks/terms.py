"""规范表述: key formulations and document titles written wrongly (两个确定 for 两个确立, 三个自信, a title
without its （试行）), found by the variants of ``corpora/lexicons/terms.yaml``, each with the right form."""

from __future__ import annotations

from typing import ClassVar

from analyzers.checks.base import CheckContext
from analyzers.report import Finding, Severity, Span
from analyzers.term_lexicons import TermLexicon


class NonstandardTermCheck:
    """A key formulation or document title in a wrong form."""

    rules: ClassVar[tuple[str, ...]] = ("terms.nonstandard",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        lexicon = TermLexicon.load_default()
        findings = []
        for index, block in enumerate(ctx.document.blocks):
            for match in lexicon.find(block.text, ctx.plain_blocks[index]):
                if match.start < block.content_start:
                    continue
                entry = match.entry
                findings.append(
                    Finding(
                        rule="terms.nonstandard",
                        severity=Severity.WARNING,
                        message=f"“{match.matched}”不是规范表述，应为“{entry.canonical}”。{entry.note}",
                        section=ctx.section_key(index),
                        span=Span(block=index, start=match.start, end=match.end),
                        text=match.matched,
                        suggestion=f"改为“{entry.canonical}”。",
                    )
                )
        return findings
