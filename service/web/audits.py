"""The audit pages: start an audit (a .zip of reports, or the stored reports of a year), follow its progress,
and read the finished audit as the workbook shows it — 统计 by unit with the 好 cap, the charts, the reports in
order of attention, the near-duplicates — with the workbook to download.

Starting, seeing and downloading follow the API's rules (``service.api.audits``): admins and reviewers only, a
job outside one's units is the same 404 page as one that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from analyzers.profiles import DEFAULT_PROFILE_ID, list_profiles
from service.api.audits import get_audits, start_upload, stored_report_ids
from service.api.deps import StateDep
from service.api.problems import Problem
from service.audit_jobs import AUDITOR_ROLES
from service.batch.model import AuditResult, AuditRow
from service.batch.stats import GRADES, NO_UNIT, bins_of, mean, section_names, total_of, unit_stats
from service.store import User
from service.web import csrf
from service.web.check import FormError, form_year
from service.web.pages import PageError, logged_in, redirect, render

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(logged_in)]
ROWS_PER_PAGE = 100
ATTENTION_ORDER = {"高": 0, "中": 1, "低": 2}
STATUS_NAMES = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}


def _auditor(user: User) -> None:
    if user.role not in AUDITOR_ROLES:
        raise PageError(403, "没有权限", "只有管理员和审阅人可以进行批量审核。")


def _form(request: Request, user: User, status: int = 200, error: str | None = None, **chosen: object) -> Response:
    jobs = get_audits(request).visible(user)
    return render(request, "audits.html", user, status, jobs=jobs, error=error, profiles=list_profiles(),
                  chosen={"profile": DEFAULT_PROFILE_ID, **chosen}, status_names=STATUS_NAMES)  # fmt: skip


@router.get("/audits")
def audits_page(request: Request, user: PageUser) -> Response:
    _auditor(user)
    return _form(request, user)


@router.post("/audits", dependencies=[Depends(csrf.check)])
async def start_audit(
    request: Request,
    state: StateDep,
    user: PageUser,
    file: Annotated[UploadFile | None, File()] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
    year: Annotated[str, Form()] = "",
    profile: Annotated[str, Form()] = DEFAULT_PROFILE_ID,
) -> Response:
    _auditor(user)
    chosen = {"profile": profile, "year": year}
    jobs = get_audits(request)
    try:
        if profile not in {p.id for p in list_profiles()}:
            raise Problem(422, "profile.unknown", "请选择一项述职要求。")
        try:
            year_value = form_year(year)
        except FormError as err:
            raise Problem(422, "audit.year", str(err)) from err
        if file is not None and file.filename:
            job = await start_upload(state, jobs, user, file, mapping, profile, year_value)
        elif year_value is not None:
            ids = await run_in_threadpool(stored_report_ids, state, user, [], year_value, None)
            job = await run_in_threadpool(jobs.create_stored, user, profile, year_value, ids)
        else:
            raise Problem(422, "audit.no_input", "请选择报告的 .zip 压缩包，或填写年度以审核该年度已提交的全部报告。")
    except Problem as problem:
        return _form(request, user, problem.status, problem.detail, **chosen)
    return redirect(f"/audits/{job.id}")


@router.get("/audits/{audit_id}")
def audit_page(request: Request, user: PageUser, audit_id: str, attention: str = "", unit: str = "",
               page: int = 1) -> Response:  # fmt: skip
    _auditor(user)
    jobs = get_audits(request)
    job = jobs.get(audit_id, user)
    if job is None:
        raise PageError(404, "找不到审核任务", "该审核任务不存在，或不在您的单位范围内。")
    if job.status != "done":
        return render(request, "audit.html", user, job=job, result=None, status_names=STATUS_NAMES)
    result = jobs.result(job)
    rows = _chosen_rows(result, attention, unit)
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    page = min(max(page, 1), pages)
    units = unit_stats(result)
    chars = [row.outcome.chars for row in result.rows if row.outcome.ok]
    return render(
        request, "audit.html", user,
        job=job, result=result, status_names=STATUS_NAMES, names=section_names(result.profile_id),
        units=units, total=total_of(units), grades=GRADES, bins=bins_of(chars),
        rows=rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE], shown=len(rows), page=page, pages=pages,
        chosen={"attention": attention, "unit": unit}, unit_names=sorted({u.unit for u in units}),
        max_vague=max((v for u in units if (v := mean(u.vague)) is not None), default=0.0),
        report_link=_report_link,
    )  # fmt: skip


def _chosen_rows(result: AuditResult, attention: str, unit: str) -> list[AuditRow]:
    """The rows to list, most in need of attention first (the audit's own order within each level)."""
    rows = [
        row for row in result.rows
        if (not attention or row.attention == attention) and (not unit or (row.item.unit or NO_UNIT) == unit)
    ]  # fmt: skip
    return sorted(rows, key=lambda row: ATTENTION_ORDER.get(row.attention, 3))


def _report_link(row: AuditRow) -> str | None:
    """The stored report's page, for an audit of stored reports."""
    key = row.item.key
    return f"/reports/{key.removeprefix('report-')}" if key.startswith("report-") and row.outcome.ok else None
