"""The words that tell a target from a fact in plan prose — one list, one place.

Written by hand: these are the fixed phrases of Chinese planning documents
(规划文本), not general language, and no NLP library knows them.  Add a
phrase here when a plan uses one the reader misses.
"""

from __future__ import annotations

from typing import Literal

from planwatch.plan.model import Comparator, Direction

VerbBasis = Literal["level", "change", "annual_growth", "growth"]
"""growth: 增长3.8% — a growth rate stated after a level, not a target basis of its own."""
Verb = tuple[str, Comparator | None, Direction, VerbBasis]

# Verbs between a name and its value, longest first.  (verb, comparator, direction, basis)
VALUE_VERBS: tuple[Verb, ...] = (
    ("年均增长", "=", "increase", "annual_growth"),
    ("年均增速", "=", "increase", "annual_growth"),
    ("累计达到", ">=", "increase", "level"),
    ("增加至", ">=", "increase", "level"),
    ("增加到", ">=", "increase", "level"),
    ("提高至", ">=", "increase", "level"),
    ("提高到", ">=", "increase", "level"),
    ("提升至", ">=", "increase", "level"),
    ("提升到", ">=", "increase", "level"),
    ("扩大至", ">=", "increase", "level"),
    ("扩大到", ">=", "increase", "level"),
    ("拓展至", ">=", "increase", "level"),
    ("拓展到", ">=", "increase", "level"),
    ("增长到", ">=", "increase", "level"),
    ("增长至", ">=", "increase", "level"),
    ("下降到", "<=", "decrease", "level"),
    ("下降至", "<=", "decrease", "level"),
    ("降低到", "<=", "decrease", "level"),
    ("降低至", "<=", "decrease", "level"),
    ("控制在", "<=", "decrease", "level"),
    ("不低于", ">=", "increase", "level"),
    ("不少于", ">=", "increase", "level"),
    ("不超过", "<=", "decrease", "level"),
    ("不高于", "<=", "decrease", "level"),
    ("保持在", "=", "increase", "level"),
    ("稳定在", "=", "increase", "level"),
    ("达到", ">=", "increase", "level"),
    ("突破", ">", "increase", "level"),
    ("超过", ">", "increase", "level"),
    ("高于", ">", "increase", "level"),
    ("大于", ">", "increase", "level"),
    ("低于", "<", "decrease", "level"),
    ("小于", "<", "decrease", "level"),
    ("迈上", ">=", "increase", "level"),
    ("争创", ">=", "increase", "level"),
    ("跨上", ">=", "increase", "level"),
    ("增至", ">=", "increase", "level"),
    ("降至", "<=", "decrease", "level"),
    ("下降", ">=", "decrease", "change"),
    ("降低", ">=", "decrease", "change"),
    ("减少", ">=", "decrease", "change"),
    ("压减", ">=", "decrease", "change"),
    ("增长", "=", "increase", "growth"),
    ("提高", "=", "increase", "growth"),
    ("增加", "=", "increase", "growth"),
    ("同比增", "=", "increase", "growth"),
    ("上涨", "=", "increase", "growth"),
    ("超", ">", "increase", "level"),
    ("增", "=", "increase", "growth"),
    ("达", ">=", "increase", "level"),
    ("为", None, "increase", "level"),
    ("是", None, "increase", "level"),
)

# Comparators written after the value.
SUFFIXES: tuple[tuple[str, Comparator, bool], ...] = (
    ("及以上", ">=", False),
    ("以上", ">=", False),
    ("及以下", "<=", False),
    ("以下", "<=", False),
    ("以内", "<=", False),
    ("左右", "=", True),
)

# Names that are a rate of the figure before them (实现产值630亿元、增速达到25%).
RATE_WORDS: tuple[str, ...] = ("增速", "增幅", "增长率", "增长速度", "年均增速", "年均增长率")
# Words that set a threshold inside a name (销售收入过1000亿元的开发区).
THRESHOLD_WORDS: tuple[str, ...] = ("超过", "突破", "过", "超", "达到", "达")

# The target written in brackets after the figure achieved: 引进优强企业21家（任务数18家）.
TASK_WORDS: tuple[str, ...] = ("任务数", "目标任务", "目标数", "目标", "计划数", "计划")

# Words that may follow a value without making it a modifier of a noun (迈上1000亿斤新台阶,
# 突破1000亿元的目标, 瞄准200亿元目标).
AFTER_VALUE_OK: tuple[str, ...] = ("新台阶", "台阶", "大关", "的目标", "目标", "的奋斗目标")

# Words that lead a clause but are not part of the name.
LEADING_FILLERS: tuple[str, ...] = (
    "其中",
    "力争",
    "争取",
    "确保",
    "努力",
    "全县",
    "全区",
    "全市",
    "全省",
    "我县",
    "我区",
    "我市",
    "我省",
    "共有",
    "拥有",
    "新培育",
    "培育",
    "累计",
    "建成投用",
    "建成",
    "新建",
    "新增",
    "实现",
    "完成",
    "达到",
    "共",
    "有",
    "将",
    "使",
    "同比",
)
# A "name" that is only a verb: the value continues the one before it (由120亿元增长到180亿元).
VERB_WORDS: frozenset[str] = frozenset(verb for verb, *_ in VALUE_VERBS)

# Fillers that must not be stripped when what remains would be too short to be a name.
MIN_NAME_AFTER_STRIP = 3

# Verbs inside a name (规模以上工业企业实现产值 → 规模以上工业企业产值).
INNER_VERBS: tuple[str, ...] = ("实现", "完成", "达到", "共有", "就有", "累计")

# What is left of a name that only held fillers: the value belongs to the clause before.
EMPTY_NAMES: frozenset[str] = frozenset({"同比", "比上年", "较上年", "同比增", "年均", "其中", "分别"})

# Verbs that count a noun written after the number: 引入 77 家企业.
COUNT_VERBS: tuple[str, ...] = (
    "引入",
    "引进",
    "培育",
    "新增",
    "净增",
    "共有",
    "拥有",
    "建成",
    "新建",
    "建设",
    "有",
    "实现",
    "完成",
    "招引",
    "打造",
    "形成",
    "推进",
    "实施",
    "创建",
    "争创",
    "认定",
    "带动",
    "落地",
    "签约",
    "开工",
    "投产",
)

# Nouns counted after the number that are activities, not things: their verb stays (带动415万人就业).
COUNTED_ACTIVITIES: tuple[str, ...] = ("就业",)
# What a document counts of itself (提出主要措施33条, 八个方面的工作): never a target.
DOCUMENT_PARTS: tuple[str, ...] = ("措施", "举措", "方面", "方面的工作", "条款", "项任务", "重点任务", "重点工作")

# Counting verbs that only say a count is built, not what is counted (打造6个集群 is 6 集群; 引入77家企业
# stays 引入企业, a flow of its own).
BUILD_VERBS: tuple[str, ...] = ("打造", "形成", "推进", "实施", "创建", "争创", "建设", "发展")
# Adverbs before a verb that say how, not what (全力推进, 重点打造).
MANNER_ADVERBS: tuple[str, ...] = ("全力", "大力", "重点", "着力", "加快", "积极", "努力", "奋力", "计划", "新")

# Names that only make sense with the subject of the clause before them (产值 of 清洁能源企业).
GENERIC_MEASURES: tuple[str, ...] = (
    "产值",
    "增加值",
    "营业收入",
    "主营业务收入",
    "收入",
    "税金",
    "税收",
    "利润",
    "投资",
    "产量",
    "规模",
)

# Measure words a list of names shares: 战略性新兴产业、高技术制造业产值占比 → both 产值占比.
SHARED_SUFFIXES: tuple[str, ...] = (
    "产值占比",
    "企业占比",
    "企业数量",
    "占比",
    "比重",
    "产值",
    "增加值",
    "营业收入",
    "增速",
    "企业",
)

# Sections that describe the present (their figures are facts of the baseline year).
PRESENT_STATE_SECTIONS: tuple[str, ...] = (
    "现状",
    "发展基础",
    "基本情况",
    "主要成效",
    "成效",
    "回顾",
    "成就",
    "存在问题",
    "存在的问题",
    "总体情况",
)

# Words that are debris when a name starts or ends with them: the verb, particle or time word next to
# the name, cut in with it ("规上工业产值保持年", "从期的25.7亿元", "打造形成有色金属").  The reader trims
# them and the corpus benchmark counts names that still carry one.
NAME_DEBRIS_HEAD: tuple[str, ...] = (
    "达到",
    "实现",
    "突破",
    "保持",
    "力争",
    "争取",
    "确保",
    "打造",
    "形成",
    "新增",
    "完成",
    "累计",
    "全年",
    "今年",
    "年底",
    "年末",
    "期末",
    "其中",
    "分别",
    "同比",
    "的",
    "从",
    "期",
    "到",
    "至",
    "将",
    "使",
    "和",
    "与",
    "及",
    "、",
    "，",
)
NAME_DEBRIS_TAIL: tuple[str, ...] = (
    "达到",
    "实现",
    "突破",
    "保持",
    "力争",
    "打造",
    "形成",
    "新增",
    "完成",
    "超过",
    "分别",
    "增长",
    "年均",
    "同比",
    "年",
    "的",
    "从",
    "期",
    "达",
    "为",
    "是",
    "均",
    "和",
    "与",
    "及",
    "、",
    "，",
)


def name_debris(name: str) -> str | None:
    """The debris a name starts or ends with, or None when it is clean."""
    for word in NAME_DEBRIS_HEAD:
        if name.startswith(word):
            return word
    for word in NAME_DEBRIS_TAIL:
        if name.endswith(word):
            return word
    return None


# Words that make a figure of the document's own year a target (regular expressions; the last cue
# before a figure decides).  要 only as a verb: 主要 and 重要 are not cues.
TARGET_CUES: tuple[str, ...] = (
    "力争",
    "争取",
    "确保",
    "努力",
    "力求",
    "奋力",
    "目标",
    "预期",
    "计划",
    "任务",
    "(?<![主重需只])要",
    "(?<![即])将(?!乐)",
    "拟",
    "瞄准",
    "提出",
    "明确",
    "预计到",
)
# Words that make it a fact: the figure is reported, not set.  Strong ones report even after a goal
# word (2017年计划执行情况); weak ones only when no goal word comes before (确保…同比增长30% is a goal).
ACTUAL_CUES: tuple[str, ...] = (
    "(?:完成|实现|达到|增长|保持|取得|突破|超过|提高|提升|下降)了",
    "已经",
    "(?<![而])已",
    "执行情况",
    "完成情况",
    "实绩",
    "共有",
    "现有",
    "还有",
)
WEAK_ACTUAL_CUES: tuple[str, ...] = ("同比", "比上年", "较上年", "截至", "截止", "完成(?!全年|年度|目标)")
# Documents about one year: a title ``2021年……`` naming one of these.
ANNUAL_DOCUMENTS: tuple[str, ...] = (
    "国民经济和社会发展计划",
    "政府工作报告",
    "工作要点",
    "目标任务",
    "工作安排",
    "工作会议",
)
# Headings that announce goals: what stands under them is a target (二、2026年工作安排, 二、预期目标).
GOAL_HEADINGS: tuple[str, ...] = ("目标", "工作安排", "预期")
# An estimate of the present or the past (预计2023年…达到60亿元): neither target nor fact.
FORECAST_WORDS: tuple[str, ...] = ("预计(?!到)", "(?<!目标)预测", "有望")


# Milestones: targets that are an achievement, not a number.
MILESTONE_VERBS: tuple[str, ...] = ("成功创建", "创建", "创成", "争创", "获批", "建成", "成功申报")
MILESTONE_LEVELS: tuple[str, ...] = ("国家级", "国家", "全国", "省级", "市级", "重庆市", "区级", "县级")
