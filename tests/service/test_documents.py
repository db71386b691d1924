"""A Document survives the service's JSON form (service.documents): every block field, every reader."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from analyzers.document import Block, BlockKind, Document, Origin, SourceFormat, SourceInfo, TableCellRef
from analyzers.readers import read_document
from service.documents import document_from_dict, document_to_dict

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"


def _through_json(document: Document) -> Document:
    return document_from_dict(json.loads(json.dumps(document_to_dict(document), ensure_ascii=False)))


def test_every_field_of_a_block_is_kept() -> None:
    block = Block(
        kind=BlockKind.TABLE_CELL,
        text="1. 开展主题党日活动12次",
        level=2,
        label="1. ",
        label_auto=True,
        style="List Paragraph",
        bold=True,
        font_size=14.0,
        origin=Origin(part="word/document.xml", index=7, page=3, bbox=(1.5, 2.0, 300.25, 14.0)),
        cell=TableCellRef(table=1, row=2, col=3),
        highlights=((0, 2), (5, 9)),
    )
    source = SourceInfo("报告.docx", SourceFormat.DOCX, "0" * 64, 1234, pages=2, encoding="gb18030")
    document = Document(source, (block, Block(BlockKind.PARAGRAPH, "正文")), ("一条提示",))
    written = document_to_dict(document)["blocks"][0]
    assert set(written) == {f.name for f in fields(Block)}
    assert _through_json(document) == document


@pytest.mark.parametrize("sample", ["teacher-branch-2022.docx", "student-branch-2022.pdf", "retiree-branch-2020.txt"])
def test_a_read_sample_comes_back_equal(sample: str) -> None:
    path = SAMPLES / sample
    document = read_document(path.read_bytes(), path.name)
    assert _through_json(document) == document
