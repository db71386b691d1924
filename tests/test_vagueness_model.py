"""The vagueness classifier: facts read by our own code, plain-array storage that predicts exactly as
scikit-learn, reproducible training, the train command."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from analyzers.lexicons import VagueLexicon
from analyzers.vagueness_model import (
    BASE_FEATURES,
    MODEL_PATH,
    Example,
    VaguenessModel,
    VaguenessScorer,
    default_formulas,
    fit,
    main,
    read_examples,
    read_facts,
    reasons,
    train,
)

SMALL_LEXICON = Path(__file__).resolve().parent / "fixtures" / "files" / "vague-small.yaml"


def _small_lexicon() -> VagueLexicon:
    """A three-entry lexicon (the model must not depend on the shipped lexicon's data)."""
    return VagueLexicon.load(SMALL_LEXICON)


_VAGUE = [
    "支部{w}理论学习，党员的政治意识不断增强",
    "严格落实“三会一课”制度，坚决做到“两个维护”",
    "组织生活质量有待提高，吸引力还不够强",
    "下一步将{w}党员教育管理，努力开创新局面",
    "支部工作取得一定成效，凝聚力明显提升",
    "{y}年，支部{w}作风建设，营造了良好氛围",
]
_CONCRETE = [
    "全年开展主题党日活动{n}次，发展党员{m}名",
    "{y}年{mo}月完成换届选举，新一届支委会{m}名委员",
    "组织学习《中国共产党支部工作条例（试行）》{n}次，撰写心得{n}篇",
    "与南岭重工技术中心党支部签订联建协议，联合开展活动{m}次",
    "{y}年{mo}月底前制定学习计划，每名支委联系{m}名青年教师",
    "党费收缴率１００％，收缴党费{n}.{m}万元",
]
_BRANCHES = ("teacher", "student", "village", "company")


def _corpus(per_label: int = 40, seed: int = 5) -> list[Example]:
    rng = random.Random(seed)
    examples = []
    for label, templates in (("vague", _VAGUE), ("concrete", _CONCRETE)):
        for k in range(per_label):
            text = rng.choice(templates).format(
                w=rng.choice(["进一步加强", "切实抓好", "不断深化"]),
                y=rng.choice([2021, 2022, 2023]),
                mo=rng.randint(1, 12),
                n=rng.randint(2, 60),
                m=rng.randint(1, 9),
            )
            examples.append(
                Example(
                    id=f"{label}-{k}",
                    text=text + "。",
                    label=label,
                    section="achievements",
                    branch=_BRANCHES[k % 4],
                    hard=k % 5 == 0,
                    source=f"vagueness-{'ab'[k % 2]}.jsonl",
                )
            )
    return examples


def _write_jsonl(path: Path, examples: list[Example]) -> None:
    rows = [
        {"id": e.id, "text": e.text, "label": e.label, "section": e.section, "branch": e.branch, "year": 2022,
         "hard": e.hard}  # fmt: skip
        for e in examples
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


_PROBES = [
    "支部进一步加强理论学习。",
    "全年开展主题党日１２次，发展党员两名。",
    "",
    "   ",
    "（一）２０２３年６月底前完成整改",
    "English words only, PPT and 100%",
    "𠀀𠀁 rare characters",
]


# -- facts ------------------------------------------------------------------------------------------


def test_facts_count_numbers_with_units_in_every_script() -> None:
    facts = read_facts("全年开展主题党日１２次，发展党员十二名，收缴率百分之九十五，经费2.5万元。")
    assert facts.data_points == ("12次", "十二名", "百分之九十五", "2.5万元")  # read on the half-width text


def test_facts_mask_numbered_formulas_so_they_are_not_data() -> None:
    facts = read_facts("严格落实“三会一课”制度，坚决做到“两个维护”，一是加强学习。")
    assert facts.data_points == ()
    assert facts.formulas == ("三会一课", "两个维护", "一是")
    assert facts.quoted == ()  # a quoted formula is not a quoted name


def test_facts_tell_a_date_from_a_year_alone() -> None:
    assert read_facts("2022年，支部进一步加强理论学习。").year_only
    dated = read_facts("2022年6月完成换届选举，2023年3月底前建立台账。")
    assert dated.dates and not dated.year_only
    assert read_facts("2022年，支部进一步加强理论学习。").data_points == ()  # a year is not a count


def test_facts_find_named_documents_people_and_partners() -> None:
    facts = read_facts("由组织委员李敏负责，与南岭重工技术中心党支部签订联建协议，学习《党章》。")
    assert "《党章》" in facts.named
    assert any("李敏" in n for n in facts.named)
    assert any("南岭重工" in n for n in facts.named)
    assert facts.outcomes == ("签订",)


def test_reasons_name_lexicon_hits_formulas_and_missing_facts() -> None:
    facts = read_facts("严格落实“三会一课”，进一步加强理论学习。", _small_lexicon())
    got = reasons(facts, None)
    assert any("进一步加强" in r for r in got)
    assert "“三会一课”是固定提法，不是数据" in got
    assert got[-3:] == ["无数据", "无具体事件/名称", "无时间"]


# -- the model ---------------------------------------------------------------------------------------


def test_array_model_reproduces_sklearn_probabilities(tmp_path: Path) -> None:
    examples = _corpus()
    lexicon = _small_lexicon()
    texts = [e.text for e in examples]
    ours, pipeline = fit(texts, [e.label for e in examples], c=3.0, lexicon=lexicon)
    assert set(BASE_FEATURES) < set(ours.dense_names) and "lex:empty_verb" in ours.dense_names
    path = tmp_path / "vagueness.npz"
    ours.save(path, {"threshold": 0.5})
    loaded = VaguenessModel.from_arrays(path)

    probes = texts + _PROBES
    formulas = default_formulas()
    probs = loaded.vagueness(probes, [read_facts(t, lexicon, formulas) for t in probes])
    np.testing.assert_allclose(probs, pipeline.predict_proba(probes)[:, 1], rtol=0, atol=1e-12)
    assert list(pipeline.classes_) == ["concrete", "vague"]


def test_model_file_holds_plain_arrays_only(tmp_path: Path) -> None:
    examples = _corpus(per_label=12)
    ours, _ = fit([e.text for e in examples], [e.label for e in examples], c=1.0, lexicon=_small_lexicon())
    path = tmp_path / "m.npz"
    ours.save(path, {"threshold": 0.6})
    with np.load(path, allow_pickle=False) as npz:  # would raise on any pickled object array
        assert {a.dtype.kind for a in (npz[name] for name in npz.files)} <= {"U", "f", "i"}
        assert "dense_names" in npz.files
    assert VaguenessModel.from_arrays(path).threshold == 0.6


def test_training_is_reproducible_with_the_same_seed() -> None:
    examples = _corpus()
    first = train(examples, seed=11, grid=(3.0,), lexicon=_small_lexicon(), cross_writer=False)
    second = train(examples, seed=11, grid=(3.0,), lexicon=_small_lexicon(), cross_writer=False)
    for name in ("vocabulary", "idf", "weights", "intercept"):
        np.testing.assert_array_equal(getattr(first.model, name), getattr(second.model, name))
    assert first.model.dense_names == second.model.dense_names
    assert first.meta["held_out"] == second.meta["held_out"]
    assert first.meta["threshold"] == second.meta["threshold"]
    assert first.meta["split"] == {
        "seed": 11,
        "test_size": 0.2,
        "train": 64,
        "test": 16,
        "stratified": "label and kind of branch",
    }


def test_train_command_writes_model_meta_and_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = _corpus(per_label=30)
    a, b = tmp_path / "vagueness-a.jsonl", tmp_path / "vagueness-b.jsonl"
    _write_jsonl(a, examples[::2])
    _write_jsonl(b, examples[1::2])
    out = tmp_path / "models" / "vagueness.npz"
    assert main(["train", "--data", str(a), str(b), "--out", str(out), "--seed", "3", "--no-lexicon"]) == 0

    meta = json.loads((tmp_path / "models" / "vagueness.meta.json").read_text(encoding="utf-8"))
    assert meta["data"]["examples"] == 60
    assert [len(f["sha256"]) for f in meta["data"]["files"]] == [64, 64]
    assert 0.25 <= meta["threshold"] <= 0.75
    assert {"precision", "recall", "f1"} <= set(meta["held_out"]) and "hard" in meta["held_out"]
    card = (tmp_path / "models" / "vagueness.CARD.md").read_text(encoding="utf-8")
    assert "held-out 20%" in card and "## Top errors" in card and "## Limits" in card
    assert "held-out vague P" in capsys.readouterr().out
    loaded = VaguenessModel.load(out)
    assert loaded.threshold == meta["threshold"]


def test_a_bad_line_in_the_labelled_file_is_named(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"id": "a", "text": "支部开展学习。", "label": "vague"}\n{"text": "x", "label": "nope"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2: label 'nope'"):
        read_examples(data)


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model (python -m analyzers.vagueness_model train)")
def test_shipped_model_scores_clear_cases_and_keeps_its_threshold() -> None:
    scorer = VaguenessScorer.load_default()
    assert scorer is not None and scorer.model.meta is not None
    assert scorer.threshold == scorer.model.meta["threshold"]
    assert scorer.model.meta["held_out"]["f1"] > 0.8
    texts = ["支部进一步加强理论学习，不断提升党建工作水平。", "全年开展主题党日12次，发展党员2名。"]
    vague, concrete = scorer.score(texts)
    assert vague.vague and not concrete.vague
    assert 0.0 <= concrete.vagueness < vague.vagueness <= 1.0
