"""The 规划实施评估报告 of what the 总览 shows — the plan's, or one park's — in Word, Excel, HTML or Markdown."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from planwatch.assess.gather import plan_assessment
from planwatch.report.render import download_name, render
from planwatch.store.plans import load_review
from planwatch.web.access import Forbidden
from planwatch.web.pages import AsOf, ParkQuery, ThroughQuery, cockpit, common
from planwatch.web.session import CurrentUser, shared_store

router = APIRouter()

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


@router.get(
    "/reports/{plan_id}",
    summary="下载规划实施评估报告（Word / Excel / 网页 / Markdown）；指定园区时为该园区的报告",
    tags=["规划"],
)
def report(
    request: Request,
    who: CurrentUser,
    plan_id: str,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    format: Annotated[Literal["docx", "xlsx", "html", "md"], Query(description="报告格式")] = "docx",
    park: ParkQuery = None,
) -> Response:
    if not who.reads_plans:
        raise Forbidden("企业用户只能查看本企业的数据：请从“本企业”页面进入。")
    shared = shared_store(request)
    plan = shared.plan(plan_id)
    period, known = shared.dates(through, as_of)
    whole = shared.evaluation(plan, period, known)
    place = common.scoped_park(shared, who, plan, park)
    view = None
    if place is not None:
        page = cockpit.overview(shared, who, plan.id, through, as_of, place.name)
        view = cockpit.park_view(shared, who, page, place, known)
    evaluation = common.within_park(shared, whole, place)

    def make() -> bytes:
        with shared.lock:
            stored = load_review(shared.store, plan)
            # a park's report keeps to its park: the 亩均/梯度/能耗 sections are the county's
            assessed = plan_assessment(shared.store, evaluation) if view is None else None
        return render(evaluation, stored.findings if stored else None, format, assessed, view)

    key = ("report", plan.id, period, known, format, place.id if place else None, who.role, who.scope)
    body = shared.cached(key, make)
    disposition = "inline" if format == "html" else "attachment"
    name = download_name(plan, format, known, place.name if place else None)
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}"}
    return Response(body, media_type=MEDIA[format], headers=headers)
