"""The HTML side of the dashboard: the Jinja environment, rendering a page, and the error page.

Templates get the page's model as ``data``; figures are written by ``formatting``
and status colours come from ``status`` (CSS generated from it), so a page
says what the report and the terminal say.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from planwatch import filing, formatting, status
from planwatch.service.accounts import User
from planwatch.web.memory import query as memory_query
from planwatch.web.session import csrf_token

HERE = Path(__file__).parent


def _json(value: object) -> str:
    """Data for a chart, embedded in an attribute: JSON with ``<`` escaped."""

    def plain(item: object) -> object:
        if isinstance(item, BaseModel):
            return item.model_dump(mode="json", by_alias=True)
        raise TypeError(f"{type(item).__name__} is not JSON")

    return json.dumps(value, ensure_ascii=False, default=plain).replace("<", "\\u003c")


def _dates(data: object) -> str:
    """The query string that keeps a page's two dates on the links it shows (as_of, and through when set apart)."""
    as_of = getattr(data, "as_of", None)
    through = getattr(data, "through", None)
    query = {"as_of": as_of} if as_of else {}
    if through is not None and as_of and through.end != as_of:
        query["through"] = through.code
    return urlencode(query)


def change(value: float | None, unit: str | None) -> str:
    """A difference from last year with its unit: +2家, −0.07个百分点, +1.2亿元."""
    if value is None:
        return formatting.NONE
    unit = "个百分点" if unit == "%" else unit
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{formatting.amount(abs(value), unit)}"


QUALITY_WORDS: dict[str, str] = filing.settings()["source_words"]


def source_label(text: str | None) -> str:
    """Where a figure came from, in words: 官方发布 / 媒体报道 for published figures, the file and row for an upload."""
    if not text:
        return formatting.NONE
    parts = text.split()
    if parts and parts[0].startswith(("http://", "https://")):
        quality = QUALITY_WORDS.get(parts[-1], "") if len(parts) > 1 else ""
        return quality or "公开发布"
    reason = ""
    if "（更正原因：" in text:
        text, reason = text.split("（更正原因：", 1)
        reason = f"（更正：{reason.rstrip('）')}）"
    pieces = text.split(":")
    if len(pieces) == 3 and pieces[2].isdigit():
        file, sheet, row = pieces
        return f"{file}{' ' + sheet if sheet else ''} 第{row}行{reason}"
    return text + reason


def source_url(text: str | None) -> str | None:
    """The web address a published figure cites, if any."""
    first = (text or "").split(" ")[0]
    return first if first.startswith(("http://", "https://")) else None


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=HERE / "templates")
    found.env.filters["number"] = formatting.number
    found.env.filters["percent"] = formatting.percent
    found.env.filters["quantity"] = formatting.quantity
    found.env.filters["amount"] = formatting.amount
    found.env.filters["period"] = formatting.period
    found.env.filters["growth"] = formatting.growth
    found.env.filters["change"] = change
    found.env.filters["source_label"] = source_label
    found.env.filters["source_url"] = source_url
    found.env.filters["tojson_safe"] = _json
    found.env.globals["dates"] = _dates
    found.env.globals["status_css"] = status.css()
    return found


def render(
    request: Request, template: str, who: User | None, data: Any, active: str, status_code: int = 200
) -> HTMLResponse:
    context = {
        "request": request,
        "user": who,
        "data": data,
        "active": active,
        "csrf": csrf_token(request),
        "query": dict(request.query_params),
        "context": memory_query(request),
    }
    environment: Jinja2Templates = request.app.state.templates
    return environment.TemplateResponse(request, template, context, status_code=status_code)
