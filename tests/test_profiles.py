"""Profiles: the shipped ones load and follow their notices; a broken one says file, field and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analyzers.profiles import (
    CONTENT_LABELS,
    DEFAULT_PROFILE_ID,
    PROFILES_DIR,
    Profile,
    ProfileError,
    list_profiles,
    load_profile,
    load_profile_file,
)

SHIPPED_FILES = sorted(PROFILES_DIR.glob("*.yaml"))

# Each notice's sections, in its own order (seeds 000 and 002).
FOUR_PART = [
    ("achievements", "主要工作进展成效"),
    ("highlights", "工作特色亮点"),
    ("problems", "存在问题及整改措施"),
    ("plans", "下一步工作计划"),
]
NOTICE_SECTIONS = {
    "four-part": FOUR_PART,
    "sztu-2022": FOUR_PART,
    "sysu-2020": [
        ("duties", "个人履职情况"),
        ("branch_building", "党支部建设情况和成效"),
        ("ideological_work", "思想政治工作情况"),
        ("problems_plans", "存在问题和下一步工作思路和举措"),
    ],
}


def test_the_three_profiles_are_shipped_and_four_part_is_the_default() -> None:
    assert {p.id for p in list_profiles()} == {"four-part", "sztu-2022", "sysu-2020"}
    assert DEFAULT_PROFILE_ID == "four-part"
    assert load_profile().id == "four-part"
    assert load_profile("") is load_profile("four-part")


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.name)
def test_shipped_profile_loads_and_its_id_is_the_file_name(path: Path) -> None:
    profile = load_profile_file(path)
    assert profile.id == path.stem
    assert load_profile(path.stem) == profile


@pytest.mark.parametrize(("profile_id", "expected"), sorted(NOTICE_SECTIONS.items()))
def test_profile_has_its_notice_sections_in_order(profile_id: str, expected: list[tuple[str, str]]) -> None:
    profile = load_profile(profile_id)
    assert [(s.key, s.name) for s in profile.sections] == expected
    assert all(s.required for s in profile.sections)
    for spec in profile.sections:
        assert spec.name in spec.headings  # the notice's own wording is the first thing to match


@pytest.mark.parametrize("profile", list_profiles(), ids=lambda p: p.id)
def test_shipped_profile_is_rich_enough_to_find_sections(profile: Profile) -> None:
    for spec in profile.sections:
        assert 15 <= len(spec.headings) <= 40, spec.key
        assert 10 <= len(spec.cues) <= 30, spec.key
        assert len(set(spec.headings)) == len(spec.headings), spec.key
        assert len(set(spec.cues)) == len(spec.cues), spec.key
        assert all(len(cue) >= 2 for cue in spec.cues), f"{spec.key}: a one-character cue matches everywhere"
        assert spec.min_share is not None and 0 < spec.min_share < 0.5
    problems = next(s for s in profile.sections if "problems" in s.content_labels)
    assert problems.min_share is not None and problems.min_share >= 0.10  # 避重就轻
    # Every label the classifier predicts for report content has a section to go to.
    labels = [label for s in profile.sections for label in s.content_labels]
    assert sorted(labels) == sorted(set(CONTENT_LABELS) - {"other"})


@pytest.mark.parametrize("profile", list_profiles(), ids=lambda p: p.id)
def test_shipped_profile_says_where_its_limits_come_from(profile: Profile) -> None:
    assert profile.length.min_chars == 1500 and profile.length.max_chars == 5000
    assert "默认值" in profile.length.source  # ours, not the notice's, and it says so
    assert "通知" in profile.source
    for point in profile.content_points:
        assert point.section is None or point.section in [s.key for s in profile.sections]
        assert len(point.cues) >= 3


def test_four_part_maps_classifier_labels_to_its_sections() -> None:
    profile = load_profile("four-part")
    assert {s.key: s.content_labels for s in profile.sections} == {
        "achievements": ["achievements", "personal_duty", "ideological"],
        "highlights": ["highlights"],
        "problems": ["problems", "rectification"],
        "plans": ["plans"],
    }
    assert profile.report_year is None and profile.oral is None and profile.content_points == []


def test_sztu_2022_has_the_notices_content_points_and_an_8_minute_oral_report() -> None:
    profile = load_profile("sztu-2022")
    assert profile.report_year == 2022
    assert [(p.name, p.section) for p in profile.content_points] == [
        ("加强政治建设情况", "achievements"),
        ("落实基层党建工作情况", "achievements"),
        ("履行意识形态工作责任制情况", "achievements"),
        ("党组织和党员发挥作用情况", "achievements"),
    ]
    cues = {p.key: p.cues for p in profile.content_points}
    assert {"政治建设", "两个维护", "两个确立", "第一议题", "四个意识"} <= set(cues["political_building"])
    assert {"意识形态", "舆论", "阵地", "网络", "宗教渗透", "报备"} <= set(cues["ideology_responsibility"])
    assert not any("整改" in p.name for p in profile.content_points)  # the notice does not ask for it
    assert profile.oral is not None and profile.oral.minutes == 8
    assert "8分钟" in profile.oral.source
    assert "2023年" in profile.section("plans").cues


def test_sysu_2020_asks_for_last_years_rectification_and_subjective_causes() -> None:
    profile = load_profile("sysu-2020")
    assert profile.report_year == 2020
    points = {p.key: p for p in profile.content_points}
    assert points["rectification"].section == "problems_plans"
    assert {"整改情况", "2019年度"} <= set(points["rectification"].cues)
    assert {"主观", "原因"} <= set(points["cause_analysis"].cues)
    assert {s.key: s.content_labels for s in profile.sections} == {
        "duties": ["personal_duty"],
        "branch_building": ["achievements", "highlights"],
        "ideological_work": ["ideological"],
        "problems_plans": ["problems", "rectification", "plans"],
    }
    assert profile.oral is None  # 现场述职, but the notice sets no time
    assert "3000字" in profile.length.source and "二级党组织" in profile.length.source


# --- a user's profile file, and the errors of a broken one -------------------------------------------------

GOOD = {
    "id": "my-unit",
    "title": "本单位三段式",
    "source": "本单位通知",
    "sections": [
        {"key": "work", "name": "工作情况", "headings": ["工作情况"], "content_labels": ["achievements"]},
        {"key": "problems", "name": "存在问题", "headings": ["存在问题"], "content_labels": ["problems"]},
        {"key": "plans", "name": "下一步打算", "headings": ["下一步打算"], "content_labels": ["plans"]},
    ],
    "length": {"max_chars": 3000, "source": "本单位通知：3000字以内"},
}


def _write(tmp_path: Path, data: object, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _broken(tmp_path: Path, data: object) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message  # names the file
    return message


def _edit(**changes: object) -> dict:
    profile = yaml.safe_load(yaml.safe_dump(GOOD, allow_unicode=True))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = profile
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return profile


_DELETE = object()


def test_load_profile_reads_a_user_file_by_path(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    for ref in (str(path), path):
        profile = load_profile(ref)
        assert profile.id == "my-unit"
        assert [s.key for s in profile.sections] == ["work", "problems", "plans"]
        assert profile.length.min_chars is None and profile.length.max_chars == 3000


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"sections": _DELETE},
            ["field 'sections'", "required but missing", "expected a list of sections"],
            id="missing-sections",
        ),
        pytest.param(
            {"sections__1__headings": _DELETE},
            ["field 'sections[1].headings' (section 'problems')", "required but missing", "heading wordings"],
            id="section-without-headings",
        ),
        pytest.param(
            {"sections__1__headings": []},
            ["field 'sections[1].headings' (section 'problems')", "at least 1 item"],
            id="empty-headings",
        ),
        pytest.param(
            {"sections__2__content_labels": ["plans", "future"]},
            ["field 'sections[2].content_labels' (section 'plans')", "unknown label(s) ['future']", "'achievements'"],
            id="bad-content-label",
        ),
        pytest.param(
            {"length__min_chars": 4000},
            ["field 'length'", "min_chars 4000 is above max_chars 3000", "expected min <= max"],
            id="min-above-max",
        ),
        pytest.param(
            {"sections__2__key": "problems"},
            ["field 'sections'", "section keys must be unique", "['problems']"],
            id="duplicate-section-keys",
        ),
        pytest.param(
            {"sections__2__headings": ["下一步打算", "存在问题"]},
            ["field 'sections'", "each heading must belong to one section", "'存在问题' in ['problems', 'plans']"],
            id="heading-in-two-sections",
        ),
        pytest.param(
            {"sections__0__heading": ["工作"]},
            [
                "field 'sections[0].heading' (section 'work')",
                "unknown field",
                "did you mean 'headings'?",
                "expected one of key, name, required, headings, content_labels, cues, min_share",
            ],
            id="unknown-section-field",
        ),
        pytest.param(
            {"year": 2022},
            ["field 'year'", "unknown field", "expected one of id, title, source, report_year"],
            id="unknown-profile-field",
        ),
        pytest.param(
            {"sections__0__min_share": 1.5},
            [
                "field 'sections[0].min_share' (section 'work')",
                "less than or equal to 1",
                "found 1.5",
                "a number from 0 to 1",
            ],
            id="share-above-one",
        ),
        pytest.param(
            {"length": [1500, 3000]},
            ["field 'length'", "expected a mapping with the fields min_chars, max_chars, source", "found list"],
            id="length-as-list",
        ),
        pytest.param(
            {"content_points": [{"key": "rect", "name": "整改", "section": "rectify", "cues": ["整改"]}]},
            ["field 'content_points'", "names section 'rectify'", "expected one of ['work', 'problems', 'plans']"],
            id="content-point-in-unknown-section",
        ),
        pytest.param(
            {"id": "My Unit"},
            ["field 'id'", "should match pattern", "found 'My Unit'", "lower-case letters"],
            id="bad-id",
        ),
    ],
)
def test_broken_profile_error_names_file_field_and_what_was_expected(
    tmp_path: Path, changes: dict, expected: list[str]
) -> None:
    message = _broken(tmp_path, _edit(**changes))
    for part in expected:
        assert part in message, message


def test_text_that_is_not_yaml_is_a_profile_error(tmp_path: Path) -> None:
    message = _broken(tmp_path, "id: x\nsections: [unclosed\n")
    assert "not valid YAML at line 3, column 1" in message


def test_a_key_given_twice_in_one_mapping_is_a_profile_error(tmp_path: Path) -> None:
    message = _broken(tmp_path, "id: a\ntitle: t\nid: b\n")
    assert "not valid YAML at line 3, column 1: found duplicate key 'id'" in message


@pytest.mark.parametrize(
    ("text", "found"), [("- id: a\n- id: b\n", "found a list"), ("just words\n", "found a string"), ("", "empty")]
)
def test_a_file_that_is_not_a_mapping_is_a_profile_error(tmp_path: Path, text: str, found: str) -> None:
    message = _broken(tmp_path, text)
    assert found in message and "expected a mapping of profile fields" in message and "sections" in message


def test_a_missing_file_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot be read"):
        load_profile(str(tmp_path / "nowhere.yaml"))


def test_unknown_profile_id_lists_the_shipped_ids() -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile("sztu-2023")
    message = str(caught.value)
    assert "unknown profile 'sztu-2023'" in message
    for profile_id in ("four-part", "sztu-2022", "sysu-2020"):
        assert profile_id in message
