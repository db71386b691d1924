"""Audits started from the service (``/v1/audits`` and the audit page), on a real database: a .zip of real files
with a broken one among them, stored reports by id and by year, who may start and see what, a job left running
by a stopped service, and the workbook and the page that come out."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.api import create_app
from service.settings import Settings
from service.store import AuditJob, Store
from tests.service.test_api import PASSWORD, REPORT, _auth, _submit, seed_people

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
COPY = REPORT.replace("发展党员2名".encode(), "发展党员3名".encode())  # a near-copy of REPORT


def _app(database_url: str, tmp_path: Path) -> FastAPI:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, analysis_workers=0, audit_workers=0)
    app = create_app(settings)
    return app


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = _app(database_url, tmp_path)
    seed_people(database_url)
    with TestClient(app) as test_client:
        yield test_client


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BATCH = {
    "计算机学院党委/本科生第一党支部/2022年度述职报告.txt": REPORT,
    "计算机学院党委/教工党支部/2022年度述职报告.txt": COPY,
    "机电学院党委/教工党支部/teacher-branch-2022.docx": (SAMPLES / "teacher-branch-2022.docx").read_bytes(),
    "机电学院党委/学生党支部/损坏的报告.docx": b"PK\x03\x04 this is not a Word file",
}


def _wait(client: TestClient, headers: dict[str, str], location: str) -> dict:
    """Poll the job until it ends (it runs on a thread of the app); fail if it never does."""
    for _ in range(600):
        body = client.get(location, headers=headers).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"the audit did not finish: {body}")


def _start_zip(client: TestClient, user: str, members: dict[str, bytes], **form: str) -> dict:
    response = client.post(
        "/v1/audits", headers=_auth(client, user), data=form, files={"file": ("2022.zip", _zip(members))}
    )
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/v1/audits/{response.json()['id']}"
    return response.json()


def test_a_zip_audit_has_one_row_per_file_and_the_same_audit_as_a_page(client: TestClient) -> None:
    started = _start_zip(client, "rev1", BATCH, profile="sztu-2022", year="2022")
    assert started["total"] == 4 and started["status"] in ("queued", "running", "done")
    finished = _wait(client, _auth(client, "rev1"), started["links"]["self"])
    assert finished["status"] == "done" and finished["done"] == 4 and finished["errors"] == 1

    response = client.get(finished["links"]["workbook"], headers=_auth(client, "rev1"))
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook["总表"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    names = [row[header.index("文件")] for row in body]
    assert sorted(names) == sorted(Path(name).name for name in BATCH)
    broken = next(row for row in body if row[header.index("文件")] == "损坏的报告.docx")
    assert any(isinstance(cell, str) and "input." in cell for cell in broken)  # its error code is on its row
    similar = list(workbook["相似报告"].iter_rows(values_only=True))
    assert len(similar) == 2  # the header and the one near-copy pair
    units = {row[header.index("单位")] for row in body}
    assert units == {"计算机学院党委", "机电学院党委"}  # from the folders inside the zip

    # the same audit as a page, for a reviewer logged in to the page
    client.cookies.clear()
    login = client.get("/login")
    client.post("/login", data={"username": "rev1", "password": PASSWORD,
                                "csrf_token": TOKEN.search(login.text).group(1)})  # fmt: skip
    page = client.get(finished["links"]["page"])
    assert page.status_code == 200
    for expected in ("统计", "字数分布", "各单位平均模糊句占比", "相似报告", "损坏的报告.docx", "audit.xlsx"):
        assert expected in page.text
    only_high = client.get(finished["links"]["page"], params={"attention": "高"}).text
    assert "损坏的报告.docx" in only_high  # a file that could not be read needs attention first


def test_only_admins_and_reviewers_of_the_unit_start_and_see_audits(client: TestClient) -> None:
    refused = client.post("/v1/audits", headers=_auth(client, "sec11"), files={"file": ("a.zip", _zip(BATCH))})
    assert refused.status_code == 403 and refused.json()["code"] == "auth.forbidden"
    started = _start_zip(client, "rev1", {"a/b/2022年度述职报告.txt": REPORT})
    _wait(client, _auth(client, "rev1"), started["links"]["self"])
    for outsider in ("rev2", "sec11"):
        seen = client.get(started["links"]["self"], headers=_auth(client, outsider))
        assert seen.status_code in (403, 404)
        workbook = client.get(started["links"]["workbook"], headers=_auth(client, outsider))
        assert workbook.status_code in (403, 404) and XLSX not in workbook.headers.get("content-type", "")
    assert client.get(started["links"]["self"], headers=_auth(client, "admin")).status_code == 200
    listed = client.get("/v1/audits", headers=_auth(client, "rev2")).json()
    assert started["id"] not in {job["id"] for job in listed}
    assert started["id"] in {job["id"] for job in client.get("/v1/audits", headers=_auth(client, "admin")).json()}


def test_stored_reports_are_audited_by_id_or_by_year_within_ones_units(client: TestClient) -> None:
    first, second = _submit(client, "sec11"), _submit(client, "sec12")
    other_unit = _submit(client, "sec21")
    review = client.post(f"/v1/reports/{first}/reviews", headers=_auth(client, "rev1"), json={"grade": "好"})
    assert review.status_code in (200, 201), review.text

    foreign = client.post("/v1/audits", headers=_auth(client, "rev1"), data={"report_ids": [first, other_unit]})
    assert foreign.status_code == 404 and foreign.json()["code"] == "report.not_found"

    by_id = client.post("/v1/audits", headers=_auth(client, "rev1"), data={"report_ids": [first, second]})
    assert by_id.status_code == 202, by_id.text
    finished = _wait(client, _auth(client, "rev1"), by_id.json()["links"]["self"])
    assert finished["status"] == "done" and finished["total"] == 2
    workbook = load_workbook(io.BytesIO(client.get(finished["links"]["workbook"], headers=_auth(client, "rev1"))
                                        .content), read_only=True)  # fmt: skip
    rows = list(workbook["总表"].iter_rows(values_only=True))
    header = rows[0]
    branches = {row[header.index("支部")] for row in rows[1:]}
    assert branches == {"计算机学院本科生第一党支部", "计算机学院教工党支部"}
    assert {row[header.index("单位")] for row in rows[1:]} == {"计算机学院党委"}
    stats = [row for row in workbook["统计"].iter_rows(values_only=True) if row and row[0] == "计算机学院党委"]
    assert len(stats) == 2  # the unit's row, and its row in the grades table (one 好 of one graded report)

    by_year = client.post("/v1/audits", headers=_auth(client, "admin"), data={"year": 2022})
    assert _wait(client, _auth(client, "admin"), by_year.json()["links"]["self"])["total"] == 3
    none_that_year = client.post("/v1/audits", headers=_auth(client, "admin"), data={"year": 2030})
    assert none_that_year.status_code == 422 and none_that_year.json()["code"] == "audit.empty"


@pytest.mark.parametrize(
    ("files", "data", "code"),
    [
        ({"file": ("a.zip", b"not a zip at all")}, {}, "audit.not_a_zip"),
        ({"file": ("a.zip", _zip({"计算机学院党委/": b""}))}, {}, "audit.empty"),  # a folder and no file
        ({"file": ("a.zip", _zip(BATCH)), "mapping": ("map.txt", b"file,unit")}, {}, "audit.mapping_format"),
        ({"file": ("a.zip", _zip(BATCH)), "mapping": ("map.csv", b"file,unit\n")}, {}, "audit.bad_input"),
        (None, {}, "audit.no_input"),
        (None, {"profile": "../etc/passwd", "year": 2022}, "profile.unknown"),
    ],
)
def test_an_audit_that_cannot_start_says_why_and_leaves_nothing(
    client: TestClient, tmp_path: Path, files: dict | None, data: dict, code: str
) -> None:
    response = client.post("/v1/audits", headers=_auth(client, "admin"), data=data, files=files)
    assert response.status_code == 422 and response.json()["code"] == code, response.text
    assert "data" not in response.json()["detail"]  # our folders are not named to the caller
    audits = tmp_path / "data" / "audits"
    assert not audits.exists() or not any(audits.iterdir())
    assert client.get("/v1/audits", headers=_auth(client, "admin")).json() == []


def test_the_workbook_of_an_unfinished_audit_is_a_conflict(client: TestClient, database_url: str) -> None:
    store = Store.open(database_url)
    with store.session() as s:
        s.add(AuditJob(id="f" * 32, unit_id=None, created_by=None, source="reports", report_ids=[],
                       profile_id="four-part", status="running", total=10, done=3, cached=0, errors=0, message=""))
    store.engine.dispose()
    response = client.get(f"/v1/audits/{'f' * 32}/audit.xlsx", headers=_auth(client, "admin"))
    assert response.status_code == 409 and response.json()["code"] == "audit.not_ready"
    assert "3/10" in response.json()["detail"]


def test_an_audit_left_running_by_a_stopped_service_finishes_at_the_next_start(
    database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)
    folder = tmp_path / "data" / "audits" / ("a" * 32)
    folder.mkdir(parents=True)
    (folder / "input.zip").write_bytes(_zip(BATCH))
    store = Store.open(database_url)
    with store.session() as s:
        s.add(AuditJob(id="a" * 32, unit_id=None, created_by=None, source="zip", report_ids=[],
                       profile_id="four-part", status="running", total=4, done=2, cached=0, errors=0, message=""))
    store.engine.dispose()
    with TestClient(_app(database_url, tmp_path)) as client:
        finished = _wait(client, _auth(client, "admin"), f"/v1/audits/{'a' * 32}")
    assert finished["status"] == "done" and finished["done"] == 4 and finished["errors"] == 1
    assert (folder / "audit.xlsx").is_file() and not (folder / "audit.xlsx.part").exists()


def test_the_audit_page_starts_an_audit_from_a_form(client: TestClient) -> None:
    login = client.get("/login")
    client.post("/login", data={"username": "admin", "password": PASSWORD,
                                "csrf_token": TOKEN.search(login.text).group(1)})  # fmt: skip
    form = client.get("/audits")
    assert form.status_code == 200 and 'id="audit-form"' in form.text
    token = TOKEN.search(form.text).group(1)
    without_token = client.post("/audits", files={"file": ("a.zip", _zip(BATCH))}, follow_redirects=False)
    assert without_token.status_code == 403
    nothing = client.post("/audits", data={"csrf_token": token}, follow_redirects=False)
    assert nothing.status_code == 422 and "压缩包" in nothing.text
    evil = {"计算机学院党委/<script>alert(1)</script>/2022年度述职报告.txt": REPORT}
    started = client.post("/audits", data={"csrf_token": token, "year": "2022"},
                          files={"file": ("a.zip", _zip(evil))}, follow_redirects=False)  # fmt: skip
    assert started.status_code == 303, started.text
    location = started.headers["location"]
    for _ in range(600):
        page = client.get(location)
        if "下载工作簿" in page.text:
            break
        assert 'http-equiv="refresh"' in page.text  # the progress page refreshes itself
        time.sleep(0.1)
    assert "下载工作簿" in page.text
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text
    assert client.get("/audits", headers={}).text.count(location.rsplit("/", 1)[1]) >= 1


def test_secretaries_do_not_see_the_audit_page(client: TestClient) -> None:
    login = client.get("/login")
    client.post("/login", data={"username": "sec11", "password": PASSWORD,
                                "csrf_token": TOKEN.search(login.text).group(1)})  # fmt: skip
    assert client.get("/audits").status_code == 403
    assert "批量审核" not in client.get("/reports").text
