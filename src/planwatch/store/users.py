"""Dashboard users and the server's settings, kept in the store.

Only the argon2 hash of a password is stored (``web/access.py`` makes and checks it).
A user's ``scope`` is what the role is limited to: park codes for a park user,
the enterprise's USCC for an enterprise user, empty for admin and viewer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from planwatch.errors import InputError
from planwatch.store.database import Store

ROLES = ("admin", "park", "enterprise", "viewer")
USERS_REVISION = "users_revision"
"""The settings key counting changes to users (read by the dashboard's store version)."""
ROLE_ZH = {"admin": "县级管理员", "park": "园区用户", "enterprise": "企业用户", "viewer": "只读用户"}


@dataclass(frozen=True)
class StoredUser:
    name: str
    password_hash: str
    role: str
    scope: tuple[str, ...]


def save_user(store: Store, user: StoredUser, now: datetime) -> None:
    """Add a user, or replace one of the same name (a new password or role)."""
    if user.role not in ROLES:
        raise InputError(f"角色只能是 {'、'.join(ROLES)}，而不是“{user.role}”。")
    with store.backend.transaction():
        store.backend.execute("DELETE FROM users WHERE name = ?", (user.name,))
        store.backend.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?)",
            (user.name, user.password_hash, user.role, ",".join(user.scope), now),
        )
        # A counter, not the time: the dashboard's cache sees every change, whatever clock made it.
        # One statement, so two writers at once (CLI and dashboard on PostgreSQL) both count.
        store.backend.execute(
            """INSERT INTO settings VALUES (?, '1') ON CONFLICT (key)
            DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS VARCHAR)""",
            (USERS_REVISION,),
        )


def find_user(store: Store, name: str) -> StoredUser | None:
    rows = store.backend.query("SELECT name, password_hash, role, scope FROM users WHERE name = ?", (name,))
    if not rows:
        return None
    name, digest, role, scope = rows[0]
    return StoredUser(name, digest, role, tuple(s for s in scope.split(",") if s))


def list_users(store: Store) -> list[StoredUser]:
    rows = store.backend.query("SELECT name FROM users ORDER BY name")
    return [user for row in rows if (user := find_user(store, row[0])) is not None]


def setting(store: Store, key: str) -> str | None:
    rows = store.backend.query("SELECT value FROM settings WHERE key = ?", (key,))
    return str(rows[0][0]) if rows else None


def session_secret(store: Store) -> str:
    """The key that signs session cookies: made once per store, so restarts keep users logged in."""
    secret = setting(store, "session_secret")
    if secret is None:
        secret = secrets.token_urlsafe(32)
        store.backend.execute("INSERT INTO settings VALUES (?, ?)", ("session_secret", secret))
    return secret
