"""One registration per page: its HTML route, its ``/api/`` twin (with the response schema) and its Excel export.

A page is a function of ``web.pages`` — ``(shared, user, **parameters) -> Model`` —
plus where it lives.  The function's own parameters (with their ``Query``
descriptions) become the routes' parameters, its return type the API's
response schema, so the three routes cannot drift apart.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_type_hints
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from planwatch.report.content import Table
from planwatch.service.accounts import User
from planwatch.web import export, models, pages
from planwatch.web.html import render
from planwatch.web.session import CurrentUser, shared_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    name: str
    """What the workbook holds, in its file name (规划名-指标.xlsx)."""
    tables: Callable[[Any], list[Table]]


@dataclass(frozen=True)
class Page:
    build: Callable[..., BaseModel]
    api_path: str
    """Under /api/ (and /export/): ``/indicators/{plan_id}/{number}``."""
    summary: str
    tag: str
    html_path: str | None = None
    """None for data that has no page of its own (the current user, the plan list)."""
    template: str = ""
    nav: str = ""
    """Which menu item the page lights up."""
    export: Export | None = None
    redirect: Callable[[User], str | None] | None = None
    """Where a user is sent instead of this page (an enterprise user lands on its own profile)."""


def _enterprise_home(user: User) -> str | None:
    return f"/enterprises/{user.scope[0]}" if user.role == "enterprise" and user.scope else None


PAGES: tuple[Page, ...] = (
    Page(pages.me, "/me", "当前用户", "账号"),
    Page(pages.plans, "/plans", "库中的规划", "规划"),
    Page(
        pages.overview,
        "/overview",
        "总览：状态统计、需关注目标、关键指标",
        "规划",
        html_path="/",
        template="overview.html",
        nav="overview",
        redirect=_enterprise_home,
    ),
    Page(
        pages.indicators,
        "/indicators",
        "指标列表（可按状态、类别、名称筛选）",
        "规划",
        html_path="/indicators",
        template="indicators.html",
        nav="indicators",
        export=Export("指标", export.indicators),
    ),
    Page(
        pages.indicator,
        "/indicators/{plan_id}/{number}",
        "指标详情：实际值、目标路径、预测区间、出处、原始数据",
        "规划",
        html_path="/indicators/{plan_id}/{number}",
        template="indicator.html",
        nav="indicators",
    ),
    Page(
        pages.parks,
        "/parks",
        "园区：产值与目标、企业、用地和亩均",
        "园区与企业",
        html_path="/parks",
        template="parks.html",
        nav="parks",
        export=Export("园区", export.parks),
    ),
    Page(
        pages.enterprises,
        "/enterprises",
        "企业名录（只含当前用户可见的企业）",
        "园区与企业",
        html_path="/enterprises",
        template="enterprises.html",
        nav="enterprises",
        export=Export("企业名录", export.enterprises),
    ),
    Page(
        pages.enterprise,
        "/enterprises/{code}",
        "企业档案：标签、各月数据",
        "园区与企业",
        html_path="/enterprises/{code}",
        template="enterprise.html",
        nav="enterprises",
        export=Export("企业档案", export.enterprise),
    ),
    Page(
        pages.projects,
        "/projects",
        "规划项目清单（按规划所列）",
        "规划",
        html_path="/projects",
        template="projects.html",
        nav="projects",
        export=Export("项目", export.projects),
    ),
    Page(
        pages.audit,
        "/audit",
        "规划体检：审查发现及其原文",
        "规划",
        html_path="/audit",
        template="audit.html",
        nav="audit",
        export=Export("规划体检", export.audit),
    ),
)


def _owner(data: BaseModel) -> str | None:
    """Whose figures a workbook holds: the plan's title, or the enterprise's name."""
    if isinstance(data, models.PlanPage | models.EvaluatedPage):
        return data.plan.title
    return getattr(data, "name", None)


def _route(endpoint: Callable[..., Any], parameters: list[inspect.Parameter], returns: object) -> Callable[..., Any]:
    """``endpoint(request, who, **parameters)`` with a signature FastAPI reads: the page's own parameters."""
    fixed = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("who", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentUser),
    ]
    endpoint.__signature__ = inspect.Signature([*fixed, *parameters], return_annotation=returns)  # type: ignore[attr-defined]  # read by FastAPI
    return endpoint


def register(app: FastAPI, page: Page) -> None:
    hints = get_type_hints(page.build, include_extras=True)
    model = hints["return"]
    parameters = [
        p.replace(annotation=hints[p.name], kind=inspect.Parameter.KEYWORD_ONLY)
        for p in list(inspect.signature(page.build).parameters.values())[2:]
    ]

    def build(request: Request, who: User, arguments: dict[str, Any]) -> BaseModel:
        return page.build(shared_store(request), who, **arguments)

    def api(request: Request, who: User, **arguments: Any) -> BaseModel:
        return build(request, who, arguments)

    app.get(f"/api{page.api_path}", response_model=model, summary=page.summary, tags=[page.tag])(
        _route(api, parameters, model)
    )
    if page.html_path is not None:

        def html(request: Request, who: User, **arguments: Any) -> Response:
            target = page.redirect(who) if page.redirect else None
            if target:
                return RedirectResponse(target, status_code=303)
            return render(request, page.template, who, build(request, who, arguments), page.nav)

        app.get(page.html_path, response_class=HTMLResponse, include_in_schema=False)(
            _route(html, parameters, Response)
        )
    if page.export is not None:
        made = page.export

        def workbook(request: Request, who: User, **arguments: Any) -> Response:
            data = build(request, who, arguments)
            name = export.file_name(made.name, _owner(data))
            headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
            return Response(export.excel(made.tables(data), name), media_type=XLSX, headers=headers)

        app.get(f"/export{page.api_path}", summary=f"导出：{page.summary}（Excel）", tags=["导出"])(
            _route(workbook, parameters, Response)
        )


def register_pages(app: FastAPI) -> None:
    for page in PAGES:
        register(app, page)
