"""The HTTP API under ``/v1``: analyse a file, store and list reports, review them; tokens for scripts.

Who may see what (``service.store``): a report outside the caller's units answers 404, exactly as one that
does not exist, so that no one learns what is not theirs.

Every read of one full report (``GET /v1/reports/{id}`` and its annotated .docx and .html) is recorded in the
access log (``GET /v1/access-log``, admins) in the same transaction as the read. Listings (``GET /v1/reports``)
are not recorded: they show figures, not a report's text or findings.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from analyzers import __version__
from analyzers.profiles import DEFAULT_PROFILE_ID, list_profiles
from analyzers.report import Report as ReportModel
from service.analysis import Analysed, Upload
from service.api.deps import AppState, StateDep, UserDep, client_address, read_by, require
from service.api.problems import PROBLEM_JSON, Problem, problem_response
from service.api.schemas import (
    AccessOut,
    Health,
    ReportOut,
    ReportSummary,
    ReviewIn,
    ReviewOut,
    TokenOut,
    TokenRequest,
    UnitOut,
)
from service.documents import document_from_dict
from service.store import MAX_ID, Read, Report, Role, StoreError, TooManyAttempts, Unit, User

router = APIRouter()
ReportId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="报告 id")]
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": description, "content": {PROBLEM_JSON: {}}}
    for status, description in (
        (400, "malformed request"),
        (401, "not logged in"),
        (403, "not allowed"),
        (404, "not found or not yours"),
        (413, "file too large"),
        (422, "input cannot be analysed"),
        (429, "too many failed logins: try again after Retry-After seconds"),
        (503, "too many analyses at once: retry after Retry-After seconds"),
        (504, "analysis took too long"),
    )
}

FileField = Annotated[UploadFile, File(description="报告文件：.docx、.pdf、.txt 或 .doc")]


@router.get("/healthz", response_model=Health, tags=["meta"])
def healthz(state: StateDep) -> Health:
    with state.store.engine.connect() as connection:
        connection.execute(text("select 1"))
    return Health(status="ok", database=state.store.engine.dialect.name, analyzer_version=__version__)


@router.get("/v1/profiles", tags=["meta"], responses=ERRORS)
def profiles(_user: UserDep) -> dict[str, Any]:
    return {"default": DEFAULT_PROFILE_ID, "profiles": [p.model_dump(mode="json") for p in list_profiles()]}


@router.post("/v1/auth/token", response_model=TokenOut, tags=["auth"], responses=ERRORS)
def token(body: TokenRequest, state: StateDep, request: Request) -> TokenOut | Response:
    """An API token for scripts, in exchange for a username and password (revocable: DELETE /v1/auth/token).
    After too many failed attempts for the username or from the address, 429 with ``Retry-After``."""
    try:
        user = state.store.login(body.username, body.password, client_address(request), state.login_limits())
    except TooManyAttempts as exc:
        return rate_limited(exc)
    if user is None:
        raise Problem(401, "auth.invalid", "用户名或密码错误。")
    return TokenOut(token=state.store.issue(user, "token", body.name or "api"))


def rate_limited(exc: TooManyAttempts) -> Response:
    return problem_response(429, "auth.rate_limited", str(exc), {"Retry-After": str(exc.retry_after)})


@router.delete("/v1/auth/token", status_code=204, tags=["auth"], responses=ERRORS)
def revoke_token(request: Request, state: StateDep, _user: UserDep) -> Response:
    """Revoke the API token this request carries: it stops working at once."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise Problem(400, "auth.not_a_token", "请在请求头中携带要撤销的 API 令牌（Authorization: Bearer …）。")
    state.store.revoke(header[7:].strip())
    return Response(status_code=204)


def require_shipped_profile(profile: str) -> None:
    """422 unless ``profile`` is the id of a shipped profile: an id only, as a path would let a caller probe the
    disk."""
    shipped = [p.id for p in list_profiles()]
    if profile not in shipped:
        raise Problem(422, "profile.unknown", f"没有名为 {profile!r} 的述职要求；可选：{', '.join(shipped)}。")


async def analyse_upload(
    state: AppState, file: UploadFile, profile: str, previous: UploadFile | None, year: int | None
) -> tuple[Analysed, bytes]:
    """The analysis of an uploaded file (and last year's), in a worker; the file's bytes for keeping."""
    require_shipped_profile(profile)
    state.analyzer.check_room()  # a full service refuses before the upload is read into memory
    limits = state.settings.read_limits()
    data = await file.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise Problem(413, "input.too_large", f"文件超过 {state.settings.max_file_mb:g} MB 的上限。")
    last_year = None
    if previous is not None and previous.filename:
        last_year = Upload(await previous.read(limits.max_file_bytes + 1), previous.filename)
    upload = Upload(data, file.filename or "upload")
    try:
        timeout = state.settings.analysis_timeout()
        analysed = await state.analyzer.run(upload, profile, last_year, limits, timeout, year)
    except TimeoutError as exc:
        raise Problem(504, "analysis.timeout", "分析超时，请稍后重试或联系管理员。") from exc
    return analysed, data


@router.post("/v1/analyze", response_model=ReportModel, response_model_by_alias=True, tags=["analysis"],
             responses=ERRORS)  # fmt: skip
async def analyze_file(
    state: StateDep,
    _user: UserDep,
    file: FileField,
    profile: Annotated[str, Form(description="述职要求（框架）id")] = DEFAULT_PROFILE_ID,
    previous: Annotated[UploadFile | None, File(description="上年度的述职报告（可选）")] = None,
    year: Annotated[int | None, Form(ge=2000, le=2100, description="报告年度（可选）")] = None,
) -> Response:
    """The Report JSON of one file, not stored."""
    analysed, _ = await analyse_upload(state, file, profile, previous, year)
    return Response(analysed.report_json, media_type="application/json")  # as the worker wrote it: no re-check


@router.post("/v1/reports", response_model=ReportOut, status_code=201, tags=["reports"], responses=ERRORS)
async def submit_report(
    state: StateDep,
    user: UserDep,
    file: FileField,
    unit: Annotated[str | None, Form(description="党支部编码；支部书记可省略")] = None,
    branch: Annotated[str | None, Form(description="同 unit（党支部编码）")] = None,
    year: Annotated[int | None, Form(ge=2000, le=2100, description="报告年度；默认取报告标题中的年份")] = None,
    profile: Annotated[str, Form(description="述职要求（框架）id")] = DEFAULT_PROFILE_ID,
    previous: Annotated[UploadFile | None, File(description="上年度的述职报告（可选）")] = None,
    draft: Annotated[bool, Form(description="草稿：只有上传者可见，提交后审阅人才能看到")] = False,
) -> ReportOut:
    """Analyse and store a submission for a branch the caller may submit for (or a draft to pre-check)."""
    branch_unit = await run_in_threadpool(branch_for, state, user, unit or branch)
    analysed, data = await analyse_upload(state, file, profile, previous, year)
    report_year = year or year_of(analysed.report) or this_year()
    kept = data if state.settings.keep_files else None
    stored = await run_in_threadpool(
        lambda: state.store.save_report(unit_id=branch_unit.id, year=report_year, analysis=analysed.report,
                                        document=analysed.document, submitted_by=user.id, original=kept,
                                        draft=draft)
    )  # fmt: skip
    return _full(stored)


def branch_for(state: AppState, user: User, code: str | None) -> Unit:
    """The branch a submission is for: the secretary's own, or one the caller may see."""
    if code is None:
        if user.role == Role.SECRETARY and user.unit is not None:
            return user.unit
        raise Problem(422, "request.invalid", "请指定党支部编码（unit）。")
    unit = state.store.unit_by_code(code)
    visible = state.store.visible_units(user)
    if unit is None or (visible is not None and unit.id not in visible):
        raise Problem(404, "unit.not_found", f"党支部 {code!r} 不存在或不在您的管理范围内。")
    if unit.kind != "branch":
        raise Problem(422, "request.invalid", f"{unit.name} 不是党支部，报告应提交到党支部。")
    return unit


def year_of(report: dict[str, Any]) -> int | None:
    match = re.search(r"(?:19|20)[0-9]{2}", report["source"]["filename"])
    return int(match.group(0)) if match else None


def this_year() -> int:
    return date.today().year


@router.get("/v1/reports", response_model=list[ReportSummary], tags=["reports"], responses=ERRORS)
def list_reports(
    state: StateDep,
    user: UserDep,
    year: int | None = None,
    unit: str | None = None,
    branch: str | None = None,
    status: str | None = None,
) -> list[ReportSummary]:
    """The reports the caller may see, newest first; ``unit`` (a code) takes its branches too, ``branch`` is
    the same filter by a branch's code. Not recorded in the access log: a listing shows figures, not a report."""
    unit = unit or branch
    visible = state.store.visible_units(user)
    unit_id = None
    if unit is not None:
        found = state.store.unit_by_code(unit)
        if found is None or (visible is not None and found.id not in visible):
            return []
        unit_id = found.id
    rows = state.store.reports(visible, year=year, unit_id=unit_id, status=status, viewer=user.id)
    return [report_summary(r) for r in rows]


def _visible_report(state: AppState, user: User, report_id: int, read: Read | None = None) -> Report:
    report = state.store.report(report_id, state.store.visible_units(user), viewer=user.id, read=read)
    if report is None:
        raise Problem(404, "report.not_found", f"报告 {report_id} 不存在或不在您的查看范围内。")
    return report


@router.get("/v1/reports/{report_id}", response_model=ReportOut, tags=["reports"], responses=ERRORS)
def get_report(request: Request, state: StateDep, user: UserDep, report_id: ReportId) -> ReportOut:
    """One report with its analysis and reviews (recorded in the access log)."""
    return _full(_visible_report(state, user, report_id, read_by(request, user, "api.json")))


@router.post("/v1/reports/{report_id}/submit", response_model=ReportOut, tags=["reports"], responses=ERRORS)
def submit_draft(state: StateDep, user: UserDep, report_id: ReportId) -> ReportOut:
    """Submit one's own draft: from now on the reviewers of its branch see it."""
    report = _visible_report(state, user, report_id)
    if report.status != "draft" or report.submitted_by != user.id:
        raise Problem(409, "report.not_a_draft", "这份报告不是您的草稿，已经提交过了。")
    state.store.submit_draft(report_id)
    return _full(_visible_report(state, user, report_id))


@router.delete("/v1/reports/{report_id}", status_code=204, tags=["reports"], responses=ERRORS)
def delete_report(state: StateDep, user: UserDep, report_id: ReportId) -> Response:
    """Delete a report, its reviews and its kept file for good: an admin, or the one who submitted it."""
    report = _visible_report(state, user, report_id)
    if user.role != Role.ADMIN and report.submitted_by != user.id:
        raise Problem(403, "auth.forbidden", "只有提交人或管理员可以删除报告。")
    state.store.delete_report(report_id)
    return Response(status_code=204)


@router.post("/v1/reports/{report_id}/reviews", response_model=ReviewOut, status_code=201, tags=["reports"],
             responses=ERRORS)  # fmt: skip
def review_report(state: StateDep, user: UserDep, report_id: ReportId, body: ReviewIn) -> ReviewOut:
    """Grade a report 好/较好/一般/差 with a comment: reviewers and admins."""
    require(user, Role.REVIEWER, Role.ADMIN)
    _visible_report(state, user, report_id)
    try:
        review = state.store.add_review(report_id, user, body.grade, body.comment)
    except StoreError as exc:
        raise Problem(422, "review.invalid", str(exc)) from exc
    return ReviewOut(id=review.id, grade=review.grade, comment=review.comment, reviewer=user.username,
                     created_at=review.created_at)  # fmt: skip


@router.get("/v1/reports/{report_id}/annotated.docx", tags=["reports"], responses=ERRORS,
            response_class=Response)  # fmt: skip
def annotated_docx(request: Request, state: StateDep, user: UserDep, report_id: ReportId) -> Response:
    """The submitted Word file with a comment on the words of each finding (a new .docx for other formats)."""
    from service.render.docx_comments import annotate_docx

    report = _visible_report(state, user, report_id, read_by(request, user, "api.annotated_docx"))
    original = None
    if report.file_path and report.format == "docx":
        path = Path(report.file_path)
        original = path.read_bytes() if path.exists() else None
    data = annotate_docx(ReportModel.model_validate(report.analysis), document_from_dict(report.document), original)
    name = report.filename.rsplit(".", 1)[0] + "（批注）.docx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": attachment(name)},
    )


@router.get("/v1/reports/{report_id}/annotated.html", tags=["reports"], responses=ERRORS,
            response_class=Response)  # fmt: skip
def annotated_html(request: Request, state: StateDep, user: UserDep, report_id: ReportId) -> Response:
    """The report's text with its findings, vague sentences and data points marked, as one HTML page."""
    from service.render.html import render_report_html

    report = _visible_report(state, user, report_id, read_by(request, user, "api.annotated_html"))
    page = render_report_html(ReportModel.model_validate(report.analysis), document_from_dict(report.document))
    return Response(page, media_type="text/html; charset=utf-8")


@router.get("/v1/access-log", response_model=list[AccessOut], tags=["admin"], responses=ERRORS)
def access_log(
    state: StateDep,
    user: UserDep,
    report_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="one report's reads")] = None,
    username: Annotated[str | None, Query(alias="user", description="one user's reads (username)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="how many, newest first")] = 100,
) -> list[AccessOut]:
    """Who read which full report, when and how (admins only). Listings of reports are not recorded."""
    require(user, Role.ADMIN)
    rows = state.store.access_log(report_id=report_id, username=username, limit=limit)
    return [AccessOut(id=r.id, at=r.at, user=r.username, user_id=r.user_id, report_id=r.report_id,
                      filename=r.filename, how=r.how, client=r.client) for r in rows]  # fmt: skip


def attachment(name: str, plain: str = "annotated.docx") -> str:
    """Content-Disposition of a download named ``name`` (``plain`` for clients without RFC 5987)."""
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def _unit(unit: Unit) -> UnitOut:
    return UnitOut(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind, parent_id=unit.parent_id)


def report_summary(report: Report) -> ReportSummary:
    analysis = report.analysis
    summary = analysis.get("summary", {})
    return ReportSummary(
        id=report.id,
        unit=_unit(report.unit),
        year=report.year,
        profile=report.profile_id,
        filename=report.filename,
        status=report.status,
        submitted_at=report.submitted_at,
        chars=analysis["stats"]["chars"],
        missing_sections=summary.get("missing_sections", []),
        vague_ratio=summary.get("vague_ratio"),
        data_density=summary.get("data_density"),
        findings=dict(Counter(f["severity"] for f in analysis.get("findings", []))),
        grade=report.reviews[-1].grade if report.reviews else None,
    )


def _full(report: Report) -> ReportOut:
    reviews = [
        ReviewOut(id=r.id, grade=r.grade, comment=r.comment, reviewer=r.reviewer.username if r.reviewer else None,
                  created_at=r.created_at)  # fmt: skip
        for r in report.reviews
    ]
    return ReportOut(**report_summary(report).model_dump(), analysis=report.analysis, reviews=reviews)

