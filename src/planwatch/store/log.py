"""The audit log: who imported, corrected, confirmed, added or changed a user, revoked a session — and when.

Append-only like facts: an entry is never changed.  An import's entry names
its batch, so the facts it wrote can be found from the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planwatch.store.database import Store

ACTIONS = {
    "login": "登录",
    "import": "导入数据",
    "correct": "更正数据",
    "plan": "规划入库",
    "confirm": "确认指标体系",
    "plan_edit": "修改指标体系（待确认）",
    "department": "修改责任单位",
    "milestone": "登记定性目标进展",
    "user": "新增或修改账号",
    "revoke": "注销会话",
    "backup": "备份",
    "restore": "恢复",
}
"""Every kind of entry, with what it is called on the page and in ``planwatch log``."""


@dataclass(frozen=True)
class Entry:
    at: datetime
    user_name: str
    action: str
    subject: str
    detail: str | None
    batch_id: int | None

    @property
    def action_zh(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record(
    store: Store,
    user_name: str,
    action: str,
    subject: str,
    now: datetime,
    detail: str | None = None,
    batch_id: int | None = None,
) -> None:
    store.backend.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?)", (now, user_name, action, subject, detail, batch_id)
    )


def entries(store: Store, limit: int = 200, user_name: str | None = None, action: str | None = None) -> list[Entry]:
    """The latest entries first, optionally of one user or one kind of action."""
    conditions, params = ["TRUE"], []
    if user_name:
        conditions.append("user_name = ?")
        params.append(user_name)
    if action:
        conditions.append("action = ?")
        params.append(action)
    rows = store.backend.query(
        f"SELECT logged_at, user_name, action, subject, detail, batch_id FROM audit_log WHERE {' AND '.join(conditions)} "
        f"ORDER BY logged_at DESC LIMIT {int(limit)}",
        params,
    )
    return [Entry(r[0], r[1], r[2], r[3], r[4], None if r[5] is None else int(r[5])) for r in rows]
