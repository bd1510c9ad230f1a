"""Compute indicators over the store: every org and year, as known at any moment.

``compute`` runs the compiled query of a definition (and of its reported
element, when it has one) and returns one ``Value`` per org and year with
both figures side by side; ``value`` is the one the definition prefers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planwatch.errors import PlanwatchError
from planwatch.metrics.compile import compile_formula, yearly_sql
from planwatch.metrics.definitions import Definition, map_plan
from planwatch.metrics.formula import Aggregate, Formula, Yoy
from planwatch.plan.model import Indicator as PlanIndicator
from planwatch.plan.model import Plan
from planwatch.store.database import Store
from planwatch.store.orgs import has_org_changes, org_kinds
from planwatch.store.yearly import cache_covers, has_revisions, materialize_query, run_query
from planwatch.units import convert


@dataclass(frozen=True)
class Value:
    org_id: int
    year: int
    value: float | None
    """The figure the definition uses (reported or rolled up, by its preference)."""
    rollup: float | None
    reported: float | None
    last_month: int | None
    """The last month of the year the data reaches (12 for a full year)."""
    parts: tuple[float | None, ...]
    """The aggregates of the formula (numerator, denominator …) before combining."""


@dataclass(frozen=True)
class KnownYears:
    """Every org's yearly value of some elements as known at ``as_of`` (through ``through_month`` of ``last``),
    kept in a temporary table for an evaluation that asks for many indicators over the same years: one pass
    over the facts instead of one per indicator (``known_years``)."""

    table: str
    elements: frozenset[str]
    first: int
    last: int
    as_of: datetime | None
    through_month: int | None
    revised: bool

    def covers(self, formula: Formula, years: list[int], as_of: datetime | None, through_month: int | None) -> bool:
        first = min(years) - (1 if isinstance(formula.expression, Yoy) else 0)
        needed = {a.target for a in formula.aggregates() if a.function != "count"}
        return (
            (as_of, through_month, max(years)) == (self.as_of, self.through_month, self.last)
            and first >= self.first
            and needed <= self.elements
        )


def known_years(
    store: Store,
    elements: set[str],
    first: int,
    last: int,
    as_of: datetime | None,
    through_month: int | None,
    revised: bool,
    table: str = "known_years",
) -> KnownYears:
    """Aggregate the elements' facts per org and year once, into the temporary table ``table`` (a name of
    the caller's code)."""
    codes = sorted(elements)
    if codes:
        sql = yearly_sql(codes, list(range(first, last + 1)), store.dialect, revised, as_of, through_month)
        materialize_query(store, sql, table)
    return KnownYears(table, frozenset(codes), first, last, as_of, through_month, revised)


def run(
    store: Store,
    formula: Formula,
    years: list[int],
    as_of: datetime | None = None,
    through_month: int | None = None,
    revised: bool | None = None,
    known: KnownYears | None = None,
) -> list[tuple[int, int, float | None, int | None, tuple[float | None, ...]]]:
    """Rows of (org, year, value, last month, parts) for a formula (from ``known`` where it covers them)."""
    if revised is None:
        revised = has_revisions(store, as_of)
    table = (
        known.table
        if known and known.revised == revised and known.covers(formula, years, as_of, through_month)
        else None
    )
    cached = table is None and as_of is None and through_month is None and cache_covers(store, formula, years)
    dated = has_org_changes(store)  # any, even recorded after as_of: org_tree is the hierarchy now
    query = compile_formula(formula, store.dialect, years, as_of, through_month, revised, cached, dated, table)
    rows = run_query(store, query.sql)
    return [
        (
            int(row[0]),
            int(row[1]),
            None if row[2] is None else float(row[2]),
            None if row[3] is None else int(row[3]),
            tuple(None if v is None else float(v) for v in row[4 : 4 + query.parts]),
        )
        for row in rows
    ]


def materialize(
    store: Store,
    formula: Formula,
    years: list[int],
    table: str,
    as_of: datetime | None = None,
    revised: bool | None = None,
) -> None:
    """Compute a formula for every org and year into a temporary table ``table`` (org_id, year, value …).

    For callers that keep working in the database (large exports, benchmarks):
    no row is moved into Python.  ``table`` is a name chosen by the caller's code, never user input.
    """
    if revised is None:
        revised = has_revisions(store, as_of)
    cached = as_of is None and cache_covers(store, formula, years)
    dated = has_org_changes(store)  # any, even recorded after as_of: org_tree is the hierarchy now
    query = compile_formula(formula, store.dialect, years, as_of, None, revised, cached, dated)
    materialize_query(store, query.sql, table)


def _scaled(definition: Definition, value: float | None, unit: str | None) -> float | None:
    if value is None or unit is None or unit == definition.unit:
        return value
    return convert(value, unit, definition.unit)


def compute(
    store: Store,
    definition: Definition,
    years: list[int],
    as_of: datetime | None = None,
    through_month: int | None = None,
    revised: bool | None = None,
    known: KnownYears | None = None,
) -> list[Value]:
    if revised is None:
        revised = has_revisions(store, as_of)
    rollup = {
        (org, year): (value, last, parts)
        for org, year, value, last, parts in run(store, definition.formula, years, as_of, through_month, revised, known)
    }
    reported: dict[tuple[int, int], tuple[float | None, int | None]] = {}
    if definition.reported is not None:
        formula = Formula(
            f"reported({definition.reported.name})", Aggregate("reported", definition.reported.code, None)
        )
        for org, year, value, last, _ in run(store, formula, years, as_of, through_month, revised, known):
            reported[(org, year)] = (_scaled(definition, value, definition.reported.unit), last)
    values: list[Value] = []
    for key in sorted(set(rollup) | set(reported)):
        rolled, last, parts = rollup.get(key, (None, None, ()))
        rolled = _scaled(definition, rolled, definition.formula_unit)
        own, own_last = reported.get(key, (None, None))
        if definition.prefer == "reported":
            value = own if own is not None else rolled
        else:
            value = rolled if rolled is not None else own
        values.append(
            Value(
                org_id=key[0],
                year=key[1],
                value=value,
                rollup=rolled,
                reported=own,
                last_month=last if last is not None else own_last,
                parts=parts,
            )
        )
    return values


@dataclass(frozen=True)
class PlanIndicatorValues:
    indicator: PlanIndicator
    definition: Definition | None
    values: list[Value]


def plan_years(plan: Plan) -> list[int]:
    """The baseline year through the plan's last year (what an evaluation needs)."""
    if plan.period is None:
        raise PlanwatchError(
            "规划未识别出规划期，无法确定计算年份：请检查规划文本的标题是否含“2021—2025年”之类的年份。"
        )
    return list(range(plan.period.start - 1, plan.period.end + 1))


def compute_plan(
    store: Store, plan: Plan, as_of: datetime | None = None, enterprises: bool = False
) -> list[PlanIndicatorValues]:
    """Every quantified indicator of the plan, computed where it has a definition (regions and parks by default)."""
    years = plan_years(plan)
    kinds = org_kinds(store)
    cache: dict[str, list[Value]] = {}
    revised = has_revisions(store, as_of)
    results: list[PlanIndicatorValues] = []
    for mapping in map_plan(plan):
        definition = mapping.definition
        if definition is None:
            results.append(PlanIndicatorValues(mapping.indicator, None, []))
            continue
        if definition.id not in cache:
            cache[definition.id] = compute(store, definition, years, as_of, revised=revised)
        values = [v for v in cache[definition.id] if enterprises or kinds.get(v.org_id) != "enterprise"]
        results.append(PlanIndicatorValues(mapping.indicator, definition, values))
    return results
