"""The shared segmenter (``analyzers.nlp.segment``) reproduces jieba's own cut, word for word: it re-implements
jieba 0.42's steps for speed, so this test is what keeps it honest on every text of our corpora."""

from __future__ import annotations

import json
import random
from math import log
from pathlib import Path

import jieba
import pytest

from analyzers import nlp
from analyzers.nlp import prepare_segmenter, segment, shared_segmentation

# Every test here cuts with the derived tables (``segment`` uses ``_lcut`` once they exist), as the service's and
# the audit's workers do after their warm-up.
prepare_segmenter()

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
       "第3-5次（约）",
       # \r\n stays one word between blocks; a block of one character; blocks at both ends
       "第一\r\n第二\r\n\r\n 三", "\r\n", "年", "，年，", "a", "学习21次。",
       # dictionary words with ASCII (T恤, C++, 3D, AT&T) and finalseg's pieces: decimals, percent, text between
       "T恤衫3件", "A股和B股", "C++和C#语言", "AT&T公司", "3D打印", "PM2.5浓度", "同比增长5.5%的增长率", "1.2.3版本",
       "x.5", "a-b_c&d#e", "%%%", "2022年3月和11月", "2至3名", "会36次党日4次",
       # prefix-only characters and pairs (no word starts there), characters the dictionary lacks, rare runs
       "伈伈的", "侭多少", "中软脣红银山", "逼得脣枪换吊", "丄丅丏丠両", "鿕鿕鿕鿕", "的的的的的的的的",
       "南京市长江大桥", "他来到了网易杭研大厦"]


def test_there_are_texts_to_compare() -> None:
    assert len(TEXTS) > 1000


@pytest.mark.parametrize("text", ODD)
def test_segment_equals_jieba_on_odd_texts(text: str) -> None:
    assert list(segment(text)) == jieba.lcut(text)


def test_segment_equals_jieba_on_every_corpus_text() -> None:
    differing = [t for t in TEXTS if list(segment(t)) != jieba.lcut(t)]
    assert differing == []


def test_segment_equals_jieba_on_whole_reports() -> None:
    """The sample reports as read (paragraphs joined by line breaks) and generated ones, each cut whole."""
    from analyzers.readers import read_document
    from bench.generate_reports import generate

    samples = [p for p in sorted((ROOT / "corpora" / "samples").glob("*.*")) if p.suffix in (".docx", ".pdf", ".txt")]
    texts = [read_document(p.read_bytes(), p.name).text for p in samples] + [g.text for g in generate(20)]
    differing = [t[:40] for t in texts if list(segment(t)) != jieba.lcut(t)]
    assert differing == []


def test_segment_equals_jieba_on_random_texts() -> None:
    """Texts no corpus holds: common and rare Han characters, characters the dictionary lacks, ASCII letters and
    digits, decimals and percent signs, punctuation and whitespace, in random runs."""
    rng = random.Random(7)
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    rare = "".join(map(chr, range(0x4E00, 0x9FD6, 97)))
    other = "0123456789abcXYZ.%+#&_-，。、 \t\n\r“”（）《》：；！？"
    pool = common * 4 + rare + other * 2
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 60))) for _ in range(1500)]
    differing = [t for t in texts if list(segment(t)) != jieba.lcut(t)]
    assert differing == []


def test_segment_follows_a_word_added_to_jiebas_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables ``segment`` derives from jieba's dictionary are derived again when a word is added to it."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    monkeypatch.setattr(jieba, "dt", tokenizer)
    text = "学院开展述职测评工作"
    assert list(segment(text)) == tokenizer.lcut(text)
    tokenizer.add_word("述职测评", 50000)
    assert "述职测评" in tokenizer.lcut(text)
    assert list(segment(text)) == tokenizer.lcut(text)


def _tokenizer(tmp_path: Path, freq: dict[str, int]) -> jieba.Tokenizer:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("".join(f"{word} {f}\n" for word, f in freq.items()), encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.tmp_dir = str(tmp_path)
    tokenizer.initialize()
    return tokenizer


def test_segment_breaks_a_tie_as_jieba_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two routes of exactly the same log probability: jieba takes the one whose first word is longer (its max of
    (score, end) tuples), for a pair and for a longer fragment."""
    freq = {"甲": 2, "乙": 20, "甲乙": 1, "子丑": 4, "寅": 10, "子丑寅": 1, "丁": 2}
    logtotal = log(sum(freq.values()))
    assert (log(2) - logtotal) + (log(20) - logtotal + 0.0) == log(1) - logtotal + 0.0
    assert (log(4) - logtotal) + (log(10) - logtotal + 0.0) == log(1) - logtotal + 0.0
    tokenizer = _tokenizer(tmp_path, freq)
    monkeypatch.setattr(jieba, "dt", tokenizer)
    assert tokenizer.lcut("甲乙，子丑寅") == ["甲乙", "，", "子丑寅"]
    assert list(segment("甲乙，子丑寅")) == ["甲乙", "，", "子丑寅"]


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
