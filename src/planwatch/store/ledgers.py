"""The ledgers in the store: project updates, 招商 signings, steps and targets, 专项资金 records.

Append-only like facts: writing a key again appends its next revision; reading "as of" a moment
takes, per key, the highest revision recorded by then.  Nothing is updated or deleted.  Each
table's key and value columns are fixed here (``TABLES``); table and column names never come
from users.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from planwatch.store.database import Store


@dataclass(frozen=True)
class LedgerTable:
    name: str
    key: tuple[str, ...]
    values: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.key, *self.values)


UPDATES = LedgerTable(
    "project_updates",
    ("plan_id", "project_id", "period"),
    ("stage", "completed_wan", "annual_plan_wan", "responsible", "problems", "reason"),
)
SIGNINGS = LedgerTable(
    "attraction_signings",
    ("plan_id", "code"),
    ("name", "investor", "park", "chain", "link", "signed_wan", "signed_on"),
)
STEPS = LedgerTable("attraction_steps", ("plan_id", "code", "period"), ("stage", "arrived_wan"))
TARGETS = LedgerTable("attraction_targets", ("plan_id", "chain", "measure", "year"), ("value", "unit"))
FUNDS = LedgerTable(
    "fund_records",
    ("code",),
    ("uscc", "plan_id", "project_id", "kind", "amount_wan", "granted_on", "policy", "department"),
)
TABLES = (UPDATES, SIGNINGS, STEPS, TARGETS, FUNDS)

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Stored:
    """One row as recorded: its key, its values, its revision and who wrote it when."""

    key: Key
    values: tuple[Any, ...]
    revision: int
    source: str | None
    recorded_by: str | None
    recorded_at: datetime

    def get(self, table: LedgerTable, column: str) -> Any:
        if column in table.key:
            return self.key[table.key.index(column)]
        return self.values[table.values.index(column)]


def _where(table: LedgerTable, plan_id: str | None, as_of: datetime | None) -> tuple[str, list[object]]:
    clauses: list[str] = ["TRUE"]
    params: list[object] = []
    if plan_id is not None and "plan_id" in table.columns:
        clauses.append("plan_id = ?")
        params.append(plan_id)
    if as_of is not None:
        clauses.append("recorded_at <= ?")
        params.append(as_of)
    return " AND ".join(clauses), params


def history(
    store: Store, table: LedgerTable, plan_id: str | None = None, as_of: datetime | None = None
) -> list[Stored]:
    """Every revision recorded by ``as_of`` (all when None), in key and revision order."""
    where, params = _where(table, plan_id, as_of)
    rows = store.backend.query(
        f"SELECT {', '.join(table.columns)}, revision, source, recorded_by, recorded_at FROM {table.name} "
        f"WHERE {where} ORDER BY {', '.join(table.key)}, revision",
        params,
    )
    width = len(table.key)
    count = len(table.columns)
    return [
        Stored(
            tuple(row[:width]), tuple(row[width:count]), int(row[count]), row[count + 1], row[count + 2], row[count + 3]
        )
        for row in rows
    ]


def known(store: Store, table: LedgerTable, plan_id: str | None = None, as_of: datetime | None = None) -> list[Stored]:
    """Each key's highest revision recorded by ``as_of`` (now when None)."""
    latest: dict[Key, Stored] = {}
    for row in history(store, table, plan_id, as_of):
        latest[row.key] = row
    return list(latest.values())


def append(
    store: Store,
    table: LedgerTable,
    rows: Sequence[tuple[Any, ...]],
    *,
    now: datetime,
    source: str | None = None,
    recorded_by: str | None = None,
    batch_id: int | None = None,
) -> int:
    """Append rows (key then value columns), each key's revision one above what is stored; returns how many."""
    if not rows:
        return 0
    width = len(table.key)
    stored = {row.key: row.revision for row in known(store, table)}
    written: dict[Key, int] = {}
    numbered = []
    for row in rows:
        key = tuple(row[:width])
        revision = written.get(key, stored.get(key, 0)) + 1
        written[key] = revision
        numbered.append((*row, revision, batch_id, source, recorded_by, now))
    columns = (*table.columns, "revision", "batch_id", "source", "recorded_by", "recorded_at")
    return store.backend.copy_rows(table.name, columns, numbered)


# --- 产业链图谱 and who is on each link --------------------------------------------------------------


def save_chain_map(store: Store, plan_id: str, body: str, reason: str | None, by: str | None, now: datetime) -> int:
    """A new version of a plan's chain map (JSON); returns its number."""
    version = int(
        store.backend.query("SELECT coalesce(max(version), 0) + 1 FROM chain_maps WHERE plan_id = ?", (plan_id,))[0][0]
    )
    store.backend.execute("INSERT INTO chain_maps VALUES (?, ?, ?, ?, ?, ?)", (plan_id, version, body, reason, by, now))
    return version


def chain_map(store: Store, plan_id: str, as_of: datetime | None = None) -> tuple[int, str] | None:
    """The latest version of a plan's chain map recorded by ``as_of``: (version, JSON), or None (the plan's own)."""
    known_by = " AND recorded_at <= ?" if as_of else ""
    rows = store.backend.query(
        f"SELECT version, body FROM chain_maps WHERE plan_id = ?{known_by} ORDER BY version DESC LIMIT 1",
        (plan_id, *((as_of,) if as_of else ())),
    )
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


def add_chain_members(
    store: Store,
    plan_id: str,
    entries: Sequence[tuple[str, str, str, str, bool]],
    *,
    now: datetime,
    source: str | None = None,
    recorded_by: str | None = None,
) -> int:
    """Placements by hand: (chain, link, kind ``enterprise``/``project``, USCC or project id, attached)."""
    for chain, link, kind, subject, attached in entries:
        store.backend.execute(
            "INSERT INTO chain_members VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (plan_id, chain, link, kind, subject, attached, source, recorded_by, now),
        )
    return len(entries)


def chain_members(store: Store, plan_id: str, as_of: datetime | None = None) -> list[tuple[str, str, str, str, bool]]:
    """Placements by hand recorded by ``as_of``, oldest first (the latest for a subject and link wins)."""
    known_by = " AND recorded_at <= ?" if as_of else ""
    rows = store.backend.query(
        f"SELECT chain, link, kind, subject, attached FROM chain_members WHERE plan_id = ?{known_by} ORDER BY recorded_at",
        (plan_id, *((as_of,) if as_of else ())),
    )
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4])) for r in rows]


# --- enterprise figures for the chain map and the fund's before/after view ------------------------------


def yearly_figures(
    store: Store, elements: Sequence[str], years: Sequence[int], as_of: datetime | None = None
) -> dict[tuple[int, str, int], float]:
    """(org, element, year) → the year's value as known at ``as_of``: a yearly figure where one was reported,
    else the twelve months summed (flows) or the last month's value (stocks: 用地面积)."""
    if not elements or not years:
        return {}
    element_marks = ", ".join("?" for _ in elements)
    year_marks = ", ".join("?" for _ in years)
    known_by = " AND f.recorded_at <= ?" if as_of else ""
    rows = store.backend.query(
        f"""SELECT l.org_id, l.element, l.year, l.period_kind, l.month_to, l.value, e.aggregation FROM (
              SELECT f.org_id, f.element, f.year, f.period_kind, f.month_to, f.value,
                     row_number() OVER (PARTITION BY f.org_id, f.element, f.period ORDER BY f.revision DESC) AS newest
              FROM facts f
              WHERE f.element IN ({element_marks}) AND f.year IN ({year_marks}){known_by}
            ) l JOIN elements e ON e.code = l.element
            WHERE l.newest = 1""",
        (*elements, *years, *((as_of,) if as_of else ())),
    )
    whole: dict[tuple[int, str, int], float] = {}
    months: dict[tuple[int, str, int], dict[int, float]] = {}
    aggregation: dict[str, str] = {}
    for org, element, year, kind, month, value, how in rows:
        key = (int(org), str(element), int(year))
        aggregation[str(element)] = str(how)
        if kind == "Y":
            whole[key] = float(value)
        elif kind == "M":
            months.setdefault(key, {})[int(month)] = float(value)
    for key, values in months.items():
        if key in whole:
            continue
        if aggregation[key[1]] == "sum":
            if len(values) == 12:
                whole[key] = sum(values.values())
        else:
            whole[key] = values[max(values)]
    return whole


def tags_in_year(store: Store, tags: Sequence[str], year: int) -> dict[int, set[str]]:
    """Org id → which of ``tags`` it carries in ``year``."""
    if not tags:
        return {}
    marks = ", ".join("?" for _ in tags)
    rows = store.backend.query(
        f"SELECT org_id, tag FROM org_tags WHERE tag IN ({marks}) AND valid_from <= ? "
        "AND (valid_to IS NULL OR valid_to >= ?)",
        (*tags, year, year),
    )
    found: dict[int, set[str]] = {}
    for org, tag in rows:
        found.setdefault(int(org), set()).add(str(tag))
    return found
