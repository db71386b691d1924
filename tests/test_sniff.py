"""Bad inputs are recognised from their bytes and answered with the right InputError code."""

from __future__ import annotations

import io
import zipfile

import pytest

from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from analyzers.readers.sniff import OLE_MAGIC, FileKind, sniff


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _code(data: bytes, filename: str, limits: ReadLimits | None = None) -> InputErrorCode:
    with pytest.raises(InputError) as caught:
        read_document(data, filename, limits)
    assert caught.value.message, "every error carries a message for the user"
    return caught.value.code


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "empty.docx", InputErrorCode.EMPTY),
        (b"   \r\n\t ", "blank.txt", InputErrorCode.EMPTY),
        (b"\xef\xbb\xbf\r\n", "bom-only.txt", InputErrorCode.EMPTY),
        (b"<!DOCTYPE html><html><body>report</body></html>", "report.pdf", InputErrorCode.UNSUPPORTED_FORMAT),
        (b"\n <html lang='zh'><head></head></html>", "report.docx", InputErrorCode.UNSUPPORTED_FORMAT),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.pdf", InputErrorCode.UNSUPPORTED_FORMAT),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "photo.docx", InputErrorCode.UNSUPPORTED_FORMAT),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "report.doc", InputErrorCode.UNSUPPORTED_FORMAT),
        (bytes(range(256)) * 8, "random.bin", InputErrorCode.UNSUPPORTED_FORMAT),
        (b"PK\x03\x04\x14\x00\x00\x00truncated", "cut.docx", InputErrorCode.CORRUPT),
    ],
)
def test_sniff_answers_bad_input_with_its_code(data: bytes, filename: str, code: InputErrorCode) -> None:
    assert _code(data, filename) is code


def test_sniff_rejects_spreadsheet_renamed_docx() -> None:
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(InputError) as caught:
        read_document(xlsx, "报告.docx")
    assert caught.value.code is InputErrorCode.UNSUPPORTED_FORMAT
    assert "Excel" in caught.value.message


def test_sniff_reports_password_protected_word_file_as_encrypted() -> None:
    ole = OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1024
    assert _code(ole, "报告.docx") is InputErrorCode.ENCRYPTED


def test_sniff_sends_ole_word_file_to_legacy_reader() -> None:
    assert sniff(OLE_MAGIC + b"\x00" * 2048, "报告.doc", ReadLimits()) is FileKind.LEGACY


def test_sniff_trusts_bytes_over_extension() -> None:
    text = "一、主要工作进展成效\n支部全年开展主题党日12次。\n".encode()
    assert sniff(text, "report.docx", ReadLimits()) is FileKind.TXT
    assert sniff(b"%PDF-1.7\n...", "report.txt", ReadLimits()) is FileKind.PDF


def test_sniff_rejects_file_over_size_limit() -> None:
    assert _code("支部工作".encode() * 100, "big.txt", ReadLimits(max_file_bytes=100)) is InputErrorCode.TOO_LARGE


def test_sniff_rejects_zip_bomb_by_ratio_before_reading() -> None:
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert _code(bomb, "bomb.docx") is InputErrorCode.TOO_LARGE


def test_sniff_rejects_zip_bomb_by_total_size() -> None:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"x" * 4096}
    assert _code(_zip(members), "big.docx", ReadLimits(max_unzipped_bytes=1000, max_zip_ratio=1e9)) is (
        InputErrorCode.TOO_LARGE
    )


_PAGE = "<html><head><title>述职报告</title></head><body><p>支部全年开展主题党日12次。</p></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        b"<!-- saved from url=(0014)about:internet -->\r\n" + _PAGE.encode(),
        "<meta charset='utf-8'><title>述职报告</title><div>支部全年开展主题党日12次。</div>".encode(),
        b"\xef\xbb\xbf\r\n  <!-- a -->\n<!--b--> <HTML><BODY>abc</BODY></HTML>",
        b"<head><meta http-equiv=Content-Type content='text/html; charset=gb2312'></head>",
        "<div class=WordSection1><p>支部全年开展主题党日12次。</p></div>".encode("gbk"),
        _PAGE.encode("utf-16"),
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x">\n<html/>',
        b"<!-- " + b"x" * 5000 + b" -->",
    ],
)
def test_sniff_recognises_a_web_page_behind_comments_bom_and_other_first_tags(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read_document(data, "报告.pdf")
    assert caught.value.code is InputErrorCode.UNSUPPORTED_FORMAT
    assert "网页" in caught.value.message


def test_sniff_reports_other_xml_as_xml_not_as_a_web_page() -> None:
    word_2003 = b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument/>'
    with pytest.raises(InputError) as caught:
        read_document(word_2003, "报告.doc")
    assert caught.value.code is InputErrorCode.UNSUPPORTED_FORMAT
    assert "XML" in caught.value.message


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        ("<!-- 草稿 -->\n一、主要工作进展成效\n支部全年开展主题党日12次。".encode(), "报告.txt"),
        ('<div align="center">述职报告</div>\n\n# 一、主要工作进展成效\n'.encode(), "报告.md"),
        ("<一>主要工作进展成效\n支部全年开展主题党日12次。".encode(), "报告.txt"),
    ],
)
def test_sniff_keeps_text_that_only_starts_like_markup(data: bytes, filename: str) -> None:
    assert sniff(data, filename, ReadLimits()) is FileKind.TXT


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_sniff_reads_text_that_mentions_the_pdf_magic_as_text(encoding: str) -> None:
    text = "关于%PDF-1.4格式的说明\n一、主要工作进展成效\n支部全年开展主题党日12次。\n"
    assert sniff(text.encode(encoding), "说明.txt", ReadLimits()) is FileKind.TXT
    assert read_document(text.encode(encoding), "说明.txt").source.format == "txt"


@pytest.mark.parametrize("junk", [b"\xef\xbb\xbf", b"X-Mail-Gateway: scanned\r\n\r\n", b" " * 1000])
def test_sniff_finds_pdf_header_after_leading_junk(junk: bytes) -> None:
    from tests.fixtures.pdf_builder import build_pdf

    pdf = build_pdf([("title", "述职报告"), ("heading", "一、主要工作进展成效"), ("paragraph", "支部开展主题党日。")])
    assert sniff(junk + pdf, "报告.pdf", ReadLimits()) is FileKind.PDF
    assert sniff(b"%PDF-1.7\n" + "正文".encode() * 10, "x.txt", ReadLimits()) is FileKind.PDF  # at the start: always
    assert sniff(b"x" * 1024 + pdf, "报告.pdf", ReadLimits()) is not FileKind.PDF  # past the first 1 KB


def test_input_errors_survive_pickling_from_a_worker_process() -> None:
    import pickle

    from analyzers.errors import InputError, InputErrorCode

    error = InputError(InputErrorCode.CORRUPT, "文件已损坏", detail="bad zip")
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.message, again.detail, str(again)) == (error.code, error.message, "bad zip", str(error))
