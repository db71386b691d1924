"""Rectification: are the problems of the report matched by measures, and are the measures checkable?
With last year's report: is each of last year's problems reported as rectified?

The sztu-2022 framework asks for 存在问题及整改措施; the sysu-2020 notice asks how last year's problems
were rectified. The sentences of a problems section are sorted into problems, causes and measures by cue
words and by the section's own sub-headings (``corpora/lexicons/rectification.yaml``); the sentences of a
plans section are all measures. Two sentences are about the same matter when they share a topic word (a
jieba word that is not one every problem uses).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

import yaml

from analyzers.checks.base import CheckContext, ProseSentence
from analyzers.checks.voice import is_personal
from analyzers.nlp import segment
from analyzers.outline_types import OutlineSection
from analyzers.report import Finding, Severity, Span
from analyzers.text import normalize_width

VOCABULARY_PATH = Path(__file__).resolve().parents[2] / "corpora" / "lexicons" / "rectification.yaml"
_CHECKABLE_KINDS = frozenset({"deadline", "date", "count", "percent", "duration", "money"})


@dataclass(frozen=True)
class Vocabulary:
    cause: tuple[str, ...]
    measure: tuple[str, ...]
    measure_weak: tuple[str, ...]
    problem: tuple[str, ...]
    measure_headings: tuple[str, ...]
    problem_headings: tuple[str, ...]
    cause_headings: tuple[str, ...]
    owner: tuple[str, ...]
    addressed: tuple[str, ...]
    rectified: tuple[str, ...]
    rectified_openers: tuple[str, ...]
    rectified_results: tuple[str, ...]
    rectified_patterns: tuple[re.Pattern[str], ...]
    time: tuple[str, ...]
    stopwords: frozenset[str]


@cache
def vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def words(key: str) -> tuple[str, ...]:
        values = data.get(key)
        if not isinstance(values, list) or not values:
            raise ValueError(f"{path}: field {key!r} must be a non-empty list")
        return tuple(str(v) for v in values)

    return Vocabulary(
        cause=words("cause_cues"),
        measure=words("measure_cues"),
        measure_weak=words("measure_cues_weak"),
        problem=words("problem_cues"),
        measure_headings=words("measure_headings"),
        problem_headings=words("problem_headings"),
        cause_headings=words("cause_headings"),
        owner=words("owner_cues"),
        addressed=words("addressed_cues"),
        rectified=words("rectified_cues"),
        rectified_openers=words("rectified_openers"),
        rectified_results=words("rectified_results"),
        rectified_patterns=tuple(re.compile(p) for p in words("rectified_patterns")),
        time=words("time_cues"),
        stopwords=frozenset(words("topic_stopwords")),
    )


def _has(text: str, cues: tuple[str, ...]) -> bool:
    """Whether any of ``cues`` is in ``text``."""
    return _cues_re(cues).search(text) is not None


@cache
def _cues_re(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, cues)))


def sentence_role(text: str, heading_role: str | None, vocab: Vocabulary) -> str:
    """cause | rectified | measure | problem | other, for a sentence of a problems section."""
    plain = normalize_width(text)
    if _has(plain[:8], vocab.cause):
        return "cause"
    if _has(plain, vocab.measure):
        return "measure"
    if _rectified(plain, vocab):
        return "rectified"
    if _has(plain, vocab.problem):
        return "problem" if heading_role != "measure" else "measure"
    # No problem named: a sentence with a weak cue, an owner (由组织委员负责) or a time bound (2024年上半年,
    # 2026年起) says what will be done.
    if any(_has(plain, cues) for cues in (vocab.measure_weak, vocab.owner, vocab.time)) or _YEAR_START.match(plain):
        return "measure"
    return heading_role or "other"


_YEAR_START = re.compile(r"(?:19|20)[0-9]{2}年")
_DIGIT = re.compile(r"[0-9一二三四五六七八九十两]")


def _rectified(plain: str, vocab: Vocabulary) -> bool:
    """A report on how an earlier problem was dealt with: 整改情况：…; 针对上年度……的问题，今年……（已, or a figure
    after the problem is named); ……的问题已得到解决."""
    if plain.startswith(vocab.rectified_openers):
        return True
    at = plain.find("问题")
    if at != -1 and _has(plain, vocab.rectified):
        after = plain[at:]
        if _has(after, vocab.rectified_results) or _DIGIT.search(after):
            return True
    return any(p.search(plain) for p in vocab.rectified_patterns)


def topic_words(text: str, vocab: Vocabulary) -> set[str]:
    """The words that say what a sentence is about (党费收缴, 青年教师), without the ones every problem uses."""
    return {w for w in segment(normalize_width(text)) if len(w) >= 2 and w not in vocab.stopwords and _cjk(w)}


def _cjk(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


@dataclass(frozen=True)
class Rectification:
    """The problems and measures of one report."""

    problems: tuple[ProseSentence, ...]
    measures: tuple[ProseSentence, ...]  # of the problems sections
    plans: tuple[ProseSentence, ...]  # the sentences of the plans sections (all measures)
    answered: frozenset[int]  # indexes of ``problems`` followed by a measure before the next problem


def _heading_role(ctx: CheckContext, section: OutlineSection, block: int, vocab: Vocabulary) -> str | None:
    """The role a sub-heading inside ``section`` gives the blocks under it (（二）整改措施 -> measure)."""
    role = None
    for heading in ctx.outline.headings:
        if section.start_block < heading.block < block and heading.block != section.heading_block:
            text = ctx.document.blocks[heading.block].text
            for name, cues in (("cause", vocab.cause_headings), ("measure", vocab.measure_headings),
                               ("problem", vocab.problem_headings)):  # fmt: skip
                if _has(text, cues):
                    role = name
                    break
    return role


def rectification(ctx: CheckContext) -> Rectification:
    """The report's problems and measures. A measure right after a problem (一是……。整改措施：……) answers it."""
    vocab = vocabulary()
    problems: list[ProseSentence] = []
    measures: list[ProseSentence] = []
    plans: list[ProseSentence] = []
    answered: set[int] = set()
    unanswered_from = 0
    for section in ctx.outline.sections:
        inside = ctx.sentences_in(section)
        if ctx.holds(section.key, {"problems"}):
            heading_roles: dict[int, str | None] = {}  # block -> the role its sub-heading gives it
            for sentence in inside:
                block = sentence.span.block
                if block not in heading_roles:
                    heading_roles[block] = _heading_role(ctx, section, block, vocab)
                role = sentence_role(sentence.text, heading_roles[block], vocab)
                if role == "problem":
                    problems.append(sentence)
                elif role == "measure":
                    measures.append(sentence)
                    # A measure answers every problem since the last measure: 一是……。整改措施：…… as well as a
                    # list of problems followed by a list of measures. Precision first: whether it is on the
                    # same matter is not judged here (a false alarm costs more than a miss).
                    answered.update(range(unanswered_from, len(problems)))
                    unanswered_from = len(problems)
        elif ctx.holds(section.key, {"plans"}):
            plans.extend(inside)
    return Rectification(tuple(problems), tuple(measures), tuple(plans), frozenset(answered))


def _problems_span(ctx: CheckContext) -> tuple[str | None, Span]:
    """Where a finding about the problems section as a whole is anchored: its heading (or the title)."""
    for section in ctx.outline.sections:
        if ctx.holds(section.key, {"problems"}):
            return section.key, ctx.heading_span(section)
    return None, ctx.document_span()


class RectificationCheck:
    """Problems without a measure; measures with no deadline, owner or quantity; last year's problems
    whose rectification this year's report does not mention."""

    rules: ClassVar[tuple[str, ...]] = (
        "rectification.no_measures",
        "rectification.vague_measure",
        "rectification.previous_unaddressed",
    )

    def run(self, ctx: CheckContext) -> list[Finding]:
        found = rectification(ctx)
        return [*self._no_measures(found), *self._vague_measures(ctx, found), *self._previous(ctx)]

    def _no_measures(self, found: Rectification) -> list[Finding]:
        vocab = vocabulary()
        unanswered = [problem for index, problem in enumerate(found.problems) if index not in found.answered]
        if not unanswered:  # the measures' words are read only where a problem may lack one
            return []
        measure_topics = set().union(*(topic_words(m.text, vocab) for m in found.measures + found.plans))
        findings = []
        for problem in unanswered:
            topics = topic_words(problem.text, vocab)
            if not topics or topics & measure_topics:
                continue
            findings.append(
                Finding(
                    rule="rectification.no_measures",
                    severity=Severity.WARNING,
                    message="这个问题在整改措施和下一步计划里都没有对应的措施。",
                    section=problem.section,
                    span=problem.span,
                    text=problem.text,
                    suggestion="针对这个问题写出整改措施：做什么、谁负责、何时完成、做到多少。",
                )
            )
        return findings

    def _vague_measures(self, ctx: CheckContext, found: Rectification) -> list[Finding]:
        vocab = vocabulary()
        points: dict[int, list[int]] = defaultdict(list)  # block -> where its checkable points start
        for point in ctx.data_points:
            if point.kind in _CHECKABLE_KINDS:
                points[point.span.block].append(point.span.start)
        findings = []
        for measure in found.measures:
            span = measure.span
            plain = ctx.plain(measure)
            has_point = any(span.start <= start < span.end for start in points.get(span.block, ()))
            # checkable: a date, deadline or quantity; a time bound (2024年内); an owner, the secretary included
            if has_point or _has(plain, vocab.time) or _has(plain, vocab.owner) or is_personal(plain):
                continue
            findings.append(
                Finding(
                    rule="rectification.vague_measure",
                    severity=Severity.WARNING,
                    message="这条整改措施没有时限、责任人或数量，无法检查是否落实。",
                    section=measure.section,
                    span=span,
                    text=measure.text,
                    suggestion="写明完成时限（如“2024年6月底前”）、责任人（如“由组织委员负责”）或数量（如“每月1次”）。",
                )
            )
        return findings

    def _previous(self, ctx: CheckContext) -> list[Finding]:
        if ctx.previous is None:
            return []
        vocab = vocabulary()
        last_year = rectification(ctx.previous).problems
        this_year = [
            (topic_words(s.text, vocab), _has(normalize_width(s.text), vocab.addressed)) for s in ctx.sentences
        ]
        section, span = _problems_span(ctx)
        findings = []
        for problem in last_year:
            topics = topic_words(problem.text, vocab)
            if not topics or any(_addresses(topics, words, cue) for words, cue in this_year):
                continue
            findings.append(
                Finding(
                    rule="rectification.previous_unaddressed",
                    severity=Severity.WARNING,
                    message=f"上年度报告的问题“{problem.text}”，本年度报告没有说明整改情况。",
                    section=section,
                    span=span,
                    text=problem.text,
                    suggestion="逐条说明上年度问题的整改情况：采取了什么措施、取得了什么结果、还有哪些未完成。",
                )
            )
        return findings


def _addresses(problem_topics: set[str], sentence_topics: set[str], rectification_cue: bool) -> bool:
    """A sentence reports on a problem when it shares two of its topic words and says it was dealt with
    (整改, 已, 针对 …), or shares three (or all, for a problem of fewer words)."""
    shared = len(problem_topics & sentence_topics)
    return (shared >= 2 and rectification_cue) or shared >= min(3, len(problem_topics))
