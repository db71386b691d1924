"""The vague-wording lexicon: matching, validation errors that name file and entry, the shipped data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analyzers.lexicons import VAGUE_LEXICON_PATH, LexiconError, VagueLexicon
from analyzers.number_formulas import FORMULAS_PATH, MASK, FormulasError, NumberFormulas
from analyzers.vagueness_model import MODEL_PATH
from analyzers.wording import first_chars

SMALL = Path(__file__).resolve().parent / "fixtures" / "files" / "vague-small.yaml"


def _entry(**fields: object) -> dict:
    return {
        "id": "empty_verb.jiaqiang",
        "category": "empty_verb",
        "phrases": ["进一步加强"],
        "explanation": "只说加强。",
        "suggestion": "写明做了什么。",
        "source": "team",
        **fields,
    }


def _write(tmp_path: Path, *entries: dict, **top: object) -> Path:
    data = {
        "title": "t",
        "sources": {"team": "the team"},
        "categories": {"empty_verb": {"name": "空洞动词", "description": "d"}},
        "entries": list(entries),
        **top,
    }
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# -- matching ---------------------------------------------------------------------------------------------


def test_find_returns_entry_category_offsets_and_the_words() -> None:
    lexicon = VagueLexicon.load(SMALL)
    text = "支部进一步加强学习，取得一定成效，仍有待提高。"
    hits = lexicon.find(text)
    assert [(h.entry_id, h.category, h.matched) for h in hits] == [
        ("empty_verb.jiaqiang", "empty_verb", "进一步加强"),
        ("vague_result.yiding", "vague_result", "一定成效"),
        ("hedged_problem.youdai", "hedged_problem", "有待"),
    ]
    assert all(text[h.start : h.end] == h.matched for h in hits)


def test_longest_phrase_wins_at_a_position(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _entry(phrases=["进一步加强"]),
        _entry(id="empty_verb.gaijin", phrases=["进一步加强和改进"]),
    )
    [hit] = VagueLexicon.load(path).find("要进一步加强和改进作风。")
    assert (hit.entry_id, hit.matched) == ("empty_verb.gaijin", "进一步加强和改进")


def test_patterns_match_families_and_exclude_drops_listed_longer_wordings(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry(phrases=[], patterns=["(?:切实|认真)抓好"], exclude=["认真抓好整改台账"]))
    lexicon = VagueLexicon.load(path)
    assert [h.matched for h in lexicon.find("切实抓好落实，认真抓好学习。")] == ["切实抓好", "认真抓好"]
    assert lexicon.find("认真抓好整改台账12项。") == []


def test_matching_ignores_full_width_ascii_and_keeps_offsets_into_the_original(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry(phrases=["100%覆盖"]))
    text = "实现１００％覆盖。"
    [hit] = VagueLexicon.load(path).find(text)
    assert hit.matched == "１００％覆盖" == text[hit.start : hit.end]


def test_entry_lookup_and_category_names() -> None:
    lexicon = VagueLexicon.load(SMALL)
    assert lexicon.entry("vague_result.yiding").suggestion == "写出可查的结果。"
    assert lexicon.category_name("hedged_problem") == "问题表述笼统"
    with pytest.raises(KeyError):
        lexicon.entry("nope.nope")


# -- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([_entry(category="slogan", id="slogan.x")], "category 'slogan'; expected one of ['empty_verb']"),
        ([_entry(source="web")], "source 'web'; expected one of ['team']"),
        ([_entry(), _entry(phrases=["不断加强"])], "entry id 'empty_verb.jiaqiang' is given twice"),
        ([_entry(), _entry(id="empty_verb.b")], "phrase '进一步加强' is in entries"),
        ([_entry(phrases=[], patterns=["(加强"])], "is not a regular expression"),
        ([_entry(phrases=[], patterns=["(加强|提升)"])], "has a capturing group"),
        ([_entry(phrases=[], patterns=["(?:加强)?"])], "matches the empty string"),
        ([_entry(phrases=[])], "has no phrases and no patterns"),
        ([_entry(id="slogan.x")], "must start with its category"),
        ([{k: v for k, v in _entry().items() if k != "suggestion"}], "field 'entries[0].suggestion'"),
    ],
)
def test_a_bad_lexicon_is_an_error_naming_the_file_and_the_entry(
    tmp_path: Path, entries: list[dict], expected: str
) -> None:
    path = _write(tmp_path, *entries)
    with pytest.raises(LexiconError) as caught:
        VagueLexicon.load(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_a_missing_field_names_the_entry_by_its_id(tmp_path: Path) -> None:
    entry = {k: v for k, v in _entry().items() if k != "explanation"}
    with pytest.raises(LexiconError, match=r"entries\[0\]\.explanation' \(entry 'empty_verb.jiaqiang'\): required"):
        VagueLexicon.load(_write(tmp_path, entry))


def test_a_lexicon_that_is_not_yaml_or_not_a_mapping_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entries: [unclosed", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML at line"):
        VagueLexicon.load(path)
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a mapping of lexicon fields"):
        VagueLexicon.load(path)


# -- the shipped lexicon ------------------------------------------------------------------------------------


def test_shipped_lexicon_has_several_hundred_wordings_in_every_category() -> None:
    lexicon = VagueLexicon.load(VAGUE_LEXICON_PATH)
    assert lexicon.phrase_count() >= 300
    used = {e.category for e in lexicon.entries}
    assert used == set(lexicon.categories)
    assert {"empty_verb", "vague_degree", "slogan", "hedged_problem", "two_skins"} <= used


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("支部进一步加强理论学习。", "empty_verb"),
        ("党员意识明显提升。", "vague_degree"),
        ("取得了一定成效。", "vague_result"),
        ("理论学习的深度有待进一步加强。", "hedged_problem"),
        ("党建与业务存在“两张皮”现象。", "two_skins"),
    ],
)
def test_shipped_lexicon_finds_the_issue_examples(sentence: str, category: str) -> None:
    assert category in {h.category for h in VagueLexicon.load(VAGUE_LEXICON_PATH).find(sentence)}


def test_shipped_model_was_trained_with_the_shipped_lexicon_and_formulas() -> None:
    """Lexicon hits and formulas are features: editing either without `make train` feeds the model other inputs."""
    meta = json.loads(MODEL_PATH.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["lexicon"] is not None, "the shipped model was trained without the lexicon; run make train"
    lexicon, formulas = VagueLexicon.load(VAGUE_LEXICON_PATH), NumberFormulas.load(FORMULAS_PATH)
    assert meta["lexicon"]["fingerprint"] == lexicon.fingerprint(), "lexicon changed since training: make train"
    assert meta["formulas"]["fingerprint"] == formulas.fingerprint(), "formulas changed since training: make train"


def test_a_comment_does_not_change_the_fingerprint_a_wording_does(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry())
    before = VagueLexicon.load(path).fingerprint()
    path.write_text("# a note\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert VagueLexicon.load(path).fingerprint() == before
    assert VagueLexicon.load(_write(tmp_path, _entry(phrases=["不断加强"]))).fingerprint() != before


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:切实|认真)抓好", {"切", "认"}),
        ("(?:进一步|不断)?加大", {"进", "不", "加"}),
        ("[高较]度重视", {"高", "较"}),
        ("[^，]{0,8}力度", None),
        ("(?:很)*", None),
    ],
)
def test_first_chars_of_a_pattern_index_it_or_send_it_everywhere(pattern: str, expected: set[str] | None) -> None:
    assert first_chars(pattern) == expected


def test_a_pattern_that_can_start_anywhere_is_still_found(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry(phrases=[], patterns=["[^，。]{1,4}力度"]))
    assert [h.matched for h in VagueLexicon.load(path).find("加大工作力度。")] == ["加大工作力度"]


def test_at_one_position_the_longest_of_phrases_and_patterns_wins(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _entry(phrases=["进一步加强"]),
        _entry(id="empty_verb.lidu", phrases=[], patterns=["进一步加强[^，。]{0,4}力度"]),
    )
    [hit] = VagueLexicon.load(path).find("进一步加强工作力度。")
    assert hit.entry_id == "empty_verb.lidu"


def test_idiom_patterns_are_masked_but_are_no_formulas(tmp_path: Path) -> None:
    path = tmp_path / "formulas.yaml"
    path.write_text(
        yaml.safe_dump({"phrases": ["三会一课"], "idiom_patterns": ["[一二三四]期(?=改造)"]}, allow_unicode=True),
        encoding="utf-8",
    )
    masked, found = NumberFormulas.load(path).mask("落实三会一课，完成二期改造，举办二期培训")
    assert masked == f"落实{MASK * 4}，完成{MASK * 2}改造，举办二期培训"
    assert found == ("三会一课",)  # (a set word is no reason shown to the user)


def test_a_pattern_that_is_no_regular_expression_is_named(tmp_path: Path) -> None:
    path = tmp_path / "formulas.yaml"
    path.write_text(yaml.safe_dump({"phrases": ["三会一课"], "idiom_patterns": ["(?<=周|星期)六"]}), encoding="utf-8")
    with pytest.raises(FormulasError, match="formulas.yaml: a pattern is not a regular expression"):
        NumberFormulas.load(path)


def test_fingerprints_are_the_same_in_every_process() -> None:
    """Set iteration order changes with PYTHONHASHSEED; a fingerprint that followed it would fail CI at random."""
    code = (
        "from analyzers.lexicons import VagueLexicon; from analyzers.number_formulas import NumberFormulas;"
        "print(VagueLexicon.load().fingerprint(), NumberFormulas.load().fingerprint())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
            check=True, cwd=Path(__file__).resolve().parent.parent,
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(outputs) == 1


def test_inside_one_analysis_a_text_is_masked_once_and_nothing_is_kept_after_it() -> None:
    from analyzers.number_formulas import default_formulas, shared_masks

    formulas, text = default_formulas(), "严格落实三会一课制度，开展主题党日活动12次。"
    alone = formulas.mask(text)
    with shared_masks():
        first = formulas.mask(text)
        assert first == alone and formulas.mask(text) is first  # the data points' mask serves the vagueness too
    assert formulas.mask(text) == alone and formulas.mask(text) is not first
