"""What a route needs: the service's state and the user making the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from service.analysis import Analyzer
from service.api.problems import Problem
from service.settings import Settings
from service.store import Role, Store, User

SESSION_COOKIE = "shuzhi_session"


@dataclass
class AppState:
    settings: Settings
    store: Store
    analyzer: Analyzer


def get_state(request: Request) -> AppState:
    return request.app.state.shuzhi


StateDep = Annotated[AppState, Depends(get_state)]


def current_user(request: Request, state: StateDep) -> User:
    """The user of a ``Bearer`` API token or of the page's session cookie; 401 without either."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = state.store.user_for(header[7:].strip(), "token")
    elif cookie := request.cookies.get(SESSION_COOKIE):
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
