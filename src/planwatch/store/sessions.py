"""Dashboard sessions kept in the store: logging out, a new password or an admin's revocation ends a
session everywhere (a signed cookie alone cannot be taken back), and idle and absolute limits apply."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from planwatch.store.database import Store


@dataclass(frozen=True)
class Session:
    id: str
    user_name: str
    created_at: datetime
    last_seen: datetime
    ended_at: datetime | None
    ended_reason: str | None


def start_session(store: Store, user_name: str, now: datetime) -> str:
    """A new session for ``user_name``; its id goes into the signed cookie."""
    session_id = secrets.token_urlsafe(32)
    store.backend.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, NULL, NULL)", (session_id, user_name, now, now))
    return session_id


def find_session(store: Store, session_id: str) -> Session | None:
    rows = store.backend.query(
        "SELECT id, user_name, created_at, last_seen, ended_at, ended_reason FROM sessions WHERE id = ?",
        (session_id,),
    )
    return Session(*rows[0]) if rows else None


def touch_session(store: Store, session_id: str, now: datetime) -> None:
    store.backend.execute("UPDATE sessions SET last_seen = ? WHERE id = ? AND ended_at IS NULL", (now, session_id))


def end_session(store: Store, session_id: str, reason: str, now: datetime) -> None:
    store.backend.execute(
        "UPDATE sessions SET ended_at = ?, ended_reason = ? WHERE id = ? AND ended_at IS NULL",
        (now, reason, session_id),
    )


def end_user_sessions(store: Store, user_name: str, reason: str, now: datetime) -> int:
    """End every open session of ``user_name``; how many there were."""
    open_ = store.backend.query("SELECT count(*) FROM sessions WHERE user_name = ? AND ended_at IS NULL", (user_name,))[
        0
    ][0]
    store.backend.execute(
        "UPDATE sessions SET ended_at = ?, ended_reason = ? WHERE user_name = ? AND ended_at IS NULL",
        (now, reason, user_name),
    )
    return int(open_)


def ended_sessions(store: Store) -> int:
    """How many sessions have ended (part of the dashboard's data version: an ended session is seen at once)."""
    return int(store.backend.query("SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL")[0][0])
