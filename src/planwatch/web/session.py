"""Who is asking: the session cookie's user, checked on every page, and the CSRF token every write must send.

Sessions are signed cookies (HttpOnly, SameSite=Lax; Secure with ``--secure-cookies``
behind HTTPS) holding the user's name, a stamp of the account and a CSRF token;
every form and every API write must send the token back (hidden field
``csrf_token`` or header ``X-CSRF-Token``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from planwatch import limits
from planwatch.errors import PlanwatchError
from planwatch.service.accounts import User, user
from planwatch.store.sessions import end_session, find_session, touch_session
from planwatch.web.shared import SharedStore

ENDED = {
    "logout": "已退出登录",
    "revoked": "会话已被管理员注销",
    "changed": "账号的密码或权限已更改",
    "expired": "登录已超时",
}
"""Why a session ended, as the user is told."""


class LoginRequired(PlanwatchError):
    """No valid session: HTML pages send the browser to the login page, the API answers 401."""


class CsrfFailed(PlanwatchError):
    """A write without the session's CSRF token."""


def shared_store(request: Request) -> SharedStore:
    found: SharedStore = request.app.state.shared
    return found


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


def _session_ended(request: Request, message: str) -> LoginRequired:
    request.session.clear()
    return LoginRequired(message)


def current_user(request: Request) -> User:
    """The user of the request's session, if the session is still open (not logged out, revoked or expired)."""
    name = request.session.get("user")
    session_id = request.session.get("sid")
    if not name or not session_id:
        raise LoginRequired("请先登录。")
    shared = shared_store(request)
    held = shared.read(("session", session_id), lambda store: find_session(store, session_id))
    if held is None or held.ended_at is not None or held.user_name != name:
        why = ENDED.get(held.ended_reason or "", "会话已结束") if held is not None else "会话已结束"
        raise _session_ended(request, f"{why}，请重新登录。")
    now = shared.store.now()
    last = max(held.last_seen, shared.activity.get(session_id, held.last_seen))
    idle = timedelta(minutes=limits.value("session_idle_minutes"))
    if now - held.created_at > timedelta(hours=limits.value("session_hours")) or now - last > idle:
        with shared.lock:
            end_session(shared.store, session_id, "expired", now)
        shared.changed()
        raise _session_ended(request, "登录已超时，请重新登录。")
    shared.activity[session_id] = now
    if now - held.last_seen > idle / 4:  # kept in the store now and then, for another process to see
        with shared.lock:
            touch_session(shared.store, session_id, now)
    found = shared.read(("user", name), lambda store: user(store, name))
    if found is None:
        raise _session_ended(request, "账号已不存在，请重新登录。")
    if request.session.get("stamp") != found.stamp:
        raise _session_ended(request, "账号的密码或权限已更改，请重新登录。")
    return found


async def check_csrf(request: Request) -> None:
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise CsrfFailed("表单已过期或来源不明（CSRF 校验未通过）：请刷新页面后重试。")


CurrentUser = Annotated[User, Depends(current_user)]
Csrf = Depends(check_csrf)
