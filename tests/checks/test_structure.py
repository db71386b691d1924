"""structure.* and coverage.* findings on hand-built outlines."""

from __future__ import annotations

from analyzers.checks.structure import BalanceCheck, CoverageCheck, StructureCheck
from analyzers.report import Severity
from tests.checks.conftest import context

WORK = "支部全年开展主题党日活动12次，发展党员2名，组织专题学习8次，覆盖党员40人。" * 3
HIGHLIGHT = "支部打造“匠心铸魂”党建品牌，与企业党支部联建，解决技术难题5项。" * 2
PROBLEM = "理论学习深度不够，主观上本人对支部学习谋划不足。"
PLAN = "2023年6月底前完成支委联系青年教师全覆盖，每季度开展一次专题研讨。"

FULL = [
    ("achievements", "一、主要工作进展成效", [WORK]),
    ("highlights", "二、工作特色亮点", [HIGHLIGHT]),
    ("problems", "三、存在问题及整改措施", [PROBLEM * 3]),
    ("plans", "四、下一步工作计划", [PLAN]),
]


def rules(findings: list) -> list[str]:
    return [f.rule for f in findings]


def test_structure_is_silent_on_a_complete_report_in_order() -> None:
    assert StructureCheck().run(context(FULL)) == []


def test_structure_flags_missing_section_naming_it_in_the_notice_words() -> None:
    findings = StructureCheck().run(context([FULL[0], FULL[1], FULL[3]]))
    assert rules(findings) == ["structure.missing_section"]
    missing = findings[0]
    assert missing.severity is Severity.ERROR
    assert missing.section == "problems"
    assert "存在问题及整改措施" in missing.message
    assert "第3部分" in (missing.suggestion or "")


def test_structure_flags_section_out_of_order() -> None:
    findings = StructureCheck().run(context([FULL[0], FULL[1], FULL[3], FULL[2]]))
    assert rules(findings) == ["structure.order"]
    assert findings[0].section == "problems"
    assert findings[0].span is not None and findings[0].span.block == 1 + 2 + 2 + 2
    assert findings[0].text == "三、存在问题及整改措施"


def test_structure_flags_duplicate_section() -> None:
    parts = [*FULL, ("achievements", "五、其他工作成效", [WORK])]
    findings = StructureCheck().run(context(parts))
    assert "structure.duplicate_section" in rules(findings)


def test_structure_reports_unrecognised_heading_as_info() -> None:
    parts = [*FULL, (None, "五、其他需要说明的事项", ["无。"])]
    findings = StructureCheck().run(context(parts))
    assert rules(findings) == ["structure.unrecognised_heading"]
    assert findings[0].severity is Severity.INFO
    assert findings[0].text == "五、其他需要说明的事项"


def test_balance_flags_thin_problems_section_as_avoiding_the_hard_part() -> None:
    thin = [FULL[0], FULL[1], ("problems", "三、存在问题及整改措施", ["学习有待加强。"]), FULL[3]]
    ctx = context(thin)
    findings = BalanceCheck().run(ctx)
    assert rules(findings) == ["structure.unbalanced"]
    assert findings[0].section == "problems"
    assert "避重就轻" in (findings[0].suggestion or "")


def test_balance_is_silent_when_problems_section_has_its_share() -> None:
    assert BalanceCheck().run(context(FULL)) == []


def test_coverage_flags_content_point_never_addressed() -> None:
    findings = CoverageCheck().run(context(FULL, profile="sztu-2022"))
    names = [f.message for f in findings]
    assert any("意识形态" in m for m in names)
    assert all(f.rule == "coverage.missing_point" for f in findings)


def test_coverage_is_silent_when_point_is_addressed_in_its_section() -> None:
    ideology = "支部落实意识形态工作责任制，严格执行报告会、讲座“一会一报”制度。"
    politics = "支部严格落实“第一议题”制度，坚定做到“两个维护”。"
    roles = "党员在疫情防控中发挥先锋模范作用，支部组织发挥战斗堡垒作用。"
    building = "支部严格落实“三会一课”、组织生活会和民主评议党员制度，规范发展党员。"
    parts = [("achievements", "一、主要工作进展成效", [ideology, politics, roles, building]), *FULL[1:]]
    assert CoverageCheck().run(context(parts, profile="sztu-2022")) == []
