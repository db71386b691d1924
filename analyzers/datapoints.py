"""Data points: the numbers of a report with their unit, kind, value and what they count.

Numbers are found by a character grammar over the half-width text, with numbered formulas and set words
masked first (``analyzers.number_formulas``: the 两个 of 两个维护 is not a count). jieba segments numerals
inconsistently (近百名 is one word, 3个月 three), so token patterns would miss what a grammar over
characters finds; the vocabulary of the grammar (units by kind, award verbs and endings) is data in
``corpora/lexicons/datapoints.yaml``.

What a number counts (its subject) is read from the sentence's words in two steps:

1. spaCy ``Matcher`` patterns, kept as data in ``corpora/lexicons/datapoint_subjects.yaml`` (each with an
   id, a rationale and examples; validated when loaded, an error names the pattern). The sentence is cut
   by the shared pipeline's segmenter (jieba, as in ``analyzers.nlp``) into a spaCy Doc on the shared vocab
   where the subject terms and the file's words are one token each and every data point is one token
   written as its kind (``<COUNT>``, ``<PERCENT>`` ...). A pattern marks its data point (``point: [kinds]``)
   and its subject (``subject: true``): 发展/开展/覆盖 + object before a count, a 率 word before a
   percentage, X占比 / X占Y的, a change standing alone (同比增长), 在…竞赛中获 + award, the winner before
   获评, "X的有N名", a task finished by a deadline. For each data point the first pattern of the file that
   matches wins (of its matches, the longest subject of at most SUBJECT_MAX_CHARS). A sentence is matched once,
   with the patterns of the kinds of data point it holds (a Matcher built per set of kinds, the first time it
   is met), right to left from the data point (the Doc's tokens and the patterns are reversed), which keeps it
   fast.
2. Where no pattern matches, the fallback walk: a subject term of ``datapoints.yaml`` touching the number
   wins; otherwise the words beside the number, cut at a stop word (开展, 累计, 的 ...); a date places the
   event of its clause.
3. General rules over either, from word classes (the part of speech jieba's dictionary gives a word), the
   order of verb and object and what the measure word implies (``datapoints.yaml``: ``thing_units``,
   ``verb_tags``, ``doer_endings``, ``people_terms``): a count with no words of its own repeats the
   count before it with the same measure word, and so does one whose words only restate a count (计划安排24次，
   实际开展19次; 较年初仅减少4件: ``restating_words``, ``comparison_words``, ``change_words``); a name in quotes
   beside a count names it; an aside in brackets
   is read past; a duration after a verb measures that doing. Read rightwards from a count of things or
   people, a word that starts a predicate (``predicate_tags``) ends the noun phrase (选派12名党员担任… -> 党员);
   after a count of people (``people_units``) so does a verbal noun after a word for people (帮助3名学生补修学分
   -> 学生);
   an award's winner named by post and name is the name (党员教师林晓雯 -> 林晓雯: ``title_endings``, ``surnames``).
   A count of those who are something ("X的有N名", "其中X的N名") counts the whole of X, from the 中 that names the
   whole or the clause's start to 的, with its words of place and age (年龄在60岁以上, 随子女在外地居住).
4. The event a date, deadline or duration places, from the same vocabulary: a date opening a clause whose subject
   names an event places it (10月学院安全检查发现问题23项 -> 学院安全检查; not a doer or a body: ``body_endings``); a
   verb qualifying the doing names the event with its head (培养|考察: ``event_modifiers``); of two predicates
   joined by 并 the first is the task; what a count in the clause counts is not the event (完成126户农户厕所改造 ->
   厕所改造; 走访慰问全部87名离退休党员 -> 走访慰问); the object of 把 is the task; a generic head after a quoted
   name is the name (``name_heads``); after a verb of going the place is left off (赴合作企业实践锻炼 -> 实践锻炼:
   ``motion_verbs``); a duration after a verb measures the verb phrase with its adverbs of lasting (连续奋战:
   ``lasting_adverbs``), and one that ends its clause measures the words before it, not the next clause.
   jieba's joins of a noun's last character to a particle (网格|员中: ``bound_suffixes``, ``bound_particles``)
   are undone before any of this. A date between who acts and a verb places that doing (区督导室9月反馈的问题 ->
   反馈); a date standing alone before a clause reporting a title won places the title (4月，镇党政办被评为“…”);
   a share opening its clause with 占 + the whole + 的 is the share of the point before (党员23名，占全行员工
   总数的38.3% -> 党员); a word of the state of tasks (到期未完成) after a noun is said of it.
5. An average per head or household right before a measure is part of it (户均增收: ``average_words``); a count
   with no words
   before it reads the words after it, or, alone in its clause, the head of the clause before; a subject that is
   only a function word (各, 其中) gives way to the clause's topic or the total's subject; a particle jieba joins to
   the predicate after it is cut off (党员|中长期 -> 党员|中|长期: ``leading_particles``).
6. Last, the subject chooser (``analyzers.subject_chooser``, a model trained on the tuning sets) sets the edges of
   the subject the rules gave: of the spans of whole tokens around it (left edge ±2 tokens, right edge one token
   out or two in) it keeps the best scored. It does what edge rules did before it, and better on held-out text (the card
   has the figures): a verb before the object counted (攻克|技术难题6个 -> 技术难题), a doer before the doing counted
   (党员专家|下乡义诊15次 -> 下乡义诊), a generic head's doing (观看|人数 -> 观看人数).

Halves are durations (一个半小时 1.5 小时, 半天 0.5 天; not 上半年); a place right after a verb of ranking needs no 名
(排名第一).

Titles after a verb that only takes titles (``title_verbs``: 获评, 被评为, 被授予) run to 称号 or the clause's end
whatever their ending; a number inside a short quoted name (“三个表率”) is part of the name, not a data point. A
quoted title listed after a quoted title (获评“A”和“B”) is a title won by the same winner; a quoted name before 称号
after an award verb is a title (荣获第四届“国之名医·青年新锐”称号); a title that opens a quote closes it.

The conventions (span, value, unit, kind, subject) are those of ``tests/datapoints/GUIDE.md``, which
``make eval`` measures them against; ``DataPointExtractor.subject_rules`` says which pattern gave a subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import Field, model_validator
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from analyzers.nlp import dictionary_frequencies, get_nlp, segment, word_flag
from analyzers.number_formulas import MASK, NumberFormulas, default_formulas
from analyzers.subject_chooser import (
    WORD_CLASS_TAGS,
    Around,
    Lexicon,
    SubjectChooser,
    around_subject,
    chooses,
    default_chooser,
    word_classes,
)
from analyzers.text import normalize_width, parse_chinese_number, parse_percent
from analyzers.wording import scanner
from analyzers.yaml_data import Identifier, NonEmptyStr, StrictModel, read_mapping, validate

LEXICONS = Path(__file__).resolve().parent.parent / "corpora" / "lexicons"
VOCABULARY_PATH = LEXICONS / "datapoints.yaml"
SUBJECT_PATTERNS_PATH = LEXICONS / "datapoint_subjects.yaml"

KINDS = ("count", "percent", "money", "date", "deadline", "duration", "rank", "other")
SUBJECT_MAX_CHARS = 8

# -- the number grammar (over half-width text) -------------------------------------------------------------
_CN_DIGIT = "零〇○一二两三四五六七八九"
_CN = f"[{_CN_DIGIT}十百千万亿]+(?:点[{_CN_DIGIT}]+)?"
_AR = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:[千万亿]+)?"
_NUM = f"(?:{_AR}|{_CN})"
_RANGE_MARK = "(?:至|到|-|—|–|~|～|－)"
# 3至5, 3-5; 两三, 七八, 二三十, 五六百 (two adjacent digits, with the place after them, not part of a longer numeral)
_RANGE = rf"{_NUM}\s*{_RANGE_MARK}\s*{_NUM}|[一两二三四五六七八九]{{2}}[十百千万]?(?=[^{_CN_DIGIT}十百千万亿])"
_YEAR = rf"(?:(?:19|20)[0-9]{{2}}|[{_CN_DIGIT}]{{4}})年"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])[日号]"
_PART = r"(?:底|末|初|中下旬|上中旬|中旬|上旬|下旬)"
_BEFORE = r"(?:之前|以前|前(?![夕后]))"  # (春节前夕: the eve, a time, not a deadline; 8月1日前后: around it, a date)
_TERM = (
    r"(?:(?:本|[春秋]季)?学期末|[春秋]季学期|本?学年末|(?:明年)?年底|(?:明年)?年末|月底|第?[一二三四1-4]季度末|季度末|年中|寒假|暑假"
    r"|(?:[春秋]季(?:学期)?)?开学|毕业离校|毕业季|春节|元旦|国庆节?|七一|(?:端午|中秋|重阳|元宵|苗年|教师)节|清明节?|世界读书日"
    r"|春耕|春播|秋收|主?汛期(?:到来)?|(?<![防抗])汛|雨季|麦收|防火期|春运|迎峰度[夏冬]|旺季|淡季|(?:采暖|供热|供暖)季(?:开始)?|秋粮入库"
    r"|[春秋]茶开采|伏季休渔(?:结束)?|暑期|(?:五一|国庆)假期|秋冬季|冬季|入冬|台风季|观测季|(?:[春夏秋冬]季)?转场"
    # “五一”前, “两节”前, “全民国防教育日”前: a holiday or a day in quotes
    r"|“(?:五一|五四|六一|七一|八一|十一|三八|双十一|两节|元旦|国庆|春节|[^“”，。；]{1,10}[节日])”)"
)

# 一季度, 2026年第三季度: a period named by its place in the year (not 上一季度, 每季度: a frequency)
_QUARTER = r"(?<![上下每本这同个至到~-])第?[一二三四1-4]季度(?:末|初)?"  # (一至四季度: quarters as labels)
_QUARTER_ONLY_RE = re.compile(_QUARTER)
_DATE_RE = re.compile(
    rf"(?P<deadline>(?:{_YEAR})?{_MONTH}(?:{_DAY})?{_PART}?{_BEFORE}|{_YEAR}(?:{_PART}|[上下]半年){_BEFORE}"
    rf"|(?:{_YEAR})?{_QUARTER}{_BEFORE}|(?:{_YEAR})?(?:{_MONTH})?{_TERM}{_BEFORE}|(?<=每月){_DAY}{_BEFORE})"
    rf"|(?P<date>(?:{_YEAR})?{_MONTH}(?:{_DAY})?{_PART}?|{_MONTH}{_DAY}|(?:{_YEAR})?{_QUARTER}|(?<=每月|月逢){_DAY}"
    rf"|{_YEAR}(?:[上下]半年|主?汛期|[底末]|[春秋]季学期|暑期|暑假|寒假))"
    # (2025年上半年, 2026年汛期, 到2027年底, 2026年春季学期, 2025年暑期; 上半年 alone is context)
)
_SCHEDULE_DAY_NEXT_RE = re.compile(rf"[、和](?P<day>{_DAY})(?![0-9月前])")
_DAY_RANGE_END_RE = re.compile(rf"(?<=日)(?:至|到|-|—|~|～)(?P<day>{_DAY})(?![0-9月])")
_TIME_RE = re.compile(
    rf"(?<![0-9])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?![0-9])|(?<![0-9])24:00(?![0-9])"
    rf"|(?:[0-9]{{1,2}}|[{_CN_DIGIT}十]{{1,3}})[点时](?:半|[0-9]{{1,2}}分|[一二三四五]十分|[0-9]{{1,2}}(?=分))?"
)
_CLOCK_ONLY_HOUR_RE = re.compile(r"(?:1[3-9]|2[0-4]|0)[点时]")  # (no count is 22 or 0 points)
_TIME_CONTEXT = ("上午", "下午", "晚上", "早上", "凌晨", "中午", "傍晚", "早晨")
_CLOCK_CONTEXT = (*_TIME_CONTEXT, "清晨", "深夜", "每天", "每日")
_CLOCK_RANGE_RE = re.compile("(?:至|到|-|—|~|～)(?:次日|翌日)?")
# 约 and 近 attached to a number qualify it (约200人), but not as the end of a word (较预算节约37.5万元, 促成签约
# 1,126人, 最近3年, 附近2个村); 章节约12万字 and 每集约8分钟 are qualified
_ABOUT = r"(?:(?<![签履违邀])(?<!(?<![章环季细音关礼调])节)约|(?<![附最临靠邻亲])近)"
_OUTER_NEAR = ("接近", "将近")  # (GUIDE.md settled case 6: 接近四成 -> 四成)
_PERCENT_RE = re.compile(
    rf"{_ABOUT}?"  # attached to the number, part of the span (约三成, 近90%), as in 约200人
    # (a range of either: 3%至5%, 1至2个百分点; its value the lower bound)
    rf"(?:(?P<pct>[百千]分之[{_CN_DIGIT}十百点]+|(?P<pct_low>{_NUM}\s*[%‰])(?:\s*{_RANGE_MARK}\s*{_NUM}\s*[%‰])?)"
    rf"|(?P<points>(?P<points_low>{_NUM})(?:{_RANGE_MARK}{_NUM})?个百分点)"
    # a share written as a fraction (三分之二, 万分之三) or in tenths (七成, 八九成): its value is in percent
    rf"|(?P<denominator>[二三四五六七八九十万]|[2-9]|10)分之(?P<numerator>[{_CN_DIGIT}十]+(?:点[{_CN_DIGIT}]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|(?P<tenths>[一二两三四五六七八九]{{1,2}}|十)成(?:(?P<half_tenth>半)|(?P<tenth_digit>[一二三四五六七八九])(?![{_CN_DIGIT}十百千万成]))?多?"
    r"(?![员果绩效就立为都长本熟功品交型色套批份语事才家全年不]))"
)
# 第3名; 一等奖, 三等功; 进入前五名, 进入全区前三名 (a place among the first; not 目前5名)
_RANK_RE = re.compile(
    rf"第(?P<place>{_NUM})(?:名|位)|(?P<grade>[一二三四五六七八九特])(?P<grade_unit>等奖|等功)"
    # (a scope may stand between the verb and 前: 进入全区前三名, 位列县直部门前三名; not 目前5名, 提前3名, 会前2名)
    rf"|(?<![目提之以此当事会节年月日课赛考从空眼向])前(?P<top>{_NUM})(?:名|位)"
    r"|(?:(?<=获)|(?<=得)|(?<=、))(?P<medal>[金银铜]牌)"  # 获金牌9枚、银牌6枚: a prize with no place, as 金奖
    # 夺得冠军, 获团体亚军: a place won (not 奥运冠军, 冠军党课: names)
    r"|(?:(?<=[获得夺])|(?<=[获得夺]了)|(?<=[获得夺]团体)|(?<=[获得夺]个人))(?P<champion>[冠亚季])军"
    r"|(?:(?<=位居)|(?<=居于)|(?<=排名))(?P<first>首位)"  # 得票位居首位 (not 摆在首位: an idiom)
)
# 排名第一: a place right after a verb of ranking needs no 名 (read on the unmasked text: the formulas mask 第一 as
# in 第一书记, which the verb before rules out here)
_RANKING_VERBS = "排名|名列|位列|位居"  # (列 and 居 alone too, where what follows shows them verbs of ranking)
_RANKED_RE = re.compile(
    # 位居全镇第一, 位居全县银行业第一, 列全省第二: the whole it ranks in may stand between
    rf"(?:{_RANKING_VERBS}|(?:列|保持|稳居)(?=全))(?:全[\u4e00-\u9fff]{{1,6}}?)?"  # (连续五年保持全省第一)
    r"(?P<place>第(?P<bare>十[一二三四五六七八九]?|[一二三四五六七八九]十?[一二三四五六七八九]?|[1-9][0-9]?))"
    r"(?![0-9一二三四五六七八九十名位届])"
    # 进入全省前三: a place among the first after a verb of reaching needs no 名 either
    r"|(?:进入|跻身|稳居|保持)(?:全[\u4e00-\u9fff]{1,3}?)?(?P<top>前(?P<top_bare>[一二三四五六七八九十]|[1-9][0-9]?)"
    r"(?![0-9一二三四五六七八九十名位])|(?P<strong>[一二三四五六七八九十]{1,3}|[1-9][0-9]?)强)"
)
_SENTENCE_END_RE = re.compile("[。；;！？!?\n]")
# A comparison with a reference before a difference (低于学院平均2.6个百分点, 比全省平均低3.2个百分点,
# 比其他泊位高出12%): the marker, the reference (an average, or a few characters), the direction before the number.
# 仅为|旺季的|三分之一, 不足|户籍人口的|一半: the words that compare a figure with a reference it is a share of
_FRACTION_VERB_RE = re.compile("仅为|只有|不足|不到|约为|相当于|不超过|仅|只|是")
_COMPARED_MARKERS = ("低于", "高于", "高出", "低出", "比", "较")
_COMPARED_MARKER_RE = re.compile("|".join(_COMPARED_MARKERS))
_COMPARED_RE = re.compile(
    rf"(?:{'|'.join(_COMPARED_MARKERS)})[^，,。；;：:]{{0,14}}?(?:平均水平|平均值|平均|高出|低出|高|低|多|少|(?<![增延成生])长|(?<![缩简])短)了?(?:约|近|将近|接近)?(?=$)"
    # 低于院党委要求|14个百分点: after 低于 or 高于 any reference, but not one with 的 (低于规定的|80分: a target, the
    # figure the reference's own)
    r"|(?:低于|高于)[^，,。；;：:0-9０-９的]{2,10}?[约近]?(?=$)"
)
# The words between an award verb and a quoted title that say whose title it is (全国, 市级, 全省法院, 全国海洋科技
# 系统): part of the title won, as GUIDE.md has it; not an edition or a year (第四届, 2025年度), nor a place it was
# won in.
_TITLE_SCOPE_RE = re.compile(r"[^0-9０-９第届年度在于中]{1,8}")
# 由(年初的)186件降至43件, 由2021年的37只增至64只, 从过去的40分钟缩短到12分钟, 由目前的91.2%提高到95%: where a change
# from one value to another opens (由 or 从, and when the first value stood), and what stands between the two values
_CHANGED_FROM = (
    r"[由从](?:年初|上年|去年|最初|原来|原先|上年度|年初时|此前|过去|目前|当前|现在|[0-9]{4}年[底末初]?)?的?"
)
_CHANGED_FROM_RE = re.compile(_CHANGED_FROM + "$")
_CHANGED_TO_RE = re.compile(r"[\u4e00-\u9fff]{1,3}?(?:至|到|为)?|[\u4e00-\u9fff]{4}(?:至|到|为)")  # (…调整细化为)
_CHANGING_KINDS = frozenset(("count", "money", "duration", "other", "percent"))
_NO_NAMES = frozenset(("年", "年度", "月", "日", "天"))  # names nothing a number counts (于2023年被评为…: 年)
_BARE_MAGNITUDES = {"万": 1e4, "亿": 1e8}

# A duration with a half: 一个半小时, 两个半月, 一年半, 半天, 半个月, 半小时, 为期半年, 近半年, 提前半年 (not 上半年,
# 前半年, 下半天: a period, no length; not 每半年, 半年度, 一年半载).
_HALF_RE = re.compile(
    r"(?:(?P<whole>[一两二三四五六七八九十]|[1-9][0-9]?)(?:个半(?P<unit>小时|月)|(?P<unit3>年)半(?!载))"
    rf"|{_ABOUT}?(?<![上下后多大每])(?<!(?<!提)前)半(?P<unit2>天|个月|小时|个小时|年(?![度来]))"
    rf"|{_ABOUT}?(?<![一二三四五六七八九十大])一半(?P<whole_half>))"  # 减少一半, 近一半: a share, 50%
)
_NUMBER_RE = re.compile(rf"(?P<pre>{_ABOUT}|上(?=[百千万]))?(?P<num>{_RANGE}|{_NUM})(?P<approx>余|多|来|几)?")

# What a text must hold for each finder to match at all (every alternative of its pattern holds one of them), so
# that most sentences skip most finders: a date has 月, 季度 or 半年 or ends in 前; a clock time has : or 点; a share
# has %, ‰, 成, 分之 or 百分点; a place 第, 等奖, 等功 or 前 + a digit; a duration with a half 半; a half of a
# whole 一半.
_DATE_NEEDS = re.compile("月|前|季度|半年|汛期|年[底末]|季学期|暑期|暑假|寒假")
_TIME_NEEDS = re.compile("[:点时]")
_PERCENT_NEEDS = re.compile("[%‰成之]|百分点")
_RANK_NEEDS = re.compile(f"第|等奖|等功|前[0-9{_CN_DIGIT}十百千万亿]|[金银铜]牌|[冠亚季]军|首位")
_HALF_NEEDS = re.compile("半")


# finditer that jumps to where a match can start (the patterns begin with lookbehinds and alternatives)
_find_dates, _find_times, _find_percents, _find_ranks, _find_numbers = (
    scanner(p) for p in (_DATE_RE, _TIME_RE, _PERCENT_RE, _RANK_RE, _NUMBER_RE)
)

@dataclass(frozen=True, slots=True)
class Found:
    """One data point found in a text; ``start``/``end`` are offsets into that text."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str
    kind: str
    subject: str = ""


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The grammar's words (``corpora/lexicons/datapoints.yaml``)."""

    units: dict[str, tuple[str, ...]]  # kind -> measure words, longest first
    number_idioms: frozenset[str]
    unitless_measures: tuple[str, ...]
    one_counts_after: tuple[str, ...]
    award_verbs: tuple[str, ...]
    award_endings: tuple[str, ...]
    title_verbs: tuple[str, ...]  # verbs whose object is always a title (获评, 被评为, 被授予 …)
    subject_skip: tuple[str, ...]  # longest first
    subject_stops: frozenset[str]
    subject_trim: tuple[str, ...]  # longest first
    subject_terms: tuple[str, ...]  # longest first
    subject_prefixes: tuple[str, ...]  # longest first
    subject_inherit_after: frozenset[str]
    subject_share_after: frozenset[str]
    thing_units: frozenset[str]  # measure words that count things or people, not events (名, 个, 项 …)
    verb_tags: frozenset[str]  # jieba dictionary tags of verbs: a verb after a count starts its predicate
    predicate_tags: frozenset[str]  # jieba dictionary tags of the words that start a predicate (v, d, p …)
    generic_heads: frozenset[str]  # heads that say little alone and take the word before them (人数)
    people_terms: frozenset[str]  # subject terms that name people: a doer before them stays (党员教师)
    doer_endings: frozenset[str]  # last characters of words for people (员, 师, 者 …)
    title_endings: frozenset[str]  # last characters of a person's post or title (员, 师, 记, 长 …)
    person_endings: frozenset[str]  # of words naming people after a count: doer and title endings, 干, 警 …
    surnames: frozenset[str]  # common surnames: a name after a title starts with one (党员教师林晓雯)
    event_modifiers: frozenset[str]  # stop words that name an event with the head after them (培养|考察)
    motion_verbs: frozenset[str]  # verbs of going: the place after them is not the event (赴, 前往)
    body_endings: tuple[str, ...]  # last characters of words for a body or a place that acts (党委, 学院)
    name_heads: frozenset[str]  # generic heads after a quoted name: the event is the name (“银龄互助”项目)
    meeting_heads: frozenset[str]  # kinds of meeting after a quoted theme: the count counts them (“…”座谈会)
    lasting_adverbs: frozenset[str]  # adverbs of lasting: part of the doing a duration measures (连续奋战)
    bound_suffixes: frozenset[str]  # one-character heads jieba joins to the particle after them (员|中, 率|于)
    bound_particles: frozenset[str]  # the particles they are joined to (中, 于, 中仅)
    restating_words: frozenset[str]  # words of the plan or the outcome of a count (计划, 实际, 应): no words of its own
    comparison_words: tuple[str, ...]  # a comparison opening a clause (较, 比, 同比): longest first
    change_words: tuple[str, ...]  # the change a comparison states (多, 少, 减少): longest first
    average_words: frozenset[str]  # averages per head, household, area or day (人均, 户均, 亩均): part of the measure
    leading_particles: frozenset[str]  # particles jieba joins to the word after them (中|长期, 中|以)
    glued_particles: frozenset[str]  # function characters jieba's HMM joins to an unknown word (使冷, 内到院)
    people_units: frozenset[str]  # measure words that count people (名, 人, 位)
    round_the_clock_after: tuple[str, ...]  # what 24小时 qualifies as round-the-clock (24小时热水, 24小时值守)
    rate_denominators: tuple[str, ...]  # what a slash puts a measure over (件/万公里, 吨/日): longest first

    @cached_property
    def subject_term_set(self) -> frozenset[str]:
        return frozenset(self.subject_terms)

    @cached_property
    def predicate_words(self) -> frozenset[str]:
        """The words of jieba's dictionary that start a predicate (``predicate_tags``: 担任, 顺利, 就近, 通过)."""
        return dictionary_words_tagged(self.predicate_tags)

    @cached_property
    def subject_skip_set(self) -> frozenset[str]:
        return frozenset(self.subject_skip)

    @cached_property
    def terms_re(self) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, self.subject_terms)))

    @classmethod
    def load(cls, path: Path = VOCABULARY_PATH) -> Vocabulary:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        units = data.get("units") or {}
        unknown = set(units) - set(KINDS)
        if unknown:
            raise ValueError(f"{path}: units of unknown kind(s) {sorted(unknown)}; expected some of {list(KINDS)}")

        def words(key: str) -> tuple[str, ...]:
            values = data.get(key)
            if not isinstance(values, list) or not values:
                raise ValueError(f"{path}: field {key!r} must be a non-empty list")
            return tuple(sorted(dict.fromkeys(str(v) for v in values), key=len, reverse=True))

        return cls(
            units={kind: tuple(sorted(map(str, ws), key=len, reverse=True)) for kind, ws in units.items()},
            number_idioms=frozenset(words("number_idioms")),
            unitless_measures=words("unitless_measures"),
            one_counts_after=words("one_counts_after"),
            award_verbs=words("award_verbs"),
            award_endings=words("award_endings"),
            title_verbs=words("title_verbs"),
            subject_skip=words("subject_skip"),
            subject_stops=frozenset(words("subject_stops")),
            subject_trim=words("subject_trim"),
            subject_terms=words("subject_terms"),
            subject_prefixes=words("subject_prefixes"),
            subject_inherit_after=frozenset(words("subject_inherit_after")),
            subject_share_after=frozenset(words("subject_share_after")),
            thing_units=frozenset(words("thing_units")),
            verb_tags=frozenset(words("verb_tags")),
            predicate_tags=frozenset(words("predicate_tags")),
            generic_heads=frozenset(words("generic_heads")),
            people_terms=frozenset(words("people_terms")),
            doer_endings=frozenset(words("doer_endings")),
            title_endings=frozenset(words("title_endings")),
            person_endings=frozenset((*words("doer_endings"), *words("title_endings"), *words("person_endings"))),
            surnames=frozenset(words("surnames")),
            event_modifiers=frozenset(words("event_modifiers")),
            motion_verbs=frozenset(words("motion_verbs")),
            body_endings=words("body_endings"),
            name_heads=frozenset(words("name_heads")),
            meeting_heads=frozenset(words("meeting_heads")),
            lasting_adverbs=frozenset(words("lasting_adverbs")),
            bound_suffixes=frozenset(words("bound_suffixes")),
            bound_particles=frozenset(words("bound_particles")),
            restating_words=frozenset(words("restating_words")),
            comparison_words=words("comparison_words"),
            change_words=words("change_words"),
            average_words=frozenset(words("average_words")),
            leading_particles=frozenset(words("leading_particles")),
            glued_particles=frozenset(words("glued_particles")),
            people_units=frozenset(words("people_units")),
            round_the_clock_after=words("round_the_clock_after"),
            rate_denominators=words("rate_denominators"),
        )


@cache
def default_vocabulary() -> Vocabulary:
    return Vocabulary.load()


def dictionary_words_tagged(tags: frozenset[str]) -> frozenset[str]:
    """The words of jieba's dictionary (the one the shared segmenter uses) whose part of speech is one of
    ``tags`` (``v``: 攻克, 下设, 涵盖 …)."""
    default = default_vocabulary()
    # one pass over the file for every tag a rule asks about (a new set of tags would read it again)
    by_tag = _dictionary_words_by_tag(tags | default.verb_tags | default.predicate_tags | _TAGS_OF_RULES)
    return frozenset().union(*(by_tag.get(tag, ()) for tag in tags))


# The word classes the rules in this module read besides the vocabulary's: verbal nouns (vn: 培训, 调研) and
# adverbs (d, ad: 仅, 实际上); and those the subject chooser's features name.
_TAGS_OF_RULES = frozenset(("vn", "d", "ad", *WORD_CLASS_TAGS))


@cache
def _dictionary_words_by_tag(wanted: frozenset[str]) -> dict[str, frozenset[str]]:
    """The words of jieba's dictionary by part of speech, for the few tags the rules ask about (``verb_tags``,
    ``predicate_tags``, ``_TAGS_OF_RULES``). Read once per process from the dictionary file (about 0.15 s)."""
    import jieba

    words: dict[str, set[str]] = {tag: set() for tag in wanted}
    with jieba.dt.get_dict_file() as lines:
        for raw in lines:
            word, _, rest = raw.decode("utf-8").rstrip().partition(" ")
            tag = rest.rpartition(" ")[2]
            if tag in wanted:
                words[tag].add(word)
    return {tag: frozenset(ws) for tag, ws in words.items()}


# -- subject patterns (``corpora/lexicons/datapoint_subjects.yaml``) -----------------------------------------


class SubjectPatternError(Exception):
    """A subject-pattern file that cannot be used: names the file, the pattern and what was expected."""


class PatternExample(StrictModel):
    """A sentence the pattern is written for: the data point's span and the subject the pattern gives it."""

    text: NonEmptyStr = Field(description="a sentence")
    point: NonEmptyStr = Field(description="the span of one data point in the sentence")
    subject: NonEmptyStr = Field(description="the subject the pattern gives that data point")

    @model_validator(mode="after")
    def _in_text(self) -> PatternExample:
        for what in ("point", "subject"):
            if getattr(self, what) not in self.text:
                raise ValueError(f"{what} {getattr(self, what)!r} is not in the example text")
        return self


class SubjectPattern(StrictModel):
    """One spaCy Matcher pattern: token specs, one of them the data point (``point: [kinds]``), some of them
    the subject (``subject: true``)."""

    id: Identifier
    source: NonEmptyStr = Field(description="who wrote the pattern and the phrasing it reads (a rationale)")
    tokens: list[dict[str, Any]] = Field(min_length=2, description="a list of spaCy token specs")
    examples: list[PatternExample] = Field(min_length=1, description="a list of examples (text, point, subject)")
    max_chars: int = Field(
        default=SUBJECT_MAX_CHARS, ge=2, le=16, description="the longest subject it gives, in characters"
    )

    @model_validator(mode="after")
    def _marked(self) -> SubjectPattern:
        points = [t.get("point") for t in self.tokens if "point" in t]
        if len(points) != 1:
            raise ValueError(f"pattern {self.id!r}: {len(points)} 'point' tokens; expected exactly one")
        kinds = points[0]
        if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(KINDS):
            raise ValueError(f"pattern {self.id!r}: point {kinds!r}; expected a list of kinds from {list(KINDS)}")
        flags = [t.get("subject", False) for t in self.tokens]
        if any(not isinstance(flag, bool) for flag in flags) or not any(flags):
            raise ValueError(f"pattern {self.id!r}: expected at least one token with 'subject: true'")
        return self


class SubjectPatternsFile(StrictModel):
    source: NonEmptyStr = Field(description="who wrote the file, and from what")
    words: list[NonEmptyStr] = Field(default_factory=list, description="a list of words made one token")
    lists: dict[Identifier, list[NonEmptyStr]] = Field(default_factory=dict, description="named word lists")
    patterns: list[SubjectPattern] = Field(min_length=1, description="a list of patterns, the first match wins")

    @model_validator(mode="after")
    def _consistent(self) -> SubjectPatternsFile:
        ids: set[str] = set()
        check = Matcher(Vocab(), validate=True)
        for pattern in self.patterns:
            if pattern.id in ids:
                raise ValueError(f"pattern id {pattern.id!r} is given twice; expected unique ids")
            ids.add(pattern.id)
            try:
                check.add(pattern.id, [compile_tokens(pattern, self.lists)[0]])
            except ValueError as exc:  # spaCy's MatchPatternError is a ValueError
                detail = " ".join(str(exc).split())
                raise ValueError(f"pattern {pattern.id!r}: not a valid spaCy Matcher pattern ({detail})") from exc
        return self


def _required_words(specs: list[dict[str, Any]], point: int) -> set[str] | None:
    """The words of the token of ``specs`` (not the point, not optional) with the fewest: a match holds one of them;
    None when no token is a word test (ORTH or IN of words)."""
    best: set[str] | None = None
    for i, spec in enumerate(specs):
        if i == point or spec.get("OP") in ("?", "*") or str(spec.get("OP", "")).startswith("{0"):
            continue
        orth = spec.get("ORTH")
        if isinstance(orth, dict):
            orth = orth.get("IN")
        words = {orth} if isinstance(orth, str) else set(orth) if isinstance(orth, list) else set()
        if words and not any(w.startswith("<") and w.endswith(">") for w in words):  # (another data point)
            best = words if best is None or len(words) < len(best) else best
    return best


def point_token(kind: str) -> str:
    """The token that stands for a data point of ``kind`` in the Doc the patterns match (``<COUNT>``)."""
    return f"<{kind.upper()}>"


_POINT_TOKENS = {kind: point_token(kind) for kind in KINDS}


def compile_tokens(
    pattern: SubjectPattern, lists: dict[str, list[str]]
) -> tuple[list[dict[str, Any]], int, frozenset[int]]:
    """The spaCy token specs of ``pattern`` (lists named ``@name`` filled in; the point token matches a data
    point of its kinds), the point's index and the subject's."""
    specs: list[dict[str, Any]] = []
    point, subject = -1, set()
    for i, token in enumerate(pattern.tokens):
        ours = ("point", "subject")
        spec = {key: _fill_lists(value, lists, pattern.id) for key, value in token.items() if key not in ours}
        if "point" in token:
            point = i
            spec["ORTH"] = {"IN": [point_token(kind) for kind in token["point"]]}
        if token.get("subject"):
            subject.add(i)
        specs.append(spec)
    return specs, point, frozenset(subject)


def _fill_lists(value: Any, lists: dict[str, list[str]], pattern_id: str) -> Any:
    """``value`` with each ``"@name"`` replaced by the list of that name; a list of names is their union."""
    if isinstance(value, dict):
        return {key: _fill_lists(v, lists, pattern_id) for key, v in value.items()}
    if isinstance(value, list) and any(isinstance(v, str) and v.startswith("@") for v in value):
        return list(dict.fromkeys(w for v in value for w in _fill_lists(v, lists, pattern_id)))
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in lists:
            raise ValueError(f"pattern {pattern_id!r}: no list {value[1:]!r}; expected one of {sorted(lists)}")
        return list(lists[value[1:]])
    return value


@dataclass(frozen=True, eq=False)
class SubjectPatterns:
    """The validated pattern file, compiled: (id, spaCy specs, point index, subject indices) in priority order."""

    path: Path
    data: SubjectPatternsFile

    @classmethod
    def load(cls, path: Path = SUBJECT_PATTERNS_PATH) -> SubjectPatterns:
        raw = read_mapping(path, SubjectPatternError, "subject-pattern fields", list(SubjectPatternsFile.model_fields))
        nested = {(SubjectPatternsFile, "patterns"): SubjectPattern, (SubjectPattern, "examples"): PatternExample}
        named = {"patterns": ("id", "pattern")}
        return cls(path, validate(SubjectPatternsFile, raw, path, SubjectPatternError, nested, named))

    @cached_property
    def compiled(self) -> tuple[tuple[str, list[dict[str, Any]], int, frozenset[int]], ...]:
        return tuple((p.id, *compile_tokens(p, self.data.lists)) for p in self.data.patterns)

    @cached_property
    def max_chars(self) -> dict[str, int]:
        """The longest subject each pattern gives, by its id."""
        return {p.id: p.max_chars for p in self.data.patterns}

    @cached_property
    def words_re(self) -> re.Pattern[str] | None:
        words = sorted(set(self.data.words), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else None

    @cached_property
    def required(self) -> tuple[frozenset[str] | None, ...]:
        """By pattern, in priority order: the words one of which a sentence's tokens must hold for the pattern to match
        (those of its required token with the fewest), or None where it needs none."""
        return tuple(
            None if (words := _required_words(specs, point)) is None else frozenset(words)
            for _, specs, point, _ in self.compiled
        )

    @cached_property
    def needed(self) -> dict[str, re.Pattern[str] | None]:
        """By kind of data point: a regex that finds a word one of the kind's patterns cannot match without (the
        words of a required token of each), or None where some pattern needs no word. A text it finds nothing in
        is not matched with that kind's patterns (most dates: 完成/启动 …)."""
        needed: dict[str, set[str] | None] = {}
        for _, specs, point, _ in self.compiled:
            words = _required_words(specs, point)
            for orth in specs[point]["ORTH"]["IN"]:
                kind = orth[1:-1].lower()
                so_far = needed.get(kind, set())
                needed[kind] = None if words is None or so_far is None else so_far | words
        return {
            kind: None if words is None else re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
            for kind, words in needed.items()
        }


@cache
def default_subject_patterns() -> SubjectPatterns:
    return SubjectPatterns.load()


_PatternInfo = tuple[int, str, int, frozenset[int]]  # a subject pattern's priority, id, point index, subject indices


class _PatternIndex(NamedTuple):
    """The subject patterns as the Matcher takes them and what picks those a sentence could match: a set of variants
    is a bit mask (bit n: ``variants[n]``)."""

    variants: tuple[tuple[str, list[dict[str, Any]]], ...]  # (pattern id, reversed token specs), one kind at the point
    by_kind: dict[str, int]  # the variants whose point is a data point of the kind
    by_word: dict[str, int]  # the variants that cannot match without a token that is the word (``required``)
    words: frozenset[str]  # every word of ``by_word``
    free: int  # the variants that need no word
    info: dict[int, _PatternInfo]  # by match id


# The Matchers of sets of pattern variants an extractor keeps (some 10 MB), and the sets met it counts, at most.
_MATCHERS_KEPT = 512
_SETS_MET_KEPT = 65_536


class DataPointExtractor:
    """Finds the data points of texts (sentences or paragraphs); subjects come from spaCy tokens."""

    def __init__(
        self,
        vocabulary: Vocabulary | None = None,
        formulas: NumberFormulas | None = None,
        subject_patterns: SubjectPatterns | None = None,
        chooser: SubjectChooser | bool = True,
    ) -> None:
        """``chooser``: the model that sets the edges of the rules' subjects (``analyzers.subject_chooser``): True for
        the shipped one, False for the rules' subjects as they are."""
        self.vocabulary = vocabulary or default_vocabulary()
        self.formulas = formulas or default_formulas()
        self.subject_patterns = subject_patterns or default_subject_patterns()
        self._chooser = default_chooser() if chooser is True else chooser or None
        self._matchers: dict[int, Matcher] = {}  # by the set of pattern variants they hold (``_matcher``)
        self._kind_matchers: dict[int, Matcher] = {}  # with every variant of a set of kinds, likewise
        self._sets_met: dict[int, int] = {}  # how often each set of variants was met, until it has a Matcher

    @staticmethod
    @cache
    def default() -> DataPointExtractor:
        return DataPointExtractor()

    @cached_property
    def _units(self) -> tuple[re.Pattern[str], dict[str, str]]:
        """One regex of every measure word (longest first) and the kind of each."""
        kind_of = {u: kind for kind, us in self.vocabulary.units.items() for u in us}
        return re.compile("|".join(re.escape(u) for u in sorted(kind_of, key=len, reverse=True))), kind_of

    @cached_property
    def _verbs(self) -> frozenset[str]:
        """The verbs of jieba's dictionary by the vocabulary's ``verb_tags``."""
        return dictionary_words_tagged(self.vocabulary.verb_tags)

    @cached_property
    def _lists(self) -> dict[str, frozenset[str]]:
        """The pattern file's named word lists as sets, for the rules that read them too: ``doing_verbs`` (观看,
        编印 …), ``function_words`` (never part of a subject: 其中, 全年, 在 …), ``have_words`` (between 的 and the
        count of those who are something: 有, 仅, 只有), ``status_words`` (the state of tasks: 销号, 到期未完成 …)."""
        return {name: frozenset(words) for name, words in self.subject_patterns.data.lists.items()}

    @cached_property
    def _meeting_heads(self) -> tuple[str, ...]:
        """The kinds of meeting a count counts after a theme in quotes (``meeting_heads`` and the subject terms),
        longest first."""
        heads = self.vocabulary.meeting_heads | self.vocabulary.subject_term_set
        return tuple(sorted(heads, key=len, reverse=True))

    def _listed(self, name: str) -> frozenset[str]:
        return self._lists.get(name, frozenset())

    @cached_property
    def _age_bound_words_re(self) -> re.Pattern[str]:
        """An age bound right before a count, with the words of ``have_words`` or of a share between them (45岁以上的
        有|17名, 35岁以下|仅8人, 40岁以下的占|三成)."""
        between = sorted(self._listed("have_words") | set(_AGE_BOUND_SHARE_WORDS), key=len, reverse=True)
        return re.compile(rf"{_AGE_BOUND}(?:{'|'.join(map(re.escape, between))})*$")

    @cached_property
    def _award_re(self) -> re.Pattern[str]:
        verbs = "|".join(map(re.escape, self.vocabulary.award_verbs))
        endings = "|".join(map(re.escape, self.vocabulary.award_endings))
        # The longest title up to an ending, not running on into another word (获国家奖学金 is no 国家奖); an
        # opening quote after the verb is not part of the title (被评为“五星级党支部”).
        return re.compile(
            rf"(?:{verbs})“?(?P<title>[^，,。；;：:、！？!?\s和及与“”][^，,。；;：:、！？!?\s和及与]{{0,17}}(?:{endings}))"
            rf"(?=称号|荣誉称号|[^\u4e00-\u9fff]|[和及与、等的中后]|$)"
        )

    @cached_property
    def _find_titles(self) -> Callable[[str], Iterator[re.Match[str]]]:
        """A title after a verb that only takes titles (获评, 被评为, 被授予 …: ``title_verbs``), whatever its
        ending: the words up to 称号, a clause mark or a conjunction (获评全国质量信得过班组, 被评为全市担当作为
        好干部; not 满意度测评为93.2分, a score), with a name quoted inside it (获评市级“十佳青年教师”, 被授予全国
        “最美老干部”称号); a title quoted whole is read without its quotes (被评为“五星级党支部”); before 称号 after
        any award verb, whatever its ending (荣获全市最美护士称号)."""
        verbs = "|".join(map(re.escape, self.vocabulary.title_verbs))
        award_verbs = "|".join(map(re.escape, self.vocabulary.award_verbs))
        plain = r"(?:[^，,。；;：:、！？!?\s和及与并等“”（）()]|等(?=次))"  # (获评优秀等次: a grade, no 等 of a list)
        inside = r"[^“”，,。；;：:、！？!?\s]"  # (a quoted name keeps its 和 and 等: 全省和谐社区建设示范社区)
        quoted = rf"“{inside}{{1,16}}”"
        after = r"(?=称号|荣誉称号|[，,。；;：:、！？!?\s（）()和及与并]|等(?!次)|$)"
        named = r"[^，,。；;：:、！？!?\s“”（）()]"
        return scanner(
            re.compile(
                rf"(?:{verbs})(?:“(?P<quoted>{inside}{{2,24}})”{after}|(?P<title>(?:{plain}|{quoted}){{2,20}}?){after})"
                rf"|(?:{award_verbs})(?P<named>{named}{{2,16}}?)(?=(?:荣誉)?称号)"
            )
        )

    @cached_property
    def _pattern_index(self) -> _PatternIndex:
        """The subject patterns as the Matcher takes them, one variant per kind of data point a pattern starts at,
        with what picks the variants a sentence could match (see ``_PatternIndex``)."""
        vocab = get_nlp().vocab
        variants: list[tuple[str, list[dict[str, Any]]]] = []
        by_kind = dict.fromkeys(KINDS, 0)
        by_word: dict[str, int] = {}
        free = 0
        info = {}
        required = self.subject_patterns.required
        for priority, (pattern_id, specs, point, subject) in enumerate(self.subject_patterns.compiled):
            last = len(specs) - 1  # matched right to left (see _tokens): the point's spec comes first
            flagged = [spec if i == point else _with_flags(spec) for i, spec in enumerate(specs)]
            for orth in specs[point]["ORTH"]["IN"]:  # an ORTH equality is much faster than an IN predicate
                one = [*flagged[:point], {**flagged[point], "ORTH": orth}, *flagged[point + 1 :]]
                bit = 1 << len(variants)
                variants.append((pattern_id, one[::-1]))
                by_kind[orth[1:-1].lower()] |= bit
                if required[priority] is None:
                    free |= bit
                for word in required[priority] or ():
                    by_word[word] = by_word.get(word, 0) | bit
            info[vocab.strings[pattern_id]] = (priority, pattern_id, last - point, frozenset(last - i for i in subject))
        return _PatternIndex(tuple(variants), by_kind, by_word, frozenset(by_word), free, info)

    def _matcher(self, variants: int) -> Matcher:
        """A spaCy Matcher for a sentence that could match the pattern variants of the bit mask ``variants``: one
        with just those, built the second time they meet (one pass over the sentence's tokens, and the fewer the
        patterns the shorter it is), else one with every variant of their kinds. A batch meets thousands of sets
        of variants, most of them once (1,893 in the 21,165 sentences of the tuning sets that reach the Matcher, read
        in turn: 91 % of those sentences meet a set met before), and at most a few hundred sets of kinds;
        ``_MATCHERS_KEPT`` bounds the first."""
        matcher = self._matchers.get(variants)
        if matcher is not None:
            return matcher
        met = self._sets_met[variants] = self._sets_met.get(variants, 0) + 1
        if met >= 2 and len(self._matchers) < _MATCHERS_KEPT:
            matcher = self._matchers[variants] = self._matcher_of(variants)
            return matcher
        if len(self._sets_met) > _SETS_MET_KEPT:
            self._sets_met.clear()
        kinds = sum(mask for mask in self._pattern_index.by_kind.values() if mask & variants)
        matcher = self._kind_matchers.get(kinds)
        if matcher is None:
            matcher = self._kind_matchers[kinds] = self._matcher_of(kinds)
        return matcher

    def _matcher_of(self, variants: int) -> Matcher:
        """A Matcher on the shared vocab with the pattern variants of the bit mask ``variants``."""
        matcher = Matcher(get_nlp().vocab, validate=False)  # validated when loaded
        for n, (pattern_id, pattern) in enumerate(self._pattern_index.variants):
            if variants >> n & 1:
                matcher.add(pattern_id, [pattern])
        return matcher

    # -- public ---------------------------------------------------------------------------------------------

    def extract(self, text: str) -> list[Found]:
        """The data points of one text, in order, with their subjects."""
        return self.extract_many([text])[0]

    def extract_many(self, texts: Sequence[str]) -> list[list[Found]]:
        """The data points of each text; the texts that hold any are tokenised together (``nlp.pipe``)."""
        spans = [self._spans(text) for text in texts]
        with_points = [i for i, found in enumerate(spans) if found]
        if not with_points:
            return spans
        arounds: list[tuple[int, int, Around]] = []  # (text, point, where its subject is) for the chooser
        shares: list[tuple[int, int, int]] = []  # (text, point, the point whose subject it shares: SHARING_RULES)
        tokens: dict[int, Tokens] = {}
        walked: dict[int, list[int]] = {}  # the points whose subject the walk gave (no pattern or rule)
        plains: dict[int, str] = {}
        for i in with_points:
            plain = plains[i] = _half_width(texts[i])
            words = tokens[i] = _merge_terms(plain, _word_spans(texts[i]), self.vocabulary, spans[i])
            subjects = self._subjects(plain, words, spans[i])
            spans[i] = [_with_subject(f, subject) for f, (subject, _) in zip(spans[i], subjects, strict=True)]
            walked[i] = [n for n, (_, rule) in enumerate(subjects) if not rule]
            if self._chooser is not None:
                for n, around in enumerate(_arounds(plain, words, spans[i], subjects)):
                    if around is not None:
                        arounds.append((i, n, around))
                shares += (
                    (i, n, shared[0])
                    for n, (_, rule) in enumerate(subjects)
                    if rule in SHARING_RULES and (shared := _subject_shared(plain, spans[i], n)) is not None
                )
        if arounds:  # the edges of every subject, chosen together (``analyzers.subject_chooser``)
            assert self._chooser is not None
            chosen = self._chooser.choose_many([around for _, _, around in arounds], self.chooser_lexicon)
            for (i, n, _), subject in zip(arounds, chosen, strict=True):
                if subject != spans[i][n].subject:
                    spans[i][n] = _with_subject(spans[i][n], subject)
        for i in with_points:  # (after the chooser, which places the edges of the last item, next to the number)
            points, aged = spans[i], "岁" in plains[i]  # (most texts name no age: one look for all their points)
            for n in walked[i]:
                if listed := self._listed_before(plains[i], tokens[i], points[n], points):
                    points[n] = _with_subject(points[n], listed)
                elif aged and (total := self._total_of_age_bound(plains[i], tokens[i], points, n)):
                    bound, points[n] = points[n].subject, _with_subject(points[n], total)
                    if n + 1 < len(points) and points[n + 1].kind == "percent" and points[n + 1].subject == bound:
                        # (…中60岁以上的有14名，占比45.2%: the share the part's subject gave is the total's too)
                        points[n + 1] = _with_subject(points[n + 1], total)
            brackets = "）" in plains[i]
            for n, point in enumerate(points):  # a subject's edges: a word of time off, an alternative in brackets on
                subject = point.subject
                if subject.startswith(_EDGE_WORDS_FIRST) or subject.endswith(_EDGE_WORDS_LAST):
                    subject = _without_edge_words(plains[i], tokens[i], point)
                if brackets:
                    subject += _bracketed_alternative_after(plains[i], point, subject)
                if subject != point.subject:
                    points[n] = _with_subject(point, subject)
        for i, n, shared in shares:  # a shared subject is the chosen one of the point it shares
            spans[i][n] = _with_subject(spans[i][n], spans[i][shared].subject)
        for i in with_points:
            points = spans[i]
            for n, point in enumerate(points):
                if not point.subject and (borrowed := _subject_before_in_sentence(plains[i], points, n)):
                    points[n] = _with_subject(point, borrowed)
        return spans

    def subject_rules(self, text: str) -> list[tuple[Found, str]]:
        """The data points of ``text`` with where each subject came from: the id of the pattern, "inherited"
        (see ``_inherited``) or "" (the fallback walk). What the tests look at."""
        found = self.extract(text)
        if not found:
            return []
        plain = _half_width(text)
        words = _merge_terms(plain, _word_spans(text), self.vocabulary, found)
        return [(f, rule) for f, (_, rule) in zip(found, self._subjects(plain, words, found), strict=True)]

    def subject_arounds(self, text: str) -> list[tuple[Found, str, Around | None]]:
        """What the subject chooser reads in ``text``: each data point with the rules' subject, the rule that gave
        it and where that subject lies among the text's tokens (None where the chooser leaves it alone). What the
        chooser is trained and tested on."""
        points = self._spans(text)
        if not points:
            return []
        plain = _half_width(text)
        words = _merge_terms(plain, _word_spans(text), self.vocabulary, points)
        subjects = self._subjects(plain, words, points)
        points = [_with_subject(f, subject) for f, (subject, _) in zip(points, subjects, strict=True)]
        rules = [rule for _, rule in subjects]
        return list(zip(points, rules, _arounds(plain, words, points, subjects), strict=True))

    @cached_property
    def chooser_lexicon(self) -> Lexicon:
        """What the subject chooser's features read besides the text."""
        tagged = _dictionary_words_by_tag(_TAGS_OF_RULES | self.vocabulary.verb_tags | self.vocabulary.predicate_tags)
        frequencies = dictionary_frequencies()
        return Lexicon(word_classes(tagged, frequencies), self.vocabulary.subject_term_set, _CLAUSE_MARKS, frequencies)

    def _subjects(self, text: str, words: Tokens, points: list[Found]) -> list[tuple[str, str]]:
        """(subject, where it came from) of each data point of ``text``: a pattern, else the fallback walk; a
        part or an average inherits the subject of its total."""
        matched = self._pattern_subjects(text, words, points)
        out: list[tuple[str, str]] = []
        before: list[str] = []  # the subjects of the points before, as ``out`` holds them
        function_words = self._listed("function_words")
        people_units = self.vocabulary.people_units
        averages = "均" in text  # (every word of ``average_words`` ends in 均: most texts have none)
        from_to = "由" in text or "从" in text
        compares = _COMPARED_MARKER_RE.search(text) is not None
        for n, f in enumerate(points):
            earlier = points[:n]
            subject, rule = matched[n] if n in matched else (self._subject(text, words, f, points), "")
            if f.kind == "other" and f.text.startswith("1:"):
                if n and out[-1][1] == "named_ratio" and _CHANGED_TO_RE.fullmatch(text, earlier[-1].end, f.start):
                    subject, rule = out[-1][0], "named_ratio"  # (配比由1:2.8优化为1:2.2: the same ratio's)
                elif ratio := self._named_ratio(text, words, f):
                    subject, rule = ratio, "named_ratio"
            if rule == "coordinated_nouns" and self._counts_noun_after(text, words, f):
                # (支部与驻地|3家|软件企业党组织签订…, 分布在7个城区和外省|3个|城市: the pattern read the words before)
                subject, rule = self._subject(text, words, f, points), ""
            if rule and subject.endswith(self.vocabulary.subject_trim):  # 到会率一度|降至62%: as the walk's are
                subject = _trim_at_cut(text, words, f, subject, self.vocabulary.subject_trim)
            if rule == "proportion_of_doing":
                subject = self._proportion_of_doing(text, words, f, subject)
            if averages:
                subject = self._averaged(text, words, f, subject)
                subject = _split_at_average(text, f, subject)
            if subject in function_words:
                subject = self._named_by_function_word(text, words, f, earlier, out, subject)
            if f.kind == "rank":
                if rule in _CONTEST_RULES:
                    subject = _whole_contest(text, f, subject, points)
                elif rule == "contest_right_before_prize":
                    subject = _contest_from_verb(text, f, subject, points)
                subject = _winner_without_verb(text, f, subject)
                subject = self._name_of_winner(subject) or self._winner_listed(text, f, earlier, out)
            elif f.kind == "date" and not subject:
                subject = self._award_placed(text, f, points)
            elif f.kind == "count" and rule in ("", "those_who"):
                subject = self._whole_group(text, words, f, subject, points)
            if rule == "change_alone" and n and before[-1]:
                subject = self._changed_figure(text, points[n - 1], f, before[-1]) or subject
            elif n and before[-1] and f.kind == "count":
                subject = _total_named(text, points[n - 1], f, before[-1], subject) or subject
            if from_to and f.kind in _CHANGING_KINDS and rule != "named_ratio":
                subject = self._changed_from(text, words, points, n) or subject
            if compares and not rule and f.kind in _CHANGING_KINDS:
                subject = self._compared_figure(text, words, points, n, before) or subject
            if not rule and (f.kind == "percent" or f.unit == "倍"):  # (是上年的3倍多: as a share)
                if figure := self._fraction_of_reference(text, words, points, n, before):
                    subject, rule = figure, "fraction_of_reference"
            inherited = self._inherited(text, f, earlier, before)
            if inherited and f.kind == "percent" and (part := _part_of_share(text, points, n, before[-1])):
                subject, rule, inherited = part, "part_share", ""
            if not inherited and f.kind == "rank":
                subject = self._winner_or_contest(text, words, f, points, subject, rule)
                subject = _without_edition_or_date(subject) or subject  # (第十五届|省运会, 2026年度|全市…考核)
                subject = self._with_contest_head(text, f, subject)
                subject = self._with_quoted_contest_name(text, f, subject)
            if not inherited and not rule:  # a pattern's subject is its own (较上年减少3人 -> 减少: change_alone)
                inherited = self._unnamed(text, words, f, earlier, before, subject)
            if not inherited and not subject and f.kind in _FIGURE_KINDS:
                subject = self._named_after(text, words, f, points)
            if not inherited and f.kind == "rank" and (kept := _measure_kept_first(text, points, n, before)):
                subject, rule = kept, "measure_kept_first"
            if not inherited and f.kind == "rank" and (ranked := _ranked_among_peers(text, points, n, before)):
                subject, rule = ranked, "ranked_among_peers"
            if not inherited and f.kind == "rank" and (branch := _branch_aiming_at_title(text, f, subject)):
                subject, rule = branch, "branch_aiming_at_title"
            if not inherited and (target := _target_fallen_short_of(text, f)):
                subject = target
            if not inherited and f.kind == "percent" and (share := _changed_share(text, f, subject)):
                subject, rule = share, "changed_share"
            if not inherited and f.kind in ("date", "deadline") and (task := _quoted_task_dated(text, f)):
                subject, rule = task, "quoted_task_dated"
            if not inherited and f.kind == "other" and (place := self._place_of_area(text, words, f, points)):
                subject = place
            if subject == "分" and not inherited and f.kind in ("count", "date"):
                subject = self._done_in_parts(text, words, f, points)
            if not inherited and f.kind == "date":
                if period := _named_period(text, points, n):
                    subject, rule = period, "named_period"
                elif during := self._event_during(text, words, f):
                    subject, rule = during, "event_during"
                elif topic := self._timed_topic(text, words, f, points):
                    subject, rule = topic, "timed_topic"
                elif event := _dated_event(text, f):
                    subject, rule = event, "dated_event"
                elif start := _founded_or_started(text, f):
                    subject, rule = start, "founded_or_started"
            if (item := self._respective_item(text, words, points, n, inherited or subject)) is not None:
                subject, rule, inherited = item, "respective_item", ""
            elif f.kind == "count" and (state := _state_after(text, f, points)):
                # (a state of its own, not the total's: …已整改3项，“…”1项仍在整改中; kept whole, as the pattern's)
                subject, rule, inherited = state, "tasks_in_state", ""
            elif not inherited and f.kind == "count" and (event := _event_held(text, f, subject)):
                subject, rule = event, "event_held"
            elif not inherited and f.kind == "count":
                subject = self._counted_after(text, words, f, points, subject)
            elif f.kind in ("duration", "date", "deadline") and (title := _title_won_for(text, points, n)):
                subject, rule, inherited = title, "title_won_for", ""
            elif f.kind == "duration" and (state := _state_kept_for(text, f, points)):
                subject, rule, inherited = state, "state_kept_for", ""
            elif f.kind == "duration" and (doing := _done_in_recent_years(text, f)):
                subject, rule, inherited = doing, "done_in_recent_years", ""
            elif f.kind == "duration" and (doing := _done_ahead(text, f)):
                subject, rule, inherited = doing, "done_ahead", ""
            elif f.kind == "duration" and not inherited and (doing := _done_within(text, f)):
                subject, rule = doing, "done_within"
            elif f.kind == "duration" and not inherited and (making := self._made_over(text, f)):
                subject, rule = making, "made_over"
            elif f.unit == "字" and (work := _titled_work_of_words(text, f)):
                subject, rule, inherited = work, "titled_work_of_words", ""
            if not subject and not inherited and (work := self._titled_work_before(text, words, f)):
                subject, rule = work, "titled_work"
            if subject.endswith("为"):
                subject = self._without_linking_wei(text, words, f, subject)
            if subject[1:2] == "类" and not inherited:
                subject = _with_grades_listed(text, f, subject)
            if subject[:1] in "较比" and (reference := _REFERENCE_BEFORE_NOUN_RE.match(subject)):
                subject = subject[reference.end() :]  # 较去年|峰值提升18.6%: the reference is no part of the measure
            if f.kind == "rank" and subject in _NAMED_WINNER_HEADS and not inherited:
                subject = _quoted_before(text, f, subject) or subject
            if f.kind == "rank" and not subject and not inherited:
                subject = _titled_winner(text, f)
            if f.kind == "rank" and f.text.endswith("等功") and not inherited and (winner := _merit_winner(text, f)):
                subject, rule = winner, "merit_winner"
            if subject[:1] == "年" and not inherited:
                subject = _without_year_unit(text, f, subject)
            elif subject[:1] == "级" and not inherited:
                subject = _with_grade_named(text, f, subject)
            lasting = f.kind == "duration" and not rule and text.startswith("的", f.end)
            if lasting and subject not in text[f.end : f.end + 24]:  # (the rules' subject lies before it)
                subject = self._lasting(text, words, f, points) or subject
            if f.kind in ("other", "money") and not rule and text.startswith("的", f.end):
                subject = self._measured_after_de(text, words, f, points, subject)
            entered = self._entered(text, words, f, points) if f.unit in people_units and not rule else ""
            if entered:
                subject, rule, inherited = entered, "entered", ""
            out.append((inherited, "inherited") if inherited else (subject, rule))
            before.append(out[-1][0])
        for n in range(len(points)):  # (after the loop: an as-of date or a range's start shares a later point's)
            if (shared := _subject_shared(text, points, n)) is not None and out[shared[0]][0]:
                out[n] = (out[shared[0]][0], shared[1])
        return out

    def _lasting(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """What lasts a duration written 为期…的 (开展为期5天的党性教育, 为期3天的“拥军优属”集中服务活动): the words
        after 的, as far as a noun phrase runs, its quotes kept; "" for any other duration."""
        if not _LASTING_BEFORE_RE.search(text, max(0, found.start - 4), found.start):
            return ""
        quoted = _QUOTED_AT_RE.match(text, found.end + 1)
        at = quoted.end() if quoted else found.end + 1
        _, hi = sentence_clause(text, at)
        rest = self._walk(text, words, at, hi, "right", _other_points(found, points), noun_phrase=True)
        return f"{quoted.group(0)}{rest}" if quoted else rest

    def _measured_after_de(self, text: str, words: Tokens, found: Found, points: list[Found], subject: str) -> str:
        """A measure followed by 的 and a noun, right after a verb of making or a comparison that opens its clause
        (形成|约12万字|的研究报告, 社区建起|1,200平方米|的党群服务中心, 远高于|1:200|的行业标准): what is measured is
        the noun after 的; ``subject`` where words before name a measure (海拔3,200米的山顶, 积分低于|60分|的党员)."""
        lo, _ = sentence_clause(text, found.start)
        before = _MEASURE_BEFORE_RE.search(text, lo, found.start)
        if before is None:
            return subject
        verb = before.group("verb")
        if verb is not None and before.start("verb") > lo and not before.group("adverb"):
            return subject  # (得分|低于60分的: the measure is named before the comparison)
        word = before.group("made")
        changed = word is not None and word[-1] in "涨跌增降升"  # (水位暴涨|4.37米的紧急情况: how much it changed)
        if word is not None and (word not in self._verbs or word in self._listed("link_words") or changed):
            return subject
        if word is not None and "每" in text[lo : found.start]:
            return subject  # (按每吨干椒提取|50元的标准: a rate, what is done per unit)
        _, hi = sentence_clause(text, found.end + 1)  # (from after the number: 1,200's comma is no clause mark)
        measured = self._walk(text, words, found.end + 1, hi, "right", _other_points(found, points), noun_phrase=True)
        return measured or subject

    def _entered(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """People counted with no words of their own in their clause (none, or only 有 before them), right before a verb
        of entering or winning (发表论文11篇，1人|入选省级青年科技人才托举工程): what they entered or won, by its quoted
        name where it has one (1人荣获“省技术能手”称号 -> 省技术能手), not the subject of the point before; "" for any
        other count."""
        verb = _ENTERED_OR_WON_RE.match(text, found.end)
        lo, hi = sentence_clause(text, found.start)
        if verb is None or not _NO_WORDS_OF_ITS_OWN_RE.fullmatch(text, lo, found.start):
            return ""
        if quoted := _QUOTED_AT_RE.match(text, verb.end()):
            return quoted.group(1)
        if title := next((f for f in points if f.start == verb.end() and f.kind == "rank"), None):
            return title.text  # (1人入选|省级青年岐黄人才: the title won, a point of its own)
        return self._walk(text, words, verb.end(), hi, "right", _other_points(found, points), noun_phrase=True)

    def _proportion_of_doing(self, text: str, words: Tokens, found: Found, done: str) -> str:
        """The share of those who do something, named whole from its doing word (流动党员|参加组织生活的比例只有45%,
        每月|按时参加线上组织生活的比例, 谈心谈话|覆盖一线员工的比例): ``done``, what the pattern read before 的比例,
        with the words before it back to the nearest doing word within a few words and the adverbs before that."""
        end = text.rfind(done, 0, found.start)
        ratio = _PROPORTION_RE.match(text, end + len(done)) if end >= 0 else None
        if not ratio:
            return done
        lo, _ = clause_bounds(text, end, end)
        doing = end if self._doing_word(words.starting_at(text, end)) else self._doing_before(text, words, end, lo)
        while (word := _word_ending_at(text, words, doing)) and word in self._adverbs and doing - len(word) >= lo:
            doing -= len(word)
        return text[doing : ratio.end()]

    def _doing_before(self, text: str, words: Tokens, end: int, lo: int) -> int:
        """Where the nearest doing word within ``_PROPORTION_REACH`` words before ``end`` starts, not past ``lo``, 的
        or 中 (流动党员|参加|组织生活); ``end`` where there is none."""
        at = end
        for _ in range(_PROPORTION_REACH):
            word = _word_ending_at(text, words, at)
            if at <= lo or not word or not _is_cjk(word) or word in ("的", "中"):
                break
            at -= len(word)
            if self._doing_word(word):
                return at
        return end

    def _without_linking_wei(self, text: str, words: Tokens, found: Found, subject: str) -> str:
        """A subject that ends in the linking 为 after a noun (服务时间为|上午9点, 平均评估得分为|…), without it, and
        without the days it opens with (每天开放时段为 -> 开放时段); as it is after a verb (调整为, 被评为) or in a
        word (行为)."""
        at = _subject_near(text, subject, found, 12, or_after=True)
        end = at + len(subject)
        if at < 0 or _word_ending_at(text, words, end) != "为":
            return subject
        noun = _word_ending_at(text, words, end - 1)
        if not noun or noun in self._verbs or noun in self.vocabulary.subject_stops:
            return subject
        return _DAYS_OPENING_RE.sub("", subject[:-1], count=1) or subject

    def _named_ratio(self, text: str, words: Tokens, found: Found) -> str:
        """The ratio a ratio (1:3.2) is the figure of, named whole where its word stands right before it: the two
        things it sets against each other (护理员与儿童配比仅为1:3.2 -> 护理员与儿童配比; the word before 与, as a
        reader names them) or the nouns before the word (押运人车配比, 团青比为1:6.9 -> 团青比): the annotated sets
        name all 18 ratios with such a word so; "" where none stands before it (低于1:20的标准: a target's)."""
        lo, _ = sentence_clause(text, found.start)
        ratio = _RATIO_NAMED_RE.search(text, max(lo, found.start - 10), found.start)
        if ratio is None:
            return ""
        word_class, at = self.chooser_lexicon.word_class, ratio.start()
        paired = text.rfind("与", max(lo, at - 8), at)
        if paired > 0:
            first = _word_ending_at(text, words, paired)
            if len(first) == 1 and first.isalpha() and (whole := _word_ending_at(text, words, paired - 1)).isalpha():
                first = whole + first  # (网格|员与居民户数配比: jieba cuts the doer's ending off)
            if not first or word_class(first) in _NOT_NAMING_CLASSES:
                return ""
            return text[paired - len(first) : ratio.end(1)]
        start = at
        for k in range(2):  # (押运|人车|配比, 岗位|供需|比: a doing word names the second)
            word = _word_ending_at(text, words, start)
            if not word or (word_class(word) in _NOT_NAMING_CLASSES and (k == 0 or word_class(word) != "v")):
                break
            start -= len(word)
        return text[start : ratio.end(1)] if start < at else ""

    def _titled_work_before(self, text: str, words: Tokens, found: Found) -> str:
        """A count or length right after a title in 《》 (编印《党员学习手册》800册) counts that work; where nouns
        name its kind before the title (编写校本教材《红色家书选读》2套, 回忆录《峡江岁月》约15万字), what it is:
        those nouns, as a reader would say it (a verb before the title names no kind)."""
        title = _TITLE_BEFORE_RE.search(text, max(0, found.start - 20), found.start)
        if not title:
            return ""
        word_class, work_verbs, start = self.chooser_lexicon.word_class, self._listed("work_verbs"), title.start()
        while start > 0 and len(word := _word_ending_at(text, words, start)) > 1:
            if word_class(word) != "n" or word in work_verbs:
                break
            start -= len(word)
        kind = text[start : title.start()]
        return kind if 2 <= len(kind) <= SUBJECT_MAX_CHARS else title.group(1)

    def _respective_item(self, text: str, words: Tokens, points: list[Found], n: int, subject: str) -> str | None:
        """The item a value of a list after 分别 stands for, where as many items are listed right before 分别 and the
        rules read the last item or the whole list for it (火灾扑救、抢险救援、社会救助分别为217起、803起、248起 ->
        抢险救援 for 803起; 锦旗和感谢信分别为19面、8封 -> 锦旗 for 19面); None where there is no such list. Items
        sharing a head the rules read (高血压、糖尿病患者规范管理人数分别为… -> 规范管理人数) are left to the rules."""
        if "分别" not in text:
            return None
        first, last = _listed_run(text, points, n)
        if last == first or not subject:
            return None
        lo, _ = sentence_clause(text, points[first].start)
        at = text.find("分别", lo, points[first].start)
        if at < 0:
            return None
        segments = [m.span() for m in _LIST_ITEM_RE.finditer(text, lo, at)]
        if len(segments) != last - first + 1:
            return None
        blocked = _blocked(text, points[n], points)
        items = [self._walk(text, words, e, s, "left", blocked) for s, e in segments]
        if not all(items) or any(item != text[s:e] for item, (s, e) in zip(items[1:], segments[1:], strict=True)):
            return None
        if subject not in (items[-1], text[segments[0][1] - len(items[0]) : at]):
            return None
        return items[n - first]

    def _winner_or_contest(
        self, text: str, words: Tokens, found: Found, points: list[Found], subject: str, rule: str
    ) -> str:
        """A rank's subject where the rules' words name no winner or contest: none at all or one after 被, a team,
        a person, a scope, a time or the issuer (获团体二等奖, 位列全区第二名, 年底获评…, 被区委组织部|评为) take them
        from the sentence (``_rank_of_sentence``), as does a verb that keeps a place (保持|前三); a prize is the
        prize of what its award verb names before it (``_award_named_before``); the peers or the whole a place ranks
        in are not what ranked (``_ranked_before``); a prize an award rule gave a winner is the contest's the
        sentence names (在集团焊接技能大赛中，党员焊工李海峰获二等奖: GUIDE.md)."""
        if not subject or "被" in subject:
            return self._rank_of_sentence(text, words, found, points, subject)
        named_before = _is_prize(found) and not rule.startswith("contest")  # (a contest pattern read it already)
        if named_before and (award := self._award_named_before(text, found, points)):
            return award
        if subject in self._listed("rank_movement_verbs"):  # 力争…保持|前三, 争取再次|获评…: no winner named
            return self._rank_of_sentence(text, words, found, points, "") or subject
        peers = _AMONG_PEERS_RE.search(text, max(0, found.start - 24), found.start)
        # 在全省21个地市中|排名第4位: the peers are not what ranked (but 在全市13个县区卫片执法考核中 names the contest)
        if peers and subject in peers.group(0) and not self._contest_heads_re.search(peers.group(0)):
            return self._ranked_before(text, words, peers.start(), found, points) or subject
        ranking = _RANKING_SCOPE_RE.search(text, max(0, found.start - 16), found.start)
        if ranking and ranking.group(0).endswith(subject):  # (全县银行业, or with its verb: 保持全省)
            return self._ranked_before(text, words, ranking.start(), found, points) or subject
        ranked_in = _RANKED_IN_RE.search(text, max(0, found.start - 20), found.start)
        if ranked_in and subject in ranked_in.group("whole") and not self._contest_heads_re.search(ranked_in[0]):
            # (位列全县15个乡镇|第1名, 位居县直机关|前5名: the peers or the whole it ranks in, not what ranked)
            return self._ranked_before(text, words, ranked_in.start(), found, points) or subject
        if _NO_WINNER_RE.fullmatch(subject) or _after_bei(text, found, subject):
            return self._rank_of_sentence(text, words, found, points, "") or subject
        if rule in ("award_winner", "") and _is_prize(found) and not found.text.endswith("功"):
            # (a merit, 荣立个人三等功, is the winner's, not a contest's)
            return self._contest_in_sentence(text, _sentence_start(text, found.start), found, points) or subject
        return subject

    def _award_named_before(self, text: str, found: Found, points: list[Found]) -> str:
        """What a prize is the prize of, where its award verb names it right before it (获省科学技术奖|一等奖, 荣获全省
        老干部工作创新案例|二等奖: GUIDE.md); not a team, a scope or a time (获团体|一等奖, 获市级|二等奖)."""
        at = _AWARD_NAMED_RE.search(text, max(0, found.start - 20), found.start)
        if not at:
            return ""
        name = _without_edition_or_date(_TEAM_OR_PERSON_END_RE.sub("", at.group("name")))  # 护理技能大赛|个人|三等奖
        start = text.rfind(name, 0, found.start)
        if len(name) < 2 or name.startswith(("个人", "团体", "奖")) or _NO_WINNER_RE.fullmatch(name):
            return ""  # (获个人单项|第二名, 获团体总分|第二名: a category; 获奖数量居…: no award verb)
        if name in self._listed("scopes") or _ISSUER_END_RE.search(name) or name.endswith("赛区"):
            return ""  # (获省质量协会|一等奖: who gave it, not what it is the prize of; 获省赛区|一等奖: where)
        return "" if any(start < f.end and f.start < found.start for f in points if f is not found) else name

    def _ranked_before(self, text: str, words: Tokens, verb: int, found: Found, points: list[Found]) -> str:
        """What a place after a ranking verb and the whole it ranks in (位居全县银行业|第一) ranked: the measure right
        before the verb (存款市场份额位居…), else the contest or topic of its sentence (在年度考核中…位列全市第2名)."""
        lo, _ = sentence_clause(text, found.start)
        measure = self._walk(text, words, verb, lo, "left", _blocked(text, found, points))
        right_before = measure and text.endswith(measure, 0, verb)
        # (not a verb or a function word, nor a team, a scope or a time: _NO_WINNER_RE holds the time words too)
        if right_before and not self._names_nothing(measure) and not _NO_WINNER_RE.fullmatch(measure):
            return measure
        return self._rank_of_sentence(text, words, found, points, "")

    def _total_of_age_bound(self, text: str, words: Tokens, points: Sequence[Found], n: int) -> str:
        """The total a part picked out only by an age bound belongs to, where the walk read the bound alone (30名党员中
        45岁以上的有17名 -> 党员; 43名专职教师…，45岁以下仅8人 -> 专职教师; 一线服务人员中45岁以上的占比约六成半 ->
        一线服务人员: GUIDE.md): the (chosen) subject of a count of people before it in its sentence, the nearest
        one followed by 中 first; else the whole named right before 中 and the bound (not 其中); else ""."""
        found = points[n]
        bound = self._age_bound_words_re.search(text, max(0, found.start - 12), found.start)
        if found.kind not in ("count", "percent") or not bound or not found.subject or found.subject not in bound[0]:
            return ""
        opening, among = _sentence_start(text, found.start), bound.start() - 1
        people = self.vocabulary.people_units
        totals = [f for f in reversed(points[:n]) if f.start >= opening and f.kind == "count" and f.unit in people
                  and f.subject and not self._age_bound_words_re.search(f.subject)]  # fmt: skip
        before_among = text.startswith("中", among) and not text.startswith("其中", among - 1)
        # (23名职工中取得…证书的仅6人，40岁以下的只有5人: the whole before 中, not the nearer part)
        wholes = [f for f in totals if text.startswith(f.subject + "中", f.end) or text.startswith("中", f.end)]
        if before_among and not wholes:
            lo, _ = clause_bounds(text, among, bound.start())
            whole = self._walk(text, words, among, lo, "left", _blocked(text, found, points))
            if whole and text.endswith(whole, 0, among) and not self._names_nothing(whole):
                return whole
        return (wholes or totals)[0].subject if wholes or totals else ""

    def _counted_after(self, text: str, words: Tokens, found: Found, points: list[Found], subject: str) -> str:
        """A count that counts the noun after it though the rules read words before it: after a scope
        (``_counted_after_scope``) or, for people and things, before a clause with 的 (``_head_of_relative_clause``);
        in either case past an age or a level bound (``_head_after_bound``)."""
        if _SCOPE_END_RE.search(subject):
            head = self._counted_after_scope(text, words, found, points)
        elif found.unit in self.vocabulary.thing_units:
            head = self._head_of_relative_clause(text, words, found, points)
        else:
            return subject
        return head or self._head_after_bound(text, words, found, points) or subject

    def _head_after_bound(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """A count of people before an age bound (选派4名35岁以下党员骨干, 为1,600余名80周岁以上独居、空巢老人, 选配2名
        70岁以下、热心党务的党员), or of people or things before a level bound (127名市级以上代表性传承人, 38个省级以上
        非遗项目), counts what is named after the bound."""
        bound = _LEVEL_BOUND_AFTER_RE.match(text, found.end)
        if not bound and found.unit in self.vocabulary.people_units:
            bound = _AGE_BOUND_AFTER_RE.match(text, found.end)
        if not bound:
            return ""
        return self._beside(text, words, _shifted(found, bound.end()), "right", _blocked(text, found, points))

    def _timed_topic(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """The thing a time of day is the time of, named before it, where nothing is said after the time but a bare
        doing word (学校阳光大课间每天上午9:40至10:10开展 -> 学校阳光大课间, 积分超市每周六上午九点至十一点开放 ->
        积分超市), that word after its doer (用药咨询热线每天8:00至20:00由党员药师接听), or nothing (主题党日固定在
        每周五下午2点半，): past the days, the part of the day and a verb that sets the time (not where what the walk
        reads there names no thing: ``_NOT_TIMED_THING_RE``)."""
        if not _CLOCK_RE.search(found.text) or not _TIMED_AFTER_RE.match(text, found.end):
            return ""
        lo, _ = sentence_clause(text, found.start)
        edge = found.start
        before = [f for f in points if f.end <= edge]
        if before and before[-1].kind == "date" and _RANGE_END_RE.fullmatch(text, before[-1].end, edge):
            edge = before[-1].start  # (9:40|至|10:10: the range's start)
        setting = _TIME_SETTING_RE.search(text, lo, edge)
        if setting:
            edge = setting.start()
        if lead := _TIME_LEAD_RE.search(text, lo, edge):
            edge = lead.start()
        if edge <= lo:  # (每周六9:00至11:30开放: the thing is the one just named, in quotes: 创设“周末红色课堂”，…)
            named = list(_QUOTED_NAME_RE.finditer(text, _sentence_start(text, lo), lo))
            return named[-1].group()[1:-1] if named else ""
        blocked = _other_points(found, points)
        thing = self._walk(text, words, edge, lo, "left", blocked)
        return "" if _NOT_TIMED_THING_RE.search(thing) else thing

    def _event_during(self, text: str, words: Tokens, found: Found) -> str:
        """The happening a date is the date of, where the happening and 中, 时 or 期间 follow it (5月县文旅局检查时被
        责令…, 8月山洪中有13个基站…, 三季度“抢运高峰”期间连续作战): a happening named with nouns, not a doing (5月
        组织…, 在…中心): its first word no verb, preposition or adverb."""
        start = found.end + text.startswith("的", found.end)  # (7月的强降雨中)
        during = _EVENT_DURING_RE.match(text, start)
        if not during:
            return ""
        first = words.starting_at(text, start + text.startswith("“", start))
        event = during.group("event").strip("“”")
        if event == first and self.chooser_lexicon.word_class(first) == "v":
            # (a happening named by one verbal noun, 时 or 中 a word of its own: 9月换届时, 8月督导中发现…)
            return event if words.starting_at(text, start + len(first)) in ("时", "中", "期间") else ""
        if not first or first in self._verbs or self.chooser_lexicon.word_class(first) in _NOT_NAMING_CLASSES:
            return ""
        return event

    def _made_over(self, text: str, found: Found) -> str:
        """The making a time it took is the time of, where a clause with 的 says it (历时两年半研制的…收割机 -> 研制,
        历时两年整理的家书集 -> 整理): the tuning sets' annotators wrote the verb (5 such points, none against)."""
        if not _TOOK_BEFORE_RE.search(text, max(0, found.start - 2), found.start):
            return ""
        verb = _VERB_OF_RELATIVE_RE.match(text, found.end)
        if not verb or self.chooser_lexicon.word_class(verb.group(1)) in _NOT_MAKING_CLASSES:
            return ""  # (历时45天左右的…, 历时一年以上的…: no making)
        return verb.group(1)

    def _place_of_area(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """The place an area built is the area of, named after it and 的 (建成面积150平方米的红色文献专题书库 -> 红色
        文献专题书库, 建成约120平方米的“红色课堂” -> 红色课堂)."""
        if found.unit not in _AREA_UNITS or not text.startswith("的", found.end):
            return ""
        if not _AREA_BEFORE_RE.search(text, max(0, found.start - 6), found.start):
            return ""
        if quoted := _QUOTED_AFTER_RE.match(text, found.end):
            return quoted.group(1)
        if closing := _CLOSING_WORDS_RE.match(text, found.end + 1):  # (the place closes its clause: whole)
            return closing.group()
        _, hi = clause_bounds(text, found.end + 1, found.end + 1)
        blocked = _other_points(found, points)
        return self._walk(text, words, found.end + 1, hi, "right", blocked, noun_phrase=True)

    def _done_in_parts(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """A count after 分 counts the parts of what its clause does after it, and a date before it places them
        (4月、10月分两批次开展党员护理技能练兵 -> 党员护理技能练兵, 分3批组织护理员参加职业技能培训 -> 职业技能培训):
        the head its clause ends with."""
        _, hi = sentence_clause(text, found.start)
        blocked = _other_points(found, points)
        return self._head_before(text, words, found.end, hi, blocked, at_end=True) or "分"

    def _head_of_relative_clause(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """A count of people or things before a clause that says what they have or lack and a 的 (组织12名有专业特长的
        老党员, 对9个活动不足的联络站, 为7名未承担项目的党员) counts the noun after the 的; not where that noun is the
        measure of another number (12个村的386户)."""
        clause = _RELATIVE_CLAUSE_RE.match(text, found.end)
        if not clause or any(found.end <= f.start < clause.end() and f.kind != "other" for f in points):
            return ""
        blocked = _blocked(text, found, points)
        head = self._beside(text, words, _shifted(found, clause.end()), "right", blocked)
        after = clause.end() + len(head)
        return "" if any(f.start == after for f in points) else head

    def _counted_after_scope(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """A count whose words before it end in a scope (覆盖全县|243个行政村, 带动周边|3个村, 支部|29名党员平均年龄…)
        counts the noun after it, up to a coordinator, a 的 or an average (全市6个区和外省3个城市 -> 区)."""
        if not self._noun_follows(text, words, found.end):
            return ""
        blocked = _blocked(text, found, points)
        return _SCOPE_HEAD_END_RE.split(self._beside(text, words, found, "right", blocked), maxsplit=1)[0]

    def _averaged(self, text: str, words: Tokens, found: Found, subject: str) -> str:
        """An average per head, household, area or day (``average_words``: 人均, 户均, 亩均, 日均) right before the
        words of a measure is part of what is measured: a figure per household is not the total (户均|增收3,200元 ->
        户均增收; 人均|月收入达4,100元 -> 人均月收入; 日均|接诉|210件 -> 日均接诉). Read past as a skip word only
        where it stands right before the number (人均不足0.3平方米)."""
        if not subject or found.kind not in ("money", "percent", "other", "count"):
            return subject  # (a duration is named by the doing it measures: 人均学习时长 or 学习时长 alike)
        return self._with_average_before(text, words, _subject_near(text, subject, found, 6), subject)

    def _with_average_before(self, text: str, words: Tokens, at: int, subject: str) -> str:
        """``subject``, starting at ``at``, with the average word right before it (人均|看台数 -> 人均看台数)."""
        if at < 2 or at not in words.cuts:  # the average words are of two characters
            return subject
        average = text[at - 2 : at]  # (jieba cuts 亩|均: the word need not be one token)
        if average in self.vocabulary.average_words and at - 2 in words.cuts and len(subject) <= SUBJECT_MAX_CHARS - 2:
            return average + subject
        return subject

    @staticmethod
    def _winner_listed(text: str, found: Found, before: list[Found], subjects: list[tuple[str, str]]) -> str:
        """A title listed right after a title (获评“A”和“B”: only a list mark and quotes between them) was won by
        the same winner."""
        if not before or before[-1].kind != "rank" or not subjects[-1][0]:
            return ""
        between = text[before[-1].end : found.start]
        return subjects[-1][0] if between and set(between) <= _LIST_MARKS else ""

    @staticmethod
    def _award_placed(text: str, found: Found, points: list[Found]) -> str:
        """A date whose clause, or the clause after it when the date stands alone (4月，镇党政办被评为“…”; 今年4月，…),
        reports an award won (a rank with no place: a title) places the award: its subject is the title."""
        lo, hi = sentence_clause(text, found.start)
        alone = lo == found.start or _TIME_WORD_RE.fullmatch(text, lo, found.start)  # (今年4月，…: its year before it)
        if alone and hi == found.end and hi + 1 < len(text) and text[hi] in "，,":
            hi = sentence_clause(text, hi + 1)[1]
        title = next((f for f in points if f.kind == "rank" and f.value is None and found.end <= f.start < hi), None)
        return title.text if title else ""

    def _whole_group(self, text: str, words: Tokens, found: Found, subject: str, points: list[Found]) -> str:
        """A count of those who are something ("X的有N名", "其中X的N名") counts the whole of X: the words from the
        start of the clause or from the 中 that names the whole (22名党员中|年龄在60岁以上的有13名), without the
        function words that open it (其中, 全年), up to 的; where the subject read so far is only part of them,
        cut at a word inside the group (在, 以上) or at an age (60岁), and the whole is short enough. Not where a
        noun follows the count, nor where the words hold another data point (深入7个区县的21个社区)."""
        edge = found.start
        while edge > 0 and (word := _word_ending_at(text, words, edge)) in self._listed("have_words"):
            edge -= len(word)
        if edge < 2 or text[edge - 1] != "的" or not subject or self._noun_follows(text, words, found.end):
            return subject  # (深入7个区县的21个社区: a count before its noun counts the noun)
        end = edge - 1
        lo, _ = sentence_clause(text, end)
        among = text.rfind("中", lo, end)
        while among >= 0 and words.starting_at(text, among) != "中":  # (the word 中, not 中心今年直接服务的)
            among = text.rfind("中", lo, among)
        start = max(lo, among + 1)
        while start < end and (word := words.starting_at(text, start)) in self._listed("function_words"):
            start += len(word)
        group = text[start:end]
        fits = len(subject) < len(group) <= SUBJECT_MAX_CHARS and subject in group
        inner = _point_starts_in(points, start, end)
        if fits and not inner and _CLAUSE_MARKS.isdisjoint(group):
            return group
        return subject

    def _rank_of_sentence(self, text: str, words: Tokens, found: Found, points: list[Found], subject: str) -> str:
        """A rank whose clause gave no winner or contest of its own, or only one after 被 (项目被市教育局|评为 ->
        项目): a place or a prize (一等奖 1项, 排名第2名) was won in the contest the sentence names before it (指导学生
        参加全国职业院校技能大赛，获一等奖1项 -> 全国职业院校技能大赛); a title, by whoever 被 follows in its clause
        (支部被县委表彰为“五星级党支部”) or else by the topic of its clause or of the nearest clause before it that has
        one (党员驾驶员张建国安全行车超过80万公里，被评为… -> 张建国)."""
        if "被" in subject:
            return subject[: subject.index("被")] or self._rank_of_sentence(text, words, found, points, "")
        start = _sentence_start(text, found.start)
        if _is_prize(found):
            contest = self._contest_in_sentence(text, start, found, points)
            if contest:
                return contest
        blocked = _other_points(found, points)
        lo, _ = sentence_clause(text, found.start)
        passive = text.rfind("被", lo, found.start)
        if passive > lo:
            # (所支部|2026年|被公安部命名为: the winner before the year)
            year = _YEAR_BEFORE_RE.search(text, lo, passive + 1)
            winner = self._walk(text, words, year.start() if year else passive, lo, "left", blocked)
            if winner and not self._names_nothing(winner):
                return self._name_of_winner(winner)
        earlier = []
        at = start
        while at < lo:
            clause_lo, clause_hi = sentence_clause(text, at)
            earlier.append(clause_lo)
            at = clause_hi + 1
        for clause_lo in [lo, *reversed(earlier)]:
            topic = self._clause_topic(text, words, clause_lo, found.start, blocked, points)
            if topic:
                return self._name_of_winner(topic)
        return ""

    def _contest_in_sentence(self, text: str, start: int, found: Found, points: list[Found]) -> str:
        """The last contest named after 在 or 参加 in the sentence before ``found`` (from ``start``): the words up to
        the first contest head (``contest_heads``: 大赛, 评选 …), after a 的 or an edition in them (区教育局组织的少先队
        活动课展评 -> 少先队活动课展评; 全省第二届乡村工匠技能大赛 -> 乡村工匠技能大赛)."""
        heads = self._contest_heads_re
        best = ""
        for opening in _CONTEST_OPENING_RE.finditer(text, start, found.start):
            at = opening.end()
            phrase = text[at : min(sentence_clause(text, at)[1], found.start)]
            head = heads.search(phrase)
            if not head:
                continue
            name = phrase[: head.end()]
            name = name[name.rfind("的") + 1 :]
            name = _without_edition_or_date(name)
            begins = text.find(name, at)
            holds_point = any(begins <= f.start < begins + len(name) and f.kind != "date" for f in points)
            quoted_whole = name.count("“") == name.count("”")  # (not 全省人社系统“练兵比武: cut inside its quotes)
            if 2 <= len(name) <= _CONTEST_MAX_CHARS and not holds_point and quoted_whole:
                best = name
        return best

    def _with_contest_head(self, text: str, found: Found, subject: str) -> str:
        """A rank's subject followed in its sentence by the head of a contest (群众满意度|测评得分86.4分，…排名第9) is
        that contest (群众满意度测评): what was scored and ranked."""
        at = text.rfind(subject, _sentence_start(text, found.start), found.start) if subject else -1
        head = self._contest_heads_re.match(text, at + len(subject)) if at >= 0 else None
        if head is None or len(subject) + len(head.group(0)) > SUBJECT_MAX_CHARS:
            return subject
        return subject + head.group(0)

    def _with_quoted_contest_name(self, text: str, found: Found, subject: str) -> str:
        """A contest whose name quotes a word right before its head is named whole, with the quoted word (在全市
        “先锋杯”|党建工作竞赛中获第一名 -> “先锋杯”党建工作竞赛: GUIDE.md, a contest named whole)."""
        if not subject or not self._contest_heads_re.search(subject[-3:]):
            return subject
        at = text.rfind(subject, _sentence_start(text, found.start), found.start)
        quoted = _quoted_name_ending_at(text, at) if at > 0 and text[at - 1] == "”" else ""
        return f"“{quoted}”{subject}" if quoted else subject

    @cached_property
    def _contest_heads_re(self) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, sorted(self._listed("contest_heads"), key=len, reverse=True))))

    def _clause_topic(
        self, text: str, words: Tokens, lo: int, hi: int, blocked: list[tuple[int, int]], points: list[Found]
    ) -> str:
        """The noun phrase that opens the clause at ``lo`` (up to ``hi``), past a date, a duration or a list opener
        there; none where the clause opens with a preposition (在全区…评比中) or a verb (力争获评…)."""
        at = lo
        for f in points:
            if f.start == at and f.kind in ("date", "duration"):
                at = f.end
        while at < hi and text[at] in "，,":
            at += 1
        if opener := _LIST_OPENER_RE.match(text, at):
            at = opener.end()
        if quoted := _QUOTED_OPENING_RE.match(text, at, hi):  # “老铁道讲堂”在2026年5月被…命名为: the name quoted
            return quoted.group(1)
        if text.startswith(_CLAUSE_PREPOSITIONS, at) or self._names_nothing(words.starting_at(text, at)):
            return ""
        topic = self._walk(text, words, at, hi, "right", blocked, noun_phrase=True).split("被")[0]
        return "" if _TIME_WORD_RE.fullmatch(topic) else topic  # (年底获评…: a time opening the clause is no topic)

    def _names_nothing(self, word: str) -> bool:
        """Whether ``word`` is a verb, an adverb, a stop word or a function word: no winner."""
        vocabulary = self.vocabulary
        return (
            word in self._verbs
            or word in self._adverbs
            or word in vocabulary.predicate_words
            or word in vocabulary.subject_stops
            or word in self._listed("function_words")
        )

    def _name_of_winner(self, subject: str) -> str:
        """The winner of an award named by post and name is the person: a name of two or three characters
        starting with a common surname (``surnames``) after a post (ending in one of ``title_endings``) is the
        winner alone (党员教师林晓雯 -> 林晓雯, 驻村第一书记周宏伟 -> 周宏伟, 护士长陈敏 -> 陈敏); a post alone stays
        (支部书记)."""
        vocabulary = self.vocabulary
        for size in (3, 2):
            if (
                len(subject) > size
                and subject[-size] in vocabulary.surnames
                and subject[-size - 1] in vocabulary.title_endings
                and subject[-1] not in vocabulary.title_endings
            ):
                return subject[-size:]
        return subject

    def _named_after(self, text: str, words: Tokens, found: Found, points: list[Found]) -> str:
        """A count (a sum, a share, a measure) with no words of its own before it in its clause, and none before it
        to repeat, counts the words after it, even where they open with a stop word (每季度开展1次联合检查 -> 联合
        检查; a word of a stop list is taken as the first word of a walk), or past an age bound that is a data point
        of its own (选派3名40岁以下党员 -> 党员); closing its clause, what the clause before names last (提取党建经费，
        预计不低于10万元 -> 党建经费)."""
        blocked = _other_points(found, points)
        after = self._beside(text, words, found, "right", blocked)
        if after:
            return after
        lo, _ = sentence_clause(text, found.start)
        skip = self.vocabulary.subject_skip_set
        alone = _skip_left(text, found.start, blocked, skip, _cuts(words, blocked)) <= lo
        if lo < 2 or text[lo - 1] not in "，," or not alone or text[found.end : found.end + 1] not in _CLOSING_MARKS:
            return ""
        prev_lo, prev_hi = sentence_clause(text, lo - 2)
        return self._head_before(text, words, prev_lo, prev_hi, blocked, at_end=True)

    def _named_by_function_word(
        self, text: str, words: Tokens, found: Found, before: list[Found], subjects: list[tuple[str, str]], word: str
    ) -> str:
        """A subject that is only a function word (a distributive, an adverb: 各, 均; 其中) names nothing. After
        a word that opens a part (``subject_inherit_after``: 其中), the data point is a part of the one before it in
        the sentence and takes its subject (编写教案20篇，其中3篇获评市级优秀教案 -> 编写教案); otherwise it is said of
        the topic that opens its clause, the noun phrase before its first adverb or preposition
        (读书会仅在3月和9月各举办1次 -> 读书会 for 3月, 9月 and 1次). Where neither names anything, the word stays."""
        if word in self.vocabulary.subject_inherit_after:
            # (not an age: 五名支委平均年龄达到71岁，其中2人… is a part of the 支委)
            ages = found.unit == "岁"
            totals = [(f, s) for f, (s, _) in zip(before, subjects, strict=True) if ages or f.unit != "岁"]
            if not totals:
                return word
            total, last = totals[-1]
            same_sentence = _SENTENCE_ENDS.isdisjoint(text[total.end : found.start])
            return last if last and same_sentence else word
        blocked = [(f.start, f.end) for f in (*before, found) if f is not found]
        if found.kind == "count" and word in _OBJECT_PREPOSITIONS and text.endswith(word, 0, found.start):
            # 对79个|帮扶对子逐一回访, 对2名|被投诉党员开展谈话: the things or people a preposition takes are counted
            if (counted := self._beside(text, words, found, "right", blocked)) and counted not in _NO_NAMES:
                return counted
        lo, _ = sentence_clause(text, found.start)
        if lo >= found.start:
            return word
        topic = self._walk(text, words, lo, found.start, "right", blocked, noun_phrase=True)
        return word if not topic or topic in self._listed("function_words") else topic

    @cached_property
    def _verbal_nouns(self) -> frozenset[str]:
        """The verbal nouns of jieba's dictionary (vn: 补修, 设岗, 培训)."""
        return dictionary_words_tagged(frozenset(("vn",)))

    def _names_people(self, word: str) -> bool:
        """Whether ``word`` is a word for people: two characters or more ending in one of ``doer_endings`` (党员, 医生,
        讲解员), and no verb of jieba's dictionary (发生, 产生 end in 生)."""
        return len(word) >= 2 and word[-1] in self.vocabulary.doer_endings and word not in self._verbs

    def _names_person(self, word: str, first: bool) -> bool:
        """Whether ``word`` names people in a noun phrase after a count of them (``person_endings``: 党员, 骨干,
        客户经理, 民警; jieba's 网格|员 cut after a first word), and is no verb of jieba's dictionary, no word for all
        of them and no place (``_NOT_PEOPLE``)."""
        if word[-1] not in self.vocabulary.person_endings or word in self._verbs or word in _NOT_PEOPLE:
            return False
        return len(word) >= 2 or not first

    def _unnamed(
        self, text: str, words: Tokens, found: Found, before: list[Found], subjects: list[str], subject: str
    ) -> str:
        """A count with no subject of its own in its clause repeats the subject of the nearest count before it in
        the sentence with the same measure word: a list of bare numbers (分别开展安全警示教育2次、3次、2次、4次)
        or a total after its rate (每月开展1次…，全年不少于12次). So does a count whose words before it in its clause
        only restate a count (``_restating_edge``: 计划安排24次，实际开展19次; 较上年多1次, 比计划少2次); where
        no count before has its measure word, the words before the restating ones name it (集中学习计划安排24次 ->
        集中学习)."""
        if found.kind != "count":
            return ""
        edge = self._restating_edge(text, words, found, subject) if subject else found.start
        if edge < 0:
            return ""
        for f, s in zip(reversed(before), reversed(subjects), strict=True):
            if not _SENTENCE_ENDS.isdisjoint(text[f.end : found.start]):
                break
            if f.unit == found.unit and s:
                return s
        if edge == found.start:
            return ""
        lo, _ = clause_bounds(text, edge, edge)
        return self._walk(text, words, edge, lo, "left", [(f.start, f.end) for f in before]) if edge > lo else ""

    @cached_property
    def _adverbs(self) -> frozenset[str]:
        """The adverbs of jieba's dictionary (d, ad: 仅, 实际上)."""
        return dictionary_words_tagged(frozenset(("d", "ad")))

    @cached_property
    def _comparison_re(self) -> re.Pattern[str]:
        """A clause opening that only compares the count after it with a reference (较上年多, 比计划少)."""
        vocabulary = self.vocabulary
        openers = "|".join(map(re.escape, vocabulary.comparison_words))
        changes = "|".join(map(re.escape, vocabulary.change_words))
        return re.compile(rf"(?:{openers})[\u4e00-\u9fff]{{1,6}}?(?:{changes})")

    def _restating_edge(self, text: str, words: Tokens, found: Found, subject: str) -> int:
        """Where the words before a count that only restate a count begin, when its subject is among them: words
        of the plan or the outcome (``restating_words``: 计划, 实际, 安排), adverbs and skip words (开展, 召开);
        or a comparison with a reference and a change (``comparison_words``, ``change_words``: 较上年多1次).
        The clause's start when nothing else is before them; -1 when the subject is not only such words."""
        lo, _ = clause_bounds(text, found.start, found.end)
        opening = text[lo : found.start]
        if self._comparison_re.fullmatch(opening):
            return lo if subject in opening else -1
        vocabulary = self.vocabulary
        edge, restates = found.start, False
        while edge > lo:
            word = _word_ending_at(text, words, edge)
            if not word or edge - len(word) < lo:
                break
            if word in vocabulary.restating_words:
                restates = True
            elif word not in vocabulary.subject_skip_set and word not in self._adverbs:
                break
            edge -= len(word)
        if not restates or subject not in text[edge : found.start]:
            return -1
        return edge

    def _changed_from(self, text: str, words: Tokens, points: list[Found], n: int) -> str:
        """A change from one value to another (长期未结案件由年初的186件降至43件, 示范泊位由2个扩展到4个): both
        numbers measure the words before 由; not 由9名党员组成 (no second number: no change). "" elsewhere."""
        pairs = ((a, a + 1) for a in (n, n - 1) if 0 <= a and a + 1 < len(points))
        first = next((a for a, b in pairs if _CHANGED_TO_RE.fullmatch(text, points[a].end, points[b].start)), None)
        if first is None:
            return ""
        opening = _CHANGED_FROM_RE.search(text, max(0, points[first].start - 8), points[first].start)
        if opening is None:
            return ""
        lo, _ = clause_bounds(text, opening.start(), opening.start())
        blocked = [(f.start, f.end) for f in points]
        changed = self._walk(text, words, opening.start(), lo, "left", blocked)
        if not changed:
            return ""
        # (人均看台数由24台提高到28台: an average per head stays with what is measured, as ``_averaged`` keeps it)
        return self._with_average_before(text, words, text.rfind(changed, lo, opening.start()), changed)

    @staticmethod
    def _changed_figure(text: str, figure: Found, change: Found, subject: str) -> str:
        """The subject of the figure a change follows in its sentence (售电量8.73亿千瓦时，同比增长6.8% -> 售电量;
        结案率97.1%，较上年提高2.3个百分点 -> 结案率): what changed is what a reader wants named, not 同比增长.
        Only a figure right before the change's clause, in the same sentence."""
        between = text[figure.end : change.start]
        return subject if len(between) <= 12 and not _SENTENCE_END_RE.search(between) else ""

    def _compared_figure(
        self, text: str, words: Tokens, points: list[Found], n: int, subjects: list[str]
    ) -> str:
        """A difference from a reference (低于学院平均2.6个百分点, 比其他泊位高出12%, 高于年级平均5个百分点)
        measures the figure compared, not the reference: where the difference's clause opens with the comparison,
        the subject of the figure right before it in the sentence (通过率81%，低于学院平均2.6个百分点 -> 通过率);
        where a noun phrase stands before the comparison in its clause, that phrase (示范泊位作业效率比其他泊位高出12%
        -> 示范泊位作业效率)."""
        found = points[n]
        lo, _ = clause_bounds(text, found.start, found.end)
        compared = _COMPARED_RE.search(text, lo, found.start)
        if compared is None:
            return ""
        return self._figure_compared(text, words, points, n, subjects, lo, compared.start())

    def _figure_compared(
        self, text: str, words: Tokens, points: list[Found], n: int, subjects: list[str], lo: int, at: int
    ) -> str:
        """The figure a comparison starting at ``at`` in the clause from ``lo`` measures: where the clause opens with
        the comparison, the subject of the data point right before it in the sentence; else the noun phrase before
        the comparison in its clause."""
        if at == lo:
            figure = points[n - 1] if n else None
            right_before = figure is not None and 0 <= lo - figure.end <= 2
            if right_before and subjects[-1] and not _SENTENCE_END_RE.search(text, figure.end, lo):
                return subjects[-1]
            return ""
        edge = _skip_left(text, at, [], self.vocabulary.subject_skip_set, words.cuts)
        return self._walk(text, words, edge, lo, "left", []) if edge > lo else ""

    def _fraction_of_reference(
        self, text: str, words: Tokens, points: list[Found], n: int, subjects: list[str]
    ) -> str:
        """A share of a reference (常住人口不足户籍人口的一半, 淡季在岗人数仅为旺季的三分之一) measures the figure
        compared, not the reference: the noun phrase before the comparing word, or, where the share's clause opens
        with it, the subject of the figure right before (收费每月仅150元，是市场价格的三分之一 -> 收费). Not after 低于
        or 高于 (低于上级规定的90%: a target, the reference's own)."""
        found = points[n]
        lo, _ = clause_bounds(text, found.start, found.end)
        if not text.endswith("的", 0, found.start):
            return ""
        verb = None
        for m in _FRACTION_VERB_RE.finditer(text, lo, found.start - 1):
            if m.group() != "是" or m.start() == lo:
                verb = m
        if verb is None or not 0 < found.start - 1 - verb.end() <= 14:
            return ""
        return self._figure_compared(text, words, points, n, subjects, lo, verb.start())

    def _inherited(self, text: str, found: Found, before: list[Found], subjects: list[str]) -> str:
        """The subject of the total a part or an average repeats (形成调研报告3份，其中1份… ; 撰写心得体会45篇，平均
        每人1.5篇): the subject of the nearest data point before with the same unit, when only such words
        (``subject_inherit_after``) stand before the number in its clause; likewise a share standing alone
        (``subject_share_after``: ，占比不足25%; or 占 + the whole + 的: ，占全院发文总数的41.5%) is the share of the
        data point before it, not of the whole. An average duration repeats its total too (服务时长累计960小时，人均
        约24小时)."""
        lo, _ = clause_bounds(text, found.start, found.end)
        opening = text[lo : found.start]
        if found.kind == "duration" and (each := _EACH_RE.fullmatch(opening)) and not text.startswith("的", found.end):
            # 轮训2期、每期5天 / 专项整治2轮，每轮为期一个月: how long each of the count before lasts (not
            # 每期为期两周的业务轮训: the event after)
            pairs = zip(reversed(before), reversed(subjects), strict=True)
            each_of = next((s for f, s in pairs if f.unit == each.group(1)), "")
            return each_of if len(each_of) > 1 else ""
        if found.kind in ("count", "money", "other", "duration") and opening in self.vocabulary.subject_inherit_after:
            same_unit = True
        elif found.kind == "percent" and (
            opening in self.vocabulary.subject_share_after or _SHARE_OF_WHOLE_RE.fullmatch(opening)
        ):
            # 研讨式学习仅4次，占比不足25%; 现有党员23名，占全行员工总数的38.3%: the share of what was just counted
            same_unit = False
        else:
            return ""
        pairs = zip(reversed(before), reversed(subjects), strict=True)
        # (not a count inside the whole: 现有党员18名，占全科43名医护人员的41.9% is the share of 党员)
        return next((s for f, s in pairs if s and f.start < lo and (f.unit == found.unit or not same_unit)), "")

    def _pattern_subjects(
        self, text: str, words: Tokens, points: list[Found]
    ) -> dict[int, tuple[str, str]]:
        """Subjects the Matcher patterns give, by point index: (subject, pattern id). For each point the first
        pattern of the file that matches wins; of its matches, the longest subject of at most
        SUBJECT_MAX_CHARS."""
        index = self._pattern_index
        needed = self.subject_patterns.needed
        kinds = 0
        for kind in {f.kind for f in points}:
            if kind in needed and (needed[kind] is None or needed[kind].search(text)):
                kinds |= index.by_kind[kind]
        if not kinds:  # no pattern of these kinds can match here
            return {}
        tokens, bounds = self._tokens(text, words, points)
        variants = index.free
        for word in index.words.intersection(tokens):
            variants |= index.by_word[word]
        variants &= kinds
        if not variants:  # no pattern holds a word of this sentence
            return {}
        doc = Doc(get_nlp().vocab, words=tokens, spaces=[False] * len(tokens))
        info = index.info
        last = len(bounds) - 1
        point_at = {last - bounds.index((f.start, f.end)): n for n, f in enumerate(points)}
        best: dict[int, tuple[int, int, str, str]] = {}  # point -> (priority, -length, subject, pattern id)
        matches = self._matcher(variants)(doc, with_alignments=True)
        max_chars = self.subject_patterns.max_chars
        for match_id, start, _end, alignments in matches:
            priority, pattern_id, point, subject = info[match_id]
            tokens = [last - (start + k) for k, a in enumerate(alignments) if a in subject]
            n = point_at.get(start + alignments.index(point))
            if n is None or not tokens:
                continue
            words_text = text[bounds[min(tokens)][0] : bounds[max(tokens)][1]]
            if len(words_text) > max_chars[pattern_id] or words_text in _NO_NAMES or words_text[0] == "的":
                continue  # (合作社于2023年被评为…: 年 names nothing)
            if len(words_text) > SUBJECT_MAX_CHARS and not self._two_nouns_whole(text, bounds, tokens, words_text):
                continue
            candidate = (priority, -len(words_text), words_text, pattern_id)
            if n not in best or candidate < best[n]:
                best[n] = candidate
        return {n: (self._without_doer(c[2]), c[3]) for n, c in best.items()}

    def _two_nouns_whole(self, text: str, bounds: list[tuple[int, int]], tokens: list[int], words: str) -> bool:
        """Whether a pattern's subject longer than most is two nouns whole (种粮大户和农技人员), not a verb's object
        (吸纳|党员和积极分子), a doer and a partner (支委与青年教师…) or words after the nouns (分拣员|中仅)."""
        first = text[bounds[min(tokens)][0] : bounds[min(tokens)][1]]
        last = text[bounds[max(tokens)][0] : bounds[max(tokens)][1]]
        skip = self.vocabulary.subject_skip_set
        return first not in self._verbs and "与" not in words and last not in skip and last[-1] not in skip

    def _without_doer(self, subject: str) -> str:
        """``subject`` without the doer before a term (党员谈心谈话 -> 谈心谈话), unless it is a term itself."""
        terms = self.vocabulary.subject_term_set
        if subject in terms or not subject.startswith(self.vocabulary.subject_prefixes):
            return subject
        for prefix in self.vocabulary.subject_prefixes:
            rest = subject[len(prefix) :]
            if subject.startswith(prefix) and rest in terms and rest not in self.vocabulary.people_terms:
                return subject[len(prefix) :]
        return subject

    def _tokens(self, text: str, words: Tokens, points: list[Found]) -> tuple[list[str], list[tuple[int, int]]]:
        """The tokens of the spaCy Doc the patterns match in ``text``: the jieba words, with the pattern file's words
        and each data point made one token, written as its kind (``<COUNT>``, ``<PERCENT>`` ...: a pattern never
        reads the number, and a data point is never a word of a subject unless a pattern says so). The tokens are in
        reverse order, with the patterns reversed to match: a pattern then starts at its data point, not at every
        word of the sentence, which keeps the Matcher fast. Returns the tokens and the (start, end) of each in text
        order."""
        atoms = [(f.start, f.end) for f in points]
        words_re = self.subject_patterns.words_re
        if words_re is not None:
            atoms += [m.span() for m in words_re.finditer(text)]
        cuts = set(words.cuts)
        cuts.update(chain.from_iterable(atoms))
        cuts.update((0, len(text)))
        for s, e in atoms:  # a data point or a listed word is never cut inside
            if e - s > 1:
                cuts.difference_update(range(s + 1, e))
        for f in points:  # a data point is one token even where a listed word overlaps it
            cuts.update((f.start, f.end))
            cuts.difference_update(range(f.start + 1, f.end))
        # No pattern reads past a clause mark on its own side of the data points: the Doc runs from the clause
        # mark before the first data point to the one after the last, fewer tokens for the Matcher to step over.
        first, last = points[0].start, max(f.end for f in points)
        offsets = sorted(cuts)
        lo = next((c for c in reversed(offsets[1 : bisect_left(offsets, first)]) if text[c - 1] in _CLAUSE_MARKS), 0)
        hi = next((c for c in offsets[bisect_right(offsets, last) :] if text[c - 1] in _CLAUSE_MARKS), len(text))
        offsets = offsets[bisect_left(offsets, lo - 1) : bisect_right(offsets, hi)]
        bounds = list(zip(offsets, offsets[1:], strict=False))
        kind_at = {f.start: _POINT_TOKENS[f.kind] for f in points}
        tokens = [kind_at.get(s) or text[s:e] for s, e in reversed(bounds)]
        return tokens, bounds


    # -- spans ----------------------------------------------------------------------------------------------

    def _spans(self, text: str) -> list[Found]:
        plain = _half_width(text)
        masked, _ = self.formulas.mask(plain)
        # the finders in priority order; places after a verb of ranking (排名第一, 进入全省前三) are read on the
        # unmasked text, since the formulas mask 第一
        finders = (_days_within, _ratios, _festival_deadlines, _consecutive_years, self._dates, self._times,
                   self._halves, self._percents, self._ranks)  # fmt: skip
        candidates = [f for finder in finders for f in finder(masked)]
        if "第" in plain or "前" in plain or "强" in plain:
            candidates += _ranked(plain)
        candidates += self._awards(masked)
        candidates += [f for f in self._quantities(masked) if not _announces_list(plain, f)]
        if any(word in masked for word in self.vocabulary.unitless_measures):
            candidates += self._unitless(masked)
        chosen: list[Found] = []
        taken = [False] * len(masked)
        for found in candidates:  # finders in priority order; a span may not overlap an earlier one
            if not any(taken[found.start : found.end]):
                chosen.append(found)
                taken[found.start : found.end] = [True] * (found.end - found.start)
        if "“" in masked:  # a number inside a short quoted name is part of the name (a title won stays)
            names = [m.span() for m in _QUOTED_NAME_RE.finditer(masked)]
            chosen = [f for f in chosen if f.kind == "rank" or not any(s < f.start and f.end < e for s, e in names)]
        if "《" in masked:  # and so is one inside the title of a work (《风雨四十年》, 《档案里的100个初心故事》)
            titles = [m.span() for m in _WORK_TITLE_RE.finditer(masked)]
            chosen = [f for f in chosen if not any(s < f.start and f.end < e for s, e in titles)]
        if "”" in masked:  # a count summing the watchwords of one slogan is no point (“稳产、提质、增效”三条主线)
            chosen = [f for f in chosen if masked[f.start - 1 : f.start] != "”" or not _summed_slogan(masked, f.start)]
        chosen.sort(key=lambda f: f.start)
        if "接近" in masked or "将近" in masked:  # outer qualifiers (接近四成 -> 四成), though 近 alone is the number's
            outer = [masked.startswith(_OUTER_NEAR, f.start - 1) for f in chosen]
            chosen = [replace(f, start=f.start + 1) if o else f for f, o in zip(chosen, outer, strict=True)]
        return [Found(f.start, f.end, text[f.start : f.end], f.value, f.unit, f.kind) for f in chosen]

    def _dates(self, text: str) -> list[Found]:
        if not _DATE_NEEDS.search(text):
            return []
        out = []
        for m in _find_dates(text):
            if _preceded_by_digit(text, m.start()) and _starts_with_numeral(m.group(0)):
                if not _LIST_MARK_BEFORE_RE.search(text, max(0, m.start() - 4), m.start()):
                    continue  # (2026年12月: not 2月; but 2.汛期前完成…, 4.2月底前建成…: a list mark before it)
            if "、" in (text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]) and _QUARTER_ONLY_RE.fullmatch(
                m.group(0)
            ):
                continue  # 一季度、二季度……分别开展2次、3次: quarters listed as the columns of a breakdown are labels
            kind = "deadline" if m.group("deadline") else "date"
            out.append(Found(m.start(), m.end(), m.group(0), None, "", kind))
            if kind == "date" and (end := _DAY_RANGE_END_RE.match(text, m.end())):
                # 5月20日至22日: the end of a range of days is a date of its own
                out.append(Found(end.start("day"), end.end(), end.group("day"), None, "", "date"))
            elif kind == "date" and text.endswith(("每月", "月逢"), 0, m.start()):
                at = m.end()  # 每月逢5日、15日、25日: each day of a schedule listed is a date of its own
                while day := _SCHEDULE_DAY_NEXT_RE.match(text, at):
                    out.append(Found(day.start("day"), day.end(), day.group("day"), None, "", "date"))
                    at = day.end()
        return out

    def _times(self, text: str) -> list[Found]:
        if not _TIME_NEEDS.search(text):
            return []
        out: list[Found] = []
        for m in _find_times(text):
            word = m.group(0)
            before = text[max(0, m.start() - 2) : m.start()]
            # 11月8日晚7点, 早6点、午2点, 每天5点前: a part of the day or 每天 before it makes it a clock time
            after_day_part = before in _CLOCK_CONTEXT or before[-1:] in ("早", "午", "晚")
            # 晚上8点至11点, 22时至次日6时: the end of a range that starts at a clock time is one too
            range_end = bool(out) and _CLOCK_RANGE_RE.fullmatch(text, out[-1].end, m.start()) is not None
            clock_only_hour = _CLOCK_ONLY_HOUR_RE.fullmatch(word) is not None  # 22点以后, 0点至6点
            clock = ":" in word or word.endswith(("半", "分")) or after_day_part or range_end or clock_only_hour
            # (a Chinese numeral before 12:30 is a weekday's, 每周二12:30, not part of the number)
            glued = _preceded_by_digit(text, m.start()) if ":" not in word else _preceded_by_arabic(text, m.start())
            if clock and not glued:
                if text.startswith("前", m.end()) and not text.startswith(("前后", "前夕"), m.end()):
                    out.append(Found(m.start(), m.end() + 1, word + "前", None, "", "deadline"))  # 每天上午9点前完成
                else:
                    out.append(Found(m.start(), m.end(), word, None, "", "date"))
        return out

    def _halves(self, text: str) -> list[Found]:
        """Durations with a half (``_HALF_RE``): 一个半小时 -> 1.5 小时, 半天 -> 0.5 天, 两个半月 -> 2.5 个月, 为期半年
        -> 0.5 年; not a half of the year as a period (上半年); and a half of a whole (减少一半) as 50%."""
        if not _HALF_NEEDS.search(text):
            return []
        out = []
        for m in _HALF_RE.finditer(text):
            if m.group("whole_half") is not None:
                out.append(Found(m.start(), m.end(), m.group(0), 50.0, "%", "percent"))
                continue
            whole = m.group("whole")
            value = _float(parse_chinese_number(whole)) if whole else 0.0
            if value is None:
                continue
            unit = m.group("unit") or m.group("unit2") or m.group("unit3")
            unit = {"月": "个月", "个小时": "小时"}.get(unit, unit)
            out.append(Found(m.start(), m.end(), m.group(0), value + 0.5, unit, "duration"))
        return out

    def _percents(self, text: str) -> list[Found]:
        if not _PERCENT_NEEDS.search(text):
            return []
        out = []
        for m in _find_percents(text):
            if _preceded_by_digit(text, m.start()):
                continue
            if m.group("points"):
                number = parse_chinese_number(m.group("points_low"))
                out.append(Found(m.start(), m.end(), m.group(0), _float(number), "个百分点", "percent"))
            elif m.group("denominator"):
                value = _fraction_percent(m.group("numerator"), m.group("denominator"))
                out.append(Found(m.start(), m.end(), m.group(0), value, "%", "percent"))
            elif m.group("tenths"):
                digits = m.group("tenths")
                tenths = parse_chinese_number(digits[0] if len(digits) == 2 else digits)  # 八九成: the lower bound
                half = 5 if m.group("half_tenth") else 0  # 三成半: 35
                if m.group("tenth_digit"):  # 六成五: 65
                    half = parse_chinese_number(m.group("tenth_digit")) or 0
                value = _float(tenths * 10 + half) if tenths is not None else None
                out.append(Found(m.start(), m.end(), m.group(0), value, "%", "percent"))
            else:
                value = parse_percent((m.group("pct_low") or m.group("pct")).replace(" ", ""))
                out.append(Found(m.start(), m.end(), m.group(0), value, "%", "percent"))
        return out

    def _ranks(self, text: str) -> list[Found]:
        if not _RANK_NEEDS.search(text):
            return []
        out = []
        for m in _find_ranks(text):
            if m.group("place") or m.group("top"):
                value, unit = _float(parse_chinese_number(m.group("place") or m.group("top"))), "名"
            elif m.group("medal"):
                value, unit = None, ""
            elif m.group("first"):
                value, unit = 1.0, ""
            elif m.group("champion"):  # (the lookbehinds leave the match at 冠军, 亚军, 季军)
                value, unit = float("冠亚季".index(m.group("champion")) + 1), ""
            else:
                grade, unit = m.group("grade"), m.group("grade_unit")  # 一等奖; 荣立三等功
                if unit == "等奖" and text.startswith("学金", m.end()):
                    continue  # 校一等奖学金11人: a scholarship, no prize (GUIDE.md: a grant received is no award)
                value = None if grade == "特" else _float(parse_chinese_number(grade))
            out.append(Found(m.start(), m.end(), m.group(0), value, unit, "rank"))
        return out

    def _awards(self, text: str) -> list[Found]:
        out = []
        for m in self._find_titles(text):  # first: a title wins over the shorter reading by its ending
            if text.endswith("测", 0, m.start()):
                continue  # 满意度测评为93.2分: a score, no title won
            group = "quoted" if m.group("quoted") else "named" if m.group("named") else "title"
            if text.startswith("入选", m.start()) and _PLACE_ON_A_COURSE_RE.search(m.group(group)):
                continue  # 入选骨干培训班: a place on a course, no title (GUIDE.md's settled case 12)
            if _formula_inside_only(m.group(group)):
                out.append(_award(m.group(group), m.start(group)))
            end = m.end(group) + 1 if group == "quoted" else m.end(group)
            # 获评“全国五一劳动奖状”和“省级文明单位”: a quoted title listed after a quoted title was won the same way
            while (listed := _LISTED_QUOTED_RE.match(text, end)) and _formula_inside_only(listed.group(1)):
                out.append(_award(listed.group(1), listed.start(1)))
                end = listed.end()
        for m in self._award_re.finditer(text):
            title = m.group("title")
            start = m.start("title")
            if not title or not _formula_inside_only(title) or text.endswith("测", 0, m.start()):
                continue
            end = start + len(title)
            if text[end : end + 1] == "”" and title.count("“") > title.count("”"):
                title, end = title + "”", end + 1  # 荣获全省法院“办案标兵”称号: the quote a title opens it closes
            for part in title.split("”“"):  # 荣获“全国防沙治沙标兵”“全国优秀共产党员”称号: two titles, quoted in turn
                out.append(_award(part, start))
                start += len(part) + 2
            # 先后获评省级文明单位、市级文明社区 / 获金奖1项、银奖2项: a title listed after a title (and its
            # count) was won the same way
            while (listed := self._listed_award_re.match(text, end)) and _formula_inside_only(listed.group("title")):
                title, end = listed.group("title"), listed.end("title")
                if text[end : end + 1] == "”" and title.count("“") > title.count("”"):
                    title, end = title + "”", end + 1  # 和市级“乡村振兴示范村”: as above
                out.append(_award(title, listed.start("title")))
        if "列为" in text:  # 被市委组织部列为“机关党建示范项目”: a title of distinction (GUIDE.md's settled case 12)
            for m in _LISTED_AS_TITLE_RE.finditer(text):
                group = "quoted" if m.group("quoted") else "title"
                if _formula_inside_only(m.group(group)):
                    out.append(_award(m.group(group), m.start(group)))
        if "称号" in text:  # 荣获第四届“国之名医·青年新锐”称号: a quoted name before 称号 after an award verb
            for m in self._quoted_title_re.finditer(text):
                if not _formula_inside_only(m.group("name")):
                    continue
                if _TITLE_SCOPE_RE.fullmatch(m.group("scope")):  # 荣获市级“优秀教师”称号: the scope is the title's
                    out.append(_award(text[m.start("scope") : m.end("name") + 1], m.start("scope")))
                else:
                    out.append(_award(m.group("name"), m.start("name")))
        return out

    @cached_property
    def _quoted_title_re(self) -> re.Pattern[str]:
        """A name in quotes before 称号, after an award verb and a few words of its clause (荣获第四届“…”称号)."""
        verbs = "|".join(map(re.escape, self.vocabulary.award_verbs))
        return re.compile(
            rf"(?:{verbs})(?P<scope>[^，,。；;：:！？!?“”]{{0,8}})“(?P<name>[^“”，,。；;：:！？!?\s]{{2,18}})”(?:荣誉)?称号"
        )

    @cached_property
    def _listed_award_re(self) -> re.Pattern[str]:
        endings = "|".join(map(re.escape, self.vocabulary.award_endings))
        return re.compile(
            rf"(?:{_NUM}[项个])?[、和及]“?"
            rf"(?P<title>[^，,。；;：:、！？!?\s和及与“”][^，,。；;：:、！？!?\s和及与]{{0,17}}(?:{endings}))"
            rf"(?=称号|荣誉称号|[^\u4e00-\u9fff]|[和及与、等的中后]|$)"
        )

    def _unitless(self, text: str) -> list[Found]:
        """Decimals with no measure word in a sentence about a measure that has none (``unitless_measures``: 平均学分
        绩点3.46，高出全系平均0.38; 灌溉水利用系数由0.56提高到0.58): other measures, after the measure's name."""
        out = []
        for name in self._unitless_re.finditer(text):
            end = _SENTENCE_END_RE.search(text, name.end())
            for m in _BARE_DECIMAL_RE.finditer(text, name.end(), end.start() if end else len(text)):
                out.append(Found(m.start(), m.end(), m.group(0), float(m.group(0)), "", "other"))
        return out

    @cached_property
    def _unitless_re(self) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, self.vocabulary.unitless_measures)))

    def _quantities(self, text: str) -> list[Found]:
        """Counts, money, durations and other measures: a number, then a measure word of the vocabulary."""
        unit_re, kind_of = self._units
        out = []
        for m in _find_numbers(text):
            before = text[m.start() - 1 : m.start()]
            times_after_clock = (
                "0" <= before <= "9"
                and text[m.start()] in "两二三四"
                and _CLOCK_BEFORE_RE.search(text, max(0, m.start() - 6), m.start())
            )  # (每天8:00、16:00两次: the count of the times listed, no part of 16:00)
            if (_preceded_by_digit(text, m.start()) and not times_after_clock) or before == "第":
                continue
            unit_match = unit_re.match(text, m.end())
            number = m.group("num")
            if number.endswith("千") and number[0].isdigit() and (thousand := unit_re.match(text, m.end() - 1)):
                number, unit_match = number[:-1], thousand  # 8.73亿千瓦时, 3千米, 8.9千克标油: the 千 starts the unit
            if unit_match is None and text.endswith("零下", 0, m.start()):
                unit_match = _DEGREES_RE.match(text, m.end())  # 零下38度: a temperature, 度 no unit elsewhere (一度)
            if unit_match is None:
                continue
            value = _number_value(number)
            if unit_match.group(0) == "个单位" and value is not None and float(value).is_integer():
                unit_match = _GE_RE.match(text, m.end())  # (16个单位: bodies counted, 提高0.4个单位 a measure)
            unit = unit_match.group(0)
            weekday = number in _WEEKDAY_NUMERALS and _WEEKDAY_BEFORE_RE.search(text, max(0, m.start() - 2), m.start())
            if weekday and unit not in _TIMES_UNITS:
                continue  # (每月第一个周五组织…: a weekday, then 组织; 每周一次 stays a count)
            if before.isascii() and before.isalpha() and not self._counted_after_acronym(text, m.start(), unit):
                continue  # (PM2.5年均浓度: a number inside a name)
            kind = kind_of.get(unit, "other")
            if value is None and number in _BARE_MAGNITUDES and m.group("pre"):
                value = _BARE_MAGNITUDES[number]  # 近万人次: 万 alone is a number only as an approximation
            if value is None or not self._is_quantity(text, m, number, unit, kind):
                continue
            if kind == "money":
                value, unit = _money(value, unit)
            elif value is not None and unit[0] in "万亿" and len(unit) > 1:  # 万字
                value, unit = value * (10**4 if unit[0] == "万" else 10**8), unit[1:]
            unit = _UNIT_OF_MORE.get(unit, unit)  # 5个多小时: 5 小时, 3倍多: 3 倍
            if out and _smaller_unit_after(out[-1], m.start(), unit, kind):
                larger = out.pop()  # 1小时40分钟, 1分30秒: one duration in the first unit, to two decimals
                value = round((larger.value or 0) + value / 60, 2) if value is not None else None
                end, larger_unit = unit_match.end(), "小时" if larger.unit == "个小时" else larger.unit  # (1个半小时)
                out.append(Found(larger.start, end, text[larger.start : end], value, larger_unit, "duration"))
                continue
            end = unit_match.end()
            if kind != "money" and (per := self._per_re.match(text, end)):
                end, unit, kind = per.end(), f"{unit}/{per.group(1)}", "other"  # 0.37件/万公里: a rate
            start = m.start()
            if unit in _DEGREES and (below := _BELOW_ZERO_RE.search(text, max(0, start - 3), start)):
                start, value = below.start(1), -value  # 零下37℃, -25℃ (not 18-25℃: a range)
            elif text.endswith("±", 0, start):
                start -= 1  # ±3.5纳米: a tolerance, written with its sign
            out.append(Found(start, end, text[start:end], value, unit, kind))
        return out

    @cached_property
    def _per_re(self) -> re.Pattern[str]:
        """A slash and what it puts a measure over (/万公里, /日), the denominator in group 1."""
        return re.compile(f"[/／]((?:百万|[万千百])?(?:{'|'.join(map(re.escape, self.vocabulary.rate_denominators))}))")

    def _counted_after_acronym(self, text: str, start: int, unit: str) -> bool:
        """Whether a number right after Latin letters counts what they name (新增AED60台: an acronym of capitals, then
        a measure word of things), not a part of a name (PM2.5, G20)."""
        acronym = _ACRONYM_END_RE.search(text, max(0, start - 12), start)
        return acronym is not None and unit in self.vocabulary.thing_units

    def _is_quantity(self, text: str, m: re.Match[str], number: str, unit: str, kind: str) -> bool:
        """Whether a number with a value and its measure word is a quantity (not an idiom, a year, 一年来 …)."""
        after = m.end() + len(unit)  # where the text goes on after the measure word
        idioms = self.vocabulary.number_idioms
        if (len(number) == 1 and (number + unit)[:2] in idioms) or number + unit in idioms:  # (一点二亿元 is 1.2亿元)
            return False
        if unit == "年" and _YEAR_NUMBER_RE.fullmatch(number):
            return False  # a year
        if number + unit == "二期" or (number + unit == "一对" and text.startswith(("一", "多"), after)):
            return False  # 平台二期, 二期工程: a project's phase, not two sessions (两期); 一对一, 一对多: a manner
        if unit == "班" and _SHIFT_OR_TEAM_RE.match(text, after):
            return False  # 三班倒, 四班三运转: shifts; 检修二班被评为…, 焊接2201班学生: a team's or a class's name
        if unit == "类" and _GRADES_LISTED_RE.search(text, max(0, m.start() - 3), min(len(text), after + 3)):
            return False  # 四类、五类危桥, 一类、二类桥梁: grades listed, no count of kinds
        if kind == "duration" and text.endswith("每", 0, m.start()):
            return False  # 每两个月视频学习1次: a frequency, no length of time (the count after it is the point)
        if number == "24" and unit in ("小时", "个小时") and self._round_the_clock(text, m.start(), after):
            return False  # 提供24小时热水: round the clock, no time spent (24小时内办结 is a time limit)
        if kind == "duration" and text.startswith(("来", "以来"), after) and number == "一":
            return False  # 一年来: "over the past year"
        if kind == "duration" and number == "一" and text.endswith(("新的", "这", "那"), 0, m.start()):
            return False  # 新的一年, 这一年: "the new year", "this year"
        if unit in ("年", "周") and text.startswith(("级", "年", "岁"), after):
            return False  # 六年级 (a grade), 50周年 (an anniversary), 80周岁 (an age): no length of time
        if number[0] in _CN_NUMERAL_START and _LIST_AHEAD_RE.match(text, after) and _CN_NUMERAL_RE.fullmatch(number):
            return False  # 重点抓好五项工作：一是…: the count announces the list that follows
        bound = unit == "岁" and text.startswith(("以上", "以下", "以内", "及以上", "及以下"), after)
        if bound and not _AVERAGE_BOUND_RE.search(text, max(0, m.start() - 16), m.start()):
            return False  # 80岁以上高龄党员, 35岁以下青年: an age bound names a group, it is no measure
        if number == "一" and kind == "duration" and text.startswith(("内", "以内"), after):
            return True  # 一个月内完成销号: a time limit
        if number == "一" and kind == "duration" and (
            text.startswith(_ONE_SPAN_AFTER, after) or text.endswith(_ONE_SPAN_BEFORE, 0, m.start())
        ):
            return True  # 经过一年整改, 用一年时间, 均为一年以上, 由原来的一个月左右: a length of time
        if number == "一" and unit == "倍":
            return True  # 效率提升一倍: a multiple, as 增长2倍
        if number == "一" and not m.group("pre"):
            if self._counts_one(text, m.start(), after):
                return True
            before = text[max(0, m.start() - 4) : m.start()]
            next_char = text[after : after + 1]
            ends_clause = next_char == "" or next_char in _CLAUSE_MARKS  # 新建冷链仓储中心一座，
            if unit == "次" and _EVERY_PERIOD_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                return True  # 每2小时采集一次, 每半年专题研究一次: a frequency's count
            return ends_clause or before.endswith(self.vocabulary.one_counts_after)
        return True

    def _counts_one(self, text: str, start: int, after: int) -> bool:
        """Whether 一 + a measure word from ``start`` to ``after`` counts one: an item named in quotes in a state
        (“科研诚信教育常态化”一项仍在推进中), or a doing at a frequency (每季度公示一次, 每半年寄送一次)."""
        if text.endswith("”", 0, start):
            return text[after : after + 1] in _STATE_OPENERS
        return _DOING_AT_FREQUENCY_RE.search(text, max(0, start - 18), start) is not None

    def _round_the_clock(self, text: str, start: int, after: int) -> bool:
        """Whether 24小时 (from ``start`` to ``after``) means round the clock: one of ``round_the_clock_after`` right
        after it or a few words on in its clause (开通24小时农技服务热线, 24小时为快递员提供…服务); not a time limit
        (24小时内) nor a time spent (连续奋战24小时)."""
        if text.endswith(_TIME_SPENT_BEFORE, 0, start):
            return False
        words = self.vocabulary.round_the_clock_after
        if text.startswith(words, after):
            return True
        if text.startswith(("内", "以内", "之内"), after):
            return False
        _, hi = clause_bounds(text, start, after)
        ahead = text[after : min(after + 10, hi)]
        return any(word in ahead for word in words if len(word) > 1)

    # -- subjects ------------------------------------------------------------------------------------------

    def _subject(self, text: str, words: Tokens, found: Found, others: list[Found]) -> str:
        """What ``found`` counts, read the way each kind is usually written: 发展党员3名 / 3名党员 (a count, left
        or right), 党费收缴率100% and 在竞赛中获一等奖 (left), 6月完成换届选举 (the event of the clause)."""
        blocked = _blocked(text, found, others)
        quoted = _QUOTED_AFTER_RE.match(text, found.end) if found.kind in ("count", "duration") else None
        if quoted:  # 每月开展1次“党员固定活动日” / 为期六个月的“党员先锋工程”: the name in quotes right after
            head = next((h for h in self._meeting_heads if text.startswith(h, quoted.end())), "")
            # (but 1次“双融合”专题研讨: the meeting, its theme in quotes; 为期两周的“反违章”专项整治: the doing)
            doings = found.kind == "duration" or found.unit in _EVENT_UNITS
            kind = doings and self._kind_after_name(text, words, quoted.end(), blocked)
            return head or kind or quoted.group(1)
        if found.kind in ("date", "deadline", "duration"):
            if event := self._event(text, words, found, blocked):
                return event
            left = self._beside(text, words, found, "left", blocked)
            return "" if found.kind == "date" and _TIME_WORD_RE.fullmatch(left) else left  # (今年|4月: its year)
        of_noun = text.startswith("的", found.end) and self._noun_follows(text, words, found.end + 1)
        if found.kind == "count" and of_noun:
            # 不少于72学时的继续教育: a count with 的 before a noun counts that noun
            subject = self._beside(text, words, _shifted(found, found.end + 1), "right", blocked)
            if subject:
                return subject
        if found.kind in ("percent", "money", "rank"):
            sides = ("left", "right")
        elif self._noun_follows(text, words, found.end):  # 3名党员
            right = self._beside(text, words, found, "right", blocked)
            end = text.find(right, found.end) + len(right) if right else -1
            nexts = [f for f in others if f.start == end and f.kind not in ("date", "deadline")] if right else []
            if nexts and not self._things_within_after(text, words, found, right, end, nexts):
                # 支委5人平均年龄75岁: the words after it are the measure of the next number; read leftwards
                return self._beside(text, words, found, "left", blocked) or right
            return right or self._beside(text, words, found, "left", blocked)
        else:
            sides = ("left",)
        return next((subject for side in sides if (subject := self._beside(text, words, found, side, blocked))), "")

    def _kind_after_name(self, text: str, words: Tokens, end: int, blocked: list[tuple[int, int]]) -> str:
        """The kind of thing a name in quotes ending at ``end`` is given right after it, where a noun phrase names it
        (“反违章”专项整治, “开源协同”黑客松): that phrase; "" where none, or where it is a head that takes the name
        (活动, 项目: ``name_heads``) or a doing word (“下沉联系青年”结对)."""
        first = words.starting_at(text, end)
        if not _is_cjk(first) or first in self.vocabulary.name_heads or first in self._verbs or first[0] in "未不没无":
            return ""
        _, hi = clause_bounds(text, end, end)
        kind = self._walk(text, words, end, hi, "right", blocked)
        return kind if len(kind) >= 2 and text.startswith(kind, end) else ""

    def _things_within_after(
        self, text: str, words: Tokens, found: Found, right: str, end: int, nexts: list[Found]
    ) -> bool:
        """Whether the count ``found``, with a noun right after it (``right``, ending at ``end``), counts things the
        points right after it (``nexts``) count within (原库区6个乡镇|17个行政村): each a count with a thing unit (not
        6人缺席党员大会|3次), ``found`` itself counting things, and ``right`` no doing nor a list joined by 和."""
        if found.unit not in self.vocabulary.thing_units or "和" in right:
            return False
        if not all(f.kind == "count" and f.unit in self.vocabulary.thing_units for f in nexts):
            return False
        return not self._doing_word(words.starting_at(text, end - len(right)))

    def _counts_noun_after(self, text: str, words: Tokens, found: Found) -> bool:
        """Whether ``found`` counts things or people named by a noun right after it (3家软件企业, 3个城市)."""
        return found.unit in self.vocabulary.thing_units and self._noun_follows(text, words, found.end)

    def _doing_word(self, word: str) -> bool:
        """Whether ``word`` is a verb or a verbal noun of jieba's dictionary (培育, 测量, 排查)."""
        return word in self._verbs or word in self._verbal_nouns

    def _verb_before(self, text: str, words: Tokens, edge: int) -> bool:
        """Whether the word ending at ``edge`` is a verb of jieba's dictionary that is no stop word (坐诊, 奋战;
        not 力争)."""
        word = _word_ending_at(text, words, edge)
        vocabulary = self.vocabulary
        return word in self._verbs and word not in vocabulary.subject_stops

    def _modifies(self, text: str, words: Tokens, end: int, hi: int) -> bool:
        """Whether the data point ending at ``end`` modifies a noun phrase after it that runs on in its clause
        (3个党小组开展…, 2名入党积极分子的培养考察), rather than closing it (开展主题宣讲3场，)."""
        return end < hi and (text[end] == "的" or self._noun_follows(text, words, end))

    def _noun_follows(self, text: str, words: Tokens, end: int) -> bool:
        word = words.starting_at(text, end)
        vocabulary = self.vocabulary
        return _is_cjk(word) and word not in vocabulary.subject_stops and word not in vocabulary.subject_skip_set

    def _beside(
        self, text: str, words: Tokens, found: Found, side: str, blocked: list[tuple[int, int]]
    ) -> str:
        """The words right beside the number, past the skip words (达, 只有, 中获 …), in its clause."""
        skip = self.vocabulary.subject_skip_set
        cuts = _cuts(words, blocked)
        if side == "left":
            edge = _skip_left(text, found.start, blocked, skip, cuts)
            opening = _PARENTHESIS_BEFORE_RE.search(text, max(0, edge - 24), edge)
            if opening and opening.end() == edge:  # 群众满意率（以电话回访为准）达到96.2%: read past the aside
                edge = _skip_left(text, opening.start(), blocked, skip, cuts)
            lo, _ = clause_bounds(text, edge, edge)
            return self._walk(text, words, edge, lo, "left", blocked)
        _, hi = clause_bounds(text, found.start, found.end)
        edge = _skip_right(text, found.end, blocked, skip, cuts)
        # a count of things or people: the noun phrase it counts ends where a predicate starts (3名党员担任…)
        noun_phrase = found.kind == "count" and (
            found.unit in self.vocabulary.thing_units or text.endswith("有", 0, found.start)  # 有2次党员大会因…
        )
        people = noun_phrase and found.unit in self.vocabulary.people_units
        counted = self._walk(text, words, edge, hi, "right", blocked, noun_phrase, people=people)
        if noun_phrase and counted and text.startswith(counted, edge):
            return self._listed_with(text, words, edge, counted, blocked, people) or counted
        return counted

    def _listed_with(
        self, text: str, words: Tokens, edge: int, counted: str, blocked: list[tuple[int, int]], people: bool
    ) -> str:
        """The things or people a count counts, listed with 、 or 和 (156名高龄、独居老人, 15名党员和志愿者组成,
        230家商超和社区团购点): the noun phrase read after the count and the one after the mark, together, where the
        second names people (for a count of people) or opens with no doing word, holds no number of its own, and both
        fit in a subject."""
        mark = edge + len(counted)
        if text[mark : mark + 1] not in ("、", "和"):
            return ""
        _, hi = clause_bounds(text, mark + 1, mark + 1)
        if any(mark < b < hi for b, _ in blocked):  # (4个党支部、党员15名: the next item of a list of counts)
            return ""
        second = self._walk(text, words, mark + 1, hi, "right", blocked, True, people=people)
        if not second or not text.startswith(second, mark + 1) or mark + 1 + len(second) - edge > SUBJECT_MAX_CHARS:
            return ""
        if people:  # (高龄、患病党员: a doing word may open it, the words for people end it)
            named = self._names_person(_word_ending_at(text, words, mark + 1 + len(second)), False)
        else:
            named = not self._doing_word(words.starting_at(text, mark + 1))
        return text[edge : mark + 1 + len(second)] if named else ""

    def _listed_before(self, text: str, words: Tokens, found: Found, points: Sequence[Found]) -> str:
        """The things a figure counts where its subject is the last of a list joined by 、 right before it
        (培育渔家乐、民宿43家 -> 渔家乐、民宿; 提供休息、充电、饮水服务2.8万人次): the whole list, or "" where there is
        none. Not a list of counts (下辖4个党支部、党员156名), of doings (上门测温、排查隐患), or with a number or a
        零 in an item (安全事故零发生、有效投诉0起). The doing word before the first item stays with a count of doings
        (测量血压、血糖5,400人次) and is left out of a count of things or people (培育土专家、田秀才34名)."""
        subject = found.subject
        if found.kind not in _LISTED_KINDS or not subject:
            return ""
        end = found.start  # (or before words that close or sum the list: 发放就业补贴、租房补贴|共计|1,512万元)
        if gap := _LIST_GAP_RE.search(text, max(0, end - 4), end):
            if text.endswith(subject, 0, gap.start()):
                end = gap.start()
        start = end - len(subject)
        if text[start - 1 : start] != "、" or not text.startswith(subject, start):
            return ""
        lo, _ = sentence_clause(text, start)
        blocked = _blocked(text, found, points)
        while start > lo and text[start - 1] == "、":
            item = self._walk(text, words, start - 1, lo, "left", blocked)
            if not item or not text.endswith(item, 0, start - 1) or _NUMBER_IN_ITEM_RE.search(item):
                return ""
            start -= 1 + len(item)
        if any(f.end == start for f in points) or _NUMBER_IN_ITEM_RE.match(text, start - 1):
            # (a list of counts: 开展主题党日12次、专题研讨6次, 发现新变星37颗、超新星候选体5个)
            return ""
        start = self._from_doing(text, words, start, text.index("、", start), _TIMES_UNIT_RE.fullmatch(found.unit))
        listed = text[start:end].removesuffix("等")  # (the subject may have held it: 人大代表等|近200人)
        return listed if len(listed) <= _LISTED_MAX_CHARS else ""

    def _from_doing(self, text: str, words: Tokens, start: int, end: int, doings: bool) -> int:
        """Where the first item ``[start, end)`` of a list counted together starts: at its first doing word for a
        count of ``doings`` (居民|测量血压), after it for things or people (培育|渔家乐, 吸纳|退休党员); as it is
        where it holds none, or nothing after one."""
        at = start
        while at < end and (word := words.starting_at(text, at)[: end - at]):
            if self._doing_word(word):
                after = at + len(word)
                return at if doings else (after if after < end else start)
            at += len(word)
        return start

    def _event(self, text: str, words: Tokens, found: Found, blocked: list[tuple[int, int]]) -> str:
        """The event a date, deadline or duration places (``_event_words``), without the place it happens at."""
        return self._without_place(text, words, self._event_words(text, words, found, blocked), found.start)

    def _without_place(self, text: str, words: Tokens, subject: str, near: int) -> str:
        """An event after a verb of going (``motion_verbs``: 赴, 前往, 深入) is the doing after the place, not the
        place (组织党员赴合作企业实践锻炼 -> 实践锻炼; 赴对口帮扶的乡镇卫生院坐诊 -> 坐诊; 社会实践团赴革命老区调研 ->
        调研; 深入中小学、社区和机关宣讲红色故事 -> 宣讲红色故事): the subject from the first verb (``verb_tags`` or a
        verbal noun) after the place's first word. The verb of going is in the subject or before it in its clause
        with no verb of doing between (赴延安开展党性教育培训 keeps 党性教育培训)."""
        motion = self.vocabulary.motion_verbs
        if not subject or not any(m in text for m in motion):
            return subject
        at = min(_occurrences(text, subject), key=lambda i: abs(i - near), default=-1)
        if at == -1:
            return subject
        lo, _ = sentence_clause(text, at)
        end = at + len(subject)
        goes = [
            (s, e)
            for s, e in words[bisect_left(words.starts, lo) : bisect_left(words.starts, end)]
            if text[s:e] in motion or text[e - 1] in motion  # jieba's 团赴: a token ending in 赴
        ]
        if not goes:
            return subject
        go_end = goes[-1][1]
        between = words[bisect_left(words.starts, go_end) : bisect_left(words.starts, at)]
        if go_end < at and any(text[s:e] in self._listed("doing_verbs") or text[s:e] in "，," for s, e in between):
            return subject
        place = words[bisect_left(words.starts, max(go_end, at)) : bisect_left(words.starts, end)]
        verbs = self._event_verbs
        doing = next((s for s, e in place[1:] if text[s:e] in verbs), None)
        return text[doing:end] if doing is not None else subject

    @cached_property
    def _event_verbs(self) -> frozenset[str]:
        """Verbs and verbal nouns of jieba's dictionary (v, vn: 坐诊, 锻炼, 调研, 观看, 培训, 办结)."""
        return self._verbs | self._verbal_nouns

    def _event_words(self, text: str, words: Tokens, found: Found, blocked: list[tuple[int, int]]) -> str:
        """The event a date, deadline or duration places: the head noun that ends its clause (6月完成换届选举 ->
        换届选举; 3月8日组织党员开展主题党日活动 -> 主题党日活动), or of the next clause when the date stands
        alone (11月16日下午，支部召开专题组织生活会); a duration opening its clause (为期3个月) belongs to the
        clause before it, and its head is the one that ends that clause (党员医师4名常驻帮扶，每批为期6个月 ->
        常驻帮扶). A duration after a verb of its own clause measures that doing (每周坐诊2天 -> 坐诊)."""
        skip = self.vocabulary.subject_skip_set
        lo, hi = sentence_clause(text, found.start)
        cuts = _cuts(words, blocked)
        after = _skip_right(text, found.end, blocked, skip, cuts)
        before = _skip_left(text, found.start, blocked, skip, cuts)
        # nothing but skip words before it, or for a date only the year said in words (今年4月，支部被…授予…)
        alone = before <= lo or (found.kind == "date" and _TIME_WORD_RE.fullmatch(text, lo, before) is not None)
        if found.kind == "duration" and self._verb_before(text, words, before):
            start = before  # the verbs and adverbs before it: 连续抢救4小时, 每周坐诊2天, 赴…实践锻炼20天
            while start > lo and self._in_verb_phrase(word := _word_ending_at(text, words, start)):
                start -= len(word)
            if len(text[start:before]) > len(_word_ending_at(text, words, before)):
                return text[start:before]
            left = self._beside(text, words, found, "left", blocked)
            if left:
                return left
        if found.kind == "duration" and words.starting_at(text, after) in ("内", "以内"):
            after += 1 + text.startswith("以内", after)  # 时限控制在15个工作日内。: a time limit (not 内控值), no event
        held = _BARE_HOLDING_RE.fullmatch(text, found.end, hi) and (alone or _PLANNED_RE.fullmatch(text, lo, before))
        if held and lo > 1 and text[lo - 1] in "，,":  # 办好第三届脐橙开秤节，|11月中旬|举办，: the event named before
            prev_lo, prev_hi = sentence_clause(text, lo - 2)
            if event := self._head_before(text, words, prev_lo, prev_hi, blocked, at_end=True):
                return event
        if after < hi and text[after] in "“《":  # 4月启动为期六个月的“党员先锋工程”
            after += 1
        if serial := _SERIAL_RE.match(text, after, hi):  # 5月底前完成2号|窑头收尘器改造: the thing after its number
            after = serial.end()
        if after < hi and words.starting_at(text, after) == "把":  # 15日前把学习资料送到…: what is handled
            handled = _QUOTED_AFTER_RE.match(text, after + 1) or self._walk(
                text, words, after + 1, hi, "right", blocked, noun_phrase=True
            )
            if handled:
                return handled if isinstance(handled, str) else handled.group(1)
        if found.kind == "date" and (before, after) == (found.start, found.end) and not alone and after < hi:
            doing = self._doing_after_doer(text, words, before, after)
            if doing:
                return doing
        if found.kind == "date" and alone and after < hi:
            doer = self._clause_subject(text, words, after, hi, blocked)
            if doer:
                return doer
        if after < hi and _is_cjk(text[after]):
            return self._head_before(text, words, after, hi, blocked)
        if found.kind == "duration" and not alone and after >= hi:  # “口述史”项目历时14个月，: what lasted
            left = self._beside(text, words, found, "left", blocked)
            if left:
                return left
        refers_back = found.kind == "duration" or _COMPLETION_RE.search(text[found.end : hi]) is not None
        if not alone and refers_back and _PLANNED_RE.fullmatch(text, lo, before):
            # 明确整改措施12条，计划|2027年1月底前|全部完成: a plan to finish, nothing else said
            alone = _BARE_COMPLETION_RE.fullmatch(text, found.end, hi) is not None
        if alone and refers_back and lo > 1 and text[lo - 1] in "，,":  # 为期3个月 / 于10月全部完成
            prev_lo, prev_hi = sentence_clause(text, lo - 2)
            return self._head_before(text, words, prev_lo, prev_hi, blocked, at_end=found.kind == "duration")
        if hi + 1 < len(text) and text[hi] in "，,":  # 11月16日下午，支部召开专题组织生活会
            next_lo, next_hi = sentence_clause(text, hi + 1)
            return self._head_before(text, words, next_lo, next_hi, blocked)
        return ""

    def _doing_after_doer(self, text: str, words: Tokens, before: int, after: int) -> str:
        """A date between who acts and a verb (区督导室9月反馈的问题, 校党委组织部10月抽查档案) places that doing:
        the verb right after it, when the word right before it names a body or people (``body_endings``,
        ``doer_endings``), both touching the date, and the verb is no stop word."""
        vocabulary = self.vocabulary
        doer = _word_ending_at(text, words, before)
        if not doer or not (doer.endswith(vocabulary.body_endings) or doer[-1] in vocabulary.doer_endings):
            return ""
        verb = words.starting_at(text, after)
        if verb not in self._verbs or verb in vocabulary.subject_stops or verb in vocabulary.subject_skip_set:
            return ""
        return verb

    def _in_verb_phrase(self, word: str) -> bool:
        """Whether ``word`` is part of the verb phrase a duration measures: a word that starts a predicate
        (``predicate_tags``) and is no stop word, or an adverb of lasting (``lasting_adverbs``: 连续, 持续)."""
        vocabulary = self.vocabulary
        if word in vocabulary.lasting_adverbs:
            return True
        ends = word in vocabulary.subject_stops or word in vocabulary.subject_skip_set
        return word in vocabulary.predicate_words and not ends

    def _clause_subject(self, text: str, words: Tokens, after: int, hi: int, blocked: list[tuple[int, int]]) -> str:
        """The event a date opening its clause places when the clause's subject names one and its predicate
        reports a data point (10月学院安全检查共发现问题23项 -> 学院安全检查; 9月上级党委检查发现…问题5个 ->
        上级党委检查; 11月支部党员大会到会率仅为87% -> 支部党员大会): the noun phrase right after the date, read as
        after a count. Not where it names who acts (6月支部开展主题宣讲3场: a word for people or a body,
        ``doer_endings`` and ``body_endings``), nor where the data point after it is a modifier (完成2名…的培养考察)."""
        vocabulary = self.vocabulary
        word = words.starting_at(text, after)
        if not _is_cjk(word) or word in vocabulary.predicate_words or not self._noun_follows(text, words, after):
            return ""
        inner = min(((b, e) for b, e in blocked if after < b < hi), default=None)
        if inner is None or self._modifies(text, words, inner[1], hi):
            return ""
        subject = self._walk(text, words, after, inner[0], "right", blocked, noun_phrase=True)
        if not subject or after + len(subject) >= inner[0] or subject in vocabulary.people_terms:
            return ""
        if subject[-1] in vocabulary.doer_endings or subject.endswith(vocabulary.body_endings):
            return ""
        return subject

    def _head_before(
        self,
        text: str,
        words: Tokens,
        lo: int,
        hi: int,
        blocked: list[tuple[int, int]],
        at_end: bool = False,
    ) -> str:
        """The head noun of ``text[lo:hi]``: the words before its first data point after ``lo`` (开展主题宣讲3场 ->
        主题宣讲), or before its end (``at_end``, or where the data point is a modifier of the words after it:
        支部分3个党小组开展读书活动 -> 读书活动, 完成对2名预备党员的转正考察)."""
        inner = [(b, e) for b, e in blocked if lo < b < hi]
        first = min(inner, default=None)
        if first is not None and not at_end and not self._modifies(text, words, first[1], hi):
            end = first[0]
        else:
            end = _clause_end(text, hi)
            inside = words[bisect_right(words.starts, lo) : bisect_left(words.starts, end)]
            second = next((s for s, e in inside if text[s:e] == "并"), None)
            if second is not None:  # 完成剩余问题整改并提请复核: the first of two predicates is the task
                end = second
            last = _word_ending_at(text, words, end)
            start = end - len(last)
            if last and start > lo + 1 and text[start - 1] == "的" and last in self._verbs:
                end = start - 1  # 完成全年活动计划的制定: the task is what is done, before 的
        end = _skip_left(text, end, blocked, self.vocabulary.subject_skip_set, _cuts(words, blocked))
        measure = _word_ending_at(text, words, end)
        if len(measure) < end - lo and measure in _SHARE_WORDS:
            # 6月前参加党校培训的比例达到100%: the event is what the share is of (a 率 word is a measure in its
            # own right: 年底前会议记录抽查合格率达到100%)
            end = _skip_left(text, end - len(measure), blocked, _DE, _cuts(words, blocked))
        event = self._walk(text, words, end, lo, "left", blocked, event=True)
        count = min(((b, e) for b, e in blocked if lo <= b < hi or e == lo), default=None)  # (skipped: 完成126户…)
        if count is not None and event and end - len(event) == count[1] and self._modifies(text, words, count[1], hi):
            return self._without_counted(text, words, event, count, lo, hi, blocked)
        return event

    def _without_counted(
        self,
        text: str,
        words: Tokens,
        event: str,
        count: tuple[int, int],
        lo: int,
        hi: int,
        blocked: list[tuple[int, int]],
    ) -> str:
        """An event read back to the count that modifies it, without what the count counts: the words after the
        count's noun (5月底前完成126户农户厕所改造 -> 厕所改造); where the count counts people (a noun phrase ending in
        one of ``doer_endings``), the verbs before the count, when there are two or more of them (春节前走访慰问全部87名
        离退休党员 -> 走访慰问; one verb alone is mostly a light one: 仅发展1名一线员工入党 keeps the event).
        """
        vocabulary = self.vocabulary
        people = self._walk(text, words, count[1], hi, "right", blocked, noun_phrase=True)
        if people and people[-1] in vocabulary.doer_endings:
            end = _skip_left(text, count[0], blocked, vocabulary.subject_skip_set, _cuts(words, blocked))
            start = end
            while start > lo and (verb := _word_ending_at(text, words, start)) in self._verbs:
                start -= len(verb)
            doing = text[start:end]
            return doing if len(_word_ending_at(text, words, end)) < len(doing) else event
        counted = words.starting_at(text, count[1])
        after = words.starting_at(text, count[1] + len(counted))
        if len(counted) >= 2 and len(after) >= 2 and after[-1] not in vocabulary.doer_endings:
            return event[len(counted) :]  # the counted word is a token of its own, and so is the next
        return event

    def _walk(
        self,
        text: str,
        words: Tokens,
        edge: int,
        limit: int,
        side: str,
        blocked: list[tuple[int, int]],
        noun_phrase: bool = False,
        event: bool = False,
        people: bool = False,
    ) -> str:
        """From ``edge`` away from the number (towards ``limit``): the word at the edge, then the words after it
        until a stop word, a data point, a word that is not Chinese or SUBJECT_MAX_CHARS. A token that
        straddles the edge (jieba's 月起, 周的) is cut at it. Where the words read rightwards are a ``noun_phrase``
        (after a count of things or people), a word that starts a predicate (``predicate_tags``: a verb, an
        adverb, a preposition of jieba's dictionary) after a noun ends it (选派12名党员担任低年级导师 -> 党员; 有35名
        学生顺利通过补考 -> 学生; 带动40名留守妇女就近务工 -> 留守妇女); not after another such word (35户签字同意:
        what they did is what is counted)."""
        vocabulary = self.vocabulary
        predicates = vocabulary.predicate_words if noun_phrase else frozenset()
        if side == "left":  # the tokens with s < edge and e > limit, right to left
            inside = words[bisect_right(words.ends, limit) : bisect_left(words.starts, edge)]
            run = [(max(s, limit), min(e, edge)) for s, e in reversed(inside)]
        else:  # the tokens with e > edge and s < limit
            inside = words[bisect_right(words.ends, edge) : bisect_left(words.starts, limit)]
            run = [(max(s, edge), min(e, limit)) for s, e in inside]
        if side == "left" and text[edge - 1 : edge] == "”":  # (a quote is a clause mark: limit may be edge)
            if quoted := _quoted_name_ending_at(text, edge):  # 绘制“急救地图”1张: the name in quotes right before
                return quoted
        if side == "left" and run and text[run[0][0] : run[0][1]] in vocabulary.name_heads:
            if quoted := _quoted_name_ending_at(text, run[0][0]):  # 开展“党员护士进社区”活动: a generic head after
                return quoted  # a quoted name is that name's
        start = end = edge
        after_noun = after_people = False
        last_person = 0  # where the last word for people read after a count of people ends (none after a verb)
        for s, e in run:
            word = text[s:e]
            first = start == end
            if not word or not _is_name_word(word) or _overlaps_any(s, e, blocked):
                break
            # 化解率: a one-character head (率, 量) takes its word; so does a generic head (参加人数)
            suffix_only = len(text[start:end]) == 1 or text[start:end] in vocabulary.generic_heads
            ends = word in vocabulary.subject_stops or word in vocabulary.subject_skip_set
            if event and not first and word in vocabulary.event_modifiers:
                start = min(start, s)  # 培养|考察, 整改|销号: a verb before the event's head names it with it
                break
            if not first and not suffix_only and ends:
                break
            in_predicates = word in predicates and word not in vocabulary.subject_term_set
            # a word of the state of tasks (``lists: status_words``: 到期未完成) states something of the noun before it
            in_predicates = in_predicates or (noun_phrase and word in self._listed("status_words"))
            if in_predicates and after_noun:
                break
            if after_people and (word in self._verbal_nouns or _SERVES_AS_RE.match(word)):
                break  # 帮助3名学生|补修学分, 1名党员|任格长: what the people counted do or serve as
            if noun_phrase and not first and word[-1] in "中上" and _AMONG_AFTER_RE.match(text, e):
                end = max(end, e - 1)  # 全站32个瞭望塔|中有11个…, 在4台盾构机|上各设…: among the things counted
                break
            after_people = people and self._names_people(word)
            after_noun = not in_predicates
            if not first and max(end, e) - min(start, s) > SUBJECT_MAX_CHARS:
                if e - s >= 4 and end - start <= 4 and not in_predicates and _in_dictionary(word):
                    start, end = min(start, s), max(end, e)  # 国家自然科学基金|项目: a long name is taken whole
                break
            start, end = min(start, s), max(end, e)
            if first and people and self._doing_word(word):
                people = False  # (有6人|考取护士执业资格证: what they did, whole)
            if people and self._names_person(word, first):
                last_person = e
        if start < last_person < end:  # 完成63名流动党员|信息核查: the people counted, not what is theirs
            end = last_person
        if end <= start:
            return ""
        subject = text[start:end].rstrip()  # (AED| |60台: the space before the number is no part of it)
        if subject.endswith(vocabulary.subject_trim):
            subject = _trim(subject, vocabulary.subject_trim, {c - start for s, e in run for c in (s, e)})
        return self._without_doer(subject)


# -- helpers ---------------------------------------------------------------------------------------------------


def _with_flags(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with its word tests (ORTH or TEXT: IN, NOT_IN, REGEX) as lexeme flags of the shared vocab
    (``word_flag``), which the Matcher checks in C; a test left without a free flag stays as written."""
    out: dict[str, Any] = {}
    for key, value in spec.items():
        if key in ("ORTH", "TEXT") and isinstance(value, dict) and len(value) == 1:
            ((op, argument),) = value.items()
            flag = None
            if op in ("IN", "NOT_IN", "REGEX"):
                flag = word_flag(("REGEX", argument) if op == "REGEX" else ("IN", frozenset(argument)))
            if flag is not None:
                out[flag] = op != "NOT_IN"
                continue
        out[key] = value
    return out


_CLAUSE_MARKS = frozenset("，,。；;：:！？!?、（）()“”\n")
_CLAUSE_MARK_RE = re.compile(f"[{re.escape(''.join(sorted(_CLAUSE_MARKS)))}]")
# What may follow a count that closes its clause (每周2课时、共8周): a clause mark or a list mark, or the end.
_CLOSING_MARKS = frozenset(("", *"，,。；;！？!?、\n"))


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``[start, end)``: between the nearest clause marks."""
    return _between_marks(_mark_offsets(text, _CLAUSE_MARK_RE), text, start, end)


def _between_marks(marks: tuple[int, ...], text: str, start: int, end: int) -> tuple[int, int]:
    """From after the last of ``marks`` (offsets of the marks in ``text``) before ``start`` to the first at or after
    ``end`` (the text's ends where there is none)."""
    before, after = bisect_left(marks, start), bisect_left(marks, end)
    return (marks[before - 1] + 1 if before else 0), (marks[after] if after < len(marks) else max(end, len(text)))


@lru_cache(maxsize=256)
def _mark_offsets(text: str, mark: re.Pattern[str]) -> tuple[int, ...]:
    """Where the one-character marks ``mark`` finds are in ``text``: found once per text, as the rules ask for the
    clause around each point many times."""
    return tuple(m.start() for m in mark.finditer(text))


def _arounds(
    text: str, words: Tokens, points: Sequence[Found], subjects: Sequence[tuple[str, str]]
) -> list[Around | None]:
    """Where the subject chooser reads each point's subject among ``words`` (``points`` hold the rules' subjects,
    ``subjects`` are the rules' (subject, rule)); None for a point it leaves alone (``subject_chooser.chooses``) or
    whose subject is not at token edges."""
    starts, ends = words.starts, words.ends
    return [
        around_subject(text, words, starts, ends, f, rule) if chooses(f.kind, rule) else None
        for f, (_, rule) in zip(points, subjects, strict=True)
    ]


def _word_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each word of ``text`` as the shared pipeline's segmenter (jieba) cuts it. The words
    are read from jieba directly (``analyzers.nlp.segment``): the extractor builds its own spaCy Doc from
    them (``_tokens``), so the pipeline's Doc would be built only to be thrown away."""
    spans, at = [], 0
    for word in segment(text):
        if not word.isspace():  # (新增AED 60台: a space between words is no word of the subject)
            spans.append((at, at + len(word)))
        at += len(word)
    return spans


class Tokens(list[tuple[int, int]]):
    """The (start, end) of each token of a text, sorted and not overlapping (so sorted by end too), with the
    look-ups the subject rules make many times per text computed once."""

    @cached_property
    def starts(self) -> list[int]:
        return [s for s, _ in self]

    @cached_property
    def ends(self) -> list[int]:
        return [e for _, e in self]

    @cached_property
    def cuts(self) -> frozenset[int]:
        """The offsets where a token starts or ends."""
        return frozenset(chain.from_iterable(self))

    def starting_at(self, text: str, at: int) -> str:
        """The token of ``text`` that starts at ``at``, or ""."""
        k = bisect_left(self.starts, at)
        return text[at : self[k][1]] if k < len(self) and self[k][0] == at else ""


def _rejoin_suffixes(
    text: str, words: list[tuple[int, int]], vocabulary: Vocabulary, edges: set[int] | frozenset[int] = frozenset()
) -> list[tuple[int, int]]:
    """The words with two one-character Chinese tokens that together are a word of jieba's dictionary made one
    again: jieba's route sometimes cuts a word in two where the characters around it pull (到社区|报|到 -> 报到,
    新|设 -> 新设), and a subject would then end or start inside it (社区报); never across one of ``edges`` (a data
    point's: 3次|日). And with the last character of a noun given back where jieba joined it to the particle after it
    (分拣|员中仅 -> 分拣员|中仅, 网格|员中|党员 -> 网格员|中|党员, 司法|所中 -> 司法所|中, 甲级|率于 ->
    甲级率|于, 报修|率降 -> 报修率|降): a token that is one of ``bound_suffixes`` followed by one of
    ``bound_particles``, after a Chinese word. Likewise a particle jieba joined to the word after it is cut off where
    that word starts a predicate (``leading_particles``, ``predicate_tags``: 会员|中长期 -> 会员|中|长期, 活动|中以 ->
    活动|中|以, 党员|中随 -> 党员|中|随), after a Chinese word of two characters or more (中心, 中层: the rest
    is no predicate; 中考, 中标: two characters that are a word of the dictionary stay one)."""
    suffixes, particles, leading = vocabulary.bound_suffixes, vocabulary.bound_particles, vocabulary.leading_particles
    glued = vocabulary.glued_particles
    split = any(p in text for p in leading)
    firsts = (suffixes | leading if split else suffixes) | glued  # what a word must start with to be looked at
    frequency = dictionary_frequencies()  # ``_in_dictionary``, inlined: this loop runs for every token
    out: list[tuple[int, int]] = []
    for s, e in words:
        if e - s < 2 or text[s] not in firsts:
            if (
                e - s == 1
                and out
                and out[-1][1] == s
                and s - out[-1][0] == 1
                and s not in edges
                and frequency.get(text[s - 1 : e], 0) > 0  # (a prefix of a word is kept with 0)
                and _is_cjk(text[s - 1 : e])
            ):
                out[-1] = (s - 1, e)
            else:
                out.append((s, e))
        elif (
            text[s] in glued
            and frequency.get(text[s:e]) is None  # (not 链断, a prefix kept with 0)
            and (text[s] != "内" or text[s - 1 : s] in _TIME_UNIT_ENDS)  # (集团内刊: a word's own 内)
            and _is_cjk(text[s:e])
        ):
            out += [(s, s + 1), (s + 1, e)]  # 使冷 -> 使|冷, 4.5小时内到院 -> 内|到院
        elif text[s] in suffixes and text[s + 1 : e] in particles and out and _is_cjk(text[out[-1][0] : s]):
            out[-1] = (out[-1][0], s + 1)
            out.append((s + 1, e))
        elif (
            split
            and text[s] in leading
            and out
            and s - out[-1][0] > 1
            and text[s:e] not in particles
            and text[s + 1 : e] in vocabulary.predicate_words
            and (e - s > 2 or frequency.get(text[s:e], 0) == 0)  # 中考, 中标: words of their own
            and _is_cjk(text[out[-1][0] : s])
        ):
            out += [(s, s + 1), (s + 1, e)]
        else:
            out.append((s, e))
    return out


# The last characters of a time limit's unit, after which 内 is the limit's (3分钟内派车率, 4.5小时内到院比例)
_TIME_UNIT_ENDS = frozenset("时天日月年钟周")
_START, _END = itemgetter(0), itemgetter(1)  # (a token's offsets, as a key to bisect tokens by)


def _year_ends_inside_guesses(text: str, words: list[tuple[int, int]]) -> set[int]:
    """The ends of bare years (2025年) that fall inside a token no word of jieba's dictionary is, its HMM's guess at
    an unknown word (2025|年村|集体经营性收入): the thing after the year starts there."""
    ends = set()
    for m in _BARE_YEAR_RE.finditer(text):
        k = bisect_right(words, m.end(), key=_END)  # (the first token ending after the year)
        if k < len(words) and words[k][0] < m.end() and not _in_dictionary(text[words[k][0] : words[k][1]]):
            ends.add(m.end())
    return ends


def _cut_at(words: list[tuple[int, int]], edges: set[int]) -> list[tuple[int, int]]:
    """``words`` with each word that has one of ``edges`` inside it cut there (looked up edge by edge: a text has
    far fewer edges than words, and most edges fall between words already)."""
    out = words
    for edge in sorted(edges, reverse=True):  # from the right: the indices to the left stay valid
        k = bisect_right(out, edge, key=_END)
        if k < len(out) and out[k][0] < edge:
            if out is words:
                out = list(words)
            s, e = out[k]
            out[k : k + 1] = [(s, edge), (edge, e)]
    return out


def _merge_terms(
    text: str, words: list[tuple[int, int]], vocabulary: Vocabulary, points: Sequence[Found] = ()
) -> Tokens:
    """The tokens with each subject term (党费收缴率, 主题党日活动) made one token, so that a stop word inside
    a term (收缴) cannot cut it; a term that lies inside one jieba word leaves that word whole. A word that runs
    across a data point's edge is cut there first (412|名报|到 -> 412|名|报到: the point is 412名)."""
    edges = {edge for f in points for edge in (f.start, f.end)}
    if "年" in text:
        edges |= _year_ends_inside_guesses(text, words)
    if edges:
        words = _cut_at(words, edges)
    words = _rejoin_suffixes(text, words, vocabulary, edges)
    terms = [m.span() for m in vocabulary.terms_re.finditer(text)]
    if not terms:
        return Tokens(words)

    def inside_a_word(t_start: int, t_end: int) -> bool:  # jieba's 业务培训 stays whole (培训 is a term)
        k = bisect_right(words, t_start, key=_START) - 1
        return k >= 0 and t_end <= words[k][1] and words[k][1] - words[k][0] > t_end - t_start

    terms = [t for t in terms if not inside_a_word(*t)]
    if not terms:
        return Tokens(words)
    out: list[tuple[int, int]] = []
    pieces: list[tuple[int, int]] = []
    kept_from = 0  # the words before a term and after the one before it are kept; the words it overlaps are not
    for t_start, t_end in terms:  # (the terms do not overlap: sorted by start and by end)
        first = bisect_right(words, t_start, key=_END)
        out += words[kept_from:first]
        kept_from = max(kept_from, bisect_left(words, t_end, key=_START))
        # a word the term cuts in two leaves its outer part a token of its own (党员|中老|党员 with the term 老党员:
        # 中 stays between the two, so no walk joins them as one name)
        pieces += [(s, t_start) for s, _ in words[first:kept_from] if s < t_start]
        pieces += [(t_end, e) for _, e in words[first:kept_from] if e > t_end]
    out += words[kept_from:]
    out += terms
    if pieces:
        out += {p for p in pieces if not any(p[0] < t_end and t_start < p[1] for t_start, t_end in terms)}
    return Tokens(sorted(out))


def _overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (a loop: asked for every word a walk reads, where a
    generator in ``any`` costs more than the few spans it looks at)."""
    for s, e in spans:
        if start < e and s < end:
            return True
    return False


def _cuts(words: Tokens, blocked: list[tuple[int, int]]) -> frozenset[int]:
    """The offsets where a token or a data point starts or ends."""
    return words.cuts.union(chain.from_iterable(blocked)) if blocked else words.cuts


@cache
def _longest(words: frozenset[str]) -> int:
    return max(map(len, words), default=0)


_DE = frozenset(("的",))


def _skip_left(
    text: str, start: int, blocked: list[tuple[int, int]], skip: frozenset[str], cuts: frozenset[int]
) -> int:
    """Where the subject ends left of a number at ``start``: before the skip words and data points next to it
    (the longest skip word first; a skip word starts where a token does: the 计 of 毕业设计 is no 计)."""
    longest = _longest(skip)
    start_of = {e: b for b, e in reversed(blocked)}  # (the first blocked span ending at an edge, if any)
    edge = start
    while True:
        if edge in start_of:
            edge = start_of[edge]
            continue
        size = next(
            (n for n in range(min(longest, edge), 0, -1) if text[edge - n : edge] in skip and edge - n in cuts), 0
        )
        if not size:
            return edge
        edge -= size


def _skip_right(
    text: str, end: int, blocked: list[tuple[int, int]], skip: frozenset[str], cuts: frozenset[int]
) -> int:
    """Where the subject starts right of a number ending at ``end``: after the skip words and data points (a
    skip word ends where a token does)."""
    longest = _longest(skip)
    end_of = dict(reversed(blocked))  # (the first blocked span starting at an edge, if any)
    edge = end
    while True:
        if edge in end_of:
            edge = end_of[edge]
            continue
        size = next(
            (
                n
                for n in range(min(longest, len(text) - edge), 0, -1)
                if text[edge : edge + n] in skip and edge + n in cuts
            ),
            0,
        )
        if not size:
            return edge
        edge += size


# An aside in brackets between a measure and its number (满意率（以电话回访为准）达到…).
_PARENTHESIS_BEFORE_RE = re.compile(r"[（(][^（）()]{1,20}[）)]")

# 重点抓好五项工作：一是… / 重点做好四方面工作。一是… / 完成了3项重点工作：一是…: a count that announces the list
# after it (read on the plain text: the formulas blank 一是 and 第一 in the masked one): the first item follows
_LIST_OPENED_RE = re.compile(r"[\u4e00-\u9fff]{0,6}[：:。；;]\s*(?=一是|其一|第一|（一）|一要|1[.、．])")
# 突出问题有三个：一是…, 查找新问题3个。一是…: with no noun after it, a count announces the list where what it counts
# is had (有) or is the problems found (not 设立党员先锋岗14个。一是…, nor 尚未完成的2项：一是…: items of their own)
_BARE_ANNOUNCER_BEFORE_RE = re.compile("(?:有|问题|短板|差距|不足)$")
_LIST_AHEAD_RE = re.compile(r"[\u4e00-\u9fff]{1,4}[：:]")
_CN_NUMERAL_RE = re.compile(_CN)
_CN_NUMERAL_START = frozenset(_CN_DIGIT + "十百千万亿")
# A short name in quotes (“三个表率”, “四点半课堂”, “最多跑一次”), or a formula of any length joined by +
# (“1名党员康复师+1个家庭”结对, GUIDE.md's settled case 16): a number inside it is part of the name.
_QUOTED_NAME_RE = re.compile(r"“[^“”]{1,10}”|“[^“”+]{1,24}\+[^“”]{1,40}”")

# Words for a share: what they measure, not an event (参加党校培训的比例).
_SHARE_WORDS = frozenset(("比例", "比重", "比率", "占比"))

_LIST_MARKS = frozenset("、和及与“”")
# A quoted title listed after a quoted title (获评“A”和“B”, “A”、“B”).
_LISTED_QUOTED_RE = re.compile(
    r"[、和及与]“([^“”，,。；;：:、！？!?\s]{2,18})”(?=称号|荣誉称号|[^\u4e00-\u9fff]|[和及与、等]|$)"
)
# A name in quotes right after a count or a duration is what it counts or lasts.
_QUOTED_AFTER_RE = re.compile(r"的?“([\u4e00-\u9fff][\u4e00-\u9fff+]{1,7})”")
# A name in quotes right before the number (绘制“急救地图”1张, 建成“骑手驿站”3个) is what it counts: up to 12
# characters, so a search for it looks back as many and its two quotes.
_QUOTED_BEFORE_RE = re.compile(r"“([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]{1,11})”$")
_QUOTED_BEFORE_CHARS = 14
# A decimal standing alone: not part of a longer number, a version or a percentage (3.46, 0.02; not 2.5%, PM2.5)
_BARE_DECIMAL_RE = re.compile(r"(?<![\d.A-Za-z])\d+\.\d+(?![\d.%A-Za-z万亿千百])")
# A work's title in 《》, and one right before the number, past 约, 共 or 近 (编印《学习简报》12期, 回忆录《风雨四十年》
# 约28万字).
_WORK_TITLE_RE = re.compile(r"《([^《》]{2,16})》")
_TITLE_BEFORE_RE = re.compile(_WORK_TITLE_RE.pattern + r"(?:约|共|近)?$")

# A date or deadline whose clause says only that something was done (于10月全部完成) places the clause before.
_COMPLETION_RE = re.compile(r"完成|结束|办结|完工|建成|落地|到位|销号|竣工")
_PLANNED_RE = re.compile("计划|力争|确保|争取|预计")
# A period after 每 and the doing it is counted per, before 一次 (每2小时|采集|一次, 每半年专题研究|一次)
_EVERY_PERIOD_BEFORE_RE = re.compile(
    r"每(?:[0-9一二两三四五六七八九十半]+个?)?(?:小时|天|日|周|月|季度|半年|年|学期|晚)[\u4e00-\u9fff]{1,6}$"
)
# A date's clause that says no more than that something is held (11月中旬|举办, 计划于9月中旬|举办): the event is the
# clause before it
_BARE_HOLDING_RE = re.compile(r"(?:正式|如期|按期)?(?:举办|举行|召开|开展|开幕)")
_BARE_COMPLETION_RE = re.compile(r"(?:全部|全面|均|逐项)?(?:整改)?(?:完成|办结|完工|到位|销号)(?:整改)?")
# A clause that opens with 占 + the whole + 的 before a percentage (，占全行员工总数的38.3%): the share of the
# point before.
_SHARE_OF_WHOLE_RE = re.compile(r"(?:仅|约|共|只)?占[^，,；;。]{1,12}的")


@lru_cache(maxsize=256)
def _context_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` holds words that give context but are never what a number counts: a bare year (由2022年的
    18.6万元), a list opener at a clause's start (；三是约三成青年党员) and a frequency (每两周). Once per text (not
    per data point)."""
    spans = [m.span() for m in _BARE_YEAR_RE.finditer(text)]
    if "是" in text or "其" in text or "要" in text:
        spans += [m.span() for m in _LIST_OPENER_RE.finditer(text)]
    if "每" in text:  # 每两周线上学习1次: the frequency is no part of what is counted
        spans += [m.span() for m in _FREQUENCY_RE.finditer(text)]
    return tuple(spans)


_FREQUENCY_RE = re.compile(r"每(?:[一二两三四五六七八九十半]|[0-9]{1,2})?个?(?:月|周|天|日|年|季度|学期|小时|星期)")
_LIST_OPENER_RE = re.compile(
    r"(?:^|(?<=[，,。；;：:\n]))(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|[一二三四五六七八九十]要)"
)
_BARE_YEAR_RE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年(?:度)?(?![0-9一二三四五六七八九十]{1,2}月)")
_SENTENCE_CLAUSE_MARKS = frozenset("，,。；;！？!?\n")
_SENTENCE_CLAUSE_MARK_RE = re.compile(f"[{re.escape(''.join(sorted(_SENTENCE_CLAUSE_MARKS)))}]")
# Marks that end a sentence (a data point after one is in another sentence).
_SENTENCE_ENDS = frozenset("。；;！？!?\n")


# An award verb left at either edge of a winner's or a prize's words (李建国荣立个人|三等功, 获省科技进步奖|一等奖), and
# the demonstratives that make a thing named before the winner (该品牌获评…, 这一做法被评为…).
_WINNER_VERB_AFTER_RE = re.compile(r"(?:荣立|荣获|获得|获评|获)(?:个人|团体)?$")
_PRIZE_VERB_BEFORE_RE = re.compile(r"^(?:荣获|获得|获)(?=..)")
_DEMONSTRATIVES = ("这一", "该", "此")


def _winner_without_verb(text: str, found: Found, subject: str) -> str:
    """A rank's subject without the award verb the words around it left at an edge (李建国荣立个人 -> 李建国, 获省科技
    进步奖 -> 省科技进步奖; 记个人 stays, nothing would be left), with the demonstrative right before it kept (该品牌:
    the annotators keep it, and 品牌 alone names no one)."""
    if not subject:
        return subject
    cut = _PRIZE_VERB_BEFORE_RE.sub("", _WINNER_VERB_AFTER_RE.sub("", subject))
    subject = cut or subject
    at = text.rfind(subject, 0, found.start)
    before = next((d for d in _DEMONSTRATIVES if at >= len(d) and text.startswith(d, at - len(d))), "")
    return before + subject


# The patterns that name a result's contest by its head and the words right before it (在…中获一等奖).
_CONTEST_RULES = frozenset(("contest_before_result", "contest_before_listed_result"))
_CONTEST_MAX_CHARS = 16
_EDITION_RE = re.compile(r"第[0-9一二三四五六七八九十百]+届")
# A duration of each of the things just counted (每期5天, 每轮为期一个月, 每次约2小时).
_EACH_RE = re.compile(r"每(期|轮|次|批|场|班|节)(?:为期|时长|用时|约|均)?")
# An average age brought under or over a bound (平均年龄降到48岁以下, 平均年龄下降2岁以上): a measure, no age bound.
_AVERAGE_BOUND_RE = re.compile(r"平均年龄[^，,。；;、]{0,12}$")
# A negated state that closes a count's clause (1项未完成，, 4处未整改到位；).
_STATE_AFTER_RE = re.compile(
    r"(?P<cause>因[^，,。；;、]{1,16})?"  # (1项|因考核细则尚未定稿|仍在推进: the cause before the state is passed)
    r"(?P<state>(?!未成年)(?:(?:仍|尚|还|均|暂)?(?:未|没有|尚未|未能)|(?:仍|尚|正)在)(?:(?!的)[\u4e00-\u9fff]){1,10}?)"
    r"(?=[，,。；;、]|$)"
)
# What befell a count's things for a cause, closing the clause (有3次因临床任务冲突推迟召开, 有11件因回复不及时被通报,
# 尚有2条因营房改造未完工而滞后): the result, as the annotators name it, not the cause's words.
_CAUSED_RESULT_RE = re.compile(
    r"因[^，,。；;]{1,16}?而?"
    r"(?P<result>(?:临时)?(?:延期|推迟|改期|延后|顺延|滞后|取消|缺席)(?:召开|开展|举行|举办|进行)?|被[\u4e00-\u9fff]{1,5}?)"
    r"(?=[，,。；;]|$)"
)
# What follows 中 or 上 after the things counted when it means among them or on them (32个瞭望塔中有11个…).
_AMONG_AFTER_RE = re.compile("[有，,、；;。]|各|排名|排在|分列|位列|仅|共|均")
# 任 serving as a post after the people counted, which jieba joins to the post (任格长, 任组长) or tags as a pronoun
# (任|联络员); not 任务
_SERVES_AS_RE = re.compile("任(?!务|何|意)")
# Words that end like words for people but name all of them or a place (``_names_person``)
_NOT_PEOPLE = frozenset(("全员", "人人", "大家", "国家"))
# A state of things done closing a count's clause (2个已整改到位，, 3项已全部销号。), after _NAMED_BEFORE_DONE.
_DONE_STATE_AFTER_RE = re.compile(r"(?:均|都|全部)?(已[\u4e00-\u9fff]{1,6}?)(?=[，,。；;、]|$)")
_NAMED_BEFORE_DONE = "”等有"
# A target stated as a figure after the figure (95%的目标, 5名的计划) and the words that say a figure falls short of it.
# (虽低于|0.1%|的控制目标, 低于全市|97%|的平均水平, 低于集团|90%|的考核线: a target's or a reference's word may be
# qualified)
_TARGET_AFTER_RE = re.compile(
    r"(?:以上|以下|以内|左右)?的((?:年度|控制|考核|行业|国家|省定|市定|既定|预期)?(?:目标|要求|标准|计划|考核线|控制线)"
    r"|平均水平)"
)
_SHORT_OF_RE = re.compile(r"距离|距|离|未达到|未能实现|未完成|达不到|没有达到|低于|高于|少于")
# Words before 24小时 that make it a time spent, not round the clock (连续奋战24小时服务…).
_TIME_SPENT_BEFORE = ("历时", "连续", "用时", "耗时", "奋战", "工作", "坚守", "鏖战", "持续")
# A clause between a count and the noun it counts, saying what they have or lack (有专业特长的, 未承担项目的,
# 活动不足的, 积分低于60分的; not 党的, a name's).
_RELATIVE_CLAUSE_RE = re.compile(
    r"(?:有|未|没有|无|不|[\u4e00-\u9fff]{1,8}?(?:不足|低于|高于|超过|较好|较差|不够|不到))[^，,。；;：:、“”（）()的]{0,8}?(?<!党)的"
)
# An age bound that alone picks out a part of a total, right before its count (45岁以上的有|17名, 35岁以下|仅8人), the
# words between them those of ``have_words`` or of a share or a bound (``_age_bound_words_re``).
_AGE_BOUND = r"[0-9一二三四五六七八九十]+周?岁(?:及?以下|及?以上)的?"
_AGE_BOUND_SHARE_WORDS = ("占", "占比", "不少于", "不足")
# 4名|35岁以下|党员骨干, 2名|70岁以下、热心党务的|党员: an age bound between a count of people and the people
_AGE_BOUND_AFTER_RE = re.compile(
    r"[0-9一二三四五六七八九十]+周?岁(?:及?以下|及?以上)?(?:、[^，,。；;、的]{1,8}的|的)?"
)
_LEVEL_BOUND_AFTER_RE = re.compile("(?:国家|省部|省|市|县|区|校|院)级及?以上的?")  # (127名|市级以上|代表性传承人)
# Words of scope that end the words before a count of what lies in it (覆盖全县, 带动周边, 辖区, 本村, 全支部), and
# where the noun after such a count ends (9个区和外省…, 12个村的386户, 31名职工平均年龄…).
# (园区内, 辖内, 仓内: a place and 内, not a time: 年内, 月内, 周期内)
_SCOPE_END_RE = re.compile(
    r"(?:全[\u4e00-\u9fff]{1,2}|周边|辖区|辖内|本[市县区镇村省]|支部|[\u4e00-\u9fff]{0,2}[^年月日周时期\W]内|上游|下游)$"
)
_SCOPE_HEAD_END_RE = re.compile("和|与|及|的|平均|人均|户均")
# Times before a rank (年底|获评…): neither who won it nor its clause's topic.
_TIME_WORD_RE = re.compile("年底|年初|年末|年内|今年|去年|上年|明年|当年|同年|次年|月底|[上下]半年")
# An award verb and what a prize right after it is the prize of (获省科学技术奖|一等奖).
# The verbs that win a prize, a title or a place, before what is won (荣获|市级“先锋岗”, 夺得|全省职工技能大赛…)
_WIN_VERBS = "荣获|获得|获评|分获|夺得|斩获|摘得|获"
_AWARD_NAMED_RE = re.compile(rf"(?:{_WIN_VERBS})(?P<name>[^，,。；;：:、！？!?\s“”获]{{2,16}})$")
_TEAM_OR_PERSON_END_RE = re.compile("(?:个人|团体)$")
_ISSUER_END_RE = re.compile("(?:协会|学会|联合会|委员会|政府|局|厅|委|部|办)$")
# The peers a place is among, before it (在全省21个地市中|排名第4位, 在31支参赛队伍中位列|第4名).
_AMONG_PEERS_RE = re.compile(
    r"在[^，,。；;]{0,10}?[0-9一二三四五六七八九十两]+(?:个|家|支|所|名|座|项)[^，,。；;]{1,10}中"
    rf"(?:仅|分|均)?(?:{_RANKING_VERBS}|排|列|居)$"
)
# A year right before 被 (所支部|2026年被…命名为).
_YEAR_BEFORE_RE = re.compile(r"(?:19|20)[0-9]{2}年度?(?=被)")
# A year or month opening a contest's name (2027年|省职业院校技能大赛, 2026年度|省重点实验室绩效评估).
_YEAR_OPENING_RE = re.compile(r"(?:(?:19|20)[0-9]{2}年度?)?(?:[0-9]{1,2}月份?)?")
# A ranking verb and the whole a place ranks in, right before the place (位居全县银行业|第一, 列全县各养护片区|第一名).
# 位列全区|第二名, 进入全市住建系统|前三名, 位列同领域|第4位: the whole it ranks in, or its peers
_RANKING_SCOPE_RE = re.compile(
    rf"(?:{_RANKING_VERBS}|列|居|进入|跻身|重返|保持|稳居)(?P<scope>[全同][\u4e00-\u9fff（）()]{{1,10}})$"
)
# A ranking verb and the whole a place after it ranks in, of any wording (位列|全县15个乡镇, 位居|县直机关,
# 排在|全省14家血站; not a title won: 保持上年全队荣立集体|三等功的势头)
_RANKED_IN_RE = re.compile(
    rf"(?:{_RANKING_VERBS}|排在|进入|跻身|保持|稳居)(?P<whole>[^，,。；;、：:“”获荣评]{{1,16}})$"
)
# Words left before a rank that name neither who won it nor where (获团体|二等奖, 个人|第2名, 位列全区|第二名).
_NO_WINNER_RE = re.compile(
    r"(?:夺得|获)?(?:团体|个人)|全[\u4e00-\u9fff]{1,2}|本(?!人)[\u4e00-\u9fff]{1,2}|集团|县直部门|省级|市级|国家级"
    rf"|{_TIME_WORD_RE.pattern}"
    r"|[并再曾且还又也]"  # (…，并获评|…, 力争再获|…: an adverb)
)


# 增速|在全省|38家|支公司中位列|前五名: a place among peers the count counts, won by what opens the clause
_PEERS_RANKING_RE = re.compile(rf"[^，,。；;]{{0,12}}?中(?:的)?(?:{_RANKING_VERBS}|排|列)(?:上升至|升至|提升至)?")
_PEERS_OPENING_RE = re.compile(r"在[^，,。；;在]{0,10}")


def _ranked_among_peers(text: str, points: Sequence[Found], n: int, subjects: Sequence[str]) -> str:
    """What a place among peers counted in its clause ranks, where the words before 在 name it (增速在全省38家支公司中
    位列前五名 -> 增速; 结构提升幅度在全市7个县级局中排名第二), or "". ``subjects``: those of the points before; the
    peers' is what the words after their count name, with nothing else before 中 (not 在全市邮政41个支局综合考评中:
    the review)."""
    if n == 0:
        return ""
    peers, place = points[n - 1], points[n]
    among = _PEERS_RANKING_RE.fullmatch(text, peers.end, place.start)
    if peers.kind != "count" or not among or not subjects[-1] or not text.startswith(subjects[-1] + "中", peers.end):
        return ""
    lo, _ = clause_bounds(text, peers.start, peers.end)
    opening = text.rfind("在", lo, peers.start)
    if opening - lo < 2 or not _PEERS_OPENING_RE.fullmatch(text, opening, peers.start):
        return ""
    return text[lo:opening]


# Prepositions whose object a count right after them counts (对79个帮扶对子, 向12名新党员, 为3名困难党员).
_OBJECT_PREPOSITIONS = frozenset(("对", "向", "为", "给", "把", "将"))


# What a title is won by after a name in quotes (“护学专线”做法, “红芯车间”项目 入选…): the name says which.
_NAMED_WINNER_HEADS = frozenset(("项目", "做法", "案例", "品牌", "经验", "模式", "工作法", "活动"))


def _quoted_before(text: str, found: Found, head: str) -> str:
    """The name in quotes right before ``head``, the nearest ``head`` before ``found`` (“直播间里的党小组”案例入选… ->
    直播间里的党小组: 37 of the 49 tuning points so written list the name, 27 the head alone), or ""."""
    return _quoted_name_ending_at(text, text.rfind(head, 0, found.start))


# 《家务劳动我能行》获评|省级特殊教育精品课程: a work named by its title in 《》 right before the verb that wins a title
_TITLED_WINNER_RE = re.compile(rf"《(?P<title>[^《》，,。；;]{{1,30}})》(?:{_WIN_VERBS}|入选|被评为|被评选为)$")


def _titled_winner(text: str, found: Found) -> str:
    """The winner of a title or a prize that only a work's title in 《》 names, right before the verb (GUIDE.md: the
    title without its marks); "" where there is none."""
    winner = _TITLED_WINNER_RE.search(text, max(0, found.start - 40), found.start)
    return winner["title"] if winner else ""


# 全队荣立集体|三等功, 党员法官周敏被记个人|二等功, 3名党员荣立集团个人|三等功: the verb of a merit and whose it is
_MERIT_VERB_RE = re.compile(r"(?:荣立|被?记)(?:集团|公司)?(?:个人|集体)?$")
_MERIT_DOER_CUT_RE = re.compile(rf"^.*(?:的|、|中|[0-9{_CN_DIGIT}十]+[名位个])")  # (支部选树的“动车医生”|李海涛)
_MERIT_DOER_ADVERBS = re.compile("^(?:并|还|另|另有|同时|其中)|(?:也|还|均|都|又|曾|先后)$")
# 民警王刚|在抓捕中负伤，荣立个人三等功: who a sentence's first clause names before what it did
_DOER_BEFORE_DEED_RE = re.compile(r"[^，,。；;：:、“”在于因以被获]{2,10}(?=在|于|因|获|荣获|被)")


def _merit_winner(text: str, found: Found) -> str:
    """Whose a merit (三等功) is: who the clause names before 荣立/记 (全队荣立集体三等功 -> 全队, 团队负责人荣立个人
    二等功 -> 团队负责人: a person with the post the writer gives), without the count and what picks them out (突击队
    中3名党员 -> 党员); where the clause opens with the verb (…负伤，荣立个人三等功), who the clause before names
    unless the merit describes what follows (曾荣立二等功的党员); "" where a merit is given by someone (被省公安厅记
    集体…: the issuer's clause)."""
    verb = _MERIT_VERB_RE.search(text, max(0, found.start - 8), found.start)
    if verb is None:
        return ""
    lo = max(text.rfind(mark, 0, verb.start()) for mark in "，,。；;：:") + 1
    doer = _MERIT_DOER_ADVERBS.sub("", _MERIT_DOER_CUT_RE.sub("", text[lo : verb.start()]))
    if "被" in doer or len(doer) > 10:
        return ""
    if doer:
        return doer if _is_cjk(doer) and not _NO_WINNER_RE.fullmatch(doer) else ""
    if lo < 2 or text[lo - 1] not in "，," or text.startswith("的", found.end):
        return ""
    before = _DOER_BEFORE_DEED_RE.match(text, max(text.rfind(mark, 0, lo - 1) for mark in "，,。；;：:") + 1)
    return before.group(0) if before and before.end() < lo else ""


def _quoted_name_ending_at(text: str, at: int) -> str:
    """The name in quotes whose closing quote ends right at ``at`` (绘制“急救地图”|1张, “银龄互助”|项目), or ""."""
    quoted = _QUOTED_BEFORE_RE.search(text, max(0, at - _QUOTED_BEFORE_CHARS), at) if at > 0 else None
    return quoted.group(1) if quoted else ""


def _after_bei(text: str, found: Found, subject: str) -> bool:
    """Whether a rank's subject stands after 被 in its clause, before the verb that gives the title: the issuer
    (被区委组织部|评为), or the end of a long one the walk read (被国家卫健委脑卒中|防治工程委员会|授予), not its
    winner."""
    at = text.rfind(subject, 0, found.start)
    if at <= 0:
        return False
    lo, _ = sentence_clause(text, found.start)
    passive = text.rfind("被", lo, at)
    return passive >= 0 and at - passive <= _ISSUER_MAX_CHARS and not _GIVES_TITLE_RE.search(text, passive, at)


def _formula_inside_only(title: str) -> bool:
    """Whether a title read on the masked text holds a masked formula, if any, only inside (市直机关“一支部一品牌”
    示范点, 国家级一流本科课程: 16 titles of the sets were missed when none was allowed), not at an edge."""
    return MASK not in title[:1] + title[-1:]


_MEDALS = ("奖", "金牌", "银牌", "铜牌", "冠军", "亚军", "季军")


def _is_prize(found: Found) -> bool:
    """A place or a prize (第2名, 一等奖, 金奖, 金牌, 冠军), not a title."""
    return found.value is not None or found.text.endswith(_MEDALS)


# What opens a contest's name before a rank (在全市技能大赛中, 参加全国技能大赛，), and the prepositions that open a
# clause with no topic of its own (在全区评比中，支部…).
_CONTEST_OPENING_RE = re.compile("在|参加")
_CLAUSE_PREPOSITIONS = ("在", "对", "围绕", "通过", "经过", "按照", "根据", "针对", "为", "与", "从")


_AS_OF_RE = re.compile(r"(?:截至|截止)(?:到|至)?$")
_RANGE_END_RE = re.compile(rf"(?:{_RANGE_MARK}|、|和)(?:次日|次年|翌日|翌年)?(?:{'|'.join(_TIME_CONTEXT)}|晚|早|午)?")
# 年底前|将四级手术占比提升至|18%, 二季度末前|将高频事项由|28项…: a deadline for what a change brings to a figure
_CHANGED_BY_RE = re.compile(rf"[将把][^，,。；;：:！？!?]{{2,}}(?:{_CHANGED_FROM}|至|到)")
# 收缴率连续五年|保持|100%, 连续两年在全区社区党建考核中排名|第一: how long a figure or a place was kept
_KEPT_FOR_RE = re.compile(
    rf"(?:内|来|以来)?(?:均|都|始终|一直)?[^，,。；;：:、！？!?]{{0,20}}?(?:保持|稳定在|{_RANKING_VERBS}|{_WIN_VERBS})"
    r"[^，,。；;：:、！？!?]{0,6}"
)
# 支部连续3年获评|“校级先进学生党支部”, 连续两年被县直机关工委评为“红旗党支部”: how long a title was won
_TITLE_WON_FOR_RE = re.compile(r"[^，,。；;：:、！？!?]{0,12}?(?:评为|评定为|命名为|获评|荣获|被授予|授予|入选)“?")
# How far after 被 an issuer's words may end (被国家卫健委脑卒中防治工程委员会), and the verbs that give a title
# after it
_ISSUER_MAX_CHARS = 14
_GIVES_TITLE_RE = re.compile("评为|评定为|列为|命名为|授予|表彰为|确定为|认定为")
# A name in quotes opening a clause (“老铁道讲堂”在…, “红纹”项目先后获…): the clause's topic
# (not a holiday or a hotline: “五一”前, “12345”热线)
_QUOTED_OPENING_RE = re.compile("“((?![0-9]+”)[^“”，,。；;：:]{2,16})”(?!前|后|期间|假期|当天|小长假|热线)")
# 被 and the agent that gives a title (被省住建厅|列为, 被公安部|评定为), within its clause
_BY_AN_AGENT = r"被[^，,。；;：:！？!?、“”]{1,12}?"
# 年底前|力争获评|“五星级党支部”: when a title was or is to be won (right after the date, or its winner between:
# 年底前|力争所属第二党支部获评|…)
_TITLE_WON_ON_RE = re.compile(
    r"[，,]?(?:力争|争取)?(?:[\u4e00-\u9fff]{0,8}?(?:支部|总支|党委|党组织|公司|中心|单位|集体|团队)|该[\u4e00-\u9fff]{1,3}?)?"
    r"(?:力争|争取)?(?:被评为|评为|获评|荣获|被授予|授予|入选|创成|被命名为"
    rf"|{_BY_AN_AGENT}(?:列为|命名为|评定为|评为))“?"  # (于2026年5月|被省住建厅列为“…案例”)
)
_LIST_ITEM_RE = re.compile("[^、和]+")
_LIST_JOIN_RE = re.compile("[、和]")


def _listed_run(text: str, points: Sequence[Found], n: int) -> tuple[int, int]:
    """The first and last of the data points listed with point ``n``, one after another with only 、 or 和 between
    them (分别为217起、803起和248起)."""
    first = last = n
    while first and _LIST_JOIN_RE.fullmatch(text, points[first - 1].end, points[first].start):
        first -= 1
    while last + 1 < len(points) and _LIST_JOIN_RE.fullmatch(text, points[last].end, points[last + 1].start):
        last += 1
    return first, last


SHARING_RULES = (
    "as_of_date", "range_end", "each_held", "deadline_of_change", "kept_for", "words_of_work", "respective_figure",
)  # fmt: skip
# 6月、10月|各举办|1次“牧场开放日”: dates each of which a count of doings after it places
_EACH_HELD_RE = re.compile(r"(?:各|分别)[\u4e00-\u9fff]{1,4}")
# 同比分别增长|9.4%和12.1%, 比上年分别减少|4件、2件, 分别较上年增长|…: changes to as many figures before, in order
_RESPECTIVE_CHANGE_RE = re.compile(
    r"(?:分别)?(?:同比|环比|较上年|比上年|较去年|比去年)?(?:分别)?(?:增长|增加|提升|提高|上升|下降|减少|降低)了?"
)
_FIGURE_KINDS = frozenset(("count", "money", "percent", "other"))


def _respective_figure(text: str, points: Sequence[Found], n: int) -> int | None:
    """The figure a change listed after 分别 is of (``_subject_shared``), or None."""
    if "分别" not in text:
        return None
    first, last = _listed_run(text, points, n)
    listed = last - first + 1
    if listed < 2 or first < listed:
        return None
    lo, _ = sentence_clause(text, points[first].start)
    opening = text[lo : points[first].start]
    if "分别" not in opening or not _RESPECTIVE_CHANGE_RE.fullmatch(opening):
        return None
    figures = points[first - listed : first]
    if figures[0].start < _sentence_start(text, lo) or any(f.kind not in _FIGURE_KINDS for f in figures):
        return None
    return first - listed + n - first


def _subject_shared(text: str, points: Sequence[Found], n: int) -> tuple[int, str] | None:
    """The data point whose subject point ``n`` shares, and why (``SHARING_RULES``), or None:

    - an as-of date states a figure (截至11月底已完成11条, 截至2026年11月末，支行各项存款余额达到…): the next data point
      of its sentence, at most one comma on (not 截至11月底已全部完成，其中…);
    - the start of a range of dates or times (晚上8点至11点, 9:40至10:10, 6月、10月各举办1次) places what its end,
      nearer the words of the doing, places (133 such pairs in the tuning sets, each with one subject);
    - a date before 各 or 分别 and a doing word places what the count after them counts (6月、10月各举办1次“牧场开放日”
      -> 牧场开放日);
    - a deadline for a change to a figure (年底前将四级手术占比提升至18%) places the change of what the figure measures;
    - how long a figure or a place was kept is the figure's or the place's (收缴率连续五年保持100%);
    - a count of 字 opening its clause after a count of written things (开发新型活页式教材2部，累计约45万字) is the
      length of what that count counts;
    - a change listed after 分别 changes the figure in the same place of as many figures before it in the sentence
      (门急诊接诊5.62万人次，住院患者2,864人次，同比分别增长9.4%和12.1% -> 住院患者 for 12.1%)."""
    point = points[n]
    if (figure := _respective_figure(text, points, n)) is not None:
        return figure, "respective_figure"
    if point.kind == "other":
        return (n - 1, "words_of_work") if n and _length_of(text, points[n - 1], point) else None
    if point.kind not in ("date", "deadline", "duration") or n + 1 == len(points):
        return None
    after = points[n + 1]
    if point.kind == "duration":
        kept = _KEPT_FOR_RE.fullmatch(text, point.end, after.start) and (_is_prize(after) or after.kind != "rank")
        return (n + 1, "kept_for") if kept else None
    if point.kind == "deadline":
        return (n + 1, "deadline_of_change") if _CHANGED_BY_RE.fullmatch(text, point.end, after.start) else None
    if after.kind == "date" and _RANGE_END_RE.fullmatch(text, point.end, after.start):
        shared = _subject_shared(text, points, n + 1)
        return (shared[0] if shared else n + 1), "range_end"
    if after.kind == "count" and _EACH_HELD_RE.fullmatch(text, point.end, after.start):
        return n + 1, "each_held"
    if not _AS_OF_RE.search(text, max(0, point.start - 3), point.start):
        return None
    between = text[point.end : after.start]
    if _SENTENCE_END_RE.search(between) or sum(between.count(mark) for mark in "，,") > 1:
        return None
    return n + 1, "as_of_date"


def _length_of(text: str, written: Found, length: Found) -> bool:
    """Whether ``length``, a count of 字 opening its clause, is the length of the written things ``written`` counts
    just before it in its sentence (编写乡土教材1套，共6万余字)."""
    return (
        written.unit in _WRITTEN_UNITS
        and _opens_words_of_work(text, length)
        and written.start >= _sentence_start(text, length.start)
    )


def _title_won_for(text: str, points: Sequence[Found], n: int) -> str:
    """The title a duration says was won year after year (支部连续3年获评“校级先进学生党支部”), or a date or a
    deadline says when it was or is to be won (年底前获评县直机关“五星级党支部”, 2026年10月被评为国家4A级旅游景区):
    the title, or the quoted name that ends it (连续三年被评为校“先进离退休党支部” -> 先进离退休党支部; but
    市直机关“四强”党支部 whole)."""
    if n + 1 == len(points):
        return ""
    title = points[n + 1]
    between = _TITLE_WON_FOR_RE if points[n].kind == "duration" else _TITLE_WON_ON_RE
    if title.kind != "rank" or _is_prize(title) or not between.fullmatch(text, points[n].end, title.start):
        return ""
    quoted = _quoted_name_ending_at(text, title.end) if title.text.endswith("”") else ""
    return quoted or title.text


# 72小时内|办结, 半年内|未参加组织生活, 两周内完成|组织关系转接: what a time limit is set for, to the clause's end
_DONE_WITHIN_RE = re.compile(
    r"内(?:即|均|须|要|可|能|就)?(?:全部|基本)?(?:完成|取得|实现)?(?P<doing>[\u4e00-\u9fff]{1,12}?)(?=[，,。；;、：:”！？!?]|的|$)"
)


_COUNT_IN_DOING_RE = re.compile("(?<=..)[一二两三四五六七八九十百千]+(?:名|个|人|次|项|件|家|所|篇|场)")
_MADE_COUNTED_RE = re.compile(
    r"(?P<made>的[\u4e00-\u9fff]{2,6}?)(?=(?:[0-9]+(?:至[0-9]+)?|[一二两三四五六七八九十]{1,2})[名个人项件家所篇种批套台座条])"
)
# 近三年|发展的29名党员中…, 近两年|检查通报的19项问题: the recent years that pick out what was done in them
_RECENT_YEARS_RE = re.compile(r"近[0-9一二两三四五六七八九十]+个?年")
_DONE_IN_THEM_RE = re.compile(r"(?:没有)?(?P<doing>(?![在由从对])[^，,。；;：:、的\d]{1,10})的")


def _done_in_recent_years(text: str, found: Found) -> str:
    """The doing that recent years (近三年) pick things out by, written between them and 的 (近三年发展的29名党员中
    -> 发展, 近三年调离或辞职的35岁以下科研人员7人 -> 调离或辞职): the annotators wrote the doing (55 of the 72 such
    points of the tuning sets; the rest the things done, 近五年取得的47项成果 -> 成果)."""
    if not _RECENT_YEARS_RE.fullmatch(found.text):
        return ""
    doing = _DONE_IN_THEM_RE.match(text, found.end)
    return doing.group("doing") if doing else ""


# 提前|6小时|发布暴雨预警信号: the doing done ahead, three to ten 字 closing the clause, without 以上 and 完成 or 实现
_AHEAD_RE = re.compile("提前[约近]?$")
_DONE_AHEAD_RE = re.compile(
    r"(?:以上|左右)?+(?P<doing>[^，,。；;：:、！？!?（）()\s]{3,10})(?=[，,。；;：:！？!?]|$)"
)


def _done_ahead(text: str, found: Found) -> str:
    """The doing a duration after 提前 puts ahead, where the clause goes on to say it (提前6小时发布暴雨预警信号 ->
    发布暴雨预警信号, 比计划提前15天完成填图任务 -> 填图任务): the annotators write it, and 提前 only beside it. A
    lone verb after it (提前5天完工, 提前1个半小时送达) stays as the rules read it: 完工 and 提前 are written alike."""
    if not _AHEAD_RE.search(text, max(0, found.start - 3), found.start):
        return ""
    ahead = _DONE_AHEAD_RE.match(text, found.end)
    if ahead is None:
        return ""
    doing = ahead.group("doing")
    return doing[2:] if doing.startswith(("完成", "实现")) and len(doing) > 3 else doing


def _done_within(text: str, found: Found) -> str:
    """The doing a time limit is set for, where the clause after it says it (群众诉求72小时内办结 -> 办结,
    9人半年内离职), also where the words before the limit name what is done (司机诉求48小时内首次响应 -> 首次
    响应: GUIDE.md says so, and the tuning annotators write the doing first); not a rate (24小时内办结率: the rate's
    own subject)."""
    within = _DONE_WITHIN_RE.match(text, found.end)
    doing = within.group("doing") if within else ""
    if not doing or "率" in doing:
        return ""
    if counted := _COUNT_IN_DOING_RE.search(doing):  # 两年内培养青年技术骨干|十名以上: the count is a point of its own
        return doing[: counted.start()]
    # 两年内选育通过审定的新品种|2至3个: the things counted right after the doing are what it makes
    made = _MADE_COUNTED_RE.match(text, within.end("doing"))
    return doing + made.group("made") if made else doing


# A list before a figure (渔家乐、民宿43家): the kinds read so, what no item may hold, and the longest list taken.
_LISTED_KINDS = frozenset(("count", "money", "other"))
# 清理楼道堆物、废弃车辆|等|1,380余处, 涉及房屋漏水、下水道堵塞|的有|312件, 外出科考、实习党员|达|23名
_LIST_GAP_RE = re.compile("(?:等|的有|中有|的|达|共计|合计|总计|累计|共)$")
_NUMBER_IN_ITEM_RE = re.compile(r"[0-9零〇一二三四五六七八九十两百千万]")
_LISTED_MAX_CHARS = 2 * SUBJECT_MAX_CHARS
_TIMES_UNIT_RE = re.compile("[人户处]?次|场|期|轮")  # a count of doings, which keeps its doing word

# 的比例 after the doing a share is of (参加组织生活|的比例), and how many words before it the doing word may stand.
_PROPORTION_RE = re.compile("的(?:比例|比重|比率)")
_PROPORTION_REACH = 4

# The numbers or letters that name a thing among its like (2号窑头, 3号、4号机组, C、D级危房), before its name.
_SERIAL_RE = re.compile(r"(?:[0-9]+号|[A-Z]+)(?:[、和](?:[0-9]+号|[A-Z]+))*(?=[\u4e00-\u9fff])")

_DAYS_OPENING_RE = re.compile("^(?:每天|每日|每周|每晚|每月)")  # the days a time's subject may open with

_WORDS_OPENING_RE = re.compile(r"(?:共|共计|合计|总计|累计)?(?:约|近|逾|达|超过)?")  # (not 全书: a name of its own)
_WRITTEN_UNITS = frozenset("篇部册套本卷份集")


def _opens_words_of_work(text: str, found: Found) -> bool:
    """Whether ``found`` is a count of 字 that opens its clause (，共6万余字, 、约12万字): the length of a work named
    before it."""
    lo, _ = clause_bounds(text, found.start, found.end)
    return found.unit == "字" and _WORDS_OPENING_RE.fullmatch(text, lo, found.start) is not None


def _titled_work_of_words(text: str, found: Found) -> str:
    """The work a count of 字 opening its clause measures where it is titled in 《》 before it in the sentence
    (编研出版《北岚百年大事记》，约68万字 -> 北岚百年大事记)."""
    if not _opens_words_of_work(text, found):
        return ""
    titles = _WORK_TITLE_RE.findall(text, _sentence_start(text, found.start), found.start)
    return titles[-1] if titles else ""


def _state_after(text: str, found: Found, points: list[Found]) -> str:
    """The state a count's things are in when it closes their clause after the count (6项整改任务中尚有1项未完成,
    仍有4处未整改到位, 有2个没有党员), also past a cause (另有1项因资金未落实尚未完成): the tasks in a state, as
    GUIDE.md settles (仍 and 尚 kept as written, 还 and 均 not). A state of things done (已整改到位) is the subject only
    after things named one by one (“…”“…”2个已整改到位, “…”等3项已全部销号) or after 有 (有3人已离职): after a noun
    the count counts that noun (重大隐患17处已全部销号: 重大隐患). What befell them for a cause is named by the result
    (有3次因临床任务冲突推迟召开 -> 推迟召开, 有11件因回复不及时被通报 -> 被通报), not the cause's words; but a
    task named in quotes before the count and the cause, in no state, is the task (“康复教室扩建”1项因场地审批延后,
    “…”1项因仓库扩建顺延至…: the task; “…”1项因编制所限仍在推进: the state)."""
    task = _quoted_name_ending_at(text, found.start) if text.startswith(("因", "受", "需"), found.end) else ""
    if caused := _CAUSED_RESULT_RE.match(text, found.end):
        return "" if _point_starts_in(points, found.end, caused.end()) else task or caused.group("result")
    state = _STATE_AFTER_RE.match(text, found.end)
    if not state and task:
        return task
    if not state and found.start and text[found.start - 1] in _NAMED_BEFORE_DONE:
        done = _DONE_STATE_AFTER_RE.match(text, found.end)
        return done.group(1) if done and not _point_starts_in(points, found.end, done.end()) else ""
    if not state or _point_starts_in(points, found.end, state.end()):
        return ""
    start = state.start("state")
    if state.group("cause") and text[start - 1] in "仍尚":  # (因资金未落实|尚|未完成: the cause gives it back)
        start -= 1
    return text[start : state.end()].removeprefix("还").removeprefix("均")


# 26名党员中有|7名|全年|未承担技术服务项目|，占比近三成: the part a share after it is of, past words of time
_PART_BEFORE_RE = re.compile(r"(其中|中)有?$|有$")
# 存在温度记录不连续的问题 -> 温度记录不连续: what sets a part apart, without the words that say it is a problem
_PROBLEM_WORDS_RE = re.compile(r"(?:存在)?(?P<words>.+?)(?:的问题|的情况|的现象)?")
_PART_WORDS_RE = re.compile(
    r"(?:全年|今年|本年度|年内|近[一两三四五六七八九十\d]+年|目前|至今|均|都)*"
    r"(?P<words>[^，,、。；;：:（(]{2,12})"
)


def _part_of_share(text: str, points: Sequence[Found], n: int, counted: str) -> str:
    """The part a share standing alone is of, where the clause before it picks a part out of a total and says
    what sets the part apart (26名党员中有7名全年未承担技术服务项目，占比近三成 -> 未承担技术服务项目;
    回访家庭41户中有6户评价“一般”，占14.6%; 全年有14名党员因病未能参加集中活动，占16.1% -> 因病未能参加集中活动):
    the part's own words after what the count before it counts (``counted``), as GUIDE.md's "A share is the part's",
    not the total's subject that the count before it also fairly has."""
    if n == 0:
        return ""
    part, share = points[n - 1], points[n]
    lo, _ = clause_bounds(text, share.start, share.end)
    if part.kind != "count" or lo == 0 or text[lo - 1] not in "，,":
        return ""
    among = _PART_BEFORE_RE.search(text, max(0, part.start - 3), part.start)
    if not among:
        return ""
    start = part.end
    if not among.group(1) and counted and text.startswith(counted, start):  # (有14名|党员|…: past the counted)
        start += len(counted)
    words = _PART_WORDS_RE.fullmatch(text, start, lo - 1)
    if not words or words["words"].count("“") != words["words"].count("”"):
        return ""
    return _PROBLEM_WORDS_RE.fullmatch(words["words"])["words"]


# 连续|1,095天|无错情。, 超过|半年|未与支部取得联系；, 连续|两年|实现“零责任事故”: a state closing a length's clause
_STATE_KEPT_FOR_RE = re.compile(
    r"(?:内|来|以来)?(?:均|都|始终|一直|仍|还|已)?(?:实现)?“?"
    r"(?P<state>(?:无|零|未能|未|从未|没有)(?!一)(?:(?!的)[\u4e00-\u9fff]){1,12}?)”?(?=[，,。；;]|$)"
)


def _state_kept_for(text: str, found: Found, points: Sequence[Found]) -> str:
    """A length of time followed by a negated state that closes its clause is how long that state lasted: the state
    as written (连续1,095天无错情 -> 无错情, 有5名积极分子超过6个月未提交思想汇报 -> 未提交思想汇报), past 没有 (近两年
    没有招录新人 -> 招录新人): the tuning sets' annotators, 58 points with the negation, 13 without (those of 没有)."""
    state = _STATE_KEPT_FOR_RE.match(text, found.end)
    if not state or _point_starts_in(points, found.end, state.end()):
        return ""
    return state.group("state").removeprefix("没有")


# A time of day (8点, 7点半, 9:40, 十一点), what may follow it when it is the time of the thing named before it (a bare
# doing word, 由 and the doer, or nothing), and the words between that thing and the time (days, the part of the
# day, a verb that sets the time): ``_timed_topic``.
_CLOCK_RE = re.compile(r"[点:：]")
_TIMED_DOINGS = (
    "开展|开放|开课|开讲|举行|召开|举办|开始|开门|营业|上课|授课|接听|值守|供餐|开启|开播|开馆|运行|办公|开诊|坐诊"
)
_BY_A_DOER = r"由[\u4e00-\u9fff]{1,8}?"  # (由党员药师|接听, 由党员厨师长|每天…)
# (a place after 在 only before one of them: 在园门口|值守, not 在社区开展义诊)
_TIMED_AFTER_RE = re.compile(
    rf"(?:{_BY_A_DOER})?(?:在[\u4e00-\u9fff]{{1,8}}?(?:{_TIMED_DOINGS})"
    rf"|(?:照常|准时|正常|在线|向社会|对外)?(?:{_TIMED_DOINGS})?)(?=[，,。；;）)]|$)"
)
_TIME_DAYS = (
    r"(?:每天|每日|每晚|工作日|(?:每月(?:第[一二三四1-4]个|最后一个)?|每|第[一二三四1-4]周)?周[一二三四五六日天]"
    r"(?:[、和至到]周?[一二三四五六日天])*|每月)?"
)
# What may stand between the thing and its days: the doer after 由 or 坚持 (由党员厨师长|每天11:00至12:30在窗口值守,
# “夜读守护队”坚持|每周三晚7点至9点…)
_TIME_LEAD_RE = re.compile(rf"(?:{_BY_A_DOER}|坚持)$")
_TIME_SETTING_RE = re.compile(
    rf"{_TIME_DAYS}(?:安排在|固定在|定在|调整至|调整为|调整到|开放至|延长至|仅限于|覆盖)?{_TIME_DAYS}"
    rf"(?:{'|'.join(_TIME_CONTEXT)}|早|晚)?$"
)
# What a thing named before a time of day does not end with: a preposition, an adverb or a particle the walk took
# (开幕式于, 集中学习一般, 下旬的), or a time itself (汛期, 国际档案日当天): no such thing is named.
_NOT_TIMED_THING_RE = re.compile(rf"(?:[于从在的当至均仍多每前]|一般|当天|当晚|期|夜间|{'|'.join(_TIME_CONTEXT)})$")


# 5月|县文旅局检查|时, 8月|山洪|中, 三季度|“抢运高峰”|期间: a date, the happening, 时/中/期间 (``_event_during``)
_EVENT_DURING_RE = re.compile(
    r"(?!遭遇|遇到|经历|面对|迎来)(?P<event>“?[\u4e00-\u9fff]{2,10}?”?)"
    r"(?:期间|(?<![准及同按暂随当平定适课工小])(?<![^换]届)时(?![段间刻长])|(?<![集其之空当从途家])中(?![心考学小层青期队])(?=[^，,。；;]))"
)
# The word classes of jieba's dictionary that name no thing (a verb, a preposition, an adverb, a measure …): not the
# first word of an event's name (``_event_during``) nor of the things a ratio sets against each other (``_named_ratio``)
_NOT_NAMING_CLASSES = frozenset(("v", "p", "d", "ad", "c", "m", "q", "r", "u", "f", "t", "char"))
# 历时|两年半|研制的…: how long a thing took to make, the making said in a clause with 的 (``_made_over``)
_TOOK_BEFORE_RE = re.compile("(?:历时|用时|耗时)$")
_VERB_OF_RELATIVE_RE = re.compile(r"(?:自主)?([\u4e00-\u9fff]{2})的")
_NOT_MAKING_CLASSES = frozenset(("m", "q", "f", "t", "d", "ad", "p", "u", "r", "c", "char", "x"))
# 建成面积|150平方米|的红色文献专题书库: an area built, the place after 的 (``_place_of_area``)
_AREA_UNITS = frozenset(("平方米", "平米", "亩", "平方公里", "平方千米"))
_AREA_BEFORE_RE = re.compile(r"(?:建成|新建|建设|改建|扩建)(?:面积)?(?:约|达|为|近)?$")
# 每季度开展|1次|档案安全专项检查，: how often an event is held, the event closing the clause after the count
_HELD_BEFORE_RE = re.compile(r"(?:开展|召开|举办|组织|举行)(?:不少于|至少)?$")
# A few words with no number that close their clause (an event held, a place built: ``_event_held``, ``_place_of_area``)
_CLOSING_WORDS_RE = re.compile(r"[^，,。；;、：:（(0-9０-９]{2,14}(?=[，,。；;：:]|$)")
_EVENT_UNITS = frozenset(("次", "场", "期", "轮"))


def _event_held(text: str, found: Found, subject: str) -> str:
    """The event a count after a verb of holding counts, when the event closes the clause after it and the walk
    stopped inside it, whole (每季度至少召开1次党建与业务融合专题会 -> 党建与业务融合专题会, not 党建; 每两个月举办
    一次招聘对接会 -> 招聘对接会). The tuning sets' annotators name 103 events held so whole, 14 by a part."""
    if not subject or found.unit not in _EVENT_UNITS:
        return ""
    if not _HELD_BEFORE_RE.search(text, max(0, found.start - 6), found.start):
        return ""
    event = _CLOSING_WORDS_RE.match(text, found.end)
    if not event or not event.group().startswith(subject) or "“" in event.group():
        return ""
    return event.group().removesuffix("全覆盖")  # (每半年开展1次谈心谈话全覆盖: what is held is 谈心谈话)


# 在|2026年9月|召开的全市宣传思想文化工作会议上…, |10月18日|，全国盐碱地综合利用现场观摩会在村里召开: a meeting,
# a contest or a festival named right after its date (or after 召开的, 举办的, 在…组织的, or after 在 or 于 and the doer
# before it: |10月|，支部书记在全区课程思政现场会上作经验交流), then what happens at it
_DATED_EVENT_RE = re.compile(
    r"[，,]?(?:召开的|举办的|开展的|组织的|举行的|在[^，,。；;“”]{0,10}?(?:组织|召开|举办)的|[^，,。；;：:！？!?“”\d]{0,8}?[在于])?"
    r"(?P<event>[^，,。；;、“”在\d]{2,18}?(?:会议|大会|推进会|现场会|观摩会|座谈会|研讨会|交流会|论坛|大赛|竞赛|比赛|评选"
    r"|节|展演|测产))(?:上|中|期间|在|于|举行|召开|开幕|吸引)"
)


def _dated_event(text: str, found: Found) -> str:
    """The meeting, contest or festival a date is the date of, named right after it (在2026年9月召开的全市宣传思想文化
    工作会议上作交流发言 -> 全市宣传思想文化工作会议; 10月18日，全国盐碱地综合利用现场观摩会在村里召开 -> 全国盐碱地综合
    利用现场观摩会; 10月，支部书记在全区课程思政现场会上作经验交流 -> 全区课程思政现场会), not the doing at it
    (交流发言, 召开) nor its host (省妇幼保健协会举办的|助产技能大赛). The tuning sets' annotators: 8 such points right
    after the date, none against; 10 of 11 after 在 or 于."""
    event = _DATED_EVENT_RE.match(text, found.end)
    return _without_host(event.group("event")) if event else ""


def _without_host(event: str) -> str:
    """A meeting's or a contest's name without who holds it, written before 的 (省妇幼保健协会举办的|助产技能大赛,
    中心党委组织的|党建考核): a reader names the event, as the tuning sets' annotators do."""
    return event.rpartition("的")[2] or event


# 晚高峰|18:30至20:00, 淡季（|11月至2月）, 主汛期|5月至9月: a named stretch of the day or the year a time or a range
# of dates is the span of, written right before it or right after a range (``_named_period``)
_PERIOD_HEADS = r"高峰时段|低谷时段|高峰期|高峰|时段|[^同本近初末长每一二三四上下\W\d]期"  # (not 同期, 本期, 一期 …)
_PERIOD_BEFORE_RE = re.compile(
    r"(?:^|(?<=[，,。；;、：:（(在])|(?<=其中|针对|利用))(?!其中|针对|利用)(?:[一二三四五六七八九十]是)?(?:每年|每逢)?"
    rf"(?P<period>[^，,。；;、：:（(在\W\d]{{0,6}}(?:{_PERIOD_HEADS}|[^一二三四第每本上下\W\d]季(?!度)|[^\W\d]期间(?=[（(])))"
    rf"[（(]?(?:{'|'.join(_TIME_CONTEXT)}|早|晚)?$"
)
_PERIOD_AFTER_RE = re.compile(
    rf"(?:的|为|是)?(?![等一二两三四五六七八九十几0-9])(?P<period>[^，,。；;、：:（(\W\d]{{0,6}}(?:{_PERIOD_HEADS}|[旺淡]季|[^一二三四第每本上下春夏秋冬\W\d]季(?!度)))(?!间)"
    r"|的(?P<window>[^，,。；;、：:（(\W\d]{2,4}时间)(?!内)"  # (0:30至4:30的天窗时间: a window of the day)
)


def _named_period(text: str, points: Sequence[Found], n: int) -> str:
    """The named stretch of the day or the year a time or a range of them spans, written right before it (晚高峰
    18:30至20:00投诉集中 -> 晚高峰, 淡季（11月至2月）月均游客… -> 淡季) or right after a range (14:00至16:00的订单低谷
    时段): the tuning sets' annotators wrote the stretch, not the doing after it."""
    start = n  # (the first date or time of a range ending at n: 9:40|至|10:10, 1月、4月和11月)
    while start and points[start - 1].kind == "date" and _RANGE_END_RE.fullmatch(
        text, points[start - 1].end, points[start].start
    ):
        start -= 1
    period = _PERIOD_BEFORE_RE.search(text, max(0, points[start].start - 16), points[start].start)
    if period:
        return period.group("period")
    if start == n:  # (the stretch after a range is read from its end; its start shares the end's: _subject_shared)
        return ""
    period = _PERIOD_AFTER_RE.match(text, points[n].end)
    return (period.group("period") or period.group("window")) if period else ""


# 力争|获评|区级“五星级党支部”: a title a plan aims at with no winner written (``_branch_aiming_at_title``)
_AIMING_AT_TITLE_RE = re.compile(
    r"(?:力争|争取|争创)(?:年底前|年内|明年|今年|再次|再)?(?:获评|被评为|评为|创成|成功创建|创建|入选|获得)“?$"
)
_PERSON_TITLE_RE = re.compile("(?:党员|能手|标兵|个人|工作者|红旗手|人才|书记|教师|医师|护士)”?$")
_BRANCH_WORDS_RE = re.compile("总支|支部|党委")


def _branch_aiming_at_title(text: str, found: Found, subject: str) -> str:
    """The branch a plan's title is aimed for where the plan names no winner (力争获评区级“五星级党支部”, 年底前力争
    获评…先进基层党组织): the branch the paragraph names last before it (支部, 总支 or 党委), as the tuning sets'
    annotators wrote. Not a title for a person (优秀共产党员), nor where the rules' winner stands right before 力争
    (项目部力争获评…)."""
    if found.value is not None:
        return ""
    aim = _AIMING_AT_TITLE_RE.search(text, max(0, found.start - 12), found.start)
    if not aim or _PERSON_TITLE_RE.search(found.text) or (subject and text.endswith(subject, 0, aim.start())):
        return ""
    branches = _BRANCH_WORDS_RE.findall(text, 0, found.start)
    return branches[-1] if branches else ""


# 党支部成立于|2025年10月, 项目自|2023年9月|启动以来: a date a thing was founded or started on
_FOUNDED_BEFORE_RE = re.compile("(成立|建成|始建|组建|创建)于$")
_STARTED_AFTER_RE = re.compile("(?:正式)?(启动|实施|运行)")


def _founded_or_started(text: str, found: Found) -> str:
    """The founding or the start a date is the date of, where it is written "成立于 …" or "自 … 启动"
    (党支部成立于2025年10月 -> 成立; 项目自2023年9月启动以来 -> 启动): what the tuning sets' annotators wrote, the thing
    founded beside it."""
    founded = _FOUNDED_BEFORE_RE.search(text, max(0, found.start - 3), found.start)
    if founded:
        return founded.group(1)
    started = _STARTED_AFTER_RE.match(text, found.end) if text.endswith("自", 0, found.start) else None
    return started.group(1) if started else ""


# 青年科研人员占比|由2022年的41%降至|33%, 中药饮片处方占比|提高到|32%: what changes is the share, named with 占比
_CHANGED_SHARE_RE = re.compile(
    r"占比(?:(?:仅|只|已|又|再)?(?:由|从)|(?:仍|将|要|力争)?(?:提高|提升|降低|下降|降|压减|减少|增加|增长|上升|扩大|缩小)(?:到|至))"
    r"[^，,。；;：:！？!?]*"
)


def _changed_share(text: str, found: Found, subject: str) -> str:
    """A share that changes, from a figure or to one, is named with its 占比 (青年科研人员占比由41%降至33% ->
    青年科研人员占比), as a deadline for such a change places it (GUIDE.md); a share that stands, without
    (高龄党员占比43.2% -> 高龄党员). The tuning sets' annotators: 29 such points for 占比, 6 against."""
    part = subject.removesuffix("占比")
    if not part:
        return ""
    at = text.rfind(part + "占比", max(0, found.start - 40), found.start)
    if at < 0 or not _CHANGED_SHARE_RE.fullmatch(text, at + len(part), found.start):
        return ""
    return part + "占比"


# “执法档案电子化”因系统升级延后，计划于|2025年4月前|完成, “班组夜校”已于|2024年4月|启动: a task named in quotes,
# what keeps it waiting, when it is or was done
_QUOTED_TASK_BEFORE_RE = re.compile(
    r"“([^“”。；;！？!?]{2,24})”(?:问题|整改任务|任务|事项|工作)?(?:[1一][项条个])?"
    r"(?:[，,]?[^“”。；;！？!?，,]{0,14}(?:延期|推迟|延后|顺延|正在整改|尚未完成|未完成|正在推进|仍在推进)[，,]?"
    r"|[，,]?因[^“”。；;！？!?，,]{1,16}[，,](?:延期|推迟|延后|顺延)?)?"
    r"(?:已|将|拟|预计|计划|限期|定|力争)?(?:于|在|至|到)?(?:明年|今年|年内)?$"
)
_DONE_ALONE_RE = re.compile(r"前?(?:全部)?(?:完成|启动|竣工|建成|落实|落地|上线|投用|办结)(?=[。；;，,！？!?]|$)")


def _quoted_task_dated(text: str, found: Found) -> str:
    """The task named in quotes before a date or a deadline whose doing word stands alone after it (剩余1项“执法档案
    电子化”因系统升级延后，计划于2025年4月前完成 -> 执法档案电子化); not where the doing word has an object of its own
    (“公务用车管理台账不规范”一项已于9月前完成制度修订: 制度修订). The tuning sets' annotators: 8 such points, none
    against."""
    if not _DONE_ALONE_RE.match(text, found.end):
        return ""
    quoted = _QUOTED_TASK_BEFORE_RE.search(text, _sentence_start(text, found.start), found.start)
    return quoted.group(1) if quoted else ""


# A ratio's word right before it, past a linking word (配比仅为, 之比提高到, 团青比为)
_RATIO_NAMED_RE = re.compile(
    r"(配比|比例|之比|比)(?:仅为|约为|为|是|由|达到|达|提高到|提升至|提高至|提升到|降至|降到|保持在|不低于|不高于)?$"
)


def _target_fallen_short_of(text: str, found: Found) -> str:
    """The target a figure falls short of or misses (距离95%的目标, 未达到100%的目标, 低于每百户30平方米的标准): the
    target's word is the subject (GUIDE.md: a target stated as a figure is the target's); not where the target is a
    frequency (距离每月1次的要求: what is done that often)."""
    target = _TARGET_AFTER_RE.match(text, found.end)
    if not target:
        return ""
    lo, _ = sentence_clause(text, found.start)
    before = text[lo : found.start]
    if not _SHORT_OF_RE.search(before) or _FREQUENCY_RE.search(before[-6:]):
        return ""
    return target.group(1)


def _whole_contest(text: str, found: Found, subject: str, points: Sequence[Found]) -> str:
    """The contest a result was won in, named whole: the words from the 在 that opens it to its head (在全市税务系统
    窗口评比中位列前三名 -> 全市税务系统窗口评比, not 税务系统窗口评比), without a date or an edition that opens
    them (2026年11月全市养老服务技能大赛 -> 全市养老服务技能大赛; 第十届全省优质稻米评比 -> 全省优质稻米评比). The
    blind annotators name a contest whole (72 of 93 results against 54 for the head and two words); the pattern's
    subject stays where the words hold another data point, a clause mark or more than ``_CONTEST_MAX_CHARS``."""
    at = text.rfind(subject, 0, found.start) if subject else -1
    opens = text.rfind("在", 0, at) if at > 0 else -1
    if opens < 0:
        return subject
    whole = _contest_named_from(text, opens + 1, at, subject, points)
    return whole if whole and _CLAUSE_MARKS.isdisjoint(whole) else subject


def _contest_named_from(text: str, start: int, at: int, subject: str, points: Sequence[Found]) -> str:
    """A contest's name from ``start`` to the end of ``subject`` (at ``at``), past a date (when, not which contest) or
    an edition that opens it; "" where the words hold another data point or run past ``_CONTEST_MAX_CHARS``."""
    for point in points:
        if start <= point.start < at:
            if point.kind != "date" or point.start != start:
                return ""
            start = point.end
    if edition := _EDITION_RE.match(text, start):
        start = edition.end()
    whole = _without_host(text[start : at + len(subject)])
    return whole if len(whole) <= _CONTEST_MAX_CHARS else ""


# 获|全省公益诉讼业务竞赛, 获得|第九届全国大学生化学实验创新设计竞赛: the words between the verb and the contest's head
_CONTEST_AFTER_VERB_RE = re.compile(rf"(?:{_WIN_VERBS})(?P<words>[^获，,。；;：:、“”《》（）()]{{0,14}})$")


def _contest_from_verb(text: str, found: Found, subject: str, points: Sequence[Found]) -> str:
    """A contest a prize is written right after, named whole from the verb that wins it (获全省中药调剂技能竞赛|第6名
    -> 全省中药调剂技能竞赛, not 调剂技能竞赛), without an edition or a date that opens it, as ``_whole_contest`` names
    one from 在: of the 34 such results of the tuning sets, 25 write the name whole first. Not past quotes (省级“挑战杯”
    竞赛), another data point or ``_CONTEST_MAX_CHARS``."""
    at = text.rfind(subject, 0, found.start) if subject else -1
    verb = _CONTEST_AFTER_VERB_RE.search(text, max(0, at - 16), at) if at > 0 else None
    if verb is None:
        return subject
    return _contest_named_from(text, verb.start("words"), at, subject, points) or subject


def _without_edition_or_date(name: str) -> str:
    """A contest's or an award's name without the edition or the year and month that open it (全省第二届|乡村工匠
    技能大赛, 2027年|省职业院校技能大赛, 2026年度|省重点实验室绩效评估)."""
    name = name[max((e.end() for e in _EDITION_RE.finditer(name)), default=0) :]
    return name[_YEAR_OPENING_RE.match(name).end() :]


# A clause that only keeps a place (连续五年|保持全省|第一, 稳居全市|前三): adverbs, a duration (read out before the
# match), the verb and the whole it ranks in
_KEPT_PLACE_RE = re.compile("(?:连续|持续|一直|始终|仍|继续|已)*(?:保持|稳居)(?:全[\u4e00-\u9fff]{1,4})?")


def _measure_kept_first(text: str, points: Sequence[Found], n: int, before: Sequence[str]) -> str:
    """A place kept by a clause that names no winner (正常率达99.82%，…，连续五年保持全省|第一): what ranked is the
    measure of the nearest figure before it in its sentence (a percent or a measure of kind other, not an age), or
    ""."""
    found = points[n]
    lo, _ = sentence_clause(text, found.start)
    words = text[lo : found.start]
    for k in range(n - 1, -1, -1):
        if points[k].kind == "duration" and points[k].start >= lo:
            words = words.replace(points[k].text, "", 1)
    if not _KEPT_PLACE_RE.fullmatch(words):
        return ""
    start = _sentence_start(text, found.start)
    for k in range(n - 1, -1, -1):
        if points[k].start < start:
            break
        if points[k].kind in ("percent", "other") and points[k].unit != "岁" and before[k]:
            return before[k]
    return ""


# The unit of a year whose digits a subject was cut from (力争2027|年度支部获评…)
_YEAR_UNIT_RE = re.compile("年度?(?=[\u4e00-\u9fff]{2})")
_GRADE_BEFORE_RE = re.compile("(?<![0-9A-Za-z.])[0-9A-Za-z]+$")  # 6A|级, 2023|级 (not 1.5|级)


def _without_year_unit(text: str, found: Found, subject: str) -> str:
    """``subject`` without the 年 or 年度 that opens it where, in the text, it follows a year's digits (2027|年度支部
    -> 支部): the year's unit, not part of a name."""
    at = _written_at(text, found, subject)
    unit = _YEAR_UNIT_RE.match(subject)
    if at <= 0 or unit is None or not text[at - 1].isdigit():
        return subject
    return subject[unit.end() :]


def _with_grade_named(text: str, found: Found, subject: str) -> str:
    """``subject`` with the digits or letters of the grade it opens with, where the text writes them right before
    its 级 (6A|级生丝占比 -> 6A级生丝占比, 2023|级党员 -> 2023级党员): the grade named whole, not its measure word."""
    return _with_written_before(text, _written_at(text, found, subject), subject, _GRADE_BEFORE_RE)


def _written_at(text: str, found: Found, subject: str) -> int:
    """Where ``subject`` is written: its nearest occurrence before ``found``, else its first after it, else -1."""
    at = text.rfind(subject, 0, found.start)
    return at if at >= 0 else text.find(subject, found.end)


# What stands right before a measure followed by 的: a comparison (远高于|1:200的行业标准, 未达到|1:2的省定标准, after
# an adverb or opening the clause) or a verb of two characters (建起|1,200平方米的…, 划拨了|30平方米的…,
# 形成约|12万字的…)
_MEASURE_BEFORE_RE = re.compile(
    "(?:(?P<adverb>远|仍|均|未|略|明显)?(?P<verb>高于|低于|达到|超过|不足|不到)|(?P<made>[\u4e00-\u9fff]{2})(?:了|为)?)"
    "(?:约|近)?$"
)
# 为期 right before a duration (开展为期|5天|的党性教育)
_LASTING_BEFORE_RE = re.compile("为期(?:约|近)?$")
# Verbs of entering or winning right after people counted (1人|入选…, 7人|进入…), and a quoted name right after one
_ENTERED_OR_WON_RE = re.compile("入选|进入|荣获|获评|被评为|考入|当选")
_QUOTED_AT_RE = re.compile("“([^“”，,。；;]{2,16})”")
_NO_WORDS_OF_ITS_OWN_RE = re.compile("(?:另有|还有|有)?")  # (not 其中: a part of a total is the total's, GUIDE.md)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` begins: after the last mark that ends a sentence before it."""
    return max(text.rfind(mark, 0, at) for mark in _SENTENCE_ENDS) + 1


def _point_starts_in(points: Sequence[Found], lo: int, hi: int) -> bool:
    """Whether a data point starts within ``[lo, hi)``: words read there would run into it."""
    return any(lo <= f.start < hi for f in points)


def _other_points(found: Found, points: Sequence[Found]) -> list[tuple[int, int]]:
    """The spans of the data points other than ``found``: what a walk from it may not enter."""
    return [(f.start, f.end) for f in points if f is not found]


def _blocked(text: str, found: Found, points: Sequence[Found]) -> list[tuple[int, int]]:
    """What a walk from ``found`` may not enter: the other data points and the words of context (``_context_spans``)."""
    return _other_points(found, points) + list(_context_spans(text))


def sentence_clause(text: str, at: int) -> tuple[int, int]:
    """The clause around ``at`` between commas and sentence ends only (a quoted name or a 、 list stays whole)."""
    return _between_marks(_mark_offsets(text, _SENTENCE_CLAUSE_MARK_RE), text, at, at)


def _clause_end(text: str, hi: int) -> int:
    """``hi`` moved left past closing quotes and brackets, so that a walk starts at the last word."""
    while hi > 0 and text[hi - 1] in "”’」』）)》":
        hi -= 1
    return hi


def _trim_at_cut(text: str, words: Tokens, found: Found, subject: str, endings: Sequence[str]) -> str:
    """``_trim`` of a subject read before ``found``, its token cuts taken from ``words``."""
    at = _subject_near(text, subject, found, 8)
    if at < 0:
        return subject
    return _trim(subject, endings, {c - at for c in words.cuts if at <= c <= at + len(subject)})


def _trim(subject: str, endings: Sequence[str], cuts: set[int]) -> str:
    """``subject`` without an ending it may not have (中获, 时), where that ending is a token (学习时长 keeps 长)."""
    for ending in endings:
        if subject.endswith(ending) and len(subject) > len(ending) + 1 and len(subject) - len(ending) in cuts:
            return subject[: -len(ending)]
    return subject


def _in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary (a prefix of one is kept there with frequency 0)."""
    return dictionary_frequencies().get(word, 0) > 0


def _is_cjk(word: str) -> bool:
    """Whether every character of ``word`` is a CJK ideograph (U+4E00–U+9FFF); True for ""."""
    return _CJK_RE.fullmatch(word) is not None


_CJK_RE = re.compile("[\u4e00-\u9fff]*")
_ACRONYM_END_RE = re.compile("(?<![A-Za-z0-9.])[A-Z]{2,}$")


def _is_name_word(word: str) -> bool:
    """Whether ``word`` can be part of what a number counts: CJK ideographs, or Latin letters (新增AED 60台,
    科普e站, APP操作手册)."""
    return _CJK_RE.fullmatch(word) is not None or (word.isascii() and word.isalpha())


# 5名支委中有2人身体欠佳: a part of the total just counted (X中有N …) is named by the total's subject (GUIDE.md: the
# total's subject and the part's own words are both fair; the part's words are often a predicate cut short here)
_PART_OF_TOTAL_RE = re.compile(r"中(?:有|仅有|只有|仅|共有)$")


def _total_named(text: str, total: Found, part: Found, subject: str, own: str) -> str:
    """``subject`` (the total's) when ``part`` follows 中有 (中仅有 …), ``total`` is a count right before it in its
    clause (within 16 characters, no clause mark between) and the part's ``own`` words after it stop short of the
    end of what is said of it (身体|欠佳, 长期|在外地工作); else "" (30户签字同意。: what they did is counted)."""
    between = text[total.end : part.start]
    if total.kind != "count" or len(between) > 16 or not _PART_OF_TOTAL_RE.search(between):
        return ""
    if not _CLAUSE_MARKS.isdisjoint(between):
        return ""
    at = text.find(own, part.end, part.end + len(own) + 3) if own else -1
    cut_short = at == -1 or _is_cjk(text[at + len(own) : at + len(own) + 1])
    return subject if cut_short else ""


def _split_at_average(text: str, found: Found, subject: str) -> str:
    """Whose average and what average: in 17名党员平均年龄48.6岁 the count counts 党员 and the age is 平均年龄 (the
    words up to 平均 are the count's, the rest the measure's). Not 平均水平, a comparison's base."""
    at = subject.find("平均", 2)
    if at == -1 or subject.startswith("水平", at + 2):
        return subject
    where = _subject_near(text, subject, found, 12, or_after=True)
    return subject[:at] if where >= found.end else subject[at:]


# A weekday (周五, 星期一) before what would read as a count (周五|组织 is no 五组).
_WEEKDAY_NUMERALS = frozenset("一二三四五六日天")
_WEEKDAY_BEFORE_RE = re.compile("(?:周|星期|礼拜)$")
_TIMES_UNITS = frozenset(("次", "回", "遍"))


def _announces_list(text: str, found: Found) -> bool:
    """A count that announces the list after it (重点做好四方面工作。一是…; 完成了3项重点工作：一是…): no data
    point."""
    if found.kind != "count" or not (opened := _LIST_OPENED_RE.match(text, found.end)):
        return False
    bare = opened.group(0)[0] in "：:。；;"
    return not bare or _BARE_ANNOUNCER_BEFORE_RE.search(text, max(0, found.start - 2), found.start) is not None


def _preceded_by_arabic(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in _ARABIC_OR_POINT


# (not str.isdigit, which holds list marks such as ① and ⑥ digits: ①1月底前 is a mark, then a deadline)
_ARABIC_OR_POINT = frozenset("0123456789.")


def _starts_with_numeral(word: str) -> bool:
    return "0" <= word[0] <= "9" or word[0] in _CN_DIGIT or word[0] == "十"


# 。4.|2月底前建成…: a list mark, a number and a point opening a clause, before a date
_LIST_MARK_BEFORE_RE = re.compile(r"(?:^|(?<=[；;。：:\n]))[0-9]{1,2}[.．]$")


def _preceded_by_digit(text: str, start: int) -> bool:
    """An Arabic digit, a decimal point or a Chinese numeral right before ``start``."""
    return _preceded_by_arabic(text, start) or (start > 0 and text[start - 1] in _CN_DIGIT)


def _float(value: int | float | None) -> float | None:
    return float(value) if value is not None else None


_THOUSANDS_RE = re.compile(r"(?<=[0-9]),(?=[0-9]{3})")
_RANGE_MARK_RE = re.compile(_RANGE_MARK)
_GE_RE = re.compile("个")
_DEGREES = ("℃", "度", "摄氏度")
_DEGREES_RE = re.compile("度")
_BELOW_ZERO_RE = re.compile(r"(?<![0-9])(零下|-|－)$")
# What follows a number and 班 where they name shifts (三班倒, 四班三运转) or a team or a class (检修二班被评为…)
_SHIFT_OR_TEAM_RE = re.compile("[一二两三四五]?(?:倒|运转)|被|荣获|获|学生|党支部|团支部")
_YEAR_NUMBER_RE = re.compile(rf"(?:19|20)[0-9]{{2}}|[{_CN_DIGIT}]{{4}}")
_PLACES = ("", "十", "百", "千", "万")
_PLAIN_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


# A full-width comma between full-width digits with three after it is a thousands separator (２，３６０人次): the
# writer typed the number in full width throughout; elsewhere ，is a clause mark.
_FULL_WIDTH_THOUSANDS_RE = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


def _half_width(text: str) -> str:
    """``normalize_width(text)``, with a full-width thousands separator made a comma (offsets unchanged)."""
    plain = normalize_width(text)
    if plain is text or "，" not in text:  # no full-width character (most texts): no full-width separator either
        return plain
    return normalize_width(_FULL_WIDTH_THOUSANDS_RE.sub(",", text))


def _number_value(number: str) -> float | None:
    """The value of a number as the guide reads it: ranges by their lower bound (3至5 -> 3, 两三 -> 2),
    近百 -> 100, 十几 -> 10."""
    if _PLAIN_NUMBER_RE.fullmatch(number):  # 12, 2.5: most numbers, read as parse_chinese_number reads them
        return float(number)
    number = number.replace(" ", "")
    if "," in number:
        number = _THOUSANDS_RE.sub("", number)
    parts = _RANGE_MARK_RE.split(number)
    if len(parts) == 2 and all(parts):
        return _float(parse_chinese_number(parts[0]))
    if len(number) in (2, 3) and all(ch in "一两二三四五六七八九" for ch in number[:2]) and number[2:] in _PLACES:
        return _float(parse_chinese_number(number[0] + number[2:]))  # 两三 -> 2, 二三十 -> 20, 五六百 -> 500
    return _float(parse_chinese_number(number))


def _fraction_percent(numerator: str, denominator: str) -> float | None:
    """三分之二 -> 66.67 (percent, two decimals); 万分之三 -> 0.03, 万分之一点二 -> 0.012; None when a part does not
    parse."""
    top, bottom = parse_chinese_number(numerator), 10**4 if denominator == "万" else parse_chinese_number(denominator)
    if top is None or not bottom:
        return None
    return round(top / bottom * 100, 6 if bottom == 10**4 else 2)  # (a ten-thousandth is exact in percent)


def _smaller_unit_after(before: Found, start: int, unit: str, kind: str) -> bool:
    """Whether minutes or seconds starting at ``start`` go on the hours or minutes right before them (1小时40分钟,
    1分钟42秒, 1分30秒: 分 before 秒 is minutes, not a score)."""
    return kind == "duration" and before.end == start and _NEXT_SMALLER_UNIT.get(before.unit) == unit


_NEXT_SMALLER_UNIT = {"小时": "分钟", "个小时": "分钟", "分钟": "秒", "分": "秒"}  # (each a sixtieth of the one before)


def _days_within(text: str) -> list[Found]:
    """Days of a time limit (理赔投诉7日内办结, 30日以内): a duration in 日, not a day of the month."""
    if "日内" not in text and "日以内" not in text:
        return []
    return [
        Found(m.start(), m.end("days"), m.group("days"), _number_value(m.group("number")), "日", "duration")
        for m in _DAYS_WITHIN_RE.finditer(text)
    ]


_DAYS_WITHIN_RE = re.compile(r"(?<![0-9月.])(?P<days>(?P<number>[0-9]+|[一二三四五六七八九十两]+)日)(?=以?内)")


def _consecutive_years(text: str) -> list[Found]:
    """连续第三年: how many years in a row, a duration (the year's ordinal is the count of years so far)."""
    if "连续第" not in text:
        return []
    return [
        Found(m.start(), m.end(), m.group(0), _number_value(m.group("number")), "年", "duration")
        for m in _CONSECUTIVE_YEARS_RE.finditer(text)
    ]


_CONSECUTIVE_YEARS_RE = re.compile(r"(?<=连续)第(?P<number>[0-9]{1,2}|[一二三四五六七八九十]{1,3})年(?![度级])")


def _ratios(text: str) -> list[Found]:
    """Ratios after a word of ratio (警力配比为1:15.5, 岗位供需比1:2.9) or of comparison (低于1:20的标准): ``other``,
    the value the term after 1: (GUIDE.md's settled case 9); not a scale (1:5万地质调查) nor a clock time."""
    if "1:" not in text:
        return []
    ratios = _RATIO_RE.finditer(text)
    return [Found(m.start(), m.end(), m.group(0), float(m.group("term")), "", "other") for m in ratios]


_RATIO_RE = re.compile(
    r"(?:(?<=[比为是到至达由])|(?<=[低高优]于)|(?<=比例)|(?<=[保维]持在))1:(?P<term>[0-9]+(?:\.[0-9]+)?)(?![0-9.:万])"
)


def _festival_deadlines(text: str) -> list[Found]:
    """A festival in quotes with 前 (“五一”前完成验收): a deadline, its quotes in the span (settled case 5)."""
    if "”前" not in text:
        return []
    return [Found(m.start(), m.end(), m.group(0), None, "", "deadline") for m in _FESTIVAL_BEFORE_RE.finditer(text)]


_FESTIVAL_BEFORE_RE = re.compile("“(?:五一|十一|七一|八一|六一|国庆|春节|元旦|端午|中秋|清明)”前(?![后夕])")


# The watchwords of one slogan in quotes, listed with 、, right before a count that sums them (settled case 16: not
# “台账不全”“回访不及时”两个问题, problems each quoted, which are counted)
_SLOGAN_BEFORE_RE = re.compile("(?<!”)“[^“”]{1,6}(?:、[^“”、]{1,6})+”$")


def _summed_slogan(text: str, start: int) -> bool:
    return _SLOGAN_BEFORE_RE.search(text, max(0, start - 24), start) is not None


# A frequency and a doing word right before 一 + a measure word (每季度公示|一次; not 每月最后|一个周五, 每月第一个)
# (每半年对党员示范岗进行|一次: the frequency further back, a verb of holding right before)
_DOING_AT_FREQUENCY_RE = re.compile(
    "每(?:半?年|季度|学期|月|周|天|日|两周|两个月)(?!最后|第)"
    "(?:[\u4e00-\u9fff]{2}|[^，,。；;：:]{1,12}(?:进行|开展|组织|召开|举办|举行))$"
)
# Grades listed side by side (四类、五类危桥, 一类和二类桥梁): each names a grade
_GRADE_LISTED = "[一二三四五六七八九十]类[、和及至或]"  # a grade and the mark that lists the next one
_GRADES_LISTED_RE = re.compile(f"{_GRADE_LISTED}[一二三四五六七八九十]类")
# A reference a figure is compared with (较去年, 比上年同期) before a noun, no change word after it (较去年峰值, not
# 较上年增加 nor 较上年末增长: a change's own subject)
_REFERENCE_BEFORE_NOUN_RE = re.compile(
    "[较比](?:去年|上年|上年度|年初|上月|上半年)(?:同期)?(?=[\u4e00-\u9fff]{2})(?![^，,。；;]*(?:增|减|降|提|升|多|少|缩|扩))"
)

_GRADES_BEFORE_RE = re.compile(f"(?:{_GRADE_LISTED})+$")


def _with_grades_listed(text: str, found: Found, subject: str) -> str:
    """A subject opening with the last of grades listed, with the grades before it (一类、|二类桥梁 -> 一类、二类桥梁):
    the things of every grade listed are meant."""
    return _with_written_before(text, text.rfind(subject, 0, found.start), subject, _GRADES_BEFORE_RE)


def _with_written_before(text: str, at: int, subject: str, before_re: re.Pattern[str]) -> str:
    """``subject``, written at ``at``, with what ``before_re`` finds right before it (within 8 characters)."""
    before = before_re.search(text, max(0, at - 8), at) if at > 0 else None
    return text[before.start() : at] + subject if before else subject

_STATE_OPENERS = frozenset("仍尚正未因")  # (…一项仍在推进中, 尚未完成, 正在整改, 未完成, 因系统调整延后)
# A clock time ending right before a count (8:00、16:00两次)
_CLOCK_BEFORE_RE = re.compile("[0-9]{1,2}:[0-9]{2}$")


def _money(value: float | None, unit: str) -> tuple[float | None, str]:
    """The value in the currency written, its unit the currency (2.5万元 -> 25000 元, 1.37亿美元 -> 137000000 美元)."""
    scale = _MONEY_SCALES.get(unit[0], 1) if len(unit) > 1 else 1
    return (value * scale if value is not None else None), unit[1:] if scale != 1 else unit


_MONEY_SCALES = {"万": 10**4, "亿": 10**8, "千": 10**3, "百": 100}
# A measure with 多 after it (GUIDE.md's settled cases 7 and 8: 多 stays in the span, the unit is the measure's)
_UNIT_OF_MORE = {"个多小时": "小时", "年多": "年", "倍多": "倍"}


# A prize won in a named contest (大赛金奖): the prize is the award, the contest its subject (as 大赛一等奖).
# So is a prize after the team or person who won it (团体银奖: GUIDE.md keeps them out of the span, as in 团体第一名).
_CONTEST_PRIZE_RE = re.compile(r"(?:(?<=赛)|(?<=团体)|(?<=个人))(?:[金银铜]奖|优秀奖)$")


def _ranked(text: str) -> list[Found]:
    """Places right after a verb of ranking (``_RANKED_RE``: 排名第一)."""
    out = []
    for m in _RANKED_RE.finditer(text):
        place = "place" if m.group("place") else "top"
        value = _float(parse_chinese_number(m.group("bare") or m.group("top_bare") or m.group("strong")))
        out.append(Found(m.start(place), m.end(place), m.group(place), value, "", "rank"))
    return out


# A place on a course of study or training won by 入选 (入选国家公派联合培养项目, 入选省级骨干培训班): no title
_PLACE_ON_A_COURSE_RE = re.compile("(?:培训班|研修班|训练营|培养项目|联合培养|研究人员计划|访学)$")

# 被…列为 a title of distinction, named by its head (示范项目, 典型案例, 推荐读物 …; not 列为发展对象, a stage of
# joining the Party, nor 列为基层培训教材): quoted whole (read without its quotes) or with a quoted name inside it
_LISTED_AS_HEADS = "示范项目|项目|典型案例|案例|推荐读物|读物|品牌|示范基地|基地|示范点|样板|标杆"
_LISTED_AS_TITLE_RE = re.compile(
    rf"{_BY_AN_AGENT}列为"
    rf"(?:“(?P<quoted>[^“”，,。；;]{{2,24}}?(?:{_LISTED_AS_HEADS}))”"
    rf"|(?P<title>(?:[^，,。；;：:、！？!?\s“”]|“[^“”]{{1,16}}”){{2,24}}?(?:{_LISTED_AS_HEADS})))"
    r"(?=[，,。；;：:！？!?]|$)"
)


def _award(title: str, start: int) -> Found:
    prize = _CONTEST_PRIZE_RE.search(title)
    if prize:
        start, title = start + prize.start(), prize.group(0)
    grade = _RANK_RE.search(title)
    value = _float(parse_chinese_number(grade.group("grade"))) if grade and grade.group("grade") else None
    unit = "等奖" if grade and grade.group("grade") else ""
    return Found(start, start + len(title), title, value, unit, "rank")


def _subject_near(text: str, subject: str, found: Found, reach: int, or_after: bool = False) -> int:
    """Where ``subject`` stands before ``found`` with at most ``reach`` characters between them, else (with
    ``or_after``) after it as near; -1 where it does not."""
    at = text.rfind(subject, max(0, found.start - len(subject) - reach), found.start)
    if at < 0 and or_after:
        at = text.find(subject, found.end, found.end + len(subject) + reach)
    return at


def _occurrences(text: str, word: str) -> Iterator[int]:
    """The offsets where ``word`` occurs in ``text``."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def _word_ending_at(text: str, words: Tokens, end: int) -> str:
    """The token of ``words`` (sorted, not overlapping) that ends at ``end``, or ""."""
    k = bisect_right(words, (end, end)) - 1
    while k >= 0 and words[k][1] > end:
        k -= 1
    return text[words[k][0] : end] if k >= 0 and words[k][1] == end else ""


def _shifted(found: Found, end: int) -> Found:
    """``found`` read as if it ended at ``end`` (past a 的 that ties it to the noun after it)."""
    return Found(found.start, end, found.text, found.value, found.unit, found.kind, found.subject)


# The words that make 一年, 一个月 … a length of time spent, not "a year" (a duration of one otherwise needs a clause's
# end or a word of ``one_counts_after``)
_ONE_SPAN_AFTER = ("以上", "左右", "时间", "的时间")
_ONE_SPAN_BEFORE = ("经过", "用", "历时", "为期", "耗时", "花了", "长达", "满")


def _subject_before_in_sentence(text: str, points: Sequence[Found], n: int) -> str:
    """Where the rules found no words for a point, the subject of the nearest point before it in its sentence (粮食
    总产量达到7.38万吨，连续5年稳定在|7万吨|以上; 示范田平均亩产达到512公斤，比2022年的|286公斤|提高了近八成):
    most such points restate or compare the figure before them, and no subject is never right."""
    start = points[n].start
    for earlier in reversed(points[:n]):
        if _SENTENCE_END_RE.search(text, earlier.end, start):
            return ""
        if earlier.subject and earlier.subject != points[n].text:  # (1人入选|省级青年岐黄人才: not the title itself)
            return earlier.subject
    return ""


def _without_edge_words(text: str, words: Tokens, found: Found) -> str:
    """``found``'s subject without a word of time or a linking adverb at either edge, where it is a token of its own
    and more is left (今年|台风季, 并|开展, 林场森林公园|同年, 工作室|也): no annotated subject of the tuning sets
    starts or ends so but a handful (今年 1 of 41,504)."""
    around = around_subject(text, words, words.starts, words.ends, found, "")
    if around is None:
        return found.subject
    i, j = around.i, around.j
    if j - i > 1 and around.token(i) in _EDGE_WORDS_FIRST:
        i += 1
    if j - i > 1 and around.token(j - 1) in _EDGE_WORDS_LAST:
        j -= 1
    return text[words[i][0] : words[j - 1][1]]


def _bracketed_alternative_after(text: str, found: Found, subject: str) -> str:
    """The alternative in brackets right after ``subject``, the things a count counts (186个村|（社区）, 9个县|（市、
    区）, 14个乡镇|（街道）), which names them with it: the annotators keep it (村（社区）), "" where there is none.
    With the noun after it where the count is of a group a part is picked from (46个乡镇|（街道）红十字会|中…)."""
    if not subject or not text.startswith(subject, found.end):
        return ""
    alternative = _BRACKETED_ALTERNATIVE_RE.match(text, found.end + len(subject))
    return alternative.group(0) if alternative else ""


_BRACKETED_ALTERNATIVE_RE = re.compile(
    r"（[\u4e00-\u9fff]{1,3}(?:、[\u4e00-\u9fff]{1,3}){0,2}）(?:[\u4e00-\u9fff]{2,4}?(?=中(?![心国学队医层级期午间旬部药])))?"
)
_EDGE_WORDS_FIRST = ("今年", "明年", "年内", "同年", "同时", "并")
_EDGE_WORDS_LAST = ("今年", "同年", "也", "又", "共", "已", "其中", "此")


def _with_subject(found: Found, subject: str) -> Found:
    return Found(found.start, found.end, found.text, found.value, found.unit, found.kind, subject)

