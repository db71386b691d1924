"""analyze(): the whole path from the bytes of a report to its findings, and the registry of checks."""

from __future__ import annotations

import re

import pytest

from analyzers.pipeline import CHECKS, analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from corpora.samples.build import HERE


def _report(name: str, profile: str):
    return analyze(read_document((HERE / name).read_bytes(), name), load_profile(profile))


def test_pipeline_registry_has_unique_dotted_rule_ids_and_documented_checks() -> None:
    rules = [rule for check in CHECKS for rule in check.rules]
    assert len(rules) == len(set(rules))
    assert all(re.fullmatch(r"[a-z]+(\.[a-z][a-z0-9_]*)+", rule) for rule in rules)
    assert all(type(check).__doc__ for check in CHECKS)


def test_pipeline_finds_only_rules_its_checks_declare() -> None:
    declared = {rule for check in CHECKS for rule in check.rules}
    for name, profile in [("student-branch-2022.pdf", "sztu-2022"), ("retiree-branch-2020.txt", "four-part")]:
        assert {f.rule for f in _report(name, profile).findings} <= declared


def test_pipeline_maps_docx_sample_to_all_four_sections_with_nothing_missing() -> None:
    report = _report("teacher-branch-2022.docx", "sztu-2022")
    assert [s.key for s in report.sections] == ["achievements", "highlights", "problems", "plans"]
    assert report.summary.missing_sections == []
    assert sum(s.chars for s in report.sections) <= report.stats.chars
    assert not [f for f in report.findings if f.rule.startswith(("structure.", "coverage."))]


def test_pipeline_flags_the_weak_students_report_for_its_thin_problems_section() -> None:
    report = _report("student-branch-2022.pdf", "sztu-2022")
    unbalanced = [f for f in report.findings if f.rule == "structure.unbalanced"]
    assert [f.section for f in unbalanced] == ["problems"]
    assert unbalanced[0].span is not None


def test_pipeline_warns_when_the_oral_presentation_would_overrun() -> None:
    report = _report("teacher-branch-2022.docx", "sztu-2022")
    oral = [f for f in report.findings if f.rule == "length.oral_time"]
    assert len(oral) == 1 and "8 分钟" in oral[0].message


def test_pipeline_under_the_wrong_framework_reports_missing_sections() -> None:
    """The sysu-2020 report read against four-part lacks 工作特色亮点 (it has no such part)."""
    report = _report("retiree-branch-2020.txt", "four-part")
    assert "highlights" in report.summary.missing_sections
    missing = [f.section for f in report.findings if f.rule == "structure.missing_section"]
    assert missing == report.summary.missing_sections


def test_pipeline_gives_content_sections_to_a_report_without_headings() -> None:
    paragraphs = [
        "2022年度党支部书记述职报告",
        "一年来，支部严格落实“三会一课”制度，全年召开支部党员大会6次、支委会12次，开展主题党日活动12次，"
        "发展党员2名，党费收缴率100%。",
        "支部组织党员集中学习党的二十大报告，开展专题研讨4次，党员撰写心得体会30篇。",
        "支部打造“红色引擎”党建品牌，与社区党委结对共建，这一做法被区委组织部作为典型经验推广。",
        "对照要求，支部工作还存在不足：理论学习的深度不够，主观上本人对学习的谋划和督促不够。",
        "党员发挥作用的平台还不多，部分党员参加志愿服务的积极性不高。",
        "下一步，支部将于2023年3月底前制定学习计划，每季度开展一次专题研讨。",
        "2023年，支部将建立党员志愿服务积分制度，力争每名党员全年参加志愿服务不少于20小时。",
    ]
    report = analyze(read_document("\n".join(paragraphs).encode(), "r.txt"), load_profile("four-part"))
    assert [s.key for s in report.sections] == ["achievements", "highlights", "problems", "plans"]
    assert {s.matched_by for s in report.sections} == {"content"}
    assert {s.title for s in report.sections} == {""}


@pytest.mark.parametrize("profile", ["four-part", "sztu-2022", "sysu-2020"])
def test_pipeline_report_json_round_trips(profile: str) -> None:
    report = _report("teacher-branch-2022.docx", profile)
    data = report.to_json_dict()
    assert data["schema"] == "shuzhi.report/1"
    assert type(report).model_validate(data) == report


@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("student-branch-2022.pdf", "sztu-2022"),
        ("retiree-branch-2020.txt", "four-part"),
        ("retiree-branch-2020.txt", "sysu-2020"),
        ("teacher-branch-2022.docx", "sztu-2022"),
    ],
)
def test_pipeline_every_finding_has_a_span_or_a_section_and_a_chinese_message(name: str, profile: str) -> None:
    report = _report(name, profile)
    assert report.findings
    for finding in report.findings:
        assert finding.span is not None or finding.section is not None, finding
        assert re.search(r"[\u4e00-\u9fff]", finding.message)
        if finding.span is not None:
            assert (
                0
                <= finding.span.start
                <= finding.span.end
                <= len(read_document((HERE / name).read_bytes(), name).blocks[finding.span.block].text)
            )


def test_text_output_shows_each_finding_once() -> None:
    """Sentence findings too, except those past the per-section cap, which are counted instead."""
    from service.render.text import SENTENCE_RULES, render_report

    report = _report("retiree-branch-2020.txt", "four-part")
    text = render_report(report)
    sentence_findings = [f for f in report.findings if f.rule in SENTENCE_RULES]
    for finding in report.findings:
        if finding.rule in SENTENCE_RULES:
            assert text.count(f"“{finding.text}” {finding.message}") <= 1, finding.text
        else:
            assert text.count(finding.message) == 1, finding.message
    shown = sum(text.count(f"“{f.text}” {f.message}") for f in sentence_findings)
    hidden = sum(int(n) for n in re.findall(r"另有 (\d+) 句", text))
    assert sentence_findings and shown + hidden == len(sentence_findings)


def test_pipeline_counts_the_second_section_a_merged_heading_names_as_present() -> None:
    lines = [
        "2023年度党支部书记述职报告",
        "一、主要工作开展情况",
        "支部全年开展主题党日活动12次，发展党员2名，组织专题学习8次，党费收缴率100%。",
        "二、特色亮点",
        "支部打造“银发先锋”志愿服务品牌，被区委组织部作为典型经验推广。",
        "三、存在问题及下一步打算",
        "理论学习的深度还不够，主观上本人谋划不足。下一步，支部将于2024年3月底前制定学习计划。",
    ]
    report = analyze(read_document("\n".join(lines).encode(), "r.txt"), load_profile("four-part"))
    assert [(s.key, s.also) for s in report.sections] == [
        ("achievements", []),
        ("highlights", []),
        ("problems", ["plans"]),
    ]
    assert report.summary.missing_sections == []
    assert not [f for f in report.findings if f.rule == "structure.missing_section"]
