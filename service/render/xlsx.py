"""The audit workbook: one .xlsx in which the organisation department filters, sorts and charts a year's reports.

Sheets: 总表 (one row per input, error rows included), 问题明细 (one row per finding), 数据点 (one row per data
point), 相似报告 (pairs of near-duplicate reports with their shared passages), 统计 (counts by unit, as in the
sysu-2020 notice's statistics table, and the check that 好 stays within the cap when grades are given) and
图表 (字数 distribution, vague ratio by unit, missing sections by unit, with their small helper tables).

The workbook is written in openpyxl's write-only mode, row by row, so that 10,000 reports with 100,000
findings stay within memory; a table longer than Excel's row limit goes on into "问题明细（2）" and so on.
Every string goes through ``_safe``: characters XML cannot hold are replaced, text a spreadsheet would take
for a formula (=, +, -, @, tab, CR at the start, or an error literal such as #N/A) gets a leading apostrophe
and is stored as a plain string, and text longer than a cell holds is cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from os import PathLike
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from service.batch.model import AuditResult, AuditRow, Outcome
from service.batch.stats import GRADES, UnitStats, bins_of, section_names, total_of, unit_stats

MAX_CELL_CHARS = 32_767  # what one Excel cell holds
MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
PASSAGE_CHARS = 150  # of each shared passage shown in 相似报告
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_NAMES = {
    "count": "数量", "percent": "比例", "money": "金额", "date": "日期", "deadline": "时限",
    "duration": "时长", "rank": "名次/奖项", "other": "其他",
}  # fmt: skip
PERCENT = "0.0%"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_BOLD = Font(bold=True)
_RED_FILL = PatternFill("solid", fgColor="FFC7CE")
_RED_FONT = Font(bold=True, color="9C0006")
_WRAP = Alignment(wrap_text=True, vertical="top")
_ATTENTION_COLOURS = {"高": ("FFC7CE", "9C0006"), "中": ("FFEB9C", "9C5700"), "低": ("C6EFCE", "006100")}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold C0 controls other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None
    wrap: bool = False


Row = Mapping[str, object]  # header -> value; a header not given is an empty cell


def write_workbook(result: AuditResult, path_or_stream: str | PathLike[str] | IO[bytes]) -> None:
    """Write the audit workbook of ``result`` to a path or a binary stream."""
    names = section_names(result.profile_id)
    wb = Workbook(write_only=True)
    wb.properties.title = str(_safe(result.title))
    _summary_sheet(wb, result, names)
    _findings_sheet(wb, result, names)
    _data_points_sheet(wb, result, names)
    _similar_sheet(wb, result)
    units = unit_stats(result)
    _stats_sheet(wb, units, result.grade_cap)
    _charts_sheet(wb, result, units, names)
    wb.save(path_or_stream)


# --- 总表 ---------------------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    Column("单位", 18), Column("支部", 20), Column("书记", 10), Column("文件", 30), Column("状态", 8),
    Column("字数", 8), Column("已有部分", 30), Column("缺少部分", 22), Column("模糊句占比", 11, PERCENT),
    Column("数据密度（每千字）", 12, "0.0"), Column("模板残留", 9), Column("年份过时", 9), Column("整改缺口", 9),
    Column("最相似报告", 30), Column("相似比例", 10, PERCENT), Column("与上年报告相同", 12, PERCENT),
    Column("错误", 7), Column("警告", 7), Column("提示", 7), Column("关注程度", 9), Column("评定等次", 9),
    Column("错误代码", 22), Column("错误说明", 40),
)  # fmt: skip


def _summary_sheet(wb: Workbook, result: AuditResult, names: Mapping[str, str]) -> None:
    rows = (_summary_row(row, names) for row in result.rows)
    sheets = _write_table(wb, "总表", SUMMARY_COLUMNS, rows, freeze="E2")
    column = get_column_letter(_index(SUMMARY_COLUMNS, "关注程度"))
    for ws, count in sheets:
        if count:
            for level, (fill, font) in _ATTENTION_COLOURS.items():
                rule = CellIsRule(
                    operator="equal",
                    formula=[f'"{level}"'],
                    fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                    font=Font(color=font),
                )
                ws.conditional_formatting.add(f"{column}2:{column}{count + 1}", rule)


def _summary_row(row: AuditRow, names: Mapping[str, str]) -> Row:
    item, outcome = row.item, row.outcome
    values: dict[str, object] = {
        "单位": item.unit, "支部": item.branch, "书记": item.secretary, "文件": item.name,
        "关注程度": row.attention, "评定等次": item.grade,
    }  # fmt: skip
    if not outcome.ok:
        error = outcome.error or {}
        values.update({"状态": "错误", "错误代码": error.get("code", ""), "错误说明": error.get("message", "")})
        return values
    severities = outcome.severity_counts
    values.update({
        "状态": "已分析",
        "字数": outcome.chars,
        "已有部分": "、".join(names.get(key, key) for key in outcome.sections_present),
        "缺少部分": "、".join(names.get(key, key) for key in outcome.sections_missing),
        "模糊句占比": outcome.vague_ratio,
        "数据密度（每千字）": outcome.data_density,
        "模板残留": _rule_count(outcome, "residue."),
        "年份过时": _rule_count(outcome, "timeliness."),
        "整改缺口": _rule_count(outcome, "rectification."),
        "最相似报告": row.most_similar,
        "相似比例": row.most_similar_share,
        "与上年报告相同": outcome.previous_year_similarity,
        "错误": severities.get("error", 0),
        "警告": severities.get("warning", 0),
        "提示": severities.get("info", 0),
    })  # fmt: skip
    return values


def _rule_count(outcome: Outcome, prefix: str) -> int:
    return sum(count for rule, count in outcome.rule_counts.items() if rule.startswith(prefix))


# --- 问题明细, 数据点, 相似报告 ---------------------------------------------------------------------------------------

FINDING_COLUMNS = (
    Column("单位", 18), Column("支部", 20), Column("文件", 30), Column("规则", 26), Column("严重程度", 9),
    Column("部分", 16), Column("引文", 50), Column("说明", 60), Column("建议", 50),
)  # fmt: skip
DATA_POINT_COLUMNS = (
    Column("单位", 18), Column("支部", 20), Column("文件", 30), Column("部分", 16), Column("原文", 24),
    Column("类型", 10), Column("数值", 10), Column("计量单位", 9), Column("对象", 20),
)  # fmt: skip
SIMILAR_COLUMNS = (
    Column("报告甲", 30), Column("单位甲", 16), Column("支部甲", 18), Column("报告乙", 30), Column("单位乙", 16),
    Column("支部乙", 18), Column("相同比例", 10, PERCENT), Column("相同段落（节选）", 80, wrap=True),
)  # fmt: skip


def _findings_sheet(wb: Workbook, result: AuditResult, names: Mapping[str, str]) -> None:
    rows = (
        {
            "单位": row.item.unit,
            "支部": row.item.branch,
            "文件": row.item.name,
            "规则": finding.get("rule"),
            "严重程度": SEVERITY_NAMES.get(str(finding.get("severity")), finding.get("severity")),
            "部分": _section(finding.get("section"), names),
            "引文": finding.get("text"),
            "说明": finding.get("message"),
            "建议": finding.get("suggestion"),
        }
        for row in result.rows
        for finding in row.outcome.findings
    )
    _write_table(wb, "问题明细", FINDING_COLUMNS, rows, freeze="D2")


def _data_points_sheet(wb: Workbook, result: AuditResult, names: Mapping[str, str]) -> None:
    rows = (
        {
            "单位": row.item.unit,
            "支部": row.item.branch,
            "文件": row.item.name,
            "部分": _section(point.get("section"), names),
            "原文": point.get("text"),
            "类型": KIND_NAMES.get(str(point.get("kind")), point.get("kind")),
            "数值": point.get("value"),
            "计量单位": point.get("unit"),
            "对象": point.get("subject"),
        }
        for row in result.rows
        for point in row.outcome.data_points
    )
    _write_table(wb, "数据点", DATA_POINT_COLUMNS, rows, freeze="D2")


def _similar_sheet(wb: Workbook, result: AuditResult) -> None:
    def row(a: AuditRow, b: AuditRow, share: float, passages: Sequence[str]) -> Row:
        return {
            "报告甲": a.item.name, "单位甲": a.item.unit, "支部甲": a.item.branch,
            "报告乙": b.item.name, "单位乙": b.item.unit, "支部乙": b.item.branch,
            "相同比例": share, "相同段落（节选）": _passages(passages),
        }  # fmt: skip

    pairs = sorted(result.similar, key=lambda pair: -pair.share)
    rows = (row(result.rows[p.a], result.rows[p.b], p.share, p.passages) for p in pairs)
    _write_table(wb, "相似报告", SIMILAR_COLUMNS, rows, freeze="A2")


def _passages(passages: Sequence[str]) -> str:
    """The shared passages, numbered, one a line, each cut to PASSAGE_CHARS."""
    lines = []
    for number, passage in enumerate(passages, 1):
        text = " ".join(passage.split())
        lines.append(f"{number}. {text[:PASSAGE_CHARS]}{'…' if len(text) > PASSAGE_CHARS else ''}")
    return "\n".join(lines)


def _section(key: object, names: Mapping[str, str]) -> str:
    return "（全文）" if not key else names.get(str(key), str(key))


# --- 统计 ---------------------------------------------------------------------------------------------------------

STATS_COLUMNS = (
    Column("单位", 22), Column("支部数", 8), Column("报告数", 8), Column("已分析", 8), Column("错误", 7),
    Column("缺少部分的报告", 14), Column("平均模糊句占比", 14, PERCENT), Column("平均数据密度（每千字）", 20, "0.0"),
    Column("关注：高", 9), Column("关注：中", 9), Column("关注：低", 9),
)  # fmt: skip
GRADE_COLUMNS = (
    Column("单位", 22), Column("已评定", 8), *(Column(grade, 8) for grade in GRADES),
    Column("好占比", 10, PERCENT), Column("好占比检查", 14),
)  # fmt: skip


def _stats_sheet(wb: Workbook, units: Sequence[UnitStats], cap: float) -> None:
    """The table by unit (rows 2.. hold the units, for the charts), then the grades table when grades exist."""
    ws = _new_sheet(wb, "统计", STATS_COLUMNS, freeze="B2")
    total = total_of(units)
    for unit in units:
        _append(ws, STATS_COLUMNS, unit.row())
    _append(ws, STATS_COLUMNS, total.row(), font=_BOLD)
    if not total.grades:
        return
    ws.append([])
    ws.append([_styled(ws, f"评定等次：“好”不超过各单位已评定报告的{cap:.0%}", font=_BOLD)])
    ws.append([_styled(ws, column.header, font=_HEADER_FONT, fill=_HEADER_FILL) for column in GRADE_COLUMNS])
    for unit in [*units, total]:
        values, over = unit.grade_row(cap), unit.over_cap(cap)
        ws.append([_grade_cell(ws, column, values.get(column.header), over) for column in GRADE_COLUMNS])


def _grade_cell(ws: WriteOnlyWorksheet, column: Column, value: object, over_cap: bool) -> object:
    """A cell of the grades table: the share and the check in red where a unit gives too many 好."""
    flagged = over_cap and column.header in ("好占比", "好占比检查")
    return _styled(
        ws, value, column.number_format, font=_RED_FONT if flagged else None, fill=_RED_FILL if flagged else None
    )


# --- 图表 ---------------------------------------------------------------------------------------------------------


def _charts_sheet(wb: Workbook, result: AuditResult, units: Sequence[UnitStats], names: Mapping[str, str]) -> None:
    """Helper tables in columns A.., one below the other, and the charts to their right."""
    ws = wb.create_sheet("图表")
    ws.column_dimensions["A"].width = 22
    sections = list(dict.fromkeys([*names, *(key for unit in units for key in unit.missing)]))
    anchor = get_column_letter(max(len(sections) + 3, 4))
    bins = bins_of([row.outcome.chars for row in result.rows if row.outcome.ok])
    ws.append([_styled(ws, "字数区间", font=_BOLD), _styled(ws, "报告数", font=_BOLD)])
    for low, high, count in bins:
        ws.append([f"{low}–{high}", count])
    if bins:
        ws.add_chart(_histogram(ws, len(bins)), f"{anchor}2")
    if not units:
        return
    ws.add_chart(_vague_by_unit(wb["统计"], len(units)), f"{anchor}20")
    if not sections:
        return
    top = len(bins) + 3  # the missing-sections table's header: below the bins and a blank row
    ws.append([])
    ws.append([_styled(ws, header, font=_BOLD) for header in ["单位", *(names.get(k, k) for k in sections)]])
    for unit in units:
        ws.append([_safe(unit.unit), *(unit.missing[key] for key in sections)])
    ws.add_chart(_missing_by_unit(ws, top, len(units), len(sections)), f"{anchor}38")


def _histogram(ws: WriteOnlyWorksheet, bins: int) -> BarChart:
    chart = _bar_chart("字数分布", "字数", "报告数")
    chart.gapWidth, chart.legend = 10, None
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=bins + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=bins + 1))
    return chart


def _vague_by_unit(stats: WriteOnlyWorksheet, units: int) -> BarChart:
    """From 统计, whose rows 2.. are the units."""
    chart = _bar_chart("各单位平均模糊句占比", "单位", "模糊句占比")
    column = _index(STATS_COLUMNS, "平均模糊句占比")
    chart.add_data(Reference(stats, min_col=column, min_row=1, max_row=units + 1), titles_from_data=True)
    chart.set_categories(Reference(stats, min_col=1, min_row=2, max_row=units + 1))
    chart.y_axis.number_format, chart.legend = "0%", None
    return chart


def _missing_by_unit(ws: WriteOnlyWorksheet, top: int, units: int, sections: int) -> BarChart:
    """One stacked series per section, from the table whose header is row ``top``."""
    chart = _bar_chart("各单位缺少各部分的报告数", "单位", "报告数")
    chart.grouping, chart.overlap = "stacked", 100
    data = Reference(ws, min_col=2, max_col=sections + 1, min_row=top, max_row=top + units)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + units))
    return chart


def _bar_chart(title: str, x_title: str, y_title: str) -> BarChart:
    chart = BarChart()
    chart.type, chart.title, chart.width, chart.height = "col", title, 18, 8
    chart.x_axis.title, chart.y_axis.title = x_title, y_title
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides the axes otherwise
    return chart


# --- writing cells --------------------------------------------------------------------------------------------------


def _safe(value: object) -> object:
    """A value a cell can hold and Excel will not evaluate: see the module's docstring."""
    if not isinstance(value, str):
        return value
    text = _ILLEGAL.sub("\ufffd", value)
    if text.startswith(_FORMULA_START) or text in ERROR_CODES:
        text = "'" + text
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def _styled(
    ws: WriteOnlyWorksheet,
    value: object,
    number_format: str | None = None,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> object:
    """The value, made safe, in a styled cell when a style is asked for."""
    value = _safe(value) if value != "" else None  # an empty string is an empty cell
    if value is None or not (number_format or font or fill or alignment):
        return value
    cell = WriteOnlyCell(ws, value)
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if alignment:
        cell.alignment = alignment
    return cell


def _new_sheet(wb: Workbook, title: str, columns: Sequence[Column], freeze: str) -> WriteOnlyWorksheet:
    """A sheet with its column widths, frozen panes and header row (all of which precede the first row)."""
    ws = wb.create_sheet(title)
    for number, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(number)].width = column.width
    ws.freeze_panes = freeze
    ws.append([_styled(ws, column.header, font=_HEADER_FONT, fill=_HEADER_FILL) for column in columns])
    return ws


def _append(ws: WriteOnlyWorksheet, columns: Sequence[Column], values: Row, font: Font | None = None) -> None:
    ws.append(
        [
            _styled(ws, values.get(c.header), c.number_format, font=font, alignment=_WRAP if c.wrap else None)
            for c in columns
        ]
    )


def _write_table(
    wb: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Row], freeze: str
) -> list[tuple[WriteOnlyWorksheet, int]]:
    """Rows under a filtered header; past Excel's row limit they go on in "title（2）" and so on.
    Returns each sheet with the number of rows on it."""
    sheets: list[tuple[WriteOnlyWorksheet, int]] = []
    remaining = iter(rows)
    first = next(remaining, None)
    while True:
        ws = _new_sheet(wb, title if not sheets else f"{title}（{len(sheets) + 1}）", columns, freeze)
        count = 0
        part: Iterator[Row] = chain([first], islice(remaining, MAX_DATA_ROWS - 1)) if first is not None else iter(())
        for values in part:
            _append(ws, columns, values)
            count += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        sheets.append((ws, count))
        first = next(remaining, None)
        if first is None:
            return sheets


def _index(columns: Sequence[Column], header: str) -> int:
    """The 1-based column number of a header."""
    return next(number for number, column in enumerate(columns, 1) if column.header == header)
