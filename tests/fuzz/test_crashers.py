"""Inputs that once broke a reader, replayed for good: each is now read, or refused with the InputError noted.

Files under ``crashers/`` were found by the fuzz run (``make fuzz`` saves new ones as ``new-*``; give
them a name saying what is wrong with them and an expected code below). The bombs are built here.
"""

from __future__ import annotations

import bz2
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from tests.fuzz.harness import CRASHERS, Member, check_contract, pack, seed, unpack, with_declared_size

CORRUPT = InputErrorCode.CORRUPT
EXPECTED = {
    # zipfile raised NotImplementedError ("zip file version 25.5") out of read_document
    "zip-version-from-the-future.docx": CORRUPT,
    # a central directory entry pointing before the start: ValueError ("negative seek value")
    "zip-header-offset-before-start.docx": CORRUPT,
    # [Content_Types].xml damaged: zlib.error and BadZipFile escaped from sniffing, which read it unguarded
    "content-types-bad-deflate-stream.docx": CORRUPT,
    "content-types-bad-stored-block.docx": CORRUPT,
    "content-types-name-differs-from-header.docx": CORRUPT,
    "content-types-bad-local-header.docx": CORRUPT,
    "content-types-bad-crc.docx": CORRUPT,
}
MB = 1024 * 1024


def _crashers() -> list[Path]:
    return sorted(p for p in CRASHERS.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("path", _crashers(), ids=lambda p: p.name)
def test_crasher_is_read_or_refused_with_input_error(path: Path) -> None:
    outcome = check_contract(path.read_bytes(), path.name)
    if path.name in EXPECTED:
        assert isinstance(outcome, InputError)
        assert outcome.code == EXPECTED[path.name]


def test_crasher_txt_line_of_unicode_spaces_gives_no_blank_block() -> None:
    """A line of U+2000 (en quad) became a paragraph whose text was only that space."""
    data = (CRASHERS / "txt-line-of-unicode-spaces.txt").read_bytes()
    assert data.endswith(b"\r\n\xe2\x80\x80")
    document = read_document(data, "report.txt")
    assert all(b.text.strip() for b in document.blocks)
    assert [b.text for b in read_document("标题\n\u2000\u2003\n# \u2002\n正文。\n".encode(), "a.md").blocks] == [
        "标题",
        "正文。",
    ]


def _peak_of_read(data: bytes, filename: str) -> tuple[InputError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            read_document(data, filename)
        return info.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _deflated(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"".join(compressor.compress(b" " * MB) for _ in range(size // MB)) + compressor.flush()


def test_content_types_that_lies_about_its_size_is_not_inflated_whole() -> None:
    """A zip whose [Content_Types].xml declares 1 KB but inflates to 16 MB: sniffing read it with
    ``ZipFile.read``, which inflates all of it (a 20 MB upload would have inflated to 20 GB)."""
    data = pack([Member("[Content_Types].xml", b"<Types>" + b" " * (16 * MB) + b"</Types>")])
    data = with_declared_size(data, "[Content_Types].xml", 1000)
    error, peak = _peak_of_read(data, "report.docx")
    assert error.code is CORRUPT
    assert peak < 4 * MB


def test_docx_member_compressed_with_bzip2_is_refused_without_inflating_it() -> None:
    """word/document.xml as a bzip2 member declaring 1 KB: zipfile inflated the whole 16 MB (1 GB from a
    few hundred bytes). OPC allows only stored and deflated members."""
    members = unpack(seed(".docx", "teacher-branch-2022.docx"))
    compressor = bz2.BZ2Compressor(9)
    bomb = b"".join(compressor.compress(b" " * MB) for _ in range(16)) + compressor.flush()
    assert len(bomb) < 1000
    members = [Member(m.name, m.data, zipfile.ZIP_BZIP2 if m.name == "word/document.xml" else m.compress_type)
               for m in members]  # fmt: skip
    data = pack(members)
    error, _ = _peak_of_read(data, "report.docx")
    assert error.code is CORRUPT
    # the same part, a bomb this time
    data = pack([Member(m.name, b" " * (16 * MB) if m.name == "word/document.xml" else m.data, m.compress_type)
                 for m in members])  # fmt: skip
    data = with_declared_size(data, "word/document.xml", 1000)
    error, peak = _peak_of_read(data, "report.docx")
    assert error.code is CORRUPT
    assert peak < 4 * MB


def test_crasher_pdf_whose_tounicode_map_gives_a_lone_surrogate_reads_as_utf8_text() -> None:
    """A mutated ToUnicode map sent U+DB4E to PDFium's text page; the block kept the lone surrogate, which
    no UTF-8 encoder takes (the JSON response, the database): now U+FFFD, one character per index as before."""
    document = read_document((CRASHERS / "pdf-tounicode-lone-surrogate.pdf").read_bytes(), "report.pdf")
    text = "\n".join(b.text for b in document.blocks)
    text.encode("utf-8")
    assert "\ufffd" in text
    assert len(document.blocks) > 5


def _with_numbering(start: str, fmt: str) -> bytes:
    members = unpack(seed(".docx", "teacher-branch-2022.docx"))
    first = b'<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    out = []
    for m in members:
        if m.name == "word/numbering.xml":
            assert first in m.data
            m = Member(m.name, m.data.replace(first, b'<w:start w:val="%s"/><w:numFmt w:val="%s"/>' % (
                start.encode(), fmt.encode()), 1))  # fmt: skip
        out.append(m)
    return pack(out)


@pytest.mark.parametrize(
    ("start", "fmt", "label"),
    [
        # to_chinese_number raised ValueError past 10**16: the whole report refused as input.corrupt
        ("99999999999999999999", "chineseCounting", "二十一亿四千七百四十八万三千六百四十七、"),
        ("99999999999999999999", "chineseCountingThousand", "二十一亿四千七百四十八万三千六百四十七、"),
        # "a" * (n // 26): 82 million characters in front of every heading of the list (or MemoryError)
        ("2147483647", "lowerLetter", "2147483647、"),
        ("99999999999999999999", "upperLetter", "2147483647、"),
        ("780", "lowerLetter", "z" * 30 + "、"),
        ("9" * 4000, "decimal", "2147483647、"),  # a 4,000-digit label on every heading
    ],
)
def test_numbering_with_an_extreme_start_value_gives_a_short_label(start: str, fmt: str, label: str) -> None:
    document = read_document(_with_numbering(start, fmt), "report.docx")
    first = next(b for b in document.blocks if b.label_auto)
    assert first.label == label
    assert sum(len(b.text) for b in document.blocks) < 10_000
