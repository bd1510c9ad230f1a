"""A forecast at the target year from the points so far, with an interval and a probability.

Time-weighted least squares as ESCAP's anticipated-progress method does:
recent points weigh more, w_i = (T − t_min + 1)/(T − t_i + 1) for the target
time T.  Levels are fitted on the log scale (constant growth), rates and
shares on the linear scale.  The interval is the weighted regression's
prediction interval (Student t, quantiles below); the probability of meeting
the target is read from the same predictive distribution (normal
approximation) and only given from three points on.  Written by hand: a few
lines of algebra, where a statistics library would be a large dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from planwatch.evaluate.progress import Point, settings

# Two-sided 90 % Student t quantiles (t_{0.95, df}) for df = 1 … 30; standard tables.
_T90 = (
    6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812,
    1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725,
    1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697,
)  # fmt: skip


@dataclass(frozen=True)
class Forecast:
    time: float
    value: float
    low: float | None
    high: float | None
    p_meet: float | None
    points: int


def _t(df: int) -> float:
    if df <= 0:
        return math.inf
    return _T90[df - 1] if df <= len(_T90) else NormalDist().inv_cdf(0.95)


def forecast(
    points: list[Point], at: float, log_scale: bool, target: float | None = None, direction: str = "increase"
) -> Forecast | None:
    """The value at time ``at``; None from fewer points than ``data/progress.yaml`` asks."""
    rules = settings()["forecast"]
    usable = [p for p in points if not log_scale or p.value > 0]
    if len({p.time for p in usable}) < rules["min_points"]:
        return None
    times = [p.time for p in usable]
    ys = [math.log(p.value) if log_scale else p.value for p in usable]
    first = min(times)
    weights = [(at - first + 1) / max(at - t + 1, 1e-9) for t in times]
    total = sum(weights)
    mean_t = sum(w * t for w, t in zip(weights, times, strict=True)) / total
    mean_y = sum(w * y for w, y in zip(weights, ys, strict=True)) / total
    sxx = sum(w * (t - mean_t) ** 2 for w, t in zip(weights, times, strict=True))
    if sxx == 0:
        return None
    slope = sum(w * (t - mean_t) * (y - mean_y) for w, t, y in zip(weights, times, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_t
    predicted = intercept + slope * at
    n = len(usable)
    low = high = p_meet = None
    if n > 2:
        residual = sum(w * (y - intercept - slope * t) ** 2 for w, t, y in zip(weights, times, ys, strict=True))
        variance = residual / (n - 2) / (total / n)  # scale the weights to sum to n
        se = math.sqrt(variance * (1 + 1 / n + (at - mean_t) ** 2 / (sxx * n / total)))
        margin = _t(n - 2) * se
        low, high = predicted - margin, predicted + margin
        if target is not None and n >= rules["min_points_probability"] and se > 0:
            goal = math.log(target) if log_scale and target > 0 else target
            below = NormalDist(predicted, se).cdf(goal)
            p_meet = 1 - below if direction == "increase" else below
        elif target is not None and se == 0:
            meets = predicted >= (math.log(target) if log_scale else target)
            p_meet = float(meets if direction == "increase" else not meets)
    scale = math.exp if log_scale else (lambda v: v)
    return Forecast(
        time=at,
        value=scale(predicted),
        low=None if low is None else scale(low),
        high=None if high is None else scale(high),
        p_meet=p_meet,
        points=n,
    )
