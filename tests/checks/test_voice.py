"""voice.no_personal_role: the secretary never says what they personally did or failed to do."""

from __future__ import annotations

import pytest

from analyzers.checks.voice import PersonalRoleCheck, is_personal, personal_ratio
from tests.checks.conftest import context

COLLECTIVE = ["支部全年开展主题党日活动12次。", "支部发展党员2名。"]
PROBLEMS = ["支部理论学习结合专业不够，全年集中学习16次中只有2次结合专业研讨。"]


@pytest.mark.parametrize(
    ("sentence", "personal"),
    [
        ("本人全年讲授党课3次。", True),
        ("作为支部书记，我对青年教师的思想动态掌握不够。", True),
        ("我带头参加了校级党支部书记培训。", True),
        ("我们支部全年开展主题党日12次。", False),
        ("我校党委印发了通知。", False),
        ("支部发展党员2名。", False),
    ],
)
def test_personal_sentences_have_the_secretary_as_actor(sentence: str, personal: bool) -> None:
    assert is_personal(sentence) is personal


def test_a_report_without_the_secretary_is_flagged() -> None:
    ctx = context(
        [
            ("achievements", "一、主要工作进展成效", COLLECTIVE),
            ("problems", "三、存在问题及整改措施", PROBLEMS),
        ]
    )
    [finding] = PersonalRoleCheck().run(ctx)
    assert finding.rule == "voice.no_personal_role" and "3 句话" in finding.message
    assert personal_ratio(ctx) == 0


def test_one_personal_sentence_is_enough_and_the_ratio_counts_it() -> None:
    ctx = context(
        [
            ("achievements", "一、主要工作进展成效", [*COLLECTIVE, "本人全年讲授党课3次。"]),
            ("problems", "三、存在问题及整改措施", PROBLEMS),
        ]
    )
    assert PersonalRoleCheck().run(ctx) == []
    assert personal_ratio(ctx) == 0.25


def test_the_secretary_in_the_plans_only_does_not_count() -> None:
    ctx = context(
        [
            ("achievements", "一、主要工作进展成效", COLLECTIVE),
            ("plans", "四、下一步工作计划", ["本人将每学期讲授党课2次。"]),
        ]
    )
    assert [f.rule for f in PersonalRoleCheck().run(ctx)] == ["voice.no_personal_role"]
