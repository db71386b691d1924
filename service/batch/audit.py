"""An audit from inputs to ``AuditResult``: run every file, compare them all, rank what needs attention."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analyzers.profiles import load_profile
from analyzers.similarity import Fingerprint, near_duplicates, shared_passages
from service.batch import engine
from service.batch.engine import Job, Progress, Runner
from service.batch.inputs import collect, read_item
from service.batch.model import AuditResult, AuditRow, Item, Outcome, SimilarReports
from service.store import Store

SIMILARITY_THRESHOLD = 0.5  # half of the smaller report's text shared with another report of the batch
PASSAGES_PER_PAIR = 5

# Attention: what a reviewer should read first. High: the report cannot pass as it is (an error finding,
# a missing section, a template leftover, another year's text, a near-copy of another report). Medium: it
# will be sent back for detail (mostly vague, or several warnings). Low: the rest.
HIGH_RULES = ("residue.", "timeliness.", "similarity.")
MEDIUM_VAGUE_RATIO = 0.5
MEDIUM_WARNINGS = 8


def attention(outcome: Outcome, most_similar_share: float | None) -> str:
    if not outcome.ok:
        return "高"
    high = (
        outcome.severity_counts.get("error", 0) > 0
        or bool(outcome.sections_missing)
        or any(rule.startswith(HIGH_RULES) for rule in outcome.rule_counts)
        or (most_similar_share is not None and most_similar_share >= SIMILARITY_THRESHOLD)
    )
    if high:
        return "高"
    vague = outcome.vague_ratio is not None and outcome.vague_ratio > MEDIUM_VAGUE_RATIO
    if vague or outcome.severity_counts.get("warning", 0) >= MEDIUM_WARNINGS:
        return "中"
    return "低"


def previous_reports(directory: Path, max_bytes: int) -> Callable[[Item], tuple[bytes, str] | None]:
    """Last year's report of an item's branch, from a folder audited the same way (matched by unit and
    branch, else by file name)."""
    by_branch: dict[tuple[str, str], Item] = {}
    by_name: dict[str, Item] = {}
    for item in collect([directory]):
        by_branch.setdefault((item.unit, item.branch), item)
        by_name.setdefault(item.name, item)

    def find(item: Item) -> tuple[bytes, str] | None:
        match = by_branch.get((item.unit, item.branch)) if item.branch else None
        match = match or by_name.get(item.name)
        if match is None:
            return None
        try:
            return read_item(match, max_bytes), match.name
        except (OSError, ValueError, KeyError):
            return None

    return find


def compare(outcomes: list[Outcome]) -> list[SimilarReports]:
    """Pairs of reports of the batch that share at least SIMILARITY_THRESHOLD of their text."""
    analysed = [i for i, o in enumerate(outcomes) if o.ok and o.prose]
    prints = [Fingerprint.of(outcomes[i].prose) for i in analysed]
    pairs = []
    for pair in near_duplicates(prints, SIMILARITY_THRESHOLD):
        a, b = analysed[pair.first], analysed[pair.second]
        passages = tuple(shared_passages(outcomes[a].prose, outcomes[b].prose)[:PASSAGES_PER_PAIR])
        pairs.append(SimilarReports(a, b, pair.share, passages))
    return pairs


def rows_of(items: list[Item], outcomes: list[Outcome], similar: list[SimilarReports]) -> list[AuditRow]:
    best: dict[int, tuple[float, int]] = {}
    for pair in similar:
        for one, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if pair.share > best.get(one, (-1.0, -1))[0]:
                best[one] = (pair.share, other)
    rows = []
    for index, (item, outcome) in enumerate(zip(items, outcomes, strict=True)):
        share, other = best.get(index, (None, None))
        rows.append(
            AuditRow(
                item=item,
                outcome=outcome,
                most_similar=items[other].name if other is not None else "",
                most_similar_share=share,
                attention=attention(outcome, share),
            )
        )
    return rows


def run_audit(
    items: list[Item],
    job: Job,
    store: Store,
    runner: Runner,
    previous: Callable[[Item], tuple[bytes, str] | None] | None = None,
    progress: Progress | None = None,
    grade_cap: float = 0.3,
) -> AuditResult:
    outcomes = engine.run(items, job, store, runner, previous, progress)
    return assemble(items, outcomes, job.profile_id, job.year, grade_cap)


def assemble(
    items: list[Item], outcomes: list[Outcome], profile_id: str, year: int | None, grade_cap: float = 0.3
) -> AuditResult:
    """The audit of outcomes already at hand (analysed now, cached, or stored in the service)."""
    similar = compare(outcomes)
    profile = load_profile(profile_id)
    return AuditResult(
        title=f"{year or ''}述职报告审核（{profile.title}）",
        profile_id=profile_id,
        year=year,
        rows=tuple(rows_of(items, outcomes, similar)),
        similar=tuple(similar),
        grade_cap=grade_cap,
    )
