"""The dashboard's routes: each HTML page and its ``/api/`` JSON twin call the same page function.

Sessions are signed cookies (HttpOnly, SameSite=Lax; Secure with ``--secure-cookies``
behind HTTPS) holding the user's name and a CSRF token; every form and every
API write must send the token back (hidden field ``csrf_token`` or header
``X-CSRF-Token``).  Nothing is loaded from outside: ECharts is served from
``/static/vendor``, copied there from the npm registry by ``make env``.
"""

# No `from __future__ import annotations`: FastAPI resolves the route annotations defined inside create_app.

import json
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask
from starlette.middleware.sessions import SessionMiddleware

from planwatch.errors import PlanwatchError
from planwatch.importing.load import ImportResult, Scope, import_file
from planwatch.importing.template import write_template
from planwatch.periods import reporting_month
from planwatch.report.content import number, percent, quantity
from planwatch.store.database import Store
from planwatch.store.users import find_user, session_secret
from planwatch.terminal import import_summary
from planwatch.web import export, pages
from planwatch.web.access import MAX_NAME, Forbidden, LoginThrottle, User, check_password, user, visible_orgs
from planwatch.web.site import NotFound, Site

HERE = Path(__file__).parent
SESSION_HOURS = 8
UPLOAD_SUFFIXES = {".xlsx", ".csv"}
MAX_PROBLEMS = 500
"""Problems listed on the page; the 问题清单.xlsx has them all."""
MAX_UPLOAD = 50 * 1024 * 1024
UPLOAD_HOURS = 2.0
"""How long an upload waits for 确认写入 (and its 问题清单 stays downloadable) before its files are removed."""
ECHARTS = HERE / "static" / "vendor" / "echarts.min.js"


class LoginRequired(PlanwatchError):
    """No valid session: HTML pages send the browser to the login page, the API answers 401."""


class CsrfFailed(PlanwatchError):
    """A write without the session's CSRF token."""


@dataclass
class Upload:
    path: Path
    user: str
    revise: bool
    result: ImportResult
    created: float = field(default_factory=time.monotonic)
    done: bool = False
    """Written: the 问题清单 can still be downloaded, the upload cannot be written twice."""


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(store: Store, as_of: date | None = None, secure_cookies: bool = False) -> FastAPI:
    """The dashboard over one open store.  ``as_of`` fixes the default evaluation date (the demo's)."""
    if not ECHARTS.exists():
        raise PlanwatchError(f"缺少 {ECHARTS}：请先运行 make env（从 npm 安装 ECharts 并复制到 static/vendor）。")
    site = Site(store, as_of)
    with site.lock, store.backend.transaction():
        secret = session_secret(store)
    throttle = LoginThrottle()
    uploads: dict[str, Upload] = {}
    upload_dir = Path(tempfile.mkdtemp(prefix="planwatch-uploads-"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        uploads.clear()  # pending uploads do not outlive the server (the folder is made again if it restarts)
        shutil.rmtree(upload_dir, ignore_errors=True)

    app = FastAPI(
        title="planwatch 驾驶舱 API",
        description="规划实施监测驾驶舱的 JSON 接口：每个网页都有同样数据的 /api/ 版本。登录后凭会话 Cookie 访问。",
        version="1.0",
        docs_url="/api/docs",
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
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["number"] = number
    templates.env.filters["percent"] = percent
    templates.env.filters["quantity"] = quantity
    templates.env.filters["tojson_safe"] = lambda value: json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    app.state.site = site
    app.state.upload_dir = upload_dir

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

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
        found = site.cached(("user", name), lambda: user(store, name))
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
    PlanKey = Annotated[str | None, Query(alias="plan", description="规划编号（默认第一个规划）")]
    AsOf = Annotated[str | None, Query(description="评估时点 YYYY-MM-DD（默认今天或演示时点）")]

    def render(request: Request, template: str, who: User | None, data: dict[str, Any], active: str) -> HTMLResponse:
        context = {
            "request": request,
            "user": who,
            "data": data,
            "active": active,
            "csrf": csrf_token(request),
            "query": dict(request.query_params),
        }
        return templates.TemplateResponse(request, template, context)

    # --- errors ---------------------------------------------------------------------------------

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    def error_page(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        who = None
        name = request.session.get("user")
        if name:
            with site.lock:
                who = user(store, name)
        context = {"request": request, "user": who, "data": {"status": status, "message": message}, "active": ""}
        context["csrf"] = csrf_token(request)
        context["query"] = {}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_page(request, 404, str(error))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return error_page(request, 403, str(error))

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, error: CsrfFailed) -> Response:
        return error_page(request, 403, str(error))

    @app.exception_handler(PlanwatchError)
    async def planwatch_error(request: Request, error: PlanwatchError) -> Response:
        return error_page(request, 400, str(error))

    # --- login ----------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return render(request, "login.html", None, {"next": _safe_next(next), "error": None}, "login")

    @app.post("/login", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
    def login(
        request: Request,
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        name = username.strip()
        address = request.client.host if request.client else ""
        if not name or len(name) > MAX_NAME:
            return login_failed(request, next, "用户名或密码不正确。", 401)
        with throttle.account(name):  # one login of an account at a time: each sees the failures before it
            with site.lock:
                refusal = throttle.refusal(name, address, time.monotonic())
                stored = None if refusal else find_user(store, name)
            if refusal:
                return login_failed(request, next, refusal, 429)
            found = check_password(stored, password)
            with site.lock:
                if found is None:
                    throttle.failed(name, address, time.monotonic())
                else:
                    throttle.succeeded(name, address)
        if found is None:
            return login_failed(request, next, "用户名或密码不正确。", 401)
        request.session.clear()  # a new session on login: no fixation
        request.session["user"] = found.name
        request.session["stamp"] = found.stamp
        request.session["csrf"] = secrets.token_urlsafe(24)
        return RedirectResponse(_safe_next(next), status_code=303)

    def login_failed(request: Request, next: str, message: str, status: int) -> Response:
        response = render(request, "login.html", None, {"next": _safe_next(next), "error": message}, "login")
        response.status_code = status
        return response

    @app.post("/logout", include_in_schema=False, dependencies=[Csrf])
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/api/me", summary="当前用户", tags=["账号"])
    def api_me(who: CurrentUser) -> dict[str, Any]:
        return pages.me(who)

    # --- pages and their JSON twins -------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, who: CurrentUser, plan: PlanKey = None, as_of: AsOf = None) -> Response:
        if who.role == "enterprise":
            return RedirectResponse(f"/enterprises/{who.scope[0]}", status_code=303)
        return render(request, "overview.html", who, pages.overview(site, who, plan, as_of), "overview")

    @app.get("/api/overview", summary="总览：状态统计、需关注目标、关键指标", tags=["规划"])
    def api_overview(who: CurrentUser, plan: PlanKey = None, as_of: AsOf = None) -> dict[str, Any]:
        return pages.overview(site, who, plan, as_of)

    @app.get("/api/plans", summary="库中的规划", tags=["规划"])
    def api_plans(who: CurrentUser) -> dict[str, Any]:
        return pages.plans(site, who)

    @app.get("/indicators", response_class=HTMLResponse, include_in_schema=False)
    def indicators_page(
        request: Request,
        who: CurrentUser,
        plan: PlanKey = None,
        as_of: AsOf = None,
        status: str | None = None,
        category: str | None = None,
        q: str | None = None,
    ) -> HTMLResponse:
        data = pages.indicators(site, who, plan, as_of, status or None, category or None, q or None)
        return render(request, "indicators.html", who, data, "indicators")

    @app.get("/api/indicators", summary="指标列表（可按状态、类别、名称筛选）", tags=["规划"])
    def api_indicators(
        who: CurrentUser,
        plan: PlanKey = None,
        as_of: AsOf = None,
        status: Annotated[str | None, Query(description="状态，如 进展缓慢")] = None,
        category: Annotated[str | None, Query(description="指标类别")] = None,
        q: Annotated[str | None, Query(description="名称包含的文字")] = None,
    ) -> dict[str, Any]:
        return pages.indicators(site, who, plan, as_of, status or None, category or None, q or None)

    @app.get("/indicators/{plan_id}/{number}", response_class=HTMLResponse, include_in_schema=False)
    def indicator_page(request: Request, who: CurrentUser, plan_id: str, number: int, as_of: AsOf = None) -> Response:
        return render(request, "indicator.html", who, pages.indicator(site, who, plan_id, number, as_of), "indicators")

    @app.get(
        "/api/indicators/{plan_id}/{number}",
        summary="指标详情：实际值、目标路径、预测区间、出处、原始数据",
        tags=["规划"],
    )
    def api_indicator(who: CurrentUser, plan_id: str, number: int, as_of: AsOf = None) -> dict[str, Any]:
        return pages.indicator(site, who, plan_id, number, as_of)

    @app.get("/parks", response_class=HTMLResponse, include_in_schema=False)
    def parks_page(request: Request, who: CurrentUser, plan: PlanKey = None, as_of: AsOf = None) -> HTMLResponse:
        return render(request, "parks.html", who, pages.parks(site, who, plan, as_of), "parks")

    @app.get("/api/parks", summary="园区：产值与目标、企业、用地和亩均", tags=["园区与企业"])
    def api_parks(who: CurrentUser, plan: PlanKey = None, as_of: AsOf = None) -> dict[str, Any]:
        return pages.parks(site, who, plan, as_of)

    @app.get("/enterprises", response_class=HTMLResponse, include_in_schema=False)
    def enterprises_page(
        request: Request, who: CurrentUser, q: str | None = None, park: str | None = None
    ) -> HTMLResponse:
        return render(
            request, "enterprises.html", who, pages.enterprises(site, who, q or None, park or None), "enterprises"
        )

    @app.get("/api/enterprises", summary="企业名录（只含当前用户可见的企业）", tags=["园区与企业"])
    def api_enterprises(
        who: CurrentUser,
        q: Annotated[str | None, Query(description="名称、代码或产业包含的文字")] = None,
        park: Annotated[str | None, Query(description="园区名称")] = None,
    ) -> dict[str, Any]:
        return pages.enterprises(site, who, q or None, park or None)

    @app.get("/enterprises/{code}", response_class=HTMLResponse, include_in_schema=False)
    def enterprise_page(request: Request, who: CurrentUser, code: str) -> HTMLResponse:
        return render(request, "enterprise.html", who, pages.enterprise(site, who, code), "enterprises")

    @app.get("/api/enterprises/{code}", summary="企业档案：标签、各月数据", tags=["园区与企业"])
    def api_enterprise(who: CurrentUser, code: str) -> dict[str, Any]:
        return pages.enterprise(site, who, code)

    @app.get("/projects", response_class=HTMLResponse, include_in_schema=False)
    def projects_page(request: Request, who: CurrentUser, plan: PlanKey = None) -> HTMLResponse:
        return render(request, "projects.html", who, pages.projects(site, who, plan), "projects")

    @app.get("/api/projects", summary="规划项目清单（按规划所列）", tags=["规划"])
    def api_projects(who: CurrentUser, plan: PlanKey = None) -> dict[str, Any]:
        return pages.projects(site, who, plan)

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, who: CurrentUser, plan: PlanKey = None) -> HTMLResponse:
        return render(request, "audit.html", who, pages.audit(site, who, plan), "audit")

    @app.get("/api/audit", summary="规划体检：审查发现及其原文", tags=["规划"])
    def api_audit(who: CurrentUser, plan: PlanKey = None) -> dict[str, Any]:
        return pages.audit(site, who, plan)

    # --- 导出 Excel: each page's tables, from the page's own function ------------------------------

    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def excel(page: str, data: dict[str, Any]) -> Response:
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(export.file_name(page, data))}"}
        return Response(export.excel(page, data), media_type=XLSX, headers=headers)

    @app.get("/export/indicators", summary="导出指标表（Excel，筛选同指标页）", tags=["导出"])
    def export_indicators(
        who: CurrentUser,
        plan: PlanKey = None,
        as_of: AsOf = None,
        status: Annotated[str | None, Query(description="状态，如 进展缓慢")] = None,
        category: Annotated[str | None, Query(description="指标类别")] = None,
        q: Annotated[str | None, Query(description="名称包含的文字")] = None,
    ) -> Response:
        data = pages.indicators(site, who, plan, as_of, status or None, category or None, q or None)
        return excel("indicators", data)

    @app.get("/export/parks", summary="导出园区表（Excel）", tags=["导出"])
    def export_parks(who: CurrentUser, plan: PlanKey = None, as_of: AsOf = None) -> Response:
        return excel("parks", pages.parks(site, who, plan, as_of))

    @app.get("/export/enterprises", summary="导出企业名录（Excel，只含当前用户可见的企业）", tags=["导出"])
    def export_enterprises(
        who: CurrentUser,
        q: Annotated[str | None, Query(description="名称、代码或产业包含的文字")] = None,
        park: Annotated[str | None, Query(description="园区名称")] = None,
    ) -> Response:
        return excel("enterprises", pages.enterprises(site, who, q or None, park or None))

    @app.get("/export/enterprises/{code}", summary="导出一家企业的各期数据（Excel）", tags=["导出"])
    def export_enterprise(who: CurrentUser, code: str) -> Response:
        return excel("enterprise", pages.enterprise(site, who, code))

    @app.get("/export/projects", summary="导出规划项目清单（Excel）", tags=["导出"])
    def export_projects(who: CurrentUser, plan: PlanKey = None) -> Response:
        return excel("projects", pages.projects(site, who, plan))

    @app.get("/export/audit", summary="导出规划体检发现（Excel）", tags=["导出"])
    def export_audit(who: CurrentUser, plan: PlanKey = None) -> Response:
        return excel("audit", pages.audit(site, who, plan))

    @app.get("/reports/{plan_id}", summary="下载规划实施评估报告（Word / Excel / 网页 / Markdown）", tags=["规划"])
    def report(
        who: CurrentUser,
        plan_id: str,
        as_of: AsOf = None,
        format: Annotated[Literal["docx", "xlsx", "html", "md"], Query(description="报告格式")] = "docx",
    ) -> Response:
        data = pages.report(site, who, plan_id, as_of, format)
        media = {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "html": "text/html; charset=utf-8",
            "md": "text/markdown; charset=utf-8",
        }[format]
        disposition = "inline" if format == "html" else "attachment"
        headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(data.name)}"}
        return Response(data.body, media_type=media, headers=headers)

    # --- import ---------------------------------------------------------------------------------

    def scope_of(who: User) -> Scope | None:
        if not who.imports:
            raise Forbidden("只读用户不能导入数据。")
        if who.role == "admin":
            return None
        orgs = site.orgs()
        allowed = visible_orgs(who, orgs) or set()
        codes = frozenset(o.code for o in orgs.values() if o.id in allowed and o.kind == "enterprise")
        parks = frozenset(o.name for o in orgs.values() if o.id in allowed and o.kind == "park")
        return Scope(f"{who.role_zh}“{who.name}”", codes, parks)

    def sweep(now: float) -> None:
        """Forget uploads older than UPLOAD_HOURS and remove their files."""
        with site.lock:
            old = [token for token, pending in uploads.items() if now - pending.created > UPLOAD_HOURS * 3600]
            for token in old:
                shutil.rmtree(uploads.pop(token).path.parent, ignore_errors=True)

    def check_upload(who: User, upload: UploadFile) -> Path:
        sweep(time.monotonic())
        name = Path(upload.filename or "upload").name
        if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise PlanwatchError(f"“{name}”不是 .xlsx 或 .csv 文件：请上传 Excel 工作簿或 CSV 文件。")
        folder = upload_dir / secrets.token_hex(8)
        folder.mkdir(parents=True)
        path = folder / name
        with path.open("wb") as handle:
            shutil.copyfileobj(upload.file, handle, length=1024 * 1024)
        if path.stat().st_size > MAX_UPLOAD:
            shutil.rmtree(folder, ignore_errors=True)
            raise PlanwatchError(f"“{name}”超过 {MAX_UPLOAD // 1024 // 1024} MB：请拆分后分批导入。")
        return path

    def run_import(who: User, path: Path, dry_run: bool, revise: bool) -> ImportResult:
        scope = scope_of(who)
        with site.lock:
            return import_file(
                store, path, dry_run=dry_run, revise=revise, scope=scope, report=path.with_suffix(".问题清单.xlsx")
            )

    def import_data(result: ImportResult, token: str | None) -> dict[str, Any]:
        """The CLI's JSON summary of an import, with the upload's token and the 问题清单's URL, not its path."""
        summary = import_summary(result)
        problems: list[dict[str, object]] = summary["problems"]  # type: ignore[assignment]  # built as a list
        summary.update(
            token=token,
            errors=len(result.errors),
            warnings=len(result.problems) - len(result.errors),
            problems=problems[:MAX_PROBLEMS],
            report=f"/import/{token}/problems" if result.report and token else None,
        )
        return summary

    @app.get("/import", response_class=HTMLResponse, include_in_schema=False)
    def import_page(request: Request, who: CurrentUser) -> HTMLResponse:
        scope_of(who)
        return render(request, "import.html", who, {"result": None}, "import")

    @app.post("/import", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
    def import_upload(
        request: Request, who: CurrentUser, file: Annotated[UploadFile, File()], revise: Annotated[bool, Form()] = False
    ) -> HTMLResponse:
        path = check_upload(who, file)
        result = run_import(who, path, dry_run=True, revise=revise)
        token = secrets.token_urlsafe(16)
        with site.lock:
            uploads[token] = Upload(path, who.name, revise, result)
        return render(request, "import.html", who, {"result": import_data(result, token)}, "import")

    @app.post("/import/confirm", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
    def import_confirm(request: Request, who: CurrentUser, token: Annotated[str, Form()]) -> HTMLResponse:
        with site.lock:  # checked and written under one lock: a double click imports once
            pending = uploads.get(token)
            if pending is None or pending.user != who.name or not pending.path.exists():
                raise NotFound(f"找不到这次上传（超过 {UPLOAD_HOURS:g} 小时未确认，或服务已重启）：请重新上传文件。")
            if pending.done:
                raise PlanwatchError("这次上传已经写入，不会重复导入：如需更正，请修改文件后重新上传。")
            result = run_import(who, pending.path, dry_run=False, revise=pending.revise)
            if result.committed:
                pending.done = True
                pending.result = result
        if result.committed:
            site.changed()
        return render(request, "import.html", who, {"result": import_data(result, token)}, "import")

    @app.get("/import/{token}/problems", include_in_schema=False)
    def import_problems(who: CurrentUser, token: str) -> Response:
        with site.lock:
            pending = uploads.get(token)
        report = pending.result.report if pending is not None and pending.user == who.name else None
        if report is None or not report.exists():
            raise NotFound("找不到这份问题清单：请重新上传文件。")
        return FileResponse(report, filename=report.name)

    @app.post("/api/import", summary="导入统计数据（先校验；dry_run=false 且无错误时写入）", tags=["数据导入"])
    def api_import(
        who: CurrentUser,
        file: Annotated[UploadFile, File(description=".xlsx 或 .csv")],
        dry_run: Annotated[bool, Query(description="只校验不写入")] = True,
        revise: Annotated[bool, Query(description="与已入库数值不同的视为更正")] = False,
        _: None = Csrf,
    ) -> dict[str, Any]:
        path = check_upload(who, file)
        try:
            result = run_import(who, path, dry_run=dry_run, revise=revise)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)  # the API answers with every problem; no file is kept
        if result.committed:
            site.changed()
        return import_data(result, None)

    @app.get(
        "/import/template",
        summary="下载企业填报模板（已列出当前用户范围内的企业和应报月份，企业只需填数）",
        tags=["数据导入"],
    )
    def template(who: CurrentUser) -> Response:
        scope_of(who)
        orgs = site.orgs()
        allowed = visible_orgs(who, orgs)
        mine = [o for o in orgs.values() if allowed is None or o.id in allowed]
        parks = sorted(o.name for o in mine if o.kind == "park")
        firms = sorted((o.code, o.name) for o in mine if o.kind == "enterprise")
        path = upload_dir / f"template-{secrets.token_hex(4)}" / "企业数据填报模板.xlsx"
        path.parent.mkdir(parents=True)
        write_template(path, parks=parks, enterprises=firms, period=str(reporting_month(site.as_of(None))))
        return FileResponse(path, filename=path.name, background=BackgroundTask(shutil.rmtree, path.parent, True))

    return app


def _safe_next(target: str) -> str:
    """Only a local path: a login link must not send the user to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
