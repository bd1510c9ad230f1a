"""Pages about parks and enterprises: 园区, 企业名录, 企业档案 — each user sees only what the role reaches."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Annotated, Literal

from fastapi import Query

from planwatch import filing
from planwatch.evaluate.schema import rounded
from planwatch.metrics.compute import compute
from planwatch.metrics.definitions import Definition, definitions
from planwatch.metrics.running import YearSoFar
from planwatch.periods import through_day
from planwatch.service.accounts import User
from planwatch.store.elements import catalog
from planwatch.store.facts import latest_values
from planwatch.store.orgs import Org, registrations, tag_rows
from planwatch.units import convert_or_none
from planwatch.web import models as m
from planwatch.web.access import Forbidden, may_see, visible_orgs
from planwatch.web.pages import cockpit, common, submissions
from planwatch.web.pages.common import AsOf, PlanKey, ThroughQuery
from planwatch.web.shared import NotFound, SharedStore

PARK_FIGURES = ("industrial_output", "gs_output", "tax", "land_area", "output_per_mu", "gs_tax_per_mu")
PROFILE_ELEMENTS = ("output_value", "revenue", "tax", "value_added", "energy_total", "rd_expense", "land_area")


def _definition(code: str) -> Definition:
    return next(d for d in definitions() if d.id == code)


def _ancestors(org: Org, by_id: dict[int, Org]) -> list[int]:
    chain = []
    parent = org.parent_id
    while parent is not None and parent in by_id:
        chain.append(parent)
        parent = by_id[parent].parent_id
    return chain


def parks(
    shared: SharedStore, user: User, plan: PlanKey = None, through: ThroughQuery = None, as_of: AsOf = None
) -> m.ParksPage:
    """园区: each park's output against its targets, its enterprises, land and per-亩 figures."""
    common.need_plans(user)
    chosen, known, evaluation = common.evaluated(shared, plan, through, as_of)
    orgs = shared.orgs()
    by_id = {o.id: o for o in orgs.values()}
    allowed = visible_orgs(user, orgs)
    region = evaluation.subject
    while region is not None and region.kind != "region" and region.parent_id in by_id:
        region = by_id[region.parent_id] if region.parent_id is not None else None
    park_orgs = [
        o
        for o in orgs.values()
        if o.kind == "park"
        and (allowed is None or o.id in allowed)
        and (region is None or region.id in _ancestors(o, by_id))
    ]
    end = evaluation.through.end
    year = end.year - 1 if end.month < 12 else end.year
    years = [year - 2, year - 1, year]

    def figures() -> dict[str, dict[tuple[int, int], float | None]]:
        with shared.lock:
            return {
                code: {(v.org_id, v.year): v.value for v in compute(shared.store, _definition(code), years)}
                for code in PARK_FIGURES
            }

    computed = shared.cached(("park-figures", year), figures)
    members: dict[int, int] = Counter()  # enterprises under each park, however deep
    for org in orgs.values():
        if org.kind == "enterprise":
            for above in _ancestors(org, by_id):
                members[above] += 1
    rows = []
    for park in sorted(park_orgs, key=lambda o: -members[o.id]):
        rows.append(
            m.ParkRow(
                id=park.id,
                name=park.name,
                enterprises=members[park.id],
                figures=[
                    m.ParkFigure(
                        id=code,
                        name=_definition(code).name,
                        unit=_definition(code).unit,
                        values=[
                            m.YearFigure(year=y, value=rounded(computed[code].get((park.id, y)), 4)) for y in years
                        ],
                    )
                    for code in PARK_FIGURES
                ],
                targets=[
                    common.target_row(n, t)
                    for n, t in enumerate(evaluation.targets, start=1)
                    if t.org is not None and t.org.id == park.id and t.indicator.target.value is not None
                ],
            )
        )
    return m.ParksPage(
        plan=common.plan_summary(chosen),
        plans=common.all_plans(shared),
        as_of=known.isoformat(),
        through=common.through_record(evaluation.through),
        region=region.name if region else chosen.region,
        year=year,
        years=years,
        parks=rows,
    )


def _tags(shared: SharedStore) -> dict[int, list[m.TagSpan]]:
    def load() -> dict[int, list[m.TagSpan]]:
        with shared.lock:
            rows = tag_rows(shared.store)
        tags: dict[int, list[m.TagSpan]] = defaultdict(list)
        for org_id, tag, start, end in rows:
            tags[org_id].append(m.TagSpan.model_validate({"tag": tag, "from": start, "to": end}))
        return dict(tags)

    return shared.cached(("tags",), load)


def _registry(shared: SharedStore) -> dict[int, m.Registry]:
    def load() -> dict[int, m.Registry]:
        with shared.lock:
            found = registrations(shared.store)
        return {
            org_id: m.Registry(
                industry=r.industry,
                cluster=r.cluster,
                chain_links=r.chain_links,
                land_mu=rounded(r.land_mu, 4),
                demo=r.demo,
            )
            for org_id, r in found.items()
        }

    return shared.cached(("registry",), load)


SORTS = {"output": "按产值", "growth": "按同比"}


def _ranking(shared: SharedStore) -> YearSoFar:
    """工业总产值 for the year so far, for every enterprise (the ranking column of 企业名录)."""
    known = shared.as_of(None)
    return common.so_far(shared, cockpit.OUTPUT, through_day(known), known, None)


def enterprises(
    shared: SharedStore,
    user: User,
    q: Annotated[str | None, Query(description="名称、代码或产业包含的文字")] = None,
    park: Annotated[str | None, Query(description="园区名称")] = None,
    sort: Annotated[
        Literal["output", "growth", ""] | None, Query(description="排序：output 按产值，growth 按同比；默认按名称")
    ] = None,
) -> m.EnterprisesPage:
    """企业: the registry, searchable by name, code or cluster, with this year's output, 同比 and the month's filing."""
    q, park, sort = q or None, park or None, sort or None
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs)
    by_id = {o.id: o for o in orgs.values()}
    registry = _registry(shared)
    tags = _tags(shared)
    ranking = _ranking(shared)
    firms = [o for o in orgs.values() if o.kind == "enterprise" and (allowed is None or o.id in allowed)]
    standings = common.standings(shared, firms)
    rows = []
    for org in sorted(orgs.values(), key=lambda o: o.name):
        if org.kind != "enterprise" or (allowed is not None and org.id not in allowed):
            continue
        parent = by_id.get(org.parent_id) if org.parent_id else None
        info = registry.get(org.id, m.Registry())
        if q and not any(q in (text or "") for text in (org.name, org.code, info.cluster, info.industry)):
            continue
        if park and (parent is None or parent.name != park):
            continue
        figures = ranking.orgs.get(org.id)
        standing = standings.get(org.id)
        complete = figures is not None and (ranking.month is None or (figures.month or 0) >= ranking.month)
        rows.append(
            m.EnterpriseRow(
                code=org.code,
                name=org.name,
                park=parent.name if parent else None,
                cluster=info.cluster,
                industry=info.industry,
                tags=sorted({t.tag for t in tags.get(org.id, [])}),
                output=rounded(convert_or_none(figures.value, ranking.definition.unit, "万元"), 4)
                if figures is not None and figures.value is not None
                else None,
                growth=rounded(figures.growth, 4) if figures is not None and complete else None,
                filed=standing.filed if standing is not None else None,
            )
        )
    if sort == "output":
        rows.sort(key=lambda r: (r.output is None, -(r.output or 0)))
    elif sort == "growth":
        rows.sort(key=lambda r: (r.growth is None, -(r.growth or 0)))
    park_names = sorted(
        o.name for o in orgs.values() if o.kind == "park" and (allowed is None or any(r.park == o.name for r in rows))
    )
    due = filing.due_month(shared.as_of(None))
    return m.EnterprisesPage(
        filters=m.EnterpriseFilters(q=q, park=park, sort=sort),
        parks=park_names,
        total=len(rows),
        rows=rows,
        ranking_label=ranking.label if ranking.orgs else None,
        due_label=submissions.month_label(due),
    )


def enterprise(shared: SharedStore, user: User, code: str) -> m.EnterprisePage:
    """企业档案: registry entry, tags with their years, and monthly series of the main elements."""
    orgs = shared.orgs()
    org = orgs.get(code.strip().upper()) or orgs.get(code)
    if visible_orgs(user, orgs) is not None and (org is None or not may_see(user, org, orgs)):
        # One answer whether the code exists or not: a user must not learn who is registered elsewhere.
        raise Forbidden(f"无权查看该企业的数据：{user.role_zh}只能查看本单位范围内的企业。")
    if org is None or org.kind != "enterprise":
        raise NotFound(f"库中没有统一社会信用代码为“{code}”的企业。")
    by_id = {o.id: o for o in orgs.values()}
    parent = by_id.get(org.parent_id) if org.parent_id else None
    latest = shared.read(("profile", org.id), lambda s: latest_values(s, org.id, PROFILE_ELEMENTS))
    names = {e.code: e.name for e in catalog().elements}
    series: dict[str, m.ElementSeries] = {}
    revised: Counter[str] = Counter()
    for fact in latest:
        name = names.get(fact.element, fact.element)
        entry = series.setdefault(fact.element, m.ElementSeries(element=name, unit=fact.unit, points=[]))
        entry.points.append(
            m.SeriesPointRevised(period=fact.period, value=rounded(fact.value, 4), revision=fact.revision)
        )
        if fact.revision > 1:
            revised[fact.element] += 1
    standing = common.standings(shared, [org]).get(org.id)
    reach = common.contacts_of(shared).get(org.id)
    columns = [e for e in PROFILE_ELEMENTS if e in series]
    months: dict[str, dict[str, m.SeriesPointRevised]] = defaultdict(dict)
    for code_, found in series.items():
        for point in found.points:
            if len(point.period) == 7:  # monthly returns; a year's or a quarter's figure is no month's
                months[point.period][code_] = point
    due = filing.due_month(shared.as_of(None))
    return m.EnterprisePage(
        code=org.code,
        name=org.name,
        park=parent.name if parent else None,
        registry=_registry(shared).get(org.id, m.Registry()),
        tags=_tags(shared).get(org.id, []),
        series=list(series.values()),
        revised=dict(revised),
        filing=common.filing_row(standing, parent.name if parent else None, reach) if standing else None,
        due=str(due),
        due_label=submissions.month_label(due),
        columns=[f"{series[c].element}（{series[c].unit}）" for c in columns],
        months=[
            m.MonthRow(
                period=period,
                values=[months[period][c].value if c in months[period] else None for c in columns],
                revised=any(p.revision > 1 for p in months[period].values()),
            )
            for period in sorted(months, reverse=True)
        ],
        contact=reach.contact if reach else None,
        phone=reach.phone if reach else None,
    )
