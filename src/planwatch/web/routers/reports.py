"""The 规划实施评估报告 of what the 总览 shows, downloaded in Word, Excel, HTML or Markdown."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from planwatch.assess.gather import plan_assessment
from planwatch.report.render import file_name, render
from planwatch.store.plans import load_review
from planwatch.web.access import Forbidden
from planwatch.web.pages import AsOf, ThroughQuery
from planwatch.web.session import CurrentUser, shared_store

router = APIRouter()

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


@router.get("/reports/{plan_id}", summary="下载规划实施评估报告（Word / Excel / 网页 / Markdown）", tags=["规划"])
def report(
    request: Request,
    who: CurrentUser,
    plan_id: str,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    format: Annotated[Literal["docx", "xlsx", "html", "md"], Query(description="报告格式")] = "docx",
) -> Response:
    if not who.reads_plans:
        raise Forbidden("企业用户只能查看本企业的数据：请从“本企业”页面进入。")
    shared = shared_store(request)
    plan = shared.plan(plan_id)
    period, known = shared.dates(through, as_of)
    evaluation = shared.evaluation(plan, period, known)

    def make() -> bytes:
        with shared.lock:
            stored = load_review(shared.store, plan)
            assessed = plan_assessment(shared.store, evaluation)
        return render(evaluation, stored.findings if stored else None, format, assessed)

    body = shared.cached(("report", plan.id, period, known, format), make)
    disposition = "inline" if format == "html" else "attachment"
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(file_name(plan, format))}"}
    return Response(body, media_type=MEDIA[format], headers=headers)
