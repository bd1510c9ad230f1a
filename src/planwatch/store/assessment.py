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

from planwatch.metrics.compile import yearly_sql
from planwatch.store.backend import Row
from planwatch.store.database import Store
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


def yearly_rows(
    store: Store, elements: Sequence[str], years: Sequence[int], as_of: datetime | None = None
) -> list[Row]:
    """(org_id, year, value of each element in order …) of every org with any of the elements in those years.

    A value is None where the org reported nothing of that element in the year.
    """
    if not elements or not years:
        return []
    revised = has_revisions(store, as_of)
    inner = yearly_sql(list(elements), list(years), store.dialect, revised, as_of)
    columns = ", ".join(f"max(CASE WHEN y.element = ? THEN y.value END) AS v{i}" for i in range(len(elements)))
    return store.backend.query(
        f"SELECT y.org_id, y.year, {columns} FROM ({inner}) AS y GROUP BY y.org_id, y.year ORDER BY y.org_id, y.year",
        list(elements),
    )


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
