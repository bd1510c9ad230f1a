"""What every page shares: its query parameters, the plan summary, a target's row, the two dates, the scope.

The user's own plan and park (``home_plan``, ``scoped_park``), each enterprise's
filing standing and the year-so-far figures are read here once per store version,
so the overview, the park view, the enterprise pages and the reports agree.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Annotated

from fastapi import Query

from planwatch import filing
from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.evaluate.gather import subject_org
from planwatch.evaluate.schema import ThroughRecord, target_record
from planwatch.evaluate.scope import within
from planwatch.metrics.compute import Value, compute
from planwatch.metrics.definitions import Definition, definitions
from planwatch.metrics.running import YearSoFar, this_year, year_so_far
from planwatch.periods import Through
from planwatch.plan.model import Plan
from planwatch.service.accounts import User
from planwatch.store.database import end_of_day
from planwatch.store.facts import monthly_filings
from planwatch.store.ledgers import tags_in_year
from planwatch.store.orgs import Contact, Org, below, contacts, park_code, tags_in_use
from planwatch.web import models as m
from planwatch.web.access import Forbidden, visible_orgs
from planwatch.web.shared import NotFound, SharedStore

PlanKey = Annotated[str | None, Query(description="规划编号（默认：当前用户所属地区或园区正在实施的规划）")]
AsOf = Annotated[str | None, Query(description="数据入库截至日 YYYY-MM-DD（默认今天或演示时点）")]
ThroughQuery = Annotated[
    str | None, Query(description="评估截止期：2025（年底）、2025-06（月底）或 2025-06-30（默认同入库截至日）")
]
ParkQuery = Annotated[str | None, Query(description="园区名称：只看该园区（园区用户默认本园区；留空为规划的全部范围）")]


def need_plans(user: User) -> None:
    if not user.reads_plans:
        raise Forbidden("企业用户只能查看本企业的数据：请从“本企业”页面进入。")


def plan_summary(plan: Plan) -> m.PlanSummary:
    return m.PlanSummary(
        id=plan.id,
        title=plan.title,
        region=plan.region,
        period=plan.period,
        published=plan.published.isoformat() if plan.published else None,
    )


def all_plans(shared: SharedStore) -> list[m.PlanSummary]:
    return [plan_summary(p) for p in shared.plans()]


def target_row(number: int, t: TargetEvaluation) -> m.TargetRow:
    return m.TargetRow(**target_record(t).model_dump(), number=number)


def through_record(through: Through) -> ThroughRecord:
    return ThroughRecord(code=through.code, end=through.end.isoformat(), label=through.label_zh)


def evaluated(
    shared: SharedStore, plan_key: str | None, through: str | None, as_of: str | None
) -> tuple[Plan, date, Evaluation]:
    plan = shared.plan(plan_key)
    period, known = shared.dates(through, as_of)
    return plan, known, shared.evaluation(plan, period, known)


# --- The user's own plan and park ----------------------------------------------------------------


def _by_id(orgs: dict[str, Org]) -> dict[int, Org]:
    return {o.id: o for o in orgs.values()}


def ancestors(org: Org, by_id: dict[int, Org]) -> list[Org]:
    """The orgs above ``org``, nearest first."""
    chain = []
    parent = org.parent_id
    while parent is not None and parent in by_id:
        chain.append(by_id[parent])
        parent = by_id[parent].parent_id
    return chain


def own_parks(shared: SharedStore, user: User) -> list[Org]:
    """The parks a park user's account is for (empty for other roles)."""
    if user.role != "park":
        return []
    orgs = shared.orgs()
    return [orgs[code] for code in user.scope if code in orgs and orgs[code].kind == "park"]


def _closeness(shared: SharedStore, user: User, plan: Plan) -> int:
    """How much ``plan`` is the user's own: 2 about its park, 1 about a park or region above it, 0 otherwise."""
    parks = own_parks(shared, user)
    if not parks:
        return 0
    orgs = shared.orgs()
    subject = subject_org(orgs, plan)
    if subject is None:
        return 0
    by_id = _by_id(orgs)
    if any(subject.id == park.id for park in parks):
        return 2
    return 1 if any(subject.id in {a.id for a in ancestors(park, by_id)} for park in parks) else 0


def plans_for(shared: SharedStore, user: User) -> list[Plan]:
    """The plans a user chooses among: a park user's own (those about its park or above it), everyone else all."""
    plans = shared.plans()
    own = [p for p in plans if _closeness(shared, user, p)]
    return own or plans


def home_plan(shared: SharedStore, user: User, known: date) -> Plan:
    """The plan a user lands on: its own region's or park's, in force at ``known``, the most recent."""

    def rank(plan: Plan) -> tuple[int, bool, int, str]:
        period = plan.period
        in_force = period is not None and period.start <= known.year <= period.end
        return (
            _closeness(shared, user, plan),
            in_force,
            period.end if period else 0,
            plan.published.isoformat() if plan.published else "",
        )

    plans = shared.plans()
    if not plans:
        return shared.plan(None)  # raises the "no plan yet" message
    return max(plans, key=rank)


def scoped_park(shared: SharedStore, user: User, plan: Plan, park: str | None) -> Org | None:
    """The park a page is about: the one asked for, a park user's own by default; None for the plan's whole scope.

    A park outside the plan's subject (a park remembered from another plan's pages) gives the plan
    whole, as does a park user's own park that the plan does not cover (it reads it as a viewer would).
    """
    orgs = shared.orgs()
    by_id = _by_id(orgs)
    subject = subject_org(orgs, plan)
    if park:
        found = orgs.get(park) or orgs.get(park_code(park))
        if found is None or found.kind != "park":
            raise NotFound(f"库中没有园区“{park}”。")
        allowed = visible_orgs(user, orgs)
        if allowed is not None and found.id not in allowed:
            raise Forbidden(f"无权查看“{found.name}”：园区用户只能查看本园区。")
        if subject is None or subject.id not in {a.id for a in ancestors(found, by_id)}:
            return None
        return found
    for own in own_parks(shared, user):
        if subject is not None and subject.id in {a.id for a in ancestors(own, by_id)}:
            return own
    return None


def parks_under(shared: SharedStore, top: Org | None) -> list[Org]:
    """Every park below ``top`` (however deep), by name."""
    if top is None:
        return []
    orgs = shared.orgs()
    inside = below(orgs, {top.id})
    return sorted(
        (o for o in orgs.values() if o.kind == "park" and o.id in inside and o.id != top.id), key=lambda o: o.name
    )


def park_choices(shared: SharedStore, user: User, plan: Plan) -> list[str]:
    """The parks a user may switch a plan's pages to (a park user: only its own)."""
    subject = subject_org(shared.orgs(), plan)
    allowed = visible_orgs(user, shared.orgs())
    return [p.name for p in parks_under(shared, subject) if allowed is None or p.id in allowed]


def enterprises_in(shared: SharedStore, user: User, top: Org | None) -> list[Org]:
    """The enterprises below ``top`` (all of them when None) that the user may see, by name."""
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs)
    inside = below(orgs, {top.id}) if top is not None else None
    return sorted(
        (
            o
            for o in orgs.values()
            if o.kind == "enterprise" and (allowed is None or o.id in allowed) and (inside is None or o.id in inside)
        ),
        key=lambda o: o.name,
    )


# --- Figures read once per store version ---------------------------------------------------------


def definition(code: str) -> Definition:
    found = next((d for d in definitions() if d.id == code), None)
    if found is None:
        raise NotFound(f"没有指标定义“{code}”（data/indicators.yaml）。")
    return found


def so_far(shared: SharedStore, code: str, through: Through, known: date, subject: Org | None) -> YearSoFar:
    """A definition's year-so-far figures for every org, up to the month ``subject``'s reach (cached).

    Cached by the month reached, not by the subject: the county's view and its parks' share the queries.
    """
    found = definition(code)

    def current() -> dict[int, Value]:
        with shared.lock:
            return this_year(shared.store, found, through, known)

    now = shared.cached(("this-year", code, through, known), current)
    # What the answer depends on: the month the subject's figures reach (0: a count by year), or none this year.
    if subject is None:
        months = [v.last_month or 0 for v in now.values() if v.value is not None]
        reach: int | str = max(months) if months else "whole years"
    else:
        mine = now.get(subject.id)
        reach = (mine.last_month or 0) if mine is not None and mine.value is not None else "whole years"

    def load() -> YearSoFar:
        with shared.lock:
            return year_so_far(shared.store, found, through, known, subject.id if subject else None, now)

    return shared.cached(("so-far", code, through, known, reach), load)


def standings(shared: SharedStore, firms: Collection[Org]) -> dict[int, filing.Filing]:
    """Each enterprise's standing for the month due today (the dashboard's today: the demo's date, or now)."""
    today = shared.as_of(None)

    def every() -> dict[int, filing.Filing]:
        tag = filing.producing_tag()
        with shared.lock:
            rows = monthly_filings(shared.store, filing.since_year(today))
            marked = tag in tags_in_use(shared.store)
            producing = set(tags_in_year(shared.store, [tag], filing.due_month(today).year)) if marked else None
        firms = [o for o in shared.orgs().values() if o.kind == "enterprise"]
        return {f.org.id: f for f in filing.standings(firms, rows, today, producing)}

    known = shared.cached(("standings", today), every)
    return {org.id: known[org.id] for org in firms if org.id in known}


def contacts_of(shared: SharedStore) -> dict[int, Contact]:
    return shared.read(("contacts",), contacts)


def filing_row(standing: filing.Filing, park: str | None, contact: Contact | None) -> m.FilingRow:
    return m.FilingRow(
        code=standing.org.code,
        name=standing.org.name,
        park=park,
        contact=contact.contact if contact else None,
        phone=contact.phone if contact else None,
        filed=standing.filed,
        filed_at=standing.filed_at.strftime("%Y-%m-%d") if standing.filed_at else None,
        last=standing.last,
        owed=[str(p) for p in standing.owed],
    )


def parent_names(shared: SharedStore) -> dict[int, str]:
    """Org id → the name of the org above it (read once per store version: pages list many enterprises)."""

    def load() -> dict[int, str]:
        by_id = _by_id(shared.orgs())
        return {o.id: by_id[o.parent_id].name for o in by_id.values() if o.parent_id in by_id}

    return shared.cached(("parent-names",), load)


def parent_name(shared: SharedStore, org: Org) -> str | None:
    return parent_names(shared).get(org.id)


def yearly(shared: SharedStore, code: str, year: int, known: date) -> dict[int, float | None]:
    """A definition's whole-year figure for every org (亩均产值 of last year …), as known on ``known`` (cached)."""

    def load() -> dict[int, float | None]:
        with shared.lock:
            found = compute(shared.store, definition(code), [year], end_of_day(known))
        return {v.org_id: v.value for v in found if v.year == year}

    return shared.cached(("yearly", code, year, known), load)


def numbered(whole: Evaluation, scoped: Evaluation) -> list[tuple[int, TargetEvaluation]]:
    """``scoped``'s targets with their numbers in the whole plan (a target's page is /indicators/{plan}/{number})."""
    kept = {id(t) for t in scoped.targets}
    return [(n, t) for n, t in enumerate(whole.targets, start=1) if id(t) in kept]


def within_park(shared: SharedStore, whole: Evaluation, park: Org | None) -> Evaluation:
    """The evaluation as a park sees it (its own targets), or whole."""
    if park is None:
        return whole
    inside = below(shared.orgs(), {park.id})
    return within(whole, park, inside)
