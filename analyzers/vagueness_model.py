"""The vagueness classifier: how likely a sentence of a 述职报告 is 表面化 (vague) rather than concrete, 0..1.

Vague and concrete are defined in ``corpora/labelled/GUIDE.md``: a concrete sentence holds a specific fact
(a number with its unit, a date or deadline, a named event, document, person or partner, a checkable
outcome); a vague one only asserts effort, degree or attitude.

Features (``analyzers.linear_model``): the tf-idf of character 1-3-grams of the prepared sentence (half-width,
every number written ``0``), plus a few dense features our own code computes from the sentence the same
way at training and prediction time (``read_facts``): data points (a number with a unit, Arabic,
full-width or Chinese numerals, after masking numbered formulas such as 三会一课 and 两个维护), dates and
deadlines, a year alone, named things (《…》, named people and partners), quoted names, checkable
outcomes (获评, 入选 …), frequencies (每季度), numbered formulas, the lexicon's hits per category
(``corpora/lexicons/vague.yaml``) and the length. A logistic regression (class_weight balanced, C chosen by
cross-validation) turns them into P(vague); a sentence is vague when it reaches the threshold chosen on
the training part, which the meta file keeps.

``python -m analyzers.vagueness_model train`` rebuilds ``models/vagueness.npz`` (plain arrays, loaded with
``allow_pickle=False``), ``models/vagueness.meta.json`` and ``models/vagueness.CARD.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from analyzers.labels import CN_DIGITS, parse_label
from analyzers.lexicons import LexiconHit, VagueLexicon
from analyzers.linear_model import (
    LinearTextModel,
    ModelError,
    char_tfidf,
    file_sha256,
    labelled_lines,
    meta_path,
    softmax,
    stratified_split,
)
from analyzers.number_formulas import FORMULAS_PATH, NumberFormulas, default_formulas
from analyzers.text import normalize_width
from analyzers.wording import scanner, sparse_scanner

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "corpora" / "labelled"
DATA_GLOB = "vagueness-*.jsonl"
MODEL_PATH = ROOT / "models" / "vagueness.npz"
TRAIN_COMMAND = "python -m analyzers.vagueness_model train"

LABELS = ("concrete", "vague")
SECTIONS = ("achievements", "highlights", "problems", "plans")
NGRAM_RANGE = (1, 3)
MIN_DF = 2  # an n-gram seen in one sentence only says nothing about the next report
SEED = 20221122
TEST_SIZE = 0.2
STRATUM_MIN = 5
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)  # chosen by 5-fold cross-validation on the training 80%
THRESHOLDS = tuple(round(0.25 + 0.01 * i, 2) for i in range(51))  # 0.25 .. 0.75, chosen on the training 80%
CV_FOLDS = 5


# ---------------------------------------------------------------------------------------------------
# Facts: what our own code reads in a sentence (dense features and the reasons shown to the user)
# ---------------------------------------------------------------------------------------------------


_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_NUM = rf"(?:[0-9]+(?:[.,][0-9]+)*|[{_CN_NUM}]+)"
# Units that count something real; longest first so that 万元 wins over 万 and 人次 over 人.
_UNITS = sorted(
    (
        "人次 万元 亿元 千元 元 万人 余人 个月 课时 学时 小时 分钟 平方米 公里 公顷 次 场 期 名 人 位 个 项 篇"
        " 条 份 本 家 所 门 节 天 周 户 批 届 支 处 件 套 台 间 座 米 亩 吨 轮 组 堂 讲 部 首 幅 张 册 万 亿 倍 分"
        " 笔 棵 箱 袋 岁 年 % ‰ 种 类 块 辆 例 床 台次 门次 人天 篇次 户次"
    ).split(),
    key=len,
    reverse=True,
)
_DATA_RE = re.compile(
    rf"[百千]分之[{_CN_NUM}点]+"
    rf"|(?<![0-9.,{_CN_NUM}第])(?P<num>{_NUM})(?:余|多|来)?(?P<unit>{'|'.join(map(re.escape, _UNITS))})"
    rf"|(?:排名|排|名列|位列|位居|居)第{_NUM}|第{_NUM}(?:名|位)"
)
# A year (2022年, 二〇二二年), looked for from the 年 back: re then tries it at each 年 only.
_YEAR_RE = re.compile(r"年(?<=(?:(?<![0-9])(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})年)")
_DATE_RE = re.compile(
    rf"(?<![0-9{_CN_NUM}个])(?:[0-9]{{1,2}}|十[一二]?|[一二三四五六七八九])月(?!份?以来)"
    r"|[0-9]{1,2}[日号](?![常])"
    r"|第?[一二三四1-4][季]度|[上下]半年|[上下]学期|年底前?|年末|年中|月底前?|月中旬|上旬|下旬|学期末|学期初"
    r"|寒假|暑假|春节|国庆|七一|五四|清明|元旦|开学初"
)
# Every date holds one of these words. Most sentences have none, and re looks for them much faster than for dates.
_DATE_WORD_RE = re.compile("月|日|号|季度|半年|学期|年底|年末|年中|旬|寒假|暑假|春节|国庆|七一|五四|清明|元旦|开学初")
_FREQUENCY_RE = re.compile(r"每(?:个)?(?:月|季度|季|周|学期|半年|年度|年|两周|两个月|天|日)")
_BOOK_RE = re.compile(r"《[^《》]{2,40}》")
_QUOTE_RE = re.compile(r"[“\"「『]([^“”\"「」『』]{2,30})[”\"」』]")
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧温蒙殷乔施洪庞"
)
_TITLES = (
    "书记|委员|主任|同志|老师|教师|教授|院长|校长|支委|队长|组长|主席|医生|护士长|党员|学生|专家|经理|站长|部长|村民|居民"
)
_PERSON_RE = re.compile(
    rf"(?:{_TITLES})[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?(?=同志|负责|牵头|带领|主讲|讲授|作|为|等|、|，|。|；|和|与|$)"
    rf"|[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}同志"
)
# What every named person holds: a title before a surname, or 同志. Most sentences have neither, and re looks for
# them much faster (each alternative opens with a character) than for people.
_PERSON_WORDS_RE = re.compile("|".join(f"{title}[{_SURNAMES}]" for title in _TITLES.split("|")) + "|同志")
_PARTNER_RE = re.compile(
    r"(?:与|同|和|赴|到|在|走访|联合|携手|邀请|联系)[\u4e00-\u9fff]{2,12}?"
    r"(?:党支部|党委|党总支|公司|集团|社区|村委会|街道|医院|学院|大学|中学|小学|幼儿园|研究所|研究院|纪念馆|博物馆|展览馆|基地|银行|法院|检察院|派出所)"
)
_OUTCOME_RE = re.compile(
    r"获评|荣获|获得[^，。；]{0,12}(?:奖|称号|荣誉|表彰|立项)|被评为|评为|入选|获批|授予|通过[^，。；]{0,10}验收|获[^，。；]{0,8}奖"
    r"|立项|发表|出版|签订|签署|建成|完成[^，。；]{0,10}(?:验收|换届|转正)|转正|零投诉|未发生"
)

# The patterns that open with lookbehinds or alternatives, scanned from the characters they can start with.
_find_data, _find_persons = scanner(_DATA_RE), scanner(_PERSON_RE)
_find_dates = sparse_scanner(_DATE_RE)


@dataclass(frozen=True)
class Facts:
    """The specific facts (and the signs of their absence) our own code finds in one sentence."""

    data_points: tuple[str, ...] = ()  # 12次, 2.5万元, 100%, 排名第3
    dates: tuple[str, ...] = ()  # 6月, 10月16日, 年底前, 第一季度
    year_only: bool = False  # 2022年 with no month or deadline
    named: tuple[str, ...] = ()  # 《…》, 组织委员李敏, 与南岭重工技术中心党支部
    quoted: tuple[str, ...] = ()  # “红色引擎” (a name or a slogan)
    outcomes: tuple[str, ...] = ()  # 获评, 入选, 签订
    frequency: bool = False  # 每季度, 每月
    formulas: tuple[str, ...] = ()  # 三会一课, 两个维护, 一是
    hits: tuple[LexiconHit, ...] = field(default=())
    length: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.data_points)

    @property
    def has_time(self) -> bool:
        return bool(self.dates)

    @property
    def has_name(self) -> bool:
        return bool(self.named or self.outcomes)


def read_facts(text: str, lexicon: VagueLexicon | None = None, formulas: NumberFormulas | None = None) -> Facts:
    """The facts of one sentence: regexes over the half-width text with numbered formulas masked."""
    hits = lexicon.find(text) if lexicon is not None else ()
    return _read_facts(text, normalize_width(text), hits, formulas or default_formulas())


def read_all_facts(
    texts: Sequence[str], lexicon: VagueLexicon | None = None, formulas: NumberFormulas | None = None
) -> list[Facts]:
    """``read_facts`` of each of ``texts``; the lexicon looks at all of them at once (faster)."""
    return _read_all_facts(texts, [normalize_width(text) for text in texts], lexicon, formulas or default_formulas())


def _read_all_facts(
    texts: Sequence[str], plains: Sequence[str], lexicon: VagueLexicon | None, formulas: NumberFormulas
) -> list[Facts]:
    hits = lexicon.find_many(texts) if lexicon is not None else [()] * len(texts)
    return [_read_facts(*each, formulas) for each in zip(texts, plains, hits, strict=True)]


def _read_facts(text: str, plain: str, hits: Sequence[LexiconHit], formulas: NumberFormulas) -> Facts:
    """The facts of ``text``, whose half-width form is ``plain``, with the lexicon's ``hits`` in it."""
    masked, found = formulas.mask(plain)
    data = [m.group(0) for m in _find_data(masked) if not _not_a_count(m)]
    dates = [m.group(0) for m in _find_dates(masked)] if _DATE_WORD_RE.search(masked) else []
    named = [m.group(0) for m in _BOOK_RE.finditer(plain)]
    if _PERSON_WORDS_RE.search(masked):
        named += [m.group(0) for m in _find_persons(masked)]
    named += [m.group(0) for m in _PARTNER_RE.finditer(masked)]
    quoted = [m.group(1) for m in _QUOTE_RE.finditer(masked) if m.group(1).count("□") * 2 < len(m.group(1))]
    return _new_facts(
        data_points=tuple(data),
        dates=tuple(dates),
        year_only=not dates and _YEAR_RE.search(masked) is not None,
        named=tuple(named),
        quoted=tuple(quoted),
        outcomes=tuple(m.group(0) for m in _OUTCOME_RE.finditer(masked)),
        frequency=bool(_FREQUENCY_RE.search(masked)),
        formulas=found,
        hits=tuple(hits),
        length=len(text),
    )


def _new_facts(**fields: Any) -> Facts:
    """``Facts(**fields)`` with every field given, in half the time: the __init__ of a frozen dataclass sets each
    field through ``object.__setattr__``, and there is one Facts for every sentence."""
    facts = object.__new__(Facts)
    facts.__dict__.update(fields)
    return facts


def _not_a_count(match: re.Match[str]) -> bool:
    """Numbers with a unit that are not counts: 一个, 一次, 一名 … (mostly idiom: 进行了一次深刻的洗礼; 一 with
    money or % is kept), a year (2022年, which is a date), 十分 (very)."""
    num, unit = match.group("num"), match.group("unit")
    if num is None:
        return False
    if num == "一":
        return unit not in ("万元", "元", "%", "万人")
    if unit == "年":
        return len(num) == 4 and (num.isdigit() or all(ch in "〇零一二三四五六七八九" for ch in num))
    return num == "十" and unit == "分"


# Reasons: short Chinese strings a secretary can act on (SentenceScore.reasons, shown in vague.sentence).
NO_DATA = "无数据"
NO_NAME = "无具体事件/名称"
NO_TIME = "无时间"
YEAR_ONLY = "只有年份，无具体时间"


def reasons(facts: Facts, lexicon: VagueLexicon | None = None) -> list[str]:
    """Why a sentence reads as vague: the lexicon entries it hits, numbered formulas that are not data, and
    the kinds of fact it lacks (无数据, 无具体事件/名称, 无时间)."""
    out: list[str] = []
    seen: set[str] = set()
    for hit in facts.hits:
        if hit.entry_id not in seen:
            seen.add(hit.entry_id)
            out.append(hit_reason(hit, lexicon))
    for formula in dict.fromkeys(facts.formulas):
        if not formula.endswith("是"):  # 一是、二是 are list openers, not worth a reason of their own
            out.append(f"“{formula}”是固定提法，不是数据")
    if not facts.has_data:
        out.append(NO_DATA)
    if not facts.has_name:
        out.append(NO_NAME)
    if not facts.has_time:
        out.append(YEAR_ONLY if facts.year_only else NO_TIME)
    return out


def hit_reason(hit: LexiconHit, lexicon: VagueLexicon | None = None) -> str:
    """One lexicon hit as a short reason: the words and what kind of 套话 they are (“进一步加强”：空洞动词)."""
    name = lexicon.category_name(hit.category) if lexicon is not None and hit.category in lexicon.categories else "套话"
    return f"“{hit.matched}”：{name}"


def hit_suggestion(hit: LexiconHit, lexicon: VagueLexicon | None = None) -> str | None:
    """What the lexicon entry hit suggests writing instead."""
    if lexicon is None:
        return None
    try:
        return lexicon.entry(hit.entry_id).suggestion
    except KeyError:
        return None


BASE_FEATURES = (
    "data_points",
    "dates",
    "year_only",
    "named",
    "quoted",
    "outcomes",
    "frequency",
    "formulas",
    "no_fact",
)


def feature_names(categories: Iterable[str]) -> tuple[str, ...]:
    """The dense features of a model whose lexicon has these categories (the stored ``dense_names``)."""
    return (*BASE_FEATURES, *(f"lex:{c}" for c in sorted(set(categories))))


def dense_features(facts: Sequence[Facts], names: Sequence[str]) -> np.ndarray:
    """The dense feature matrix (sentences x ``names``); counts are capped so that no one feature dominates."""
    column = {name: j for j, name in enumerate(names)}
    rows = []  # lists, made an array at the end: a numpy row costs more to fill
    for f in facts:
        row = [0.0] * len(names)
        rows.append(row)
        row[column["data_points"]] = min(len(f.data_points), 3)
        row[column["dates"]] = min(len(f.dates), 2)
        row[column["year_only"]] = float(f.year_only)
        row[column["named"]] = min(len(f.named), 2)
        row[column["quoted"]] = min(len(f.quoted), 2)
        row[column["outcomes"]] = min(len(f.outcomes), 2)
        row[column["frequency"]] = float(f.frequency)
        row[column["formulas"]] = min(len(f.formulas), 2)
        no_fact = not (f.data_points or f.dates or f.named or f.outcomes)
        row[column["no_fact"]] = float(no_fact)
        if not no_fact:
            # 套话 beside a fact does not make a sentence vague (GUIDE.md: judge what the sentence claims). In
            # our corpus the lexicon alone nearly separates the labels, so counted everywhere it taught the
            # model that any 套话 means vague, and long real sentences with 严格落实 … 全年21次 were flagged;
            # counted only where no fact is found it lifted the sample reports' F1 from 0.90 to 0.92.
            continue
        for category, n in Counter(h.category for h in f.hits).items():
            j = column.get(f"lex:{category}")
            if j is not None:
                row[j] = min(n, 2)
    return np.array(rows, dtype=np.float64).reshape(len(facts), len(names))


# ---------------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------------

_LABEL_STARTS = frozenset("第（(0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + CN_DIGITS)
_DIGITS_RE = re.compile(r"[0-9][0-9]*(?:\.[0-9]+)?")  # one digit first: re then looks for digits by itself


def prepare(text: str) -> str:
    """The text the n-grams are taken from: half-width, no leading numbering label, numbers as "0", no spaces,
    lower case. ``"（一）２０２３年3月底前完成"`` -> ``"0年0月底前完成"``."""
    return _prepare(normalize_width(text))


def _prepare(plain: str) -> str:
    """``prepare`` of a text whose half-width form is ``plain``."""
    text = plain.strip()
    label = parse_label(text) if text[:1] in _LABEL_STARTS else None
    if label is not None:
        text = text[len(label.text) :]
    text = _DIGITS_RE.sub("0", text)
    return "".join(text.split()).lower()  # str.split's whitespace is re's \s


@dataclass(frozen=True, eq=False)
class VaguenessModel(LinearTextModel):
    """P(vague) of each sentence, in one batch; ``threshold`` (from the meta) decides ``vague``."""

    threshold: float = 0.5

    @classmethod
    def load(cls, path: str | Path | None = None) -> VaguenessModel:
        """The model stored at ``path`` (default ``models/vagueness.npz``), loaded once per process."""
        return _load_cached(Path(path or MODEL_PATH).resolve())

    @classmethod
    def from_arrays(cls, path: Path, train_command: str = TRAIN_COMMAND) -> VaguenessModel:
        model = super().from_arrays(path, train_command)
        if model.classes != LABELS or not set(BASE_FEATURES) <= set(model.dense_names):
            raise ModelError(f"{path}: not a vagueness model (classes {model.classes}, features {model.dense_names})")
        threshold = float((model.meta or {}).get("threshold", 0.5))
        return cls(**{**_fields(model), "threshold": threshold})

    @property
    def categories(self) -> tuple[str, ...]:
        """The lexicon categories the model has a feature for."""
        return tuple(n[4:] for n in self.dense_names if n.startswith("lex:"))

    def vagueness(self, texts: Sequence[str], facts: Sequence[Facts]) -> np.ndarray:
        """P(vague) for each sentence, given its ``read_facts``."""
        return self._vagueness([prepare(t) for t in texts], facts)

    def _vagueness(self, prepared: Sequence[str], facts: Sequence[Facts]) -> np.ndarray:
        """``vagueness`` of sentences already ``prepare``d."""
        if not prepared:
            return np.zeros(0)
        dense = dense_features(facts, self.dense_names)
        return softmax(self.scores(prepared, dense))[:, 1]


@cache
def _load_cached(path: Path) -> VaguenessModel:
    return VaguenessModel.from_arrays(path)


@dataclass(frozen=True)
class Scored:
    vagueness: float
    vague: bool
    facts: Facts


@dataclass(frozen=True, eq=False)
class VaguenessScorer:
    """The model with the lexicon and formulas it was trained with: sentences -> scores and facts, one batch."""

    model: VaguenessModel
    lexicon: VagueLexicon | None
    formulas: NumberFormulas

    @classmethod
    def load_default(cls) -> VaguenessScorer | None:
        """The shipped model with the shipped lexicon (loaded once per process), or None when the model has
        not been trained."""
        return _default_scorer()

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def score(self, texts: Sequence[str]) -> list[Scored]:
        plains = [normalize_width(text) for text in texts]
        facts = _read_all_facts(texts, plains, self.lexicon, self.formulas)
        probs = self.model._vagueness([_prepare(plain) for plain in plains], facts)
        return [Scored(float(p), bool(p >= self.threshold), f) for p, f in zip(probs, facts, strict=True)]


@cache
def _default_scorer() -> VaguenessScorer | None:
    try:
        model = VaguenessModel.load()
    except ModelError:
        return None
    return VaguenessScorer(model, default_lexicon(), default_formulas())


def default_lexicon() -> VagueLexicon:
    """The shipped vague-wording lexicon (``corpora/lexicons/vague.yaml``), loaded once per process."""
    return VagueLexicon.load_default()


# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: str  # vague | concrete
    section: str = ""
    branch: str = ""
    hard: bool = False
    source: str = ""  # the file it came from (one writer each)


def read_examples(path: Path) -> list[Example]:
    """Lines of ``{"id", "text", "label", "section", "branch", "year", "hard"}``; a bad line is an error naming it."""
    return [
        Example(
            id=str(record.get("id", number)),
            text=record["text"],
            label=record["label"],
            section=str(record.get("section", "")),
            branch=str(record.get("branch", "")),
            hard=bool(record.get("hard", False)),
            source=path.name,
        )
        for number, record in labelled_lines(path, LABELS)
    ]


def data_files(folder: Path = LABELLED) -> list[Path]:
    return sorted(folder.glob(DATA_GLOB))


# ---------------------------------------------------------------------------------------------------
# Training (imports scikit-learn; prediction above never does)
# ---------------------------------------------------------------------------------------------------


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    c: float,
    lexicon: VagueLexicon | None = None,
    formulas: NumberFormulas | None = None,
    categories: Iterable[str] | None = None,
    min_df: int = MIN_DF,
) -> tuple[VaguenessModel, Any]:
    """(our array model, scikit-learn's pipeline) fitted on ``texts``; both give the same probabilities.

    The pipeline is a FeatureUnion of the tf-idf vectorizer and our dense features (``read_facts``), then a
    logistic regression; ``categories`` are the lexicon categories with a feature (default: those hit in
    ``texts``).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    formulas = formulas or default_formulas()
    if categories is None:
        categories = {h.category for t in texts for h in read_facts(t, lexicon, formulas).hits}
    names = feature_names(categories)

    def dense(batch: Sequence[str]) -> np.ndarray:
        return dense_features([read_facts(t, lexicon, formulas) for t in batch], names)

    vectorizer = char_tfidf(NGRAM_RANGE, min_df, preprocessor=prepare)
    union = FeatureUnion([("ngrams", vectorizer), ("facts", FunctionTransformer(dense))])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    pipeline = make_pipeline(union, model)
    pipeline.fit(list(texts), list(labels))
    return VaguenessModel.from_sklearn(vectorizer, model, dense_names=names), pipeline


def _out_of_fold(
    examples: Sequence[Example], c: float, seed: int, lexicon: VagueLexicon | None, categories: Iterable[str]
) -> np.ndarray:
    """P(vague) of each example from a model that did not see it (stratified k-fold)."""
    from sklearn.model_selection import StratifiedKFold

    labels = [e.label for e in examples]
    folds = min(CV_FOLDS, min(Counter(labels).values()))
    probs = np.zeros(len(examples))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(labels, labels):
        model, _ = fit([examples[i].text for i in train_idx], [labels[i] for i in train_idx], c, lexicon,
                       categories=categories)  # fmt: skip
        test = [examples[i] for i in test_idx]
        probs[test_idx] = _vagueness(model, [e.text for e in test], lexicon)
    return probs


def _vagueness(model: VaguenessModel, texts: Sequence[str], lexicon: VagueLexicon | None) -> np.ndarray:
    formulas = default_formulas()
    return model.vagueness(texts, [read_facts(t, lexicon, formulas) for t in texts])


def prf(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, Any]:
    """Precision, recall and F1 of the ``vague`` class."""
    truth, predicted = [bool(t) for t in truth], [bool(p) for p in predicted]
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    correct = sum(t == p for t, p in zip(truth, predicted, strict=True))
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round(correct / len(truth), 4) if truth else 0.0,
        "support": tp + fn,
        "n": len(truth),
    }


def best_threshold(truth: Sequence[bool], probs: np.ndarray, grid: Sequence[float] = THRESHOLDS) -> float:
    """The threshold of ``grid`` with the best F1 of the vague class (ties: the one nearest 0.5)."""
    best, best_key = 0.5, (-1.0, 0.0)
    for t in grid:
        f1 = prf(truth, [bool(p >= t) for p in probs])["f1"]
        key = (f1, -abs(t - 0.5))
        if key > best_key:
            best, best_key = t, key
    return float(best)


def choose_c(
    examples: Sequence[Example],
    seed: int,
    lexicon: VagueLexicon | None,
    categories: Iterable[str],
    grid: Sequence[float],
) -> tuple[float, dict[str, float]]:
    """The C of ``grid`` with the best cross-validated F1 (vague class, threshold 0.5); ties: the smaller."""
    truth = [e.label == "vague" for e in examples]
    scores: dict[str, float] = {}
    best, best_f1 = grid[0], -1.0
    for c in grid:
        if len(grid) == 1:
            break
        probs = _out_of_fold(examples, c, seed, lexicon, categories)
        f1 = prf(truth, [bool(p >= 0.5) for p in probs])["f1"]
        scores[f"{c:g}"] = f1
        if f1 > best_f1 + 1e-9:
            best, best_f1 = c, f1
    return best, scores


@dataclass(frozen=True)
class TrainResult:
    model: VaguenessModel
    meta: dict[str, Any]


def _errors(examples: Sequence[Example], probs: np.ndarray, threshold: float, limit: int = 12) -> list[dict[str, Any]]:
    """The held-out sentences the model got wrong, most confident first."""
    wrong = [(e, float(p)) for e, p in zip(examples, probs, strict=True) if (p >= threshold) != (e.label == "vague")]
    wrong.sort(key=lambda ep: -abs(ep[1] - threshold))
    return [
        {"id": e.id, "text": e.text, "truth": e.label, "vagueness": round(p, 3), "hard": e.hard, "section": e.section}
        for e, p in wrong[:limit]
    ]


def _breakdown(
    examples: Sequence[Example], probs: np.ndarray, threshold: float, key: str
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        groups.setdefault(str(getattr(e, key)), []).append(i)
    return {
        g: prf([examples[i].label == "vague" for i in idx], [bool(probs[i] >= threshold) for i in idx])
        for g, idx in sorted(groups.items())
    }


def train(
    examples: Sequence[Example],
    seed: int = SEED,
    grid: Sequence[float] = C_GRID,
    lexicon: VagueLexicon | None = None,
    data: Sequence[dict[str, Any]] = (),
    lexicon_info: dict[str, Any] | None = None,
    cross_writer: bool = True,
) -> TrainResult:
    """Held-out figures from a stratified 80/20 split, then the shipped model fitted on all examples.

    C is chosen by cross-validation on the training 80%, and the threshold on its out-of-fold
    probabilities; the held-out 20% is only used to report figures. The shipped model is refitted on all
    examples with the same C and threshold.
    """
    import sklearn

    if {e.label for e in examples} != set(LABELS):
        raise ValueError(f"training needs examples of both labels {LABELS}")
    formulas = default_formulas()
    categories = sorted({h.category for e in examples for h in read_facts(e.text, lexicon, formulas).hits})
    labels, branches = [e.label for e in examples], [e.branch for e in examples]
    train_idx, test_idx, stratified = stratified_split(labels, branches, seed, TEST_SIZE, STRATUM_MIN)
    train_part = [examples[i] for i in train_idx]
    test_part = [examples[i] for i in test_idx]
    c, cv_f1 = choose_c(train_part, seed, lexicon, categories, grid)
    oof = _out_of_fold(train_part, c, seed, lexicon, categories)
    threshold = best_threshold([e.label == "vague" for e in train_part], oof)
    held_model, _ = fit([e.text for e in train_part], [e.label for e in train_part], c, lexicon, categories=categories)
    probs = _vagueness(held_model, [e.text for e in test_part], lexicon)
    truth = [e.label == "vague" for e in test_part]
    held_out = prf(truth, [bool(p >= threshold) for p in probs])
    hard = [i for i, e in enumerate(test_part) if e.hard]
    held_meta = {
        **held_out,
        "at_0.5": prf(truth, [bool(p >= 0.5) for p in probs]),
        "hard": prf([truth[i] for i in hard], [bool(probs[i] >= threshold) for i in hard]),
        "not_hard": prf([truth[i] for i in range(len(truth)) if i not in set(hard)],
                        [bool(probs[i] >= threshold) for i in range(len(truth)) if i not in set(hard)]),  # fmt: skip
        "by_section": _breakdown(test_part, probs, threshold, "section"),
        "by_branch": _breakdown(test_part, probs, threshold, "branch"),
        "errors": _errors(test_part, probs, threshold),
    }
    writers = sorted({e.source for e in examples})
    across = None
    if cross_writer and len(writers) == 2:
        across = {}
        for train_on, test_on in (writers, writers[::-1]):
            tr = [e for e in examples if e.source == train_on]
            te = [e for e in examples if e.source == test_on]
            model, _ = fit([e.text for e in tr], [e.label for e in tr], c, lexicon, categories=categories)
            p = _vagueness(model, [e.text for e in te], lexicon)
            truth_te = [e.label == "vague" for e in te]
            across[f"{train_on} -> {test_on}"] = prf(truth_te, [bool(x >= threshold) for x in p])
    model, _ = fit([e.text for e in examples], labels, c, lexicon, categories=categories)
    meta = {
        "data": {
            "files": list(data),
            "examples": len(examples),
            "labels": dict(Counter(labels).most_common()),
            "hard": sum(e.hard for e in examples),
            "sections": dict(Counter(e.section for e in examples).most_common()),
            "branches": dict(Counter(e.branch for e in examples).most_common()),
        },
        "lexicon": lexicon_info,
        "formulas": {
            "path": _shown(FORMULAS_PATH),
            "sha256": file_sha256(FORMULAS_PATH),
            "fingerprint": formulas.fingerprint(),
        },
        "model": {
            "features": f"char {NGRAM_RANGE[0]}-{NGRAM_RANGE[1]}-grams, tf-idf (sublinear tf, smooth idf, l2), "
            f"min_df={MIN_DF}; dense features from read_facts()",
            "dense_features": list(model.dense_names),
            "classifier": "LogisticRegression (lbfgs, class_weight=balanced)",
            "C": c,
            "C_grid": list(grid),
            "cv_f1_by_C": cv_f1,
            "vocabulary": len(model.vocabulary),
            "classes": list(model.classes),
        },
        "threshold": threshold,
        "threshold_chosen_on": "out-of-fold probabilities of the training 80% (best F1 of the vague class)",
        "split": {
            "seed": seed,
            "test_size": TEST_SIZE,
            "train": len(train_idx),
            "test": len(test_idx),
            "stratified": stratified,
        },
        "held_out": held_meta,
        "cross_writer": across,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return TrainResult(VaguenessModel(**{**_fields(model), "threshold": threshold}), meta)


def _fields(model: LinearTextModel) -> dict[str, Any]:
    return {
        "vocabulary": model.vocabulary,
        "idf": model.idf,
        "weights": model.weights,
        "intercept": model.intercept,
        "classes": model.classes,
        "ngram_range": model.ngram_range,
        "dense_names": model.dense_names,
        "meta": model.meta,
    }


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------------
# The card
# ---------------------------------------------------------------------------------------------------


def _prf_row(name: str, m: dict[str, Any]) -> str:
    return f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['accuracy']:.3f} | {m['n']} |"


def card(meta: dict[str, Any]) -> str:
    data, model, held, sp = meta["data"], meta["model"], meta["held_out"], meta["split"]
    lexicon = meta.get("lexicon") or {}
    head = "| sentences | precision | recall | F1 | accuracy | n |"
    rule = "|---|---:|---:|---:|---:|---:|"
    lines = [
        "# Model card: vagueness classifier (`models/vagueness.npz`)",
        "",
        "Scores each sentence of a 述职报告 0..1: how likely it is 表面化 (vague) rather than concrete, as",
        "`corpora/labelled/GUIDE.md` defines them. `analyzers/checks/vagueness.py` flags the sentences at or",
        f"above the threshold ({meta['threshold']:.2f}) as `vague.sentence` and fills `Report.sentences`.",
        "",
        f"Rebuild: `{TRAIN_COMMAND}` (writes this card, the .npz and the .meta.json; `make train`).",
        "",
        "## Data",
        "",
        *(f"- `{f['path']}`: {f['examples']} sentences, sha256 `{f['sha256']}`" for f in data["files"]),
        f"- {data['examples']} sentences in all, {data['hard']} marked hard (numbers that carry no information,",
        "  concrete-sounding slogans, concrete sentences without digits, a year alone ...), all written and",
        "  labelled for this project under the guide, one writer per file.",
        f"- Labels: {', '.join(f'{k} {v}' for k, v in data['labels'].items())}.",
        f"- Sections: {', '.join(f'{k} {v}' for k, v in data['sections'].items())}.",
        f"- Branches: {', '.join(f'{k} {v}' for k, v in data['branches'].items())}.",
        "",
        "## Model",
        "",
        f"- Features: {model['features']}; {model['vocabulary']} n-grams.",
        "- Text prepared by `prepare()`: half-width, leading numbering label removed, every number written",
        "  `0`, spaces removed, lower case.",
        f"- Dense features (`read_facts()`, our own regexes, the same code at training and prediction): "
        f"{', '.join(f'`{n}`' for n in model['dense_features'])}.",
        f"- Numbered formulas masked before numbers are counted: `{meta['formulas']['path']}`"
        f" (sha256 `{meta['formulas']['sha256'][:12]}…`).",
        (
            f"- Lexicon: `{lexicon.get('path')}` (sha256 `{str(lexicon.get('sha256'))[:12]}…`), "
            f"{lexicon.get('entries', '?')} entries, {lexicon.get('wordings', '?')} wordings; hits counted per"
            " category, in sentences without a fact."
            if lexicon
            else "- Lexicon: none was available when this model was trained (no `lex:` features)."
        ),
        f"- Classifier: {model['classifier']}; C = {model['C']:g}, chosen from {model['C_grid']} by stratified",
        f"  {CV_FOLDS}-fold cross-validation on the training 80% (F1 of the vague class: "
        f"{', '.join(f'{k}: {v:.3f}' for k, v in model['cv_f1_by_C'].items()) or 'one value'}).",
        f"- Threshold {meta['threshold']:.2f}: {meta['threshold_chosen_on']}.",
        "- Stored as plain arrays (vocabulary, idf, coef, intercept, classes, n-gram range, dense feature",
        "  names) in an .npz loaded with `allow_pickle=False`; prediction is reimplemented with numpy and tested",
        "  against scikit-learn's probabilities.",
        f"- Trained {meta['trained']} with scikit-learn {meta['sklearn']}, numpy {meta['numpy']}. The shipped model",
        "  is refitted on all sentences with the same C and threshold after the held-out evaluation.",
        "",
        "## Held-out evaluation (the vague class)",
        "",
        f"Split stratified by {sp['stratified']}, seed {sp['seed']}: {sp['train']} sentences to train,",
        f"{sp['test']} held out and used for nothing else.",
        "",
        head,
        rule,
        _prf_row(f"**held-out 20%**, threshold {meta['threshold']:.2f}", held),
        _prf_row("held-out 20%, threshold 0.50", held["at_0.5"]),
        _prf_row("hard cases only", held["hard"]),
        _prf_row("other sentences", held["not_hard"]),
        *(_prf_row(f"section: {k}", v) for k, v in held["by_section"].items()),
        *(_prf_row(f"branch: {k}", v) for k, v in held["by_branch"].items()),
        "",
    ]
    if meta.get("cross_writer"):
        lines += [
            "## One writer's sentences against the other's",
            "",
            "Each file was written by a different writer. A model trained on one file alone (same C and",
            "threshold) and tested on the other is closer to a report written by someone new:",
            "",
            head,
            rule,
            *(_prf_row(k, v) for k, v in meta["cross_writer"].items()),
            "",
        ]
    lines += [
        "## Top errors on the held-out 20%",
        "",
        "Most confident mistakes first (vagueness = P(vague)).",
        "",
        "| truth | vagueness | hard | sentence |",
        "|---|---:|---|---|",
        *(
            f"| {e['truth']} | {e['vagueness']:.2f} | {'yes' if e['hard'] else ''} | {e['text']} |"
            for e in held["errors"]
        ),
        "",
        "## Limits",
        "",
        "- The sentences are our own writing in the style of real reports, not real reports; figures on real",
        "  reports will be lower (`make eval` also scores the hand-labelled sentences of the sample reports).",
        "- The held-out split shares writers, topics and phrasing with the training part; the writer-against-",
        "  writer figures above are the more honest estimate for a new writer.",
        "- The dense features are regexes: a named person or partner is found only after a title word",
        "  (书记, 委员 ...) or a verb of contact (与, 赴 ...), a data point only with a unit from a fixed list.",
        "- One verdict per sentence. A long sentence with one fact among several assertions counts as concrete",
        "  when the fact supports its claim; the model cannot tell whether it does (the guide's hard case).",
        "- Sentences in the corpus are short (10-56 字; concrete ones longer than vague ones), those of real",
        "  reports longer (median 41-53 字 in the samples). A sentence-length feature learned that long means",
        "  concrete and was dropped after it misread the sample reports' long vague sentences; the samples",
        "  figure in `make eval` is therefore not wholly independent of the model's design.",
        "- The lexicon and the formula list are features: changing them changes the model's inputs, so",
        "  retrain (`make train`) after editing them; the meta records a fingerprint of what each says, and a",
        "  test fails while they differ from the files.",
        "- Lexicon hits count only in sentences where no fact (data point, date, name, outcome) is found: 套话",
        "  beside a fact does not make a sentence vague (the guide's rule). Counted everywhere, they made the",
        "  model flag long real sentences such as “严格落实……全年开展学习21次” (sample reports F1 0.90 against 0.92).",
        "- The lexicon's wordings were chosen while counting hits on `vagueness-a.jsonl`, so about half of the",
        "  held-out 20% helped shape a feature; the writer-against-writer rows and the sample reports are the",
        "  fairer figures.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def lexicon_info(lexicon: VagueLexicon | None) -> dict[str, Any] | None:
    """Where the lexicon came from, for the meta: path, sha256, fingerprint, entries and wordings."""
    if lexicon is None:
        return None
    return {
        "path": _shown(lexicon.path),
        "sha256": file_sha256(lexicon.path),
        "fingerprint": lexicon.fingerprint(),
        "entries": len(lexicon.entries),
        "wordings": lexicon.phrase_count(),
    }


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analyzers.vagueness_model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    train_cmd = sub.add_parser("train", help="train on the labelled sentences; write the model, meta and card")
    train_cmd.add_argument("--data", type=Path, nargs="*", help=f"labelled files (default: {DATA_GLOB})")
    train_cmd.add_argument("--out", type=Path, default=MODEL_PATH, help="the .npz to write")
    train_cmd.add_argument("--seed", type=int, default=SEED)
    train_cmd.add_argument("--no-lexicon", action="store_true", help="train without the lexicon's features")
    predict_cmd = sub.add_parser("predict", help="score each line of standard input")
    predict_cmd.add_argument("--model", type=Path, default=MODEL_PATH)
    args = parser.parse_args(list(argv) if argv is not None else None)

    if args.command == "predict":
        scorer = VaguenessScorer(VaguenessModel.load(args.model), default_lexicon(), default_formulas())
        texts = [line for line in sys.stdin.read().splitlines() if line.strip()]
        for text, scored in zip(texts, scorer.score(texts), strict=True):
            print(f"{'vague' if scored.vague else 'concrete':8}\t{scored.vagueness:.2f}\t{text[:60]}")
        return 0

    files = args.data or data_files()
    if not files or not all(p.exists() for p in files):
        print(f"no labelled sentences to train on ({files or DATA_GLOB})", file=sys.stderr)
        return 2
    examples = [e for path in files for e in read_examples(path)]
    lexicon = None if args.no_lexicon else default_lexicon()
    data = [{"path": _shown(p), "sha256": file_sha256(p), "examples": len(read_examples(p))} for p in files]
    result = train(examples, seed=args.seed, lexicon=lexicon, data=data, lexicon_info=lexicon_info(lexicon))
    meta = {**result.meta}
    result.model.save(args.out, meta)
    card_path = args.out.with_suffix(".CARD.md")
    card_path.write_text(card(meta), encoding="utf-8")
    held = meta["held_out"]
    print(
        f"{len(examples)} sentences; held-out vague P {held['precision']:.3f} R {held['recall']:.3f}"
        f" F1 {held['f1']:.3f} (threshold {meta['threshold']:.2f}, C {meta['model']['C']:g});"
        f" hard cases F1 {held['hard']['f1']:.3f} (n {held['hard']['n']})"
    )
    for name, m in (meta.get("cross_writer") or {}).items():
        print(f"  {name}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")
    print(f"wrote {args.out}, {meta_path(args.out).name}, {card_path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
