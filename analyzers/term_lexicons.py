"""Key formulations as data: their canonical forms (``terms.yaml``) and the periods they belong to
(``stale_terms.yaml``), both under ``corpora/lexicons/`` and validated when loaded.

- ``TermLexicon``: each entry is a canonical formulation or document title (两个确立, 《中国共产党支部工作条例
  （试行）》) with the wrong variants people write; ``find`` returns the variants in a text (rule
  ``terms.nonstandard``).
- ``StaleTermLexicon``: each entry is a formulation with the months it was current (十九届X中全会精神 from
  2017-10 to 2022-10), optional words that present it as current or as history, a note and a suggestion
  (rule ``timeliness.stale_term``).

Errors name the file, the entry and what was expected, as for every data file (``analyzers.yaml_data``).
"""

from __future__ import annotations

import hashlib
import re
import re._constants as _constants  # the parsed form of a pattern, for the words every match of it contains
import re._parser as _parser
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Generic

from pydantic import Field, field_validator, model_validator

from analyzers.text import normalize_width
from analyzers.wording import E, Match, WordingMatcher, Wordings, check_patterns
from analyzers.yaml_data import Identifier, NonEmptyStr, StrictModel, read_mapping, validate

LEXICONS = Path(__file__).resolve().parent.parent / "corpora" / "lexicons"
TERMS_PATH = LEXICONS / "terms.yaml"
STALE_TERMS_PATH = LEXICONS / "stale_terms.yaml"

YearMonth = Annotated[str, Field(pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$", description="a month as YYYY-MM")]


class TermLexiconError(Exception):
    """A terms file that cannot be used: names the file, the entry and what was expected."""


class _Entries(StrictModel):
    """The checks every lexicon file of entries shares: unique ids, known sources."""

    title: NonEmptyStr = Field(description="a one-line title")
    sources: dict[Identifier, NonEmptyStr] = Field(min_length=1, description="a mapping of source keys to sources")

    def _check_entries(self, entries: list) -> None:
        ids: set[str] = set()
        for entry in entries:
            if entry.id in ids:
                raise ValueError(f"entry id {entry.id!r} is given twice; expected unique ids")
            ids.add(entry.id)
            if entry.source not in self.sources:
                raise ValueError(f"entry {entry.id!r}: source {entry.source!r}; expected one of {list(self.sources)}")


# -- 规范表述 ----------------------------------------------------------------------------------------------------


class TermEntry(StrictModel):
    id: Identifier
    canonical: NonEmptyStr = Field(description="the correct form, shown as the suggestion")
    variants: list[NonEmptyStr] = Field(default_factory=list, description="a list of literal wrong forms")
    patterns: list[NonEmptyStr] = Field(default_factory=list, description="a list of regexes for wrong forms")
    exclude: list[NonEmptyStr] = Field(default_factory=list, description="a list of correct longer wordings")
    note: NonEmptyStr = Field(description="what the formulation is and where it comes from")
    source: Identifier = Field(description="a key of the file's 'sources'")

    @property
    def phrases(self) -> list[str]:
        return self.variants

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return check_patterns(patterns)

    @model_validator(mode="after")
    def _variants_are_wrong(self) -> TermEntry:
        if not self.variants and not self.patterns:
            raise ValueError(f"entry {self.id!r} has no variants and no patterns; expected at least one")
        inside = [v for v in self.variants if v in self.canonical]
        if inside:
            raise ValueError(f"entry {self.id!r}: variants {inside} occur inside the canonical form, which they'd flag")
        if any(re.search(p, self.canonical) for p in self.patterns):
            raise ValueError(f"entry {self.id!r}: a pattern matches the canonical form {self.canonical!r}")
        return self


class TermsFile(_Entries):
    entries: list[TermEntry] = Field(min_length=1, description="a list of entries")

    @model_validator(mode="after")
    def _consistent(self) -> TermsFile:
        self._check_entries(self.entries)
        canonical = [e.canonical for e in self.entries]
        for entry in self.entries:
            clash = [c for c in canonical for v in entry.variants if v in c]
            if clash:
                raise ValueError(f"entry {entry.id!r}: a variant occurs inside the canonical form(s) {clash}")
        return self


@dataclass(frozen=True, eq=False)
class _WordingLexicon(Generic[E]):
    """A lexicon of wordings (phrases and patterns) found in texts: the terms and the stale formulations."""

    path: Path
    data: _Entries

    @property
    def _entries(self) -> Sequence[E]:
        return self.data.entries  # type: ignore[attr-defined]  # (each file's model declares its own entries)

    @cached_property
    def _matcher(self) -> WordingMatcher[E]:
        return WordingMatcher(self._entries)

    @cached_property
    def _required(self) -> re.Pattern[str] | None:
        return required_words(self._entries)

    def find(self, text: str, plain: str | None = None) -> list[Match[E]]:
        """The entries' wordings in ``text``, left to right (``plain``: its ``normalize_width``, when known); a
        text with none of the words every match needs (``required_words``) is passed over in one search."""
        if not _may_match(self._required, text, plain):
            return []
        return self._matcher.find(text)


@dataclass(frozen=True, eq=False)
class TermLexicon(_WordingLexicon[TermEntry]):
    """The wrong variants of key formulations and document titles (``terms.yaml``)."""

    data: TermsFile

    @classmethod
    def load(cls, path: Path = TERMS_PATH) -> TermLexicon:
        raw = read_mapping(path, TermLexiconError, "terms fields", list(TermsFile.model_fields))
        nested = {(TermsFile, "entries"): TermEntry}
        return cls(path, validate(TermsFile, raw, path, TermLexiconError, nested, {"entries": ("id", "entry")}))

    @staticmethod
    def load_default() -> TermLexicon:
        return _default_terms()



# -- 过时提法 ----------------------------------------------------------------------------------------------------


class StaleEntry(StrictModel):
    id: Identifier
    phrases: list[NonEmptyStr] = Field(default_factory=list, description="a list of literal wordings")
    patterns: list[NonEmptyStr] = Field(default_factory=list, description="a list of regular expressions")
    exclude: list[NonEmptyStr] = Field(default_factory=list, description="a list of longer wordings never flagged")
    current_from: YearMonth | None = Field(None, description="the month it became current, YYYY-MM")
    current_until: YearMonth | None = Field(None, description="the month it stopped being current, YYYY-MM")
    as_current: NonEmptyStr | None = Field(None, description="a regex of words before it that present it as current")
    not_current: NonEmptyStr | None = Field(None, description="a regex of words in its clause that make it history")
    note: NonEmptyStr = Field(description="what happened when")
    suggestion: NonEmptyStr = Field(description="what to write instead")
    source: Identifier = Field(description="a key of the file's 'sources'")

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return check_patterns(patterns)

    @field_validator("as_current", "not_current")
    @classmethod
    def _context_compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression ({exc})") from exc
        return pattern

    @model_validator(mode="after")
    def _has_a_period(self) -> StaleEntry:
        if not self.phrases and not self.patterns:
            raise ValueError(f"entry {self.id!r} has no phrases and no patterns; expected at least one")
        if self.current_from is None and self.current_until is None:
            raise ValueError(f"entry {self.id!r} has neither current_from nor current_until; expected one")
        if self.current_from and self.current_until and self.current_from > self.current_until:
            raise ValueError(f"entry {self.id!r}: current_from {self.current_from} is after {self.current_until}")
        return self

    def out_of_period(self, year: int) -> str | None:
        """"after" when the whole ``year`` lies after the period, "before" when before it, else None."""
        if self.current_until is not None and year > int(self.current_until[:4]):
            return "after"
        if self.current_from is not None and year < int(self.current_from[:4]):
            return "before"
        return None


class StaleFile(_Entries):
    entries: list[StaleEntry] = Field(min_length=1, description="a list of entries")

    @model_validator(mode="after")
    def _consistent(self) -> StaleFile:
        self._check_entries(self.entries)
        return self


@dataclass(frozen=True, eq=False)
class StaleTermLexicon(_WordingLexicon[StaleEntry]):
    """Formulations current only in a period (``stale_terms.yaml``)."""

    data: StaleFile

    @classmethod
    def load(cls, path: Path = STALE_TERMS_PATH) -> StaleTermLexicon:
        raw = read_mapping(path, TermLexiconError, "stale-term fields", list(StaleFile.model_fields))
        nested = {(StaleFile, "entries"): StaleEntry}
        return cls(path, validate(StaleFile, raw, path, TermLexiconError, nested, {"entries": ("id", "entry")}))

    @staticmethod
    def load_default() -> StaleTermLexicon:
        return _default_stale()

    def fingerprint(self) -> str:
        return hashlib.sha256(self.data.model_dump_json().encode("utf-8")).hexdigest()


# -- a text that none of the wordings can match ------------------------------------------------------------------


def required_words(entries: Sequence[Wordings]) -> re.Pattern[str] | None:
    """A search for the words of which every match of a wording of ``entries`` contains one (a phrase itself, a
    run of a pattern such as 党的(?:1[5-9]|20)大), matched on the half-width text as the wordings are: a text
    with none of them has no match, and is passed over in one search rather than scanned position by position.
    None when a pattern has no such run (every text is scanned)."""
    words: dict[str, set[str]] = defaultdict(set)  # first character -> the rest of each word, as a regex
    for entry in entries:
        for phrase in entry.phrases:
            plain = normalize_width(phrase)
            words[plain[0]].add(re.escape(plain[1:]))
        for pattern in entry.patterns:
            if (run := _required_run(pattern)) is None:
                return None
            words[run[0]].add(run[1])
    # One alternative per first character: ``re`` looks only where one of them stands, and then tries the words
    # that start with it rather than all of them.
    return re.compile("|".join(re.escape(first) + _any_of(rests) for first, rests in sorted(words.items())))


def _any_of(rests: set[str]) -> str:
    return "" if "" in rests else f"(?:{'|'.join(sorted(rests))})"


def _may_match(required: re.Pattern[str] | None, text: str, plain: str | None) -> bool:
    """Whether ``text`` (``plain`` in half-width forms) has one of the ``required`` words: may match a wording."""
    return required is None or required.search(normalize_width(text) if plain is None else plain) is not None


def _required_run(pattern: str) -> tuple[str, str] | None:
    """The longest run of ``pattern``'s top-level items that begins with a literal character and holds only
    literals, character sets and alternatives of those (what every match of ``pattern`` contains): (that
    character, the rest as a regex); None when there is none or case is ignored."""
    if re.compile(pattern).flags & re.IGNORECASE:
        return None
    best: list[str] = []
    run: list[str] = []
    for op, av in _parser.parse(pattern).data:
        piece = _simple(op, av)
        if piece is None or (not run and op is not _constants.LITERAL):
            run = []
            continue
        run.append(chr(av) if not run else piece)  # type: ignore[arg-type]
        if len(run) > len(best):
            best = list(run)
    return (best[0], "".join(best[1:])) if best else None


def _simple(op: object, av: object) -> str | None:
    """The regex of one parsed item when it is a literal, a set of characters or an alternation of sequences of
    those; else None."""
    if op is _constants.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is _constants.IN:
        members = []
        for member_op, member in av:  # type: ignore[attr-defined]
            if member_op is _constants.LITERAL:
                members.append(re.escape(chr(member)))
            elif member_op is _constants.RANGE:
                members.append(f"{re.escape(chr(member[0]))}-{re.escape(chr(member[1]))}")
            else:  # NEGATE, CATEGORY
                return None
        return f"[{''.join(members)}]"
    if op is _constants.BRANCH:
        branches = []
        for branch in av[1]:  # type: ignore[index]
            pieces = [_simple(item_op, item) for item_op, item in branch.data]
            if None in pieces:
                return None
            branches.append("".join(pieces))  # type: ignore[arg-type]
        return f"(?:{'|'.join(branches)})"
    return None


@cache
def _default_terms() -> TermLexicon:
    return TermLexicon.load()


@cache
def _default_stale() -> StaleTermLexicon:
    return StaleTermLexicon.load()
