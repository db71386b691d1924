"""The subject chooser: where the words that say what a number counts begin and end (``models/subject_chooser.npz``).

The rules of ``analyzers.datapoints`` find a data point's subject, the words of its sentence that name what it
counts. Where they go wrong it is mostly by a token at an edge: a verb or a doer kept in front (攻克|技术难题 for 技术
难题, 党员专家|下乡义诊 for 下乡义诊), a modifier cut off, a head word left out. The chooser takes the spans of whole
tokens around the rules' subject — its left edge moved by up to three tokens either way, its right edge by two tokens
out or three in (``LEFT_MOVES``, ``RIGHT_MOVES``), each span within its clause, off the data point and at most
``MAX_CHARS`` characters — and keeps the one a logistic regression scores best. A span's score is the sum of the
weights of its features (``left_features``, ``right_features``, ``span_features``, ``point_features``): the tokens it
adds or drops, its first and last token and the ones beside it, their word class in jieba's dictionary
(``WORD_CLASS_TAGS``, else a noun, else not a word) alone and with the point's kind, at each edge the classes on its
two sides together (a verb before a noun, a noun before a particle) and the two tokens themselves, the last token with
the point's unit (党员 before 名), how far each edge moved (alone, with the rule that gave the subject, with the
point's kind), the point's kind and unit, the span's words as a whole, its length, how far it stands from the point
and, for a span of one token, whether it is a subject term or a word.

The model is trained on the annotated tuning sets of ``tests/datapoints/`` by ``python -m bench.train_subject_chooser``
(``make train``), which also scores it on seven folds of whole tuning sets and on the held-out sets and writes
``models/subject_chooser.CARD.md``. It is stored as plain arrays (feature template, value, weight) in an ``.npz``
loaded with ``allow_pickle=False``; prediction (``SubjectChooser.choose_many``) is numpy, no scikit-learn.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from analyzers.linear_model import ModelError, file_sha256, meta_path

ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = ROOT / "models" / "subject_chooser.npz"
TRAIN_COMMAND = "python -m bench.train_subject_chooser"
FORMAT = "shuzhi.subject-chooser/1"

LEFT_MOVES = (-3, -2, -1, 0, 1, 2, 3)  # tokens added (+) or dropped (-) on the left of the rules' subject
RIGHT_MOVES = (-3, -2, -1, 0, 1, 2)  # on its right
# (from ±2 and (-2 … 1): +0.44 points of tuning-set subjects chosen right out of fold, seven folds, 2026-12-05;
# ±3 and (-2 … 2): +0.28, ±4 and (-2 … 2): +0.42)
MAX_GAP = 8  # the characters between a span and its point, as a feature: 0 … 8 or more
MAX_CHARS = 12
# jieba's word classes a feature names (v: 慰问, vn: 培训, d/ad: 累计, p: 在, a: 困难, m: 一批, q: 名, r: 其中, c: 和,
# u: 的, f: 内, t: 年底, s: 村里, b: 专职, j: 党建): the small ones, so that their words fit in one table. Any other
# word of the dictionary is read as a noun ("n"); a token not in it is "x", or "char" when it is one character.
WORD_CLASS_TAGS = ("v", "vn", "d", "ad", "p", "a", "m", "q", "r", "c", "u", "f", "t", "s", "b", "j")

Feature = tuple[str, str]  # (template, value)

# The points whose subjects the chooser leaves as the rules gave them: left one set out (13 tuning sets, 2026-12-05)
# it did not improve them (ranks: +2 of 299; these rules' subjects: ±0 of some 400 points together), and every point
# it reads costs time (issue #9's budget).
UNCHOSEN_KINDS = frozenset(("rank",))
UNCHOSEN_RULES = frozenset((
    "award_winner", "award_winner_passive", "award_counted", "contest_before_result", "contest_right_before_prize",
    "contest_before_listed_result", "named_review_before_result", "tasks_in_state", "coordinated_nouns",
    "kind_after_list", "share_named", "share_of_whole", "generic_object_of_doing", "task_by_date",
    "proportion_of_doing", "those_who_share", "one_character_share", "as_of_date", "range_end", "each_held",
    "deadline_of_change", "kept_for", "title_won_for",
    "titled_work_of_words", "words_of_work", "titled_work", "done_within", "respective_item", "respective_figure",
    "changed_share", "quoted_task_dated", "state_kept_for", "timed_topic", "event_held", "dated_event", "part_share",
    "founded_or_started", "named_period", "made_over", "branch_aiming_at_title", "event_during", "named_ratio",
    "entered",
))  # fmt: skip


def chooses(kind: str, rule: str) -> bool:
    """Whether the chooser reads the subject of a point of ``kind`` that ``rule`` gave ("" for the walk)."""
    return kind not in UNCHOSEN_KINDS and rule not in UNCHOSEN_RULES


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What the features read besides the text: each token's word class, the subject terms of the vocabulary, the
    marks that end a clause and jieba's dictionary (each word with its frequency, a prefix of one with 0)."""

    word_class: Callable[[str], str]
    terms: frozenset[str]
    clause_marks: frozenset[str]
    frequencies: dict[str, int]


def word_classes(tagged: dict[str, frozenset[str]], frequencies: dict[str, int]) -> Callable[[str], str]:
    """The word class of a token: its tag among ``WORD_CLASS_TAGS`` (``tagged``: each tag's words), else "n" for a
    word of jieba's dictionary (``frequencies``: a prefix of a word is kept there with 0), else "x" or "char"."""
    known = {word: tag for tag in WORD_CLASS_TAGS for word in tagged.get(tag, ())}

    def word_class(token: str) -> str:
        tag = known.get(token)
        if tag is None:
            return "n" if frequencies.get(token, 0) > 0 else "x" if len(token) > 1 else "char"
        return tag

    return word_class


class Around(NamedTuple):
    """One data point and the rules' subject, tokens ``[i, j)`` of ``words`` in ``text``: what the spans are read
    from."""

    text: str
    words: Sequence[tuple[int, int]]
    i: int
    j: int
    point: tuple[int, int]
    kind: str
    unit: str
    rule: str

    def token(self, k: int) -> str:
        """Token ``k`` of the text; the edges of the text are tokens too ("<s>", "</s>")."""
        if 0 <= k < len(self.words):
            s, e = self.words[k]
            return self.text[s:e]
        return _EDGE[k < 0]

    @property
    def subject(self) -> str:
        return self.text[self.words[self.i][0] : self.words[self.j - 1][1]]


_EDGE = {True: "<s>", False: "</s>"}  # the token before the text's first and after its last
_NO_EDGE = (-(10**6), -(10**6))  # their offsets: a span starting or ending there fails the checks of its offsets


def point_features(around: Around) -> list[Feature]:
    """The same for every span of a point: they move every score alike (kept so that training sees them)."""
    return [("rule", around.rule or "walk"), ("kind", around.kind), ("unit", around.unit)]


def left_features(around: Around, move: int, lexicon: Lexicon) -> list[Feature]:
    """The features of a span's left edge: ``move`` tokens added (+) or dropped (-) there."""
    token, word_class = around.token, lexicon.word_class
    a = around.i - move
    first, before = token(a), token(a - 1)
    first_class = word_class(first)
    out = [
        ("left", str(move)),
        ("left|rule", f"{move}|{around.rule or 'walk'}"),
        ("left|kind", f"{move}|{around.kind}"),
        ("first", first),
        ("first_class", first_class),
        ("first_char", first[0]),
        ("before", before),
        ("before_class", before_class := word_class(before)),
        ("left|first_class", f"{move}|{first_class}"),
        ("before|first_class", f"{before_class}|{first_class}"),
        ("first_class|kind", f"{first_class}|{around.kind}"),
        ("before_class|kind", f"{before_class}|{around.kind}"),
        ("before|first", f"{before}|{first}"),
    ]
    moved = range(a, around.i) if move > 0 else range(around.i, a)
    how = "added_left" if move > 0 else "dropped_left"
    for k in moved:
        out.append((how, token(k)))
        out.append((how + "_class", word_class(token(k))))
    return out


def right_features(around: Around, move: int, lexicon: Lexicon) -> list[Feature]:
    """The features of a span's right edge: ``move`` tokens added (+) or dropped (-) there."""
    token, word_class = around.token, lexicon.word_class
    b = around.j + move
    last, after = token(b - 1), token(b)
    last_class = word_class(last)
    out = [
        ("right", str(move)),
        ("right|kind", f"{move}|{around.kind}"),
        ("last", last),
        ("last_class", last_class),
        ("last_char", last[-1]),
        ("after", after),
        ("after_class", after_class := word_class(after)),
        ("right|last_class", f"{move}|{last_class}"),
        ("last|after_class", f"{last_class}|{after_class}"),
        ("right|rule", f"{move}|{around.rule or 'walk'}"),
        ("last_class|kind", f"{last_class}|{around.kind}"),
        ("after_class|kind", f"{after_class}|{around.kind}"),
        ("last|after", f"{last}|{after}"),
        ("last|unit", f"{last}|{around.unit}"),
    ]
    moved = range(around.j, b) if move > 0 else range(b, around.j)
    how = "added_right" if move > 0 else "dropped_right"
    for k in moved:
        out.append((how, token(k)))
        out.append((how + "_class", word_class(token(k))))
    return out


def span_features(span: Span, lexicon: Lexicon) -> list[Feature]:
    """The features of a span as a whole: which side of the point, its length, how far from the point and, for a
    span of one token, whether it is a subject term or a word of jieba's dictionary."""
    out = [
        ("side", "before" if span.before_point else "after"),
        ("len", str(min(len(span.text), 10))),
        ("gap", str(min(span.gap, MAX_GAP))),
        ("text", span.text),
    ]
    if span.tokens == 1:
        out += _alone_features(span.text, lexicon)
    return out


def _alone_features(token: str, lexicon: Lexicon) -> list[Feature]:
    out = []
    if token in lexicon.terms:
        out.append(("term", "1"))
    if lexicon.frequencies.get(token, 0) > 0:
        out.append(("word", "1"))
    return out


class Span(NamedTuple):
    text: str
    left: int  # the moves that made it
    right: int
    before_point: bool
    tokens: int
    gap: int  # the characters between it and the point


def spans(around: Around, lexicon: Lexicon) -> list[Span]:
    """The spans around the rules' subject a chooser picks from, in a fixed order (the rules' own among them)."""
    words, text, i, j = around.words, around.text, around.i, around.j
    start, end = around.point
    marks = lexicon.clause_marks
    out = []
    for left in LEFT_MOVES:
        a = i - left
        if a < 0 or a > j or a == len(words):  # (every span would end before it starts, or start past the text)
            continue
        s = words[a][0]
        for right in RIGHT_MOVES:
            b = j + right
            if b > len(words) or b <= a:
                continue
            e = words[b - 1][1]
            if e - s > MAX_CHARS or (s < end and start < e):
                continue
            span = text[s:e]
            if marks.isdisjoint(span):
                out.append(Span(span, left, right, s < start, b - a, start - e if s < start else s - end))
    return out


def around_subject(
    text: str, words: Sequence[tuple[int, int]], starts: Sequence[int], ends: Sequence[int], point: Any, rule: str
) -> Around | None:
    """The rules' subject of ``point`` (a ``Found``) as tokens of ``words`` (``starts`` and ``ends`` their offsets):
    its occurrence nearest the point, where it starts and ends at token edges; None where it does not (or is
    empty)."""
    subject = point.subject
    if not subject:
        return None
    at = _nearest(text, subject, point.start, point.end)
    if at < 0:
        return None
    i = _index(starts, at)
    j = _index(ends, at + len(subject))
    if i < 0 or j < 0:
        return None
    return Around(text, words, i, j + 1, (point.start, point.end), point.kind, point.unit, rule)


def _index(offsets: Sequence[int], at: int) -> int:
    k = bisect_left(offsets, at)
    return k if k < len(offsets) and offsets[k] == at else -1


def _nearest(text: str, subject: str, start: int, end: int) -> int:
    """The occurrence of ``subject`` nearest the data point at [start, end), -1 where there is none."""
    best, best_distance = -1, -1
    at = text.find(subject)
    while at != -1:
        distance = min(abs(at + len(subject) - start), abs(at - end))
        if best < 0 or distance < best_distance:
            best, best_distance = at, distance
        at = text.find(subject, at + 1)
    return best


# -- the model ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SubjectChooser:
    """A linear scorer of spans: ``weights[template][value]``; a span's score is the sum over its features."""

    weights: dict[str, dict[str, float]]
    meta: dict[str, Any] | None = None

    _tables: _Tables = field(init=False, repr=False)  # (what choose_many reads)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_tables", _Tables(self.weights))

    def choose(self, around: Around, lexicon: Lexicon) -> str:
        """The best-scored span around the rules' subject (the rules' own where it scores best)."""
        return self.choose_many([around], lexicon)[0]

    def choose_many(self, arounds: Sequence[Around], lexicon: Lexicon) -> list[str]:
        """``choose`` for each of ``arounds``, scored together.

        The same sums as ``score_features`` over ``left_features`` + ``right_features`` + ``span_features`` (the point's
        own features move every span alike and are left out; a test checks that both ways choose alike), taken
        with numpy: per point, Python only looks up the tokens around the two edges (``_Tables.token_id``: each
        token's weights in every template that names it, looked up once) and their offsets; the sums of the
        edges, the checks of the spans and the choice are array operations over all the points at once."""
        t = self._tables
        t.forget_if_full()
        marks, known, token_id = lexicon.clause_marks, t.ids.get, t.token_id
        rule_ids, unknown_rule, kind_ids, unknown_kind = t.rules, len(t.rules), t.kinds, len(t.kinds)
        chosen = [around.subject for around in arounds]
        kept, token_ids, edges, numbers = [], [], [], []
        pairs: list[float] = []  # (each point's, one after the other)
        for n_around, (text, words, i, j, (start, end), kind, unit, rule) in enumerate(arounds):
            if not marks.isdisjoint(chosen[n_around]):
                continue  # (its own span is no candidate: a subject the chooser never saw in training)
            n, lo = len(words), i + _LEFT_WINDOW[0]
            rule_id, kind_id = rule_ids.get(rule or "walk", unknown_rule), kind_ids.get(kind, unknown_kind)
            numbers += (len(token_ids), i, j, start, end, rule_id, kind_id)
            window = []
            for k in range(lo, max(i + _LEFT_WINDOW[1], j + _RIGHT_WINDOW[1])):  # every token read, in order
                if 0 <= k < n:
                    edge = words[k]
                    token = text[edge[0] : edge[1]]
                else:
                    edge, token = _NO_EDGE, _EDGE[k < 0]
                row = known(token)
                token_ids.append(token_id(token, lexicon) if row is None else row)
                edges.append(edge)
                window.append(token)
            pairs += t.pair_weights(window, j - i, unit)
            kept.append(n_around)
        if not kept:
            return chosen
        flat_edges = np.fromiter(chain.from_iterable(edges), dtype=np.intp, count=2 * len(edges)).reshape(-1, 2)
        texts = [arounds[n_around].text for n_around in kept]
        best = t.best_spans(
            np.fromiter(token_ids, dtype=np.intp, count=len(token_ids)),
            flat_edges,
            np.fromiter(numbers, dtype=np.intp, count=len(numbers)),
            np.fromiter(pairs, dtype=np.float64, count=len(pairs)).reshape(len(kept), -1),
            texts,
        )
        for n_around, (a, b) in zip(kept, best.tolist(), strict=True):
            if a >= 0:
                text, words = arounds[n_around].text, arounds[n_around].words
                chosen[n_around] = text[words[a][0] : words[b - 1][1]]
        return chosen

    def score_features(self, features: Iterable[Feature]) -> float:
        """The score of a span with these features, summed one by one: the reference ``choose_many`` matches."""
        weights = self.weights
        total = 0.0
        for template, value in features:
            by_value = weights.get(template)
            if by_value is not None:
                total += by_value.get(value, 0.0)
        return total

    # -- loading and saving ------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SubjectChooser:
        """The model in ``path`` (an .npz of plain arrays) and the meta beside it."""
        try:
            with np.load(path, allow_pickle=False) as npz:
                templates, values, weights = npz["templates"], npz["values"], npz["weights"]
        except FileNotFoundError as exc:
            raise ModelError(f"{path}: no model; run `{TRAIN_COMMAND}`") from exc
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{path}: not a readable subject-chooser model ({exc})") from exc
        if not len(templates) == len(values) == len(weights):
            raise ModelError(f"{path}: array lengths disagree ({len(templates)}, {len(values)}, {len(weights)})")
        path_meta = meta_path(path)
        meta = json.loads(path_meta.read_text(encoding="utf-8")) if path_meta.exists() else None
        if meta is not None and meta.get("format") != FORMAT:
            raise ModelError(f"{path_meta}: format {meta.get('format')!r}; expected {FORMAT!r}")
        table: dict[str, dict[str, float]] = {}
        for template, value, weight in zip(templates.tolist(), values.tolist(), weights.tolist(), strict=True):
            table.setdefault(template, {})[value] = weight
        return cls(table, meta)

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write ``path`` (.npz) and its ``.meta.json`` (with the .npz's sha256)."""
        rows = [(t, v, w) for t, by_value in sorted(self.weights.items()) for v, w in sorted(by_value.items())]
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                templates=np.array([t for t, _, _ in rows], dtype=np.str_),
                values=np.array([v for _, v, _ in rows], dtype=np.str_),
                weights=np.array([w for _, _, w in rows], dtype=np.float64),
            )
        meta = {**meta, "format": FORMAT, "model_sha256": file_sha256(path)}
        meta_path(path).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# The templates that name a token (each with its word class's template beside it, "first" and "first_class"), in
# the order of the first columns of ``_Tables.rows``.
_TOKEN_TEMPLATES = ("first", "before", "added_left", "dropped_left", "last", "after", "added_right", "dropped_right")


# The tokens a point's spans are read from: around a left edge (from token i - 4, the one before a first token three
# out, to token i + 3, the first token after three are dropped) and around a right edge (token j - 4, the last token
# after three are dropped, to token j + 2, the one after a last token two out), as ranges from token i and from j.
_LEFT_WINDOW = (-1 - max(LEFT_MOVES), 1 - min(LEFT_MOVES))
_RIGHT_WINDOW = (min(RIGHT_MOVES) - 1, max(RIGHT_MOVES) + 1)
# The columns of ``_Tables.rows``: a token's weight in each template that names it or its word class ("first"
# counts its first character too, "last" its last), what it adds as a span of its own, whether it holds a mark that
# ends a clause.
_COLUMN_NAMES = (*_TOKEN_TEMPLATES, "alone", "clause_mark")
_FIRST, _BEFORE, _ADDED_LEFT, _DROPPED_LEFT, _LAST, _AFTER, _ADDED_RIGHT, _DROPPED_RIGHT, _ALONE, _MARK = range(
    len(_COLUMN_NAMES)
)
_WORD_CLASSES = (*WORD_CLASS_TAGS, "n", "x", "char")
_KNOWN_TOKENS = 100_000  # tokens whose weights are kept, at most (some 10 MB); then they are looked up anew


class _Tables:
    """The weights of ``SubjectChooser.weights`` as arrays ``SubjectChooser.choose_many`` reads: a row of weights
    for each token met (``token_id``), and the weights of an edge that depend on its move, the rule and the word
    class of the token at the edge."""

    def __init__(self, weights: dict[str, dict[str, float]]) -> None:
        self.weights = weights
        self.ids: dict[str, int] = {}
        self.rows = np.zeros((1024, len(_COLUMN_NAMES)))
        self.classes = np.zeros(1024, dtype=np.intp)
        weight = self._weight
        rules = sorted({value.partition("|")[2] for value in weights.get("left|rule", {})})
        self.rules = {rule: k for k, rule in enumerate(rules)}  # any other rule: len(rules), no weight of its own
        kinds = sorted({value.partition("|")[2] for value in weights.get("left|kind", {})})
        self.kinds = {kind: k for k, kind in enumerate(kinds)}  # likewise
        self.left_edges = np.array([  # [move, rule, word class of the first token]
            [[weight("left", str(m)) + weight("left|rule", f"{m}|{r}") + weight("left|first_class", f"{m}|{c}")
              for c in _WORD_CLASSES] for r in (*rules, "")]
            for m in LEFT_MOVES
        ])  # fmt: skip
        self.right_edges = np.array([  # [move, word class of the last token]
            [weight("right", str(m)) + weight("right|last_class", f"{m}|{c}") for c in _WORD_CLASSES]
            for m in RIGHT_MOVES
        ])
        # [word class of the token before a span, of its first] and [of its last, of the token after it]
        self.left_pairs, self.right_pairs = (
            np.array([[weight(template, f"{a}|{b}") for b in _WORD_CLASSES] for a in _WORD_CLASSES])
            for template in ("before|first_class", "last|after_class")
        )
        self.left_kinds = np.array([[weight("left|kind", f"{m}|{k}") for k in (*kinds, "")] for m in LEFT_MOVES])
        self.right_kinds = np.array([[weight("right|kind", f"{m}|{k}") for k in (*kinds, "")] for m in RIGHT_MOVES])
        self.right_rules = np.array([[weight("right|rule", f"{m}|{r}") for r in (*rules, "")] for m in RIGHT_MOVES])
        # [word class of a span's first token (before it, its last, after it), kind]
        self.first_kinds, self.before_kinds, self.last_kinds, self.after_kinds = (
            np.array([[weight(template, f"{c}|{k}") for k in (*kinds, "")] for c in _WORD_CLASSES])
            for template in ("first_class|kind", "before_class|kind", "last_class|kind", "after_class|kind")
        )
        self.before_first, self.last_after = (_by_pair(weights.get(t, {})) for t in ("before|first", "last|after"))
        self.last_unit = _by_second(weights.get("last|unit", {}))  # (one unit a point: its row is looked up once)
        self.texts = weights.get("text", {})
        self.gap = np.array([weight("gap", str(k)) for k in range(MAX_GAP + 1)])
        self.side = np.array([weight("side", "after"), weight("side", "before")])
        self.length = np.array([weight("len", str(k)) for k in range(11)])

    def _weight(self, template: str, value: str) -> float:
        return self.weights.get(template, {}).get(value, 0.0)

    def forget_if_full(self) -> None:
        if len(self.ids) > _KNOWN_TOKENS:
            self.ids.clear()

    def token_id(self, token: str, lexicon: Lexicon) -> int:
        """The row of ``token`` in ``rows`` (added the first time it is met)."""
        known = self.ids.get(token)
        if known is not None:
            return known
        row = len(self.ids)
        if row == len(self.rows):
            self.rows = np.concatenate([self.rows, np.zeros_like(self.rows)])
            self.classes = np.concatenate([self.classes, np.zeros_like(self.classes)])
        word_class, weight = lexicon.word_class(token), self._weight
        values = [weight(name, token) + weight(name + "_class", word_class) for name in _TOKEN_TEMPLATES]
        values[_FIRST] += weight("first_char", token[0])
        values[_LAST] += weight("last_char", token[-1])
        alone = sum(weight(template, value) for template, value in _alone_features(token, lexicon))
        self.rows[row] = (*values, alone, not lexicon.clause_marks.isdisjoint(token))
        self.classes[row] = _WORD_CLASSES.index(word_class)
        self.ids[token] = row
        return row

    def pair_weights(self, window: list[str], width: int, unit: str) -> list[float]:
        """The weights of the features that name two strings at an edge, for each left move (the token before the
        span and its first) and each right move (its last and the one after it; its last and the point's unit):
        looked up in Python, a handful per point. ``window``: the tokens read for the point, from the one before a
        left edge three tokens out; ``width``: the tokens of the rules' subject."""
        before_first, last_after, by_last = self.before_first.get, self.last_after.get, self.last_unit.get(unit, {}).get
        out = [before_first((window[x - 1], window[x]), 0.0) for x in _FIRSTS_READ]
        for y in _LASTS_READ:
            last = window[y + width]
            out.append(last_after((last, window[y + width + 1]), 0.0) + by_last(last, 0.0))
        return out

    def best_spans(
        self, token_ids: np.ndarray, edges: np.ndarray, numbers: np.ndarray, pairs: np.ndarray, texts: list[str]
    ) -> np.ndarray:
        """For each point, the tokens [a, b) of its best span, or -1 where the rules' own is best or is no
        candidate. ``token_ids`` and ``edges``: the row and the (start, end) of each token read, point after
        point, from the one before a left edge three tokens out; ``numbers``: for each point, where its tokens begin
        in those, i, j, its own start and end, the rule's id and the kind's; ``pairs``: for each point, what
        ``pair_weights`` adds to each left move and each right move; ``texts``: each point's text (a span's own
        words have a weight too: looked up in Python, one per span).

        The sums over the tokens of each edge are one product of the tokens' weights with a fixed matrix
        (``_LEFT_SUMS``, ``_RIGHT_SUMS``): few array operations, whatever the number of points (each operation
        costs more than the points)."""
        here, i, j, start, end, rule, kind = numbers.reshape(-1, 7).T
        n_points, n_left = len(i), len(LEFT_MOVES)
        left_window = here[:, None] + _LEFT_TOKENS
        right_window = left_window[:, :1] + (j - i)[:, None] + _RIGHT_TOKENS_FROM_J
        left_ids, right_ids = token_ids[left_window], token_ids[right_window]
        lefts = self.rows[left_ids].reshape(n_points, -1) @ _LEFT_SUMS  # (points, [sum, alone] x moves)
        left = lefts[:, :n_left] + self.left_edges[_LEFT_INDEX, rule[:, None], self.classes[left_ids[:, _FIRSTS]]]
        left += self.left_kinds[_LEFT_INDEX, kind[:, None]]
        first_classes, before_classes = self.classes[left_ids[:, _FIRSTS]], self.classes[left_ids[:, _FIRSTS - 1]]
        left += self.left_pairs[before_classes, first_classes]
        left += self.first_kinds[first_classes, kind[:, None]] + self.before_kinds[before_classes, kind[:, None]]
        left += pairs[:, : len(LEFT_MOVES)]
        right = self.rows[right_ids].reshape(n_points, -1) @ _RIGHT_SUMS
        right += self.right_edges[_RIGHT_INDEX, self.classes[right_ids[:, _LASTS]]]
        right += self.right_kinds[_RIGHT_INDEX, kind[:, None]] + self.right_rules[_RIGHT_INDEX, rule[:, None]]
        last_classes, after_classes = self.classes[right_ids[:, _LASTS]], self.classes[right_ids[:, _LASTS + 1]]
        right += self.right_pairs[last_classes, after_classes]
        right += self.last_kinds[last_classes, kind[:, None]] + self.after_kinds[after_classes, kind[:, None]]
        right += pairs[:, len(LEFT_MOVES) :]
        # (points, left edges, right edges) by broadcasting. A token outside the text has the offsets _NO_EDGE, so
        # that a span starting or ending there fails the checks of its offsets.
        s = edges[left_window[:, _FIRSTS], 0][:, :, None]
        e = edges[right_window[:, _LASTS], 1][:, None, :]
        length = e - s
        ok = (length > 0) & (length <= MAX_CHARS) & ((s >= end[:, None, None]) | (start[:, None, None] >= e))
        ok &= self._marks_in_spans(left_ids, right_ids, j - i) == 0  # no mark that ends a clause in the span
        ok &= -_LEFT_MOVES[None, :, None] <= (j - i)[:, None, None]  # (as ``spans``: a left edge past j is none)
        one_token = (j - i)[:, None, None] == _ONE_TOKEN  # (the moves that leave a span of one token)
        total = left[:, :, None] + right[:, None, :]
        before = s < start[:, None, None]
        total += self.side[before.astype(np.intp)] + self.length[np.clip(length, 0, 10)]
        total += self.gap[np.clip(np.where(before, start[:, None, None] - e, s - end[:, None, None]), 0, MAX_GAP)]
        total += np.where(one_token, lefts[:, n_left:, None], 0.0)
        if self.texts:
            total += self._text_weights(texts, s[:, :, 0], e[:, 0, :], ok)
        total = np.where(ok, total, -np.inf).reshape(n_points, -1)
        best = np.argmax(total, axis=1)
        changed = (best != _OWN) & ok.reshape(n_points, -1)[:, _OWN]
        chosen = np.stack([i - _LEFT_OF[best], j + _RIGHT_OF[best]], axis=1)
        return np.where(changed[:, None], chosen, -1)

    def _text_weights(self, texts: list[str], starts: np.ndarray, ends: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """For each point and (left move, right move), the weight of the span's words as a whole: looked up for the
        spans that pass the checks of their offsets (``ok``) only, 0 for the others. ``starts``: each point's
        offset of each left edge, ``ends`` of each right edge."""
        weight = self.texts.get
        points, lefts, rights = np.nonzero(ok)
        spans = zip(points.tolist(), starts[points, lefts].tolist(), ends[points, rights].tolist(), strict=True)
        out = np.zeros(ok.shape)
        out[points, lefts, rights] = [weight(texts[p][a:b], 0.0) for p, a, b in spans]
        return out

    def _marks_in_spans(self, left_ids: np.ndarray, right_ids: np.ndarray, width: np.ndarray) -> np.ndarray:
        """For each point and (left move, right move), the tokens holding a mark that ends a clause among the span's
        tokens beyond the rules' own (which hold none): those added on the left up to where the span ends (a span
        moved left and cut on the right may end before the rules' subject starts), and those added on the right.
        By prefix sums over each window's marks."""
        at_i, at_j = -_LEFT_WINDOW[0], -_RIGHT_WINDOW[0]
        left_sums, right_sums = _marks_before(self.rows[left_ids, _MARK]), _marks_before(self.rows[right_ids, _MARK])
        ends = at_i + np.minimum(0, width[:, None] + _RIGHT_MOVES)  # where each span ends, in the left window
        marks = np.take_along_axis(left_sums, ends, axis=1)[:, None, :] - left_sums[:, _FIRSTS][:, :, None]
        added = right_sums[:, at_j + np.maximum(_RIGHT_MOVES, 0)] - right_sums[:, [at_j]]
        return marks + added[:, None, :]


def _by_pair(by_value: dict[str, float]) -> dict[tuple[str, str], float]:
    """The weights of a template whose values name two strings ("a|b") keyed by the two, (a, b). (A dictionary of
    dictionaries, {a: {b: weight}}, counted 145.7 M instructions for the sample report against 124.8 M.)"""
    return {pair: weight for value, weight in by_value.items() for pair in _splits(value)}


def _by_second(by_value: dict[str, float]) -> dict[str, dict[str, float]]:
    """The same as {b: {a: weight}}, for a template whose second string has few values (the unit)."""
    out: dict[str, dict[str, float]] = {}
    for value, weight in by_value.items():
        for a, b in _splits(value):
            out.setdefault(b, {})[a] = weight
    return out


def _splits(value: str) -> list[tuple[str, str]]:
    """The two strings ``value`` ("a|b") names: where it holds more than one "|", every way of splitting it (each
    gives the value back when joined, as the feature was written)."""
    a, _, b = value.partition("|")
    if "|" not in b:  # (nearly every value)
        return [(a, b)]
    return [(value[:at], value[at + 1 :]) for at in range(len(value)) if value[at] == "|"]


def _marks_before(marks: np.ndarray) -> np.ndarray:
    """For each row of a window's marks, the marks before each place in it: [0, m0, m0 + m1, …]."""
    return np.concatenate([np.zeros((len(marks), 1)), np.cumsum(marks, axis=1)], axis=1)


def _edge_sums() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The matrices that sum the weights of the tokens around an edge into each move's: for a left edge (its
    tokens' columns, flattened, by [the move's sum | what its first token adds as a span of its own]), for a right
    edge (by its sum); and where each move's first and last token are in the windows."""
    at_i, at_j, columns = -_LEFT_WINDOW[0], -_RIGHT_WINDOW[0], len(_COLUMN_NAMES)
    left = np.zeros((_LEFT_WINDOW[1] - _LEFT_WINDOW[0], columns, 2 * len(LEFT_MOVES)))
    for m, move in enumerate(LEFT_MOVES):
        x = at_i - move  # the first token
        left[x, _FIRST, m] = left[x - 1, _BEFORE, m] = 1
        for k in range(x, at_i):
            left[k, _ADDED_LEFT, m] = 1
        for k in range(at_i, x):
            left[k, _DROPPED_LEFT, m] = 1
        left[x, _ALONE, len(LEFT_MOVES) + m] = 1
    right = np.zeros((_RIGHT_WINDOW[1] - _RIGHT_WINDOW[0], columns, len(RIGHT_MOVES)))
    for m, move in enumerate(RIGHT_MOVES):
        y = at_j + move  # the token after the last
        right[y - 1, _LAST, m] = right[y, _AFTER, m] = 1
        for k in range(at_j, y):
            right[k, _ADDED_RIGHT, m] = 1
        for k in range(y, at_j):
            right[k, _DROPPED_RIGHT, m] = 1
    firsts = np.array([at_i - move for move in LEFT_MOVES])
    lasts = np.array([at_j + move - 1 for move in RIGHT_MOVES])
    return left.reshape(-1, left.shape[2]), right.reshape(-1, right.shape[2]), firsts, lasts


_LEFT_SUMS, _RIGHT_SUMS, _FIRSTS, _LASTS = _edge_sums()
# where each move's first token is in the tokens read for a point, and its last less j - i (``pair_weights``)
_FIRSTS_READ = _FIRSTS.tolist()
_LASTS_READ = (_LASTS + _RIGHT_WINDOW[0] - _LEFT_WINDOW[0]).tolist()
_LEFT_MOVES, _RIGHT_MOVES = np.array(LEFT_MOVES), np.array(RIGHT_MOVES)
_LEFT_INDEX, _RIGHT_INDEX = np.arange(len(LEFT_MOVES)), np.arange(len(RIGHT_MOVES))
_LEFT_TOKENS = np.arange(_LEFT_WINDOW[1] - _LEFT_WINDOW[0])
_RIGHT_TOKENS_FROM_J = np.arange(*_RIGHT_WINDOW) - _LEFT_WINDOW[0]  # from the first token read, token j minus i
# each candidate (left move, right move) in the order they are scored: its moves; which is the rules' own; for each,
# the number of tokens the rules' subject has when the candidate is one token (j - i + left + right = 1)
_LEFT_OF, _RIGHT_OF = np.array([(left, right) for left in LEFT_MOVES for right in RIGHT_MOVES]).T
_OWN = LEFT_MOVES.index(0) * len(RIGHT_MOVES) + RIGHT_MOVES.index(0)
_ONE_TOKEN = (1 - _LEFT_MOVES[:, None] - _RIGHT_MOVES[None, :])[None, :, :]


@cache
def default_chooser() -> SubjectChooser:
    return SubjectChooser.load(MODEL_PATH)
