"""The shared segmenter (``analyzers.nlp.segment``) reproduces jieba's own cut, word for word: it re-implements
jieba 0.42's steps for speed, so this test is what keeps it honest on every text of our corpora."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jieba
import pytest

from analyzers import nlp
from analyzers.nlp import prepare_segmenter, segment, shared_segmentation

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.append(record.get("text") or record.get("sentence") or "")
    for path in sorted((ROOT / "corpora" / "samples" / "src").glob("*.txt")):
        texts.extend(path.read_text(encoding="utf-8").splitlines())
    return [t for t in texts if t]


TEXTS = _texts()
ODD = ["", " ", "ABC def 123", "２０２２年度ＡＢＣ", "一二三四五六七八九十百千万亿", "😀党建+互联网🚩", "a\u3000b\tc\n",
       "第3-5次（约）"]


def test_there_are_texts_to_compare() -> None:
    assert len(TEXTS) > 1000


@pytest.mark.parametrize("text", ODD)
def test_segment_equals_jieba_on_odd_texts(text: str) -> None:
    assert list(segment(text)) == jieba.lcut(text)


def test_segment_equals_jieba_on_every_corpus_text() -> None:
    differing = [t for t in TEXTS if list(segment(t)) != jieba.lcut(t)]
    assert differing == []


def test_a_shared_segmentation_gives_the_same_words() -> None:
    with shared_segmentation():
        inside = [list(segment(t)) for t in TEXTS[:200]]
        again = [list(segment(t)) for t in TEXTS[:200]]
    assert inside == again == [jieba.lcut(t) for t in TEXTS[:200]]


# The segmenter's own cut (``_lcut``, with tables derived from jieba's dictionary), which ``segment`` uses once
# ``prepare_segmenter`` has run (in the service's and the audit's warm-up): the same words as jieba's.


def _random_texts(count: int) -> list[str]:
    rng = random.Random(20261204)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)] + list("abcXYZ0123456789 ，。\r\n\t.%#&+-_—“”①\u3000")
    alphabet += ["\uff11", "😀", "\r\n"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(count)]


def test_the_prepared_cut_equals_jieba_on_corpus_odd_and_random_texts() -> None:
    prepare_segmenter()
    texts = TEXTS + ODD + _random_texts(2000)
    assert [t for t in texts if nlp._lcut(t) != jieba.lcut(t)] == []


def test_segment_cuts_with_the_prepared_tables_once_they_exist() -> None:
    prepare_segmenter()
    assert nlp._LEXICON is not None
    assert segment("支部全年开展主题党日活动12次") == jieba.lcut("支部全年开展主题党日活动12次")
