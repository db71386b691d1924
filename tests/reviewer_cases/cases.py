"""The labelled reviewer cases (``tests/reviewer_cases/cases.yaml``, GUIDE.md beside this file), loaded and checked.

``python -m tests.reviewer_cases.cases [FILE]`` validates a file and prints its counts. Each case becomes the
text of a .txt report (title, headings, paragraphs, one per line), as the txt reader would see it.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.yaml"  # the set the checks were tuned on
HELDOUT = HERE / "heldout.yaml"  # written apart from the checks and from cases.yaml, never tuned on

RULES = (
    "residue.placeholder",
    "timeliness.year_mismatch",
    "timeliness.stale_term",
    "terms.nonstandard",
    "rectification.no_measures",
    "rectification.vague_measure",
    "rectification.previous_unaddressed",
    "similarity.previous_year",
    "voice.no_personal_role",
)
WHOLE_REPORT_RULES = ("similarity.previous_year", "voice.no_personal_role")
PROFILES = ("four-part", "sztu-2022", "sysu-2020")


class CaseError(ValueError):
    """A case that does not fit GUIDE.md; the message names the case."""


@dataclass(frozen=True, slots=True)
class Expected:
    rule: str
    text: str | None


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    profile: str
    year: int
    report: str  # the .txt text
    filename: str
    previous: str | None
    expect: tuple[Expected, ...]


def _report_text(raw: dict, year: int, where: str) -> str:
    title = str(raw.get("title") or f"{year}年度党支部书记述职报告")
    sections = raw.get("sections")
    if not isinstance(sections, list) or not sections:
        raise CaseError(f"{where}: no sections")
    lines = [title]
    for section in sections:
        if not isinstance(section, dict) or not section.get("heading"):
            raise CaseError(f"{where}: a section without a heading")
        lines.append(str(section["heading"]))
        lines.extend(str(p) for p in section.get("paragraphs") or [])
    return "\n".join(lines)


def load_cases(path: Path = CASES) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("source") or not isinstance(data.get("cases"), list):
        raise CaseError(f"{path}: expected a mapping with 'source' and a list of 'cases'")
    out, ids = [], set()
    for n, raw in enumerate(data["cases"]):
        cid = str(raw.get("id", f"#{n}"))
        where = f"{path.name}: case {cid}"
        if cid in ids:
            raise CaseError(f"{where}: id given twice")
        ids.add(cid)
        if raw.get("profile") not in PROFILES:
            raise CaseError(f"{where}: profile {raw.get('profile')!r}; expected one of {list(PROFILES)}")
        year = raw.get("year")
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise CaseError(f"{where}: year {year!r}; expected a year such as 2023")
        report = _report_text(raw, year, where)
        previous = _report_text(raw["previous"], year - 1, where + " (previous)") if raw.get("previous") else None
        expect = []
        for item in raw.get("expect") or []:
            rule, text = item.get("rule"), item.get("text")
            if rule not in RULES:
                raise CaseError(f"{where}: rule {rule!r}; expected one of {list(RULES)}")
            if text is None and rule not in WHOLE_REPORT_RULES:
                raise CaseError(f"{where}: {rule} needs the 'text' it quotes")
            if text is not None and str(text) not in report and str(text) not in (previous or ""):
                raise CaseError(f"{where}: {rule} text {text!r} is in neither this year's nor last year's report")
            expect.append(Expected(rule, None if text is None else str(text)))
        out.append(Case(cid, raw["profile"], year, report, f"{year}年度述职报告.txt", previous, tuple(expect)))
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else CASES
    try:
        cases = load_cases(path)
    except (CaseError, OSError, yaml.YAMLError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    rules = Counter(e.rule for c in cases for e in c.expect)
    print(
        f"{path.name}: {len(cases)} cases ({sum(c.previous is not None for c in cases)} with last year's report), "
        f"{sum(rules.values())} expected findings; {sum(not c.expect for c in cases)} cases expect none; "
        + ", ".join(f"{r} {rules.get(r, 0)}" for r in RULES)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
