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
from planwatch.store.elements import catalog
from planwatch.store.facts import last_seq
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


def refresh_years(store: Store, partitions: set[tuple[str, int]], now: datetime) -> None:
    """Bring ``element_years`` up to date for these (element, year) partitions (inside the caller's transaction).

    The common case — new months of a flow (产值, 税金) for keys that had only
    monthly figures — is an increment: each org's yearly value grows by the
    sum of its new months.  Anything else (a correction, an annual or
    quarterly figure, a stock or an average, a partition never built) rewrites
    the partition from the facts.
    """
    if not partitions:
        return
    by_year: dict[int, list[str]] = {}
    for element, year in partitions:
        by_year.setdefault(year, []).append(element)
    revised: bool | None = None
    through = last_seq(store)
    for year, elements in sorted(by_year.items()):
        full = sorted(set(elements) - set(_add_new_months(store, year, sorted(elements), through)))
        if full:
            if revised is None:
                revised = has_revisions(store, None)
            _rewrite(store, year, full, revised, through)


def _rewrite(store: Store, year: int, elements: list[str], revised: bool, through: int) -> None:
    backend = store.backend
    marks = ", ".join("?" for _ in elements)
    backend.execute(f"DELETE FROM element_years WHERE year = ? AND element IN ({marks})", (year, *elements))
    backend.execute(f"DELETE FROM element_years_state WHERE year = ? AND element IN ({marks})", (year, *elements))
    backend.execute(f"INSERT INTO element_years {yearly_sql(elements, [year], store.dialect, revised)}")
    for element in elements:
        backend.execute("INSERT INTO element_years_state VALUES (?, ?, ?)", (element, year, through))


def _add_new_months(store: Store, year: int, elements: list[str], through: int) -> list[str]:
    """Add the months written since each partition's last refresh, where that is exact; returns those elements."""
    flows = [e for e in elements if catalog().by_code(e).aggregation == "sum"]
    if not flows:
        return []
    backend = store.backend
    marks = ", ".join("?" for _ in flows)
    refreshed = {
        row[0]: row[1]
        for row in backend.query(
            f"SELECT element, through_seq FROM element_years_state WHERE year = ? AND element IN ({marks})",
            (year, *flows),
        )
    }
    candidates = [e for e in flows if e in refreshed]
    if not candidates:
        return []
    marks = ", ".join("?" for _ in candidates)
    backend.execute("DROP TABLE IF EXISTS new_months")
    backend.execute(
        f"""CREATE TEMP TABLE new_months AS
            SELECT f.org_id, f.element, f.period_kind, f.revision, f.value, f.month_to
            FROM facts f JOIN element_years_state s ON s.element = f.element AND s.year = f.year
            WHERE f.year = ? AND f.element IN ({marks}) AND f.seq > s.through_seq""",
        (year, *candidates),
    )
    not_plain = {
        row[0]
        for row in backend.query("SELECT DISTINCT element FROM new_months WHERE period_kind <> 'M' OR revision <> 1")
    }
    # An org with an annual or quarterly figure in the partition keeps that figure: months do not add to it.
    not_plain |= {
        row[0]
        for row in backend.query(
            f"""SELECT DISTINCT f.element FROM facts f
                WHERE f.year = ? AND f.element IN ({marks}) AND f.period_kind <> 'M'
                  AND f.org_id IN (SELECT org_id FROM new_months)""",
            (year, *candidates),
        )
    }
    exact = [e for e in candidates if e not in not_plain]
    if exact:
        marks = ", ".join("?" for _ in exact)
        backend.execute("DROP TABLE IF EXISTS month_totals")
        backend.execute(
            f"""CREATE TEMP TABLE month_totals AS
                SELECT org_id, element, sum(value) AS total, max(month_to) AS last
                FROM new_months WHERE element IN ({marks}) GROUP BY org_id, element""",
            tuple(exact),
        )
        backend.execute(
            """UPDATE element_years SET value = element_years.value + d.total,
                   last_month = greatest(element_years.last_month, d.last)
               FROM month_totals d
               WHERE element_years.org_id = d.org_id AND element_years.element = d.element AND element_years.year = ?""",
            (year,),
        )
        backend.execute(
            """INSERT INTO element_years
               SELECT d.org_id, d.element, ?, d.total, d.last FROM month_totals d
               WHERE NOT EXISTS (SELECT 1 FROM element_years c
                                 WHERE c.org_id = d.org_id AND c.element = d.element AND c.year = ?)""",
            (year, year),
        )
        backend.execute(
            f"UPDATE element_years_state SET through_seq = ? WHERE year = ? AND element IN ({marks})",
            (through, year, *exact),
        )
        backend.execute("DROP TABLE month_totals")
    backend.execute("DROP TABLE new_months")
    return exact


def cache_covers(store: Store, formula: Formula, years: list[int]) -> bool:
    """Is ``element_years`` current for every (element, year) with facts that the formula needs?"""
    elements = sorted({a.target for a in formula.aggregates() if a.function != "count"})
    if not elements:
        return True
    marks = ", ".join("?" for _ in elements)
    first = min(years) - (1 if isinstance(formula.expression, Yoy) else 0)
    stale = store.backend.query(
        f"""SELECT count(*) FROM fact_partitions p
            LEFT JOIN element_years_state s ON s.element = p.element AND s.year = p.year
            WHERE p.element IN ({marks}) AND p.year BETWEEN ? AND ?
              AND (s.through_seq IS NULL OR s.through_seq < p.last_seq)""",
        (*elements, first, max(years)),
    )
    return int(stale[0][0]) == 0


def has_revisions(store: Store, as_of: datetime | None) -> bool:
    """Has any fact been corrected (by ``as_of``)?  Without one, queries skip the latest-revision filter."""
    if not store.backend.query("SELECT count(*) FROM fact_partitions WHERE revised")[0][0]:
        return False
    known = " AND recorded_at <= ?" if as_of else ""
    rows = store.backend.query(f"SELECT count(*) FROM facts WHERE revision > 1{known}", (as_of,) if as_of else ())
    return bool(rows[0][0])


def run(
    store: Store,
    formula: Formula,
    years: list[int],
    as_of: datetime | None = None,
    through_month: int | None = None,
    revised: bool | None = None,
) -> list[tuple[int, int, float | None, int | None, tuple[float | None, ...]]]:
    """Rows of (org, year, value, last month, parts) for a formula."""
    if revised is None:
        revised = has_revisions(store, as_of)
    cached = as_of is None and through_month is None and cache_covers(store, formula, years)
    query = compile_formula(formula, store.dialect, years, as_of, through_month, revised, cached)
    rows = store.backend.query(query.sql)
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
    if not table.isidentifier():
        raise ValueError(f"not a table name: {table!r}")
    if revised is None:
        revised = has_revisions(store, as_of)
    cached = as_of is None and cache_covers(store, formula, years)
    query = compile_formula(formula, store.dialect, years, as_of, None, revised, cached)
    store.backend.execute(f"DROP TABLE IF EXISTS {table}")
    store.backend.execute(f"CREATE TEMP TABLE {table} AS {query.sql}")


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
) -> list[Value]:
    if revised is None:
        revised = has_revisions(store, as_of)
    rollup = {
        (org, year): (value, last, parts)
        for org, year, value, last, parts in run(store, definition.formula, years, as_of, through_month, revised)
    }
    reported: dict[tuple[int, int], tuple[float | None, int | None]] = {}
    if definition.reported is not None:
        formula = Formula(
            f"reported({definition.reported.name})", Aggregate("reported", definition.reported.code, None)
        )
        for org, year, value, last, _ in run(store, formula, years, as_of, through_month, revised):
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
    kinds = {row[0]: row[1] for row in store.backend.query("SELECT id, kind FROM orgs")}
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
