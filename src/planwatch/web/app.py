"""The dashboard: one FastAPI app over one open store — pages and their JSON twins, logins, uploads, reports.

What each page shows is ``web.pages``; how a page becomes its HTML, ``/api/``
and ``/export/`` routes is ``web.registry``; sessions and CSRF are
``web.session``; the rest are routers of their own.  Nothing is loaded from
outside: ECharts is served from ``/static/vendor``, copied there from the npm
registry by ``make env``.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from planwatch.errors import PlanwatchError
from planwatch.service.accounts import user
from planwatch.store.database import Store
from planwatch.store.users import session_secret
from planwatch.web.access import Forbidden, LoginThrottle
from planwatch.web.html import HERE, render, templates
from planwatch.web.registry import register_pages
from planwatch.web.routers import auth, ledgers, reports, uploads, versions
from planwatch.web.session import CsrfFailed, LoginRequired
from planwatch.web.shared import NotFound, SharedStore

SESSION_HOURS = 8
ECHARTS = HERE / "static" / "vendor" / "echarts.min.js"
SWAGGER = HERE / "static" / "vendor" / "swagger-ui" / "swagger-ui-bundle.js"
API_DOCS = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>planwatch 驾驶舱 API 文档</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""
"""Swagger UI from the package's own files (npm's swagger-ui-dist, copied by make env), started by a script
of its own: the pages' Content-Security-Policy allows no inline script and nothing from outside."""
CONTENT_SECURITY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, message: str) -> Response:
    folder = str(request.app.state.upload_dir)
    message = message.replace(folder + "/", "").replace(folder, "")  # never show the server's upload folder
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    shared: SharedStore = request.app.state.shared
    who = None
    name = request.session.get("user")
    if name:
        with shared.lock:
            who = user(shared.store, name)
    return render(request, "error.html", who, {"status": status, "message": message}, "", status)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    for error, status in ((NotFound, 404), (Forbidden, 403), (CsrfFailed, 403), (PlanwatchError, 400)):
        app.add_exception_handler(error, _answer(status))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        """A path no page answers, a method not allowed: the dashboard's own page, in words (JSON under /api/)."""
        words = {404: "没有这个页面：请从菜单进入。", 405: "不能这样访问这个地址：请从页面上的按钮或链接进入。"}
        message = words.get(error.status_code, str(error.detail))
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=error.status_code, headers=error.headers)
        return _error_page(request, error.status_code, message)


def _answer(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
    """An exception handler answering with ``status`` and the error's own message."""

    async def handler(request: Request, error: Exception) -> Response:
        return _error_page(request, status, str(error))

    return handler


def create_app(store: Store, as_of: date | None = None, secure_cookies: bool = False) -> FastAPI:
    """The dashboard over one open store.  ``as_of`` fixes the default knowledge date (the demo's)."""
    for asset in (ECHARTS, SWAGGER):
        if not asset.exists():
            raise PlanwatchError(
                f"缺少 {asset}：请先运行 make env（从 npm 安装 ECharts 和 Swagger UI 并复制到 static/vendor）。"
            )
    shared = SharedStore(store, as_of)
    with shared.lock, store.backend.transaction():
        secret = session_secret(store)
    pending = uploads.Uploads(Path(tempfile.mkdtemp(prefix="planwatch-uploads-")))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pending.close()  # pending uploads do not outlive the server (the folder is made again if it restarts)

    app = FastAPI(
        title="planwatch 驾驶舱 API",
        description="规划实施监测驾驶舱的 JSON 接口：每个网页都有同样数据的 /api/ 版本。登录后凭会话 Cookie 访问。",
        version="1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="planwatch_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.shared = shared
    app.state.templates = templates()
    app.state.throttle = LoginThrottle()
    app.state.uploads = pending
    app.state.upload_dir = pending.folder

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS)

    _handle_errors(app)
    app.include_router(auth.router)
    register_pages(app)
    app.include_router(reports.router)
    app.include_router(uploads.router)
    app.include_router(ledgers.router)
    app.include_router(versions.router)
    return app
