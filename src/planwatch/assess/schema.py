"""The assessment as JSON — ``assess mujun --json``, ``assess tiers --json``, ``energy --json`` and the dashboard.

Other tools rely on these shapes (README); fields are only ever added.  Built from the computed results
by plain functions; figures are rounded here once, so every consumer shows the same digits.
Long because it is the whole JSON contract of the three assessments: one file to read when a field changes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from planwatch.assess import cultivation as cv
from planwatch.assess import energy as en
from planwatch.assess import mujun as mj
from planwatch.assess import tiers as tr
from planwatch.assess.panel import Bools
from planwatch.status import GRADES, Grade, TierStatus


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def rounded(value: float | None, digits: int = 4) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


# --- 亩均 -------------------------------------------------------------------------------------------------


class ItemRecord(Record):
    indicator: str
    value: float | None
    unit: str
    benchmark: float | None
    """ratio scoring: the value that scores the full weight; None under min-max."""
    score: float | None
    weight: float
    contribution: float | None
    """The item's share of the enterprise's item points (0.3 = 30 %)."""
    imputed: bool = False
    """No value: scored by the scheme's missing rule (0, or the list's average)."""


class AdjustmentRecord(Record):
    reason: str
    points: float


class MujunEnterprise(Record):
    uscc: str
    name: str
    park: str | None
    listed: str | None = Field(serialization_alias="list")
    """规上 / 规下 (the scheme's list), None when in none; ``list`` in JSON."""
    grade: str = Field(serialization_alias="class")
    """A/B/C/D or 不评价; ``class`` in JSON."""
    reason: str | None
    score: float | None
    """Σ item scores + bonus/penalty (``adjustment``)."""
    items_score: float | None
    adjustment: float
    adjustments: list[AdjustmentRecord]
    rank: int | None
    rated: int | None
    """How many firms were ranked in its list."""
    previous_class: str | None
    change: str | None
    """up, down or same against last year's class; None without one."""
    items: list[ItemRecord]


_ENTERPRISES = TypeAdapter(list[MujunEnterprise])


class GroupRecord(Record):
    name: str
    enterprises: int
    rated: int
    counts: dict[str, int]
    shares: dict[str, float | None]
    figures: dict[str, float | None]
    """亩均税收 … over the rated firms (Σ numerator ÷ Σ denominator)."""
    units: dict[str, str]


class ListRecord(Record):
    name: str
    scoring: str
    cap: float | None
    benchmarks: dict[str, float | None]
    ranges: dict[str, list[float | None]]
    weights: dict[str, float]
    note: str | None
    rated: int
    lowest: dict[str, float]
    """Each class's lowest total this year."""


class MujunReport(Record):
    scheme: str
    scheme_title: str
    source: str
    year: int
    energy_basis: str
    benchmarks: dict[str, float | None]
    """The first list's (规上) benchmarks by indicator name; every list's in ``lists``."""
    lists: list[ListRecord]
    enterprises: list[MujunEnterprise]
    summary: dict[str, int]
    parks: list[GroupRecord]
    county: GroupRecord


_ORDER = {g.value: g.rank for g in GRADES}


def _change(now: str, before: str | None) -> str | None:
    if before is None or now not in _ORDER or before not in _ORDER:
        return None
    step = _ORDER[before] - _ORDER[now]
    return "up" if step > 0 else "down" if step < 0 else "same"


def _group(name: str, result: mj.Result, rows: Bools, graded: Bools) -> GroupRecord:
    """Counts and 亩均 figures of the ``rows``; ``graded`` marks the rows given a class."""
    counts = Counter(np.asarray(result.grade, dtype=object)[rows].tolist())
    rated = sum(counts[g.value] for g in GRADES)
    figures: dict[str, float | None] = {}
    units: dict[str, str] = {}
    for listed in result.lists:
        for item in listed.items:
            key = item.indicator.name
            if key in figures:
                continue
            use = rows & graded & ~np.isnan(item.denominator) & (np.nan_to_num(item.denominator) > 0)
            bottom = float(item.denominator[use].sum())
            figures[key] = rounded(float(item.numerator[use].sum()) / bottom * item.indicator.scale) if bottom else None
            units[key] = item.indicator.unit
    return GroupRecord(
        name=name,
        enterprises=int(rows.sum()),
        rated=rated,
        counts={g.value: counts[g.value] for g in Grade},
        shares={g.value: rounded(counts[g.value] / rated) if rated else None for g in GRADES},
        figures=figures,
        units=units,
    )


def _column(values: np.ndarray, digits: int = 4) -> list[float | None]:
    """A column rounded once, as plain floats with None for NaN (records are built from these)."""
    return [None if v != v else v for v in np.round(values.astype(float), digits).tolist()]


def mujun_report(result: mj.Result, previous: mj.Result | None = None, rows: Bools | None = None) -> MujunReport:
    """The 亩均 result as its JSON contract; ``rows`` limits the enterprises listed (a park), not the scoring.

    The enterprises are built as plain data and validated once, in one pass (pydantic's core): a province of
    100,000 enterprises is 600,000 records, and building them one object at a time would be most of the time.
    """
    panel = result.panel
    shown = rows if rows is not None else np.ones(len(panel), dtype=bool)
    before = {} if previous is None else dict(zip(previous.panel.codes, previous.grade, strict=True))
    enterprises: list[dict[str, Any]] = []
    ranked_in = [int((each.rated & ~np.isnan(result.rank)).sum()) for each in result.lists]
    held = {a.tag: panel.has(a.tag, result.year) for a in result.scheme.adjustments}
    totals, items_totals, ranks = _column(result.total), _column(result.items_total), result.rank.tolist()
    columns = []
    for each in result.lists:
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = [_column(item.scores / result.items_total) for item in each.items]
        columns.append(
            [
                (
                    item,
                    _column(item.values),
                    _column(item.scores),
                    share,
                    item.imputed.tolist(),
                    rounded(item.benchmark),
                )
                for item, share in zip(each.items, shares, strict=True)
            ]
        )
    for row in np.flatnonzero(shown).tolist():
        index = int(result.list_of[row])
        listed = result.lists[index] if index >= 0 else None
        rated = bool(listed is not None and listed.rated[row])
        items = []
        if listed is not None and rated:
            for item, values, scores, share, imputed, benchmark in columns[index]:
                items.append(
                    {
                        "indicator": item.indicator.name,
                        "value": values[row],
                        "unit": item.indicator.unit,
                        "benchmark": benchmark,
                        "score": scores[row],
                        "weight": item.weight,
                        "contribution": share[row],
                        "imputed": imputed[row],
                    }
                )
        adjustments = [
            {"reason": a.reason, "points": a.points} for a in result.scheme.adjustments if rated and held[a.tag][row]
        ]
        previous_class = before.get(panel.codes[row])
        if previous_class == Grade.NOT_RATED.value:
            previous_class = None
        grade = result.grade[row]
        enterprises.append(
            {
                "uscc": panel.codes[row],
                "name": panel.names[row],
                "park": panel.parks[row],
                "listed": listed.rule.name if listed else None,
                "grade": grade,
                "reason": result.reason[row],
                "score": totals[row] if rated else None,
                "items_score": items_totals[row] if rated else None,
                "adjustment": float(result.adjustment[row]) if rated else 0.0,
                "adjustments": adjustments,
                "rank": None if ranks[row] != ranks[row] else int(ranks[row]),
                "rated": ranked_in[index] if listed is not None and rated else None,
                "previous_class": previous_class,
                "change": _change(grade, previous_class),
                "items": items,
            }
        )
    enterprises.sort(key=lambda e: (e["listed"] is None, e["listed"] or "", e["rank"] or 10**9, e["uscc"]))
    records = _ENTERPRISES.validate_python(enterprises)
    lists = [
        ListRecord(
            name=listed.rule.name,
            scoring=listed.rule.scoring,
            cap=listed.rule.cap,
            benchmarks={i.indicator.name: rounded(i.benchmark) for i in listed.items},
            ranges={i.indicator.name: [rounded(i.low), rounded(i.high)] for i in listed.items},
            weights={i.indicator.name: i.weight for i in listed.items},
            note=listed.note,
            rated=int(listed.rated.sum()),
            lowest={k: round(v, 4) for k, v in listed.lowest.items()},
        )
        for listed in result.lists
    ]
    parks = sorted({p for p, keep in zip(panel.parks, shown, strict=True) if keep and p})
    park_of = np.array([p or "" for p in panel.parks], dtype=object)
    graded = np.asarray(result.grade, dtype=object) != Grade.NOT_RATED.value
    counts = Counter(e.grade for e in records)
    return MujunReport(
        scheme=result.scheme.name,
        scheme_title=result.scheme.title,
        source=result.scheme.source,
        year=result.year,
        energy_basis=en.BASIS_ZH[result.scheme.energy_basis],
        benchmarks=lists[0].benchmarks if lists else {},
        lists=lists,
        enterprises=records,
        summary={g.value: counts[g.value] for g in Grade},
        parks=[_group(p, result, shown & (park_of == p), graded) for p in parks],
        county=_group("合计", result, shown, graded),
    )


class NeedRecord(Record):
    indicator: str
    unit: str
    value: float | None
    needed: float | None
    numerator: str
    numerator_unit: str
    numerator_increase: float | None


class CheckupRecord(Record):
    """亩均体检: one enterprise's items against the benchmarks, and what reaching the next class takes."""

    enterprise: MujunEnterprise
    scheme: str
    year: int
    next_class: str | None
    points_needed: float | None
    margin: float | None
    needs: list[NeedRecord]
    lowest: dict[str, float]


def checkup_record(
    result: mj.Result,
    report: MujunReport,
    code: str,
    element_names: dict[str, str],
    element_units: dict[str, str] | None = None,
) -> CheckupRecord:
    row = result.panel.codes.index(code)
    found = mj.checkup(result, row, element_names, element_units)
    entry = next(e for e in report.enterprises if e.uscc == code)
    index = int(result.list_of[row])
    return CheckupRecord(
        enterprise=entry,
        scheme=result.scheme.name,
        year=result.year,
        next_class=found.next_grade,
        points_needed=rounded(found.points_needed, 2),
        margin=rounded(found.margin, 2),
        needs=[
            NeedRecord(
                indicator=n.indicator,
                unit=n.unit,
                value=rounded(n.value),
                needed=rounded(n.needed),
                numerator=n.numerator,
                numerator_unit=n.numerator_unit,
                numerator_increase=rounded(n.numerator_increase, 2),
            )
            for n in found.needs
        ],
        lowest={k: round(v, 2) for k, v in result.lists[index].lowest.items()} if index >= 0 else {},
    )


# --- 梯度培育 ----------------------------------------------------------------------------------------------


class TierRecord(Record):
    status: TierStatus
    status_zh: str
    score: float | None
    missing: list[str]
    holds: bool
    """Already recognised (the registry carries the tier's tag in the year)."""
    parts: dict[str, float]


class TierEnterprise(Record):
    uscc: str
    name: str
    park: str | None
    tiers: dict[str, TierRecord]


MARK_ZH = {"✅": "官方文本", "⚠️": "第三方资料", "❓": "未核实的默认值"}
"""How well a rule is sourced, in words (the data files' marks; emoji do not print in every font)."""


class FunnelRecord(Record):
    tier: str
    holds: int
    meets: int
    close: int
    far: int
    mark: str
    mark_zh: str


class CandidateRecord(Record):
    """A 小升规 candidate (or a 规上 enterprise at risk)."""

    uscc: str
    name: str
    park: str | None
    trailing_revenue: float | None
    through: str | None
    months_known: int
    growth: float | None
    crossing: str | None
    missing: float | None
    status: TierStatus
    status_zh: str
    at_risk: bool
    risk: str | None


class CultivationRecord(Record):
    threshold: float
    source: str
    candidates: list[CandidateRecord]
    at_risk: list[CandidateRecord]


class TiersReport(Record):
    year: int
    rules: str
    rules_title: str
    unverified: str | None
    marks: dict[str, str]
    """Tier → how well its rules are sourced (✅ ⚠️ ❓)."""
    enterprises: list[TierEnterprise]
    funnel: list[FunnelRecord]
    pools: dict[str, list[str]]
    """Tier → USCCs of the 培育库 (not holding it, meeting or close), closest first."""
    cultivation: CultivationRecord | None = None


def _month(value: tuple[int, int] | None) -> str | None:
    return None if value is None else f"{value[0]}-{value[1]:02d}"


def candidate_record(c: cv.Candidate) -> CandidateRecord:
    return CandidateRecord(
        uscc=c.code,
        name=c.name,
        park=c.park,
        trailing_revenue=rounded(c.trailing, 2),
        through=_month(c.through),
        months_known=c.months_known,
        growth=rounded(c.growth),
        crossing=_month(c.crossing),
        missing=rounded(c.missing, 2),
        status=c.status,
        status_zh=c.status.zh,
        at_risk=c.at_risk,
        risk=c.risk,
    )


def tiers_report(
    rules: tr.Rules,
    year: int,
    assessed: Sequence[tr.EnterpriseTiers],
    projected: Sequence[cv.Candidate] | None = None,
    shown: set[str] | None = None,
) -> TiersReport:
    """The tier results as their JSON contract; ``shown`` limits the enterprises listed (a park, one firm)."""
    visible = [e for e in assessed if shown is None or e.code in shown]
    cultivation = None
    if projected is not None:
        config = cv.settings()
        mine = [c for c in projected if shown is None or c.code in shown]
        cultivation = CultivationRecord(
            threshold=config.threshold,
            source=config.source,
            candidates=[candidate_record(c) for c in cv.candidates(mine)],
            at_risk=[candidate_record(c) for c in cv.at_risk(mine)],
        )
    return TiersReport(
        year=year,
        rules=rules.version,
        rules_title=rules.title,
        unverified=rules.unverified,
        marks={t.name: t.mark for t in rules.tiers},
        enterprises=[
            TierEnterprise(
                uscc=e.code,
                name=e.name,
                park=e.park,
                tiers={
                    name: TierRecord(
                        status=r.status,
                        status_zh=r.status.zh,
                        score=rounded(r.score, 2),
                        missing=r.missing,
                        holds=r.holds,
                        parts={k: round(v, 2) for k, v in r.parts.items()},
                    )
                    for name, r in e.tiers.items()
                },
            )
            for e in visible
        ],
        funnel=[
            FunnelRecord(
                tier=name,
                holds=h,
                meets=m,
                close=c,
                far=f,
                mark=rules.tier(name).mark,
                mark_zh=MARK_ZH.get(rules.tier(name).mark, rules.tier(name).mark),
            )
            for name, h, m, c, f in tr.funnel(visible, rules)
        ],
        pools={t.name: [e.code for e in tr.pool(visible, t.name)] for t in rules.tiers},
        cultivation=cultivation,
    )


# --- energy -----------------------------------------------------------------------------------------------


class FuelRecord(Record):
    quantity: float | None
    unit: str
    tce_calorific: float | None
    tce_equivalent: float | None
    co2_t: float | None


class OrgEnergyRecord(Record):
    org: str
    kind: str
    code: str | None
    park: str | None = None
    enterprises: int
    tce_equivalent: float | None
    tce_calorific: float | None
    co2_t: float | None
    value_added_wan: float | None
    intensity: float | None
    """吨标准煤/万元 on ``EnergyReport.basis``."""
    by_fuel: dict[str, FuelRecord]


class FactorRecord(Record):
    electricity_equivalent: float
    """tce per 万千瓦时 (等价值) used for the year."""
    electricity_equivalent_source: str
    electricity_calorific: float
    grid_co2: float
    """tCO₂ per MWh of purchased electricity used for the year."""
    grid_co2_year: int
    grid_co2_source: str


class ContributorRecord(Record):
    uscc: str
    name: str
    park: str | None
    intensity_points: float
    energy_change_tce: float


class EnergyTargetRecord(Record):
    """The plan's binding 单位工业增加值能耗 target, judged on intensities computed from energy by kind."""

    indicator: str
    base_year: int
    goal_change: float | None
    """Percent change the target asks (−13)."""
    target_year: int | None
    series: dict[str, float]
    """Year → 规上 intensity (吨标准煤/万元)."""
    change: float | None
    """Percent change from the base year to the latest year."""
    status: str | None
    status_zh: str | None
    explanation: str | None
    contributors: list[ContributorRecord]
    """Largest increases first: who pushed the intensity up from the base year."""


class EnergyReport(Record):
    year: int
    basis: str
    """The basis of ``intensity``: 当量值 or 等价值."""
    factors: FactorRecord
    orgs: list[OrgEnergyRecord]
    target: EnergyTargetRecord | None = None


def org_energy_record(found: en.OrgEnergy, park: str | None = None) -> OrgEnergyRecord:
    return OrgEnergyRecord(
        org=found.org,
        kind=found.kind,
        code=found.code,
        park=park,
        enterprises=found.enterprises,
        tce_equivalent=rounded(found.equivalent),
        tce_calorific=rounded(found.calorific),
        co2_t=rounded(found.co2),
        value_added_wan=rounded(found.value_added),
        intensity=rounded(found.intensity, 6),
        by_fuel={
            f.name: FuelRecord(
                quantity=rounded(f.quantity),
                unit=f.unit,
                tce_calorific=rounded(f.calorific),
                tce_equivalent=rounded(f.equivalent),
                co2_t=rounded(f.co2),
            )
            for f in found.by_fuel
        },
    )


def factor_record(year: int, table: en.Coefficients | None = None) -> FactorRecord:
    table = table or en.coefficients()
    equivalent = table.equivalent_electricity(year)
    grid = table.grid_factor(year)
    return FactorRecord(
        electricity_equivalent=round(equivalent.value, 6),
        electricity_equivalent_source=equivalent.source,
        electricity_calorific=table.fuel(en.ELECTRICITY).factor,
        grid_co2=grid.value,
        grid_co2_year=grid.year,
        grid_co2_source=grid.source,
    )
