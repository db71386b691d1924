"""Request and response bodies of the API (the Report itself is ``analyzers.report.Report``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# The database keeps UTC without a zone (SQLite has none): the API says so, as RFC 3339 requires
UtcDateTime = Annotated[datetime, AfterValidator(_utc)]


class TokenRequest(BaseModel):
    username: str
    password: str
    name: str = Field("", description="what the token is for, to recognise it later")


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"


class UnitOut(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class ReviewIn(BaseModel):
    grade: str = Field(description="好 | 较好 | 一般 | 差")
    comment: str = ""


class ReviewOut(BaseModel):
    id: int
    grade: str
    comment: str
    reviewer: str | None
    created_at: UtcDateTime


class ReportSummary(BaseModel):
    """One row of the reviewers' table."""

    id: int
    unit: UnitOut
    year: int
    profile: str
    filename: str
    status: str
    submitted_at: UtcDateTime
    chars: int
    missing_sections: list[str]
    vague_ratio: float | None
    data_density: float | None
    findings: dict[str, int] = Field(description="findings by severity")
    grade: str | None = Field(description="the latest review's grade")


class ReportOut(ReportSummary):
    analysis: dict[str, Any] = Field(description='the Report JSON ("shuzhi.report/1")')
    reviews: list[ReviewOut]


class AccessOut(BaseModel):
    """One read of a full report in the access log."""

    id: int
    at: UtcDateTime = Field(description="when (UTC)")
    user: str = Field(description="who: the username at the time")
    user_id: int | None
    report_id: int
    filename: str
    how: str = Field(description="api.json | api.annotated_docx | api.annotated_html | web.page")
    client: str = Field(description="the client's address")


class Health(BaseModel):
    status: str
    database: str
    analyzer_version: str
