"""Word automatic numbering: rebuild the label Word draws in front of a paragraph from numbering.xml.

A numbered paragraph carries ``w:numPr`` (``w:numId`` + ``w:ilvl``) itself or inherits it from its
paragraph style; ``w:num`` points at a ``w:abstractNum`` whose ``w:lvl`` elements say how each level
is counted (``w:start``, ``w:numFmt``, ``w:lvlRestart``) and drawn (``w:lvlText`` with ``%1``..``%9``
placeholders, ``w:isLgl``, ``w:suff``).

Counting rules implemented here:

- counters belong to the abstractNum, so two ``w:num`` sharing one continue each other's count; a
  ``w:num`` with a ``w:startOverride`` is a restarted list with counters of its own;
- using a level resets the deeper levels, unless their ``w:lvlRestart`` says otherwise (0 = never);
- a ``w:lvlOverride`` may also replace a level's definition (``w:lvl`` inside it);
- ``w:numStyleLink`` sends an abstractNum to the list style's numbering (``w:styleLink`` side);
- ``numId`` 0 means "numbering removed" (the caller handles that).

The label's separator (``w:suff``: tab by default, space, nothing) is rendered as follows: a label
that ends in punctuation (``一、`` ``（一）`` ``1.``) is followed directly by the text; any other label
(``第一章``, ``1``) gets a single space, which is part of ``AutoLabel.text`` so that
``Block.content_start`` still points at the paragraph's own text. ``w:suff="nothing"`` adds none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from lxml import etree

from analyzers.readers.docx_styles import (
    MC_ALTERNATE,
    MC_FALLBACK,
    W_VAL,
    PartIndex,
    Styles,
    child,
    int_val,
    on_off,
    val,
    w,
)
from analyzers.text import to_chinese_number

W_ABSTRACT_NUM_ID = w("abstractNumId")
W_LVL = w("lvl")
W_ILVL_ATTR = w("ilvl")
W_START = w("start")
W_NUM_FMT = w("numFmt")
W_FORMAT = w("format")
W_LVL_RESTART = w("lvlRestart")
W_PSTYLE = w("pStyle")
W_IS_LGL = w("isLgl")
W_SUFF = w("suff")
W_LVL_TEXT = w("lvlText")
W_LVL_OVERRIDE = w("lvlOverride")
W_START_OVERRIDE = w("startOverride")
W_NUM_STYLE_LINK = w("numStyleLink")

LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")

# ---------------------------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_UNITS = ("", "十", "百", "千")
_CN_BIG = ("", "万", "亿")
_LEGAL_SIMPLIFIED = ("零壹贰叁肆伍陆柒捌玖", ("", "拾", "佰", "仟"), ("", "万", "亿"))
_LEGAL_TRADITIONAL = ("零壹貳參肆伍陸柒捌玖", ("", "拾", "佰", "仟"), ("", "萬", "億"))
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_CHINESE_COUNTING = frozenset(
    ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand")
)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _section(n: int, digits: str, units: tuple[str, ...], zero: str, japanese: bool) -> str:
    """0 < n < 10000 in Chinese counting, with 零 for inner gaps (一百零五) unless ``japanese``."""
    out: list[str] = []
    gap = False
    for pos in (3, 2, 1, 0):
        d = n // 10**pos % 10
        if d == 0:
            gap = bool(out)
            continue
        if gap and not japanese:
            out.append(zero)
        gap = False
        out.append(units[pos] if japanese and d == 1 and pos else digits[d] + units[pos])
    return "".join(out)


def chinese_counting(
    n: int,
    digits: str = _CN_DIGITS,
    units: tuple[str, ...] = _CN_UNITS,
    big: tuple[str, ...] = _CN_BIG,
    *,
    zero: str = "零",
    short_ten: bool = True,
    japanese: bool = False,
) -> str:
    """Chinese counting with other digit sets: the legal forms (壹拾, ``short_ten=False``) and Japanese.

    1 -> 一, 10 -> 十, 11 -> 十一, 105 -> 一百零五; ``japanese``: 105 -> 百五, no 零, no leading 一 before
    十/百/千. ``chineseCounting`` itself uses ``analyzers.text.to_chinese_number`` (the same result).
    """
    if n <= 0 or n >= 10**12:
        return digits[0] if n == 0 else str(n)
    groups = []
    rest = n
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    out: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        if out and not japanese and (groups[i + 1] == 0 or g < 1000):
            out.append(zero)
        out.append(_section(g, digits, units, zero, japanese) + big[i])
    text = "".join(out)
    if short_ten and not japanese and text.startswith(digits[1] + units[1]):
        text = text[1:]
    return text


_MAX_LETTERS = 26 * 30  # a..z, aa..zz, … 30 letters: past it the number itself (w:start may be 2**31)


def _letters(n: int, base: str) -> str:
    if not 0 < n <= _MAX_LETTERS:
        return str(n)
    return chr(ord(base) + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _chinese_number(n: int) -> str:
    """``to_chinese_number`` where it can write ``n`` (|n| < 10**16), else the digits (w:start is any integer)."""
    return to_chinese_number(n) if -(10**16) < n < 10**16 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _enclosed_circle(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def _in_range(n: int, first: int, last: int, base: int) -> str:
    return chr(base + n - first) if first <= n <= last else str(n)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _custom(n: int, pattern: str | None) -> str:
    """``w:numFmt w:val="custom" w:format="01, 02, 03, ..."`` (Word 2013+): the first item tells the style."""
    first = (pattern or "").split(",")[0].strip()
    if first.isdigit() and first.startswith("0"):
        return str(n).zfill(len(first))
    if first == "一":
        return _chinese_number(n)
    if first == "壹":
        return chinese_counting(n, *_LEGAL_SIMPLIFIED, short_ten=False)
    return str(n)


def format_number(n: int, fmt: str, pattern: str | None = None) -> str:
    """One counter value in a Word ``w:numFmt`` (unknown formats fall back to decimal)."""
    if fmt == "decimal":
        return str(n)
    if fmt in _CHINESE_COUNTING:
        return _chinese_number(n)
    if fmt in ("japaneseCounting", "koreanCounting", "japaneseLegal"):
        return chinese_counting(n, japanese=True)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, *_LEGAL_SIMPLIFIED, short_ten=False)
    if fmt == "ideographLegalTraditional":
        return chinese_counting(n, *_LEGAL_TRADITIONAL, short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "ideographZodiacTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10] + _EARTHLY_BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed_circle(n)
    if fmt == "decimalEnclosedFullstop":
        return _in_range(n, 1, 20, 0x2488)
    if fmt == "decimalEnclosedParen":
        return _in_range(n, 1, 20, 0x2474)
    if fmt == "ideographEnclosedCircle":
        return _in_range(n, 1, 10, 0x3220)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULLWIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "lowerLetter":
        return _letters(n, "a")
    if fmt == "upperLetter":
        return _letters(n, "A")
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "ordinal":
        return _ordinal(n)
    if fmt == "custom":
        return _custom(n, pattern)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


# ---------------------------------------------------------------------------------------------
# numbering.xml
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str
    restart: int | None  # w:lvlRestart (1-based level index, 0 = never); None = after any higher level
    is_lgl: bool
    suff: str
    pstyle: str | None
    pattern: str | None = None  # w:format of a custom numFmt
    pieces: tuple[str | int, ...] = ()  # ``text`` split into literals and 0-based level indexes


def _pieces(text: str) -> tuple[str | int, ...]:
    """The lvlText cut once, rendered many times: "%1.%2、" -> (0, ".", 1, "、")."""
    out: list[str | int] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        out.append(int(m.group(1)) - 1)
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return tuple(out)


_FORMATTED: dict[tuple[int, str, str | None], str] = {}


def _formatted(n: int, fmt: str, pattern: str | None) -> str:
    key = (n, fmt, pattern)
    text = _FORMATTED.get(key)
    if text is None:
        text = format_number(n, fmt, pattern)
        if len(_FORMATTED) < 4096:
            _FORMATTED[key] = text
    return text


@dataclass(frozen=True, slots=True)
class AutoLabel:
    text: str  # the label as drawn, with its separator ("" for bullets and numFmt none)
    bullet: bool
    ilvl: int


_Lvls = tuple[etree._Element | None, ...]  # the w:lvl element of each of the nine levels
_Abstract = tuple[str, _Lvls]  # (abstractNumId that holds the levels, its w:lvl elements)


@dataclass(slots=True)
class _NumDef:
    """One w:num: its counters' key, its w:lvl elements (overrides applied), ``startOverride`` values, and
    each level as parsed when first used (a list uses two or three of its nine)."""

    key: tuple[str, str]
    lvls: _Lvls
    starts: dict[int, int]
    parsed: list[Level | None | bool]  # False: not parsed yet

    def level(self, i: int) -> Level | None:
        level = self.parsed[i]
        if level is False:
            lvl = self.lvls[i]
            level = _parse_level(lvl) if lvl is not None else None
            if level is not None and i in self.starts:
                level = replace(level, start=self.starts[i])
            self.parsed[i] = level
        return level  # type: ignore[return-value]


def _start(value: int | None) -> int:
    """A list's start value, within a 32-bit integer as Word keeps it (the schema allows any integer, and a
    4,000-digit one would be drawn in front of every paragraph of the list)."""
    return max(-(2**31), min(value or 0, 2**31 - 1))


def _parse_level(lvl: etree._Element) -> Level:
    start, fmt, text, suff = 0, "decimal", "", "tab"
    restart: int | None = None
    pstyle: str | None = None
    pattern: str | None = None
    is_lgl = False
    fmt_seen = False
    for c in lvl:
        tag = c.tag
        if tag == W_START:
            start = _start(int_val(c, 0))
        elif tag == W_NUM_FMT:
            fmt, pattern, fmt_seen = c.get(W_VAL, "decimal"), c.get(W_FORMAT), True
        elif tag == MC_ALTERNATE and not fmt_seen:
            # Word 2013 writes custom formats as Choice(custom) + Fallback(standard): take the fallback.
            numfmt = child(child(c, MC_FALLBACK), W_NUM_FMT)
            if numfmt is None:
                for choice in c:
                    numfmt = child(choice, W_NUM_FMT)
                    if numfmt is not None:
                        break
            if numfmt is not None:
                fmt, pattern = numfmt.get(W_VAL, "decimal"), numfmt.get(W_FORMAT)
        elif tag == W_LVL_RESTART:
            restart = int_val(c)
        elif tag == W_PSTYLE:
            pstyle = c.get(W_VAL)
        elif tag == W_IS_LGL:
            is_lgl = on_off(c)
        elif tag == W_SUFF:
            suff = c.get(W_VAL, "tab")
        elif tag == W_LVL_TEXT:
            text = c.get(W_VAL) or ""
    return Level(start, fmt, text, restart, is_lgl, suff, pstyle, pattern, _pieces(text))


def _ends_in_punctuation(text: str) -> bool:
    last = text[-1]
    return last.isspace() or unicodedata.category(last)[0] == "P"


class Numbering:
    """numbering.xml of one document, with the running counters of its lists (one instance per read).

    Nothing is parsed until a paragraph asks for a label (many documents carry a numbering part they
    never use), and then only the lists and levels it uses."""

    def __init__(self, data: bytes | None, styles: Styles) -> None:
        self._data = data
        self._part: PartIndex | None = None
        self._styles = styles
        self._abstracts: dict[str, _Abstract | None] = {}
        self._defs: dict[str, _NumDef | None] = {}
        self._counters: dict[tuple[str, str], list[int | None]] = {}

    @property
    def _index(self) -> PartIndex:
        if self._part is None:
            self._part = PartIndex(self._data, "numbering", {"abstractNum": "abstractNumId", "num": "numId"})
        return self._part

    @property
    def broken(self) -> bool:
        return self._part is not None and self._part.broken

    def _abstract(self, abstract_id: str | None, depth: int = 0) -> _Abstract | None:
        if abstract_id is None:
            return None
        if abstract_id in self._abstracts:
            return self._abstracts[abstract_id]
        element = self._index.get("abstractNum", abstract_id)
        result = None
        if element is not None:
            link = child(element, W_NUM_STYLE_LINK)
            if link is not None and depth < 4:
                # A list that uses a list style: the levels live in the abstractNum of the style's w:num.
                num_id = self._styles.numbering_style_num(link.get(W_VAL, ""))
                target = val(child(self._index.get("num", num_id), W_ABSTRACT_NUM_ID)) if num_id else None
                if target is not None and target != abstract_id:
                    result = self._abstract(target, depth + 1)
            if result is None:
                lvls: list[etree._Element | None] = [None] * LEVELS
                for lvl in element:
                    if lvl.tag == W_LVL:
                        i = _int(lvl.get(W_ILVL_ATTR))
                        if i is not None and 0 <= i < LEVELS and lvls[i] is None:
                            lvls[i] = lvl
                result = (abstract_id, tuple(lvls))
        self._abstracts[abstract_id] = result
        return result

    def _def(self, num_id: str) -> _NumDef | None:
        if num_id in self._defs:
            return self._defs[num_id]
        element = self._index.get("num", num_id)
        result = None
        if element is not None:
            abstract = self._abstract(val(child(element, W_ABSTRACT_NUM_ID)))
            if abstract is not None:
                abstract_id, abstract_lvls = abstract
                lvls = list(abstract_lvls)
                starts: dict[int, int] = {}
                for override in element:
                    if override.tag != W_LVL_OVERRIDE:
                        continue
                    i = _int(override.get(W_ILVL_ATTR))
                    if i is None or not 0 <= i < LEVELS:
                        continue
                    start = None
                    for c in override:
                        if c.tag == W_START_OVERRIDE:
                            start = _start(int_val(c, 0))
                        elif c.tag == W_LVL:
                            lvls[i] = c
                    if start is not None and lvls[i] is not None:
                        starts[i] = start
                key = ("num", num_id) if starts else ("abstract", abstract_id)
                result = _NumDef(key, tuple(lvls), starts, [False] * LEVELS)
        self._defs[num_id] = result
        return result

    def level_for_style(self, num_id: str, style_ids: tuple[str | None, ...]) -> int | None:
        """The level whose ``w:pStyle`` is one of ``style_ids`` (a style's numPr without ``w:ilvl``)."""
        definition = self._def(num_id)
        if definition is None:
            return None
        for i, lvl in enumerate(definition.lvls):
            pstyle = val(child(lvl, W_PSTYLE)) if lvl is not None else None
            if pstyle is not None and pstyle in style_ids:
                return i
        return None

    def next_label(self, num_id: str, ilvl: int) -> AutoLabel | None:
        """Count one paragraph of list ``num_id`` at level ``ilvl`` and return the label Word shows."""
        definition = self._def(num_id)
        if definition is None or not 0 <= ilvl < LEVELS:
            return None
        level = definition.level(ilvl)
        if level is None:
            return None
        counters = self._counters.get(definition.key)
        if counters is None:
            counters = self._counters[definition.key] = [None] * LEVELS
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            if counters[deeper] is None:
                continue
            deeper_level = definition.level(deeper)
            rule = deeper_level.restart if deeper_level is not None else None
            if rule is None or rule - 1 >= deeper or (rule > 0 and ilvl <= rule - 1):
                counters[deeper] = None
        if level.fmt == "bullet":
            return AutoLabel("", True, ilvl)
        # numFmt "none" prints nothing. Literal text around the number (lvlText "%1、") is left out too:
        # the standard only says that such a level shows no number, and we have not checked what Word
        # draws for the literal text; an invisible list ("不编号") is what "none" is used for in reports.
        if level.fmt == "none" or not level.text:
            return AutoLabel("", False, ilvl)
        out = []
        for piece in level.pieces:
            if piece.__class__ is str:
                out.append(piece)
                continue
            other = definition.level(piece)  # type: ignore[arg-type]
            value = counters[piece]  # type: ignore[index]
            if value is None:
                value = other.start if other is not None else 1
            if other is None:
                out.append(str(value))
            else:
                out.append(_formatted(value, "decimal" if level.is_lgl else other.fmt, other.pattern))
        text = "".join(out).strip()
        if text and level.suff != "nothing" and not _ends_in_punctuation(text):
            text += " "
        return AutoLabel(text, False, ilvl)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
