"""Text basics every check uses: 字数, sentences, full-width forms, Chinese numerals.

Pure functions with no state and no imports beyond the standard library; they run on every report,
so each one is a single regex pass or a single scan over the string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# ---------------------------------------------------------------------------------------------------
# 字数 (Word's word count)
# ---------------------------------------------------------------------------------------------------

# Characters Word counts one by one ("中文字符和朝鲜语单词"): the CJK and full-width blocks.
_EAST_ASIAN_BLOCKS = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK Radicals Supplement, Kangxi Radicals
    "\u2ff0-\u2fff"  # Ideographic Description Characters
    "\u3001-\u303f"  # CJK Symbols and Punctuation (、。《》「」【】〔〕〇 …) minus U+3000, a space
    "\u3040-\u30ff"  # Hiragana, Katakana (incl. ・ー)
    "\u3100-\u31ff"  # Bopomofo, Hangul Compatibility Jamo, Kanbun, CJK Strokes, Katakana ext.
    "\u3200-\u33ff"  # Enclosed CJK Letters and Months (㈠ ㊀), CJK Compatibility (㎡ ㍻)
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4dc0-\u4dff"  # Yijing Hexagram Symbols
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\ua960-\ua97f"  # Hangul Jamo Extended-A
    "\uac00-\ud7ff"  # Hangul Syllables, Hangul Jamo Extended-B
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\ufe10-\ufe1f"  # Vertical Forms
    "\ufe30-\ufe6f"  # CJK Compatibility Forms, Small Form Variants
    "\uff00-\uffef"  # Halfwidth and Fullwidth Forms (，！？（）：；０-９ Ａ-Ｚ ％ …)
    "\U00020000-\U0003ffff"  # Extensions B-H and the Compatibility Ideographs Supplement
)
# Punctuation of "ambiguous" width that Chinese text uses as full-width marks (GB/T 15834): Word
# decides per run (East Asian font / w:hint="eastAsia"), and in a Chinese report typed with a Chinese
# IME they are East Asian. We always count them as such.
_AMBIGUOUS_CJK_PUNCT = "\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2025\u2026\u203b\u2e3a\u2e3b"
_EA = _EAST_ASIAN_BLOCKS + _AMBIGUOUS_CJK_PUNCT

# Invisible format characters: not counted as characters, and they neither start nor split a word.
_IGNORABLE = "\ufeff\u200b\ufe00-\ufe0f"
_IGNORABLE_RE = re.compile(f"[{_IGNORABLE}]+")

_WORD_RE = re.compile(
    rf"[{_EA}]"  # one East Asian character = one
    rf"|(?:[^\s{_EA}]|(?<=[A-Za-z0-9])[\u2018\u2019](?=[A-Za-z0-9]))+"  # one run of anything else = one
)
_NOT_COUNTED_CHAR_RE = re.compile(rf"[\s{_IGNORABLE}]+")
_EA_RUN_RE = re.compile(rf"[{_EA}]+")
_INVISIBLE_RE = re.compile(f"[{_IGNORABLE}]")


def count_chars(text: str) -> int:
    """字数 as Word (and WPS) show it: 中文字符和朝鲜语单词 + 非中文单词.

    Rules (Word's status-bar "字数", Review > 字数统计 "字数"):

    * every East Asian character counts 1: CJK ideographs (basic block, Ext A-H, compatibility
      ideographs), kana, hangul, and everything in the CJK Symbols and Punctuation and the
      Halfwidth and Fullwidth Forms blocks, i.e. full-width punctuation (，。、；：？！（）《》【】〔〕),
      full-width letters and digits (``"２０２２"`` is 4, ``"ＰＰＴ"`` is 3) and full-width symbols
      (``"％"``). The ambiguous-width marks Chinese text uses as full-width punctuation, “ ” ‘ ’ — ―
      … ‥ · ※, count 1 each as well (``"——"`` is 2, ``"……"`` is 2);
    * every run of other non-space characters counts 1 as a "non-Chinese word": half-width letters,
      digits and the half-width punctuation and symbols attached to them (``"2022年"`` = 2,
      ``"PPT汇报"`` = 3, ``"100%"`` = 1, ``"3.5%"`` = 1, ``"100％"`` = 2, ``"e-mail"`` = 1,
      ``"Hello、World。"`` = 4). A half-width mark standing alone between spaces is a run of its own
      and counts 1 (``"A - B"`` = 3); circled numbers ①② and emoji are not East Asian for Word, so
      ``"①②③"`` = 1. A curly apostrophe between two Latin letters stays inside the word
      (``"Tom’s"`` = 1);
    * whitespace never counts, including the ideographic space U+3000 and line breaks; BOM,
      zero-width space and variation selectors are invisible and ignored.

    Sources: Word's 字数统计 dialog defines 字数 as 非中文单词 + 中文字符和朝鲜语单词, where a full-width
    mark counts as a character and a half-width one does not add a word on its own; the per-string
    counts above follow the table of strings checked against Word in the bebe3/office-wordcount
    project (validation_dataset.md: ``東京2024オリンピック`` = 9, ``Hello、World。`` = 4,
    ``ＡＢＣＤＥ`` = 5, ``１２３４５`` = 5, ``①②③④⑤`` = 1, ``foo\\u200bbar`` = 1).

    A numbering label that Word generates is not in the text and not in Word's count: pass
    ``Block.own_text``, not ``Block.text``.
    """
    if not text:
        return 0
    if _INVISIBLE_RE.search(text):  # BOM, zero-width space, variation selectors (中\ufe0f文 is 2)
        text = _IGNORABLE_RE.sub("", text)
    if "\u2018" in text or "\u2019" in text:  # East Asian, except inside a Latin word (Tom’s)
        return _WORD_RE.subn("", text)[1]  # the number of matches, without a string for each
    # The same count without a match per character: the East Asian characters, then the runs of anything else
    # left between them and the whitespace (each East Asian run becomes one space).
    rest, runs = _EA_RUN_RE.subn(" ", text)
    return len(text) - len(rest) + runs + len(rest.split())


def count_non_whitespace(text: str) -> int:
    """Word's 字符数(不计空格): every character except whitespace (incl. U+3000) and invisible BOM,
    zero-width space and variation selectors. ``"2022年 工作"`` = 7."""
    if _INVISIBLE_RE.search(text):
        return len(text) - sum(len(m) for m in _NOT_COUNTED_CHAR_RE.findall(text))
    return sum(map(len, text.split()))  # str.split's whitespace is re's \s


# ---------------------------------------------------------------------------------------------------
# Full-width forms
# ---------------------------------------------------------------------------------------------------

# Full-width forms that are not Chinese punctuation: letters, digits and the ASCII symbols used in
# numbers, units and codes. ！，：；？（）［］｛｝＂＇～ are the Chinese marks and stay as they are.
_FW_KEEP = "！，：；？（）［］｛｝＂＇～"
_FW_TO_HW = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _FW_KEEP}
_FW_DIGITS = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
# str.translate looks each character of a Chinese text up one by one; most texts have nothing to convert.
_FW_ANY_RE = re.compile("[" + "".join(map(chr, sorted(_FW_TO_HW))) + "]")


def to_halfwidth_digits(text: str) -> str:
    """０-９ -> 0-9; nothing else changes. Same length, so offsets stay valid."""
    return text.translate(_FW_DIGITS)


def normalize_width(text: str) -> str:
    """Full-width ASCII letters, digits and symbols -> half-width; Chinese punctuation unchanged.

    Converted: ０-９ Ａ-Ｚ ａ-ｚ and ＃＄％＆＊＋－．／＜＝＞＠＼＾＿｀｜ (``"１２．５％"`` -> ``"12.5%"``).
    Kept: ！，：；？（）［］｛｝＂＇～, which are the standard Chinese marks, all punctuation outside the
    full-width block (，。、“”《》 …) and the ideographic space U+3000. Every character maps to
    exactly one character, so offsets into the result are offsets into the input.
    """
    return text.translate(_FW_TO_HW) if _FW_ANY_RE.search(text) else text


# ---------------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


_END_MARKS = frozenset("。！？!?；;")
_PAIRS = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
    "〖": "〗",
    "［": "］",
    "[": "]",
    "｛": "｝",
    "{": "}",
}
_CLOSERS = frozenset(_PAIRS.values())
_QUOTE_CLOSERS = frozenset("”’」』\"")
_BREAK_RE = re.compile("[" + re.escape("".join(sorted(set(_PAIRS) | _CLOSERS | _END_MARKS | {'"'}))) + "]")
_PAIR_MARK_RE = re.compile("[" + re.escape("".join(sorted(set(_PAIRS) | _CLOSERS | {'"'}))) + "]")
_END_RUN_RE = re.compile("[" + re.escape("".join(sorted(_END_MARKS))) + "]+")
# After “……。” a sentence has ended unless the quotation is part of a longer clause.
_CONTINUES = frozenset("，,、：:的地得等之")
# The line ends (\r\n one of them): exactly where str.splitlines breaks a text.
_LINE_ENDS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def split_sentences(text: str) -> list[Sentence]:
    """Split Chinese text into sentences, with offsets into ``text``.

    Rules:

    * a sentence ends after 。！？!? and after ；; (a semicolon splits too: in a 述职报告 it separates
      the parallel items "一是……；二是……；" that checks look at one by one) and at every line end
      (\\n, \\r\\n, \\r, U+2028/2029, …);
    * a run of end marks ends one sentence (``"真的吗？！"``, ``"。。。"``);
    * marks inside quotes or brackets do not end a sentence: “…” ‘…’ 「…」 『…』 （…） (…) 《…》 〈…〉
      【…】 〔…〕 〖…〗 ［…］ […] and ASCII "…" pairs. Pairs are matched within a line; an opener
      without its closer (a typo) is ignored rather than swallowing the rest of the paragraph;
    * an end mark right before the closers that end the outermost quote ends the sentence after
      them (``书记强调：“要抓好党建。”支部随即部署。`` -> two sentences, the first ending with ”),
      unless the text goes on as part of the same clause (next character one of ，、：的地得等之). The
      same holds for brackets only when they open the sentence (``（详见附件。）下一句。``): a note in
      brackets inside a sentence does not end it (``支部（含预备党员。）共12人。`` is one sentence);
    * closing quotes/brackets and further end marks that follow an end mark stay with the sentence;
    * an ellipsis (…… or ...) does not end a sentence by itself: in reports it mostly means
      "and so on" (学习、讨论……等); an end mark after it does (``……。``). Neither does a
      half-width period, which is also a decimal point and a list-label dot;
    * each sentence is trimmed of surrounding whitespace (incl. U+3000); empty ones are dropped.
    """
    return [Sentence(start, end, text[start:end]) for start, end in sentence_bounds(text)]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Where the sentences of ``text`` are, as ``split_sentences`` splits it: (start, end) offsets."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        _split_line(text, start, end - _line_end_width(line), bounds)
        start = end
    return bounds


def _line_end_width(line: str) -> int:
    """How many characters of ``line`` (one of ``str.splitlines(keepends=True)``) are its line end."""
    if line.endswith("\r\n"):
        return 2
    return 1 if line[-1] in _LINE_ENDS else 0


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    if _PAIR_MARK_RE.search(text, start, end) is None:
        # No quotes or brackets: every run of end marks ends a sentence.
        for run in _END_RUN_RE.finditer(text, start, end):
            _emit(text, start, run.end(), out)
            start = run.end()
        _emit(text, start, end, out)
        return
    marks = [m.start() for m in _BREAK_RE.finditer(text, start, end)]
    opens, closes = _match_pairs(text, marks)
    depth = 0
    sentence_start = skip_to = outer_open = start
    for i in marks:
        if i < skip_to:
            continue
        if i in opens:
            if depth == 0:
                outer_open = i
            depth += 1
        elif i in closes:
            depth -= 1
        elif text[i] in _END_MARKS:
            j = i + 1
            while j < end and text[j] in _END_MARKS:
                j += 1
            if depth == 0:
                j = _absorb_tail(text, j, end, closes)
                _emit(text, sentence_start, j, out)
                sentence_start = skip_to = j
                continue
            # “……。” : the end mark sits just before the closers of the outermost quote.
            k = j
            remaining = depth
            while k < end and remaining and k in closes:
                remaining -= 1
                k += 1
            # a quote, or brackets that open the sentence (text[k - 1] is the outermost closer)
            ends_here = text[k - 1] in _QUOTE_CLOSERS or not text[sentence_start:outer_open].strip()
            if remaining == 0 and ends_here and (k >= end or text[k] not in _CONTINUES):
                k = _absorb_tail(text, k, end, closes)
                _emit(text, sentence_start, k, out)
                depth = 0
                sentence_start = skip_to = k
                continue
            skip_to = j
    _emit(text, sentence_start, end, out)


def _absorb_tail(text: str, pos: int, end: int, closes: set[int]) -> int:
    """Further end marks and stray closing quotes after a sentence end belong to that sentence."""
    while pos < end and (text[pos] in _END_MARKS or (text[pos] in _CLOSERS and pos not in closes)):
        pos += 1
    return pos


def _match_pairs(text: str, marks: list[int]) -> tuple[set[int], set[int]]:
    """Positions of the openers and closers that pair up among ``marks`` (one line's marks)."""
    stack: list[tuple[str, int]] = []
    opens: set[int] = set()
    closes: set[int] = set()
    for i in marks:
        ch = text[i]
        if ch in _END_MARKS:
            continue
        if ch == '"':
            if stack and stack[-1][0] == '"':
                opens.add(stack.pop()[1])
                closes.add(i)
            else:
                stack.append(('"', i))
        elif ch in _PAIRS:
            stack.append((_PAIRS[ch], i))
        else:  # a closer: pair it with the nearest opener expecting it, dropping unclosed ones above
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    opens.add(stack[k][1])
                    closes.add(i)
                    del stack[k:]
                    break
    return opens, closes


def _emit(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


# ---------------------------------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ASCII_DIGITS = frozenset("0123456789")
_ARABIC_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_ARABIC_FULL_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]*\.?[0-9]+")


def parse_chinese_number(s: str) -> int | float | None:
    """The value of a number written in Chinese, Arabic or mixed form; None if ``s`` is not one.

    Accepted: 三十二 (32), 十二 (12), 一百零五 (105), 一百一十 (110), 一千二百三十四, 两 (2), 两万,
    三万五千 (35000), 一亿三千万, colloquial trailing digits after 百/千/万 (一百五 = 150,
    三万五 = 35000), digit-by-digit forms (二〇二二 = 2022, 二○二二, 一九九八), decimals with 点
    (零点五 = 0.5, 三点一四 = 3.14, 三点五万 = 35000), Arabic and mixed forms (32, １２, 1,200,
    1.5万 = 15000, 12万5千), financial numerals (壹佰贰拾), a leading 负 or minus sign.
    Percentages are :func:`parse_percent`. Returns an int when the value is whole, else a float.
    """
    s = normalize_width(s).strip().replace(" ", "")
    if not s:
        return None
    negative = s[0] in "负負-"
    if negative:
        s = s[1:]
    value = _parse_unsigned(s)
    if value is None:
        return None
    if negative:
        value = -value
    return int(value) if value == value.to_integral_value() else float(value)


def _parse_unsigned(s: str) -> Decimal | None:
    if not s:
        return None
    if _ARABIC_FULL_RE.fullmatch(s):
        return Decimal(s.replace(",", ""))
    for point in ("点", "點"):
        if point in s:
            whole, _, frac = s.partition(point)
            scale = 1
            while frac and frac[-1] in _CN_BIG_UNITS:  # 三点五万
                scale *= _CN_BIG_UNITS[frac[-1]]
                frac = frac[:-1]
            if not frac or any(ch not in _CN_DIGITS and ch not in _ASCII_DIGITS for ch in frac):
                return None
            if scale > 1 and any(ch in _CN_BIG_UNITS for ch in whole):
                return None
            whole_value = _parse_integer(whole)
            if whole_value is None:
                return None
            digits = "".join(str(_CN_DIGITS.get(ch, ch)) for ch in frac)
            return (whole_value + Decimal("0." + digits)) * scale
    return _parse_integer(s)


def _parse_integer(s: str) -> Decimal | None:
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):
        # 三 -> 3; 二〇二二 -> 2022 (digit by digit)
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in s))
    tokens: list[tuple[str, Decimal | int]] = []
    pos = 0
    while pos < len(s):
        ch = s[pos]
        if ch in _ASCII_DIGITS or ch == ".":
            m = _ARABIC_RE.match(s, pos)
            if not m:
                return None
            tokens.append(("num", Decimal(m.group(0))))
            pos = m.end()
            continue
        if ch in _CN_DIGITS:
            tokens.append(("zero", 0) if _CN_DIGITS[ch] == 0 else ("num", Decimal(_CN_DIGITS[ch])))
        elif ch in _CN_SMALL_UNITS:
            tokens.append(("unit", _CN_SMALL_UNITS[ch]))
        elif ch in _CN_BIG_UNITS:
            tokens.append(("big", _CN_BIG_UNITS[ch]))
        else:
            return None
        pos += 1
    return _evaluate(tokens)


def _evaluate(tokens: list[tuple[str, Decimal | int]]) -> Decimal | None:
    total = Decimal(0)  # everything up to the last 亿, already scaled
    wan = Decimal(0)  # the 万 part of the current 亿 section, already scaled
    section = Decimal(0)  # below 万
    number: Decimal | None = None
    last_small = 10**5
    previous = ""
    last_unit = 1
    seen_value = False
    for kind, value in tokens:
        if kind == "num":
            if number is not None:
                return None  # two digits in a row ("三三十")
            number = Decimal(value)
        elif kind == "zero":
            if number is not None:
                return None
        elif kind == "unit":
            if value >= last_small:
                return None  # units must fall within a section ("十百")
            section += (number if number is not None else 1) * value
            number = None
            last_small = int(value)
            last_unit = int(value)
            seen_value = True
        else:  # big unit
            part = section + (number or 0)
            if part == 0:
                return None
            if value == 10**4:
                if wan:
                    return None
                wan = part * value
            else:
                total = (total + wan + part) * value
                wan = Decimal(0)
            section = Decimal(0)
            number = None
            last_small = 10**5
            last_unit = int(value)
            seen_value = True
        previous = kind
    if number is not None:
        seen_value = True
        if previous == "num" and len(tokens) >= 2 and tokens[-2][0] in ("unit", "big") and last_unit >= 100:
            number *= Decimal(last_unit) / 10  # 一百五 = 150, 三万五 = 35000
    if not seen_value:
        return None
    return total + wan + section + (number or 0)


def parse_percent(s: str) -> float | None:
    """A percentage as a number of percent: 百分之九十五 -> 95.0, 百分之三点五 -> 3.5, 百分之百 -> 100.0,
    95% / 95％ / 3.5% -> 95.0 / 3.5, 千分之五 and 5‰ -> 0.5. None if ``s`` is not a percentage."""
    s = normalize_width(s).strip()
    if not s:
        return None
    scale = 1.0
    if s.startswith("百分之"):
        body = s[3:]
    elif s.startswith("千分之"):
        body, scale = s[3:], 0.1
    elif s.endswith("%"):
        body = s[:-1]
    elif s.endswith("‰"):
        body, scale = s[:-1], 0.1
    else:
        return None
    value = parse_chinese_number(body)
    if value is None:
        return None
    return float(Decimal(str(value)) * Decimal(str(scale)))


_DIGIT_CHARS = "零一二三四五六七八九"
_GROUP_UNITS = ("", "万", "亿", "万亿")


def to_chinese_number(n: int) -> str:
    """``n`` written in Chinese the way it is read: 1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十,
    105 -> 一百零五, 110 -> 一百一十, 1000 -> 一千, 1050 -> 一千零五十, 10010 -> 一万零一十,
    100000 -> 十万, 0 -> 零, -3 -> 负三.

    This is also Word's ``chineseCountingThousand`` numbering ("一, 二, 三 …" in the Chinese
    numbering gallery). One 零 stands for any run of zeros between two non-zero digits, also across
    万/亿; a leading 一十 is said 十. Supports |n| < 10**16.
    """
    if n < 0:
        return "负" + to_chinese_number(-n)
    if n == 0:
        return "零"
    if n >= 10**16:
        raise ValueError(f"{n} is too large")
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    gap = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _group_to_chinese(group) + _GROUP_UNITS[index]
        gap = False
    return out[1:] if out.startswith("一十") else out


def _group_to_chinese(group: int) -> str:
    out = ""
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = group // unit_value % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += _DIGIT_CHARS[digit] + unit
    return out


def to_chinese_counting(n: int) -> str:
    """Word's ``chineseCounting`` numbering: 1-9 一…九, 10-99 with 十 (十, 十一, 二十, 九十九), and from
    100 on digit by digit with 〇 (100 -> 一〇〇, 110 -> 一一〇), per ECMA-376 §17.18.59 as read by
    independent OOXML renderers. ``to_chinese_number`` is ``chineseCountingThousand`` (一百一十)."""
    if n < 0:
        raise ValueError("numbering values are not negative")
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))
