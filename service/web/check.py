"""The secretary's page: drop a report on it, pick the notice's framework, get the analysis as a draft.

The upload goes through the API's own analysis path (same limits, same worker pool off the event loop, same
Chinese error messages) and is stored as a draft that only its uploader sees until they submit it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from analyzers.errors import InputError
from analyzers.profiles import DEFAULT_PROFILE_ID, ProfileError, list_profiles
from service.analysis import Overloaded, WorkerLost
from service.api.deps import AppState, StateDep
from service.api.problems import Problem
from service.api.routes import analyse_upload, branch_for, this_year, year_of
from service.store import Role, Unit, User
from service.web import csrf
from service.web.pages import logged_in, redirect, render

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(logged_in)]


class FormError(Exception):
    """Something the user must correct; the message is shown on the form."""


def _branches(state: AppState, user: User) -> list[Unit]:
    """The branches a non-secretary may check a report for."""
    visible = state.store.visible_units(user)
    return [u for u in state.store.units() if u.kind == "branch" and (visible is None or u.id in visible)]


def _form(request: Request, state: AppState, user: User, status: int = 200, error: str | None = None,
          **chosen: str) -> Response:  # fmt: skip
    branches = [] if user.role == Role.SECRETARY else _branches(state, user)
    return render(request, "check.html", user, status, error=error, profiles=list_profiles(), branches=branches,
                  chosen={"profile": DEFAULT_PROFILE_ID, **chosen}, max_mb=state.settings.max_file_mb)  # fmt: skip


def form_year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdecimal() or not 2000 <= int(text) <= 2100:
        raise FormError("年度应为 2000 到 2100 之间的四位数字，也可以不填（按报告标题或文件名判断）。")
    return int(text)


@router.get("/check")
def check_form(request: Request, state: StateDep, user: PageUser) -> Response:
    return _form(request, state, user)


@router.post("/check", dependencies=[Depends(csrf.check)])
async def check_upload(
    request: Request,
    state: StateDep,
    user: PageUser,
    file: Annotated[UploadFile | None, File()] = None,
    profile: Annotated[str, Form()] = DEFAULT_PROFILE_ID,
    year: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    previous: Annotated[UploadFile | None, File()] = None,
) -> Response:
    try:
        if profile not in {p.id for p in list_profiles()}:  # only shipped profiles: never a path from a form
            raise FormError("请从列表中选择述职要求。")
        report_year = form_year(year)
        if file is None or not file.filename:
            raise FormError("请把报告文件拖到虚线框内，或点击选择文件。")
        code = None if user.role == Role.SECRETARY else (unit or None)
        branch = await run_in_threadpool(branch_for, state, user, code)
        analysed, data = await analyse_upload(state, file, profile, previous, report_year)
    except Overloaded as exc:  # past capacity: the form again, with when to retry
        page = await run_in_threadpool(_form, request, state, user, 503, exc.message, profile=profile, year=year,
                                       unit=unit)  # fmt: skip
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except FormError as exc:
        error = str(exc)
    except WorkerLost as exc:
        error = exc.message
    except Problem as exc:
        error = exc.detail
    except InputError as exc:
        error = exc.message
    except ProfileError:
        error = "所选述职要求无法加载，请选择其他要求或联系管理员。"
    else:
        stored = await run_in_threadpool(
            lambda: state.store.save_report(
                unit_id=branch.id, year=report_year or year_of(analysed.report) or this_year(),
                analysis=analysed.report, document=analysed.document, submitted_by=user.id,
                original=data if state.settings.keep_files else None, draft=True,
            )
        )  # fmt: skip
        return redirect(f"/reports/{stored.id}")
    return await run_in_threadpool(_form, request, state, user, 422, error, profile=profile, year=year, unit=unit)
