"""The outline: headings found, mapped to a profile's sections by wording, content where headings fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.document import Block, BlockKind, Document, SourceFormat, SourceInfo
from analyzers.outline import build_outline, match_heading, normalize_heading
from analyzers.outline_types import Outline
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.section_model import SectionClassifier
from tests.fixtures.docx_builder import build_report_docx

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"
FOUR_PART = load_profile("four-part")
SYSU = load_profile("sysu-2020")
MODEL = SectionClassifier.load_default()

TITLE = "外国语学院英语系教工党支部书记2022年度述职报告"
AUTHOR = "外国语学院英语系教工党支部书记 宋婉宁"
OPENING = "2022年，本人在学院党委领导下，认真履行抓党建第一责任人职责。现将一年来的工作报告如下。"
WORK = "支部全年召开支委会12次、支部党员大会6次，开展主题党日11次，发展党员2名，党员集中学习18次。"
HIGHLIGHT = "支部以“译讲中国”为品牌，组织党员教师带领学生录制双语微视频24期，获评学校“一支部一品牌”优秀案例。"
PROBLEM = "一是理论学习与专业教学结合还不够紧。二是发展党员工作进展慢。从主观上看，本人对支部工作谋划不够。"
PLAN = "2023年，支部将深化学习贯彻党的二十大精神，全年开展专题学习不少于10次，力争发展党员1名。"
SIGNATURE = "外国语学院英语系教工党支部"
DATE = "2022年12月6日"


def _txt(*lines: str) -> Document:
    return read_document("\n".join(lines).encode("utf-8"), "r.txt")


def _report(*body: str) -> Document:
    return _txt(TITLE, AUTHOR, OPENING, *body, SIGNATURE, DATE)


def _keys(outline: Outline) -> list[str | None]:
    return [s.key for s in outline.sections]


def test_outline_maps_the_reference_wordings_to_the_four_sections() -> None:
    doc = _report(
        "一、2022年度工作开展情况", WORK, "二、亮点工作", HIGHLIGHT,
        "三、短板与不足及原因分析", PROBLEM, "四、2023年工作思路", PLAN,
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert [s.title for s in outline.sections] == [
        "一、2022年度工作开展情况", "二、亮点工作", "三、短板与不足及原因分析", "四、2023年工作思路",
    ]  # fmt: skip
    assert all(s.matched_by == "heading" and s.heading_block == s.start_block for s in outline.sections)
    assert [(s.start_block, s.end_block) for s in outline.sections] == [(3, 5), (5, 7), (7, 9), (9, 11)]


def test_headings_numbered_with_a_dot_before_a_year_map_in_txt_and_docx() -> None:
    dotted = (
        "一.2022年度工作开展情况", WORK, "二.亮点工作", HIGHLIGHT, "三.短板与不足", PROBLEM, "四.2023年工作思路", PLAN,
    )  # fmt: skip
    expected = ["achievements", "highlights", "problems", "plans"]
    assert _keys(build_outline(_report(*dotted), FOUR_PART)) == expected
    plain = [("title", TITLE, 0)] + [
        ("bold" if k % 2 == 0 else "paragraph", line, 0) for k, line in enumerate(dotted)
    ]
    assert _keys(build_outline(read_document(build_report_docx(plain), "r.docx"), FOUR_PART)) == expected


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("一、主要工作进展成效", "achievements"),
        ("一、主要做法及成效", "achievements"),
        ("一、2019年度抓基层党建工作情况", "achievements"),
        ("1.本人履职尽责情况", "achievements"),
        ("二、党支部建设情况和成效", "achievements"),  # 建设 is generic here, not 品牌建设's highlight
        ("二、特色做法", "highlights"),
        ("二、2019年工作的特色与创新", "highlights"),
        ("二、亮点和经验", "highlights"),
        ("三、差距和不足", "problems"),
        ("三、对照检查发现的问题", "problems"),
        ("（三）存在的短板", "problems"),
        ("四、下一步打算", "plans"),
        ("四、今后努力方向", "plans"),
        ("四、2020年党建工作思路", "plans"),
        ("四、锚定目标任务，谋划明年工作", "plans"),
    ],
)
def test_heading_synonyms_map_by_wording(heading: str, key: str) -> None:
    assert match_heading(heading, FOUR_PART).key == key


def test_heading_naming_two_sections_maps_to_the_first_named() -> None:
    assert match_heading("三、存在问题及下一步打算", FOUR_PART).key == "problems"
    assert match_heading("一、工作开展情况及特色亮点", FOUR_PART).key == "achievements"
    assert match_heading("三、存在问题及下一步打算", SYSU).key == "problems_plans"
    assert match_heading("一、个人履职和支部建设情况", SYSU).key == "duties"


def test_heading_is_normalised_without_label_year_subject_or_punctuation() -> None:
    assert normalize_heading("一、2022年度工作开展情况") == "工作开展情况"
    assert normalize_heading("（二）本人履职情况：") == "履职情况"
    assert normalize_heading("四、二〇二三年的工作思路") == "工作思路"


def test_numbering_and_order_do_not_decide_the_section() -> None:
    doc = _report(
        "一、主要工作和成效", WORK, "二、存在的问题", PROBLEM, "三、下一步打算", PLAN, "四、特色工作", HIGHLIGHT,
    )  # fmt: skip
    assert _keys(build_outline(doc, FOUR_PART)) == ["achievements", "problems", "plans", "highlights"]


def test_heading_that_names_no_section_has_no_key() -> None:
    doc = _report(
        "一、主要工作成效", WORK, "二、特色亮点", HIGHLIGHT, "三、存在问题", PROBLEM, "四、下一步计划", PLAN,
        "五、其他需要说明的事项", "本人严格遵守廉洁自律各项规定，未发生违反中央八项规定精神的问题。",
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART, MODEL)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans", None]
    unrecognised = outline.sections[-1]
    assert unrecognised.title == "五、其他需要说明的事项" and unrecognised.matched_by == "heading"
    assert match_heading("一、基本情况", FOUR_PART).key is None


@pytest.mark.parametrize("classifier", [MODEL, None])
def test_heading_sharing_only_a_content_cue_word_is_unrecognised(classifier: SectionClassifier | None) -> None:
    # 学习 is in achievements' cues (理论学习) only: half of "学习心得" is no evidence it names that section.
    assert match_heading("五、学习心得", FOUR_PART).key is None
    reflection = "通过一年的工作，我深刻体会到，抓好支部建设必须以政治建设为统领，把学习党的创新理论作为首要任务。"
    doc = _report(*BODY, "五、学习心得", reflection)
    assert _keys(build_outline(doc, FOUR_PART, classifier)) == ["achievements", "highlights", "problems", "plans", None]


def test_unrecognised_heading_takes_a_section_no_other_heading_names_from_its_content() -> None:
    doc = _report(
        "一、抓党建工作的主要做法", WORK, "二、亮点和经验", HIGHLIGHT, "三、短板弱项", PROBLEM,
        "四、2025年工作设想",
        "下一步，支部将制定年度学习计划，力争2025年6月底前完成，计划发展党员2名，着力提升支部组织力。",
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART, MODEL)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert outline.sections[-1].matched_by == "content"
    assert outline.sections[-1].title == "四、2025年工作设想"


def test_title_author_addressee_signature_and_date_are_not_sections() -> None:
    doc = _txt(
        TITLE, AUTHOR, "各位领导、同志们：", "一、主要工作进展成效", WORK, "二、工作特色亮点", HIGHLIGHT,
        "三、存在问题及整改措施", PROBLEM, "四、下一步工作计划", PLAN,
        "以上是我的述职报告，请各位领导和同志们批评指正。", SIGNATURE, DATE,
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART)
    assert outline.front_matter == (0, 3)
    assert outline.back_matter == (11, 14)
    assert outline.sections[0].start_block == 3 and outline.sections[-1].end_block == 11
    for block in (0, 1, 2, 11, 12, 13):
        assert outline.section_of_block(block) is None


BODY = (
    "一、主要工作进展成效", WORK, "二、工作特色亮点", HIGHLIGHT,
    "三、存在问题及整改措施", PROBLEM, "四、下一步工作计划", PLAN,
)  # fmt: skip


@pytest.mark.parametrize(
    "tail",
    [
        ("以上述职报告，请审议。", "张三", "2022.12.20", "附件：1.2022年度支部活动台账", "2.支部党员名册"),
        ("特此报告。", "述职人签字：", "数学学院教工党支部书记 张三", "二〇二二年十二月二十日"),
        ("以上是我的述职报告，不妥之处，恳请批评指正。", "谢谢大家！", SIGNATURE, "张三", "2022-12-20"),
        ("述职人签名：张三", "单位（盖章）：数学学院教工党支部", "日期：2022/12/20"),
        ("附件：", "1.支部2022年度主题党日记录", "2.发展党员工作台账", SIGNATURE, "2022年12月"),
        ("汇报完毕，请各位领导审阅。", "中共某某大学数学学院委员会", "2022年12月20日", "附件2：党员名册"),
    ],
)
def test_closing_signature_date_and_attachment_lines_are_back_matter(tail: tuple[str, ...]) -> None:
    doc = _txt(TITLE, *BODY, *tail)
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert outline.sections[-1].end_block == 9
    assert outline.back_matter == (9, 9 + len(tail))


def test_back_matter_does_not_take_the_last_lines_of_the_plans() -> None:
    # Labelled items and sentences are content, however short, even right above a date.
    items = ("1.深化理论学习", "2.推进品牌建设", "3.完善党员管理", "4.加强队伍建设")
    assert build_outline(_txt(TITLE, *BODY, *items), FOUR_PART).sections[-1].end_block == 13
    tail = ("力争发展党员1名。", "全年开展主题党日12次。", DATE)
    assert build_outline(_txt(TITLE, *BODY, *tail), FOUR_PART).sections[-1].end_block == 11


def test_run_in_headings_are_not_section_headings() -> None:
    doc = _report(
        "一、2022年度工作开展情况",
        "（一）坚持政治引领。支部全年落实“第一议题”制度18次，开展专题研讨2次。",
        "（二）规范组织生活。全年召开支委会12次、支部党员大会6次。",
        "二、存在问题",
        "一是理论学习不够深入。支部学习以读文件为主，研讨不多。二是发展党员进展慢。",
        "三、下一步计划", PLAN,
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "problems", "plans"]
    assert [h.text for h in outline.headings] == ["一、2022年度工作开展情况", "二、存在问题", "三、下一步计划"]


def test_a_run_in_heading_marked_as_heading_by_a_reader_is_still_a_paragraph() -> None:
    def block(kind: BlockKind, text: str, level: int | None = None, label: str = "") -> Block:
        return Block(kind=kind, text=text, level=level, label=label)

    doc = Document(
        source=SourceInfo(filename="x.docx", format=SourceFormat.DOCX, sha256="0" * 64, size=1),
        blocks=(
            block(BlockKind.HEADING, TITLE, 0),
            block(BlockKind.HEADING, "一、主要工作进展成效", 1, "一、"),
            block(BlockKind.HEADING, "一是加强学习。支部全年集中学习18次，专题研讨4次，党员撰写体会30篇。", 1),
            block(BlockKind.PARAGRAPH, WORK),
            block(BlockKind.HEADING, "二、存在问题及整改措施", 1, "二、"),
            block(BlockKind.HEADING, "（一）问题。支部活动形式较为单一，青年党员参与不多。", 2, "（一）"),
            block(BlockKind.PARAGRAPH, PROBLEM),
        ),
    )
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "problems"]
    assert [(h.block, h.level) for h in outline.headings] == [(0, 0), (1, 1), (4, 1)]


def test_subsections_under_a_top_level_heading_do_not_become_sections() -> None:
    doc = _report(
        "一、主要工作进展成效", "（一）加强政治建设情况", WORK,
        "（二）下一步将继续深化“我为群众办实事”长效机制", WORK,
        "二、存在问题及整改措施", "（一）存在的主要问题", PROBLEM, "（二）整改措施", PLAN,
        "三、下一步工作计划", PLAN,
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "problems", "plans"]
    assert [(h.text, h.level) for h in outline.headings if h.level == 2][1] == (
        "（二）下一步将继续深化“我为群众办实事”长效机制", 2,
    )  # fmt: skip


def test_paren_chinese_labels_can_be_the_top_level() -> None:
    doc = _report(
        "（一）抓党建促发展工作情况", "1.深入开展主题教育。支部组织党员集中学习16次。", "2.严格落实组织生活制度。",
        "（二）特色亮点", HIGHLIGHT, "（三）存在的短板", PROBLEM, "（四）2024年工作安排", PLAN,
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert {h.level for h in outline.headings} == {1}


def test_unmatched_wrapper_heading_gives_way_to_its_matched_subsections() -> None:
    doc = _report(
        "一、2022年度述职",
        "（一）主要工作进展成效", WORK, "（二）工作特色亮点", HIGHLIGHT,
        "（三）存在问题及整改措施", PROBLEM, "（四）下一步工作计划", PLAN,
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]


def test_docx_with_automatic_numbering_maps_its_headings() -> None:
    data = build_report_docx(
        [
            ("title", TITLE, 0), ("subtitle", AUTHOR, 0), ("paragraph", OPENING, 0),
            ("heading", "主要做法及成效", 1), ("heading", "扎实开展主题教育", 2), ("paragraph", WORK, 0),
            ("heading", "特色做法", 1), ("paragraph", HIGHLIGHT, 0),
            ("heading", "差距和不足", 1), ("paragraph", PROBLEM, 0),
            ("heading", "下一步打算", 1), ("paragraph", PLAN, 0),
            ("right", SIGNATURE, 0), ("right", DATE, 0),
        ]
    )  # fmt: skip
    outline = build_outline(read_document(data, "r.docx"), FOUR_PART)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert [s.title for s in outline.sections][0] == "一、主要做法及成效"
    assert outline.front_matter == (0, 3) and outline.back_matter == (12, 14)


def test_sysu_profile_maps_its_four_aspects() -> None:
    doc = _report(
        "一、个人履职情况", "本人认真履行党支部书记第一责任人职责，全年讲党课2次。",
        "二、党支部建设情况和成效", WORK, "三、思想政治工作情况", "支部建立支委联系党员制度，全年谈心谈话130余人次。",
        "四、存在问题及下一步打算", PROBLEM, PLAN,
    )  # fmt: skip
    assert _keys(build_outline(doc, SYSU)) == ["duties", "branch_building", "ideological_work", "problems_plans"]


NO_HEADINGS = (
    "本人认真履行党支部书记第一责任人职责，全年主持支委会12次，讲授专题党课2次，参加学校党支部书记培训班1期。",
    "支部扎实开展主题教育，组织集中学习13次；全年召开支部党员大会6次、开展主题党日12次，发展党员1名。",
    "支部着力打造“匠心筑梦”党建品牌，形成特色做法，项目获评学校党建工作特色品牌，经验做法在全校推广。",
    "对照党建工作要求，支部还存在一些不足：理论学习存在重任务、轻转化的问题；发展党员后备力量不足。",
    "分析原因，主要在于本人对支部学习缺乏系统设计，主观上重业务、轻党建，对青年教师的政治引领办法不多。",
    "2024年，支部将制定年度学习计划，每季度开展一次专题研讨；力争确定入党积极分子2名，计划完成设计方案15套。",
)


@pytest.mark.parametrize("classifier", [MODEL, None], ids=["model", "cues"])
def test_report_without_headings_gets_sections_by_content(classifier: SectionClassifier | None) -> None:
    doc = _report(*NO_HEADINGS)
    outline = build_outline(doc, FOUR_PART, classifier)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert all(s.matched_by == "content" and s.title == "" and s.heading_block is None for s in outline.sections)
    assert [s.start_block for s in outline.sections] == [3, 5, 6, 8]
    assert outline.front_matter == (0, 3) and outline.back_matter == (9, 11)


def test_headings_that_name_nothing_fall_back_to_content_in_whole_parts() -> None:
    doc = _report(
        "一、凝心聚力", NO_HEADINGS[1], "二、匠心筑梦", NO_HEADINGS[2],
        "三、自我审视", NO_HEADINGS[3], NO_HEADINGS[4], "四、砥砺前行", NO_HEADINGS[5],
    )  # fmt: skip
    outline = build_outline(doc, FOUR_PART, MODEL)
    assert _keys(outline) == ["achievements", "highlights", "problems", "plans"]
    assert all(s.matched_by == "content" and s.title == "" for s in outline.sections)
    assert [s.start_block for s in outline.sections] == [3, 5, 7, 10]  # each heading's part stays whole
    assert [h.text for h in outline.headings] == ["一、凝心聚力", "二、匠心筑梦", "三、自我审视", "四、砥砺前行"]


def test_document_with_only_a_title_has_no_sections() -> None:
    outline = build_outline(_txt(TITLE), FOUR_PART, MODEL)
    assert outline.sections == ()
    assert outline.front_matter == (0, 1)


SAMPLE_KEYS = {
    "teacher-branch-2022.docx": (FOUR_PART, ["achievements", "highlights", "problems", "plans"]),
    "student-branch-2022.pdf": (FOUR_PART, ["achievements", "highlights", "problems", "plans"]),
    "retiree-branch-2020.txt": (SYSU, ["duties", "branch_building", "ideological_work", "problems_plans"]),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_KEYS))
def test_sample_reports_map_to_their_profile_sections(name: str) -> None:
    profile, keys = SAMPLE_KEYS[name]
    doc = read_document((SAMPLES / name).read_bytes(), name)
    outline = build_outline(doc, profile, MODEL)
    assert _keys(outline) == keys
    assert all(s.matched_by == "heading" and s.score >= 0.9 for s in outline.sections)
    n = len(doc.blocks)
    assert outline.back_matter == (n - 2, n)  # signature and date
    assert outline.front_matter[1] == outline.sections[0].start_block
