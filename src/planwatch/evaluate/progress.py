"""The status of one target from its baseline, latest value and target — pure arithmetic.

The method is Open SDG's progress measure (sdg-build ``ProgressMeasure.py``),
with planwatch's own choices made explicit:

* Target achieved comes first, direction-aware: an increase target is met
  when the latest value reaches it, a decrease target when it falls to it.
* Otherwise ``R = sign · d · CAGR_observed / |CAGR_required|`` where ``d`` is
  +1 for an increase target (the default — Open SDG defaults to decrease) and
  ``sign`` is −1 for a negative baseline; bands from ``data/progress.yaml``.
* Levels (产值, 企业数) go through CAGR.  Shares and rates (占比, 强度, 增速) are
  compared directly: the progress made ``(latest − base)/(target − base)``
  against the share of the period elapsed.  A decrease *change* target
  (下降13%) is compared with the change achieved since the baseline.
* A binding (约束性) target that is not achieved or on track is red.
* Fewer than two points (no baseline or no latest value) is 数据不足.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from planwatch import data
from planwatch.status import Status


@cache
def settings() -> dict[str, Any]:
    loaded: dict[str, Any] = data.load("progress.yaml")
    return loaded


@dataclass(frozen=True)
class Point:
    time: float
    """Fractional year: 2024-10 is 2024 + 10/12 (a year's figure is at its end, 2024 → 2024.0 + 1)."""
    value: float


@dataclass(frozen=True)
class Progress:
    status: Status
    ratio: float | None
    """Open SDG's R (levels) or progress over elapsed share (shares and rates)."""
    score: float | None
    completion: float | None
    """(latest − base)/(target − base)."""
    attainment: float | None
    """latest / target."""
    observed_cagr: float | None
    required_cagr: float | None
    needed_per_year: float | None
    """Growth per year needed from the latest value to the target (a rate for levels, points for shares)."""
    red: bool
    """Needs attention now: binding and not on track, or regressing."""


ZERO = 0.001
"""Open SDG replaces a zero baseline or target by this, so growth from nothing can be measured."""


def cagr(start: float, end: float, years: float) -> float | None:
    start = start or ZERO
    end = end or ZERO
    if years <= 0 or (start < 0) != (end < 0):
        return None
    ratio = end / start
    if ratio <= 0:
        return None
    return float(ratio ** (1 / years) - 1)


def _band(ratio: float) -> Status:
    bands = settings()["open_sdg"]
    if ratio >= bands["high"]:
        return Status.ON_TRACK
    if ratio >= bands["medium"]:
        return Status.ACCELERATION_NEEDED
    if ratio >= bands["low"]:
        return Status.LIMITED_PROGRESS
    return Status.REGRESSION


def score(ratio: float) -> float:
    """Open SDG's score in [−5, 5] for a ratio R."""
    pieces = settings()["open_sdg"]["score"]
    if ratio >= settings()["open_sdg"]["medium"]:
        high: float = pieces["above_medium"]["slope"] * ratio + pieces["above_medium"]["intercept"]
        return min(high, 5.0)
    low: float = pieces["below_medium"]["slope"] * ratio + pieces["below_medium"]["intercept"]
    return max(low, -5.0)


def achieved(latest: float, target: float, direction: str) -> bool:
    return latest >= target if direction == "increase" else latest <= target


def assess(
    base: Point | None,
    latest: Point | None,
    target_value: float,
    target_year: int,
    direction: str = "increase",
    kind: str = "level",
    binding: bool = False,
    elapsed: float | None = None,
) -> Progress:
    """The progress of one target.  ``elapsed`` is the share of the plan period gone (shares and rates)."""
    if latest is None:
        return Progress(Status.INSUFFICIENT_DATA, None, None, None, None, None, None, None, binding)
    attainment = latest.value / target_value if target_value else None
    if achieved(latest.value, target_value, direction):
        done: float | None = 1.0
        if base is not None and base.value != target_value:
            gap = target_value - base.value
            done = (latest.value - base.value) / gap if (gap > 0) == (direction == "increase") else None
        return Progress(Status.ACHIEVED, None, 5.0, done, attainment, None, None, 0.0, False)
    remaining_years = max(target_year + 1 - latest.time, 0.0)
    if base is None or latest.time <= base.time:
        needed = _needed(latest.value, target_value, remaining_years, kind)
        return Progress(Status.INSUFFICIENT_DATA, None, None, None, attainment, None, None, needed, binding)
    gap = target_value - base.value
    toward = (gap > 0) == (direction == "increase")
    completion = (latest.value - base.value) / gap if gap and toward else None
    needed = _needed(latest.value, target_value, remaining_years, kind)
    if kind == "level":
        observed = cagr(base.value, latest.value, latest.time - base.time)
        required = cagr(base.value, target_value, target_year + 1 - base.time)
        if observed is None or required is None or required == 0:
            return Progress(
                Status.INSUFFICIENT_DATA, None, None, completion, attainment, observed, required, needed, binding
            )
        d = 1 if direction == "increase" else -1
        sign = -1 if base.value < 0 else 1
        ratio = sign * d * observed / abs(required)
    else:
        observed = required = None
        share = elapsed if elapsed is not None else 1.0
        if completion is None:
            return Progress(Status.INSUFFICIENT_DATA, None, None, None, attainment, None, None, needed, binding)
        ratio = completion / share if share > 0 else completion
    status = _band(ratio)
    red = status == Status.REGRESSION or (binding and status != Status.ON_TRACK)
    return Progress(status, ratio, score(ratio), completion, attainment, observed, required, needed, red)


def _needed(latest: float, target: float, years: float, kind: str) -> float | None:
    if years <= 0:
        return None
    if kind == "level":
        return cagr(latest, target, years)
    return (target - latest) / years


def un_ratio(base: float, projected: float, target: float) -> float | None:
    """The UN Progress Chart 2023 ratio (projected − base)/(target − base) at the target year."""
    if target == base:
        return None
    return (projected - base) / (target - base)


def un_status(ratio: float | None) -> Status:
    if ratio is None or math.isnan(ratio):
        return Status.INSUFFICIENT_DATA
    bands = settings()["un_2023"]
    if ratio >= bands["on_track"]:
        return Status.ON_TRACK
    if ratio >= bands["fair"]:
        return Status.ACCELERATION_NEEDED
    return Status.REGRESSION if ratio < 0 else Status.LIMITED_PROGRESS
