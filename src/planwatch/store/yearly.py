"""``element_years``: each org's yearly value of each element, kept current for fast reads.

The cache holds what the facts say now (every revision recorded), per
(element, year) partition; ``element_years_state`` says through which fact
(``seq``) a partition is current.  Reads "as of" a past moment bypass it.
The yearly SQL itself is built by the formula compiler (``metrics.compile``).
"""

from __future__ import annotations

from datetime import datetime

from planwatch.metrics.compile import yearly_sql
from planwatch.metrics.formula import Formula, Yoy
from planwatch.store.backend import Row
from planwatch.store.database import Store
from planwatch.store.elements import catalog
from planwatch.store.facts import last_seq


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


def run_query(store: Store, sql: str) -> list[Row]:
    """Run a query the formula compiler built (never text from a user)."""
    return store.backend.query(sql)


def materialize_query(store: Store, sql: str, table: str) -> None:
    """Keep a compiled query's result as a temporary table ``table`` (a name chosen by the caller's code)."""
    if not table.isidentifier():
        raise ValueError(f"not a table name: {table!r}")
    store.backend.execute(f"DROP TABLE IF EXISTS {table}")
    store.backend.execute(f"CREATE TEMP TABLE {table} AS {sql}")
