"""Changing a plan's 指标体系 from the review page, and the same as an API: edit, add, delete, merge a target,
confirm a version, import the workbook; the formula check behind the page's formula field.

Only county administrators change a plan (403 for everyone else, before anything is read from the
form), every write needs the CSRF token, and every change is kept with its user and reason and written
to the audit log (``service/plans.py``).  A form the plan cannot take is answered with the page and
its problems (400), and nothing is written.  The HTML forms redirect back to the item they changed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch import limits
from planwatch.errors import InputError, PlanwatchError
from planwatch.evaluate.gather import subject_org, target_org
from planwatch.importing.plan_workbook import listed_departments, plan_workbook_bytes, read_plan_workbook
from planwatch.metrics.custom import check_target, formula_definition
from planwatch.metrics.formula import FormulaError
from planwatch.plan import edit
from planwatch.plan.edit import EditRefused, describe, written
from planwatch.plan.model import Indicator, Plan
from planwatch.plan.versions import DRAFT_LABEL, Version
from planwatch.service.accounts import User
from planwatch.service.plans import confirm, department_list, preview, revise, save_edit, set_department, working
from planwatch.store.versions import load_text
from planwatch.web import models as m
from planwatch.web.html import render
from planwatch.web.pages.common import need_plans
from planwatch.web.pages.versions import need_admin, review_page
from planwatch.web.session import Csrf, CurrentUser, shared_store
from planwatch.web.shared import SharedStore

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FieldForm = Annotated[str | None, Form()]


class Stale(InputError):
    """The plan changed since the page was shown (another admin's edit): the item is no longer where it was."""


def _problems(error: EditRefused) -> list[m.FormProblem]:
    return [
        m.FormProblem(field=p.field, value=p.value, reason=p.reason, fix=p.fix, severity="error")
        for p in error.problems
    ]


def _item(plan: Plan, number: int, line: int | None, name: str | None) -> Indicator:
    if not 1 <= number <= len(plan.indicators):
        raise Stale(
            f"规划中没有第 {number} 项目标（共 {len(plan.indicators)} 项）：可能已被他人修改，请刷新页面后重试。"
        )
    item = plan.indicators[number - 1]
    if (line is not None and item.source.line != line) or (name is not None and item.name != name):
        raise Stale("这一项已被他人修改或删除（页面打开之后）：请刷新页面，看过最新的内容后再修改。")
    return item


def _edit(
    shared: SharedStore, who: User, plan_id: str, change: Callable[[Plan], Plan], note_of: Callable[[Plan, Plan], str]
) -> str | None:
    """Apply ``change(plan) -> plan`` to the plan under review and keep it; the note, or None when nothing changed."""
    need_admin(who)
    shared.plan(plan_id)
    with shared.writer() as store:
        current = working(store, plan_id).plan
        changed = change(current)
        if changed == current:
            return None
        note = note_of(current, changed)
        save_edit(store, plan_id, changed, note, who.name, store.now())
    return note


def _values(form: dict[str, str | None], item: Indicator) -> dict[str, str]:
    """The fields whose value differs from what the item says now (only those are applied)."""
    before = written(item)
    return {key: value or "" for key, value in form.items() if key in before and (value or "") != before[key]}


def edit_item(
    shared: SharedStore, who: User, plan_id: str, number: int, form: dict[str, str | None], line: int | None,
    name: str | None,
) -> str | None:  # fmt: skip
    def change(plan: Plan) -> Plan:
        item = _item(plan, number, line, name)
        values = _values(form, item)
        return edit.replace(plan, number, check_target(edit.apply(item, values))) if values else plan

    return _edit(
        shared, who, plan_id, change, lambda a, b: describe(a.indicators[number - 1], b.indicators[number - 1])
    )


def _back(plan_id: str, anchor: str, note: str | None) -> RedirectResponse:
    saved = f"?saved={quote(note or '没有修改')}"
    return RedirectResponse(f"/review/{quote(plan_id)}{saved}#{anchor}", status_code=303)


def _refused(
    request: Request, who: User, plan_id: str, problems: list[m.FormProblem], status: int = 400
) -> HTMLResponse:
    page = review_page(shared_store(request), who, plan_id)
    page.problems = problems
    return render(request, "review.html", who, page, "review", status_code=status)


def _answer(note: str | None) -> dict[str, Any]:
    return {"saved": note is not None, "note": note or "没有修改", "problems": []}


# --- one target ----------------------------------------------------------------------------------------------


class ItemFields(BaseModel):
    """A target's fields as the review page's form sends them (and the API takes them): each one given is
    changed, each one left out stays as it is."""

    category: str | None = None
    name: str | None = None
    scope: str | None = None
    unit: str | None = None
    baseline_year: str | None = None
    baseline_value: str | None = None
    year: str | None = None
    comparator: str | None = None
    value: str | None = None
    value_high: str | None = None
    direction: str | None = None
    basis: str | None = None
    attribute: str | None = None
    text: str | None = Field(None, description="原文句子（添加时为所选的句子，默认该行全文）")
    lead: str | None = None
    support: str | None = None
    definition: str | None = None
    formula: str | None = None
    formula_unit: str | None = None

    def given(self) -> dict[str, str | None]:
        return self.model_dump(exclude_none=True)


ItemForm = Annotated[ItemFields, Form()]


@router.post(
    "/review/{plan_id}/items/{number}", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf]
)
def submit_item(
    request: Request, who: CurrentUser, plan_id: str, number: int, fields: ItemForm,
    item_line: Annotated[int | None, Form()] = None, item_name: FieldForm = None,
) -> Response:  # fmt: skip
    need_admin(who)
    form = fields.given()
    try:
        note = edit_item(shared_store(request), who, plan_id, number, form, item_line, item_name)
    except EditRefused as error:
        return _refused(request, who, plan_id, _problems(error))
    return _back(plan_id, f"item-{number}", note)


@router.post(
    "/api/review/{plan_id}/items/{number}", summary="修改一项目标（与确认页表单相同的字段；待确认）", tags=["指标体系"]
)
def api_item(
    request: Request, who: CurrentUser, plan_id: str, number: int, fields: ItemForm,
    item_line: Annotated[int | None, Form(description="该项的原文行（防止改到他人刚改过的条目）")] = None,
    item_name: Annotated[str | None, Form(description="该项现在的名称（同上）")] = None, _: None = Csrf,
) -> dict[str, Any]:  # fmt: skip
    need_admin(who)
    form = fields.given()
    try:
        return _answer(edit_item(shared_store(request), who, plan_id, number, form, item_line, item_name))
    except EditRefused as error:
        return {"saved": False, "note": None, "problems": [p.model_dump() for p in _problems(error)]}


def delete_item(
    shared: SharedStore, who: User, plan_id: str, number: int, line: int | None, name: str | None
) -> str | None:
    def change(plan: Plan) -> Plan:
        _item(plan, number, line, name)
        return edit.delete(plan, number)

    return _edit(shared, who, plan_id, change, lambda a, b: describe(a.indicators[number - 1], None))


@router.post(
    "/review/{plan_id}/items/{number}/delete", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf]
)
def submit_delete(
    request: Request, who: CurrentUser, plan_id: str, number: int, item_line: Annotated[int | None, Form()] = None,
    item_name: FieldForm = None,
) -> Response:  # fmt: skip
    note = delete_item(shared_store(request), who, plan_id, number, item_line, item_name)
    return _back(plan_id, "items", note)


@router.post("/api/review/{plan_id}/items/{number}/delete", summary="删除一项目标（待确认）", tags=["指标体系"])
def api_delete(
    request: Request, who: CurrentUser, plan_id: str, number: int, item_line: Annotated[int | None, Form()] = None,
    item_name: FieldForm = None, _: None = Csrf,
) -> dict[str, Any]:  # fmt: skip
    return _answer(delete_item(shared_store(request), who, plan_id, number, item_line, item_name))


def merge_items(shared: SharedStore, who: User, plan_id: str, keep: int, drop: int) -> str | None:
    def note(a: Plan, b: Plan) -> str:
        kept, dropped = a.indicators[keep - 1], a.indicators[drop - 1]
        return f"合并 {dropped.name}（第{dropped.source.line}行）到 {kept.name}（第{kept.source.line}行）"

    return _edit(shared, who, plan_id, lambda plan: edit.merge(plan, keep, drop), note)


@router.post("/review/{plan_id}/merge", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def submit_merge(
    request: Request, who: CurrentUser, plan_id: str, keep: Annotated[int, Form()], drop: Annotated[int, Form()]
) -> Response:
    note = merge_items(shared_store(request), who, plan_id, keep, drop)
    return _back(plan_id, "items", note)


@router.post("/api/review/{plan_id}/merge", summary="合并重复的目标（保留 keep，删去 drop；待确认）", tags=["指标体系"])
def api_merge(
    request: Request, who: CurrentUser, plan_id: str, keep: Annotated[int, Form()], drop: Annotated[int, Form()],
    _: None = Csrf,
) -> dict[str, Any]:  # fmt: skip
    return _answer(merge_items(shared_store(request), who, plan_id, keep, drop))


def add_item(shared: SharedStore, who: User, plan_id: str, line: int, form: dict[str, str | None]) -> str | None:
    need_admin(who)
    text = shared.read(("plan-text", plan_id), lambda store: load_text(store, plan_id))
    if text and line not in text:
        raise InputError(f"规划没有第 {line} 行（共 {len(text)} 行）：请在原文中选中要添加的句子。")
    sentence = (form.get("text") or "").strip() or text.get(line, "")
    values = {key: value or "" for key, value in form.items() if key != "text" and value}
    made = check_target(edit.new_target(line, sentence, values))
    return _edit(shared, who, plan_id, lambda plan: edit.add(plan, made), lambda a, b: describe(None, made))


@router.post("/review/{plan_id}/add", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def submit_add(
    request: Request, who: CurrentUser, plan_id: str, line: Annotated[int, Form()], fields: ItemForm
) -> Response:
    need_admin(who)
    form = fields.given()
    try:
        note = add_item(shared_store(request), who, plan_id, line, form)
    except EditRefused as error:
        return _refused(request, who, plan_id, _problems(error))
    return _back(plan_id, "items", note)


@router.post("/api/review/{plan_id}/add", summary="从原文的一句添加目标（待确认）", tags=["指标体系"])
def api_add(
    request: Request, who: CurrentUser, plan_id: str, line: Annotated[int, Form(description="原文行号")],
    fields: ItemForm, _: None = Csrf,
) -> dict[str, Any]:  # fmt: skip
    need_admin(who)
    form = fields.given()
    try:
        return _answer(add_item(shared_store(request), who, plan_id, line, form))
    except EditRefused as error:
        return {"saved": False, "note": None, "problems": [p.model_dump() for p in _problems(error)]}


@router.post("/review/{plan_id}/discard", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def submit_discard(request: Request, who: CurrentUser, plan_id: str) -> Response:
    """Drop the edits not confirmed yet: the plan under review goes back to the latest version (or the draft)."""
    need_admin(who)
    shared = shared_store(request)
    shared.plan(plan_id)
    with shared.writer() as store:
        current = working(store, plan_id)
        base = current.latest.plan() if current.latest is not None else current.reader
        if base != current.plan:
            save_edit(store, plan_id, base, "放弃尚未确认的修改", who.name, store.now())
            note: str | None = "已放弃尚未确认的修改"
        else:
            note = None
    return _back(plan_id, "confirm", note)


# --- confirming, the workbook ------------------------------------------------------------------------------


def _effective(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"生效日期“{text}”不是日期：请写成 2026-01-01 这样的格式。") from None


def confirm_plan(shared: SharedStore, who: User, plan_id: str, effective: str, reason: str | None) -> Version:
    need_admin(who)
    shared.plan(plan_id)
    day = _effective(effective)
    with shared.writer() as store:
        return confirm(store, plan_id, day, reason, who.name, store.now())


@router.post("/review/{plan_id}/confirm", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def submit_confirm(
    request: Request, who: CurrentUser, plan_id: str, effective: Annotated[str, Form()], reason: FieldForm = None
) -> Response:
    need_admin(who)
    try:
        version = confirm_plan(shared_store(request), who, plan_id, effective, reason)
    except InputError as error:
        problem = m.FormProblem(field="confirm", value=None, reason=str(error), fix="", severity="error")
        return _refused(request, who, plan_id, [problem])
    return _back(plan_id, "confirm", f"已确认为{version.label}，{len(version.changes)}项修改")


@router.post("/api/review/{plan_id}/confirm", summary="确认指标体系：生成新版本（首次为第1版）", tags=["指标体系"])
def api_confirm(
    request: Request, who: CurrentUser, plan_id: str,
    effective: Annotated[str, Form(description="生效日期 YYYY-MM-DD")],
    reason: Annotated[str | None, Form(description="理由（第2版起必填）")] = None, _: None = Csrf,
) -> dict[str, Any]:  # fmt: skip
    version = confirm_plan(shared_store(request), who, plan_id, effective, reason)
    return {"version": version.number, "label": version.label, "changes": [c.model_dump() for c in version.changes]}


@router.get("/review/{plan_id}/workbook", include_in_schema=False)
def workbook(request: Request, who: CurrentUser, plan_id: str) -> Response:
    need_plans(who)
    shared = shared_store(request)
    shared.plan(plan_id)

    def made(store: Any) -> tuple[Plan, Version | None, list[str]]:
        current = working(store, plan_id)
        return current.plan, current.latest, [d.name for d in department_list(store, [current.plan])]

    with shared.lock:
        plan, latest, listed = made(shared.store)
        now = shared.store.now()
    label = latest.label if latest is not None else DRAFT_LABEL
    body = plan_workbook_bytes(plan, label, listed_departments(plan, listed), now)
    name = f"{plan.title or plan.id}-指标体系.xlsx"
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return Response(body, media_type=XLSX, headers=headers)


def import_workbook(
    shared: SharedStore, who: User, plan_id: str, upload: UploadFile, effective: str, reason: str | None
) -> tuple[Version | None, list[m.FormProblem]]:
    need_admin(who)
    shared.plan(plan_id)
    day = _effective(effective)
    name = Path((upload.filename or "指标体系.xlsx").replace("\\", "/")).name
    if Path(name).suffix.lower() != ".xlsx":
        raise InputError(f"“{name}”不是 .xlsx 文件：请上传从本页下载、修改后的指标体系表。")
    with tempfile.TemporaryDirectory(prefix="planwatch-plan-") as folder:
        path = Path(folder) / "指标体系.xlsx"
        with path.open("wb") as handle:
            shutil.copyfileobj(upload.file, handle, length=1024 * 1024)
        size = path.stat().st_size
        limits.check(
            "max_upload_bytes", size, f"“{name}”有 {size:,} 字节", "指标体系表不应这么大：请检查是否传错了文件。"
        )
        with shared.lock:
            current = working(shared.store, plan_id)
            text = load_text(shared.store, plan_id)
        base = current.latest.plan() if current.latest is not None else current.reader
        read = read_plan_workbook(path, base, text)
    problems = [
        m.FormProblem(
            field=p.where.replace(path.name, name), value=p.value, reason=p.reason, fix=p.fix, severity=str(p.severity)
        )
        for p in read.problems
    ]
    if read.errors:
        return None, problems
    with shared.writer() as store:
        version = revise(store, plan_id, read.plan, day, reason, who.name, store.now())
    return version, problems


@router.post("/review/{plan_id}/workbook", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def submit_workbook(
    request: Request, who: CurrentUser, plan_id: str, file: Annotated[UploadFile, File()],
    effective: Annotated[str, Form()], reason: FieldForm = None,
) -> Response:  # fmt: skip
    need_admin(who)
    try:
        version, problems = import_workbook(shared_store(request), who, plan_id, file, effective, reason)
    except InputError as error:
        problem = m.FormProblem(field="workbook", value=None, reason=str(error), fix="", severity="error")
        return _refused(request, who, plan_id, [problem])
    if any(p.severity == "error" for p in problems):
        return _refused(request, who, plan_id, problems)
    note = f"已导入并生成{version.label}，{len(version.changes)}项修改" if version else "与现行版本相同，没有生成新版本"
    return _back(plan_id, "confirm", note)


@router.post(
    "/api/review/{plan_id}/workbook",
    summary="导入改好的指标体系表：有修改时生成新版本；有错误时不写入",
    tags=["指标体系"],
)
def api_workbook(
    request: Request, who: CurrentUser, plan_id: str, file: Annotated[UploadFile, File(description=".xlsx")],
    effective: Annotated[str, Form(description="生效日期 YYYY-MM-DD")],
    reason: Annotated[str | None, Form(description="理由")] = None, _: None = Csrf,
) -> dict[str, Any]:  # fmt: skip
    version, problems = import_workbook(shared_store(request), who, plan_id, file, effective, reason)
    return {
        "written": version is not None,
        "version": version.number if version else None,
        "label": version.label if version else None,
        "changes": [c.model_dump() for c in version.changes] if version else [],
        "problems": [p.model_dump() for p in problems],
    }


# --- departments, the formula check ------------------------------------------------------------------------


@router.post("/review/{plan_id}/departments", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def submit_department(
    request: Request, who: CurrentUser, plan_id: str, department: Annotated[str, Form()],
    members: FieldForm = None, remove: Annotated[bool, Form()] = False,
) -> Response:  # fmt: skip
    need_admin(who)
    shared = shared_store(request)
    names = [n.strip() for n in (members or "").replace("，", "、").replace(",", "、").split("、") if n.strip()]
    try:
        with shared.writer() as store:
            saved = set_department(store, department, names, who.name, store.now(), removed=remove)
    except InputError as error:
        problem = m.FormProblem(field="department", value=department, reason=str(error), fix="", severity="error")
        return _refused(request, who, plan_id, [problem])
    return _back(plan_id, "departments", f"已{'移除' if remove else '保存'}责任单位 {saved.name}")


@router.get(
    "/api/review/{plan_id}/formula",
    summary="检查一个公式，并预览它在库中最近几年的数值",
    tags=["指标体系"],
    response_model=m.FormulaCheck,
)
def check_formula(
    request: Request, who: CurrentUser, plan_id: str,
    number: Annotated[int, Query(description="目标在确认页中的序号")],
    formula: Annotated[str, Query(description="公式，如 sum(工业总产值) where 规上")],
    unit: Annotated[str | None, Query(description="公式结果的单位（不填则自动判断）")] = None,
) -> m.FormulaCheck:  # fmt: skip
    need_plans(who)
    shared = shared_store(request)
    shared.plan(plan_id)
    with shared.lock:
        plan = working(shared.store, plan_id).plan
    item = _item(plan, number, None, None)
    try:
        made = formula_definition(item, formula, unit or None)
    except FormulaError as error:
        return m.FormulaCheck(ok=False, message=str(error), definition=None, unit=None, org=None, preview=[])
    except PlanwatchError as error:
        return m.FormulaCheck(ok=False, message=str(error), definition=None, unit=None, org=None, preview=[])
    orgs = shared.orgs()
    org = target_org(orgs, subject_org(orgs, plan), item)
    points = []
    if org is not None:
        with shared.lock:
            points = preview(shared.store, made, org, shared.as_of(None))
    return m.FormulaCheck(
        ok=True,
        message=f"公式可用，结果单位：{made.unit or '（未知，请填写公式单位）'}",
        definition=made.formula.text,
        unit=made.unit or None,
        org=org.name if org is not None else None,
        preview=[m.SeriesPoint(period=p, value=v) for p, v in points],
    )
