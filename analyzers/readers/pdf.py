"""PDF -> Document, with PDFium's text page on the fast path.

pdfplumber and pdfminer take 40-85 ms a page; PDFium's plain text about 1-2 ms, but it puts a run of
text that is drawn inside another run's span (a quotation mark that LibreOffice sets in a Latin font)
at the end of the line. So each page is read once through PDFium's C API, cheaply:

- the page's text in one call, character ``i`` at ``text[i]``, with PDFium's generated spaces and
  line breaks;
- PDFium's lines cut at spaces into pieces; per piece a few calls: the boxes of its first and last
  characters, the baseline of the first, and the style (size times the text matrix's scale, font
  family, bold by weight, name or fill-and-stroke) of the text objects at both ends, cached per
  object; where the two ends differ in style a binary search finds where the style changes;
- a line whose pieces overlap is rebuilt from its characters' own boxes, ordered by position;
- text that is not upright (a diagonal watermark) is left out;
- images and paths are counted where that is cheap (a few hundred objects) or matters: a page with
  almost no characters (a scan?) or with wide gaps inside two lines (a table?). A page of a
  per-glyph export has thousands of objects, and walking them would cost as much as the text.

``pdf_layout`` turns the runs into lines, paragraphs and headings. Only a page whose paths could rule
a table (two horizontal and two vertical thin strokes, four boxes, or a path of many segments) is
given to pdfplumber's table finder, which costs tens of milliseconds; its cells' boxes then claim the
runs inside them.

Errors: a password needed to open the file is ``input.encrypted`` (an owner password that only
restricts editing is not: such a file is read), a file PDFium cannot parse is ``input.corrupt``,
more pages than ``ReadLimits.max_pdf_pages`` is ``input.too_large``, and pages with images but
(almost) no characters are ``input.no_text_layer``.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyzers.document import Document, SourceFormat, SourceInfo
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import ReadContext
from analyzers.readers.pdf_layout import PageContent, Run, TableGrid, assemble

log = logging.getLogger(__name__)

NO_TEXT_LAYER_MESSAGE = "这个 PDF 看起来是扫描件（没有文字层），无法读取文字。请提交 Word 原文件或可复制文字的 PDF。"
ENCRYPTED_MESSAGE = "这个 PDF 设置了打开密码，无法读取。请取消密码后重新导出 PDF，或直接提交 Word 原文件。"
CORRUPT_MESSAGE = "PDF 文件“{filename}”已损坏或不完整，无法读取。请重新导出 PDF 或直接提交 Word 原文件。"

MIN_CHARS_PER_PAGE = 20  # fewer characters than this on a page with an image: a scanned page
# bold faces, and the heavy faces Chinese documents set headings in: 黑体 (SimHei, not YaHei), 小标宋
_BOLD_NAME = re.compile(r"bold|black|heavy|(?<!ya)hei|黑|xbs|xiaobiao|小标宋", re.IGNORECASE)
_BOLD_WEIGHT = 600
_FORCE_BOLD_FLAG = 1 << 18
_PATH, _IMAGE, _FORM = (
    pdfium_c.FPDF_PAGEOBJ_PATH,
    pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_FORM,
)
_FILL_STROKE = pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
_THIN = 2.5  # a stroke at most this thick is a ruling line
_Matrix = tuple[float, float, float, float, float, float]


def _fast(name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """A private prototype of a PDFium function taking and returning plain addresses (ints).

    pypdfium2's own prototypes wrap every handle in a typed pointer; on the per-run path those
    conversions cost more than the C calls, so the hot calls go through these instead.
    """
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _I = ctypes.c_void_p, ctypes.c_int
_get_text_object = _fast("FPDFText_GetTextObject", _P, _P, _I)
_get_loose_box = _fast("FPDFText_GetLooseCharBox", _I, _P, _I, _P)
_get_origin = _fast("FPDFText_GetCharOrigin", _I, _P, _I, _P, _P)
_get_char_matrix = _fast("FPDFText_GetMatrix", _I, _P, _I, _P)
_get_font_size = _fast("FPDFText_GetFontSize", ctypes.c_double, _P, _I)
_get_font = _fast("FPDFTextObj_GetFont", _P, _P)
_get_render_mode = _fast("FPDFTextObj_GetTextRenderMode", _I, _P)
_get_font_name = _fast("FPDFFont_GetBaseFontName", ctypes.c_ulong, _P, _P, ctypes.c_ulong)
_get_font_weight = _fast("FPDFFont_GetWeight", _I, _P)
_get_font_flags = _fast("FPDFFont_GetFlags", _I, _P)
_is_generated = _fast("FPDFText_IsGenerated", _I, _P, _I)


def read(data: bytes, ctx: ReadContext) -> Document:
    pdf = _open(data, ctx.filename)
    try:
        count = len(pdf)
        if count == 0:
            raise _corrupt(ctx.filename, "no pages")
        if count > ctx.limits.max_pdf_pages:
            raise InputError(
                InputErrorCode.TOO_LARGE,
                f"这个 PDF 共 {count} 页，超过了 {ctx.limits.max_pdf_pages} 页的上限。请只提交述职报告本身。",
            )
        extractor = _Extractor(pdf, ctx.filename)
        pages: list[PageContent] = []
        table_pages: list[int] = []
        for index in range(count):
            page, ruled = extractor.page(index)
            pages.append(page)
            if ruled:
                table_pages.append(index)
            ctx.deadline.check()
    finally:
        pdf.close()
    warnings = _check_text_layer(pages)
    if table_pages:
        _find_tables(data, pages, table_pages, ctx)
    blocks = assemble(pages)
    return Document(
        source=SourceInfo(
            filename=ctx.filename,
            format=SourceFormat.PDF,
            sha256=ctx.sha256,
            size=len(data),
            pages=count,
        ),
        blocks=tuple(blocks),
        warnings=tuple(warnings),
    )


def _corrupt(filename: str, detail: str) -> InputError:
    return InputError(InputErrorCode.CORRUPT, CORRUPT_MESSAGE.format(filename=filename), detail=detail)


def _open(data: bytes, filename: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(InputErrorCode.ENCRYPTED, ENCRYPTED_MESSAGE, detail=str(exc)) from exc
        raise _corrupt(filename, str(exc)) from exc


def _check_text_layer(pages: list[PageContent]) -> list[str]:
    """Raise ``input.no_text_layer`` for a scan; a warning naming the scanned pages of a mixed file."""
    scanned = [p.number for p in pages if p.images and p.chars < MIN_CHARS_PER_PAGE]
    total = sum(p.chars for p in pages)
    if total < MIN_CHARS_PER_PAGE * len(pages) and (scanned or total == 0):
        raise InputError(InputErrorCode.NO_TEXT_LAYER, NO_TEXT_LAYER_MESSAGE, detail=f"{total} characters")
    if scanned:
        listed = "、".join(str(n) for n in scanned[:10]) + ("等" if len(scanned) > 10 else "")
        return [f"第 {listed} 页只有图片、没有文字层（可能是扫描页），其中的内容没有读取。"]
    return []


def _transform(m: _Matrix | None, x: float, y: float) -> tuple[float, float]:
    if m is None:
        return x, y
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(inner: _Matrix, outer: _Matrix | None) -> _Matrix:
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - matrix entries
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_Style = tuple[float, str, bool, bool]  # size, font family, bold, upright
_PIECES = re.compile(r"[^ \r\n]+|\n")
# control characters (PDFium marks a hyphen at a line end with one) and soft hyphens go; a no-break
# space is a space
_CLEAN = {**dict.fromkeys([*range(32), *range(127, 160), 0xAD]), 0xA0: " "}


class _Extractor:
    """Reads the text pages of one open document, page by page, through PDFium's C API."""

    def __init__(self, pdf: pdfium.PdfDocument, filename: str) -> None:
        self.raw = pdf.raw
        self.filename = filename
        self.rect = pdfium_c.FS_RECTF()
        self.rect_a = ctypes.addressof(self.rect)
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.ox_a, self.oy_a = ctypes.addressof(self.ox), ctypes.addressof(self.oy)
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_a = ctypes.addressof(self.matrix)
        self.fbounds = tuple(ctypes.c_float() for _ in range(4))
        self.fbounds_p = tuple(ctypes.byref(v) for v in self.fbounds)
        self.name_buffer = ctypes.create_string_buffer(256)
        self.tp = 0
        self.left = self.top = 0.0
        self.styles: dict[int | None, _Style] = {}
        self.fonts: dict[int | None, tuple[str, bool]] = {}

    # -- one page ---------------------------------------------------------------------------------

    def page(self, index: int) -> tuple[PageContent, bool]:
        """The page's runs of text and counts, and whether its paths may rule a table."""
        page = pdfium_c.FPDF_LoadPage(self.raw, index)
        if not page:
            raise _corrupt(self.filename, f"page {index + 1} failed to load")
        textpage = pdfium_c.FPDFText_LoadPage(page)
        try:
            if not textpage:
                raise _corrupt(self.filename, f"text of page {index + 1} failed to load")
            box = pdfium_c.FS_RECTF()
            pdfium_c.FPDF_GetPageBoundingBox(page, box)
            content = PageContent(index + 1, box.right - box.left, box.top - box.bottom)
            self.left, self.top = box.left, box.top
            self.tp = ctypes.cast(textpage, ctypes.c_void_p).value or 0
            self.styles = {}  # by text object: a handle is only alive while its page is
            self.fonts = {}
            text = self._page_text(textpage)
            gapped_lines = self._runs(text, content.runs)
            content.chars = len(text) - sum(text.count(ch) for ch in " \r\n\u3000\t")
            ruled = False
            objects = pdfium_c.FPDFPage_CountObjects(page)
            if content.chars < MIN_CHARS_PER_PAGE or gapped_lines >= 2 or objects <= 400:
                h, v, boxes, grids = self._census(page, objects, content)
                ruled = (h >= 2 and v >= 2) or boxes >= 4 or grids > 0
        finally:
            if textpage:
                pdfium_c.FPDFText_ClosePage(textpage)
            pdfium_c.FPDF_ClosePage(page)
        return content, ruled

    def _page_text(self, textpage: object) -> str:
        """The page's characters, one per character index (PDFium's generated spaces and line breaks
        included), so that ``text[i]`` is character ``i``."""
        n = pdfium_c.FPDFText_CountChars(textpage)
        if n <= 0:
            return ""
        buffer = (ctypes.c_ushort * (2 * n + 2))()  # room for surrogate pairs
        written = pdfium_c.FPDFText_GetText(textpage, 0, n, buffer)
        text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le", "replace")
        if len(text) != n:  # a surrogate pair or an excluded character: ask character by character
            get = pdfium_c.FPDFText_GetUnicode
            text = "".join(chr(c) if 0 < (c := get(textpage, i)) < 0x110000 else " " for i in range(n))
        return text

    # -- runs ------------------------------------------------------------------------------------

    def _runs(self, text: str, runs: list[Run]) -> int:
        """Append the page's runs to ``runs``: PDFium's lines cut at spaces, and where the style
        changes. Returns how many lines have a wide gap (a hint of a table)."""
        gapped = 0
        line_start, line_char = len(runs), 0
        is_generated = _is_generated
        tp = self.tp
        for match in _PIECES.finditer(text):
            i, j = match.span()
            if text[i] == "\n":
                gapped += self._close_line(text, runs, line_start, line_char, i)
                line_start, line_char = len(runs), j
                continue
            first = len(runs)
            self._segment(text, i, j, runs)
            if i and text[i - 1] == " " and len(runs) > first and not is_generated(tp, i - 1):
                k = i - 1  # spaces typed in the text, not a gap PDFium saw
                while k and text[k - 1] == " ":
                    k -= 1
                runs[first].space_before = i - k
        gapped += self._close_line(text, runs, line_start, line_char, len(text))
        return gapped

    def _close_line(self, text: str, runs: list[Run], start: int, first_char: int, end_char: int) -> int:
        """Check the order of one PDFium line's runs; rebuild it from its characters if PDFium put a
        run out of place (a quotation mark in another font moved to the end of the line)."""
        if len(runs) - start < 2:
            return 0
        ordered = sorted(runs[start:], key=lambda r: r.x0)
        gapped = 0
        for a, b in zip(ordered, ordered[1:], strict=False):
            size = min(a.size, b.size)
            if abs(a.baseline - b.baseline) > 0.4 * size:
                continue
            if b.x0 < a.x1 - 0.3 * size:
                runs[start:] = self._rebuild(text, first_char, end_char)
                return 0
            if b.x0 - a.x1 > 2 * size:
                gapped = 1
        return gapped

    def _segment(self, text: str, i: int, j: int, runs: list[Run]) -> None:
        """Runs of the characters ``i`` to ``j``: one, or one per style where the style changes."""
        tp = self.tp
        first = _get_text_object(tp, i)
        style = self._style(first, i)
        if j - i > 1:
            last = _get_text_object(tp, j - 1)
            if last != first and self._style(last, j - 1) != style:
                lo, hi = i, j - 1  # style(lo) == style != style(hi): find where it changes
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if self._style(_get_text_object(tp, mid), mid) == style:
                        lo = mid
                    else:
                        hi = mid
                self._append(text, i, hi, style, runs)
                self._segment(text, hi, j, runs)
                return
        self._append(text, i, j, style, runs)

    def _append(self, text: str, i: int, j: int, style: _Style, runs: list[Run]) -> None:
        piece = text[i:j]
        if not piece.isprintable():  # also false for a full-width space, which stays
            piece = piece.translate(_CLEAN)
            if not piece:
                return
        tp, rect = self.tp, self.rect
        _get_loose_box(tp, i, self.rect_a)
        x0 = rect.left
        if j - 1 > i:
            _get_loose_box(tp, j - 1, self.rect_a)
        _get_origin(tp, i, self.ox_a, self.oy_a)
        size, font, bold, upright = style
        if not upright:  # a diagonal watermark, a rotated label: not part of the text's flow
            return
        runs.append(Run(piece, x0 - self.left, rect.right - self.left, self.top - self.oy.value, size, font, bold))

    def _rebuild(self, text: str, a: int, b: int) -> list[Run]:
        """Runs of one line from its characters' own boxes, left to right."""
        tp, rect = self.tp, self.rect
        chars = []
        for k in range(a, b):
            ch = text[k].translate(_CLEAN)
            if ch in ("", " ", "\r", "\n"):
                continue
            _get_loose_box(tp, k, self.rect_a)
            _get_origin(tp, k, self.ox_a, self.oy_a)
            style = self._style(_get_text_object(tp, k), k)
            if not style[3]:
                continue
            chars.append((self.top - self.oy.value, rect.left - self.left, rect.right - self.left, ch, style))
        chars.sort(key=lambda c: (round(c[0]), c[1]))
        runs: list[Run] = []
        for baseline, x0, x1, ch, (size, font, bold, _) in chars:
            last = runs[-1] if runs else None
            if (
                last is not None
                and last.text[-1] == ch
                and abs(last.x1 - x1) < 0.3 * size
                and abs(last.baseline - baseline) < 0.3 * size
            ):
                continue  # the same character drawn twice, a little apart: a fake bold
            if (
                last is not None
                and abs(last.baseline - baseline) <= 0.4 * size
                and (last.size, last.font, last.bold) == (size, font, bold)
                and -0.3 * size < x0 - last.x1 < 0.15 * size
            ):
                last.text += ch
                last.x1 = x1
            else:
                runs.append(Run(ch, x0, x1, baseline, size, font, bold))
        return runs

    # -- styles ----------------------------------------------------------------------------------

    def _style(self, obj: int | None, index: int) -> _Style:
        """Size (font size times the text matrix's scale), font family, boldness, and whether the
        text is upright, of a text object."""
        style = self.styles.get(obj)
        if style is not None:
            return style
        m = self.matrix
        _get_char_matrix(self.tp, index, self.matrix_a)
        scale = (m.c * m.c + m.d * m.d) ** 0.5 if m.c else abs(m.d)
        upright = abs(m.b) <= 0.2 * abs(m.a)
        size = round(_get_font_size(self.tp, index) * (scale or 1.0), 1)
        if obj:
            font, bold = self._font(_get_font(obj))
            bold = bold or _get_render_mode(obj) == _FILL_STROKE
        else:
            font, bold = "", False
        style = (size, font, bold, upright)
        self.styles[obj] = style
        return style

    def _font(self, font: int | None) -> tuple[str, bool]:
        known = self.fonts.get(font)
        if known is None:
            known = ("", False)
            if font:
                n = _get_font_name(font, ctypes.addressof(self.name_buffer), 256)
                raw = self.name_buffer.raw[: max(min(n, 256) - 1, 0)]
                try:
                    name = raw.decode("utf-8")
                except UnicodeDecodeError:
                    name = raw.decode("gb18030", "replace")
                family = re.split(r"[,-]", name.split("+", 1)[-1], maxsplit=1)[0]
                bold = (
                    bool(_BOLD_NAME.search(name))
                    or _get_font_weight(font) >= _BOLD_WEIGHT
                    or bool(_get_font_flags(font) & _FORCE_BOLD_FLAG)
                )
                known = (family, bold)
            self.fonts[font] = known
        return known

    # -- images and paths ------------------------------------------------------------------------

    def _census(self, page: object, count: int, content: PageContent) -> list[int]:
        """Count the page's images into ``content``; return its horizontal rules, vertical rules,
        boxes and grids (a path of many segments)."""
        paths = [0, 0, 0, 0]
        get = pdfium_c.FPDFPage_GetObject
        self._walk([get(page, i) for i in range(count)], None, content, paths)
        return paths

    def _walk(self, objects: list, ctm: _Matrix | None, content: PageContent, paths: list[int]) -> None:
        get_type = pdfium_c.FPDFPageObj_GetType
        for obj in objects:
            kind = get_type(obj)
            if kind == _PATH:
                self._path(obj, ctm, paths)
            elif kind == _IMAGE:
                content.images += 1
            elif kind == _FORM:
                m = self.matrix
                pdfium_c.FPDFPageObj_GetMatrix(obj, m)
                form_ctm = _compose((m.a, m.b, m.c, m.d, m.e, m.f), ctm)
                n = max(pdfium_c.FPDFFormObj_CountObjects(obj), 0)
                self._walk([pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(n)], form_ctm, content, paths)

    def _path(self, obj: object, ctm: _Matrix | None, paths: list[int]) -> None:
        pdfium_c.FPDFPageObj_GetBounds(obj, *self.fbounds_p)
        left, bottom, right, top = (v.value for v in self.fbounds)
        x0, y0 = _transform(ctm, left, bottom)
        x1, y1 = _transform(ctm, right, top)
        w, h = abs(x1 - x0), abs(y1 - y0)
        if h <= _THIN < w:
            paths[0] += 1
        elif w <= _THIN < h:
            paths[1] += 1
        elif w > 30 and h > 15 and pdfium_c.FPDFPath_CountSegments(obj) >= 8:
            paths[3] += 1
        elif w > 10 and h > 8:
            paths[2] += 1


def _find_tables(data: bytes, pages: list[PageContent], indexes: list[int], ctx: ReadContext) -> None:
    """Ruled tables on the given pages, by pdfplumber; a failure leaves the page's text as prose."""
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for index in indexes:
                ctx.deadline.check()
                page = pages[index]
                for table in plumber.pages[index].find_tables():
                    cells = [
                        (r, c, tuple(box))
                        for r, row in enumerate(table.rows)
                        for c, box in enumerate(row.cells)
                        if box is not None
                    ]
                    if len(cells) >= 2:
                        page.tables.append(TableGrid(tuple(table.bbox), cells))  # type: ignore[arg-type]
    except InputError:
        raise
    except Exception as exc:  # pdfplumber on an odd file: keep the text, lose the table structure
        log.info("table detection failed on %s: %r", ctx.filename, exc)
