"""小升规 (规上企业培育库): which enterprises below the 规上 line will cross it, when, and who may fall out.

规模以上 = annual 主营业务收入 ≥ 2000万元 (since 2011; ``data/tiers/scale.yaml``).  From each enterprise's monthly
营业收入: the trailing-12-month sum (T12) at its latest month, a log-linear trend through T12 over the last
12 months, and the month T12 is projected to reach the line.  Enterprises already carrying 规上 whose T12
is under the line, or just above it and falling, are at risk of leaving the statistics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from planwatch import data
from planwatch.assess.panel import Bools, Floats
from planwatch.status import TierStatus


@dataclass(frozen=True)
class Settings:
    threshold: float
    window: int
    trend: int
    horizon: int
    close_share: float
    risk_margin: float
    source: str


@cache
def settings() -> Settings:
    raw: dict[str, Any] = data.load("tiers/scale.yaml")
    return Settings(
        threshold=float(raw["threshold"]),
        window=int(raw["window_months"]),
        trend=int(raw["trend_months"]),
        horizon=int(raw["horizon_months"]),
        close_share=float(raw["close_share"]),
        risk_margin=float(raw["risk_margin"]),
        source=str(raw["source"]),
    )


@dataclass(frozen=True)
class Monthly:
    """Monthly values of one element for every enterprise: rows × months (NaN: not reported)."""

    codes: list[str]
    names: list[str]
    parks: list[str | None]
    months: list[tuple[int, int]]
    """(year, month) of each column, consecutive."""
    values: Floats
    gs: Bools
    """Carries the 规上 tag in the latest year."""


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    park: str | None
    trailing: float | None
    """营业收入 over the 12 months to ``through`` (万元), annualised when fewer months are known."""
    through: tuple[int, int] | None
    months_known: int
    growth: float | None
    """Annual growth rate of the trailing sum, from its trend (0.12 = 12 %/yr)."""
    crossing: tuple[int, int] | None
    """The month the trailing sum is projected to reach the line (already reached: its latest month)."""
    missing: float | None
    """营业收入 still missing to the line (万元 a year)."""
    status: TierStatus
    gs: bool
    at_risk: bool = False
    risk: str | None = None


def _add_months(month: tuple[int, int], count: int) -> tuple[int, int]:
    serial = month[0] * 12 + month[1] - 1 + count
    return serial // 12, serial % 12 + 1


def _trailing(row: Floats, window: int) -> tuple[Floats, Floats]:
    """(sum over the window ending at each month, months known in it)."""
    known = ~np.isnan(row)
    filled = np.where(known, row, 0.0)
    sums = np.convolve(filled, np.ones(window))[: len(row)]
    counts = np.convolve(known.astype(float), np.ones(window))[: len(row)]
    return sums, counts


def project(series: Monthly, config: Settings | None = None) -> list[Candidate]:
    """Every enterprise's trailing revenue, trend and projected crossing, by the rules of ``scale.yaml``."""
    config = config or settings()
    found = []
    for index, code in enumerate(series.codes):
        row = series.values[index]
        known = np.flatnonzero(~np.isnan(row))
        gs = bool(series.gs[index])
        if known.size == 0:
            found.append(
                Candidate(
                    code,
                    series.names[index],
                    series.parks[index],
                    None,
                    None,
                    0,
                    None,
                    None,
                    config.threshold,
                    TierStatus.FAR,
                    gs,
                )
            )
            continue
        last = int(known[-1])
        sums, counts = _trailing(row, config.window)
        count = int(counts[last])
        trailing = float(sums[last]) * config.window / count if count else None
        full = [
            k for k in range(max(0, last - config.trend + 1), last + 1) if counts[k] == config.window and sums[k] > 0
        ]
        growth = None
        monthly = None
        if len(full) >= 3:
            slope = float(np.polyfit(np.array(full, dtype=float), np.log(sums[full]), 1)[0])
            monthly = math.exp(slope) - 1
            growth = (1 + monthly) ** 12 - 1
        through = series.months[last]
        crossing = None
        if trailing is not None and trailing >= config.threshold:
            crossing = through
        elif trailing and monthly and monthly > 0:
            months = math.log(config.threshold / trailing) / math.log(1 + monthly)
            if months <= config.horizon:
                crossing = _add_months(through, math.ceil(months))
        missing = max(config.threshold - trailing, 0.0) if trailing is not None else config.threshold
        if trailing is not None and trailing >= config.threshold:
            status = TierStatus.MEETS
        elif crossing is not None or (trailing or 0) >= config.close_share * config.threshold:
            status = TierStatus.CLOSE
        else:
            status = TierStatus.FAR
        at_risk, risk = False, None
        if gs and trailing is not None:
            if trailing < config.threshold:
                at_risk, risk = True, f"近12个月营业收入已低于{config.threshold:g}万元"
            elif trailing < config.threshold * (1 + config.risk_margin) and growth is not None and growth < 0:
                at_risk, risk = True, f"近12个月营业收入接近{config.threshold:g}万元且在下降"
        found.append(
            Candidate(
                code,
                series.names[index],
                series.parks[index],
                trailing,
                through,
                count,
                growth,
                crossing,
                missing,
                status,
                gs,
                at_risk,
                risk,
            )
        )
    return found


def candidates(projected: list[Candidate]) -> list[Candidate]:
    """The 培育库: enterprises without the 规上 tag that meet the line or are close, soonest first."""
    pool = [c for c in projected if not c.gs and c.status in {TierStatus.MEETS, TierStatus.CLOSE}]
    return sorted(pool, key=lambda c: (c.crossing or (9999, 12), -(c.trailing or 0), c.code))


def at_risk(projected: list[Candidate]) -> list[Candidate]:
    return sorted((c for c in projected if c.at_risk), key=lambda c: (c.trailing or 0, c.code))


def by_year(projected: list[Candidate], year: int) -> list[Candidate]:
    """Candidates projected to reach the line by the end of ``year``."""
    return [c for c in candidates(projected) if c.crossing is not None and c.crossing <= (year, 12)]
