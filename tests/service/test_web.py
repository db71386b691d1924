"""The page on a real SQLite database: login and cookies, CSRF, redirects by role, upload to draft, who sees
what, the reviewers' table, grading and escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import Settings
from tests.service.test_api import PASSWORD, REPORT, seed_people

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "samples" / "teacher-branch-2022.docx"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _app(tmp_path: Path, **settings: object) -> FastAPI:
    url = f"sqlite:///{tmp_path / 'shuzhi.sqlite3'}"
    app = create_app(Settings(data_dir=tmp_path / "data", database_url=url, analysis_workers=0, **settings))
    seed_people(url)
    return app


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return _app(tmp_path, keep_files=True)


@pytest.fixture
def browser(app: FastAPI) -> Iterator[TestClient]:
    """One browser: a cookie jar, redirects not followed unless asked."""
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def other(app: FastAPI, browser: TestClient) -> Iterator[TestClient]:
    """A second browser on the same running app (started by ``browser``)."""
    client = TestClient(app, follow_redirects=False)
    yield client
    client.close()


def _token(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return TOKEN.search(page.text).group(1)


def _login(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    form = {"username": username, "password": password, "csrf_token": _token(client)}
    return client.post("/login", data=form)


def _check(client: TestClient, name: str = "2022年度述职报告.txt", data: bytes = REPORT, **form: str) -> int:
    """Upload on /check; the id of the stored draft."""
    response = client.post(
        "/check", data={"csrf_token": _token(client, "/check"), **form}, files={"file": (name, data)}
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _submit(client: TestClient, report_id: int) -> None:
    token = _token(client, f"/reports/{report_id}")
    response = client.post(f"/reports/{report_id}/submit", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"].endswith("?done=submitted")


def test_login_sets_a_session_cookie_with_its_flags(browser: TestClient) -> None:
    response = _login(browser, "sec11")
    assert response.status_code == 303 and response.headers["location"] == "/check"
    cookies = response.headers.get_list("set-cookie")
    [session] = [c for c in cookies if c.startswith("shuzhi_session=")]
    flags = {part.strip().lower() for part in session.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/", "max-age=43200"} <= flags and "secure" not in flags
    [seed] = [c for c in cookies if c.startswith("shuzhi_csrf=")]
    assert "samesite=strict" in seed.lower() and "httponly" in seed.lower()
    assert browser.get("/check").status_code == 200


def test_the_cookies_are_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        assert "; secure" in client.get("/login").headers["set-cookie"].lower()
        cookies = _login(client, "rev1").headers.get_list("set-cookie")
    assert all("; secure" in c.lower() for c in cookies) and len(cookies) == 2


def test_a_wrong_password_and_an_unknown_user_look_the_same(browser: TestClient) -> None:
    wrong = _login(browser, "sec11", "not the password")
    unknown = _login(browser, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert wrong.text.replace("sec11", "nobody") == unknown.text
    assert "shuzhi_session" not in browser.cookies and browser.get("/").headers["location"] == "/login"


def test_a_post_without_the_matching_token_is_refused(browser: TestClient, other: TestClient) -> None:
    form = {"username": "sec11", "password": PASSWORD}
    assert browser.post("/login", data=form).status_code == 403  # no token, no cookie
    _token(browser)
    assert browser.post("/login", data={**form, "csrf_token": "forged"}).status_code == 403
    # another browser's token does not fit this browser's cookies
    assert browser.post("/login", data={**form, "csrf_token": _token(other)}).status_code == 403
    refused = browser.post("/login", data={**form, "csrf_token": _token(browser)},
                           headers={"Sec-Fetch-Site": "cross-site"})  # fmt: skip
    assert refused.status_code == 403 and "请求被拒绝" in refused.text
    assert _login(browser, "sec11").status_code == 303
    for path in ("/check", "/logout", "/reports/1/submit", "/reports/1/reviews"):
        assert browser.post(path, data={"grade": "好"}).status_code == 403, path
    assert browser.get("/check").status_code == 200  # still logged in: a refused POST changes nothing


def test_a_token_from_before_login_does_not_work_after(browser: TestClient) -> None:
    before = _token(browser)
    _login(browser, "sec11")
    assert browser.post("/logout", data={"csrf_token": before}).status_code == 403
    assert browser.post("/logout", data={"csrf_token": _token(browser, "/check")}).status_code == 303


def test_home_and_pages_redirect_by_role(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/").headers["location"] == "/login"
        assert client.get("/reports?year=2022").headers["location"] == "/login?next=/reports%3Fyear%3D2022"
        for user, home in (("sec11", "/check"), ("rev1", "/reports"), ("admin", "/reports")):
            client.cookies.clear()
            assert _login(client, user).headers["location"] == home
            assert client.get("/").headers["location"] == home
            assert client.get("/login").headers["location"] == home


def test_login_goes_back_to_a_local_page_only(browser: TestClient) -> None:
    for target, expected in (("/reports?year=2022", "/reports?year=2022"), ("//evil.example/x", "/check"),
                             ("https://evil.example/", "/check"), ("/\\evil.example", "/check")):  # fmt: skip
        browser.cookies.clear()
        form = {"username": "sec11", "password": PASSWORD, "next": target, "csrf_token": _token(browser)}
        assert browser.post("/login", data=form).headers["location"] == expected, target


def test_logout_revokes_the_session(browser: TestClient) -> None:
    _login(browser, "sec11")
    secret = browser.cookies["shuzhi_session"]
    response = browser.post("/logout", data={"csrf_token": _token(browser, "/check")})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    browser.cookies.set("shuzhi_session", secret)  # the old cookie, kept by a thief
    assert browser.get("/check").headers["location"] == "/login?next=/check"
    assert browser.get("/v1/reports").status_code == 401


def test_upload_makes_a_draft_whose_view_shows_the_findings(browser: TestClient) -> None:
    _login(browser, "sec11")
    form = browser.get("/check").text
    assert 'id="dropzone"' in form and 'value="sztu-2022"' in form and 'name="unit"' not in form
    report_id = _check(browser, SAMPLE.name, SAMPLE.read_bytes(), profile="sztu-2022")
    view = browser.get(f"/reports/{report_id}")
    assert view.status_code == 200 and view.headers["content-security-policy"].startswith("default-src 'self'")
    page = view.text
    assert "草稿" in page and 'id="submit-draft"' in page and f"/v1/reports/{report_id}/annotated.docx" in page
    assert '<mark id="f-' in page and "建议：" in page and 'class="vague"' in page and 'class="dp"' in page
    assert "问题清单" in page and "警告（" in page and "主要工作进展成效" in page and "字数" in page
    assert 'id="grade"' not in page  # a secretary does not grade
    docx = browser.get(f"/v1/reports/{report_id}/annotated.docx")  # the page's download link, with the cookie
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    _submit(browser, report_id)
    page = browser.get(f"/reports/{report_id}?done=submitted").text
    assert "已提交：审阅人现在可以看到这份报告" in page and 'id="submit-draft"' not in page


def test_an_input_error_is_shown_on_the_form(browser: TestClient) -> None:
    _login(browser, "sec11")
    token = _token(browser, "/check")
    for files, data, message in (
        ({"file": ("空.txt", b"")}, {}, "文件"),
        ({"file": ("报告.docx", b"PK\x03\x04broken")}, {}, ".docx"),
        ({"file": ("报告.txt", REPORT)}, {"profile": "/etc/passwd.yaml"}, "请从列表中选择述职要求"),
        ({"file": ("报告.txt", REPORT)}, {"year": "明年"}, "年度应为"),
        ({"file": ("报告.txt", REPORT)}, {"year": "②"}, "年度应为"),  # (a digit to str.isdigit, none to int)
        ({"file": ("", b"")}, {}, "请把报告文件拖到虚线框内"),
    ):
        response = browser.post("/check", data={"csrf_token": token, **data}, files=files)
        assert response.status_code == 422 and 'class="error"' in response.text, files
        assert message in response.text and "Traceback" not in response.text, files
    assert "没有符合条件的报告" in browser.get("/reports").text  # nothing stored


def test_filters_that_are_no_numbers_are_ignored_on_the_access_log(browser: TestClient) -> None:
    _login(browser, "admin")
    for params in ({"report": "②", "limit": "①"}, {"report": "x", "limit": "²"}):  # (digits to str.isdigit only)
        assert browser.get("/admin/access-log", params=params).status_code == 200, params


def test_another_branchs_secretary_and_reviewer_get_404(browser: TestClient, other: TestClient) -> None:
    _login(browser, "sec11")
    report_id = _check(browser)
    _login(other, "rev1")
    assert other.get(f"/reports/{report_id}").status_code == 404  # a draft: not even its reviewer yet
    _submit(browser, report_id)
    assert other.get(f"/reports/{report_id}").status_code == 200
    for user in ("sec12", "sec21", "rev2"):
        other.cookies.clear()
        _login(other, user)
        response = other.get(f"/reports/{report_id}")
        assert response.status_code == 404 and "主题党日" not in response.text, user
        assert "不存在" in response.text
        token = _token(other, "/reports")
        assert other.post(f"/reports/{report_id}/submit", data={"csrf_token": token}).status_code == 404
    assert other.get("/reports/99999").status_code == 404


def test_the_reviewers_table_lists_only_their_branches(browser: TestClient, other: TestClient) -> None:
    _login(browser, "sec11")
    mine = _check(browser, "计算机学院本科生第一党支部2022年度述职报告.txt")
    _submit(browser, mine)
    _login(other, "sec21")
    _submit(other, _check(other, "机电学院教工党支部2022年度述职报告.txt"))
    other.cookies.clear()
    _login(other, "rev1")
    table = other.get("/reports").text
    assert "计算机学院本科生第一党支部2022年度述职报告.txt" in table and "机电学院" not in table
    assert f'href="/reports/{mine}"' in table and "已提交" in table
    assert table.count("<tr>") == 2 and 'value="B21"' not in table
    assert f'href="/reports/{mine}"' in other.get("/reports", params={"year": "2022", "unit": "B11"}).text
    assert "没有符合条件的报告" in other.get("/reports", params={"year": "2021"}).text
    assert "没有符合条件的报告" in other.get("/reports", params={"unit": "C2"}).text
    assert f'href="/reports/{mine}"' in other.get("/reports", params={"year": "²"}).text  # (no year: ignored)
    own = browser.get("/reports").text  # a secretary sees their own branch's
    assert f'href="/reports/{mine}"' in own and "机电学院" not in own


def test_the_grade_form_stores_a_review(browser: TestClient, other: TestClient) -> None:
    _login(browser, "sec11")
    report_id = _check(browser)
    assert browser.post(f"/reports/{report_id}/reviews",
                        data={"csrf_token": _token(browser, "/check"), "grade": "好"}).status_code == 403  # fmt: skip
    _submit(browser, report_id)
    _login(other, "rev1")
    page = other.get(f"/reports/{report_id}").text
    assert 'id="grade"' in page and "尚未评定" in page and 'id="submit-draft"' not in page
    token = TOKEN.search(page).group(1)
    bad = other.post(f"/reports/{report_id}/reviews", data={"csrf_token": token, "grade": "优"})
    assert bad.status_code == 422 and "请选择等次" in bad.text
    form = {"csrf_token": token, "grade": "较好", "comment": "数据翔实，问题剖析还可更深。"}
    response = other.post(f"/reports/{report_id}/reviews", data=form)
    assert response.status_code == 303 and response.headers["location"].endswith("?done=reviewed")
    page = other.get(response.headers["location"]).text
    assert "评定已保存" in page and '<strong class="grade">较好</strong>' in page and "问题剖析还可更深" in page
    [row] = other.get("/v1/reports", params={"status": "reviewed"}).json()
    assert row["grade"] == "较好" and row["id"] == report_id
    assert "<td>较好</td>" in other.get("/reports").text


def test_everything_shown_is_escaped(browser: TestClient, other: TestClient) -> None:
    script = "<script>alert(1)</script>"
    text = REPORT.decode().replace("支部全年开展", f"支部全年{script}开展") + f"附：{script}\n"
    _login(browser, "sec11")
    report_id = _check(browser, f"2022年度{script}.txt", text.encode())
    _submit(browser, report_id)
    _login(other, "rev1")
    token = _token(other, f"/reports/{report_id}")
    other.post(f"/reports/{report_id}/reviews", data={"csrf_token": token, "grade": "差", "comment": script})
    for client, path in ((other, f"/reports/{report_id}"), (other, "/reports"), (browser, "/reports")):
        page = client.get(path).text
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
    browser.cookies.clear()
    login = browser.get("/login?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert" not in login.text and "&#34;&gt;&lt;script&gt;" in login.text
    failed = _login(browser, '"><script>alert(1)</script>', "wrong password")
    assert "<script>alert" not in failed.text and "&lt;script&gt;" in failed.text


def test_a_reviewer_checks_a_report_for_one_of_their_branches(browser: TestClient) -> None:
    _login(browser, "rev1")
    form = browser.get("/check").text
    assert 'value="B11"' in form and 'value="B12"' in form and 'value="B21"' not in form and 'value="C1"' not in form
    token = TOKEN.search(form).group(1)
    refused = browser.post("/check", data={"csrf_token": token, "unit": "B21"}, files={"file": ("r.txt", REPORT)})
    assert refused.status_code == 422 and "不在您的管理范围内" in refused.text
    report_id = _check(browser, unit="B12")
    page = browser.get(f"/reports/{report_id}").text
    assert "计算机学院教工党支部" in page and 'id="submit-draft"' in page and 'id="grade"' not in page  # a draft first
