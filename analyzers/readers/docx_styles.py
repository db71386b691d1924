"""styles.xml for the .docx reader: style names, heading levels, bold, font size and numbering by style.

Also home to what the three docx modules share: tag names, the safe XML parser and ``PartIndex``.

Speed matters here (the reader is benchmarked against a bare ``zipfile`` + ``lxml`` pass over the
main part). A styles.xml is mostly styles a document never uses — python-docx's template carries 164
of them in 430 KB, five times the parse time of a whole report — so ``PartIndex`` finds each
``<w:style>`` with a byte search and parses only the ones a paragraph asks for (and their
``w:basedOn`` chain); the reader inflates the part only as far as those searches go (``more``).
A part that does not use the ``w:`` prefix is parsed whole instead.

Word stores a style's *name* in English for built-in styles even in a Chinese Word ("heading 1",
with ids like ``1`` or ``a3``); WPS and LibreOffice may write "标题 1" or a custom name carrying only
``w:outlineLvl``. A heading level therefore comes from the nearest style in the ``w:basedOn`` chain
that has either an outline level or a heading name.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(local: str) -> str:
    return f"{{{W}}}{local}"


W_VAL = w("val")
W_STYLE = w("style")
W_STYLE_ID = w("styleId")
W_TYPE = w("type")
W_DEFAULT = w("default")
W_NAME = w("name")
W_BASED_ON = w("basedOn")
W_PPR = w("pPr")
W_RPR = w("rPr")
W_OUTLINE_LVL = w("outlineLvl")
W_NUM_PR = w("numPr")
W_NUM_ID = w("numId")
W_ILVL = w("ilvl")
W_B = w("b")
W_SZ = w("sz")
W_DOC_DEFAULTS = w("docDefaults")
W_RPR_DEFAULT = w("rPrDefault")
MC_ALTERNATE = f"{{{MC}}}AlternateContent"
MC_CHOICE = f"{{{MC}}}Choice"
MC_FALLBACK = f"{{{MC}}}Fallback"

_OFF = frozenset(("0", "false", "off", "none"))
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)

_local = threading.local()


def parser() -> etree.XMLParser:
    """A parser that loads no DTD, fetches nothing and keeps entity references unexpanded in the text
    (lxml parsers are per thread). libxml2 still expands internal entities inside attribute values,
    within its amplification limit; ``parse_xml`` refuses a part that declares a DTD at all."""
    p = getattr(_local, "parser", None)
    if p is None:
        p = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
        )
        _local.parser = p
    return p


class DoctypeError(ValueError):
    """A part with a ``<!DOCTYPE``: OPC forbids DTDs in package parts and Office never writes one, so it
    is a crafted file (external entities, entity expansion bombs)."""


def parse_xml(data: bytes) -> etree._Element:
    """Parse one part (``etree.XMLSyntaxError`` on malformed XML, ``DoctypeError`` on a DTD); Strict OOXML
    is read as transitional."""
    if b"purl.oclc.org/ooxml/wordprocessingml/main" in data[:4096]:
        data = data.replace(W_STRICT.encode(), W.encode())
    root = etree.fromstring(data, parser())
    if root.getroottree().docinfo.doctype:
        raise DoctypeError("the part declares a DTD")
    return root


def on_off(element: etree._Element) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    value = element.get(W_VAL)
    return value is None or value.lower() not in _OFF


def child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child with ``tag`` (a loop over children beats ``find`` on small elements)."""
    if element is not None:
        for c in element:
            if c.tag == tag:
                return c
    return None


def val(element: etree._Element | None) -> str | None:
    return element.get(W_VAL) if element is not None else None


def int_val(element: etree._Element | None, default: int | None = None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get(W_VAL, ""))
    except ValueError:
        return default


# Below this size a part is parsed whole: it then costs less to parse at once than to index and parse
# piece by piece (measured on numbering.xml: 1.8 KB about even, 5.5 KB twice as fast indexed).
WHOLE_PARSE_BYTES = 4 * 1024
_TAG_END = frozenset((b" ", b">", b"/", b"\t", b"\n", b"\r"))
_PLAIN_KEY = re.compile(r"[^&<>\"']*")  # an id written as is in the part
_ID_ATTR = re.compile(rb"""\bw:(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class PartIndex:
    """Top-level elements of a part (``w:style``, ``w:num``, ...) by id, each read when first asked for.

    Indexed mode (a part over ``whole_below`` bytes that uses the ``w:`` prefix): nothing is parsed up
    front; an element is found by searching the bytes for its id attribute as Word writes it
    (`` w:styleId="1"``), falling back to one scan over all elements of that kind for any other
    spelling. ``element_bytes`` gives an element's source, ``get`` parses it alone. Otherwise the
    part is parsed whole and ``get`` returns its child (``element_bytes`` is then None).

    ``more``, when given, returns the next piece of a part that is inflated as searches need it
    (``b""`` at its end): a search grows the bytes only until it finds what it looks for, so the 300 KB
    of styles a template carries after the few a document uses are never inflated.
    """

    def __init__(
        self,
        data: bytes | None,
        root: str,
        kinds: dict[str, str],
        *,
        whole_below: int = WHOLE_PARSE_BYTES,
        more: Callable[[], bytes] | None = None,
    ) -> None:
        """``kinds`` maps an element's local name to its id attribute, e.g. ``{"style": "styleId"}``."""
        self._kinds = kinds
        self._root_start = b""
        self._root_end = f"</w:{root}>".encode()
        self._spans: dict[str, dict[str, tuple[int, int]]] = {k: {} for k in kinds}
        self._heads: dict[str, dict[str, bytes]] = {k: {} for k in kinds}  # id -> start tag's attributes
        self._scanned: set[str] = set()
        self._parsed: dict[tuple[str, str], etree._Element | None] = {}
        self._data = data or b""
        self._more = more
        self._root: etree._Element | None = None  # when parsed whole
        self.broken = False
        if not data:
            return
        if b"purl.oclc.org/ooxml/wordprocessingml/main" in data[:4096]:
            self._grow_all()
            self._data = data = self._data.replace(W_STRICT.encode(), W.encode())
        match = re.search(rf"<w:{root}[\s>]".encode(), data[:65536]) if len(data) > whole_below or more else None
        gt = data.find(b">", match.end() - 1) if match else -1
        if match is None or gt < 0 or data[gt - 1 : gt] == b"/":
            self._grow_all()
            self._parse_whole(kinds)
            return
        self._root_start = data[match.start() : gt + 1]

    @property
    def indexed(self) -> bool:
        return bool(self._root_start)

    def _grow(self) -> bool:
        """Inflate the next piece of the part; False at its end (or when it turns out damaged)."""
        if self._more is None:
            return False
        try:
            piece = self._more()
        except (zlib.error, ValueError, OSError):
            piece = b""
            self.broken = True
        if not piece:
            self._more = None
            return False
        self._data += piece
        return True

    def _grow_all(self) -> None:
        while self._grow():
            pass

    def _find(self, needle: bytes, start: int = 0) -> int:
        """``bytes.find`` over the whole part, inflating it only as far as the first match."""
        pos = self._data.find(needle, start)
        while pos < 0:
            searched = max(start, len(self._data) - len(needle) + 1)
            if not self._grow():
                return -1
            pos = self._data.find(needle, searched)
        return pos

    def _element_at(self, local: str, lt: int) -> tuple[int, bytes] | None:
        """(end, start tag attributes) of the ``<w:local>`` element starting at ``lt``, if one does."""
        start_tag = f"<w:{local}".encode()
        after = lt + len(start_tag)
        if not self._data.startswith(start_tag, lt) or self._data[after : after + 1] not in _TAG_END:
            return None
        gt = self._find(b">", after)
        data = self._data
        if gt < 0:
            self.broken = True
            return None
        head = data[after:gt]
        if head.endswith(b"/"):
            return gt + 1, head
        end_tag = f"</w:{local}>".encode()
        end = self._find(end_tag, gt)
        if end < 0:
            self.broken = True
            return None
        return end + len(end_tag), head

    def _remember(self, local: str, key: str, start: int, end: int, head: bytes) -> None:
        if key not in self._spans[local]:
            self._spans[local][key] = (start, end)
            self._heads[local][key] = head

    def _locate(self, local: str, key: str) -> tuple[int, int] | None:
        span = self._spans[local].get(key)
        if span is not None or local in self._scanned or not self._root_start:
            return span
        if _PLAIN_KEY.fullmatch(key):
            quick = f' w:{self._kinds[local]}="{key}"'.encode()
            pos = self._find(quick)
            while pos >= 0:
                lt = self._data.rfind(b"<", 0, pos)
                found = self._element_at(local, lt)
                if found is not None:
                    end, head = found
                    self._remember(local, key, lt, end, head)
                    return lt, end
                pos = self._find(quick, pos + 1)
        self._scan(local)
        return self._spans[local].get(key)

    def _scan(self, local: str) -> None:
        """Find every ``<w:local ...>`` element (the slow path, once per kind)."""
        self._scanned.add(local)
        self._grow_all()
        data = self._data
        start_tag = f"<w:{local}".encode()
        pos = data.find(start_tag)
        while pos >= 0:
            found = self._element_at(local, pos)
            if found is None:
                pos = data.find(start_tag, pos + len(start_tag))
                continue
            end, head = found
            key = head_attr(head, self._kinds[local])
            if key is not None:
                self._remember(local, key, pos, end, head)
            pos = data.find(start_tag, end)

    def iter_with(self, local: str, attr: str, values: tuple[str, ...]) -> Iterator[str]:
        """Ids of the elements whose start tag has ``w:attr`` set to one of ``values`` (the default style),
        in document order, found as they are asked for."""
        if not self._root_start:
            for (kind, key), el in self._parsed.items():
                if kind == local and el is not None and el.get(w(attr)) in values:
                    yield key
            return
        quick = re.compile(rf' w:{attr}="(?:{"|".join(map(re.escape, values))})"'.encode())
        found = False
        searched = 0
        while True:
            match = quick.search(self._data, searched)
            if match is None:
                searched = max(searched, len(self._data) - 64)
                if self._grow():
                    continue
                break
            searched = match.end()
            lt = self._data.rfind(b"<", 0, match.start())
            element = self._element_at(local, lt)
            key = head_attr(element[1], self._kinds[local]) if element is not None else None
            if element is not None and key is not None:
                self._remember(local, key, lt, element[0], element[1])
                found = True
                yield key
        if not found and f"w:{attr}".encode() in self._data:  # spelt another way: look at every element
            self._scan(local)
            yield from (k for k, head in self._heads[local].items() if head_attr(head, attr) in values)

    def _parse_whole(self, kinds: dict[str, str]) -> None:
        try:
            self._root = root = parse_xml(self._data)
        except (etree.XMLSyntaxError, DoctypeError):
            self.broken = True
            return
        for element in root:
            tag = element.tag
            if not isinstance(tag, str) or not tag.startswith(f"{{{W}}}"):
                continue
            local = tag[len(W) + 2 :]
            if local in kinds:
                key = element.get(w(kinds[local]))
                if key is not None and (local, key) not in self._parsed:
                    self._parsed[(local, key)] = element

    def attr(self, local: str, key: str, name: str) -> str | None:
        """An attribute of the element's start tag, without parsing the element."""
        if self._root_start:
            head = self._heads[local].get(key) if self._locate(local, key) is not None else None
            return head_attr(head, name) if head is not None and name.encode() in head else None
        element = self._parsed.get((local, key))
        return element.get(w(name)) if element is not None else None

    def element_bytes(self, local: str, key: str) -> bytes | None:
        """The element's source (indexed mode only)."""
        span = self._locate(local, key)
        return self._data[span[0] : span[1]] if span is not None else None

    def get(self, local: str, key: str) -> etree._Element | None:
        found = self._parsed.get((local, key), False)
        if found is not False:
            return found  # type: ignore[return-value]
        if not self._root_start:
            return None
        element = None
        source = self.element_bytes(local, key)
        if source is not None:
            try:
                element = etree.fromstring(self._root_start + source + self._root_end, parser())[0]
            except (etree.XMLSyntaxError, IndexError):
                self.broken = True
        self._parsed[(local, key)] = element
        return element

    def section(self, start_tag: bytes, end_tag: bytes, before: bytes | None = None) -> bytes | None:
        """The source from the first ``start_tag`` to the ``end_tag`` after it (indexed mode only); when
        ``before`` is given, a ``start_tag`` after the first ``before`` does not count (nor is searched for)."""
        if not self._root_start:
            return None
        limit = self._find(before) if before is not None else -1
        start = self._data.find(start_tag, 0, limit) if limit >= 0 else self._find(start_tag)
        end = self._find(end_tag, start) if start >= 0 else -1
        return self._data[start : end + len(end_tag)] if end >= 0 else None

    def fragment(self, local: str) -> etree._Element | None:
        """The first ``<w:local>`` element (e.g. ``w:docDefaults``), parsed on its own in indexed mode."""
        if not self._root_start:
            return child(self._root, w(local))
        source = self.section(f"<w:{local}".encode(), f"</w:{local}>".encode())
        if source is None:
            return None
        try:
            return etree.fromstring(self._root_start + source + self._root_end, parser())[0]
        except (etree.XMLSyntaxError, IndexError):
            self.broken = True
            return None


def head_attr(head: bytes, name: str) -> str | None:
    """An attribute (``w:`` prefix) of a start tag's attribute bytes."""
    wanted = name.encode()
    for attr in _ID_ATTR.finditer(head):
        if attr.group(1) == wanted:
            return _text(attr.group(2) if attr.group(2) is not None else attr.group(3))
    return None


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return _unescape(text) if "&" in text else text


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """A paragraph style with its ``w:basedOn`` chain resolved."""

    id: str | None
    name: str | None
    level: int | None  # heading level (1-based) from a heading name or an outline level
    num_id: str | None  # numbering attached to the style (WPS/Word "linked to heading" lists)
    ilvl: int | None
    num_owner: str | None  # the style in the chain that carries the numPr
    bold: bool
    size: float | None  # points
    toc: bool  # a table-of-contents entry style: never a heading
    title: bool  # the Title style ("Title", "标题"): the document title
    subtitle: bool  # the Subtitle style ("Subtitle", "副标题")


@dataclass(slots=True)
class _Raw:
    name: str | None
    based_on: str | None
    outline: int | None
    has_numpr: bool
    num_id: str | None
    ilvl: int | None
    bold: bool | None
    size: float | None


_RE_CHANGES = re.compile(rb"<w:(pPr|rPr)Change\b.*?</w:\1Change>", re.DOTALL)
_MISSING = object()


def _val_re(local: str) -> re.Pattern[bytes]:
    return re.compile(rf"""<w:{local}(?=[\s/>])(?:\s+w:val\s*=\s*(?:"([^"]*)"|'([^']*)'))?""".encode())


# (quick form as Word writes it, regex for any other spelling)
_PROPS = {
    local: (f'<w:{local} w:val="'.encode(), f"<w:{local}".encode(), _val_re(local))
    for local in ("name", "basedOn", "outlineLvl", "numId", "ilvl", "sz", "b")
}


def _prop(source: bytes, local: str) -> bytes | None | object:
    """The ``w:val`` of the first ``<w:local>`` in ``source``: bytes, None (no w:val), or ``_MISSING``."""
    quick, tag, pattern = _PROPS[local]
    i = source.find(quick)
    if i >= 0:
        i += len(quick)
        return source[i : source.find(b'"', i)]
    if tag not in source:
        return _MISSING
    m = pattern.search(source)
    if m is None:
        return _MISSING
    return m.group(1) if m.group(1) is not None else m.group(2)


def _prop_text(source: bytes, local: str) -> str | None:
    value = _prop(source, local)
    return _text(value) if isinstance(value, bytes) else None


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _raw_from_bytes(source: bytes) -> _Raw:
    """A style's own properties read straight from its source: all of them are flat ``w:val`` elements
    (``w:b`` and ``w:sz`` only occur in its ``w:rPr``, ``w:outlineLvl`` and ``w:numPr`` in its ``w:pPr``)."""
    if b"Change" in source:  # tracked formatting changes hold the *old* properties
        source = _RE_CHANGES.sub(b"", source)
    bold = None
    value = None if b"<w:b/>" in source else _prop(source, "b")
    if value is not _MISSING:
        bold = value is None or value.decode("ascii", "replace").lower() not in _OFF  # type: ignore[union-attr]
    half = _int_or_none(_prop_text(source, "sz"))
    has_numpr = b"<w:numPr" in source
    return _Raw(
        name=_prop_text(source, "name"),
        based_on=_prop_text(source, "basedOn"),
        outline=_int_or_none(_prop_text(source, "outlineLvl")),
        has_numpr=has_numpr,
        num_id=_prop_text(source, "numId") if has_numpr else None,
        ilvl=_int_or_none(_prop_text(source, "ilvl")) if has_numpr else None,
        bold=bold,
        size=half / 2 if half else None,
    )


class Styles:
    def __init__(self, data: bytes | None, more: Callable[[], bytes] | None = None) -> None:
        # Styles are read from their bytes (see ``_raw_from_bytes``) whatever the part's size; only a
        # part that does not use the w: prefix is parsed with lxml. ``more``: see ``PartIndex``.
        self._index = PartIndex(data, "styles", {"style": "styleId"}, whole_below=0, more=more)
        self._raw: dict[str, _Raw | None] = {}
        self._para: dict[str | None, ParaStyle] = {}
        self._char: dict[str, tuple[bool | None, float | None]] = {}
        self.default_para: str | None = None
        index = self._index
        for style_id in index.iter_with("style", "default", ("1", "true", "on")):
            if (index.attr("style", style_id, "type") or "paragraph") == "paragraph":
                self.default_para = style_id
                break
        self.default_bold = False
        self.default_size: float | None = None
        if index.indexed:
            # w:docDefaults comes before the first w:style (the schema's order)
            source = index.section(b"<w:rPrDefault", b"</w:rPrDefault>", before=b"<w:style ")
            if source:
                raw = _raw_from_bytes(source)
                self.default_bold, self.default_size = bool(raw.bold), raw.size
        else:
            rpr = child(child(index.fragment("docDefaults"), W_RPR_DEFAULT), W_RPR)
            if rpr is not None:
                bold, size = _run_props(rpr)
                self.default_bold, self.default_size = bool(bold), size

    @property
    def broken(self) -> bool:
        return self._index.broken

    def raw(self, style_id: str) -> _Raw | None:
        if style_id in self._raw:
            return self._raw[style_id]
        raw = None
        if self._index.indexed:
            source = self._index.element_bytes("style", style_id)
            if source is not None:
                raw = _raw_from_bytes(source)
            self._raw[style_id] = raw
            return raw
        element = self._index.get("style", style_id)
        if element is not None:
            ppr = child(element, W_PPR)
            numpr = child(ppr, W_NUM_PR)
            bold, size = _run_props(child(element, W_RPR))
            name_el = child(element, W_NAME)
            based = child(element, W_BASED_ON)
            raw = _Raw(
                name=val(name_el),
                based_on=val(based),
                outline=int_val(child(ppr, W_OUTLINE_LVL)),
                has_numpr=numpr is not None,
                num_id=val(child(numpr, W_NUM_ID)),
                ilvl=int_val(child(numpr, W_ILVL)),
                bold=bold,
                size=size,
            )
        self._raw[style_id] = raw
        return raw

    def _chain(self, style_id: str | None) -> list[tuple[str, _Raw]]:
        chain: list[tuple[str, _Raw]] = []
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(chain) < 32:
            seen.add(style_id)
            raw = self.raw(style_id)
            if raw is None:
                break
            chain.append((style_id, raw))
            style_id = raw.based_on
        return chain

    def para(self, style_id: str | None) -> ParaStyle:
        """The resolved paragraph style (the default paragraph style when ``style_id`` is None or unknown)."""
        cached = self._para.get(style_id)
        if cached is not None:
            return cached
        chain = self._chain(style_id) if style_id is not None else []
        if not chain and self.default_para is not None and style_id != self.default_para:
            chain = self._chain(self.default_para)
        level = None
        outline_done = False
        num_id = ilvl = owner = None
        numbering_done = False
        bold = size = None
        for sid, raw in chain:
            if not outline_done:
                if raw.outline is not None:
                    level = raw.outline + 1 if 0 <= raw.outline <= 8 else None
                    outline_done = True
                elif raw.name and (m := _HEADING_NAME.match(raw.name.strip())):
                    level = int(m.group(1))
                    outline_done = True
            if not numbering_done and raw.has_numpr:
                num_id, ilvl, owner = raw.num_id, raw.ilvl, sid
                numbering_done = True
            if bold is None:
                bold = raw.bold
            if size is None:
                size = raw.size
        name = chain[0][1].name if chain else None
        plain_name = (name or "").strip().lower()
        resolved = ParaStyle(
            id=chain[0][0] if chain else None,
            name=name,
            level=level,
            num_id=num_id,
            ilvl=ilvl,
            num_owner=owner,
            bold=self.default_bold if bold is None else bold,
            size=self.default_size if size is None else size,
            toc=bool(_TOC_NAME.match(plain_name)),
            title=plain_name in ("title", "标题"),
            subtitle=plain_name in ("subtitle", "副标题"),
        )
        self._para[style_id] = resolved
        return resolved

    def char(self, style_id: str) -> tuple[bool | None, float | None]:
        """Bold and size a character style sets (None: not set anywhere in its chain)."""
        cached = self._char.get(style_id)
        if cached is not None:
            return cached
        bold = size = None
        for _sid, raw in self._chain(style_id):
            if bold is None:
                bold = raw.bold
            if size is None:
                size = raw.size
        self._char[style_id] = (bold, size)
        return bold, size

    def numbering_style_num(self, style_id: str) -> str | None:
        """For ``w:numStyleLink``: the numId a numbering style points at."""
        for _sid, raw in self._chain(style_id):
            if raw.has_numpr and raw.num_id is not None:
                return raw.num_id
        return None


def _run_props(rpr: etree._Element | None) -> tuple[bool | None, float | None]:
    bold = size = None
    if rpr is not None:
        for c in rpr:
            tag = c.tag
            if tag == W_B:
                bold = on_off(c)
            elif tag == W_SZ:
                half = int_val(c)
                if half is not None and half > 0:
                    size = half / 2
    return bold, size
