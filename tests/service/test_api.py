"""The HTTP API on a real database (SQLite and PostgreSQL): analysis, reports, reviews and who may see what."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import Settings
from service.store import Role, Store

UNITS_CSV = """code,name,kind,parent_code
C1,计算机学院党委,committee,
B11,计算机学院本科生第一党支部,branch,C1
B12,计算机学院教工党支部,branch,C1
C2,机电学院党委,committee,
B21,机电学院教工党支部,branch,C2
"""
REPORT = (
    "2022年度党支部书记述职报告\n一、主要工作进展成效\n支部全年开展主题党日活动12次，发展党员2名，本人讲授党课3次。\n"
    "二、存在问题及整改措施\n一是理论学习结合专业不够，全年16次学习中只有2次结合专业。\n"
    "下一步由组织委员负责，2023年3月底前制定结合专业的学习计划。\n"
).encode()
PASSWORD = "long enough password"
USERS = {
    "sec11": (Role.SECRETARY, "B11"),
    "sec12": (Role.SECRETARY, "B12"),
    "sec21": (Role.SECRETARY, "B21"),
    "rev1": (Role.REVIEWER, "C1"),
    "rev2": (Role.REVIEWER, "C2"),
    "admin": (Role.ADMIN, None),
}


def seed_people(database_url: str) -> None:
    """The units of UNITS_CSV and every user of USERS (password PASSWORD) in the database at ``database_url``."""
    seed = Store.open(database_url)
    seed.import_units(UNITS_CSV)
    for name, (role, unit) in USERS.items():
        seed.add_user(name, PASSWORD, role, unit)
    seed.engine.dispose()


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, analysis_workers=0, keep_files=True)
    app = create_app(settings)
    seed_people(database_url)
    with TestClient(app) as test_client:
        yield test_client


def _auth(client: TestClient, username: str) -> dict[str, str]:
    """A token for ``username``, asked for once per client (argon2 is slow on purpose)."""
    tokens = client.__dict__.setdefault("tokens", {})
    if username not in tokens:
        response = client.post("/v1/auth/token", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        tokens[username] = {"Authorization": f"Bearer {response.json()['token']}"}
    return tokens[username]


def _submit(client: TestClient, username: str, unit: str | None = None, data: bytes = REPORT) -> int:
    form = {"unit": unit} if unit else {}
    response = client.post(
        "/v1/reports", headers=_auth(client, username), data=form, files={"file": ("2022年度述职报告.txt", data)}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_health_answers_without_credentials(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/profiles"),
        ("post", "/v1/analyze"),
        ("post", "/v1/reports"),
        ("get", "/v1/reports"),
        ("get", "/v1/reports/1"),
        ("delete", "/v1/reports/1"),
        ("post", "/v1/reports/1/reviews"),
        ("get", "/v1/reports/1/annotated.docx"),
        ("get", "/v1/reports/1/annotated.html"),
        ("delete", "/v1/auth/token"),
    ],
)
def test_every_endpoint_without_credentials_is_401_problem_json(client: TestClient, method: str, path: str) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "auth.required"


def test_a_wrong_password_or_token_is_401(client: TestClient) -> None:
    assert client.post("/v1/auth/token", json={"username": "sec11", "password": "wrong one!"}).status_code == 401
    assert client.get("/v1/reports", headers={"Authorization": "Bearer nonsense"}).json()["code"] == "auth.invalid"


def test_analyze_returns_the_report_json(client: TestClient) -> None:
    response = client.post("/v1/analyze", headers=_auth(client, "sec11"), files={"file": ("报告.txt", REPORT)})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["schema"] == "shuzhi.report/1" and report["stats"]["chars"] > 0
    assert [s["key"] for s in report["sections"]] == ["achievements", "problems"]


def test_analyze_answers_bad_input_with_its_code(client: TestClient) -> None:
    headers = _auth(client, "sec11")
    response = client.post("/v1/analyze", headers=headers, files={"file": ("报告.docx", b"PK\x03\x04broken")})
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["error"]["code"].startswith("input.")
    empty = client.post("/v1/analyze", headers=headers, files={"file": ("空.txt", b"")})
    assert empty.json()["code"] == "input.empty"
    unknown = client.post("/v1/analyze", headers=headers, data={"profile": "nope"}, files={"file": ("a.txt", REPORT)})
    assert unknown.status_code == 422 and unknown.json()["code"] == "profile.unknown"
    path = client.post("/v1/analyze", headers=headers, data={"profile": "/etc/hostname.yaml"},
                       files={"file": ("a.txt", REPORT)})  # fmt: skip
    assert path.json()["code"] == "profile.unknown" and "cannot be read" not in path.text


def test_analyze_with_last_years_report(client: TestClient) -> None:
    response = client.post(
        "/v1/analyze",
        headers=_auth(client, "sec11"),
        files={"file": ("2022.txt", REPORT), "previous": ("2021.txt", REPORT.replace(b"2022", b"2021"))},
    )
    assert response.json()["summary"]["previous_year_similarity"] > 0.9


def test_a_secretary_submits_for_their_own_branch_only(client: TestClient) -> None:
    report_id = _submit(client, "sec11")
    body = client.get(f"/v1/reports/{report_id}", headers=_auth(client, "sec11")).json()
    assert body["unit"]["code"] == "B11" and body["year"] == 2022 and body["analysis"]["schema"] == "shuzhi.report/1"
    response = client.post("/v1/reports", headers=_auth(client, "sec11"), data={"unit": "B21"},
                           files={"file": ("r.txt", REPORT)})  # fmt: skip
    assert response.status_code == 404


def test_who_sees_which_reports(client: TestClient) -> None:
    mine = _submit(client, "sec11")
    theirs = _submit(client, "sec21")

    def ids(user: str) -> set[int]:
        return {r["id"] for r in client.get("/v1/reports", headers=_auth(client, user)).json()}

    assert ids("sec11") == {mine} and ids("sec12") == set() and ids("rev1") == {mine}
    assert ids("rev2") == {theirs} and ids("admin") == {mine, theirs}
    for user, report_id in (("sec12", mine), ("rev2", mine), ("rev1", theirs), ("sec11", theirs)):
        for suffix in ("", "/annotated.html", "/annotated.docx"):
            response = client.get(f"/v1/reports/{report_id}{suffix}", headers=_auth(client, user))
            assert response.status_code == 404, (user, report_id, suffix)
            assert "主题党日" not in response.text


def test_a_reviewer_grades_a_report_a_secretary_may_not(client: TestClient) -> None:
    report_id = _submit(client, "sec11")
    body = {"grade": "较好", "comment": "数据翔实，问题剖析还可更深。"}
    assert client.post(f"/v1/reports/{report_id}/reviews", headers=_auth(client, "sec11"), json=body).status_code == 403
    response = client.post(f"/v1/reports/{report_id}/reviews", headers=_auth(client, "rev1"), json=body)
    assert response.status_code == 201 and response.json()["reviewer"] == "rev1"
    bad = client.post(f"/v1/reports/{report_id}/reviews", headers=_auth(client, "rev1"), json={"grade": "优"})
    assert bad.status_code == 422 and bad.json()["code"] == "review.invalid"
    [row] = client.get("/v1/reports", headers=_auth(client, "rev1"), params={"status": "reviewed"}).json()
    assert row["grade"] == "较好"


def test_only_the_submitter_or_an_admin_deletes_and_deletion_is_for_good(client: TestClient) -> None:
    report_id = _submit(client, "sec11")
    assert client.delete(f"/v1/reports/{report_id}", headers=_auth(client, "rev1")).status_code == 403
    assert client.delete(f"/v1/reports/{report_id}", headers=_auth(client, "sec12")).status_code == 404
    assert client.delete(f"/v1/reports/{report_id}", headers=_auth(client, "admin")).status_code == 204
    assert client.get(f"/v1/reports/{report_id}", headers=_auth(client, "admin")).status_code == 404


def test_filters_by_year_and_unit(client: TestClient) -> None:
    mine = _submit(client, "sec11")
    _submit(client, "sec21")
    headers = _auth(client, "admin")
    assert [r["id"] for r in client.get("/v1/reports", headers=headers, params={"unit": "C1"}).json()] == [mine]
    assert client.get("/v1/reports", headers=headers, params={"year": 2021}).json() == []


def test_a_revoked_token_stops_working(client: TestClient) -> None:
    headers = _auth(client, "sec11")
    assert client.delete("/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/v1/reports", headers=headers).status_code == 401


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/analyze", "/v1/reports", "/v1/reports/{report_id}", "/healthz"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_the_process_pool_analyses_off_the_event_loop(tmp_path: Path) -> None:
    """The production path: a worker process (warmed up at start) does the analysis."""
    settings = Settings(data_dir=tmp_path / "data", analysis_workers=1)
    seed_url = settings.database()
    app = create_app(settings)
    seed = Store.open(seed_url)
    seed.import_units(UNITS_CSV)
    seed.add_user("sec11", PASSWORD, Role.SECRETARY, "B11")
    seed.engine.dispose()
    with TestClient(app) as client:
        headers = _auth(client, "sec11")
        ok = client.post("/v1/analyze", headers=headers, files={"file": ("报告.txt", REPORT)})
        bad = client.post("/v1/analyze", headers=headers, files={"file": ("报告.pdf", b"%PDF-1.4 broken")})
    assert ok.status_code == 200 and ok.json()["stats"]["chars"] > 0
    assert bad.status_code == 422 and bad.json()["code"].startswith("input.")


def test_annotated_docx_and_html_of_a_stored_report(client: TestClient) -> None:
    import io

    import docx

    report_id = _submit(client, "sec11")
    headers = _auth(client, "rev1")
    findings = client.get(f"/v1/reports/{report_id}", headers=headers).json()["analysis"]["findings"]
    annotated = client.get(f"/v1/reports/{report_id}/annotated.docx", headers=headers)
    assert annotated.status_code == 200 and "filename*=UTF-8''" in annotated.headers["content-disposition"]
    comments = docx.Document(io.BytesIO(annotated.content)).comments
    assert len(list(comments)) == len(findings) > 0
    page = client.get(f"/v1/reports/{report_id}/annotated.html", headers=headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "主题党日活动" in page.text and "<mark" in page.text


def test_a_draft_is_seen_only_by_its_uploader_until_submitted(client: TestClient) -> None:
    response = client.post("/v1/reports", headers=_auth(client, "sec11"), data={"draft": "true"},
                           files={"file": ("2022年度述职报告.txt", REPORT)})  # fmt: skip
    assert response.status_code == 201 and response.json()["status"] == "draft"
    draft = response.json()["id"]
    assert client.get(f"/v1/reports/{draft}", headers=_auth(client, "rev1")).status_code == 404
    assert client.get("/v1/reports", headers=_auth(client, "admin")).json() == []
    assert client.get(f"/v1/reports/{draft}", headers=_auth(client, "sec11")).status_code == 200
    assert client.post(f"/v1/reports/{draft}/submit", headers=_auth(client, "rev1")).status_code == 404
    submitted = client.post(f"/v1/reports/{draft}/submit", headers=_auth(client, "sec11"))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert client.get(f"/v1/reports/{draft}", headers=_auth(client, "rev1")).status_code == 200
    assert client.post(f"/v1/reports/{draft}/submit", headers=_auth(client, "sec11")).status_code == 409


def test_no_report_text_reaches_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.DEBUG):
        report_id = _submit(client, "sec11")
        client.get(f"/v1/reports/{report_id}/annotated.html", headers=_auth(client, "sec11"))
        client.post("/v1/analyze", headers=_auth(client, "sec11"), files={"file": ("坏.docx", b"PK\x03\x04x")})
    assert caplog.records  # something was logged (the database, the server), just not the report
    assert "主题党日" not in caplog.text and "理论学习" not in caplog.text


def test_retention_deletes_old_reports_at_start(database_url: str, tmp_path: Path) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from service.store import Report, utcnow

    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, analysis_workers=0, retention_days=30)
    seed = Store.open(database_url)
    seed.import_units(UNITS_CSV)
    seed.add_user("sec11", PASSWORD, Role.SECRETARY, "B11")
    seed.engine.dispose()
    with TestClient(create_app(settings)) as first:
        old = _submit(first, "sec11")
        fresh = _submit(first, "sec11")
    aged = Store.open(database_url)
    with aged.session() as s:
        s.execute(update(Report).where(Report.id == old).values(submitted_at=utcnow() - timedelta(days=31)))
    aged.engine.dispose()
    with TestClient(create_app(settings)) as second:
        ids = {r["id"] for r in second.get("/v1/reports", headers=_auth(second, "sec11")).json()}
    assert ids == {fresh}


def test_branch_is_another_name_for_unit_in_submissions_and_filters(client: TestClient) -> None:
    response = client.post("/v1/reports", headers=_auth(client, "rev1"), data={"branch": "B12"},
                           files={"file": ("2022年度述职报告.txt", REPORT)})  # fmt: skip
    assert response.status_code == 201 and response.json()["unit"]["code"] == "B12"
    rows = client.get("/v1/reports", headers=_auth(client, "rev1"), params={"branch": "B12"}).json()
    assert [r["id"] for r in rows] == [response.json()["id"]]


@pytest.mark.parametrize("report_id", [0, 2**31, 10**20])
def test_an_id_no_database_column_holds_is_refused_not_a_server_error(client: TestClient, report_id: int) -> None:
    """schemathesis found these: SQLite cannot bind 10**20, PostgreSQL's INTEGER stops at 2**31 - 1."""
    response = client.get(f"/v1/reports/{report_id}", headers=_auth(client, "admin"))
    assert response.status_code == 422 and response.json()["code"] == "request.invalid", response.text
    audit = client.post("/v1/audits", headers=_auth(client, "admin"), data={"report_ids": [report_id]})
    assert audit.status_code == 404 and audit.json()["code"] == "report.not_found"
