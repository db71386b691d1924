"""Logging in and out of the page, and the home address that sends each role where it works."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from service.api.deps import SESSION_COOKIE, StateDep, client_address
from service.store import Role, TooManyAttempts
from service.web import csrf
from service.web.pages import page_user, redirect, render, safe_next

router = APIRouter(include_in_schema=False)
CSRF = [Depends(csrf.check)]
WRONG = "用户名或密码错误。"  # the same words whether or not the user exists


def home_of(role: str) -> str:
    return "/check" if role == Role.SECRETARY else "/reports"


@router.get("/")
def home(request: Request) -> Response:
    user = page_user(request)
    return redirect(home_of(user.role) if user else "/login")


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    user = page_user(request)
    if user is not None:
        return redirect(home_of(user.role))
    return render(request, "login.html", None, next=safe_next(next))


@router.post("/login", dependencies=CSRF)
def login(
    request: Request,
    state: StateDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Log in; past the failed-login limits (``Store.login``), 429 with ``Retry-After`` and no password check."""
    user = None
    if username.strip() and password:
        try:
            user = state.store.login(username.strip(), password, client_address(request), state.login_limits())
        except TooManyAttempts as exc:
            page = render(request, "login.html", None, 429, error=str(exc), username=username, next=safe_next(next))
            page.headers["Retry-After"] = str(exc.retry_after)
            return page
    if user is None:
        return render(request, "login.html", None, 401, error=WRONG, username=username, next=safe_next(next))
    if old := request.cookies.get(SESSION_COOKIE):
        state.store.revoke(old)
    hours = state.settings.session_hours
    secret = state.store.issue(user, "session", "web", lifetime=timedelta(hours=hours))
    target = safe_next(next)
    response = redirect(home_of(user.role) if target == "/" else target)
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(hours * 3600), httponly=True, samesite="lax",
                        secure=csrf.is_https(request), path="/")  # fmt: skip
    csrf.set_seed(response, request)
    return response


@router.post("/logout", dependencies=CSRF)
def logout(request: Request, state: StateDep) -> Response:
    """Log out: the session is revoked in the database (a copied cookie stops working too)."""
    if secret := request.cookies.get(SESSION_COOKIE):
        state.store.revoke(secret)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=csrf.is_https(request))
    csrf.set_seed(response, request)
    return response
