"""What a route needs: the service's state and the user making the request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from service.analysis import Analyzer
from service.api.problems import Problem
from service.settings import Settings
from service.store import LoginLimits, Read, Role, Store, User

SESSION_COOKIE = "shuzhi_session"


@dataclass
class AppState:
    settings: Settings
    store: Store
    analyzer: Analyzer

    def login_limits(self) -> LoginLimits:
        settings = self.settings
        return LoginLimits(settings.login_max_failures, settings.login_max_failures_per_client,
                           timedelta(minutes=settings.login_window_minutes))  # fmt: skip


def get_state(request: Request) -> AppState:
    return request.app.state.shuzhi


StateDep = Annotated[AppState, Depends(get_state)]


def client_address(request: Request) -> str:
    """The client's address, for the login limits and the access log. Behind a reverse proxy it is the proxy's
    unless uvicorn trusts the proxy's X-Forwarded-For (``FORWARDED_ALLOW_IPS``; 127.0.0.1 by default)."""
    return request.client.host if request.client else ""


def read_by(request: Request, user: User, how: str) -> Read:
    """A read of a full report by ``user`` in this request, for the access log."""
    return Read(user, how, client_address(request))


def current_user(request: Request, state: StateDep) -> User:
    """The user of a ``Bearer`` API token or of the page's session cookie; 401 without either.

    A write carried by the session cookie from another site is refused (403): the cookie is SameSite=Lax, and
    ``Sec-Fetch-Site`` also catches a sibling site of the same domain, which SameSite lets through."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = state.store.user_for(header[7:].strip(), "token")
    elif cookie := request.cookies.get(SESSION_COOKIE):
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.headers.get("sec-fetch-site") in (
            "cross-site", "same-site"
        ):  # fmt: skip
            raise Problem(403, "auth.cross_site", "拒绝来自其他网站的请求。")
        user = state.store.user_for(cookie, "session")
    else:
        raise Problem(401, "auth.required", "请先登录，或在请求头中提供 API 令牌（Authorization: Bearer …）。")
    if user is None:
        raise Problem(401, "auth.invalid", "登录已失效或令牌无效，请重新登录。")
    return user


UserDep = Annotated[User, Depends(current_user)]


def require(user: User, *roles: Role) -> None:
    if user.role not in roles:
        raise Problem(403, "auth.forbidden", "您的角色无权进行此操作。")
