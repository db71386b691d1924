"""Tell the real type of an upload from its bytes; the file name is only a hint.

Secretaries rename files freely: a web page saved as ``报告.pdf``, a WPS file named ``.docx``, an
encrypted Word file (which is an OLE container, not a zip). Each of those must get the error that
says what it really is, not a parser's traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from enum import StrEnum

from analyzers.errors import InputError, InputErrorCode
from analyzers.readers.limits import ReadLimits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_OOXML_MARK = "EncryptionInfo".encode("utf-16-le")
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF87a": "GIF 图片",
    b"GIF89a": "GIF 图片",
    b"II*\x00": "TIFF 图片",
    b"MM\x00*": "TIFF 图片",
}
# Markup a file may open with, after a BOM, whitespace and <!-- comments --> (a browser's "saved from url"
# line). Page tags mean a web page whatever the file's name; fragment tags too, except in Markdown,
# which allows HTML blocks.
_MARKUP_RE = re.compile(rb"<(!doctype|\?xml|[a-z][a-z0-9]*)(?=[\s>/])", re.IGNORECASE)
_PAGE_TAGS = frozenset((b"html", b"head", b"meta", b"title", b"body", b"base", b"link", b"frameset"))
_FRAGMENT_TAGS = frozenset((b"div", b"script", b"style", b"table", b"p", b"span", b"font", b"center"))
_HTML_ROOT_RE = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_MARKDOWN_NAMES = (".md", ".markdown")
_PDF_MAGIC = b"%PDF-"
# PDF readers accept a header anywhere in the first 1024 bytes (after a mail gateway's banner, say).
_PDF_HEADER_WINDOW = 1024
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# What zipfile and zlib raise on a damaged archive (a zip "version" from the future, a header that
# points before the start, a damaged deflate stream, an encrypted member...).
ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError
)  # fmt: skip
# Packages (OPC, ODF) allow only these; zipfile inflates bzip2 and LZMA members without bounding the output.
ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_SMALL_PART = 1024 * 1024  # the most of [Content_Types].xml or mimetype that sniffing reads


class FileKind(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"
    LEGACY = "legacy"  # .doc, .wps, .rtf, .odt: converted to .docx with LibreOffice


def sniff(data: bytes, filename: str, limits: ReadLimits) -> FileKind:
    return sniff_archive(data, filename, limits)[0]


def sniff_archive(data: bytes, filename: str, limits: ReadLimits) -> tuple[FileKind, zipfile.ZipFile | None]:
    """The kind, and for a zip package the archive opened to tell it (the reader reuses it)."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(InputErrorCode.EMPTY, "文件是空的，没有任何内容。请检查是否上传了正确的文件。")
    if len(data) > limits.max_file_bytes:
        raise InputError(
            InputErrorCode.TOO_LARGE,
            f"文件大小 {len(data) / 1048576:.1f} MB，超过了 {limits.max_file_bytes / 1048576:g} MB 的上限。"
            "请删除其中的大图片后重新上传。",
        )
    if _is_pdf(data):
        return FileKind.PDF, None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, limits)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_OOXML_MARK in data[:65536] or ENCRYPTED_OOXML_MARK in data:
            raise InputError(
                InputErrorCode.ENCRYPTED,
                "文件设置了打开密码，无法读取。请取消密码后重新上传。",
            )
        return FileKind.LEGACY, None
    if data.lstrip().startswith(b"{\\rtf"):
        return FileKind.LEGACY, None
    for magic, what in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            raise InputError(
                InputErrorCode.UNSUPPORTED_FORMAT,
                f"这是一张{what}，不是文档。请上传 Word（.docx）、PDF 或文本文件。",
            )
    head = _head_as_bytes(data)
    markup = _markup(head, filename)
    if markup == "html":
        raise InputError(
            InputErrorCode.UNSUPPORTED_FORMAT,
            f"“{filename}”实际上是一个网页（HTML），不是 Word 或 PDF 文件。"
            "请用 Word 打开后另存为 .docx 再上传。",
        )
    if markup == "xml":
        raise InputError(
            InputErrorCode.UNSUPPORTED_FORMAT,
            f"“{filename}”实际上是一个 XML 文件（如 Word 2003 XML 文档），不是 Word（.docx）或 PDF 文件。"
            "请用 Word 打开后另存为 .docx 再上传。",
        )
    lowered = head.lstrip().lower()
    if lowered.startswith(b"mime-version:") or b"multipart/related" in lowered[:300]:
        raise InputError(
            InputErrorCode.UNSUPPORTED_FORMAT,
            f"“{filename}”是“单个文件网页”（.mht）格式。请用 Word 打开后另存为 .docx 再上传。",
        )
    if _looks_like_text(data):
        return FileKind.TXT, None
    raise InputError(
        InputErrorCode.UNSUPPORTED_FORMAT,
        f"无法识别“{filename}”的文件格式。请上传 Word（.docx/.doc）、PDF 或文本（.txt）文件。",
    )


def _is_pdf(data: bytes) -> bool:
    """The PDF header at the start; or within the first 1024 bytes of a file that is not ordinary text
    or that ends with a PDF trailer (a text that merely mentions "%PDF-" is neither)."""
    if data.startswith(_PDF_MAGIC):
        return True
    if data.find(_PDF_MAGIC, 0, _PDF_HEADER_WINDOW) < 0:
        return False
    return b"%%EOF" in data[-_PDF_HEADER_WINDOW:] or not _decodes_as_text(data)


def _decodes_as_text(data: bytes) -> bool:
    """UTF-8 or GB18030 with hardly a control character, as a text file is (a PDF's binary marker line
    and compressed streams are not)."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    for codec in ("utf-8", "gb18030"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        return len(_CONTROL_RE.findall(text)) <= len(text) // 100
    return False


def _head_as_bytes(data: bytes) -> bytes:
    """The first 4 KB without a byte-order mark, UTF-16 re-encoded as UTF-8 (a page saved as Unicode)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def _markup(head: bytes, filename: str) -> str | None:
    """``"html"`` or ``"xml"`` when the file opens with markup (see ``_MARKUP_RE``), else None."""
    pos = 0
    while True:
        pos = len(head) - len(head[pos:].lstrip())
        if not head.startswith(b"<!--", pos):
            break
        end = head.find(b"-->", pos + 4)
        if end < 0:
            return "html"  # a comment longer than 4 KB: markup all the same
        pos = end + 3
    match = _MARKUP_RE.match(head, pos)
    if match is None:
        return None
    tag = match.group(1).lower()
    if tag in (b"?xml", b"!doctype"):
        return "html" if _HTML_ROOT_RE.search(head, pos) else "xml"
    if tag in _PAGE_TAGS or (tag in _FRAGMENT_TAGS and not filename.lower().endswith(_MARKDOWN_NAMES)):
        return "html"
    return None


def _sniff_zip(data: bytes, limits: ReadLimits) -> tuple[FileKind, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise InputError(
            InputErrorCode.CORRUPT,
            "文件已损坏（压缩包结构不完整），可能是没有下载或保存完整。请重新保存后上传。",
            detail=str(exc),
        ) from exc
    check_zip_bomb(infos, len(data), limits)
    names = {info.filename for info in infos}
    if "word/document.xml" in names or _declares_word_main_part(archive, names):
        return FileKind.DOCX, archive
    if "mimetype" in names:
        mimetype = read_member(archive, "mimetype", 100) or b""
        if b"opendocument.text" in mimetype:
            return FileKind.LEGACY, archive
    if any(n.startswith("xl/") for n in names):
        what = "Excel 表格"
    elif any(n.startswith("ppt/") for n in names):
        what = "PowerPoint 演示文稿"
    else:
        what = "压缩包"
    raise InputError(
        InputErrorCode.UNSUPPORTED_FORMAT,
        f"这是一个{what}，不是 Word 文档。请上传述职报告的 Word（.docx）、PDF 或文本文件。",
    )


def _declares_word_main_part(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Some tools name the main part ``word/document2.xml``; its content type still says Word."""
    if "[Content_Types].xml" not in names:
        return False
    content_types = read_member(archive, "[Content_Types].xml", _SMALL_PART)
    if content_types is None:  # an Office package, damaged: not "a zip archive"
        raise InputError(
            InputErrorCode.CORRUPT,
            "文件已损坏（压缩包中的内容无法解压），可能是没有下载或保存完整。请重新保存后上传。",
        )
    return b"wordprocessingml.document.main" in content_types or b"ms-word.document.macroEnabled" in content_types


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """At most ``limit`` bytes of a member, inflated no further than that (a member may declare a small
    size and inflate to gigabytes: ``ZipFile.read`` would inflate it all); None when it cannot be read."""
    try:
        info = archive.getinfo(name)
        if info.compress_type not in ZIP_METHODS:
            return None
        with archive.open(info) as member:
            return member.read(limit)
    except (KeyError, *ZIP_ERRORS):
        return None


def check_zip_bomb(infos: list[zipfile.ZipInfo], packed_size: int, limits: ReadLimits) -> None:
    total = sum(info.file_size for info in infos)
    ratio = total / max(packed_size, 1)
    if total > limits.max_unzipped_bytes or ratio > limits.max_zip_ratio:
        raise InputError(
            InputErrorCode.TOO_LARGE,
            f"文件解压后有 {total / 1048576:.0f} MB（压缩比 {ratio:.0f} 倍），超出安全上限，"
            "疑似异常文件。请用 Word 重新保存后上传。",
            detail=f"unzipped={total} packed={packed_size} ratio={ratio:.1f}",
        )


# UTF-16 LE/BE, UTF-8, UTF-32 BE (the UTF-32 LE BOM FF FE 00 00 starts like UTF-16 LE's)
TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff")


def _looks_like_text(data: bytes) -> bool:
    if data.startswith(TEXT_BOMS):
        return True
    sample = data[:8192]
    if b"\x00" in sample:
        return utf16_byte_order(sample) is not None
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100


def utf16_byte_order(sample: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when BOM-less bytes read as UTF-16 text, else None.

    UTF-8 and GB18030 text never contains a NUL byte; UTF-16 text has one in every ASCII character
    (line breaks, digits), on the odd bytes in little-endian and the even bytes in big-endian order.
    CJK characters put a NUL on the other side only for U+xx00 (一 is U+4E00), so the ASCII side must
    clearly dominate, and the sample must then decode to text without control characters.
    """
    size = len(sample) & ~1
    if size < 4:
        return None
    even = sample[0:size:2].count(0)
    odd = sample[1:size:2].count(0)
    if odd > 2 * even:
        encoding = "utf-16-le"
    elif even > 2 * odd:
        encoding = "utf-16-be"
    else:
        return None
    for end in (size, size - 2):  # the sample may end inside a surrogate pair
        try:
            text = sample[:end].decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ch < "\x20" and ch not in "\t\n\r\x0c")
        return encoding if controls <= len(text) // 200 else None
    return None
