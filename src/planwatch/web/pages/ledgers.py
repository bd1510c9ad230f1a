"""Pages of the ledgers: 项目台账 and each project (with its monthly form), 产业链, 招商引资, 专项资金.

Who sees what: county staff (admin) and viewers everything; a park user its parks' projects,
signings and supports (a project of another park is 403, to read as to write) and the chain map
with other parks' enterprises counted but not named; enterprise users none of it.  Only admins
and park users record progress (``web/routers/ledgers.py`` writes; here ``editable`` says who may).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query

from planwatch.chains.schema import chains_json
from planwatch.evaluate.ledger import CATEGORY
from planwatch.evaluate.schema import rounded
from planwatch.periods import reporting_month
from planwatch.plan.model import Plan
from planwatch.projects import attraction as attraction_ledger
from planwatch.projects.ledger import PLAN_ORIGIN, Ledger, Row, Totals, totals
from planwatch.projects.schema import row_json, totals_json
from planwatch.service import ledgers as source
from planwatch.service.accounts import User
from planwatch.status import STAGES
from planwatch.web import models as m
from planwatch.web.access import Forbidden, visible_orgs
from planwatch.web.pages import common
from planwatch.web.pages.common import AsOf, PlanKey, ThroughQuery
from planwatch.web.shared import NotFound, SharedStore


def user_parks(shared: SharedStore, user: User) -> set[str] | None:
    """The parks a park user covers (by name, with the parks under them); None for county-level users."""
    if user.role in {"admin", "viewer"}:
        return None
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs) or set()
    return {o.name for o in orgs.values() if o.kind == "park" and o.id in allowed}


def may_edit(user: User, park: str | None, parks: set[str] | None) -> bool:
    """Admins record any project's progress, park users their parks' projects; viewers and enterprises none."""
    if user.role == "admin":
        return True
    return user.role == "park" and parks is not None and park in parks


def check_project(user: User, park: str | None, parks: set[str] | None) -> None:
    if parks is not None and park not in parks:
        raise Forbidden(f"无权查看或填报“{park or '未注明园区'}”的项目：{user.role_zh}只能查看本园区的项目。")


def summary(ledger: Ledger | None) -> m.LedgerSummary | None:
    """The ledger's line on the 总览 (county-wide: the plan's projects)."""
    if ledger is None:
        return None
    t = ledger.overall
    return m.LedgerSummary(
        month=ledger.month,
        latest_period=max((r.last_period for r in ledger.rows if r.last_period), default=None),
        projects=t.projects,
        started=t.started,
        due_to_start=t.due_to_start,
        start_rate=rounded(t.start_rate, 4),
        producing=t.producing,
        due_to_produce=t.due_to_produce,
        production_rate=rounded(t.production_rate, 4),
        completed_investment_wan=round(t.completed_wan, 2),
        total_investment_wan=round(t.total_wan, 2),
        completion_rate=rounded(t.completion_rate, 4),
        delayed=t.delayed,
    )


def _ledger(shared: SharedStore, plan: Plan, day: date, known: date) -> Ledger:
    return shared.read(("ledger", plan.id, day, known), lambda store: source.project_ledger(store, plan, day, known))


def _totals(t: Totals) -> m.LedgerTotals:
    return m.LedgerTotals(**totals_json(t))


def _row(r: Row, user: User, parks: set[str] | None) -> m.LedgerRow:
    return m.LedgerRow(**row_json(r), editable=may_edit(user, r.park, parks))


def ledger(
    shared: SharedStore,
    user: User,
    plan: PlanKey = None,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    park: Annotated[str | None, Query(description="园区")] = None,
    status: Annotated[str | None, Query(description="项目状态，如 在建")] = None,
    q: Annotated[str | None, Query(description="项目名称或编号包含的文字")] = None,
    delayed: Annotated[bool, Query(description="只列滞后项目")] = False,
) -> m.LedgerPage:
    """项目台账: every project's status and investment as of a month, totals by park and chain, delays."""
    common.need_plans(user)
    chosen = shared.plan(plan)
    period, known = shared.dates(through, as_of)
    found = _ledger(shared, chosen, period.end, known)
    parks = user_parks(shared, user)
    mine = [r for r in found.rows if parks is None or r.park in parks]
    planned = [r for r in mine if r.origin == PLAN_ORIGIN]
    shown = [
        r
        for r in mine
        if (not park or r.park == park)
        and (not status or r.stage.zh == status)
        and (not q or q in r.name or q in r.id)
        and (not delayed or r.delayed)
    ]
    by_park: dict[str, list[Row]] = {}
    by_chain: dict[str, list[Row]] = {}
    for r in planned:
        by_park.setdefault(r.park or "（未注明园区）", []).append(r)
        if r.chain:
            by_chain.setdefault(r.chain, []).append(r)
    stated = {name: t.stated_wan for name, t in found.by_park.items()}
    overall = found.overall if parks is None else totals(planned, found.day)
    return m.LedgerPage(
        plan=common.plan_summary(chosen),
        plans=common.all_plans(shared),
        as_of=known.isoformat(),
        day=found.day.isoformat(),
        month=found.month,
        latest_period=max((r.last_period for r in mine if r.last_period), default=None),
        filters=m.LedgerFilters(park=park or None, status=status or None, q=q or None, delayed=delayed),
        parks=sorted({r.park for r in mine if r.park}),
        statuses=[s.zh for s in STAGES],
        overall=_totals(overall),
        by_park=[
            m.NamedTotals(name=name, **totals_json(totals(rows, found.day, stated.get(name))))
            for name, rows in by_park.items()
        ],
        by_chain=[m.NamedTotals(name=name, **totals_json(totals(rows, found.day))) for name, rows in by_chain.items()],
        added=_totals(totals((r for r in mine if r.origin != PLAN_ORIGIN), found.day)),
        reported=sum(1 for r in mine if r.last_period),
        total=len(mine),
        rows=[_row(r, user, parks) for r in shown],
        can_edit=user.role in {"admin", "park"},
    )


def ledger_project(
    shared: SharedStore, user: User, plan_id: str, project_id: str, as_of: AsOf = None
) -> m.LedgerProjectPage:
    """One project of the ledger: where it stands, every monthly update with its revisions, and the form."""
    common.need_plans(user)
    chosen = shared.plan(plan_id)
    period, known = shared.dates(None, as_of)
    found = _ledger(shared, chosen, period.end, known)
    row = next((r for r in found.rows if r.id == project_id), None)
    if row is None:
        raise NotFound(f"规划“{chosen.title or chosen.id}”的台账中没有编号为“{project_id}”的项目。")
    parks = user_parks(shared, user)
    check_project(user, row.park, parks)
    history = shared.read(
        ("ledger-history", chosen.id, project_id, known),
        lambda store: source.update_history(store, chosen, project_id, known),
    )
    return m.LedgerProjectPage(
        plan=common.plan_summary(chosen),
        plans=common.all_plans(shared),
        as_of=known.isoformat(),
        project=_row(row, user, parks),
        history=[
            m.UpdateRecord(
                period=u.period,
                status=u.stage.value,
                status_zh=u.stage.zh,
                completed_investment_wan=u.completed_wan,
                annual_plan_wan=u.annual_plan_wan,
                responsible=u.responsible,
                problems=u.problems,
                reason=u.reason,
                revision=u.revision,
                recorded_at=u.recorded_at.isoformat(sep=" ", timespec="minutes") if u.recorded_at else None,
                recorded_by=u.recorded_by,
            )
            for u in reversed(history)
        ],
        can_edit=may_edit(user, row.park, parks),
        month=reporting_month(known).code if known.day < 25 else f"{known.year}-{known.month:02d}",
        statuses=[s.zh for s in STAGES],
    )


def chains(shared: SharedStore, user: User, plan: PlanKey = None, as_of: AsOf = None) -> m.ChainsPage:
    """产业链: each chain's links with the enterprises and projects on them, and the gap list (补链、延链、强链)."""
    common.need_plans(user)
    chosen = shared.plan(plan)
    _, known = shared.dates(None, as_of)
    view = shared.read(("chains", chosen.id, known), lambda store: source.chain_view(store, chosen, known))
    data: dict[str, Any] = chains_json(
        chosen.id or "", view.maps, view.placed, view.projects, view.gaps, view.year, view.version
    )
    parks = user_parks(shared, user)
    gap_of = {(g["chain"], g["link"]): g["kind"] for g in data["gaps"]}
    records = []
    for chain in data["chains"]:
        links = []
        for link in chain["links"]:
            members = [x for x in link["members"] if parks is None or x["park"] in parks]
            links.append(
                m.ChainLinkRecord(
                    **{**link, "members": members, "enterprises": [x["uscc"] for x in members]},
                    hidden=len(link["members"]) - len(members),
                    gap=gap_of.get((chain["name"], link["name"])),
                )
            )
        records.append(m.ChainRecord(**{**chain, "links": links}))
    counts: dict[str, int] = {}
    for gap in data["gaps"]:
        counts[gap["kind"]] = counts.get(gap["kind"], 0) + 1
    return m.ChainsPage(
        plan=common.plan_summary(chosen),
        plans=common.all_plans(shared),
        as_of=known.isoformat(),
        output_year=data["output_year"],
        version=data["version"],
        chains=records,
        gaps=[m.GapRecord(**g) for g in data["gaps"]],
        gap_counts=counts,
    )


def attraction(
    shared: SharedStore, user: User, plan: PlanKey = None, through: ThroughQuery = None, as_of: AsOf = None
) -> m.AttractionPage:
    """招商引资: the signings and how far each came, the funnel per chain, and the 招商 targets' status."""
    common.need_plans(user)
    chosen, known, evaluation = common.evaluated(shared, plan, through, as_of)
    day = evaluation.through.end
    standing = shared.read(
        ("standings", chosen.id, day, known), lambda store: source.standings(store, chosen, day, known)
    )
    parks = user_parks(shared, user)
    mine = [s for s in standing if parks is None or s.signing.park in parks]
    rows = [common.target_row(n, t) for n, t in enumerate(evaluation.targets, start=1)]
    targets = [
        r
        for r, t in zip(rows, evaluation.targets, strict=True)
        if t.indicator.category == CATEGORY or (t.definition is not None and t.definition.id.startswith("ledger:"))
    ]
    return m.AttractionPage(
        plan=common.plan_summary(chosen),
        plans=common.all_plans(shared),
        as_of=known.isoformat(),
        through=common.through_record(evaluation.through),
        day=day.isoformat(),
        funnels=[
            m.FunnelRecord(
                chain=f.chain, counts=f.counts, amounts_wan=f.amounts_wan, arrived_wan=round(f.arrived_wan, 2)
            )
            for f in attraction_ledger.funnels(mine)
        ],
        signings=[
            m.SigningRecord(
                code=s.signing.code,
                name=s.signing.name,
                investor=s.signing.investor,
                park=s.signing.park,
                chain=s.signing.chain,
                link=s.signing.link,
                signed_wan=s.signing.signed_wan,
                signed_on=s.signing.signed_on.isoformat(),
                stage=s.stage,
                arrived_wan=round(s.arrived_wan, 2),
                landed=s.landed,
            )
            for s in sorted(mine, key=lambda s: (s.signing.chain or "", s.signing.signed_on))
        ],
        targets=targets,
    )


def funds(shared: SharedStore, user: User, plan: PlanKey = None, as_of: AsOf = None) -> m.FundsPage:
    """专项资金: every support, totals by kind, park, industry and chain, and the before/after view."""
    common.need_plans(user)
    chosen = shared.plan(plan)
    _, known = shared.dates(None, as_of)
    records = shared.read(("funds", known), lambda store: source.supports(store, known))
    parks = user_parks(shared, user)
    mine = [s for s in records if parks is None or s.park in parks]
    view = shared.read(("chains", chosen.id, known), lambda store: source.chain_view(store, chosen, known))
    chains_of: dict[str, list[str]] = {}
    for (chain, _), placed in view.placed.items():
        for p in placed:
            chains_of.setdefault(p.member.uscc, []).append(chain)
    for project, (chain, _) in view.projects.items():
        chains_of.setdefault(project, []).append(chain)
    from planwatch.projects.funds import totals as fund_totals

    summed = fund_totals(mine, chains_of)
    performance = shared.read(
        ("fund-performance", known, tuple(s.code for s in mine)),
        lambda store: source.fund_performance(store, mine, known),
    )
    groups = []
    if performance is not None:
        for g in (performance.supported, performance.unsupported):
            groups.append(
                m.FundGroup(
                    name=g.name,
                    enterprises=g.enterprises,
                    output_before=round(g.output[0], 2),
                    output_after=round(g.output[1], 2),
                    output_growth=rounded(g.output_growth, 4),
                    tax_before=round(g.tax[0], 2),
                    tax_after=round(g.tax[1], 2),
                    tax_growth=rounded(g.tax_growth, 4),
                    tax_per_mu_before=rounded(g.tax_per_mu[0], 4),
                    tax_per_mu_after=rounded(g.tax_per_mu[1], 4),
                )
            )
    return m.FundsPage(
        plan=common.plan_summary(chosen),
        plans=common.all_plans(shared),
        as_of=known.isoformat(),
        records=[
            m.FundRecord(
                code=s.code,
                uscc=s.uscc,
                enterprise=s.enterprise,
                park=s.park,
                industry=s.industry,
                project_id=s.project_id,
                kind=s.kind,
                amount_wan=s.amount_wan,
                granted_on=s.granted_on.isoformat(),
                policy=s.policy,
                department=s.department,
            )
            for s in mine
        ],
        amount_wan=round(summed.amount_wan, 2),
        by_kind={k: round(v, 2) for k, v in summed.by_kind.items()},
        by_park={k: round(v, 2) for k, v in summed.by_park.items()},
        by_industry={k: round(v, 2) for k, v in summed.by_industry.items()},
        by_chain={k: round(v, 2) for k, v in summed.by_chain.items()},
        by_year={str(k): round(v, 2) for k, v in summed.by_year.items()},
        performance=m.FundPerformance(before=performance.before, after=performance.after, groups=groups)
        if performance
        else None,
    )
