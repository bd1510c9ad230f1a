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

from collections.abc import Callable, Iterable
from datetime import datetime

from planwatch.metrics.compile import KIND_COLUMNS, kinds_sql, last_value
from planwatch.metrics.formula import Formula, Yoy
from planwatch.store.backend import Row
from planwatch.store.database import Store


def _value(column: Callable[[str], str], aggregation: str = "el.aggregation") -> str:
    """The yearly value from the kinds (``column`` names each kind column), as ``metrics.compile`` aggregates
    it from the facts: a sum takes the year's figure, else the quarters', else the months'; an average their
    mean; a stock the latest-ending value (a year's figure, then a quarter's, ending with the same month as a
    month's, wins)."""
    c = column
    return f"""CASE {aggregation}
    WHEN 'sum' THEN CASE WHEN {c("y_n")} > 0 THEN {c("y_total")} WHEN {c("q_n")} > 0 THEN {c("q_total")}
                         ELSE {c("m_total")} END
    WHEN 'average' THEN CASE WHEN {c("y_n")} > 0 THEN {c("y_total")} / {c("y_n")}
                             WHEN {c("q_n")} > 0 THEN {c("q_total")} / {c("q_n")}
                             ELSE {c("m_total")} / nullif({c("m_n")}, 0) END
    ELSE CASE WHEN {c("y_n")} > 0 THEN {c("y_total")}
              WHEN {c("q_n")} > 0 AND ({c("m_n")} = 0 OR {c("q_last_month")} >= {c("m_last_month")})
                THEN {c("q_last_value")}
              ELSE {c("m_last_value")} END
  END"""


def _last_month(column: Callable[[str], str]) -> str:
    c = column
    return (
        f"CASE WHEN {c('y_n')} > 0 THEN 12 "
        f"ELSE greatest(coalesce({c('q_last_month')}, 0), coalesce({c('m_last_month')}, 0)) END"
    )


def _kept(name: str) -> str:
    return f"k.{name}"


_ROW = f"k.org_id, k.element, k.year, {_value(_kept)} AS value, {_last_month(_kept)} AS last_month, " + ", ".join(
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


def _merged(old: Callable[[str], str]) -> dict[str, str]:
    """Each kind column after a batch: what was kept (``old`` names it; NULL for a row the batch starts)
    plus the batch's changes ``c`` — new rows add to the sum and count, a correction its difference, a
    later-ending period replaces the last month and value."""
    merged: dict[str, str] = {}
    for kind in "YQM":
        code = kind.lower()
        n = f"(coalesce({old(f'{code}_n')}, 0) + c.{code}_new)"
        merged[f"{code}_total"] = (
            f"CASE WHEN {n} > 0 THEN coalesce({old(f'{code}_total')}, 0) + coalesce(c.{code}_add, 0) END"
        )
        merged[f"{code}_n"] = n
        if kind != "Y":
            last = old(f"{code}_last_month")
            later = f"c.{code}_month IS NOT NULL AND ({last} IS NULL OR c.{code}_month >= {last})"
            merged[f"{code}_last_month"] = f"CASE WHEN {later} THEN c.{code}_month ELSE {last} END"
            merged[f"{code}_last_value"] = f"CASE WHEN {later} THEN c.{code}_value ELSE {old(f'{code}_last_value')} END"
    return merged


def add_batch_to_years(
    store: Store,
    batch: str,
    partitions: list[tuple[str, int, int]],
    one_per_key: bool = False,
    whole: bool = False,
    kinds: str = "YQM",
) -> None:
    """Add a batch of new facts to ``element_years`` for these (element, year, last seq) partitions.

    The caller (``facts.append_staged``) passes the partitions that were current before the batch, or had
    no facts at all; each is current through ``last seq`` afterwards.  ``batch`` is the relation holding
    the batch (a table name or a subquery of our own, never user input): each fact with its revision and
    the value it replaces (``old_value``, none for a first revision).  ``one_per_key``: the batch has one
    fact per org, element and year (one period), so it is taken as it is, without grouping; ``whole``:
    the partitions are all the batch wrote, so no row of it need be left out; ``kinds``: the period kinds
    the batch holds (a monthly file: ``M``), so only their columns are written.

    A partition with no rows yet (a January) is seeded from the batch alone; in one under way the rows the
    batch touches are updated in place — only the batch's kind columns and the value — and rows it starts
    are appended.  Updating in place reads and writes the batch's rows only; the partition's other rows and
    columns stay where they are (measured at 2 M rows: half the time of deleting and re-inserting them).
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
        if kind not in kinds:  # none in the batch: constants, nothing to compute per row
            columns += [f"CAST(NULL AS DOUBLE PRECISION) AS {code}_add", f"0 AS {code}_new"]
            columns += [f"CAST(NULL AS INTEGER) AS {code}_month", f"CAST(NULL AS DOUBLE PRECISION) AS {code}_value"]
            continue
        where = f"b.period_kind = '{kind}'"
        if one_per_key:
            if kinds == kind:  # every fact of the batch is of this kind
                columns += [
                    f"b.value - coalesce(b.old_value, 0) AS {code}_add",
                    f"CASE WHEN b.revision = 1 THEN 1 ELSE 0 END AS {code}_new",
                    f"b.month_to AS {code}_month",
                    f"b.value AS {code}_value",
                ]
                continue
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
    params = () if whole else pair_params
    year_marks = ", ".join("?" for _ in years)
    element_marks = ", ".join("?" for _ in elements)
    in_partitions = f"e.year IN ({year_marks}) AND e.element IN ({element_marks})"
    names = ", ".join(("org_id", "element", "year", "value", "last_month", *KIND_COLUMNS))
    started = f"SELECT count(*) FROM (SELECT 1 FROM element_years AS e WHERE {in_partitions} LIMIT 1) AS x"
    seeded = _merged(lambda _: "NULL")
    new_rows = ", ".join(f"{expression} AS {column}" for column, expression in seeded.items())
    if not backend.query(started, (*years, *elements))[0][0]:  # a January: the partitions start from the batch
        backend.execute(
            f"""INSERT INTO element_years ({names}) SELECT {_ROW} FROM (
                    SELECT c.org_id, c.element, c.year, {new_rows} FROM ({changes}) AS c
                ) AS k JOIN elements AS el ON el.code = k.element""",
            params,
        )
    else:
        merged = _merged(lambda name: f"e.{name}")
        written = [column for column in KIND_COLUMNS if column[0].upper() in kinds]

        def after(name: str) -> str:
            return merged[name] if name in written else f"e.{name}"

        assignments = [f"{column} = {merged[column]}" for column in written]
        assignments += [f"value = {_value(after, 'c.aggregation')}", f"last_month = {_last_month(after)}"]
        same_key = "e.org_id = c.org_id AND e.element = c.element AND e.year = c.year"
        with_aggregation = (
            f"SELECT c.*, el.aggregation FROM ({changes}) AS c JOIN elements AS el ON el.code = c.element"
        )
        updated = backend.changed(
            f"UPDATE element_years AS e SET {', '.join(assignments)} FROM ({with_aggregation}) AS c "
            f"WHERE {same_key} AND {in_partitions}",
            (*params, *years, *elements),
        )
        if updated < int(backend.query(f"SELECT count(*) FROM ({changes}) AS c", params)[0][0]):  # new rows too
            backend.execute(
                f"""INSERT INTO element_years ({names}) SELECT {_ROW} FROM (
                        SELECT c.org_id, c.element, c.year, {new_rows} FROM ({changes}) AS c
                        WHERE NOT EXISTS (SELECT 1 FROM element_years AS e WHERE {same_key} AND {in_partitions})
                    ) AS k JOIN elements AS el ON el.code = k.element""",
                (*params, *years, *elements),
            )
    _mark_current(store, partitions)


def _mark_current(store: Store, partitions: list[tuple[str, int, int]]) -> None:
    """Note through which fact ``element_years`` covers each (element, year, last seq) partition, in two
    statements (not two per partition: each costs a few milliseconds)."""
    pairs = " OR ".join("(element = ? AND year = ?)" for _ in partitions)
    keys = tuple(value for element, year, _ in partitions for value in (element, year))
    store.backend.execute(f"DELETE FROM element_years_state WHERE {pairs}", keys)
    rows = ", ".join("(?, ?, ?)" for _ in partitions)
    store.backend.execute(
        f"INSERT INTO element_years_state VALUES {rows}", tuple(value for row in partitions for value in row)
    )


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
