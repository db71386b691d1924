"""XML in a .docx is parsed without DTDs: no external entity is read or fetched, no entity expanded.

Each test builds its package here: the sample report with a ``<!DOCTYPE`` put into one part. (Nothing
is fetched over the network either: the parser has ``no_network=True``, and the libxml2 that lxml ships
has no HTTP client at all, so a test of it could not fail here.)
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from tests.fuzz.harness import Member, pack, seed, unpack

DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CANARY = "CANARY-述职-7f3a"
# billion laughs: &lol9; would be 10**9 "lol"s
LAUGHS = b"".join(
    b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"lol") * 10) for i in range(1, 10)
)


def _docx_with(part: str, doctype: bytes, *, text_ref: bytes = b"", attr_ref: bytes = b"") -> bytes:
    """The sample report with ``doctype`` after the XML declaration of ``part``; ``text_ref`` is put into the
    first run of text of the main part, ``attr_ref`` into the first ``w:val`` attribute of ``part``."""
    members = []
    for m in unpack(seed(".docx", "teacher-branch-2022.docx")):
        data = m.data
        if m.name == part:
            assert data.startswith(DECL)
            data = DECL + doctype + data[len(DECL) :]
            if text_ref:
                data = data.replace(b'xml:space="preserve">', b'xml:space="preserve">' + text_ref, 1)
            if attr_ref:
                start = data.index(b'w:val="') + len(b'w:val="')
                data = data[:start] + attr_ref + data[start:]
        members.append(Member(m.name, data))
    return pack(members)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(CANARY, encoding="utf-8")
    return path


def _text_of(data: bytes) -> str | InputError:
    try:
        return "\n".join(b.text for b in read_document(data, "report.docx").blocks)
    except InputError as error:
        return error


def test_docx_main_part_with_external_entity_is_refused_without_reading_the_file(secret: Path) -> None:
    doctype = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "%s">]>\n' % secret.as_uri().encode()
    outcome = _text_of(_docx_with("word/document.xml", doctype, text_ref=b"&x;"))
    assert isinstance(outcome, InputError)
    assert outcome.code is InputErrorCode.CORRUPT
    assert "DTD" in outcome.message
    assert CANARY not in outcome.message + (outcome.detail or "")


@pytest.mark.parametrize("part", ["word/styles.xml", "word/numbering.xml"])
def test_docx_style_and_numbering_parts_with_external_entity_are_read_without_it(secret: Path, part: str) -> None:
    root = part.removeprefix("word/").removesuffix(".xml")
    doctype = b'<!DOCTYPE w:%s [<!ENTITY x SYSTEM "%s">]>\n' % (root.encode(), secret.as_uri().encode())
    text = _text_of(_docx_with(part, doctype, attr_ref=b"&x;"))
    assert isinstance(text, str)  # the reader can do without the part
    assert "主要工作进展成效" in text
    assert CANARY not in text


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "word/numbering.xml"])
def test_docx_entity_expansion_bomb_is_not_expanded(part: str) -> None:
    root = {"word/document.xml": b"document", "word/styles.xml": b"styles", "word/numbering.xml": b"numbering"}[part]
    doctype = b"<!DOCTYPE w:%s [%s]>\n" % (root, LAUGHS)
    data = _docx_with(part, doctype, text_ref=b"&lol9;" if part == "word/document.xml" else b"", attr_ref=b"&lol9;")
    tracemalloc.start()
    try:
        outcome = _text_of(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if part == "word/document.xml":
        assert isinstance(outcome, InputError)
        assert outcome.code is InputErrorCode.CORRUPT
    else:
        assert isinstance(outcome, str)
        assert "lollol" not in outcome
    assert peak < 32 * 1024 * 1024  # 10**9 laughs would be 3 GB
