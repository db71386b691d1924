"""What every page shares: the templates, the logged-in user, security headers and the error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.api.deps import SESSION_COOKIE, get_state
from service.store import User
from service.web import csrf

HERE = Path(__file__).resolve().parent
ROLE_NAMES = {"secretary": "支部书记", "reviewer": "审阅人", "admin": "管理员"}
STATUS_NAMES = {"draft": "草稿", "submitted": "已提交", "reviewed": "已评定"}

_ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(role_names=ROLE_NAMES, status_names=STATUS_NAMES)

# No inline script may run (the page's one script is a file of ours); inline styles are allowed because the
# report fragment indents its outline with a style attribute.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class PageError(Exception):
    """An error shown as a page: status, title and a message for the user."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class LoginRequired(Exception):
    """No live session: the browser is sent to the login page, and back here afterwards."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def render(request: Request, template: str, user: User | None, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from ``template`` (autoescaped), with the form token and the security headers."""
    token, new_seed = csrf.form_token(request)
    html = _ENV.get_template(template).render(user=user, csrf_token=token, **context)
    response = HTMLResponse(html, status_code=status, headers=HEADERS)
    if new_seed:
        csrf.set_seed(response, request, new_seed)
    return response


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def page_user(request: Request) -> User | None:
    """The user of the session cookie, or None."""
    secret = request.cookies.get(SESSION_COOKIE)
    return get_state(request).store.user_for(secret, "session") if secret else None


def logged_in(request: Request) -> User:
    """Dependency of every page but the login page."""
    user = page_user(request)
    if user is None:
        url = request.url
        raise LoginRequired(url.path + (f"?{url.query}" if url.query else "") if request.method == "GET" else "/")
    return user


def safe_next(target: str | None) -> str:
    """A path on this site to go back to after login; anything else (another site, a scheme) is "/"."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return "/"
    return "/" if target.startswith(("/login", "/logout")) else target


def page_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, csrf.CsrfRefused):
        exc = PageError(403, "请求被拒绝", "表单已过期或不是从本站提交的。请刷新页面后重新操作。")
    assert isinstance(exc, PageError)
    return render(request, "error.html", page_user(request), exc.status, title=exc.title, message=exc.message)


def login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return redirect("/login" if safe_next(exc.path) == "/" else f"/login?next={quote(exc.path)}")
