"""Gather: read from the store everything an evaluation needs, as plain values — the only I/O of evaluation.

For each quantified target: the definition that computes it, the org it is
about (the plan's county or park, a park named as its scope, or an industry
cluster inside a park), its figures through the period evaluated as known at
the knowledge date — converted to the plan's own unit where the two differ
(a plan that states 产值 in 万元 is judged in 万元) — and the plan's own
baseline statement.  For targets without a number, the milestone recorded.

Which figures count:

* a flow (产值, 税金 …) counts only complete years: a year's January–October
  sum is no annual figure (it is kept as the year-to-date value);
* a stock or count (企业数, 用地面积) counts at its latest month (83家 in
  2024-10 is a point at 2024 + 10/12);
* shares and ratios count year to date too (a ratio of partial sums is still a ratio);
* only months that have ended by the end of the period evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from planwatch.evaluate import ledger as ledgers
from planwatch.evaluate.evaluation import Observation
from planwatch.metrics.compute import KnownYears, Value, compute, known_years
from planwatch.metrics.custom import definition_of
from planwatch.metrics.definitions import Definition, for_cluster
from planwatch.metrics.formula import Tag
from planwatch.periods import Through
from planwatch.plan import names
from planwatch.plan.model import Indicator, Plan
from planwatch.projects.ledger import Ledger
from planwatch.store.database import Store, end_of_day
from planwatch.store.elements import catalog
from planwatch.store.orgs import Org, load_orgs, tags_in_use
from planwatch.store.plans import milestones
from planwatch.store.yearly import has_revisions
from planwatch.units import convert_or_none


@dataclass(frozen=True)
class TargetInputs:
    indicator: Indicator
    definition: Definition | None
    org: Org | None
    unit: str
    """Unit of ``observations`` and ``plan_baseline``."""
    observations: tuple[Observation, ...]
    """From the store, through the period, as known at the knowledge date."""
    year_to_date: Observation | None
    plan_baseline: Observation | None
    milestone: tuple[str, str | None] | None
    """Targets without a number: (status, evidence) recorded, or None when none was."""
    note: str
    """Why figures are missing, in words (empty when there is no reason to give)."""


@dataclass(frozen=True)
class PlanInputs:
    plan: Plan
    through: Through
    known: date
    subject: Org | None
    targets: tuple[TargetInputs, ...]
    ledger: Ledger | None = None
    """The 重点项目台账 as of the period's end (None when nothing was recorded in the ledgers)."""


def time_of(year: int, month: int | None) -> float:
    """A figure's moment as a fractional year: the end of its month (a year's figure: its December)."""
    return year + (month or 12) / 12


def subject_org(orgs: dict[str, Org], plan: Plan) -> Org | None:
    """The org a plan is about: a park named in a park plan's title, else the plan's region."""
    title = plan.title or ""
    if names.is_park_plan(title):
        parks = [o for o in orgs.values() if o.kind == "park" and o.name and o.name in title]
        if parks:
            return max(parks, key=lambda o: len(o.name))
    region = next((o for o in orgs.values() if o.kind == "region" and o.name == plan.region), None)
    if region is None and plan.region:
        region = next((o for o in orgs.values() if o.kind == "region" and plan.region in o.name), None)
    return region


def target_org(orgs: dict[str, Org], subject: Org | None, indicator: Indicator) -> Org | None:
    if indicator.scope in names.REGION_WORDS:
        region = subject
        by_id = {o.id: o for o in orgs.values()}
        while region is not None and region.kind != "region":
            region = by_id.get(region.parent_id) if region.parent_id else None
        return region
    if indicator.scope:
        return next((o for o in orgs.values() if o.kind in ("park", "region") and o.name == indicator.scope), None)
    return subject


_INDUSTRY = re.compile(r"(?:产业集群|产业|行业)$")


def industry_scope(orgs: dict[str, Org], subject: Org | None, indicator: Indicator) -> tuple[Org | None, str] | None:
    """A scope that names an industry, not an org (康养消费品产业 in 下路工业园区): the org above it and the cluster."""
    if not indicator.scope or indicator.scope in names.REGION_WORDS:
        return None
    if any(o.name == indicator.scope and o.kind in ("park", "region") for o in orgs.values()):
        return None
    cluster = _INDUSTRY.sub("", indicator.scope)
    if cluster == indicator.scope:
        return None
    above = [o for o in orgs.values() if o.kind in ("park", "region") and o.name in indicator.scope_path[:-1]]
    return (above[-1] if above else subject), cluster


def _restates(plan: Plan, level: Indicator, increment: Indicator) -> bool:
    """An increment in the prose that is a table row again: 新培育10亿级企业1家 of the row 10亿级企业 1 → 2."""
    base, goal, more = level.baseline, level.target, increment.target
    return (
        goal.basis == "level"
        and base is not None
        and base.value is not None
        and goal.value is not None
        and more.value is not None
        and goal.year == more.year
        and names.key(level.name) == names.key(increment.name)
        and names.scope_key(plan.title, level.scope) == names.scope_key(plan.title, increment.scope)
        and abs(base.value + more.value - goal.value) < 1e-9
    )


def distinct_targets(plan: Plan) -> list[Indicator]:
    """Each target once: the plan's prose often restates its table (规上工业产值达到110亿元 = the table's row;
    新培育上市企业1家 = the row 上市企业 0 → 1)."""
    seen: set[tuple[object, ...]] = set()
    kept: list[Indicator] = []
    for indicator in sorted(plan.indicators, key=lambda i: (i.origin != "table", i.source.line)):
        target = indicator.target
        definition = definition_of(indicator)
        what = definition.id if definition else names.key(indicator.name)
        key = (what, names.scope_key(plan.title, indicator.scope), target.year, target.value, target.basis)
        if key in seen:
            continue
        if target.basis == "increment" and any(_restates(plan, level, indicator) for level in kept):
            continue
        seen.add(key)
        kept.append(indicator)
    return kept


def observed_unit(indicator: Indicator, definition: Definition | None) -> str:
    """The unit a target's figures are judged in: the plan's own where the definition's converts to it.

    A change or growth target (下降13%, 年均增长8%) states a percent; its figures are levels, in the definition's unit.
    """
    if definition is None:
        return indicator.unit or ""
    converts = indicator.unit and convert_or_none(1.0, definition.unit, indicator.unit) is not None
    if indicator.target.basis in {"level", "increment"} and converts:
        return indicator.unit or definition.unit
    return definition.unit


def _untracked_tag(store: Store, definition: Definition) -> str | None:
    """A count of a tag nobody in the store carries is no data, not zero — unless a figure is reported,
    or the plan states a baseline (上市企业 0家: zero is then what there is)."""
    if definition.reported is not None:
        return None
    wanted = [
        a.where.name for a in definition.formula.aggregates() if a.function == "count" and isinstance(a.where, Tag)
    ]
    if not wanted:
        return None
    used = tags_in_use(store)
    return next((tag for tag in wanted if tag not in used), None)


def is_flow(definition: Definition) -> bool:
    aggregations = {
        catalog().by_code(a.target).aggregation
        for a in definition.formula.aggregates()
        if a.function in {"sum", "avg", "min", "max"}
    }
    return definition.kind == "level" and "sum" in aggregations


def plan_baseline(plan: Plan, indicator: Indicator) -> Observation | None:
    """The plan's own statement of where a target starts: its table's 基期, else a stated fact before the period."""
    base = indicator.baseline
    if base is not None and base.value is not None and base.year is not None:
        return Observation(str(base.year), time_of(base.year, 12), base.value, "规划")
    latest_year = plan.period.start - 1 if plan.period else None
    key = names.key(indicator.name)
    facts = [
        f
        for f in plan.facts
        if names.key(f.name) == key
        and f.year is not None
        and (latest_year is None or f.year <= latest_year)
        and names.scope_key(plan.title, f.scope) == names.scope_key(plan.title, indicator.scope)
        and (indicator.unit is None or f.unit == indicator.unit)
    ]
    if not facts:
        return None
    fact = max(facts, key=lambda f: (f.year or 0, f.source.line))
    assert fact.year is not None
    return Observation(str(fact.year), time_of(fact.year, 12), fact.value, "规划")


def _span(first: int, through: Through) -> tuple[list[int], int | None]:
    """The years counted (whole years, and the last up to its last month ended) and that month (None: all)."""
    last = through.last_month
    year = through.end.year
    months = None if (last.year, last.number) == (year, 12) else (last.number if last.year == year else 0)
    return list(range(first, year + 1)), months


def _known_years(
    store: Store, plan: Plan, first: int, through: Through, known: date, revised: bool
) -> KnownYears | None:
    """The yearly values of every element the plan's definitions read, aggregated from the facts once."""
    years, months = _span(first, through)
    if not years:
        return None
    elements: set[str] = set()
    for indicator in distinct_targets(plan):
        definition = definition_of(indicator) if indicator.target.value is not None else None
        if definition is None:
            continue
        elements |= {a.target for a in definition.formula.aggregates() if a.function != "count"}
        if definition.reported is not None:  # read besides the roll-up (``compute``)
            elements.add(definition.reported.code)
    return known_years(store, elements, first - 1, years[-1], end_of_day(known), months, revised)


def _values(
    store: Store,
    definition: Definition,
    first: int,
    through: Through,
    known: date,
    revised: bool,
    kept: KnownYears | None = None,
) -> list[Value]:
    """Yearly values through the period: whole years, and the last year up to its last month ended."""
    years, months = _span(first, through)
    if not years:  # the period evaluated ends before the plan's baseline year: no figures to count
        return []
    return compute(store, definition, years, end_of_day(known), through_month=months, revised=revised, known=kept)


def _observations(
    values: list[Value], org: Org, definition: Definition, unit: str, through: Through
) -> tuple[list[Observation], Observation | None]:
    flow = is_flow(definition)
    observations: list[Observation] = []
    year_to_date: Observation | None = None
    for v in sorted(values, key=lambda v: v.year):
        if v.org_id != org.id or v.value is None:
            continue
        value = convert_or_none(v.value, definition.unit, unit)
        if value is None:
            continue
        # A count has no month of its own: in the last year evaluated it is the count at the period's end.
        month = v.last_month or (through.end.month if v.year == through.end.year else 12)
        period = str(v.year) if month == 12 else f"{v.year}-{month:02d}"
        observation = Observation(period, time_of(v.year, month), value, "统计")
        if flow and month < 12:
            year_to_date = observation
            continue
        observations.append(observation)
    return observations, year_to_date


def gather(store: Store, plan: Plan, through: Through, known: date) -> PlanInputs:
    """Everything the plan's evaluation needs, read once: orgs, milestones, and each target's figures."""
    orgs = load_orgs(store)
    subject = subject_org(orgs, plan)
    recorded = milestones(store, plan, end_of_day(known))
    revised = has_revisions(store, end_of_day(known))
    first = (plan.period.start - 1) if plan.period else through.end.year - 5
    computed: dict[str, list[Value]] = {}
    targets: list[TargetInputs] = []
    ledger = ledgers.read(store, plan, through, known)  # the second source: 招商 figures, the project ledger
    yearly = _known_years(store, plan, first, through, known, revised)
    for indicator in distinct_targets(plan):
        org = target_org(orgs, subject, indicator)
        if indicator.target.value is None:
            status = recorded.get(indicator.name)
            milestone = (status[0], status[1]) if status else None
            targets.append(TargetInputs(indicator, None, org, indicator.unit or "", (), None, None, milestone, ""))
            continue
        definition = definition_of(indicator)
        if definition is None and (kept := ledger.for_indicator(indicator)) is not None:
            targets.append(_from_ledger(indicator, org, kept))
            continue
        industry = industry_scope(orgs, subject, indicator)
        if industry is not None and definition is not None:
            org, cluster = industry
            definition = for_cluster(definition, cluster)
        unit = observed_unit(indicator, definition)
        base = plan_baseline(plan, indicator)
        observations: list[Observation] = []
        year_to_date: Observation | None = None
        note = ""
        if definition is None:
            note = "尚无计算口径（可在“指标体系确认”页选择口径或填写公式）"
        elif org is None:
            note = "库中没有该指标所属的地区或园区"
        elif base is None and (tag := _untracked_tag(store, definition)) is not None:
            note = f"库中还没有任何企业登记“{tag}”标签"
        else:
            if definition.id not in computed:
                computed[definition.id] = _values(store, definition, first, through, known, revised, yearly)
            observations, year_to_date = _observations(computed[definition.id], org, definition, unit, through)
            if not observations and year_to_date is None:
                note = "库中暂无该指标的数据"
        targets.append(
            TargetInputs(indicator, definition, org, unit, tuple(observations), year_to_date, base, None, note)
        )
    targets += [_from_ledger(indicator, subject, kept) for indicator, kept in ledger.chain_targets()]
    return PlanInputs(plan, through, known, subject, tuple(targets), ledger.ledger)


def _from_ledger(indicator: Indicator, org: Org | None, kept: ledgers.Figures) -> TargetInputs:
    """A target whose figures come from the 招商 ledger (``evaluate/ledger.py``), not from the fact store."""
    return TargetInputs(
        indicator, kept.definition, org, kept.unit, kept.observations, None, kept.baseline, None, kept.note
    )
