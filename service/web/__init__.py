"""The page secretaries and reviewers use: server-rendered Chinese HTML (Jinja2) over the same store and
analysis as the API. ``install(app)`` adds its routes, its static files and its error pages to the app.

- ``/login``, ``/logout`` (``auth``); ``/`` sends each role to where it works;
- ``/check``: drop a report, get its analysis as a draft (``check``);
- ``/reports`` and ``/reports/{id}``: the table of one's branches, one report with its marks, submit, grade
  (``reports``);
- ``/audits`` and ``/audits/{id}``: start a batch audit, follow it, read it and download its workbook (``audits``).

Every form POST carries a CSRF token (``csrf``); every value is autoescaped, the one exception being the
report fragment of ``service.render.html``, which escapes its own text.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from service.render.html import CSS as REPORT_CSS
from service.web import admin, audits, auth, check, csrf, reports
from service.web.pages import HERE, LoginRequired, PageError, login_required, page_error

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
router.include_router(check.router)
router.include_router(reports.router)
router.include_router(audits.router)
router.include_router(admin.router)


@router.get("/report.css")
def report_css() -> Response:
    """The report fragment's own styles (``service.render.html.CSS``), so the page and the export agree."""
    return Response(REPORT_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(csrf.CsrfRefused, page_error)
    app.add_exception_handler(LoginRequired, login_required)
