"""terms.nonstandard and timeliness.stale_term on the shipped lexicons: what they flag and what they must not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analyzers.checks.terms import NonstandardTermCheck
from analyzers.checks.timeliness import StaleTermCheck
from analyzers.term_lexicons import StaleTermLexicon, TermLexicon, TermLexiconError
from tests.checks.conftest import context

ACHIEVEMENTS = "一、主要工作进展成效"


def _terms(sentence: str) -> list[str | None]:
    return [f.text for f in NonstandardTermCheck().run(context([("achievements", ACHIEVEMENTS, [sentence])]))]


def _stale(sentence: str, year: int) -> list[str | None]:
    ctx = context([("achievements", ACHIEVEMENTS, [sentence])], title=f"{year}年度党支部书记述职报告")
    return [f.text for f in StaleTermCheck().run(ctx)]


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("支部党员坚定三个自信，树牢四个意识。", "三个自信"),
        ("认真学习《中国共产党支部工作条例》，规范组织生活。", "《中国共产党支部工作条例》"),
        ("严格落实一岗两责，抓好党风廉政建设。", "一岗两责"),
    ],
)
def test_a_wrong_form_is_flagged_with_the_right_one(sentence: str, wrong: str) -> None:
    ctx = context([("achievements", ACHIEVEMENTS, [sentence])])
    [finding] = NonstandardTermCheck().run(ctx)
    assert finding.text == wrong and finding.suggestion is not None and "改为" in finding.suggestion


@pytest.mark.parametrize(
    "sentence",
    [
        "支部党员深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "认真学习《中国共产党支部工作条例（试行）》和《中国共产党普通高等学校基层组织工作条例》。",
        "严格落实“三会一课”制度和“第一议题”制度，落实一岗双责。",
    ],
)
def test_the_canonical_forms_are_not_flagged(sentence: str) -> None:
    assert _terms(sentence) == []


def test_a_superseded_spirit_as_current_is_stale_after_its_period() -> None:
    sentence = "支部深入学习贯彻党的十九届六中全会精神，组织专题研讨3次。"
    assert _stale(sentence, 2023) != []
    assert _stale(sentence, 2021) == []


def test_a_campaign_as_history_or_consolidation_is_not_stale() -> None:
    assert _stale("支部巩固拓展党史学习教育成果，全年开展学习12次。", 2023) == []


def test_a_campaign_before_it_began_is_an_anachronism() -> None:
    assert _stale("支部扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。", 2021) != []


def test_every_entry_of_the_shipped_lexicons_loads() -> None:
    assert len(TermLexicon.load().data.entries) >= 40
    assert len(StaleTermLexicon.load().data.entries) >= 20


def _terms_file(tmp_path: Path, entry: dict) -> Path:
    path = tmp_path / "terms.yaml"
    data = {"title": "t", "sources": {"team": "the team"}, "entries": [entry]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


_GOOD = {"id": "a", "canonical": "两个确立", "variants": ["两个确定"], "note": "n", "source": "team"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"variants": ["两个确"]}, "inside the canonical"),
        ({"source": "web"}, "source 'web'"),
        ({"variants": [], "patterns": ["两个确立"]}, "matches the canonical"),
        ({"note": None}, "entries[0].note"),
    ],
)
def test_a_bad_terms_file_is_an_error_naming_file_and_entry(tmp_path: Path, changes: dict, expected: str) -> None:
    entry = {k: v for k, v in (_GOOD | changes).items() if v is not None}
    path = _terms_file(tmp_path, entry)
    with pytest.raises(TermLexiconError) as caught:
        TermLexicon.load(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)
