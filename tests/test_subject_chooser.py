"""The subject chooser (analyzers/subject_chooser.py): its fast batch path, its model file, its training data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analyzers.datapoints import DataPointExtractor
from analyzers.linear_model import ModelError, file_sha256
from analyzers.subject_chooser import (
    MODEL_PATH,
    Around,
    SubjectChooser,
    around_subject,
    default_chooser,
    left_features,
    point_features,
    right_features,
    span_features,
    spans,
)
from tests.datapoints.cases import DEV, DEV_M, DEV_SETS, load_cases

RULES = DataPointExtractor(chooser=False)


def _arounds(path: Path) -> list[Around]:
    out = []
    for paragraph in load_cases(path):
        read = RULES.rules_subjects(paragraph.text)
        if read is None:
            continue
        plain, words, points, rules = read
        for point, rule in zip(points, rules, strict=True):
            around = around_subject(plain, words, words.starts, words.ends, point, rule)
            if around is not None:
                out.append(around)
    return out


def _chosen_one_by_one(chooser: SubjectChooser, around: Around) -> tuple[str, float]:
    """The reference: every candidate's features listed and summed one by one; (the choice, its margin over the
    next best candidate)."""
    lexicon = RULES.chooser_lexicon
    candidates = spans(around, lexicon)
    if not any(c.left == c.right == 0 for c in candidates):
        return around.subject, float("inf")
    scores = [
        chooser.score_features(
            [
                *point_features(around),
                *left_features(around, c.left, lexicon),
                *right_features(around, c.right, lexicon),
                *span_features(c, lexicon),
            ]
        )
        for c in candidates
    ]
    order = sorted(range(len(scores)), key=lambda k: (-scores[k], k))
    margin = scores[order[0]] - scores[order[1]] if len(order) > 1 else float("inf")
    return candidates[order[0]].text, margin


@pytest.mark.parametrize("path", [DEV, DEV_M], ids=lambda p: p.name)
def test_the_batch_path_chooses_as_the_features_summed_one_by_one(path: Path) -> None:
    """choose_many sums the same weights with numpy, in another order: the same choice at every point (a tie
    within rounding could go either way; there is none in these sets)."""
    chooser = default_chooser()
    arounds = _arounds(path)
    assert len(arounds) > 300
    batch = chooser.choose_many(arounds, RULES.chooser_lexicon)
    reference = [_chosen_one_by_one(chooser, around) for around in arounds]
    differ = [(a.subject, got, want) for a, got, (want, margin) in zip(arounds, batch, reference, strict=True)
              if got != want and margin > 1e-9]  # fmt: skip
    assert differ == []
    assert sum(got != a.subject for a, got in zip(arounds, batch, strict=True)) > 20  # it does move edges
    # one at a time, the same as all together
    assert [chooser.choose(a, RULES.chooser_lexicon) for a in arounds[:40]] == batch[:40]


def test_a_chosen_subject_is_a_span_of_whole_tokens_near_the_rules_own() -> None:
    arounds = _arounds(DEV)
    for around, chosen in zip(arounds, default_chooser().choose_many(arounds, RULES.chooser_lexicon), strict=True):
        starts = [s for s, _ in around.words]
        ends = [e for _, e in around.words]
        at = around.text.find(chosen, around.words[max(around.i - 2, 0)][0])
        assert at in starts and at + len(chosen) in ends, (around.subject, chosen)


def test_the_model_is_plain_arrays_and_round_trips(tmp_path: Path) -> None:
    chooser = SubjectChooser({"first": {"党员": 0.5, "的": -1.25}, "left": {"0": 0.1}})
    path = tmp_path / "chooser.npz"
    chooser.save(path, {"trained": "now"})
    with np.load(path, allow_pickle=False) as npz:
        assert sorted(npz.files) == ["templates", "values", "weights"]
    loaded = SubjectChooser.load(path)
    assert loaded.weights == chooser.weights
    assert loaded.meta is not None and loaded.meta["model_sha256"] == file_sha256(path)


def test_a_missing_or_broken_model_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model.*bench.train_subject_chooser"):
        SubjectChooser.load(tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not an npz")
    with pytest.raises(ModelError, match="broken.npz"):
        SubjectChooser.load(broken)


def test_the_shipped_model_was_trained_on_the_tuning_sets_as_they_are() -> None:
    """Editing a tuning set changes what the chooser would learn: run `make train` (the card's figures too)."""
    meta = json.loads(MODEL_PATH.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["training_sets"] == {path.name: file_sha256(path) for path in DEV_SETS}
    assert meta["format"] == "shuzhi.subject-chooser/1" and meta["model_sha256"] == file_sha256(MODEL_PATH)
