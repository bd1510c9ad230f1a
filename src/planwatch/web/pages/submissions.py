"""报送情况 (催报): which enterprises have filed the month due and which have not, with the contact to call.

The list a park committee works through at the start of each month; its first names are on the 总览
(``cockpit``).  Who owes which month is ``planwatch.filing``'s rule.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

from planwatch import filing
from planwatch.evaluate.evaluation import Evaluation
from planwatch.periods import Period
from planwatch.plan.model import Plan
from planwatch.service.accounts import User
from planwatch.store.orgs import Org
from planwatch.web import models as m
from planwatch.web.pages import common
from planwatch.web.pages.common import AsOf, ParkQuery, PlanKey, ThroughQuery
from planwatch.web.shared import SharedStore

FILING_SHOWN = 8
"""How many late enterprises the 总览's card names (the page lists them all)."""


def month_label(period: Period) -> str:
    return f"{period.year}年{period.number}月"


def filing_summary(shared: SharedStore, user: User, top: Org | None, park: str | None) -> m.FilingSummary | None:
    firms = common.enterprises_in(shared, user, top)
    if not firms:
        return None
    standings = common.standings(shared, firms)
    reach = common.contacts_of(shared)
    late = [s for s in standings.values() if not s.filed]
    late.sort(key=lambda s: s.org.name)
    due = filing.due_month(shared.as_of(None))
    return m.FilingSummary(
        due=str(due),
        due_label=month_label(due),
        enterprises=len(standings),
        filed=len(standings) - len(late),
        late=[
            common.filing_row(s, common.parent_name(shared, s.org), reach.get(s.org.id)) for s in late[:FILING_SHOWN]
        ],
        link=f"/filings?{urlencode({'park': park})}" if park else "/filings",
    )


def filings(
    shared: SharedStore,
    user: User,
    plan: PlanKey = None,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    park: ParkQuery = None,
    missing: Annotated[bool, Query(description="只列未报送的企业")] = True,
) -> m.FilingsPage:
    """报送情况（催报）: who has filed the month due and who has not, with the contact to call."""
    common.need_plans(user)
    chosen, known, whole = common.evaluated(shared, plan, through, as_of)
    place = common.scoped_park(shared, user, chosen, park)
    key = ("filings", chosen.id, whole.through, known, place.id if place else None, missing, user.role, user.scope)
    return shared.cached(key, lambda: _filings(shared, user, chosen, known, whole, place, missing))


def _filings(
    shared: SharedStore, user: User, chosen: Plan, known: date, whole: Evaluation, place: Org | None, missing: bool
) -> m.FilingsPage:
    subject = place or whole.subject
    parents = common.parent_names(shared)
    firms = common.enterprises_in(shared, user, subject)
    standings = common.standings(shared, firms)
    reach = common.contacts_of(shared)
    ordered = sorted(standings.values(), key=lambda s: (s.filed, parents.get(s.org.id, ""), s.org.name))
    due = filing.due_month(shared.as_of(None))
    return m.FilingsPage(
        plan=common.plan_summary(chosen),
        plans=[common.plan_summary(p) for p in common.plans_for(shared, user)],
        as_of=known.isoformat(),
        through=common.through_record(whole.through),
        scope=m.Scope(
            name=subject.name if subject else None,
            park=place.name if place else None,
            parks=common.park_choices(shared, user, chosen),
            whole=whole.subject.name if whole.subject else None,
        ),
        due=str(due),
        due_label=month_label(due),
        missing=missing,
        total=len(standings),
        filed=sum(1 for s in standings.values() if s.filed),
        rows=[
            common.filing_row(s, parents.get(s.org.id), reach.get(s.org.id))
            for s in ordered
            if not (missing and s.filed)
        ],
    )
