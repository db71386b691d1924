"""The audit workbook, written from AuditResults built in code and read back with openpyxl."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from analyzers.readers.limits import ReadLimits
from service.batch.model import AuditResult, AuditRow, Item, Outcome, SimilarReports
from service.batch.work import audit_one
from service.render import xlsx
from service.render.xlsx import write_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
SHEETS = ["总表", "问题明细", "数据点", "相似报告", "统计", "图表"]
INJECTED_NAME = '=HYPERLINK("http://x")'


@pytest.fixture(scope="module")
def sample_outcomes() -> dict[str, Outcome]:
    names = ["teacher-branch-2022.docx", "student-branch-2022.pdf", "retiree-branch-2020.txt"]
    return {name: audit_one((SAMPLES / name).read_bytes(), name, "sztu-2022", ReadLimits()) for name in names}


@pytest.fixture(scope="module")
def result(sample_outcomes: dict[str, Outcome]) -> AuditResult:
    """计算机学院: the three samples and a broken file, four graded, two of them 好 (over 30%).
    外国语学院: one hostile report (a formula for a name, control characters in its text), graded 较好."""
    teacher, student, retiree = sample_outcomes.values()
    broken = Outcome(
        sha256="0" * 64, filename="坏文件.docx", error={"code": "input.corrupt", "message": "文件已损坏。"}
    )
    hostile = Outcome(
        sha256="1" * 64,
        filename=INJECTED_NAME,
        chars=1800,
        sections_present=("achievements", "plans"),
        sections_missing=("highlights", "problems"),
        vague_ratio=0.6,
        data_density=2.0,
        severity_counts={"error": 2, "warning": 1},
        rule_counts={"structure.missing_section": 2, "residue.placeholder": 1},
        findings=(
            {
                "rule": "residue.placeholder",
                "severity": "warning",
                "section": None,
                "message": "@SUM(A1)",
                "text": "+1+1",
                "suggestion": "-2",
            },
            {
                "rule": "structure.missing_section",
                "severity": "error",
                "section": "highlights",
                "message": "缺少\x00部分\x07。",
                "text": None,
                "suggestion": None,
            },
            {
                "rule": "structure.missing_section",
                "severity": "error",
                "section": "problems",
                "message": "缺少部分。",
                "text": "#N/A",
                "suggestion": "\t=1+2",
            },
        ),  # fmt: skip
        data_points=(
            {
                "text": "3\x0b次",
                "kind": "count",
                "value": 3.0,
                "unit": "次",
                "subject": "=cmd|' /C calc'!A0",
                "section": "achievements",
            },
        ),  # fmt: skip
    )
    rows = (
        AuditRow(Item("a/1", teacher.filename, "计算机学院", "教工第一党支部", "张三", "好"), teacher, attention="低"),
        AuditRow(Item("a/2", student.filename, "计算机学院", "学生第一党支部", "李四", "好"), student, attention="中"),
        AuditRow(Item("a/3", retiree.filename, "计算机学院", "离退休党支部", "王五", "较好"), retiree, attention="高"),
        AuditRow(Item("a/4", broken.filename, "计算机学院", "教工第二党支部", "赵六", "一般"), broken, attention="高"),
        AuditRow(
            Item("b/1", INJECTED_NAME, "外国语学院", "=教工党支部", "@钱七", "较好"),
            hostile,
            most_similar=teacher.filename,
            most_similar_share=0.62,
            attention="高",
        ),
    )
    similar = (SimilarReports(0, 4, 0.62, passages=("支部坚持" * 100, "=SUM(A1:A9)", "第三段")),)
    return AuditResult("2022述职报告审核", "sztu-2022", 2022, rows, similar)


@pytest.fixture(scope="module")
def book(result: AuditResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "audit.xlsx"
    write_workbook(result, path)
    return path


def _records(ws: Worksheet, header_row: int = 1) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:] if any(v is not None for v in row)]


def _all_cells(path: Path) -> list[object]:
    wb = load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def test_workbook_has_the_six_sheets(book: Path) -> None:
    assert load_workbook(book).sheetnames == SHEETS


def test_summary_has_one_row_per_input_with_errors(book: Path, result: AuditResult) -> None:
    ws = load_workbook(book)["总表"]
    records = _records(ws)
    assert len(records) == len(result.rows) == ws.max_row - 1
    teacher, _, retiree, broken, hostile = records
    assert teacher["状态"] == "已分析" and teacher["字数"] == result.rows[0].outcome.chars
    assert teacher["已有部分"] == "主要工作进展成效、工作特色亮点、存在问题及整改措施、下一步工作计划"
    assert retiree["缺少部分"] == "工作特色亮点"
    rules = result.rows[2].outcome.rule_counts
    assert retiree["年份过时"] == sum(n for rule, n in rules.items() if rule.startswith("timeliness.")) > 0
    assert retiree["错误"] == 1 and retiree["关注程度"] == "高"
    assert broken["状态"] == "错误" and broken["错误代码"] == "input.corrupt" and broken["错误说明"] == "文件已损坏。"
    assert broken["字数"] is None and broken["评定等次"] == "一般"
    assert hostile["模板残留"] == 1 and hostile["最相似报告"] == "teacher-branch-2022.docx"
    assert hostile["相似比例"] == pytest.approx(0.62)


def test_summary_header_is_frozen_filtered_and_formatted(book: Path, result: AuditResult) -> None:
    ws = load_workbook(book)["总表"]
    headers = [cell.value for cell in ws[1]]
    last = chr(ord("A") + len(headers) - 1)
    assert ws.freeze_panes == "E2"
    assert ws.auto_filter.ref == f"A1:{last}{len(result.rows) + 1}"
    assert ws.column_dimensions["D"].width == 30
    vague = headers.index("模糊句占比")
    assert ws.cell(2, vague + 1).number_format == "0.0%"
    attention = chr(ord("A") + headers.index("关注程度"))
    ranges = [str(r.sqref) for r in ws.conditional_formatting]
    assert ranges == [f"{attention}2:{attention}{len(result.rows) + 1}"]


def test_findings_and_data_points_are_one_row_each(book: Path, result: AuditResult) -> None:
    wb = load_workbook(book)
    findings = _records(wb["问题明细"])
    points = _records(wb["数据点"])
    assert len(findings) == sum(len(row.outcome.findings) for row in result.rows)
    assert len(points) == sum(len(row.outcome.data_points) for row in result.rows)
    assert {f["严重程度"] for f in findings} <= {"错误", "警告", "提示"}
    missing = next(
        f for f in findings if f["文件"] == "retiree-branch-2020.txt" and f["规则"] == "structure.missing_section"
    )
    assert missing["部分"] == "工作特色亮点" and missing["单位"] == "计算机学院"
    assert {p["类型"] for p in points} <= set(xlsx.KIND_NAMES.values())
    assert wb["问题明细"].freeze_panes == "D2" and wb["问题明细"].auto_filter.ref == f"A1:I{len(findings) + 1}"


def test_similar_pairs_are_listed_with_passages(book: Path) -> None:
    (pair,) = _records(load_workbook(book)["相似报告"])
    assert pair["报告甲"] == "teacher-branch-2022.docx" and pair["单位乙"] == "外国语学院"
    assert pair["相同比例"] == pytest.approx(0.62)
    first, second, third = str(pair["相同段落（节选）"]).split("\n")
    assert first.startswith("1. 支部坚持") and first.endswith("…") and len(first) == 3 + xlsx.PASSAGE_CHARS + 1
    assert second == "2. =SUM(A1:A9)" and third == "3. 第三段"


def test_stats_count_by_unit(book: Path) -> None:
    ws = load_workbook(book)["统计"]
    records = {r["单位"]: r for r in _records(ws)[:3]}
    computing, languages, total = records["计算机学院"], records["外国语学院"], records["合计"]
    assert (computing["支部数"], computing["报告数"], computing["已分析"], computing["错误"]) == (4, 4, 3, 1)
    assert computing["缺少部分的报告"] == 1  # the retiree report has no 工作特色亮点
    assert (computing["关注：高"], computing["关注：中"], computing["关注：低"]) == (2, 1, 1)
    assert languages["报告数"] == 1 and languages["平均模糊句占比"] == pytest.approx(0.6)
    assert total["报告数"] == 5 and total["错误"] == 1 and total["缺少部分的报告"] == 2


def test_stats_flag_a_unit_over_the_cap_of_good_grades(book: Path) -> None:
    ws = load_workbook(book)["统计"]
    header_row = next(cell.row for cell in ws["A"] if cell.value == "单位" and cell.row > 1)
    records = {r["单位"]: r for r in _records(ws, header_row)}
    computing, languages = records["计算机学院"], records["外国语学院"]
    assert (computing["已评定"], computing["好"], computing["较好"], computing["一般"]) == (4, 2, 1, 1)
    assert computing["好占比"] == pytest.approx(0.5) and computing["好占比检查"] == "超过30%"
    assert languages["好占比检查"] == "符合" and languages["好占比"] == 0
    check = next(cell.column for cell in ws[header_row] if cell.value == "好占比检查")
    row = next(cell.row for cell in ws["A"] if cell.value == "计算机学院" and cell.row > header_row)
    flagged = ws.cell(row, check)
    assert flagged.value == "超过30%" and flagged.fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row, check - 1).fill.fgColor.rgb.endswith("FFC7CE")  # the share, too
    fine = next(cell.row for cell in ws["A"] if cell.value == "外国语学院" and cell.row > header_row)
    assert ws.cell(fine, check).fill.fill_type is None


def test_no_grades_no_grade_table(result: AuditResult, tmp_path: Path) -> None:
    ungraded = tuple(AuditRow(Item(r.item.key, r.item.name, r.item.unit), r.outcome) for r in result.rows)
    path = tmp_path / "audit.xlsx"
    write_workbook(AuditResult("t", "sztu-2022", None, ungraded, ()), path)
    values = {cell.value for row in load_workbook(path)["统计"].iter_rows() for cell in row}
    assert "好占比" not in values and "合计" in values


def test_charts_are_in_the_workbook(book: Path) -> None:
    with zipfile.ZipFile(book) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        titles = "".join(archive.read(name).decode() for name in charts)
    assert len(charts) == 3
    assert "字数分布" in titles and "各单位平均模糊句占比" in titles and "各单位缺少各部分的报告数" in titles
    assert "'统计'!$G$2:$G$3" in titles or "统计!$G$2:$G$3" in titles
    ws = load_workbook(book)["图表"]
    bins = [row for row in ws.iter_rows(min_row=2, max_col=2, values_only=True) if row[0] and "–" in str(row[0])]
    assert sum(count for _, count in bins) == 4  # the analysed reports


def test_formula_injection_is_neutralised(book: Path) -> None:
    cells = [cell for cell in _all_cells(book) if isinstance(cell.value, str)]
    assert all(cell.data_type != "f" for cell in cells)
    assert not [cell.value for cell in cells if cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    values = {cell.value for cell in cells}
    assert "'" + INJECTED_NAME in values and "'+1+1" in values and "'@SUM(A1)" in values
    assert "'-2" in values and "'\t=1+2" in values and "'#N/A" in values and "'=教工党支部" in values
    assert "'=cmd|' /C calc'!A0" in values
    ws = load_workbook(book)["总表"]
    assert ws["D6"].value == "'" + INJECTED_NAME and ws["D6"].data_type == "s"


def test_control_characters_are_replaced(book: Path) -> None:
    values = {cell.value for cell in _all_cells(book) if isinstance(cell.value, str)}
    assert "缺少\ufffd部分\ufffd。" in values and "3\ufffd次" in values
    assert not any(ch in value for value in values for ch in "\x00\x07\x0b")


def test_write_to_a_stream_and_an_empty_audit() -> None:
    stream = io.BytesIO()
    write_workbook(AuditResult("空", "no-such-profile", None, (), ()), stream)
    wb = load_workbook(io.BytesIO(stream.getvalue()))
    assert wb.sheetnames == SHEETS and wb["总表"].max_row == 1


def test_long_tables_go_on_in_a_second_sheet(result: AuditResult, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_DATA_ROWS", 10)
    path = tmp_path / "audit.xlsx"
    write_workbook(result, path)
    wb = load_workbook(path)
    parts = [name for name in wb.sheetnames if name.startswith("问题明细")]
    assert len(parts) > 1 and all(wb[name].max_row <= 11 for name in parts)
    assert sum(wb[name].max_row - 1 for name in parts) == sum(len(r.outcome.findings) for r in result.rows)
    assert wb[parts[1]]["A1"].value == "单位" and wb[parts[1]].auto_filter.ref


def _generated(reports: int, findings_each: int) -> AuditResult:
    rows = []
    for n in range(reports):
        findings = tuple(
            {"rule": f"vague.sentence{k % 7}", "severity": ("error", "warning", "info")[k % 3], "section": "plans",
             "message": f"表述空泛：第{k}句。", "text": f"报告{n}的第{k}句：全面加强支部建设，取得明显成效。",
             "suggestion": "写明做了多少、什么时间。"}
            for k in range(findings_each)
        )  # fmt: skip
        points = tuple(
            {"text": f"{k}次", "kind": "count", "value": float(k), "unit": "次", "subject": "学习", "section": None}
            for k in range(3)
        )
        outcome = Outcome(
            sha256=f"{n:064x}", filename=f"{n}.docx", chars=1500 + n % 2000, sections_present=("achievements",),
            sections_missing=("plans",) if n % 5 == 0 else (), vague_ratio=(n % 100) / 100, data_density=n % 30,
            severity_counts={"warning": findings_each}, rule_counts={"vague.sentence": findings_each},
            findings=findings, data_points=points,
        )  # fmt: skip
        rows.append(
            AuditRow(Item(str(n), f"{n}.docx", f"学院{n % 40}", f"第{n}支部", "某", "好"), outcome, attention="中")
        )
    similar = tuple(SimilarReports(n, n + 1, 0.7, ("相同的一段话。" * 20,)) for n in range(0, reports - 1, 50))
    return AuditResult("大批量", "sztu-2022", 2022, tuple(rows), similar)


@pytest.mark.slow
def test_a_large_batch_writes_every_row(tmp_path: Path) -> None:
    """10,000 reports, 100,000 findings: every row is written (its time is a figure of make bench, not a test)."""
    result = _generated(10_000, 10)
    path = tmp_path / "audit.xlsx"
    write_workbook(result, path)
    assert load_workbook(path, read_only=True).sheetnames == SHEETS
    with zipfile.ZipFile(path) as archive:  # counted in the XML: reading 100,000 rows back would take longer
        rows = [archive.read(f"xl/worksheets/sheet{n}.xml").count(b"<row ") for n in (1, 2, 3)]
    assert rows == [10_001, 100_001, 30_001]
