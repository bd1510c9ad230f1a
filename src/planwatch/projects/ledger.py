"""重点项目台账: the plan's projects as ledger rows, moved on by monthly updates, and what they add up to.

A row starts from the plan (its line, park, industry, total investment, planned start and finish
from 建设年限) at stage 谋划 with nothing done; each monthly update (as known at the knowledge
date) sets its stage, cumulative investment done (累计完成投资), the year's planned investment,
who is responsible and what needs coordinating.  The ledger as of a day counts the updates of its
month and every month before: an update for 2026-09 changes the figures from September on, never
before.  Projects a 招商 signing brought in (落地) join the ledger without retyping.

Figures, by park, industry, chain and overall (plan projects; projects from 招商 apart):

* 投资完成率 = 累计完成投资 ÷ 总投资;
* 开工率 = projects started (开工, 在建, 竣工, 投产) among those due to have started
  (planned start year not after the year of the day) ÷ those due;
* 投产率 = projects in production among those due to (planned finish year not after it) ÷ those due;
* 年度投资完成率 = investment done this year (this year's last cumulative figure less last
  year's) ÷ this year's planned investment;
* delays (``data/ledger.yaml``): 未按期开工 — not started by the end of the deadline month of its
  planned start year; 投资进度滞后 — started but its 投资完成率 short of the share of its
  construction period gone (“时间过半、任务过半”) by more than the tolerance; 未按期竣工 — its
  planned finish year over and not finished.  终止 projects are counted apart and never delayed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from planwatch.periods import elapsed_share
from planwatch.plan.model import Plan, Project, ProjectGroup
from planwatch.projects.rules import project_rules
from planwatch.status import Stage
from planwatch.units import convert_or_none

PLAN_ORIGIN = "规划"
ATTRACTION_ORIGIN = "招商"


@dataclass(frozen=True)
class Update:
    """A monthly update of one project, as recorded (the highest revision known at the knowledge date)."""

    project_id: str
    period: str
    """The month it reports on, ``2026-09``."""
    stage: Stage
    completed_wan: float
    """累计完成投资 at the end of that month, 万元."""
    annual_plan_wan: float | None = None
    responsible: str | None = None
    problems: str | None = None
    reason: str | None = None
    """Why 累计完成投资 exceeds the total (超概算 …), when it does."""
    revision: int = 1
    recorded_at: datetime | None = None
    recorded_by: str | None = None


@dataclass(frozen=True)
class Seed:
    """What a ledger row starts from: a plan project, or a 招商 signing that landed."""

    id: str
    name: str
    park: str | None
    industry: str | None
    line: int | None
    origin: str
    total_wan: float | None
    planned_start: int | None
    planned_finish: int | None
    content: str | None = None
    stage: Stage = Stage.PLANNING
    """Where it stands before any update (a landed signing: 前期, 开工 or 投产 as the 招商 ledger says)."""
    completed_wan: float = 0.0
    """Done before any update (a landed signing: its 到位资金)."""


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    park: str | None
    industry: str | None
    chain: str | None
    link: str | None
    line: int | None
    origin: str
    total_wan: float | None
    planned_start: int | None
    planned_finish: int | None
    stage: Stage
    completed_wan: float
    completion_rate: float | None
    annual_plan_wan: float | None
    year_completed_wan: float | None
    responsible: str | None
    problems: str | None
    last_period: str | None
    """The month of the update in force (None: never reported)."""
    delays: tuple[str, ...]
    elapsed: float | None
    """Share of the construction period gone."""

    @property
    def delayed(self) -> bool:
        return bool(self.delays)


@dataclass(frozen=True)
class Totals:
    projects: int = 0
    total_wan: float = 0.0
    stated_wan: float | None = None
    """What the plan states for this group (its subtotal row), beside the sum of its projects."""
    completed_wan: float = 0.0
    completion_rate: float | None = None
    due_to_start: int = 0
    started: int = 0
    """Started among those due (the numerator of 开工率)."""
    started_all: int = 0
    """Started, whether due or early."""
    start_rate: float | None = None
    due_to_produce: int = 0
    producing: int = 0
    production_rate: float | None = None
    delayed: int = 0
    terminated: int = 0
    annual_plan_wan: float = 0.0
    year_completed_wan: float = 0.0
    annual_rate: float | None = None
    stages: dict[str, int] = field(default_factory=dict)

    @property
    def difference_wan(self) -> float | None:
        """Sum of the projects less the plan's stated subtotal (the audit's known differences stay visible)."""
        return None if self.stated_wan is None else self.total_wan - self.stated_wan


@dataclass(frozen=True)
class Ledger:
    plan_id: str
    day: date
    """The day the ledger stands at: updates of its month and before count."""
    rows: tuple[Row, ...]
    overall: Totals
    """Plan projects only: what the plan's 216.36 亿元 is measured against."""
    by_park: dict[str, Totals]
    by_industry: dict[str, Totals]
    by_chain: dict[str, Totals]
    added: Totals
    """Projects the 招商 ledger brought in."""
    reported: int
    """Rows with at least one update."""

    @property
    def month(self) -> str:
        return f"{self.day.year}-{self.day.month:02d}"


def _wan(project: Project) -> float | None:
    money = project.investment
    if money is None or money.value is None:
        return None
    return convert_or_none(money.value, money.unit or "万元", "万元")


def seeds(plan: Plan) -> list[Seed]:
    """The plan's projects as ledger seeds: the first group a park of the plan, the second its industry."""
    parks = {p.name for p in plan.parks}
    found = []
    for project in plan.projects:
        path = project.group_path
        park = path[0] if path and (not parks or path[0] in parks) else None
        industry = path[1] if len(path) > 1 and park else (path[0] if path and not park else None)
        found.append(
            Seed(
                project.id,
                project.name,
                park,
                industry,
                project.source.line,
                PLAN_ORIGIN,
                _wan(project),
                project.start_year,
                project.end_year,
                project.content,
            )
        )
    return found


def _elapsed(seed: Seed, day: date) -> float | None:
    if seed.planned_start is None or seed.planned_finish is None or seed.planned_finish < seed.planned_start:
        return None
    return elapsed_share(seed.planned_start, seed.planned_finish, day)


def _delays(seed: Seed, stage: Stage, rate: float | None, elapsed: float | None, day: date) -> tuple[str, ...]:
    if stage == Stage.TERMINATED or stage.finished:
        return ()
    rules = project_rules()
    found: list[str] = []
    start = seed.planned_start
    if not stage.started and start is not None:
        month = int(rules["start_deadline_month"])
        deadline = date(start, month + 1, 1) if month < 12 else date(start + 1, 1, 1)
        if day >= deadline:
            found.append(f"未按期开工（计划{start}年开工）")
    behind = float(rules["behind_after"]), float(rules["behind_tolerance"])
    if (
        stage.started
        and elapsed is not None
        and rate is not None
        and elapsed >= behind[0]
        and rate < elapsed - behind[1]
    ):
        found.append(f"投资进度滞后（完成{rate * 100:.1f}%，工期已过{elapsed * 100:.1f}%）")
    if seed.planned_finish is not None and day > date(seed.planned_finish, 12, 31):
        found.append(f"未按期竣工（计划{seed.planned_finish}年建成）")
    return tuple(found)


def _row(seed: Seed, updates: Sequence[Update], day: date, placed: tuple[str, str | None] | None) -> Row:
    """One project as of ``day``: ``updates`` are its own, in month order, already cut to the day's month."""
    last = updates[-1] if updates else None
    stage = last.stage if last else seed.stage
    completed = last.completed_wan if last else seed.completed_wan
    rate = completed / seed.total_wan if seed.total_wan else None
    this_year = [u for u in updates if u.period[:4] == str(day.year)]
    before = [u for u in updates if u.period[:4] < str(day.year)]
    annual_plan = next((u.annual_plan_wan for u in reversed(this_year) if u.annual_plan_wan is not None), None)
    year_done = (this_year[-1].completed_wan - (before[-1].completed_wan if before else 0.0)) if this_year else None
    elapsed = _elapsed(seed, day)
    return Row(
        id=seed.id,
        name=seed.name,
        park=seed.park,
        industry=seed.industry,
        chain=placed[0] if placed else None,
        link=placed[1] if placed else None,
        line=seed.line,
        origin=seed.origin,
        total_wan=seed.total_wan,
        planned_start=seed.planned_start,
        planned_finish=seed.planned_finish,
        stage=stage,
        completed_wan=completed,
        completion_rate=rate,
        annual_plan_wan=annual_plan,
        year_completed_wan=year_done,
        responsible=next((u.responsible for u in reversed(updates) if u.responsible), None),
        problems=last.problems if last else None,
        last_period=last.period if last else None,
        delays=_delays(seed, stage, rate, elapsed, day),
        elapsed=elapsed,
    )


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def totals(rows: Iterable[Row], day: date, stated: float | None = None) -> Totals:
    """What a set of rows adds up to as of ``day`` (see the module docstring for each rate)."""
    members = list(rows)
    live = [r for r in members if r.stage != Stage.TERMINATED]
    due_start = [r for r in live if r.planned_start is not None and r.planned_start <= day.year]
    due_produce = [r for r in live if r.planned_finish is not None and r.planned_finish <= day.year]
    total = sum(r.total_wan or 0.0 for r in members)
    completed = sum(r.completed_wan for r in members)
    planned = sum(r.annual_plan_wan or 0.0 for r in members)
    done = sum(r.year_completed_wan or 0.0 for r in members if r.annual_plan_wan is not None)
    stages: dict[str, int] = defaultdict(int)
    for r in members:
        stages[r.stage.zh] += 1
    started = sum(1 for r in due_start if r.stage.started)
    producing = sum(1 for r in due_produce if r.stage.producing)
    return Totals(
        projects=len(members),
        total_wan=total,
        stated_wan=stated,
        completed_wan=completed,
        completion_rate=_share(completed, sum(r.total_wan or 0.0 for r in members if r.total_wan)),
        due_to_start=len(due_start),
        started=started,
        started_all=sum(1 for r in live if r.stage.started),
        start_rate=_share(started, len(due_start)),
        due_to_produce=len(due_produce),
        producing=producing,
        production_rate=_share(producing, len(due_produce)),
        delayed=sum(1 for r in members if r.delayed),
        terminated=len(members) - len(live),
        annual_plan_wan=planned,
        year_completed_wan=done,
        annual_rate=_share(done, planned),
        stages={s.zh: stages[s.zh] for s in Stage if stages.get(s.zh)},
    )


def _stated(groups: Sequence[ProjectGroup], path: list[str]) -> float | None:
    group = next((g for g in groups if g.path == path), None)
    if group is None or group.stated_investment is None or group.stated_investment.value is None:
        return None
    money = group.stated_investment
    return convert_or_none(money.value or 0.0, money.unit or "万元", "万元")


def build(
    plan: Plan,
    updates: Iterable[Update],
    day: date,
    placed: dict[str, tuple[str, str | None]] | None = None,
    landed: Sequence[Seed] = (),
) -> Ledger:
    """The ledger of ``plan`` as of ``day``: ``updates`` as known (later months are left out here).

    ``placed`` puts projects on chains (``chains.attach.place_projects``); ``landed`` are the 招商
    signings that became projects (``attraction.landed``).
    """
    month = f"{day.year}-{day.month:02d}"
    mine: dict[str, list[Update]] = defaultdict(list)
    for update in sorted(updates, key=lambda u: (u.period, u.revision)):
        if update.period <= month:
            mine[update.project_id].append(update)
    where = placed or {}
    all_seeds = [*seeds(plan), *landed]
    rows = tuple(_row(seed, mine.get(seed.id, []), day, where.get(seed.id)) for seed in all_seeds)
    planned = [r for r in rows if r.origin == PLAN_ORIGIN]
    by_park: dict[str, list[Row]] = defaultdict(list)
    by_industry: dict[str, list[Row]] = defaultdict(list)
    by_chain: dict[str, list[Row]] = defaultdict(list)
    for row in planned:
        by_park[row.park or "（未注明园区）"].append(row)
        by_industry[row.industry or "（未分产业）"].append(row)
        if row.chain:
            by_chain[row.chain].append(row)
    top = _stated(plan.project_groups, [])
    return Ledger(
        plan_id=plan.id or "",
        day=day,
        rows=rows,
        overall=totals(planned, day, top),
        by_park={name: totals(members, day, _stated(plan.project_groups, [name])) for name, members in by_park.items()},
        by_industry={name: totals(members, day) for name, members in by_industry.items()},
        by_chain={name: totals(members, day) for name, members in by_chain.items()},
        added=totals((r for r in rows if r.origin != PLAN_ORIGIN), day),
        reported=sum(1 for r in rows if r.last_period is not None),
    )
