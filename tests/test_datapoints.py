"""The data-point extractor: every kind the issue names, its known traps, values and subjects."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.datapoints import (
    DataPointExtractor,
    Found,
    SubjectPatternError,
    SubjectPatterns,
    _rejoin_suffixes,
    _target_fallen_short_of,
    default_vocabulary,
)
from tests.datapoints.cases import (
    ARRIVED_SETS,
    BRANCHES,
    DEV,
    DEV_AA,
    DEV_AB,
    DEV_AC,
    DEV_AD,
    DEV_AE,
    DEV_AF,
    DEV_AG,
    DEV_AH,
    DEV_AI,
    DEV_AJ,
    DEV_AK,
    DEV_AL,
    DEV_AM,
    DEV_AN,
    DEV_AO,
    DEV_AP,
    DEV_AQ,
    DEV_AR,
    DEV_AS,
    DEV_AT,
    DEV_AU,
    DEV_AV,
    DEV_AW,
    DEV_AX,
    DEV_AY,
    DEV_AZ,
    DEV_B,
    DEV_BA,
    DEV_BB,
    DEV_BC,
    DEV_BD,
    DEV_BE,
    DEV_BF,
    DEV_BG,
    DEV_BH,
    DEV_BI,
    DEV_BJ,
    DEV_BK,
    DEV_BL,
    DEV_BM,
    DEV_BN,
    DEV_BO,
    DEV_BP,
    DEV_BQ,
    DEV_BR,
    DEV_BS,
    DEV_BT,
    DEV_BU,
    DEV_BV,
    DEV_BW,
    DEV_BX,
    DEV_BY,
    DEV_BZ,
    DEV_C,
    DEV_CA,
    DEV_CB,
    DEV_CC,
    DEV_CD,
    DEV_CE,
    DEV_CF,
    DEV_CG,
    DEV_CH,
    DEV_CI,
    DEV_CJ,
    DEV_CK,
    DEV_CL,
    DEV_CM,
    DEV_CN,
    DEV_CO,
    DEV_CP,
    DEV_CQ,
    DEV_CR,
    DEV_CS,
    DEV_CT,
    DEV_CU,
    DEV_CV,
    DEV_CW,
    DEV_CX,
    DEV_CY,
    DEV_CZ,
    DEV_D,
    DEV_DA,
    DEV_DB,
    DEV_DC,
    DEV_DD,
    DEV_DE,
    DEV_DF,
    DEV_DG,
    DEV_DH,
    DEV_DI,
    DEV_DJ,
    DEV_DK,
    DEV_DL,
    DEV_DM,
    DEV_DN,
    DEV_DO,
    DEV_DP,
    DEV_DQ,
    DEV_DR,
    DEV_DS,
    DEV_DT,
    DEV_DU,
    DEV_DV,
    DEV_DW,
    DEV_DX,
    DEV_DY,
    DEV_DZ,
    DEV_E,
    DEV_EA,
    DEV_EB,
    DEV_EC,
    DEV_ED,
    DEV_EE,
    DEV_EF,
    DEV_EG,
    DEV_EH,
    DEV_F,
    DEV_G,
    DEV_H,
    DEV_I,
    DEV_J,
    DEV_K,
    DEV_L,
    DEV_M,
    DEV_N,
    DEV_O,
    DEV_P,
    DEV_Q,
    DEV_R,
    DEV_S,
    DEV_SETS,
    DEV_T,
    DEV_U,
    DEV_V,
    DEV_W,
    DEV_X,
    DEV_Y,
    DEV_Z,
    HELDOUT,
    HELDOUT_B,
    HELDOUT_C,
    HELDOUT_SETS,
    KINDS,
    CaseError,
    load_cases,
)

# The rules alone: what the tests here pin down. The subject chooser (analyzers/subject_chooser.py) that sets the
# edges of their subjects last is a model, measured by its card and `make eval`; tests/test_subject_chooser.py.
RULES = DataPointExtractor(chooser=False)
CHOSEN = DataPointExtractor.default()


def _extract(text: str) -> list[Found]:
    return RULES.extract(text)


def _one(text: str, span: str) -> Found:
    found = [f for f in _extract(text) if f.text == span]
    assert len(found) == 1, (span, [f.text for f in _extract(text)])
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "kind", "value", "unit"),
    [
        ("全年发展党员3名。", "3名", "count", 3, "名"),
        ("开展主题党日活动12次。", "12次", "count", 12, "次"),
        ("覆盖师生600余人。", "600余人", "count", 600, "人"),
        ("形成调研报告2篇。", "2篇", "count", 2, "篇"),
        ("完成二级检修1,260组次。", "1,260组次", "count", 1260, "组次"),
        ("全年听评课240节次。", "240节次", "count", 240, "节次"),
        ("对培养考察期超过一年的逐一谈话。", "一年", "duration", 1, "年"),
        ("每季度分析一次发展党员进度。", "一次", "count", 1, "次"),
        ("7月16日凌晨2时发布红色预警。", "2时", "date", None, ""),
        ("5月18日至22日选派党员志愿者参与保障。", "22日", "date", None, ""),
        ("研究员李明入选省级青年人才计划。", "省级青年人才计划", "rank", None, ""),
        ("全年开展集中学习十二次。", "十二次", "count", 12, "次"),
        ("新发展两名预备党员。", "两名", "count", 2, "名"),
        ("全年开展１２次主题党日。", "１２次", "count", 12, "次"),
        ("组织10余次志愿服务。", "10余次", "count", 10, "次"),
        ("近百名党员参加。", "近百名", "count", 100, "名"),
        ("每次3至5次。", "3至5次", "count", 3, "次"),
        ("吸引百余人参加。", "百余人", "count", 100, "人"),
        ("分成两三个小组。", "两三个", "count", 2, "个"),
        ("服务群众1.2万人次。", "1.2万人次", "count", 12000, "人次"),
        ("党费收缴率100%。", "100%", "percent", 100, "%"),
        ("百分之九十五的党员参加。", "百分之九十五", "percent", 95, "%"),
        ("参学率提升15个百分点。", "15个百分点", "percent", 15, "个百分点"),
        ("活动经费2.5万元。", "2.5万元", "money", 25000, "元"),
        ("收缴党费1,280元。", "1,280元", "money", 1280, "元"),
        ("在素质能力大赛中获一等奖。", "一等奖", "rank", 1, "等奖"),
        ("在全校考核中排名第3名。", "第3名", "rank", 3, "名"),
        ("2022年11月28日召开组织生活会。", "2022年11月28日", "date", None, ""),
        ("11月召开组织生活会。", "11月", "date", None, ""),
        ("12月底前完成支委增补。", "12月底前", "deadline", None, ""),
        ("2023年6月前完成换届。", "2023年6月前", "deadline", None, ""),
        ("年底前建立台账。", "年底前", "deadline", None, ""),
        ("历时3个月完成整改。", "3个月", "duration", 3, "个月"),
        ("开展为期两周的集中轮训。", "两周", "duration", 2, "周"),
        ("下午两点半召开支委会。", "两点半", "date", None, ""),
        # measure words and forms first met in dev-e.yaml
        ("吸引读者近万人次参与。", "近万人次", "count", 10000, "人次"),
        ("在自查中发现3方面短板。", "3方面", "count", 3, "方面"),
        ("开展巡回义诊46场次。", "46场次", "count", 46, "场次"),
        ("进出口集装箱2.46万标箱。", "2.46万标箱", "other", 24600, "标箱"),
        ("节约水量约310万立方米。", "约310万立方米", "other", 3100000, "立方米"),
        ("全园18个班级实现全覆盖。", "18个", "count", 18, "个"),
        ("约三成党员未参加志愿服务。", "约三成", "percent", 30, "%"),
        ("参学率近95%。", "近95%", "percent", 95, "%"),
        ("计划在一季度完成食堂改造。", "一季度", "date", None, ""),
        ("2025年第三季度召开推进会。", "2025年第三季度", "date", None, ""),
        ("明确2026年一季度前完成调整。", "2026年一季度前", "deadline", None, ""),
        ("2025年上半年举办示范课展评。", "2025年上半年", "date", None, ""),
        ("差错率控制在万分之一点二。", "万分之一点二", "percent", 0.012, "%"),
        # grammar first met in dev-p … dev-w
        ("力争品牌项目进入全区前三名。", "前三名", "rank", 3, "名"),
        ("9月开学前完成党员教师轮训。", "9月开学前", "deadline", None, ""),
        ("2027年春节前落实护理员岗位补贴。", "2027年春节前", "deadline", None, ""),
        ("国庆节前完成全体党员轮训。", "国庆节前", "deadline", None, ""),
        ("2027年春季学期末前完成第二批整改。", "2027年春季学期末前", "deadline", None, ""),
        ("单支叶片制造成本下降3%至5%。", "3%至5%", "percent", 3, "%"),
        ("党员占研发人员比例提高1至2个百分点。", "1至2个百分点", "percent", 1, "个百分点"),
        ("老党员49名，占党员总数的八成多。", "八成多", "percent", 80, "%"),
        ("累计建床服务1.2万床日。", "1.2万床日", "count", 12000, "床日"),
        ("架设钢梁46节段。", "46节段", "count", 46, "节段"),
        ("土壤pH值平均提高0.8个单位。", "0.8个单位", "other", 0.8, "个单位"),
        # a whole number of 个单位 counts bodies (个, then the noun 单位)
        ("完成全县2.38万个单位的清查登记。", "2.38万个", "count", 23800, "个"),
        ("修复馆藏文物216件套。", "216件套", "count", 216, "件套"),
        ("全年完成卫星测控4,816圈次，新增遥感卫星3颗。", "3颗", "count", 3, "颗"),
        ("全年完成卫星测控4,816圈次。", "4,816圈次", "count", 4816, "圈次"),
        ("每天6:30至18:30发船16班。", "16班", "count", 16, "班"),
        # a temperature below zero keeps its sign in the span and the value
        ("冷冻库区温度保持在-25℃以下。", "-25℃", "other", -25, "℃"),
        ("冬季最低气温零下38度。", "零下38度", "other", -38, "度"),
        # a measure over a denominator written with a slash is a rate; 千 before a unit starting with it is the unit's
        ("党员包保车组的故障率为0.37件/万公里。", "0.37件/万公里", "other", 0.37, "件/万公里"),
        ("分厂两条5,000吨/日熟料生产线。", "5,000吨/日", "other", 5000, "吨/日"),
        ("综合能耗降至8.9千克标油/吨。", "8.9千克标油/吨", "other", 8.9, "千克标油/吨"),
        ("电芯能量密度提升至195Wh/kg。", "195Wh/kg", "other", 195, "Wh/kg"),
        ("全年储能电池包出货量达到2.1GWh。", "2.1GWh", "other", 2.1, "GWh"),
        ("吨钢综合能耗为552千克标准煤。", "552千克标准煤", "other", 552, "千克标准煤"),
        ("人均减重约3千克。", "约3千克", "other", 3, "千克"),
        ("组织职工参加业务培训不少于120学时/人。", "120学时", "count", 120, "学时"),
        ("年繁育苗种3,500万尾。", "3,500万尾", "count", 35000000, "尾"),
        ("完成中华鲟性腺发育监测216尾次。", "216尾次", "count", 216, "尾次"),
        ("轨道电路调整２４７区段。", "２４７区段", "count", 247, "区段"),
        ("其中1名累计不及格学分达到9学分。", "9学分", "count", 9, "学分"),
        ("累计下车间指导312个工日。", "312个工日", "duration", 312, "个工日"),
        ("突击队连续奋战42个昼夜。", "42个昼夜", "duration", 42, "个昼夜"),
        ("全年船闸安全运行8,412闸次。", "8,412闸次", "count", 8412, "闸次"),
        ("出厂水浊度控制在0.1NTU以下。", "0.1NTU", "other", 0.1, "NTU"),
        ("冬季最低气温零下31摄氏度。", "零下31摄氏度", "other", -31, "摄氏度"),
        ("膜厚偏差由±3.5纳米降至±1.2纳米。", "±1.2纳米", "other", 1.2, "纳米"),
        ("获取观测数据约1.6PB。", "约1.6PB", "other", 1.6, "PB"),
        ("阅览室每周二12:30开放。", "12:30", "date", None, ""),
        ("党员李晓敏荣获市级“优秀教师”称号。", "市级“优秀教师”", "rank", None, ""),
        ("王医生荣获第四届“国之名医·青年新锐”称号。", "国之名医·青年新锐", "rank", None, ""),
        ("卫生评比连续９个月位居全镇第一。", "第一", "rank", 1, ""),
        ("24小时内办结。", "24小时", "duration", 24, "小时"),
        # and in dev-ad … dev-ah
        ("最低一次到会率仅为六成五。", "六成五", "percent", 65, "%"),
        ("兑换生活用品1,860件次。", "1,860件次", "count", 1860, "件次"),
        ("全年接听来电410通。", "410通", "count", 410, "通"),
        ("网拍成交财产1,138宗。", "1,138宗", "count", 1138, "宗"),
        ("送书上门4,260册次。", "4,260册次", "count", 4260, "册次"),
        ("党员突击队连续奋战5昼夜。", "5昼夜", "duration", 5, "昼夜"),
        ("2026年汛期，全乡遭遇强降雨。", "2026年汛期", "date", None, ""),
        ("2027年上半年前引进全科医生1名。", "2027年上半年前", "deadline", None, ""),
        ("2027年春季学期开学前完成整改。", "2027年春季学期开学前", "deadline", None, ""),
        ("世界读书日前推出红色书单。", "世界读书日前", "deadline", None, ""),
        ("在技能竞赛中获团体银奖。", "银奖", "rank", None, ""),
        ("支部先后获评县级“五星级党支部”和市级“乡村振兴示范村”。", "市级“乡村振兴示范村”", "rank", None, ""),
        ("连续奋战24小时抢修线路。", "24小时", "duration", 24, "小时"),
        # and in dev-ai … dev-am
        ("在省运会上获金牌9枚、银牌6枚。", "银牌", "rank", None, ""),
        ("团体总分进入全省前三，全年输送运动员12名。", "前三", "rank", 3, ""),
        ("供电煤耗降至289.6克/千瓦时。", "289.6克/千瓦时", "other", 289.6, "克/千瓦时"),
        ("年产胶囊剂6.3亿粒。", "6.3亿粒", "count", 630000000, "粒"),
        ("采集机采血小板8,350治疗量。", "8,350治疗量", "count", 8350, "治疗量"),
        ("梳理积分细则6大类。", "6大类", "count", 6, "大类"),
        ("团队获评省级“工人先锋号”。", "省级“工人先锋号”", "rank", None, ""),
        # and in dev-an … dev-ar
        ("完成计量器具检定校准４６，８２０台件。", "４６，８２０台件", "count", 46820, "台件"),
        ("统防统治作业面积8.4万亩次。", "8.4万亩次", "other", 84000, "亩次"),
        ("全年安全出海作业3,120航次。", "3,120航次", "count", 3120, "航次"),
        ("秋粮入库前新增覆盖仓容2万吨。", "秋粮入库前", "deadline", None, ""),
        ("2027年供热季开始前完成改造。", "2027年供热季开始前", "deadline", None, ""),
        ("到2027年底现代终端总数达到1,200家。", "2027年底", "date", None, ""),
        ("力争农技人员平均年龄降到48岁以下。", "48岁", "other", 48, "岁"),
        ("学校足球队进入全省十六强。", "十六强", "rank", 16, ""),
        ("中心被民政部门评估为5A级社会组织。", "5A级社会组织", "rank", None, ""),
        ("党员满意度测评得分排名第十一，", "第十一", "rank", 11, ""),
        ("五一假期前上线游客预约限流系统。", "五一假期前", "deadline", None, ""),
        ("参加区试品种212个次。", "212个次", "count", 212, "个次"),
        ("盾构掘进4,862环。", "4,862环", "count", 4862, "环"),
        ("合龙精度控制在5毫米以内。", "5毫米", "other", 5, "毫米"),
        ("编印系列读本3辑。", "3辑", "count", 3, "辑"),
        ("七一前推出红色研学线路。", "七一前", "deadline", None, ""),
        ("2026年8月1日前后开展主题活动。", "2026年8月1日", "date", None, ""),
        # and in dev-f, dev-n, dev-z, dev-aj (ranks)
        ("护理部主任张丽娟荣获全市最美护士称号。", "全市最美护士", "rank", None, ""),
        ("支部在考核中获评优秀等次，列全省第二。", "优秀等次", "rank", None, ""),
        ("支部在考核中获评优秀等次，列全省第二。", "第二", "rank", 2, ""),
        ("支行存款市场份额位居全县银行业第一。", "第一", "rank", 1, ""),
        # and in dev-f.yaml and dev-g.yaml
        ("投诉量较上年减少一半。", "一半", "percent", 50, "%"),
        ("开展为期半年的专项整治。", "半年", "duration", 0.5, "年"),
        ("党员消防员赵磊荣立个人三等功。", "三等功", "rank", 3, "等功"),
        ("在全市教学论文评选中获市级一等奖。", "一等奖", "rank", 1, "等奖"),
        ("影响上百户村民。", "上百户", "count", 100, "户"),
        ("晚上8点至11点平均候诊时间47分钟。", "11点", "date", None, ""),
        ("保障船舶靠泊23艘次。", "23艘次", "count", 23, "艘次"),
        ("完成18.6万卷馆藏档案数字化。", "18.6万卷", "count", 186000, "卷"),
        ("集装箱吞吐量112.6万标准箱。", "112.6万标准箱", "other", 1126000, "标准箱"),
        # and in dev-h.yaml
        ("全年完成列车均衡修1872列次。", "1872列次", "count", 1872, "列次"),
        ("检查企业426家次。", "426家次", "count", 426, "家次"),
        ("但22点以后的夜间故障处置时间偏长。", "22点", "date", None, ""),
        ("筛选效率提升一倍以上。", "一倍", "other", 1, "倍"),
        ("最小出生体重仅680克。", "680克", "other", 680, "克"),
        # and in dev-i.yaml
        ("通行车辆1,486万辆次。", "1,486万辆次", "count", 14860000, "辆次"),
        ("收到表扬信八十七封。", "八十七封", "count", 87, "封"),
        ("年内融资一点二亿元。", "一点二亿元", "money", 120000000, "元"),
    ],
)
def test_extracts_each_kind_with_value_and_unit(
    text: str, span: str, kind: str, value: float | None, unit: str
) -> None:
    found = _one(text, span)
    assert (found.kind, found.value, found.unit) == (kind, value, unit)
    assert text[found.start : found.end] == span


def test_a_part_after_qizhong_is_of_the_total_before_not_of_an_age() -> None:
    assert _one("五名支委平均年龄达到71岁，其中2人今年因病住院。", "2人").subject == "支委"


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a duration after 提前 puts ahead the doing the clause goes on to say, without 完成 or 以上
        ("党员连续值守72小时，提前6小时发布暴雨预警信号。", "6小时", "发布暴雨预警信号"),
        ("比计划提前15天完成填图任务。", "15天", "填图任务"),
        ("在冰湖溃决预警中提前约6小时发出警报。", "约6小时", "发出警报"),
        # a lone verb after it stays as the rules read it
        ("测报数据提前20分钟以上报送。", "20分钟", "测报数据提前"),
    ],
)
def test_a_duration_put_ahead_names_the_doing_after_it(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_titles_quoted_one_after_another_are_two_ranks() -> None:
    found = _extract("总支书记马永福先后荣获“全国防沙治沙标兵”“全国优秀共产党员”称号。")
    assert [(f.text, f.kind, f.subject) for f in found] == [
        ("全国防沙治沙标兵", "rank", "马永福"),
        ("全国优秀共产党员", "rank", "马永福"),
    ]


def test_an_award_title_after_its_verb_is_a_rank() -> None:
    found = _one("2022年7月，支部获评校级优秀党支部。", "校级优秀党支部")
    assert found.kind == "rank" and found.value is None


@pytest.mark.parametrize(
    "text",
    [
        "严格落实三会一课制度，坚决做到两个维护，树牢四个意识，坚定四个自信。",
        "一是加强理论学习，二是规范组织生活，三是发挥党员作用。",
        "认真学习二十大精神和十九届六中全会精神，关注全国两会，深化两学一做。",
        "这是一次深刻的思想洗礼，形成了一系列制度，取得一定成效。",
        "支部在南岭一中设立了第三党支部活动室。",
        "2022年，支部进一步加强理论学习。",
        "新的一年，支部将继续加强理论学习。",
        "积分制实施一年来，点位明显减少。",
        "支部牵头建立司机之家，提供24小时热水和维修服务，实行24小时值守。",
        "较上一季度明显改善，一季度、二季度、三季度分别开展，一至四季度持续推进。",
        "支部将重点做好四方面工作。一是强化政治引领。",
        "今年完成了3项重点工作：一是档案数字化。",
        "热线24小时开通，开通24小时抢修热线，依托站内24小时执勤力量。",
        "上半年完成，每半年召开，半年度总结，年内建成，下半年推进。",
        "春节前夕，支部走访慰问困难党员。",
        "PM2.5年均浓度持续下降。",
        "推进“智慧博物馆”二期建设，完成棉纺新村二期改造，上线“智慧执行”平台二期，二车间党支部每月第二个周六集中学习。",
        "新建5G基站，创办九年一贯制学校，普及九年义务教育，35岁以下青年党员积极参与。",
        "做好2026届毕业生党员教育，推进二次供水设施改造。",
        "县红十字会机关党支部推动乡镇红十字会规范化建设，二次雷达更新改造列入计划。",
    ],
)
def test_numbers_that_are_not_data_are_not_taken(text: str) -> None:
    assert _extract(text) == []


def test_a_list_opener_is_no_subject() -> None:
    """；三是约三成青年党员…: 三是 opens the third item; what the share counts follows it."""
    assert _one("记录不够规范；三是约三成青年党员全年未参加志愿服务。", "约三成").subject == "青年党员"


def test_a_count_before_the_second_item_of_a_list_is_a_count() -> None:
    """Only a count right before the first item announces the list (…：一是); one that ends an item is counted."""
    assert [f.text for f in _extract("一是开展1次专题研讨；二是完成整改。")] == ["1次"]


def test_a_pattern_s_subject_loses_an_adverb_before_the_verb_as_the_walk_s_does() -> None:
    assert _one("当月使用次数即增至6次。", "6次").subject == "使用次数"
    assert _one("组织生活到会率一度降至62%。", "62%").subject == "到会率"


def test_giving_a_party_lecture_is_one_activity() -> None:
    """讲党课 is a term: the doing is counted with its verb (书记讲党课2次), not 党课 alone."""
    assert _one("其中书记讲党课2次。", "2次").subject == "书记讲党课"
    assert _one("全年讲党课4次。", "4次").subject == "讲党课"


def test_a_frequency_is_no_part_of_what_is_counted() -> None:
    assert _one("外出期间每两周线上学习1次。", "1次").subject == "线上学习"


def test_a_frequency_is_no_duration_and_the_count_after_it_is_the_point() -> None:
    found = _extract("每两个月视频学习1次，每3天巡查2次。")
    assert [(f.text, f.kind) for f in found] == [("1次", "count"), ("2次", "count")]


def test_two_three_is_a_range_and_half_past_two_a_time() -> None:
    """The traps of general converters: 两三个 is "2-3", not 23; 两点半 is a time, not 2.5."""
    assert _one("分成两三个小组。", "两三个").value == 2
    assert _one("两点半开会。", "两点半").kind == "date"


def test_one_counts_only_where_it_counts_an_event() -> None:
    assert [f.text for f in _extract("支部组织一次专题培训。")] == ["一次"]
    assert _extract("这是一次深刻的洗礼。") == []


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("全年发展党员3名。", "3名", "发展党员"),
        ("开展主题党日活动12次。", "12次", "主题党日活动"),
        ("讲党课4场。", "4场", "讲党课"),  # a term: three blind annotators wrote it whole
        ("覆盖师生600余人。", "600余人", "师生"),
        ("形成调研报告2篇。", "2篇", "调研报告"),
        ("党费收缴率100%。", "100%", "党费收缴率"),
        ("组织3名党员赴井冈山学习。", "3名", "党员"),
        ("2022年6月完成换届选举。", "2022年6月", "换届选举"),
    ],
)
def test_subject_is_what_the_number_counts(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_offsets_are_into_the_original_text_with_full_width_digits() -> None:
    text = "全年收缴党费５．６２万元，收缴率１００％。"
    assert [(f.text, f.value) for f in _extract(text)] == [("５．６２万元", 56200), ("１００％", 100)]


def test_annotated_sets_are_valid_and_large_enough() -> None:
    """The issue asks for at least 400 annotated data points in at least 30 paragraphs."""
    for path in (DEV, HELDOUT, HELDOUT_B):
        paragraphs = load_cases(path)
        points = [p for para in paragraphs for p in para.points]
        assert len(paragraphs) >= 30 and len(points) >= 400, path.name
        assert {p.kind for p in points} == set(KINDS)
        assert sum(len(p.not_points) for p in paragraphs) >= 50


def test_the_other_tuning_sets_are_valid_and_in_other_styles() -> None:
    """dev-b.yaml … dev-dz.yaml and the arrived sets, if any (issue #5's subjects): at least 30 paragraphs and 250
    points each, of every kind; dev-b … dev-o from branches of at least eight kinds each, dev-p … dev-dz each from
    the units of a few (schools, health care, companies, offices and villages …), all of them together from every
    kind; no paragraph id is used twice across the tuning, arrived and held-out sets."""
    branches = set()
    for path in (*DEV_SETS[1:], *ARRIVED_SETS):
        paragraphs = load_cases(path)
        points = [p for para in paragraphs for p in para.points]
        assert len(paragraphs) >= 30 and len(points) >= 250, path.name
        assert {p.kind for p in points} == set(KINDS), path.name
        kinds_of_branch = {para.branch for para in paragraphs}
        assert len(kinds_of_branch) >= (8 if path in DEV_SETS[:15] else 1), path.name
        branches |= kinds_of_branch
    assert branches == set(BRANCHES)
    assert DEV_SETS == (
        DEV, DEV_B, DEV_C, DEV_D, DEV_E, DEV_F, DEV_G, DEV_H, DEV_I, DEV_J, DEV_K, DEV_L, DEV_M, DEV_N, DEV_O, DEV_P,
        DEV_Q, DEV_R, DEV_S, DEV_T, DEV_U, DEV_V, DEV_W, DEV_X, DEV_Y, DEV_Z, DEV_AA, DEV_AB, DEV_AC, DEV_AD, DEV_AE,
        DEV_AF, DEV_AG, DEV_AH, DEV_AI, DEV_AJ, DEV_AK, DEV_AL, DEV_AM, DEV_AN, DEV_AO, DEV_AP, DEV_AQ, DEV_AR, DEV_AS,
        DEV_AT, DEV_AU, DEV_AV, DEV_AW, DEV_AX, DEV_AY, DEV_AZ, DEV_BA, DEV_BB, DEV_BC, DEV_BD, DEV_BE, DEV_BF,
        DEV_BG, DEV_BH, DEV_BI, DEV_BJ, DEV_BK, DEV_BL, DEV_BM, DEV_BN, DEV_BO, DEV_BP, DEV_BQ, DEV_BR, DEV_BS, DEV_BT,
        DEV_BU, DEV_BV, DEV_BW, DEV_BX, DEV_BY, DEV_BZ, DEV_CA, DEV_CB, DEV_CC, DEV_CD, DEV_CE, DEV_CF, DEV_CG,
        DEV_CH, DEV_CI, DEV_CJ, DEV_CK, DEV_CL, DEV_CM, DEV_CN, DEV_CO, DEV_CP, DEV_CQ, DEV_CR,
        DEV_CS, DEV_CT, DEV_CU, DEV_CV, DEV_CW, DEV_CX, DEV_CY, DEV_CZ, DEV_DA, DEV_DB, DEV_DC, DEV_DD, DEV_DE, DEV_DF,
        DEV_DG, DEV_DH, DEV_DI, DEV_DJ, DEV_DK, DEV_DL, DEV_DM, DEV_DN, DEV_DO, DEV_DP, DEV_DQ, DEV_DR,
        DEV_DS, DEV_DT, DEV_DU, DEV_DV, DEV_DY, DEV_DZ, DEV_DW, DEV_DX, DEV_EA, DEV_EB, DEV_EC, DEV_ED, DEV_EE, DEV_EF,
    )  # fmt: skip
    assert ARRIVED_SETS == (DEV_EG, DEV_EH)
    assert HELDOUT_SETS == (HELDOUT, HELDOUT_B, HELDOUT_C)
    ids = [para.id for path in (*DEV_SETS, *ARRIVED_SETS, *HELDOUT_SETS) for para in load_cases(path)]
    assert len(ids) == len(set(ids))


def test_a_not_point_can_name_a_later_occurrence_and_a_bad_one_is_an_error(tmp_path: Path) -> None:
    text = "组织一次专题培训，这是一次深刻的洗礼。"
    head = f"source: ours\nparagraphs:\n  - id: t-1\n    branch: office\n    section: achievements\n    text: {text}\n"
    good = tmp_path / "good.yaml"
    good.write_text(head + "    points:\n      - {text: 一次, kind: count, value: 1, unit: 次, subject: 专题培训}\n"
                    "    not_points: [{text: 一次, occurrence: 2}]\n", encoding="utf-8")
    (paragraph,) = load_cases(good)
    assert paragraph.not_points == ((text.rindex("一次"), text.rindex("一次") + 2),)
    bad = tmp_path / "bad.yaml"
    bad.write_text(head + "    not_points: [{text: 一次, occurrence: 0}]\n", encoding="utf-8")
    with pytest.raises(CaseError, match="t-1.*occurrence"):
        load_cases(bad)
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text(head + "    not_points: [{text: 一次, occurence: 2}]\n", encoding="utf-8")
    with pytest.raises(CaseError, match="t-1.*occurrence"):
        load_cases(misspelt)
    missing = tmp_path / "missing.yaml"
    missing.write_text(head + "    not_points: [{text: 一次, occurrence: 3}]\n", encoding="utf-8")
    with pytest.raises(CaseError, match="t-1"):
        load_cases(missing)


def test_make_eval_reports_the_tuning_sets_together_and_apart_then_the_held_out_sets() -> None:
    from bench.eval_datapoints import SETS, _line, evaluate

    assert [(name, paths) for name, paths in SETS] == [
        ("dev", DEV_SETS),
        *((path.name, (path,)) for path in DEV_SETS),
        ("arrived dev-eg.yaml", (DEV_EG,)),  # (scored on arrival, not yet tuned on)
        ("arrived dev-eh.yaml", (DEV_EH,)),
        ("held-out", (HELDOUT,)),
        ("held-out-b", (HELDOUT_B,)),
        ("held-out-c", (HELDOUT_C,)),
    ]
    extractor = DataPointExtractor.default()
    together, apart = evaluate(DEV_SETS, extractor), [evaluate(path, extractor) for path in DEV_SETS]
    assert together["gold"] == sum(r["gold"] for r in apart)
    assert together["paragraphs"] == sum(r["paragraphs"] for r in apart)
    line = _line("dev", together)
    assert all(f"{what} P" in line for what in ("span", "value", "subject")) and "subject (overlap) P" in line


# -- subjects from the Matcher patterns (corpora/lexicons/datapoint_subjects.yaml) ----------------------------

_PATTERNS = SubjectPatterns.load()


def test_subject_pattern_file_validates_with_ids_sources_and_examples() -> None:
    ids = [p.id for p in _PATTERNS.data.patterns]
    assert len(ids) == len(set(ids)) >= 10
    assert all(p.source.strip() and p.examples for p in _PATTERNS.data.patterns)
    assert _PATTERNS.data.source.startswith("shuzhi")


@pytest.mark.parametrize(
    ("pattern_id", "text", "span", "subject"),
    [(p.id, e.text, e.point, e.subject) for p in _PATTERNS.data.patterns for e in p.examples],
)
def test_each_subject_pattern_gives_the_subjects_of_its_examples(
    pattern_id: str, text: str, span: str, subject: str
) -> None:
    """Every example in the data file gets its subject, and from that pattern (not the fallback)."""
    rules = [(f.subject, rule) for f, rule in RULES.subject_rules(text) if f.text == span]
    assert rules == [(subject, pattern_id)]


@pytest.mark.parametrize(
    ("text", "span", "subject", "pattern_id"),
    [
        ("全年党员参学率达98.6%。", "98.6%", "参学率", "rate_before_percent"),
        ("在全省党务知识竞赛中荣获三等奖。", "三等奖", "全省党务知识竞赛", "contest_before_result"),
        ("在第十届全省优质稻米评比中获个人第二名。", "第二名", "全省优质稻米评比", "contest_before_result"),
        ("站长刘建国荣立个人三等功。", "三等功", "站长刘建国", "merit_winner"),
        ("获省科技进步奖一等奖1项。", "一等奖", "省科技进步奖", ""),
        ("该品牌获评全省“十佳党建品牌”。", "全省“十佳党建品牌”", "该品牌", "award_winner"),
        ("年度考核中位列第一名。", "第一名", "年度考核", "named_review_before_result"),
        ("张明获评优秀共产党员。", "优秀共产党员", "张明", "award_winner"),
        ("支部被区委评为先进基层党组织。", "先进基层党组织", "支部", "award_winner_passive"),
        ("获优秀奖2项。", "2项", "优秀奖", "award_counted"),
        ("完成营业收入2.1亿元，同比下降8.5%。", "8.5%", "营业收入", "change_alone"),
        ("女性党员占比35%。", "35%", "女性党员", "share_named"),
        ("会费收入中财政补助占比高达64%。", "64%", "财政补助", "share_named"),  # (jieba: 占|比高|达)
        ("党员占职工总数的45%。", "45%", "党员", "share_of_whole"),
        ("组建党员突击队3支。", "3支", "党员突击队", "object_of_doing"),
        ("组织党员开展义务植树活动2次。", "2次", "义务植树活动", "object_of_doing"),
        ("开展入户走访、政策宣讲等志愿服务30余次。", "30余次", "志愿服务", "kind_after_list"),
        ("慰问困难党员和老党员20人次。", "20人次", "困难党员和老党员", "coordinated_nouns"),
        ("平均办结时间缩短至3天。", "3天", "办结时间", "time_measure"),
        ("其中具有研究生学历的有12名。", "12名", "具有研究生学历", "those_who"),
        ("因病长期不能参加活动的已达16名。", "16名", "长期不能参加活动", "those_who"),
        ("6月底前完成党员档案整理。", "6月底前", "党员档案整理", "task_by_date"),
    ],
)
def test_subject_patterns_read_each_family_of_phrasing(text: str, span: str, subject: str, pattern_id: str) -> None:
    """Sentences of our own, not the data file's examples: one or two per pattern family."""
    rules = [(f.subject, rule) for f, rule in RULES.subject_rules(text) if f.text == span]
    assert rules == [(subject, pattern_id)]


def test_the_fallback_walk_gives_the_subject_where_no_pattern_fires() -> None:
    found = RULES.subject_rules("组织3名党员赴井冈山学习。")
    assert [(f.text, f.subject, rule) for f, rule in found] == [("3名", "党员", "")]


def test_a_skip_word_inside_a_word_is_not_skipped() -> None:
    """计 (as in 共计) ends 毕业设计 and 长 ends 学习时长: neither is cut off the subject."""
    assert _one("指导毕业设计一百零五人。", "一百零五人").subject == "毕业设计"
    assert _one("党员人均学习时长每月不足4小时。", "4小时").subject == "学习时长"


def test_a_pattern_is_tried_only_where_a_sentence_could_match_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """SubjectPatterns.needed (a kind's patterns are skipped where the text holds no word any of them requires) and
    .required (a pattern is skipped where no token of the sentence is a word it requires): on the annotated sets the
    subjects are the same with both turned off (every pattern of the sentence's kinds tried), and with no Matcher kept
    for a set of patterns (every sentence matched with all the patterns of its kinds). Each extractor is built here:
    with the shared default one, two full runs of this file once gave one rank of dev-d another subject (see the
    2026-12-07 notes)."""
    extractor = DataPointExtractor()
    patterns = extractor.subject_patterns
    dates = patterns.needed["date"]
    assert dates is not None and dates.search("6月底前完成换届") and not dates.search("6月底")
    assert patterns.needed["percent"] is None  # rate_before_percent needs no word of a list
    required = dict(zip((pattern_id for pattern_id, *_ in patterns.compiled), patterns.required, strict=True))
    assert required["rate_before_percent"] is None and required["task_by_date"] == {"启动", "开始", "完成", "全部完成"}
    extractor.extract("支部于2023年6月召开党员大会。")  # (a date, and no word a date's pattern needs: no Matcher)
    assert extractor._matchers == extractor._kind_matchers == {}
    extractor.extract("支部于2023年6月完成换届。")  # the date's patterns, the first time in a Matcher of the kind's
    assert len(extractor._kind_matchers) == 1 and extractor._matchers == {}
    extractor.extract("支部于2023年6月完成换届。")  # and a Matcher of their own the second
    assert len(extractor._matchers) == 1

    texts = [p.text for path in DEV_SETS for p in load_cases(path)]
    with_shortcut = [[f.subject for f in found] for found in extractor.extract_many(texts)]
    unfiltered = SubjectPatterns.load()
    unfiltered.__dict__["needed"] = dict.fromkeys(patterns.needed)  # every kind matched, needing no word
    unfiltered.__dict__["required"] = (None,) * len(patterns.required)  # every pattern, needing no word
    plain = DataPointExtractor(subject_patterns=unfiltered)
    assert [[f.subject for f in found] for found in plain.extract_many(texts)] == with_shortcut
    monkeypatch.setattr("analyzers.datapoints._MATCHERS_KEPT", 0)  # every sentence with its kinds' Matcher
    kinds_only = DataPointExtractor()
    assert [[f.subject for f in found] for found in kinds_only.extract_many(texts)] == with_shortcut
    assert kinds_only._matchers == {}


def test_the_matchers_are_built_once_per_extractor_and_set_of_patterns() -> None:
    extractor = DataPointExtractor.default()
    for _ in range(2):  # (a set of patterns has a Matcher of its own the second time it is met)
        extractor.extract("开展主题党日活动12次，参学率98%。")
    built = dict(extractor._matchers), dict(extractor._kind_matchers)
    assert built[0]
    extractor.extract("全年开展主题党日活动10次，参学率96%。")
    assert (extractor._matchers, extractor._kind_matchers) == built and DataPointExtractor.default() is extractor


def test_word_tests_as_lexeme_flags_match_what_spacy_s_own_predicates_match() -> None:
    """The Matchers check the patterns' IN / NOT_IN / REGEX word tests as lexeme flags (in C); over the tokens of
    the tuning sets' sentences, every pattern matches exactly where the pattern as written matches."""
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    from analyzers.datapoints import _with_flags
    from analyzers.nlp import get_nlp, segment

    vocab = get_nlp().vocab
    written, flagged = Matcher(vocab), Matcher(vocab, validate=False)
    changed = 0
    for pattern_id, specs, _point, _subject in _PATTERNS.compiled:
        plain = [{k: v for k, v in spec.items() if k != "ORTH" or not isinstance(v, dict) or "IN" not in v
                  or not str(v["IN"][0]).startswith("<")} for spec in specs]  # the point token: any word here
        as_flags = [_with_flags(spec) for spec in plain]
        changed += as_flags != plain
        written.add(pattern_id, [plain])
        flagged.add(pattern_id, [as_flags])
    assert changed >= 10  # most patterns have word tests
    texts = [p.text for path in DEV_SETS for p in load_cases(path)][:150]
    for text in texts:
        doc = Doc(vocab, words=segment(text))
        assert sorted(flagged(doc)) == sorted(written(doc)), text


def _write_patterns(tmp_path: Path, patterns: str) -> Path:
    path = tmp_path / "subjects.yaml"
    path.write_text(f"source: a test\nlists:\n  verbs: [开展]\npatterns:\n{patterns}", encoding="utf-8")
    return path


_GOOD_EXAMPLE = "    examples: [{text: 开展党课3次。, point: 3次, subject: 党课}]\n"


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        ("[{ORTH: 开展}, {subject: true, IS_ALPHA: true}]", "exactly one"),
        ("[{ORTH: 开展}, {point: [count]}]", "subject: true"),
        ("[{subject: true, IS_ALPHA: true}, {point: [counts]}]", "expected a list of kinds"),
        ("[{ORTH: {IN: '@nouns'}}, {subject: true, IS_ALPHA: true}, {point: [count]}]", "no list 'nouns'"),
        ("[{ORTHX: 开展}, {subject: true, IS_ALPHA: true}, {point: [count]}]", "not a valid spaCy Matcher pattern"),
    ],
)
def test_a_bad_subject_pattern_is_an_error_naming_the_pattern(tmp_path: Path, tokens: str, message: str) -> None:
    path = _write_patterns(tmp_path, f"  - id: bad_one\n    source: ours\n    tokens: {tokens}\n{_GOOD_EXAMPLE}")
    with pytest.raises(SubjectPatternError) as error:
        SubjectPatterns.load(path)
    assert "bad_one" in str(error.value) and message in str(error.value) and str(path) in str(error.value)


def test_a_subject_pattern_without_source_or_examples_is_an_error(tmp_path: Path) -> None:
    tokens = "[{ORTH: {IN: '@verbs'}}, {subject: true, IS_ALPHA: true}, {point: [count]}]"
    path = _write_patterns(tmp_path, f"  - id: no_source\n    tokens: {tokens}\n")
    with pytest.raises(SubjectPatternError) as error:
        SubjectPatterns.load(path)
    message = str(error.value)
    assert "pattern 'no_source'" in message and "source" in message and "examples" in message


def test_a_good_subject_pattern_file_of_ones_own_is_used(tmp_path: Path) -> None:
    tokens = "[{ORTH: {IN: '@verbs'}}, {subject: true, IS_ALPHA: true}, {point: [count]}]"
    path = _write_patterns(tmp_path, f"  - id: verb_object\n    source: ours\n    tokens: {tokens}\n{_GOOD_EXAMPLE}")
    extractor = DataPointExtractor(subject_patterns=SubjectPatterns.load(path))
    assert [(f.subject, rule) for f, rule in extractor.subject_rules("开展党课3次。")] == [("党课", "verb_object")]


def test_a_word_test_left_without_a_free_flag_stays_a_predicate_and_still_matches(tmp_path: Path) -> None:
    """spaCy has 45 free lexeme flags; once they are taken (here by word sets of this test's own), a word list
    new to the process stays the IN predicate it was written as, and its pattern still gives its subject. The
    flags taken stay taken for the rest of the process: later Matchers are as right, only slower."""
    from analyzers.datapoints import _with_flags
    from analyzers.nlp import word_flag

    n = 0
    while word_flag(("IN", frozenset({f"占满旗标{n}"}))) is not None:
        n += 1
    spec = {"ORTH": {"IN": ["讲授", "举办", "开展"]}}
    assert _with_flags(spec) == spec
    path = tmp_path / "subjects.yaml"
    tokens = "[{ORTH: {IN: '@verbs'}}, {subject: true, IS_ALPHA: true}, {point: [count]}]"
    path.write_text(
        f"source: a test\nlists:\n  verbs: [讲授, 举办, 开展]\npatterns:\n  - id: verb_object\n    source: ours\n"
        f"    tokens: {tokens}\n{_GOOD_EXAMPLE}",
        encoding="utf-8",
    )
    extractor = DataPointExtractor(subject_patterns=SubjectPatterns.load(path))
    assert [(f.subject, rule) for f, rule in extractor.subject_rules("举办党课3次。")] == [("党课", "verb_object")]


def test_a_part_or_an_average_repeats_the_subject_of_its_total() -> None:
    text = "形成调研报告3份，其中1份获奖；撰写心得体会45篇，平均每人1.5篇。"
    found = RULES.subject_rules(text)
    assert [(f.text, f.subject, rule) for f, rule in found] == [
        ("3份", "调研报告", "object_of_doing"),
        ("1份", "调研报告", "inherited"),
        ("45篇", "心得体会", "object_of_doing"),
        ("1.5篇", "心得体会", "inherited"),
    ]


def test_a_share_standing_alone_is_the_share_of_the_count_before_it() -> None:
    found = RULES.subject_rules("研讨式学习仅4次，占比不足25%。")
    rules = [(f.text, f.subject, rule) for f, rule in found]
    assert rules == [("4次", "研讨式学习", ""), ("25%", "研讨式学习", "inherited")]


def test_a_word_running_across_a_data_point_s_edge_is_cut_there() -> None:
    """jieba cuts 412|名报|到|党员: the point is 412名, and what it counts starts at 报到 (not at 报); the
    characters of a point are never glued to a word after it either (3次|日常, not 3次日)."""
    assert _one("412名报到党员中全年参加社区活动不足2次的有135名。", "412名").subject == "报到党员"
    assert _one("开展3次日常巡查。", "3次").subject == "日常巡查"


def test_both_numbers_of_a_change_from_one_value_to_another_measure_the_words_before_you() -> None:
    found = _extract("长期未结案件由年初的186件降至43件。")
    assert [(f.text, f.subject) for f in found] == [("186件", "长期未结案件"), ("43件", "长期未结案件")]
    assert [f.subject for f in _extract("将示范泊位由2个扩展到4个。")] == ["示范泊位", "示范泊位"]
    assert _one("这支由9名党员科学家和14名船员党员组成的临时党支部。", "9名").subject == "党员科学家"  # no change
    # from 从 as from 由, and from the figure of now (目前, 当前, 现在)
    assert [f.subject for f in _extract("群众办事等候时间从过去的40分钟缩短到12分钟。")] == ["群众办事等候时间"] * 2
    found = _extract("年底前将非接触式办税比例由目前的91.2%提高到95%。")
    assert [(f.text, f.subject) for f in found] == [(s, "非接触式办税比例") for s in ("年底前", "91.2%", "95%")]


def test_a_measure_compared_with_a_year_is_the_subject_not_the_year() -> None:
    assert _one("学生阅读达标率较2026年提高5个百分点。", "5个百分点").subject == "学生阅读达标率"
    assert _one("合作社于2023年被评为国家农民合作社示范社。", "国家农民合作社示范社").subject == "合作社"


def test_a_count_after_you_counts_the_noun_phrase_before_what_is_said_of_it() -> None:
    assert _one("今年有2次党员大会因执法任务推迟。", "2次").subject == "党员大会"
    assert _one("全年有4次组织生活会推迟召开。", "4次").subject == "组织生活会"


def test_a_long_name_of_the_dictionary_is_taken_whole_past_the_length_limit() -> None:
    assert _one("全年支部党员主持国家自然科学基金项目4项。", "4项").subject == "国家自然科学基金项目"


def test_a_part_of_the_total_just_counted_is_named_by_the_total() -> None:
    assert _one("三是支部委员年龄偏大，5名支委中有2人身体欠佳。", "2人").subject == "支委"
    assert _one("全年11件重大事项中有2件涉及征地拆迁。", "2件").subject == "重大事项"
    # a negated state closing the clause is the part's own (dev-c's annotator accepts either wording here)
    assert _one("全年11件重大事项中有2件未经村民代表会议表决。", "2件").subject == "未经村民代表会议表决"


def test_a_count_and_the_average_after_it_split_at_the_average() -> None:
    found = _extract("党员队伍老化，17名党员平均年龄48.6岁。")
    assert [(f.text, f.subject) for f in found] == [("17名", "党员"), ("48.6岁", "平均年龄")]
    assert _one("支部委员平均年龄72岁，低于全院平均水平。", "72岁").subject == "平均年龄"


def test_a_word_starting_with_zhong_that_is_a_word_of_its_own_is_not_split() -> None:
    """中|长期 is split (中 a particle after a noun, 长期 a predicate), but 中考 and 中标 are words of their own."""
    assert _one("5月下旬组织中考心理疏导讲座2场。", "2场").subject == "中考心理疏导讲座"


def test_a_noun_s_last_character_jieba_joined_to_an_adverb_is_given_back() -> None:
    assert _one("年内排查出的风险点仅13个。", "13个").subject == "风险点"  # jieba: 风险|点仅


def test_a_period_s_last_character_jieba_joined_to_from_is_given_back() -> None:
    assert _one("伏季休渔期从5月1日至8月16日。", "5月1日").subject == "伏季休渔期"  # jieba: 伏季休渔|期从
    assert _one("全年ETC通行率达92.6%。", "92.6%").subject == "ETC通行率"  # jieba: 通行|率达


def test_after_a_count_of_ships_or_cases_the_noun_phrase_ends_where_its_predicate_starts() -> None:
    """艘, 例, 口 … count things: the words after them are a noun phrase that a verb or 无一 ends."""
    assert _one("全村43艘渔船无一违规出海。", "43艘").subject == "渔船"
    assert _one("全年转诊356例急性心梗患者。", "356例").subject == "急性心梗患者"


def test_an_adverb_of_success_or_time_and_a_verb_of_finding_end_a_subject() -> None:
    assert _one("全年成功处置突发疾病5起。", "5起").subject == "处置突发疾病"
    assert _one("今年以来群众投诉9件。", "9件").subject == "群众投诉"
    assert _one("抽检中检出不合格药品41批次。", "41批次").subject == "不合格药品"


def test_a_span_of_days_is_read_past_to_what_it_measures() -> None:
    assert _one("在春运40天里，党员坚守岗位。", "40天").subject == "春运"
    assert _one("接到求援后血液送达医院仅用38分钟。", "38分钟").subject == "血液送达医院"


def test_on_a_stage_the_postposition_is_cut_from_the_verb_after_it() -> None:
    """jieba reads 示范点|上作|交流发言: 上 closes the place, 作 opens the doing (at a meeting, the date is its)."""
    assert _one("9月在全市示范点上作交流发言。", "9月").subject == "交流发言"


def test_the_day_word_after_an_event_is_no_part_of_it() -> None:
    assert _one("6月9日国际档案日当天14:30，支部开展线上直播。", "6月9日").subject == "国际档案日"


def test_a_scope_before_a_long_event_name_does_not_cut_the_name() -> None:
    """The name fills the 8-字 limit and 全员 stands before it: a scope, not part of a word the limit cut."""
    assert _one("12月支部已组织一次全员病历书写专项培训。", "12月").subject == "病历书写专项培训"


def test_next_year_and_a_postponement_are_read_past_to_the_task_a_deadline_sets() -> None:
    text = "原定9月底前完成的示范岗星级评定推迟至明年。"
    assert _one(text, "9月底前").subject == "示范岗星级评定"
    assert _one("剩余1个因涉及教学评价制度修订，需在2025年6月前完成。", "2025年6月前").subject == "教学评价制度修订"


def test_a_full_width_comma_between_full_width_digits_is_a_thousands_separator() -> None:
    found = _extract("全年开展延续护理２，３６０人次，完成检测２６，４００余份。")
    assert [(f.text, f.value) for f in found] == [("２，３６０人次", 2360), ("２６，４００余份", 26400)]
    assert [f.value for f in _extract("分别为2，3名。")] == [3]  # half-width digits: ，is a clause mark


def test_measure_words_of_flights_shifts_episodes_and_banners_and_areas_in_square_kilometres() -> None:
    found = _extract("保障航班4.72万架次，投入机械190台班，录制音频320集，收到锦旗14面，测绘约2,300平方公里。")
    assert [(f.text, f.unit, f.kind) for f in found] == [
        ("4.72万架次", "架次", "count"), ("190台班", "台班", "count"), ("320集", "集", "count"),
        ("14面", "面", "count"), ("约2,300平方公里", "平方公里", "other"),
    ]  # fmt: skip


def test_seconds_sets_of_machines_cases_and_kilowatts_and_halves_of_years_and_tenths() -> None:
    found = _extract("平均接警时长68秒，购置设备14台套，完成检查2.18万例次，装机容量486.3万千瓦。")
    assert [(f.text, f.value, f.kind) for f in found] == [
        ("68秒", 68, "duration"), ("14台套", 14, "count"), ("2.18万例次", 21800, "count"),
        ("486.3万千瓦", 4863000, "other"),
    ]  # fmt: skip
    halves = _extract("历时一年半完成改造，占比约三成半。")
    assert [(f.text, f.value) for f in halves] == [("一年半", 1.5), ("约三成半", 35)]
    assert _extract("一年半载难见成效。") == []
    assert [f.text for f in _extract("对80周岁以上独居老人每餐减免3元。")] == ["3元"]  # an age bound: no 80周


def test_wagon_loads_station_visits_trains_pairs_and_person_days_are_counted() -> None:
    found = _extract("发送货物4.18万车，巡测24站次，开行18列，发放一千余副，累计200天次，占比近一半。")
    assert [(f.text, f.value, f.kind) for f in found] == [
        ("4.18万车", 41800, "count"), ("24站次", 24, "count"), ("18列", 18, "count"), ("一千余副", 1000, "count"),
        ("200天次", 200, "count"), ("近一半", 50, "percent"),
    ]  # fmt: skip


def test_a_place_among_the_first_reached_is_a_rank_and_near_half_a_year_a_duration() -> None:
    assert [(f.text, f.value, f.kind) for f in _extract("在季度考评中进入前五名。")] == [("前五名", 5, "rank")]
    assert [f.kind for f in _extract("目前5名党员在外务工。")] == ["count"]
    assert [(f.text, f.value) for f in _extract("6名党员近半年未与支部联系。")] == [("6名", 6), ("近半年", 0.5)]


def test_a_difference_from_a_reference_measures_the_figure_compared() -> None:
    found = _extract("学生党员英语四级通过率81%，低于学院平均2.6个百分点。")
    assert [f.subject for f in found] == ["英语四级通过率", "英语四级通过率"]
    assert _one("示范泊位作业效率比其他泊位高出12%。", "12%").subject == "示范泊位作业效率"
    assert _one("力争党员通过率高于年级平均5个百分点。", "5个百分点").subject == "党员通过率"


def test_a_word_a_subject_term_cuts_leaves_its_other_part_between_the_names() -> None:
    """jieba cuts 党员|中老|党员; the term 老党员 takes 老 from 中老, and 中 stays a token between 党员 and 老党员, so
    the total and its part are two names, not one (党员中老党员)."""
    found = _extract("28名党员中老党员有17名。")
    assert [(f.text, f.subject) for f in found] == [("28名", "党员"), ("17名", "老党员")]


def test_a_subject_term_inside_a_longer_word_does_not_cut_it() -> None:
    """培训 is a subject term, but jieba's 业务培训 is one word: the subject is the whole word."""
    assert _one("全年开展远程会诊260例、业务培训36场。", "36场").subject == "业务培训"


def test_a_word_jieba_cut_into_two_characters_is_one_token_again() -> None:
    """jieba cuts 到社区报到 as 到|社区|报|到: 报到 is a word of its dictionary, made whole again, so a subject
    neither ends nor starts inside it; two characters that are no word together (在|研) stay apart."""
    text = "3月5日起，支部推动在职党员到社区报到，报到率100%。"
    vocabulary = default_vocabulary()
    digits = [(0, 1), (1, 2), (2, 3), (3, 4)]
    assert [text[s:e] for s, e in _rejoin_suffixes(text, digits, vocabulary)] == list("3月5日")
    words = [(0, 2), (2, 3), (3, 4), (4, 5), (5, 7)]  # 社区|报|到|在|研究
    assert [("社区报到在研究")[s:e] for s, e in _rejoin_suffixes("社区报到在研究", words, vocabulary)] == [
        "社区", "报到", "在", "研究"
    ]
    assert _one(text, "3月5日").subject == "社区报到"


def test_a_rate_s_or_a_contest_s_last_character_is_given_back_from_the_word_jieba_joined_it_to() -> None:
    """jieba's 不良贷款|率压|降至 and 发布|赛中|获: 率 and 赛 end the words before them, 压 and 中 stay apart."""
    vocabulary = default_vocabulary()
    for text, words, expected in (
        ("不良贷款率压降至", [(0, 4), (4, 6), (6, 8)], ["不良贷款率", "压", "降至"]),
        ("成果发布赛中获", [(0, 2), (2, 4), (4, 6), (6, 7)], ["成果", "发布赛", "中", "获"]),
    ):
        assert [text[s:e] for s, e in _rejoin_suffixes(text, words, vocabulary)] == expected
    assert _one("车间QC小组在省级QC成果发布赛中获二等奖。", "二等奖").subject == "省级QC成果发布赛"


# -- general rules: what the measure word implies, word classes, the order of verb and object ---------------


def _subject_and_rule(text: str, span: str) -> tuple[str, str]:
    rules = [(f.subject, rule) for f, rule in RULES.subject_rules(text) if f.text == span]
    assert len(rules) == 1, (span, rules)
    return rules[0]


def test_a_count_with_no_words_of_its_own_repeats_the_count_before_it() -> None:
    found = RULES.subject_rules("每月开展1次“党员固定活动日”，全年不少于12次。")
    assert [(f.text, f.subject, rule) for f, rule in found] == [
        ("1次", "党员固定活动日", ""),
        ("12次", "党员固定活动日", "inherited"),
    ]
    listed = RULES.extract("一至四季度分别开展安全警示教育2次、3次、2次、4次。")
    assert [f.subject for f in listed] == ["安全警示教育"] * 4


def test_a_name_in_quotes_after_a_count_or_duration_is_its_subject() -> None:
    assert _one("4月启动为期六个月的“党员先锋工程”。", "六个月").subject == "党员先锋工程"
    assert _one("4月启动为期六个月的“党员先锋工程”。", "4月").subject == "党员先锋工程"


def test_an_aside_in_brackets_between_a_rate_and_its_number_is_read_past() -> None:
    assert _one("群众满意率（以电话回访为准）达到96.2%。", "96.2%").subject == "群众满意率"


def test_a_duration_after_a_verb_measures_that_doing() -> None:
    assert _one("派驻党员骨干12名，每周坐诊2天。", "2天").subject == "坐诊"
    assert _one("举办青年论坛，历时3天。", "3天").subject == "青年论坛"  # standing alone: the clause before


def test_a_count_that_modifies_a_noun_does_not_end_the_event_of_a_date() -> None:
    assert _one("3月起，支部分3个党小组开展读书活动。", "3月").subject == "读书活动"
    assert _one("9月底前组织5名党员参加党性教育培训。", "9月底前").subject == "党性教育培训"


def test_a_generic_head_takes_the_word_before_it() -> None:
    assert _one("每期参加人数不少于30人。", "30人").subject == "参加人数"


def test_award_titles_in_quotes_and_in_lists() -> None:
    passive = ("村党支部", "award_winner_passive")
    assert _subject_and_rule("村党支部被县委评为“五星级党支部”。", "五星级党支部") == passive
    found = _extract("社区先后获评省级文明单位、市级文明社区。")
    assert [(f.text, f.kind) for f in found] == [("省级文明单位", "rank"), ("市级文明社区", "rank")]
    found = RULES.subject_rules("在省职工职业技能大赛中分获第2名和第5名。")
    assert [(f.text, f.subject) for f, _ in found] == [("第2名", "省职工职业技能大赛"), ("第5名", "省职工职业技能大赛")]


def test_a_rank_whose_clause_names_no_winner_or_contest_takes_them_from_its_sentence() -> None:
    # a place or a prize: the contest named after 在 or 参加 before it, up to its head, without an edition
    text = "指导学生参加全国职业院校技能大赛汽车技术赛项，获一等奖1项。"
    assert _one(text, "一等奖").subject == "全国职业院校技能大赛"
    text = "中心在全省中医医院治未病工作评估中得分94.5分，位列第4名。"
    assert _one(text, "第4名").subject == "全省中医医院治未病工作评估"
    assert _one("学员参加全省第二届乡村工匠技能大赛，获二等奖1个。", "二等奖").subject == "乡村工匠技能大赛"
    # a title: whoever 被 follows, else the topic of its clause or of the sentence
    assert _one("合作社获省级示范社，支部被县委表彰为“五星级党支部”。", "五星级党支部").subject == "支部"
    assert _one("本年度先锋队被市中级人民法院评为“执行攻坚先进集体”。", "执行攻坚先进集体").subject == "先锋队"
    text = "党员驾驶员张建国安全行车超过80万公里，被评为全国“最美公交司机”。"
    assert _one(text, "全国“最美公交司机”").subject == "张建国"
    text = "党员人均累计献血量达4,800毫升，书记刘建国累计献血82次，被评为全市“献血明星”。"  # the nearest topic
    assert _one(text, "全市“献血明星”").subject == "刘建国"
    text = "在全区“机关党建示范点”评比中，支部以综合得分96.5分位列第二名，被评为区直机关先进基层党组织。"
    assert _one(text, "区直机关先进基层党组织").subject == "支部"  # (not 在全区: a clause opened by a preposition)


def test_a_count_after_a_scope_counts_the_noun_after_it() -> None:
    assert _one("执法网格76个，覆盖全县243个行政村。", "243个").subject == "行政村"
    assert _one("带动周边3个村380余名群众就近务工。", "3个").subject == "村"
    assert _one("联合党支部覆盖园区内17家小微企业。", "17家").subject == "小微企业"  # (a place and 内)
    assert _one("承担辖内62个网点的现金调拨配送。", "62个").subject == "网点"
    assert _one("全站31名职工平均年龄49.2岁。", "31名").subject == "职工"  # (not 平均年龄: the next number's)
    assert _one("87名党员分布在全市6个区和外省3个城市。", "6个").subject == "区"
    assert _one("支部组织全体党员深入社区开展志愿服务12次。", "12次").subject != "社区"  # (no scope, no noun after)


def test_round_the_clock_is_no_time_spent() -> None:
    assert _extract("开通24小时农技服务热线。") == []  # (热线 a few words on in the clause)
    assert _extract("实行24小时值守。") == []
    assert [f.text for f in _extract("24小时内完成服务对接。")] == ["24小时"]  # a time limit


def test_a_target_a_figure_falls_short_of_is_the_targets() -> None:
    assert _one("持证率提高到85%，距离100%的目标还有15个百分点。", "100%").subject == "目标"
    assert _one("今年引进博士仅2名，未完成引进5名的计划。", "5名").subject == "计划"
    assert _one("社区用房仅260平方米，低于每百户30平方米的标准。", "30平方米").subject == "标准"
    text = "集中学习全年仅9次，距离每月1次的要求还差3次。"  # a frequency: what is done that often, not the target
    assert _target_fallen_short_of(text, _one(text, "1次")) == ""


def test_a_count_before_a_clause_with_de_counts_the_noun_after_it() -> None:
    assert _one("组织12名有专业特长的老党员组成宣讲团。", "12名").subject == "老党员"
    assert _one("对9个活动不足的联络站实行“一站一策”。", "9个").subject == "联络站"
    assert _one("带动周边12个村的386户养殖户增收。", "12个").subject == "村"  # (村 is no clause: 的 joins two nouns)


def test_a_count_closed_by_a_negated_state_counts_the_tasks_in_that_state() -> None:
    assert _one("6项整改任务中尚有1项未完成。", "1项").subject == "未完成"
    assert _one("截至11月底仍有4处未整改到位，", "4处").subject == "未整改到位"
    assert _one("“转接不及时”1项仍未完全解决。", "1项").subject == "仍未完全解决"
    text = "已整改3项，“党建与业务融合不深”1项仍在推进中。"  # a state of its own, not the total's
    assert _one(text, "1项").subject == "仍在推进中"
    # past a cause, the state at the clause's end (尚 given back by the cause)
    assert _one("已整改4项，另有1项因资金未到位尚未完成，", "1项").subject == "尚未完成"
    assert _one("“网格员配备不足”1项因编制所限仍在推进。", "1项").subject == "仍在推进"
    # a state of up to 10 字 after its negation, not a noun that opens with 未 nor words joined by 的
    text = "新入职的9名党员中，有4名尚未取得上岗资格认证，"
    assert _subject_and_rule(text, "4名") == ("尚未取得上岗资格认证", "tasks_in_state")
    assert _subject_and_rule("帮教19名未成年人。", "19名")[1] != "tasks_in_state"
    # a state after 暂 or 正 too
    assert _subject_and_rule("排查隐患12处，有3处暂未整改，", "3处") == ("暂未整改", "tasks_in_state")
    assert _subject_and_rule("另有2处因企业停产正在跟踪。", "2处") == ("正在跟踪", "tasks_in_state")


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("全年支委会有3次因临床任务冲突推迟召开，", "3次", "推迟召开"),
        ("12345热线转办件中有11件因回复不及时被通报，", "11件", "被通报"),
        ("尚有2条因营房改造未完工而滞后。", "2条", "滞后"),  # (not the negated state inside the cause)
        ("“三会一课”仍有4次因迎检、竞赛等原因推迟召开，", "4次", "推迟召开"),
    ],
)
def test_a_count_closed_by_what_befell_it_for_a_cause_counts_that(text: str, span: str, subject: str) -> None:
    assert _subject_and_rule(text, span) == (subject, "tasks_in_state")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("近三年发展的29名党员中大专以上学历仅6名。", "发展"),
        ("近两年调离或辞职的35岁以下技术人员5人。", "调离或辞职"),
        ("近五年没有新入职的专业技术人员。", "新入职"),  # (没有 left out)
    ],
)
def test_recent_years_before_a_doing_and_de_are_the_doing_s(text: str, subject: str) -> None:
    (found, rule), = [(f, rule) for f, rule in RULES.subject_rules(text) if f.kind == "duration"]
    assert (found.subject, rule) == (subject, "done_in_recent_years")


def test_a_duration_of_each_of_the_things_counted_before_is_theirs() -> None:
    assert _one("年内开展客房卫生专项整治2轮，每轮为期一个月。", "一个月").subject == "客房卫生专项整治"
    assert _one("举办代表履职培训班2期、每期2天。", "2天").subject == "代表履职培训班"


def test_a_team_a_person_or_a_scope_before_a_rank_is_no_winner() -> None:
    text = "带领学生参加全国职业院校技能大赛汽车技术赛项，获团体二等奖1项。"
    assert _one(text, "二等奖").subject == "全国职业院校技能大赛"
    assert _one("支部在公司技能比武中荣获团体一等奖。", "一等奖").subject == "公司技能比武"
    assert _one("本人被评为全市优秀党务工作者。", "全市优秀党务工作者").subject == "本人"
    text = "支部承办集团党建工作现场会，年底获评集团公司“四强”党支部。"  # a time is no winner, nor a topic
    assert _one(text, "集团公司“四强”党支部").subject == "支部"
    text = "在全省人社系统“练兵比武”竞赛中，支部代表队获团体三等奖。"  # no contest cut inside its quotes
    assert _one(text, "三等奖").subject != "全省人社系统“练兵比武"
    assert _one("支部作交流发言，被区委组织部评为“非公企业党建示范点”。", "非公企业党建示范点").subject == "支部"
    text = "11月，在集团焊接技能大赛中，党员焊工李海峰获二等奖。"  # a prize: the contest's, not the winner's
    assert _one(text, "二等奖").subject == "集团焊接技能大赛"
    # an adverb before the award verb, a year before 被: no winner; the sentence's
    text = "支部书记林涛连续三年考核优秀，并被评为全县优秀党务工作者。"
    assert _one(text, "全县优秀党务工作者").subject == "林涛"
    assert _one("检察室2025年被省检察院命名为“枫桥式检察室”。", "枫桥式检察室").subject == "检察室"


def test_the_whole_a_place_ranks_in_is_not_what_ranked() -> None:
    assert _one("支行存款市场份额位居全县银行业第一。", "第一").subject == "支行存款市场份额"
    assert _one("2026年中考，全校均分位列全县公办初中第3名。", "第3名").subject == "全校均分"
    text = "线路在市民评议中得分96.2分，列全市公交线路第一名。"  # no measure before the verb: the contest
    assert _one(text, "第一名").subject == "市民评议"


def test_peers_a_verb_that_keeps_a_place_or_a_year_are_not_what_ranked() -> None:
    assert _one("年末存款余额在全市18家支行中位列第4名。", "第4名").subject == "年末存款余额"
    assert _one("在全市13个县区卫片执法考核中位列第二名。", "第二名").subject == "卫片执法考核"  # (peers in a contest)
    assert _one("力争支部在集团党建考核中保持前三。", "前三").subject == "集团党建考核"
    text = "在2026年度全市母婴安全考核中，科室得分98.5分，位列全市第1名。"
    assert _one(text, "第1名").subject == "全市母婴安全考核"
    assert _one("学员参加2026年全省乡村工匠技能大赛，获二等奖1个。", "二等奖").subject == "全省乡村工匠技能大赛"


def test_a_prize_is_the_prize_of_what_its_award_verb_names_before_it() -> None:
    assert _one("党员研究员方志远团队获省科学技术奖一等奖。", "一等奖").subject == "省科学技术奖"
    text = "“薪火课堂”项目荣获全省老干部工作创新案例二等奖。"
    assert _one(text, "二等奖").subject == "全省老干部工作创新案例"
    # without the person's or team's category, an edition or a year
    assert _one("党员护士张晓岚获全省护理技能大赛个人三等奖。", "三等奖").subject == "全省护理技能大赛"
    assert _one("项目荣获第三届全省老干部工作创新案例二等奖。", "二等奖").subject == "全省老干部工作创新案例"
    assert _one("支部选送的QC成果获省质量协会一等奖。", "一等奖").subject == "QC成果"  # (the issuer: no award's name)
    # a category names no award: the winner stays
    assert _one("学校获团体总分第二名。", "第二名").subject == "学校"
    assert _one("合作社荣获团体一等奖。", "一等奖").subject == "合作社"


def test_an_age_is_a_measure_but_an_age_bound_names_a_group() -> None:
    found = _extract("支部党员平均年龄76岁，其中80岁以上党员21名。")
    assert [(f.text, f.kind, f.value) for f in found] == [("76岁", "other", 76), ("21名", "count", 21)]


def test_a_season_or_holiday_before_qian_is_a_deadline() -> None:
    assert _one("春耕前完成高标准农田改造300亩。", "春耕前").kind == "deadline"
    assert _one("春节前走访慰问老党员12户。", "春节前").kind == "deadline"



def test_a_count_tied_by_de_to_a_noun_counts_that_noun() -> None:
    assert _one("党员教师全部完成不少于72学时的继续教育。", "72学时").subject == "继续教育"


def test_a_task_done_by_a_date_is_what_is_done_not_the_doing() -> None:
    assert _one("3月中旬前完成全年活动计划的制定。", "3月中旬前").subject == "活动计划"  # 全年 is a stop word
    assert _one("查摆的8条问题，本学期末前全部整改到位。", "本学期末前").subject == "整改到位"


# The sets with a second, blind annotation of their subjects, by their names in `make eval` (SECOND_ANNOTATIONS)
SECOND_ANNOTATED = ("held-out", "held-out-b", "held-out-c", "dev-dc.yaml", "dev-dh.yaml")
# Older tuning sets re-annotated blind under the guide of 2026-12-07 (their first annotation is older than it)
RE_ANNOTATED = ("dev.yaml", "dev-e.yaml", "dev-o.yaml", "dev-ad.yaml", "dev-ba.yaml")


@pytest.mark.parametrize("name", SECOND_ANNOTATED + RE_ANNOTATED)
def test_a_held_out_set_with_two_references_keeps_the_first_annotator_s_wordings_and_adds_the_second_s(
    name: str,
) -> None:
    from bench.eval_datapoints import SECOND_ANNOTATIONS, with_second_annotator

    first_path, second_path = next((f, s) for n, f, s in SECOND_ANNOTATIONS if n == name)
    first, both = load_cases(first_path), with_second_annotator(first_path, second_path)
    assert [p.text for p in both] == [p.text for p in first]
    pairs = [(a, b) for p, q in zip(first, both, strict=True) for a, b in zip(p.points, q.points, strict=True)]
    assert all(b.subject == a.subject and b.subjects[: len(a.subjects)] == a.subjects for a, b in pairs)
    assert sum(len(b.subjects) > len(a.subjects) for a, b in pairs) > 0


@pytest.mark.parametrize("name", SECOND_ANNOTATED)
def test_a_second_blind_annotator_agrees_with_the_held_out_subjects(name: str) -> None:
    """The second, blind annotation of a held-out set's (or a new writer's set's) subjects names the same points; two
    annotators agree on subjects (what `make eval` prints), which says the 0.9 aim is reachable by a reader."""
    from bench.eval_datapoints import SECOND_ANNOTATIONS, annotator_agreement

    first, second = next((f, s) for n, f, s in SECOND_ANNOTATIONS if n == name)
    agreement = annotator_agreement(first, second)
    assert agreement["points"] == sum(len(p.points) for p in load_cases(first))
    assert agreement["second_vs_first"] >= 0.9 and agreement["first_vs_second"] >= 0.9


def test_the_re_annotated_tuning_sets_name_the_same_points_and_mostly_the_same_subjects() -> None:
    """Five older tuning sets re-annotated blind under today's guide name the same points as their first annotation
    and agree with it on most subjects (0.90 to 0.98 in 2026-12: the first annotation of dev.yaml, not written blind,
    was written under a much earlier guide); `make eval` prints how far, beside the new writers' sets."""
    from bench.eval_datapoints import SECOND_ANNOTATIONS, annotator_agreement

    registered = {n: (f, s) for n, f, s in SECOND_ANNOTATIONS}
    assert set(RE_ANNOTATED) <= set(registered) and set(SECOND_ANNOTATED) <= set(registered)
    for name in RE_ANNOTATED:
        first, second = registered[name]
        assert first in DEV_SETS, name
        agreement = annotator_agreement(first, second)
        assert agreement["points"] == sum(len(p.points) for p in load_cases(first)), name
        assert min(agreement["second_vs_first"], agreement["first_vs_second"]) >= 0.85, name


@pytest.mark.parametrize(
    ("text", "span", "kind", "value", "unit"),
    [
        ("每次座谈参加群众少则十几人、多则三四十人。", "三四十人", "count", 30, "人"),  # 两位数字 + 位: the lower bound
        ("全年累计服务六七百人。", "六七百人", "count", 600, "人"),
        ("全年光伏发电量1.26亿千瓦时。", "1.26亿千瓦时", "other", 126000000, "千瓦时"),  # 千 of 千瓦时 is the unit's
        ("组织党员献血1.5万毫升。", "1.5万毫升", "other", 15000, "毫升"),
        ("科考船总航程约8000海里。", "约8000海里", "other", 8000, "海里"),
        ("志愿者参与交通疏导共计180班次。", "180班次", "count", 180, "班次"),
        ("10月9日晚8点召开支委会。", "8点", "date", None, ""),  # 晚 alone is a part of the day too
        ("9月中下旬完成党员信息采集。", "9月中下旬", "date", None, ""),
    ],
)
def test_more_measure_words_ranges_and_parts_of_the_day(
    text: str, span: str, kind: str, value: float | None, unit: str
) -> None:
    found = _one(text, span)
    assert (found.kind, found.value, found.unit) == (kind, value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "这一年，支部开展专题学习6次。",  # 这一年: "this year"
        "覆盖一至三年级学生800余人。",  # 三年级 is a grade
        "入党满30周年的老党员4名。",  # an anniversary
        "机关党支部坚持把“两个表率”要求落到实处。",  # a number inside a short quoted name
        "开设“三点半课堂”授课40节。",
        "新的一年，支部将重点抓好三项工作：一是强化学习。",  # the count announces the list after the colon
        "党员教师合编的《乡村教书三十年》由县图书馆收藏。",  # a number inside the title of a work
        "支部编写的《老街的20个红色记忆》入选市级读本。",
    ],
)
def test_numbers_that_are_no_data_points(text: str) -> None:
    spans = {f.text for f in _extract(text)}
    assert not spans & {"一年", "三年", "30周", "两个", "三点半", "三项", "三十年", "20个"}, spans


def test_a_title_after_a_verb_that_only_takes_titles_runs_to_its_end() -> None:
    """获评/被评为/被授予 take a title whatever its ending; a name quoted inside it stays in the span."""
    found = RULES.subject_rules(
        "社区被评为全市无疫小区，护士长李红获评全市“最美护士”，团队被授予省级“青年突击队”称号。"
    )
    assert [(f.text, f.kind, f.subject) for f, _ in found] == [
        ("全市无疫小区", "rank", "社区"),
        ("全市“最美护士”", "rank", "李红"),  # the name after the post is the winner
        ("省级“青年突击队”", "rank", "团队"),
    ]


def test_the_winner_named_by_post_and_name_is_the_person() -> None:
    assert _one("驻村第一书记王海被评为全县优秀共产党员。", "全县优秀共产党员").subject == "王海"
    assert _one("支部书记获评全市优秀党务工作者。", "全市优秀党务工作者").subject == "支部书记"  # a post alone


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a title may hold a formula the numbers are read without (一流, 一支部一品牌), inside it
        ("其中《高级英语》获评国家级一流本科课程。", "国家级一流本科课程"),
        ("“医保e站”经验被评为全市机关党建“一支部一品牌”示范项目。", "全市机关党建“一支部一品牌”示范项目"),
    ],
)
def test_a_title_holding_a_formula_is_a_title(text: str, title: str) -> None:
    assert [f.text for f in _extract(text) if f.kind == "rank"] == [title]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # medals and a championship are prizes: won in the contest the sentence names, not by the winner
        ("在2026年全国大学生田径锦标赛中，支部党员获得金牌3枚、银牌2枚。", "金牌", "全国大学生田径锦标赛"),
        ("在全省餐饮行业职业技能大赛中，党员选手获银牌5枚。", "银牌", "全省餐饮行业职业技能大赛"),
        # a games named by 运会 is a contest too
        ("学校在全省教学技能大赛中获一等奖1个，听障学生在第十二届全国残运会上获得金牌2枚。", "金牌", "全国残运会"),
        # and a title won in it, quoted
        ("“电芯红”品牌在集团党建创新成果评选中获评“十佳党建品牌”。", "十佳党建品牌", "集团党建创新成果评选"),
    ],
)
def test_a_medal_is_won_in_the_contest_the_sentence_names(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_a_prize_of_a_contest_and_a_prize_listed_with_counts() -> None:
    assert _subject_and_rule("作品获全省微电影大赛银奖。", "银奖") == ("全省微电影大赛", "contest_right_before_prize")
    # a region of the contest before the prize is where it was won, not what it is the prize of
    assert _one("指导学生参加全国中学生物理竞赛，获省赛区一等奖6人。", "一等奖").subject == "全国中学生物理竞赛"
    found = _extract("在技能大赛中获金奖2项、银奖3项。")
    assert [(f.text, f.kind, f.subject) for f in found] == [
        ("金奖", "rank", "技能大赛"),
        ("2项", "count", "金奖"),
        ("银奖", "rank", "技能大赛"),
        ("3项", "count", "银奖"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("选派8名党员担任网格员。", "8名", "党员"),  # a verb after the noun starts the predicate
        ("有20名学生顺利通过考核。", "20名", "学生"),  # so does an adverb
        ("带动30名留守妇女就近务工。", "30名", "留守妇女"),
        ("38户居民中有30户签字同意。", "30户", "签字同意"),  # no noun first: what they did is counted
    ],
)
def test_read_rightwards_a_count_counts_the_noun_phrase_before_the_predicate(
    text: str, span: str, subject: str
) -> None:
    assert _one(text, span).subject == subject


def test_a_count_of_things_right_before_a_count_of_the_things_within_them_counts_its_noun() -> None:
    text = "安置移民来自原库区6个乡镇17个行政村。"
    assert [(f.text, f.subject) for f, _ in RULES.subject_rules(text)] == [("6个", "乡镇"), ("17个", "行政村")]
    text = "支委5人平均年龄75岁。"  # (the words after it the measure of the next number: read leftwards)
    assert [f.subject for f, _ in RULES.subject_rules(text)][0] == "支委"


def test_ren_serving_as_a_post_ends_the_people_counted() -> None:
    # jieba joins 任 to the post (任组长) or tags it a pronoun (任|联络员); 任务 is no post
    for text in ("每组明确1名党员任组长。", "在每艘实习船上确定1名党员任联络员。"):
        assert [f.subject for f, _ in RULES.subject_rules(text)] == ["党员"], text


def test_words_between_a_measure_and_its_number_are_read_past() -> None:
    assert _one("存款余额力争突破5亿元。", "5亿元").subject == "存款余额"
    found = _extract("党小组会应开12次、实开9次。")
    assert [f.subject for f in found] == ["党小组会", "党小组会"]
    found = _extract("每场观众少则五十人、多则三百人。")
    assert [f.subject for f in found] == ["每场观众", "每场观众"]
    assert _one("门诊满意率也仅为88%。", "88%").subject == "门诊满意率"
    assert _one("参训人数控制在40人以内。", "40人").subject == "参训人数"


def test_a_change_takes_the_subject_of_the_figure_it_changes_and_alone_is_named_by_the_change() -> None:
    assert _subject_and_rule("存款余额达到8亿元，较年初新增不少于1.5亿元。", "1.5亿元") == ("存款余额", "change_alone")
    assert _subject_and_rule("售电量8.73亿千瓦时，同比增长6.8%。", "6.8%") == ("售电量", "change_alone")
    # a figure in the sentence before is not the one that changed
    assert _subject_and_rule("全年发展党员3名。该项指标，同比增长12.5%。", "12.5%") == ("同比增长", "change_alone")


def test_a_name_in_quotes_right_before_a_count_is_what_it_counts() -> None:
    assert [f.subject for f in _extract("建成“爱心驿站”2个，绘制“党员地图”1张。")] == ["爱心驿站", "党员地图"]
    # also with a generic head after it (活动, 项目, 行动), and a name of up to 12 characters
    assert [f.subject for f in _extract("开展“税法宣传进校园”活动9场，“城乡供水一体化提质改造”项目历时8个月。")] == [
        "税法宣传进校园",
        "城乡供水一体化提质改造",
    ]


def test_an_average_of_a_sum_or_a_measure_repeats_the_subject_of_its_total() -> None:
    found = _extract("年度科研经费80万元，人均4万元；办公用房面积共900平方米，人均不足9平方米。")
    assert [f.subject for f in found] == ["科研经费", "科研经费", "办公用房面积", "办公用房面积"]


def test_a_count_after_a_word_of_state_counts_the_tasks_in_that_state() -> None:
    found = RULES.subject_rules("梳理问题20条，已整改到位15条、尚未完成的5条。")
    assert [(f.text, f.subject, rule) for f, rule in found][1:] == [
        ("15条", "已整改到位", "tasks_in_state"),
        ("5条", "尚未完成", "tasks_in_state"),
    ]
    assert _one("上半年完成5个网格党支部书记轮训。", "5个").subject != "完成"  # a noun after it is what it counts


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a verb qualifying the doing names the event with its head (event_modifiers)
        ("9月底前完成3名发展对象的培养考察。", "9月底前", "培养考察"),
        ("科室于5月20日前全部整改销号。", "5月20日前", "整改销号"),
        # 计划于 is read past; a task finished by a deadline in a clause of its own is the clause before
        ("食堂账目问题需财务科协调，计划于2025年4月底前完成。", "2025年4月底前", "财务科协调"),
        # the first of two predicates joined by 并 is the task
        ("支部将于3月底前完成遗留问题整改并提请验收。", "3月底前", "遗留问题整改"),
        # the words a count counts are not the event: the rest, or the verbs before a count of people
        ("6月底前完成85户农户改厕，", "6月底前", "改厕"),
        ("国庆前走访看望全部42名困难党员，", "国庆前", "走访看望"),
        # the object of 把 is what a deadline is for
        ("每月10日前把学习材料送到每位党员手中。", "10日前", "学习材料"),
    ],
)
def test_the_event_a_deadline_places(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a date opening a clause whose subject names an event places it, not the object counted after it
        ("11月区委督查组检查发现问题6个，", "11月", "区委督查组检查"),
        ("3月科室安全检查共发现隐患12处。", "3月", "科室安全检查"),
        ("6月支部开展主题宣讲3场。", "6月", "主题宣讲"),  # the subject names who acts: the event is the object
        # a generic head after a quoted name: the name
        ("9月10日教师节前后开展“党员教师进家庭”活动，", "9月10日", "党员教师进家庭"),
        # a verb of going: the event is the doing after the place
        ("10月组织党员赴县档案馆查阅史料，", "10月", "查阅史料"),
    ],
)
def test_the_event_a_date_places(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # words before a duration that ends its clause: what lasted, not the next clause
        ("“家风传承”项目历时10个月，走访家庭60户。", "10个月", "家风传承"),  # a generic head: the name
        ("窗口平均办理时长仍为4.5个工作日，距离目标仍有差距。", "4.5个工作日", "办理时长"),
        # after a verb: the verb phrase with its adverbs of lasting, not who or where
        ("突击队员在抢险现场连续奋战36小时，", "36小时", "连续奋战"),
        ("合格率连续五年保持在98%以上。", "五年", "合格率"),  # 连续 is read past
        # a verb of going before the place: the doing after it
        ("暑期选派教师赴合作医院进修学习，每人不少于15天。", "15天", "进修学习"),
        ("志愿队近三年先后深入乡镇、学校和企业宣讲政策法规，", "近三年", "宣讲政策法规"),
        # a time limit: what must be done within it, said after 内
        ("推行来信12小时内登记、5个工作日内回复的办理机制。", "5个工作日", "回复"),
        ("新录用的12名辅警中有3人一年内辞职。", "一年", "辞职"),
        ("新党员入职后两周内完成组织关系转入。", "两周", "组织关系转入"),
        # also where what must be done in it is named right before it (GUIDE.md: 群众诉求72小时内办结 -> 办结)
        ("校园报修2小时内响应，", "2小时", "响应"),
    ],
)
def test_the_doing_a_duration_measures(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # jieba's 员中仅 / 员中 / 率于: the noun's last character is given back (bound_suffixes, bound_particles)
        ("一线装卸员中仅3名，", "3名", "一线装卸员"),
        ("全镇网格员中党员只有9名，", "9名", "党员"),
        ("报告甲级率于年底前达到90%。", "90%", "报告甲级率"),
        # jieba's 率降 / 数仅: likewise
        ("全年客户退货率降至0.8‰。", "0.8‰", "客户退货率"),
        ("全年不良事件上报数仅37例，", "37例", "不良事件上报数"),
    ],
)
def test_a_character_jieba_joins_to_a_particle_belongs_to_the_noun(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_the_noun_after_a_count_that_measures_the_next_number_is_not_what_it_counts() -> None:
    found = _extract("调解员6人平均年龄58岁，")
    assert [(f.text, f.subject) for f in found] == [("6人", "调解员"), ("58岁", "平均年龄")]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # 占 + the whole + 的 opening the clause: the share of the point before, not of the whole
        ("全所现有青年干警16名，占全所干警总数的40%。", "40%", "青年干警"),
        ("全年代理保险收入320万元，仅占全部中间业务收入的12.5%。", "12.5%", "代理保险收入"),
        # a count inside the whole is not what the share is of
        ("窗口现有党员9名，占全部32名工作人员的28.1%。", "28.1%", "党员"),
        # a share standing alone after 不到 or 不足 is the share of those just counted
        ("支部25名党员中担任网格员的仅6名，不到三成。", "三成", "担任网格员"),
        ("全年专题学习中结合审计实务的仅3次，不足四分之一。", "四分之一", "结合审计实务"),
    ],
)
def test_a_share_of_a_whole_is_the_share_of_the_point_before(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # 到期未完成 is one word of state: jieba's 到期|未|完成 no longer cuts it at 未
        ("审计指出问题12个，已整改9个，余下3个到期未完成，", "3个", "到期未完成"),
        ("逾期未完成的2项均涉及资金拨付。", "2项", "逾期未完成"),
        # after a noun, the state is what is said of it: the count counts the noun
        ("巡查发现的2处隐患到期未整改。", "2处", "隐患"),
    ],
)
def test_tasks_past_their_deadline(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "kind", "value", "unit"),
    [
        ("每次带教时间约一个半小时。", "一个半小时", "duration", 1.5, "小时"),
        ("专家每周坐诊半天。", "半天", "duration", 0.5, "天"),
        ("驻点工作两个半月。", "两个半月", "duration", 2.5, "个月"),
        ("连续四个季度保持零投诉。", "四个季度", "duration", 4, "个季度"),
        ("整改问题一个月内全部销号。", "一个月", "duration", 1, "个月"),
        ("该所综合考评排名第二，", "第二", "rank", 2, ""),
    ],
)
def test_halves_quarters_time_limits_and_bare_places(text: str, span: str, kind: str, value: float, unit: str) -> None:
    found = _one(text, span)
    assert (found.kind, found.value, found.unit) == (kind, value, unit)


def test_a_half_of_the_year_as_a_period_is_no_duration() -> None:
    assert [f.text for f in _extract("上半年完成培训。")] == []


def test_a_date_between_who_acts_and_a_verb_places_that_doing() -> None:
    found = _extract("市审计局5月抽查项目资料12份，")
    assert [(f.text, f.subject) for f in found][0] == ("5月", "抽查")


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # the plan and the outcome of one thing: the outcome repeats the plan's subject
        ("全年应召开支委会10次，实际召开8次。", "8次", "支委会"),
        # the words before the plan's words name what it counts
        ("支部读书活动计划安排12次。", "12次", "读书活动"),
        # a comparison with a reference and a change repeats the count before it
        ("全年受理信访案件30件，较年初仅减少5件。", "5件", "信访案件"),
    ],
)
def test_a_count_that_restates_the_count_before_takes_its_subject(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # the group runs from the 中 that names the whole to 的, words of place and age inside it
        ("全村41名党员中长期在城里务工的有9名。", "9名", "长期在城里务工"),
        ("现有会员60名，其中常年在外务工的18名。", "18名", "常年在外务工"),
        # a count before its noun counts the noun, not the group before 的
        ("走访全县5个乡镇的16个行政村。", "16个", "行政村"),
    ],
)
def test_a_count_of_those_who_are_something_counts_the_whole_group(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a part picked out only by an age bound is the total's (GUIDE.md): after 其中, after the whole and 中,
        # in a clause after the total's
        ("现有会员60名，其中70岁以下的18名。", "18名", "会员"),
        ("全站26名护林员中50岁以上的有19名。", "19名", "护林员"),
        ("中心现有社工15人，平均年龄41岁，35岁以下的仅4人。", "4人", "社工"),
        # the whole before 中, not a part counted after it
        ("车间31名职工中持证上岗的仅12人，30岁以下的只有3人。", "3人", "职工"),
        # a share of such a part: the whole named before 中
        ("一线检修人员中45岁以上的占比近七成。", "近七成", "一线检修人员"),
        # and the share of such a part given after its count
        ("31名党员中60岁以上的有14名，占比45.2%，近三年仅发展党员1名。", "45.2%", "党员"),
        # and a share reached (达到, 已达)
        ("现有科研人员42人，45岁以上的占比达到64%。", "64%", "科研人员"),
        # with any word of the pattern file's have_words between the bound and the count (共有, 只, 计)
        ("全支部30名党员中，35岁以下的共有5名。", "5名", "党员"),
        ("全支部30名党员中，35岁以下的只5名。", "5名", "党员"),
    ],
)
def test_a_part_picked_out_by_an_age_bound_is_the_totals(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # an as-of date states the figure after it: the figure's subject, in its clause or the next
        ("支部制定整改措施9条，截至11月底已完成8条，其余1条正在推进。", "11月底", "已完成"),
        ("截至2026年10月末，合作社社员入股资金达到86万元。", "2026年10月末", "社员入股资金"),
        # a deadline for a change to a figure places the change of what the figure measures
        ("二季度末前将网上可办事项由35项扩展至50项。", "二季度末前", "网上可办事项"),
        ("6月底前把党员志愿服务队由3支增至5支。", "6月底前", "党员志愿服务队"),
        # how long a figure or a place was kept is the figure's or the place's
        ("水费回收率连续五年保持100%。", "五年", "水费回收率"),
        ("服务站连续两年在全区窗口服务考评中位列第一。", "两年", "全区窗口服务考评"),
        ("代表队连续两年摘得省赛一等奖。", "两年", "省赛"),  # (any verb that wins a prize: _WIN_VERBS)
        # the start of a range of times places what its end places
        ("“百姓议事厅”每周三晚上7点至9点开门议事，全年接待群众400余人次。", "7点", "开门议事"),
        ("阅览室延时服务在每天18:00至21:30开放。", "18:00", "开放"),
    ],
)
def test_a_date_or_deadline_shares_the_subject_of_the_figure_it_states_or_the_range_it_starts(
    text: str, span: str, subject: str
) -> None:
    found = _extract(text)
    assert next(f.subject for f in found if f.text == span) == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("卫生院连续3年获评“县级文明单位”。", "县级文明单位"),
        ("支部连续两年被区直机关工委评为“先进基层党组织”。", "先进基层党组织"),
        ("车间连续五年被评为厂“安全生产先进集体”。", "安全生产先进集体"),  # the quoted name, not the scope
    ],
)
def test_a_title_won_year_after_year_is_what_the_years_count(text: str, subject: str) -> None:
    assert next(f for f in _extract(text) if f.kind == "duration").subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the length of the written things counted just before it
        ("党员教师编写校本习题集3册，累计约20万字。", "校本习题集"),
        # else of the work titled before it
        ("编纂出版《青川水利志》，约46万字。", "青川水利志"),
    ],
)
def test_a_count_of_characters_opening_its_clause_is_the_length_of_the_work_before_it(text: str, subject: str) -> None:
    assert next(f for f in DataPointExtractor.default().extract(text) if f.unit == "字").subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("学校运动员在第十二届市运会上获金牌5枚。", "金牌", "市运会"),
        ("该成果在公司第五届职工技术创新大赛中荣获一等奖。", "一等奖", "职工技术创新大赛"),
    ],
)
def test_a_contest_is_named_without_its_edition(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_an_as_of_date_does_not_take_a_figure_beyond_the_next_comma() -> None:
    found = {f.text: f for f in _extract("截至11月底已全部完成，其中一项建立台账，覆盖率由60%提高到95%。")}
    assert found["11月底"].subject != found["95%"].subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a date standing alone before a clause that reports a title won places the title
        ("9月，社区卫生服务站被授予“市级巾帼文明岗”称号。", "9月", "市级巾帼文明岗"),
        ("11月，支部被市委组织部评为“五星级党支部”。", "11月", "五星级党支部"),
    ],
)
def test_a_date_before_a_title_won_places_the_title(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "spans", "winner"),
    [
        # a quoted title listed after a quoted title, won by the same winner
        ("卫生院先后获评“全国巾帼文明岗”和“市级青年文明号”。", ["全国巾帼文明岗", "市级青年文明号"], "卫生院"),
        # a quoted name before 称号 after an award verb, whatever it holds (·)
        ("护士长孙丽荣获首届“白衣天使·仁心天使”称号。", ["白衣天使·仁心天使"], "孙丽"),
        # the quote a title opens it closes
        ("党员教师杨帆荣获全市教育系统“教学标兵”称号。", ["全市教育系统“教学标兵”"], "杨帆"),
        # a quoted title keeps its 和, and may be long
        ("社区被市民政局评为“全市和谐社区建设示范社区”。", ["全市和谐社区建设示范社区"], "社区"),
        ("合作社被评为省级“农村一二三产业融合发展示范合作社”。", ["省级“农村一二三产业融合发展示范合作社”"], "合作社"),
    ],
)
def test_titles_listed_quoted_or_named_before_a_title_word(text: str, spans: list[str], winner: str) -> None:
    ranks = [f for f in _extract(text) if f.kind == "rank"]
    assert [f.text for f in ranks] == spans
    assert {f.subject for f in ranks} == {winner}


def test_make_eval_refuses_an_unknown_flag_instead_of_scoring_the_held_out_sets(capsys: pytest.CaptureFixture) -> None:
    from bench.eval_datapoints import main

    assert main(["--help"]) == 2
    err = capsys.readouterr().err
    assert "usage" in err and "--dev-only" in err and "--help" in err


@pytest.mark.parametrize(
    ("text", "span", "value", "kind", "unit"),
    [
        ("全村三分之二以上的农户加入了合作社。", "三分之二", 66.67, "percent", "%"),
        ("材料差错率控制在万分之三以内。", "万分之三", 0.03, "percent", "%"),
        ("参加线上学习的党员占到七成。", "七成", 70.0, "percent", "%"),
        ("八九成的居民对调解结果表示满意。", "八九成", 80.0, "percent", "%"),
        ("合作社分红比上年增长1倍。", "1倍", 1.0, "other", "倍"),
    ],
)
def test_shares_as_fractions_and_tenths_and_multiples_are_data_points(
    text: str, span: str, value: float, kind: str, unit: str
) -> None:
    found = _one(text, span)
    assert (found.value, found.kind, found.unit) == (value, kind, unit)


@pytest.mark.parametrize(
    "text", ["这一成果来之不易。", "支部统一成立了工作专班。", "七成员工作组进驻三成都分公司。", "工作方法一成不变。"]
)
def test_cheng_after_a_numeral_in_a_word_is_no_share(text: str) -> None:
    assert [f.text for f in _extract(text) if f.text.endswith("成")] == []


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # an average per household or per head right before the measure is part of it
        ("合作社带动农户52户，户均增收3,200元。", "3,200元", "户均增收"),
        ("全镇务工人员人均月收入达4,100元。", "4,100元", "人均月收入"),
        # right before the number it is read past: the average repeats its total
        ("党员参加志愿服务累计960小时，人均约24小时。", "约24小时", "志愿服务"),
    ],
)
def test_an_average_per_head_or_household_is_part_of_the_measure(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # no words before it: the words after it, though they open with a stop word
        ("每季度开展1次联合检查。", "1次", "联合检查"),
        # alone in its clause: the head of the clause before
        ("开设老年书法班，每周3课时。", "3课时", "老年书法班"),
    ],
)
def test_a_count_with_no_words_before_it_is_named_after_it_or_in_the_clause_before(
    text: str, span: str, subject: str
) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a distributive names nothing: the topic that opens the clause
        ("读书会仅在3月和9月各举办1次。", "1次", "读书会"),
        ("读书会仅在3月和9月各举办1次。", "9月", "读书会"),
        # 其中 opens a part: the subject of the total before it
        ("编写教案20篇，其中3篇获评市级优秀教案。", "市级优秀教案", "编写教案"),
        # a preposition right before a count: the count counts its object
        ("三是提升服务实效，年底前对79个帮扶对子逐一“回头看”。", "79个", "帮扶对子"),
        ("三是对2名被投诉党员开展谈心谈话。", "2名", "被投诉党员"),
    ],
)
def test_a_subject_that_is_only_a_function_word_is_replaced(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # jieba's 中长期, 中以: the particle 中 is cut off the predicate after it
        ("支部党员中长期在外务工的有6名。", "6名", "长期在外务工"),
        ("全年组织生活中以党课为主的有8次。", "8次", "以党课为主"),
    ],
)
def test_a_particle_jieba_joins_to_the_predicate_after_it_is_cut_off(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # read rightwards from a count of people, a verbal noun after the word for them says what they do
        ("帮助3名学生补修学分。", "3名", "学生"),
        ("带领6名学生调研。", "6名", "学生"),
        # not after a count of things: the verbal noun is part of what is counted
        ("整理12份党员培训档案。", "12份", "党员培训档案"),
    ],
)
def test_a_verbal_noun_after_the_people_counted_ends_the_noun_phrase(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        # as many items listed before 分别 as values after it: each value is its item's
        ("全年支委会、党员大会、党课分别召开12次、4次、6次。", ["支委会", "党员大会", "党课"]),
        ("其中教师、学生分别为14人、36人。", ["教师", "学生"]),
        ("收到表扬信和锦旗分别为9封、3面。", ["表扬信", "锦旗"]),
        # items sharing the head the rules read keep it (高血压、糖尿病患者规范管理人数: 规范管理人数)
        ("高血压、糖尿病患者随访人数分别为310人、120人。", ["患者随访人数", "患者随访人数"]),
    ],
)
def test_values_listed_after_fenbie_are_the_items_listed_before_it(text: str, subjects: list[str]) -> None:
    assert [f.subject for f in _extract(text)] == subjects


@pytest.mark.parametrize(
    "text",
    [
        "全年接待来访群众1,200人次，办理便民事项860件，同比分别增长8.5%和6.2%。",
        "全年申报课题4项、论文6篇，比上年分别增加1项、2篇。",
    ],
)
def test_changes_listed_after_fenbie_change_the_figures_before_them_in_order(text: str) -> None:
    subjects = [f.subject for f in _extract(text)]
    assert subjects[2:] == subjects[:2] and subjects[0] != subjects[1] and all(subjects)
    assert [rule for _, rule in RULES.subject_rules(text)][2:] == ["respective_figure"] * 2


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("支部编印《党员学习手册》800册。", "党员学习手册"),  # a verb before the title: the title
        ("老党员撰写的回忆录《峡江岁月》约15万字，由馆里收藏。", "回忆录"),  # nouns before it name its kind
        ("组织编写校本教材《红色家书选读》2套。", "校本教材"),
    ],
)
def test_a_count_right_after_a_title_counts_that_work(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind in ("count", "other")] == [subject]


def test_blood_is_counted_in_units_and_a_quoted_name_may_hold_a_latin_letter() -> None:
    found = _extract("全年采集全血2.4万单位，发放“兴农e贷”8,600万元。")
    assert [(f.text, f.unit, f.subject) for f in found] == [
        ("2.4万单位", "单位", "采集全血"),
        ("8,600万元", "元", "兴农e贷"),
    ]


def test_a_measure_written_as_a_bare_decimal_is_a_data_point_and_a_difference_above_the_average_is_its() -> None:
    found = _extract("本学年支部党员平均学分绩点3.58，高出专业平均0.27；主干渠利用系数由0.61提高到0.64。")
    assert [(f.text, f.kind, f.value, f.unit) for f in found] == [
        ("3.58", "other", 3.58, ""),
        ("0.27", "other", 0.27, ""),
        ("0.61", "other", 0.61, ""),
        ("0.64", "other", 0.64, ""),
    ]
    assert found[1].subject == found[0].subject
    # so is a ratio of staff or a reading written as a decimal (GUIDE.md's settled case 9: 床护比0.42)
    found = _extract("病区床护比仅为0.37，低于0.4的标准；使纸张pH值由4.6提升至7.2。")
    assert [f.text for f in found] == ["0.37", "0.4", "4.6", "7.2"]
    found = _extract("肉鸡料肉比由2.65降至2.58；数据中心全年PUE值1.28。")
    assert [f.text for f in found] == ["2.65", "2.58", "1.28"]
    # a decimal with no such measure in its sentence stays no data point (a version, a clause number)
    assert _extract("系统升级到3.2版后运行稳定。") == []


def test_a_difference_above_an_average_is_the_compared_figure_s() -> None:
    found = _extract("党员教师所带班级平均成绩87.2分，高出年级平均3.4分。")
    assert found[1].subject == found[0].subject and "高出" not in found[1].subject


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("3.春运前完成6个候车室适老化改造。", "春运前"),  # a list mark before a season is no digit of a date
        ("迎峰度夏前完成主变压器检修。", "迎峰度夏前"),
        ("汛期到来前完成堤防隐患排查。", "汛期到来前"),
        ("旺季前开展诚信经营户评星。", "旺季前"),
        ("在2027年台风季前完成4套潮位站设备更换。", "2027年台风季前"),
        ("夏季转场前完成流动党小组调整。", "夏季转场前"),
        ("3.每名党员带徒1名；4.2月底前建成党员学习室。", "2月底前"),  # a list mark before a month, too
        # the day a season opens, a festival without 节, a holiday or a day in quotes
        ("确保汛前完成12座小型水库除险加固。", "汛前"),
        ("清明前组织森林防火宣传。", "清明前"),
        ("秋茶开采前新发展高山有机茶园300亩。", "秋茶开采前"),
        ("计划于2027年供暖季前完成热用户信息系统升级。", "2027年供暖季前"),
        ("力争在2027年教师节前获评市级优秀党支部。", "2027年教师节前"),
        ("“双十一”前开展党员先锋岗承诺践诺活动。", "“双十一”前"),
        ("“全民国防教育日”前组织国防教育进校园活动。", "“全民国防教育日”前"),
        ("防汛前期准备工作全部就绪，春播前完成种子抽检。", "春播前"),  # (防汛前期: no season's start)
    ],
)
def test_seasons_of_work_before_which_a_task_is_done_are_deadlines(text: str, span: str) -> None:
    assert [(f.text, f.kind) for f in _extract(text) if f.kind == "deadline"] == [(span, "deadline")]


def test_a_range_of_clock_times_over_midnight_is_named_past_ci_ri() -> None:
    text = "病区推行夜间“双人巡视”，每晚22:00至次日6:00每两小时巡视一次。"
    assert "次日" not in {f.subject for f, _ in RULES.subject_rules(text)}


def test_each_day_of_a_monthly_schedule_listed_is_a_date() -> None:
    found = _extract("党员医生每月逢5日、15日、25日随交通船赴各离岛巡诊。")
    assert [(f.text, f.kind) for f in found] == [("5日", "date"), ("15日", "date"), ("25日", "date")]
    assert [f.text for f in _extract("每月8日、18日开放。")] == ["8日", "18日"]


def test_shifts_and_teams_named_with_ban_are_no_counts() -> None:
    texts = (
        "三班倒作业与组织生活冲突。",  # (shifts)
        "推行四班三运转。",
        "检修二班被评为省级“工人先锋号”。",  # (a team, a class)
        "焊接2201班学生党支部成立。",
    )
    for text in texts:
        assert [f.text for f in _extract(text) if f.unit == "班"] == [], text


def test_a_term_of_a_named_year_is_a_date() -> None:
    assert _one("2026年春季学期，支部组织38名党员开展义诊宣教。", "2026年春季学期").kind == "date"
    assert _one("2025年暑期县市场监管局联合检查时发现问题23个。", "2025年暑期").kind == "date"
    assert _one("2027年寒假，支部组织学生党员返乡宣讲。", "2027年寒假").kind == "date"
    assert [f.text for f in _extract("本学期组织家访。")] == []  # (a term with no year is context)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("每天早6点、午2点、晚8点三次巡检设备。", ["6点", "2点", "8点", "三次"]),  # 午: a part of the day
        ("每天5点前完成出库列车例检。", ["5点前"]),  # after 每天: a clock time
        ("每天清晨6点至8点，党员教练义务带练。", ["6点", "8点"]),
        ("其中夜班时段（0点至6点）发生的占到六成。", ["0点", "6点", "六成"]),  # (no count is 0 points)
        ("夜间22时至次日6时警情占全天的43%。", ["22时", "6时", "43%"]),  # a range's end on the next day
    ],
)
def test_clock_times_after_a_part_of_the_day_or_every_day(text: str, spans: list[str]) -> None:
    assert [f.text for f in _extract(text)] == spans


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # the whole a place ranks in or its peers after the verb (进入全市, 位列同领域) are not what ranked
        ("力争窗口服务满意度进入全市前三名。", "前三名", "窗口服务满意度"),
        ("科研成果转化数量居全省同类院所第4位。", "第4位", "科研成果转化数量"),
    ],
)
def test_the_whole_or_the_peers_after_a_ranking_verb_are_not_what_ranked(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_a_measure_per_unit_is_read_past_to_what_it_measures() -> None:
    assert _one("出水氨氮浓度降至每升1.2毫克以下。", "1.2毫克").subject == "出水氨氮浓度"


def test_a_place_after_a_scored_assessment_is_the_assessment_s() -> None:
    text = "居民满意度测评得分93.1分，在全区14个街道中排名第3位。"
    assert _one(text, "第3位").subject == "居民满意度测评"


def test_a_prize_won_in_a_named_contest_is_the_contest_s_and_a_merit_the_winner_s() -> None:
    found = {f.text: f.subject for f in _extract("在全市青年教师说课比赛中，支部3名党员分获一等奖1个、二等奖2个。")}
    assert found["一等奖"] == found["二等奖"] == "全市青年教师说课比赛"
    found = {f.text: f.subject for f in _extract("在全县应急救援技能比武中，队员包揽前三名，队长王强荣立个人三等功。")}
    assert found["前三名"] == "全县应急救援技能比武"
    assert found["三等功"] == "队长王强"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # who the clause names before 荣立 or 记, with the post the writer gives (GUIDE.md, settled case 19)
        ("支部获评“执行工作先进集体”称号，团队负责人荣立个人二等功。", "团队负责人"),
        ("科室荣立集体二等功。", "科室"),
        ("党员法官周敏被记个人二等功。", "党员法官周敏"),
        ("突击队中3名党员荣立集团个人三等功。", "党员"),  # (not the count, nor what picks them out)
        ("支部选树的“动车医生”李海涛荣立个人二等功。", "李海涛"),
        # a clause opening with the verb: who the clause before names
        ("民警王刚在抓捕持刀嫌疑人中负伤，荣立个人三等功。", "民警王刚"),
        ("预报员刘晓岚在全省天气预报技能竞赛中获个人第二名，并荣立个人三等功。", "预报员刘晓岚"),
        # given by someone: the issuer is not the winner
        ("所党支部于2026年7月被省公安厅记集体二等功。", "所党支部"),
    ],
)
def test_a_merit_is_who_the_clause_names_before_its_verb(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.text.endswith("等功")] == [subject]


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        # a share that changes, from a figure or to one, is named with its 占比
        ("35岁以下党员占比由2023年的12%提高到18%。", ["党员占比", "党员占比"]),
        ("力争线上缴费占比提高到六成、较今年提高15个百分点。", ["线上缴费占比", "线上缴费占比"]),
        ("年底前将门诊电子处方占比提升至90%。", ["门诊电子处方占比", "门诊电子处方占比"]),
        # a share that stands, without
        ("支部现有党员41名，女党员占比39%。", ["党员", "女党员"]),
    ],
)
def test_a_share_that_changes_is_named_with_its_zhanbi(text: str, subjects: list[str]) -> None:
    assert [f.subject for f in _extract(text)] == subjects


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # two nouns joined by 和 are counted whole, up to 12 字
        ("全年培训种粮大户和农技人员2400余人次。", "2400余人次", "种粮大户和农技人员"),
        ("全年推送货源信息和政策解读260余期。", "260余期", "货源信息和政策解读"),
        # not with the verb before them
        ("吸纳党员和积极分子26人。", "26人", "党员和积极分子"),
    ],
)
def test_two_nouns_joined_are_counted_whole(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("社区骑手党支部成立于2024年8月，现有党员骑手21名。", "成立"),
        ("“周末课堂”项目自2023年9月启动以来，累计开课86场。", "启动"),
    ],
)
def test_a_date_a_thing_was_founded_or_started_on_is_the_founding_s(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind == "date"] == [subject]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a stretch of the day or the year named right before a time or a range of them
        ("老旧小区停车难，晚高峰18:30至20:00投诉最多。", "晚高峰"),
        ("景区客流起伏大，淡季（12月至次年2月）日均游客不足800人。", "淡季"),
        ("主汛期6月至8月，党员轮流带班巡堤。", "主汛期"),
        ("全年在夜间高峰时段（晚上9点至次日凌晨1点）加开班次46个。", "夜间高峰时段"),
        # or right after a range
        ("利用每天13:30至15:00的午间低谷时段开展微党课。", "午间低谷时段"),
        ("3月1日至6月15日春季休牧期内，党员包片巡护。", "春季休牧期"),
        ("服务队每年3月至5月春茶季驻守茶山。", "春茶季"),  # (a season named by what it is the season of)
        ("禁渔期间（3月1日至6月30日），党员船长带头巡查。", "禁渔期间"),
        ("全年发送旅客900万人次，其中春运期间（1月20日至2月28日）发送旅客210万人次。", "春运期间"),
        ("针对晚高峰17:30至19:00乘客集中的情况，车队加开区间车。", "晚高峰"),
        ("演出季4月至10月期间组织生活多次延期。", "演出季"),
        # after 为 or 是, or with 每年 before it
        ("每年10月至次年3月为大风季，停航累计57天。", "大风季"),
        ("每年旅游旺季（4月至10月）党员连续加班。", "旅游旺季"),
        # not a stretch within which a daily time falls (高峰时段每天早6点到岗), nor 期间
        ("高峰时段每天早7点到岗引导乘客。", None),
        ("护学岗坚持早7:10至7:50、晚16:30至17:10两个时段在校门口值守。", None),
        ("春运期间1月20日至2月28日，党员轮流值守售票窗口。", None),
    ],
)
def test_a_time_in_a_named_stretch_of_the_day_or_year_is_the_stretch_s(text: str, subject: str | None) -> None:
    rules = {rule for f, rule in RULES.subject_rules(text) if f.kind == "date"}
    if subject is None:
        assert "named_period" not in rules
    else:
        assert {f.subject for f in _extract(text) if f.kind == "date"} == {subject}


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # how long a thing took to make, the making in a clause with 的: the making
        ("课题组历时三年研制的节水灌溉装置已在12个村推广。", "研制"),
        ("党员教师历时10个月编写的校本教材投入使用。", "编写"),
        # not an outer qualifier with 的
        ("五是做好预计历时40天左右的夏粮收购服务。", None),
    ],
)
def test_a_time_a_making_took_is_the_making_s(text: str, subject: str | None) -> None:
    (found, rule), = [(f, rule) for f, rule in RULES.subject_rules(text) if f.kind == "duration"]
    if subject is None:
        assert rule != "made_over"
    else:
        assert (found.subject, rule) == (subject, "made_over")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a plan's title with no winner written: the branch the paragraph names
        ("支部将抓好三件事。党员活动室面积扩大到120平方米，年底前力争获评市级“五星级党支部”。", "支部"),
        ("2027年6月前完成总支换届，力争获评区“先进基层党组织”。", "总支"),
        # the winner written before 力争 stays
        ("支部将加强工地党建，项目部力争获评省级“平安工地”。", "项目部"),
    ],
)
def test_a_title_a_plan_aims_at_without_a_winner_is_the_branch_s(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind == "rank"] == [subject]


def test_a_share_after_zhan_dao_is_the_share_of_those_named_before_it() -> None:
    # 占到 is a word of linking like 占: the walk passes it (subject_skip)
    assert _one("12名支委中，具有大学学历的占到三分之二。", "三分之二").subject == "具有大学学历"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a date, then a happening named with nouns and 时/中/期间: the happening
        ("今年6月市场监管局检查时发现2处消防隐患。", "市场监管局检查"),
        ("7月山洪中有9个基站中断。", "山洪"),
        ("8月高温期间共处置设备过热告警15次。", "高温"),
        ("2025年5月国家统计局执法检查时指出记账不规范问题3处。", "国家统计局执法检查"),  # (a name of 10 字)
        # a happening named by one verbal noun, 时 or 中 a word of its own (not 届时)
        ("支部计划在10月换届时增补2名支委。", "换届"),
        ("11月督导中发现3个问题。", "督导"),
        # not a doing (组织…中) nor 集中, 及时, 中医 inside a word
        ("3月组织集中学习4次。", None),
        ("5月及时完成换届。", None),
        ("2027年底培养中医骨干2名。", None),
        ("9月新学期党员教师周课时平均16节。", None),  # (课时 is no 时)
    ],
)
def test_a_date_before_a_happening_and_zhong_or_shi_is_the_happening_s(text: str, subject: str | None) -> None:
    (found, rule), = [(f, rule) for f, rule in RULES.subject_rules(text) if f.kind == "date"]
    if subject is None:
        assert rule != "event_during"
    else:
        assert (found.subject, rule) == (subject, "event_during")


def test_a_count_of_rectification_tasks_counts_the_tasks_not_who_set_them() -> None:
    # 整改 alone is a word of state (已整改6项); 整改任务 is one term, the noun a count before it counts
    assert _one("回顾上年述职提出的4项整改任务，已完成3项。", "4项").subject == "整改任务"
    assert _one("支部梳理出3类7项整改事项，已办结5项。", "7项").subject == "整改事项"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a meeting after its theme in quotes: the count counts the meetings
        ("每月开展1次“科学家精神”分享会。", "分享会"),
        ("每季度至少开展1次“党建+信贷”主题党日。", "主题党日"),
        # a name in quotes with no kind of meeting after it: the name
        ("每月开展1次“党员固定活动日”。", "党员固定活动日"),
    ],
)
def test_a_count_before_a_quoted_theme_counts_the_meeting_after_it(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text)] == [subject]


def test_a_count_after_lingyou_adds_to_the_one_before_and_counts_its_own_noun() -> None:
    text = "今年发展预备党员3名，另有2名入党积极分子被取消培养资格。"
    assert _one(text, "2名").subject == "入党积极分子"


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a share of a reference is the compared figure's: the words before the comparing word, or the figure before
        ("外出务工人员多，常住人口不足户籍人口的一半。", "一半", "常住人口"),
        ("下转病人仅38人次，仅为上转病人的6.2%。", "6.2%", "下转病人"),
        # a target stated with 低于: the target's
        ("党员大会平均到会率84%，低于上级规定的90%。", "90%", "上级规定"),
    ],
)
def test_a_share_of_a_reference_is_the_compared_figure_s(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("年内选派3名35岁以下青年党员参加党校培训。", "3名", "青年党员"),
        ("为辖区420余名80周岁以上独居老人安装烟感报警器。", "420余名", "独居老人"),
        ("将2名60岁以下、身体健康的党员充实进支委班子。", "2名", "党员"),
    ],
)
def test_a_count_of_people_before_an_age_bound_counts_the_people_after_it(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("2027年6月底前完成38个市级以上非遗代表性项目的数字化建档。", "38个", "非遗代表性项目"),
        ("组建2个校级以上名师工作室。", "2个", "名师工作室"),
    ],
)
def test_a_count_before_a_level_bound_counts_what_is_named_after_it(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "share", "subject"),
    [
        # a share after a part picked out of a total is the part's: its own words, past words of time
        ("支部28名党员中有9名全年未参加志愿服务，占比32.1%。", "32.1%", "未参加志愿服务"),
        ("抽查的40份档案中有7份“三会一课”记录缺页，占17.5%。", "17.5%", "“三会一课”记录缺页"),
        ("走访的50户居民中有8户评价“较差”，占16%。", "16%", "评价“较差”"),
        # no part picked out: the share of what the clause before counts
        ("支部现有党员23名，占全所职工的46%。", "46%", "党员"),
        # the part's words hold a number of their own: the share of what that counts
        ("32名党员中有6名参加集中学习不足8次，占18.8%。", "18.8%", "集中学习"),
    ],
)
def test_a_share_after_a_part_of_a_total_is_the_part_s(text: str, share: str, subject: str) -> None:
    assert _one(text, share).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a task named in quotes, what keeps it waiting, when it is or was done: the task
        ("剩余1项“党员活动室改造”因资金未到位推迟，计划于2027年5月底前完成。", "党员活动室改造"),
        ("上年度承诺的“村史馆建设”已于2026年9月竣工。", "村史馆建设"),
        # the reason in a clause of its own, then the delay
        ("“档案室标准化改造”因施工方变更，推迟至2027年4月前完成。", "档案室标准化改造"),
        ("剩余的“党员积分系统上线”1条，因上级平台升级顺延至2027年3月底前完成。", "党员积分系统上线"),
        # the doing word has an object of its own: that
        ("“党费收缴台账不规范”一项已于6月前完成制度修订。", "制度修订"),
    ],
)
def test_a_date_after_a_task_named_in_quotes_places_that_task(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind in ("date", "deadline")] == [subject]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # after things named one by one, or after 有, a state of things done closing the clause is the subject
        ("上年度查摆的问题中，“党课形式单一”“阵地陈旧”2个已整改到位，其余1个正在推进。", "2个", "已整改到位"),
        ("“台账不全”等3项已全部销号。", "3项", "已全部销号"),
        ("近三年新招聘社工12人，其中有4人已离职。", "4人", "已离职"),
        # after a noun the count counts that noun
        ("排查各类隐患260处，其中重大隐患9处已全部销号。", "9处", "重大隐患"),
    ],
)
def test_a_state_of_things_done_after_things_named_one_by_one_is_the_subject(
    text: str, span: str, subject: str
) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # after a count of people, up to the last word for them: what follows is theirs
        ("2月底前完成全部38名流动党员信息核查。", "38名", "流动党员"),
        ("全年有2名党员党费未按时交纳。", "2名", "党员"),
        # words for people one after another stay together
        ("选派6名党员技术骨干下沉一线。", "6名", "党员技术骨干"),
        # what the people did, read from its verb, stays whole
        ("应届党员中有5人考取教师资格证。", "5人", "考取教师资格证"),
    ],
)
def test_a_count_of_people_counts_them_up_to_the_last_word_for_them(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # 中 or 上 after the things counted, meaning among them or on them, is no part of them (jieba: 塔中, 机上)
        ("全站46个监测塔中有9个需要更换。", "46个", "监测塔"),
        ("在6台盾构机上各设1个党员示范岗。", "6台", "盾构机"),
        ("在全市9个县级局中排名第三。", "9个", "县级局"),
    ],
)
def test_among_or_on_the_things_counted_is_no_part_of_them(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a sum or a share with no words of its own in its clause is what the clause before it names last
        ("按年度收入的百分之一提取党建经费，预计不低于8万元。", "8万元", "党建经费"),
        ("年内落实党员志愿者年度补贴，每人不低于1,500元。", "1,500元", "补贴"),
    ],
)
def test_a_sum_with_no_words_of_its_own_is_what_the_clause_before_names(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a length of time before a negated state closing its clause is how long the state lasted, as written
        ("全厂已连续1,200天无生产安全事故。", "无生产安全事故"),
        ("有4名流动党员超过半年未参加组织生活。", "未参加组织生活"),
        ("中心连续三年实现“零投诉”。", "零投诉"),
        # past 没有, what did not happen
        ("近三年没有招录新人。", "招录新人"),
    ],
)
def test_a_length_of_time_before_a_negated_state_is_how_long_it_lasted(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind == "duration"] == [subject]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # after 低于 or 高于, a difference from any reference is the compared figure's
        ("病历甲级率为90.6%，低于医院目标值4.4个百分点。", "4.4个百分点", "病历甲级率"),
        ("全年抗体合格率93.1%，高于国家要求23.1个百分点。", "23.1个百分点", "抗体合格率"),
        # a reference with 的 is a target: the figure is the target's
        ("党员年度学习积分平均为70.5分，低于规定的80分。", "80分", "规定"),
    ],
)
def test_a_difference_from_any_reference_after_lower_or_higher_is_the_compared_figure_s(
    text: str, span: str, subject: str
) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # jieba cuts 占|比降|至 and 占|比仅|从: 占比 is made whole again, and the share that changes keeps it
        ("全县违法用地占比降至2.8%。", "违法用地占比"),
        ("但固定献血者占比仅从31%提高到33.5%。", "固定献血者占比"),
    ],
)
def test_a_share_cut_inside_its_word_by_jieba_is_named_whole(text: str, subject: str) -> None:
    assert {f.subject for f, _ in RULES.subject_rules(text)} == {subject}


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a count after 分 counts the parts of what its clause does, and dates before it place them
        ("3月、8月分两批次开展党员应急技能练兵。", "两批次", "党员应急技能练兵"),
        ("3月、8月分两批次开展党员应急技能练兵。", "8月", "党员应急技能练兵"),
        ("分3批组织网格员参加业务培训。", "3批", "业务培训"),
    ],
)
def test_a_count_after_fen_counts_the_parts_of_what_its_clause_does(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a time of day with nothing but a bare doing word after it is the time of the thing named before it
        ("社区书屋每周六上午九点至十一点开放。", "社区书屋"),
        ("支部将组织生活调整至每周二晚上7点，到会率明显提高。", "组织生活"),
        ("党小组学习固定在每月最后一个周四下午3点。", "党小组学习"),
        ("法律咨询热线每天8:00至18:00由党员律师接听。", "法律咨询热线"),
        # an adverb before the doing word, and doing words of services (供餐, 开启, 营业)
        ("服务大厅每周六上午9:00至12:00照常开放。", "服务大厅"),
        ("助老食堂每天中午11:00至12:30供餐。", "助老食堂"),
        # without the linking 为 after the thing, nor the days it opens with
        ("体育场每天开放时段为18:00至21:00。", "开放时段"),
        # the thing named in quotes in the clause before, where the time's clause names none
        ("车间开设“技能夜校”，每周二、周四19:00至20:30授课。", "技能夜校"),
        # days given as a range, a place after 在 before the doing word, the doer or 坚持 before the days
        ("开办“四点半课堂”，每周一至周五16:30至18:00开放。", "四点半课堂"),
        ("办好“周四编程夜”，每周四19:00至21:00在实验楼开放。", "周四编程夜"),
        ("推行“党员专家夜诊”，每周一、三、五晚上6点至9点开诊。", "党员专家夜诊"),
        ("“夜读守护队”坚持每周三晚7点至9点在自修室值守。", "夜读守护队"),
        # a doing word with an object of its own: the event after it
        ("晚上7点召开支部党员大会。", "支部党员大会"),
    ],
)
def test_a_time_of_day_with_nothing_said_after_it_is_the_time_of_the_thing_before(text: str, subject: str) -> None:
    assert {f.subject for f in _extract(text) if f.kind == "date"} == {subject}


def test_a_deadline_planned_for_finishing_alone_places_what_the_clause_before_counts() -> None:
    found = _one("支部已制定整改清单，明确整改措施12条，计划2027年1月底前全部完成。", "2027年1月底前")
    assert found.subject == "整改措施"
    # with what is to be done after it, that doing
    assert _one("剩余2条涉及系统升级，计划2026年6月底前完成系统改造。", "2026年6月底前").subject == "系统改造"


def test_dates_before_each_and_a_doing_place_what_the_count_after_them_counts() -> None:
    found = _extract("6月、10月各举办1次“牧场开放日”，邀请市民参观。")
    assert [(f.text, f.subject) for f in found] == [
        ("6月", "牧场开放日"),
        ("10月", "牧场开放日"),
        ("1次", "牧场开放日"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # the people or things a count counts, listed with 、 or 和 after it
        ("组织20名低龄党员与88名高龄、独居老人结对。", "88名", "高龄、独居老人"),
        ("组建由12名党员和志愿者组成的服务队。", "12名", "党员和志愿者"),
        # not the next item of a list of counts
        ("下辖5个党支部、党员120名。", "5个", "党支部"),
    ],
)
def test_a_count_counts_the_things_listed_after_it(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # the things or people a figure counts, listed with 、 right before it: the whole list
        ("依托渔港，培育渔家乐、民宿43家。", "43家", "渔家乐、民宿"),
        ("为骑手提供休息、充电、饮水服务2.8万人次。", "2.8万人次", "休息、充电、饮水服务"),
        ("全年收到表扬信、锦旗共计127件。", "127件", "表扬信、锦旗"),  # (a word that sums the list between)
        # or one that closes it (等, 的, 中有)
        ("开展“环保开放日”活动6次，邀请周边村民、人大代表等近200人走进厂区。", "近200人", "周边村民、人大代表"),
        ("支部45名党员中80岁以上的有19名，行动不便、长期卧床的7名。", "7名", "行动不便、长期卧床"),
        ("平均参会率为81.2%，夜班、轮转党员中有6人缺席党员大会3次以上。", "6人", "夜班、轮转党员"),
        # a count of doings keeps the doing word before the list; a count of things or people leaves it out
        ("全年为居民测量血压、血糖5,400余人次。", "5,400余人次", "测量血压、血糖"),
        ("培育土专家、田秀才34名。", "34名", "土专家、田秀才"),
        # not a list of counts, nor an item holding a number
        ("下辖4个党支部、党员156名。", "156名", "党员"),
        ("发现新变星37颗、超新星候选体5个。", "5个", "超新星候选体"),
        ("实现安全事故零发生、有效投诉0起。", "0起", "有效投诉"),
    ],
)
def test_a_figure_counts_the_things_listed_before_it(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject
    # (read after the subject chooser has placed the last item's edges: with it too)
    assert [f.subject for f in CHOSEN.extract(text) if f.text == span] == [subject]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the share of those who do something is named whole, from its doing word (and the adverbs before it)
        ("流动党员参加组织生活的比例只有45%左右。", "参加组织生活的比例"),
        ("每月按时参加线上组织生活的比例仅为67%。", "按时参加线上组织生活的比例"),
        ("确保支委会研究党建议题的比例达到50%以上。", "研究党建议题的比例"),
        # a doing word that opens what the pattern read
        ("把集中学习中研讨交流的比重提高到一半以上。", "研讨交流的比重"),
    ],
)
def test_a_share_of_those_who_do_something_is_named_from_its_doing_word(text: str, subject: str) -> None:
    assert _subject_and_rule(text, _extract(text)[-1].text) == (subject, "proportion_of_doing")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a part picked out of a total by 中有: the words that set it apart
        ("26名党员中有7名全年未承担技术服务项目，占比近三成。", "未承担技术服务项目"),
        # by 有 alone, after what the count counts
        ("全年有14名党员因病长期未能参加集中活动，占党员总数的16.1%。", "因病长期未能参加集中活动"),
        ("全年有47名学生未达到及格线，占年级人数的8.2%。", "未达到及格线"),
        # without the words that say it is a problem
        ("园区有9间冷库存在温度记录不连续的问题，占抽检总数的15%。", "温度记录不连续"),
    ],
)
def test_a_share_standing_alone_is_of_the_part_the_clause_before_sets_apart(text: str, subject: str) -> None:
    assert _subject_and_rule(text, _extract(text)[-1].text) == (subject, "part_share")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a place among peers counted in its clause is won by what the words before 在 name
        ("其中新单期交保费7,650万元，增速在全省38家支公司中位列前五名。", "增速"),
        ("单箱结构值达到3.42万元，结构提升幅度在全市7个县级局中排名第二。", "结构提升幅度"),
    ],
)
def test_a_place_among_peers_is_won_by_the_measure_before_them(text: str, subject: str) -> None:
    assert _subject_and_rule(text, _extract(text)[-1].text) == (subject, "ranked_among_peers")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the peers, read with 排 or 仅排 after them, are not what ranked: the measure before the verb is
        ("村集体资产总额达到2,860万元，在全区128个村中排第6位。", "村集体资产总额"),
        ("客户满意度为91.2%，在全市12家支行中仅排第9位。", "客户满意度"),
    ],
)
def test_the_peers_read_before_pai_did_not_rank(text: str, subject: str) -> None:
    assert _extract(text)[-1].subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a length or a count of events before a name in quotes: the kind of doing named after the name
        ("支部开展为期两周的“反违章”专项整治。", "专项整治"),
        ("每学期组织1次“走出去”现场教学。", "现场教学"),
        # the name, where what follows it takes the name (活动, 目标) or says what happened (未按计划时间召开)
        ("开展为期半年的“急救进村”活动。", "急救进村"),
        ("监区实现了连续2,190天“四无”目标。", "四无"),
        ("全年有3次“三会一课”未按计划时间召开。", "三会一课"),
    ],
)
def test_a_name_in_quotes_after_a_length_or_a_count_of_events_names_the_kind_after_it(text: str, subject: str) -> None:
    assert _extract(text)[0].subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a count after "X和Y" or "X与Y" counts the noun after it, where one follows
        ("支部与驻地3家软件企业党组织签订共建协议。", "软件企业党组织"),
        ("87名党员分布在全市6个区和外省3个城市。", "城市"),
        # and both together where none does
        ("培训种粮大户和农技人员2400余人次。", "种粮大户和农技人员"),
    ],
)
def test_a_count_after_two_joined_words_counts_the_noun_after_it_where_one_follows(text: str, subject: str) -> None:
    assert _extract(text)[-1].subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a deadline before a doing whose object opens with its number among its like: the thing after the number
        ("一是2027年5月底前完成2号窑头收尘器改造，颗粒物排放浓度控制在10毫克以下。", "窑头收尘器改造"),
        ("3月底前完成责任区划分，6月30日前完成3号、4号机组检修；实施青年计划。", "机组检修"),
    ],
)
def test_a_deadline_places_the_thing_after_its_serial_number(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind == "deadline"][-1] == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a title won by something named in quotes before a generic head: the name
        ("支部“直播间里的党小组”案例入选全国非公企业党建优秀案例。", "直播间里的党小组"),
        ("“红芯车间”做法入选全市非公企业党建“十佳案例”。", "红芯车间"),
    ],
)
def test_a_title_won_by_a_name_in_quotes_before_a_head_is_the_names(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind == "rank"] == [subject]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # how often an event is held: the event closing the clause, whole
        ("每季度至少召开1次党建与业务融合推进会。", "党建与业务融合推进会"),
        ("每两个月举办一次招聘对接会，累计提供岗位150个。", "招聘对接会"),
    ],
)
def test_a_count_of_an_event_held_counts_the_whole_event_closing_its_clause(text: str, subject: str) -> None:
    assert _extract(text)[0].subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # an area built is the area of the place named after it and 的
        ("建成面积180平方米的党史学习教育展馆。", "党史学习教育展馆"),
        ("依托社区服务站建成约90平方米的“红色书屋”，年内开放200天。", "红色书屋"),
    ],
)
def test_an_area_built_is_the_area_of_the_place_after_it(text: str, subject: str) -> None:
    assert _extract(text)[0].subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a meeting, a contest or a festival named right after its date, not the doing at it
        ("支部在2026年4月召开的全市组织工作会议上作交流发言。", "全市组织工作会议"),
        ("9月20日，全县乡村振兴现场推进会在村里召开。", "全县乡村振兴现场推进会"),
        # after 在 or 于, and the doer before it (10 of the tuning sets' 11 such dates name the event first)
        ("10月，支部书记在全区课程思政现场会上作经验交流。", "全区课程思政现场会"),
        ("2026年9月在省妇幼保健协会举办的助产技能大赛中获二等奖。", "助产技能大赛"),  # (not its host)
    ],
)
def test_a_date_is_the_date_of_the_meeting_named_right_after_it(text: str, subject: str) -> None:
    assert [f.subject for f in _extract(text) if f.kind == "date"] == [subject]


def test_a_contest_is_named_without_its_host_for_its_date_and_its_prize_alike() -> None:
    found = _extract("2026年9月在省妇幼保健协会举办的助产技能大赛中获二等奖。")
    assert [(f.text, f.subject) for f in found] == [("2026年9月", "助产技能大赛"), ("二等奖", "助产技能大赛")]
    assert _one("在中心党委组织的党建考核中名列第一。", "第一").subject == "党建考核"


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a system, a rule or a reform named in quotes: the name
        ("6月底前上线“信访一码通”系统。", "6月底前", "信访一码通"),
        ("全年落实“第一议题”制度26次。", "26次", "第一议题"),
    ],
)
def test_a_generic_head_after_a_quoted_name_is_the_name_s(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # Latin letters are words of the thing counted, and a space before the number is none of it
        ("在体育场馆等人员密集场所新增AED 60台。", "60台", "AED"),
        ("在体育场馆等人员密集场所新增AED60台。", "60台", "AED"),
        ("科普e站每周六上午9点开放。", "9点", "科普e站"),
    ],
)
def test_latin_letters_are_part_of_what_is_counted(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a date or a deadline right before a title won is when it was or is to be won: the title's quoted name where
        # the title ends with it, else the title whole
        ("力争年底前获评县直机关“五星级党支部”。", "年底前", "五星级党支部"),
        ("景区2026年10月被评为国家4A级旅游景区。", "2026年10月", "国家4A级旅游景区"),
        ("力争年底前获评市直机关“四强”党支部。", "年底前", "市直机关“四强”党支部"),
        ("年底前力争所属第二党支部获评省直机关“四强党支部”。", "年底前", "四强党支部"),  # (the winner between)
    ],
)
def test_a_date_before_a_title_won_is_the_title_s(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("该品牌于2026年12月被市直机关工委评为“十佳党建品牌”。", "2026年12月", "十佳党建品牌"),  # (被, its agent, 评为)
        ("2026年6月，该做法入选全省“优秀党建案例”。", "2026年6月", "优秀党建案例"),  # (a comma and 该X between)
    ],
)
def test_a_date_before_a_title_won_past_its_agent_or_a_winner_with_gai(text: str, span: str, subject: str) -> None:
    assert _subject_and_rule(text, span) == (subject, "title_won_for")


@pytest.mark.parametrize(
    ("text", "span", "kind", "value", "unit"),
    [
        # GUIDE.md's settled cases: 多 after a measure stays in the span (7, 8)
        ("处置效率是往年的2倍多。", "2倍多", "other", 2, "倍"),
        ("经过5个多小时的连续处置，道路恢复通行。", "5个多小时", "duration", 5, "小时"),
        ("中心运行两年多来，累计开展活动80场。", "两年多", "duration", 2, "年"),
        # a clock time with 前 is a deadline (4); 前后 is around it
        ("每天上午8点半前完成巡查。", "8点半前", "deadline", None, ""),
        # a place won: 冠军 1, 亚军 2, 季军 3 (10)
        ("代表队在全区党建知识竞赛中获得亚军。", "亚军", "rank", 2, ""),
        ("在全国青年锦标赛中夺得冠军。", "冠军", "rank", 1, ""),
        ("支部书记述职评议得票位居首位。", "首位", "rank", 1, ""),
        # money in a foreign currency stays in it (11)
        ("全年实际使用外资1.37亿美元。", "1.37亿美元", "money", 137_000_000, "美元"),
        # days of a time limit are a duration, not a day of the month
        ("12月底前实现理赔投诉7日内办结。", "7日", "duration", 7, "日"),
        # ratios after a word of ratio (9), a festival in quotes with 前 (5), hours and minutes as one duration (8)
        ("资料整理人员与发掘人员配比为1:4.5。", "1:4.5", "other", 4.5, ""),
        ("智能制造产业园力争“十一”前交付使用。", "“十一”前", "deadline", None, ""),
        ("通勤时间由1小时40分钟缩短至25分钟。", "1小时40分钟", "duration", 1.67, "小时"),
        ("自动速报平均用时1分钟42秒。", "1分钟42秒", "duration", 1.7, "分钟"),
        ("地震速报平均用时1分30秒。", "1分30秒", "duration", 1.5, "分"),  # (分 before 秒: minutes, not a score)
        ("护理员与儿童配比仅为1:3.2，低于1:2的国家标准。", "1:2", "other", 2, ""),  # (a ratio compared with)
        ("医护人员配比远低于1:20的标准。", "1:20", "other", 20, ""),  # (not a clock time)
        ("全年航标巡检1,684座次。", "1,684座次", "count", 1684, "座次"),
        ("累计开机抽水6,800余台时。", "6,800余台时", "count", 6800, "台时"),
        ("最大洪峰流量6,820立方米每秒。", "6,820立方米每秒", "other", 6820, "立方米每秒"),
        # 接近 is an outer qualifier (6), 近 alone the number's
        ("14名党员中有4名全年未承担公开活动，占比接近三成。", "三成", "percent", 30, "%"),
        ("参赛职工比上届多了将近三百人。", "三百人", "count", 300, "人"),  # (将近 as 接近)
    ],
)
def test_settled_spans_kinds_and_values(text: str, span: str, kind: str, value: float | None, unit: str) -> None:
    found = _one(text, span)
    assert (found.kind, found.value, found.unit) == (kind, value, unit)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # 约 or 近 ending a word is not the number's qualifier; after a word that ends before it, it is
        ("外事经费支出较预算节约37.5万元。", "37.5万元"),
        ("全年促成签约1,126人。", "1,126人"),
        ("最近3年发展党员5名。", "3年"),
        ("承担其中5个章节约12万字的撰稿任务。", "约12万字"),
        ("共制作微视频20集，每集约8分钟。", "约8分钟"),
        ("向12个县供应良种穗条约450万根。", "约450万根"),
    ],
)
def test_yue_and_jin_at_the_end_of_a_word_are_not_the_number_s(text: str, span: str) -> None:
    assert _one(text, span).text == span


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a word of time or a linking adverb at either edge of a subject is none of it, where it is a word of its own
        ("今年春灌期3月20日开闸放水。", "3月20日", "春灌期"),
        ("林场森林公园同年被评为国家4A级旅游景区。", "国家4A级旅游景区", "林场森林公园"),
        ("工作室也被命名为市级示范性劳模创新工作室。", "市级示范性劳模创新工作室", "工作室"),
    ],
)
def test_a_word_of_time_or_an_adverb_at_a_subject_s_edge_is_dropped(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a ratio is named whole with its word, the two things it sets against each other (GUIDE.md, settled case 9)
        ("院舍床位使用率达到96%；护理员与儿童配比仅为1:3.2，低于1:2的国家标准。", "1:3.2", "护理员与儿童配比"),
        ("院舍床位使用率达到96%；护理员与儿童配比仅为1:3.2，低于1:2的国家标准。", "1:2", "国家标准"),
        ("连续作业最长达2昼夜；引航员与引航船艇配比由1:2.8优化为1:2.2。", "1:2.2", "引航员与引航船艇配比"),
        ("团员仅6,820名，团青比为1:6.9。", "1:6.9", "团青比"),
        ("新增车辆6台，押运人车配比由1:2.6优化为1:3。", "1:3", "押运人车配比"),
        # (jieba cuts 网格|员: the doer's ending is not the first thing)
        ("稳定网格员队伍，网格员与居民户数配比由1:410调整到1:300。", "1:410", "网格员与居民户数配比"),
    ],
)
def test_a_ratio_is_named_whole_with_its_word(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_a_point_the_rules_name_nothing_for_takes_the_subject_before_it_in_its_sentence() -> None:
    found = _extract("今年示范田平均亩产达到512公斤，比2022年的286公斤提高了近八成。")
    assert [(f.text, f.subject) for f in found][-2:] == [("286公斤", "平均亩产"), ("近八成", "平均亩产")]


def test_those_who_are_read_from_the_word_zhong_not_from_a_zhong_inside_a_word() -> None:
    # (the rules read the group from its clause's start; the chooser keeps 直接服务)
    assert _one("全市在册中小企业约1.8万家，中心今年直接服务的仅2,316家。", "2,316家").subject == "中心今年直接服务"
    assert _one("支部党员中取得中级以上职称的有15名。", "15名").subject == "取得中级以上职称"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # 一 + a measure word counts one after an item in quotes with the cause of its state, and after a rescue
        ("销号4项，“评标专家动态考核”一项因需与省级专家库对接，计划明年完成。", "一项"),
        ("主治医师周慧在航站楼成功抢救一名心脏骤停旅客。", "一名"),
        ("与驻地医院签订协议、每晚增派一名医生到院值班。", "一名"),
    ],
)
def test_one_is_counted_after_a_state_s_cause_and_a_rescue(text: str, span: str) -> None:
    assert _one(text, span).value == 1


def test_a_title_of_distinction_listed_as_after_bei_is_a_rank() -> None:  # GUIDE.md's settled case 12
    found = _one("“委员会客厅”品牌被市委组织部列为“机关党建示范项目”。", "机关党建示范项目")
    assert (found.kind, found.subject) == ("rank", "委员会客厅")
    found = _extract("该工作法被市委组织部列为“党建引领基层治理”示范项目。")
    assert [f.text for f in found] == ["“党建引领基层治理”示范项目"]
    for text in ("其中9名已被列为发展对象。", "印发手册，被县应急管理局列为基层培训教材。"):
        assert [f.kind for f in _extract(text)] in ([], ["count"]), text  # (a stage of joining; no distinction)


def test_an_alternative_in_brackets_after_the_things_counted_names_them_with_it() -> None:
    assert _one("全县186个村（社区）全部建立法律顾问制度。", "186个").subject == "村（社区）"
    assert _one("推动9个县（市、区）建立服务点。", "9个").subject == "县（市、区）"
    assert _one("发展党员3名（女性2名）。", "3名").subject == "发展党员"  # (a note with a number is no alternative)


def test_a_multiple_of_a_reference_is_the_compared_figure_s() -> None:
    assert _one("带动研学收入310万元，是上年的3倍多。", "3倍多").subject == "研学收入"
    assert _one("全站自动测报站点增至28个，是2020年的3倍多。", "3倍多").subject == "自动测报站点"


def test_a_score_after_ce_ping_wei_is_no_title_won() -> None:
    found = _one("全年群众满意度测评为93.2分，较上年下降0.8分。", "93.2分")
    assert (found.kind, found.subject) == ("other", "群众满意度测评")


def test_a_circled_list_mark_is_no_digit_of_the_number_after_it() -> None:
    found = _extract("2027年重点：①1月底前召开专题组织生活会；⑥9月底前完成模块上线。")
    assert [(f.text, f.kind) for f in found] == [("1月底前", "deadline"), ("9月底前", "deadline")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # a length of time of one is a point where the words around it say time spent
        ("经过一年整改，已明确312处早期工程的管护责任。", "一年"),
        ("用一年时间完成全院1,450个烟感探头的更新。", "一年"),
        ("入学适应期由原来的一个月左右缩短至两周。", "一个月"),
        ("3名青年引航员提前半年晋升上一等级。", "半年"),  # (提前, not 前半年: the first half)
        ("这是研究院连续第三年获此殊荣。", "第三年"),  # (how many years in a row)
    ],
)
def test_a_length_of_one_spent_is_a_duration(text: str, span: str) -> None:
    assert _one(text, span).kind == "duration"


def test_a_class_named_by_its_size_is_no_measure() -> None:
    assert [f.text for f in _extract("其中10万吨级以上大型船舶1,126艘次。")] == ["1,126艘次"]
    assert [f.text for f in _extract("引领24,000标准箱级集装箱船进出港18艘次。")] == ["18艘次"]


def test_a_decade_is_no_length_of_years() -> None:
    assert [f.text for f in _extract("全库32栋仓房中建于上世纪90年代的有11栋。")] == ["32栋", "11栋"]
    assert [f.text for f in _extract("北站新村是上世纪八十年代建成的住宅区，现有居民2,156户。")] == ["2,156户"]
    assert [f.text for f in _extract("老党员张建国已有60年党龄。")] == ["60年"]  # (a length of years still is)


def test_ruxuan_takes_a_title_whatever_its_ending_but_not_a_place_on_a_course() -> None:  # settled case 12
    found = _one("力争所属风电场入选省级“绿色低碳示范场站”。", "省级“绿色低碳示范场站”")
    assert (found.kind, found.subject) == ("rank", "所属风电场")
    assert _one("全年打造精品线路2条，其中1条入选全省红色旅游精品线路。", "全省红色旅游精品线路").kind == "rank"
    for text in ("两名党员入选国家公派联合培养项目。", "3人入选省级大学生理论宣讲骨干培训班。"):
        assert [f.kind for f in _extract(text)] == ["count"], text


def test_a_title_given_by_an_agent_after_bei_is_its_winner_s_and_the_date_s() -> None:
    found = _one("“同心驿站”做法被省委统战部列为全省统一战线基层实践创新案例。", "全省统一战线基层实践创新案例")
    assert found.subject == "同心驿站"  # (not the agent: 省委统战部列为)
    found = _extract("该站于2026年11月被省林业局命名为“省级示范保护站”。")
    assert [(f.text, f.subject) for f in found] == [("2026年11月", "省级示范保护站"), ("省级示范保护站", "该站")]


def test_a_change_from_a_year_s_figure_shares_its_subject() -> None:
    found = RULES.extract("其中雪豹种群数量由2021年的37只增至64只。")
    assert [(f.text, f.subject) for f in found] == [("37只", "雪豹种群数量"), ("64只", "雪豹种群数量")]


def test_words_jieba_runs_into_their_neighbours_are_read_whole() -> None:
    # jieba cuts 平均|分为 and 更换|率高达: 平均分 is a term, 高达 a word of its own before the Matcher reads
    assert RULES.extract("结业考试平均分为88.7分。")[0].subject == "平均分"
    assert RULES.extract("全年辅调员更换率高达24%。")[0].subject == "辅调员更换率"


def test_a_negated_yi_counts_nothing() -> None:  # GUIDE.md's settled case 13
    for text in ("未发生一例患者转移。", "没有一名党员缺席。", "全年未出现一例感染。", "无一人掉队。"):
        assert _extract(text) == [], text


def test_the_one_before_or_after_in_a_series_is_no_count() -> None:
    text = "比上一年增加3次，上一轮巡察发现问题5个，上一年度述职评议指出问题4个，下一阶段再开展2次。"
    assert [f.text for f in _extract(text)] == ["3次", "5个", "4个", "2次"]


def test_a_difference_after_bi_is_the_compared_figure_s_past_an_outer_qualifier() -> None:
    assert _one("参赛职工达到1,340人，比上一届多了将近三百人。", "三百人").subject == "参赛职工"


def test_a_clock_time_with_qianhou_is_a_date_and_a_name_or_a_part_holds_no_number() -> None:
    assert [(f.text, f.kind) for f in _extract("晚上8点前后开始巡查。")] == [("8点", "date")]  # (around a time)
    assert _extract("奥运冠军进校园，新能源汽车零部件项目开工。") == []  # (a name; 零部件 is no zero of anything)
    assert [f.kind for f in _extract("开展1:5万地质调查，凌晨1:30出发。")] == ["date"]  # (a scale; a clock time)
    # a count summing the watchwords of one slogan is none (16); problems each in quotes are counted
    assert _extract("围绕“稳产、提质、增效”三条主线，突出“严、实”二字。") == []
    assert [f.text for f in _extract("整改“台账不全”“回访不及时”两个问题。")] == ["两个"]


def test_a_weekday_is_no_count_and_a_first_class_scholarship_no_prize() -> None:
    """周五|组织 is a weekday, then 组织, not 五组 (每周一次 stays a count); 一等奖学金 is a scholarship (GUIDE.md: a
    grant received is no award), which the count after it counts."""
    assert [f.text for f in _extract("每月第一个周五组织1次“车间微党课”。")] == ["1次"]
    assert [f.text for f in _extract("每月第二个周六组织党员志愿服务。")] == []
    assert [f.text for f in _extract("每周一次集中学习。")] == ["一次"]
    found = _extract("党员中获国家奖学金2人、校一等奖学金11人。")
    assert [(f.text, f.kind) for f in found] == [("2人", "count"), ("11人", "count")]
    assert found[1].subject == "校一等奖学金"


def test_a_word_jieba_guesses_across_a_year_s_end_is_cut_there() -> None:
    """2025|年村|集体经营性收入: jieba's HMM joins 年 to the 村 after it (no word of its dictionary); the village's
    income keeps its 村. 2024|年底 (a word) is left alone."""
    text = "2025年村集体经营性收入仅38.6万元，低于全县平均水平约12万元。"
    assert _one(text, "38.6万元").subject == "村集体经营性收入"
    assert _one("2024年底前完成换届。", "2024年底前").kind == "deadline"


def test_measure_words_of_things_met_in_the_blind_sets() -> None:
    text = "调拨帐篷120顶、棉被800床，更换灭火器320具，转炉日均出钢72炉，完成措施作业52井次，摆宴620桌。"
    assert [f.text for f in _extract(text)] == ["120顶", "800床", "320具", "72炉", "52井次", "620桌"]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # 一 + a measure word counts one after an item named in quotes in a state, and after a doing at a frequency
        ("去年查摆的问题已整改3项，“青年医师手术带教不系统”一项仍在推进中。", "一项", 1),
        ("每季度公示一次募捐和使用情况。", "一次", 1),
        # a count right after clock times listed counts them
        ("每天8:30、20:30两次交接班。", "两次", 2),
        # a ratio after 由 or 达到
        ("押运人车配比由1:2.6优化为1:3。", "1:2.6", 2.6),
    ],
)
def test_counts_of_one_after_a_quoted_item_or_a_frequency(text: str, span: str, value: float) -> None:
    assert _one(text, span).value == value


def test_a_weekday_of_the_month_and_a_scored_item_count_nothing() -> None:
    assert [f.text for f in _extract("每月最后一个周五下午3点集中学习。")] == ["3点"]
    assert [f.text for f in _extract("“服务响应速度”一项得分78.2分。")] == ["78.2分"]


def test_a_work_named_only_by_its_title_wins_what_it_is_awarded() -> None:
    """A winner named only by a work's title in 《》 right before the verb is that title, without its marks."""
    assert _one("《高级英语》获评省级一流本科课程。", "省级一流本科课程").subject == "高级英语"
    assert _one("其中《家务劳动我能行》获评省级特殊教育精品课程。", "省级特殊教育精品课程").subject == "家务劳动我能行"


def test_a_bare_count_announces_the_list_after_it_only_where_it_is_had_or_the_problems_found() -> None:
    """突出问题有三个：一是…, 支部查摆出问题4个。一是…: announcements (GUIDE.md), no data point; a count of things of
    their own before a list stays one (党员先锋岗14个。一是…, 尚未完成的2项：一是…)."""
    assert _extract("突出问题有三个：一是旅游旺季景区拥堵。") == []
    assert _extract("支部查摆出问题4个。一是组织生活吸引力不足。") == []
    assert [f.text for f in _extract("设立党员先锋岗14个。一是推行结对帮带。")] == ["14个"]
    assert [f.text for f in _extract("尚未完成的2项：一是经费报销不规范。")] == ["2项"]


def test_grades_listed_are_no_count_and_the_things_of_every_grade_are_named() -> None:
    assert [f.text for f in _extract("发现四类、五类危桥11座。")] == ["11座"]
    assert _one("确保一类、二类桥梁占比稳定在98%以上。", "98%").subject == "一类、二类桥梁"
    assert [f.text for f in _extract("梳理居民需求11类、386条。")] == ["11类", "386条"]


def test_an_average_age_brought_under_a_bound_further_after_pingjun_nianling_is_a_point() -> None:
    assert [f.text for f in _extract("党员平均年龄力争从61.3岁降到58岁以下。")] == ["61.3岁", "58岁"]


def test_a_bare_erci_before_a_word_is_no_count() -> None:
    """二次投诉, 二次分拣率: "again" or "secondary"; a count of two is written 两次 (十二次 stays one)."""
    assert [f.text for f in _extract("被市民二次投诉的工单达到4,826件。")] == ["4,826件"]
    assert [f.text for f in _extract("召开支委会十二次。")] == ["十二次"]


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        # a named period after a list opener (一是|旅游旺季（7月至8月）)
        ("突出问题：一是旅游旺季（7月至8月）景区日接待量超过1.2万人次。", "7月", "旅游旺季"),
        # the end of a clock range at midnight
        ("在夜市中段设立“红色驿站”，每天17:30至24:00开放。", "24:00", "红色驿站"),
        # a ratio after 比例 and 保持在
        ("确保入党积极分子与党员比例保持在1:2以上。", "1:2", "入党积极分子与党员比例"),
        # a change whose verb is of four characters (调整细化为), and one of an average per head (人均|看台数由…)
        ("3月底前将网格由4个调整细化为6个。", "6个", "网格"),
        ("全车间挡车工人均看台数由24台提高到28台。", "28台", "人均看台数"),
        # 一次 after a frequency further back and a verb of holding
        ("每半年对党员示范岗进行一次星级评定。", "一次", "星级评定"),
        # a time limit's doing stops at a count of its own, and takes the things counted right after it
        ("两年内培养青年技术骨干十名以上。", "两年", "培养青年技术骨干"),
        ("力争两年内选育通过审定的新品种2至3个。", "两年", "选育通过审定的新品种"),
        ("群众诉求72小时内办结的占95%。", "72小时", "办结"),
        # the reference of a comparison is no part of the measure (较去年|峰值)
        ("峰值达到216万件，较去年峰值提升18.6%。", "18.6%", "峰值"),
        # a window of the day named after a range of clock times
        ("党员利用每天0:30至4:30的天窗时间作业。", "4:30", "天窗时间"),
        # a task in quotes dated by 落实 alone
        ("去年提出的“建立异地党员联络员制度”已于6月落实，但培训只办了2期。", "6月", "建立异地党员联络员制度"),
    ],
)
def test_subjects_the_rules_name_from_the_twenty_seventh_batch(text: str, span: str, subject: str) -> None:
    assert _one(text, span).subject == subject


def test_a_difference_from_a_longer_reference_or_in_length_measures_the_figure_compared() -> None:
    """比全省同类出版社平均水平低|2.1个百分点 (a reference of more than ten characters), 比全院平均长|2.3天 (a
    difference in length); 同比增长 and 较上年延长 stay changes of their own."""
    text = "数字出版收入占比仅4.3%，比全省同类出版社平均水平低2.1个百分点。"
    assert _one(text, "2.1个百分点").subject == "数字出版收入"
    assert _one("针灸病区平均住院日11.8天，比全院平均长2.3天。", "2.3天").subject == "住院日"
    assert _one("跨行业业务收入突破1,800万元，力争同比增长30%。", "30%").subject == "跨行业业务收入"


def test_a_title_given_by_an_issuer_after_bei_is_the_topic_s_of_the_sentence() -> None:
    """被团省委|列为…, 被国家卫健委脑卒中防治工程委员会|授予…: the issuer, however long, is not the winner; a name
    quoted at the head of a clause (“老铁道讲堂”在…被…命名为) is its topic, but not a holiday (“五一”前)."""
    text = "“红纹”项目先后获省级竞赛金奖、全国大赛三等奖，被团省委列为青年志愿服务示范项目。"
    assert _one(text, "青年志愿服务示范项目").subject == "红纹"
    text = "“老铁道讲堂”在2026年5月被市委老干部局命名为“离退休干部党建示范品牌”。"
    assert _one(text, "离退休干部党建示范品牌").subject == "老铁道讲堂"
    text = "卒中中心位列第3名，并被国家卫健委脑卒中防治工程委员会授予“示范防治卒中中心”称号。"
    assert _one(text, "示范防治卒中中心").subject == "卒中中心"
    # a holiday or a hotline quoted at the head of a clause is no topic (its exclusion is what these pin down)
    text = "三是“五一”前完成盐场博物馆布展，力争2027年底前获评国家3A级旅游景区。"
    assert _one(text, "国家3A级旅游景区").subject != "五一"
    assert _one("“12345”热线工单办结率达到98.7%，在全区14个街道中排名第一。", "第一").subject != "12345"


def test_no_subject_opens_with_a_causative_or_a_time_limit_s_nei_that_jieba_glued_to_the_next_word() -> None:
    """jieba's HMM reads 使冷 and 内到院 as words; cut off, they leave the thing measured (集团内刊 keeps its 内)."""
    text = "支部推行的做法，使冷链断链事件由上年的9起降为0起。"
    assert _one(text, "0起").subject == "冷链断链事件"
    text = "全县卒中患者发病后4.5小时内到院比例由31%提升至46%。"
    assert _one(text, "46%").subject == "到院比例"
    assert _one("经验在集团内刊刊发2篇。", "2篇").subject == "集团内刊刊发"


def test_a_place_kept_by_a_clause_naming_no_winner_ranks_the_measure_before_it() -> None:
    """正常率达99.82%，…，连续五年保持全省第一: 第一 after 保持全省 is a place, kept by the rate before it (as is how
    long it was kept); a millikelvin is a measure."""
    text = "全年航标维护正常率达99.82%，较上年提高0.15个百分点，连续五年保持全省第一。"
    assert _one(text, "第一").subject == "航标维护正常率"
    assert _one(text, "五年").subject == "航标维护正常率"
    assert _one("制冷机最低温度达到8.6mK。", "8.6mK").value == 8.6


def test_the_unit_of_a_year_is_no_part_of_the_subject_after_it() -> None:
    assert _one("力争2027年度支部获评市直教育系统“先进基层党组织”。", "市直教育系统“先进基层党组织”").subject == "支部"


def test_a_contest_whose_name_quotes_a_word_before_its_head_is_named_whole() -> None:
    """GUIDE.md: a contest is named whole (“先锋杯”党建工作竞赛, not 党建工作竞赛 alone)."""
    assert _one("在全市税务系统“先锋杯”党建工作竞赛中获第一名。", "第一名").subject == "“先锋杯”党建工作竞赛"
    assert _one("在集团“安全生产月”知识竞赛中获第二名。", "第二名").subject == "“安全生产月”知识竞赛"


def test_people_counted_with_no_words_of_their_own_before_a_verb_of_entering_count_what_they_entered() -> None:
    """发表核心期刊论文11篇，1人入选…: the people are not papers; what they entered or won names them (a title in
    quotes by its name). After 其中 they are a part of the total before (GUIDE.md)."""
    text = "发表核心期刊论文11篇，1人入选省级青年科技人才托举工程。"
    assert _one(text, "1人").subject == "省级青年科技人才托举工程"
    assert _one("党员包揽前两名，1人荣获“省技术能手”称号。", "1人").subject == "省技术能手"
    assert _one("选派青年党员5名驻村，其中1人被评为全市优秀驻村第一书记。", "1人").subject == "青年党员"


def test_a_measure_after_a_verb_of_making_or_a_comparison_measures_the_noun_after_de() -> None:
    """形成约12万字的研究报告, 社区建起1,200平方米的党群服务中心, 远高于1:200的行业标准: the noun after 的 is what is
    measured; a measure named before stays (海拔3,200米的山顶, 积分低于60分的党员), as does a change (水位暴涨4.37米的…)
    or a rate (按每吨干椒提取50元的标准)."""
    assert _one("形成约12万字的研究报告。", "约12万字").subject == "研究报告"
    assert _one("社区建起1,200平方米的党群服务中心。", "1,200平方米").subject == "党群服务中心"
    assert _one("对象配比达到1:320，远高于1:200的行业标准。", "1:200").subject == "行业标准"
    assert _one("高山站在海拔3,200米的山顶。", "3,200米").subject == "海拔"
    assert _one("对积分低于60分的党员开展谈话。", "60分").subject == "积分"
    assert _one("按每吨干椒提取50元的标准充实风险基金。", "50元").subject == "干椒提取"


def test_a_duration_written_weiqi_de_is_of_what_follows_it() -> None:
    """开展为期一周的红色教育, 开办为期10周的值长后备人才培训班: what lasts is after 的, not the verb before 为期."""
    assert _one("组织党员赴遵义开展为期一周的红色教育，实现全覆盖。", "一周").subject == "红色教育"
    assert CHOSEN.extract("开办为期10周的值长后备人才培训班，年底前新增高级工5名。")[0].subject == "值长后备人才培训班"


def test_a_qualified_target_or_a_reference_average_fallen_short_of_is_the_subject() -> None:
    """虽低于0.1%的控制目标, 低于集团90%的考核线, 低于全市97%的平均水平: the target's or the reference's word."""
    assert _one("院感发生率0.07%，虽低于0.1%的控制目标，但依从性不高。", "0.1%").subject == "控制目标"
    assert _one("餐饮满意度仅为86.7%，低于集团90%的考核线。", "90%").subject == "考核线"
    assert _one("按时办结率为93.5%，低于全市97%的平均水平。", "97%").subject == "平均水平"


def test_a_rate_over_a_million_person_times_runs_on_through_its_slash() -> None:
    """0.42件/百万人次: a rate (kind other, unit 件/百万人次), no count of 0.42件 and no point 百万人次 of its own."""
    found = RULES.extract("乘客有责投诉率为0.42件/百万人次，高于公司下达的0.3件/百万人次的控制目标。")
    assert [(f.text, f.kind, f.value, f.unit) for f in found] == [
        ("0.42件/百万人次", "other", 0.42, "件/百万人次"),
        ("0.3件/百万人次", "other", 0.3, "件/百万人次"),
    ]
    assert found[1].subject == "控制目标"


def test_a_time_limit_ending_its_clause_is_of_what_was_limited_not_of_nei() -> None:
    """异地转接时限控制在15个工作日内。: 内 closes the limit, it is no event after it; 内控值 is a word of its own."""
    text = "毕业生党员组织关系在离校前完成转出，异地转接时限控制在15个工作日内。"
    assert _one(text, "15个工作日").subject == "异地转接时限"
    assert _one("颗粒物排放浓度有3个月超过内控值8毫克/立方米。", "3个月").subject == "内控值"


def test_a_date_after_a_year_said_in_words_is_placed_like_a_date_alone() -> None:
    """今年4月，支部被…授予“…”称号: 今年 is the date's year, neither its subject nor a word that stops the date from
    standing alone; the award reported in the clause after it is what it places. 去年9月开展的问卷调查: likewise."""
    assert _one("今年4月，支部被中国气象局授予“全国气象部门先进集体”称号。", "4月").subject == "全国气象部门先进集体"
    assert _one("去年9月开展的问卷调查共回收有效问卷１，２６０份。", "9月").subject == "问卷调查"


def test_a_subject_opening_with_ji_keeps_the_grade_written_before_it() -> None:
    """力争6A级生丝占比由72.4%提高到78%, 其中2023级党员占比近四成: the grade is named whole (6A级, 2023级), not its
    measure word 级 alone."""
    assert _one("力争6A级生丝占比由72.4%提高到78%。", "78%").subject == "6A级生丝占比"
    assert _one("支部现有党员52名，其中2023级党员占比近四成。", "近四成").subject == "2023级党员"


def test_the_whole_a_place_ranks_in_is_not_what_ranked_however_it_is_worded() -> None:
    """力争支部党建考核位居县直机关前5名, 考核位列集团所属企业前三名, 得分91.2分，排在全省14家血站第9位: the peers
    or the whole after the ranking verb (not only 全X) are where it ranks; what ranked is named before the verb, or is
    what the sentence measured. A title won after 保持 is no such whole (保持上年全队荣立集体三等功的势头)."""
    assert _one("力争2026年度支部党建考核位居县直机关前5名。", "前5名").subject == "支部党建考核"
    assert _one("力争公司党支部2027年度考核位列集团所属企业前三名。", "前三名").subject == "考核"
    text = "献血者满意度调查得分91.2分，排在全省14家血站第9位，献血体验有待改善。"
    assert _one(text, "第9位").subject == "献血者满意度调查"


def test_a_projects_second_phase_and_one_to_one_are_no_counts() -> None:
    """雷达科普馆二期, 二期工程: a phase (two sessions are 两期; 十二期 is a count); 一对一个训, 一对一谈心谈话: a
    manner (but 结成帮扶对子一对 counts a pair)."""
    found = RULES.extract("年底前建成雷达科普馆二期，开设“新手爸妈课堂”十二期。")
    assert [f.text for f in found] == ["年底前", "十二期"]
    assert [f.text for f in RULES.extract("开展一对一个训2.3万课时，结成帮扶对子一对。")] == ["2.3万课时", "一对"]


def test_a_number_inside_a_quoted_formula_joined_by_plus_is_part_of_its_name() -> None:
    """推行“1名党员康复师+1个家庭”结对帮扶: the formula names the mechanism, however long (GUIDE.md's settled case 16);
    the count after it stays."""
    text = "一是推行“1名党员康复师+1个家庭”结对帮扶，全年结对家庭92户。"
    assert [f.text for f in RULES.extract(text)] == ["92户"]


def test_a_task_named_in_quotes_before_a_count_and_a_cause_is_what_was_put_off() -> None:
    """“康复教室扩建”1项因场地审批延后, “…”1项因仓库扩建顺延至…: the task; where a state follows the cause, the state
    (“…”1项因编制所限仍在推进, GUIDE.md's tasks in a state)."""
    text = "已完成4项，“康复教室扩建”1项因场地审批延后，计划于2026年“六一”前投入使用。"
    assert _one(text, "1项").subject == "康复教室扩建"
    text = "已完成3项，“党建阵地建设不达标”1项因仓库扩建顺延至2027年3月底前完成。"
    assert _one(text, "1项").subject == "党建阵地建设不达标"
    assert _one("截至11月底已完成5项，“村小党员教师配备不均”1项因编制所限仍在推进。", "1项").subject == "仍在推进"


def test_a_meeting_fixed_at_a_time_of_day_and_then_held_is_what_the_time_is_of() -> None:
    """支委会固定在每月第一个周三下午4点召开, 联合主题党日每月固定在第三周周五下午3点举行, “委员讲堂”活动，每月第二个
    周四下午2点半举办: the meeting named before the days (召开 and 举办 are bare doings like 开展; 第三周 and 每月 are
    days)."""
    text = "支委会固定在每月第一个周三下午4点召开，将主题党日活动时长保证在2小时以上。"
    assert _one(text, "4点").subject == "支委会"
    text = "党员大会调整为每月最后一个周三下午两点半召开，党员参会率由82%提升至96%。"
    assert _one(text, "两点半").subject == "党员大会"
    text = "主题党日每月固定在第三周周五下午3点举行，党员参加率力争提高到90%以上。"
    assert _one(text, "3点").subject == "主题党日"


def test_a_date_whose_clause_only_says_an_event_is_held_places_the_event_named_before() -> None:
    """办好第三届脐橙开秤节，11月中旬举办; 办好“石门红”苹果节，计划于9月中旬举办: the event of the clause before."""
    text = "四是办好第三届脐橙开秤节，11月中旬举办，力争线上线下销售额突破5,000万元。"
    assert CHOSEN.extract(text)[0].subject == "脐橙开秤节"
    assert _one("三是办好“石门红”苹果节，计划于9月中旬举办，力争吸引游客2万人次以上。", "9月中旬").subject == "苹果节"


def test_one_time_after_a_period_and_its_doing_is_a_count() -> None:
    """每2小时采集一次监测数据, 每半年专题研究一次福利院工作: 一次 counts the doing per period (as 每月开展1次);
    elsewhere 一次 is mostly an article (这是一次深刻的洗礼)."""
    assert _one("每2小时采集一次监测数据，连续作业23个昼夜。", "一次").subject == "监测数据"
    assert [f.text for f in RULES.extract("这是一次深刻的洗礼。")] == []
