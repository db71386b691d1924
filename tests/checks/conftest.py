"""Hand-built Documents and Outlines for the checks' unit tests (the real readers make the Documents)."""

from __future__ import annotations

from collections.abc import Sequence

from analyzers.checks.base import CheckContext
from analyzers.document import Document
from analyzers.outline_types import Outline, OutlineSection
from analyzers.profiles import Profile, load_profile
from analyzers.readers import read_document


def context(
    parts: Sequence[tuple[str | None, str, Sequence[str]]],
    profile: Profile | str = "four-part",
    title: str = "2022年度党支部书记述职报告",
) -> CheckContext:
    """A report of ``(key, heading, paragraphs)`` parts, read by the txt reader, with its outline."""
    lines = [title]
    spans = []
    for key, heading, paragraphs in parts:
        start = len(lines)
        lines.append(heading)
        lines.extend(paragraphs)
        spans.append((key, heading, start, len(lines)))
    document: Document = read_document("\n".join(lines).encode(), "report.txt")
    assert len(document.blocks) == len(lines)
    sections = tuple(
        OutlineSection(
            key=key,
            title=heading,
            matched_by="heading",
            start_block=start,
            end_block=end,
            heading_block=start,
            score=1.0,
        )
        for key, heading, start, end in spans
    )
    outline = Outline(sections=sections, headings=(), front_matter=(0, 1), back_matter=(len(lines), len(lines)))
    return CheckContext(document, outline, load_profile(profile) if isinstance(profile, str) else profile)
