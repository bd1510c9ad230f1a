from __future__ import annotations

from planwatch.plan.audit.contradictions import check_contradictions
from tests.plan.audit.helpers import fact, plan, target


def test_table_against_text() -> None:
    findings = check_contradictions(
        plan(
            indicators=[target("规上企业", 70, 2025, 10, unit="家", baseline=(2020, 24), origin="table")],
            facts=[fact("规模以上工业企业", 2020, 25, 3, unit="家")],
        )
    )
    (finding,) = findings
    assert finding.severity == "error" and finding.lines == [3, 10]
    assert sorted(v["value"] for v in finding.evidence["values"]) == [24, 25]


def test_rounding_is_not_a_contradiction() -> None:
    # 51 in the table, 51.37 in the text: the table rounds.
    assert (
        check_contradictions(
            plan(
                indicators=[target("规上工业总产值", 110, 2025, 10, baseline=(2020, 51), origin="table")],
                facts=[fact("规上工业产值", 2020, 51.37, 3)],
            )
        )
        == []
    )


def test_approximate_values_and_units() -> None:
    facts = [fact("园区建成面积", 2020, 6.9, 3, unit="平方公里"), fact("园区建成面积", 2020, 690, 8, unit="公顷")]
    assert check_contradictions(plan(facts=facts)) == []
    approx = fact("工业增加值", 2020, 38, 3).model_copy(update={"approximate": True})
    assert check_contradictions(plan(facts=[approx, fact("工业增加值", 2020, 38.25, 9)])) == []


def test_different_scopes_years_and_kinds_are_different_quantities() -> None:
    facts = [
        fact("规上工业产值", 2022, 87.28, 19, scope="全县"),
        fact("规上工业产值", 2022, 51.37, 66),
        fact("规上工业产值", 2021, 46.0, 70),
    ]
    park_plan = plan(title="某县工业园区产业发展规划", facts=facts)
    assert check_contradictions(park_plan) == []
    # In a county plan 全县 is the plan's own subject, so the two 2022 figures do disagree.
    county_plan = plan(title="某县制造业高质量发展规划", facts=facts)
    assert [f.lines for f in check_contradictions(county_plan)] == [[19, 66]]


def test_targets_agree_through_increments() -> None:
    indicators = [
        target("10亿级企业", 2, 2027, 175, unit="家", baseline=(2022, 1), origin="table"),
        target("10亿级企业", 1, 2027, 95, unit="家", basis="increment"),
        target("规模企业", 70, 2027, 95, unit="家"),
        target("规上企业", 70, 2027, 168, unit="家", origin="table"),
    ]
    assert check_contradictions(plan(indicators=indicators)) == []
    indicators[2] = target("规模企业", 60, 2027, 95, unit="家")
    (finding,) = check_contradictions(plan(indicators=indicators))
    assert finding.evidence["statement"] == "target:level" and finding.lines == [95, 168]


def test_percentages_and_decreases_compare_within_their_basis() -> None:
    indicators = [
        target("单位工业增加值能耗", 13, 2025, 5, unit="%", direction="decrease", basis="change"),
        target("单位工业增加值能耗", 0.5, 2025, 9, unit="吨标准煤/万元", direction="decrease"),
        target("研发投入强度", 2, 2025, 11, unit="%"),
        target("研发投入强度", 2.5, 2025, 12, unit="%"),
    ]
    (finding,) = check_contradictions(plan(indicators=indicators))
    assert finding.lines == [11, 12]


def test_same_value_rounds_half_up() -> None:
    from planwatch.plan.audit.finding import same_value

    assert same_value(51, 51.37)
    assert same_value(0.5, 0.45)  # 四舍五入
    assert not same_value(2, 2.5)
    assert not same_value(24, 25)
    assert not same_value(50.75, 51.37)
    assert same_value(109.8, 109.80000000001)
