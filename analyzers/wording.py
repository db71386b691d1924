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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeAlias, TypeVar

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


# Of the wordings that can start with one character: the lengths of the literals (longest first), the characters
# that can follow the first in a literal, the literals by their text, the patterns, and all the patterns as one
# regex; each literal and pattern with its number in the lexicon's order.
_Candidates: TypeAlias = tuple[
    tuple[int, ...],
    frozenset[str] | None,
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
    """The wordings of ``entries``, indexed by first character."""

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
        self._by_first = {first: _candidates(tuple(wordings) + anywhere) for first, wordings in index.items()}
        self._anywhere = _candidates(anywhere)
        # Where no pattern can start anywhere, the scan jumps from one possible first character to the next.
        firsts = "".join(sorted(index))
        self._next_start = re.compile(f"[{re.escape(firsts)}]").search if firsts and not anywhere else None

    def find(self, text: str) -> list[Match[E]]:
        """Every match in ``text``, left to right; offsets are into ``text`` (matching is on its half-width
        form). A longest match that one of its entry's ``exclude`` wordings covers is no match."""
        plain = normalize_width(text)
        size = len(plain)
        next_start, by_first, anywhere = self._next_start, self._by_first, self._anywhere
        found: list[Match[E]] = []
        pos = 0
        while pos < size:
            if next_start is not None:
                if (start := next_start(plain, pos)) is None:
                    break
                pos = start.start()
            # The longest wording at pos: the longest literal, then any pattern that ends further (or as far,
            # earlier in the lexicon's order). Inlined: this runs at every position that can start a wording.
            lengths, seconds, literals, patterns, any_pattern = by_first.get(plain[pos], anywhere)
            best_end, best_order, best = pos, -1, None
            if seconds is None or plain[pos + 1 : pos + 2] in seconds:
                for length in lengths:
                    if pos + length <= size and (hit := literals.get(plain[pos : pos + length])) is not None:
                        best_end, (best_order, best) = pos + length, hit
                        break
            if any_pattern is not None and any_pattern.match(plain, pos) is not None:
                for order, pattern, entry in patterns:
                    if (match := pattern.match(plain, pos)) is not None:
                        end = match.end()
                        if end > best_end or (end == best_end and best is not None and order < best_order):
                            best_end, best_order, best = end, order, entry
            if best is not None and not (best.exclude and _excluded(plain, pos, best_end, best.exclude)):
                found.append(Match(best, pos, best_end, text[pos:best_end]))
                pos = best_end
            else:
                pos += 1
        return found


def _candidates(wordings: Sequence[tuple[str | re.Pattern[str], E]]) -> _Candidates[E]:
    """The wordings that can start with one character (see ``_Candidates``), numbered in the lexicon's order: of
    equally long matches the first wins. All the patterns as one regex tell in one match whether any matches at
    a position (most often none does)."""
    literals: dict[str, tuple[int, E]] = {}
    patterns: list[tuple[int, re.Pattern[str], E]] = []
    for order, (wording, entry) in enumerate(wordings):
        if isinstance(wording, str):
            literals.setdefault(wording, (order, entry))
        else:
            patterns.append((order, wording, entry))
    lengths = tuple(sorted({len(w) for w in literals}, reverse=True))
    # Most positions are passed over on their second character (None: a one-character literal, any will do).
    seconds: frozenset[str] | None = frozenset(w[1:2] for w in literals)
    if "" in seconds:
        seconds = None
    any_pattern = re.compile("|".join(f"(?:{p.pattern})" for _, p, _ in patterns)) if patterns else None
    return lengths, seconds, literals, tuple(patterns), any_pattern


def _excluded(text: str, start: int, end: int, exclude: Sequence[str]) -> bool:
    """True when one of ``exclude`` occurs in ``text`` around ``[start, end)`` (a longer wording that is fine)."""
    for wording in exclude:
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


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can start with; None when any character could (a class like
    [^，], a dot, a pattern that can match empty)."""
    chars, nullable = _first(_parser.parse(pattern).data)
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
