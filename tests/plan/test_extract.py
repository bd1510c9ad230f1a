"""Acceptance on the two seed plans: what a county official would check by reading them."""

from __future__ import annotations

from datetime import date

from planwatch.plan.model import Indicator, Plan


def _target(plan: Plan, name: str, scope: str | None = None) -> Indicator:
    return next(
        i for i in plan.indicators if i.origin == "prose" and i.name == name and (scope is None or i.scope == scope)
    )


def test_shizhu_metadata(shizhu: Plan) -> None:
    assert shizhu.doc_number == "石柱府发〔2024〕5号"
    assert shizhu.published == date(2024, 1, 23)
    assert shizhu.period is not None and (shizhu.period.start, shizhu.period.end) == (2023, 2027)
    assert shizhu.region == "石柱土家族自治县"
    assert shizhu.id == "003_ee4bfce4192e67e0.txt"


def test_shizhu_everything_is_there(shizhu: Plan) -> None:
    assert sum(1 for i in shizhu.indicators if i.origin == "table") == 21
    assert len(shizhu.projects) == 73
    assert len(shizhu.project_groups) == 15
    assert len(shizhu.parks) == 4
    assert len(shizhu.chains) == 6
    assert (_target(shizhu, "规上工业产值").target.year, _target(shizhu, "规上工业产值").target.value) == (2027, 110)
    assert _target(shizhu, "入库税金").target.value == 1.5
    assert (_target(shizhu, "工业总产值").target.year, _target(shizhu, "工业总产值").target.value) == (2035, 350)
    assert _target(shizhu, "产值", "西沱绿色新型材料产业园").target.value == 20


def test_shizhu_facts(shizhu: Plan) -> None:
    facts = {(f.name, f.year): (f.value, f.unit) for f in shizhu.facts}
    assert facts[("工业增加值", 2022)] == (38.25, "亿元")
    assert facts[("规上企业", 2022)] == (25, "家")
    assert facts[("规上工业产值", 2022)] == (51.37, "亿元")
    assert facts[("入库税金", 2022)] == (0.47, "亿元")
    assert facts[("高新技术企业", 2022)] == (9, "家")


def test_xiushan_metadata(xiushan: Plan) -> None:
    assert xiushan.doc_number == "秀山府办发〔2022〕3号"
    assert xiushan.published == date(2022, 1, 4)
    assert xiushan.period is not None and (xiushan.period.start, xiushan.period.end) == (2021, 2025)
    assert xiushan.region == "秀山土家族苗族自治县"


def test_xiushan_2025_targets(xiushan: Plan) -> None:
    got = {
        i.name: (i.target.year, i.target.value, i.unit, i.target.comparator)
        for i in xiushan.indicators
        if i.target.value is not None and i.target.year_basis != "plan_end"
    }
    assert got == {
        "规上工业企业": (2025, 150, "家", ">="),
        "规上工业产值": (2025, 400, "亿元", ">"),
        "工业总产值": (2025, 500, "亿元", ">"),
        "高新技术企业": (2025, 80, "家", ">="),
        "专业研发机构和科技服务机构": (2025, 80, "个", ">="),
        "规模以上食品企业": (2025, 30, "家", ">="),
        "亿元以上食品龙头企业": (2025, 10, "家", ">="),
        "食品加工产值": (2025, 100, "亿元", ">="),
    }
    milestones = [i.name for i in xiushan.indicators if i.target.value is None]
    assert "成功创建市级高新技术产业开发区" in milestones


def test_xiushan_2020_facts(xiushan: Plan) -> None:
    facts = {(f.name, f.year): f.value for f in xiushan.facts}
    assert facts[("工业总产值", 2020)] == 111.48
    assert facts[("规模以上工业企业产值", 2020)] == 102.04
    assert facts[("地区生产总值", 2020)] == 301
    assert facts[("工业规上企业", 2020)] == 73
    assert facts[("五大产业工业产值", 2020)] == 34.1


def test_every_item_points_at_its_line(shizhu: Plan, xiushan: Plan) -> None:
    from tests.conftest import SHIZHU, XIUSHAN

    for plan, path in ((shizhu, SHIZHU), (xiushan, XIUSHAN)):
        lines = path.read_text(encoding="utf-8").split("\n")
        sources = [
            item.source
            for items in (plan.indicators, plan.facts, plan.parks, plan.projects, plan.project_groups, plan.chains)
            for item in items
        ]
        for source in sources:
            assert 1 <= source.line <= len(lines)
            assert lines[source.line - 1].strip(), f"{source} points at a blank line"
