"""length.* findings: limits from the profile, oral time from the speaking rate."""

from __future__ import annotations

from analyzers.checks.length import SPEAKING_CHARS_PER_MINUTE, LengthCheck, OralTimeCheck
from analyzers.profiles import LengthLimits, OralPresentation, Profile, load_profile
from analyzers.report import Severity
from tests.checks.conftest import context


def _with_limits(min_chars: int | None, max_chars: int | None, oral_minutes: float | None = None) -> Profile:
    oral = OralPresentation(minutes=oral_minutes, source="test") if oral_minutes else None
    limits = LengthLimits(min_chars=min_chars, max_chars=max_chars, source="test")
    return load_profile("four-part").model_copy(update={"length": limits, "oral": oral})


def _report(chars: int):
    # "党建工作" is 4 字; title line "述职报告" is 4 字, heading "一、主要工作进展成效" is 10 字.
    body = "党建工作" * ((chars - 14) // 4)
    return [("achievements", "一、主要工作进展成效", [body])]


def test_length_flags_over_limit_with_count_and_limit() -> None:
    ctx = context(_report(514), profile=_with_limits(None, 300), title="述职报告")
    assert ctx.total_chars == 514
    findings = LengthCheck().run(ctx)
    assert [f.rule for f in findings] == ["length.over_limit"]
    assert "514" in findings[0].message and "300" in findings[0].message


def test_length_flags_under_limit_with_count_and_limit() -> None:
    ctx = context(_report(114), profile=_with_limits(1500, None), title="述职报告")
    findings = LengthCheck().run(ctx)
    assert [f.rule for f in findings] == ["length.under_limit"]
    assert "114" in findings[0].message and "1500" in findings[0].message


def test_length_is_silent_within_limits() -> None:
    assert LengthCheck().run(context(_report(514), profile=_with_limits(100, 1000), title="述职报告")) == []


def test_oral_time_warns_when_reading_takes_longer_than_allowed() -> None:
    chars = SPEAKING_CHARS_PER_MINUTE * 10 + 14
    ctx = context(_report(chars), profile=_with_limits(None, None, oral_minutes=8), title="述职报告")
    findings = OralTimeCheck().run(ctx)
    assert [(f.rule, f.severity) for f in findings] == [("length.oral_time", Severity.WARNING)]
    assert "8 分钟" in findings[0].message and str(SPEAKING_CHARS_PER_MINUTE) in findings[0].message


def test_oral_time_is_info_within_the_time_and_absent_without_oral() -> None:
    ctx = context(_report(514), profile=_with_limits(None, None, oral_minutes=8), title="述职报告")
    assert [f.severity for f in OralTimeCheck().run(ctx)] == [Severity.INFO]
    assert OralTimeCheck().run(context(_report(514), profile=_with_limits(None, None), title="述职报告")) == []


def test_oral_time_says_it_is_the_spoken_time_and_where_its_rate_comes_from() -> None:
    ctx = context(_report(514), profile=_with_limits(None, None, oral_minutes=8), title="述职报告")
    message = OralTimeCheck().run(ctx)[0].message
    assert "口头述职" in message and "读完" not in message  # not to be confused with the silent reading time
    assert f"{SPEAKING_CHARS_PER_MINUTE} 字" in message and "默认" in message
    own_rate = OralPresentation(minutes=8, chars_per_minute=200, source="test")
    profile = _with_limits(None, None).model_copy(update={"oral": own_rate})
    message = OralTimeCheck().run(context(_report(514), profile=profile, title="述职报告"))[0].message
    assert "200 字" in message and "four-part" in message and "默认" not in message
