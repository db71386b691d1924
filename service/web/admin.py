"""The admins' pages: the access log, who read which report, when and how (``Store.access_log``); and the
accounts, each of which an admin can disable, enable, or sign out everywhere (``/admin/users``, as
``/v1/users`` does for scripts).

The forms that post carry the CSRF token like every other. Anyone but an admin gets a 403 page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from service.api.deps import StateDep
from service.api.problems import Problem
from service.api.users import change_account
from service.store import Role, User
from service.web import csrf
from service.web.pages import PageError, logged_in, redirect, render

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(logged_in)]
HOW_NAMES = {"web.page": "网页查看", "api.json": "接口读取", "api.annotated_docx": "下载批注 Word",
             "api.annotated_html": "下载批注网页"}  # fmt: skip
LIMITS = (50, 100, 500, 1000)
# What each button does, and what the page says once it is done.
PROBLEM_TITLES = {"users.self": "不能停用自己", "users.not_found": "没有这个用户"}
ACTIONS = {
    "deactivate": "已停用 {name}：其登录和 API 令牌立即失效。",
    "activate": "已启用 {name}：需重新登录，旧的登录和令牌仍然无效。",
    "revoke": "已让 {name} 在所有地方退出登录，并撤销其 API 令牌。",
}


@router.get("/admin/access-log")
def access_log_page(
    request: Request, state: StateDep, user: PageUser, report: str = "", who: str = "", limit: str = "100"
) -> Response:
    """The newest reads of full reports, filtered by report id and username (values that are not numbers are
    ignored, as on the reports table)."""
    if user.role != Role.ADMIN:
        raise PageError(403, "没有权限", "只有管理员可以查看报告访问记录。")
    report_id = int(report) if report.strip().isdecimal() else None
    count = int(limit) if limit.isdecimal() and int(limit) in LIMITS else 100
    rows = state.store.access_log(report_id=report_id, username=who.strip() or None, limit=count)
    return render(
        request, "access_log.html", user, rows=rows, how_names=HOW_NAMES, limits=LIMITS,
        chosen={"report": report_id, "who": who.strip(), "limit": count},
    )  # fmt: skip


def _admin(user: User) -> None:
    if user.role != Role.ADMIN:
        raise PageError(403, "没有权限", "只有管理员可以管理账号。")


@router.get("/admin/users")
def users_page(request: Request, state: StateDep, user: PageUser, done: str = "", name: str = "") -> Response:
    """Every account with its role, unit and state, and the buttons that change it."""
    _admin(user)
    notice = ACTIONS[done].format(name=name) if done in ACTIONS and name else None
    return render(request, "users.html", user, users=state.store.users(), done=notice)


@router.post("/admin/users/{username}/{action}", dependencies=[Depends(csrf.check)])
def change_user(state: StateDep, user: PageUser, username: str, action: str) -> Response:
    _admin(user)
    if action not in ACTIONS:
        raise PageError(404, "没有这个操作", "可以停用、启用账号，或让其在所有地方退出登录。")
    try:
        change_account(state.store, user, username, action)
    except Problem as problem:
        raise PageError(problem.status, PROBLEM_TITLES.get(problem.code, "无法更改账号"), problem.detail) from problem
    return redirect(f"/admin/users?done={action}&name={quote(username)}")
