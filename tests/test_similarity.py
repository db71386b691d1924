"""Near-duplicates across a batch (analyzers/similarity.py) on our sample reports and on generated ones."""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import random
import re
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest

from analyzers.checks.similarity import shared_share
from analyzers.similarity import (
    BANDS,
    ROWS,
    SIGNATURE_SIZE,
    THRESHOLD,
    Fingerprint,
    SimilarPair,
    containment,
    detection_probability,
    near_duplicates,
    normalise,
    share,
    shared_passages,
)
from analyzers.text import count_chars, split_sentences
from bench.generate_reports import SECTIONS, GeneratedReport, change_sentences, generate, sentence_pools

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples" / "src"
TEACHER, STUDENT, RETIREE = "teacher-branch-2022", "student-branch-2022", "retiree-branch-2020"


@cache
def sample(name: str) -> str:
    """A sample report's text without the source's markup (TITLE:, SUBTITLE:, #)."""
    lines = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(re.sub(r"^(TITLE: |SUBTITLE: |#+ )", "", line) for line in lines if line.strip())


def sentences(name: str) -> list[str]:
    return [s.text for s in split_sentences(sample(name))]


def every_labelled_sentence() -> tuple[str, ...]:
    return tuple(s for pool in sentence_pools().values() for s in pool)


def changed(name: str, part: float, seed: int = 7) -> list[str]:
    return change_sentences(sentences(name), part, random.Random(seed), every_labelled_sentence())


def updated_figures(text: str) -> str:
    """Every figure but a year changed, some to a different number of digits (9 -> 16)."""
    return re.sub(r"\d+", lambda m: m.group() if re.fullmatch(r"20\d\d", m.group()) else str(int(m.group()) + 7), text)


# -- the measure -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [TEACHER, STUDENT, RETIREE])
def test_identical_reports_share_everything(name: str) -> None:
    a, b = Fingerprint.of(sample(name)), Fingerprint.of(sample(name))
    assert share(a, b) == 1.0
    assert near_duplicates([a, b]) == [SimilarPair(first=0, second=1, share=1.0)]


def test_a_report_with_a_fifth_of_its_sentences_changed_is_found_above_0_7() -> None:
    original, copy = sentences(TEACHER), changed(TEACHER, 0.2)
    assert sum(a != b for a, b in zip(original, copy, strict=True)) == round(0.2 * len(original))
    [pair] = near_duplicates([Fingerprint.of(original), Fingerprint.of(copy)])
    assert pair.share > 0.7
    # the one-to-one check counts covered characters where this counts shingles: a few points apart
    assert 0 < shared_share(copy, original) - pair.share < 0.1


def test_two_different_reports_of_the_same_framework_are_not_a_pair() -> None:
    fingerprints = [Fingerprint.of(sample(name)) for name in (TEACHER, STUDENT, RETIREE)]
    assert near_duplicates(fingerprints, threshold=0.5) == []
    assert max(share(a, b) for a, b in itertools.combinations(fingerprints, 2)) < 0.2


def test_updated_figures_do_not_hide_a_copy() -> None:
    text = sample(TEACHER)
    same_length = re.sub(r"\d", lambda m: str((int(m.group()) + 3) % 10), text)
    assert share(Fingerprint.of(text), Fingerprint.of(same_length)) == 1.0
    [pair] = near_duplicates([Fingerprint.of(text), Fingerprint.of(updated_figures(text))])
    assert updated_figures(text) != text and pair.share > 0.9


def test_the_share_is_the_containment_of_the_shorter_report_in_the_longer() -> None:
    part, whole = Fingerprint.of(sample(STUDENT)[:1000]), Fingerprint.of(sample(STUDENT) + sample(TEACHER))
    assert containment(part, whole) == 1.0 and containment(whole, part) < 0.3
    assert share(part, whole) == share(whole, part) == 1.0


def test_the_text_is_normalised_without_spaces_and_with_digits_as_zero() -> None:
    """The one-to-one check (analyzers/checks/similarity.py) reads texts through the same function."""
    odd = "支部\u3000开展 学习\t１６次，\n覆盖 98% 党员。"
    assert normalise(odd) == normalise([odd]) == "支部开展学习00次，覆盖00%党员。"


def test_whitespace_is_what_str_split_drops() -> None:
    text = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert normalise("甲" + text + "乙") == "甲乙"


def test_sentences_and_their_joined_text_have_one_fingerprint() -> None:
    a, b = Fingerprint.of(sentences(RETIREE)), Fingerprint.of("".join(sentences(RETIREE)))
    assert (a.signature == b.signature).all() and (a.shingles == b.shingles).all() and a.chars == b.chars


def test_too_short_texts_have_no_shingles_and_are_never_a_pair() -> None:
    empty, short = Fingerprint.of(""), Fingerprint.of("支部 共12人。")
    assert empty.empty and short.empty and empty.chars == 0
    assert share(empty, short) == 0.0
    assert near_duplicates([empty, short, Fingerprint.of("支部共13人。")]) == []


def test_pairs_come_highest_share_first() -> None:
    fingerprints = [Fingerprint.of(s) for s in (sentences(TEACHER), changed(TEACHER, 0.1), changed(TEACHER, 0.3, 8))]
    shares = [p.share for p in near_duplicates(fingerprints)]
    assert len(shares) == 3 and shares == sorted(shares, reverse=True)


# -- stable signatures -----------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    fingerprint = Fingerprint.of(text)
    return hashlib.sha256(fingerprint.signature.tobytes() + fingerprint.shingles.tobytes()).hexdigest()


def test_signatures_are_the_same_in_every_process() -> None:
    code = (
        "from tests.test_similarity import _digest, sample\n"
        "print(' '.join(_digest(sample(n)) for n in ('teacher-branch-2022', 'retiree-branch-2020')))"
    )
    here = " ".join(_digest(sample(n)) for n in (TEACHER, RETIREE))
    for seed in ("1", "2024"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == here.split()


def test_a_fingerprint_survives_pickling_for_worker_processes() -> None:
    fingerprint = Fingerprint.of(sample(STUDENT))
    again = pickle.loads(pickle.dumps(fingerprint))
    assert (again.signature == fingerprint.signature).all() and share(again, fingerprint) == 1.0


# -- shared passages -------------------------------------------------------------------------------------------


def test_shared_passages_are_real_substrings_of_both_reports() -> None:
    a_text, b_text = "".join(sentences(TEACHER)), "".join(changed(TEACHER, 0.2))
    passages = shared_passages(a_text, b_text)
    assert passages and all(p in a_text and p in b_text and len(p) >= 20 for p in passages)
    assert [len(p) for p in passages] == sorted((len(p) for p in passages), reverse=True)
    assert sum(len(p) for p in passages) > 0.6 * len(a_text)  # most of the copy, shown as passages


def test_different_reports_share_only_short_formulas() -> None:
    a_text, b_text = sample(TEACHER), sample(STUDENT)
    passages = shared_passages(a_text, b_text)
    assert all(p in a_text and normalise(p) in normalise(b_text) for p in passages)
    assert sum(len(p) for p in passages) < 0.05 * len(a_text)


def test_a_passage_with_updated_figures_is_shown_as_the_first_report_writes_it() -> None:
    a_text = "".join(sentences(TEACHER))
    b_text = updated_figures(a_text)
    passages = shared_passages(a_text, b_text)
    assert all(p in a_text and normalise(p) in normalise(b_text) for p in passages)
    assert any(re.search(r"\d", p) and p not in b_text for p in passages)


def test_identical_texts_share_one_passage() -> None:
    text = "".join(sentences(RETIREE))
    assert shared_passages(text, text) == [text]


def test_shared_passages_stay_fast_on_long_repetitive_texts() -> None:
    text = "学习贯彻" * 50_000
    start = time.perf_counter()
    passages = shared_passages(text, text)
    other = shared_passages(text, "贯彻学习" * 30_000)
    assert time.perf_counter() - start < 3.0
    assert passages == [text] and other and all(p in text for p in other)


# -- the banding and a generated batch -------------------------------------------------------------------------


def test_the_banding_finds_shares_above_the_threshold_and_rarely_below() -> None:
    assert BANDS * ROWS <= SIGNATURE_SIZE

    def found(part: float) -> float:  # two reports of equal length
        return detection_probability(part / (2 - part))

    assert found(THRESHOLD) > 0.95 and found(0.63) > 0.99999
    assert found(0.15) < 0.02


@cache
def batch() -> tuple[list[GeneratedReport], list[Fingerprint]]:
    reports = generate(300, seed=11, duplicate_share=0.1)
    return reports, [Fingerprint.of(r.text) for r in reports]


def test_near_duplicates_finds_every_injected_pair_in_a_generated_batch() -> None:
    reports, fingerprints = batch()
    index = {r.name: i for i, r in enumerate(reports)}
    injected = {tuple(sorted((i, index[r.copied_from]))) for i, r in enumerate(reports) if r.copied_from}
    pairs = near_duplicates(fingerprints)
    assert len(injected) == 30
    assert {(p.first, p.second) for p in pairs} == injected  # recall 1.0, and nothing else
    assert all(p.share >= THRESHOLD and p.first < p.second for p in pairs)


def test_near_duplicates_misses_no_pair_that_comparing_all_pairs_finds() -> None:
    _, fingerprints = batch()
    everything = {
        (i, j)
        for i, j in itertools.combinations(range(len(fingerprints)), 2)
        if share(fingerprints[i], fingerprints[j]) >= THRESHOLD
    }
    assert {(p.first, p.second) for p in near_duplicates(fingerprints)} == everything


# -- the generator ---------------------------------------------------------------------------------------------


def test_generated_reports_are_the_same_for_the_same_seed() -> None:
    assert generate(40, seed=3) == generate(40, seed=3)
    assert generate(40, seed=3) != generate(40, seed=4)


def test_generated_reports_are_3000_zi_in_the_four_part_framework() -> None:
    reports, _ = batch()
    assert len({r.name for r in reports}) == len(reports)
    for report in reports[:20]:
        assert 2900 <= count_chars(report.text) <= 3500
        lines = report.text.splitlines()
        assert [line for line in lines if line in {h for _, h, _ in SECTIONS}] == [h for _, h, _ in SECTIONS]
        assert report.data.decode("utf-8") == report.text


def test_each_copy_copies_an_original_that_is_copied_once() -> None:
    reports, _ = batch()
    names = {r.name: r for r in reports}
    originals = [r.copied_from for r in reports if r.copied_from]
    assert len(originals) == len(set(originals)) == round(0.1 * len(reports))
    assert all(names[o].copied_from is None for o in originals)


def test_a_duplicate_share_without_enough_originals_is_refused() -> None:
    assert all(r.copied_from is None for r in generate(10, duplicate_share=0.0))
    with pytest.raises(ValueError, match="too few originals"):
        generate(10, duplicate_share=0.6)
