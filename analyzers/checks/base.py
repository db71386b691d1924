"""What every check sees and returns.

A check is a small class with one job: it declares the rule ids it may emit (stable dotted names) and
turns a ``CheckContext`` into findings. The pipeline holds the one ordered tuple of checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Protocol

from analyzers.document import Document
from analyzers.outline_types import Outline, OutlineSection
from analyzers.profiles import Profile
from analyzers.report import Finding, Span
from analyzers.text import count_chars


@dataclass(frozen=True)
class CheckContext:
    document: Document
    outline: Outline
    profile: Profile

    @cached_property
    def block_chars(self) -> tuple[int, ...]:
        """字数 of each block as Word counts it (automatic numbering labels left out)."""
        return tuple(count_chars(block.own_text) for block in self.document.blocks)

    @cached_property
    def total_chars(self) -> int:
        return sum(self.block_chars)

    def section_chars(self, section: OutlineSection) -> int:
        return sum(self.block_chars[section.start_block : section.end_block])

    def section_text(self, section: OutlineSection) -> str:
        return "\n".join(b.text for b in self.document.blocks[section.start_block : section.end_block])

    def document_span(self) -> Span:
        """Where a finding about the whole report is anchored: its first block, usually the title."""
        return Span(block=0, start=0, end=len(self.document.blocks[0].text))


class Check(Protocol):
    rules: ClassVar[tuple[str, ...]]

    def run(self, ctx: CheckContext) -> list[Finding]: ...
