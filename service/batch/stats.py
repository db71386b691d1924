"""What an audit says unit by unit: the numbers behind the workbook's 统计 and 图表 and the service's audit page."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analyzers.profiles import ProfileError, load_profile
from service.batch.model import AuditResult, AuditRow
from service.vocabulary import GRADES

NO_UNIT = "（未注明单位）"
Row = Mapping[str, object]  # header -> value


@dataclass
class UnitStats:
    """What 统计 says of one unit (or of all, for the 合计 row)."""

    unit: str
    branches: set[str] = field(default_factory=set)
    reports: int = 0
    errors: int = 0
    with_missing: int = 0
    vague: list[float] = field(default_factory=list)
    density: list[float] = field(default_factory=list)
    attention: Counter[str] = field(default_factory=Counter)
    grades: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)  # section key -> reports without it

    def add(self, row: AuditRow) -> None:
        outcome = row.outcome
        self.branches.add(row.item.branch or row.item.key)  # a report without a branch name counts as one
        self.reports += 1
        self.attention[row.attention] += 1
        if row.item.grade.strip() in GRADES:
            self.grades[row.item.grade.strip()] += 1
        if not outcome.ok:
            self.errors += 1
            return
        self.with_missing += bool(outcome.sections_missing)
        self.missing.update(outcome.sections_missing)
        if outcome.vague_ratio is not None:
            self.vague.append(outcome.vague_ratio)
        if outcome.data_density is not None:
            self.density.append(outcome.data_density)

    def row(self) -> Row:
        return {
            "单位": self.unit, "支部数": len(self.branches), "报告数": self.reports,
            "已分析": self.reports - self.errors, "错误": self.errors, "缺少部分的报告": self.with_missing,
            "平均模糊句占比": mean(self.vague), "平均数据密度（每千字）": mean(self.density),
            "关注：高": self.attention["高"], "关注：中": self.attention["中"], "关注：低": self.attention["低"],
        }  # fmt: skip

    def over_cap(self, cap: float) -> bool:
        graded = sum(self.grades.values())
        return graded > 0 and self.grades["好"] > cap * graded + 1e-9

    def grade_row(self, cap: float) -> Row:
        graded = sum(self.grades.values())
        share = self.grades["好"] / graded if graded else None
        check = "未评定" if not graded else f"超过{cap:.0%}" if self.over_cap(cap) else "符合"
        return {"单位": self.unit, "已评定": graded, **{g: self.grades[g] for g in GRADES}, "好占比": share,
                "好占比检查": check}  # fmt: skip


def unit_stats(result: AuditResult) -> list[UnitStats]:
    """One UnitStats per unit, in the order units first appear."""
    units: dict[str, UnitStats] = {}
    for row in result.rows:
        unit = row.item.unit or NO_UNIT
        units.setdefault(unit, UnitStats(unit)).add(row)
    return list(units.values())


def total_of(units: Sequence[UnitStats]) -> UnitStats:
    total = UnitStats("合计")
    for unit in units:
        total.branches |= {f"{unit.unit}\0{branch}" for branch in unit.branches}
        total.reports += unit.reports
        total.errors += unit.errors
        total.with_missing += unit.with_missing
        total.vague += unit.vague
        total.density += unit.density
        total.attention += unit.attention
        total.grades += unit.grades
    return total


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def bins_of(values: Sequence[int], target: int = 10) -> list[tuple[int, int, int]]:
    """(low, high, count) bins of whole numbers, of a round width (1, 2 or 5 × 10^k), about ``target`` of them."""
    if not values:
        return []
    low, high = min(values), max(values)
    rough = max((high - low) / target, 1)
    magnitude = 10 ** math.floor(math.log10(rough))
    width = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    start = low // width * width
    counts = [0] * ((high - start) // width + 1)
    for value in values:
        counts[(value - start) // width] += 1
    return [(start + i * width, start + (i + 1) * width - 1, count) for i, count in enumerate(counts)]


def section_names(profile_id: str) -> dict[str, str]:
    """Section key -> the notice's name for it; the keys stand for themselves if the profile cannot be loaded."""
    try:
        return {section.key: section.name for section in load_profile(profile_id).sections}
    except (ProfileError, OSError):
        return {}
