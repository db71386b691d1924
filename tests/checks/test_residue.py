"""residue.placeholder: template placeholders, writer's instructions and paragraphs pasted twice."""

from __future__ import annotations

import pytest

from analyzers.checks.residue import ResidueCheck
from tests.checks.conftest import context

ACHIEVEMENTS = "一、主要工作进展成效"


def _quoted(*paragraphs: str) -> list[str | None]:
    return [f.text for f in ResidueCheck().run(context([("achievements", ACHIEVEMENTS, list(paragraphs))]))]


@pytest.mark.parametrize(
    ("paragraph", "placeholder"),
    [
        ("全年发展党员X名，开展主题党日活动12次。", "X"),
        ("全年开展集中学习XX次，覆盖党员100%。", "XX"),
        ("XX党支部全年召开支委会12次。", "XX"),
        ("由××同志负责党费收缴。", "××"),
        ("〇〇月〇〇日召开组织生活会。", "〇〇月〇〇日"),
        ("X月X日召开支委会。", "X月X日"),
        ("支部表彰了某某同志。", "某某"),
        ("【填写本年度发展党员情况】支部全年发展党员2名。", "【填写本年度发展党员情况】"),
        ("支部开展了主题党日活动（此处填写具体事例）。", "（此处填写具体事例）"),
        ("全年收缴党费（请根据实际情况填写）元。", "（请根据实际情况填写）"),
    ],
)
def test_placeholders_and_instructions_are_errors(paragraph: str, placeholder: str) -> None:
    assert placeholder in _quoted(paragraph)


def test_the_finding_points_at_the_placeholder() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["全年发展党员X名。"])])
    [finding] = ResidueCheck().run(ctx)
    assert finding.severity == "error" and finding.section == "achievements"
    assert ctx.document.blocks[finding.span.block].text[finding.span.start : finding.span.end] == "X"


@pytest.mark.parametrize(
    "paragraph",
    [
        "支部组织党员参观X射线实验室，学习Python数据分析。",
        "疫情期间（COVID-19）支部党员全部参加志愿服务。",
        "某高校来访交流，支部介绍了经验。",
        "支部现有党员12名（含预备党员2名），执行《中国共产党支部工作条例（试行）》。",
        "支部成立于二〇〇八年，至今已有党员36名。",
    ],
)
def test_ordinary_text_is_not_a_placeholder(paragraph: str) -> None:
    assert _quoted(paragraph) == []


def test_a_paragraph_pasted_twice_is_flagged_once() -> None:
    twice = "全年开展主题党日活动12次，发展党员2名，党费收缴率100%，支部战斗堡垒作用明显增强。"
    ctx = context([("achievements", ACHIEVEMENTS, [twice, "本人讲授党课3次。", twice])])
    [finding] = ResidueCheck().run(ctx)
    assert finding.span is not None and finding.span.block == 4 and "第 3 段" in finding.message


def test_short_repeated_lines_are_not_pastes() -> None:
    assert _quoted("全年开展学习12次。", "全年开展学习12次。") == []


def test_highlighted_instructions_in_a_docx_are_errors_and_highlighted_emphasis_is_not() -> None:
    from analyzers.pipeline import analyze
    from analyzers.profiles import load_profile
    from analyzers.readers import read_document
    from tests.fixtures.docx_builder import build_docx, para, run

    data = build_docx(
        [
            para("2022年度党支部书记述职报告"),
            para("一、主要工作进展成效", style="Heading1"),
            para([run("全年发展党员2名。"), run("请在此处补充本年度特色活动", highlight="yellow"), run("。")]),
            para([run("本人讲授党课"), run("3次", highlight="yellow"), run("，覆盖党员40人。")]),
        ]
    )
    document = read_document(data, "报告.docx")
    block = document.blocks[2]
    [(start, end)] = block.highlights
    assert block.text[start:end] == "请在此处补充本年度特色活动"
    findings = [f for f in analyze(document, load_profile()).findings if f.rule == "residue.placeholder"]
    assert [f.text for f in findings] == ["请在此处补充本年度特色活动"]
