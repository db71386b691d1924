"""The one shared spaCy pipeline: blank ``zh`` with the jieba segmenter, built once per process; and ``segment``,
jieba's words of a text, each distinct text segmented once per analysis.

No pretrained Chinese spaCy model can be downloaded here, so the pipeline is blank; checks add their
own Matcher / EntityRuler patterns (kept as data in ``corpora/``). jieba's dictionary costs about a
second to load, so nothing builds this at import time: the first caller pays, the rest share it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from math import log

import jieba
import spacy
from jieba import finalseg
from spacy.language import Language

jieba.setLogLevel(logging.WARNING)

# The words of each text segmented inside ``shared_segmentation()`` (one analysis), else None.
_SHARED: ContextVar[dict[str, tuple[str, ...]] | None] = ContextVar("shared_segmentation", default=None)


@cache
def get_nlp() -> Language:
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


# The lexeme flags of the shared vocab registered by ``word_flag``, by what they test.
_FLAGS: dict[tuple[str, frozenset[str] | str], int] = {}
# spaCy's own lexical attributes take flags 1-18; 19-63 are free (FLAG19 … FLAG63).
_FREE_FLAGS = range(19, 64)


def word_flag(test: tuple[str, frozenset[str] | str]) -> str | None:
    """The name (``FLAG19`` …) of a lexeme flag of the shared vocab that holds for the words in a set
    (``("IN", words)``) or matched by a regex (``("REGEX", pattern)``, searched as spaCy's REGEX does), registered
    once per process; None when every free flag is taken. A Matcher checks a flag in C, where it runs an IN or
    REGEX predicate in Python at every token it tries."""
    if test in _FLAGS:
        return f"FLAG{_FLAGS[test]}"
    vocab = get_nlp().vocab
    flag = next((bit for bit in _FREE_FLAGS if bit not in vocab.lex_attr_getters), None)
    if flag is None:
        return None
    op, argument = test
    if op == "IN":
        vocab.add_flag(argument.__contains__, flag)
    else:
        search = re.compile(argument).search
        vocab.add_flag(lambda text: search(text) is not None, flag)
    _FLAGS[test] = flag
    return f"FLAG{flag}"


@contextmanager
def shared_segmentation() -> Iterator[None]:
    """Inside it ``segment`` cuts each distinct text once (the checks of one analysis read the same sentences);
    the words are dropped when it ends, so nothing is kept from one report to the next."""
    if _SHARED.get() is not None:  # inside another: that one keeps the words
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def segment(text: str) -> list[str]:
    """jieba's words of ``text``, exactly ``jieba.lcut(text)`` (the fast path, for where a spaCy Doc is not
    needed); inside ``shared_segmentation()`` a text already cut is not cut again."""
    shared = _SHARED.get()
    if shared is None:
        return _lcut(text)
    words = shared.get(text)
    if words is None:
        words = shared[text] = tuple(_lcut(text))
    return list(words)


def _lcut(text: str) -> list[str]:
    """``jieba.lcut(text)`` (accurate mode with the HMM, the default dictionary) in about half its time: the
    same steps as jieba's ``Tokenizer.cut``, ``__cut_DAG`` and ``finalseg.cut``, with the DAG and the route
    built in one pass over lists instead of dicts of lists and generators. The same arithmetic in the same
    order, so the same route and the same words (checked against jieba on the labelled corpora)."""
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    freq = tokenizer.FREQ
    logtotal = log(tokenizer.total)
    han, skip = jieba.re_han_default, jieba.re_skip_default
    words: list[str] = []
    for block in han.split(text):
        if not block:
            continue
        if han.match(block):
            _cut_block(block, freq, logtotal, words)
        else:
            for part in skip.split(block):
                if skip.match(part):
                    words.append(part)
                else:
                    words.extend(part)
    return words


def _cut_block(block: str, freq: dict[str, int], logtotal: float, words: list[str]) -> None:
    """jieba's ``__cut_DAG`` of one run of Chinese (and ASCII word) characters, appended to ``words``."""
    n = len(block)
    best = [0.0] * (n + 1)  # route[k][0]: the log probability of the best cut of block[k:]
    ends = [0] * (n + 1)  # route[k][1] + 1: where the first word of that cut ends
    get = freq.get
    for k in range(n - 1, -1, -1):
        top: float | None = None
        end = k
        i = k
        frag = block[k]
        while i < n:  # the words of the dictionary that start at k (its prefixes have frequency 0)
            f = get(frag)
            if f is None:
                break
            if f:
                p = log(f) - logtotal + best[i + 1]
                if top is None or p >= top:  # max() of (p, i) tuples: a tie goes to the longer word
                    top, end = p, i
            i += 1
            frag = block[k : i + 1]
        if top is None:
            top = log(get(block[k]) or 1) - logtotal + best[k + 1]
        best[k] = top
        ends[k] = end + 1
    x = 0
    buf = ""
    while x < n:
        y = ends[x]
        if y - x == 1:
            buf += block[x]
        else:
            if buf:
                _flush(buf, get, words)
                buf = ""
            words.append(block[x:y])
        x = y
    if buf:
        _flush(buf, get, words)


def _flush(buf: str, get: Callable[[str], int | None], words: list[str]) -> None:
    """Single characters in a row: one word, the HMM's words when they are not a dictionary word, else each."""
    if len(buf) == 1:
        words.append(buf)
    elif not get(buf):
        _hmm_cut(buf, words)
    else:
        words.extend(buf)


def _hmm_cut(text: str, words: list[str]) -> None:
    """``finalseg.cut(text)``: jieba's HMM words of characters its dictionary does not join."""
    force_split = finalseg.Force_Split_Words
    han, skip = finalseg.re_han, finalseg.re_skip
    for block in han.split(text):
        if han.match(block):
            for word in _hmm_words(block):
                if word in force_split:
                    words.extend(word)
                else:
                    words.append(word)
        else:
            words.extend(part for part in skip.split(block) if part)


def _hmm_words(text: str) -> list[str]:
    """finalseg's Viterbi over the states B(egin) M(iddle) E(nd) S(ingle), unrolled: each state's two possible
    predecessors (``finalseg.PrevStatus``), the same sums in the same order, a tie going to the greater state
    letter as finalseg's ``max`` of (probability, state) tuples does; then its words."""
    low = finalseg.MIN_FLOAT
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    e_b, e_m, e_s, e_e = emit["B"].get, emit["M"].get, emit["S"].get, emit["E"].get
    eb, sb = trans["E"].get("B", low), trans["S"].get("B", low)
    mm, bm = trans["M"].get("M", low), trans["B"].get("M", low)
    ss, es = trans["S"].get("S", low), trans["E"].get("S", low)
    be, me = trans["B"].get("E", low), trans["M"].get("E", low)
    first = text[0]
    v_b, v_m = start["B"] + e_b(first, low), start["M"] + e_m(first, low)
    v_s, v_e = start["S"] + e_s(first, low), start["E"] + e_e(first, low)
    back: list[tuple[str, str, str, str]] = []  # the best predecessor of B, M, S, E at each next character
    for char in text[1:]:
        em_b, em_m, em_s, em_e = e_b(char, low), e_m(char, low), e_s(char, low), e_e(char, low)
        from_e, from_s = v_e + eb + em_b, v_s + sb + em_b
        n_b, p_b = (from_s, "S") if from_s >= from_e else (from_e, "E")
        from_m, from_b = v_m + mm + em_m, v_b + bm + em_m
        n_m, p_m = (from_m, "M") if from_m >= from_b else (from_b, "B")
        from_s, from_e = v_s + ss + em_s, v_e + es + em_s
        n_s, p_s = (from_s, "S") if from_s >= from_e else (from_e, "E")
        from_b, from_m = v_b + be + em_e, v_m + me + em_e
        n_e, p_e = (from_m, "M") if from_m >= from_b else (from_b, "B")
        v_b, v_m, v_s, v_e = n_b, n_m, n_s, n_e
        back.append((p_b, p_m, p_s, p_e))
    state = "S" if v_s >= v_e else "E"
    states = [state]
    for step in reversed(back):
        state = step["BMSE".index(state)]
        states.append(state)
    states.reverse()
    out: list[str] = []
    begin = following = 0
    for i, pos in enumerate(states):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append(text[begin : i + 1])
            following = i + 1
        elif pos == "S":
            out.append(text[i])
            following = i + 1
    if following < len(text):
        out.append(text[following:])
    return out
