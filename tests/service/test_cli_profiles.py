"""`shuzhi profiles` lists the shipped profiles; `shuzhi check --profile` picks one, or exits 2 on a broken one."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()

REPORT_TXT = (
    "2020年度党支部书记述职报告\n"
    "一、个人履职情况\n"
    "　　本人全年带头讲党课2次，参加校院两级书记培训3次。\n"
    "二、存在问题和下一步工作思路\n"
    "　　针对2019年度述职中指出的问题，已完成整改。\n"
)


def _report(tmp_path: Path) -> Path:
    path = tmp_path / "报告.txt"
    path.write_text(REPORT_TXT, encoding="utf-8")
    return path


def test_profiles_lists_each_shipped_profile_with_sections_limits_and_oral_time() -> None:
    result = runner.invoke(app, ["profiles"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for profile_id in ("four-part（默认）", "sztu-2022", "sysu-2020"):
        assert profile_id in out
    assert "1. 主要工作进展成效 (achievements) 必需" in out
    assert "4. 存在问题和下一步工作思路和举措 (problems_plans) 必需" in out
    assert "字数：1500–5000 字" in out
    assert "现场述职：8 分钟" in out


def test_profiles_json_gives_the_whole_profiles_and_the_default() -> None:
    result = runner.invoke(app, ["profiles", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["default"] == "four-part"
    profiles = {p["id"]: p for p in body["profiles"]}
    assert set(profiles) == {"four-part", "sztu-2022", "sysu-2020"}
    sztu = profiles["sztu-2022"]
    assert [(s["key"], s["required"]) for s in sztu["sections"]] == [
        ("achievements", True),
        ("highlights", True),
        ("problems", True),
        ("plans", True),
    ]
    assert sztu["oral"]["minutes"] == 8
    assert sztu["length"]["min_chars"] == 1500 and sztu["length"]["max_chars"] == 5000
    assert profiles["sysu-2020"]["oral"] is None


def test_check_uses_the_profile_given(tmp_path: Path) -> None:
    path = _report(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--profile", "sysu-2020", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"]["id"] == "sysu-2020"


def test_check_uses_four_part_by_default(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_report(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"]["id"] == "four-part"


def test_check_reads_a_profile_file(tmp_path: Path) -> None:
    profile = tmp_path / "mine.yaml"
    profile.write_text(
        "id: mine\ntitle: 两段式\nsource: 本单位通知\n"
        "sections:\n"
        "  - {key: work, name: 工作情况, headings: [个人履职情况], content_labels: [personal_duty]}\n"
        "  - {key: next, name: 下一步, headings: [存在问题和下一步工作思路], content_labels: [plans]}\n"
        "length: {max_chars: 3000, source: 本单位通知}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(_report(tmp_path)), "--profile", str(profile), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"] == {"id": "mine", "title": "两段式"}


def test_check_exits_2_with_the_message_on_a_broken_profile(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: t\nsource: s\nlength: {source: s}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(_report(tmp_path)), "--profile", str(broken)])
    assert result.exit_code == 2
    assert "profile.invalid" in result.stderr
    assert str(broken) in result.stderr and "field 'sections': required but missing" in result.stderr
    assert result.stdout == ""


def test_check_json_gives_a_profile_error_body_on_stdout(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_report(tmp_path)), "--profile", "nosuch", "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "profile.invalid"
    assert "unknown profile 'nosuch'" in error["message"] and "sztu-2022" in error["message"]
