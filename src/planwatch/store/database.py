"""The fact store: orgs in a hierarchy, tagged enterprises, and append-only facts.

``Store`` owns the connection and the clock.  Timestamps are the users'
wall-clock time in China (UTC+8, no daylight saving), so "as of 2026-10-31"
means the end of that day where the data was entered.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from planwatch.periods import CHINA
from planwatch.store.backend import Backend, StoreError, connect
from planwatch.store.elements import catalog
from planwatch.store.schema import YEARS_REBUILT, migrate, missing

DB_ENV = "PLANWATCH_DB"
DATA_DIR_ENV = "PLANWATCH_DATA"


def default_location() -> str:
    """``$PLANWATCH_DB`` if set, else ``planwatch.duckdb`` in ``$PLANWATCH_DATA`` (default ``./data``)."""
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    return str(Path(os.environ.get(DATA_DIR_ENV, "data")) / "planwatch.duckdb")


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max)


@dataclass
class Store:
    backend: Backend

    @property
    def dialect(self) -> str:
        return self.backend.dialect

    def now(self) -> datetime:
        return datetime.now(CHINA).replace(tzinfo=None)

    def close(self) -> None:
        self.backend.close()

    def clone(self) -> Store:
        """The same store on a connection of its own (close it when done)."""
        return Store(self.backend.clone())

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def sync_elements(self) -> None:
        """Add catalog elements the database does not have yet."""
        known = {row[0] for row in self.backend.query("SELECT code FROM elements")}
        missing = [e for e in catalog().elements if e.code not in known]
        if not missing:
            return
        with self.backend.transaction():
            for element in missing:
                self.backend.execute(
                    "INSERT INTO elements VALUES (?, ?, ?, ?, ?)",
                    (element.code, element.name, element.unit, element.aggregation, element.nonnegative),
                )

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.backend.query(f"SELECT count(*) FROM {table}")[0][0])
            for table in ("orgs", "org_tags", "facts", "batches")
        }

    def checksum(self) -> str:
        """A digest of every fact row: equal before and after a failed import means nothing was written."""
        rows = self.backend.query(
            "SELECT org_id, element, period, value, revision, recorded_at FROM facts "
            "ORDER BY org_id, element, period, revision"
        )
        import hashlib

        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(row).encode())
        return digest.hexdigest()


def open_store(location: str | Path | None = None, read_only: bool = False) -> Store:
    """Open (and create or migrate) the store at a DuckDB path or PostgreSQL URL."""
    backend = connect(location if location is not None else default_location(), read_only=read_only)
    store = Store(backend)
    if read_only:
        if missing(backend):
            raise StoreError(f"数据库 {backend.location} 尚未初始化或版本过旧，请先运行一次 planwatch import。")
        return store
    applied = migrate(backend, store.now())
    store.sync_elements()
    if YEARS_REBUILT in applied:
        from planwatch.store.yearly import rebuild_years  # yearly.py builds on this module

        rebuild_years(store)
    return store


def data_version(store: Store) -> tuple[int, ...]:
    """Numbers that change whenever anything a page shows is written: facts, plans, milestones, orgs
    (and their renames and moves), tags, audits, users (a counter bumped by every change to a user), the
    ledgers (rows of every ledger table), contacts, plan versions with the edits under review and the
    departments; last, ended sessions and the audit log (``web.shared.ACTIVITY`` counts on that order)."""
    row = store.backend.query(
        """SELECT
        (SELECT coalesce(max(last_seq), 0) FROM fact_partitions),
        (SELECT count(*) FROM plans),
        (SELECT count(*) FROM milestones),
        (SELECT count(*) FROM orgs) + (SELECT count(*) FROM org_changes),
        (SELECT count(*) FROM org_tags),
        (SELECT count(*) FROM plan_reviews),
        (SELECT count(*) FROM users),
        (SELECT coalesce(max(CAST(value AS BIGINT)), 0) FROM settings WHERE key = 'users_revision'),
        (SELECT count(*) FROM project_updates) + (SELECT count(*) FROM attraction_signings)
          + (SELECT count(*) FROM attraction_steps) + (SELECT count(*) FROM attraction_targets)
          + (SELECT count(*) FROM fund_records) + (SELECT count(*) FROM chain_maps) + (SELECT count(*) FROM chain_members),
        (SELECT count(*) FROM org_contacts),
        (SELECT count(*) FROM plan_versions) + (SELECT count(*) FROM plan_drafts) + (SELECT count(*) FROM departments),
        (SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL),
        (SELECT count(*) FROM audit_log)"""
    )[0]
    return tuple(int(v) for v in row)
