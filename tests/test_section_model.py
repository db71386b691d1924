"""The section classifier: plain-array storage that predicts exactly as scikit-learn, reproducible training."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from analyzers.profiles import CONTENT_LABELS
from analyzers.section_model import (
    MODEL_PATH,
    Example,
    SectionClassifier,
    fit,
    main,
    prepare,
    read_examples,
    train,
)

# A few sentences per label; the generated corpus combines them so that no two paragraphs are the same.
_TEMPLATES = {
    "achievements": [
        "支部全年召开支部党员大会{n}次、支委会{n}次，开展主题党日活动{n}次",
        "全年发展党员{n}名，按期转正{n}名，确定入党积极分子{n}名",
        "组织党员集中学习党的二十大报告{n}次，撰写心得体会{n}篇",
    ],
    "highlights": [
        "支部打造“红色引擎”党建品牌，形成可复制的特色做法",
        "创新开展“支部+项目”模式，经验做法被学校推广{n}次",
        "探索党建与业务深度融合的新路径，形成工作亮点",
    ],
    "problems": [
        "理论学习的深度还不够，存在学用脱节现象",
        "支部活动形式较为单一，吸引力有待进一步增强",
        "分析原因，主观上本人抓党建的精力投入不足",
    ],
    "plans": [
        "{y}年3月底前制定学习计划，全年开展集中学习不少于{n}次",
        "下一步，支部将进一步加强党员教育管理，力争创建样板支部",
        "明年计划发展党员{n}名，做好积极分子培养工作",
    ],
    "other": ["各位领导、同志们：", "以上是我的述职报告，请批评指正。", "{y}年12月{n}日", "谢谢大家！"],
}


def _corpus(per_label: int = 12, seed: int = 7) -> list[Example]:
    rng = random.Random(seed)
    examples = []
    for label, templates in _TEMPLATES.items():
        for k in range(per_label):
            parts = rng.sample(templates, k=min(2, len(templates)))
            text = "。".join(p.format(n=rng.randint(1, 40), y=rng.choice([2021, 2022, 2023])) for p in parts) + "。"
            examples.append(Example(id=f"{label}-{k}", text=text, label=label, group=f"g{k % 6}"))
    return examples


def _write_jsonl(path: Path, examples: list[Example]) -> None:
    lines = [
        json.dumps({"id": e.id, "text": e.text, "label": e.label, "branch": e.group, "year": 2022}, ensure_ascii=False)
        for e in examples
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_PROBES = [
    "支部全年开展主题党日12次。",
    "下一步将加强理论学习。",
    "",
    "   ",
    "（一）２０２３年６月底前完成整改",
    "English words only, PPT and 100%",
    "𠀀𠀁 rare characters",
]


def test_prepare_drops_the_label_numbers_and_spaces() -> None:
    assert prepare("（一） ２０２３年3月底前 完成") == "0年0月底前完成"
    assert prepare("1.组织生活方面。") == "组织生活方面。"
    assert prepare("PPT 汇报") == "ppt汇报"


def test_safe_format_round_trip_predicts_exactly_as_sklearn(tmp_path: Path) -> None:
    examples = _corpus()
    texts = [e.text for e in examples]
    ours, pipeline = fit(texts, [e.label for e in examples], c=3.0)
    path = tmp_path / "sections.npz"
    ours.save(path, {"note": "test"})
    loaded = SectionClassifier.from_arrays(path)

    probes = texts + _PROBES
    labels, probs = loaded.predict_proba(probes)
    assert labels == list(pipeline.predict(probes))
    np.testing.assert_allclose(probs, pipeline.predict_proba(probes), rtol=0, atol=1e-12)
    assert loaded.classes == tuple(pipeline.classes_)


def test_model_file_holds_plain_arrays_only(tmp_path: Path) -> None:
    examples = _corpus(per_label=6)
    ours, _ = fit([e.text for e in examples], [e.label for e in examples], c=1.0)
    path = tmp_path / "m.npz"
    ours.save(path, {})
    with np.load(path, allow_pickle=False) as npz:  # would raise on any pickled object array
        assert {a.dtype.kind for a in (npz[name] for name in npz.files)} <= {"U", "f", "i"}
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["format"] == "shuzhi.linear-text/1"
    assert len(meta["model_sha256"]) == 64


def test_training_is_reproducible_with_the_same_seed() -> None:
    examples = _corpus()
    first = train(examples, seed=11, grid=(3.0,), grouped=False)
    second = train(examples, seed=11, grid=(3.0,), grouped=False)
    for name in ("vocabulary", "idf", "weights", "intercept"):
        np.testing.assert_array_equal(getattr(first.classifier, name), getattr(second.classifier, name))
    assert first.meta["held_out"] == second.meta["held_out"]
    assert (
        first.meta["split"]
        == second.meta["split"]
        == {
            "seed": 11,
            "test_size": 0.2,
            "train": 48,
            "test": 12,
            "stratified": "label and kind of branch",
        }
    )


def test_train_command_writes_model_meta_and_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "sections.jsonl"
    _write_jsonl(data, _corpus(per_label=10))
    out = tmp_path / "models" / "sections.npz"
    assert main(["train", "--data", str(data), "--out", str(out), "--seed", "3"]) == 0

    meta = json.loads((tmp_path / "models" / "sections.meta.json").read_text(encoding="utf-8"))
    assert meta["data"]["examples"] == 50
    assert len(meta["data"]["sha256"]) == 64
    assert set(meta["held_out"]["per_label"]) == set(_TEMPLATES)
    card = (tmp_path / "models" / "sections.CARD.md").read_text(encoding="utf-8")
    assert "macro F1" in card and "## Limits" in card
    assert "held-out accuracy" in capsys.readouterr().out
    assert SectionClassifier.load(out).predict(["下一步，支部将力争创建样板支部。"]) == ["plans"]


def test_a_bad_line_in_the_labelled_file_is_named(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"id": "a", "text": "支部开展学习。", "label": "achievements"}\n{"text": "x", "label": "nope"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2: label 'nope'"):
        read_examples(data)


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model (python -m analyzers.section_model train)")
def test_shipped_model_loads_without_sklearn_and_knows_the_content_labels() -> None:
    model = SectionClassifier.load()
    assert set(model.classes) <= set(CONTENT_LABELS)
    assert model.meta is not None and model.meta["held_out"]["macro_f1"] > 0.5
    texts = ["下一步，支部将制定年度学习计划，力争2024年6月底前完成。", "各位领导、同志们："]
    labels, probs = model.predict_proba(texts)
    assert labels == ["plans", "other"]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
