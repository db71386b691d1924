"""The Outline: a Document's blocks grouped into a Profile's sections. Built by ``analyzers.outline``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the document with its place in the hierarchy (1 = top level of the report body)."""

    block: int
    level: int
    label: str
    text: str  # as written, label included


@dataclass(frozen=True, slots=True)
class OutlineSection:
    """A top-level part of the report body.

    ``key`` is the profile's section key, or None for a heading that maps to no section (an
    unrecognised heading). ``start_block`` is the heading's block (or the first paragraph when found by
    content); ``end_block`` is exclusive. ``score`` is how sure the mapping is, 0..1.
    """

    key: str | None
    title: str
    matched_by: Literal["heading", "content"]
    start_block: int
    end_block: int
    heading_block: int | None
    score: float
    also: tuple[str, ...] = ()  # other sections a merged heading names ("存在问题及下一步打算": plans)


@dataclass(frozen=True, slots=True)
class Outline:
    """``sections`` in document order; blocks outside every section are front or back matter.

    ``front_matter``: title, subtitle, addressee and opening lines before the first section.
    ``back_matter``: closing formula, signature and date lines after the last section's content.
    Both are block index ranges ``(start, end)`` with ``end`` exclusive (empty when start == end).
    """

    sections: tuple[OutlineSection, ...]
    headings: tuple[Heading, ...]
    front_matter: tuple[int, int]
    back_matter: tuple[int, int]

    def section_of_block(self, block: int) -> OutlineSection | None:
        for section in self.sections:
            if section.start_block <= block < section.end_block:
                return section
        return None

    def keyed(self, key: str) -> list[OutlineSection]:
        return [s for s in self.sections if s.key == key]

    def present_keys(self) -> set[str]:
        """Sections the report has, counting those a merged heading names after its first."""
        return {k for s in self.sections for k in (s.key, *s.also) if k is not None}
