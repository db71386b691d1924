"""analyze(document, profile) -> Report: the one place that decides what runs on a document.

``CHECKS`` is the one ordered list of checks; adding a check is one module and one line here.
"""

from __future__ import annotations

from analyzers import __version__
from analyzers.checks.base import Check, CheckContext
from analyzers.checks.datapoints import ConsistencyCheck, DataDensityCheck, VagueQuantityCheck, data_density
from analyzers.checks.length import LengthCheck, OralTimeCheck
from analyzers.checks.rectification import RectificationCheck
from analyzers.checks.residue import ResidueCheck
from analyzers.checks.similarity import PreviousYearSimilarityCheck, previous_year_similarity
from analyzers.checks.structure import BalanceCheck, CoverageCheck, StructureCheck
from analyzers.checks.terms import NonstandardTermCheck
from analyzers.checks.timeliness import StaleTermCheck, YearMismatchCheck
from analyzers.checks.vagueness import SubjectiveCauseCheck, VagueSectionCheck, VagueSentenceCheck
from analyzers.checks.voice import PersonalRoleCheck, personal_ratio
from analyzers.document import BlockKind, Document
from analyzers.nlp import shared_segmentation
from analyzers.number_formulas import shared_masks
from analyzers.outline import build_outline
from analyzers.profiles import Profile, load_profile
from analyzers.report import Finding, OutlineEntry, ProfileRef, Report, Section, SourceOut, Stats, Summary
from analyzers.section_model import SectionClassifier
from analyzers.text import count_non_whitespace
from analyzers.vagueness_model import VaguenessScorer

CHECKS: tuple[Check, ...] = (
    StructureCheck(),
    BalanceCheck(),
    CoverageCheck(),
    LengthCheck(),
    OralTimeCheck(),
    VagueSentenceCheck(),
    VagueSectionCheck(),
    SubjectiveCauseCheck(),
    DataDensityCheck(),
    VagueQuantityCheck(),
    ConsistencyCheck(),
    ResidueCheck(),
    YearMismatchCheck(),
    StaleTermCheck(),
    NonstandardTermCheck(),
    RectificationCheck(),
    PreviousYearSimilarityCheck(),
    PersonalRoleCheck(),
)

# Silent reading of formal Chinese prose runs at roughly 300-500 字 a minute; a reviewer reading a
# report closely sits at the low end of that range. An estimate, shown rounded to a tenth.
READING_CHARS_PER_MINUTE = 300


def analyze(
    document: Document,
    profile: Profile | None = None,
    classifier: SectionClassifier | None = None,
    vagueness: VaguenessScorer | None = None,
    previous: Document | None = None,
    year: int | None = None,
) -> Report:
    """The Report of ``document`` under ``profile``; the models default to the shipped ones (when trained).
    ``previous`` is last year's report of the same branch, for the checks that compare the two; ``year`` the
    report year as the user states it (else the profile's, the file name's or the title's)."""
    with shared_segmentation(), shared_masks():
        return _analyze(document, profile, classifier, vagueness, previous, year)


def _analyze(
    document: Document,
    profile: Profile | None,
    classifier: SectionClassifier | None,
    vagueness: VaguenessScorer | None,
    previous: Document | None,
    year: int | None,
) -> Report:
    profile = profile or load_profile()
    classifier = classifier or SectionClassifier.load_default()
    vagueness = vagueness or VaguenessScorer.load_default()
    last_year = None
    if previous is not None:
        last_year = CheckContext(previous, build_outline(previous, profile, classifier), profile, vagueness)
    ctx = CheckContext(document, build_outline(document, profile, classifier), profile, vagueness, last_year, year)
    findings = [finding for check in CHECKS for finding in check.run(ctx)]
    present = ctx.outline.present_keys()
    return Report(
        analyzer_version=__version__,
        source=SourceOut(
            filename=document.source.filename,
            format=document.source.format.value,
            sha256=document.source.sha256,
            pages=document.source.pages,
            encoding=document.source.encoding,
        ),
        profile=ProfileRef(id=profile.id, title=profile.title),
        stats=compute_stats(ctx),
        outline=outline_entries(document),
        sections=[
            Section(
                key=s.key,
                title=s.title,
                matched_by=s.matched_by,
                start_block=s.start_block,
                end_block=s.end_block,
                chars=ctx.section_chars(s),
                also=list(s.also),
                data_points=(points := len(ctx.points_in(s))),
                data_density=data_density(points, ctx.section_chars(s)),
            )
            for s in ctx.outline.sections
        ],
        findings=sorted(findings, key=_finding_order),
        sentences=list(ctx.sentence_scores),
        data_points=list(ctx.data_points),
        summary=Summary(
            missing_sections=[s.key for s in profile.sections if s.required and s.key not in present],
            vague_ratio=vague_ratio(ctx),
            data_density=data_density(len(ctx.data_points), ctx.total_chars),
            personal_ratio=personal_ratio(ctx),
            previous_year_similarity=previous_year_similarity(ctx),
        ),
    )


def vague_ratio(ctx: CheckContext) -> float | None:
    """Vague sentences / scored sentences, or None when nothing was scored (no model, no prose)."""
    scores = ctx.sentence_scores
    if not scores:
        return None
    return round(sum(s.vague for s in scores) / len(scores), 4)


def compute_stats(ctx: CheckContext) -> Stats:
    blocks = ctx.document.blocks
    chars = ctx.total_chars
    return Stats(
        chars=chars,
        non_whitespace_chars=sum(count_non_whitespace(block.own_text) for block in blocks),
        paragraphs=len(blocks),
        sentences=sum(
            len(sentences)
            for block, sentences in zip(blocks, ctx.block_sentences, strict=True)
            if block.kind is not BlockKind.HEADING
        ),
        reading_minutes=round(chars / READING_CHARS_PER_MINUTE, 1),
    )


def outline_entries(document: Document) -> list[OutlineEntry]:
    return [
        OutlineEntry(
            block=i,
            level=block.level if block.level is not None else 1,
            label=block.label,
            text=block.text,
            page=block.page,
        )
        for i, block in enumerate(document.blocks)
        if block.kind is BlockKind.HEADING
    ]


def _finding_order(finding: Finding) -> tuple[int, int]:
    """Document-wide findings first, then in reading order."""
    if finding.span is None:
        return (-1, 0)
    return (finding.span.block, finding.span.start)
