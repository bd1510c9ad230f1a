"""What an evaluation is: every target of a plan judged through a period, as known at a date.

Two dates, kept apart everywhere:

* ``through`` — the period evaluated (评估截止期: a year, a month or a day):
  which figures count, where "time elapsed" is measured, whether a target's
  year is over;
* ``known`` — the knowledge date: only what was recorded by its end is used,
  so an evaluation can be reproduced exactly later.

A 期末评估 of 2021–2025 done in March 2026 is ``through=2025``, ``known=2026-03-15``.

The work is split in two: ``gather`` reads the store into plain values (the
only part that touches it), ``judge`` decides what each target means and how
it stands — pure functions over those values.  Everything a report, page or
terminal shows about a target is resolved here once; they only format it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planwatch import limits
from planwatch.errors import InputError
from planwatch.evaluate.forecast import Forecast
from planwatch.evaluate.progress import Progress
from planwatch.metrics.definitions import Definition
from planwatch.periods import Through, through_day
from planwatch.plan import names
from planwatch.plan.model import Comparator, Direction, Indicator, Plan
from planwatch.plan.versions import DRAFT_LABEL, Version
from planwatch.projects.ledger import Ledger
from planwatch.status import Status
from planwatch.store.database import Store, end_of_day
from planwatch.store.orgs import Org


@dataclass(frozen=True)
class Observation:
    period: str
    time: float
    """Fractional year at the moment the figure holds: a year's figure at its end (2020 → 2021.0)."""
    value: float
    source: str
    """"规划" for the plan's own statement, "统计" for the store."""


@dataclass(frozen=True)
class Goal:
    """What meeting a target means, on the scale its figures are judged on.

    ``direction`` comes from the comparator (≥ / > increase, ≤ / < decrease),
    never from where the baseline happens to stand.  A change target (下降13%)
    is judged on the percent change from the baseline (goal −13); a growth
    target (年均增长8%) and an increment (新增1家) as the level they imply.
    """

    value: float
    comparator: Comparator | None
    direction: Direction
    series: str
    """``level`` (the figures themselves) or ``change`` (percent change from the baseline)."""
    unit: str
    """Unit of the series: the observed unit for levels, % for changes."""
    level: float | None
    """The goal as a level of the indicator (下降13% from 0.5 → 0.435), for charts; None without a baseline."""

    def met(self, value: float) -> bool:
        return value >= self.value if self.direction == "increase" else value <= self.value


@dataclass(frozen=True)
class Pace:
    """What it takes from the latest figure to the goal by the target year."""

    per_year: float | None
    """Growth rate a year (levels) or points a year (shares, changes)."""
    rate: bool
    """``per_year`` is a growth rate (levels) rather than points or units."""
    meaningful: bool
    """False for growth rates from zero (上市企业 0家 → 1家): an artefact of the method, not something to say."""
    observed: float | None
    """The growth rate a year achieved so far (levels), for comparison."""
    required: float | None
    """The growth rate a year the plan implies from its baseline (levels)."""


@dataclass(frozen=True)
class TargetEvaluation:
    indicator: Indicator
    status: Status
    unit: str
    """Unit of the observations (the plan's own unit where it converts, else the definition's)."""
    definition: Definition | None = None
    """How its figures are computed (None: no definition answers the indicator's name)."""
    org: Org | None = None
    """Whose figures: the county, a park, or the park holding an industry cluster."""
    observations: tuple[Observation, ...] = ()
    """The plan's baseline statement and the store's figures through the period, in time order."""
    baseline: Observation | None = None
    latest: Observation | None = None
    year_to_date: Observation | None = None
    """A flow's months so far in a year not yet complete (1—10月累计)."""
    goal: Goal | None = None
    """None for a milestone, or a change/increment target with no baseline to measure from."""
    progress: Progress | None = None
    """Open SDG's figures: completion, growth rates, ratio, score."""
    forecast: Forecast | None = None
    """At the target year, on the goal's scale; None once the year is over."""
    forecast_level: Forecast | None = None
    """The same forecast as a level of the indicator (for charts)."""
    un_ratio: float | None = None
    """The UN Progress Chart 2023 ratio, a second opinion beside the status."""
    pace: Pace | None = None
    gap: float | None = None
    """How far the latest figure is from the goal, on the goal's scale (positive: still short)."""
    due_passed: bool = False
    """The target's year is over by the end of the period evaluated."""
    red: bool = False
    """Needs attention now: binding and not on track, regressing, or missed."""
    milestone: tuple[str, str | None] | None = None
    """A target without a number: (status recorded, evidence)."""
    note: str = ""
    """Why there is no judgement (no definition, no data …), in words."""
    explanation: str = ""
    """Why the status is what it is, in words."""

    @property
    def status_zh(self) -> str:
        return self.status.zh

    @property
    def binding(self) -> bool:
        return self.indicator.attribute == "binding"

    @property
    def label(self) -> str:
        """The target's name with the park or industry it is scoped to (a plan sets 规上工业产值 for each park)."""
        scope = self.indicator.scope
        if not scope or scope in self.indicator.name or scope in names.REGION_WORDS:
            return self.indicator.name
        return f"{scope}{self.indicator.name}"


@dataclass
class Rollup:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    """Targets per status, by its Chinese name, worst first."""
    score: float | None = None
    targets: int = 0


@dataclass
class Evaluation:
    plan: Plan
    through: Through
    known: date
    """The knowledge date: figures recorded by its end."""
    subject: Org | None
    targets: list[TargetEvaluation]
    by_category: list[Rollup]
    by_scope: list[Rollup]
    overall: Rollup
    elapsed: float | None
    """Share of the plan period gone at the end of ``through``."""
    ledger: Ledger | None = None
    """The 重点项目台账 at the end of ``through`` as known (None when nothing was recorded in it)."""
    version: Version | None = None
    """The plan's version in force for ``through`` as known at ``known``; None: the reader's draft, not confirmed."""

    @property
    def version_label(self) -> str:
        return self.version.label if self.version is not None else DRAFT_LABEL

    @property
    def as_of(self) -> date:
        """The knowledge date (the CLI's and the API's ``as_of``)."""
        return self.known

    def will_miss(self) -> list[TargetEvaluation]:
        """The quantified targets that will be (or were) missed: off track, or a forecast short of the goal."""
        return [t for t in self.targets if t.milestone is None and (t.status.off_track or forecast_misses(t))]


def forecast_misses(t: TargetEvaluation) -> bool:
    if t.forecast is None or t.goal is None or t.status == Status.ACHIEVED:
        return False
    return not t.goal.met(t.forecast.value)


def check_dates(plan: Plan, through: Through, known: date) -> None:
    """Refuse dates far outside the plan's period: they say nothing about it, and cost work in proportion."""
    if plan.period is None:
        return
    margin = limits.value("as_of_margin_years")
    first, last = plan.period.start - margin, plan.period.end + margin
    for what, day in (("评估截止期", through.end), ("数据入库截至日（as_of）", known)):
        if not first <= day.year <= last:
            raise InputError(
                f"{what} {day.isoformat()} 离规划期（{plan.period.start}—{plan.period.end}年）太远："
                f"请选 {first}—{last} 年之间的日期（上限 as_of_margin_years = {margin} 年）。"
            )


def evaluate_plan(
    store: Store, plan: Plan, as_of: date, through: Through | None = None, *, as_given: bool = False
) -> Evaluation:
    """Every target of ``plan`` through ``through`` (default: the day ``as_of``), as known at the end of ``as_of``.

    A plan confirmed in the store is evaluated in the version in force at the end of the period as known
    at ``as_of`` (``plan/versions.py``), whatever version the caller holds — what is monitored is the
    confirmed 指标体系; one never confirmed, as given.  ``as_given``: evaluate ``plan`` exactly as passed
    (a what-if on an edited copy), naming no version."""
    from planwatch.evaluate.gather import gather
    from planwatch.evaluate.judge import judge_plan
    from planwatch.store.versions import version_in_force

    period = through or through_day(as_of)
    version = version_in_force(store, plan.id, period.end, end_of_day(as_of)) if plan.id and not as_given else None
    if version is not None:
        plan = version.plan()
    check_dates(plan, period, as_of)
    inputs = gather(store, plan, period, as_of)
    evaluation = judge_plan(inputs)
    evaluation.ledger = inputs.ledger
    evaluation.version = version
    return evaluation
