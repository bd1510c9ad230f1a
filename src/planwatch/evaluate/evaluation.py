"""Every target of a plan, as of a date: where it stands, whether it will be met, what it takes.

For each quantified target the evaluation gathers its points — the plan's
own baseline statement, then the values the store computes for the target's
org (the plan's county or park, or the park named as its scope) up to the
as-of date — and hands them to ``progress.assess`` and ``forecast``.

Which points count:

* a flow (产值, 税金 …) counts only complete years: a year's January–October
  sum is no annual figure (it is shown, as the latest year-to-date value);
* a stock or count (企业数, 用地面积) counts at its latest month (83家 in
  2024-10 is a point at 2024 + 10/12);
* shares and ratios count year to date too (a ratio of partial sums is still a ratio).

A point's time is the moment the figure holds: a year's figure at its end
(2020 → 2021.0), a month's at its end.  A target for 2025 is due at 2026.0.

Targets without numbers are milestones whose status users record
(未开始 / 推进中 / 已完成).  Everything reads the store "as of" the date, so an
evaluation can be reproduced exactly later.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from planwatch.evaluate.forecast import Forecast, forecast
from planwatch.evaluate.progress import STATUS_ZH, Point, Progress, assess, un_ratio, un_status
from planwatch.metrics.compute import compute, has_revisions
from planwatch.metrics.definitions import Definition, definition_for, for_cluster
from planwatch.metrics.formula import Tag
from planwatch.periods import elapsed_share
from planwatch.plan import names
from planwatch.plan.model import Indicator, Plan
from planwatch.store.database import Store, end_of_day
from planwatch.store.elements import catalog
from planwatch.store.orgs import Org, load_orgs
from planwatch.store.plans import milestones


@dataclass(frozen=True)
class Observation:
    period: str
    time: float
    value: float
    source: str
    """"规划" for the plan's own statement, "统计" for the store."""


@dataclass
class TargetEvaluation:
    indicator: Indicator
    definition: Definition | None
    org: Org | None
    observations: list[Observation]
    baseline: Observation | None
    latest: Observation | None
    year_to_date: Observation | None
    progress: Progress | None
    forecast: Forecast | None
    un_ratio: float | None
    milestone: tuple[str, str | None] | None
    note: str

    @property
    def status(self) -> str:
        if self.milestone is not None:
            return {"已完成": "achieved", "推进中": "in_progress", "未开始": "not_started"}[self.milestone[0]]
        return self.progress.status if self.progress else "insufficient_data"

    @property
    def status_zh(self) -> str:
        if self.milestone is not None:
            return self.milestone[0]
        return STATUS_ZH[self.status]

    @property
    def binding(self) -> bool:
        return self.indicator.attribute == "binding"

    @property
    def red(self) -> bool:
        return bool(self.progress and self.progress.red) or (
            self.binding and self.status not in {"achieved", "on_track"}
        )


@dataclass
class Rollup:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    score: float | None = None
    targets: int = 0


@dataclass
class Evaluation:
    plan: Plan
    as_of: date
    subject: Org | None
    targets: list[TargetEvaluation]
    by_category: list[Rollup]
    by_scope: list[Rollup]
    overall: Rollup
    elapsed: float | None


def _time_of(year: int, month: int | None) -> float:
    return year + (month or 12) / 12


def subject_org(orgs: dict[str, Org], plan: Plan) -> Org | None:
    """The org a plan is about: a park named in a park plan's title, else the plan's region."""
    title = plan.title or ""
    if names.is_park_plan(title):
        parks = [o for o in orgs.values() if o.kind == "park" and o.name and o.name in title]
        if parks:
            return max(parks, key=lambda o: len(o.name))
    region = next((o for o in orgs.values() if o.kind == "region" and o.name == plan.region), None)
    if region is None and plan.region:
        region = next((o for o in orgs.values() if o.kind == "region" and plan.region in o.name), None)
    return region


def target_org(orgs: dict[str, Org], subject: Org | None, indicator: Indicator) -> Org | None:
    if indicator.scope in names.REGION_WORDS:
        region = subject
        by_id = {o.id: o for o in orgs.values()}
        while region is not None and region.kind != "region":
            region = by_id.get(region.parent_id) if region.parent_id else None
        return region
    if indicator.scope:
        return next((o for o in orgs.values() if o.kind in ("park", "region") and o.name == indicator.scope), None)
    return subject


_INDUSTRY = re.compile(r"(?:产业集群|产业|行业)$")


def industry_scope(orgs: dict[str, Org], subject: Org | None, indicator: Indicator) -> tuple[Org | None, str] | None:
    """A scope that names an industry, not an org (康养消费品产业 in 下路工业园区): the org above it and the cluster."""
    if not indicator.scope or indicator.scope in names.REGION_WORDS:
        return None
    if any(o.name == indicator.scope and o.kind in ("park", "region") for o in orgs.values()):
        return None
    cluster = _INDUSTRY.sub("", indicator.scope)
    if cluster == indicator.scope:
        return None
    above = [o for o in orgs.values() if o.kind in ("park", "region") and o.name in indicator.scope_path[:-1]]
    return (above[-1] if above else subject), cluster


def distinct_targets(plan: Plan) -> list[Indicator]:
    """Each target once: the plan's prose often restates its table (规上工业产值达到110亿元 = the table's row)."""
    seen: set[tuple[object, ...]] = set()
    kept: list[Indicator] = []
    for indicator in sorted(plan.indicators, key=lambda i: (i.origin != "table", i.source.line)):
        target = indicator.target
        definition = definition_for(indicator)
        what = definition.id if definition else names.key(indicator.name)
        key = (what, names.scope_key(plan.title, indicator.scope), target.year, target.value, target.basis)
        if key in seen:
            continue
        seen.add(key)
        kept.append(indicator)
    return kept


def _untracked_tag(store: Store, definition: Definition) -> str | None:
    """A count of a tag nobody in the store carries is no data, not zero — unless a figure is reported,
    or the plan states a baseline (上市企业 0家: zero is then what there is)."""
    if definition.reported is not None:
        return None
    for aggregate in definition.formula.aggregates():
        if aggregate.function == "count" and isinstance(aggregate.where, Tag):
            found = store.backend.query("SELECT count(*) FROM org_tags WHERE tag = ?", (aggregate.where.name,))
            if not found[0][0]:
                return aggregate.where.name
    return None


def _is_flow(definition: Definition) -> bool:
    aggregations = {
        catalog().by_code(a.target).aggregation
        for a in definition.formula.aggregates()
        if a.function in {"sum", "avg", "min", "max"}
    }
    return definition.kind == "level" and "sum" in aggregations


def _plan_baseline(plan: Plan, indicator: Indicator) -> Observation | None:
    base = indicator.baseline
    if base is not None and base.value is not None and base.year is not None:
        return Observation(str(base.year), _time_of(base.year, 12), base.value, "规划")
    latest_year = plan.period.start - 1 if plan.period else None
    key = names.key(indicator.name)
    facts = [
        f
        for f in plan.facts
        if names.key(f.name) == key
        and f.year is not None
        and (latest_year is None or f.year <= latest_year)
        and names.scope_key(plan.title, f.scope) == names.scope_key(plan.title, indicator.scope)
        and (indicator.unit is None or f.unit == indicator.unit)
    ]
    if not facts:
        return None
    fact = max(facts, key=lambda f: (f.year or 0, f.source.line))
    assert fact.year is not None
    return Observation(str(fact.year), _time_of(fact.year, 12), fact.value, "规划")


def _change_series(points: list[Observation], base: Observation) -> list[Observation]:
    """下降13%: each point as the percent change from the baseline level."""
    return [Observation(p.period, p.time, (p.value / base.value - 1) * 100, p.source) for p in points if base.value]


def evaluate_plan(store: Store, plan: Plan, as_of: date) -> Evaluation:
    moment = end_of_day(as_of)
    orgs = load_orgs(store)
    subject = subject_org(orgs, plan)
    statuses = milestones(store, plan, moment)
    revised = has_revisions(store, moment)
    elapsed = elapsed_share(plan.period.start, plan.period.end, as_of) if plan.period else None
    computed: dict[str, dict[tuple[int, int], tuple[float | None, int | None]]] = {}
    targets: list[TargetEvaluation] = []
    for indicator in distinct_targets(plan):
        if indicator.target.value is None:
            status = statuses.get(indicator.name)
            targets.append(
                TargetEvaluation(
                    indicator=indicator,
                    definition=None,
                    org=target_org(orgs, subject, indicator),
                    observations=[],
                    baseline=None,
                    latest=None,
                    year_to_date=None,
                    progress=None,
                    forecast=None,
                    un_ratio=None,
                    milestone=(status[0], status[1]) if status else ("未开始", None),
                    note="定性目标：状态由用户登记" if status else "定性目标：尚未登记进展",
                )
            )
            continue
        definition = definition_for(indicator)
        org = target_org(orgs, subject, indicator)
        industry = industry_scope(orgs, subject, indicator)
        if industry is not None and definition is not None:
            org, cluster = industry
            definition = for_cluster(definition, cluster)
        base = _plan_baseline(plan, indicator)
        observations: list[Observation] = []
        year_to_date: Observation | None = None
        note = ""
        if definition is None:
            note = "尚无计算口径（data/indicators.yaml 中没有对应定义）"
        elif org is None:
            note = "库中没有该指标所属的地区或园区"
        elif base is None and (tag := _untracked_tag(store, definition)) is not None:
            note = f"库中还没有任何企业登记“{tag}”标签"
        else:
            if definition.id not in computed:
                first = (plan.period.start - 1) if plan.period else as_of.year - 5
                years = list(range(first, as_of.year + 1))
                computed[definition.id] = {
                    (v.org_id, v.year): (v.value, v.last_month)
                    for v in compute(store, definition, years, moment, revised=revised)
                }
            flow = _is_flow(definition)
            for (org_id, year), (value, last_month) in sorted(computed[definition.id].items()):
                if org_id != org.id or value is None:
                    continue
                # A count has no month of its own: in the as-of year it is the count at that date.
                month = last_month or (as_of.month if year == as_of.year else 12)
                period = str(year) if month == 12 else f"{year}-{month:02d}"
                observation = Observation(period, _time_of(year, month), value, "统计")
                if flow and month < 12:
                    year_to_date = observation
                    continue
                observations.append(observation)
            if not observations and year_to_date is None:
                note = "库中暂无该指标的数据"
        if base is not None and not any(abs(o.time - base.time) < 1e-9 for o in observations):
            observations.insert(0, base)
        observations.sort(key=lambda o: o.time)
        baseline = next((o for o in observations if base is not None and abs(o.time - base.time) < 1e-9), None)
        if baseline is None and observations and plan.period and observations[0].time <= plan.period.start:
            baseline = observations[0]
        latest = observations[-1] if observations else None
        if latest is not None and baseline is not None and latest is baseline and len(observations) == 1:
            latest = baseline
        progress, predicted, ratio = _judge(indicator, definition, observations, baseline, latest, elapsed)
        if not note and progress is not None and progress.status == "insufficient_data":
            note = "只有基期数据，还没有规划期内的数据" if latest is baseline else "数据点不足以判断"
        targets.append(
            TargetEvaluation(
                indicator=indicator,
                definition=definition,
                org=org,
                observations=observations,
                baseline=baseline,
                latest=latest,
                year_to_date=year_to_date,
                progress=progress,
                forecast=predicted,
                un_ratio=ratio,
                milestone=None,
                note=note,
            )
        )
    return Evaluation(
        plan=plan,
        as_of=as_of,
        subject=subject,
        targets=targets,
        by_category=_rollups(targets, lambda t: t.indicator.category),
        by_scope=_rollups(targets, lambda t: t.indicator.scope),
        overall=_rollups(targets, lambda t: "全部目标")[0],
        elapsed=elapsed,
    )


def _judge(
    indicator: Indicator,
    definition: Definition | None,
    observations: list[Observation],
    baseline: Observation | None,
    latest: Observation | None,
    elapsed: float | None,
) -> tuple[Progress | None, Forecast | None, float | None]:
    target = indicator.target
    assert target.value is not None
    year = target.year or 0
    kind = definition.kind if definition else ("share" if indicator.unit == "%" else "level")
    direction = target.direction
    goal = target.value
    points = observations
    if target.basis == "change" and baseline is not None:
        points = _change_series(observations, baseline)
        goal = -target.value if direction == "decrease" else target.value
        kind = "rate"
        base_point: Point | None = Point(baseline.time, 0.0)
    elif target.basis == "increment" and baseline is not None:
        goal = baseline.value + target.value
        base_point = Point(baseline.time, baseline.value)
    elif target.basis == "annual_growth":
        kind = "rate"
        base_point = Point(baseline.time, baseline.value) if baseline else None
    else:
        base_point = Point(baseline.time, baseline.value) if baseline else None
    latest_points = [p for p in points if latest is not None and abs(p.time - latest.time) < 1e-9]
    latest_point = Point(latest_points[-1].time, latest_points[-1].value) if latest_points else None
    progress = assess(
        base_point,
        latest_point,
        goal,
        year,
        direction=direction if target.basis != "change" else ("decrease" if goal < 0 else "increase"),
        kind=kind,
        binding=indicator.attribute == "binding",
        elapsed=elapsed,
    )
    series = [Point(p.time, p.value) for p in points]
    due = year + 1.0
    log_scale = kind == "level" and all(p.value > 0 for p in series)
    predicted = forecast(series, due, log_scale, goal, progress_direction(goal, base_point, direction))
    # The UN Progress Chart 2023 ratio at the target year: a second opinion beside the status.
    ratio = un_ratio(base_point.value, predicted.value, goal) if predicted and base_point else None
    return progress, predicted, ratio


def progress_direction(goal: float, base: Point | None, direction: str) -> str:
    if base is not None and direction == "increase" and goal < base.value:
        return "decrease"
    return direction if goal >= 0 else "decrease"


def _rollups(targets: list[TargetEvaluation], key: Callable[[TargetEvaluation], str | None]) -> list[Rollup]:
    groups: dict[str, list[TargetEvaluation]] = defaultdict(list)
    for target in targets:
        name = key(target)
        if name:
            groups[str(name)].append(target)
    rollups = []
    for name, members in groups.items():
        counts = Counter(t.status_zh for t in members)
        scores = [t.progress.score for t in members if t.progress and t.progress.score is not None]
        rollups.append(
            Rollup(
                name=name,
                counts=dict(counts),
                score=sum(scores) / len(scores) if scores else None,
                targets=len(members),
            )
        )
    return rollups


def _round(value: float | None, digits: int = 6) -> float | None:
    """Figures to a millionth: parallel sums differ in the last binary digits from run to run, and an
    evaluation reproduced "as of" a date must read the same."""
    return None if value is None else round(value, digits)


def target_json(t: TargetEvaluation) -> dict[str, object]:
    """One target in the JSON contract (README, “evaluate --json”)."""
    target = t.indicator.target
    p = t.progress
    f = t.forecast
    return {
        "indicator": t.indicator.name,
        "category": t.indicator.category,
        "scope": t.indicator.scope,
        "unit": t.indicator.unit,
        "binding": t.binding,
        "org": t.org.name if t.org else None,
        "definition": t.definition.id if t.definition else None,
        "baseline": {"year": int(t.baseline.period[:4]), "value": _round(t.baseline.value), "source": t.baseline.source}
        if t.baseline
        else None,
        "target": {
            "year": target.year,
            "value": target.value,
            "comparator": target.comparator,
            "direction": target.direction,
            "basis": target.basis,
            "text": target.text,
        },
        "latest": {"period": t.latest.period, "value": _round(t.latest.value), "source": t.latest.source}
        if t.latest
        else None,
        "year_to_date": {"period": t.year_to_date.period, "value": _round(t.year_to_date.value)}
        if t.year_to_date
        else None,
        "completion": _round(p.completion) if p else None,
        "attainment": _round(p.attainment) if p else None,
        "required_cagr": _round(p.required_cagr) if p else None,
        "observed_cagr": _round(p.observed_cagr) if p else None,
        "needed_per_year": _round(p.needed_per_year) if p else None,
        "ratio": _round(p.ratio) if p else None,
        "score": _round(p.score) if p else None,
        "status": t.status,
        "status_zh": t.status_zh,
        "red": t.red,
        "un_ratio": _round(t.un_ratio),
        "un_status": un_status(t.un_ratio) if t.un_ratio is not None else None,
        "forecast": {
            "year": target.year,
            "value": _round(f.value),
            "low": _round(f.low),
            "high": _round(f.high),
            "p_meet": _round(f.p_meet, 4),
            "points": f.points,
        }
        if f
        else None,
        "milestone": {"status": t.milestone[0], "evidence": t.milestone[1]} if t.milestone else None,
        "note": t.note,
        "source": {"line": t.indicator.source.line, "text": t.indicator.source.text},
    }


def evaluation_json(evaluation: Evaluation) -> dict[str, object]:
    def rollup(r: Rollup) -> dict[str, object]:
        return {"name": r.name, "targets": r.targets, "counts": r.counts, "score": _round(r.score)}

    return {
        "plan": evaluation.plan.id,
        "title": evaluation.plan.title,
        "as_of": evaluation.as_of.isoformat(),
        "subject": evaluation.subject.name if evaluation.subject else None,
        "elapsed": _round(evaluation.elapsed),
        "overall": rollup(evaluation.overall),
        "by_category": [rollup(r) for r in evaluation.by_category],
        "by_scope": [rollup(r) for r in evaluation.by_scope],
        "targets": [target_json(t) for t in evaluation.targets],
    }
