"""The reports: the table of a reviewer's branches, one report's view, submitting a draft and grading.

Who sees what is the API's rule (``Store.visible_units`` and drafts only for their uploader); a report one may
not see is the same 404 page as one that does not exist. Showing one report is recorded in the access log
(``web.page``); the table of reports is not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from markupsafe import Markup

from analyzers.report import Report as ReportModel
from service.api.deps import AppState, StateDep, read_by
from service.api.routes import report_summary
from service.batch.stats import section_names
from service.documents import document_from_dict
from service.render.html import render_report_fragment
from service.store import GRADES, Read, Report, Role, User
from service.web import csrf
from service.web.pages import PageError, logged_in, redirect, render

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(logged_in)]
CSRF = [Depends(csrf.check)]
DONE = {"submitted": "已提交：审阅人现在可以看到这份报告。", "reviewed": "评定已保存。"}
MAX_COMMENT = 2000


@router.get("/reports")
def reports_page(request: Request, state: StateDep, user: PageUser, year: str = "", unit: str = "") -> Response:
    visible = state.store.visible_units(user)
    units = [u for u in state.store.units() if visible is None or u.id in visible]
    everything = state.store.reports(visible, viewer=user.id)
    chosen_unit = next((u for u in units if u.code == unit), None)
    chosen_year = int(year) if year.isdecimal() else None
    if unit and chosen_unit is None:
        rows = []  # a unit that is not theirs: nothing, as the API answers
    elif chosen_year is None and chosen_unit is None:
        rows = everything
    else:
        unit_id = chosen_unit.id if chosen_unit else None
        rows = state.store.reports(visible, year=chosen_year, unit_id=unit_id, viewer=user.id)
    return render(
        request, "reports.html", user,
        rows=[(report_summary(r), section_names(r.profile_id)) for r in rows],
        units=units,
        years=sorted({r.year for r in everything}, reverse=True),
        chosen={"year": chosen_year, "unit": unit},
    )  # fmt: skip


def _visible(state: AppState, user: User, report_id: int, read: Read | None = None) -> Report:
    report = state.store.report(report_id, state.store.visible_units(user), viewer=user.id, read=read)
    if report is None:
        raise PageError(404, "报告不存在", f"报告 {report_id} 不存在，或不在您的查看范围内。")
    return report


def _can_grade(user: User, report: Report) -> bool:
    return user.role in (Role.REVIEWER, Role.ADMIN) and report.status != "draft"


def _view(request: Request, user: User, report: Report, status: int = 200, error: str | None = None,
          done: str = "", comment: str = "") -> Response:  # fmt: skip
    fragment = render_report_fragment(ReportModel.model_validate(report.analysis), document_from_dict(report.document))
    return render(
        request, "report.html", user, status, report=report, fragment=Markup(fragment),  # escaped by the renderer
        can_submit=report.status == "draft" and report.submitted_by == user.id, can_grade=_can_grade(user, report),
        grades=GRADES, error=error, done=DONE.get(done), comment=comment,
    )  # fmt: skip


@router.get("/reports/{report_id}")
def report_page(request: Request, state: StateDep, user: PageUser, report_id: int, done: str = "") -> Response:
    return _view(request, user, _visible(state, user, report_id, read_by(request, user, "web.page")), done=done)


@router.post("/reports/{report_id}/submit", dependencies=CSRF)
def submit_draft(state: StateDep, user: PageUser, report_id: int) -> Response:
    report = _visible(state, user, report_id)
    if report.status != "draft" or report.submitted_by != user.id:
        raise PageError(409, "无法提交", "这份报告不是您的草稿，或已经提交过了。")
    state.store.submit_draft(report_id)
    return redirect(f"/reports/{report_id}?done=submitted")


@router.post("/reports/{report_id}/reviews", dependencies=CSRF)
def grade_report(
    request: Request,
    state: StateDep,
    user: PageUser,
    report_id: int,
    grade: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> Response:
    if user.role not in (Role.REVIEWER, Role.ADMIN):
        raise PageError(403, "没有权限", "只有审阅人和管理员可以评定报告。")
    report = _visible(state, user, report_id)
    if not _can_grade(user, report):
        raise PageError(409, "无法评定", "草稿提交后才能评定。")
    comment = comment.strip()
    if grade not in GRADES or len(comment) > MAX_COMMENT:
        error = f"请选择等次（{'、'.join(GRADES)}）" if grade not in GRADES else f"评语请不要超过 {MAX_COMMENT} 字"
        report = _visible(state, user, report_id, read_by(request, user, "web.page"))  # shown again: a read
        return _view(request, user, report, 422, error=error, comment=comment)
    state.store.add_review(report_id, user, grade, comment)
    return redirect(f"/reports/{report_id}?done=reviewed")
