"""The vague-wording lexicon (``corpora/lexicons/vague.yaml``): 套话 and 空泛 wording as data, validated when loaded.

An entry is one kind of empty wording in one category (空洞动词, 模糊程度, 口号式表述, 问题表述笼统 ...): the
phrases and regular expressions that find it, a short explanation of why it says nothing checkable, a
suggestion of what to write instead, and the source it comes from. ``VagueLexicon.find`` returns every hit
in a sentence (``analyzers.wording`` does the matching); the vagueness classifier counts hits per category
as features, and ``vague.sentence`` quotes the entries a vague sentence hits, with their suggestions.

Loading refuses what matching could not use: an unknown category or source, an entry id given twice, the
same phrase in two entries, a pattern that does not compile, captures or matches the empty string. A
LexiconError names the file, the entry and what was expected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, field_validator, model_validator

from analyzers.wording import Match, WordingMatcher, check_patterns
from analyzers.yaml_data import Identifier, NonEmptyStr, StrictModel, read_mapping, validate

VAGUE_LEXICON_PATH = Path(__file__).resolve().parent.parent / "corpora" / "lexicons" / "vague.yaml"



class LexiconError(Exception):
    """A lexicon that cannot be used: names the file, the entry and what was expected."""


class Category(StrictModel):
    name: NonEmptyStr = Field(description="a short Chinese name shown in reasons (空洞动词)")
    description: NonEmptyStr = Field(description="what wording belongs in this category")


class Entry(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$", description="'category.name', snake_case")]
    category: Identifier
    phrases: list[NonEmptyStr] = Field(default_factory=list, description="a list of literal wordings")
    patterns: list[NonEmptyStr] = Field(
        default_factory=list, description="a list of regular expressions (non-capturing groups only)"
    )
    exclude: list[NonEmptyStr] = Field(
        default_factory=list, description="a list of longer wordings around a hit that make it no hit"
    )
    explanation: NonEmptyStr = Field(description="why the wording says nothing checkable, one short sentence")
    suggestion: NonEmptyStr = Field(description="what to write instead, one short sentence")
    source: Identifier = Field(description="a key of the file's 'sources'")

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return check_patterns(patterns)

    @model_validator(mode="after")
    def _finds_something(self) -> Entry:
        if not self.phrases and not self.patterns:
            raise ValueError(f"entry {self.id!r} has no phrases and no patterns; expected at least one")
        if self.id.split(".", 1)[0] != self.category:
            raise ValueError(f"entry id {self.id!r} must start with its category, {self.category + '.'!r}")
        return self


class LexiconFile(StrictModel):
    title: NonEmptyStr = Field(description="a one-line title")
    sources: dict[Identifier, NonEmptyStr] = Field(min_length=1, description="a mapping of source keys to sources")
    categories: dict[Identifier, Category] = Field(min_length=1, description="a mapping of category keys")
    entries: list[Entry] = Field(min_length=1, description="a list of entries")

    @model_validator(mode="after")
    def _consistent(self) -> LexiconFile:
        ids: set[str] = set()
        owner: dict[str, str] = {}
        for entry in self.entries:
            if entry.id in ids:
                raise ValueError(f"entry id {entry.id!r} is given twice; expected unique ids")
            ids.add(entry.id)
            if entry.category not in self.categories:
                known = list(self.categories)
                raise ValueError(f"entry {entry.id!r}: category {entry.category!r}; expected one of {known}")
            if entry.source not in self.sources:
                raise ValueError(f"entry {entry.id!r}: source {entry.source!r}; expected one of {list(self.sources)}")
            for phrase in entry.phrases:
                if phrase in owner:
                    both = [owner[phrase], entry.id]
                    raise ValueError(f"phrase {phrase!r} is in entries {both}; expected one entry per phrase")
                owner[phrase] = entry.id
        return self


_NESTED: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (LexiconFile, "entries"): Entry,
    (LexiconFile, "categories"): Category,
}


@dataclass(frozen=True, slots=True)
class LexiconHit:
    """One match of a lexicon entry in a text: offsets into that text and the words matched."""

    entry_id: str
    category: str
    start: int
    end: int
    matched: str


@dataclass(frozen=True, eq=False)
class VagueLexicon:
    """The entries of one lexicon file and one compiled regex that finds them all."""

    path: Path
    data: LexiconFile

    @classmethod
    def load(cls, path: Path = VAGUE_LEXICON_PATH) -> VagueLexicon:
        raw = read_mapping(path, LexiconError, "lexicon fields", list(LexiconFile.model_fields))
        return cls(path, validate(LexiconFile, raw, path, LexiconError, _NESTED, {"entries": ("id", "entry")}))

    @staticmethod
    def load_default() -> VagueLexicon:
        """The shipped lexicon, loaded once per process."""
        return _default()

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self.data.entries)

    @property
    def categories(self) -> dict[str, Category]:
        return self.data.categories

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.data.entries}

    def entry(self, entry_id: str) -> Entry:
        """The entry ``entry_id``; KeyError when there is none."""
        return self._by_id[entry_id]

    def fingerprint(self) -> str:
        """sha256 of what the lexicon says (entries, categories, sources), not of its file: editing a comment
        does not change it, editing a wording does."""
        return hashlib.sha256(self.data.model_dump_json().encode("utf-8")).hexdigest()

    def category_name(self, category: str) -> str:
        return self.categories[category].name

    @cached_property
    def _matcher(self) -> WordingMatcher[Entry]:
        return WordingMatcher(self.data.entries)

    def find(self, text: str) -> list[LexiconHit]:
        """Every hit in ``text``, left to right; at each position the longest wording wins and hits do not
        overlap. Offsets are into ``text`` (matching is on its half-width form)."""
        return _hits(self._matcher.find(text))

    def find_many(self, texts: Sequence[str]) -> list[list[LexiconHit]]:
        """``find`` of each of ``texts``, all at once: faster than one by one."""
        return [_hits(matches) for matches in self._matcher.find_many(texts)]

    def phrase_count(self) -> int:
        """Phrases and patterns in all: the number of wordings the lexicon finds."""
        return sum(len(e.phrases) + len(e.patterns) for e in self.data.entries)


def _hits(matches: list[Match[Entry]]) -> list[LexiconHit]:
    return [LexiconHit(m.entry.id, m.entry.category, m.start, m.end, m.matched) for m in matches]


@cache
def _default() -> VagueLexicon:
    return VagueLexicon.load()
