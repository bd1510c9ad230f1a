"""数据导入 on the web: upload, check (dry run), see the problems, confirm the write; and the 填报模板.

An upload is checked first and kept for ``UPLOAD_HOURS`` waiting for 确认写入;
its 问题清单 stays downloadable meanwhile.  The API import answers with every
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

from planwatch import limits
from planwatch.errors import PlanwatchError
from planwatch.importing.load import ImportResult, import_file, read_import
from planwatch.importing.scope import Scope
from planwatch.importing.template import write_template
from planwatch.periods import reporting_month
from planwatch.service.access import import_scope, visible_orgs
from planwatch.service.accounts import User
from planwatch.web.html import render
from planwatch.web.session import Csrf, CurrentUser, shared_store
from planwatch.web.shared import NotFound, SharedStore

UPLOAD_SUFFIXES = {".xlsx", ".csv"}
MAX_PROBLEMS = 500
"""Problems listed on the page; the 问题清单.xlsx has them all."""
UPLOAD_HOURS = 2.0
"""How long an upload waits for 确认写入 (and its 问题清单 stays downloadable) before its files are removed."""

router = APIRouter()


@dataclass
class Upload:
    path: Path
    user: str
    revise: bool
    result: ImportResult
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


def _run(shared: SharedStore, who: User, path: Path, dry_run: bool, revise: bool) -> ImportResult:
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
        )
    if result.errors:
        path.unlink(missing_ok=True)  # only its 问题清单 stays, to be downloaded
    return result


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
    return render(request, "import.html", who, {"result": None}, "import")


@router.post("/import", response_class=HTMLResponse, include_in_schema=False, dependencies=[Csrf])
def import_upload(
    request: Request, who: CurrentUser, file: Annotated[UploadFile, File()], revise: Annotated[bool, Form()] = False
) -> HTMLResponse:
    shared = shared_store(request)
    scope_of(shared, who)  # a reader's upload is refused before anything is written to disk
    path = _save(request, who, file)
    result = _run(shared, who, path, dry_run=True, revise=revise)
    token = secrets.token_urlsafe(16)
    with shared.lock:
        _uploads(request).pending[token] = Upload(path, who.name, revise, result)
    return render(request, "import.html", who, {"result": _summary(result, token)}, "import")


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
        result = _run(shared, who, pending.path, dry_run=False, revise=pending.revise)
        if result.committed:
            pending.done = True
            pending.result = result
    if result.committed:
        shared.changed()
    return render(request, "import.html", who, {"result": _summary(result, token)}, "import")


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
    _: None = Csrf,
) -> dict[str, Any]:
    shared = shared_store(request)
    scope_of(shared, who)
    path = _save(request, who, file)
    try:
        result = _run(shared, who, path, dry_run=dry_run, revise=revise)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)  # the API answers with every problem; no file is kept
    if result.committed:
        shared.changed()
    return _summary(result, None)


@router.get(
    "/import/template",
    summary="下载企业填报模板（已列出当前用户范围内的企业和应报月份，企业只需填数）",
    tags=["数据导入"],
)
def template(request: Request, who: CurrentUser) -> Response:
    shared = shared_store(request)
    scope_of(shared, who)
    orgs = shared.orgs()
    allowed = visible_orgs(who, orgs)
    mine = [o for o in orgs.values() if allowed is None or o.id in allowed]
    parks = sorted(o.name for o in mine if o.kind == "park")
    firms = sorted((o.code, o.name) for o in mine if o.kind == "enterprise")
    path = _uploads(request).folder / f"template-{secrets.token_hex(4)}" / "企业数据填报模板.xlsx"
    path.parent.mkdir(parents=True)
    write_template(path, parks=parks, enterprises=firms, period=str(reporting_month(shared.as_of(None))))
    return FileResponse(path, filename=path.name, background=BackgroundTask(shutil.rmtree, path.parent, True))
