"""Pages about a plan: 指标 and each target's detail, 项目, 规划体检; the user and the plan list (总览: ``cockpit``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

from fastapi import Query

from planwatch.evaluate.evaluation import TargetEvaluation
from planwatch.evaluate.schema import rounded
from planwatch.metrics.definitions import Definition
from planwatch.plan.model import Money
from planwatch.service.accounts import User
from planwatch.service.plans import user_departments
from planwatch.status import STATUSES
from planwatch.store.elements import catalog
from planwatch.store.facts import fact_history
from planwatch.store.plans import load_review
from planwatch.store.users import ROLE_ZH
from planwatch.web import models as m
from planwatch.web.pages import assess, common
from planwatch.web.pages.common import AsOf, ParkQuery, PlanKey, ThroughQuery
from planwatch.web.shared import NotFound, SharedStore

MAX_FACTS = 300


def me(shared: SharedStore, user: User) -> m.Me:
    """The logged-in user: name, role and what the role is limited to."""
    return m.Me(name=user.name, role=user.role, role_zh=ROLE_ZH[user.role], scope=list(user.scope))


def plans(shared: SharedStore, user: User) -> m.PlansPage:
    """The plans in the store (the plan selector)."""
    common.need_plans(user)
    return m.PlansPage(plans=common.all_plans(shared))


def indicators(
    shared: SharedStore,
    user: User,
    plan: PlanKey = None,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    status: Annotated[str | None, Query(description="状态，如 进展缓慢")] = None,
    category: Annotated[str | None, Query(description="指标类别")] = None,
    q: Annotated[str | None, Query(description="名称包含的文字")] = None,
    park: ParkQuery = None,
    department: Annotated[str | None, Query(description="责任单位（牵头或配合），如 县经济信息委")] = None,
    mine: Annotated[bool, Query(description="只看我负责的目标：我所在单位牵头或配合的")] = False,
) -> m.IndicatorsPage:
    """指标: every target with its status, filterable by status, category, words in its name, park, a 责任单位,
    and 我负责的目标 (the departments the user works for, ``planwatch department add --member``)."""
    common.need_plans(user)
    status, category, q, department = status or None, category or None, q or None, department or None
    chosen, known, whole = common.evaluated(shared, plan, through, as_of)
    place = common.scoped_park(shared, user, chosen, park)
    evaluation = common.within_park(shared, whole, place)
    rows = shared.cached(
        ("target-rows", chosen.id, whole.through, known, place.id if place else None),
        lambda: [common.target_row(n, t) for n, t in common.numbered(whole, evaluation)],
    )
    mine_of = shared.read(("user-departments", user.name), lambda store: user_departments(store, user.name))
    wanted = set(mine_of) if mine else set()
    shown = [
        r
        for r in rows
        if (not status or r.status_zh == status)
        and (not category or r.category == category)
        and (not q or q in r.indicator or q in (r.scope or ""))
        and (not department or department in r.lead or department in r.support)
        and (not mine or bool(wanted & {*r.lead, *r.support}))
    ]
    present = {r.status for r in rows}
    return m.IndicatorsPage(
        plan=common.plan_summary(chosen),
        plans=[common.plan_summary(p) for p in common.plans_for(shared, user)],
        as_of=known.isoformat(),
        through=common.through_record(evaluation.through),
        version=evaluation.version_label,
        filters=m.IndicatorFilters(
            status=status, category=category, q=q, park=place.name if place else None, department=department, mine=mine
        ),
        departments=list(dict.fromkeys(d for r in rows for d in (*r.lead, *r.support))),
        my_departments=mine_of,
        scope=m.Scope(
            name=place.name if place else whole.subject.name if whole.subject else None,
            park=place.name if place else None,
            parks=common.park_choices(shared, user, chosen),
            whole=whole.subject.name if whole.subject else None,
        ),
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
    common.need_plans(user)
    chosen, known, evaluation = common.evaluated(shared, plan_id, through, as_of)
    if not 1 <= number <= len(evaluation.targets):
        raise NotFound(f"规划中没有第 {number} 项目标（共 {len(evaluation.targets)} 项）。")
    t = evaluation.targets[number - 1]
    row = common.target_row(number, t)
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
        plan=common.plan_summary(chosen),
        as_of=known.isoformat(),
        through=common.through_record(evaluation.through),
        version=evaluation.version_label,
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
        assessment=assess.target_notes(shared, chosen, evaluation, number),
    )


def _years(start: int | None, end: int | None) -> str | None:
    if start and end:
        return f"{start}—{end}"
    return str(start or end) if start or end else None


def projects(shared: SharedStore, user: User, plan: PlanKey = None) -> m.ProjectsPage:
    """项目: the plan's project list as the plan states it, by group, with investment."""
    common.need_plans(user)
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
        plan=common.plan_summary(chosen),
        plans=[common.plan_summary(p) for p in common.plans_for(shared, user)],
        count=len(chosen.projects),
        total_investment=Money(value=rounded(total, 2), unit=units.most_common(1)[0][0] if units else None),
        groups=[g for g in groups if g.projects],
    )


def audit(shared: SharedStore, user: User, plan: PlanKey = None) -> m.AuditPage:
    """规划体检: the audit findings kept with the plan, each with the text of the lines it cites."""
    common.need_plans(user)
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
        plan=common.plan_summary(chosen),
        plans=[common.plan_summary(p) for p in common.plans_for(shared, user)],
        audited=stored is not None,
        counts=dict(Counter(f.severity_zh for f in findings)),
        findings=findings,
    )
