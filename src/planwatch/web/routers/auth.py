"""Logging in and out.  Repeated failures pause an account or an address (``access.LoginThrottle``)."""

from __future__ import annotations

import secrets
import time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.service.accounts import MAX_NAME, check_password
from planwatch.store.log import record
from planwatch.store.sessions import end_session, start_session
from planwatch.store.users import find_user
from planwatch.web.access import LoginThrottle
from planwatch.web.html import render
from planwatch.web.session import Csrf, shared_store

router = APIRouter(include_in_schema=False)


def safe_next(target: str) -> str:
    """Only a local path: a login link must not send the user to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _failed(request: Request, next: str, message: str, status: int) -> Response:
    return render(request, "login.html", None, {"next": safe_next(next), "error": message}, "login", status)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", None, {"next": safe_next(next), "error": None}, "login")


@router.post("/login", response_class=HTMLResponse, dependencies=[Csrf])
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    shared = shared_store(request)
    throttle: LoginThrottle = request.app.state.throttle
    name = username.strip()
    address = request.client.host if request.client else ""
    if not name or len(name) > MAX_NAME:
        return _failed(request, next, "用户名或密码不正确。", 401)
    with throttle.account(name):  # one login of an account at a time: each sees the failures before it
        with shared.lock:
            refusal = throttle.refusal(name, address, time.monotonic())
            stored = None if refusal else find_user(shared.store, name)
        if refusal:
            return _failed(request, next, refusal, 429)
        found = check_password(stored, password)
        with shared.lock:
            if found is None:
                throttle.failed(name, address, time.monotonic())
            else:
                throttle.succeeded(name, address)
    if found is None:
        return _failed(request, next, "用户名或密码不正确。", 401)
    with shared.lock:
        now = shared.store.now()
        session_id = start_session(shared.store, found.name, now)
        record(shared.store, found.name, "login", found.name, now, detail=address or None)
    request.session.clear()  # a new session on login: no fixation
    request.session["sid"] = session_id
    request.session["user"] = found.name
    request.session["stamp"] = found.stamp
    request.session["csrf"] = secrets.token_urlsafe(24)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    session_id = request.session.get("sid")
    if session_id:
        shared = shared_store(request)
        with shared.lock:
            end_session(shared.store, session_id, "logout", shared.store.now())
        shared.changed()
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=301)
