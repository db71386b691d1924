"""Find wordings (literal phrases and regular expressions) in a text fast: the matching engine of the lexicons.

One big alternation of ~1,200 wordings costs tens of milliseconds a sentence in ``re``; a look-up of the
wordings that can start at each character costs microseconds. Patterns are indexed by the characters a
match can start with (read from the parsed pattern); one whose first character cannot be worked out is
tried everywhere. At each position the longest wording wins, and matches do not overlap.
"""

from __future__ import annotations

import re
import re._constants as _constants  # the parsed form of a pattern, to index patterns by first character
import re._parser as _parser
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, count
from typing import Generic, Protocol, TypeAlias, TypeVar

import numpy as np

from analyzers.text import normalize_width


class Wordings(Protocol):
    """What an entry of a lexicon gives the matcher."""

    @property
    def phrases(self) -> Sequence[str]: ...
    @property
    def patterns(self) -> Sequence[str]: ...
    @property
    def exclude(self) -> Sequence[str]: ...


E = TypeVar("E", bound=Wordings)


# Of the wordings that can start at a position: the lengths of the literals (longest first), the literals by their
# text, the patterns, and one regex that tells in one match whether any of the patterns matches there (None when
# there are fewer than two); each literal and pattern with its number in the lexicon's order.
_Candidates: TypeAlias = tuple[
    tuple[int, ...],
    dict[str, tuple[int, E]],
    tuple[tuple[int, re.Pattern[str], E], ...],
    re.Pattern[str] | None,
]


@dataclass(frozen=True, slots=True)
class Match(Generic[E]):
    entry: E
    start: int
    end: int
    matched: str


def check_patterns(patterns: list[str]) -> list[str]:
    """``patterns`` when each compiles, has no capturing group and cannot match the empty string; else a
    ValueError naming the pattern (for a pydantic validator)."""
    for pattern in patterns:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a regular expression ({exc})") from exc
        if compiled.groups:
            raise ValueError(f"pattern {pattern!r} has a capturing group; expected (?:...) groups only")
        if compiled.fullmatch(""):
            raise ValueError(f"pattern {pattern!r} matches the empty string")
    return patterns


class WordingMatcher(Generic[E]):
    """The wordings of ``entries``, indexed by the two characters a match can start with."""

    def __init__(self, entries: Sequence[E]) -> None:
        index: dict[str, list[tuple[str | re.Pattern[str], E]]] = {}
        for entry in entries:
            for phrase in entry.phrases:
                literal = normalize_width(phrase)
                index.setdefault(literal[0], []).append((literal, entry))
            for pattern in entry.patterns:
                compiled = re.compile(pattern)
                for first in sorted(first_chars(pattern) or {""}):
                    index.setdefault(first, []).append((compiled, entry))
        anywhere = tuple(index.pop("", ()))
        # Most positions that hold a wording's first character are passed over on the second: the wordings are
        # looked up by the two characters at a position, or by the first alone where any second will do.
        self._by_two: dict[str, _Candidates[E]] = {}
        self._by_one: dict[str, _Candidates[E]] = {}
        for first, wordings in index.items():
            candidates = _candidates(tuple(wordings) + anywhere)
            seconds = [_seconds(wording, first) for wording, _ in wordings]
            if None in seconds:
                self._by_one[first] = candidates
                continue
            for second in sorted(set().union(*seconds)):  # type: ignore[arg-type]
                some = tuple(w for w, after in zip(wordings, seconds, strict=True) if second in after)  # type: ignore[operator]
                self._by_two[first + second] = _candidates(some + anywhere, candidates[3])
        self._anywhere = _candidates(anywhere)
        # Where no pattern can start anywhere, only the positions of possible first characters are looked at.
        firsts = "".join(sorted(index))
        self._first_chars = re.compile(f"[{re.escape(firsts)}]").finditer if firsts and not anywhere else None
        self._table = _StartTable(self._by_two, self._by_one) if firsts and not anywhere else None

    def find(self, text: str) -> list[Match[E]]:
        """Every match in ``text``, left to right; offsets are into ``text`` (matching is on its half-width
        form). A longest match that one of its entry's ``exclude`` wordings covers is no match."""
        plain = normalize_width(text)
        return _matches([text], [plain], self._starts(plain))[0]

    def find_many(self, texts: Sequence[str]) -> list[list[Match[E]]]:
        """``find`` of each text; where a wording can start is looked up in all the texts at once."""
        plains = [normalize_width(text) for text in texts]
        if self._table is None:
            return _matches(texts, plains, chain.from_iterable(map(self._starts, plains, count())))
        return _matches(texts, plains, self._table.starts(plains))

    def _starts(self, plain: str, index: int = 0) -> Iterator[tuple[int, int, _Candidates[E]]]:
        """Each position of ``plain`` where a wording can start, with the wordings that can start there (after
        ``index``, the number of the text)."""
        by_two, by_one, anywhere = self._by_two, self._by_one, self._anywhere
        positions = range(len(plain)) if self._first_chars is None else map(_START, self._first_chars(plain))
        for pos in positions:
            candidates = by_two.get(plain[pos : pos + 2])
            if candidates is None:
                candidates = by_one.get(plain[pos], anywhere)
                if candidates is anywhere and not anywhere[2]:
                    continue
            yield index, pos, candidates


_START = re.Match.start


def _matches(
    texts: Sequence[str], plains: Sequence[str], starts: Iterable[tuple[int, int, _Candidates[E]]]
) -> list[list[Match[E]]]:
    """The matches in each of ``plains``, the half-width forms of ``texts`` (the words matched are taken from
    those), trying the wordings that can start at each of ``starts`` (text number, position) in turn."""
    found: list[list[Match[E]]] = [[] for _ in texts]
    current = after = -1  # the text and the end of its last match: no match starts before it
    for index, pos, (lengths, literals, patterns, any_pattern) in starts:
        if index != current:
            current, after = index, 0
            text, plain = texts[index], plains[index]
            size = len(plain)
        elif pos < after:
            continue
        # The longest wording at pos: the longest literal, then any pattern that ends further (or as far, earlier
        # in the lexicon's order). Inlined: this runs at every position that can start a wording.
        best_end, best_order, best = pos, -1, None
        for length in lengths:
            if pos + length <= size and (hit := literals.get(plain[pos : pos + length])) is not None:
                best_end, (best_order, best) = pos + length, hit
                break
        if patterns and (any_pattern is None or any_pattern.match(plain, pos) is not None):
            for order, pattern, entry in patterns:
                if (match := pattern.match(plain, pos)) is not None:
                    end = match.end()
                    if end > best_end or (end == best_end and best is not None and order < best_order):
                        best_end, best_order, best = end, order, entry
        if best is not None and not (best.exclude and _excluded(plain, pos, best_end, best.exclude)):
            found[index].append(Match(best, pos, best_end, text[pos:best_end]))
            after = best_end
    return found


_CODE_BITS = 21  # a code point fits in 21 bits: two make one int64


class _StartTable(Generic[E]):
    """``WordingMatcher._starts`` of many texts at once, with a few numpy operations on all of them: the first
    characters of the wordings as a table by code point, and the pairs of characters they start with as numbers,
    sorted for a binary search."""

    def __init__(self, by_two: dict[str, _Candidates[E]], by_one: dict[str, _Candidates[E]]) -> None:
        firsts = {pair[0] for pair in by_two} | set(by_one)
        # By code point: 0 no wording starts with it, 1 the wordings are looked up by two characters, 2 by one;
        # the last entry (0) stands for any code point beyond.
        self._kind = np.zeros(max(map(ord, firsts)) + 2, dtype=np.uint8)
        self._kind[[ord(pair[0]) for pair in by_two]] = 1
        self._kind[[ord(first) for first in by_one]] = 2
        pairs = sorted(by_two, key=_pair_code)
        # A last number above every pair's, so that a binary search always lands on an entry.
        self._pairs = np.array([*map(_pair_code, pairs), 1 << 62], dtype=np.int64)
        self._candidates = [by_two[pair] for pair in pairs]
        self._by_one = by_one
        self._separator = next(c for c in map(chr, range(0x110000)) if c not in firsts)

    def starts(self, plains: Sequence[str]) -> Iterator[tuple[int, int, _Candidates[E]]]:
        """Where a wording can start in ``plains`` (text number, position), with the wordings that can start there."""
        # One string of all the texts, each followed by a character no wording starts with.
        offsets = np.fromiter(accumulate((len(plain) + 1 for plain in plains), initial=0), dtype=np.intp)
        joined = self._separator.join(plains) + self._separator
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        kinds = self._kind[np.minimum(codes, len(self._kind) - 1)]
        at = np.flatnonzero(kinds)
        pairs = (codes[at].astype(np.int64) << _CODE_BITS) | codes[at + 1]
        slots = np.searchsorted(self._pairs, pairs)
        known = self._pairs[slots] == pairs
        keep = known | (kinds[at] == 2)
        at, slots = at[keep], np.where(known, slots, -1)[keep]
        index = np.searchsorted(offsets, at, side="right") - 1
        positions = (at - offsets[index]).tolist()
        index_list = index.tolist()
        candidates, by_one = self._candidates, self._by_one
        found = [
            candidates[slot] if slot >= 0 else by_one[plains[i][pos]]
            for i, pos, slot in zip(index_list, positions, slots.tolist(), strict=True)
        ]
        return zip(index_list, positions, found, strict=True)


def _pair_code(pair: str) -> int:
    return ord(pair[0]) << _CODE_BITS | ord(pair[1])


def _candidates(
    wordings: Sequence[tuple[str | re.Pattern[str], E]], any_pattern: re.Pattern[str] | None = None
) -> _Candidates[E]:
    """The wordings that can start at a position (see ``_Candidates``), numbered in the order given: of equally
    long matches the first wins. ``WordingMatcher`` gives them in the lexicon's order, with the patterns that can
    start anywhere ([^x]b) after the wordings indexed by their first character. All the patterns as one regex
    tell in one match whether any matches at a position (most often none does); ``any_pattern`` is that regex
    for more patterns than these."""
    literals: dict[str, tuple[int, E]] = {}
    patterns: list[tuple[int, re.Pattern[str], E]] = []
    for order, (wording, entry) in enumerate(wordings):
        if isinstance(wording, str):
            literals.setdefault(wording, (order, entry))
        else:
            patterns.append((order, wording, entry))
    lengths = tuple(sorted({len(w) for w in literals}, reverse=True))
    if len(patterns) < 2:
        any_pattern = None
    elif any_pattern is None:
        any_pattern = re.compile("|".join(f"(?:{p.pattern})" for _, p, _ in patterns))
    return lengths, literals, tuple(patterns), any_pattern


def _seconds(wording: str | re.Pattern[str], first: str) -> set[str] | None:
    """The characters that can follow ``first`` at the start of a match of ``wording``; None when any can, or
    none need (a match can end after ``first``)."""
    if isinstance(wording, str):
        return {wording[1]} if len(wording) > 1 else None
    return second_chars(wording.pattern, first)


def _excluded(text: str, start: int, end: int, exclude: Sequence[str]) -> bool:
    """True when one of ``exclude`` occurs in ``text`` around ``[start, end)`` (a longer wording that is fine);
    ``text`` is half-width, and so is each wording compared with it (党建ＡＢ as 党建AB)."""
    for wording in map(normalize_width, exclude):
        lo = max(0, end - len(wording))
        at = text.find(wording, lo, start + len(wording))
        while at != -1 and at <= start:
            if at + len(wording) >= end:
                return True
            at = text.find(wording, at + 1, start + len(wording))
    return False


def scanner(pattern: re.Pattern[str]) -> Callable[[str], Iterator[re.Match[str]]]:
    """``pattern.finditer``, faster for a pattern that starts with lookbehinds or alternatives (``re`` then tries
    the whole pattern at every position): a search for the characters a match can start with finds where to
    try it. The same matches: a match cannot start elsewhere and cannot be empty (else ``finditer`` itself)."""
    chars = None if pattern.flags & (re.IGNORECASE | re.VERBOSE) else first_chars(pattern.pattern)
    if not chars:
        return pattern.finditer
    next_start = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]").search
    match_at = pattern.match

    def finditer(text: str) -> Iterator[re.Match[str]]:
        pos = 0
        while (start := next_start(text, pos)) is not None:
            if (match := match_at(text, start.start())) is None:
                pos = start.start() + 1
            else:
                yield match
                pos = match.end()

    return finditer


def sparse_scanner(pattern: re.Pattern[str]) -> Callable[[str], Iterator[re.Match[str]]]:
    """``scanner`` for a pattern that seldom matches where it could start: ``re`` itself tries the pattern at each
    character a match can start with (one regex that matches that character where a lookahead for the pattern
    holds, in a lookbehind), and only the matches come back to Python. Where most places that could start a
    match do, as for numbers with units, ``scanner`` costs less: each match is matched twice here."""
    chars = None if pattern.flags & (re.IGNORECASE | re.VERBOSE) else first_chars(pattern.pattern)
    if not chars:
        return pattern.finditer
    first = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    try:
        next_starts = re.compile(f"{first}(?<=(?=(?:{pattern.pattern})){first})", pattern.flags).finditer
    except re.error:  # flags at the start of the pattern, a group reference (not allowed in a lookbehind)
        return scanner(pattern)
    match_at = pattern.match

    def finditer(text: str) -> Iterator[re.Match[str]]:
        end = 0
        for start in next_starts(text):
            if start.start() >= end:  # not inside the last match
                match: re.Match[str] = match_at(text, start.start())  # type: ignore[assignment]
                yield match
                end = match.end()

    return finditer


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can start with; None when any character could (a class like
    [^，], a dot, a pattern that can match empty, a case-insensitive one: (?i)ab starts with A as well)."""
    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    chars, nullable = _first(parsed.data)
    return None if chars is None or nullable else chars


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(first characters or None for any, whether the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op: object, av: object) -> tuple[set[str] | None, bool]:
    if op is _constants.LITERAL:
        return {chr(av)}, False  # type: ignore[arg-type]
    if op is _constants.IN:
        chars = set()
        for item_op, item in av:  # type: ignore[attr-defined]
            if item_op is _constants.LITERAL:
                chars.add(chr(item))
            elif item_op is _constants.RANGE and item[1] - item[0] < 256:
                chars.update(chr(c) for c in range(item[0], item[1] + 1))
            else:  # NEGATE, CATEGORY, a wide range
                return None, False
        return chars, False
    if op is _constants.SUBPATTERN:
        if av[1] & re.IGNORECASE:  # type: ignore[index]  # (?i:a)b
            return None, False
        return _first(av[-1].data)  # type: ignore[index]
    if op is _constants.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:  # type: ignore[index]
            chars, empty = _first(branch.data)
            if chars is None:
                return None, False
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        chars, nullable = _first(av[2].data)  # type: ignore[index]
        return chars, nullable or av[0] == 0  # type: ignore[index]
    if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
        return set(), True  # zero width
    return None, False


_MAX_STARTS = 10_000  # more ways for a pattern to start than that, and it is tried after any second character


def second_chars(pattern: str, first: str) -> set[str] | None:
    """The characters that can follow ``first`` at the start of a match of ``pattern``; None when any character
    could (a class like [^，], a dot), a match could end after ``first``, or they cannot be worked out."""
    parsed = _parser.parse(pattern)
    starts = None if parsed.state.flags & re.IGNORECASE else _starts(parsed.data)
    if starts is None:
        return None
    seconds: set[str] = set()
    for start in starts:
        if start[:1] in ((first,), (None,)):
            if len(start) < 2 or start[1] is None:
                return None
            seconds.add(start[1])
        elif not start:
            return None
    return seconds


def _starts(items: list) -> set[tuple[str | None, ...]] | None:
    """The first two characters of the matches of a sequence (one or none for a shorter match, None for any
    character), or None when they cannot be worked out."""
    out: set[tuple[str | None, ...]] = {()}
    for op, av in items:
        item = _starts_of(op, av)
        if item is None:
            return None
        out = {start if len(start) == 2 else (start + more)[:2] for start in out for more in item}
        if len(out) > _MAX_STARTS:
            return None
    return out


def _starts_of(op: object, av: object) -> set[tuple[str | None, ...]] | None:
    if op is _constants.LITERAL:
        return {(chr(av),)}  # type: ignore[arg-type]
    if op in (_constants.NOT_LITERAL, _constants.ANY):
        return {(None,)}
    if op is _constants.IN:
        chars, _ = _first_of(op, av)
        return {(None,)} if chars is None else {(c,) for c in chars}
    if op is _constants.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _starts(av[-1].data)  # type: ignore[index]
    if op is _constants.ATOMIC_GROUP:
        return _starts(av.data)  # type: ignore[attr-defined]
    if op is _constants.BRANCH:
        out: set[tuple[str | None, ...]] = set()
        for branch in av[1]:  # type: ignore[index]
            starts = _starts(branch.data)
            if starts is None:
                return None
            out |= starts
        return out
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, high, body = av  # type: ignore[misc]
        once = _starts(body.data)
        if once is None:
            return None
        out, times = set(), {()}
        for n in range(min(high, 2) + 1):  # more than two repeats start as two do
            if n >= min(low, 2):
                out |= times
            times = {start if len(start) == 2 else (start + more)[:2] for start in times for more in once}
        return out
    if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
        return {()}  # zero width
    return None
