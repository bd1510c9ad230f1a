"""How other places phrase targets: one test per family, on short excerpts of the corpus's dev texts
(tests/corpus/texts, shortened where a sentence carries more than the family under test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.plan.extract import extract
from planwatch.plan.model import Period, Plan
from planwatch.plan.recognise.years import Clock, cue, expressions

Row = tuple[str, int | None, float | None, str | None, str | None]


def _plan(tmp_path: Path, text: str, year: int | None) -> Plan:
    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path, document_year=year)


def _targets(plan: Plan) -> list[Row]:
    return [(i.name, i.target.year, i.target.value, i.unit, i.target.comparator) for i in plan.indicators]


# ---------------------------------------------------------------- time expressions


@pytest.mark.parametrize(
    ("text", "year", "period", "kind", "resolved"),
    [
        ("到2025年年末全省县域生产总值将达1.6万亿元", 2021, None, "target", 2025),
        ("截至“十四五”末，我省", 2021, None, "target", 2025),
        ("到“十五五”末", 2024, None, "target", 2030),
        ("“十三五”期间，内蒙古将", 2017, None, "current", 2020),
        ("“十一五”期间，我区工业经济", 2012, None, "fact", 2010),
        ("今年是“十五五”开局之年", 2026, None, "current", 2026),
        ("未来5年，云南省还将", 2016, None, "target", 2020),
        ("用3年左右时间", 2024, None, "target", 2026),
        ("力争三季度实现", 2016, None, "current", 2016),
        ("到年末，确保", 2007, None, "target", 2007),
        ("去年，郑州经开区生产总值完成", 2018, None, "fact", 2017),
        ("2025年签约投资额2亿元", 2025, Period(start=2025, end=2027), "target", 2025),
        ("2020年，全省规上工业增加值同比增长5.7%", 2021, None, "fact", 2020),
        ("近三年每年增长超过100亿元", 2022, None, "fact", 2022),
    ],
)
def test_time_expressions(text: str, year: int, period: Period | None, kind: str, resolved: int) -> None:
    whens = [when for when in expressions(text, Clock(year, period)) if when.kind != "neutral"]
    assert (whens[0].kind, whens[0].year) == (kind, resolved)


def test_dates_bases_and_cited_titles_are_no_times() -> None:
    clock = Clock(2023)
    for text in (
        "2023-11-15 11:40 来源：三明日报",
        "已经2023年10月13日市政府第20次常务会议研究通过",
        "《江西省十四五制造业高质量发展规划》",
    ):
        assert all(when.kind == "neutral" for when in expressions(text, clock)), text
    (base,) = expressions("在2022年的基础上实现“双倍增”", clock)
    assert (base.kind, base.year) == ("base", 2022)


def test_cue_words_decide_the_current_year() -> None:
    assert cue("今年的主要目标是：") == "target"
    assert cue("今年，万州完成规上工业总产值") == "fact"
    assert cue("确保…主要经济指标同比增长") == "target"  # a goal word before a weak reporting word
    assert cue("2017年计划执行情况") == "fact"  # a strong reporting word after a goal word


def test_this_year_in_a_work_report(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "2020年，全省规上工业增加值同比增长5.7%，全国排名第8位。\n"
        "今年的主要目标是：全省规模以上工业增加值增长7%，规上工业企业研发投入增长20%以上。\n",
        2021,
    )
    assert _targets(plan) == [
        ("规模以上工业增加值增速", 2021, 7, "%", "="),
        ("规上工业企业研发投入增速", 2021, 20, "%", ">="),
    ]
    assert plan.indicators[0].scope == "全省"  # the whole province: a scope, not part of the name
    assert [(f.name, f.year, f.value) for f in plan.facts] == [("规上工业增加值增速", 2020, 5.7)]


def test_a_five_year_plan_in_a_news_write_up(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "“十一五”期间，我区工业经济发展成效显著。“十二五”期间，全区工业经济发展的主要目标是：工业增加值达到133亿元，"
        "年均增速达到27%以上。\n",
        2012,
    )
    assert _targets(plan) == [
        ("工业增加值", 2015, 133, "亿元", ">="),
        ("工业增加值年均增速", 2015, 27, "%", ">="),
    ]


def test_an_estimate_of_the_present_is_neither(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "2020年、2021年规上工业企业累计完成产值398.8亿元、579.33亿元，预计2022年全年工业产值有望突破700亿元。\n"
        "预计到2025年，平罗县制造业占工业增加值比重达55%以上。\n",
        2022,
    )
    assert _targets(plan) == [("平罗县制造业占工业增加值比重", 2025, 55, "%", ">=")]


# ---------------------------------------------------------------- comparators, ranges, numerals


@pytest.mark.parametrize(
    ("clause", "comparator", "value", "unit"),
    [
        ("规上工业产值突破6500亿元", ">", 6500, "亿元"),
        ("全区专精特新“小巨人”企业突破8家", ">", 8, "家"),
        ("规模以上工业战略性新兴产业增加值占规模以上工业增加值的比重超38%", ">", 38, "%"),
        ("常住人口城镇化率达到69%", ">=", 69, "%"),
        ("城镇调查失业率控制在5.5%左右", "=", 5.5, "%"),
        ("全年新签约项目签约总额不低于400亿元", ">=", 400, "亿元"),
        ("社会物流总费用占GDP的比率下降至18%以内", "<=", 18, "%"),
        ("地区生产总值增长6%", "=", 6, "%"),
        ("粮食综合生产能力迈上1000亿斤新台阶", ">=", 1000, "亿斤"),
        ("工业产值超1万亿元", ">", 1, "万亿元"),
    ],
)
def test_comparators_and_units(tmp_path: Path, clause: str, comparator: str, value: float, unit: str) -> None:
    (target,) = _plan(tmp_path, f"到2025年，{clause}。\n", 2021).indicators
    assert (target.target.comparator, target.target.value, target.unit) == (comparator, value, unit)


def test_ranges_keep_both_ends_and_fractions(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path, "到2027年，新培育上市企业2—3家，全省开发区生产总值占全省经济总量的比重提高到1/3以上。\n", 2023
    )
    first, second = plan.indicators
    assert (first.target.value, first.target.value_high, first.unit) == (2, 3, "家")
    assert second.target.value == pytest.approx(1 / 3)


def test_chinese_numerals_counted_before_their_noun(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "到2025年，打造6个千亿级创新产业集群，培育发展五大领域15个精深加工产业链，打造两个百亿级产业集群。\n",
        2021,
    )
    assert [(i.name, i.target.value, i.unit) for i in plan.indicators] == [
        ("千亿级创新产业集群", 6, "个"),
        ("五大领域精深加工产业链", 15, "个"),
        ("百亿级产业集群", 2, "个"),
    ]


def test_slogans_and_the_documents_own_parts_are_not_counts(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "到2025年，努力实现七个“新”，提出加快主导产业集聚发展等主要措施33条。\n", 2023)
    assert plan.indicators == []


# ---------------------------------------------------------------- scope, tasks, lists


def test_targets_per_chain(tmp_path: Path) -> None:
    text = (
        "脐橙(小水果)产业链方面，招引种苗培育、农资农具、水果综合利用等项目，2025年签约投资额2亿元，落地项目1个，"
        "到位资金0.8亿元；2027年末签约投资额6.6亿元，落地项目3个，到位资金2.7亿元。\n"
    )
    plan = _plan(tmp_path, "2025年，奉节县印发《行动方案(2025-2027)》。\n" + text, 2025)
    assert [(i.name, i.target.year, i.target.value) for i in plan.indicators] == [
        ("签约投资额", 2025, 2),
        ("落地项目", 2025, 1),
        ("到位资金", 2025, 0.8),
        ("签约投资额", 2027, 6.6),
        ("落地项目", 2027, 3),
        ("到位资金", 2027, 2.7),
    ]


def test_the_task_in_brackets_after_the_achieved_figure(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "2023年，我区引进优强企业21家(任务数18家)，上报到位资金36亿元(任务数34亿元)；"
        "碧江高新区引进优强企业8家，完成全年目标任务7家的114.29%。\n",
        2024,
    )
    assert _targets(plan) == [
        ("引进优强企业", 2023, 18, "家", ">="),
        ("上报到位资金", 2023, 34, "亿元", ">="),
        ("碧江高新区引进优强企业", 2023, 7, "家", ">="),
    ]
    assert [f.value for f in plan.facts] == [21, 36, 8]


def test_one_target_per_line_of_a_list(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "未来5年，云南省还将着力推进重点产业的发展。\n\n生物医药和大健康\n\n目标\n\n"
        "主营业务收入2017年达到2400亿元左右\n\n2020年达到3800亿元左右\n\n年均增长20%左右\n",
        2016,
    )
    assert _targets(plan) == [
        ("主营业务收入", 2017, 2400, "亿元", "="),
        ("主营业务收入", 2020, 3800, "亿元", "="),
        ("主营业务收入年均增速", 2020, 20, "%", "="),
    ]


def test_a_name_elided_after_a_threshold(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "到2015年末，销售收入过1000亿元的开发区达到6个以上、过500亿元的达到10个以上。\n", 2011)
    assert [i.name for i in plan.indicators] == ["销售收入过1000亿元的开发区", "销售收入过500亿元的开发区"]


# ---------------------------------------------------------------- scripts and tables left as text


def test_traditional_script_with_pinyin_glosses(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "規(guī)劃明確，“十四五”時(shí)期，張家港市將實(shí)現(xiàn)上市企業(yè)35家以上。\n",
        2021,
    )
    assert _targets(plan) == [("上市企业", 2025, 35, "家", ">=")]


def test_a_completion_table_of_pipe_rows(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "表一:2021年国民经济与社会发展有关指标完成情况\n"
        "属性 | 指标名称 | 人代会 目标 | 完成情况 | 全市排名 | |||\n"
        "增幅 | 绝对值 | 评价 | |||||\n"
        "预期性 | 地区生产总值 | 8%左右 | 9.7 | 853.2亿元 | 完成 | 2 | |\n"
        "全员劳动生产率 | 高于市平均 | 低于市平均(*) | 未完成 | 4(*) | |||\n"
        "财政总收入 | 8%以上 | 16.2% | 96.2亿 | 完成 | 2 | ||\n",
        2022,
    )
    assert _targets(plan) == [("地区生产总值", 2021, 8, "%", "="), ("财政总收入", 2021, 8, "%", ">=")]
    assert {i.rule for i in plan.indicators} == {"table.loose"}
    assert plan.facts == []


def test_a_table_flattened_one_cell_per_line(tmp_path: Path) -> None:
    cells = ["序号", "指标名称", "2017年目标", "2017年实绩", "完成情况评价", "比上年增长(%)", "总量", "比上年增长(%)"]
    cells += [
        "1",
        "地区生产总值△",
        "8",
        "553.2亿元",
        "8.1",
        "超额完成",
        "2",
        "财政总收入",
        "7",
        "87.0亿元",
        "10.1",
        "超额完成",
    ]
    plan = _plan(tmp_path, "2017年国民经济和社会发展主要目标完成情况\n\n" + "\n\n".join(cells) + "\n", 2018)
    assert _targets(plan) == [("地区生产总值", 2017, 8, "%", ">="), ("财政总收入", 2017, 7, "%", ">=")]


def test_each_item_says_which_rule_made_it_and_how_sure_it_is(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "到2025年，全省规上工业增加值达到1000亿元，打造6个千亿级创新产业集群。\n", 2021)
    assert [(i.rule, i.canonical) for i in plan.indicators] == [
        ("prose.year_clause", "规上工业增加值"),
        ("prose.year_clause+counted", "千亿级创新产业集群"),
    ]
    assert all(0 < (i.confidence or 0) < 1 for i in plan.indicators)
    assert plan.indicators[0].confidence is not None and plan.indicators[1].confidence is not None
    assert plan.indicators[0].confidence > plan.indicators[1].confidence
