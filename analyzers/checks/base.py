"""What every check sees and returns.

A check is a small class with one job: it declares the rule ids it may emit (stable dotted names) and
turns a ``CheckContext`` into findings. The pipeline holds the one ordered tuple of checks.

Facts about the report that more than one party needs (the prose split into sentences, each sentence's
vagueness) are cached properties of the context: computed once, when first asked for, and read both by
the checks that judge them and by the pipeline, which alone assembles the Report from them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, Protocol, TypeVar

from analyzers.datapoints import DataPointExtractor
from analyzers.document import Document
from analyzers.labels import CN_DIGITS, parse_label
from analyzers.outline_types import Outline, OutlineSection
from analyzers.profiles import Profile, SectionSpec
from analyzers.report import DataPoint, Finding, SentenceScore, Span, build_many
from analyzers.text import count_chars, normalize_width, sentence_bounds
from analyzers.vagueness_model import Scored, VaguenessScorer, reasons

# Sections whose content is the year's work (the profile's content labels): where numbers, named events and
# the secretary's own deeds are expected, as opposed to problems and plans.
WORK_LABELS = frozenset({"achievements", "personal_duty", "ideological", "highlights"})

# A numbered first sentence this short, without a comma, is a run-in heading ("（一）加强理论学习。"), not prose.
RUN_IN_HEADING_CHARS = 15
_REPORT_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_LABEL_STARTS = frozenset("第（(0123456789①②③④⑤⑥⑦⑧⑨⑩" + CN_DIGITS)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ProseSentence:
    """A sentence of the report's prose: its words, where they are (offsets into ``Block.text``), its section."""

    text: str
    span: Span
    section: str | None


@dataclass(frozen=True)
class CheckContext:
    document: Document
    outline: Outline
    profile: Profile
    vagueness: VaguenessScorer | None = None  # None: the model is not trained; sentences get no scores
    previous: CheckContext | None = None  # last year's report, when one is given (`check --previous`)
    year: int | None = None  # the report year as the user states it (a submission's year), when they do

    def once(self, fact: Callable[[CheckContext], T]) -> T:
        """``fact(self)``, worked out once per report: for a fact of a check's own that the pipeline reads too
        (``fact`` depends on the context alone)."""
        if fact not in self._facts:
            self._facts[fact] = fact(self)
        return self._facts[fact]

    @cached_property
    def _facts(self) -> dict[Callable[[CheckContext], Any], Any]:
        return {}

    @cached_property
    def block_chars(self) -> tuple[int, ...]:
        """字数 of each block as Word counts it (automatic numbering labels left out)."""
        return tuple(count_chars(block.own_text) for block in self.document.blocks)

    @cached_property
    def total_chars(self) -> int:
        return sum(self.block_chars)

    @cached_property
    def _specs(self) -> dict[str, SectionSpec]:
        return {spec.key: spec for spec in self.profile.sections}

    def spec(self, key: str | None) -> SectionSpec | None:
        """The profile's section ``key`` (None for a section that maps to none)."""
        return self._specs.get(key) if key else None

    @cached_property
    def _content_labels(self) -> dict[str, frozenset[str]]:
        return {spec.key: frozenset(spec.content_labels) for spec in self.profile.sections}

    def holds(self, key: str | None, labels: Iterable[str]) -> bool:
        """Whether profile section ``key`` holds content of any of ``labels`` (its ``content_labels``)."""
        held = self._content_labels.get(key) if key else None
        return held is not None and not held.isdisjoint(labels)

    def section_key(self, block: int) -> str | None:
        """The profile key of the section ``block`` is in (None outside any, or in one that maps to none)."""
        section = self.outline.section_of_block(block)
        return section.key if section is not None else None

    def heading_span(self, section: OutlineSection) -> Span:
        """Where a finding about a whole section is anchored: its heading, or its first block."""
        block = section.heading_block if section.heading_block is not None else section.start_block
        return Span(block=block, start=0, end=len(self.document.blocks[block].text))

    def section_chars(self, section: OutlineSection) -> int:
        return sum(self.block_chars[section.start_block : section.end_block])

    def section_text(self, section: OutlineSection) -> str:
        return "\n".join(b.text for b in self.document.blocks[section.start_block : section.end_block])

    @cached_property
    def plain_blocks(self) -> tuple[str, ...]:
        """Each block's text in half-width forms (``normalize_width``), converted once for all the checks."""
        return tuple(normalize_width(block.text) for block in self.document.blocks)

    def plain(self, sentence: ProseSentence) -> str:
        """``normalize_width(sentence.text)``: its part of its block's half-width text (one character for one)."""
        return self.plain_blocks[sentence.span.block][sentence.span.start : sentence.span.end]

    @cached_property
    def block_sentences(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Where each block's sentences are, split once (``split_sentences``): (start, end) offsets into
        ``Block.text``, a generated label left out."""
        out = []
        for block in self.document.blocks:
            start = block.content_start
            bounds = sentence_bounds(block.own_text)
            out.append(tuple((s + start, e + start) for s, e in bounds) if start else tuple(bounds))
        return tuple(out)

    @cached_property
    def sentences(self) -> tuple[ProseSentence, ...]:
        """The sentences of the report's prose, in reading order: every block inside a section that is not
        a heading (front and back matter, headings and run-in headings left out)."""
        headings = {h.block for h in self.outline.headings}
        found: list[tuple[str, dict[str, int], str | None]] = []  # each sentence with its span and section
        for section in self.outline.sections:
            headings.add(section.heading_block if section.heading_block is not None else -1)
            for index in range(section.start_block, section.end_block):
                block = self.document.blocks[index]
                if index in headings:
                    continue
                for n, (start, end) in enumerate(self.block_sentences[index]):
                    text = block.text[start:end]
                    if n == 0 and _run_in_heading(text, auto_label=bool(block.label_auto and block.label)):
                        continue
                    found.append((text, {"block": index, "start": start, "end": end}, section.key))
        spans = build_many(Span, (span for _, span, _ in found))
        return tuple(ProseSentence(text, span, key) for (text, _, key), span in zip(found, spans, strict=True))

    def sentences_in(self, section: OutlineSection) -> tuple[ProseSentence, ...]:
        """The prose sentences inside ``section``: a slice of ``sentences``, which are in reading order."""
        return self.sentences[_slice(self._sentence_blocks, section)]

    def points_in(self, section: OutlineSection) -> tuple[DataPoint, ...]:
        """The data points inside ``section``: a slice of ``data_points``, which are in reading order."""
        return self.data_points[_slice(self._point_blocks, section)]

    @cached_property
    def _sentence_blocks(self) -> list[int]:
        return [s.span.block for s in self.sentences]

    @cached_property
    def _point_blocks(self) -> list[int]:
        return [p.span.block for p in self.data_points]

    @cached_property
    def scored(self) -> tuple[Scored, ...]:
        """The vagueness, verdict and facts of each of ``sentences``, in one batch; empty without a model."""
        if self.vagueness is None or not self.sentences:
            return ()
        return tuple(self.vagueness.score([s.text for s in self.sentences]))

    @cached_property
    def sentence_scores(self) -> tuple[SentenceScore, ...]:
        """``Report.sentences``: each prose sentence with its vagueness, verdict and (when vague) reasons."""
        if not self.scored:
            return ()
        lexicon = self.vagueness.lexicon if self.vagueness is not None else None
        return tuple(
            build_many(
                SentenceScore,
                (
                    {
                        "text": sentence.text,
                        "section": sentence.section,
                        "span": sentence.span,
                        "vagueness": round(scored.vagueness, 4),
                        "vague": scored.vague,
                        "reasons": reasons(scored.facts, lexicon) if scored.vague else [],
                    }
                    for sentence, scored in zip(self.sentences, self.scored, strict=True)
                ),
            )
        )

    @cached_property
    def data_points(self) -> tuple[DataPoint, ...]:
        """``Report.data_points``: the data points of the prose sentences, in reading order, one batch."""
        found = DataPointExtractor.default().extract_many([s.text for s in self.sentences])
        return tuple(
            build_many(
                DataPoint,
                (
                    {
                        "text": point.text,
                        "value": point.value,
                        "unit": point.unit,
                        "subject": point.subject,
                        "kind": point.kind,
                        "section": sentence.section,
                        "span": {
                            "block": sentence.span.block,
                            "start": sentence.span.start + point.start,
                            "end": sentence.span.start + point.end,
                        },
                    }
                    for sentence, points in zip(self.sentences, found, strict=True)
                    for point in points
                ),
            )
        )

    @cached_property
    def stated_year(self) -> tuple[int, str] | None:
        """The year the report should cover as given outside its text, with where it comes from: the user's
        (a submission's year), the profile's, or the file name's."""
        for year, where in ((self.year, "提交时填写的年度"), (self.profile.report_year, "述职要求"),
                            (self.filename_year, "文件名")):  # fmt: skip
            if year is not None:
                return year, where
        return None

    @cached_property
    def report_year(self) -> int | None:
        """The year the report covers: the stated year (the user's, the profile's or the file name's), else
        the first year in the title lines ("2022年度党支部书记述职报告"); None when none says. The title comes
        last because a report copied from last year keeps last year's title."""
        return self.stated_year[0] if self.stated_year else self.title_year

    @cached_property
    def title_year(self) -> int | None:
        """The first year in the front matter (title, subtitle)."""
        found = self.title_year_block
        return found[0] if found else None

    @cached_property
    def title_year_block(self) -> tuple[int, int, re.Match[str]] | None:
        """(year, block index, match in that block's text) of the first year in the front matter."""
        start, end = self.outline.front_matter
        for index in range(start, end):
            if match := _REPORT_YEAR_RE.search(self.plain_blocks[index]):
                return int(match.group(1)), index, match
        return None

    @cached_property
    def filename_year(self) -> int | None:
        match = _REPORT_YEAR_RE.search(normalize_width(self.document.source.filename))
        return int(match.group(1)) if match else None

    def document_span(self) -> Span:
        """Where a finding about the whole report is anchored: its first block, usually the title."""
        return Span(block=0, start=0, end=len(self.document.blocks[0].text))


def _slice(blocks: list[int], section: OutlineSection) -> slice:
    """Where the items of ``blocks`` (their block indexes, in order) inside ``section`` are."""
    return slice(bisect_left(blocks, section.start_block), bisect_left(blocks, section.end_block))


def _run_in_heading(text: str, auto_label: bool = False) -> bool:
    """"（一）组织生活规范开展。" opening a paragraph: a numbered short phrase without a comma. With Word's
    automatic numbering (``auto_label``) the number is not in the sentence."""
    label = parse_label(text) if text[:1] in _LABEL_STARTS else None
    if label is None and not auto_label:
        return False
    body = (text[len(label.text) :] if label is not None else text).rstrip("。！？!?；; ")
    return 0 < len(body) <= RUN_IN_HEADING_CHARS and not any(mark in body for mark in "，,；;：:")


class Check(Protocol):
    rules: ClassVar[tuple[str, ...]]

    def run(self, ctx: CheckContext) -> list[Finding]: ...
