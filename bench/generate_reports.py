"""Synthetic 述职报告 for the benches: deterministic, about 3,000 字 each, with known near-copies among them.

    from bench.generate_reports import generate
    reports = generate(1000, seed=SEED, duplicate_share=0.1)   # [GeneratedReport(name, text, copied_from)]

Each report has a title, a byline and the four-part framework's headings (一、主要工作进展成效 / 二、工作特色亮点 /
三、存在问题及整改措施 / 四、下一步工作计划), each section filled with our own labelled sentences of that section
(``corpora/labelled/vagueness-*.jsonl``) up to its share of the length, in paragraphs of two to five sentences.
Sentences come from every branch kind: one kind alone has about 100 sentences a section, and two reports
drawn from it would share a quarter of their text; drawn from all, two reports share 3-5%, as two real
reports of one framework do. Figures are drawn anew for every report (years are kept).

``duplicate_share`` of the reports are copies of another report (each original copied at most once, so
the copies make exactly the injected pairs): the original's sentences in the original's order, 10-30% of
them replaced by other sentences of the same section, every figure updated, and a title and byline of
their own, as one branch's secretary would copy another's report. ``copied_from`` names the original.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = sorted((ROOT / "corpora" / "labelled").glob("vagueness-*.jsonl"))
SEED = 20231231
REPORT_CHARS = 3000
YEAR = 2023
CHANGED = (0.10, 0.30)  # share of a copy's sentences that are replaced
SECTIONS = (  # key, heading, share of the length
    ("achievements", "一、主要工作进展成效", 0.40),
    ("highlights", "二、工作特色亮点", 0.20),
    ("problems", "三、存在问题及整改措施", 0.20),
    ("plans", "四、下一步工作计划", 0.20),
)
_UNITS = ("机械工程学院", "化学学院", "外国语学院", "附属医院", "城建集团", "南岭社区", "清溪村", "机关", "材料研究所")
_KINDS = ("教工", "学生", "离退休", "机关", "第一", "第二", "第三", "综合")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "立群文华明建国志强海燕静丽伟红军平晓光"
_FIGURE_RE = re.compile(r"\d+")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class GeneratedReport:
    """One generated report: its file name, its text, and the name of the report it copies (or None)."""

    name: str
    text: str
    copied_from: str | None = None

    @property
    def data(self) -> bytes:
        """The .txt file's bytes (UTF-8)."""
        return self.text.encode("utf-8")

    @property
    def docx_name(self) -> str:
        return self.name.removesuffix(".txt") + ".docx"

    def docx(self) -> bytes:
        """The same report as a Word file written by python-docx: the title centred, the section headings in
        Heading 1, every other line a paragraph."""
        import io

        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        document = docx.Document()
        headings = {heading for _, heading, _ in SECTIONS}
        for number, line in enumerate(self.text.splitlines()):
            if not line.strip():
                continue
            if number == 0:
                document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif line in headings:
                document.add_heading(line, level=1)
            else:
                document.add_paragraph(line)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


@dataclass(frozen=True)
class _Draft:
    title: str
    byline: str
    sections: tuple[tuple[tuple[str, ...], ...], ...]  # per section of SECTIONS: paragraphs of labelled sentences
    figures: int  # the seed the report's figures are drawn with


@lru_cache(maxsize=1)
def sentence_pools() -> dict[str, tuple[str, ...]]:
    """Our labelled sentences by section key, in file order."""
    pools: dict[str, list[str]] = {key: [] for key, _, _ in SECTIONS}
    for path in LABELLED:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["section"] in pools:
                    pools[row["section"]].append(row["text"])
    return {key: tuple(texts) for key, texts in pools.items()}


def generate(
    n: int, seed: int = SEED, duplicate_share: float = 0.1, chars: int = REPORT_CHARS
) -> list[GeneratedReport]:
    """``n`` reports named report-00000.txt …, of which ``round(n * duplicate_share)`` copy another."""
    copies = round(n * duplicate_share)
    if not 0 <= 2 * copies <= n:
        raise ValueError(f"duplicate_share {duplicate_share} leaves too few originals for {n} reports")
    rng = random.Random(seed)
    pools = sentence_pools()
    chosen = rng.sample(range(n), 2 * copies)
    original_of = dict(zip(chosen[copies:], chosen[:copies], strict=True))
    drafts = {i: _draft(rng, pools, chars) for i in range(n) if i not in original_of}
    for i in sorted(original_of):
        drafts[i] = _copy(drafts[original_of[i]], rng, pools, rng.uniform(*CHANGED))
    return [
        GeneratedReport(
            name=report_name(i),
            text=_render(drafts[i]),
            copied_from=report_name(original_of[i]) if i in original_of else None,
        )
        for i in range(n)
    ]


def report_name(index: int) -> str:
    return f"report-{index:05d}.txt"


def change_sentences(sentences: list[str], share: float, rng: random.Random, pool: tuple[str, ...]) -> list[str]:
    """``sentences`` with ``round(share * len)`` of them replaced by sentences of ``pool`` they do not contain."""
    changed, used = list(sentences), set(sentences)
    for at in rng.sample(range(len(changed)), round(share * len(changed))):
        changed[at] = _fresh(pool, used, rng)
        used.add(changed[at])
    return changed


def _draft(rng: random.Random, pools: dict[str, tuple[str, ...]], chars: int) -> _Draft:
    sections = []
    for key, _, part in SECTIONS:
        budget, picked, used = part * chars, [], set()
        while budget > 0 and len(used) < len(pools[key]):
            sentence = _fresh(pools[key], used, rng)
            used.add(sentence)
            picked.append(sentence)
            budget -= len(sentence)
        sections.append(_paragraphs(picked, rng))
    return _Draft(title=_title(rng), byline=_byline(rng), sections=tuple(sections), figures=rng.getrandbits(32))


def _copy(original: _Draft, rng: random.Random, pools: dict[str, tuple[str, ...]], share: float) -> _Draft:
    """Another branch's report made from ``original``: ``share`` of its sentences replaced, figures updated."""
    flat = [
        (s, p, sentence)
        for s, section in enumerate(original.sections)
        for p, para in enumerate(section)
        for sentence in para
    ]
    replaced = set(rng.sample(range(len(flat)), round(share * len(flat))))
    used = {sentence for _, _, sentence in flat}
    sections: list[list[list[str]]] = [[[] for _ in section] for section in original.sections]
    for at, (s, p, sentence) in enumerate(flat):
        if at in replaced:
            sentence = _fresh(pools[SECTIONS[s][0]], used, rng)
            used.add(sentence)
        sections[s][p].append(sentence)
    return _Draft(
        title=_title(rng),
        byline=_byline(rng),
        sections=tuple(tuple(tuple(para) for para in section) for section in sections),
        figures=rng.getrandbits(32),
    )


def _fresh(pool: tuple[str, ...], used: set[str], rng: random.Random) -> str:
    while True:
        sentence = rng.choice(pool)
        if sentence not in used:
            return sentence


def _refigure(sentence: str, rng: random.Random) -> str:
    """Every figure but a year drawn anew, with as many digits."""

    def figure(match: re.Match[str]) -> str:
        digits = match.group()
        if _YEAR_RE.fullmatch(digits):
            return digits
        return str(rng.randint(1 if len(digits) == 1 else 10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    return _FIGURE_RE.sub(figure, sentence)


def _paragraphs(sentences: list[str], rng: random.Random) -> tuple[tuple[str, ...], ...]:
    paragraphs, at = [], 0
    while at < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append(tuple(sentences[at : at + size]))
        at += size
    return tuple(paragraphs)


def _title(rng: random.Random) -> str:
    return f"{rng.choice(_UNITS)}{rng.choice(_KINDS)}党支部书记{YEAR}年度述职报告"


def _byline(rng: random.Random) -> str:
    return f"党支部书记 {rng.choice(_SURNAMES)}{''.join(rng.choices(_GIVEN, k=rng.randint(1, 2)))}"


def _render(draft: _Draft) -> str:
    figures = random.Random(draft.figures)
    lines = [draft.title, draft.byline]
    for (_, heading, _), paragraphs in zip(SECTIONS, draft.sections, strict=True):
        lines.append(heading)
        lines.extend("".join(_refigure(sentence, figures) for sentence in paragraph) for paragraph in paragraphs)
    return "\n".join(lines) + "\n"
