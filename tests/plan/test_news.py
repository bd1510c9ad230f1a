"""A news write-up of a plan (not an official text): the reader must still find its targets and facts.

The fixture is written in the style of county media reports on newly issued plans.
"""

from __future__ import annotations

from planwatch.plan.extract import extract
from tests.conftest import ROOT

NEWS = ROOT / "tests" / "fixtures" / "news_writeup.txt"


def test_targets_and_facts_in_a_news_writeup() -> None:
    plan = extract(NEWS)
    assert plan.period is not None and (plan.period.start, plan.period.end) == (2021, 2025)
    targets = [
        (i.name, i.target.year, i.target.value, i.unit, i.target.comparator, i.target.basis) for i in plan.indicators
    ]
    assert targets == [
        ("规上工业总产值", 2025, 300, "亿元", ">", "level"),
        ("规上工业总产值年均增速", 2025, 12, "%", ">=", "annual_growth"),
        ("规上工业企业", 2025, 200, "家", ">=", "level"),
        ("单位工业增加值能耗", 2025, 15, "%", ">=", "change"),
        ("制造业增加值占地区生产总值比重", 2025, 30, "%", "=", "level"),
        # 打造两个百亿级产业集群: a count written before its noun, in the 到2025年 context.
        ("百亿级产业集群", 2025, 2, "个", ">=", "level"),
    ]
    # 由2015年的120亿元增长到2020年的180亿元: two facts, and 到2020年 is not a target year.
    facts = [(f.name, f.year, f.value, f.unit) for f in plan.facts]
    assert facts == [
        ("规上工业总产值", 2015, 120, "亿元"),
        ("规上工业总产值", 2020, 180, "亿元"),
        ("规上工业总产值年均增速", 2020, 8.4, "%"),
    ]
    assert [c.links for c in plan.chains] == [["矿石开采", "精深加工", "终端产品"]]
