"""Hostile names and text: an upload's or a zip member's name is never a path, and report text is inert
wherever it is shown (the web page, the HTML export, the workbook).

Complements ``test_web.py`` (``<script>`` in the pages), ``test_render_html.py`` (the renderer on its own),
``test_xlsx.py`` (hand-made outcomes in the workbook) and ``test_audit.py`` (a ``../`` member): here the
hostile input goes the whole way, from the upload or the archive through a real analysis.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from analyzers.readers.limits import ReadLimits
from service.api import create_app
from service.batch.audit import run_audit
from service.batch.engine import Job, LocalRunner, run
from service.batch.inputs import collect, read_item
from service.batch.model import AuditResult, Item
from service.render.xlsx import write_workbook
from service.settings import Settings
from service.store import Role, Store
from tests.fixtures.docx_builder import build_report_docx

PASSWORD = "long enough password"
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(1)</script>"
REPORT = (
    "2022年度党支部书记述职报告\n一、主要工作进展成效\n支部全年开展主题党日活动12次，发展党员2名，本人讲授党课3次。\n"
    f"支部全年{SCRIPT}开展学习{IMG}，成效明显。\n"
    "二、存在问题及整改措施\n一是理论学习结合专业不够，全年16次学习中只有2次结合专业。\n"
    "下一步由组织委员负责，2023年3月底前制定结合专业的学习计划。\n"
)
KEPT_NAME = re.compile(r"[0-9a-f]{16}-[0-9a-f]{16}\.(txt|docx|pdf)")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "srv" / "data"


@pytest.fixture
def client(tmp_path: Path, data_dir: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'shuzhi.sqlite3'}"
    app = create_app(Settings(data_dir=data_dir, database_url=url, analysis_workers=0, keep_files=True))
    seed = Store.open(url)
    seed.import_units("code,name,kind,parent_code\nC1,计算机学院党委,committee,\nB11,计算机学院第一党支部,branch,C1\n")
    seed.add_user("sec11", PASSWORD, Role.SECRETARY, "B11")
    seed.engine.dispose()
    with TestClient(app, follow_redirects=False) as test_client:
        token = test_client.post("/v1/auth/token", json={"username": "sec11", "password": PASSWORD}).json()["token"]
        test_client.headers["Authorization"] = f"Bearer {token}"
        yield test_client


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


HOSTILE_NAMES = [
    "../../etc/evil.docx",
    "..\\..\\evil.docx",
    "/etc/cron.d/evil.docx",
    "C:\\Windows\\evil.docx",
    "a\x00b.docx",
    "报告/../../../evil.docx",
    f"2022年度{IMG}.docx",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_an_upload_name_never_becomes_a_path(client: TestClient, data_dir: Path, tmp_path: Path, name: str) -> None:
    before = _files_under(tmp_path)
    docx = build_report_docx([("title", "2022年度党支部书记述职报告", 0), ("heading", "主要工作进展成效", 1),
                              ("paragraph", "支部全年开展主题党日活动12次。", 0)])  # fmt: skip
    response = client.post("/v1/reports", files={"file": (name, docx)})
    assert response.status_code == 201, response.text
    created = _files_under(tmp_path) - before
    kept = [p for p in created if p.parent == data_dir / "files"]
    assert len(kept) == 1 and KEPT_NAME.fullmatch(kept[0].name), created
    assert kept[0].read_bytes() == docx
    # nothing else but the database's own files, and nothing named after the upload anywhere
    assert all(p in kept or p.name.startswith("shuzhi.sqlite3") for p in created), created
    assert not [p for p in created if "evil" in p.name]
    assert not Path("/etc/cron.d/evil.docx").exists()
    report_id = response.json()["id"]
    annotated = client.get(f"/v1/reports/{report_id}/annotated.docx")
    assert annotated.status_code == 200
    disposition = annotated.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="annotated.docx"; filename*=UTF-8\'\'')
    # percent-encoded: no quote, semicolon, CR/LF or NUL can end the parameter or the header
    assert re.fullmatch(r"[A-Za-z0-9%._~/-]*", disposition.split("''", 1)[1]), disposition


def test_the_download_name_of_an_upload_named_as_a_path_has_no_slash(client: TestClient) -> None:
    """RFC 5987 allows no '/' in ``filename*``; browsers take the last segment, but the header is invalid."""
    docx = build_report_docx([("title", "2022年度党支部书记述职报告", 0), ("paragraph", "支部全年开展活动12次。", 0)])
    report_id = client.post("/v1/reports", files={"file": ("../../etc/evil.docx", docx)}).json()["id"]
    disposition = client.get(f"/v1/reports/{report_id}/annotated.docx").headers["content-disposition"]
    assert "/" not in disposition.split("''", 1)[1]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return path


def _audit(items: list[Item], tmp_path: Path) -> AuditResult:
    """The audit of ``items`` in this process, cached in an SQLite file under ``tmp_path``."""
    runner = LocalRunner(0)
    try:
        return run_audit(items, Job("four-part", ReadLimits()), Store.open(f"sqlite:///{tmp_path / 'a.sqlite3'}"),
                         runner)  # fmt: skip
    finally:
        runner.close()


def test_audit_zip_members_named_as_paths_write_nothing_by_name(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    members = {
        "../evil-up.txt": REPORT.encode(),
        "../../evil-up2.txt": REPORT.encode(),
        f"{outside}/evil-absolute.txt": REPORT.encode(),
        "C:/evil-drive.txt": REPORT.encode(),
        "学院/../../../evil-deep.txt": REPORT.encode(),
    }
    work = tmp_path / "work" / "in"
    work.mkdir(parents=True)
    archive = _zip(work / "reports.zip", members)
    before = _files_under(tmp_path)
    items = collect([archive])
    assert len(items) == len(members)
    assert sorted(i.name for i in items) == sorted(name.rsplit("/", 1)[1] for name in members)
    for item in items:
        assert read_item(item, 10**6) == REPORT.encode()
    result = _audit(items, tmp_path)
    assert len(result.rows) == len(members) and all(r.outcome.ok for r in result.rows)
    write_workbook(result, tmp_path / "audit.xlsx")
    created = _files_under(tmp_path) - before
    assert {p.name for p in created} <= {"a.sqlite3", "a.sqlite3-journal", "a.sqlite3-wal", "a.sqlite3-shm",
                                         "audit.xlsx"}, created  # fmt: skip
    assert not outside.exists()


def test_audit_zip_member_with_windows_separators_is_one_input_named_by_its_last_segment(tmp_path: Path) -> None:
    """Zips written by Windows' own tools (PowerShell 5 Compress-Archive) use backslashes: such a member must
    be an input like any other (it is skipped as a hidden file when it starts with ``..\\``)."""
    members = {"..\\..\\evil.txt": REPORT.encode(), "学院\\支部\\报告.txt": REPORT.encode()}
    archive = _zip(tmp_path / "reports.zip", members)
    assert sorted(i.name for i in collect([archive])) == ["evil.txt", "报告.txt"]


def _elements_that_run_code(page: str) -> list[str]:
    """Elements and attributes of ``page`` that would run a script: event handlers, script elements with
    our payload, javascript: URLs."""
    tree = lxml.html.fromstring(page)
    found = [f"<{el.tag} {name}>" for el in tree.iter() if isinstance(el.tag, str) for name in el.attrib
             if name.lower().startswith("on")]  # fmt: skip
    found += [f"<script>{s.text_content()[:40]}" for s in tree.iter("script") if "alert" in s.text_content()]
    found += [f"<img src={img.get('src')}>" for img in tree.iter("img") if img.get("src") == "x"]
    return found


def test_report_text_with_markup_is_inert_in_the_html_export_and_the_web_page(client: TestClient) -> None:
    name = f"2022年度{SCRIPT}{IMG}.txt"
    report_id = client.post("/v1/reports", files={"file": (name, REPORT.encode())}).json()["id"]
    export = client.get(f"/v1/reports/{report_id}/annotated.html")
    assert export.status_code == 200
    assert not _elements_that_run_code(export.text)
    assert "<img src=x" not in export.text and SCRIPT not in export.text
    assert IMG in lxml.html.fromstring(export.text).text_content()  # shown as text, not dropped

    client.headers.pop("Authorization")
    login = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
    form = {"username": "sec11", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 303
    for path in (f"/reports/{report_id}", "/reports"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert not _elements_that_run_code(page.text), path
        assert "<img src=x" not in page.text and SCRIPT not in page.text, path


FORMULAS = ["=HYPERLINK(\"http://evil\",\"点击\")", "+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]


def test_report_text_starting_like_a_formula_is_text_in_the_workbook(tmp_path: Path) -> None:
    """Lines of a report that start with = + - @, and a file named like a formula, through a real audit."""
    lines = "\n".join(f"{f}支部全年开展学习，效果显著。" for f in FORMULAS)
    text = REPORT.replace("二、存在问题及整改措施\n", f"{lines}\n二、存在问题及整改措施\n{lines}\n")
    folder = tmp_path / "in" / "=计算机学院" / "+第一支部"
    folder.mkdir(parents=True)
    (folder / "=HYPERLINK(1).txt").write_bytes(text.encode())
    items = collect([tmp_path / "in"])
    result = _audit(items, tmp_path)
    [row] = result.rows
    assert row.outcome.ok
    quoted = [f["text"] for f in row.outcome.findings if f.get("text")]
    assert any(q.startswith(("=", "+", "-", "@")) for q in quoted), quoted  # the hostile text reached a finding
    write_workbook(result, tmp_path / "audit.xlsx")
    cells = [c for ws in load_workbook(tmp_path / "audit.xlsx") for row_ in ws.iter_rows() for c in row_]
    strings = [c for c in cells if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # the workbook writes no formulas of its own
    assert not [c.value for c in strings if c.value.startswith(("=", "+", "-", "@"))]
    values = {c.value for c in strings}
    assert "'=HYPERLINK(1).txt" in values and "'=计算机学院" in values and "'+第一支部" in values



def test_an_audit_zip_member_compressed_with_bzip2_is_one_error_row_not_inflated(tmp_path: Path) -> None:
    """zipfile inflates bzip2 without bound (a 299-byte member reached 437 MB): such a member is refused unread."""
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("学院/支部/报告.txt", REPORT.encode())
        zf.writestr(zipfile.ZipInfo("学院/支部/炸弹.txt"), b"0" * 50_000_000, compress_type=zipfile.ZIP_BZIP2)
    assert archive.stat().st_size < 10_000
    store = Store.open(f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    runner = LocalRunner(0)
    try:
        outcomes = run(collect([archive]), Job("four-part", ReadLimits()), store, runner)
    finally:
        runner.close()
        store.engine.dispose()
    errors = {o.filename: o.error["code"] for o in outcomes if not o.ok}
    assert errors == {"炸弹.txt": "input.unsupported_compression"} and len(outcomes) == 2
