"""One function per dashboard page: what the page shows, as a typed model.

The HTML page, its ``/api/`` twin and its ``/export/`` workbook are all made
from the same call (``web.registry``), so they can never disagree.  Every
function takes the ``SharedStore`` and the logged-in ``User``, then the page's
own query parameters (their annotations are the API's documentation), and
raises ``Forbidden`` for what the user's role does not reach.
"""

from planwatch.web.pages.admin import log
from planwatch.web.pages.assess import checkup, energy, mujun, tiers
from planwatch.web.pages.cockpit import overview
from planwatch.web.pages.common import AsOf, ParkQuery, PlanKey, ThroughQuery
from planwatch.web.pages.ledgers import attraction, chains, funds, ledger, ledger_project
from planwatch.web.pages.orgs import enterprise, enterprises, parks
from planwatch.web.pages.plan import audit, indicator, indicators, me, plans, projects
from planwatch.web.pages.submissions import filings
from planwatch.web.pages.versions import diff, history, plan_versions, review

__all__ = [
    "AsOf",
    "ParkQuery",
    "PlanKey",
    "ThroughQuery",
    "attraction",
    "audit",
    "chains",
    "checkup",
    "diff",
    "energy",
    "enterprise",
    "enterprises",
    "filings",
    "funds",
    "history",
    "indicator",
    "indicators",
    "ledger",
    "ledger_project",
    "log",
    "me",
    "mujun",
    "overview",
    "parks",
    "plan_versions",
    "plans",
    "projects",
    "review",
    "tiers",
]
