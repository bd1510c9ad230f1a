"""Pages for county administrators only: the audit log (操作日志)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from planwatch.service.accounts import User
from planwatch.store.log import ACTIONS, entries
from planwatch.web import models as m
from planwatch.web.access import Forbidden
from planwatch.web.shared import SharedStore

MAX_ENTRIES = 500


def log(
    shared: SharedStore,
    user: User,
    actor: Annotated[str | None, Query(description="只看这个用户的操作")] = None,
    action: Annotated[str | None, Query(description="只看一类操作：import、correct、user、revoke、login……")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_ENTRIES, description="最多列出多少条（从最新的起）")] = 200,
) -> m.LogPage:
    """操作日志: who imported, corrected, confirmed, changed an account or revoked a session, and when."""
    if user.role != "admin":
        raise Forbidden("操作日志只有县级管理员可以查看。")
    actor, action = actor or None, action or None
    found = shared.read(("log", actor, action, limit), lambda store: entries(store, limit, actor, action))
    return m.LogPage(
        filters=m.LogFilters(actor=actor, action=action, limit=limit),
        actions=ACTIONS,
        entries=[
            m.LogEntry(
                at=e.at.isoformat(sep=" ", timespec="seconds"),
                user=e.user_name,
                action=e.action,
                action_zh=e.action_zh,
                subject=e.subject,
                detail=e.detail,
                batch=e.batch_id,
            )
            for e in found
        ],
    )
