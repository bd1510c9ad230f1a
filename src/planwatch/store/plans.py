"""Plans and milestone statuses kept in the store, so an evaluation can name a plan by its key.

Like facts, both are append-only: a plan read again is a new row (the latest
draft wins), a milestone's new status is a new row, and "as of" takes what was
recorded by then.  A plan once confirmed is read in its version in force today
(``store/versions.py``); an evaluation picks the version for its own dates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from planwatch.errors import InputError
from planwatch.plan.finding import Finding
from planwatch.plan.model import Plan
from planwatch.store.database import Store

MILESTONE_STATUSES = ("未开始", "推进中", "已完成")


def save_plan(store: Store, plan: Plan, now: datetime) -> None:
    store.backend.execute(
        "INSERT INTO plans VALUES (?, ?, ?, ?, ?)",
        (plan.id or "", plan.file or "", plan.title, plan.model_dump_json(), now),
    )


def load_plan(store: Store, key: str) -> Plan:
    """The stored plan whose id, file name or title is ``key``: its version in force today, or its latest draft."""
    rows = store.backend.query(
        "SELECT body, id FROM plans WHERE id = ? OR file = ? OR title = ? ORDER BY recorded_at DESC", (key, key, key)
    )
    if not rows:
        known = sorted({row[0] for row in store.backend.query("SELECT id FROM plans")})
        listed = "、".join(known) if known else "（库中还没有保存任何规划）"
        raise InputError(f"库中没有规划“{key}”。可用的规划：{listed}；也可以直接给出规划文件的路径。")
    return _current(store, rows[0][1], rows[0][0])


def _current(store: Store, plan_id: str, draft: str) -> Plan:
    from planwatch.store.versions import version_in_force

    version = version_in_force(store, plan_id, store.now().date(), None)
    return version.plan() if version is not None else Plan.model_validate_json(draft)


def set_milestone(store: Store, plan: Plan, indicator: str, status: str, evidence: str | None, now: datetime) -> None:
    if status not in MILESTONE_STATUSES:
        raise InputError(f"里程碑状态只能是 {'、'.join(MILESTONE_STATUSES)}，而不是“{status}”。")
    names = {i.name for i in plan.indicators if i.target.value is None}
    if indicator not in names:
        raise InputError(f"规划中没有定性目标“{indicator}”。可设状态的目标：{'、'.join(sorted(names))}。")
    store.backend.execute(
        "INSERT INTO milestones VALUES (?, ?, ?, ?, ?)", (plan.id or "", indicator, status, evidence, now)
    )


def milestones(store: Store, plan: Plan, as_of: datetime | None) -> dict[str, tuple[str, str | None, datetime]]:
    """Indicator name → (status, evidence, when) as recorded by ``as_of``."""
    known = " AND recorded_at <= ?" if as_of else ""
    rows = store.backend.query(
        f"SELECT indicator, status, evidence, recorded_at FROM milestones WHERE plan_id = ?{known} ORDER BY recorded_at",
        (plan.id or "", *((as_of,) if as_of else ())),
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def save_review(store: Store, plan: Plan, findings: list[Finding], lines: dict[int, str], now: datetime) -> None:
    """Keep a plan's audit findings with the text of every line they cite, for the dashboard and reports."""
    cited = sorted({n for f in findings for n in (f.lines or ([f.line] if f.line else []))})
    store.backend.execute(
        "INSERT INTO plan_reviews VALUES (?, ?, ?, ?)",
        (
            plan.id or "",
            json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False),
            json.dumps({str(n): lines[n] for n in cited if n in lines}, ensure_ascii=False),
            now,
        ),
    )


@dataclass(frozen=True)
class StoredReview:
    findings: list[Finding]
    lines: dict[int, str]
    """Line number → its text, for every line a finding cites."""


def load_review(store: Store, plan: Plan) -> StoredReview | None:
    """The latest audit kept for ``plan``, or None when it was stored without one."""
    rows = store.backend.query(
        "SELECT findings, lines FROM plan_reviews WHERE plan_id = ? ORDER BY recorded_at DESC LIMIT 1", (plan.id or "",)
    )
    if not rows:
        return None
    findings = [Finding.model_validate(item) for item in json.loads(rows[0][0])]
    return StoredReview(findings, {int(k): v for k, v in json.loads(rows[0][1]).items()})


def stored_plans(store: Store) -> list[Plan]:
    """Every plan in the store, by id: its version in force today, or its latest draft when never confirmed."""
    rows = store.backend.query("SELECT id, body FROM plans ORDER BY recorded_at")
    latest = {row[0]: row[1] for row in rows}
    return [_current(store, plan_id, body) for plan_id, body in latest.items()]
