"""Pages of the enterprise assessment: 亩均评价 (with each enterprise's 亩均体检), 梯度培育, 能耗与碳排放.

Each user sees only what the role reaches: an enterprise its own assessment (the 亩均 page sends it to its
own 体检; the lists hold its own row only), a park its parks' enterprises.  Benchmarks and county values are
computed over every enterprise either way — a firm's class does not depend on who is looking.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import numpy as np
from fastapi import Query

from planwatch.assess import gather
from planwatch.assess import mujun as mj
from planwatch.assess.schema import EnergyReport, checkup_record, mujun_report, tiers_report
from planwatch.assess.scheme import DEFAULT_SCHEME, preset_names
from planwatch.assess.targets import PlanAssessment
from planwatch.assess.tiers import DEFAULT_RULES, versions
from planwatch.evaluate.evaluation import Evaluation
from planwatch.plan.model import Plan
from planwatch.report import assessment as tables
from planwatch.report.blocks import Table
from planwatch.service.accounts import User
from planwatch.store.database import end_of_day
from planwatch.store.elements import catalog
from planwatch.store.orgs import park_enterprises
from planwatch.web import models as m
from planwatch.web.access import Forbidden, check_org, visible_orgs
from planwatch.web.pages import common
from planwatch.web.pages.common import AsOf, PlanKey
from planwatch.web.shared import NotFound, SharedStore

YearQuery = Annotated[int | None, Query(ge=1990, le=2100, description="数据年度（默认：已有全年数据的最近一年）")]
SchemeQuery = Annotated[str | None, Query(description="亩均评价方案：重庆（默认）、黄岩、旌德")]
ParkQuery = Annotated[str | None, Query(description="园区名称（含其下属园区）")]
RulesQuery = Annotated[str | None, Query(description="梯度培育认定规则：2022（默认）或 2026")]


def _visible_codes(shared: SharedStore, user: User) -> set[str] | None:
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs)
    if allowed is None:
        return None
    return {o.code for o in orgs.values() if o.id in allowed and o.kind == "enterprise"}


def _mujun(
    shared: SharedStore, year: int | None, scheme: str | None, known: date
) -> tuple[mj.Result, mj.Result | None]:
    moment = end_of_day(known)
    return shared.read(("assess-mujun", year, scheme, known), lambda s: gather.assess_mujun(s, year, scheme, moment))


def _parks(shared: SharedStore, user: User) -> list[str]:
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs)
    return sorted(o.name for o in orgs.values() if o.kind == "park" and (allowed is None or o.id in allowed))


def mujun(
    shared: SharedStore,
    user: User,
    year: YearQuery = None,
    scheme: SchemeQuery = None,
    park: ParkQuery = None,
    as_of: AsOf = None,
) -> m.MujunPage:
    """亩均评价: class counts, 亩均税收 against 亩均增加值 by class, the ranking, each firm's 体检 a click away."""
    year, scheme, park = year or None, scheme or None, park or None
    known = shared.as_of(as_of)
    result, before = _mujun(shared, year, scheme, known)
    codes = _visible_codes(shared, user)
    panel = result.panel
    rows = np.array([codes is None or c in codes for c in panel.codes], dtype=bool)
    if park:
        rows &= panel.in_park(park)
    report = mujun_report(result, before, rows)
    if user.role == "enterprise":
        report = report.model_copy(update={"parks": []})
    points = []
    land = panel.land(result.year)
    for row in np.flatnonzero(rows & (result.list_of >= 0)):
        if result.grade[row] == mj.NOT_RATED:
            continue
        area = float(land[row])
        tax = float(panel.value("tax", result.year)[row])
        added = float(panel.value("value_added", result.year)[row])
        points.append(
            m.GradePoint(
                uscc=panel.codes[row],
                name=panel.names[row],
                park=panel.parks[row],
                list=result.lists[int(result.list_of[row])].rule.name,
                grade=result.grade[row],
                tax_per_mu=round(tax / area, 4) if area > 0 and not np.isnan(tax) else None,
                value_added_per_mu=round(added / area, 4) if area > 0 and not np.isnan(added) else None,
            )
        )
    return m.MujunPage(
        name=f"{result.year}年{result.scheme.name}方案",
        filters=m.MujunFilters(year=result.year, scheme=scheme or DEFAULT_SCHEME, park=park),
        schemes=preset_names(),
        parks=_parks(shared, user),
        report=report,
        points=points,
    )


def checkup(
    shared: SharedStore, user: User, code: str, year: YearQuery = None, scheme: SchemeQuery = None, as_of: AsOf = None
) -> m.CheckupPage:
    """亩均体检: one enterprise's items against the benchmarks, and what each would need for the next class."""
    orgs = shared.orgs()
    org = orgs.get(code.strip().upper()) or orgs.get(code)
    if org is None or org.kind != "enterprise":
        if user.role == "enterprise":
            raise Forbidden("无权查看其他企业的数据：企业用户只能查看本企业。")
        raise NotFound(f"库中没有统一社会信用代码为“{code}”的企业。")
    check_org(user, org, orgs)
    known = shared.as_of(as_of)
    result, before = _mujun(shared, year or None, scheme or None, known)
    if org.code not in result.panel.codes:
        raise NotFound(f"“{org.name}”不在{result.year}年的亩均评价范围内（没有该年的数据）。")
    row = result.panel.codes.index(org.code)
    only = np.zeros(len(result.panel), dtype=bool)
    only[row] = True
    report = mujun_report(result, before, only)
    names = {e.code: e.name for e in catalog().elements}
    units = {e.code: e.unit for e in catalog().elements}
    return m.CheckupPage(
        name=org.name,
        park=result.panel.parks[row],
        checkup=checkup_record(result, report, org.code, names, units),
        lists=report.lists,
    )


def tiers(
    shared: SharedStore,
    user: User,
    year: YearQuery = None,
    rules: RulesQuery = None,
    park: ParkQuery = None,
    as_of: AsOf = None,
) -> m.TiersPage:
    """梯度培育: how many hold each tier, meet it, are close or far; the 培育库 closest first; 小升规."""
    year, rules, park = year or None, rules or None, park or None
    known = shared.as_of(as_of)
    moment = end_of_day(known)
    found, assessed_year, assessed, projected = shared.read(
        ("assess-tiers", year, rules, known), lambda s: gather.assess_tiers(s, year, rules, moment)
    )
    codes = _visible_codes(shared, user)
    shown = {e.code for e in assessed} | {c.code for c in projected}
    if codes is not None:
        shown &= codes
    if park:
        shown &= {code for code, _ in park_enterprises(shared.orgs(), [park])}
    report = tiers_report(found, assessed_year, assessed, projected, shown)
    return m.TiersPage(
        name=f"{assessed_year}年",
        filters=m.TiersFilters(year=assessed_year, rules=rules or DEFAULT_RULES, park=park),
        versions=versions(),
        parks=_parks(shared, user),
        report=report,
    )


def plan_assessment(shared: SharedStore, plan: Plan, evaluation: Evaluation) -> PlanAssessment | None:
    """The plan's enterprises assessed (cached like the evaluation it rests on)."""
    key = ("plan-assessment", plan.id, evaluation.through, evaluation.known)
    return shared.read(key, lambda s: gather.plan_assessment(s, evaluation))


def _energy_plan(shared: SharedStore, plan: str | None, known: date) -> tuple[Plan, PlanAssessment] | None:
    """The plan whose energy target the page shows: the one asked for, else the first with an assessment."""
    candidates = [shared.plan(plan)] if plan else shared.plans()
    period, _ = shared.dates(None, known.isoformat())
    for chosen in candidates:
        evaluation = shared.evaluation(chosen, period, known)
        assessed = plan_assessment(shared, chosen, evaluation)
        if assessed is not None and assessed.energy.target is not None:
            return chosen, assessed
    return None


def energy(
    shared: SharedStore,
    user: User,
    year: YearQuery = None,
    park: ParkQuery = None,
    plan: PlanKey = None,
    as_of: AsOf = None,
) -> m.EnergyPage:
    """能耗与碳排放: 规上 energy intensity against the plan's binding target, by park and by kind of energy."""
    year, park, plan = year or None, park or None, plan or None
    known = shared.as_of(as_of)
    moment = end_of_day(known)
    under = shared.read(("park-org", park), lambda s: gather.park_org(s, park)) if park else None
    report: EnergyReport = shared.read(
        ("assess-energy", year, park, known), lambda s: gather.assess_energy(s, year, moment, under)
    )
    linked = _energy_plan(shared, plan, known) if user.reads_plans else None
    target = linked[1].energy.target if linked else None
    codes = _visible_codes(shared, user)
    orgs = report.orgs
    if codes is not None:
        visible_parks = set(_parks(shared, user))
        orgs = [
            o
            for o in orgs
            if (o.kind == "enterprise" and o.code in codes) or (o.kind == "park" and o.org in visible_parks)
        ]
        if target is not None:
            target = target.model_copy(update={"contributors": [c for c in target.contributors if c.uscc in codes]})
    if user.role == "enterprise":
        target = None
    return m.EnergyPage(
        name=f"{report.year}年",
        filters=m.EnergyFilters(year=report.year, park=park),
        plan=common.plan_summary(linked[0]) if linked else None,
        parks=_parks(shared, user),
        report=report.model_copy(update={"orgs": orgs, "target": target}),
    )


def target_notes(shared: SharedStore, plan: Plan, evaluation: Evaluation, number: int) -> list[str]:
    """What the assessment says of target ``number`` (for its detail page)."""
    assessed = plan_assessment(shared, plan, evaluation)
    return assessed.links.notes.get(number, []) if assessed is not None else []


# --- the pages' Excel exports ------------------------------------------------------------------------------


def mujun_tables(data: m.MujunPage) -> list[Table]:
    return tables.mujun_tables(data.report)


def checkup_tables(data: m.CheckupPage) -> list[Table]:
    return [tables.checkup_table([data.checkup])]


def tiers_tables(data: m.TiersPage) -> list[Table]:
    return tables.tier_tables(data.report)


def energy_tables(data: m.EnergyPage) -> list[Table]:
    return tables.energy_tables(data.report)
