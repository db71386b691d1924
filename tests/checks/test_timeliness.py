"""timeliness.year_mismatch: a title, a sentence or last year's figures that put the report in another year."""

from __future__ import annotations

from dataclasses import replace

from analyzers.checks.timeliness import YearMismatchCheck
from tests.checks.conftest import context

ACHIEVEMENTS = "一、主要工作进展成效"


def _found(ctx) -> list[str | None]:
    return [f.text for f in YearMismatchCheck().run(ctx)]


def test_a_title_of_another_year_than_the_profiles_is_flagged() -> None:
    parts = [("achievements", ACHIEVEMENTS, ["本人讲授党课3次。"])]
    ctx = context(parts, "sztu-2022", title="2021年度党支部书记述职报告")
    [finding] = YearMismatchCheck().run(ctx)
    assert finding.text == "2021" and finding.span is not None and finding.span.block == 0
    assert "2022" in finding.message


def test_a_title_matching_the_profile_is_quiet() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["本人讲授党课3次。"])], "sztu-2022")
    assert _found(ctx) == []


def test_calling_another_year_this_year_is_flagged() -> None:
    ctx = context([("achievements", ACHIEVEMENTS, ["今年（2021年）支部发展党员3名。"])])
    assert _found(ctx) == ["2021年"]


def test_naming_last_year_as_last_year_is_not_flagged() -> None:
    ctx = context(
        [
            ("achievements", ACHIEVEMENTS, [
                "今年支部发展党员3名，较2021年增加1名。",
                "支部成立于2015年，今年党员人数达到36名。",
                "自2020年以来，支部坚持每月开展主题党日。",
            ]),
        ]
    )  # fmt: skip
    assert _found(ctx) == []


def test_last_years_sentence_with_its_figures_is_flagged_as_copied() -> None:
    copied = "全年开展主题党日活动12次，发展党员2名，党费收缴率100%。"
    last_year = context([("achievements", ACHIEVEMENTS, [copied])], title="2021年度党支部书记述职报告")
    this_year = context([("achievements", ACHIEVEMENTS, [copied, "本人讲授党课3次。"])])
    assert _found(replace(this_year, previous=last_year)) == [copied]


def test_a_repeated_sentence_with_new_figures_or_no_figures_is_not_last_years_figures() -> None:
    last_year = context(
        [("achievements", ACHIEVEMENTS, ["全年开展主题党日活动12次。", "支部坚持把政治建设摆在首位。"])],
        title="2021年度党支部书记述职报告",
    )
    this_year = context(
        [("achievements", ACHIEVEMENTS, ["全年开展主题党日活动14次。", "支部坚持把政治建设摆在首位。"])]
    )
    assert _found(replace(this_year, previous=last_year)) == []
