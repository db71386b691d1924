"""Report: the public contract "shuzhi.report/1" (see DESIGN.md). Fields may be added, never renamed."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

SCHEMA = "shuzhi.report/1"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    block: int
    start: int
    end: int


class SourceOut(_Frozen):
    filename: str
    format: Literal["docx", "pdf", "txt", "doc"]
    sha256: str
    pages: int | None = None
    encoding: str | None = None


class ProfileRef(_Frozen):
    id: str
    title: str


class Stats(_Frozen):
    chars: int = Field(description="字数 as Word and WPS count it")
    non_whitespace_chars: int
    paragraphs: int
    sentences: int
    reading_minutes: float


class OutlineEntry(_Frozen):
    """One heading of the document as the reader found it (not yet mapped to a profile section)."""

    block: int
    level: int
    label: str
    text: str
    page: int | None = None


class Section(_Frozen):
    """A top-level part of the report; ``key`` is None for a heading that maps to no profile section."""

    key: str | None
    title: str
    matched_by: Literal["heading", "content"]
    start_block: int
    end_block: int
    chars: int
    also: list[str] = Field(default_factory=list, description="other sections a merged heading names")
    data_points: int = Field(0, description="data points found in the section")
    data_density: float | None = Field(None, description="data points per 1,000 字 of the section")


class Finding(_Frozen):
    rule: str
    severity: Severity
    message: str
    section: str | None = None
    span: Span | None = None
    text: str | None = None
    suggestion: str | None = None


class SentenceScore(_Frozen):
    text: str
    section: str | None
    span: Span
    vagueness: float
    vague: bool
    reasons: list[str] = Field(default_factory=list)


class DataPoint(_Frozen):
    text: str
    value: float | None
    unit: str
    subject: str
    kind: Literal["count", "percent", "money", "date", "deadline", "duration", "rank", "other"]
    section: str | None
    span: Span


class Summary(_Frozen):
    missing_sections: list[str] = Field(default_factory=list)
    vague_ratio: float | None = None
    data_density: float | None = Field(None, description="data points per 1,000 字 of the whole report")
    personal_ratio: float | None = Field(
        None, description="share of the achievements and problems sentences that say what the secretary did"
    )
    previous_year_similarity: float | None = Field(
        None, description="share of the prose repeated from last year's report (when it was given)"
    )


M = TypeVar("M", bound=BaseModel)


def build_many(model: type[M], fields: Iterable[dict[str, Any]]) -> list[M]:
    """``[model(**f) for f in fields]`` (nested models may be given as dicts), validated in one call: for the
    many small models of a report (its sentences, its data points) a fraction of one call each."""
    return _list_of(model).validate_python(list(fields))


@cache
def _list_of(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


class Report(_Frozen):
    schema_: str = Field(default=SCHEMA, alias="schema")
    analyzer_version: str
    source: SourceOut
    profile: ProfileRef
    stats: Stats
    outline: list[OutlineEntry] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    sentences: list[SentenceScore] = Field(default_factory=list)
    data_points: list[DataPoint] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)
