"""Outline: a Document's blocks grouped into the sections of a Profile.

1. Front and back matter. The title, the author line, the addressee ("各位领导、同志们：") at the top and
   the closing formula, signature and date lines at the bottom are nobody's section.
2. Headings. The reader marks headings (docx styles and outline levels, numbering 一、 > （一） > 1. >
   （1）, bold and font size); the outline drops the ones that are really paragraphs with a run-in heading
   ("一是加强学习。……", "（一）强化政治引领。支部坚持……"). The top level of the report body is the
   shallowest level among the remaining headings, whatever its numbering: a report may start at （一）.
3. Wording. Each top-level heading is scored 0..1 against every section of the profile, using only the
   profile's data (each section's ``name``, ``headings`` and ``cues``). The heading is normalised (no
   label, year, leading 本人/支部, trailing note in brackets, punctuation or 的); an exact wording scores 1.
   Otherwise the score is the better of two measures:
   - coverage: each character is credited with the specificity of the best bigram of the section's
     wordings covering it (a bigram found in the wordings of one section is worth 1, in k sections
     1/k; one found only in its content cues CUE_BIGRAM_WEIGHT of that), averaged with generic words
     (工作, 情况, ...) counting GENERIC_WEIGHT of a character;
   - key terms: the wordings, their parts and what is left of them without generic words (下一步工作思路
     gives 下一步 and 思路) are terms; the section owning the last term in the heading (Chinese puts
     the head last: 党建工作思路 is a 思路) gets TERM_HEAD, others with a term TERM_OTHER, times the
     term's specificity.
   A heading joining parts with 及/和/与/、 names its first part: later parts count PART_DISCOUNT
   ("存在问题及下一步打算" is problems). Numbering and order never decide. Above ACCEPT with a lead of
   MARGIN the heading names its best section; a near tie, or a score from LOW up to ACCEPT, is settled
   by its part's content. Below, the heading is unrecognised (key None), unless its content
   is clearly (CONTENT_CLAIM) a section that no heading names: then it takes it, ``matched_by="content"``.
   A top-level heading that names nothing but whose subheadings name two sections or more is a wrapper:
   its subsections stand in for it.
4. Content. A report with no headings, or with headings none of which names a section, is split by
   content: each block gets the probabilities of the section classifier (``analyzers.section_model``),
   or of the profile's cues without it, and a Viterbi pass over them finds contiguous runs, preferring
   the profile's order (NEXT_COST < SKIP_COST < BACKWARD_COST), allowing another, and absorbing short
   interruptions. Leading and trailing "none" states take the opening and closing matter. A heading's
   part is one unit, never split. A long unheaded stretch before the first heading gets the same pass.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from analyzers.document import Block, BlockKind, Document
from analyzers.labels import parse_label
from analyzers.outline_types import Heading, Outline, OutlineSection
from analyzers.profiles import Profile
from analyzers.text import normalize_width

if TYPE_CHECKING:
    from analyzers.section_model import SectionClassifier

# --- thresholds of the heading match (scores are 0..1) ---------------------------------------------
# A heading whose best section scores more than ACCEPT names that section (half a heading is no majority:
# "学习心得" shares 学习 with a cue and nothing else). From LOW up to ACCEPT it names it only if its
# section's content agrees. Two sections closer than MARGIN are a tie that the content
# settles, weighing CONTENT_WEIGHT against the wording. Measured on tests/outline_cases (``make eval``).
ACCEPT = 0.5
LOW = 0.34
MARGIN = 0.12
CONTENT_WEIGHT = 0.3
# Words that say nothing about which section a heading names: they count GENERIC_WEIGHT of a character.
GENERIC_WORDS = ("工作", "情况", "主要", "方面", "有关", "相关", "总体", "基本", "内容", "建设")
GENERIC_WEIGHT = 0.3
# Key-term evidence: the section of the heading's head term (the last one) gets TERM_HEAD x the term's
# specificity, a section with a term elsewhere in the heading TERM_OTHER x it. A merged heading
# ("存在问题及下一步打算") names its first part; a later part counts PART_DISCOUNT of its score.
TERM_HEAD = 0.75
TERM_OTHER = 0.45
PART_DISCOUNT = 0.8
# A bigram of a section's content cues but none of its heading wordings is weaker evidence for a heading.
CUE_BIGRAM_WEIGHT = 0.5

# An unrecognised heading takes a section no other heading names when this share of its part's content
# (classifier or cue probabilities, weighted by length) is that section's.
CONTENT_CLAIM = 0.5

# --- content pass -----------------------------------------------------------------------------------
NEXT_COST = 0.2  # moving on to the next section of the profile
SKIP_COST = 1.0  # moving on past one or more sections (a report may leave one out)
BACKWARD_COST = 3.0  # going back to an earlier one (reports do, but rarely)
CUE_SMOOTHING = 0.5  # pseudo-count of every state when probabilities come from cues
CUE_FLOOR = 0.5  # least mean hits a section's cue rate is divided by
# Text before the first top-level heading is opening matter unless it is this long: then the content
# pass looks for sections in it (a report may give its first part no heading).
LEAD_MIN_BLOCKS = 2
LEAD_MIN_CHARS = 300

_SENTENCE_END = "。！？!?；;"
_MAX_FRONT_LINE = 50
_MAX_SIGNATURE = 40
_DATE_RE = re.compile(
    r"^[（(]?\s*(?:(?:日期|时间)\s*[：:]\s*)?(?:"
    r"(?:(?:19|20)[0-9]{2}|[二〇○零一三四五六七八九]{4})\s*年\s*"
    r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
    r"|(?:19|20)[0-9]{2}\s*([./-])\s*[0-9]{1,2}(?:\s*\1\s*[0-9]{1,2})?"  # 2022.12.20, 2022-12-20, 2022/12/20
    r")\s*[）)]?$"
)
_CLOSING_RE = re.compile(
    r"以上.{0,15}(?:述职|报告|汇报)|批评指正|请.{0,10}审[议阅]|谢谢(?:大家)?|(?:述职|汇报|报告)完毕|特此(?:报告|述职|汇报)"
    r"|不妥之处"
)
# Back matter (see _back_start): at most _MAX_BACK_LINES lines, of which at most _MAX_BARE_SIGNATURES
# bare short lines (a name); signature lines that say what they are, unit names and dates are not counted.
_MAX_BACK_LINES = 12
_MAX_BARE_SIGNATURES = 2
_SIGNATURE_RE = re.compile(
    r"述职人|报告人|汇报人|签字|签名|签章|盖章|^(?:姓名|单位|职务)\s*[：:]|书记(?:\s+|\s*[：:]\s*)[\u4e00-\u9fff·]{2,4}$"
)
_UNIT_RE = re.compile(r"(?:支部|总支|党委|委员会|学院|大学|学校|公司|医院|研究院|研究所|中心|社区|村)$")
_ATTACHMENT_RE = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*(?:\s*[：:.．、]|$)|^附\s*[：:]")
_OPENING_RE = re.compile(r"(?:报告|汇报|述职)如下|现将.{0,40}(?:报告|汇报)")
_ADDRESSEE_RE = re.compile(r"^(?:尊敬的|各位|亲爱的).{0,30}[：:]$")
_AUTHOR_RE = re.compile(r"述职人|报告人|书记|姓名|单位|支部|党委|学院|[：:]")
_TITLE_RE = re.compile(r"述职|报告|总结|汇报")
_RUN_IN_RE = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|第[一二三四五六七八九十]+[，,、])")

_YEAR_RE = re.compile(r"(?:(?:19|20)[0-9]{2}|[二〇零一三四五六七八九]{4})\s*(?:年度|年)?")
_LEADING_SUBJECT_RE = re.compile(r"^(?:年度|本年度|全年|本人|我们|我|本支部|我支部|党支部|支部)+")
_TRAILING_NOTE_RE = re.compile(r"[（(][^（）()]*[）)]$")
_NOT_WORD_RE = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_SPLIT_RE = re.compile(r"以及|及其|及|和|与|暨|并|、")
_GENERIC_RE = re.compile("|".join(GENERIC_WORDS))
_GENERIC_SET = frozenset(GENERIC_WORDS)


# ---------------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------------


def build_outline(document: Document, profile: Profile, classifier: SectionClassifier | None = None) -> Outline:
    """Group ``document``'s blocks into ``profile``'s sections (see the module docstring)."""
    blocks = document.blocks
    n = len(blocks)
    matcher = _matcher(profile)
    front_end = _front_end(blocks, matcher)
    back_start = _back_start(blocks, front_end)
    content = _ContentScorer(blocks, profile, matcher, classifier)

    body_headings = [i for i in range(front_end, back_start) if _is_heading(blocks[i])]
    top = min((_level(blocks[i]) for i in body_headings), default=None)
    headings = [
        Heading(block=i, level=0, label=blocks[i].label, text=blocks[i].text)
        for i in range(front_end)
        if blocks[i].kind is BlockKind.HEADING and blocks[i].level == 0
    ]
    if top is not None:
        headings += [
            Heading(block=i, level=_level(blocks[i]) - top + 1, label=blocks[i].label, text=blocks[i].text)
            for i in body_headings
        ]

    sections: list[OutlineSection] = []
    if top is not None:
        sections = _heading_sections(blocks, body_headings, top, back_start, matcher, content)
    if not any(s.key is not None for s in sections):
        # No heading names a section: the content decides, a heading's part staying in one piece.
        units = _units(blocks, front_end, back_start, body_headings, top)
        sections = _content_sections(units, content, allow_lead=True, allow_tail=True)
    else:
        sections = _claim_by_content(sections, content)
        first = sections[0].start_block
        lead = [b for b in range(front_end, first) if blocks[b].text.strip()]
        if len(lead) >= LEAD_MIN_BLOCKS and sum(len(blocks[b].text) for b in lead) >= LEAD_MIN_CHARS:
            # A first part without a heading: sections the content finds there, if no heading names them.
            claimed = {s.key for s in sections}
            found = _content_sections([[b] for b in range(front_end, first)], content, True, False)
            sections = [s for s in found if s.key not in claimed] + sections

    if sections:
        front = (0, sections[0].start_block)
        last = sections[-1].end_block
        back = (last, n)
    else:
        front, back = (0, front_end), (back_start, n)
    return Outline(sections=tuple(sections), headings=tuple(headings), front_matter=front, back_matter=back)


# ---------------------------------------------------------------------------------------------------
# Front and back matter
# ---------------------------------------------------------------------------------------------------


def _front_end(blocks: Sequence[Block], matcher: _Matcher) -> int:
    """Index of the first block after the title (one or more lines), author line, addressee and date."""

    def short_line(block: Block) -> bool:
        text = block.text.strip()
        return len(text) <= _MAX_FRONT_LINE and not _has_sentence_end(text) and parse_label(text) is None

    title_at = next(
        (
            i
            for i, block in enumerate(blocks[:3])
            if short_line(block)
            and ((block.kind is BlockKind.HEADING and block.level == 0) or _TITLE_RE.search(block.text))
        ),
        None,
    )
    seen_title = title_at is not None and all(short_line(b) for b in blocks[:title_at])
    i = title_at + 1 if seen_title and title_at is not None else 0
    while i < len(blocks) and i < 8:
        block = blocks[i]
        text = block.text.strip()
        if not text:
            i += 1
            continue
        if _ADDRESSEE_RE.match(text) or (len(text) <= 20 and text.endswith(("：", ":")) and parse_label(text) is None):
            pass
        elif not short_line(block):
            break
        elif _DATE_RE.match(text):
            pass
        elif seen_title and (_AUTHOR_RE.search(text) or len(text) <= 12 or text.startswith(("—", "-"))):
            if block.kind is BlockKind.HEADING and matcher.best(text)[1] > ACCEPT:
                break  # an unnumbered section heading right under the title
        else:
            break
        i += 1
    return i


def _back_start(blocks: Sequence[Block], front_end: int) -> int:
    """Index of the first block of the back matter: the closing formula (以上是我的述职报告，请审议。 特此报告),
    signature lines (述职人：…, 签字, a unit's name, 书记 张三, at most _MAX_BARE_SIGNATURES bare short lines
    such as a name), dates in any common form and an attachment list (附件：… and the short lines after
    it), within the last _MAX_BACK_LINES blocks."""
    n = len(blocks)
    lowest = max(front_end, n - _MAX_BACK_LINES)
    texts = {i: normalize_width(blocks[i].text).strip() for i in range(lowest, n)}
    start = n
    # An attachment list runs from its 附件 line to the end, its lines short.
    for i in range(lowest, n):
        if _ATTACHMENT_RE.match(texts[i]) and all(_short_line(texts[j], 60) for j in range(i + 1, n)):
            start = i
            break
    bare = 0
    while start > lowest:
        block = blocks[start - 1]
        text = texts[start - 1]
        heading = block.kind is BlockKind.HEADING
        if not text or _DATE_RE.match(text):
            pass
        elif _CLOSING_RE.search(text) and len(text) <= 80 and not heading:
            pass
        elif _SIGNATURE_RE.search(text) and len(text) <= _MAX_SIGNATURE and parse_label(text) is None:
            pass
        elif (
            _short_line(text, _MAX_SIGNATURE)
            and parse_label(text) is None
            and not heading
            and not text.endswith(("，", ",", "：", ":"))
        ):
            if not _UNIT_RE.search(text):  # a unit's name counts as a signature; a bare line, up to a limit
                if bare == _MAX_BARE_SIGNATURES:
                    break
                bare += 1
        else:
            break
        start -= 1
    return start


def _short_line(text: str, limit: int) -> bool:
    """At most ``limit`` characters and no sentence end: a name, a title, an item of a list."""
    return len(text) <= limit and not _has_sentence_end(text)


def _has_sentence_end(text: str) -> bool:
    return any(mark in text for mark in _SENTENCE_END)


# ---------------------------------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------------------------------


def _is_heading(block: Block) -> bool:
    """A heading of the body: marked by the reader, not a run-in heading that opens a paragraph."""
    if block.kind is not BlockKind.HEADING:
        return False
    text = block.text.strip()
    body = text[len(block.label) :].strip() if block.label and text.startswith(block.label) else text
    if _RUN_IN_RE.match(body):
        return False
    inner = body.rstrip(_SENTENCE_END)
    return not (len(body) > 15 and any(mark in inner for mark in _SENTENCE_END))


def _level(block: Block) -> int:
    return block.level if block.level else 1


def _heading_sections(
    blocks: Sequence[Block],
    body_headings: list[int],
    top: int,
    back_start: int,
    matcher: _Matcher,
    content: _ContentScorer,
) -> list[OutlineSection]:
    """One section per top-level heading; an unmatched wrapper heading gives way to its matched children."""
    tops = [i for i in body_headings if _level(blocks[i]) == top]
    result: list[OutlineSection] = []
    for k, start in enumerate(tops):
        end = tops[k + 1] if k + 1 < len(tops) else back_start
        section = _map_heading(blocks, start, end, matcher, content)
        if section.key is None:
            children = _children(blocks, body_headings, start, end, top)
            if children:
                mapped = [_map_heading(blocks, s, e, matcher, content) for s, e in children]
                if len({m.key for m in mapped if m.key is not None}) >= 2:
                    result.extend(mapped)
                    continue
        result.append(section)
    return result


def _claim_by_content(sections: list[OutlineSection], content: _ContentScorer) -> list[OutlineSection]:
    """An unrecognised heading whose part is clearly about a section that no heading names takes that key,
    ``matched_by="content"`` ("四、2025年工作设想" is the plans when no other part is)."""
    claimed = {s.key for s in sections if s.key is not None}
    result = []
    for section in sections:
        if section.key is None:
            shares = content.shares(range(section.start_block + 1, section.end_block))
            if shares:
                key = max(shares, key=lambda k: shares[k])
                if key not in claimed and shares[key] >= CONTENT_CLAIM:
                    claimed.add(key)
                    section = replace(section, key=key, matched_by="content", score=round(shares[key], 3))
        result.append(section)
    return result


def _children(
    blocks: Sequence[Block], body_headings: list[int], start: int, end: int, top: int
) -> list[tuple[int, int]]:
    inner = [i for i in body_headings if start < i < end]
    if not inner:
        return []
    level = min(_level(blocks[i]) for i in inner)
    if level <= top:
        return []
    starts = [i for i in inner if _level(blocks[i]) == level]
    return [(s, starts[k + 1] if k + 1 < len(starts) else end) for k, s in enumerate(starts)]


def _map_heading(
    blocks: Sequence[Block], start: int, end: int, matcher: _Matcher, content: _ContentScorer
) -> OutlineSection:
    """The section a top-level heading names by its wording; its part's content settles a near tie, and
    confirms a heading that fits only loosely (score between LOW and ACCEPT)."""
    title = blocks[start].text
    scores = matcher.scores(title)
    ranked = sorted(scores, key=lambda k: (-scores[k][0], scores[k][1]))
    best_key = ranked[0]
    best = scores[best_key][0]
    second = scores[ranked[1]][0] if len(ranked) > 1 else 0.0
    key: str | None = None
    score = best
    if best > ACCEPT and best - second >= MARGIN:
        key = best_key
    elif best >= LOW:
        shares = content.shares(range(start + 1, end))
        if shares is None:
            key = best_key if best > ACCEPT else None
        else:
            combined = {k: s + CONTENT_WEIGHT * shares[k] for k, (s, _) in scores.items() if s >= LOW}
            choice = max(combined, key=lambda k: (combined[k], -scores[k][1]))
            if best > ACCEPT or choice == best_key == max(shares, key=lambda k: shares[k]):
                key, score = choice, scores[choice][0]
    also = tuple(k for k, (s, part) in scores.items() if key is not None and k != key and part == 1 and s > ACCEPT)
    return OutlineSection(
        key=key,
        title=title,
        matched_by="heading",
        start_block=start,
        end_block=end,
        heading_block=start,
        score=round(score, 3),
        also=also,
    )


def normalize_heading(text: str) -> str:
    """A heading reduced to its wording: no label, year, 本人/支部, trailing note, punctuation or 的."""
    text = normalize_width(text).strip().lower()
    for _ in range(2):
        label = parse_label(text)
        if label is None:
            break
        text = text.lstrip(" \u3000\t")[len(label.text) :].strip()
    text = _YEAR_RE.sub("", text)
    stripped = _TRAILING_NOTE_RE.sub("", text)
    if len(_NOT_WORD_RE.sub("", stripped)) >= 2:
        text = stripped
    text = text.replace("的", "")
    text = _NOT_WORD_RE.sub(lambda m: "、" if m.group(0).strip() else "", text).strip("、")
    stripped = _LEADING_SUBJECT_RE.sub("", text)
    return stripped if len(stripped) >= 2 else text


class _Matcher:
    """Scores a heading against each section of one profile (see the module docstring, step 3)."""

    def __init__(self, profile: Profile) -> None:
        self.keys = [s.key for s in profile.sections]
        self.exact: dict[str, str] = {}
        phrases: dict[str, set[str]] = {}
        named: dict[str, set[str]] = {}  # bigrams of the section's own heading wordings
        for spec in profile.sections:
            own: list[str] = []
            for wording in (spec.name, *spec.headings):
                norm = normalize_heading(wording)
                self.exact.setdefault(norm, spec.key)
                own.append(norm)
            named[spec.key] = {w[i : i + 2] for w in own for i in range(len(w) - 1)}
            own += [normalize_heading(c) for c in spec.cues]
            phrases[spec.key] = {p for phrase in own for p in (phrase, *_SPLIT_RE.split(phrase)) if len(p) >= 2}
        # Bigram weights: 1 / the number of sections whose wordings hold the bigram, CUE_BIGRAM_WEIGHT of
        # that for a bigram only the section's content cues hold (理论学习's 学习 says little about 学习心得).
        bigrams = {key: {p[i : i + 2] for p in ps for i in range(len(p) - 1)} for key, ps in phrases.items()}
        df = Counter(g for grams in bigrams.values() for g in grams)
        self.weights = {
            key: {g: (1.0 if g in named[key] else CUE_BIGRAM_WEIGHT) / df[g] for g in grams}
            for key, grams in bigrams.items()
        }
        # Key terms: the wordings, their parts, and the parts left when generic words are taken out
        # ("下一步工作思路" -> 下一步, 思路), each weighted by 1 / the number of sections whose wordings contain it.
        terms = {key: {t for p in ps for t in (p, *_GENERIC_RE.split(p)) if len(t) >= 2} for key, ps in phrases.items()}
        blobs = {key: "|".join(sorted(ps)) for key, ps in phrases.items()}
        self.terms = {
            key: {t: 1.0 / sum(1 for blob in blobs.values() if t in blob) for t in ts if t not in _GENERIC_SET}
            for key, ts in terms.items()
        }
        # Paragraph cues: the profile's cues, weighted like the terms.
        cues = {
            spec.key: {c for c in (normalize_width(cue).lower() for cue in spec.cues) if len(c) >= 2}
            for spec in profile.sections
        }
        self.cue_weight = {
            key: {c: 1.0 / sum(1 for other in cues.values() if any(c in o for o in other)) for c in cs}
            for key, cs in cues.items()
        }
        self._cache: dict[str, dict[str, tuple[float, int]]] = {}

    def scores(self, heading: str) -> dict[str, tuple[float, int]]:
        """{key: (score 0..1, the part of the heading that gave it: 0 first, 1 a later one)}."""
        cached = self._cache.get(heading)
        if cached is not None:
            return cached
        text = normalize_heading(heading)
        result = {key: (0.0, 1) for key in self.keys}
        if text in self.exact:
            result[self.exact[text]] = (1.0, 0)
        elif len(text) >= 2:
            parts = [p for p in _SPLIT_RE.split(text) if len(p) >= 2]
            if len(parts) <= 1:
                terms = self._term_scores(text)
                result = {k: (max(self._coverage(text, k), terms[k]), 0) for k in self.keys}
            else:
                per_part = [self._part_scores(p) for p in parts]
                for k in self.keys:
                    first = max(self._coverage(text, k), per_part[0][k])
                    later = PART_DISCOUNT * max(s[k] for s in per_part[1:])
                    result[k] = (first, 0) if first >= later else (later, 1)
        if len(self._cache) < 4096:
            self._cache[heading] = result
        return result

    def best(self, heading: str) -> tuple[str, float]:
        key, (score, _) = max(self.scores(heading).items(), key=lambda kv: (kv[1][0], -kv[1][1]))
        return key, score

    def _part_scores(self, part: str) -> dict[str, float]:
        if part in self.exact:
            return {k: 1.0 if k == self.exact[part] else 0.0 for k in self.keys}
        terms = self._term_scores(part)
        return {k: max(self._coverage(part, k), terms[k]) for k in self.keys}

    def _term_scores(self, text: str) -> dict[str, float]:
        """The section whose key term ends last in ``text`` is its head (Chinese puts the head noun last:
        党建工作思路 is a 思路): TERM_HEAD x the term's weight; other sections with a term, TERM_OTHER x it."""
        found: dict[str, tuple[int, int, float]] = {}  # key -> (end, length, weight) of its last term
        for key in self.keys:
            best = (-1, 0, 0.0)
            for term, weight in self.terms[key].items():
                start = text.rfind(term)
                if start >= 0:
                    best = max(best, (start + len(term), len(term), weight))
            if best[0] >= 0:
                found[key] = best
        scores = dict.fromkeys(self.keys, 0.0)
        if not found:
            return scores
        head = max(found, key=lambda k: found[k])
        for key, (_, _, weight) in found.items():
            scores[key] = (TERM_HEAD if key == head else TERM_OTHER) * weight
        return scores

    def _coverage(self, text: str, key: str) -> float:
        """Mean over the characters of ``text`` of the best weight of a bigram of ``key`` covering it;
        characters of generic words count GENERIC_WEIGHT of one, separators nothing."""
        weights = self.weights[key]
        size = len(text)
        if size < 2:
            return 0.0
        credit = [0.0] * size
        importance = [0.0 if ch == "、" else 1.0 for ch in text]
        for match in _GENERIC_RE.finditer(text):
            for p in range(match.start(), match.end()):
                importance[p] = min(importance[p], GENERIC_WEIGHT)
        for i in range(size - 1):
            w = weights.get(text[i : i + 2])
            if w:
                credit[i] = max(credit[i], w)
                credit[i + 1] = max(credit[i + 1], w)
        total = sum(importance)
        return sum(c * m for c, m in zip(credit, importance, strict=True)) / total if total else 0.0

    def cue_hits(self, text: str) -> dict[str, float]:
        """Specificity-weighted count of each section's cues found in a paragraph."""
        return {key: sum(w for cue, w in self.cue_weight[key].items() if cue in text) for key in self.keys}


_MATCHERS: dict[int, tuple[Profile, _Matcher]] = {}


def _matcher(profile: Profile) -> _Matcher:
    entry = _MATCHERS.get(id(profile))
    if entry is not None and entry[0] is profile:
        return entry[1]
    if len(_MATCHERS) > 32:
        _MATCHERS.clear()
    matcher = _Matcher(profile)
    _MATCHERS[id(profile)] = (profile, matcher)
    return matcher


# ---------------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------------


class _ContentScorer:
    """Per block, the probability of each section of the profile and of "none" (opening/closing matter).

    From the classifier (one batch over all blocks, computed when first needed) when there is one, else
    from the profile's cues. ``None`` in place of a key is the "none" state.
    """

    def __init__(
        self, blocks: Sequence[Block], profile: Profile, matcher: _Matcher, classifier: SectionClassifier | None
    ) -> None:
        self.blocks = blocks
        self.profile = profile
        self.matcher = matcher
        self.classifier = classifier
        self.keys = [s.key for s in profile.sections]
        self._probs: list[dict[str | None, float]] | None = None

    def probs(self) -> list[dict[str | None, float]]:
        if self._probs is None:
            self._probs = self._from_classifier() if self.classifier is not None else self._from_cues()
        return self._probs

    def _from_classifier(self) -> list[dict[str | None, float]]:
        assert self.classifier is not None
        _, probs = self.classifier.predict_proba([b.text for b in self.blocks])
        column = {label: j for j, label in enumerate(self.classifier.classes)}
        owners = {label: s.key for s in self.profile.sections for label in s.content_labels}
        result = []
        for row in probs:
            dist: dict[str | None, float] = dict.fromkeys([*self.keys, None], 0.0)
            for label, j in column.items():
                dist[owners.get(label)] += float(row[j])
            result.append(dist)
        return result

    def _from_cues(self) -> list[dict[str | None, float]]:
        """Cue hits of each section, relative to that section's mean over the document (broad cues such as
        开展 fire everywhere; what marks a paragraph is more hits than usual), smoothed into probabilities."""
        hits = [self.matcher.cue_hits(normalize_width(b.text)) for b in self.blocks]
        means = {k: max(CUE_FLOOR, sum(h[k] for h in hits) / max(1, len(hits))) for k in self.keys}
        result = []
        for block, row in zip(self.blocks, hits, strict=True):
            text = normalize_width(block.text).strip()
            rel: dict[str | None, float] = {k: row[k] / means[k] for k in self.keys}
            rel[None] = 3.0 if _CLOSING_RE.search(text) or _OPENING_RE.search(text) or _DATE_RE.match(text) else 0.0
            total = sum(rel.values()) + CUE_SMOOTHING * len(rel)
            result.append({k: (v + CUE_SMOOTHING) / total for k, v in rel.items()})
        return result

    def shares(self, indices: range) -> dict[str, float] | None:
        """Length-weighted mean probability of each section over ``indices``; None when there is no text."""
        probs = self.probs()
        totals = dict.fromkeys(self.keys, 0.0)
        weight_sum = 0.0
        for i in indices:
            w = _weight(self.blocks[i])
            if self.blocks[i].kind is BlockKind.HEADING:
                continue
            weight_sum += w
            for k in self.keys:
                totals[k] += w * probs[i][k]
        if weight_sum == 0:
            return None
        return {k: v / weight_sum for k, v in totals.items()}


def _weight(block: Block) -> float:
    """How much a block's content counts: longer paragraphs say more about where they belong."""
    return min(2.0, max(0.25, len(block.text) / 80))


def _units(blocks: Sequence[Block], start: int, end: int, body_headings: list[int], top: int | None) -> list[list[int]]:
    """Blocks of the body grouped into the units the content pass labels: one per block, or one per
    top-level heading and its blocks when the report has headings (a heading's part stays in one piece)."""
    tops = [i for i in body_headings if top is not None and _level(blocks[i]) == top]
    if not tops:
        return [[i] for i in range(start, end)]
    units = [[i] for i in range(start, tops[0])]
    for k, s in enumerate(tops):
        e = tops[k + 1] if k + 1 < len(tops) else end
        units.append(list(range(s, e)))
    return units


def _content_sections(
    units: list[list[int]], content: _ContentScorer, allow_lead: bool, allow_tail: bool
) -> list[OutlineSection]:
    """Label units with a Viterbi pass and turn runs of one section into sections found by content."""
    if not units:
        return []
    probs = content.probs()
    keys = content.keys
    k_count = len(keys)
    # States: 0 = lead ("none" before the first section), 1..K = sections, K+1 = tail ("none" after).
    n_states = k_count + 2
    emissions: list[list[float]] = []
    for unit in units:
        row = [0.0] * n_states
        for i in unit:
            block = content.blocks[i]
            if block.kind is BlockKind.HEADING and len(unit) > 1:
                continue
            w = _weight(block)
            dist = probs[i]
            row[0] += w * math.log(dist[None] + 1e-6)
            row[-1] += w * math.log(dist[None] + 1e-6)
            for s, key in enumerate(keys, start=1):
                row[s] += w * math.log(dist[key] + 1e-6)
        emissions.append(row)

    lead, tail = 0, n_states - 1
    inf = -math.inf
    moves = [[0.0] * n_states for _ in range(n_states)]  # log-score of going from state a to state b
    for a in range(n_states):
        for b in range(n_states):
            if a == b:
                moves[a][b] = 0.0 if b != tail or allow_tail else inf
            elif a == tail or b == lead or (a == lead and b == tail) or (b == tail and not allow_tail):
                moves[a][b] = inf
            elif a == lead or b == tail:
                moves[a][b] = 0.0
            elif b == a + 1:
                moves[a][b] = -NEXT_COST
            else:
                moves[a][b] = -SKIP_COST if b > a else -BACKWARD_COST
    score = [inf if s == tail or (s == lead and not allow_lead) else 0.0 for s in range(n_states)]
    score = [score[s] + emissions[0][s] for s in range(n_states)]
    back: list[list[int]] = []
    states = range(n_states)
    for t in range(1, len(units)):
        new, pointers = [], []
        for b in states:
            best_a, best = 0, inf
            for a in states:
                value = score[a] + moves[a][b]
                if value > best:
                    best_a, best = a, value
            new.append(best + emissions[t][b])
            pointers.append(best_a)
        score = new
        back.append(pointers)
    state = max(states, key=lambda s: score[s])
    path = [state]
    for pointers in reversed(back):
        state = pointers[state]
        path.append(state)
    path.reverse()

    sections: list[OutlineSection] = []
    t = 0
    while t < len(units):
        s = path[t]
        run_end = t
        while run_end + 1 < len(units) and path[run_end + 1] == s:
            run_end += 1
        if 1 <= s <= k_count:
            key = keys[s - 1]
            indices = [i for u in units[t : run_end + 1] for i in u]
            shares = content.shares(range(indices[0], indices[-1] + 1)) or {}
            sections.append(
                OutlineSection(
                    key=key,
                    title="",
                    matched_by="content",
                    start_block=indices[0],
                    end_block=indices[-1] + 1,
                    heading_block=None,
                    score=round(shares.get(key, 0.0), 3),
                )
            )
        t = run_end + 1
    return sections


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """How a heading scores against each section of a profile (for explanations and the eval)."""

    key: str | None
    score: float
    scores: dict[str, float]


def match_heading(heading: str, profile: Profile) -> HeadingMatch:
    """The section ``heading`` names by its wording alone (no content tie-break)."""
    matcher = _matcher(profile)
    scores = {k: round(s, 3) for k, (s, _) in matcher.scores(heading).items()}
    key, best = matcher.best(heading)
    return HeadingMatch(key=key if best > ACCEPT else None, score=round(best, 3), scores=scores)
