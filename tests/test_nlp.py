"""The shared segmenter (``analyzers.nlp.segment``) reproduces jieba's own cut, word for word: it re-implements
jieba 0.42's steps for speed, so this test is what keeps it honest on every text of our corpora."""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import pytest

from analyzers.nlp import segment, shared_segmentation

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
