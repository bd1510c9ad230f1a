"""Who is asking: the session cookie's user, checked on every page, and the CSRF token every write must send.

Sessions are signed cookies (HttpOnly, SameSite=Lax; Secure with ``--secure-cookies``
behind HTTPS) holding the user's name, a stamp of the account and a CSRF token;
every form and every API write must send the token back (hidden field
``csrf_token`` or header ``X-CSRF-Token``).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from planwatch.errors import PlanwatchError
from planwatch.service.accounts import User, user
from planwatch.web.shared import SharedStore


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


def current_user(request: Request) -> User:
    name = request.session.get("user")
    if not name:
        raise LoginRequired("请先登录。")
    shared = shared_store(request)
    found = shared.read(("user", name), lambda store: user(store, name))
    if found is None:
        request.session.clear()
        raise LoginRequired("账号已不存在，请重新登录。")
    if request.session.get("stamp") != found.stamp:
        request.session.clear()
        raise LoginRequired("账号的密码或权限已更改，请重新登录。")
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
