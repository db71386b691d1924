""".docx reader: the main document part -> Blocks, with headings and Word's automatic numbering.

Built on ``zlib`` + ``lxml`` with simple loops over children (no python-docx object model, no XPath
per paragraph): it is benchmarked against a bare ``zipfile`` + ``lxml`` pass over the main part and
must stay within 5x of it. Parts are inflated straight from the zip's bytes (the archive sniffing
opened is reused); styles are read from the bytes of the few ``w:style`` elements a document uses,
never parsed whole, and styles.xml is inflated only as far as they lie (``docx_styles``: a template's
300 KB of unused styles cost nothing); numbering.xml is read only once a paragraph is numbered, whole
when small, element by element when large, each level parsed when used (``docx_numbering``).

What is read, in document order:

- body paragraphs and tables (each ``w:p`` is one Block; table paragraphs are ``table_cell`` Blocks
  with a ``TableCellRef``; a vertically merged continuation cell is not repeated; nested tables get
  their own table number, counted in document order);
- text boxes (``w:txbxContent`` in a drawing or VML shape) as ``text_box`` Blocks right after the
  paragraph that anchors them; of an ``mc:AlternateContent`` only the first ``mc:Choice`` is read,
  never its ``mc:Fallback`` copy;
- the text as if all tracked changes were accepted: ``w:ins``/``w:moveTo`` kept, ``w:del``/
  ``w:moveFrom`` dropped; fields show their result, not their instruction; hidden text (``w:vanish``)
  is left out; headers, footers, footnotes and comments are other parts and never read.

Text: ``w:tab`` -> ``\\t``, ``w:br``/``w:cr`` -> ``\\n`` (page and column breaks -> nothing). The
paragraph's own text is kept verbatim except trailing whitespace, so offsets map onto its runs.
Empty paragraphs are skipped (but still counted by lists and by ``Origin.index``).

Labels: Word's automatic numbering is rebuilt (``docx_numbering``) and put in front of the text with
``label_auto=True``. A label ending in punctuation (一、 （一） 1.) is followed directly by the text;
any other (第一章, 1) by one space, which belongs to the label (so ``Block.content_start`` is right).
If the paragraph's own text already starts with a typed label ("一、"), the automatic one is dropped
so that the label never doubles: ``label`` is the typed one and ``label_auto=False`` (the list still
counts the paragraph). A typed label on its own gives ``label`` with ``label_auto=False``. Bullets
give ``list_item`` Blocks with an empty label (bullet glyphs are mostly Symbol-font private-use
characters that mean nothing as text).

Headings (body paragraphs only; other paragraphs keep their kind but get the same label, level
from style, bold and size):

1. a heading style ("heading 1", "标题 1", or any style whose ``w:basedOn`` chain sets an outline
   level) or a paragraph ``w:outlineLvl``: level = that level (outline level 9 = body text);
   table-of-contents styles ("toc 1") are never headings;
2. a whole-paragraph bold line: every run with non-whitespace text is bold (run ``w:b``, else its
   character style, else the paragraph style chain, else docDefaults) and the line reads as a
   heading — a labelled line that passes ``labels.looks_like_heading_line`` (level = the label's),
   or an unlabelled line of at most 40 characters without sentence punctuation or a colon (its
   level: see below);
3. a short line labelled 一、/（一）/第一部分 (typed or automatic) that passes
   ``looks_like_heading_line``: level = the label's level;
4. otherwise a paragraph with automatic numbering or a bullet is a ``list_item`` (level = ilvl + 1),
   anything else a ``paragraph``.

The Title style ("Title"/"标题") is a heading of level 0, the document title, as in the PDF reader;
so is an unlabelled bold first line set at least as large as every other heading. Other unlabelled
bold headings take the level most headings of the same size and boldness have, else their rank
among the sizes of such headings (larger first, from 1). A Subtitle-style line is a paragraph.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace

from lxml import etree

from analyzers.document import Block, BlockKind, Document, Origin, SourceFormat, SourceInfo, TableCellRef
from analyzers.errors import InputError, InputErrorCode
from analyzers.labels import CN_DIGITS, looks_like_heading_line, parse_label
from analyzers.readers import ReadContext
from analyzers.readers.docx_numbering import AutoLabel, Numbering
from analyzers.readers.docx_styles import (
    MC_ALTERNATE,
    MC_CHOICE,
    W_B,
    W_ILVL,
    W_NUM_ID,
    W_NUM_PR,
    W_OUTLINE_LVL,
    W_PPR,
    W_RPR,
    W_SZ,
    W_TYPE,
    W_VAL,
    DoctypeError,
    ParaStyle,
    Styles,
    child,
    int_val,
    on_off,
    parse_xml,
    w,
)
from analyzers.readers.sniff import ZIP_ERRORS, ZIP_METHODS, check_zip_bomb

W_DOCUMENT = w("document")
W_BODY = w("body")
W_P = w("p")
W_R = w("r")
W_T = w("t")
W_TAB = w("tab")
W_PTAB = w("ptab")
W_BR = w("br")
W_CR = w("cr")
W_NO_BREAK_HYPHEN = w("noBreakHyphen")
W_FLD_CHAR = w("fldChar")
W_FLD_CHAR_TYPE = w("fldCharType")
W_PSTYLE = w("pStyle")
W_RSTYLE = w("rStyle")
W_HIGHLIGHT = w("highlight")
W_VANISH = w("vanish")
W_TBL = w("tbl")
W_TR = w("tr")
W_TC = w("tc")
W_TR_PR = w("trPr")
W_TC_PR = w("tcPr")
W_GRID_BEFORE = w("gridBefore")
W_GRID_SPAN = w("gridSpan")
W_VMERGE = w("vMerge")
W_HMERGE = w("hMerge")
W_SDT = w("sdt")
W_SDT_CONTENT = w("sdtContent")
W_CUSTOM_XML = w("customXml")
W_INS = w("ins")
W_DEL = w("del")
W_MOVE_TO = w("moveTo")
W_MOVE_FROM = w("moveFrom")
W_TXBX_CONTENT = w("txbxContent")
W_DRAWING = w("drawing")
W_PICT = w("pict")
W_OBJECT = w("object")

# Elements inside a paragraph whose runs are part of the text (of a w:ruby, the base text, not w:rt).
_INLINE_WRAPPERS = frozenset(
    w(t) for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "ruby", "rubyBase")
)
_TRACKED_KEPT = frozenset((W_INS, W_MOVE_TO))
_TRACKED_DROPPED = frozenset((W_DEL, W_MOVE_FROM))
_GRAPHICS = frozenset((W_DRAWING, W_PICT, W_OBJECT, MC_ALTERNATE))

_REL_RE = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_ATTR_RE = re.compile(rb"""\b(Type|Target|TargetMode)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LABEL_START = frozenset("第（(0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + CN_DIGITS)
_HEADING_PUNCT = frozenset("。！？!?；;：:")
_MAX_PLAIN_HEADING = 40
_MAX_HEADING_LINE = _MAX_PLAIN_HEADING + 12  # label + body: longer lines are never headings by rules 2-3
_DEADLINE_EVERY = 200
# Enum members read through the class cost ~100 ns each; the paragraph loop reads them as globals.
_HEADING, _PARAGRAPH, _LIST_ITEM = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
_TABLE_CELL, _TEXT_BOX = BlockKind.TABLE_CELL, BlockKind.TEXT_BOX

# A run with text: (its own w:b, its own size in points, its w:rStyle, first and end index in ``parts``).
_Run = tuple[bool | None, float | None, str | None, int, int]
_BoldSize = tuple[bool, float | None]


def read(data: bytes, ctx: ReadContext) -> Document:
    main, document_xml, styles_xml, numbering_xml = _unpack(data, ctx)
    elements = document_xml.count(b"<") - document_xml.count(b"</")  # start tags (and a few comments, PIs)
    if elements > ctx.limits.max_xml_elements:
        raise InputError(
            InputErrorCode.TOO_LARGE,
            f"文档结构过于复杂（正文有 {elements:,} 个 XML 元素，上限 {ctx.limits.max_xml_elements:,} 个），"
            "疑似异常文件。请用 Word 打开后另存为新的 .docx 再上传。",
            detail=f"elements={elements}",
        )
    try:
        root = parse_xml(document_xml)
    except DoctypeError as exc:
        raise _corrupt(ctx, "文档正文含有 Word 不会写入的 DTD 声明，疑似被篡改", exc) from exc
    except (etree.LxmlError, ValueError) as exc:
        raise _corrupt(ctx, "文档正文的 XML 结构已损坏", exc) from exc
    body = child(root, W_BODY) if root.tag == W_DOCUMENT else None
    if body is None:
        raise _corrupt(ctx, "找不到文档正文", None)
    ctx.deadline.check()
    styles = Styles(*styles_xml)
    numbering = Numbering(numbering_xml, styles) if numbering_xml else None
    walker = _Walker(styles, numbering, main, ctx)
    walker.walk(body, None, None)
    _level_unlabelled_headings(walker.blocks)
    if not walker.blocks:
        raise InputError(
            InputErrorCode.EMPTY,
            "文档中没有文字。如果内容是图片或扫描件，请上传含文字的 Word 文件，或把文字复制到新文档后上传。",
        )
    warnings = []
    if walker.tracked:
        warnings.append("文档中有未处理的修订，已按“接受全部修订”后的文字分析。")
    if styles.broken or (numbering is not None and numbering.broken):
        warnings.append("文档的样式或编号信息不完整，标题和自动编号可能识别不全。")
    return Document(
        source=SourceInfo(
            filename=ctx.filename, format=SourceFormat.DOCX, sha256=ctx.sha256, size=len(data), pages=None
        ),
        blocks=tuple(walker.blocks),
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------

_ZIP_ERRORS = ZIP_ERRORS


def _corrupt(ctx: ReadContext, what: str, exc: BaseException | None) -> InputError:
    return InputError(
        InputErrorCode.CORRUPT,
        f"文件“{ctx.filename}”已损坏（{what}），无法读取。请用 Word 或 WPS 打开并另存为 .docx 后重新上传。",
        detail=repr(exc) if exc is not None else what,
    )


_Lazy = tuple[bytes | None, Callable[[], bytes] | None]  # see _Package.read_lazily


def _unpack(data: bytes, ctx: ReadContext) -> tuple[str, bytes, _Lazy, bytes | None]:
    """(main part name, main part, styles.xml as read lazily, numbering.xml) read from the package."""
    try:
        package = _Package(data, ctx.archive)
    except _ZIP_ERRORS as exc:
        raise _corrupt(ctx, "压缩包结构不完整", exc) from exc
    with package.archive:
        check_zip_bomb(package.archive.infolist(), len(data), ctx.limits)
        main = package.rels("_rels/.rels", "").get("officeDocument")
        if not main or main.lower() not in package.infos:
            main = "word/document.xml" if "word/document.xml" in package.infos else None
        if main is None:
            raise _corrupt(ctx, "缺少文档正文部分", None)
        folder, name = posixpath.split(main)
        rels = package.rels(posixpath.join(folder, "_rels", name + ".rels"), folder)
        try:
            document_xml = package.read(main)
        except _ZIP_ERRORS as exc:
            raise _corrupt(ctx, "文档正文无法解压", exc) from exc
        styles_part = rels.get("styles") or posixpath.join(folder, "styles.xml")
        numbering_part = rels.get("numbering") or posixpath.join(folder, "numbering.xml")
        styles_xml = package.read_lazily(styles_part)
        numbering_xml = package.read_optional(numbering_part)
    return main, document_xml or b"", styles_xml, numbering_xml


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, 22 bytes we do not need, name and extra lengths


class _Package:
    """The zip container. Members are inflated straight from the bytes (zipfile's reader costs several
    times more per member); anything unusual (encryption, other compression) goes through zipfile."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile | None = None) -> None:
        self.data = data
        self.archive = archive if archive is not None else zipfile.ZipFile(io.BytesIO(data))
        self.infos = {info.filename.lower(): info for info in self.archive.infolist()}

    def read(self, part: str) -> bytes | None:
        info = self.infos.get(part.lower())
        if info is None:
            return None
        if info.compress_type not in ZIP_METHODS:  # bzip2, LZMA: zipfile would inflate them unbounded
            raise NotImplementedError(f"{part}: compression method {info.compress_type}")
        if info.flag_bits & 1:
            return self.archive.read(info)  # encrypted: zipfile asks for the password (RuntimeError)
        raw = self._raw(info, part)
        if info.compress_type == zipfile.ZIP_STORED:
            content = raw
        else:  # bounded by the declared size, which the zip-bomb check has vetted
            content = zlib.decompressobj(-15).decompress(raw, info.file_size)
        if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
            raise zipfile.BadZipFile(f"{part}: bad size or CRC")
        return content

    def read_lazily(self, part: str) -> tuple[bytes | None, Callable[[], bytes] | None]:
        """An optional part that is searched rather than parsed (styles.xml): its first piece and a
        function giving the next ones (``docx_styles.PartIndex``); small or unusual parts come whole."""
        info = self.infos.get(part.lower())
        if (
            info is None
            or info.file_size <= _INFLATE_STEP
            or info.flag_bits & 1
            or info.compress_type != zipfile.ZIP_DEFLATED
        ):
            return self.read_optional(part), None
        try:
            member = _Inflating(self._raw(info, part), info)
            return member.more(), member.more
        except _ZIP_ERRORS:
            return None, None

    def _raw(self, info: zipfile.ZipInfo, part: str) -> bytes:
        """The member's stored (compressed) bytes, straight from the archive's bytes."""
        offset = info.header_offset
        if offset + _LOCAL_HEADER.size > len(self.data):
            raise zipfile.BadZipFile(f"{part}: header past the end")
        signature, name_len, extra_len = _LOCAL_HEADER.unpack_from(self.data, offset)
        if signature != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"{part}: bad local header")
        start = offset + _LOCAL_HEADER.size + name_len + extra_len
        raw = self.data[start : start + info.compress_size]
        if len(raw) != info.compress_size:
            raise zipfile.BadZipFile(f"{part}: truncated")
        return raw

    def read_optional(self, part: str) -> bytes | None:
        """A part the reader can do without (styles, numbering, relationships): None when unreadable."""
        try:
            return self.read(part)
        except _ZIP_ERRORS:
            return None

    def rels(self, rels_part: str, base: str) -> dict[str, str]:
        """Relationship type (last path segment) -> target part name, for one .rels part (a flat list of
        empty elements: read with a regex, a fifth of the cost of parsing it)."""
        raw = self.read_optional(rels_part)
        if not raw:
            return {}
        found: dict[str, str] = {}
        for element in _REL_RE.finditer(raw):
            attrs = {m[1]: _attr_text(m[2] if m[2] is not None else m[3]) for m in _ATTR_RE.finditer(element[1])}
            kind = attrs.get(b"Type", "").rsplit("/", 1)[-1]
            target = attrs.get(b"Target")
            if not target or attrs.get(b"TargetMode") == "External" or kind in found:
                continue
            if target.startswith("/"):
                found[kind] = target.lstrip("/")
            else:
                found[kind] = posixpath.normpath(posixpath.join(base, target))
        return found


def _attr_text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


_INFLATE_STEP = 32 * 1024  # styles.xml is inflated this much at a time


class _Inflating:
    """A deflated member inflated ``_INFLATE_STEP`` bytes at a time; ``more`` gives ``b""`` at its end.
    The output is bounded by the declared size (vetted by the zip-bomb check), and the size and CRC are
    checked when the end is reached (``ValueError``; a damaged stream raises ``zlib.error``)."""

    def __init__(self, raw: bytes, info: zipfile.ZipInfo) -> None:
        self._inflater = zlib.decompressobj(-15)
        self._tail = raw
        self._info = info
        self._crc = self._size = 0
        self._done = False

    def more(self) -> bytes:
        if self._done:
            return b""
        piece = self._inflater.decompress(self._tail, _INFLATE_STEP)
        self._tail = self._inflater.unconsumed_tail
        self._crc = zlib.crc32(piece, self._crc)
        self._size += len(piece)
        if self._inflater.eof or not (piece or self._tail) or self._size > self._info.file_size:
            self._done = True
            if self._size != self._info.file_size or self._crc != self._info.CRC:
                raise ValueError(f"{self._info.filename}: bad size or CRC")
        return piece


# ---------------------------------------------------------------------------------------------
# The main part
# ---------------------------------------------------------------------------------------------


class _Walker:
    """One pass over the main part in document order, appending Blocks."""

    def __init__(self, styles: Styles, numbering: Numbering | None, part: str, ctx: ReadContext) -> None:
        self.styles = styles
        self.numbering = numbering
        self.part = part
        self.deadline = ctx.deadline
        self.blocks: list[Block] = []
        self.p_index = 0  # index of the next w:p among all w:p of the part, in document order
        self.tables = 0
        self.fields: list[bool] = []  # open complex fields: True while in their instruction part
        self.in_instr = False
        self.tracked = False
        self.default_style = styles.para(None)
        self.highlighted: list[tuple[int, int]] = []  # the current paragraph's highlighted runs, as part indices

    # -- structure -----------------------------------------------------------------------------

    def walk(self, container: etree._Element, kind: BlockKind | None, cell: TableCellRef | None) -> None:
        """Block-level content: the body, a table cell, a text box, an sdt's content."""
        for el in container:
            tag = el.tag
            if tag == W_P:
                self.paragraph(el, kind, cell)
            elif tag == W_TBL:
                self.table(el)
            elif tag == W_SDT:
                content = child(el, W_SDT_CONTENT)
                if content is not None:
                    self.walk(content, kind, cell)
            elif tag == W_CUSTOM_XML or tag in _TRACKED_KEPT:
                self.walk(el, kind, cell)
            elif tag in _TRACKED_DROPPED:
                self.tracked = True
                self.skip(el)
            elif tag == MC_ALTERNATE:
                self.alternate(el, lambda choice: self.walk(choice, kind, cell))
            elif isinstance(tag, str) and len(el):
                self.skip(el)

    def skip(self, el: etree._Element) -> None:
        """Leave ``el`` out, but count its paragraphs so that ``Origin.index`` stays the iter() index."""
        for _ in el.iter(W_P):
            self.p_index += 1

    def alternate(self, el: etree._Element, read_choice: Callable[[etree._Element], None]) -> None:
        """``mc:AlternateContent``: read the first ``mc:Choice`` only (a Fallback repeats its content)."""
        chosen = False
        for option in el:
            if not chosen and option.tag == MC_CHOICE:
                chosen = True
                read_choice(option)
            else:
                self.skip(option)

    def table(self, tbl: etree._Element) -> None:
        number = self.tables
        self.tables += 1
        row = 0
        for tr in _rows_or_cells(tbl, W_TR, self):
            col = 0
            for tc in _rows_or_cells(tr, W_TC, self):
                if tc.tag == W_TR_PR:
                    col += int_val(child(tc, W_GRID_BEFORE), 0) or 0
                    continue
                span, merged = 1, False
                tcpr = child(tc, W_TC_PR)
                if tcpr is not None:
                    for c in tcpr:
                        if c.tag == W_GRID_SPAN:
                            span = max(1, int_val(c, 1) or 1)
                        elif c.tag == W_VMERGE:
                            merged = c.get(W_VAL, "continue") == "continue"
                        elif c.tag == W_HMERGE:
                            merged = c.get(W_VAL, "continue") == "continue"
                if merged:
                    self.skip(tc)
                else:
                    self.walk(tc, _TABLE_CELL, TableCellRef(number, row, col))
                col += span
            row += 1

    # -- paragraphs ----------------------------------------------------------------------------

    def paragraph(self, p: etree._Element, kind: BlockKind | None, cell: TableCellRef | None) -> None:
        index = self.p_index
        self.p_index = index + 1
        if index % _DEADLINE_EVERY == 0:
            self.deadline.check()
        style = self.default_style
        auto = None
        outline = None
        slot = len(self.blocks)
        parts: list[str] = []
        runs: list[_Run] = []
        self.highlighted = []
        for c in p:
            tag = c.tag
            if tag == W_R:
                self.run(c, parts, runs)
            elif tag == W_PPR:  # the first child: counted before the runs, as Word counts empty items too
                style, auto, outline = self.properties(c)
            else:
                self.inline_other(c, tag, parts, runs)
        if self.in_instr:  # a field instruction does not run past its paragraph in practice
            self.fields = [f for f in self.fields if not f]
            self.in_instr = False
        own = "".join(parts).rstrip()
        if not own:
            return

        typed = None
        first = own[0]
        if first in _LABEL_START or (first in " \u3000\t" and own.lstrip(" \u3000\t")[:1] in _LABEL_START):
            typed = parse_label(own)
        label, label_auto, text = "", False, own
        if typed is not None:
            label = typed.text
        elif auto is not None and auto.text:
            label, label_auto, text = auto.text, True, auto.text + own

        bold, size = self.bold_and_size(runs, parts, style)
        if outline is not None:
            level = outline + 1 if 0 <= outline <= 8 else None
        else:
            level = style.level
        if kind is None:
            if style.toc or style.subtitle:
                kind, level = _PARAGRAPH, None
            elif level is not None:
                kind = _HEADING
            elif style.title:
                kind, level = _HEADING, 0
            elif auto is None and len(text) > _MAX_HEADING_LINE:
                kind = _PARAGRAPH
            else:
                numbered = auto is not None and (auto.bullet or bool(auto.text))
                kind, level = _classify(text, label, bold, numbered, auto.ilvl if auto is not None else 0)
        origin = Origin(self.part, index)
        marks = _highlights(parts, self.highlighted, len(text) - len(own), len(text)) if self.highlighted else ()
        # Block(kind, text, level, label, label_auto, style, bold, font_size, origin, cell, highlights):
        # positional arguments, as keywords cost a third more on a frozen dataclass.
        block = Block(kind, text, level, label, label_auto, style.name, bold, size, origin, cell, marks)
        if slot == len(self.blocks):
            self.blocks.append(block)
        else:  # text boxes anchored in this paragraph were read first; they follow it
            self.blocks.insert(slot, block)

    def properties(self, ppr: etree._Element) -> tuple[ParaStyle, AutoLabel | None, int | None]:
        """A ``w:pPr``: the resolved style, the automatic label (counted now) and the outline level."""
        style_id = num_id = None
        ilvl = outline = None
        has_numpr = False
        for c in ppr:
            tag = c.tag
            if tag == W_PSTYLE:
                style_id = c.get(W_VAL)
            elif tag == W_NUM_PR:
                has_numpr = True
                for n in c:
                    if n.tag == W_NUM_ID:
                        num_id = n.get(W_VAL)
                    elif n.tag == W_ILVL:
                        ilvl = int_val(n)
            elif tag == W_OUTLINE_LVL:
                outline = int_val(c)
        style = self.styles.para(style_id)
        auto = None
        if has_numpr or style.num_id is not None:
            # The paragraph's numPr wins over the style's (WPS writes both); either half may be missing.
            if num_id is None:
                num_id = style.num_id
            if ilvl is None and style.num_owner is not None and (not has_numpr or num_id == style.num_id):
                ilvl = style.ilvl
            if num_id is not None and num_id != "0" and self.numbering is not None:
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(num_id, (style.id, style.num_owner)) or 0
                auto = self.numbering.next_label(num_id, ilvl)
        return style, auto, outline

    def inline(self, el: etree._Element, parts: list[str], runs: list[_Run]) -> None:
        """Paragraph content: runs, and the wrappers runs sit in (hyperlinks, insertions, sdt, ...)."""
        for c in el:
            tag = c.tag
            if tag == W_R:
                self.run(c, parts, runs)
            else:
                self.inline_other(c, tag, parts, runs)

    def inline_other(self, c: etree._Element, tag: str, parts: list[str], runs: list[_Run]) -> None:
        """Paragraph content other than a plain run."""
        if tag in _INLINE_WRAPPERS:
            self.inline(c, parts, runs)
        elif tag in _TRACKED_KEPT:
            self.tracked = True
            self.inline(c, parts, runs)
        elif tag in _TRACKED_DROPPED:
            self.tracked = True
            self.skip(c)
        elif tag == W_SDT:
            content = child(c, W_SDT_CONTENT)
            if content is not None:
                self.inline(content, parts, runs)
        elif tag == MC_ALTERNATE:
            self.alternate(c, lambda choice: self.inline(choice, parts, runs))

    def run(self, r: etree._Element, parts: list[str], runs: list[_Run]) -> None:
        start = len(parts)
        bold = size = rstyle = None
        highlighted = False
        for c in r:
            tag = c.tag
            if tag == W_T:
                text = c.text
                if text and not self.in_instr:
                    parts.append(text)
            elif tag == W_RPR:
                for prop in c:
                    ptag = prop.tag
                    if ptag == W_B:
                        bold = on_off(prop)
                    elif ptag == W_SZ:
                        half = int_val(prop)
                        if half:
                            size = half / 2
                    elif ptag == W_RSTYLE:
                        rstyle = prop.get(W_VAL)
                    elif ptag == W_VANISH and on_off(prop):
                        self.graphics_only(r)
                        return
                    elif ptag == W_HIGHLIGHT and prop.get(W_VAL) not in (None, "none"):
                        highlighted = True
            elif tag == W_TAB or tag == W_PTAB:
                parts.append("\t")
            elif tag == W_BR:
                if c.get(W_TYPE) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == W_CR:
                parts.append("\n")
            elif tag == W_FLD_CHAR:
                self.field_char(c.get(W_FLD_CHAR_TYPE))
            elif tag == W_NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag in _GRAPHICS:
                self.graphic(c)
        if len(parts) > start:
            runs.append((bold, size, rstyle, start, len(parts)))
            if highlighted:
                self.highlighted.append((start, len(parts)))

    def graphics_only(self, r: etree._Element) -> None:
        for c in r:
            if c.tag in _GRAPHICS:
                self.graphic(c)

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(True)
        elif kind == "separate":
            if self.fields:
                self.fields[-1] = False
        elif kind == "end":
            if self.fields:
                self.fields.pop()
        self.in_instr = True in self.fields

    def graphic(self, el: etree._Element) -> None:
        """A drawing, VML shape or embedded object: read the text boxes in it, in document order."""
        tag = el.tag
        if tag == W_TXBX_CONTENT:
            fields, in_instr = self.fields, self.in_instr
            self.fields, self.in_instr = [], False
            self.walk(el, _TEXT_BOX, None)
            self.fields, self.in_instr = fields, in_instr
        elif tag == MC_ALTERNATE:
            self.alternate(el, self.graphic_children)
        elif tag == W_P:  # a paragraph outside a text box (should not happen): count it
            self.skip(el)
        else:
            self.graphic_children(el)

    def graphic_children(self, el: etree._Element) -> None:
        for c in el:
            if len(c):
                self.graphic(c)

    def bold_and_size(self, runs: list[_Run], parts: list[str], style: ParaStyle) -> _BoldSize:
        """Whole-paragraph bold (every run with visible text) and the size of the first such run."""
        if len(runs) == 1 and runs[0][2] is None:  # the common case: one run, no character style
            bold, run_size, _rstyle, start, end = runs[0]
            if end - start > 1 or not parts[start].isspace():
                size = run_size if run_size is not None else style.size
                return (style.bold if bold is None else bold), size
        size: float | None = None
        first = True
        for bold, run_size, rstyle, start, end in runs:
            if end - start == 1:
                if parts[start].isspace():
                    continue
            elif not "".join(parts[start:end]).strip():
                continue
            if rstyle is not None and (bold is None or (first and run_size is None)):
                char_bold, char_size = self.styles.char(rstyle)
                if bold is None:
                    bold = char_bold
                if run_size is None:
                    run_size = char_size
            if first:
                size = run_size if run_size is not None else style.size
                first = False
            if not (style.bold if bold is None else bold):
                return False, size
        return not first, size


def _highlights(
    parts: list[str], runs: list[tuple[int, int]], offset: int, limit: int
) -> tuple[tuple[int, int], ...]:
    """The highlighted runs (part indices) as character ranges of the block's text (``offset``: a generated
    label before the paragraph's own text); neighbouring runs are merged."""
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part))
    ranges: list[tuple[int, int]] = []
    for first, last in runs:
        lo, hi = offset + starts[first], min(offset + starts[last], limit)
        if hi <= lo:
            continue
        if ranges and ranges[-1][1] >= lo:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], hi))
        else:
            ranges.append((lo, hi))
    return tuple(ranges)


def _rows_or_cells(parent: etree._Element, tag: str, walker: _Walker) -> Iterator[etree._Element]:
    """Children of a table (rows) or row (cells, and ``w:trPr``), looking through sdt/customXml wrappers."""
    for c in parent:
        ctag = c.tag
        if ctag == tag or ctag == W_TR_PR:
            yield c
        elif ctag == W_SDT:
            content = child(c, W_SDT_CONTENT)
            if content is not None:
                yield from _rows_or_cells(content, tag, walker)
        elif ctag == W_CUSTOM_XML or ctag in _TRACKED_KEPT:
            yield from _rows_or_cells(c, tag, walker)
        elif isinstance(ctag, str) and len(c):
            walker.skip(c)


def _level_unlabelled_headings(blocks: list[Block]) -> None:
    """Levels for bold headings without a label or heading style (as the PDF reader does by font size).

    The first block is the document title (level 0) when it is such a heading, set at least as large
    as any other heading. Any other gets the level most headings of its size and boldness have, else
    its rank among the sizes of these unlevelled headings (larger first, from 1).
    """
    pending = [i for i, b in enumerate(blocks) if b.kind is _HEADING and b.level is None]
    if not pending:
        return
    sizes = [b.font_size or 0.0 for b in blocks if b.kind is _HEADING]
    if pending[0] == 0 and (blocks[0].font_size or 0.0) >= max(sizes):
        blocks[0] = replace(blocks[0], level=0)
        pending.pop(0)
    by_look: dict[tuple[float | None, bool], Counter[int]] = {}
    for b in blocks:
        if b.kind is _HEADING and b.level:
            by_look.setdefault((b.font_size, b.bold), Counter())[b.level] += 1
    ranked = sorted({blocks[i].font_size or 0.0 for i in pending}, reverse=True)
    for i in pending:
        b = blocks[i]
        seen = by_look.get((b.font_size, b.bold))
        level = seen.most_common(1)[0][0] if seen else 1 + ranked.index(b.font_size or 0.0)
        blocks[i] = replace(b, level=level)


def _classify(text: str, label: str, bold: bool, numbered: bool, ilvl: int) -> tuple[BlockKind, int | None]:
    """Kind and level of a body paragraph without a heading style (rules 2-4 of the module doc)."""
    short = len(text) <= _MAX_HEADING_LINE
    labelled = short and (bool(label) or text.lstrip(" \u3000\t")[:1] in _LABEL_START)
    if bold and short:
        if labelled:
            heading = looks_like_heading_line(text)
            if heading is not None:
                return _HEADING, heading.level
        if not labelled or parse_label(text) is None:
            body = text.strip()
            if len(body) <= _MAX_PLAIN_HEADING and not any(ch in _HEADING_PUNCT for ch in body):
                return _HEADING, None
    elif labelled:
        heading = looks_like_heading_line(text)
        if heading is not None and heading.level <= 2:
            return _HEADING, heading.level
    if numbered:
        return _LIST_ITEM, ilvl + 1
    return _PARAGRAPH, None
