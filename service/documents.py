"""A Document as JSON and back: the service stores each report's blocks, so that its text can be shown with
its findings (and a new annotated .docx written) without keeping the submitted file."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from analyzers.document import Block, BlockKind, Document, Origin, SourceFormat, SourceInfo, TableCellRef

DOCUMENT_FORMAT = "shuzhi.document/1"


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "format": DOCUMENT_FORMAT,
        "source": asdict(document.source),
        "blocks": [_block_to_dict(block) for block in document.blocks],
        "warnings": list(document.warnings),
    }


def _block_to_dict(block: Block) -> dict[str, Any]:
    # Written out, not dataclasses.asdict: its recursive deep copies cost 3% of a service worker's time per
    # report. tests/service/test_documents.py fails when a field of Block is missing here.
    origin, cell = block.origin, block.cell
    return {
        "kind": block.kind,
        "text": block.text,
        "level": block.level,
        "label": block.label,
        "label_auto": block.label_auto,
        "style": block.style,
        "bold": block.bold,
        "font_size": block.font_size,
        "origin": {"part": origin.part, "index": origin.index, "page": origin.page, "bbox": origin.bbox},
        "cell": None if cell is None else {"table": cell.table, "row": cell.row, "col": cell.col},
        "highlights": block.highlights,
    }


def document_from_dict(data: dict[str, Any]) -> Document:
    if data.get("format") != DOCUMENT_FORMAT:
        raise ValueError(f"stored document has format {data.get('format')!r}; expected {DOCUMENT_FORMAT!r}")
    source = dict(data["source"])
    source["format"] = SourceFormat(source["format"])
    blocks = []
    for raw in data["blocks"]:
        origin = dict(raw.get("origin") or {})
        if origin.get("bbox") is not None:
            origin["bbox"] = tuple(origin["bbox"])
        cell = raw.get("cell")
        blocks.append(
            Block(
                kind=BlockKind(raw["kind"]),
                text=raw["text"],
                level=raw.get("level"),
                label=raw.get("label", ""),
                label_auto=raw.get("label_auto", False),
                style=raw.get("style"),
                bold=raw.get("bold", False),
                font_size=raw.get("font_size"),
                origin=Origin(**origin),
                cell=TableCellRef(**cell) if cell else None,
                highlights=tuple(tuple(h) for h in raw.get("highlights", ())),  # type: ignore[misc]
            )
        )
    return Document(SourceInfo(**source), tuple(blocks), tuple(data.get("warnings", ())))
