"""责任分工 read from the plan's text: “（牵头单位：…）” brackets in prose and 牵头单位 columns in tables."""

from __future__ import annotations

from pathlib import Path

from planwatch.plan import departments
from planwatch.plan.extract import extract
from planwatch.plan.model import Indicator, Plan

PROSE = """某县工业发展规划（2021—2025年）

第一章 发展目标

到2025年，规上工业企业达到150家。（牵头单位：县经信委；配合单位：县统计局、县发改委）全县工业投资年均增长10%。

高新技术企业达到80家。
（责任单位：县科技局、县经济信息委）
"""

TABLE = """某县工业发展规划（2021—2025年）

第一章 发展目标

表1 “十四五”工业发展主要指标

| 类别 | 指标名称 | 单位 | 2020年 | 2025年 | 属性 | 牵头单位 | 配合单位 |
| --- | --- | --- | --- | --- | --- | --- | --- |
| 规模 | 规上工业产值 | 亿元 | 102 | 400 | 预期性 | 县经济信息委 | 县统计局 |
| 效益 | 入库税金 | 亿元 | 3 | 6 | 预期性 | 税务局 | 财政局 |
"""


def _plan(tmp_path: Path, text: str) -> Plan:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def _named(plan: Plan, name: str) -> Indicator:
    return next(i for i in plan.indicators if i.name == name)


def test_a_bracket_gives_the_targets_before_it_their_lead_and_support(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PROSE)
    firms = _named(plan, "规上工业企业")
    assert firms.target.value == 150  # the bracket ends the sentence: it is not read as a target of its own
    assert firms.duty is not None
    assert firms.duty.lead == [departments.canonical("县经信委")]
    assert firms.duty.support == [departments.canonical("县统计局"), departments.canonical("县发改委")]
    assert firms.duty.source is not None and firms.duty.source.line == firms.source.line
    assert _named(plan, "工业投资").duty is None  # written after the bracket: not its target


def test_a_bracket_on_its_own_line_belongs_to_the_paragraph_above_and_the_first_named_leads(tmp_path: Path) -> None:
    hightech = _named(_plan(tmp_path, PROSE), "高新技术企业")
    assert hightech.duty is not None
    assert hightech.duty.lead == ["县科技局"] and hightech.duty.support == ["县经济信息委"]


def test_a_table_with_a_lead_column_gives_each_row_its_departments(tmp_path: Path) -> None:
    plan = _plan(tmp_path, TABLE)
    output, tax = _named(plan, "规上工业产值"), _named(plan, "入库税金")
    assert output.duty is not None and tax.duty is not None
    assert (output.duty.lead, output.duty.support) == (["县经济信息委"], ["县统计局"])
    assert (tax.duty.lead, tax.duty.support) == ([departments.canonical("税务局")], [departments.canonical("财政局")])
    assert tax.duty.lead != ["税务局"]  # short forms are written one way (data/departments.yaml)


def test_the_seed_plans_name_no_departments(shizhu: Plan, xiushan: Plan) -> None:
    assert all(i.duty is None for i in [*shizhu.indicators, *xiushan.indicators])


def test_department_names_are_split_and_spelled_one_way() -> None:
    assert departments.split("县经济信息委、县发展改革委等部门") == ["县经济信息委", "县发展改革委"]
    assert departments.split("经信委，经信委") == [departments.canonical("经信委")]
    assert departments.canonical("某某镇人民政府") == "某某镇人民政府"  # not in the list: kept as written
    assert departments.park_office("下路工业园区") == "下路工业园区管委会"
