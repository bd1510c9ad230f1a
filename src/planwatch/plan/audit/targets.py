"""Target sanity: targets that cannot be right or are very unlikely to be met.

* An increase target below its baseline (a decrease target above it),
  comparing like with like: the same quantity, scope and unit dimension; the
  baseline from the indicator itself or from a stated figure of the base year.
* A target year outside the plan period, unless clearly a long-range goal
  (at least ``long_range_years`` past the end, e.g. 2035 in a 2023—2027 plan);
  project years outside the plan period.
* The growth a target requires (CAGR from baseline to target) against the
  most recent growth the plan states for the same quantity.
* A table baseline left empty although the text states that figure.
"""

from __future__ import annotations

from planwatch.plan import names
from planwatch.plan.audit.contradictions import scope_key
from planwatch.plan.audit.finding import Finding, finding, fmt, same_value, thresholds
from planwatch.plan.model import Fact, Indicator, Plan
from planwatch.units import convert_or_keep, same_dimension


def _base_facts(plan: Plan, indicator: Indicator, year: int | None = None) -> list[Fact]:
    key = names.key(indicator.name)
    scope = scope_key(plan, indicator.scope)
    return [
        fact
        for fact in plan.facts
        if names.key(fact.name) == key
        and scope_key(plan, fact.scope) == scope
        and (year is None or fact.year == year)
        and (indicator.unit is None or fact.unit == indicator.unit or same_dimension(fact.unit, indicator.unit))
    ]


def baseline_of(plan: Plan, indicator: Indicator) -> tuple[int, float, int] | None:
    """(year, value in the indicator's unit, line) of the baseline: the indicator's own, else a stated fact."""
    base = indicator.baseline
    if base is not None and base.value is not None and base.year is not None:
        return base.year, base.value, indicator.source.line
    latest_year = plan.period.start - 1 if plan.period else None
    candidates = [
        f for f in _base_facts(plan, indicator) if f.year is not None and (latest_year is None or f.year <= latest_year)
    ]
    if not candidates:
        return None
    fact = max(candidates, key=lambda f: (f.year or 0, f.source.line))
    assert fact.year is not None
    return fact.year, convert_or_keep(fact.value, fact.unit, indicator.unit), fact.source.line


RATES: tuple[str, ...] = ("增速", "增幅", "涨幅", "增长率", "降幅")


def check_below_baseline(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    for indicator in plan.indicators:
        target = indicator.target
        if target.value is None or target.basis != "level" or indicator.name.endswith(RATES):
            continue  # a growth rate may well be set below last year's: growing slower is not going back
        base = baseline_of(plan, indicator)
        if base is None:
            continue
        year, value, line = base
        increase = target.direction == "increase"
        wrong = target.value < value if increase else target.value > value
        if not wrong or same_value(target.value, value):
            continue
        unit = indicator.unit or ""
        findings.append(
            finding(
                "target.below_baseline" if increase else "target.above_baseline",
                "warning",
                f"“{indicator.name}”{target.year}年目标{fmt(target.value)}{unit}"
                f"{'低于' if increase else '高于'}{year}年已达到的{fmt(value)}{unit}（第{line}行），"
                f"{'增长' if increase else '下降'}目标反而{'倒退' if increase else '上升'}。",
                [indicator.source.line, line],
                target=target.value,
                target_year=target.year,
                baseline=value,
                baseline_year=year,
                unit=indicator.unit,
            )
        )
    return findings


def check_years(plan: Plan) -> list[Finding]:
    if plan.period is None:
        return []
    start, end = plan.period.start, plan.period.end
    long_range: int = thresholds()["long_range_years"]
    findings: list[Finding] = []
    for indicator in plan.indicators:
        year = indicator.target.year
        if year is None or start <= year <= end or year >= end + long_range:
            continue
        findings.append(
            finding(
                "target.year_outside_period",
                "warning",
                f"“{indicator.name}”的目标年份{year}年不在规划期{start}—{end}年内。",
                [indicator.source.line],
                year=year,
                period=[start, end],
            )
        )
    for project in plan.projects:
        years = [y for y in (project.start_year, project.end_year) if y is not None]
        outside = [y for y in years if not start <= y <= end]
        if not outside:
            continue
        findings.append(
            finding(
                "project.year_outside_period",
                "warning",
                f"项目“{project.name}”建设年限{project.start_year}—{project.end_year}年超出规划期{start}—{end}年。",
                [project.source.line],
                start_year=project.start_year,
                end_year=project.end_year,
                period=[start, end],
            )
        )
    return findings


def _growth_facts(plan: Plan, indicator: Indicator, before: int) -> list[Fact]:
    key = names.key(indicator.name)
    scope = scope_key(plan, indicator.scope)
    return [
        f
        for f in plan.facts
        if f.unit == "%"
        and f.name.endswith(("增速", "增长率"))
        and names.key(f.name.removesuffix("增速").removesuffix("增长率")) == key
        and scope_key(plan, f.scope) == scope
        and f.year is not None
        and f.year <= before
    ]


def check_required_growth(plan: Plan) -> list[Finding]:
    limits = thresholds()["required_growth"]
    findings: list[Finding] = []
    for indicator in plan.indicators:
        target = indicator.target
        if target.value is None or target.year is None or target.basis != "level" or indicator.unit == "%":
            continue
        base = baseline_of(plan, indicator)
        if base is None:
            continue
        base_year, base_value, base_line = base
        years = target.year - base_year
        if years <= 0 or base_value <= 0 or target.value <= 0:
            continue
        required = (target.value / base_value) ** (1 / years) - 1
        growth = _growth_facts(plan, indicator, base_year)
        if not growth:
            continue
        latest = max(growth, key=lambda f: (f.year or 0, f.source.line))
        historical = latest.value / 100
        if required - historical <= limits["gap"] or required <= limits["ratio"] * max(historical, 0):
            continue
        findings.append(
            finding(
                "target.required_growth",
                "warning",
                f"“{indicator.name}”从{base_year}年的{fmt(base_value)}{indicator.unit or ''}到{target.year}年的"
                f"{fmt(target.value)}{indicator.unit or ''}，需年均增长{required * 100:.1f}%，而规划所述"
                f"{latest.year}年增速仅{fmt(latest.value)}%，目标实现难度很大。",
                [indicator.source.line, base_line, latest.source.line],
                baseline=base_value,
                baseline_year=base_year,
                target=target.value,
                target_year=target.year,
                required_cagr=round(required, 4),
                historical_growth=round(historical, 4),
                historical_year=latest.year,
            )
        )
    return findings


def check_missing_baselines(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    for indicator in plan.indicators:
        base = indicator.baseline
        if indicator.origin != "table" or base is None or base.value is not None or base.year is None:
            continue
        facts = _base_facts(plan, indicator, base.year)
        if not facts:
            continue
        fact = facts[0]
        findings.append(
            finding(
                "target.baseline_missing",
                "info",
                f"指标表中“{indicator.name}”的{base.year}年基期值为空，但正文第{fact.source.line}行写明为"
                f"{fmt(fact.value)}{fact.unit or ''}。",
                [indicator.source.line, fact.source.line],
                year=base.year,
                stated=fact.value,
                unit=fact.unit,
            )
        )
    return findings
