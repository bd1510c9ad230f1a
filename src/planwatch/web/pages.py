"""One function per dashboard page: what the page shows, as a typed model.

The HTML page, its ``/api/`` twin and its ``/export/`` workbook are all made
from the same call (``web.registry``), so they can never disagree.  Every
function takes the ``SharedStore`` and the logged-in ``User``, then the page's
own query parameters (their annotations are the API's documentation), and
raises ``Forbidden`` for what the user's role does not reach.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import Query

from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.evaluate.schema import ThroughRecord, rollup_record, rounded, target_record
from planwatch.metrics.compute import compute
from planwatch.metrics.definitions import Definition, definitions
from planwatch.periods import Through
from planwatch.plan.model import Money, Plan
from planwatch.service.accounts import User
from planwatch.status import STATUSES
from planwatch.store.elements import catalog
from planwatch.store.facts import fact_history, latest_values
from planwatch.store.orgs import Org, registrations, tag_rows
from planwatch.store.plans import load_review
from planwatch.store.users import ROLE_ZH
from planwatch.web import models as m
from planwatch.web.access import Forbidden, check_org, visible_orgs
from planwatch.web.shared import NotFound, SharedStore

PlanKey = Annotated[str | None, Query(description="规划编号（默认第一个规划）")]
AsOf = Annotated[str | None, Query(description="数据入库截至日 YYYY-MM-DD（默认今天或演示时点）")]
ThroughQuery = Annotated[
    str | None, Query(description="评估截止期：2025（年底）、2025-06（月底）或 2025-06-30（默认同入库截至日）")
]
PARK_FIGURES = ("industrial_output", "gs_output", "tax", "land_area", "output_per_mu", "gs_tax_per_mu")
PROFILE_ELEMENTS = ("output_value", "revenue", "tax", "value_added", "energy_total", "rd_expense", "land_area")
MAX_FACTS = 300


def _need_plans(user: User) -> None:
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


def _plans(shared: SharedStore) -> list[m.PlanSummary]:
    return [plan_summary(p) for p in shared.plans()]


def me(shared: SharedStore, user: User) -> m.Me:
    """The logged-in user: name, role and what the role is limited to."""
    return m.Me(name=user.name, role=user.role, role_zh=ROLE_ZH[user.role], scope=list(user.scope))


def plans(shared: SharedStore, user: User) -> m.PlansPage:
    """The plans in the store (the plan selector)."""
    _need_plans(user)
    return m.PlansPage(plans=_plans(shared))


def _row(number: int, t: TargetEvaluation) -> m.TargetRow:
    return m.TargetRow(**target_record(t).model_dump(), number=number)


def _through(through: Through) -> ThroughRecord:
    return ThroughRecord(code=through.code, end=through.end.isoformat(), label=through.label_zh)


def _evaluated(
    shared: SharedStore, plan_key: str | None, through: str | None, as_of: str | None
) -> tuple[Plan, date, Evaluation]:
    plan = shared.plan(plan_key)
    period, known = shared.dates(through, as_of)
    return plan, known, shared.evaluation(plan, period, known)


def overview(
    shared: SharedStore, user: User, plan: PlanKey = None, through: ThroughQuery = None, as_of: AsOf = None
) -> m.OverviewPage:
    """总览: status counts, the red list, key figures with sparklines, how much of the period has passed."""
    _need_plans(user)
    chosen, known, evaluation = _evaluated(shared, plan, through, as_of)
    rows = [_row(n, t) for n, t in enumerate(evaluation.targets, start=1)]
    counts = Counter(t.status for t in evaluation.targets)
    red = [r for r, t in zip(rows, evaluation.targets, strict=True) if t.red]
    red.sort(key=lambda r: (not r.binding, r.status.rank, r.source.line))
    key_figures = [
        m.KeyFigure(
            **r.model_dump(), series=[m.SeriesPoint(period=o.period, value=rounded(o.value)) for o in t.observations]
        )
        for r, t in zip(rows, evaluation.targets, strict=True)
        if len(t.observations) >= 2 and t.indicator.target.value is not None
    ]
    key_figures.sort(key=lambda r: (-len(r.series), r.source.line))
    return m.OverviewPage(
        plan=plan_summary(chosen),
        plans=_plans(shared),
        as_of=known.isoformat(),
        through=_through(evaluation.through),
        subject=evaluation.subject.name if evaluation.subject else None,
        elapsed=rounded(evaluation.elapsed, 4),
        targets=evaluation.overall.targets,
        statuses=[m.StatusCount(status=s, status_zh=s.zh, count=counts[s]) for s in STATUSES if counts[s]],
        red=red,
        key_figures=key_figures[:8],
        by_category=[rollup_record(r) for r in evaluation.by_category],
    )


def indicators(
    shared: SharedStore,
    user: User,
    plan: PlanKey = None,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    status: Annotated[str | None, Query(description="状态，如 进展缓慢")] = None,
    category: Annotated[str | None, Query(description="指标类别")] = None,
    q: Annotated[str | None, Query(description="名称包含的文字")] = None,
) -> m.IndicatorsPage:
    """指标: every target with its status, filterable by status, category and words in its name."""
    _need_plans(user)
    status, category, q = status or None, category or None, q or None
    chosen, known, evaluation = _evaluated(shared, plan, through, as_of)
    rows = [_row(n, t) for n, t in enumerate(evaluation.targets, start=1)]
    shown = [
        r
        for r in rows
        if (not status or r.status_zh == status)
        and (not category or r.category == category)
        and (not q or q in r.indicator or q in (r.scope or ""))
    ]
    present = {r.status for r in rows}
    return m.IndicatorsPage(
        plan=plan_summary(chosen),
        plans=_plans(shared),
        as_of=known.isoformat(),
        through=_through(evaluation.through),
        filters=m.IndicatorFilters(status=status, category=category, q=q),
        statuses=[s.zh for s in STATUSES if s in present],
        categories=sorted({r.category for r in rows if r.category}),
        total=len(rows),
        rows=shown,
    )


def _elements(definition: Definition) -> list[str]:
    """The elements a definition reads: those its formula sums, and the figure a region reports itself."""
    codes = {a.target for a in definition.formula.aggregates() if a.target != "enterprise"}
    if definition.reported is not None:
        codes.add(definition.reported.code)
    return sorted(codes)


def _chart(t: TargetEvaluation, row: m.TargetRow) -> m.Chart:
    target = t.indicator.target
    goal_level = t.goal.level if t.goal else None
    due = float((target.year or 0) + 1)
    forecast = t.forecast_level
    return m.Chart(
        unit=t.unit,
        actual=[
            m.ChartPoint(period=o.period, time=round(o.time, 4), value=rounded(o.value, 4), source=o.source)
            for o in t.observations
        ],
        path=[
            m.PathPoint(time=round(t.baseline.time, 4), value=rounded(t.baseline.value, 4)),
            m.PathPoint(time=due, value=rounded(goal_level, 4)),
        ]
        if t.baseline is not None and goal_level is not None and target.year
        else [],
        forecast=m.ForecastPoint(
            time=due, value=rounded(forecast.value, 4), low=rounded(forecast.low, 4), high=rounded(forecast.high, 4)
        )
        if forecast is not None
        else None,
    )


def indicator(
    shared: SharedStore,
    user: User,
    plan_id: str,
    number: int,
    through: ThroughQuery = None,
    as_of: AsOf = None,
) -> m.IndicatorPage:
    """指标详情: actual vs the path to the target, the forecast band, provenance, facts with revisions."""
    _need_plans(user)
    chosen, known, evaluation = _evaluated(shared, plan_id, through, as_of)
    if not 1 <= number <= len(evaluation.targets):
        raise NotFound(f"规划中没有第 {number} 项目标（共 {len(evaluation.targets)} 项）。")
    t = evaluation.targets[number - 1]
    row = _row(number, t)
    facts: list[m.FactRow] = []
    if t.org is not None and t.definition is not None:
        org, elements = t.org, _elements(t.definition)
        history = shared.read(
            ("facts", org.id, tuple(elements), known), lambda s: fact_history(s, org.id, elements, known, MAX_FACTS)
        )
        names = {e.code: e.name for e in catalog().elements}
        facts = [
            m.FactRow(
                element=names.get(f.element, f.element),
                period=f.period,
                value=rounded(f.value, 4),
                unit=f.unit,
                revision=f.revision,
                source=f.source,
                recorded_at=f.recorded_at.isoformat(sep=" ", timespec="minutes"),
            )
            for f in history
        ]
    definition = t.definition
    return m.IndicatorPage(
        plan=plan_summary(chosen),
        as_of=known.isoformat(),
        through=_through(evaluation.through),
        target=row,
        definition=m.DefinitionInfo(
            id=definition.id,
            name=definition.name,
            formula=definition.formula.text,
            unit=definition.unit,
            note=definition.note,
        )
        if definition
        else None,
        provenance=m.Provenance(
            file=Path(chosen.file or chosen.id or "").name,
            line=t.indicator.source.line,
            text=t.indicator.source.text,
            origin="指标表" if t.indicator.origin == "table" else "正文",
        ),
        chart=_chart(t, row),
        facts=facts,
        facts_limited=len(facts) >= MAX_FACTS,
    )


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
    _need_plans(user)
    chosen, known, evaluation = _evaluated(shared, plan, through, as_of)
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
                    _row(n, t)
                    for n, t in enumerate(evaluation.targets, start=1)
                    if t.org is not None and t.org.id == park.id and t.indicator.target.value is not None
                ],
            )
        )
    return m.ParksPage(
        plan=plan_summary(chosen),
        plans=_plans(shared),
        as_of=known.isoformat(),
        through=_through(evaluation.through),
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


def enterprises(
    shared: SharedStore,
    user: User,
    q: Annotated[str | None, Query(description="名称、代码或产业包含的文字")] = None,
    park: Annotated[str | None, Query(description="园区名称")] = None,
) -> m.EnterprisesPage:
    """企业: the registry, searchable by name, code or cluster; each user sees only what the role reaches."""
    q, park = q or None, park or None
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs)
    by_id = {o.id: o for o in orgs.values()}
    registry = _registry(shared)
    tags = _tags(shared)
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
        rows.append(
            m.EnterpriseRow(
                code=org.code,
                name=org.name,
                park=parent.name if parent else None,
                cluster=info.cluster,
                industry=info.industry,
                tags=sorted({t.tag for t in tags.get(org.id, [])}),
            )
        )
    park_names = sorted(
        o.name for o in orgs.values() if o.kind == "park" and (allowed is None or any(r.park == o.name for r in rows))
    )
    return m.EnterprisesPage(filters=m.EnterpriseFilters(q=q, park=park), parks=park_names, total=len(rows), rows=rows)


def enterprise(shared: SharedStore, user: User, code: str) -> m.EnterprisePage:
    """企业档案: registry entry, tags with their years, and monthly series of the main elements."""
    orgs = shared.orgs()
    org = orgs.get(code.strip().upper()) or orgs.get(code)
    if org is None or org.kind != "enterprise":
        if user.role == "enterprise":
            raise Forbidden("无权查看其他企业的数据：企业用户只能查看本企业。")
        raise NotFound(f"库中没有统一社会信用代码为“{code}”的企业。")
    check_org(user, org, orgs)
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
    return m.EnterprisePage(
        code=org.code,
        name=org.name,
        park=parent.name if parent else None,
        registry=_registry(shared).get(org.id, m.Registry()),
        tags=_tags(shared).get(org.id, []),
        series=list(series.values()),
        revised=dict(revised),
    )


def _years(start: int | None, end: int | None) -> str | None:
    if start and end:
        return f"{start}—{end}"
    return str(start or end) if start or end else None


def projects(shared: SharedStore, user: User, plan: PlanKey = None) -> m.ProjectsPage:
    """项目: the plan's project list as the plan states it, by group, with investment."""
    _need_plans(user)
    chosen = shared.plan(plan)
    members: dict[tuple[str, ...], list[m.ProjectRow]] = {tuple(g.path): [] for g in chosen.project_groups}
    loose: list[m.ProjectRow] = []
    total = 0.0
    units: Counter[str] = Counter()
    for p in chosen.projects:
        row = m.ProjectRow(
            id=p.id,
            name=p.name,
            content=p.content,
            nature=p.nature,
            years=_years(p.start_year, p.end_year),
            investment=p.investment,
            line=p.source.line,
        )
        if p.investment and p.investment.value is not None:
            total += p.investment.value
            units[p.investment.unit or ""] += 1
        members.get(tuple(p.group_path), loose).append(row)
    groups = [
        m.ProjectGroupRow(
            path=list(g.path),
            name=" / ".join(g.path),
            stated_investment=g.stated_investment,
            line=g.source.line,
            projects=members[tuple(g.path)],
        )
        for g in chosen.project_groups
    ]
    if loose:
        groups.append(m.ProjectGroupRow(path=[], name="未分组", stated_investment=None, line=None, projects=loose))
    return m.ProjectsPage(
        plan=plan_summary(chosen),
        plans=_plans(shared),
        count=len(chosen.projects),
        total_investment=Money(value=rounded(total, 2), unit=units.most_common(1)[0][0] if units else None),
        groups=[g for g in groups if g.projects],
    )


def audit(shared: SharedStore, user: User, plan: PlanKey = None) -> m.AuditPage:
    """规划体检: the audit findings kept with the plan, each with the text of the lines it cites."""
    _need_plans(user)
    chosen = shared.plan(plan)
    stored = shared.read(("review", chosen.id), lambda s: load_review(s, chosen))
    findings = [
        m.FindingRow(
            kind=f.kind,
            severity=f.severity,
            severity_zh=f.severity.zh,
            message=f.message,
            lines=[m.CitedLine(line=n, text=stored.lines.get(n, "") if stored else "") for n in (f.lines or [])[:6]],
        )
        for f in (stored.findings if stored else [])
    ]
    return m.AuditPage(
        plan=plan_summary(chosen),
        plans=_plans(shared),
        audited=stored is not None,
        counts=dict(Counter(f.severity_zh for f in findings)),
        findings=findings,
    )
