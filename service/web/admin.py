"""The admins' pages: the access log, who read which report, when and how (``Store.access_log``).

Only GET forms here (filters); the one form that posts, logout in the header, carries the CSRF token like every
other. Anyone but an admin gets a 403 page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from service.api.deps import StateDep
from service.store import Role, User
from service.web.pages import PageError, logged_in, render

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(logged_in)]
HOW_NAMES = {"web.page": "网页查看", "api.json": "接口读取", "api.annotated_docx": "下载批注 Word",
             "api.annotated_html": "下载批注网页"}  # fmt: skip
LIMITS = (50, 100, 500, 1000)


@router.get("/admin/access-log")
def access_log_page(
    request: Request, state: StateDep, user: PageUser, report: str = "", who: str = "", limit: str = "100"
) -> Response:
    """The newest reads of full reports, filtered by report id and username (values that are not numbers are
    ignored, as on the reports table)."""
    if user.role != Role.ADMIN:
        raise PageError(403, "没有权限", "只有管理员可以查看报告访问记录。")
    report_id = int(report) if report.strip().isdigit() else None
    count = int(limit) if limit.isdigit() and int(limit) in LIMITS else 100
    rows = state.store.access_log(report_id=report_id, username=who.strip() or None, limit=count)
    return render(
        request, "access_log.html", user, rows=rows, how_names=HOW_NAMES, limits=LIMITS,
        chosen={"report": report_id, "who": who.strip(), "limit": count},
    )  # fmt: skip
