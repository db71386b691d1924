"""The Document: what every reader produces and every check reads.

A Document is an ordered tuple of Blocks, frozen once a reader has built it. Each Block keeps the text
a reader of the file sees, any numbering label that Word generated (which is not in the paragraph's
own runs), and an Origin saying where in the file it came from, so that a renderer can put a comment
back on the user's own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    TEXT_BOX = "text_box"


class SourceFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"
    DOC = "doc"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a block came from in its file.

    docx: ``part`` is the package part (``word/document.xml``) and ``index`` the position of the
    paragraph among the part's ``w:p`` elements in document order (what a renderer walks to).
    pdf: ``page`` (1-based) and ``bbox`` (x0, top, x1, bottom in PDF points, top-left origin).
    txt: ``index`` is the 0-based line number where the paragraph starts.
    """

    part: str | None = None
    index: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class TableCellRef:
    table: int
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit of the document, in reading order.

    ``text`` is what the user sees, including a numbering label that Word generated. When that label
    is automatic it is not part of the file's own text; ``label_auto`` says so and ``content_start``
    is where the file's own text begins inside ``text`` (a renderer maps offsets with it, and 字数
    leaves auto labels out, as Word does).
    """

    kind: BlockKind
    text: str
    level: int | None = None
    label: str = ""
    label_auto: bool = False
    style: str | None = None
    bold: bool = False
    font_size: float | None = None
    origin: Origin = field(default_factory=Origin)
    cell: TableCellRef | None = None
    # Character ranges of ``text`` the writer highlighted (Word's text highlight): templates mark their
    # fill-in instructions this way.
    highlights: tuple[tuple[int, int], ...] = ()

    @property
    def content_start(self) -> int:
        return len(self.label) if self.label_auto else 0

    @property
    def own_text(self) -> str:
        """The text as stored in the file (without a generated numbering label)."""
        return self.text[self.content_start :]

    @property
    def page(self) -> int | None:
        return self.origin.page


@dataclass(frozen=True, slots=True)
class SourceInfo:
    filename: str
    format: SourceFormat
    sha256: str
    size: int
    pages: int | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    source: SourceInfo
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()

    @property
    def headings(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind is BlockKind.HEADING)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
