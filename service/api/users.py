"""``/v1/users``: the admins' hold on accounts without a shell: list them, disable or enable one, revoke all of
one's sessions and API tokens at once (what ``shuzhi users deactivate|activate|revoke`` does on the server).

Disabling revokes every session and token of the user at once; enabling does not bring them back. An admin
cannot disable their own account (the service must keep someone who can enable it again).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from service.api.deps import StateDep, UserDep, require
from service.api.problems import Problem
from service.api.routes import ERRORS
from service.api.schemas import UtcDateTime
from service.store import Role, Store, StoreError, User

router = APIRouter(tags=["admin"])
USER_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {**ERRORS[403], "description": "an admin cannot disable their own account"},
}
Username = Annotated[str, PathParam(min_length=1, max_length=64, description="用户名")]


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str = Field(description="admin | reviewer | secretary")
    unit: str | None = Field(description="the code of the user's unit (none for an admin)")
    active: bool
    created_at: UtcDateTime


class UserChange(BaseModel):
    username: str
    active: bool = Field(description="whether the user may log in and use tokens now")
    revoked: int = Field(description="sessions and API tokens revoked by this change")


@router.get("/v1/users", response_model=list[UserOut], responses=ERRORS)
def list_users(state: StateDep, user: UserDep) -> list[UserOut]:
    """Every account, by username (admins only)."""
    require(user, Role.ADMIN)
    return [
        UserOut(username=u.username, display_name=u.display_name, role=u.role, unit=u.unit.code if u.unit else None,
                active=u.active, created_at=u.created_at)
        for u in state.store.users()
    ]  # fmt: skip


@router.post("/v1/users/{username}/deactivate", response_model=UserChange, responses=USER_ERRORS)
def deactivate(state: StateDep, user: UserDep, username: Username) -> UserChange:
    """Disable the account: it can no longer log in, and its sessions and tokens stop working at once."""
    return change_account(state.store, user, username, "deactivate")


@router.post("/v1/users/{username}/activate", response_model=UserChange, responses=USER_ERRORS)
def activate(state: StateDep, user: UserDep, username: Username) -> UserChange:
    """Enable the account again (its old sessions and tokens stay revoked: it logs in anew)."""
    return change_account(state.store, user, username, "activate")


@router.post("/v1/users/{username}/revoke", response_model=UserChange, responses=USER_ERRORS)
def revoke(state: StateDep, user: UserDep, username: Username) -> UserChange:
    """Revoke every session and API token of the account (a lost laptop, a leaked token); the account stays
    enabled and may log in again."""
    return change_account(state.store, user, username, "revoke")


ACTIONS = ("deactivate", "activate", "revoke")


def change_account(store: Store, admin: User, username: str, action: str) -> UserChange:
    """One of ``ACTIONS`` done by ``admin`` to the account ``username`` (the API's routes and the page 账号管理):
    403 for anyone but an admin, 409 for an admin disabling their own account, 404 for no such account."""
    if action not in ACTIONS:
        raise ValueError(f"no account action {action!r}; expected one of {ACTIONS}")
    require(admin, Role.ADMIN)
    if action == "deactivate" and username == admin.username:
        raise Problem(409, "users.self", "不能停用自己的账号：请由另一位管理员操作。")
    try:
        revoked = store.revoke_all(username) if action == "revoke" else store.set_active(username, action == "activate")
    except StoreError as exc:
        raise Problem(404, "users.not_found", f"用户 {username!r} 不存在。") from exc
    account = store.user_named(username)
    return UserChange(username=username, active=account is not None and account.active, revoked=revoked)
