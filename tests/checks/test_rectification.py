"""rectification.*: problems without measures, measures nobody can check, last year's problems left unmentioned."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analyzers.checks.rectification import RectificationCheck, sentence_role, vocabulary
from analyzers.checks.similarity import PreviousYearSimilarityCheck, shared_share
from tests.checks.conftest import context

PROBLEMS = "三、存在问题及整改措施"
PLANS = "四、下一步工作计划"


def _rules(ctx) -> list[tuple[str, str | None]]:
    return [(f.rule, f.text) for f in RectificationCheck().run(ctx)]


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("一是理论学习结合专业不够深入。", "problem"),
        ("究其原因，主观上本人对学习的谋划不够。", "cause"),
        ("下一步，支部将每月开展1次专题研讨。", "measure"),
        ("2024年3月底前建立青年教师联系台账。", "measure"),
        ("没有将学习成果转化为推动工作的实际成效。", "problem"),
    ],
)
def test_sentences_of_a_problems_section_are_sorted_by_their_cues(sentence: str, role: str) -> None:
    assert sentence_role(sentence, None, vocabulary()) == role


def test_a_problem_with_a_measure_on_the_same_matter_is_covered() -> None:
    ctx = context(
        [
            ("problems", PROBLEMS, [
                "一是青年教师入党积极性不高，全年仅1名青年教师递交入党申请书。",
                "整改措施：2024年6月底前由组织委员牵头，为每名青年教师确定1名党员联系人。",
            ]),
        ]
    )  # fmt: skip
    assert _rules(ctx) == []


def test_a_problem_without_any_measure_is_flagged() -> None:
    problem = "二是党费收缴不及时，有3名党员连续两个月未按时交纳党费。"
    ctx = context(
        [
            ("problems", PROBLEMS, ["一是理论学习不够深入。下一步将每月开展1次专题学习。", problem]),
            ("plans", PLANS, ["2024年组织党员集中学习12次。"]),
        ]
    )
    assert _rules(ctx) == [("rectification.no_measures", problem)]


def test_a_list_of_problems_followed_by_a_list_of_measures_answers_them_all() -> None:
    ctx = context(
        [
            ("problems", PROBLEMS, [
                "一是理论学习不够深入，结合专业研讨只有2次。", "二是党费收缴不及时，3名党员未按时交纳。",
                "整改措施：2024年起每月开展1次专题研讨；由组织委员负责每月10日前收缴党费。",
            ]),
        ]
    )  # fmt: skip
    assert [r for r, _ in _rules(ctx) if r == "rectification.no_measures"] == []


def test_a_measure_in_the_plans_section_covers_a_problem() -> None:
    problem = "二是党费收缴不及时，有3名党员连续两个月未按时交纳党费。"
    ctx = context(
        [
            ("problems", PROBLEMS, [problem]),
            ("plans", PLANS, ["2024年1月起每月10日前完成党费收缴，由组织委员督促。"]),
        ]
    )
    assert _rules(ctx) == []


def test_a_measure_without_deadline_owner_or_quantity_is_vague() -> None:
    vague = "今后将进一步加强理论学习，不断提高学习效果。"
    ctx = context(
        [
            ("problems", PROBLEMS, ["一是理论学习效果不够好，学习笔记抽查合格率只有76%。", vague]),
        ]
    )
    assert ("rectification.vague_measure", vague) in _rules(ctx)


@pytest.mark.parametrize(
    "measure",
    [
        "2024年3月底前完成学习笔记全覆盖检查。",
        "由组织委员负责，每季度抽查一次学习笔记。",
        "每月开展1次专题研讨，提高学习效果。",
    ],
)
def test_a_measure_with_a_deadline_an_owner_or_a_quantity_is_checkable(measure: str) -> None:
    ctx = context([("problems", PROBLEMS, ["一是学习笔记抽查合格率只有76%，理论学习效果不够好。", measure])])
    assert [r for r, _ in _rules(ctx) if r == "rectification.vague_measure"] == []


LAST_YEAR_PROBLEMS = [
    "一是青年教师入党积极性不高，全年仅1名青年教师递交入党申请书。",
    "二是党费收缴不及时，有3名党员连续两个月未按时交纳党费。",
]


def test_last_years_problem_not_mentioned_this_year_is_flagged() -> None:
    last_year = context([("problems", PROBLEMS, LAST_YEAR_PROBLEMS)], title="2022年度党支部书记述职报告")
    this_year = context(
        [
            ("achievements", "一、主要工作进展成效", [
                "针对上年度青年教师入党积极性不高的问题，支部为每名青年教师确定1名联系人，全年有4名青年教师递交入党申请书。",
            ]),
            ("problems", PROBLEMS, ["一是支部活动形式单一，全年12次主题党日中有9次是集中学习。"]),
        ],
        title="2023年度党支部书记述职报告",
    )  # fmt: skip
    findings = [f for f in RectificationCheck().run(replace(this_year, previous=last_year))
                if f.rule == "rectification.previous_unaddressed"]  # fmt: skip
    assert [f.text for f in findings] == [LAST_YEAR_PROBLEMS[1]]
    assert "党费收缴不及时" in findings[0].message


def test_without_last_years_report_nothing_is_said_of_it() -> None:
    ctx = context([("problems", PROBLEMS, LAST_YEAR_PROBLEMS)])
    assert [r for r, _ in _rules(ctx) if r == "rectification.previous_unaddressed"] == []


# -- similarity.previous_year ---------------------------------------------------------------------------------

PARAGRAPHS = [
    "支部坚持“第一议题”制度，全年开展集中学习16次，组织党员撰写心得体会45篇。",
    "本人带头讲授专题党课3次，带领支委深入班级开展谈心谈话42人次。",
    "支部与南岭社区党委签订共建协议，组织党员志愿者开展义诊和宣讲活动8场。",
]


def test_a_near_copy_of_last_years_report_is_flagged_with_the_share() -> None:
    last_year = context([("achievements", "一、主要工作进展成效", PARAGRAPHS)], title="2022年度述职报告")
    copied = [p.replace("16", "18").replace("45", "50") for p in PARAGRAPHS]  # the figures updated, the text kept
    this_year = context([("achievements", "一、主要工作进展成效", copied)], title="2023年度述职报告")
    [finding] = PreviousYearSimilarityCheck().run(replace(this_year, previous=last_year))
    assert finding.rule == "similarity.previous_year" and "100%" in finding.message


def test_a_new_report_in_the_same_framework_is_not_a_copy() -> None:
    last_year = context([("achievements", "一、主要工作进展成效", PARAGRAPHS)], title="2022年度述职报告")
    this_year = context(
        [("achievements", "一、主要工作进展成效", [
            "支部围绕学习贯彻党的二十大精神，全年组织专题研讨6次，党员交流发言38人次。",
            "本人牵头修订《支部学习制度》，新增学习后10日内提交心得一条。",
        ])],
        title="2023年度述职报告",
    )  # fmt: skip
    assert PreviousYearSimilarityCheck().run(replace(this_year, previous=last_year)) == []


def test_shared_share_counts_the_characters_inside_shared_runs() -> None:
    assert shared_share(["甲乙丙丁戊己庚辛"], ["甲乙丙丁戊己庚辛"]) == 1.0
    assert shared_share(["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"], ["甲乙丙丁戊己庚辛"]) == 0.5
    assert shared_share(["短"], ["短"]) == 0.0
