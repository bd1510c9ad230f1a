"""Plan versions, the edits of a plan under review, each plan's text, and the departments — as kept in the store.

All append-only like facts: a version, an edit, a department change is a new row; nothing is updated
or deleted, so who changed what and why stays, and "as known at" a date reads what was recorded by then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from planwatch.plan.diff import Change
from planwatch.plan.model import Plan
from planwatch.plan.versions import Version, in_force
from planwatch.store.database import Store


def save_text(store: Store, plan_id: str, lines: dict[int, str], now: datetime) -> None:
    """Keep the plan's whole text (line number → text), for the review page's source pane."""
    store.backend.execute(
        "INSERT INTO plan_texts VALUES (?, ?, ?)",
        (plan_id, json.dumps({str(n): text for n, text in lines.items()}, ensure_ascii=False), now),
    )


def load_text(store: Store, plan_id: str) -> dict[int, str]:
    """The latest text kept for ``plan_id`` (empty when the plan was stored before texts were kept)."""
    rows = store.backend.query(
        "SELECT lines FROM plan_texts WHERE plan_id = ? ORDER BY recorded_at DESC LIMIT 1", (plan_id,)
    )
    return {int(n): text for n, text in json.loads(rows[0][0]).items()} if rows else {}


def save_version(store: Store, version: Version, plan: Plan) -> None:
    store.backend.execute(
        "INSERT INTO plan_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version.plan_id,
            version.number,
            plan.model_dump_json(),
            version.effective,
            version.reason,
            json.dumps([c.model_dump(mode="json") for c in version.changes], ensure_ascii=False),
            version.recorded_by,
            version.recorded_at,
        ),
    )


def versions(store: Store, plan_id: str, known: datetime | None = None) -> list[Version]:
    """The versions of ``plan_id`` recorded by ``known`` (all of them without it), in order."""
    condition = " AND recorded_at <= ?" if known is not None else ""
    rows = store.backend.query(
        "SELECT version, body, effective, reason, changes, recorded_by, recorded_at FROM plan_versions "
        f"WHERE plan_id = ?{condition} ORDER BY version",
        (plan_id, *((known,) if known is not None else ())),
    )
    return [
        Version(
            plan_id=plan_id,
            number=int(row[0]),
            effective=row[2] if isinstance(row[2], date) else date.fromisoformat(str(row[2])),
            reason=row[3],
            recorded_by=row[5],
            recorded_at=row[6],
            changes=tuple(Change.model_validate(item) for item in json.loads(row[4])),
            body=row[1],
        )
        for row in rows
    ]


def version_in_force(store: Store, plan_id: str, day: date, known: datetime | None) -> Version | None:
    """The version governing ``day`` as known at ``known`` (None: the plan was not confirmed by then)."""
    return in_force(versions(store, plan_id, known), day)


@dataclass(frozen=True)
class Draft:
    """An edit of a plan under review: the whole plan after it, what was changed, who did it and when."""

    plan_id: str
    note: str
    recorded_by: str
    recorded_at: datetime
    body: str

    def plan(self) -> Plan:
        return Plan.model_validate_json(self.body)


def save_draft(store: Store, plan_id: str, plan: Plan, note: str, user: str, now: datetime) -> None:
    store.backend.execute(
        "INSERT INTO plan_drafts VALUES (?, ?, ?, ?, ?)", (plan_id, plan.model_dump_json(), note, user, now)
    )


def drafts(store: Store, plan_id: str, since: datetime | None = None) -> list[Draft]:
    """The edits of ``plan_id`` in the order made (those after ``since`` only, when given)."""
    condition = " AND recorded_at > ?" if since is not None else ""
    rows = store.backend.query(
        f"SELECT note, recorded_by, recorded_at, body FROM plan_drafts WHERE plan_id = ?{condition} ORDER BY recorded_at",
        (plan_id, *((since,) if since is not None else ())),
    )
    return [Draft(plan_id, row[0], row[1], row[2], row[3]) for row in rows]


def read_draft(store: Store, plan_id: str) -> tuple[Plan, datetime] | None:
    """The latest draft the reader made of ``plan_id`` (``plan add``) and when it was kept."""
    rows = store.backend.query(
        "SELECT body, recorded_at FROM plans WHERE id = ? ORDER BY recorded_at DESC LIMIT 1", (plan_id,)
    )
    return (Plan.model_validate_json(rows[0][0]), rows[0][1]) if rows else None


@dataclass(frozen=True)
class Department:
    name: str
    members: tuple[str, ...]
    """Dashboard users who work for it (their 我负责的目标 are its targets)."""
    removed: bool
    recorded_by: str
    recorded_at: datetime


def save_department(store: Store, department: Department) -> None:
    store.backend.execute(
        "INSERT INTO departments VALUES (?, ?, ?, ?, ?)",
        (
            department.name,
            ",".join(department.members),
            department.removed,
            department.recorded_by,
            department.recorded_at,
        ),
    )


def stored_departments(store: Store) -> list[Department]:
    """Each department as last recorded (removed ones too), in the order first recorded."""
    rows = store.backend.query(
        "SELECT name, members, removed, recorded_by, recorded_at FROM departments ORDER BY recorded_at"
    )
    latest: dict[str, Department] = {}
    for name, members, removed, user, at in rows:
        latest[name] = Department(name, tuple(m for m in str(members).split(",") if m), bool(removed), user, at)
    return list(latest.values())
