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

from planwatch.report.blocks import Table
from planwatch.service.accounts import User
from planwatch.web import export, models, pages
from planwatch.web.html import render
from planwatch.web.memory import Mode, recall
from planwatch.web.pages import assess
from planwatch.web.pages.versions import diff_tables
from planwatch.web.session import CurrentUser, shared_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    name: str
    """What the workbook holds, in its file name (规划名-指标.xlsx)."""
    tables: Callable[[Any], list[Table]]


@dataclass(frozen=True)
class Page:
    """A page: its function, its path under /api/, what the API docs say of it, and what else it has.

    The HTML page lives at the same path (the overview at ``/``); its template is
    named after the function (``indicators.html``) and it lights up the menu item
    of its path's first part.
    """

    build: Callable[..., BaseModel]
    path: str
    """Under /api/ (and /export/): ``/indicators/{plan_id}/{number}``."""
    summary: str
    tag: str
    html: bool = True
    """False for data that has no page of its own (the current user, the plan list)."""
    export: Export | None = None
    redirect: Callable[[User], str | None] | None = None
    """Where a user is sent instead of this page (an enterprise user lands on its own profile)."""

    @property
    def html_path(self) -> str:
        return "/" if self.path == "/overview" else self.path

    @property
    def template(self) -> str:
        return f"{self.build.__name__}.html"

    @property
    def nav(self) -> str:
        return self.path.split("/")[1]


def _enterprise_home(user: User) -> str | None:
    return f"/enterprises/{user.scope[0]}" if user.role == "enterprise" and user.scope else None


def _own_checkup(user: User) -> str | None:
    return f"/mujun/{user.scope[0]}" if user.role == "enterprise" and user.scope else None


PLAN, ORGS, LEDGERS, ASSESS = "规划", "园区与企业", "台账", "企业评价"
SYSTEM = "指标体系"
PAGES: tuple[Page, ...] = (
    Page(pages.me, "/me", "当前用户", "账号", html=False),
    Page(pages.plans, "/plans", "库中的规划", PLAN, html=False),
    Page(pages.overview, "/overview", "总览（驾驶舱）：指标卡（累计、同比、目标、达标概率）、将无法完成的目标、园区和企业排名、催报；可限定到一个园区", PLAN, redirect=_enterprise_home),
    Page(pages.indicators, "/indicators", "指标列表（可按状态、类别、名称筛选）", PLAN, export=Export("指标", export.indicators)),
    Page(pages.indicator, "/indicators/{plan_id}/{number}", "指标详情：实际值、目标路径、预测区间、出处、原始数据", PLAN),
    Page(pages.parks, "/parks", "园区：产值与目标、企业、用地和亩均", ORGS, export=Export("园区", export.parks)),
    Page(pages.enterprises, "/enterprises", "企业名录（只含当前用户可见的企业）", ORGS, export=Export("企业名录", export.enterprises)),
    Page(pages.enterprise, "/enterprises/{code}", "企业档案：标签、各月数据", ORGS, export=Export("企业档案", export.enterprise)),
    Page(pages.projects, "/projects", "规划项目清单（按规划所列）", PLAN, export=Export("项目", export.projects)),
    Page(pages.audit, "/audit", "规划体检：审查发现及其原文", PLAN, export=Export("规划体检", export.audit)),
    Page(pages.filings, "/filings", "报送情况：应报月份谁已报、谁未报（催报名单，含联系人）", ORGS, export=Export("催报名单", export.filings)),
    Page(pages.log, "/log", "操作日志（仅县级管理员）", "管理", export=Export("操作日志", export.log)),
    # 台账 (issue 15): web/pages/ledgers.py
    Page(pages.ledger, "/ledger", "项目台账：各项目状态和投资，开工率、投产率、投资完成率，滞后项目", LEDGERS, export=Export("项目台账", export.ledger)),
    Page(pages.ledger_project, "/ledger/{plan_id}/{project_id}", "台账项目：现状、各月填报（含更正）和填报表单", LEDGERS),
    Page(pages.chains, "/chains", "产业链图谱：各环节的企业和项目、招商缺口（补链、延链、强链）", LEDGERS, export=Export("产业链", export.chains)),
    Page(pages.attraction, "/attraction", "招商引资台账：签约项目、签约→落地→开工→投产、招商目标", LEDGERS, export=Export("招商引资", export.attraction)),
    Page(pages.funds, "/funds", "专项资金台账：支持记录、分类汇总、支持前后对比", LEDGERS, export=Export("专项资金", export.funds)),
    Page(pages.mujun, "/mujun", "亩均评价：分类分布、亩均税收与亩均增加值、排名（企业用户只见本企业）", ASSESS, export=Export("亩均评价", assess.mujun_tables), redirect=_own_checkup),
    Page(pages.checkup, "/mujun/{code}", "亩均体检：各项指标与基准、升一类各项需达到的水平", ASSESS, export=Export("亩均体检", assess.checkup_tables)),
    Page(pages.tiers, "/tiers", "梯度培育：各层级已认定、已达到、接近、差距较大，培育库和小升规", ASSESS, export=Export("梯度培育", assess.tiers_tables)),
    Page(pages.energy, "/energy", "能耗与碳排放：规上能耗强度与约束性目标、分园区分品种、二氧化碳", ASSESS, export=Export("能耗与碳排放", assess.energy_tables)),
    # 指标体系确认 (issue 12): web/pages/versions.py, its forms in web/routers/versions.py
    Page(pages.plan_versions, "/versions", "指标体系：各规划的现行版本、待确认的修改", SYSTEM),
    Page(pages.history, "/versions/{plan_id}", "版本历史：各版本的生效日期、确认人、理由和修改内容", SYSTEM),
    Page(pages.review, "/review/{plan_id}", "指标体系确认（仅县级管理员）：原文与识别结果对照，修改、确认", SYSTEM),
    Page(pages.diff, "/diff", "规划比较：两个版本或两个规划的目标增删、调高调低、年份和属性调整", SYSTEM, export=Export("规划比较", diff_tables)),
)  # fmt: skip


def _owner(data: BaseModel) -> str | None:
    """Whose figures a workbook holds: the plan's title (with the park a page is scoped to), or the enterprise's name."""
    if isinstance(data, models.DiffPage):
        return f"{data.diff.a.title or data.a}与{data.diff.b.title or data.b}"
    if isinstance(data, models.PlanPage | models.EvaluatedPage):
        scope = getattr(data, "scope", None)
        park = scope.park if isinstance(scope, models.Scope) else None
        return f"{data.plan.title}（{park}）" if park else data.plan.title
    return getattr(data, "name", None)


Respond = Callable[[Request, User, BaseModel], Any]
"""What a route does with the page's data: return it (API), render it (HTML) or write it to a workbook (export)."""


def _api(page: Page) -> Respond:
    return lambda request, who, data: data


def _html(page: Page) -> Respond:
    return lambda request, who, data: render(request, page.template, who, data, page.nav)


def _workbook(page: Page) -> Respond:
    made = page.export
    assert made is not None

    def respond(request: Request, who: User, data: BaseModel) -> Response:
        name = export.file_name(made.name, _owner(data))
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
        return Response(export.excel(made.tables(data), name), media_type=XLSX, headers=headers)

    return respond


def _endpoint(
    page: Page, respond: Respond, mode: Mode, parameters: list[inspect.Parameter], returns: object
) -> Callable[..., Any]:
    """``endpoint(request, who, **parameters)``: the page's data, then ``respond``; its signature is what FastAPI reads.

    The plan, dates and park a user chose are filled in from the session (``web.memory``).
    """

    def endpoint(request: Request, who: User, **arguments: Any) -> Any:
        target = page.redirect(who) if mode == "html" and page.redirect else None
        if target:
            return RedirectResponse(target, status_code=303)
        shared = shared_store(request)
        recall(request, who, shared, arguments, mode)
        return respond(request, who, page.build(shared, who, **arguments))

    fixed = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("who", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentUser),
    ]
    endpoint.__signature__ = inspect.Signature([*fixed, *parameters], return_annotation=returns)  # type: ignore[attr-defined]  # read by FastAPI
    return endpoint


def register(app: FastAPI, page: Page) -> None:
    """The page's routes: ``/api/…`` (JSON, with its schema), its HTML page and its ``/export/…`` workbook."""
    hints = get_type_hints(page.build, include_extras=True)
    model = hints["return"]
    parameters = [
        p.replace(annotation=hints[p.name], kind=inspect.Parameter.KEYWORD_ONLY)
        for p in list(inspect.signature(page.build).parameters.values())[2:]
    ]
    routes: list[tuple[str, Respond, Mode, dict[str, Any]]] = [
        (
            f"/api{page.path}",
            _api(page),
            "api",
            {"response_model": model, "summary": page.summary, "tags": [page.tag]},
        )
    ]
    if page.html:
        routes.append(
            (page.html_path, _html(page), "html", {"response_class": HTMLResponse, "include_in_schema": False})
        )
    if page.export is not None:
        options: dict[str, Any] = {"summary": f"导出：{page.summary}（Excel）", "tags": ["导出"]}
        routes.append((f"/export{page.path}", _workbook(page), "export", options))
    for path, respond, mode, options in routes:
        returns = model if path.startswith("/api") else Response
        app.get(path, **options)(_endpoint(page, respond, mode, parameters, returns))


def register_pages(app: FastAPI) -> None:
    for page in PAGES:
        register(app, page)
