"""Text runs placed on PDF pages -> lines -> paragraphs and headings, in reading order.

The PDF reader hands over, per page, the runs of text it found (each in one style, with its box,
baseline, size, font family and boldness) and the ruled tables. Everything here is plain Python over
those records; no PDF library is touched. Coordinates are PDF points, top-left origin.

Lines. Runs whose baselines lie within 0.4 of a font size of each other form a line, ordered left to
right. Between two runs goes the space the file has there, or one space where the gap is wider than
0.8 of a character, or where the gap is visible and neither side is Chinese.

Paragraphs. Wrapped lines join with no space where either side is Chinese (one space between two
Latin words, none after a hyphen). A new paragraph starts at:

- a first-line indent: the line starts more than 1.2 characters right of the column's left edge (or
  of the previous line, inside a paragraph), or its text starts with spaces;
- a vertical gap larger than 1.25 times the document's usual line pitch (on the same page);
- a numbering label (一、（一）1.（1）) or a bullet where the previous line ended a sentence or was
  short;
- a previous line that ended short: the first word of this line would have fitted on it (with half a
  character to spare after a sentence end, two characters otherwise);
- a change of font size, or of boldness or font family between lines each in one style;
- a table, and after a one-line numbered heading.

A hanging indent (a full first line, flush or starting with a bullet or label, that ends no
sentence, then indented lines) is one paragraph. An indented block whose lines all start as far in
is read a line at a time: in a Chinese report its lines look like paragraphs with a first-line
indent. A paragraph that runs on to the next page is one block: its origin is the page where it
starts and its box covers its lines on that page.

Tables. A ruled table stands in the flow where its top is; each non-empty cell is one block
(``table_cell``, its lines joined), row by row, with the cell's box.

Headings. A paragraph is a heading when:

- it is a short numbered line (``labels.looks_like_heading_line``): the level is the label's;
- its font is at least 1.15 times the body's size, in at most 3 lines and 80 characters;
- it is one or two lines of one style, at most 40 characters, bold (by weight, font name, or Word's
  fill-and-stroke faux bold) or in another font family than the body, and ends no sentence.

An unnumbered heading takes its level from its look (size, font family, bold): the level numbered
headings of that look have, otherwise the look's rank (larger first, then first seen first, from 1).
The document title is the first large heading near the top of the first page when no heading is
larger and only headings or short lines (附件1, a 密级) come before it: level 0, style ``title``, so
that an outline can tell it from the sections' headings at level 1.

Running headers, footers and page numbers. A line in the top or bottom 12% of a page, among its
first or last three lines, is dropped when its text with digits blanked out recurs in that band on
half the pages with text (two at least), or when it reads as a page number (``3``, ``- 3 -``,
``— 3 —``, ``第 3 页 共 9 页``, ``3/9``, ``Page 3 of 9``). A document with one page of text has
nothing to repeat: there a line in the band set clearly smaller than the body is dropped. A line set
larger than the body is never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from analyzers.document import Block, BlockKind, Origin, TableCellRef
from analyzers.labels import Label, looks_like_heading_line, parse_label

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

_SENTENCE_END = "。！？!?；;：:…"
_CLOSERS = "”’」』）)》】\"'"
_OPENERS = "“‘「『（(《【"
_BULLETS = "•●◆◇■□▪○·-*"
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–―─_·•\s]*\d{1,4}[-—–―─_·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9０-９]+")
_SPACES = re.compile(r"\s+")
_BAND = 0.12  # share of the page height where running headers and footers live
_GAP = 1.25  # a baseline this many usual line pitches below the previous one starts a paragraph
_TITLE_ZONE = 0.4  # the title sits in this top share of the first page


@dataclass(slots=True)
class Run:
    """Text shown by one operator: one font, one size, one baseline."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    font: str = ""
    bold: bool = False
    space_before: int = 0  # how many space characters the file has right before this run


@dataclass(slots=True)
class TableGrid:
    """A ruled table found on a page: its box and the box of each cell by (row, column)."""

    bbox: Box
    cells: list[tuple[int, int, Box]]


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    tables: list[TableGrid] = field(default_factory=list)
    images: int = 0
    chars: int = 0


@dataclass(slots=True)
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    bold: bool
    uniform: bool  # one font and boldness throughout
    indented_text: bool = False  # the text itself starts with spaces
    chars: int = 0


@dataclass(slots=True)
class _TableItem:
    page: int
    top: float
    grid: TableGrid
    index: int
    cell_lines: dict[tuple[int, int], list[Line]]


@dataclass(slots=True)
class _Para:
    lines: list[Line]

    @property
    def first(self) -> Line:
        return self.lines[0]


@dataclass(frozen=True, slots=True)
class _Metrics:
    body_size: float
    body_font: str
    body_bold: bool
    left: float
    right: float
    pitch: float


# --- runs -> lines -------------------------------------------------------------------------------


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _wide(ch: str) -> bool:
    """A Chinese character or full-width mark; curly quotes serve both scripts and are not."""
    return (ch >= "\u2e80" or ch in "…—") and ch not in "“”‘’"


def _spaced(a: str, b: str) -> bool:
    """Whether two pieces of text that meet across a gap are separate words: neither side is wide
    where they meet, and the gap is not just inside a quotation mark."""
    if not a or not b:
        return False
    x, y = a[-1], b[0]
    return not (_wide(x) or _wide(y)) and x not in "“‘" and y not in "”’"


def _join_runs(runs: list[Run]) -> str:
    parts = [runs[0].text]
    prev = runs[0]
    for run in runs[1:]:
        gap = run.x0 - prev.x1
        size = run.size if run.size > prev.size else prev.size
        if run.space_before and gap > -0.2 * size:
            parts.append(" " * run.space_before)
        elif gap > 0.8 * size or (gap > 0.15 * size and _spaced(parts[-1], run.text)):
            parts.append(" ")
        parts.append(run.text)
        prev = run
    return "".join(parts)


_CJK = re.compile("[\u3400-\u9fff]")
_BY_X0, _BY_BASELINE, _BY_TOP = attrgetter("x0"), attrgetter("baseline"), attrgetter("top")


def _make_line(page: int, runs: list[Run]) -> Line:
    if len(runs) == 1:  # the common case, kept cheap
        run = runs[0]
        raw, size, baseline = run.text, run.size, run.baseline
        font, bold, uniform = run.font, run.bold, True
        x0, x1 = run.x0, run.x1
    else:
        runs.sort(key=_BY_X0)
        raw = _join_runs(runs)
        x0, x1 = runs[0].x0, runs[0].x1
        size, baseline = runs[0].size, runs[0].baseline  # the largest size, the lowest baseline in it
        weights: dict[tuple[str, bool], int] = {}  # characters per (font, bold)
        cjk: dict[tuple[str, bool], None] = {}  # the styles of runs with Chinese text
        for run in runs:
            style = (run.font, run.bold)
            weights[style] = weights.get(style, 0) + len(run.text)
            if style not in cjk and _CJK.search(run.text):
                cjk[style] = None
            if run.size > size:
                size, baseline = run.size, run.baseline
            elif run.size == size and run.baseline > baseline:
                baseline = run.baseline
            if run.x1 > x1:
                x1 = run.x1
        font, bold = max(weights, key=weights.__getitem__)  # the first of the most used
        # quotation marks and digits are often set in a Latin font: style is judged on Chinese text
        styles = cjk or weights
        uniform = len(styles) == 1
        if uniform:
            font, bold = next(iter(styles))
    text = raw.strip()
    return Line(
        page,
        text,
        x0,
        x1,
        baseline - 0.88 * size,
        baseline + 0.12 * size,
        baseline,
        size,
        font,
        bold,
        uniform,
        raw[:1] == "\u3000" or raw[:2] == "  ",
        len(text),
    )


def build_lines(page: int, runs: Iterable[Run]) -> list[Line]:
    """Runs grouped into lines by baseline, lines top to bottom."""
    lines: list[Line] = []
    current: list[Run] = []
    anchor = limit = 0.0
    for run in sorted(runs, key=_BY_BASELINE):
        if current and run.baseline - anchor > 0.4 * (limit if limit < run.size else run.size):
            line = _make_line(page, current)
            if line.text:
                lines.append(line)
            current = []
        if not current:
            anchor, limit = run.baseline, run.size
        current.append(run)
    if current:
        line = _make_line(page, current)
        if line.text:
            lines.append(line)
    return lines


def join_text(a: str, b: str) -> str:
    """Two wrapped lines as one text: no space between Chinese characters, one between Latin words
    (none after a hyphen)."""
    if _spaced(a, b) and a[-1] not in "-/":
        return f"{a} {b}"
    return a + b


# --- running headers, footers, page numbers -----------------------------------------------------


def _margin_key(text: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub("", text))


def remove_margins(pages: Sequence[PageContent], lines: list[list[Line]], body_size: float) -> None:
    """Drop running headers, footers and page numbers from ``lines`` (one list per page), in place."""
    candidates: list[list[tuple[int, str]]] = []  # per page: (line index, band key)
    for page, page_lines in zip(pages, lines, strict=True):
        found: list[tuple[int, str]] = []
        n = len(page_lines)
        for i, line in enumerate(page_lines):
            if line.size > body_size * 1.1:
                continue
            if i < 3 and line.bottom < page.height * _BAND:
                found.append((i, "top:" + _margin_key(line.text)))
            elif i >= n - 3 and line.top > page.height * (1 - _BAND):
                found.append((i, "bottom:" + _margin_key(line.text)))
        candidates.append(found)
    counts = Counter(key for found in candidates for key in {k for _, k in found})
    with_text = sum(1 for page_lines in lines if page_lines)  # a scanned page repeats nothing
    repeated = max(2, (with_text + 1) // 2)
    single = with_text == 1
    for page_lines, found in zip(lines, candidates, strict=True):
        drop = {
            i
            for i, key in found
            if counts[key] >= repeated
            or _PAGE_NUMBER.match(page_lines[i].text)
            or (single and page_lines[i].size <= 0.85 * body_size)
        }
        if drop:
            page_lines[:] = [line for i, line in enumerate(page_lines) if i not in drop]


# --- document metrics ---------------------------------------------------------------------------


def _weighted_mode(values: Iterable[tuple[object, int]]) -> object:
    """The value with the largest total weight (the first seen of equals), or None."""
    weights: dict[object, int] = {}
    for value, weight in values:
        weights[value] = weights.get(value, 0) + weight
    return max(weights, key=weights.__getitem__) if weights else None


def body_size_of(lines: Iterable[Line]) -> float:
    """The size most characters are set in."""
    weights: dict[float, int] = {}
    for line in lines:
        weights[line.size] = weights.get(line.size, 0) + line.chars
    return max(weights, key=weights.__getitem__) if weights else 12.0


def _metrics(lines: list[Line], body_size: float) -> _Metrics:
    body = [line for line in lines if abs(line.size - body_size) <= 0.1 * body_size]
    if not body:
        body = lines
    font = _weighted_mode((line.font, line.chars) for line in body)
    bold = _weighted_mode((line.bold, line.chars) for line in body)
    # the column's left edge: the leftmost x where lines often start (not a stray outdented line)
    starts = Counter(round(line.x0) for line in body if not line.indented_text)
    often = max(2, len(body) // 20)
    left = min((x for x, n in starts.items() if n >= often), default=min(starts, default=0))
    x1s = sorted(line.x1 for line in body)
    right = x1s[int(0.75 * (len(x1s) - 1))] if x1s else 0.0
    pitches = sorted(
        b.baseline - a.baseline
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and 0 < b.baseline - a.baseline < 2.5 * body_size
    )
    pitch = pitches[len(pitches) // 2] if pitches else body_size * 1.5
    return _Metrics(
        body_size=body_size,
        body_font=str(font or ""),
        body_bold=bool(bold),
        left=float(left),
        right=right,
        pitch=pitch,
    )


# --- lines -> paragraphs ------------------------------------------------------------------------


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _first_token_width(text: str, size: float) -> float:
    """How wide the first unbreakable piece of ``text`` is, roughly (Latin letters are half wide)."""
    if not text:
        return 0.0
    if _is_latin(text[0]):
        n = 0
        while n < len(text) and (_is_latin(text[n]) or text[n] in ".-_%"):
            n += 1
        return n * 0.55 * size
    return (2.0 if text[0] in _OPENERS else 1.0) * size


def _is_large(line: Line, m: _Metrics) -> bool:
    return line.size >= m.body_size * 1.15


def _starts_paragraph(para: _Para, line: Line, m: _Metrics) -> bool:
    prev = para.lines[-1]
    size = max(m.body_size, line.size)
    if abs(line.size - prev.size) > 0.12 * m.body_size:
        return True
    if prev.uniform and line.uniform and (prev.bold, prev.font) != (line.bold, line.font):
        return True
    same_page = line.page == prev.page
    if same_page and line.baseline - prev.baseline > m.pitch * _GAP + (line.size - m.body_size):
        return True
    if _is_large(line, m) and _is_large(prev, m):
        # a title or heading wrapped onto a second (centred) line
        return not same_page or _ends_sentence(prev.text) or parse_label(line.text) is not None
    first_of_para = len(para.lines) == 1
    ref = m.left if first_of_para else prev.x0
    indented = line.indented_text or line.x0 - ref > 1.2 * size
    if (
        indented
        and first_of_para
        and line.x0 - prev.x0 > 0.5 * size
        and ((abs(prev.x0 - m.left) < 0.5 * size and not prev.indented_text) or _marked(prev.text))
        and not _ends_sentence(prev.text)
    ):
        # a hanging indent: a full first line, flush or starting with a bullet or label, runs on into
        # indented lines (a list item)
        indented = prev.x1 < m.right - size
    if indented:
        return True
    slack = m.right - prev.x1
    ended = _ends_sentence(prev.text)
    if (ended or slack > 2 * size) and _marked(line.text):
        return True
    need = _first_token_width(line.text, line.size) + (0.5 if ended else 2.0) * size
    return slack > need


def _marked(text: str) -> bool:
    """Whether a line starts with a bullet or a numbering label."""
    return text[:1] in _BULLETS or parse_label(text) is not None


def _paragraphs(flow: list[Line | _TableItem], m: _Metrics) -> list[_Para | _TableItem]:
    out: list[_Para | _TableItem] = []
    para: _Para | None = None
    for item in flow:
        if isinstance(item, _TableItem):
            out.append(item)
            para = None
            continue
        if para is None or _starts_paragraph(para, item, m) or _standalone(para, m):
            para = _Para([item])
            out.append(para)
        else:
            para.lines.append(item)
    return out


def _standalone(para: _Para, m: _Metrics) -> bool:
    """A one-line numbered heading takes nothing after it (a wrapped heading is one paragraph)."""
    line = para.lines[-1]
    return (
        len(para.lines) == 1
        and looks_like_heading_line(line.text) is not None
        and (_ends_sentence(line.text) or line.x1 < m.right - 2 * max(line.size, m.body_size))
    )


# --- paragraphs -> blocks -----------------------------------------------------------------------


def _text(lines: list[Line]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        text = join_text(text, line.text)
    return text


def _bbox(lines: list[Line]) -> Box:
    first = lines[0]
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for line in lines[1:]:
        if line.page == first.page:
            x0, top = min(x0, line.x0), min(top, line.top)
            x1, bottom = max(x1, line.x1), max(bottom, line.bottom)
    return (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


@dataclass(slots=True)
class _Draft:
    kind: BlockKind
    text: str
    lines: list[Line]
    label: Label | None
    size: float
    bold: bool
    level: int | None = None
    by_font: bool = False
    style: str | None = None


def _draft(para: _Para, m: _Metrics) -> _Draft:
    lines = para.lines
    text = _text(lines)
    label = parse_label(text)
    size = max(line.size for line in lines)
    uniform = all(line.uniform for line in lines) and len({(line.font, line.bold) for line in lines}) == 1
    bold = uniform and lines[0].bold
    draft = _Draft(BlockKind.PARAGRAPH, text, lines, label, round(size, 1), bold)
    heading_label = looks_like_heading_line(text) if label is not None and len(lines) <= 2 else None
    if heading_label is not None:
        draft.kind, draft.level, draft.label = BlockKind.HEADING, heading_label.level, heading_label
    elif size >= m.body_size * 1.15 and len(lines) <= 3 and len(text) <= 80:
        draft.kind, draft.by_font = BlockKind.HEADING, True
    elif (
        uniform
        and len(lines) <= 2
        and len(text) <= 40
        and not _ends_sentence(text)
        and ((bold and not m.body_bold) or lines[0].font != m.body_font)
    ):
        draft.kind, draft.by_font = BlockKind.HEADING, True
    return draft


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _assign_font_levels(drafts: list[_Draft], pages: Sequence[PageContent], m: _Metrics) -> None:
    """Levels of the headings found by their font, and the title."""
    headings = [d for d in drafts if d.kind is BlockKind.HEADING]
    font_headings = [d for d in headings if d.by_font]
    if not font_headings:
        return
    first = font_headings[0]
    if (
        first.lines[0].page == pages[0].number
        and first.lines[0].top < pages[0].height * _TITLE_ZONE
        and _size_key(first.size) == max(_size_key(d.size) for d in headings)
        and first.size >= m.body_size * 1.15
        and all(d.kind is BlockKind.HEADING or len(d.text) <= 20 for d in drafts[: drafts.index(first)])
    ):
        first.level, first.style = 0, "title"
    # a look (size, face, weight) that numbered headings use gives their level to unnumbered ones
    numbered: dict[tuple[float, str, bool], Counter[int]] = {}
    for d in headings:
        if not d.by_font and d.level is not None:
            numbered.setdefault(_look(d), Counter())[d.level] += 1
    looks: list[tuple[float, str, bool]] = []
    for d in font_headings:
        if d.level is None and _look(d) not in looks:
            looks.append(_look(d))
    looks.sort(key=lambda look: -look[0])  # larger first; a stable sort keeps first seen first
    for d in font_headings:
        if d.level is None:
            look = _look(d)
            d.level = numbered[look].most_common(1)[0][0] if look in numbered else 1 + looks.index(look)


def _look(d: _Draft) -> tuple[float, str, bool]:
    return (_size_key(d.size), d.lines[0].font, d.bold)


def _block(d: _Draft) -> Block:
    return Block(
        kind=d.kind,
        text=d.text,
        level=d.level if d.kind is BlockKind.HEADING else None,
        label=d.label.text if d.label else "",
        style=d.style,
        bold=d.bold,
        font_size=d.size,
        origin=Origin(page=d.lines[0].page, bbox=_bbox(d.lines)),
    )


def _cell_blocks(item: _TableItem) -> list[Block]:
    blocks = []
    cell_boxes = {(r, c): box for r, c, box in item.grid.cells}
    for (row, col), lines in sorted(item.cell_lines.items()):
        text = _text(lines)
        if not text:
            continue
        x0, top, x1, bottom = cell_boxes[(row, col)]
        blocks.append(
            Block(
                kind=BlockKind.TABLE_CELL,
                text=text,
                font_size=round(max(line.size for line in lines), 1),
                bold=all(line.bold for line in lines),
                origin=Origin(page=item.page, bbox=(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))),
                cell=TableCellRef(table=item.index, row=row, col=col),
            )
        )
    return blocks


# --- the whole document -------------------------------------------------------------------------


def _split_tables(page: PageContent, first_index: int) -> tuple[list[Run], list[_TableItem]]:
    """Runs outside every table, and each table with its cells' lines."""
    if not page.tables:
        return page.runs, []
    items: list[tuple[_TableItem, dict[tuple[int, int], list[Run]]]] = []
    for k, grid in enumerate(page.tables):
        item = _TableItem(page.number, grid.bbox[1], grid, first_index + k, {})
        items.append((item, {}))
    outside: list[Run] = []
    for run in page.runs:
        cx = (run.x0 + run.x1) / 2
        cy = run.baseline - 0.38 * run.size
        for item, cell_runs in items:
            x0, top, x1, bottom = item.grid.bbox
            if not (x0 <= cx <= x1 and top <= cy <= bottom):
                continue
            for row, col, (cx0, ctop, cx1, cbottom) in item.grid.cells:
                if cx0 <= cx <= cx1 and ctop <= cy <= cbottom:
                    cell_runs.setdefault((row, col), []).append(run)
                    break
            break
        else:
            outside.append(run)
    for item, cell_runs in items:
        item.cell_lines = {key: build_lines(page.number, runs) for key, runs in cell_runs.items()}
    return outside, [item for item, _ in items]


def assemble(pages: Sequence[PageContent]) -> list[Block]:
    """The blocks of a document in reading order, from its pages' runs and tables."""
    page_lines: list[list[Line]] = []
    page_tables: list[list[_TableItem]] = []
    table_count = 0
    for page in pages:
        runs, tables = _split_tables(page, table_count)
        table_count += len(tables)
        page_lines.append(build_lines(page.number, runs))
        page_tables.append(tables)
    all_lines = [line for lines in page_lines for line in lines]
    if not all_lines and not table_count:
        return []
    body_size = body_size_of(all_lines)
    remove_margins(pages, page_lines, body_size)
    all_lines = [line for lines in page_lines for line in lines]
    metrics = _metrics(all_lines, body_size_of(all_lines)) if all_lines else _metrics([], body_size)

    flow: list[Line | _TableItem] = []
    for lines, tables in zip(page_lines, page_tables, strict=True):
        items: list[Line | _TableItem] = [*lines, *tables]
        items.sort(key=_BY_TOP)
        flow.extend(items)

    drafts: list[_Draft] = []
    blocks_by_item: list[_Draft | _TableItem] = []
    for item in _paragraphs(flow, metrics):
        if isinstance(item, _TableItem):
            blocks_by_item.append(item)
        else:
            draft = _draft(item, metrics)
            drafts.append(draft)
            blocks_by_item.append(draft)
    _assign_font_levels(drafts, pages, metrics)

    blocks: list[Block] = []
    for entry in blocks_by_item:
        if isinstance(entry, _TableItem):
            blocks.extend(_cell_blocks(entry))
        else:
            blocks.append(_block(entry))
    return blocks
