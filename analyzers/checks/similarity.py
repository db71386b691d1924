"""A report that is mostly last year's text (``similarity.previous_year``).

The share is the part of this year's prose (字) covered by runs of SHINGLE characters that also occur in last
year's prose, after spaces are dropped and digits are written 0 (a copy with the figures updated is still a
copy). Formulas every report uses (深入学习贯彻习近平新时代中国特色社会主义思想) are shared by any two reports,
so the threshold leaves room for them.
"""

from __future__ import annotations

from typing import ClassVar

from analyzers.checks.base import CheckContext
from analyzers.report import Finding, Severity
from analyzers.similarity import normalise

SHINGLE = 8  # characters: about four words of Chinese
# 40% or more repeated reads as "mostly the same text" (issue 6); two different reports of our samples in
# the same framework share 5-10% (formulas, headings-like openings).
THRESHOLD = 0.4


def shared_share(this_year: list[str], last_year: list[str], size: int = SHINGLE) -> float:
    """The share of ``this_year``'s characters inside a ``size``-character run that ``last_year`` also has."""
    text, previous = normalise(this_year), normalise(last_year)
    if len(text) < size or len(previous) < size:
        return 0.0
    seen = {previous[i : i + size] for i in range(len(previous) - size + 1)}
    covered = bytearray(len(text))
    for i in range(len(text) - size + 1):
        if text[i : i + size] in seen:
            covered[i : i + size] = b"\x01" * size
    return sum(covered) / len(text)


def previous_year_similarity(ctx: CheckContext) -> float | None:
    """``summary.previous_year_similarity``: None without last year's report."""
    if ctx.previous is None:
        return None
    return round(shared_share([s.text for s in ctx.sentences], [s.text for s in ctx.previous.sentences]), 4)


class PreviousYearSimilarityCheck:
    """This year's report repeats most of last year's text."""

    rules: ClassVar[tuple[str, ...]] = ("similarity.previous_year",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        share = previous_year_similarity(ctx)
        if share is None or share < THRESHOLD:
            return []
        return [
            Finding(
                rule="similarity.previous_year",
                severity=Severity.WARNING,
                message=f"本年度报告正文有 {share:.0%} 的文字与上年度报告相同，主要内容沿用了去年的报告。",
                section=None,
                span=ctx.document_span(),
                text=None,
                suggestion="按本年度的实际工作重写：写今年做了什么、有什么新成效和新问题，以及上年度问题的整改情况。",
            )
        ]
