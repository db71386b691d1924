"""Data points: how many a section has, vague quantities where a count is expected, and consistency.

The notices ask reports to "用具体事例和数据说话". The data points themselves are found once per report
(``CheckContext.data_points``, ``analyzers.datapoints``); these checks judge them: an achievements section
without any (``data.none_in_section``), sections thin in data (``data.density``), 多次/若干 where a
number belongs (``data.vague_quantity``), a rate above 100% (``data.percent_over_100``), the same thing
counted twice with different numbers (``data.conflict``) and dates outside the report's year
(``data.date_outside_year``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import ClassVar

from analyzers.checks.base import WORK_LABELS, CheckContext
from analyzers.datapoints import clause_bounds
from analyzers.lexicons import VagueLexicon
from analyzers.report import DataPoint, Finding, Severity, Span
from analyzers.text import normalize_width

_ACHIEVEMENT_LABELS = frozenset({"achievements", "personal_duty"})
_LOOKING_BACK_LABELS = frozenset({"problems", "rectification"})


def data_density(points: int, chars: int) -> float | None:
    """Data points per 1,000 字; None for no text."""
    return round(points * 1000 / chars, 2) if chars else None


class DataDensityCheck:
    """An achievements section without a single data point; work sections thin in data."""

    rules: ClassVar[tuple[str, ...]] = ("data.none_in_section", "data.density")

    # Below this many data points per 1,000 字 a work section reads as assertion rather than evidence. Our
    # working value, from the sample reports: the strong one (corpora/samples/teacher-branch-2022) has 40 per
    # 1,000 字 in its achievements and 34 in its highlights, the weak one (student-branch-2022) 18 and 0; a
    # section under 5 gives a reviewer almost nothing to check. A section needs MIN_CHARS 字 for a density
    # to mean anything.
    min_density: ClassVar[float] = 5.0
    min_chars: ClassVar[int] = 150

    def run(self, ctx: CheckContext) -> list[Finding]:
        findings = []
        for section in ctx.outline.sections:
            spec = ctx.spec(section.key)
            if spec is None or not ctx.holds(section.key, WORK_LABELS):
                continue
            chars = ctx.section_chars(section)
            points = ctx.points_in(section)
            if not points and ctx.holds(section.key, _ACHIEVEMENT_LABELS):
                findings.append(
                    Finding(
                        rule="data.none_in_section",
                        severity=Severity.WARNING,
                        message=f"“{spec.name}”部分没有一个数据点（次数、人数、比例、金额、时间），工作成效无从核对。",
                        section=section.key,
                        span=ctx.heading_span(section),
                        text=section.title or None,
                        suggestion="用具体事例和数据说话：写明开展了多少次、覆盖多少人、比例多少、什么时间完成。",
                    )
                )
                continue
            density = data_density(len(points), chars)
            if chars >= self.min_chars and density is not None and density < self.min_density:
                found = (
                    f"只有 {len(points)} 个数据点（每千字 {density:g} 个，低于 {self.min_density:g} 个）"
                    if points
                    else "没有数据点"
                )
                findings.append(
                    Finding(
                        rule="data.density",
                        severity=Severity.INFO,
                        message=f"“{spec.name}”部分 {chars} 字中{found}，用数据说话不够。",
                        section=section.key,
                        span=ctx.heading_span(section),
                        text=section.title or None,
                        suggestion="为主要工作补充次数、人数、比例和完成时间等可核对的数据。",
                    )
                )
        return findings


class VagueQuantityCheck:
    """多次, 若干, 大量, 一系列 … where a count is expected: say how many."""

    rules: ClassVar[tuple[str, ...]] = ("data.vague_quantity",)
    category: ClassVar[str] = "vague_quantity"  # the lexicon category of these words

    def run(self, ctx: CheckContext) -> list[Finding]:
        lexicon = VagueLexicon.load_default()
        # The vagueness scores already hold each sentence's hits of this lexicon, when scored with it.
        scored = ctx.scored if ctx.vagueness is not None and ctx.vagueness.lexicon is lexicon else ()
        findings = []
        for n, sentence in enumerate(ctx.sentences):
            if not ctx.holds(sentence.section, WORK_LABELS | {"plans"}):
                continue  # "存在一些不足" in a problems section asks for no count
            found = scored[n].facts.hits if scored else lexicon.find(sentence.text)
            hits = [h for h in found if h.category == self.category]
            if not hits:
                continue
            words = "、".join(dict.fromkeys(f"“{h.matched}”" for h in hits))
            first = hits[0]
            start = sentence.span.start + first.start
            findings.append(
                Finding(
                    rule="data.vague_quantity",
                    severity=Severity.INFO,
                    message=f"{words}是模糊数量，这里应当给出具体数字。",
                    section=sentence.section,
                    span=Span(block=sentence.span.block, start=start, end=start + len(first.matched)),
                    text=sentence.text,
                    suggestion=lexicon.entry(first.entry_id).suggestion,
                )
            )
        return findings


# A percentage may pass 100 when it measures growth or fulfilment against a plan, not when it is a share.
_GROWTH_RE = re.compile(r"增长|增加|提高|提升|上升|同比|环比|翻|超额|超过|计划的|目标的|任务的|指标的|是.{0,6}的")


class ConsistencyCheck:
    """Numbers that cannot all be true: a share above 100%, one thing counted twice with different values,
    a date outside the report's year."""

    rules: ClassVar[tuple[str, ...]] = ("data.percent_over_100", "data.conflict", "data.date_outside_year")

    def run(self, ctx: CheckContext) -> list[Finding]:
        return [*self._percent_over_100(ctx), *self._conflicts(ctx), *self._dates_outside_year(ctx)]

    def _percent_over_100(self, ctx: CheckContext) -> list[Finding]:
        findings = []
        for point in ctx.data_points:
            if point.kind != "percent" or point.unit != "%" or point.value is None or point.value <= 100:
                continue
            if _GROWTH_RE.search(_clause_before(ctx, point)):
                continue
            findings.append(
                Finding(
                    rule="data.percent_over_100",
                    severity=Severity.WARNING,
                    message=f"“{point.subject or point.text}”为 {point.text}，比例超过 100%，请核对数据。",
                    section=point.section,
                    span=point.span,
                    text=point.text,
                    suggestion="比例、覆盖率、收缴率等不会超过 100%；核对分子和分母，或写明是增长幅度。",
                )
            )
        return findings

    def _conflicts(self, ctx: CheckContext) -> list[Finding]:
        """The same subject, kind and unit with two values, where neither clause marks a part, a change or a
        target (其中, 每, 同比, 计划 …) and both are the year's work (not plans)."""
        groups: dict[tuple[str, str, str], list[DataPoint]] = defaultdict(list)
        for point in ctx.data_points:
            if (
                point.kind not in ("count", "percent", "money")
                or point.value is None
                or not _specific_subject(point.subject)
                or not ctx.holds(point.section, WORK_LABELS)
                or _PARTIAL_RE.search(_clause_around(ctx, point))
            ):
                continue
            groups[point.subject, point.kind, point.unit].append(point)
        findings = []
        for (subject, _, _), points in groups.items():
            first = points[0]
            other = next((p for p in points[1:] if p.value != first.value), None)
            if other is None:
                continue
            findings.append(
                Finding(
                    rule="data.conflict",
                    severity=Severity.WARNING,
                    message=f"“{subject}”前后数字不一致：先写 {first.text}，后写 {other.text}。",
                    section=other.section,
                    span=other.span,
                    text=other.text,
                    suggestion="核对同一事项的数字，全文保持一致；若统计口径不同，请写明（如“其中”“累计”）。",
                )
            )
        return findings

    def _dates_outside_year(self, ctx: CheckContext) -> list[Finding]:
        year = ctx.report_year
        if year is None:
            return []
        findings = []
        for point in ctx.data_points:
            if point.kind not in ("date", "deadline"):
                continue
            written = _year_of(point.text)
            if written is None or written == year:
                continue
            work = ctx.holds(point.section, WORK_LABELS)
            if point.kind == "deadline" or not work:
                # Measures and plans look ahead: only a date already past is wrong. A problems section may
                # recall last year's events (上年度巡察反馈的问题), so its dates are not judged.
                plans_only = ctx.holds(point.section, {"plans"}) and not ctx.holds(point.section, _LOOKING_BACK_LABELS)
                planning = point.kind == "deadline" or plans_only
                if not planning or written > year:
                    continue
            elif _SPAN_WORDS_RE.search(_clause_before(ctx, point)[-4:]) or _SINCE_RE.search(_clause_around(ctx, point)):
                continue  # 2021年9月以来, 2022年12月至2023年1月
            else:
                planning = False
            findings.append(
                Finding(
                    rule="data.date_outside_year",
                    severity=Severity.WARNING,
                    message=(
                        f"{point.text}不在报告年度（{year}年）内："
                        + ("计划的时间已经过去。" if planning else "是否把往年的工作写进了本年度？")
                    ),
                    section=point.section,
                    span=point.span,
                    text=point.text,
                    suggestion=f"核对年份；写本年度（{year}年）的工作，往年的情况写明“上年度”。",
                )
            )
        return findings


# A clause with one of these counts a part, a change or a target, not the total: its number may differ.
_PARTIAL_RE = re.compile(
    r"其中|中有|分别|每|人均|平均|同比|环比|上年|去年|较|比|新增|增加|减少|提升|提高|下降|计划|力争|目标|不少于|达到|首次|第"
)
_SPAN_WORDS_RE = re.compile(r"至|到|—|-|～|~")
_SINCE_RE = re.compile(r"以来|至今|起|截至|截止|上年|去年|上一年|前年|往年|往届|历年")
_YEAR_IN_DATE_RE = re.compile(r"((?:19|20)[0-9]{2})年")
_GENERIC_SUBJECTS = frozenset({"党员", "师生", "学生", "教师", "群众", "居民", "村民", "职工", "员工", "人"})
# 二等奖2项 of one contest and 二等奖1项 of another: a grade alone does not say which award it counts
_GRADE_ONLY_RE = re.compile(r"(?:[一二三四五六七八九十]|特|优秀|金|银|铜|鼓励|提名)等?奖")


def _specific_subject(subject: str) -> bool:
    """A subject precise enough that two values for it conflict (发展党员, 党费收缴率), not 党员, 项目, 师生 or
    二等奖."""
    return (
        (len(subject) >= 3 or subject.endswith(("率", "度")))
        and subject not in _GENERIC_SUBJECTS
        and not _GRADE_ONLY_RE.fullmatch(subject)
    )


def _year_of(text: str) -> int | None:
    match = _YEAR_IN_DATE_RE.search(normalize_width(text))
    return int(match.group(1)) if match else None


def _clause_around(ctx: CheckContext, point: DataPoint) -> str:
    text = ctx.document.blocks[point.span.block].text
    lo, hi = clause_bounds(text, point.span.start, point.span.end)
    return text[lo:hi]


def _clause_before(ctx: CheckContext, point: DataPoint) -> str:
    text = ctx.document.blocks[point.span.block].text
    lo, _ = clause_bounds(text, point.span.start, point.span.end)
    return text[lo : point.span.start]

