"""``element_years``: each org's yearly value of each element, kept current for fast reads.

The cache holds what the facts say now (every revision recorded), per
(element, year) partition; ``element_years_state`` says through which fact
(``seq``) a partition is current.  Reads "as of" a past moment bypass it.

Besides the yearly value each row keeps what it is made of, per period kind
(``KIND_COLUMNS``: a year's figure, the quarters' and the months' sums, counts,
last month and its value).  That makes every batch an exact update from the
batch itself: a new month adds to the months' sum, a correction adds its
difference, a late earlier month adds without moving the last value, and a
January (a partition with no facts before) is seeded from the batch alone —
no write reads the partition's facts again.  A partition that was stale before
the batch (facts written outside ``append_rows``) is rewritten from the facts by
``refresh_years``.  The rewrite's SQL is built by the formula compiler
(``metrics.compile.kinds_sql``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from planwatch.metrics.compile import KIND_COLUMNS, kinds_sql, last_value
from planwatch.metrics.formula import Formula, Yoy
from planwatch.store.backend import Row
from planwatch.store.database import Store

_VALUE = """CASE el.aggregation
    WHEN 'sum' THEN CASE WHEN k.y_n > 0 THEN k.y_total WHEN k.q_n > 0 THEN k.q_total ELSE k.m_total END
    WHEN 'average' THEN CASE WHEN k.y_n > 0 THEN k.y_total / k.y_n WHEN k.q_n > 0 THEN k.q_total / k.q_n
                             ELSE k.m_total / nullif(k.m_n, 0) END
    ELSE CASE WHEN k.y_n > 0 THEN k.y_total
              WHEN k.q_n > 0 AND (k.m_n = 0 OR k.q_last_month >= k.m_last_month) THEN k.q_last_value
              ELSE k.m_last_value END
  END"""
"""The yearly value from the kinds, as ``metrics.compile`` aggregates it from the facts: a sum takes the
year's figure, else the quarters', else the months'; an average their mean; a stock the latest-ending
value (a year's figure, then a quarter's, ending with the same month as a month's, wins)."""
_LAST_MONTH = "CASE WHEN k.y_n > 0 THEN 12 ELSE greatest(coalesce(k.q_last_month, 0), coalesce(k.m_last_month, 0)) END"
_ROW = f"k.org_id, k.element, k.year, {_VALUE} AS value, {_LAST_MONTH} AS last_month, " + ", ".join(
    f"k.{column}" for column in KIND_COLUMNS
)
"""An ``element_years`` row from a relation ``k`` of kinds joined to ``elements`` as ``el``."""


def last_seq(store: Store) -> int:
    """The write-order number of the last fact written (0 for none), from the small partition table."""
    return int(store.backend.query("SELECT coalesce(max(last_seq), 0) FROM fact_partitions")[0][0])


def refresh_years(store: Store, partitions: Iterable[tuple[str, int]], now: datetime) -> None:
    """Bring ``element_years`` up to date for these (element, year) partitions (inside the caller's transaction).

    Writes through ``append_rows`` keep their partitions current themselves; what is still stale
    here (facts written in SQL by a bulk loader, a partition never built) is rewritten from the facts.
    """
    wanted = set(partitions)
    if not wanted:
        return
    stale = _stale(store, wanted)
    if not stale:
        return
    by_year: dict[int, list[str]] = {}
    for element, year in stale:
        by_year.setdefault(year, []).append(element)
    revised = has_revisions(store, None)
    through = last_seq(store)
    for year, elements in sorted(by_year.items()):
        _rewrite(store, year, sorted(elements), revised, through)


def rebuild_years(store: Store) -> None:
    """Rewrite ``element_years`` for every partition with facts (after the migration that emptied it)."""
    partitions = [(row[0], int(row[1])) for row in store.backend.query("SELECT element, year FROM fact_partitions")]
    with store.backend.transaction():
        refresh_years(store, partitions, store.now())


def _stale(store: Store, partitions: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """Those of the partitions that ``element_years`` does not cover through their last fact."""
    current = {
        (row[0], int(row[1]))
        for row in store.backend.query(
            """SELECT s.element, s.year FROM element_years_state s
               LEFT JOIN fact_partitions p ON p.element = s.element AND p.year = s.year
               WHERE s.through_seq >= coalesce(p.last_seq, 0)"""
        )
    }
    return partitions - current


def _rewrite(store: Store, year: int, elements: list[str], revised: bool, through: int) -> None:
    backend = store.backend
    marks = ", ".join("?" for _ in elements)
    backend.execute(f"DELETE FROM element_years WHERE year = ? AND element IN ({marks})", (year, *elements))
    backend.execute(f"DELETE FROM element_years_state WHERE year = ? AND element IN ({marks})", (year, *elements))
    kinds = kinds_sql(elements, [year], store.dialect, revised)
    backend.execute(
        f"INSERT INTO element_years SELECT {_ROW} FROM ({kinds}) AS k JOIN elements AS el ON el.code = k.element"
    )
    for element in elements:
        backend.execute("INSERT INTO element_years_state VALUES (?, ?, ?)", (element, year, through))


def add_batch_to_years(
    store: Store, batch: str, partitions: list[tuple[str, int, int]], one_per_key: bool = False, whole: bool = False
) -> None:
    """Add a batch of new facts to ``element_years`` for these (element, year, last seq) partitions.

    The caller (``facts.append_staged``) passes the partitions that were current before the batch, or had
    no facts at all; each is current through ``last seq`` afterwards.  ``batch`` is the relation holding
    the batch (a table name or a subquery of our own, never user input): each fact with its revision and
    the value it replaces (``old_value``, none for a first revision).  ``one_per_key``: the batch has one
    fact per org, element and year (one period), so it is taken as it is, without grouping; ``whole``:
    the partitions are all the batch wrote, so no row of it need be left out.
    """
    if not partitions:
        return
    backend = store.backend
    years = sorted({year for _, year, _ in partitions})
    elements = sorted({element for element, _, _ in partitions})
    pairs = " OR ".join("(b.element = ? AND b.year = ?)" for _ in partitions)
    pair_params: tuple[object, ...] = tuple(value for element, year, _ in partitions for value in (element, year))
    columns: list[str] = []
    for kind in "YQM":
        code = kind.lower()
        where = f"b.period_kind = '{kind}'"
        if one_per_key:
            columns += [
                f"CASE WHEN {where} THEN b.value - coalesce(b.old_value, 0) END AS {code}_add",
                f"CASE WHEN {where} AND b.revision = 1 THEN 1 ELSE 0 END AS {code}_new",
                f"CASE WHEN {where} THEN b.month_to END AS {code}_month",
                f"CASE WHEN {where} THEN b.value END AS {code}_value",
            ]
        else:
            columns += [
                f"sum(b.value - coalesce(b.old_value, 0)) FILTER (WHERE {where}) AS {code}_add",
                f"count(*) FILTER (WHERE {where} AND b.revision = 1) AS {code}_new",
                f"max(b.month_to) FILTER (WHERE {where}) AS {code}_month",
                f"{last_value(store.dialect, 'b.value', 'b.month_to', where)} AS {code}_value",
            ]
    grouping = "" if one_per_key else " GROUP BY b.org_id, b.element, b.year"
    only = "" if whole else f" WHERE ({pairs})"
    changes = f"SELECT b.org_id, b.element, b.year, {', '.join(columns)} FROM {batch} AS b{only}{grouping}"
    merged: list[str] = []
    for kind in "YQM":
        code = kind.lower()
        n = f"coalesce(e.{code}_n, 0) + c.{code}_new"
        merged += [
            f"CASE WHEN {n} > 0 THEN coalesce(e.{code}_total, 0) + coalesce(c.{code}_add, 0) END AS {code}_total",
            f"{n} AS {code}_n",
        ]
        if kind != "Y":
            later = (
                f"c.{code}_month IS NOT NULL AND (e.{code}_last_month IS NULL OR c.{code}_month >= e.{code}_last_month)"
            )
            merged += [
                f"CASE WHEN {later} THEN c.{code}_month ELSE e.{code}_last_month END AS {code}_last_month",
                f"CASE WHEN {later} THEN c.{code}_value ELSE e.{code}_last_value END AS {code}_last_value",
            ]
    year_marks = ", ".join("?" for _ in years)
    element_marks = ", ".join("?" for _ in elements)
    kept = f"SELECT * FROM element_years WHERE year IN ({year_marks}) AND element IN ({element_marks})"
    names = ", ".join(("org_id", "element", "year", "value", "last_month", *KIND_COLUMNS))
    params = (*(() if whole else pair_params), *years, *elements)
    merge = f"""SELECT {_ROW}, k.existed FROM (
                SELECT c.org_id, c.element, c.year, {", ".join(merged)}, e.org_id IS NOT NULL AS existed
                FROM ({changes}) AS c
                LEFT JOIN ({kept}) AS e ON e.org_id = c.org_id AND e.element = c.element AND e.year = c.year
            ) AS k JOIN elements AS el ON el.code = k.element"""
    started = backend.query(f"SELECT count(*) FROM ({kept} LIMIT 1) AS x", (*years, *elements))[0][0]
    if not started:  # a January: the partitions start from the batch alone
        backend.execute(f"INSERT INTO element_years ({names}) SELECT {names} FROM ({merge}) AS m", params)
    else:
        backend.execute("DROP TABLE IF EXISTS year_merged")
        backend.execute(f"CREATE TEMP TABLE year_merged AS {merge}", params)
        # Replaced whole rather than updated in place: DuckDB deletes and appends faster than it updates.
        backend.execute(
            f"""DELETE FROM element_years WHERE year IN ({year_marks}) AND element IN ({element_marks}) AND EXISTS (
                   SELECT 1 FROM year_merged m WHERE m.existed AND m.org_id = element_years.org_id
                     AND m.element = element_years.element AND m.year = element_years.year)""",
            (*years, *elements),
        )
        backend.execute(f"INSERT INTO element_years ({names}) SELECT {names} FROM year_merged")
        backend.execute("DROP TABLE year_merged")
    for element, year, last in partitions:
        backend.execute("DELETE FROM element_years_state WHERE element = ? AND year = ?", (element, year))
        backend.execute("INSERT INTO element_years_state VALUES (?, ?, ?)", (element, year, last))


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
