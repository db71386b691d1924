"""The one shared spaCy pipeline: blank ``zh`` with the jieba segmenter, built once per process; and ``segment``,
jieba's words of a text, each distinct text segmented once per analysis.

No pretrained Chinese spaCy model can be downloaded here, so the pipeline is blank; checks add their
own Matcher / EntityRuler patterns (kept as data in ``corpora/``). jieba's dictionary costs about a
second to load, so nothing builds this at import time: the first caller pays, the rest share it.
"""

from __future__ import annotations

import logging
import re
from contextlib import AbstractContextManager
from functools import cache
from math import inf, log
from operator import itemgetter
from typing import NamedTuple

import jieba
import spacy
from jieba import finalseg
from spacy.language import Language

from analyzers.analysis_memo import AnalysisMemo

jieba.setLogLevel(logging.WARNING)

# The words of each text segmented inside ``shared_segmentation()`` (one analysis), else None.
_SEGMENTS: AnalysisMemo[str, tuple[str, ...]] = AnalysisMemo("shared_segmentation")


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


def shared_segmentation() -> AbstractContextManager[None]:
    """Inside it ``segment`` cuts each distinct text once (the checks of one analysis read the same sentences);
    the words are dropped when it ends, so nothing is kept from one report to the next."""
    return _SEGMENTS.shared()


def segment(text: str) -> list[str]:
    """jieba's words of ``text``, exactly ``jieba.lcut(text)`` (the fast path, for where a spaCy Doc is not
    needed); inside ``shared_segmentation()`` a text already cut is not cut again."""
    return list(_SEGMENTS.get(text, _cut_tuple, text))


def _cut_tuple(text: str) -> tuple[str, ...]:
    return tuple(_cut(text))


def dictionary_frequencies() -> dict[str, int]:
    """jieba's dictionary: each word with its frequency, and each prefix of a word with 0 (read-only)."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def prepare_segmenter() -> None:
    """Derive ``_lcut``'s tables from jieba's dictionary now (about half a second and 10 MB, once per process), so
    that ``segment`` cuts with them, in about half the time jieba takes. For the processes that analyse many
    reports: the service's and the audit's workers, which are forked after their warm-up; a one-shot
    ``shuzhi check`` would spend more on the tables than they save it, and cuts with ``jieba.lcut``."""
    _lexicon()


def _cut(text: str) -> list[str]:
    """The same words either way: ``_lcut`` once its tables are derived (``prepare_segmenter``), else jieba's."""
    return _lcut(text) if _LEXICON is not None else jieba.lcut(text)


class _Lexicon(NamedTuple):
    """What ``_lcut`` reads of jieba's dictionary and HMM, derived from them once per process (``_lexicon``, 0.2 s):
    9.9 MB beside the dictionary's own 498k entries as tracemalloc counts it, 5.3 MB of it the ``pairs`` dicts."""

    freq: dict[str, int]  # jieba.dt.FREQ itself: words with their frequency, and their prefixes with 0
    version: tuple[int, int]  # jieba's total and number of force-split words when derived (see ``_lexicon``)
    # Every character a block can hold: (alone, start, pairs, char), see ``_char_table``.
    chars: dict[str, tuple[float, float, dict[str, float | None], str]]
    log_prob: dict[int, float]  # a frequency f of the dictionary: log(f) - log(total), as jieba's ``calc`` computes it
    emission: dict[str, tuple[float, float, float, float]]  # a Han character: finalseg's emit_P of B, M, S, E
    hmm_start: tuple[float, float, float, float]  # finalseg's start_P of B, M, S, E
    hmm_trans: tuple[float, ...]  # finalseg's trans_P: E→B, S→B, M→M, B→M, S→S, E→S, B→E, M→E


_LEXICON: _Lexicon | None = None
_NO_PAIRS: dict[str, float | None] = {}


def _lexicon() -> _Lexicon:
    """The derived tables of jieba's current dictionary: derived again when jieba loads another dictionary or a word
    is added (``add_word`` changes the total) or deleted (``del_word`` adds a force-split word)."""
    global _LEXICON
    tokenizer = jieba.dt
    lexicon = _LEXICON
    if (
        lexicon is None
        or not tokenizer.initialized
        or lexicon.freq is not tokenizer.FREQ
        or lexicon.version != (tokenizer.total, len(finalseg.Force_Split_Words))
    ):
        tokenizer.check_initialized()
        lexicon = _LEXICON = _derive_lexicon(tokenizer.FREQ, tokenizer.total)
    return lexicon


def _derive_lexicon(freq: dict[str, int], total: int) -> _Lexicon:
    logtotal = log(total)
    # jieba's ``log(f) - logtotal``, computed as jieba does: the same float, to which the route adds the same best.
    log_prob = {f: log(f) - logtotal for f in set(freq.values()) if f}
    chars = _char_table(freq, log_prob, log(1) - logtotal)
    low, emit, trans = finalseg.MIN_FLOAT, finalseg.emit_P, finalseg.trans_P
    emission: dict[str, tuple[float, float, float, float]] = {}
    nowhere = (low, low, low, low)
    for char in _accepted(finalseg.re_han):  # Han characters, all in the block class: keyed by ``chars``' objects
        found = (emit["B"].get(char, low), emit["M"].get(char, low), emit["S"].get(char, low), emit["E"].get(char, low))
        emission[chars[char][3]] = nowhere if found == nowhere else found
    start = finalseg.start_P
    steps = ("EB", "SB", "MM", "BM", "SS", "ES", "BE", "ME")
    return _Lexicon(
        freq=freq,
        version=(total, len(finalseg.Force_Split_Words)),
        chars=chars,
        log_prob=log_prob,
        emission=emission,
        hmm_start=(start["B"], start["M"], start["S"], start["E"]),
        hmm_trans=tuple(trans[before].get(after, low) for before, after in steps),
    )


def _char_table(
    freq: dict[str, int], log_prob: dict[int, float], floor: float
) -> dict[str, tuple[float, float, dict[str, float | None], str]]:
    """Every character jieba's block pattern accepts, with what a cut of its block reads at its position:

    - ``alone``: its log probability as a one-character word, or ``floor`` (jieba's ``log(FREQ.get(c) or 1)``
      minus the log total) when it is no word: what a position costs when no longer word starts there;
    - ``start``: the same as a candidate word, ``-inf`` when it is no word, so that any word beats it;
    - ``pairs``: the characters that make a key of the dictionary (a word, or a prefix of longer ones) when they
      follow it, each with that two-character word's log probability, None for a prefix only; empty when the
      character is no key itself (jieba's DAG stops at the first fragment that is no key);
    - ``char``: the character, one string object per character (the dictionary's own when it has one), so that a
      ``pairs`` lookup finds it by identity with its hash already computed.
    """
    own = {word: word for word in freq if len(word) == 1}
    block_chars = {char: own.get(char, char) for char in _accepted(jieba.re_han_default)}
    pairs: dict[str, dict[str, float | None]] = {}
    for word, f in freq.items():
        if len(word) == 2 and word[0] in freq and word[1] in block_chars:
            pairs.setdefault(word[0], {})[block_chars[word[1]]] = log_prob.get(f)
    table = {}
    for char in block_chars.values():
        lp = log_prob.get(freq.get(char, 0))
        alone, start = (floor, -inf) if lp is None else (lp, lp)
        table[char] = (alone, start, pairs.get(char, _NO_PAIRS), char)
    return table


def _accepted(pattern: re.Pattern[str]) -> str:
    """The characters of the Basic Multilingual Plane that ``pattern`` (one character class) matches: jieba's
    block characters (U+4E00–U+9FD5 and some ASCII) and finalseg's Han characters all lie there."""
    return "".join(pattern.findall("".join(map(chr, range(0x10000)))))


def _lcut(text: str) -> list[str]:
    """``jieba.lcut(text)`` (accurate mode with the HMM, the default dictionary) in about a quarter of its time: the
    same steps as jieba's ``Tokenizer.cut``, ``__cut_DAG`` and ``finalseg.cut``, on tables derived once from jieba's
    dictionary (``_lexicon``) and with the same arithmetic in the same order, so the same route and the same words
    (checked against jieba on the labelled corpora, the reports and random texts in tests/test_nlp.py).

    jieba splits the text with its block pattern, which has one group: the pieces at odd places are its matches
    (cut as blocks), those at even places the text between them, where jieba's ``re_skip`` keeps ``\\r\\n`` and
    otherwise gives each character alone."""
    lexicon = _lexicon()
    words: list[str] = []
    block = True
    for piece in jieba.re_han_default.split(text):
        block = not block
        if block:
            _cut_block(piece, lexicon, words)
        elif "\r\n" in piece:
            for place, part in enumerate(jieba.re_skip_default.split(piece)):
                if place % 2:
                    words.append(part)
                else:
                    words += part
        else:
            words += piece
    return words


def _cut_block(block: str, lexicon: _Lexicon, words: list[str]) -> None:
    """jieba's ``__cut_DAG`` of one block: the words of the best route, the single characters between them flushed
    together. ``_route`` gives the longer word that begins each best route that has one; taken by increasing start,
    one that starts at or after the end of the last word taken is on the route (only single characters lie between
    two longer words of the route), one that starts inside it is not."""
    if len(block) == 1:  # its route is the character, flushed alone
        words.append(block)
        return
    x = 0
    for start, stop in reversed(_route(block, lexicon)):
        if start >= x:
            if start > x:
                _flush(block[x:start], lexicon, words)
            words.append(block[start:stop])
            x = stop
    if x < len(block):
        _flush(block[x:], lexicon, words)


def _route(block: str, lexicon: _Lexicon) -> list[tuple[int, int]]:
    """jieba's DAG and ``calc`` in one pass from the end: where a best route of ``block[k:]`` starts with a word of
    two characters or more, (k, that word's end), by decreasing k.

    Exact: the candidates at k are those of jieba's DAG (the character if it is a word; the pair from its ``pairs``;
    then longer fragments while they are keys), scored ``log(f) - logtotal + best[end]`` as jieba does (the first
    term precomputed), compared in the same order with ``>=`` so that a tie goes to the longer word as jieba's
    ``max`` of (score, end) tuples; with no word at k, the character alone at ``log(1) - logtotal``."""
    n = len(block)
    freq_get, log_prob = lexicon.freq.get, lexicon.log_prob
    infos = itemgetter(*block)(lexicon.chars)  # the characters' entries in one call (a block has two or more)
    best = [0.0] * (n + 1)  # best[k]: the log probability of the best route of block[k:]
    firsts: list[tuple[int, int]] = []
    k, after, following = n, 0.0, None  # after: best[k + 1]; following: the character at k + 1
    for alone, top, pairs, char in reversed(infos):  # top: the best score at k so far, from the character's start
        k -= 1
        if following not in pairs:  # no longer key starts here: the character alone, a word or not
            after = best[k] = alone + after
            following = char
            continue
        top += after
        end = k + 1
        lp = pairs[following]
        if lp is not None:
            p = lp + best[k + 2]
            if p >= top:
                top, end = p, k + 2
        j = k + 2
        while j < n:
            j += 1
            f = freq_get(block[k:j])
            if f is None:
                break
            if f:
                p = log_prob[f] + best[j]
                if p >= top:
                    top, end = p, j
        if top == -inf:  # only prefixes start here
            top = alone + after
        elif end > k + 1:
            firsts.append((k, end))
        after = best[k] = top
        following = char
    return firsts


def _flush(buf: str, lexicon: _Lexicon, words: list[str]) -> None:
    """Single characters in a row: one word, the HMM's words when they are not a dictionary word, else each."""
    if len(buf) == 1:
        words.append(buf)
    elif lexicon.freq.get(buf):
        words += buf
    else:
        _hmm_cut(buf, lexicon, words)


# finalseg.cut's pieces in one pass: a run of Han characters for the HMM (one alone is its own word), and between
# runs, re_skip's matches (letters and digits, a decimal part, a percent sign) and the text between those.
_HMM_PIECES = re.compile(
    r"([\u4E00-\u9FD5]{2,})|([\u4E00-\u9FD5]|[a-zA-Z0-9]+(?:\.\d+)?%?|[^\u4E00-\u9FD5a-zA-Z0-9]+)"
).findall


def _hmm_cut(text: str, lexicon: _Lexicon, words: list[str]) -> None:
    """``finalseg.cut(text)``: jieba's HMM words of characters its dictionary does not join.

    finalseg splits ``text`` into maximal runs of Han characters and the text between them, which it splits with
    ``re_skip`` into its matches and the non-empty text between. ``_HMM_PIECES`` gives the same pieces: a run is
    maximal as its class is greedy; text between matches has no ASCII letter or digit (a match begins at any) and
    no Han character (it lies between runs); and the HMM's cut of one character is that character."""
    force_split = finalseg.Force_Split_Words
    for run, other in _HMM_PIECES(text):
        if not run:
            words.append(other)
        elif force_split:
            for word in _hmm_words(run, lexicon):
                if word in force_split:
                    words += word
                else:
                    words.append(word)
        else:
            words += _hmm_words(run, lexicon)


_B, _M, _S, _E = 0, 1, 2, 3  # finalseg's states: a word's Begin, Middle or End character, or a Single one


def _hmm_words(text: str, lexicon: _Lexicon) -> list[str]:
    """finalseg's Viterbi over the states B M S E, unrolled: each state's two possible predecessors
    (``finalseg.PrevStatus``), the same sums in the same order, a tie going to the greater state letter as
    finalseg's ``max`` of (probability, state) tuples does; then its words.

    A word ends after each character in state S or E: the route starts at the first character and a state's
    predecessors allow only B M* E and S after it, so these are the ends finalseg's ``__cut`` yields."""
    if len(text) == 2:
        return _hmm_pair(text, lexicon)
    emission = lexicon.emission
    eb, sb, mm, bm, ss, es, be, me = lexicon.hmm_trans
    start_b, start_m, start_s, start_e = lexicon.hmm_start
    e_b, e_m, e_s, e_e = emission[text[0]]
    v_b, v_m, v_s, v_e = start_b + e_b, start_m + e_m, start_s + e_s, start_e + e_e
    back: list[tuple[int, int, int, int]] = []  # the best predecessor of B, M, S, E at each next character
    for char in text[1:]:
        em_b, em_m, em_s, em_e = emission[char]
        from_e, from_s = v_e + eb + em_b, v_s + sb + em_b
        n_b, p_b = (from_s, _S) if from_s >= from_e else (from_e, _E)
        from_m, from_b = v_m + mm + em_m, v_b + bm + em_m
        n_m, p_m = (from_m, _M) if from_m >= from_b else (from_b, _B)
        from_s, from_e = v_s + ss + em_s, v_e + es + em_s
        n_s, p_s = (from_s, _S) if from_s >= from_e else (from_e, _E)
        from_b, from_m = v_b + be + em_e, v_m + me + em_e
        n_e, p_e = (from_m, _M) if from_m >= from_b else (from_b, _B)
        v_b, v_m, v_s, v_e = n_b, n_m, n_s, n_e
        back.append((p_b, p_m, p_s, p_e))
    state = _S if v_s >= v_e else _E
    out: list[str] = []
    end = len(text)
    for i in range(len(text) - 1, 0, -1):
        state = back[i - 1][state]
        if state >= _S:  # a word ends after character i - 1
            out.append(text[i:end])
            end = i
    out.append(text[:end])
    out.reverse()
    return out


def _hmm_pair(text: str, lexicon: _Lexicon) -> list[str]:
    """``_hmm_words`` of two characters: the route ends in S (the first character then ends in S or E: two words)
    unless E scores more (the first is then B or M: one word); only those two sums are needed."""
    eb, sb, mm, bm, ss, es, be, me = lexicon.hmm_trans
    start_b, start_m, start_s, start_e = lexicon.hmm_start
    e_b, e_m, e_s, e_e = lexicon.emission[text[0]]
    v_b, v_m, v_s, v_e = start_b + e_b, start_m + e_m, start_s + e_s, start_e + e_e
    _, _, em_s, em_e = lexicon.emission[text[1]]
    from_s, from_e = v_s + ss + em_s, v_e + es + em_s
    ends_single = from_s if from_s >= from_e else from_e
    from_b, from_m = v_b + be + em_e, v_m + me + em_e
    ends_word = from_m if from_m >= from_b else from_b
    return list(text) if ends_single >= ends_word else [text]
