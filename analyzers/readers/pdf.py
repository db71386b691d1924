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
  per-glyph export has thousands of objects, and walking them would cost as much as the text. A page
  that is provably nothing but text objects (``_Extractor._all_text``) is not walked at all.

What that costs. PDFium's getters take nanoseconds; ctypes' own work around each call (0.15-0.2 µs)
is much of what a page costs beyond PDFium's parsing, so the hot calls go through lean prototypes
(``_fast``) and each piece takes as few as it can: two text objects, the three calls of a style the
first time an object is seen, two boxes and a baseline. A LibreOffice export draws each glyph run as
its own text object (digits in another font than the Chinese around them), so there almost every
piece meets a new object: its pages cost about 1.9 times PDFium's plain text, a reportlab file's
about 1.35 times. Pages are loaded a few at a time before they are read, which keeps both PDFium's
and Python's working sets warm.

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
from itertools import repeat
from operator import attrgetter
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

_PAGE_BATCH = 8  # pages loaded together (see ``_Extractor.pages``)
MIN_CHARS_PER_PAGE = 20  # fewer characters than this on a page with an image: a scanned page
# bold faces, and the heavy faces Chinese documents set headings in: 黑体 (SimHei, not YaHei), 小标宋
_BOLD_NAME = re.compile(r"bold|black|heavy|(?<!ya)hei|黑|xbs|xiaobiao|小标宋", re.IGNORECASE)
_BOLD_WEIGHT = 600
_FORCE_BOLD_FLAG = 1 << 18
_TEXT, _PATH, _IMAGE, _FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT,
    pdfium_c.FPDF_PAGEOBJ_PATH,
    pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_FORM,
)
_FILL_STROKE = pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
_THIN = 2.5  # a stroke at most this thick is a ruling line
_Matrix = tuple[float, float, float, float, float, float]


class _Handle(ctypes.c_void_p):
    """A PDFium handle (a text page, a page object, a font) or an out-pointer, as a C value.

    A function returning this type hands back the C value itself, where a plain ``c_void_p`` result
    becomes an int; ``.value`` is the address, for a cache key.
    """


def _fast(name: str, restype: Any) -> Callable[..., Any]:
    """A private prototype of a PDFium function for the hot paths: getters that take nanoseconds,
    called thousands of times on a page of a per-glyph export, where ctypes' own work per call is
    what costs. So the prototype

    - declares no argument types: converting arguments through ``argtypes`` (pypdfium2's typed
      pointers, or even ``c_void_p``) costs about as much as the call. ctypes passes each argument
      as it is, so each must already be a C value: a handle or an out-pointer a ``_Handle`` (never
      a Python int, which would pass as a 32-bit int), a character or object index a Python int;
    - keeps the GIL (``PYFUNCTYPE``): releasing and taking it back around a getter costs more than
      the getter.
    """
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.PYFUNCTYPE(restype)(address)


def _address(obj: Any) -> _Handle:
    """A pypdfium2 handle or a ctypes object's address, as the prototypes above take it."""
    if isinstance(obj, ctypes._Pointer):
        return _Handle(ctypes.cast(obj, ctypes.c_void_p).value)
    return _Handle(ctypes.addressof(obj))


# text page (the text page, a character index, out-pointers)
_get_text_object = _fast("FPDFText_GetTextObject", _Handle)
_get_loose_box = _fast("FPDFText_GetLooseCharBox", ctypes.c_int)
_get_origin = _fast("FPDFText_GetCharOrigin", ctypes.c_int)
_get_char_matrix = _fast("FPDFText_GetMatrix", ctypes.c_int)
_get_font_size = _fast("FPDFText_GetFontSize", ctypes.c_double)
_is_generated = _fast("FPDFText_IsGenerated", ctypes.c_int)
_count_rects = _fast("FPDFText_CountRects", ctypes.c_int)  # (text page, first character, count or -1)
# text objects and fonts
_get_font = _fast("FPDFTextObj_GetFont", _Handle)
_get_render_mode = _fast("FPDFTextObj_GetTextRenderMode", ctypes.c_int)
_get_font_name = _fast("FPDFFont_GetBaseFontName", ctypes.c_ulong)  # (font, buffer, its length)
_get_font_weight = _fast("FPDFFont_GetWeight", ctypes.c_int)
_get_font_flags = _fast("FPDFFont_GetFlags", ctypes.c_int)
# page objects (the page, an object index)
_get_object = _fast("FPDFPage_GetObject", _Handle)
_get_type = _fast("FPDFPageObj_GetType", ctypes.c_int)
_get_object_matrix = _fast("FPDFPageObj_GetMatrix", ctypes.c_int)  # (object, out matrix)
_get_bounds = _fast("FPDFPageObj_GetBounds", ctypes.c_int)  # (object, out left, bottom, right, top)
_count_segments = _fast("FPDFPath_CountSegments", ctypes.c_int)
_count_form_objects = _fast("FPDFFormObj_CountObjects", ctypes.c_int)
_get_form_object = _fast("FPDFFormObj_GetObject", _Handle)  # (form object, index as c_ulong)


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
        # a form XObject is a stream, and a stream's dictionary is never compressed: its /Form shows
        # (unless spelt with # escapes, which no writer does)
        extractor = _Extractor(pdf, ctx.filename, forms=b"/Form" in data)
        pages: list[PageContent] = []
        table_pages: list[int] = []
        for start in range(0, count, _PAGE_BATCH):
            for page, ruled in extractor.pages(range(start, min(start + _PAGE_BATCH, count)), ctx.deadline.check):
                if ruled:
                    table_pages.append(page.number - 1)
                pages.append(page)
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


def _char(code: int) -> str:
    """One character of PDFium's text page: a code point a ToUnicode map gave, which may be anything. A lone
    UTF-16 surrogate (D800-DFFF) is no character and cannot be encoded as UTF-8, so it becomes U+FFFD, as in
    ``_page_text``'s decoding of the whole page."""
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code) if 0 < code < 0x110000 else " "


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
# characters PDFium reorders as right-to-left text (Hebrew, Arabic and their neighbours, RTL marks)
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


class _Extractor:
    """Reads the text pages of one open document, page by page, through PDFium's C API."""

    def __init__(self, pdf: pdfium.PdfDocument, filename: str, forms: bool = True) -> None:
        self.raw = pdf.raw
        self.filename = filename
        self.forms = forms  # whether the file may have form XObjects (see ``_all_text``)
        # out-parameters of the C calls, each with its address as the prototypes take it
        self.rect = pdfium_c.FS_RECTF()
        self.rect_p = _address(self.rect)
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.ox_p, self.oy_p = _address(self.ox), _address(self.oy)
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_p = _address(self.matrix)
        self.fbounds = tuple(ctypes.c_float() for _ in range(4))
        self.fbounds_p = tuple(_address(v) for v in self.fbounds)
        self.name_buffer = ctypes.create_string_buffer(256)
        self.name_p, self.name_size = _address(self.name_buffer), ctypes.c_ulong(256)
        self.tp = _Handle()
        self.left = self.top = 0.0
        self.styles: dict[int | None, _Style] = {}
        self.fonts: dict[int | None, tuple[str, bool]] = {}
        self.sizes: dict[float, float] = {}  # rounded sizes

    # -- one page ---------------------------------------------------------------------------------

    def pages(self, indexes: range, check: Callable[[], None]) -> list[tuple[PageContent, bool]]:
        """Each page's runs of text and counts, and whether its paths may rule a table; ``check``
        (the time budget) is called after each page.

        The pages are all loaded first, then read: PDFium's parsing and this module's Python each
        run longer with their own code and data warm in the processor's caches, which saves about
        5% over loading and reading one page after the other."""
        loaded: list[tuple[int, Any, Any]] = []
        read: list[tuple[PageContent, bool]] = []
        self.fonts = {}  # by font handle: a font stays loaded while a page that uses it is
        try:
            for index in indexes:
                page = pdfium_c.FPDF_LoadPage(self.raw, index)
                if not page:
                    raise _corrupt(self.filename, f"page {index + 1} failed to load")
                textpage = pdfium_c.FPDFText_LoadPage(page)
                loaded.append((index, page, textpage))
                if not textpage:
                    raise _corrupt(self.filename, f"text of page {index + 1} failed to load")
            for index, page, textpage in loaded:
                read.append(self._page(index, page, textpage))
                check()
            return read
        finally:
            for _, page, textpage in loaded:
                if textpage:
                    pdfium_c.FPDFText_ClosePage(textpage)
                pdfium_c.FPDF_ClosePage(page)

    def _page(self, index: int, page: Any, textpage: Any) -> tuple[PageContent, bool]:
        """One loaded page: its runs, counts, and whether its paths may rule a table."""
        box = pdfium_c.FS_RECTF()
        pdfium_c.FPDF_GetPageBoundingBox(page, box)
        content = PageContent(index + 1, box.right - box.left, box.top - box.bottom)
        self.left, self.top = box.left, box.top
        self.tp = _address(textpage)
        self.styles = {}  # by text object: a handle is only alive while its page is
        text = self._page_text(textpage)
        gapped_lines = self._runs(text, content.runs)
        content.chars = len(text) - sum(text.count(ch) for ch in " \r\n\u3000\t")
        ruled = False
        objects = pdfium_c.FPDFPage_CountObjects(page)
        if content.chars < MIN_CHARS_PER_PAGE or gapped_lines >= 2 or objects <= 400:
            if not self._all_text(objects, text):
                h, v, boxes, grids = self._census(_address(page), objects, content)
                ruled = (h >= 2 and v >= 2) or boxes >= 4 or grids > 0
        return content, ruled

    def _all_text(self, objects: int, text: str) -> bool:
        """Whether every object of the page is a text object PDFium read characters from, so that
        there is no image or path to count, and no need to walk a page of hundreds of text objects.

        PDFium gives the characters of each text object one run (one "rect"), apart from text it
        reorders right to left, and it reads the text inside a form without counting the form
        among the page's objects. So in a file without forms, a page without right-to-left text
        that has as many rects as objects has nothing but text objects."""
        return not self.forms and objects == _count_rects(self.tp, 0, -1) and not _RIGHT_TO_LEFT.search(text)

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
            text = "".join(_char(get(textpage, i)) for i in range(n))
        return text

    # -- runs ------------------------------------------------------------------------------------

    def _runs(self, text: str, runs: list[Run]) -> int:
        """Append the page's runs to ``runs``: PDFium's lines cut at spaces, and where the style
        changes. Returns how many lines have a wide gap (a hint of a table)."""
        gapped = 0
        line_start, line_char = len(runs), 0
        tp, style_at = self.tp, self._style_at
        for match in _PIECES.finditer(text):
            i, j = match.span()
            if text[i] == "\n":
                gapped += self._close_line(text, runs, line_start, line_char, i)
                line_start, line_char = len(runs), j
                continue
            first = len(runs)
            self._segment(text, i, j, style_at(i), runs)
            if i and text[i - 1] == " " and len(runs) > first and not _is_generated(tp, i - 1):
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
        ordered = runs[start:]
        if any(b.x0 < a.x0 for a, b in zip(ordered, ordered[1:], strict=False)):
            ordered.sort(key=_BY_X0)
        gapped = 0
        a = ordered[0]
        for b in ordered[1:]:
            size = min(a.size, b.size)
            if abs(a.baseline - b.baseline) <= 0.4 * size:
                if b.x0 < a.x1 - 0.3 * size:
                    runs[start:] = self._rebuild(text, first_char, end_char)
                    return 0
                if b.x0 - a.x1 > 2 * size:
                    gapped = 1
            a = b
        return gapped

    def _segment(self, text: str, i: int, j: int, style: _Style, runs: list[Run]) -> None:
        """Runs of the characters ``i`` to ``j``, the first in ``style``: one, or one per style
        where the style changes (the ends are compared, and a binary search finds the change)."""
        while j - i > 1 and self._style_at(j - 1) != style:
            lo, hi = i, j - 1  # style(lo) == style != style(hi): find where it changes
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if self._style_at(mid) == style:
                    lo = mid
                else:
                    hi = mid
            self._append(text, i, hi, style, runs)
            i, style = hi, self._style_at(hi)
        self._append(text, i, j, style, runs)

    def _append(self, text: str, i: int, j: int, style: _Style, runs: list[Run]) -> None:
        size, font, bold, upright = style
        if not upright:  # a diagonal watermark, a rotated label: not part of the text's flow
            return
        piece = text[i:j]
        if not piece.isprintable():  # also false for a full-width space, which stays
            piece = piece.translate(_CLEAN)
            if not piece:
                return
        tp, rect = self.tp, self.rect
        _get_loose_box(tp, i, self.rect_p)
        x0 = rect.left
        if j - 1 > i:
            _get_loose_box(tp, j - 1, self.rect_p)
        _get_origin(tp, i, self.ox_p, self.oy_p)
        runs.append(Run(piece, x0 - self.left, rect.right - self.left, self.top - self.oy.value, size, font, bold))

    def _rebuild(self, text: str, a: int, b: int) -> list[Run]:
        """Runs of one line from its characters' own boxes, left to right."""
        tp, rect = self.tp, self.rect
        chars = []
        for k in range(a, b):
            ch = text[k].translate(_CLEAN)
            if ch in ("", " ", "\r", "\n"):
                continue
            _get_loose_box(tp, k, self.rect_p)
            _get_origin(tp, k, self.ox_p, self.oy_p)
            style = self._style_at(k)
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

    def _style_at(self, index: int) -> _Style:
        """The style of the text object that draws character ``index``, cached per object."""
        obj = _get_text_object(self.tp, index)
        key = obj.value
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self._style(obj, index)
        return style

    def _style(self, obj: _Handle, index: int) -> _Style:
        """Size (font size times the text matrix's scale), font family, boldness, and whether the
        text is upright, of a text object, read at character ``index``."""
        tp, m = self.tp, self.matrix
        _get_char_matrix(tp, index, self.matrix_p)
        scale = (m.c * m.c + m.d * m.d) ** 0.5 if m.c else abs(m.d)
        upright = abs(m.b) <= 0.2 * abs(m.a)
        raw_size = _get_font_size(tp, index) * (scale or 1.0)
        size = self.sizes.get(raw_size)
        if size is None:  # round() takes longer than the C calls; a page has a few sizes
            size = self.sizes[raw_size] = round(raw_size, 1)
        if not obj:
            return (size, "", False, upright)
        font = _get_font(obj)
        family, bold = self.fonts.get(font.value) or self._font(font)
        return (size, family, bold or _get_render_mode(obj) == _FILL_STROKE, upright)

    def _font(self, font: _Handle) -> tuple[str, bool]:
        """The family and boldness of a font, by its name, weight and flags."""
        known = ("", False)
        if font:
            n = _get_font_name(font, self.name_p, self.name_size)
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
        self.fonts[font.value] = known
        return known

    # -- images and paths ------------------------------------------------------------------------

    def _census(self, page: _Handle, count: int, content: PageContent) -> list[int]:
        """Count the page's images into ``content``; return its horizontal rules, vertical rules,
        boxes and grids (a path of many segments)."""
        paths = [0, 0, 0, 0]
        self._walk(list(map(_get_object, repeat(page, count), range(count))), None, content, paths)
        return paths

    def _walk(self, objects: list[_Handle], ctm: _Matrix | None, content: PageContent, paths: list[int]) -> None:
        kinds = list(map(_get_type, objects))
        if kinds.count(_TEXT) == len(kinds):  # a page of a per-glyph export: hundreds of text objects
            return
        for obj, kind in zip(objects, kinds, strict=True):
            if kind == _PATH:
                self._path(obj, ctm, paths)
            elif kind == _IMAGE:
                content.images += 1
            elif kind == _FORM:
                m = self.matrix
                _get_object_matrix(obj, self.matrix_p)
                form_ctm = _compose((m.a, m.b, m.c, m.d, m.e, m.f), ctm)
                n = max(_count_form_objects(obj), 0)
                self._walk([_get_form_object(obj, ctypes.c_ulong(i)) for i in range(n)], form_ctm, content, paths)

    def _path(self, obj: _Handle, ctm: _Matrix | None, paths: list[int]) -> None:
        _get_bounds(obj, *self.fbounds_p)
        left, bottom, right, top = (v.value for v in self.fbounds)
        x0, y0 = _transform(ctm, left, bottom)
        x1, y1 = _transform(ctm, right, top)
        w, h = abs(x1 - x0), abs(y1 - y0)
        if h <= _THIN < w:
            paths[0] += 1
        elif w <= _THIN < h:
            paths[1] += 1
        elif w > 30 and h > 15 and _count_segments(obj) >= 8:
            paths[3] += 1
        elif w > 10 and h > 8:
            paths[2] += 1


_BY_X0 = attrgetter("x0")


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
