"""Data-point checks: none in achievements, thin sections, vague quantities, and numbers that cannot all be true."""

from __future__ import annotations

from analyzers.checks.datapoints import ConsistencyCheck, DataDensityCheck, VagueQuantityCheck
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from corpora.samples.build import HERE
from tests.checks.conftest import context

ACHIEVEMENTS = "一、主要工作进展成效"
PLANS = "四、下一步工作计划"
FACTS = "全年发展党员3名，开展主题党日活动12次，覆盖师生600余人，党费收缴率100%。"


def _rules(findings: list) -> list[str]:
    return [f.rule for f in findings]


# -- data.none_in_section / data.density ---------------------------------------------------------------------


def test_achievements_without_any_data_point_is_a_warning() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["支部进一步加强理论学习，不断提升组织力，党员意识明显增强。"])])
    [finding] = DataDensityCheck().run(ctx)
    assert finding.rule == "data.none_in_section" and finding.severity == "warning"
    assert "主要工作进展成效" in finding.message and finding.span is not None and finding.span.block == 1


def test_achievements_with_data_points_are_quiet() -> None:
    assert DataDensityCheck().run(context([("achievements", ACHIEVEMENTS, [FACTS])])) == []


def test_plans_without_data_points_are_not_asked_for_them_here() -> None:
    assert DataDensityCheck().run(context([("plans", PLANS, ["下一步将继续加强党员教育。"])])) == []


def test_a_long_section_with_few_data_points_gets_a_density_note() -> None:
    filler = "支部坚持以党建引领业务发展，推动党员在教学科研中发挥作用，营造了良好的学习氛围。" * 6
    ctx = context([("achievements", ACHIEVEMENTS, [filler, "全年发展党员1名。"])])
    [finding] = DataDensityCheck().run(ctx)
    assert finding.rule == "data.density" and finding.severity == "info"
    assert "只有 1 个数据点" in finding.message


# -- data.vague_quantity -------------------------------------------------------------------------------------


def test_vague_quantity_asks_for_the_number() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["支部多次组织党员开展志愿服务。", FACTS])])
    [finding] = VagueQuantityCheck().run(ctx)
    assert finding.rule == "data.vague_quantity" and "“多次”" in finding.message
    block = ctx.document.blocks[finding.span.block]
    assert block.text[finding.span.start : finding.span.end] == "多次"
    assert finding.suggestion


# -- consistency ---------------------------------------------------------------------------------------------


def test_a_share_above_100_percent_is_flagged_but_growth_is_not() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["党费收缴率105%。", "志愿服务时长同比增长120%。"])])
    findings = ConsistencyCheck().run(ctx)
    assert _rules(findings) == ["data.percent_over_100"]
    assert findings[0].text == "105%"


def test_the_same_subject_with_two_values_is_a_conflict() -> None:
    ctx = context(
        [
            ("achievements", ACHIEVEMENTS, ["全年发展党员3名，开展主题党日活动12次。"]),
            ("highlights", "二、工作特色亮点", ["支部全年发展党员2名，均为青年教师。"]),
        ]
    )
    [finding] = [f for f in ConsistencyCheck().run(ctx) if f.rule == "data.conflict"]
    assert "3名" in finding.message and "2名" in finding.message and finding.text == "2名"


def test_parts_changes_and_targets_are_not_conflicts() -> None:
    ctx = context(
        [
            ("achievements", ACHIEVEMENTS, ["全年发展党员3名，其中发展党员2名为青年教师。", "较上年多发展党员1名。"]),
            ("plans", PLANS, ["2023年发展党员不少于5名。"]),
        ]
    )
    assert [f for f in ConsistencyCheck().run(ctx) if f.rule == "data.conflict"] == []


def test_awards_of_one_grade_in_different_contests_are_not_conflicts() -> None:
    ctx = context(
        [
            ("achievements", ACHIEVEMENTS, ["党员教师指导学生获全国大学生机械创新设计大赛二等奖2项。",
                                            "作为主要完成人获省科学技术奖二等奖1项。"]),  # fmt: skip
        ]
    )
    assert [p.subject for p in ctx.data_points if p.unit == "项"] == ["二等奖", "二等奖"]  # what makes them alike
    assert [f for f in ConsistencyCheck().run(ctx) if f.rule == "data.conflict"] == []


def test_a_date_of_another_year_in_the_achievements_is_flagged() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["2021年6月完成支部换届选举。", "2022年3月召开组织生活会。"])])
    [finding] = [f for f in ConsistencyCheck().run(ctx) if f.rule == "data.date_outside_year"]
    assert finding.text == "2021年6月" and "2022" in finding.message


def test_dates_since_last_year_and_plans_for_next_year_are_not_flagged() -> None:
    ctx = context(
        [
            ("achievements", ACHIEVEMENTS, ["2021年9月以来，支部坚持每月开展主题党日。"]),
            ("plans", PLANS, ["2023年6月前完成支部换届。"]),
        ]
    )
    assert [f for f in ConsistencyCheck().run(ctx) if f.rule == "data.date_outside_year"] == []


def test_plans_dated_before_the_report_year_are_flagged() -> None:
    ctx = context([("plans", PLANS, ["2021年6月前完成支部换届。"])])
    assert _rules(ConsistencyCheck().run(ctx)) == ["data.date_outside_year"]


def test_problems_may_recall_last_year_but_a_past_deadline_is_flagged() -> None:
    text = "2021年11月巡察反馈的问题中仍有1个未整改，计划2021年12月底前完成整改。"
    ctx = context([("problems", "三、存在问题及整改措施", [text])])
    [finding] = ConsistencyCheck().run(ctx)
    assert finding.rule == "data.date_outside_year" and finding.text == "2021年12月底前"
    assert "已经过去" in finding.message


def test_without_a_report_year_dates_are_not_judged() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["2021年6月完成支部换届选举。"])], title="党支部书记述职报告")
    assert ctx.report_year is None
    assert ConsistencyCheck().run(ctx) == []


# -- the Report ----------------------------------------------------------------------------------------------


def test_report_lists_data_points_with_spans_into_the_text_and_densities() -> None:
    name = "teacher-branch-2022.docx"
    document = read_document((HERE / name).read_bytes(), name)
    report = analyze(document, load_profile("sztu-2022"))
    assert len(report.data_points) >= 20
    for point in report.data_points:
        assert document.blocks[point.span.block].text[point.span.start : point.span.end] == point.text
    assert report.summary.data_density is not None and report.summary.data_density > 5
    achievements = next(s for s in report.sections if s.key == "achievements")
    assert achievements.data_points > 0 and achievements.data_density is not None
    assert sum(s.data_points for s in report.sections) == len(report.data_points)
