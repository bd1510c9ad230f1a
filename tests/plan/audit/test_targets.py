from __future__ import annotations

from planwatch.plan.audit.targets import (
    check_below_baseline,
    check_missing_baselines,
    check_required_growth,
    check_years,
)
from planwatch.plan.model import Period
from tests.plan.audit.helpers import fact, plan, project, target


def test_increase_target_below_a_stated_baseline() -> None:
    findings = check_below_baseline(
        plan(
            indicators=[target("园区建成面积", 5.5, 2025, 96, unit="平方公里")],
            facts=[fact("园区建成面积", 2020, 6.9, 68, unit="平方公里")],
        )
    )
    (finding,) = findings
    assert (finding.kind, finding.severity, finding.lines) == ("target.below_baseline", "warning", [68, 96])
    assert finding.evidence["baseline"] == 6.9 and finding.evidence["target"] == 5.5


def test_decrease_targets_and_units() -> None:
    above = target("单位能耗", 0.6, 2025, 9, unit="吨标准煤/万元", baseline=(2020, 0.5), direction="decrease")
    assert [f.kind for f in check_below_baseline(plan(indicators=[above]))] == ["target.above_baseline"]
    fine = target("单位能耗", 0.4, 2025, 9, unit="吨标准煤/万元", baseline=(2020, 0.5), direction="decrease")
    change = target("单位能耗", 13, 2025, 9, unit="%", baseline=(2020, 20), direction="decrease", basis="change")
    converted = target("规上工业产值", 1_000_000, 2025, 9, unit="万元")
    facts = [fact("规上工业产值", 2020, 80, 3, unit="亿元")]
    assert check_below_baseline(plan(indicators=[fine, change, converted], facts=facts)) == []


def test_target_and_project_years_outside_the_period() -> None:
    indicators = [
        target("工业总产值", 350, 2035, 98),  # a long-range goal: fine
        target("规上工业产值", 120, 2026, 99),  # one year after a 2021—2025 plan
        target("规上工业产值", 100, 2025, 100),
    ]
    projects = [project("道路", [], 100, 7, years=(2024, 2027)), project("厂房", [], 50, 8, years=(2021, 2025))]
    findings = check_years(plan(indicators=indicators, projects=projects))
    assert [(f.kind, f.line) for f in findings] == [
        ("target.year_outside_period", 99),
        ("project.year_outside_period", 7),
    ]
    assert check_years(plan(indicators=indicators, period=None)) == []


def test_required_growth_against_stated_growth() -> None:
    facts = [fact("规上工业产值", 2020, 102.04, 65), fact("规上工业产值增速", 2020, 4.1, 65, unit="%")]
    (finding,) = check_required_growth(plan(indicators=[target("规上工业产值", 400, 2025, 171)], facts=facts))
    assert finding.evidence["required_cagr"] == round((400 / 102.04) ** 0.2 - 1, 4)
    assert finding.evidence["historical_growth"] == 0.041
    # Growth near the recent rate is not flagged.
    assert check_required_growth(plan(indicators=[target("规上工业产值", 125, 2025, 171)], facts=facts)) == []
    # Without a stated growth rate there is nothing to compare with.
    assert check_required_growth(plan(indicators=[target("规上工业产值", 400, 2025, 171)], facts=facts[:1])) == []


def test_baseline_in_the_text_but_not_in_the_table() -> None:
    indicators = [target("高技术制造业产值占比", 25, 2027, 152, unit="%", baseline=(2022, None), origin="table")]
    facts = [fact("高技术制造业产值占比", 2022, 12.5, 40, unit="%")]
    (finding,) = check_missing_baselines(plan(indicators=indicators, facts=facts, period=Period(start=2023, end=2027)))
    assert finding.severity == "info" and finding.lines == [40, 152]


def test_a_growth_rate_below_last_years_is_no_regression() -> None:
    # Seen on the corpus (吉林 2026): 一般公共预算收入增长13.3% in 2025, 增长3.7% wanted for 2026.
    rate = plan(
        indicators=[target("一般公共预算收入增速", 3.7, 2025, 14, unit="%")],
        facts=[fact("一般公共预算收入增速", 2024, 13.3, 9, unit="%")],
    )
    assert check_below_baseline(rate) == []
