"""Stale years and stale formulations: signs that a report was copied from another year or not updated.

- ``timeliness.year_mismatch``: the title's year is not the year the profile or the file name gives; a
  sentence calls another year 今年/本年度 ("今年（2021年）" in a 2022 report); with last year's report, a
  sentence of this year's work repeats one of last year's with the same figures (a copied report).
- ``timeliness.stale_term``: a formulation of ``corpora/lexicons/stale_terms.yaml`` presented as current in
  a year outside the period it belongs to (十九届六中全会精神 in 2023, 主题教育 of 2023 in a 2021 report).
"""

from __future__ import annotations

import re
from typing import ClassVar

from analyzers.checks.base import WORK_LABELS, CheckContext, ProseSentence
from analyzers.datapoints import sentence_clause
from analyzers.report import Finding, Severity, Span
from analyzers.term_lexicons import StaleTermLexicon
from analyzers.text import normalize_width

# Another year called this year: 今年（2021年）, 本年度即2021年, 2021年（今年）, 2021年，本年度…
_YEAR = r"((?:19|20)[0-9]{2})年"
_GLUE = r"\s*[（(，,：:]?\s*(?:即|是|为)?\s*"
_THIS_YEAR_RE = re.compile(rf"(?:今年|本年度|本年|今年度){_GLUE}{_YEAR}|{_YEAR}度?{_GLUE}(?:今年|本年度|本年|今年度)")
_RELATION_RE = re.compile(r"(?:较|比|与|同|自|从|至|到|于|在|截至|截止|相比)$")
_MASK_YEARS_RE = re.compile(r"(?:19|20)[0-9]{2}")


class YearMismatchCheck:
    """A title, a sentence or last year's figures that put the report in another year."""

    rules: ClassVar[tuple[str, ...]] = ("timeliness.year_mismatch",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        return [*self._title(ctx), *self._this_year(ctx), *self._last_years_figures(ctx)]

    def _title(self, ctx: CheckContext) -> list[Finding]:
        stated, found = ctx.stated_year, ctx.title_year_block
        if stated is None or found is None or found[0] == stated[0]:
            return []
        expected, where = stated
        year, block, match = found
        return [
            Finding(
                rule="timeliness.year_mismatch",
                severity=Severity.WARNING,
                message=f"标题写的是 {year} 年，{where}是 {expected} 年：是否沿用了往年的报告？",
                section=None,
                span=Span(block=block, start=match.start(), end=match.end()),
                text=ctx.document.blocks[block].text[match.start() : match.end()],
                suggestion=f"核对报告年度，标题、正文统一写 {expected} 年。",
            )
        ]

    def _this_year(self, ctx: CheckContext) -> list[Finding]:
        year = ctx.report_year
        if year is None:
            return []
        findings = []
        for sentence in ctx.sentences:
            if "今年" not in sentence.text and "本年" not in sentence.text:
                continue  # what every match names this year by
            plain = ctx.plain(sentence)
            for match in _THIS_YEAR_RE.finditer(plain):
                group = 1 if match.group(1) else 2
                other = int(match.group(group))
                before = plain[max(0, match.start(group) - 2) : match.start(group)]
                if other == year or (group == 2 and _RELATION_RE.search(before)):
                    continue  # 成立于2015年，今年…: the year is named as another year, not called this one
                findings.append(_finding(sentence, match.start(group), match.end(group) + 1, (
                    f"把 {other} 年称作“今年/本年度”，而报告年度是 {year} 年。"
                ), f"核对年份：本年度是 {year} 年。"))  # fmt: skip
        return findings

    def _last_years_figures(self, ctx: CheckContext) -> list[Finding]:
        """Sentences of this year's work that repeat one of last year's, figures and all (years aside)."""
        if ctx.previous is None:
            return []
        last_year = {_figure_key(s.text) for s in ctx.previous.sentences}
        figures = [p.span for p in ctx.data_points if p.kind in ("count", "percent", "money")]
        findings = []
        for sentence in ctx.sentences:
            if not ctx.holds(sentence.section, WORK_LABELS) or not any(_inside(f, sentence.span) for f in figures):
                continue
            if _figure_key(sentence.text) in last_year:
                findings.append(_finding(sentence, 0, len(sentence.text), (
                    "这句话连同其中的数据与上年度报告一字不差：是否把去年的成绩当作今年的写了进来？"
                ), "写本年度的实际数据；沿用的做法请写明本年度的新情况。"))  # fmt: skip
        return findings


def _inside(span: Span, outer: Span) -> bool:
    return span.block == outer.block and outer.start <= span.start < outer.end


def _figure_key(text: str) -> str:
    """A sentence compared with last year's: no spaces, years masked (2021年 -> YYYY年), figures kept."""
    return _MASK_YEARS_RE.sub("YYYY", "".join(normalize_width(text).split()))


def _finding(sentence: ProseSentence, start: int, end: int, message: str, suggestion: str) -> Finding:
    """A finding on the words ``[start, end)`` of ``sentence`` (offsets into the sentence)."""
    return Finding(
        rule="timeliness.year_mismatch",
        severity=Severity.WARNING,
        message=message,
        section=sentence.section,
        span=Span(block=sentence.span.block, start=sentence.span.start + start, end=sentence.span.start + end),
        text=sentence.text[start:end],
        suggestion=suggestion,
    )


class StaleTermCheck:
    """A formulation presented as current in a year it no longer, or not yet, belongs to."""

    rules: ClassVar[tuple[str, ...]] = ("timeliness.stale_term",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        year = ctx.report_year
        if year is None:
            return []
        lexicon = StaleTermLexicon.load_default()
        findings = []
        for sentence in ctx.sentences:
            plans = ctx.holds(sentence.section, {"plans"})
            for match in lexicon.find(sentence.text, ctx.plain(sentence)):
                entry = match.entry
                when = entry.out_of_period(year)
                if when is None or (when == "before" and plans):
                    continue  # plans look ahead: next year's campaign is rightly named before it starts
                plain = ctx.plain(sentence)
                lo, hi = sentence_clause(plain, match.start)
                if entry.not_current and re.search(entry.not_current, plain[lo:hi]):
                    continue
                if entry.as_current and not re.search(entry.as_current, plain[lo : match.start]):
                    continue
                period = f"{entry.current_from or '……'} 至 {entry.current_until or '今'}"
                timing = "已经过时" if when == "after" else "当时尚未提出"
                findings.append(
                    Finding(
                        rule="timeliness.stale_term",
                        severity=Severity.WARNING,
                        message=f"“{match.matched}”是 {period} 的提法，在 {year} 年度的报告里{timing}：{entry.note}",
                        section=sentence.section,
                        span=Span(
                            block=sentence.span.block,
                            start=sentence.span.start + match.start,
                            end=sentence.span.start + match.end,
                        ),
                        text=match.matched,
                        suggestion=entry.suggestion,
                    )
                )
        return findings
