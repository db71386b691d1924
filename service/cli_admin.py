"""`shuzhi serve`, `shuzhi users …` and `shuzhi units import`: running the service and managing who uses it.

Everything reads the same settings as the service (``SHUZHI_DATA_DIR``, ``SHUZHI_DATABASE_URL`` …), so these
commands manage the database the service uses.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.settings import get_settings
from service.vocabulary import Role, StoreError

if TYPE_CHECKING:
    from service.store import Store

users_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="用户：添加、列出、签发和撤销 API 令牌、停用和启用")  # fmt: skip
units_app = typer.Typer(add_completion=False, no_args_is_help=True, help="单位：从 CSV 导入党委和党支部")

EXIT_REFUSED = 2


def _store() -> Store:
    from service.store import Store  # here, not at the top: `shuzhi check` starts without the database layer

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Store.open(settings.database(), files_dir=settings.data_dir / "files")


def _refused(err: StoreError) -> typer.Exit:
    typer.echo(f"未完成：{err}", err=True)
    return typer.Exit(EXIT_REFUSED)


def serve(
    host: Annotated[str | None, typer.Option(help="监听地址（默认 SHUZHI_HOST 或 127.0.0.1）")] = None,
    port: Annotated[int | None, typer.Option(help="端口（默认 SHUZHI_PORT 或 8000）")] = None,
) -> None:
    """Start the web service (the page and the API)."""
    import uvicorn

    from service.api import create_app

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    app = create_app(settings)
    typer.echo(f"shuzhi 服务：http://{host}:{port}/   接口文档：http://{host}:{port}/docs")
    typer.echo(f"数据目录：{settings.data_dir.resolve()}   数据库：{settings.database().split('@')[-1]}")
    store = _store()
    store.remove_orphan_files()  # files of saves a killed process never committed
    if not store.users():
        password = secrets.token_urlsafe(12)
        store.add_user("admin", password, Role.ADMIN, display_name="管理员")
        typer.echo(f"首次登录：用户名 admin，密码 {password}（只显示这一次，请妥善保存）")
        typer.echo(
            "再添加单位和用户：shuzhi units import 单位.csv；shuzhi users add 用户名 --role secretary --unit 支部编码"
        )
    store.engine.dispose()
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)  # access logs carry no report text


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[Role, typer.Option(help="secretary 支部书记 | reviewer 审阅人 | admin 管理员")] = Role.SECRETARY,
    unit: Annotated[str | None, typer.Option(help="所属单位编码（支部书记填党支部，审阅人填党委）")] = None,
    name: Annotated[str, typer.Option(help="显示名")] = "",
    password: Annotated[
        str | None, typer.Option(help="密码（不填则交互输入，不回显）", envvar="SHUZHI_NEW_PASSWORD")
    ] = None,
) -> None:
    """Add a user; the password is asked for without echo unless given."""
    secret = password or typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    try:
        user = _store().add_user(username, secret, role, unit, name)
    except StoreError as err:
        raise _refused(err) from err
    typer.echo(f"已添加 {user.username}（{role.value}）")


@users_app.command("list")
def users_list() -> None:
    """List the users, their roles and units."""
    for user in _store().users():
        unit = user.unit.code if user.unit else "-"
        typer.echo(f"{user.username}\t{user.role}\t{unit}\t{'启用' if user.active else '停用'}")


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument(help="用户名")],
    name: Annotated[str, typer.Option(help="令牌用途，便于日后识别")] = "cli",
) -> None:
    """Issue an API token for a user (shown once; store it safely)."""
    store = _store()
    user = next((u for u in store.users() if u.username == username), None)
    if user is None:
        raise _refused(StoreError(f"用户 {username!r} 不存在"))
    typer.echo(store.issue(user, "token", name))


@users_app.command("revoke")
def users_revoke(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """Revoke every session and API token of a user: they stop working at once (the user may log in again)."""
    try:
        count = _store().revoke_all(username)
    except StoreError as err:
        raise _refused(err) from err
    typer.echo(f"已撤销 {username} 的 {count} 个登录会话和令牌")


@users_app.command("deactivate")
def users_deactivate(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """Disable a user: no more logins, and their sessions and tokens stop working at once."""
    try:
        count = _store().set_active(username, False)
    except StoreError as err:
        raise _refused(err) from err
    typer.echo(f"已停用 {username}，撤销了 {count} 个登录会话和令牌")


@users_app.command("activate")
def users_activate(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """Enable a disabled user again (their old sessions and tokens stay revoked)."""
    try:
        _store().set_active(username, True)
    except StoreError as err:
        raise _refused(err) from err
    typer.echo(f"已启用 {username}")


@units_app.command("import")
def units_import(
    csv_path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV 文件")],
) -> None:
    """Import units from CSV with the columns code,name,kind,parent_code (kind: committee | branch)."""
    try:
        added = _store().import_units(csv_path.read_text(encoding="utf-8-sig"))
    except StoreError as err:
        raise _refused(err) from err
    typer.echo(f"已导入 {added} 个单位")
