from __future__ import annotations

from pathlib import Path

from planwatch.plan.audit.arithmetic import (
    check_breakdowns,
    check_park_columns,
    check_project_groups,
    check_scoped_targets,
)
from planwatch.plan.model import Indicator, Park
from tests.plan.audit.helpers import document, fact, group, plan, project, src, target

A, B, C = "园区甲", "食品", "调味品"


def _three_levels(c_amount: float, b_amount: float, a_amount: float, total: float):  # type: ignore[no-untyped-def]  # returns a Plan
    return plan(
        project_groups=[
            group([], total, 1),
            group([A], a_amount, 2),
            group([A, B], b_amount, 3),
            group([A, B, C], c_amount, 4),
            group(["园区乙"], 50, 9),
        ],
        projects=[
            project("辣椒", [A, B, C], 10, 5),
            project("花椒", [A, B, C], 20, 6),
            project("饮料", [A, B], 15, 7),
            project("泵阀", [A], 5, 8),
            project("道路", ["园区乙"], 50, 10),
        ],
    )


def test_groups_that_add_up_give_nothing() -> None:
    # 调味品 30 = 10+20; 食品 45 = 30+15; 园区甲 50 = 45+5; total 100 = 50+50.
    assert check_project_groups(_three_levels(30, 45, 50, 100)) == []


def test_a_wrong_subtotal_three_levels_deep() -> None:
    findings = check_project_groups(_three_levels(35, 45, 50, 100))
    kinds = [(f.kind, f.evidence["group"]) for f in findings]
    # 调味品 states 35 for 10+20.  食品 (45) disagrees with 35 + 15 only because of that
    # wrong subtotal — it matches its own projects — so only 调味品 is reported.
    assert kinds == [("arithmetic.subtotal", [A, B, C])]
    first = findings[0]
    assert (first.evidence["stated"], first.evidence["computed"], first.evidence["difference"]) == (35, 30, -5)
    assert first.severity == "error" and first.line == 4


def test_a_group_matching_its_children_but_not_its_leaves() -> None:
    # 食品 states 50 = 35 (wrong 调味品) + 15; 园区甲 55 = 50 + 5; total 105 = 55 + 50.
    findings = check_project_groups(_three_levels(35, 50, 55, 105))
    assert [(f.kind, f.evidence["group"], f.evidence.get("computed")) for f in findings] == [
        ("arithmetic.subtotal", [A, B, C], 30),
        ("arithmetic.leaves", [], 100),
        ("arithmetic.leaves", [A], 50),
        ("arithmetic.leaves", [A, B], 45),
    ]
    assert findings[1].evidence["wrong_subtotals"] == [[A, B, C]]
    assert "调味品" in findings[1].message


def test_rounded_amounts_are_not_errors() -> None:
    clean = plan(project_groups=[group([], 1.5, 1, unit="亿元")], projects=[project("甲", [], 15000, 2)])
    assert check_project_groups(clean) == []


def test_park_table_column_against_the_stated_total() -> None:
    parks = [
        Park(name="甲园", attributes={"2022年规上产值（亿元）": {"value": 51.17, "unit": "亿元"}}, source=src(3)),
        Park(name="乙园", attributes={"2022年规上产值（亿元）": {"value": 0.2, "unit": "亿元"}}, source=src(4)),
        Park(name="丙园", attributes={"2022年规上产值（亿元）": "正在招商"}, source=src(5)),
    ]
    agreeing = plan(parks=parks, facts=[fact("规上工业产值", 2022, 51.37, 9)])
    assert check_park_columns(agreeing) == []
    short = plan(parks=parks, facts=[fact("规上工业产值", 2022, 60, 9)])
    (finding,) = check_park_columns(short)
    assert finding.severity == "info" and finding.evidence["missing"] == ["丙园"]
    over = plan(parks=parks, facts=[fact("规上工业产值", 2022, 40, 9)])
    assert check_park_columns(over)[0].severity == "error"


def test_park_targets_against_the_plan_target() -> None:
    def parks(third: float) -> list[Indicator]:
        return [
            target("规上工业产值", 110, 2027, 1),
            target("规上工业产值", 75, 2027, 2, scope_path=["甲园"]),
            target("产值", 5, 2027, 3, scope_path=["乙园"]),
            target("产值", third, 2027, 4, scope_path=["丙园"]),
        ]

    assert check_scoped_targets(plan(indicators=parks(30))) == []  # 75 + 5 + 30 = 110
    (over,) = check_scoped_targets(plan(indicators=parks(40)))
    assert (over.severity, over.evidence["parts_sum"], over.evidence["whole"]) == ("error", 120, 110)
    (short,) = check_scoped_targets(plan(indicators=parks(20)))
    assert (short.severity, short.evidence["parts_sum"]) == ("info", 100)
    assert short.lines == [1, 2, 3, 4]


def test_industry_targets_inside_a_park() -> None:
    indicators = [
        target("规上工业产值", 75, 2027, 1, scope_path=["甲园"]),
        target("规上工业产值", 25, 2027, 2, scope_path=["甲园", "食品产业"]),
        target("规上工业产值", 50, 2027, 3, scope_path=["甲园", "装备产业"]),
    ]
    assert check_scoped_targets(plan(indicators=indicators)) == []
    indicators[2] = target("规上工业产值", 60, 2027, 3, scope_path=["甲园", "装备产业"])
    (finding,) = check_scoped_targets(plan(indicators=indicators))
    assert finding.evidence["whole"] == 75 and finding.evidence["parts_sum"] == 85
    assert finding.lines == [1, 2, 3]


def test_prose_breakdowns(tmp_path: Path) -> None:
    doc = document(
        tmp_path,
        "第一章 发展现状\n"
        "引入77家企业。其中，医药企业7家，食品企业13家，材料企业14家。\n"
        "入驻企业66家，其中投产企业49家，规上企业25家。\n"
        "规上工业产值51.37亿元。其中，清洁能源企业4家，产值16.9亿元；食品企业15家，产值40亿元。\n"
        "新签约项目20个，其中工业项目12个、服务业项目8个。\n",
    )
    findings = check_breakdowns(doc)
    assert [(f.kind, f.severity, f.evidence["whole"], f.evidence["parts_sum"]) for f in findings] == [
        ("arithmetic.partial_breakdown", "info", 77, 34),
        ("arithmetic.breakdown", "error", 51.37, 56.9),
    ]
    assert findings[0].lines == [2]


def test_the_same_measures_again_for_a_part_are_no_breakdown(tmp_path: Path) -> None:
    # Seen on the corpus (碧江): 其中 introduces the district's own figures, not kinds of the total.
    doc = document(
        tmp_path,
        "2023年，全区引进优强企业21家(任务数18家)，上报到位资金36亿元。其中，我区单独引进优强企业16家(任务数13家)，"
        "上报到位资金24.8亿元；碧江高新区引进优强企业8家，上报到位资金9.92亿元。\n",
    )
    assert check_breakdowns(doc) == []
