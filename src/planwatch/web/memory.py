"""What a user chose is kept across pages: the plan, the two dates and the park — in the URL and the session.

A page's query parameters ``plan``, ``as_of``, ``through`` and ``park`` are
remembered in the session when an HTML page is asked with them (an empty
value forgets), and filled in from the session when a page is asked without
them; the menu's links carry them too (``html.render``), so a link copied from
the address bar shows the same thing.  A page about a plan that is given none
shows the user's own (``pages.common.home_plan``).  The JSON API is stateless:
it never reads or writes the session's choices, only the user's own plan as
the default.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Request

from planwatch.service.accounts import User
from planwatch.web.pages.common import home_plan
from planwatch.web.shared import SharedStore

REMEMBERED = ("plan", "as_of", "through", "park")
KEY = "context"
Mode = Literal["api", "html", "export"]


def remembered(request: Request) -> dict[str, str]:
    found = request.session.get(KEY)
    return dict(found) if isinstance(found, dict) else {}


def query(request: Request) -> str:
    """The remembered choices as a query string, for the menu's links."""
    return urlencode(remembered(request))


def recall(request: Request, who: User, shared: SharedStore, arguments: dict[str, Any], mode: Mode) -> None:
    """Fill in (and, on an HTML page, remember) the plan, dates and park ``arguments`` of a page."""
    stored = remembered(request)
    changed = False
    asked = request.query_params
    for name in REMEMBERED:
        if name not in arguments:
            continue
        if name in asked:
            value = asked[name].strip()
            if name == "as_of" and value == shared.as_of(None).isoformat():
                value = ""  # today (or the demo's date) is the default: keep following it, not this day
            if mode == "html" and stored.get(name, "") != value:
                if value:
                    stored[name] = value
                else:
                    stored.pop(name, None)
                changed = True
        elif mode != "api" and stored.get(name):
            arguments[name] = stored[name]
    if mode == "html" and "plan_id" in arguments and stored.get("plan") != arguments["plan_id"]:
        stored["plan"] = arguments["plan_id"]
        changed = True
    if "plan" in arguments:
        known = {p.id for p in shared.plans()}
        if arguments["plan"] and arguments["plan"] not in known and "plan" not in asked:
            arguments["plan"] = None  # a remembered plan no longer in the store
            stored.pop("plan", None)
            changed = True
        if not arguments["plan"] and known:
            arguments["plan"] = home_plan(shared, who, shared.as_of(arguments.get("as_of") or None)).id
    if changed:
        request.session[KEY] = stored
