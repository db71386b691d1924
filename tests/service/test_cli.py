"""`shuzhi check`: the report on success (exit 0), the error JSON on bad input (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()

REPORT_TXT = (
    "2022年度党支部书记述职报告\n"
    "一、主要工作进展成效\n"
    "　　支部全年开展主题党日活动12次，发展党员2名。组织专题学习8次！\n"
    "二、存在问题及整改措施\n"
    "　　理论学习的系统性还不够。\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_check_prints_report_json_with_outline_and_counts(tmp_path: Path) -> None:
    path = _write(tmp_path, "报告.txt", REPORT_TXT.encode("gb18030"))
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "shuzhi.report/1"
    assert report["source"]["format"] == "txt"
    assert report["source"]["encoding"] == "gb18030"
    assert [(e["label"], e["level"]) for e in report["outline"]] == [("一、", 1), ("二、", 1)]
    assert report["stats"]["sentences"] == 4
    assert [(s["key"], s["title"], s["matched_by"]) for s in report["sections"]] == [
        ("achievements", "一、主要工作进展成效", "heading"),
        ("problems", "二、存在问题及整改措施", "heading"),
    ]
    assert report["summary"]["missing_sections"] == ["highlights", "plans"]
    missing = [f for f in report["findings"] if f["rule"] == "structure.missing_section"]
    assert [f["section"] for f in missing] == ["highlights", "plans"]
    assert [s["text"] for s in report["sentences"]] == [
        "支部全年开展主题党日活动12次，发展党员2名。",
        "组织专题学习8次！",
        "理论学习的系统性还不够。",
    ]
    assert [s["section"] for s in report["sentences"]] == ["achievements", "achievements", "problems"]
    assert report["summary"]["vague_ratio"] == round(sum(s["vague"] for s in report["sentences"]) / 3, 4)
    assert [(p["text"], p["kind"], p["value"], p["subject"]) for p in report["data_points"]] == [
        ("12次", "count", 12, "主题党日活动"),
        ("2名", "count", 2, "发展党员"),
        ("8次", "count", 8, "专题学习"),
    ]
    assert report["summary"]["data_density"] is not None


def test_check_text_output_shows_outline_and_char_count(tmp_path: Path) -> None:
    path = _write(tmp_path, "报告.txt", REPORT_TXT.encode())
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "一、主要工作进展成效" in result.stdout
    assert "字数" in result.stdout


def test_check_exits_2_with_error_json_on_bad_input(tmp_path: Path) -> None:
    path = _write(tmp_path, "报告.pdf", b"<!DOCTYPE html><html><body>x</body></html>")
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert body["error"]["code"] == "input.unsupported_format"
    assert "网页" in body["error"]["message"]


def test_check_reports_each_file_and_keeps_going_after_a_bad_one(tmp_path: Path) -> None:
    bad = _write(tmp_path, "empty.docx", b"")
    good = _write(tmp_path, "good.txt", REPORT_TXT.encode())
    result = runner.invoke(app, ["check", str(bad), str(good), "--format", "json"])
    assert result.exit_code == 2
    items = json.loads(result.stdout)
    assert items[0] == {"file": "empty.docx", "error": items[0]["error"]}
    assert items[0]["error"]["code"] == "input.empty"
    assert items[1]["source"]["filename"] == "good.txt"


LAST_YEAR_TXT = """2021年度党支部书记述职报告
一、主要工作进展成效
支部全年开展主题党日活动12次，发展党员2名。
二、存在问题及整改措施
一是党费收缴不及时，有3名党员连续两个月未按时交纳党费。
"""


def test_check_with_previous_compares_this_years_report_with_last_years(tmp_path: Path) -> None:
    this_year = _write(tmp_path, "2022年度报告.txt", REPORT_TXT.encode("gb18030"))
    last_year = _write(tmp_path, "2021年度报告.txt", LAST_YEAR_TXT.encode())
    result = runner.invoke(app, ["check", str(this_year), "--previous", str(last_year), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["previous_year_similarity"] is not None
    unaddressed = [f for f in report["findings"] if f["rule"] == "rectification.previous_unaddressed"]
    assert [f["text"] for f in unaddressed] == ["一是党费收缴不及时，有3名党员连续两个月未按时交纳党费。"]


def test_check_without_previous_has_no_comparison(tmp_path: Path) -> None:
    this_year = _write(tmp_path, "报告.txt", REPORT_TXT.encode("gb18030"))
    report = json.loads(runner.invoke(app, ["check", str(this_year), "--format", "json"]).stdout)
    assert report["summary"]["previous_year_similarity"] is None


def test_an_unreadable_previous_report_is_an_input_error_naming_it(tmp_path: Path) -> None:
    this_year = _write(tmp_path, "报告.txt", REPORT_TXT.encode("gb18030"))
    broken = _write(tmp_path, "去年.docx", b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["check", str(this_year), "--previous", str(broken), "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["file"] == "去年.docx" and error["error"]["code"].startswith("input.")


def test_previous_goes_with_one_report_only(tmp_path: Path) -> None:
    one = _write(tmp_path, "a.txt", REPORT_TXT.encode("gb18030"))
    two = _write(tmp_path, "b.txt", REPORT_TXT.encode("gb18030"))
    result = runner.invoke(app, ["check", str(one), str(two), "--previous", str(one)])
    assert result.exit_code == 2 and "--previous" in result.output


def test_units_import_and_users_add_manage_the_services_database(tmp_path: Path, monkeypatch) -> None:
    from service.settings import get_settings
    from service.store import Store

    monkeypatch.setenv("SHUZHI_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    csv_text = "code,name,kind,parent_code\nC1,学院党委,committee,\nB1,教工党支部,branch,C1\n"
    units = _write(tmp_path, "units.csv", csv_text.encode())
    add = ["users", "add", "--password", "long enough", "--role", "secretary", "--unit"]
    try:
        assert runner.invoke(app, ["units", "import", str(units)]).exit_code == 0
        added = runner.invoke(app, [*add, "B1", "li"])
        assert added.exit_code == 0, added.output
        refused = runner.invoke(app, [*add, "C1", "wang"])
        assert refused.exit_code == 2 and "党支部" in refused.output
        token = runner.invoke(app, ["users", "token", "li"]).stdout.strip()
        store = Store.open(get_settings().database())
        assert store.user_for(token, "token").username == "li"
        store.engine.dispose()
    finally:
        get_settings.cache_clear()


def test_the_command_line_starts_without_what_check_does_not_need() -> None:
    """#9: `shuzhi check` cold must stay under 3 s, of which the NLP libraries take most: the service's layers
    (database, web framework, workbook, PDF table tools) are imported only by the commands that use them."""
    heavy = ("sqlalchemy", "fastapi", "openpyxl", "pdfplumber", "argon2", "uvicorn", "dask", "distributed")
    code = f"import sys, service.cli; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""
