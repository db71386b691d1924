"""What an audit is made of: its inputs, the outcome of each, and the rows of the workbook."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True)
class Item:
    """One input file of an audit. ``key`` is unique in the audit (the path, or the archive and the member);
    ``name`` is what a person recognises it by. The bytes are read when the item is analysed."""

    key: str
    name: str
    unit: str = ""  # 二级党组织, from the mapping file or the folder
    branch: str = ""  # 党支部
    secretary: str = ""
    grade: str = ""  # a reviewer's grade, from the mapping file


@dataclass(frozen=True)
class Outcome:
    """The analysis of one file, compact enough to cache and to hold 10,000 of in memory.

    ``error`` is set (and the rest empty) when the file could not be analysed: it is still one row.
    """

    sha256: str
    filename: str
    chars: int = 0
    sections_present: tuple[str, ...] = ()
    sections_missing: tuple[str, ...] = ()
    vague_ratio: float | None = None
    data_density: float | None = None
    personal_ratio: float | None = None
    previous_year_similarity: float | None = None
    severity_counts: dict[str, int] = field(default_factory=dict)
    rule_counts: dict[str, int] = field(default_factory=dict)
    findings: tuple[dict[str, Any], ...] = ()  # rule, severity, section, message, text, suggestion
    data_points: tuple[dict[str, Any], ...] = ()  # text, kind, value, unit, subject, section
    prose: str = ""  # the report's prose, for the similarity across the batch
    error: dict[str, str] | None = None  # {"code", "message"}

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class AuditRow:
    """One input with its outcome: one row of the workbook's 总表, whatever happened."""

    item: Item
    outcome: Outcome
    most_similar: str = ""  # the name of the most similar other report of the batch
    most_similar_share: float | None = None
    attention: str = ""  # 高 | 中 | 低, from the findings


@dataclass(frozen=True)
class SimilarReports:
    """Two reports of the batch (indexes into the rows) that share ``share`` of the smaller one's text."""

    a: int
    b: int
    share: float
    passages: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditResult:
    """What the workbook is made of."""

    title: str
    profile_id: str
    year: int | None
    rows: tuple[AuditRow, ...]
    similar: tuple[SimilarReports, ...]
    grade_cap: float = 0.3  # the share of 好 a unit may give (sysu-2020: 不超过30%)


def outcome_to_json(outcome: Outcome) -> dict[str, Any]:
    # shallow: every field already holds JSON values, and asdict's deep copy of 100 findings cost 14 ms a report
    return {f.name: getattr(outcome, f.name) for f in fields(outcome)}


def outcome_from_json(data: dict[str, Any]) -> Outcome:
    fields = dict(data)
    for name in ("sections_present", "sections_missing", "findings", "data_points"):
        fields[name] = tuple(fields.get(name) or ())
    return Outcome(**fields)


def audit_to_json(result: AuditResult) -> dict[str, Any]:
    """The audit as JSON, for the service's page; without the reports' prose, which only the comparison
    needed (10,000 reports' text would make the file ten times larger)."""
    data = asdict(result)
    for row in data["rows"]:
        row["outcome"]["prose"] = ""
    return data


def audit_from_json(data: dict[str, Any]) -> AuditResult:
    rows = tuple(
        AuditRow(**{**row, "item": Item(**row["item"]), "outcome": outcome_from_json(row["outcome"])})
        for row in data["rows"]
    )
    similar = tuple(replace(SimilarReports(**pair), passages=tuple(pair["passages"])) for pair in data["similar"])
    return AuditResult(**{**data, "rows": rows, "similar": similar})
