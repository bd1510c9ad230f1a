"""数据填报 on the web: the month due, its template, upload, check, preview old → new, confirm; and the API import.

An upload is checked first (a dry run) and kept for ``UPLOAD_HOURS`` waiting
for 确认写入; the page shows every problem with its sheet, row, column and the
fix — never a server path — and, when there is none, each figure to be written
with what was stored before.  A figure typed again as the dashboard shows it
is no change (``importing.validate.same_value``); a changed one is a correction
only when the user ticks 视为更正 and says why (kept with the new revision).
Its 问题清单 stays downloadable meanwhile.  The API import answers with every
problem at once and keeps no file.  What a user may write is the user's scope.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from planwatch import filing, limits
from planwatch.errors import PlanwatchError
from planwatch.importing.load import ImportResult, import_file, read_import
from planwatch.importing.scope import Scope
from planwatch.importing.sheets import UnreadableSheet
from planwatch.importing.template import Prefilled, enterprise_elements, write_template
from planwatch.service.access import import_scope, visible_orgs
from planwatch.service.accounts import User
from planwatch.store.facts import current_values
from planwatch.store.orgs import Org
from planwatch.web.html import render
from planwatch.web.pages import common
from planwatch.web.session import Csrf, CurrentUser, shared_store
from planwatch.web.shared import NotFound, SharedStore

UPLOAD_SUFFIXES = {".xlsx", ".csv"}
MAX_PROBLEMS = 500
"""Problems listed on the page; the 问题清单.xlsx has them all."""
UPLOAD_HOURS = 2.0
"""How long an upload waits for 确认写入 (and its 问题清单 stays downloadable) before its files are removed."""

router = APIRouter()


WEB_REVISE_HINT = "若这是更正，请勾选“视为更正”并填写更正原因后重新上传，系统会保留原值并记为新版本；否则请核对数值。"


@dataclass
class Upload:
    path: Path
    user: str
    revise: bool
    result: ImportResult
    reason: str | None = None
    created: float = field(default_factory=time.monotonic)
    done: bool = False
    """Written: the 问题清单 can still be downloaded, the upload cannot be written twice."""


class Uploads:
    """Uploads waiting for 确认写入, in a folder of their own that goes when the server stops."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: dict[str, Upload] = {}
        self.confirming = threading.Lock()

    def sweep(self, shared: SharedStore, now: float) -> None:
        """Forget uploads older than UPLOAD_HOURS and remove their files."""
        with shared.lock:
            old = [token for token, pending in self.pending.items() if now - pending.created > UPLOAD_HOURS * 3600]
            for token in old:
                shutil.rmtree(self.pending.pop(token).path.parent, ignore_errors=True)

    def close(self) -> None:
        self.pending.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _uploads(request: Request) -> Uploads:
    found: Uploads = request.app.state.uploads
    return found


def scope_of(shared: SharedStore, who: User) -> Scope | None:
    """What ``who`` may write: None for an admin (everything)."""
    return import_scope(who, shared.orgs())


def _safe_name(given: str | None) -> str:
    """The upload's own name, usable on any disk: no folders, no NUL, at most 60 characters before its suffix."""
    name = Path((given or "upload").replace("\x00", "").replace("\\", "/")).name or "upload"
    suffix = Path(name).suffix[:8]
    return f"{Path(name).stem[:60] or 'upload'}{suffix}"


def _save(request: Request, who: User, upload: UploadFile) -> Path:
    """Keep an upload (after the user's role was checked), within the size limit and the user's quota."""
    uploads = _uploads(request)
    shared = shared_store(request)
    uploads.sweep(shared, time.monotonic())
    name = _safe_name(upload.filename)
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise PlanwatchError(f"“{name}”不是 .xlsx 或 .csv 文件：请上传 Excel 工作簿或 CSV 文件。")
    with shared.lock:
        mine = [p for p in uploads.pending.values() if p.user == who.name and not p.done and p.path.exists()]
        waiting = sum(p.path.stat().st_size for p in mine)
    limits.check(
        "max_pending_uploads", len(mine) + 1, f"您有 {len(mine)} 个上传等待确认", "请先确认写入或放弃之前的上传。"
    )
    folder = uploads.folder / secrets.token_hex(8)
    folder.mkdir(parents=True)
    path = folder / name
    with path.open("wb") as handle:
        shutil.copyfileobj(upload.file, handle, length=1024 * 1024)
    size = path.stat().st_size
    try:
        limits.check("max_upload_bytes", size, f"“{name}”有 {size:,} 字节", "请拆分后分批导入。")
        limits.check(
            "max_pending_upload_bytes", waiting + size, "您待确认的上传合计过大", "请先确认写入或放弃之前的上传。"
        )
    except PlanwatchError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


def _run(
    shared: SharedStore, who: User, path: Path, dry_run: bool, revise: bool, reason: str | None = None
) -> ImportResult:
    """Read the file without any lock, then validate and write it on a connection of its own: one upload,
    however large or hostile, never holds up the pages other users are reading."""
    scope = scope_of(shared, who)
    try:
        parsed = read_import(path)
    except PlanwatchError:
        shutil.rmtree(path.parent, ignore_errors=True)  # refused: nothing of it is kept
        raise
    with shared.writer() as store:
        result = import_file(
            store,
            path,
            dry_run=dry_run,
            revise=revise,
            scope=scope,
            problem_list=path.with_suffix(".问题清单.xlsx"),
            parsed=parsed,
            actor=who.name,
            reason=reason,
            revise_hint=WEB_REVISE_HINT,
        )
    if result.errors:
        path.unlink(missing_ok=True)  # only its 问题清单 stays, to be downloaded
    return result


def _said(error: PlanwatchError, folder: Path) -> str:
    """An error as the upload page says it: the file's own name, never the server's folder."""
    if isinstance(error, UnreadableSheet):
        return f"“{error.file}”无法读取：{error.reason}。{error.fix}"
    return str(error).replace(str(folder), "").replace("\\", "/")


def _filing(shared: SharedStore, who: User) -> dict[str, Any]:
    """The month due and who in the user's scope has filed it (the top of the 数据填报 page)."""
    orgs = shared.orgs()
    allowed = visible_orgs(who, orgs)
    firms = [o for o in orgs.values() if o.kind == "enterprise" and (allowed is None or o.id in allowed)]
    standings = common.standings(shared, firms)
    due = filing.due_month(shared.as_of(None))
    late = sorted((s for s in standings.values() if not s.filed), key=lambda s: s.org.name)
    return {
        "due": str(due),
        "due_label": f"{due.year}年{due.number}月",
        "enterprises": len(standings),
        "filed": len(standings) - len(late),
        "own": standings.get(firms[0].id) if who.role == "enterprise" and firms else None,
        "late": [s.org.name for s in late[:5]],
    }


def _page(
    request: Request,
    who: User,
    result: dict[str, Any] | None = None,
    error: str | None = None,
    status: int = 200,
    form: dict[str, Any] | None = None,
) -> HTMLResponse:
    data = {"result": result, "error": error, "filing": _filing(shared_store(request), who), "form": form or {}}
    return render(request, "import.html", who, data, "import", status)


def _summary(result: ImportResult, token: str | None) -> dict[str, Any]:
    """The CLI's JSON summary of an import, with the upload's token and the 问题清单's URL, not its path."""
    summary = result.summary()
    problems: list[dict[str, object]] = summary["problems"]  # type: ignore[assignment]  # built as a list
    summary.update(
        token=token,
        errors=len(result.errors),
        warnings=len(result.problems) - len(result.errors),
        problems=problems[:MAX_PROBLEMS],
        problem_list=f"/import/{token}/problems" if result.problem_list and token else None,
    )
    return summary


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request, who: CurrentUser) -> HTMLResponse:
    scope_of(shared_store(request), who)
    return _page(request, who)


@router.post("/import", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def import_upload(
    request: Request,
    who: CurrentUser,
    file: Annotated[UploadFile, File()],
    revise: Annotated[bool, Form()] = False,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    """Check an upload and show its problems, or what it would write (old → new), on the same page."""
    shared = shared_store(request)
    scope_of(shared, who)  # a reader's upload is refused before anything is written to disk
    reason = reason.strip()
    form = {"revise": revise, "reason": reason}
    if revise and not reason:
        return _page(
            request,
            who,
            error="勾选了“视为更正”，请填写更正原因（如：原填报数据录入有误）后重新上传。",
            status=400,
            form=form,
        )
    folder = _uploads(request).folder
    try:
        path = _save(request, who, file)
        result = _run(shared, who, path, dry_run=True, revise=revise, reason=reason or None)
    except PlanwatchError as error:
        return _page(request, who, error=_said(error, folder), status=400, form=form)
    token = secrets.token_urlsafe(16)
    with shared.lock:
        _uploads(request).pending[token] = Upload(path, who.name, revise, result, reason or None)
    return _page(request, who, result=_summary(result, token), form=form)


@router.post("/import/confirm", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def import_confirm(request: Request, who: CurrentUser, token: Annotated[str, Form()]) -> HTMLResponse:
    shared = shared_store(request)
    with _uploads(request).confirming:  # checked and written one at a time: a double click imports once
        with shared.lock:
            pending = _uploads(request).pending.get(token)
        if pending is None or pending.user != who.name or not pending.path.exists():
            raise NotFound(f"找不到这次上传（超过 {UPLOAD_HOURS:g} 小时未确认，或服务已重启）：请重新上传文件。")
        if pending.done:
            raise PlanwatchError("这次上传已经写入，不会重复导入：如需更正，请修改文件后重新上传。")
        result = _run(shared, who, pending.path, dry_run=False, revise=pending.revise, reason=pending.reason)
        if result.committed:
            pending.done = True
            pending.result = result
    if result.committed:
        shared.changed()
    return _page(request, who, result=_summary(result, token))


@router.get("/import/{token}/problems", include_in_schema=False)
def import_problems(request: Request, who: CurrentUser, token: str) -> Response:
    with shared_store(request).lock:
        pending = _uploads(request).pending.get(token)
    found = pending.result.problem_list if pending is not None and pending.user == who.name else None
    if found is None or not found.exists():
        raise NotFound("找不到这份问题清单：请重新上传文件。")
    return FileResponse(found, filename=found.name)


@router.post("/api/import", summary="导入统计数据（先校验；dry_run=false 且无错误时写入）", tags=["数据导入"])
def api_import(
    request: Request,
    who: CurrentUser,
    file: Annotated[UploadFile, File(description=".xlsx 或 .csv")],
    dry_run: Annotated[bool, Query(description="只校验不写入")] = True,
    revise: Annotated[bool, Query(description="与已入库数值不同的视为更正")] = False,
    reason: Annotated[str | None, Query(description="更正原因（随更正后的数值保存）", max_length=500)] = None,
    _: None = Csrf,
) -> dict[str, Any]:
    shared = shared_store(request)
    scope_of(shared, who)
    path = _save(request, who, file)
    try:
        result = _run(shared, who, path, dry_run=dry_run, revise=revise, reason=reason)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)  # the API answers with every problem; no file is kept
    if result.committed:
        shared.changed()
    return _summary(result, None)


def prefilled(shared: SharedStore, firms: list[Org]) -> list[Prefilled]:
    """One row per enterprise and month it owes (the month due, and months it skipped), blank to fill in;
    an enterprise that has filed the month due gets that month with its figures as the dashboard shows them."""
    standings = common.standings(shared, firms)
    due = filing.due_month(shared.as_of(None))
    codes = [e.code for e in enterprise_elements()]
    filed = [f.org for f in standings.values() if f.filed]
    keys = [(org.id, code, str(due)) for org in filed for code in codes]
    with shared.lock:
        stored = current_values(shared.store, keys)
    rows = []
    for org in sorted(firms, key=lambda o: o.code):
        standing = standings.get(org.id)  # None: not producing yet, no duty; its row is there if it starts
        if standing is not None and standing.filed:
            values = {code: stored[(org.id, code, str(due))][0] for code in codes if (org.id, code, str(due)) in stored}
            rows.append(Prefilled(org.code, org.name, str(due), values))
        else:
            owed = standing.owed if standing is not None else ()
            rows += [Prefilled(org.code, org.name, str(month)) for month in owed or (due,)]
    return rows


@router.get(
    "/import/template",
    summary="下载企业填报模板（已列出当前用户范围内的企业和应报月份；已报的月份带上已报数值，企业只需填数或核对）",
    tags=["数据导入"],
)
def template(request: Request, who: CurrentUser) -> Response:
    shared = shared_store(request)
    scope_of(shared, who)
    orgs = shared.orgs()
    allowed = visible_orgs(who, orgs)
    mine = [o for o in orgs.values() if allowed is None or o.id in allowed]
    parks = sorted(o.name for o in mine if o.kind == "park")
    firms = [o for o in mine if o.kind == "enterprise"]
    due = filing.due_month(shared.as_of(None))
    name = f"企业数据填报模板_{due}.xlsx" if who.role != "enterprise" or not firms else f"{firms[0].name}_{due}.xlsx"
    path = _uploads(request).folder / f"template-{secrets.token_hex(4)}" / name
    path.parent.mkdir(parents=True)
    write_template(path, parks=parks, rows=prefilled(shared, firms))
    return FileResponse(path, filename=path.name, background=BackgroundTask(shutil.rmtree, path.parent, True))
