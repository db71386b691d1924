"""Security of the service (#9) on real databases: failed logins limited, credentials revocable, every read of a
report in the access log, cookie flags and CSRF on every form, and writes that fail leave nothing behind."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import event, inspect, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from typer.testing import CliRunner

from service.api import create_app
from service.settings import Settings, get_settings
from service.store import (
    AccessRecord,
    LoginAttempt,
    LoginLimits,
    Read,
    Report,
    Role,
    Store,
    TooManyAttempts,
    User,
    utcnow,
)
from tests.service.test_api import PASSWORD, REPORT, _auth, _submit, seed_people
from tests.service.test_store import _analysed, _tree
from tests.service.test_web import TOKEN, _check, _login

WRONG = "not the password"


def _app(database_url: str, tmp_path: Path, **settings: object) -> FastAPI:
    app = create_app(Settings(data_dir=tmp_path / "data", database_url=database_url, analysis_workers=0,
                              keep_files=True, **settings))  # fmt: skip
    seed_people(database_url)
    return app


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(_app(database_url, tmp_path)) as test_client:
        yield test_client


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'shuzhi.sqlite3'}"


def _token_for(client: TestClient, username: str, password: str = PASSWORD) -> int:
    return client.post("/v1/auth/token", json={"username": username, "password": password}).status_code


def _new_token(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['token']}"}


# -- login attempts -------------------------------------------------------------------------------------------


def test_token_requests_are_refused_after_five_failures_and_a_success_resets_the_count(client: TestClient) -> None:
    for _ in range(2):  # 4 failures and a success, twice: never refused
        assert [_token_for(client, "sec11", WRONG) for _ in range(4)] == [401] * 4
        assert _token_for(client, "sec11") == 200
    assert [_token_for(client, "sec11", WRONG) for _ in range(5)] == [401] * 5
    refused = client.post("/v1/auth/token", json={"username": "sec11", "password": PASSWORD})  # the right one
    assert refused.status_code == 429 and refused.headers["content-type"].startswith("application/problem+json")
    body = refused.json()
    assert body["code"] == "auth.rate_limited" and "登录失败次数过多" in body["detail"] and "token" not in body
    assert 800 < int(refused.headers["retry-after"]) <= 15 * 60
    assert _token_for(client, "sec12") == 200  # another user from the same address is not locked out


def test_the_login_page_is_refused_after_the_limit_with_retry_after(sqlite_url: str, tmp_path: Path) -> None:
    with TestClient(_app(sqlite_url, tmp_path, login_max_failures=2), follow_redirects=False) as browser:
        assert [_login(browser, "rev1", WRONG).status_code for _ in range(2)] == [401, 401]
        refused = _login(browser, "rev1")
        assert refused.status_code == 429 and "登录失败次数过多，请 15 分钟后再试" in refused.text
        assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
        assert "shuzhi_session" not in browser.cookies and 'value="rev1"' in refused.text
        assert _login(browser, "sec11").status_code == 303


def test_failures_from_one_address_are_limited_across_usernames(store: Store) -> None:
    _tree(store)
    store.add_user("li", "long enough", Role.SECRETARY, "B11")
    limits = LoginLimits(per_user=5, per_client=3)
    for name in ("a", "b", "c"):
        assert store.login(name, WRONG, "10.0.0.1", limits) is None
    with pytest.raises(TooManyAttempts):
        store.login("li", "long enough", "10.0.0.1", limits)
    assert store.login("li", "long enough", "10.0.0.2", limits).username == "li"


def test_the_count_is_in_the_database_shared_by_every_process(database_url: str) -> None:
    first, second = Store.open(database_url), Store.open(database_url)  # two engines: as two processes
    try:
        for _ in range(5):
            assert first.login("li", WRONG, "10.0.0.1") is None
        with pytest.raises(TooManyAttempts):
            second.login("li", WRONG, "10.0.0.9")
        with second.session() as s:  # the refused attempt was not kept; the five failures were
            assert s.query(LoginAttempt).filter_by(username="li").count() == 5
    finally:
        first.engine.dispose()
        second.engine.dispose()


def test_failures_leave_the_window_and_old_rows_are_pruned(store: Store) -> None:
    for _ in range(5):
        store.login("li", WRONG, "10.0.0.1")
    with pytest.raises(TooManyAttempts) as fresh:
        store.login("li", WRONG, "10.0.0.1")
    with store.session() as s:  # the oldest failure 14 minutes ago: free again in about a minute
        oldest = s.query(LoginAttempt).order_by(LoginAttempt.id).first()
        oldest.at = utcnow() - timedelta(minutes=14)
    with pytest.raises(TooManyAttempts) as aged:
        store.login("li", WRONG, "10.0.0.1")
    assert fresh.value.retry_after > 800 and aged.value.retry_after <= 120
    with store.session() as s:
        s.execute(update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
    assert store.login("li", WRONG, "10.0.0.1") is None  # allowed again, and counted
    with store.session() as s:
        assert s.query(LoginAttempt).count() == 1  # the five old rows are gone


# -- revoking credentials -------------------------------------------------------------------------------------


def test_revoking_all_credentials_and_deactivating_a_user(store: Store) -> None:
    _tree(store)
    user = store.add_user("li", "long enough", Role.SECRETARY, "B11")
    token, session = store.issue(user, "token"), store.issue(user, "session", lifetime=timedelta(hours=1))
    other = store.issue(store.add_user("wang", "long enough", Role.SECRETARY, "B11"), "token")
    assert store.revoke_all("li") == 2 and store.revoke_all("li") == 0
    assert store.user_for(token, "token") is None and store.user_for(session, "session") is None
    assert store.user_for(other, "token").username == "wang"  # only li's
    fresh = store.issue(store.authenticate("li", "long enough"), "token")  # li may log in again
    assert store.set_active("li", False) == 1
    assert store.user_for(fresh, "token") is None and store.authenticate("li", "long enough") is None
    assert store.set_active("li", True) == 0
    assert store.user_for(fresh, "token") is None  # enabling again does not bring old credentials back
    assert store.authenticate("li", "long enough") is not None


def test_deleting_the_api_token_revokes_that_token_only(client: TestClient) -> None:
    first = _auth(client, "sec11")
    second = _new_token(client, "sec11")
    assert client.delete("/v1/auth/token", headers=first).status_code == 204
    assert client.get("/v1/reports", headers=first).status_code == 401
    assert client.get("/v1/reports", headers=second).status_code == 200


def test_the_cli_revokes_and_deactivates_users_of_the_running_service(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.cli import app as cli

    monkeypatch.setenv("SHUZHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SHUZHI_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        with TestClient(_app(sqlite_url, tmp_path), follow_redirects=False) as browser:
            token = _auth(browser, "sec11")
            _login(browser, "sec11")
            assert browser.get("/check").status_code == 200
            revoked = runner.invoke(cli, ["users", "revoke", "sec11"])
            assert revoked.exit_code == 0 and "2 个" in revoked.output, revoked.output
            assert browser.get("/v1/reports", headers=token).status_code == 401
            assert browser.get("/check").headers["location"] == "/login?next=/check"

            browser.cookies.clear()
            _login(browser, "sec11")
            token = _new_token(browser, "sec11")
            deactivated = runner.invoke(cli, ["users", "deactivate", "sec11"])
            assert deactivated.exit_code == 0 and "已停用 sec11" in deactivated.output
            assert browser.get("/v1/reports", headers=token).status_code == 401  # at once, no restart
            assert browser.get("/check").status_code == 303
            assert _login(browser, "sec11").status_code == 401
            assert "停用" in runner.invoke(cli, ["users", "list"]).output
            assert runner.invoke(cli, ["users", "activate", "sec11"]).exit_code == 0
            assert browser.get("/v1/reports", headers=token).status_code == 401
            assert _login(browser, "sec11").status_code == 303
            unknown = runner.invoke(cli, ["users", "revoke", "nobody"])
            assert unknown.exit_code == 2 and "'nobody' 不存在" in unknown.output
    finally:
        get_settings.cache_clear()


# -- the access log -------------------------------------------------------------------------------------------


def test_every_read_of_a_report_through_the_api_is_logged_for_admins(client: TestClient) -> None:
    report_id = _submit(client, "sec11")
    reader = _auth(client, "rev1")
    for suffix in ("", "/annotated.html", "/annotated.docx"):
        assert client.get(f"/v1/reports/{report_id}{suffix}", headers=reader).status_code == 200
    assert client.get("/v1/reports", headers=reader).status_code == 200  # a listing: not logged
    assert client.get(f"/v1/reports/{report_id}", headers=_auth(client, "sec12")).status_code == 404  # not a read
    admin = _auth(client, "admin")
    log = client.get("/v1/access-log", headers=admin)
    assert log.status_code == 200
    rows = log.json()
    assert [(r["user"], r["how"]) for r in rows] == [
        ("rev1", "api.annotated_docx"), ("rev1", "api.annotated_html"), ("rev1", "api.json")
    ]  # fmt: skip
    assert {(r["report_id"], r["filename"], r["client"]) for r in rows} == {(report_id, "2022年度述职报告.txt",
                                                                              "testclient")}  # fmt: skip
    assert client.get("/v1/access-log", headers=admin, params={"user": "sec11"}).json() == []
    assert len(client.get("/v1/access-log", headers=admin, params={"limit": 1}).json()) == 1
    assert client.get("/v1/access-log", headers=admin, params={"report_id": report_id + 1}).json() == []
    for user in ("sec11", "rev1"):
        refused = client.get("/v1/access-log", headers=_auth(client, user))
        assert refused.status_code == 403 and refused.json()["code"] == "auth.forbidden"
    assert client.get("/v1/access-log").status_code == 401
    assert client.delete(f"/v1/reports/{report_id}", headers=admin).status_code == 204
    assert len(client.get("/v1/access-log", headers=admin, params={"report_id": report_id}).json()) == 3  # kept


def _stored_report_and_admin(store: Store) -> tuple[Report, User]:
    """A stored report of the sample analysis, and an admin who may read it."""
    _tree(store)
    analysis, document, _ = _analysed()
    report = store.save_report(unit_id=store.units()[0].id, year=2022, analysis=analysis, document=document,
                               submitted_by=None)  # fmt: skip
    return report, store.add_user("a", "long enough", Role.ADMIN)


def test_access_log_rows_past_the_kept_days_are_pruned_and_six_months_are_the_least(store: Store) -> None:
    report, reader = _stored_report_and_admin(store)
    for _ in range(3):
        store.report(report.id, None, read=Read(reader, "api.json"))
    oldest, middle, _newest = sorted(r.id for r in store.access_log())
    with store.session() as s:
        s.execute(update(AccessRecord).where(AccessRecord.id == oldest).values(at=utcnow() - timedelta(days=400)))
        s.execute(update(AccessRecord).where(AccessRecord.id == middle).values(at=utcnow() - timedelta(days=200)))
    assert store.prune_access_log(365) == 1
    assert middle in {r.id for r in store.access_log()} and oldest not in {r.id for r in store.access_log()}
    assert store.prune_access_log(180) == 1 and len(store.access_log()) == 1
    with pytest.raises(ValueError, match="180"):
        Settings(access_log_days=90)


def test_the_service_prunes_the_access_log_when_it_starts(sqlite_url: str, tmp_path: Path) -> None:
    app = _app(sqlite_url, tmp_path, access_log_days=180)
    with TestClient(app) as client:
        report_id = _submit(client, "sec11")
        assert client.get(f"/v1/reports/{report_id}", headers=_auth(client, "rev1")).status_code == 200
    store = Store.open(sqlite_url)
    with store.session() as s:
        s.execute(update(AccessRecord).values(at=utcnow() - timedelta(days=181)))
    settings = Settings(data_dir=tmp_path / "data", database_url=sqlite_url, analysis_workers=0, access_log_days=180)
    with TestClient(create_app(settings)):
        assert store.access_log() == []


def test_admins_disable_enable_and_revoke_users_through_the_api(client: TestClient) -> None:
    admin, user_token = _auth(client, "admin"), _auth(client, "sec11")
    listed = client.get("/v1/users", headers=admin)
    assert listed.status_code == 200
    by_name = {u["username"]: u for u in listed.json()}
    assert by_name["sec11"]["active"] is True and by_name["sec11"]["role"] == "secretary"
    assert by_name["admin"]["unit"] is None and by_name["sec11"]["unit"]
    changed = client.post("/v1/users/sec11/deactivate", headers=admin)
    assert changed.status_code == 200 and changed.json() == {"username": "sec11", "active": False, "revoked": 1}
    assert client.get("/v1/reports", headers=user_token).status_code == 401  # the token stopped at once
    assert _token_for(client, "sec11") == 401  # and no new one
    assert client.post("/v1/users/sec11/activate", headers=admin).json()["active"] is True
    assert client.get("/v1/reports", headers=user_token).status_code == 401  # old credentials stay revoked
    fresh = _new_token(client, "sec11")
    revoked = client.post("/v1/users/sec11/revoke", headers=admin).json()
    assert revoked == {"username": "sec11", "active": True, "revoked": 1}
    assert client.get("/v1/reports", headers=fresh).status_code == 401 and _token_for(client, "sec11") == 200
    own = client.post("/v1/users/admin/deactivate", headers=admin)
    assert own.status_code == 409 and own.json()["code"] == "users.self"
    missing = client.post("/v1/users/nobody/deactivate", headers=admin)
    assert missing.status_code == 404 and missing.json()["code"] == "users.not_found"
    for path in ("/v1/users", "/v1/users/sec12/deactivate"):
        call = client.get if path == "/v1/users" else client.post
        assert call(path, headers=_auth(client, "rev1")).status_code == 403
    assert client.get("/v1/users").status_code == 401


def test_a_read_that_cannot_be_logged_is_not_served(store: Store) -> None:
    report, reader = _stored_report_and_admin(store)
    with store.engine.begin() as connection:  # the database refuses every row of the access log
        if store.engine.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            connection.exec_driver_sql("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                                       "$$ BEGIN RAISE EXCEPTION 'refused'; END $$")  # fmt: skip
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    assert store.report(report.id, None) is not None  # a look without a read (the checks of a write)
    with pytest.raises(DBAPIError, match="refused"):
        store.report(report.id, None, read=Read(reader, "api.json"))


def test_the_admins_page_shows_the_reads_of_the_page(sqlite_url: str, tmp_path: Path) -> None:
    with TestClient(_app(sqlite_url, tmp_path), follow_redirects=False) as browser:
        _login(browser, "sec11")
        report_id = _check(browser, "2022年度<script>x</script>.txt")
        assert browser.get("/reports").status_code == 200  # the table: not logged
        assert 'href="/admin/access-log"' not in browser.get(f"/reports/{report_id}").text
        assert browser.get("/admin/access-log").status_code == 403
        browser.cookies.clear()
        assert browser.get("/admin/access-log").headers["location"] == "/login?next=/admin/access-log"
        _login(browser, "admin")
        assert browser.get(f"/reports/{report_id}").status_code == 404  # a draft: not the admin's, not a read
        page = browser.get("/admin/access-log")
        assert page.status_code == 200 and 'href="/admin/access-log"' in page.text
        rows = page.text.split('<table class="reports" id="access-log">')[1]
        assert rows.count("<tr>") == 2 and "sec11" in rows and "网页查看" in rows  # a header and one read
        assert "&lt;script&gt;x&lt;/script&gt;" in rows and "<script>x" not in rows
        assert f'href="/reports/{report_id}"' in rows
        assert "没有符合条件的访问记录" in browser.get("/admin/access-log", params={"who": "rev1"}).text
        assert "sec11" in browser.get("/admin/access-log", params={"report": str(report_id), "limit": "50"}).text
        assert browser.get("/admin/access-log", params={"report": "x", "limit": "-1"}).status_code == 200


def test_admins_disable_enable_and_sign_out_users_on_the_page(sqlite_url: str, tmp_path: Path) -> None:
    with TestClient(_app(sqlite_url, tmp_path), follow_redirects=False) as browser:
        user_token = _new_token(browser, "sec11")
        _login(browser, "rev1")
        assert 'href="/admin/users"' not in browser.get("/reports").text
        assert browser.get("/admin/users").status_code == 403
        browser.cookies.clear()
        _login(browser, "admin")
        page = browser.get("/admin/users")
        assert page.status_code == 200 and 'href="/admin/users"' in page.text
        rows = page.text.split('<table class="reports" id="users">')[1]
        assert "sec11" in rows and "支部书记" in rows and "/admin/users/admin/deactivate" not in rows  # not oneself
        token = TOKEN.search(page.text).group(1)
        assert browser.post("/admin/users/sec11/deactivate").status_code == 403  # no CSRF token
        done = browser.post("/admin/users/sec11/deactivate", data={"csrf_token": token})
        assert done.status_code == 303 and done.headers["location"] == "/admin/users?done=deactivate&name=sec11"
        assert browser.get("/v1/reports", headers=user_token).status_code == 401
        shown = browser.get(done.headers["location"]).text
        assert "已停用 sec11" in shown and 'class="inactive"' in shown and "/admin/users/sec11/activate" in shown
        assert browser.post("/admin/users/sec11/activate", data={"csrf_token": token}).status_code == 303
        fresh = _new_token(browser, "sec11")
        assert browser.post("/admin/users/sec11/revoke", data={"csrf_token": token}).status_code == 303
        assert browser.get("/v1/reports", headers=fresh).status_code == 401
        assert browser.post("/admin/users/admin/deactivate", data={"csrf_token": token}).status_code == 409
        assert browser.post("/admin/users/nobody/activate", data={"csrf_token": token}).status_code == 404
        assert browser.post("/admin/users/sec11/delete", data={"csrf_token": token}).status_code == 404
        escaped = browser.get("/admin/users", params={"done": "revoke", "name": "<b>x</b>"}).text
        assert "&lt;b&gt;x&lt;/b&gt;" in escaped and "<b>x</b>" not in escaped


# -- cookies and CSRF -----------------------------------------------------------------------------------------


def test_cookies_are_secure_behind_a_tls_proxy_when_configured(sqlite_url: str, tmp_path: Path) -> None:
    with TestClient(_app(sqlite_url, tmp_path, secure_cookies=True), follow_redirects=False) as client:
        form = client.get("/login")  # over http, as a proxy that ends TLS forwards it
        [seed] = form.headers.get_list("set-cookie")
        assert "; secure" in seed.lower()
        # the client keeps Secure cookies for https only: hand the seed back as the browser behind TLS would
        login = {"username": "rev1", "password": PASSWORD, "csrf_token": TOKEN.search(form.text).group(1)}
        response = client.post("/login", data=login, headers={"Cookie": seed.split(";")[0]})
        cookies = response.headers.get_list("set-cookie")
        assert response.status_code == 303 and len(cookies) == 2
        assert all("; secure" in c.lower() and "httponly" in c.lower() for c in cookies)


def _routes(routes: list) -> Iterator[object]:
    """Every route of the app, through included routers (FastAPI keeps them nested, none of them prefixed)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _routes(inner.routes) if inner is not None else [route]


def test_every_form_post_of_the_page_needs_the_csrf_token(sqlite_url: str, tmp_path: Path) -> None:
    app = _app(sqlite_url, tmp_path)
    posts = [r.path for r in _routes(app.routes) if isinstance(r, APIRoute) and "POST" in r.methods
             and not r.path.startswith("/v1/")]  # fmt: skip
    assert {"/login", "/logout", "/check", "/reports/{report_id}/reviews"} <= set(posts)
    with TestClient(app, follow_redirects=False) as browser:
        _login(browser, "admin")
        for path in posts:
            refused = browser.post(path.replace("{report_id}", "1"), data={"grade": "好"})
            assert refused.status_code == 403 and "请求被拒绝" in refused.text, path
        assert browser.get("/reports").status_code == 200  # still logged in


def test_a_cookie_carried_api_write_from_another_site_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    with TestClient(_app(sqlite_url, tmp_path), follow_redirects=False) as browser:
        _login(browser, "sec11")
        for site in ("cross-site", "same-site"):
            refused = browser.post("/v1/reports", files={"file": ("r.txt", REPORT)}, headers={"Sec-Fetch-Site": site})
            assert refused.status_code == 403 and refused.json()["code"] == "auth.cross_site"
        assert browser.get("/v1/reports", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
        own = browser.post("/v1/reports", files={"file": ("r.txt", REPORT)}, headers={"Sec-Fetch-Site": "same-origin"})
        assert own.status_code == 201
        token = _auth(browser, "sec11")  # a script's token is not a browser's cookie: no such check
        assert browser.post("/v1/reports", files={"file": ("r.txt", REPORT)},
                            headers={**token, "Sec-Fetch-Site": "cross-site"}).status_code == 201  # fmt: skip


# -- transactional writes -------------------------------------------------------------------------------------


def _files(store: Store) -> list[str]:
    return sorted(p.name for p in store.files_dir.iterdir()) if store.files_dir.exists() else []


def test_a_row_refused_at_flush_leaves_no_report_and_no_file(store: Store) -> None:
    analysis, document, data = _analysed()
    with pytest.raises(IntegrityError):  # no such unit: a foreign key the database enforces
        store.save_report(unit_id=424242, year=2022, analysis=analysis, document=document, submitted_by=None,
                          original=data)  # fmt: skip
    assert store.reports(None) == [] and _files(store) == []


def test_a_row_refused_at_commit_leaves_no_report_and_no_kept_file(store: Store) -> None:
    """The file is written before the commit; the database refuses the row only then (a deferred foreign key)."""
    if store.engine.dialect.name == "sqlite":
        event.listen(store.engine, "begin", lambda conn: conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON"))
    else:
        [fk] = [f["name"] for f in inspect(store.engine).get_foreign_keys("reports") if f["referred_table"] == "units"]
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"ALTER TABLE reports ALTER CONSTRAINT {fk} DEFERRABLE INITIALLY DEFERRED")
    analysis, document, data = _analysed()
    with pytest.raises(IntegrityError):
        store.save_report(unit_id=424242, year=2022, analysis=analysis, document=document, submitted_by=None,
                          original=data)  # fmt: skip
    assert store.files_dir.is_dir()  # the write happened (it made the folder) ...
    assert _files(store) == [] and store.reports(None) == []  # ... and was undone with the row


def test_an_unwritable_files_folder_leaves_no_report(store: Store, tmp_path: Path) -> None:
    _tree(store)
    analysis, document, data = _analysed()
    store.files_dir = tmp_path / "files-blocked"
    store.files_dir.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        store.save_report(unit_id=store.units()[0].id, year=2022, analysis=analysis, document=document,
                          submitted_by=None, original=data)  # fmt: skip
    assert store.reports(None) == [] and list(tmp_path.glob("files-blocked*")) == [store.files_dir]


def test_a_failed_analysis_stores_nothing(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/v1/reports", headers=_auth(client, "sec11"),
                           files={"file": ("2022年度述职报告.docx", b"PK\x03\x04broken")})  # fmt: skip
    assert response.status_code == 422 and response.json()["code"].startswith("input.")
    assert client.get("/v1/reports", headers=_auth(client, "admin")).json() == []
    files = tmp_path / "data" / "files"
    assert not files.exists() or list(files.iterdir()) == []


def test_reports_of_the_same_file_keep_their_own_file(store: Store) -> None:
    _tree(store)
    analysis, document, data = _analysed()
    unit = store.units()[0].id
    one, two = (store.save_report(unit_id=unit, year=2022, analysis=analysis, document=document,
                                  submitted_by=None, original=data) for _ in range(2))  # fmt: skip
    assert one.file_path != two.file_path and len(_files(store)) == 2
    store.delete_report(one.id)
    assert Path(two.file_path).read_bytes() == data and _files(store) == [Path(two.file_path).name]
    legacy = store.save_report(unit_id=unit, year=2022, analysis=analysis, document=document, submitted_by=None)
    with store.session() as s:  # a file shared by two reports, as stored before: kept until the last goes
        s.execute(update(Report).where(Report.id == legacy.id).values(file_path=two.file_path))
    store.delete_report(two.id)
    assert Path(two.file_path).exists()
    store.delete_report(legacy.id)
    assert _files(store) == []


def test_files_no_report_names_are_swept_once_old(store: Store) -> None:
    _tree(store)
    analysis, document, data = _analysed()
    kept = Path(store.save_report(unit_id=store.units()[0].id, year=2022, analysis=analysis, document=document,
                                  submitted_by=None, original=data).file_path)  # fmt: skip
    orphan = store.files_dir / f"{'a' * 16}-{'b' * 16}.docx"
    partial = store.files_dir / f"{'c' * 16}-{'d' * 16}.pdf.part"
    young = store.files_dir / f"{'e' * 16}-{'f' * 16}.txt"
    foreign = store.files_dir / "README.md"
    for path in (orphan, partial, young, foreign):
        path.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    for path in (kept, orphan, partial, foreign):
        os.utime(path, (two_hours_ago, two_hours_ago))
    assert store.remove_orphan_files() == 2
    assert _files(store) == sorted([kept.name, young.name, foreign.name])
