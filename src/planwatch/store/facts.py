"""Facts: append-only values with revisions, and what was known at any moment.

A fact is a value of an element for an org and a period.  Writing the same
key again appends the next revision; reading "as of" a moment takes, per
key, the highest revision recorded by then.  Nothing is updated or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from planwatch.metrics.compile import last_value
from planwatch.periods import Period
from planwatch.store.database import Store
from planwatch.store.yearly import add_batch_to_years, last_seq

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
    """The set-based path under ``append_facts``: stage, then ``append_staged``."""
    stage_facts(store)
    count = store.backend.copy_rows("staging_facts", FACT_COLUMNS, rows)
    if count:
        append_staged(store, batch_id, now)
    store.backend.execute("DROP TABLE staging_facts")
    return count


def stage_facts(store: Store) -> None:
    """An empty temporary ``staging_facts`` (``FACT_COLUMNS``): what ``append_staged`` appends.

    ``append_rows`` fills it from Python rows; a bulk loader may fill it in SQL.
    """
    backend = store.backend
    backend.execute("DROP TABLE IF EXISTS staging_facts")
    backend.execute(
        "CREATE TEMP TABLE staging_facts (org_id BIGINT, element VARCHAR, period VARCHAR, period_kind VARCHAR, "
        "year INTEGER, month_from INTEGER, month_to INTEGER, value DOUBLE PRECISION, unit VARCHAR, "
        "reported_value DOUBLE PRECISION, reported_unit VARCHAR, source VARCHAR)"
    )


def append_staged(store: Store, batch_id: int | None, now: datetime) -> int:
    """Append the facts in ``staging_facts`` (one per key) in one transaction; returns how many.

    Each key gets the revision one above what is stored, looked up only among the stored facts of the
    batch's periods (a batch of new periods — the monthly case, a January too — skips the lookup and
    goes into ``facts`` in one statement); the partitions written are noted; and ``element_years`` is
    brought up to date from the batch itself wherever it was current before
    (``yearly.add_batch_to_years``) — no write reads its partition's facts again.
    """
    backend = store.backend
    keys = backend.query(
        "SELECT year, element, period, min(period_kind), count(*) FROM staging_facts GROUP BY year, element, period"
    )
    if not keys:
        return 0
    years = sorted({int(k[0]) for k in keys})
    elements = sorted({k[1] for k in keys})
    periods = sorted({k[2] for k in keys})
    kinds = "".join(sorted({k[3] for k in keys}))
    count = sum(int(k[4]) for k in keys)
    marks = {name: ", ".join("?" for _ in items) for name, items in (("y", years), ("e", elements), ("p", periods))}
    where = f"f.year IN ({marks['y']}) AND f.element IN ({marks['e']}) AND f.period IN ({marks['p']})"
    params = (*years, *elements, *periods)
    columns = ", ".join(FACT_COLUMNS)
    with backend.transaction():
        base = last_seq(store)
        stored = backend.query(f"SELECT count(*) FROM (SELECT 1 FROM facts f WHERE {where} LIMIT 1) AS x", params)
        if stored[0][0]:
            previous = last_value(store.dialect, "f.value", "f.revision")
            backend.execute("DROP TABLE IF EXISTS written_facts")
            backend.execute(
                f"""CREATE TEMP TABLE written_facts AS
                SELECT s.*, coalesce(m.revision, 0) + 1 AS revision, m.value AS old_value, ? + row_number() OVER () AS seq
                FROM staging_facts s
                LEFT JOIN (
                    SELECT f.org_id, f.element, f.period, max(f.revision) AS revision, {previous} AS value
                    FROM facts f WHERE {where}
                    GROUP BY f.org_id, f.element, f.period
                ) m ON m.org_id = s.org_id AND m.element = s.element AND m.period = s.period""",
                (base, *params),
            )
            backend.execute(
                f"""INSERT INTO facts ({columns}, revision, batch_id, recorded_at, seq)
                SELECT {columns}, revision, ?, ?, seq FROM written_facts""",
                (batch_id, now),
            )
            revised = {
                (row[0], int(row[1]))
                for row in backend.query("SELECT DISTINCT element, year FROM written_facts WHERE revision > 1")
            }
            batch = "written_facts"
        else:
            backend.execute(
                f"""INSERT INTO facts ({columns}, revision, batch_id, recorded_at, seq)
                SELECT {columns}, 1, ?, ?, ? + row_number() OVER () FROM staging_facts""",
                (batch_id, now, base),
            )
            revised = set()
            batch = "(SELECT s.*, 1 AS revision, CAST(NULL AS DOUBLE PRECISION) AS old_value FROM staging_facts s)"
        # Every partition written is current through the batch's last number: write order within a batch
        # does not matter to anything that reads these numbers.
        last = base + count
        partitions = sorted({(k[1], int(k[0])) for k in keys})
        before = {
            (row[0], int(row[1])): (bool(row[2]), int(row[3]), None if row[4] is None else int(row[4]))
            for row in backend.query(
                f"""SELECT p.element, p.year, p.revised, p.last_seq, s.through_seq FROM fact_partitions p
                LEFT JOIN element_years_state s ON s.element = p.element AND s.year = p.year
                WHERE p.year IN ({marks["y"]}) AND p.element IN ({marks["e"]})""",
                (*years, *elements),
            )
        }
        noted = [
            (element, year, last, before.get((element, year), (False, 0, None))[0] or (element, year) in revised)
            for element, year in partitions
        ]  # in two statements, not two per partition (each costs a few milliseconds)
        pairs = " OR ".join("(element = ? AND year = ?)" for _ in noted)
        backend.execute(f"DELETE FROM fact_partitions WHERE {pairs}", tuple(v for row in noted for v in row[:2]))
        rows = ", ".join("(?, ?, ?, ?)" for _ in noted)
        backend.execute(f"INSERT INTO fact_partitions VALUES {rows}", tuple(v for row in noted for v in row))
        current = [
            (element, year, last)
            for element, year in partitions
            if (element, year) not in before or ((b := before[(element, year)])[2] is not None and b[2] >= b[1])
        ]
        add_batch_to_years(
            store, batch, current, one_per_key=len(periods) == 1, whole=len(current) == len(partitions), kinds=kinds
        )
        if batch == "written_facts":
            backend.execute("DROP TABLE written_facts")
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
