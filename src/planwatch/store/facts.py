"""Facts: append-only values with revisions, and what was known at any moment.

A fact is a value of an element for an org and a period.  Writing the same
key again appends the next revision; reading "as of" a moment takes, per
key, the highest revision recorded by then.  Nothing is updated or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from planwatch.periods import Period
from planwatch.store.database import Store

FACT_COLUMNS = (
    "org_id",
    "element",
    "period",
    "period_kind",
    "year",
    "month_from",
    "month_to",
    "value",
    "unit",
    "reported_value",
    "reported_unit",
    "source",
)


@dataclass(frozen=True)
class NewFact:
    org_id: int
    element: str
    period: Period
    value: float
    unit: str
    reported_value: float | None = None
    reported_unit: str | None = None
    source: str | None = None


def fact_row(fact: NewFact) -> tuple[object, ...]:
    return (
        fact.org_id,
        fact.element,
        str(fact.period),
        fact.period.kind,
        fact.period.year,
        fact.period.first_month,
        fact.period.last_month,
        fact.value,
        fact.unit,
        fact.reported_value,
        fact.reported_unit,
        fact.source,
    )


def append_facts(store: Store, facts: Iterable[NewFact], batch_id: int | None, now: datetime) -> int:
    """Append facts, each key's revision one above what is stored; returns how many were written."""
    return append_rows(store, (fact_row(f) for f in facts), batch_id, now)


def append_rows(store: Store, rows: Iterable[Sequence[object]], batch_id: int | None, now: datetime) -> int:
    """The set-based path under ``append_facts``: stage, number the revisions, insert."""
    backend = store.backend
    backend.execute("DROP TABLE IF EXISTS staging_facts")
    backend.execute(
        "CREATE TEMP TABLE staging_facts (org_id BIGINT, element VARCHAR, period VARCHAR, period_kind VARCHAR, "
        "year INTEGER, month_from INTEGER, month_to INTEGER, value DOUBLE PRECISION, unit VARCHAR, "
        "reported_value DOUBLE PRECISION, reported_unit VARCHAR, source VARCHAR)"
    )
    count = backend.copy_rows("staging_facts", FACT_COLUMNS, rows)
    if count:
        base = last_seq(store)
        backend.execute(
            f"""INSERT INTO facts ({", ".join(FACT_COLUMNS)}, revision, batch_id, recorded_at, seq)
            SELECT {", ".join("s." + c for c in FACT_COLUMNS)}, coalesce(m.revision, 0) + 1, ?, ?,
                   ? + row_number() OVER ()
            FROM staging_facts s
            LEFT JOIN (
                SELECT f.org_id, f.element, f.period, max(f.revision) AS revision
                FROM facts f
                WHERE f.year IN (SELECT DISTINCT year FROM staging_facts)
                  AND f.element IN (SELECT DISTINCT element FROM staging_facts)
                GROUP BY f.org_id, f.element, f.period
            ) m ON m.org_id = s.org_id AND m.element = s.element AND m.period = s.period""",
            (batch_id, now, base),
        )
        record_written(store, base)
    backend.execute("DROP TABLE staging_facts")
    return count


def current_values(
    store: Store, keys: Sequence[tuple[int, str, str]], as_of: datetime | None = None
) -> dict[tuple[int, str, str], tuple[float, int]]:
    """(org, element, period) → (value, revision) as known at ``as_of`` for the given keys."""
    if not keys:
        return {}
    backend = store.backend
    backend.execute("DROP TABLE IF EXISTS wanted_keys")
    backend.execute("CREATE TEMP TABLE wanted_keys (org_id BIGINT, element VARCHAR, period VARCHAR)")
    backend.copy_rows("wanted_keys", ("org_id", "element", "period"), keys)
    known, params = ("AND f.recorded_at <= ?", (as_of,)) if as_of is not None else ("", ())
    rows = backend.query(
        f"""SELECT f.org_id, f.element, f.period, f.value, f.revision
        FROM facts f JOIN wanted_keys k ON k.org_id = f.org_id AND k.element = f.element AND k.period = f.period
        WHERE TRUE {known}
        ORDER BY f.revision""",
        params,
    )
    backend.execute("DROP TABLE wanted_keys")
    result: dict[tuple[int, str, str], tuple[float, int]] = {}
    for org_id, element, period, value, revision in rows:
        result[(int(org_id), element, period)] = (float(value), int(revision))
    return result


def last_seq(store: Store) -> int:
    """The write-order number of the last fact written (0 for none), from the small partition table."""
    return int(store.backend.query("SELECT coalesce(max(last_seq), 0) FROM fact_partitions")[0][0])


def record_written(store: Store, after: int) -> None:
    """Note which (element, year) partitions received the facts numbered above ``after``.

    ``append_rows`` does this itself; a bulk loader writing facts in SQL calls it.
    Derived yearly values are stale for a partition until refreshed past its ``last_seq``.
    """
    backend = store.backend
    backend.execute("DROP TABLE IF EXISTS written_partitions")
    backend.execute(
        "CREATE TEMP TABLE written_partitions AS "
        "SELECT w.element, w.year, w.last_seq, w.revised OR coalesce(p.revised, FALSE) AS revised "
        "FROM (SELECT element, year, max(seq) AS last_seq, bool_or(revision > 1) AS revised "
        "      FROM facts WHERE seq > ? GROUP BY element, year) AS w "
        "LEFT JOIN fact_partitions p ON p.element = w.element AND p.year = w.year",
        (after,),
    )
    backend.execute(
        "DELETE FROM fact_partitions WHERE EXISTS (SELECT 1 FROM written_partitions w "
        "WHERE w.element = fact_partitions.element AND w.year = fact_partitions.year)"
    )
    backend.execute("INSERT INTO fact_partitions SELECT element, year, last_seq, revised FROM written_partitions")
    backend.execute("DROP TABLE written_partitions")


def add_batch(store: Store, file: str, digest: str, kind: str, rows: int, now: datetime) -> int:
    """Record an import (its file, content digest, format and size); returns the batch's number."""
    batch_id = int(store.backend.query("SELECT coalesce(max(id), 0) + 1 FROM batches")[0][0])
    store.backend.execute("INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?)", (batch_id, file, digest, kind, rows, now))
    return batch_id


def positive_values(store: Store, orgs: Sequence[int], elements: Sequence[str]) -> list[tuple[int, str, str, float]]:
    """(org, element, period kind, value) of every positive fact of these orgs and elements, every revision."""
    backend = store.backend
    backend.execute("DROP TABLE IF EXISTS history_orgs")
    backend.execute("CREATE TEMP TABLE history_orgs (org_id BIGINT)")
    backend.copy_rows("history_orgs", ("org_id",), [(o,) for o in orgs])
    placeholders = ", ".join("?" for _ in elements)
    found = backend.query(
        f"""SELECT f.org_id, f.element, f.period_kind, f.value FROM facts f
        JOIN history_orgs h ON h.org_id = f.org_id
        WHERE f.element IN ({placeholders}) AND f.value > 0""",
        list(elements),
    )
    backend.execute("DROP TABLE history_orgs")
    return [(int(r[0]), r[1], r[2], float(r[3])) for r in found]


@dataclass(frozen=True)
class StoredFact:
    element: str
    period: str
    value: float
    unit: str
    revision: int
    source: str | None
    recorded_at: datetime


def fact_history(store: Store, org_id: int, elements: Sequence[str], known: date, limit: int) -> list[StoredFact]:
    """An org's own facts of these elements, every revision recorded by the end of ``known`` (at most ``limit``)."""
    if not elements:
        return []
    marks = ", ".join("?" for _ in elements)
    rows = store.backend.query(
        f"""SELECT element, period, value, unit, revision, source, recorded_at FROM facts
        WHERE org_id = ? AND element IN ({marks}) AND CAST(recorded_at AS DATE) <= ?
        ORDER BY element, period, revision LIMIT {int(limit)}""",
        (org_id, *elements, known),
    )
    return [StoredFact(r[0], r[1], float(r[2]), r[3], int(r[4]), r[5], r[6]) for r in rows]


def latest_values(store: Store, org_id: int, elements: Sequence[str]) -> list[StoredFact]:
    """An org's facts of these elements, the latest revision of each period, by element and period."""
    marks = ", ".join("?" for _ in elements)
    rows = store.backend.query(
        f"""SELECT element, period, value, unit, revision, source, recorded_at FROM facts
        WHERE org_id = ? AND element IN ({marks}) ORDER BY element, period, revision""",
        (org_id, *elements),
    )
    latest: dict[tuple[str, str], StoredFact] = {}
    for r in rows:
        latest[(r[0], r[1])] = StoredFact(r[0], r[1], float(r[2]), r[3], int(r[4]), r[5], r[6])
    return list(latest.values())


def monthly_filings(store: Store, since_year: int) -> list[tuple[int, str, datetime]]:
    """(org, month, when first recorded) for every monthly figure from ``since_year`` on: who filed which month."""
    rows = store.backend.query(
        """SELECT org_id, period, min(recorded_at) FROM facts
        WHERE period_kind = 'M' AND year >= ? GROUP BY org_id, period""",
        (since_year,),
    )
    return [(int(r[0]), r[1], r[2]) for r in rows]
