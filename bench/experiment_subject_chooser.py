"""An experiment, not part of the product: would a learned chooser of the subject's boundaries beat the rules?

For each annotated data point the rules' subject (``DataPointExtractor.subject_rules``) is widened or narrowed by
whole tokens: its left edge by up to two tokens either way, its right edge by one (15 spans, those that stay in
the clause, off the data point and within 12 字). A logistic regression scores each span from the tokens added or
dropped, the tokens at its edges and beside them, their word class in jieba's dictionary, the rule that gave the
subject, the kind and unit of the point and the span's length; the best-scored span is the subject. A span is
right when it is one of the annotated wordings, as ``make eval`` scores subjects.

Printed: leave-one-set-out over the tuning sets (trained on the others, scored on the one left out), then trained
on every tuning set and scored on the two held-out sets (measured only: nothing here is tuned on them), each beside
the rules' own score and the share of points for which some span is right (the most a chooser could reach).

Run: ``.venv/bin/python -m bench.experiment_subject_chooser`` (about a minute). ``--narrow`` keeps 6 spans (left
edge ±1, right edge −1 or 0: cheaper to score); ``--without-trimming`` switches off the five rules that trim a
subject's edges (``TRIMMING_RULES``) first, to see whether the chooser subsumes them. Not wired into the extractor:
scored in pure Python it costs about 1 ms a report (README, "Data points"), and the analysis has about 5% left
under its 2x budget (issue #9).
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from analyzers.datapoints import _CLAUSE_MARKS, DataPointExtractor, _half_width, _merge_terms, _word_spans
from analyzers.nlp import prepare_segmenter
from tests.datapoints.cases import DEV_SETS, HELDOUT_SETS, load_cases

LEFT_MOVES = (-2, -1, 0, 1, 2)  # tokens added (+) or dropped (-) on the left
RIGHT_MOVES = (-1, 0, 1)
NARROW_LEFT_MOVES, NARROW_RIGHT_MOVES = (-1, 0, 1), (-1, 0)
# The rules of DataPointExtractor._subjects that only move a subject's edges, with what they are given back.
TRIMMING_RULES = {
    "_without_verb": lambda self, text, words, subject, found: subject,
    "_without_doer_of_event": lambda self, subject, found: subject,
    "_doing_after_doers": lambda self, text, words, subject, found: subject,
    "_generic_head_named": lambda self, text, words, found, subject: subject,
    "_event_without_cut_modifier": lambda self, text, words, found, subject, points: subject,
}
MAX_CHARS = 12
C = 1.0  # chosen by leave-one-set-out on the tuning sets (0.1: +1.6, 0.3: +2.6, 1.0: +3.1, 3.0: +3.0 points)


@dataclass
class Point:
    """One annotated data point with the spans around the rules' subject and their features."""

    gold: frozenset[str]
    rules: str  # the rules' subject
    spans: list[str]
    features: list[dict[str, float]]
    base: int  # the index of the rules' own span


def _points(
    path: Path, extractor: DataPointExtractor, tags: dict[str, str], moves: tuple[tuple[int, ...], tuple[int, ...]]
) -> list[Point]:
    def tag(word: str) -> str:
        return tags.get(word, "x" if len(word) > 1 else "c")

    out = []
    for paragraph in load_cases(path):
        text = _half_width(paragraph.text)
        found = extractor.subject_rules(paragraph.text)
        if not found:
            continue
        words = _merge_terms(text, _word_spans(paragraph.text), extractor.vocabulary, [f for f, _ in found])
        starts = {s: k for k, (s, _) in enumerate(words)}
        ends = {e: k for k, (_, e) in enumerate(words)}
        for gold in paragraph.points:
            point, rule = max(found, key=lambda fr: min(fr[0].end, gold.end) - max(fr[0].start, gold.start))
            if min(point.end, gold.end) <= max(point.start, gold.start) or not point.subject:
                continue
            at = _nearest(text, point.subject, point.start, point.end)
            if at < 0 or at not in starts or at + len(point.subject) not in ends:
                continue
            i, j = starts[at], ends[at + len(point.subject)] + 1  # the subject is tokens [i, j)
            spans, features, base = [], [], -1
            for left in moves[0]:
                for right in moves[1]:
                    a, b = i - left, j + right
                    if a < 0 or b > len(words) or b <= a:
                        continue
                    s, e = words[a][0], words[b - 1][1]
                    span = text[s:e]
                    on_point = s < point.end and point.start < e
                    if len(span) > MAX_CHARS or any(c in _CLAUSE_MARKS for c in span) or on_point:
                        continue

                    def token(k: int, text: str = text, words: list[tuple[int, int]] = words) -> str:
                        return text[words[k][0] : words[k][1]]

                    first, last = token(a), token(b - 1)
                    before = token(a - 1) if a > 0 else "<s>"
                    after = token(b) if b < len(words) else "</s>"
                    f: dict[str, float] = {
                        f"left={left}": 1, f"right={right}": 1, f"rule={rule or 'walk'}": 1, f"kind={point.kind}": 1,
                        f"unit={point.unit}": 1, f"side={'before' if s < point.start else 'after'}": 1,
                        f"len={min(len(span), 10)}": 1, "term": float(span in extractor.vocabulary.subject_term_set),
                        "word": float(span in tags), f"first={first}": 1, f"last={last}": 1,
                        f"first_tag={tag(first)}": 1, f"last_tag={tag(last)}": 1, f"first_char={first[0]}": 1,
                        f"last_char={last[-1]}": 1, f"before={before}": 1, f"after={after}": 1,
                        f"before_tag={tag(before)}": 1, f"after_tag={tag(after)}": 1,
                        f"left={left}|rule={rule or 'walk'}": 1, f"left={left}|first_tag={tag(first)}": 1,
                        f"right={right}|last_tag={tag(last)}": 1,
                    }  # fmt: skip
                    moved = [("added_left", k) for k in range(a, i)] + [("dropped_left", k) for k in range(i, a)]
                    moved += [("added_right", k) for k in range(j, b)] + [("dropped_right", k) for k in range(b, j)]
                    for how, k in moved:
                        f[f"{how}={token(k)}"] = 1
                        f[f"{how}_tag={tag(token(k))}"] = 1
                    if (left, right) == (0, 0):
                        base = len(spans)
                    spans.append(span)
                    features.append(f)
            if base >= 0:
                out.append(Point(frozenset(gold.subjects), point.subject, spans, features, base))
    return out


def _jieba_tags() -> dict[str, str]:
    """Each word of jieba's dictionary with its word class (n, v, vn …)."""
    import jieba

    tags = {}
    with jieba.dt.get_dict_file() as lines:
        for raw in lines:
            word, _, rest = raw.decode("utf-8").rstrip().partition(" ")
            tags[word] = rest.rpartition(" ")[2]
    return tags


def _nearest(text: str, subject: str, start: int, end: int) -> int:
    """The occurrence of ``subject`` nearest the data point at [start, end), -1 where there is none."""
    places, at = [], text.find(subject)
    while at != -1:
        places.append(at)
        at = text.find(subject, at + 1)
    return min(places, key=lambda p: min(abs(p + len(subject) - start), abs(p - end)), default=-1)


def _fit(points: list[Point]) -> tuple[DictVectorizer, LogisticRegression]:
    rows = [f for p in points for f in p.features]
    labels = [int(span in p.gold) for p in points for span in p.spans]
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(vectorizer.fit_transform(rows), labels)
    return vectorizer, model


def _score(points: list[Point], vectorizer: DictVectorizer, model: LogisticRegression) -> dict[str, float]:
    chosen = 0
    for p in points:
        best = int(np.argmax(model.predict_proba(vectorizer.transform(p.features))[:, 1]))
        chosen += p.spans[best] in p.gold
    n = len(points)
    return {
        "rules": sum(p.rules in p.gold for p in points) / n,
        "chooser": chosen / n,
        "reachable": sum(any(s in p.gold for s in p.spans) for p in points) / n,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--without-trimming" in args:
        for name, identity in TRIMMING_RULES.items():
            setattr(DataPointExtractor, name, identity)
    moves = (NARROW_LEFT_MOVES, NARROW_RIGHT_MOVES) if "--narrow" in args else (LEFT_MOVES, RIGHT_MOVES)
    prepare_segmenter()
    extractor = DataPointExtractor()
    tags = _jieba_tags()
    sets = {path.name: _points(path, extractor, tags, moves) for path in (*DEV_SETS, *HELDOUT_SETS)}
    tuning = [path.name for path in DEV_SETS]
    gains = []
    for name in tuning:
        r = _score(sets[name], *_fit([p for other in tuning if other != name for p in sets[other]]))
        gains.append(r["chooser"] - r["rules"])
        print(_line(f"left out {name}", len(sets[name]), r))
    print(f"leave-one-set-out: mean gain {statistics.mean(gains) * 100:+.1f} points over {len(tuning)} sets")
    trained = _fit([p for name in tuning for p in sets[name]])
    for path in HELDOUT_SETS:
        print(_line(f"held-out {path.name}", len(sets[path.name]), _score(sets[path.name], *trained)))
    return 0


def _line(name: str, n: int, r: dict[str, Any]) -> str:
    return (
        f"{name:28s} {n:4d} points: rules {r['rules']:.3f}, chooser {r['chooser']:.3f}"
        f" ({(r['chooser'] - r['rules']) * 100:+.1f}), reachable {r['reachable']:.3f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
