"""Numbered formulas (三会一课, 两个维护, 一是 …) and set words (一系列, 二十大) whose numbers are not data.

``corpora/lexicons/number_formulas.yaml``: ``phrases`` and ``patterns`` are formulas, ``idioms`` and
``idiom_patterns`` are set words and names. Both are masked (blanked, same length) before numbers are read, by
the vagueness classifier (a formula is a feature and a reason: "“三会一课”是固定提法，不是数据") and by the
data-point extractor (the "两个" of 两个维护 is not a count).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

from analyzers.analysis_memo import AnalysisMemo
from analyzers.wording import sparse_scanner

FORMULAS_PATH = Path(__file__).resolve().parent.parent / "corpora" / "lexicons" / "number_formulas.yaml"
MASK = "□"


class FormulasError(ValueError):
    """The formula list cannot be used; the message names the file."""


@dataclass(frozen=True)
class NumberFormulas:
    """Numbered formulas (三会一课, 两个维护, 一是 …) and set words (一系列, 二十大) whose numbers are not data.

    ``corpora/lexicons/number_formulas.yaml``: ``phrases`` and ``patterns`` are formulas (a feature, and a
    reason), ``idioms`` and ``idiom_patterns`` are only masked.
    """

    formulas: re.Pattern[str]
    idioms: re.Pattern[str]  # the fixed words only: re finds an alternation of literals some 70 times faster
    idiom_patterns: re.Pattern[str] = re.compile(r"(?!)")
    source: str = ""

    def fingerprint(self) -> str:
        """sha256 of the formulas and idioms as compiled (a comment in the file does not change it)."""
        compiled = f"{self.formulas.pattern}\n{self.idioms.pattern}\n{self.idiom_patterns.pattern}"
        return hashlib.sha256(compiled.encode()).hexdigest()

    @classmethod
    def load(cls, path: Path = FORMULAS_PATH) -> NumberFormulas:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # Longest first, so that 三会一课制度 would win over 三会一课; then alphabetical, so that the regex (and
        # the fingerprint) is the same in every process.
        phrases = sorted({str(p) for p in data.get("phrases", [])}, key=lambda p: (-len(p), p))
        idioms = sorted({str(p) for p in data.get("idioms", [])}, key=lambda p: (-len(p), p))
        patterns = [str(p) for p in data.get("patterns", [])]
        idiom_patterns = [str(p) for p in data.get("idiom_patterns", [])]
        if not phrases and not patterns:
            raise FormulasError(f"{path}: no phrases or patterns")
        try:
            formulas = re.compile("|".join([*map(re.escape, phrases), *patterns]))
            set_words = re.compile("|".join(map(re.escape, idioms)) or r"(?!)")
            set_patterns = re.compile("|".join(idiom_patterns) or r"(?!)")
        except re.error as exc:
            raise FormulasError(f"{path}: a pattern is not a regular expression ({exc})") from exc
        return cls(formulas, set_words, set_patterns, str(data.get("source", "")))

    def mask(self, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` with every formula and idiom blanked (same length) and the formulas found; inside
        ``shared_masks()`` a text already masked is not masked again."""
        return _MASKS.get((id(self), text), self._mask, text)

    def _mask(self, text: str) -> tuple[str, tuple[str, ...]]:
        matches = list(self._find_formulas(text))
        text = _blank(text, matches)
        # the patterns first: an idiom inside one (一贯 of 九年一贯制) would hide it
        text = _blank(text, self._find_idiom_patterns(text))
        text = self.idioms.sub(lambda m: MASK * len(m.group(0)), text)
        return text, tuple(m.group(0) for m in matches)

    @cached_property
    def _find_idiom_patterns(self) -> Callable[[str], Iterator[re.Match[str]]]:
        return sparse_scanner(self.idiom_patterns)

    @cached_property
    def _find_formulas(self) -> Callable[[str], Iterator[re.Match[str]]]:
        return sparse_scanner(self.formulas)


def _blank(text: str, matches: Iterable[re.Match[str]]) -> str:
    """``text`` with each of ``matches`` blanked where found (what ``pattern.sub`` would replace), not searched for
    again."""
    parts, end = [], 0
    for match in matches:
        parts += (text[end : match.start()], MASK * (match.end() - match.start()))
        end = match.end()
    return "".join(parts) + text[end:] if parts else text


_MASKS: AnalysisMemo[tuple[int, str], tuple[str, tuple[str, ...]]] = AnalysisMemo("shared_masks")


def shared_masks() -> AbstractContextManager[None]:
    """Inside it each distinct text is masked once (an analysis masks each sentence for its data points and again
    for its vagueness); the masks are dropped when it ends, so nothing is kept from one report to the next."""
    return _MASKS.shared()


@cache
def default_formulas() -> NumberFormulas:
    return NumberFormulas.load()

