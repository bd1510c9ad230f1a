"""招商引资台账: signed projects, how far each has come, the money that arrived, and the funnel per chain.

A signing (签约) names its investor, park, chain and link, the investment signed and the day.
Monthly steps move it on (落地 → 开工 → 投产) and give the cumulative 到位资金.  As of a day a
signing stands at the furthest stage a step of that month or before reached.

Targets read three cumulative figures from the ledger (from 1 January of the plan's first year):
签约投资额 (the sum signed), 到位资金 (the sum arrived) and 落地项目 (signings that landed) —
overall, or for one chain.  A signing that lands becomes a project of the 重点项目台账 under its
own code, so nobody types it twice (its 到位资金 standing for the investment done until the
project reports on its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from planwatch.projects.ledger import ATTRACTION_ORIGIN, Seed
from planwatch.projects.rules import Measure, stages
from planwatch.status import Stage
from planwatch.units import convert

ALL_CHAINS = "全部"
_PROJECT_STAGE = {"落地": Stage.PREPARING, "开工": Stage.STARTED, "投产": Stage.PRODUCING}
"""Where a landed signing stands in the project ledger before any update of its own."""


@dataclass(frozen=True)
class Signing:
    code: str
    name: str
    investor: str | None
    park: str | None
    chain: str | None
    link: str | None
    signed_wan: float
    signed_on: date


@dataclass(frozen=True)
class Step:
    code: str
    period: str
    """The month, ``2025-03``."""
    stage: str
    arrived_wan: float | None
    """Cumulative 到位资金 at the end of the month, 万元 (None: not reported that month)."""


@dataclass(frozen=True)
class Standing:
    """A signing as of a day."""

    signing: Signing
    stage: str
    arrived_wan: float
    landed: str | None
    """The month it landed (落地 or further), None while only signed."""


def rank(stage: str) -> int:
    return stages().index(stage) if stage in stages() else 0


def standings(signings: Iterable[Signing], steps: Iterable[Step], day: date) -> list[Standing]:
    """Every signing signed by ``day`` with the stage, 到位资金 and landing of its steps up to ``day``'s month."""
    month = f"{day.year}-{day.month:02d}"
    by_code: dict[str, list[Step]] = {}
    for step in sorted(steps, key=lambda s: s.period):
        if step.period <= month:
            by_code.setdefault(step.code, []).append(step)
    found = []
    for signing in signings:
        if signing.signed_on > day:
            continue
        mine = by_code.get(signing.code, [])
        stage = max((s.stage for s in mine), key=rank, default=stages()[0])
        arrived = next((s.arrived_wan for s in reversed(mine) if s.arrived_wan is not None), 0.0)
        landed = next((s.period for s in mine if rank(s.stage) >= 1), None)
        found.append(Standing(signing, stage, arrived, landed))
    return found


@dataclass(frozen=True)
class Funnel:
    """签约 → 落地 → 开工 → 投产 of one chain (or 全部): how many signings reached each stage, and their money."""

    chain: str
    counts: dict[str, int]
    amounts_wan: dict[str, float]
    """Investment signed of the signings that reached each stage."""
    arrived_wan: float


def funnels(standing: Sequence[Standing]) -> list[Funnel]:
    """One funnel per chain named in the ledger (signings without a chain only in 全部), 全部 first."""
    chains = sorted({s.signing.chain for s in standing if s.signing.chain})
    result = []
    for chain in [ALL_CHAINS, *chains]:
        members = [s for s in standing if chain == ALL_CHAINS or s.signing.chain == chain]
        counts = {name: sum(1 for s in members if rank(s.stage) >= n) for n, name in enumerate(stages())}
        amounts = {
            name: sum(s.signing.signed_wan for s in members if rank(s.stage) >= n) for n, name in enumerate(stages())
        }
        result.append(Funnel(chain, counts, amounts, sum(s.arrived_wan for s in members)))
    return result


def figure(measure: Measure, standing: Iterable[Standing], since: date, chain: str | None = None) -> float:
    """A measure's cumulative value (in its unit) over signings made on or after ``since``, of one chain or all."""
    members = [s for s in standing if s.signing.signed_on >= since and (chain is None or s.signing.chain == chain)]
    if measure.id == "signed":
        total = sum(s.signing.signed_wan for s in members)
    elif measure.id == "arrived":
        total = sum(s.arrived_wan for s in members)
    else:
        return float(sum(1 for s in members if s.landed is not None))
    return convert(total, "万元", measure.unit)


def landed(standing: Iterable[Standing], planned: set[str]) -> tuple[list[Seed], dict[str, tuple[str, str | None]]]:
    """Signings that landed as project-ledger seeds (their code their id), and the chain each is on.

    A code that is already a plan project's id is left out (the plan's row is that project).
    """
    seeds: list[Seed] = []
    placed: dict[str, tuple[str, str | None]] = {}
    for s in standing:
        if s.landed is None or s.signing.code in planned:
            continue
        signing = s.signing
        seeds.append(
            Seed(
                signing.code,
                signing.name,
                signing.park,
                None,
                None,
                ATTRACTION_ORIGIN,
                signing.signed_wan,
                int(s.landed[:4]),
                None,
                f"招商签约：{signing.investor or '—'}，{signing.signed_on.isoformat()}",
                _PROJECT_STAGE.get(s.stage, Stage.PREPARING),
                s.arrived_wan,
            )
        )
        if signing.chain:
            placed[signing.code] = (signing.chain, signing.link)
    return seeds, placed
