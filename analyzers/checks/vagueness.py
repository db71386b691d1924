"""表面化: vague sentences, mostly vague sections, and problems without a 主观 cause.

The notices ask reports to "用具体事例和数据说话，防止表面化". Each prose sentence is scored once by the
vagueness classifier (``CheckContext.scored``, ``analyzers.vagueness_model``); these checks turn the scores
into findings a secretary can act on: which sentence, why (the lexicon's 套话, no data, no named event,
no time), and what to add.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import ClassVar

import yaml

from analyzers.checks.base import CheckContext, ProseSentence
from analyzers.lexicons import VagueLexicon
from analyzers.profiles import SectionSpec
from analyzers.report import Finding, Severity
from analyzers.vagueness_model import NO_DATA, NO_NAME, NO_TIME, YEAR_ONLY, Scored, hit_suggestion

SUBJECTIVE_CUES_PATH = Path(__file__).resolve().parents[2] / "corpora" / "lexicons" / "subjective_cause.yaml"

# What to add, by the kind of section the sentence is in: (opening verb, {missing fact: what to write}).
_ADD: dict[str, tuple[str, dict[str, str]]] = {
    "achievements": (
        "写明",
        {
            "data": "做了多少（次数、人数、比例）",
            "time": "什么时间",
            "name": "哪项活动、文件或对象",
            "result": "取得了什么可查的结果（如获评、完成率）",
        },
    ),
    "highlights": (
        "写明",
        {
            "name": "这项做法的名称和对象",
            "time": "何时开始",
            "data": "做了几次、覆盖多少人",
            "result": "可查的成效（如获评、被推广）",
        },
    ),
    "problems": (
        "写出",
        {"name": "具体表现在哪件事、涉及谁", "data": "有多少（次数、人数、比例）", "time": "发生在什么时间"},
    ),
    "plans": (
        "写明",
        {
            "name": "具体做哪件事、由谁负责",
            "time": "何时完成（如“2024年6月底前”）",
            "data": "做到多少（次数、人数、比例）",
        },
    ),
}
_SECTION_ADVICE = {
    "achievements": "每项工作写明做了什么、做了多少、什么时间、取得了什么可查的结果。",
    "highlights": "写明特色做法的名称、何时开始、覆盖多少人，以及可查的成效（如获评、被推广）。",
    "problems": "每个问题写出具体表现（哪件事、多少次或多少人、涉及谁），并剖析主观原因。",
    "plans": "每项计划写明做什么、由谁负责、何时完成、做到多少。",
}
_PLAN_WORDS_RE = re.compile(r"下一步|下步|明年|来年|今后|将|计划|力争|争取|拟|打算")


def section_kind(spec: SectionSpec | None, text: str = "") -> str:
    """achievements | highlights | problems | plans: what kind of content a profile section holds."""
    labels = set(spec.content_labels) if spec is not None else set()
    if "plans" in labels and ("problems" not in labels or _PLAN_WORDS_RE.search(text)):
        return "plans"
    if "problems" in labels:
        return "problems"
    if labels == {"highlights"}:
        return "highlights"
    return "achievements"


class VagueSentenceCheck:
    """Each vague sentence, quoted, with why it is vague and what would make it concrete."""

    rules: ClassVar[tuple[str, ...]] = ("vague.sentence",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        lexicon = ctx.vagueness.lexicon if ctx.vagueness is not None else None
        findings = []
        for sentence, scored, score in zip(ctx.sentences, ctx.scored, ctx.sentence_scores, strict=False):
            if not scored.vague:
                continue
            findings.append(
                Finding(
                    rule="vague.sentence",
                    severity=Severity.WARNING,
                    message=_message(score.reasons),
                    section=sentence.section,
                    span=sentence.span,
                    text=sentence.text,
                    suggestion=_suggestion(ctx, sentence, scored, lexicon),
                )
            )
        return findings


def _message(reasons: list[str]) -> str:
    missing = [r for r in reasons if r in (NO_DATA, NO_NAME, NO_TIME, YEAR_ONLY)]
    other = [r for r in reasons if r not in missing]
    parts = [*other, "、".join(missing)] if missing else other
    return "表述空泛：" + "；".join(parts) + "。" if parts else "表述空泛，没有可查的具体事实。"


def _suggestion(ctx: CheckContext, sentence: ProseSentence, scored: Scored, lexicon: VagueLexicon | None) -> str:
    """What to add: how many, when, who or what, which result (what the sentence lacks, in the words of its
    kind of section), after the lexicon entry's own suggestion when it has one."""
    facts = scored.facts
    verb, slots = _ADD[section_kind(ctx.spec(sentence.section), sentence.text)]
    lacking = {
        "data": not facts.has_data,
        "time": not facts.has_time,
        "name": not facts.named,
        "result": not facts.outcomes,
    }
    wanted = [what for key, what in slots.items() if lacking[key]] or list(slots.values())[:2]
    advice = verb + "、".join(wanted) + "。"
    own = next((s for hit in facts.hits if (s := hit_suggestion(hit, lexicon))), None)
    return f"{own.rstrip('。；; ')}；{advice}" if own else advice


class VagueSectionCheck:
    """A section most of whose sentences are vague: 表面化 as a whole, not one sentence at a time."""

    rules: ClassVar[tuple[str, ...]] = ("vague.section",)

    # More than this share of a section's sentences vague flags the section. Our working value: in the
    # labelled corpus about half of the sentences are vague by design; a section well above that has
    # few facts to show. A section needs at least MIN_SENTENCES sentences for a share to mean anything.
    share: ClassVar[float] = 0.6
    min_sentences: ClassVar[int] = 3

    def run(self, ctx: CheckContext) -> list[Finding]:
        if not ctx.scored:
            return []
        by_section: dict[int, list[bool]] = defaultdict(list)
        for sentence, scored in zip(ctx.sentences, ctx.scored, strict=True):
            section = ctx.outline.section_of_block(sentence.span.block)
            if section is not None:
                by_section[section.start_block].append(scored.vague)
        findings = []
        for section in ctx.outline.sections:
            verdicts = by_section.get(section.start_block, [])
            vague = sum(verdicts)
            if len(verdicts) < self.min_sentences or vague / len(verdicts) <= self.share:
                continue
            spec = ctx.spec(section.key)
            name = spec.name if spec is not None else section.title
            findings.append(
                Finding(
                    rule="vague.section",
                    severity=Severity.WARNING,
                    message=(
                        f"“{name}”部分 {len(verdicts)} 句中有 {vague} 句表述空泛（{vague / len(verdicts):.0%}），"
                        "整体偏于表面化，缺少具体事例和数据。"
                    ),
                    section=section.key,
                    span=ctx.heading_span(section),
                    text=section.title or None,
                    suggestion="用具体事例和数据说话：" + _SECTION_ADVICE[section_kind(spec)],
                )
            )
        return findings


@cache
def subjective_cues(path: Path = SUBJECTIVE_CUES_PATH) -> tuple[str, ...]:
    """The cues of a 主观 cause (``corpora/lexicons/subjective_cause.yaml``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cues = tuple(str(c) for c in data.get("cues", []) if str(c).strip())
    if not cues:
        raise ValueError(f"{path}: no cues")
    return cues


class SubjectiveCauseCheck:
    """A problems section that names only objective difficulties, with no 主观 cause (the sysu-2020 notice
    asks for 原因分析, "特别是主观方面的原因")."""

    rules: ClassVar[tuple[str, ...]] = ("vague.no_subjective_cause",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        cues = subjective_cues()
        findings = []
        for spec in ctx.profile.sections:
            if "problems" not in spec.content_labels:
                continue
            for section in ctx.outline.keyed(spec.key):
                text = "".join(s.text for s in ctx.sentences_in(section))
                if not text or any(cue in text for cue in cues):
                    continue
                findings.append(
                    Finding(
                        rule="vague.no_subjective_cause",
                        severity=Severity.WARNING,
                        message=(
                            f"“{spec.name}”没有从主观方面剖析问题的原因（思想认识、重视程度、能力作风、本人责任），"
                            "问题只停留在表现或客观因素上。"
                        ),
                        section=spec.key,
                        span=ctx.heading_span(section),
                        text=section.title or None,
                        suggestion=(
                            "逐条从主观上剖析原因，如“本人对……重视不够”“思想上存在……”“抓落实不够有力”，"
                            "并写出对应的整改措施和时限。"
                        ),
                    )
                )
        return findings
