"""The page in a real browser: Playwright drives Debian's headless Chromium against the real service (uvicorn on
a loopback port, an SQLite database in a temporary folder, a worker process for the analysis).

A secretary logs in, drops the sample report on the page, sees a highlighted finding with its suggestion,
downloads the annotated .docx and submits the draft; a reviewer finds it in the table, grades it 较好, then
audits a .zip of reports on the audit page and downloads its workbook.
Screenshots of the main views go to ``.artifacts/screenshots/``.
"""

from __future__ import annotations

import base64
import io
import re
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from service.api import create_app
from service.settings import Settings
from service.store import Role, Store
from tests.service.test_api import PASSWORD, UNITS_CSV

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "samples" / "teacher-branch-2022.docx"
SHOTS = ROOT / ".artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no Chromium at /usr/bin/chromium: install Debian's package `chromium` "
        "(apt-get install chromium; `make test` and .ci/run do it when run as root)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[str]:
    """The real service in a background thread; its address."""
    import uvicorn

    settings = Settings(data_dir=tmp_path / "data", analysis_workers=1, keep_files=True)
    app = create_app(settings)
    seed = Store.open(settings.database())
    seed.import_units(UNITS_CSV)
    seed.add_user("sec11", PASSWORD, Role.SECRETARY, "B11", display_name="王书记")
    seed.add_user("rev1", PASSWORD, Role.REVIEWER, "C1", display_name="李审阅")
    seed.add_user("admin", PASSWORD, Role.ADMIN, display_name="组织部管理员")
    seed.engine.dispose()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="shuzhi-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def _log_in(page: Page, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")


def _drop(page: Page, path: Path) -> None:
    """Drop ``path`` on the drop zone as a user dragging it from the desktop would."""
    transfer = page.evaluate_handle(
        """([name, data]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name));
            return transfer;
        }""",
        [path.name, base64.b64encode(path.read_bytes()).decode()],
    )
    page.dispatch_event("#dropzone", "dragover", {"dataTransfer": transfer})
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})


def _batch_zip() -> bytes:
    """Two sample reports in their branches' folders, and a file that is not what its name says."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(SAMPLE, f"计算机学院党委/教工党支部/{SAMPLE.name}")
        archive.write(ROOT / "corpora" / "samples" / "student-branch-2022.pdf", "计算机学院党委/学生党支部/报告.pdf")
        archive.writestr("计算机学院党委/本科生第一党支部/报告.docx", b"PK\x03\x04 a broken Word file")
    return buffer.getvalue()


def test_a_secretary_checks_and_submits_a_reviewer_grades(service: str, tmp_path: Path) -> None:
    import docx
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            viewport = {"width": 1280, "height": 900}
            context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport=viewport)
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" and
                    not m.location.get("url", "").endswith("favicon.ico") else None)  # fmt: skip

            # the secretary: log in, drop the report, see its marks, download the annotated .docx, submit
            page.goto(service + "/")
            expect(page).to_have_url(re.compile(r"/login"))
            page.screenshot(path=SHOTS / "login.png")
            _log_in(page, "sec11")
            expect(page).to_have_url(re.compile(r"/check$"))
            _drop(page, SAMPLE)
            expect(page.locator("#chosen")).to_contain_text(SAMPLE.name)
            assert page.eval_on_selector("#file", "input => input.files.length") == 1
            page.select_option("#profile", "sztu-2022")
            page.screenshot(path=SHOTS / "check.png", full_page=True)
            page.click("#check button[type=submit]")
            page.wait_for_url(re.compile(r"/reports/\d+$"), timeout=90_000)

            mark = page.locator("mark.f[title*='建议：']").first
            mark.scroll_into_view_if_needed()
            mark.hover()
            assert "建议：" in (mark.get_attribute("title") or "")
            expect(page.locator(".shuzhi-report .vague").first).to_be_visible()
            expect(page.locator(".findings h3").first).to_be_visible()
            page.screenshot(path=SHOTS / "report.png", full_page=True)

            with page.expect_download() as info:
                page.click("#download")
            download = info.value
            assert download.suggested_filename.endswith("（批注）.docx")
            saved = tmp_path / "annotated.docx"
            download.save_as(saved)
            assert len(list(docx.Document(saved).comments)) > 0

            page.click("#submit-draft")
            expect(page.locator(".notice")).to_contain_text("已提交")
            page.click("header form.logout button")
            expect(page).to_have_url(re.compile(r"/login$"))

            # the reviewer: the report is in the table; open it and grade it 较好
            _log_in(page, "rev1")
            expect(page).to_have_url(re.compile(r"/reports$"))
            row = page.locator("table.reports tbody tr", has_text=SAMPLE.name)
            expect(row).to_have_count(1)
            expect(row).to_contain_text("已提交")
            page.screenshot(path=SHOTS / "reports.png", full_page=True)
            row.get_by_role("link").click()
            page.check("input[name=grade][value=较好]")
            page.fill("textarea[name=comment]", "数据翔实，问题剖析还可更深。")
            page.click("#grade button[type=submit]")
            expect(page.locator(".notice")).to_contain_text("评定已保存")
            expect(page.locator(".reviews .grade").first).to_have_text("较好")
            page.screenshot(path=SHOTS / "report-graded.png")
            page.goto(service + "/reports")
            expect(page.locator("table.reports tbody tr", has_text=SAMPLE.name)).to_contain_text("较好")

            # the reviewer audits a .zip of reports (one of them broken) and reads the audit as a page
            page.click("header nav >> text=批量审核")
            expect(page).to_have_url(re.compile(r"/audits$"))
            page.set_input_files("#audit-file", files=[{"name": "2022.zip", "mimeType": "application/zip",
                                                        "buffer": _batch_zip()}])  # fmt: skip
            page.fill("#audit-year", "2022")
            page.click("#audit-form button[type=submit]")
            page.wait_for_url(re.compile(r"/audits/[0-9a-f]{32}$"))
            expect(page.locator("#download")).to_be_visible(timeout=120_000)  # the page refreshes until done
            expect(page.locator("#audit-rows tbody tr")).to_have_count(3)
            expect(page.locator("#audit-rows tbody tr").first).to_contain_text("无法分析")
            expect(page.locator("#chart-chars .bar").first).to_be_visible()
            page.screenshot(path=SHOTS / "audit.png", full_page=True)
            with page.expect_download() as info:
                page.click("#download")
            assert info.value.suggested_filename.endswith(".xlsx")

            # an admin disables the secretary's account on 账号管理
            page.click("header form.logout button")
            _log_in(page, "admin")
            page.click("header nav >> text=账号管理")
            row = page.locator("#users tbody tr", has_text="sec11")
            row.locator("button", has_text="停用").click()
            expect(page.locator(".notice")).to_contain_text("已停用 sec11")
            expect(page.locator("#users tbody tr", has_text="sec11")).to_contain_text("已停用")
            page.screenshot(path=SHOTS / "users.png", full_page=True)
        finally:
            browser.close()
    assert errors == []  # no script error, nothing the page's Content-Security-Policy had to block
