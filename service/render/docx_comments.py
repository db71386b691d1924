"""The annotated .docx: the user's own Word file with a Word comment on the words of each finding.

A submitted .docx is opened with python-docx and changed only by splitting runs (each half keeps the
run's ``w:rPr``) and adding comment ranges, so its text and formatting stay as they were. Any other
input (PDF, text, a converted .doc) becomes a new .docx of the Document's blocks with the same comments.

A Block finds its ``w:p`` by ``Origin.index``, which the reader counts over every ``w:p`` of the part in
document order (text boxes and the copies in ``mc:Fallback`` included), i.e. ``iter(w:p)``. The
paragraph's text is rebuilt here as the reader builds it (tracked changes accepted, field results,
hidden text left out), and a finding's offsets, past any automatic numbering label, are offsets in it.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from analyzers.document import BlockKind, Document, SourceFormat
from analyzers.readers.docx_styles import MC_ALTERNATE, MC_CHOICE, MC_FALLBACK, on_off
from analyzers.report import Finding, Report

AUTHOR = "shuzhi"
INITIALS = "SZ"

W_P, W_R, W_T, W_RPR, W_VANISH = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:vanish")
W_FLD_CHAR, W_FLD_CHAR_TYPE = qn("w:fldChar"), qn("w:fldCharType")
W_BR, W_TYPE, W_SDT, W_SDT_CONTENT = qn("w:br"), qn("w:type"), qn("w:sdt"), qn("w:sdtContent")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# One-character run content, as the reader writes it into the text (w:br only when it breaks a line).
_SINGLE = {qn("w:tab"): "\t", qn("w:ptab"): "\t", W_BR: "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Elements whose runs are part of the paragraph's text: inline wrappers and kept tracked changes.
_WRAPPERS = frozenset(
    qn(f"w:{t}")
    for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "ruby", "rubyBase", "ins", "moveTo")
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def annotate_docx(report: Report, document: Document, original: bytes | None) -> bytes:
    """The annotated .docx: ``original`` itself when it is the .docx ``document`` was read from, else a new one."""
    word = _open_original(document, original)
    if word is not None:
        paragraphs = _locate(word, document)
    else:
        word, paragraphs = _new_docx(document)
    fallback = _first_anchorable(paragraphs, word)
    for finding in report.findings:
        _comment(word, finding, paragraphs, fallback)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# A block's paragraph and where the paragraph's own text starts in ``Block.text`` (past an automatic label).
_Located = tuple[etree._Element, int]


def _open_original(document: Document, original: bytes | None) -> WordDocument | None:
    if original is None or document.source.format is not SourceFormat.DOCX:
        return None
    if hashlib.sha256(original).hexdigest() != document.source.sha256:
        return None  # not the file the offsets were read from
    try:
        return docx.Document(io.BytesIO(original))
    except Exception:  # python-docx refuses some packages our reader accepts (.docm, odd parts): rebuild
        return None


def _locate(word: WordDocument, document: Document) -> dict[int, _Located]:
    """Block index -> its paragraph, checked by text; a block whose paragraph is not found is left out."""
    all_p = list(word.element.iter(W_P))
    # The reader never reads an mc:Fallback (it repeats a Choice): its paragraphs are never a block's.
    copies = {p for fallback in word.element.iter(MC_FALLBACK) for p in fallback.iter(W_P)}
    texts: dict[int, str | None] = {}

    def text_of(i: int) -> str | None:
        if i not in texts:
            p = all_p[i]
            texts[i] = None if p in copies else "".join(_text(x) for x in _pieces(p)).rstrip()
        return texts[i]

    found: dict[int, _Located] = {}
    for n, block in enumerate(document.blocks):
        index = block.origin.index
        if index is None:
            continue
        own = block.own_text
        if index < len(all_p) and text_of(index) == own:
            found[n] = (all_p[index], block.content_start)
            continue
        # The count disagreed (a structure the reader counts differently): the nearest paragraph of that text.
        same = [i for i in range(len(all_p)) if text_of(i) == own]
        if same:
            found[n] = (all_p[min(same, key=lambda i: abs(i - index))], block.content_start)
    return found


def _new_docx(document: Document) -> tuple[WordDocument, dict[int, _Located]]:
    """A new .docx of the blocks: headings as Word headings (0 = Title), everything else a paragraph."""
    word = docx.Document()
    found: dict[int, _Located] = {}
    for n, block in enumerate(document.blocks):
        text = _NOT_XML.sub("\ufffd", block.text)  # one character for one: offsets hold
        if block.kind is BlockKind.HEADING and block.level is not None:
            paragraph = word.add_heading(text, level=min(block.level, 9))
        else:
            paragraph = word.add_paragraph(text)
        found[n] = (paragraph._p, 0)
    return word, found


def _first_anchorable(paragraphs: dict[int, _Located], word: WordDocument) -> etree._Element | None:
    """Where a finding about the whole report goes: the first block's paragraph (the title)."""
    for n in sorted(paragraphs):
        if _pieces(paragraphs[n][0]):
            return paragraphs[n][0]
    return next((p for p in word.element.iter(W_P) if _pieces(p)), None)


def _comment(
    word: WordDocument, finding: Finding, paragraphs: dict[int, _Located], fallback: etree._Element | None
) -> None:
    """One comment: on the span's words, else on its whole paragraph, else on the title; never dropped."""
    text = finding.message + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")
    text = _NOT_XML.sub("\ufffd", text)
    runs: tuple[etree._Element, etree._Element] | None = None
    span = finding.span
    if span is not None and span.block in paragraphs:
        p, base = paragraphs[span.block]
        runs = _exact(p, span.start - base, span.end - base) or _whole(p)
    if runs is None and fallback is not None:
        runs = _whole(fallback)
    if runs is None:  # a document without a single run of text: nothing to anchor on
        return
    first, last = runs
    word.add_comment([Run(first, word), Run(last, word)], text=text, author=AUTHOR, initials=INITIALS)


# ---------------------------------------------------------------------------------------------
# A paragraph's text as runs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """One run child that gives text (a w:t, a tab, a break): ``start``/``end`` in the paragraph's text."""

    run: etree._Element
    child: etree._Element
    start: int
    end: int


def _text(piece: _Piece) -> str:
    return (piece.child.text or "") if piece.child.tag == W_T else _SINGLE[piece.child.tag]


def _pieces(p: etree._Element) -> list[_Piece]:
    """The paragraph's text-giving run children in order, read exactly as the reader reads them."""
    pieces: list[_Piece] = []
    for r, c in _text_children(p, []):
        length = len(c.text or "") if c.tag == W_T else 1
        start = pieces[-1].end if pieces else 0
        pieces.append(_Piece(r, c, start, start + length))
    return pieces


def _text_children(el: etree._Element, fields: list[bool]) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(run, child) for every child that adds text; ``fields`` holds the open complex fields (True while in
    their instruction). Text boxes and other graphics are never entered: their paragraphs are blocks of
    their own."""
    for c in el:
        tag = c.tag
        if tag == W_R:
            yield from _run_children(c, fields)
        elif tag in _WRAPPERS:
            yield from _text_children(c, fields)
        elif tag == W_SDT:
            content = c.find(W_SDT_CONTENT)
            if content is not None:
                yield from _text_children(content, fields)
        elif tag == MC_ALTERNATE:
            choice = c.find(MC_CHOICE)  # the reader reads the first Choice only
            if choice is not None:
                yield from _text_children(choice, fields)
        # w:del, w:moveFrom, w:pPr, range marks: no text


def _run_children(r: etree._Element, fields: list[bool]) -> Iterator[tuple[etree._Element, etree._Element]]:
    for c in r:
        tag = c.tag
        if tag == W_RPR:
            vanish = c.find(W_VANISH)
            if vanish is not None and on_off(vanish):
                return
        elif tag == W_T:
            if c.text and True not in fields:
                yield r, c
        elif tag == W_BR:
            if c.get(W_TYPE) in (None, "textWrapping"):
                yield r, c
        elif tag in _SINGLE:
            yield r, c
        elif tag == W_FLD_CHAR:
            kind = c.get(W_FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append(True)
            elif kind == "separate" and fields:
                fields[-1] = False
            elif kind == "end" and fields:
                fields.pop()


# ---------------------------------------------------------------------------------------------
# Anchoring
# ---------------------------------------------------------------------------------------------


def _exact(p: etree._Element, start: int, end: int) -> tuple[etree._Element, etree._Element] | None:
    """The first and last run of exactly ``[start, end)`` of the paragraph's text, splitting runs at the two
    boundaries; None when the range is not in the paragraph's own text (e.g. inside a generated label)."""
    start = max(start, 0)
    pieces = _pieces(p)
    if not pieces or start >= min(end, pieces[-1].end):
        return None
    end = min(end, pieces[-1].end)
    _cut(pieces, start)
    pieces = _pieces(p)
    _cut(pieces, end)
    pieces = _pieces(p)
    first = next((x.run for x in pieces if x.start == start), None)
    last = next((x.run for x in pieces if x.end == end), None)
    if first is None or last is None:
        return None
    return first, last


def _whole(p: etree._Element) -> tuple[etree._Element, etree._Element] | None:
    pieces = _pieces(p)
    return (pieces[0].run, pieces[-1].run) if pieces else None


def _cut(pieces: list[_Piece], offset: int) -> None:
    """Make ``offset`` a run boundary: the text before it and the text after it end up in different runs."""
    for i, piece in enumerate(pieces):
        if piece.start < offset < piece.end:  # inside a w:t: split the text, then the run
            _split_run(piece.run, _split_t(piece.child, offset - piece.start))
            return
        if piece.start == offset:
            if i and pieces[i - 1].run is piece.run:
                _split_run(piece.run, piece.child)
            return


def _split_t(t: etree._Element, at: int) -> etree._Element:
    """Split a w:t in two at character ``at``; returns the second."""
    text = t.text or ""
    second = copy.deepcopy(t)
    t.text, second.text = text[:at], text[at:]
    for half in (t, second):
        half.set(XML_SPACE, "preserve")  # a half may now begin or end with a space
    t.addnext(second)
    return second


def _split_run(r: etree._Element, first_of_second: etree._Element) -> None:
    """Split a w:r before its child ``first_of_second``; the new run gets a copy of the run's properties."""
    second = OxmlElement("w:r", attrs=dict(r.attrib))
    rpr = r.find(W_RPR)
    if rpr is not None:
        second.append(copy.deepcopy(rpr))
    children = list(r)
    for c in children[children.index(first_of_second) :]:
        second.append(c)  # moves it
    r.addnext(second)
