"""Reads for the enterprise assessment (亩均, 梯度培育, 小升规, energy): the registry, yearly figures
pivoted one row per enterprise and year, tags, and monthly series — each as known at a moment.

The assessment's inputs are ordinary elements and tags (``data/elements.yaml``): they are imported, revised
and read "as of" like every other fact, so no table of their own is needed.  The yearly values come from the
formula compiler's yearly query (``metrics.compile.yearly_sql``: a year of a flow is its annual figure, else
its quarters, else its months), pivoted here so a province of 100,000 enterprises arrives as 100,000 rows a
year rather than one row per value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from planwatch.metrics.compile import yearly_sql
from planwatch.store.database import Store
from planwatch.store.orgs import Org
from planwatch.store.yearly import has_revisions


@dataclass(frozen=True)
class RegisteredEnterprise:
    id: int
    code: str
    name: str
    parent_id: int | None
    industry: str | None
    land_mu: float | None
    demo: bool


def registered_enterprises(store: Store, as_of: datetime | None = None) -> list[RegisteredEnterprise]:
    """Every enterprise in the registry (recorded by ``as_of``), by code."""
    known, params = ("AND recorded_at <= ?", (as_of,)) if as_of else ("", ())
    rows = store.backend.query(
        f"""SELECT id, code, name, parent_id, industry, land_mu, demo FROM orgs
        WHERE kind = 'enterprise' {known} ORDER BY code""",
        params,
    )
    return [
        RegisteredEnterprise(
            int(r[0]),
            r[1],
            r[2],
            None if r[3] is None else int(r[3]),
            r[4],
            None if r[5] is None else float(r[5]),
            bool(r[6]),
        )
        for r in rows
    ]


def parents(store: Store) -> dict[int, Org]:
    """Every org that is not an enterprise (regions, parks), by id: what enterprises hang under."""
    rows = store.backend.query("SELECT id, code, name, kind, parent_id FROM orgs WHERE kind <> 'enterprise'")
    return {int(r[0]): Org(int(r[0]), r[1], r[2], r[3], None if r[4] is None else int(r[4])) for r in rows}


def subtree(store: Store, org_id: int) -> list[int]:
    """The ids of an org and everything under it, however deep (the closure table)."""
    return [int(r[0]) for r in store.backend.query("SELECT org_id FROM org_tree WHERE ancestor_id = ?", (org_id,))]


def elements_present(store: Store, years: Sequence[int]) -> set[str]:
    """The elements with any fact in these years (from the small partition table)."""
    if not years:
        return set()
    marks = ", ".join("?" for _ in years)
    rows = store.backend.query(f"SELECT DISTINCT element FROM fact_partitions WHERE year IN ({marks})", list(years))
    return {r[0] for r in rows}


def _cache_current(store: Store, elements: Sequence[str], years: Sequence[int]) -> bool:
    """Is ``element_years`` current for every (element, year) of these that has facts?  (As ``cache_covers``.)"""
    marks = ", ".join("?" for _ in elements)
    stale = store.backend.query(
        f"""SELECT count(*) FROM fact_partitions p
            LEFT JOIN element_years_state s ON s.element = p.element AND s.year = p.year
            WHERE p.element IN ({marks}) AND p.year BETWEEN ? AND ?
              AND (s.through_seq IS NULL OR s.through_seq < p.last_seq)""",
        (*elements, min(years), max(years)),
    )
    return int(stale[0][0]) == 0


def yearly_columns(
    store: Store, elements: Sequence[str], years: Sequence[int], as_of: datetime | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """(org ids, years, values) of every org with any of the elements in those years — one row per org and
    year, one value column per element (NaN where the org reported nothing that year).

    What is known now comes from ``element_years`` when it is current (imports keep it so); a past moment, or
    a stale cache, aggregates the facts.  On DuckDB the columns arrive as arrays, not row tuples: a province of
    100,000 enterprises is 100,000 rows a year.
    """
    if not elements or not years:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, len(elements)))
    if as_of is None and _cache_current(store, elements, years):
        marks = ", ".join("?" for _ in elements)
        inner = (
            f"SELECT org_id, element, year, value FROM element_years "
            f"WHERE element IN ({marks}) AND year BETWEEN {int(min(years))} AND {int(max(years))}"
        )
        params: list[object] = list(elements)
    else:
        inner = yearly_sql(list(elements), list(years), store.dialect, has_revisions(store, as_of), as_of)
        params = []
    columns = ", ".join(
        f"coalesce(max(CASE WHEN y.element = ? THEN y.value END), CAST('NaN' AS DOUBLE PRECISION)) AS v{i}"
        for i in range(len(elements))
    )
    sql = f"SELECT y.org_id, y.year, {columns} FROM ({inner}) AS y GROUP BY y.org_id, y.year ORDER BY y.org_id, y.year"
    arguments = [*elements, *params]
    if store.dialect == "duckdb":
        # DuckDB hands a result over as arrays: far cheaper than a tuple per row (DuckDBBackend.connection).
        fetched = store.backend.connection.execute(sql, arguments).fetchnumpy()  # type: ignore[attr-defined]  # DuckDB only
        arrays = [np.asarray(fetched[name]) for name in fetched]
        values = (
            np.column_stack([a.astype(np.float64) for a in arrays[2:]])
            if len(arrays) > 2
            else np.zeros((len(arrays[0]), 0))
        )
        return arrays[0].astype(np.int64), arrays[1].astype(np.int64), values
    rows = store.backend.query(sql, arguments)
    table = np.array(rows, dtype=np.float64).reshape(len(rows), 2 + len(elements))
    return table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2:]


def last_months(store: Store, element: str, years: Sequence[int], as_of: datetime | None = None) -> dict[int, int]:
    """Year → the last month any org has a monthly figure of ``element`` (what the year is complete through)."""
    known, params = ("AND recorded_at <= ?", (as_of,)) if as_of else ("", ())
    marks = ", ".join("?" for _ in years)
    rows = store.backend.query(
        f"""SELECT year, max(month_to) FROM facts WHERE element = ? AND year IN ({marks}) {known} GROUP BY year""",
        (element, *years, *params),
    )
    return {int(r[0]): int(r[1]) for r in rows}


def tag_spans(store: Store, as_of: datetime | None = None) -> list[tuple[int, str, int, int | None]]:
    """(org id, tag, valid from, valid to) of every tag recorded by ``as_of``."""
    known, params = ("WHERE recorded_at <= ?", (as_of,)) if as_of else ("", ())
    rows = store.backend.query(f"SELECT org_id, tag, valid_from, valid_to FROM org_tags {known}", params)
    return [(int(r[0]), r[1], int(r[2]), None if r[3] is None else int(r[3])) for r in rows]


def monthly_values(
    store: Store, element: str, first_year: int, last_year: int, as_of: datetime | None = None
) -> list[tuple[int, int, int, float]]:
    """(org id, year, month, value) of every monthly figure of ``element`` in those years, the latest revision
    recorded by ``as_of``."""
    recorded, later = ("AND f.recorded_at <= ?", "AND g.recorded_at <= ?") if as_of else ("", "")
    params: tuple[object, ...] = (element, first_year, last_year)
    if as_of:
        params = (*params, as_of, as_of)
    rows = store.backend.query(
        f"""SELECT f.org_id, f.year, f.month_to, f.value FROM facts f
        WHERE f.element = ? AND f.period_kind = 'M' AND f.year BETWEEN ? AND ? {recorded}
          AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.org_id = f.org_id AND g.element = f.element
                          AND g.period = f.period AND g.revision > f.revision {later})""",
        params,
    )
    return [(int(r[0]), int(r[1]), int(r[2]), float(r[3])) for r in rows]


def fill_industries(store: Store, industries: dict[str, str]) -> int:
    """Give registry entries that have no 行业代码 yet one (code → GB/T 4754 code); returns how many were filled.

    Only an empty code is filled: an industry the registry import wrote is never overwritten.
    """
    filled = 0
    for code, industry in sorted(industries.items()):
        before = store.backend.query("SELECT count(*) FROM orgs WHERE code = ? AND industry IS NULL", (code,))
        store.backend.execute("UPDATE orgs SET industry = ? WHERE code = ? AND industry IS NULL", (industry, code))
        filled += int(before[0][0])
    return filled
