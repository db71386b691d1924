"""Plain text and Markdown (.txt, .md): bytes -> Document, one block per non-blank line.

The encoding is detected from the bytes, never taken from the platform: a byte-order mark first,
then UTF-16 without a BOM (NUL bytes on the ASCII side), then strict UTF-8, then strict GB18030 (which
covers GBK and GB2312) if the result reads as Chinese. Anything else is ``input.encoding``.
"""

from __future__ import annotations

import re

from analyzers.document import Block, BlockKind, Document, Origin, SourceFormat, SourceInfo
from analyzers.errors import InputError, InputErrorCode
from analyzers.labels import looks_like_heading_line, parse_label
from analyzers.readers import ReadContext
from analyzers.readers.sniff import utf16_byte_order

# (BOM, codec that strips it, name reported); UTF-32 before UTF-16, whose LE BOM is a prefix of it.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
_EMPTY_MESSAGE = "文件里没有任何文字内容。请检查是否上传了正确的文件。"

# Control characters other than tab / line breaks: dropped from the text (e.g. a DOS EOF mark \x1a).
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F], None)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:$|[ \t\u3000]+|(?=[^\s#]))(.*?)(?:[ \t\u3000]+#+)?$")
_MD_BULLET_RE = re.compile(r"^[-*+•·●][ \t\u3000]+(?=\S)")
_STRIP = " \t\u3000\u00a0\ufeff\u200b"


def read(data: bytes, ctx: ReadContext) -> Document:
    text, encoding, warnings = decode(data)
    blocks = parse_text(text, ctx)
    if not blocks:
        raise InputError(InputErrorCode.EMPTY, _EMPTY_MESSAGE)
    source = SourceInfo(
        filename=ctx.filename,
        format=SourceFormat.TXT,
        sha256=ctx.sha256,
        size=len(data),
        encoding=encoding,
    )
    return Document(source=source, blocks=tuple(blocks), warnings=tuple(warnings))


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding name, warnings). Raises ``input.encoding`` when no encoding fits.

    Order: BOM (UTF-32, UTF-8, UTF-16), UTF-16 without BOM when there are NUL bytes, strict UTF-8,
    strict GB18030 with a plausibility check. A file cut off inside its last character (a truncated
    download) is read without that character, with a warning.
    """
    warnings: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_tolerating_cut_end(data, codec, warnings), name, warnings
            except UnicodeDecodeError as exc:
                if codec == "utf-32":  # FF FE 00 00 can also be UTF-16 LE + a leading NUL character
                    continue
                raise InputError(
                    InputErrorCode.ENCODING,
                    f"文件开头标明是 {name.upper()} 编码，但内容无法按此编码读取，文件可能已损坏。"
                    "请用记事本打开后“另存为”UTF-8 编码再上传。",
                    detail=str(exc),
                ) from exc
    tried = ["UTF-8", "GB18030"]
    if b"\x00" in data:
        tried.insert(0, "UTF-16")
        encoding = utf16_byte_order(data[:8192])
        if encoding is not None:
            try:
                text = _decode_tolerating_cut_end(data, encoding, warnings)
            except UnicodeDecodeError:
                pass
            else:
                if _plausible(text):
                    return text, encoding, warnings
    try:
        return _decode_tolerating_cut_end(data, "utf-8", warnings), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return text, "gb18030", warnings
    raise InputError(
        InputErrorCode.ENCODING,
        f"无法识别文件的文字编码（已尝试 {'、'.join(tried)}）。请用记事本“另存为”UTF-8 编码后重新上传。",
    )


def _decode_tolerating_cut_end(data: bytes, codec: str, warnings: list[str]) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason not in ("unexpected end of data", "truncated data") or exc.start < len(data) - 3:
            raise
        text = data[: exc.start].decode(codec)
        warnings.append("文件末尾有一个不完整的字符（文件可能没有保存完整），已忽略。")
        return text


def _plausible(text: str) -> bool:
    """Does text decoded with a guessed encoding read as Chinese (or plain ASCII) text?

    Control characters are rare in real text. Among the non-ASCII characters, a Chinese document is
    almost entirely GB2312 (the 6,763 common hanzi, CJK punctuation, full-width forms); bytes of some
    other encoding decoded as GB18030 land mostly on GBK's rare extension characters and GB18030's
    four-byte code points.
    """
    if len(_CONTROL_RE.findall(text)) > max(1, len(text) // 1000):
        return False
    non_ascii = sum(1 for ch in text if ch > "\x7f")
    if non_ascii == 0:
        return True
    rare = text.encode("gb2312", errors="replace").count(b"?") - text.count("?")
    return rare <= 1 + non_ascii // 20


def parse_text(text: str, ctx: ReadContext | None = None) -> list[Block]:
    """One block per non-blank line (\\r\\n, \\r, \\n, U+2028 …), Origin.index = 0-based line number.

    Leading and trailing spaces, tabs and full-width spaces (U+3000, the usual 首行缩进) are stripped.
    A Markdown heading (``#`` … ``######``) becomes a heading of that level with the marks removed;
    a Markdown bullet (``- `` ``* `` ``+ `` ``• ``) becomes a list item without its mark; a line that
    :func:`analyzers.labels.looks_like_heading_line` accepts ("一、主要工作", "（二）存在的不足")
    becomes a heading with its typed label (``label_auto=False``) and the label's level.
    """
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines()):
        if ctx is not None and number % 2000 == 1999:
            ctx.deadline.check()
        line = raw.translate(_CONTROLS).strip(_STRIP)
        if not line or line.isspace():  # other Unicode spaces (U+2000..U+200A, U+3000 inside): a blank line
            continue
        origin = Origin(index=number)
        heading = _markdown_heading(line)
        if heading is not None:
            level, body = heading
            if not body or body.isspace():
                continue
            label = parse_label(body)
            blocks.append(
                Block(
                    kind=BlockKind.HEADING,
                    text=body,
                    level=level,
                    label=label.text if label else "",
                    origin=origin,
                )
            )
            continue
        bullet = _MD_BULLET_RE.match(line)
        if bullet:
            blocks.append(Block(kind=BlockKind.LIST_ITEM, text=line[bullet.end() :], origin=origin))
            continue
        label = looks_like_heading_line(line)
        if label is not None:
            blocks.append(
                Block(kind=BlockKind.HEADING, text=line, level=label.level, label=label.text, origin=origin)
            )
            continue
        blocks.append(Block(kind=BlockKind.PARAGRAPH, text=line, origin=origin))
    return blocks


def _markdown_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown ATX heading; the space after the marks may be missing, as it often
    is in Chinese writing, but then "#主题教育#" (a topic tag) is not a heading."""
    match = _MD_HEADING_RE.match(line)
    if match is None:
        return None
    marks = match.group(1)
    rest = line.lstrip(" ")[len(marks) :]
    if rest and rest[0] not in " \t\u3000" and line.endswith("#"):
        return None
    return len(marks), match.group(2).strip(_STRIP)
