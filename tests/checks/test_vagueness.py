"""表面化 checks: vague sentences with reasons, mostly vague sections, problems without a 主观 cause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from analyzers.checks.base import CheckContext
from analyzers.checks.vagueness import SubjectiveCauseCheck, VagueSectionCheck, VagueSentenceCheck
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.report import Finding
from analyzers.vagueness_model import MODEL_PATH, VaguenessScorer
from corpora.samples.build import HERE
from tests.checks.conftest import context

pytestmark = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained vagueness model (make train)")

CASES = Path(__file__).resolve().parent.parent / "cases" / "vague.sentence.yaml"
SECTION_HEADINGS = {
    "achievements": "一、主要工作进展成效",
    "highlights": "二、工作特色亮点",
    "problems": "三、存在问题及整改措施",
    "plans": "四、下一步工作计划",
}
CONCRETE = "全年开展主题党日活动12次，发展党员2名，党费收缴率100%。"
VAGUE = "支部进一步加强理论学习，不断提升党建工作水平。"


def _scored(parts: Sequence[tuple[str | None, str, Sequence[str]]], profile: str = "four-part") -> CheckContext:
    return replace(context(parts, profile), vagueness=VaguenessScorer.load_default())


def _one_section(key: str, *paragraphs: str) -> CheckContext:
    return _scored([(key, SECTION_HEADINGS[key], list(paragraphs))])


def _rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# -- vague.sentence -------------------------------------------------------------------------------------


def test_vague_sentence_is_flagged_with_a_lexicon_reason() -> None:
    ctx = _one_section("achievements", CONCRETE + VAGUE)
    [finding] = VagueSentenceCheck().run(ctx)
    assert finding.text == VAGUE
    assert finding.section == "achievements"
    assert finding.span is not None
    assert ctx.document.blocks[finding.span.block].text[finding.span.start : finding.span.end] == VAGUE
    [score] = [s for s in ctx.sentence_scores if s.vague]
    assert any("进一步加强" in reason for reason in score.reasons)
    assert "无数据" in score.reasons
    assert "进一步加强" in finding.message and finding.suggestion


def test_vague_sentence_message_says_what_is_missing_and_suggestion_what_to_add() -> None:
    ctx = _one_section("plans", "下一步，支部将进一步加强党员教育管理，努力开创支部工作新局面。")
    [finding] = VagueSentenceCheck().run(ctx)
    assert "无数据" in finding.message and "无时间" in finding.message
    assert finding.suggestion is not None and "何时完成" in finding.suggestion


def test_concrete_sentence_is_not_flagged() -> None:
    ctx = _one_section("achievements", CONCRETE, "2022年10月16日，支部组织全体党员集中收看党的二十大开幕会。")
    assert VagueSentenceCheck().run(ctx) == []
    assert [s.vague for s in ctx.sentence_scores] == [False, False]
    assert all(s.reasons == [] for s in ctx.sentence_scores)


def _cases(kind: str) -> list[dict[str, str]]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))[kind]


@pytest.mark.parametrize("case", _cases("fail"), ids=lambda c: c["text"][:12])
def test_case_file_fail_sentences_are_flagged(case: dict[str, str]) -> None:
    findings = VagueSentenceCheck().run(_one_section(case["section"], case["text"]))
    assert [f.text for f in findings] == [case["text"]]


@pytest.mark.parametrize("case", _cases("pass"), ids=lambda c: c["text"][:12])
def test_case_file_pass_sentences_are_not_flagged(case: dict[str, str]) -> None:
    assert VagueSentenceCheck().run(_one_section(case["section"], case["text"])) == []


def test_sentences_leave_out_headings_run_in_headings_and_front_matter() -> None:
    ctx = _scored(
        [
            ("achievements", "一、主要工作进展成效", ["（一）组织生活规范开展。" + CONCRETE, VAGUE]),
            ("plans", "二、下一步工作计划", ["2023年3月底前制定支部年度学习计划。"]),
        ]
    )
    assert [s.text for s in ctx.sentences] == [CONCRETE, VAGUE, "2023年3月底前制定支部年度学习计划。"]
    assert [s.section for s in ctx.sentences] == ["achievements", "achievements", "plans"]
    assert len(ctx.scored) == len(ctx.sentences)


def test_without_a_model_sentences_are_split_but_not_scored() -> None:
    ctx = context([("achievements", "一、主要工作进展成效", [VAGUE])])
    assert [s.text for s in ctx.sentences] == [VAGUE]
    assert ctx.sentence_scores == () and VagueSentenceCheck().run(ctx) == []


# -- vague.section --------------------------------------------------------------------------------------


def test_section_is_flagged_when_most_of_its_sentences_are_vague() -> None:
    ctx = _one_section(
        "problems",
        "理论学习的深度和广度有待进一步加强。",
        "支部活动的形式有待进一步丰富，吸引力还不够强。",
        "部分党员的先锋模范作用发挥还不够充分。",
        "联系的9名青年教师中仍有4人尚未递交入党申请书。",
    )
    [finding] = VagueSectionCheck().run(ctx)
    assert finding.section == "problems"
    assert "4 句中有 3 句" in finding.message
    assert finding.span is not None and finding.span.block == 1  # the section's heading


def test_section_is_not_flagged_when_most_sentences_are_concrete() -> None:
    facts = ("2022年6月，支部按期完成换届选举。", "支部1名党员获评优秀共产党员。")
    ctx = _one_section("achievements", CONCRETE, VAGUE, *facts)
    assert VagueSectionCheck().run(ctx) == []


# -- vague.no_subjective_cause --------------------------------------------------------------------------

_OBJECTIVE = [
    "支部党员分散在三个校区，集中学习难以组织。",
    "受疫情影响，全年有5个月无法开展线下活动。",
]


def test_no_subjective_cause_fires_when_problems_name_only_objective_difficulties() -> None:
    ctx = _one_section("problems", *_OBJECTIVE)
    [finding] = SubjectiveCauseCheck().run(ctx)
    assert finding.section == "problems" and "主观" in finding.message
    assert finding.suggestion is not None and "主观" in finding.suggestion


@pytest.mark.parametrize(
    "cause",
    ["主观上，本人对支部学习的谋划和督促投入精力不足。", "究其根源，在于支委会思想上对融合工作重视不够。"],
)
def test_no_subjective_cause_is_quiet_when_a_subjective_cause_is_given(cause: str) -> None:
    assert SubjectiveCauseCheck().run(_one_section("problems", *_OBJECTIVE, cause)) == []


def test_no_subjective_cause_looks_only_at_problems_sections() -> None:
    ctx = _scored([("achievements", SECTION_HEADINGS["achievements"], _OBJECTIVE)])
    assert SubjectiveCauseCheck().run(ctx) == []


def test_no_subjective_cause_covers_the_merged_problems_and_plans_section_of_sysu() -> None:
    ctx = _scored([("problems_plans", "四、存在问题和下一步工作思路和举措", _OBJECTIVE)], profile="sysu-2020")
    assert [f.section for f in SubjectiveCauseCheck().run(ctx)] == ["problems_plans"]


# -- the Report -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("teacher-branch-2022.docx", "sztu-2022"),
        ("student-branch-2022.pdf", "sztu-2022"),
        ("retiree-branch-2020.txt", "sysu-2020"),
    ],
)
def test_every_report_sentence_has_a_valid_span_and_the_ratio_counts_them(name: str, profile: str) -> None:
    document = read_document((HERE / name).read_bytes(), name)
    report = analyze(document, load_profile(profile))
    assert report.sentences
    keys = {s.key for s in report.sections}
    for sentence in report.sentences:
        block = document.blocks[sentence.span.block]
        assert block.text[sentence.span.start : sentence.span.end] == sentence.text
        assert sentence.section in keys
        assert 0.0 <= sentence.vagueness <= 1.0
        assert bool(sentence.reasons) == sentence.vague
    vague = sum(s.vague for s in report.sentences)
    assert report.summary.vague_ratio == round(vague / len(report.sentences), 4)
    flagged = [f for f in report.findings if f.rule == "vague.sentence"]
    assert [f.text for f in flagged] == [s.text for s in report.sentences if s.vague]


def test_weak_students_report_is_more_vague_than_the_strong_teachers_report() -> None:
    def ratio(name: str) -> float:
        report = analyze(read_document((HERE / name).read_bytes(), name), load_profile("sztu-2022"))
        assert report.summary.vague_ratio is not None
        return report.summary.vague_ratio

    assert ratio("student-branch-2022.pdf") > 2 * ratio("teacher-branch-2022.docx")


def test_text_output_shows_a_few_vague_sentences_per_section_and_counts_the_rest() -> None:
    from service.render.text import SENTENCES_SHOWN_PER_SECTION, render_report

    report = analyze(
        read_document(
            "\n".join(
                ["2022年度党支部书记述职报告", "一、主要工作进展成效", CONCRETE]
                + [f"支部第{n}项工作进一步加强，不断提升党建工作水平。" for n in "一二三四五六七八"]
            ).encode(),
            "r.txt",
        ),
        load_profile("four-part"),
    )
    flagged = [f for f in report.findings if f.rule == "vague.sentence"]
    assert len(flagged) == 8
    text = render_report(report)
    assert text.count("表述空泛：") == SENTENCES_SHOWN_PER_SECTION
    assert f"另有 {8 - SENTENCES_SHOWN_PER_SECTION} 句" in text
    assert f"“{flagged[0].text}”" in text
