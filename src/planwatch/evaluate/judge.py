"""Judge: what each target means and how it stands — pure functions over the gathered values.

For a quantified target: its goal on the scale its figures are judged on
(``Goal``: the comparator says what "met" means), the Open SDG status from
``progress.assess``, the forecast at the target year with the chance of
meeting the goal measured on the comparator's side, the gap and the pace
still needed, and why, in words.  Once the target's year is over there is no
pace any more: the target is 已完成 or 未完成, with the gap.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from planwatch import formatting as fmt
from planwatch.evaluate.evaluation import (
    Evaluation,
    Goal,
    Observation,
    Pace,
    Rollup,
    TargetEvaluation,
)
from planwatch.evaluate.forecast import Forecast, forecast
from planwatch.evaluate.gather import PlanInputs, TargetInputs
from planwatch.evaluate.progress import Point, assess, un_ratio
from planwatch.periods import Through, elapsed_share
from planwatch.plan.model import Direction, Indicator
from planwatch.status import Status
from planwatch.units import is_whole

_SAME_TIME = 1e-9


@dataclass(frozen=True)
class _Context:
    through: Through
    elapsed: float | None
    start: int | None
    """The plan period's first year: a first figure from before it serves as the baseline."""


def judge_plan(inputs: PlanInputs) -> Evaluation:
    plan = inputs.plan
    elapsed = elapsed_share(plan.period.start, plan.period.end, inputs.through.end) if plan.period else None
    context = _Context(inputs.through, elapsed, plan.period.start if plan.period else None)
    targets = [judge(t, context) for t in inputs.targets]
    return Evaluation(
        plan=plan,
        through=inputs.through,
        known=inputs.known,
        subject=inputs.subject,
        targets=targets,
        by_category=rollups(targets, lambda t: t.indicator.category),
        by_scope=rollups(targets, lambda t: t.indicator.scope),
        overall=rollups(targets, lambda t: "全部目标")[0] if targets else Rollup("全部目标"),
        elapsed=elapsed,
    )


def direction_of(indicator: Indicator) -> Direction:
    """What "met" means: at or above (≥, >) or at or below (≤, <) — from the comparator, never the baseline."""
    comparator = indicator.target.comparator
    if indicator.target.basis != "change" and comparator in {">=", ">"}:
        return "increase"
    if indicator.target.basis != "change" and comparator in {"<=", "<"}:
        return "decrease"
    return indicator.target.direction


def goal_of(indicator: Indicator, baseline: Observation | None, unit: str) -> Goal | None:
    """The goal on the scale of the target's figures; None when it needs a baseline there is none of."""
    target = indicator.target
    assert target.value is not None
    direction = direction_of(indicator)
    if target.basis == "change":
        if baseline is None:
            return None
        value = -target.value if target.direction == "decrease" else target.value
        level = baseline.value * (1 + value / 100)
        return Goal(value, target.comparator, "decrease" if value < 0 else "increase", "change", "%", level)
    if target.basis == "increment":
        if baseline is None:
            return None
        value = baseline.value + target.value
        return Goal(value, target.comparator, direction, "level", unit, value)
    if target.basis == "annual_growth":
        if baseline is None or target.year is None:
            return None
        years = target.year - int(baseline.period[:4])
        value = baseline.value * (1 + target.value / 100) ** years
        return Goal(value, target.comparator, direction, "level", unit, value)
    return Goal(target.value, target.comparator, direction, "level", unit, target.value)


def _change_series(points: list[Observation], base: Observation) -> list[Observation]:
    """下降13%: each point as the percent change from the baseline level."""
    return [Observation(p.period, p.time, (p.value / base.value - 1) * 100, p.source) for p in points if base.value]


def _milestone(inputs: TargetInputs) -> TargetEvaluation:
    recorded = inputs.milestone
    status = Status.from_zh(recorded[0]) if recorded else Status.NOT_STARTED
    milestone = recorded or (Status.NOT_STARTED.zh, None)
    explanation = (
        f"用户登记为“{milestone[0]}”" + (f"：{milestone[1]}" if milestone[1] else "") if recorded else "尚未登记进展"
    )
    return TargetEvaluation(
        inputs.indicator,
        status,
        inputs.unit,
        org=inputs.org,
        milestone=milestone,
        note="定性目标：状态由用户登记" if recorded else "定性目标：尚未登记进展",
        explanation=explanation,
    )


def _series(inputs: TargetInputs, start: int | None) -> tuple[list[Observation], Observation | None]:
    """The target's figures in time order with the plan's baseline among them, and which one is the baseline."""
    observations = list(inputs.observations)
    base = inputs.plan_baseline
    if base is not None and not any(abs(o.time - base.time) < _SAME_TIME for o in observations):
        observations.append(base)
    observations.sort(key=lambda o: o.time)
    baseline = next((o for o in observations if base is not None and abs(o.time - base.time) < _SAME_TIME), None)
    if baseline is None and observations and start is not None and observations[0].time <= start:
        baseline = observations[0]
    return observations, baseline


def _kind(inputs: TargetInputs, goal: Goal) -> str:
    """How progress is measured: growth of a level, or progress made against time (shares, rates, changes)."""
    if goal.series == "change":
        return "rate"
    if inputs.indicator.target.basis == "annual_growth":
        return "level"
    if inputs.definition is None:
        return "share" if inputs.indicator.unit == "%" else "level"
    return inputs.definition.kind


def judge(inputs: TargetInputs, context: _Context) -> TargetEvaluation:
    """One target, from its gathered figures."""
    indicator = inputs.indicator
    if indicator.target.value is None:
        return _milestone(inputs)
    observations, baseline = _series(inputs, context.start)
    latest = observations[-1] if observations else None
    goal = goal_of(indicator, baseline, inputs.unit)
    year = indicator.target.year or 0
    due_passed = bool(indicator.target.year) and context.through.passed(year)
    binding = indicator.attribute == "binding"
    if goal is None:
        note = inputs.note or ("缺少基期值，无法换算目标" if latest is not None else "库中暂无该指标的数据")
        missing = TargetEvaluation(
            indicator, Status.INSUFFICIENT_DATA, inputs.unit, inputs.definition, inputs.org, tuple(observations),
            baseline, latest, inputs.year_to_date, due_passed=due_passed, red=binding, note=note,
        )  # fmt: skip
        return replace(missing, explanation=note)
    kind = _kind(inputs, goal)
    series = _change_series(observations, baseline) if goal.series == "change" and baseline else observations
    base_point = Point(baseline.time, 0.0 if goal.series == "change" else baseline.value) if baseline else None
    latest_point = Point(series[-1].time, series[-1].value) if series and latest is not None else None
    progress = assess(
        base_point, latest_point, goal.value, year, goal.direction, kind, binding=binding, elapsed=context.elapsed
    )
    status = progress.status
    gap = (
        None
        if latest_point is None
        else (goal.value - latest_point.value) * (1 if goal.direction == "increase" else -1)
    )
    observed_since = latest is not None and (baseline is None or latest.time > baseline.time)
    if due_passed and latest_point is not None and observed_since:
        status = Status.ACHIEVED if goal.met(latest_point.value) else Status.MISSED
    predicted = None
    if not due_passed:
        points = [Point(p.time, p.value) for p in series]
        log_scale = kind == "level" and all(p.value > 0 for p in points)
        predicted = forecast(points, year + 1.0, log_scale, goal.value, goal.direction)
    # The UN Progress Chart 2023 ratio at the target year: a second opinion beside the status.
    ratio = un_ratio(base_point.value, predicted.value, goal.value) if predicted and base_point else None
    meaningful = kind != "level" or (
        baseline is not None and baseline.value > 0 and latest is not None and latest.value > 0
    )
    pace = Pace(progress.needed_per_year, kind == "level", meaningful, progress.observed_cagr, progress.required_cagr)
    note = inputs.note
    if not note and status == Status.INSUFFICIENT_DATA:
        note = "只有基期数据，还没有规划期内的数据" if latest is baseline else "数据点不足以判断"
    red = (
        (progress.red and status != Status.ACHIEVED)
        or (binding and status not in {Status.ACHIEVED, Status.ON_TRACK})
        or status == Status.MISSED
    )
    evaluation = TargetEvaluation(
        indicator, status, inputs.unit, inputs.definition, inputs.org, tuple(observations), baseline, latest,
        inputs.year_to_date, goal, progress, predicted, _as_level(predicted, goal, baseline), ratio, pace, gap,
        due_passed, red, note=note,
    )  # fmt: skip
    return replace(evaluation, explanation=explanation(evaluation, context.elapsed))


def _as_level(predicted: Forecast | None, goal: Goal, baseline: Observation | None) -> Forecast | None:
    """A forecast of the percent change as a forecast of the level (for charts)."""
    if predicted is None or goal.series != "change":
        return predicted
    if baseline is None:
        return None
    base = baseline.value

    def level(x: float | None) -> float | None:
        return None if x is None else base * (1 + x / 100)

    value = level(predicted.value)
    assert value is not None
    return Forecast(
        predicted.time, value, level(predicted.low), level(predicted.high), predicted.p_meet, predicted.points
    )


def explanation(t: TargetEvaluation, elapsed: float | None) -> str:
    """The status in words: why it is what it is."""
    goal, latest, p = t.goal, t.latest, t.progress
    if goal is None or latest is None or p is None:
        return t.note or "数据不足"
    target_text = fmt.target(t.indicator)
    now = f"{fmt.period(latest.period)}为{fmt.quantity(latest.value, t.unit)}"
    if t.status == Status.ACHIEVED:
        return f"{now}，已达到目标（{target_text}）"
    if t.status == Status.MISSED:
        year = t.indicator.target.year
        missing = "" if latest.period == str(year) else f"，尚无{year}年末数据"
        return (
            f"目标年（{year}年）已过，按{fmt.period(latest.period)}的{fmt.quantity(latest.value, t.unit)}计，"
            f"距目标（{target_text}）尚差{gap_text(t)}{missing}"
        )
    if t.status == Status.INSUFFICIENT_DATA:
        return t.note or "数据点不足以判断"
    pace = t.pace
    if pace is not None and pace.rate and pace.observed is not None and pace.required is not None:
        if not pace.meaningful:
            return f"{now}；基期为零，增速无意义，完成度{fmt.percent(p.completion)}"
        return f"{now}；实际年均增长{fmt.percent(pace.observed)}，所需{fmt.percent(pace.required)}"
    share = f"，规划期已过{fmt.percent(elapsed)}" if elapsed is not None else ""
    return f"{now}；完成度{fmt.percent(p.completion)}{share}"


def gap_text(t: TargetEvaluation) -> str:
    """How far the latest figure is from the goal: 67家, 3.2个百分点."""
    if t.gap is None or t.goal is None:
        return fmt.NONE
    unit = "个百分点" if t.goal.series == "change" or t.goal.unit == "%" else t.goal.unit
    short = abs(t.gap)
    return fmt.quantity(math.ceil(short - 1e-9) if is_whole(unit) else short, unit)


def rollups(targets: list[TargetEvaluation], key: Callable[[TargetEvaluation], str | None]) -> list[Rollup]:
    """Targets grouped by ``key``: counts per status (worst first) and the mean Open SDG score."""
    groups: dict[str, list[TargetEvaluation]] = defaultdict(list)
    for target in targets:
        name = key(target)
        if name:
            groups[str(name)].append(target)
    result = []
    for name, members in groups.items():
        counts = Counter(t.status for t in members)
        scores = [t.progress.score for t in members if t.progress and t.progress.score is not None]
        result.append(
            Rollup(
                name=name,
                counts={s.zh: counts[s] for s in sorted(counts, key=lambda s: s.rank)},
                score=sum(scores) / len(scores) if scores else None,
                targets=len(members),
            )
        )
    return result
