"""``/v1/audits``: a whole batch of reports audited in the background, its progress, its workbook.

An audit is of an uploaded .zip of report files (with an optional mapping file, as for ``shuzhi audit``), of
stored reports by id, or of every stored report of a year (optionally under one unit). Only admins and
reviewers start and see audits; a reviewer sees the audits started within their units, and may audit only the
stored reports they may see (another's report answers 404, as everywhere in the API).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from analyzers.profiles import DEFAULT_PROFILE_ID
from service.api.deps import AppState, StateDep, UserDep, require
from service.api.problems import Problem
from service.api.routes import ERRORS, attachment, require_shipped_profile
from service.api.schemas import UtcDateTime
from service.audit_jobs import AUDITOR_ROLES, INPUT_ZIP, AuditJobs
from service.batch.inputs import InputsError, collect
from service.store import AuditJob, User

router = APIRouter(tags=["audits"])
AUDIT_ERRORS: dict[int | str, dict[str, Any]] = {**ERRORS, 409: {**ERRORS[404], "description": "not finished yet"}}
MAPPING_SUFFIXES = (".csv", ".xlsx")
CHUNK = 1024 * 1024


class AuditLinks(BaseModel):
    self: str
    workbook: str = Field(description="the .xlsx, once status is done")
    page: str = Field(description="the audit as a page of the service")


class AuditOut(BaseModel):
    id: str
    status: str = Field(description="queued | running | done | failed")
    source: str = Field(description="zip | reports")
    profile: str
    year: int | None
    total: int = Field(description="files or reports in the audit")
    done: int = Field(description="of them analysed (or taken from the cache) so far")
    cached: int = Field(description="of them taken from the cache")
    errors: int = Field(description="files that could not be analysed (one error row each in the workbook)")
    message: str
    created_at: UtcDateTime
    started_at: UtcDateTime | None
    finished_at: UtcDateTime | None
    links: AuditLinks


def get_audits(request: Request) -> AuditJobs:
    return request.app.state.audits


def audit_out(job: AuditJob) -> AuditOut:
    base = f"/v1/audits/{job.id}"
    return AuditOut(
        id=job.id, status=job.status, source=job.source, profile=job.profile_id, year=job.year, total=job.total,
        done=job.done, cached=job.cached, errors=job.errors, message=job.message, created_at=job.created_at,
        started_at=job.started_at, finished_at=job.finished_at,
        links=AuditLinks(self=base, workbook=f"{base}/audit.xlsx", page=f"/audits/{job.id}"),
    )  # fmt: skip


def require_auditor(user: User) -> None:
    require(user, *AUDITOR_ROLES)


@router.post("/v1/audits", response_model=AuditOut, status_code=202, responses=AUDIT_ERRORS)
async def start_audit(
    request: Request,
    response: Response,
    state: StateDep,
    user: UserDep,
    file: Annotated[UploadFile | None, File(description="报告文件的 .zip 压缩包")] = None,
    mapping: Annotated[UploadFile | None, File(description="CSV/xlsx：file,unit,branch,secretary[,grade]")] = None,
    report_ids: Annotated[list[int] | None, Form(description="已存储报告的 id（可重复）")] = None,
    year: Annotated[int | None, Form(ge=2000, le=2100, description="年度；无文件和 id 时审核该年度全部报告")] = None,
    unit: Annotated[str | None, Form(description="只审核该单位（含下级）的报告，与 year 同用")] = None,
    profile: Annotated[str, Form(description="述职要求（框架）id")] = DEFAULT_PROFILE_ID,
) -> AuditOut:
    """Start an audit of a .zip of reports, of stored reports by id, or of a year's stored reports."""
    require_auditor(user)
    require_shipped_profile(profile)
    jobs = get_audits(request)
    if file is not None and file.filename:
        job = await start_upload(state, jobs, user, file, mapping, profile, year)
    elif report_ids or year is not None:
        ids = await run_in_threadpool(stored_report_ids, state, user, report_ids or [], year, unit)
        job = await run_in_threadpool(jobs.create_stored, user, profile, year, ids)
    else:
        raise Problem(422, "audit.no_input", "请上传报告的 .zip 压缩包，或给出已存储报告的 id，或给出年度。")
    response.headers["Location"] = f"/v1/audits/{job.id}"
    return audit_out(job)


async def start_upload(
    state: AppState, jobs: AuditJobs, user: User, file: UploadFile, mapping: UploadFile | None, profile: str,
    year: int | None,
) -> AuditJob:  # fmt: skip
    """Write the upload into a new job's folder (never under its own name), check it, and queue the job."""
    job_id, folder = await run_in_threadpool(jobs.new_folder)
    try:
        limit = int(state.settings.max_audit_upload_mb * 1024 * 1024)
        if not await _save(file, folder / INPUT_ZIP, limit):
            raise Problem(413, "input.too_large", f"压缩包超过 {state.settings.max_audit_upload_mb:g} MB 的上限。")
        mapping_path = None
        if mapping is not None and mapping.filename:
            suffix = Path(mapping.filename).suffix.lower()
            if suffix not in MAPPING_SUFFIXES:
                raise Problem(422, "audit.mapping_format", "对应表应为 .csv 或 .xlsx 文件。")
            mapping_path = folder / f"mapping{suffix}"
            if not await _save(mapping, mapping_path, state.settings.read_limits().max_file_bytes):
                raise Problem(413, "input.too_large", "对应表文件过大。")
        items = await run_in_threadpool(_items, folder, mapping_path, mapping.filename if mapping else "")
        return await run_in_threadpool(jobs.create, job_id, user, "zip", profile, year, len(items))
    except BaseException:
        await run_in_threadpool(jobs.discard_folder, job_id)
        raise


async def _save(upload: UploadFile, path: Path, limit: int) -> bool:
    """Copy the upload to ``path`` in chunks; False (and nothing kept) when it is larger than ``limit``."""
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                return False
            out.write(chunk)
    return True


def _items(folder: Path, mapping: Path | None, mapping_name: str) -> list[Any]:
    archive = folder / INPUT_ZIP
    if not zipfile.is_zipfile(archive):
        raise Problem(422, "audit.not_a_zip", "上传的文件不是 .zip 压缩包。")
    try:
        items = collect([archive], mapping)
    except InputsError as err:  # the message names our folder: say the user's file name instead
        message = str(err).replace(str(mapping), mapping_name or "对应表").replace(str(archive), "压缩包")
        raise Problem(422, "audit.bad_input", message) from err
    if not items:
        raise Problem(422, "audit.empty", "压缩包中没有找到报告文件（.docx、.pdf、.txt、.doc）。")
    return items


def stored_report_ids(
    state: AppState, user: User, report_ids: list[int], year: int | None, unit: str | None
) -> list[int]:
    """The stored reports to audit: those asked for by id (each must be the caller's to see, and submitted), or
    every submitted report of the year within the caller's units (under ``unit`` when given)."""
    units = state.store.visible_units(user)
    if report_ids:
        ids = list(dict.fromkeys(report_ids))
        for report_id in ids:
            report = state.store.report(report_id, units)  # no viewer: drafts are nobody's to audit
            if report is None:
                raise Problem(404, "report.not_found", f"报告 {report_id} 不存在或不在您的单位范围内。")
        return ids
    unit_id = None
    if unit:
        found = state.store.unit_by_code(unit)
        if found is None or (units is not None and found.id not in units):
            raise Problem(404, "unit.not_found", f"没有编码为 {unit!r} 的单位，或它不在您的单位范围内。")
        unit_id = found.id
    ids = [r.id for r in reversed(state.store.reports(units, year=year, unit_id=unit_id))]
    if not ids:
        raise Problem(422, "audit.empty", f"{year} 年度没有已提交的报告可审核。")
    return ids


@router.get("/v1/audits", response_model=list[AuditOut], responses=AUDIT_ERRORS)
def list_audits(request: Request, user: UserDep) -> list[AuditOut]:
    """The audits the caller may see, newest first."""
    require_auditor(user)
    return [audit_out(job) for job in get_audits(request).visible(user)]


@router.get("/v1/audits/{audit_id}", response_model=AuditOut, responses=AUDIT_ERRORS)
def audit_progress(request: Request, user: UserDep, audit_id: str) -> AuditOut:
    """An audit's progress: ``done`` of ``total``, and its status."""
    require_auditor(user)
    return audit_out(_visible_job(request, user, audit_id))


@router.get("/v1/audits/{audit_id}/audit.xlsx", response_class=FileResponse, responses=AUDIT_ERRORS)
def audit_workbook(request: Request, user: UserDep, audit_id: str) -> FileResponse:
    """The workbook of a finished audit (409 while it runs)."""
    require_auditor(user)
    jobs = get_audits(request)
    job = _visible_job(request, user, audit_id)
    if job.status != "done":
        raise Problem(409, "audit.not_ready", f"审核尚未完成（{job.done}/{job.total}），完成后才能下载工作簿。")
    name = f"述职报告审核-{job.year or job.created_at.year}-{job.id[:8]}.xlsx"
    return FileResponse(
        jobs.workbook(job),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": attachment(name, "audit.xlsx")},
    )


def _visible_job(request: Request, user: User, audit_id: str) -> AuditJob:
    job = get_audits(request).get(audit_id, user)
    if job is None:
        raise Problem(404, "audit.not_found", "审核任务不存在或不在您的单位范围内。")
    return job

