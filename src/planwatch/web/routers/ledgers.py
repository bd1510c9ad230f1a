"""A project's monthly progress recorded on the web: the form on its ledger page, and the same as an API.

The form's fields are the columns of the 项目进展 sheet, checked by the same code as an imported
sheet (``importing/ledgers.py``: a row of one sheet) — unknown status, negative or missing
investment, 完成 above the total without a reason, a month in the future, a correction without
saying so — and written only when nothing is wrong.  Park users write their parks' projects,
admins any; viewers and enterprise users none (403), and every write needs the CSRF token.

What is written is known from the moment it is written, so the page it returns to is read as of
today (``as_of``), whatever the dashboard's default knowledge date.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch.importing.ledgers import KIND_ZH, LedgerHeader, check_sheets, find_ledger_header, write
from planwatch.importing.problem import Problem
from planwatch.importing.scope import Scope
from planwatch.importing.sheets import Sheet
from planwatch.service.accounts import User
from planwatch.store import log
from planwatch.web import models as m
from planwatch.web.access import Forbidden
from planwatch.web.html import render
from planwatch.web.pages.ledgers import ledger_project, may_edit, user_parks
from planwatch.web.session import Csrf, CurrentUser, shared_store
from planwatch.web.shared import SharedStore

router = APIRouter()
FORM_SHEET = "网页表单"
FIELDS = (
    ("id", "项目编号"),
    ("period", "报告期"),
    ("status", "项目状态"),
    ("annual", "年度计划投资（万元）"),
    ("completed", "累计完成投资（万元）"),
    ("responsible", "责任单位"),
    ("problems", "问题与需协调事项"),
    ("reason", "超总投资说明"),
)
"""Form field → the 项目进展 column it fills."""


def _field(problem: Problem) -> str | None:
    return next((name for name, header in FIELDS if header == problem.header), None)


def record(
    shared: SharedStore, who: User, plan_id: str, project_id: str, values: dict[str, str | None], revise: bool
) -> tuple[list[Problem], bool]:
    """Check one month of one project as a row of the 项目进展 sheet; write it when nothing is wrong."""
    plan = shared.plan(plan_id)
    parks = user_parks(shared, who)
    with shared.lock:
        page = ledger_project(shared, who, plan_id, project_id)  # 404 for an unknown project, 403 for another park's
        if not may_edit(who, page.project.park, parks):
            raise Forbidden(f"{who.role_zh}不能填报项目进展。")
        cells: list[object] = [project_id, *(values.get(name) or None for name, _ in FIELDS[1:])]
        sheet = Sheet(FORM_SHEET, KIND_ZH["projects"], [(1, ["规划", *(h for _, h in FIELDS)]), (2, [plan.id, *cells])])
        header = find_ledger_header(sheet)
        assert isinstance(header, LedgerHeader)
        scope = (
            None if who.role == "admin" else Scope(f"{who.role_zh}“{who.name}”", frozenset(), frozenset(parks or ()))
        )
        store = shared.store
        with store.backend.transaction():
            check = check_sheets(store, FORM_SHEET, [(sheet, header)], now=store.now(), scope=scope, revise=revise)
            errors = [p for p in check.problems if p.severity == "error"]
            written = not errors and bool(check.writes)
            if written:
                digest = hashlib.sha256(repr((plan_id, project_id, values)).encode()).hexdigest()
                write(check, FORM_SHEET, digest, KIND_ZH["projects"], f"{who.role_zh}“{who.name}”（网页填报）")
                action = "correct" if revise else "import"
                log.record(store, who.name, action, f"项目进展 {project_id}", store.now(), values.get("period"))
    if written:
        shared.changed()
    return check.problems, written


def _problems(problems: list[Problem]) -> list[m.FormProblem]:
    return [
        m.FormProblem(field=_field(p), value=p.value, reason=p.reason, fix=p.fix, severity=str(p.severity))
        for p in problems
    ]


class ProgressForm(BaseModel):
    """A project's progress in a month, as the ledger page's form sends it (and the API takes it)."""

    period: str = Field(description="报告期（月），如 2026-09")
    status: str = Field(description="项目状态：谋划、前期、开工、在建、竣工、投产、终止")
    completed: str | None = Field(None, description="累计完成投资（万元）")
    annual: str | None = Field(None, description="年度计划投资（万元）")
    responsible: str | None = Field(None, description="责任单位")
    problems: str | None = Field(None, description="问题与需协调事项")
    reason: str | None = Field(None, description="超总投资说明")
    revise: bool = Field(False, description="更正已登记的同月数据")

    def values(self) -> dict[str, str | None]:
        return self.model_dump(exclude={"revise"})


@router.post(
    "/ledger/{plan_id}/{project_id}", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf]
)
def submit(
    request: Request, who: CurrentUser, plan_id: str, project_id: str, form: Annotated[ProgressForm, Form()]
) -> Response:
    shared = shared_store(request)
    found, written = record(shared, who, plan_id, project_id, form.values(), form.revise)
    today = shared.store.now().date().isoformat()
    if written:
        query = urlencode({"as_of": today, "saved": 1})
        return RedirectResponse(f"/ledger/{plan_id}/{project_id}?{query}", status_code=303)
    page = ledger_project(shared, who, plan_id, project_id, today)
    page.problems = _problems(found) or [
        m.FormProblem(
            field=None, value=None, reason="与已登记的数据相同，没有写入", fix="无需处理。", severity="warning"
        )
    ]
    status_code = 400 if any(p.severity == "error" for p in found) else 200
    return render(request, "ledger_project.html", who, page, "ledger", status_code=status_code)


@router.post(
    "/api/ledger/{plan_id}/{project_id}",
    summary="填报项目月度进展（与项目进展表同样校验；无错误时写入）",
    tags=["台账"],
    dependencies=[Csrf],
)
def api_submit(
    request: Request, who: CurrentUser, plan_id: str, project_id: str, form: Annotated[ProgressForm, Form()]
) -> dict[str, Any]:
    found, written = record(shared_store(request), who, plan_id, project_id, form.values(), form.revise)
    return {"written": written, "problems": [p.model_dump() for p in _problems(found)]}
