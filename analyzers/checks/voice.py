"""The secretary's own part: does the report say what the secretary personally did or failed to do?

The sysu-2020 notice asks the secretary to "把自己摆进去" and to find 个人履职尽责方面的不足. A sentence is
personal when the secretary is its actor: 本人, 我 (not 我们, 我校 …) or 作为（党）支部书记, followed by an
action in the same sentence. The share of personal sentences in the achievements and problems sections
goes into ``summary.personal_ratio``; a report in which the secretary never appears there is flagged.
"""

from __future__ import annotations

import re
from typing import ClassVar

from analyzers.checks.base import CheckContext, ProseSentence
from analyzers.report import Finding, Severity
from analyzers.wording import scanner

# The sections where the secretary's own part belongs: the year's work and its shortcomings.
PERSONAL_LABELS = frozenset({"achievements", "personal_duty", "ideological", "problems"})

_ACTOR_RE = re.compile(
    r"本人|(?<![自])我(?![们校院国党市省区县支部司局处厅委所行])|作为(?:党)?支部书记|作为(?:党)?总支书记|作为书记|书记本人"
)


_find_actors = scanner(_ACTOR_RE)


def is_personal(sentence: str) -> bool:
    """The secretary is the actor: 本人带头讲党课, 作为支部书记我…, not 我们支部 or 我校."""
    match = next(_find_actors(sentence), None)  # the first, as _ACTOR_RE.search finds it
    return match is not None and len(sentence) - match.end() >= 2  # something is said of them


def personal_sentences(ctx: CheckContext) -> tuple[list[ProseSentence], list[ProseSentence]]:
    """(the sentences of the achievements and problems sections, those of them that are personal)."""
    return ctx.once(_personal_sentences)


def _personal_sentences(ctx: CheckContext) -> tuple[list[ProseSentence], list[ProseSentence]]:
    scope = [s for s in ctx.sentences if ctx.holds(s.section, PERSONAL_LABELS)]
    return scope, [s for s in scope if is_personal(s.text)]


def personal_ratio(ctx: CheckContext) -> float | None:
    scope, personal = personal_sentences(ctx)
    return round(len(personal) / len(scope), 4) if scope else None


class PersonalRoleCheck:
    """A report in which the secretary never says what they personally did or failed to do."""

    rules: ClassVar[tuple[str, ...]] = ("voice.no_personal_role",)

    def run(self, ctx: CheckContext) -> list[Finding]:
        scope, personal = personal_sentences(ctx)
        if not scope or personal:
            return []
        return [
            Finding(
                rule="voice.no_personal_role",
                severity=Severity.WARNING,
                message=(
                    f"工作成效和存在问题部分的 {len(scope)} 句话里，没有一句写书记本人做了什么或有什么不足，"
                    "全是支部的集体表述，没有“把自己摆进去”。"
                ),
                section=None,
                span=ctx.document_span(),
                text=None,
                suggestion=(
                    "写出本人履职的具体事例（如“本人全年讲党课3次”“本人牵头……”），并在问题部分剖析本人"
                    "履职尽责方面的不足。"
                ),
            )
        ]
