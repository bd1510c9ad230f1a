"""The ledgers as the CLI, the dashboard, the report and the evaluation see them: read once, then built.

Each function reads what it needs from the store (as known at the end of the knowledge date) and
hands it to the pure modules — ``chains`` for the chain map and its gaps, ``projects`` for the
project, 招商 and fund ledgers.  Two dates, as everywhere: ``day`` is the day the ledger stands at
(updates of its month and before count), ``known`` the knowledge date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from planwatch.chains.attach import HandEntry, Member, Placed, attach, place_projects
from planwatch.chains.gaps import Gap, find_gaps
from planwatch.chains.graph import ChainMap, apply_edits, derive
from planwatch.plan.model import Plan
from planwatch.projects import attraction, funds, ledger
from planwatch.projects.rules import measure
from planwatch.status import Stage
from planwatch.store import ledgers as rows
from planwatch.store.database import Store, end_of_day
from planwatch.store.elements import catalog
from planwatch.store.orgs import Org, load_orgs, registrations

LEADER_TAG = "链主"
LARGE_TAG = "规上"


def last_complete_year(day: date) -> int:
    return day.year if (day.month, day.day) == (12, 31) else day.year - 1


@dataclass(frozen=True)
class ChainView:
    maps: list[ChainMap]
    version: int | None
    """The stored version of the map in force (None: the plan's chains as read)."""
    placed: dict[tuple[str, str], list[Placed]]
    projects: dict[str, tuple[str, str | None]]
    """Project id → (chain, link) for the projects on a chain."""
    gaps: list[Gap]
    year: int
    """The year of the enterprises' output and 规上 standing."""


def park_of(org: Org, by_id: dict[int, Org]) -> str | None:
    parent = by_id.get(org.parent_id) if org.parent_id is not None else None
    while parent is not None and parent.kind != "park":
        parent = by_id.get(parent.parent_id) if parent.parent_id is not None else None
    return parent.name if parent else None


def members(store: Store, known: date) -> list[Member]:
    """Every enterprise of the registry with its code, registered links, last complete year's output and tags."""
    orgs = load_orgs(store)
    by_id = {o.id: o for o in orgs.values()}
    registry = registrations(store)
    year = last_complete_year(known)
    output = catalog().find("工业总产值")
    figures = rows.yearly_figures(store, [output.code] if output else [], [year], end_of_day(known))
    tags = rows.tags_in_year(store, [LARGE_TAG, LEADER_TAG], year)
    found = []
    for org in orgs.values():
        if org.kind != "enterprise":
            continue
        entry = registry.get(org.id)
        held = tags.get(org.id, set())
        found.append(
            Member(
                org.code,
                org.name,
                park_of(org, by_id),
                entry.industry if entry else None,
                entry.chain_links if entry else None,
                figures.get((org.id, output.code, year)) if output else None,
                LARGE_TAG in held,
                LEADER_TAG in held,
            )
        )
    return found


def chain_maps(store: Store, plan: Plan, known: date) -> tuple[list[ChainMap], int | None]:
    stored = rows.chain_map(store, plan.id or "", end_of_day(known))
    body = json.loads(stored[1]) if stored else None
    return apply_edits(derive(plan), body), (stored[0] if stored else None)


def hand_entries(store: Store, plan: Plan, known: date) -> list[HandEntry]:
    return [HandEntry(*entry) for entry in rows.chain_members(store, plan.id or "", end_of_day(known))]


def chain_view(store: Store, plan: Plan, known: date) -> ChainView:
    """The plan's chain map as known at ``known``: links, who is on them, projects, gaps."""
    maps, version = chain_maps(store, plan, known)
    hand = hand_entries(store, plan, known)
    placed = attach(maps, members(store, known), hand)
    projects = place_projects(maps, plan.projects, hand)
    return ChainView(maps, version, placed, projects, find_gaps(maps, placed), last_complete_year(known))


def _update(row: rows.Stored) -> ledger.Update:
    t = rows.UPDATES
    return ledger.Update(
        project_id=row.get(t, "project_id"),
        period=row.get(t, "period"),
        stage=Stage(row.get(t, "stage")),
        completed_wan=float(row.get(t, "completed_wan")),
        annual_plan_wan=None if row.get(t, "annual_plan_wan") is None else float(row.get(t, "annual_plan_wan")),
        responsible=row.get(t, "responsible"),
        problems=row.get(t, "problems"),
        reason=row.get(t, "reason"),
        revision=row.revision,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


def updates(store: Store, plan: Plan, known: date) -> list[ledger.Update]:
    """Every project's monthly updates as known at the end of ``known``."""
    return [_update(r) for r in rows.known(store, rows.UPDATES, plan.id or "", end_of_day(known))]


def update_history(store: Store, plan: Plan, project_id: str, known: date) -> list[ledger.Update]:
    """Every revision recorded for one project by the end of ``known``, oldest first."""
    return [
        _update(r)
        for r in rows.history(store, rows.UPDATES, plan.id or "", end_of_day(known))
        if r.get(rows.UPDATES, "project_id") == project_id
    ]


def signings(store: Store, plan: Plan, known: date) -> list[attraction.Signing]:
    t = rows.SIGNINGS
    return [
        attraction.Signing(
            r.get(t, "code"),
            r.get(t, "name"),
            r.get(t, "investor"),
            r.get(t, "park"),
            r.get(t, "chain"),
            r.get(t, "link"),
            float(r.get(t, "signed_wan")),
            r.get(t, "signed_on"),
        )
        for r in rows.known(store, t, plan.id or "", end_of_day(known))
    ]


def steps(store: Store, plan: Plan, known: date) -> list[attraction.Step]:
    t = rows.STEPS
    return [
        attraction.Step(
            r.get(t, "code"),
            r.get(t, "period"),
            r.get(t, "stage"),
            None if r.get(t, "arrived_wan") is None else float(r.get(t, "arrived_wan")),
        )
        for r in rows.known(store, t, plan.id or "", end_of_day(known))
    ]


def standings(store: Store, plan: Plan, day: date, known: date) -> list[attraction.Standing]:
    return attraction.standings(signings(store, plan, known), steps(store, plan, known), day)


@dataclass(frozen=True)
class ChainTarget:
    chain: str
    measure: str
    """签约投资额, 到位资金 or 落地项目."""
    year: int
    value: float
    unit: str


def chain_targets(store: Store, plan: Plan, known: date) -> list[ChainTarget]:
    """招商 targets set per chain and year, as known (the latest revision of each)."""
    t = rows.TARGETS
    found = []
    for r in rows.known(store, t, plan.id or "", end_of_day(known)):
        found.append(
            ChainTarget(
                r.get(t, "chain"),
                r.get(t, "measure"),
                int(r.get(t, "year")),
                float(r.get(t, "value")),
                r.get(t, "unit"),
            )
        )
    return sorted(found, key=lambda c: (c.chain, c.measure, c.year))


def project_ledger(store: Store, plan: Plan, day: date, known: date, view: ChainView | None = None) -> ledger.Ledger:
    """The 重点项目台账 of ``plan`` standing at ``day`` as known at ``known``, with 招商 projects that landed."""
    view = view or chain_view(store, plan, known)
    planned = {p.id for p in plan.projects}
    seeds, placed = attraction.landed(standings(store, plan, day, known), planned)
    return ledger.build(plan, updates(store, plan, known), day, {**view.projects, **placed}, seeds)


def has_ledger(store: Store, plan: Plan, known: date) -> bool:
    """Has anything been recorded in the project or 招商 ledger of this plan by ``known``?"""
    return bool(updates(store, plan, known) or signings(store, plan, known))


def supports(store: Store, known: date) -> list[funds.Support]:
    """The 专项资金 records as known, with each enterprise's name, park and industry from the registry."""
    orgs = load_orgs(store)
    by_id = {o.id: o for o in orgs.values()}
    registry = registrations(store)
    t = rows.FUNDS
    found = []
    for r in rows.known(store, t, None, end_of_day(known)):
        uscc = r.get(t, "uscc")
        org = orgs.get(uscc) if uscc else None
        entry = registry.get(org.id) if org else None
        found.append(
            funds.Support(
                r.get(t, "code"),
                uscc,
                org.name if org else None,
                park_of(org, by_id) if org else None,
                entry.industry if entry else None,
                r.get(t, "project_id"),
                r.get(t, "kind"),
                float(r.get(t, "amount_wan")),
                r.get(t, "granted_on"),
                r.get(t, "policy"),
                r.get(t, "department"),
            )
        )
    return sorted(found, key=lambda s: (s.granted_on, s.code))


def fund_performance(store: Store, records: list[funds.Support], known: date) -> funds.Performance | None:
    """The before/after view of the supported enterprises beside the unsupported ones of their parks."""
    if not records:
        return None
    last = last_complete_year(known)
    first = min(s.granted_on.year for s in records) - 1
    if first >= last:
        return None
    codes = {e: catalog().find(e) for e in ("工业总产值", "税金", "用地面积")}
    wanted = [e.code for e in codes.values() if e is not None]
    values = rows.yearly_figures(store, wanted, [first, last], end_of_day(known))
    orgs = load_orgs(store)
    by_id = {o.id: o for o in orgs.values()}
    code_of = {name: (e.code if e else "") for name, e in codes.items()}
    figures: dict[str, dict[int, funds.Figures]] = {}
    parks: dict[str, str | None] = {}
    for org in orgs.values():
        if org.kind != "enterprise":
            continue
        parks[org.code] = park_of(org, by_id)
        for year in (first, last):
            output = values.get((org.id, code_of["工业总产值"], year))
            if output is None:
                continue
            figures.setdefault(org.code, {})[year] = funds.Figures(
                output, values.get((org.id, code_of["税金"], year)), values.get((org.id, code_of["用地面积"], year))
            )
    return funds.performance(records, figures, parks, last)


def measure_names() -> dict[str, str]:
    """招商 measure name → its unit (签约投资额 → 亿元)."""
    return {m.name: m.unit for m in (measure("signed"), measure("arrived"), measure("landed")) if m is not None}
