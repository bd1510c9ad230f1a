"""The ledgers as a second source of figures for the evaluation: 招商 targets and the project ledger.

What the gather reads here, beside the fact store:

* a plan target the 招商 ledger answers (园区累计完成工业项目合同引资500亿元 → 签约投资额,
  累计招商引资到位资金200亿元 → 到位资金; names in ``data/ledger.yaml``) and that no
  indicator definition computes;
* the 招商 targets set per chain and year (the 招商目标 sheet), each a target of its own — scope
  the chain, category 招商引资 — evaluated like any other;
* the 重点项目台账 as of the period evaluated, for the report's 重点项目 section.

The ledger figures are cumulative from 1 January of the plan's first year (a baseline of zero at
the end of the year before): at the end of each year, and at the end of the period evaluated.  A
cumulative total is judged as progress against the share of the plan period gone — its
definition's ``kind`` is ``share`` — since growth rates from zero mean nothing.  The judge is
the same as for every target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planwatch.evaluate.evaluation import Observation
from planwatch.metrics.definitions import Definition
from planwatch.metrics.formula import Formula, Number
from planwatch.periods import Through
from planwatch.plan import names
from planwatch.plan.model import Indicator, Plan, Source, Target
from planwatch.projects import attraction
from planwatch.projects.ledger import Ledger
from planwatch.projects.rules import Measure, measure, measures
from planwatch.service import ledgers as source
from planwatch.store.database import Store

SOURCE = "台账"
"""What an observation from a ledger says it comes from (beside 规划 and 统计)."""
CATEGORY = "招商引资"
RULE = "ledger.chain_target"


@dataclass(frozen=True)
class Figures:
    definition: Definition
    unit: str
    observations: tuple[Observation, ...]
    baseline: Observation | None
    note: str = ""


@dataclass
class LedgerSource:
    """What the ledgers hold for one plan, read once per evaluation."""

    plan: Plan
    through: Through
    standing: dict[date, list[attraction.Standing]] = field(default_factory=dict)
    signed: bool = False
    """Anything in the 招商 ledger by the knowledge date."""
    targets: list[source.ChainTarget] = field(default_factory=list)
    ledger: Ledger | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """Chain name → the plan line holding it (where a chain's target points)."""

    def _definition(self, m: Measure, chain: str | None) -> Definition:
        start = self.plan.period.start if self.plan.period else self.through.end.year
        scope = f"{chain}" if chain else "全部"
        return Definition(
            id=f"ledger:{m.id}" + (f"@{chain}" if chain else ""),
            name=f"{m.name}（招商引资台账）",
            formula=Formula(f"招商引资台账：{scope}{m.name}，自{start}年1月1日累计", Number(0.0)),
            unit=m.unit,
            formula_unit=None,
            kind="share",
            reported=None,
            prefer="rollup",
            matches=m.matches,
            note="累计数按规划期已过比例判断进度（从零起算的增速没有意义）",
        )

    def points(self) -> list[tuple[str, float, date]]:
        start = self.plan.period.start if self.plan.period else self.through.end.year
        end = self.through.end
        points = [(str(y), y + 1.0, date(y, 12, 31)) for y in range(start, end.year + 1) if date(y, 12, 31) <= end]
        if (end.month, end.day) != (12, 31) and end.year >= start:
            points.append((f"{end.year}-{end.month:02d}", end.year + end.month / 12, end))
        return points

    def figures(self, m: Measure, chain: str | None) -> Figures:
        start = self.plan.period.start if self.plan.period else self.through.end.year
        baseline = Observation(str(start - 1), float(start), 0.0, SOURCE)
        if not self.signed:
            return Figures(self._definition(m, chain), m.unit, (), None, "招商引资台账中还没有签约记录")
        since = date(start, 1, 1)
        observations = tuple(
            Observation(period, time, attraction.figure(m, self.standing[day], since, chain), SOURCE)
            for period, time, day in self.points()
        )
        return Figures(self._definition(m, chain), m.unit, observations, baseline)

    def for_indicator(self, indicator: Indicator) -> Figures | None:
        """Figures for a plan target the 招商 ledger answers (None for every other target)."""
        wanted = {names.key(indicator.name), names.key(indicator.canonical or indicator.name)}
        found = next((m for m in measures() if wanted & {names.key(n) for n in (m.name, *m.matches)}), None)
        return None if found is None else self.figures(found, None)

    def chain_targets(self) -> list[tuple[Indicator, Figures]]:
        """Each 招商 target set for a chain, as a target of its own with the ledger's figures for that chain."""
        found = []
        for t in self.targets:
            m = measure(t.measure)
            if m is None:
                continue
            text = f"到{t.year}年{t.chain}累计{m.name}{t.value:g}{m.unit}（招商目标）"
            indicator = Indicator(
                name=m.name,
                category=CATEGORY,
                unit=m.unit,
                scope=t.chain,
                scope_path=[t.chain],
                target=Target(
                    year=t.year, value=t.value, comparator=">=", direction="increase", text=text, year_basis="stated"
                ),
                origin="table",
                source=Source(
                    line=self.lines.get(t.chain, 0),
                    text=f"{text}——招商目标表设定，不是规划原文；此行为该产业链在规划中的位置",
                ),
                canonical=m.name,
                rule=RULE,
            )
            found.append((indicator, self.figures(m, t.chain)))
        return found


def read(store: Store, plan: Plan, through: Through, known: date) -> LedgerSource:
    """The plan's ledgers as known at ``known``, standing at the end of the period evaluated."""
    found = LedgerSource(plan, through)
    signings = source.signings(store, plan, known)
    found.signed = bool(signings)
    found.targets = source.chain_targets(store, plan, known)
    if signings:
        steps = source.steps(store, plan, known)
        for _, _, day in found.points():
            found.standing[day] = attraction.standings(signings, steps, day)
    if source.has_ledger(store, plan, known):
        view = source.chain_view(store, plan, known)
        found.lines = {m.name: m.line for m in view.maps}
        found.ledger = source.project_ledger(store, plan, through.end, known, view)
    elif found.targets:
        found.lines = {m.name: m.line for m in source.chain_maps(store, plan, known)[0]}
    return found
