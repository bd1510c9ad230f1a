"""What the report says about one target, in sentences: its forecast, why it will be missed, what it takes.

Everything a target means comes resolved from the evaluation (goal, direction,
pace, gap); this module only words it, with ``formatting`` for the figures.
"""

from __future__ import annotations

import math

from planwatch import formatting as fmt
from planwatch.evaluate.evaluation import TargetEvaluation
from planwatch.evaluate.judge import gap_text
from planwatch.evaluate.schema import forecast_unit
from planwatch.formatting import number, percent, quantity
from planwatch.plan.finding import Finding
from planwatch.status import Status
from planwatch.units import is_whole


def lines_text(finding: Finding) -> str:
    cited = finding.lines or ([finding.line] if finding.line else [])
    return "第" + "、".join(str(n) for n in cited) + "行" if cited else "全文"


def _whole_towards_miss(value: float, t: TargetEvaluation) -> float:
    """A forecast of whole things short of the goal, in whole things that stay short (19.8家 → 19家, not 20)."""
    if t.goal is None or not is_whole(t.goal.unit):
        return value
    return math.floor(value + 1e-9) if t.goal.direction == "increase" else math.ceil(value - 1e-9)


def forecast_text(t: TargetEvaluation) -> str:
    """The forecast at the target year with its interval and the chance of meeting the goal."""
    f = t.forecast
    if f is None or t.goal is None:
        return fmt.NONE
    if t.goal.series == "change":
        value = fmt.change(f.value)
        interval = f"（{fmt.change(f.low)}～{fmt.change(f.high)}）" if f.low is not None and f.high is not None else ""
    else:
        unit = forecast_unit(t)
        shown = f.value if t.goal.met(f.value) else _whole_towards_miss(f.value, t)
        value = quantity(shown, unit)
        interval = (
            f"（{quantity(f.low, unit)}～{quantity(f.high, unit)}）" if f.low is not None and f.high is not None else ""
        )
    chance = f"，达标概率{f.p_meet * 100:.0f}%" if f.p_meet is not None else ""
    return f"{value}{interval}{chance}"


def _growth_meaningful(t: TargetEvaluation) -> bool:
    pace = t.pace
    return pace is not None and pace.meaningful and pace.observed is not None and pace.required is not None


def miss_sentence(t: TargetEvaluation) -> str:
    """One target that will be missed (or was), in words."""
    target = t.indicator.target
    name = t.label
    year = target.year
    goal = t.goal
    if t.status == Status.MISSED:
        return f"{name}未完成：{t.explanation}。"
    if goal is not None and t.forecast is not None and not goal.met(t.forecast.value):
        if goal.series == "change":
            verb = "下降" if goal.direction == "decrease" else "增长"
            return (
                f"按目前趋势，{name}（目标较基期{verb}{number(target.value)}%）预计到{year}年只能{verb}"
                f"{number(abs(t.forecast.value))}%，将无法完成。"
            )
        unit = goal.unit
        reach = "只能达到" if goal.direction == "increase" else "仍为"
        return (
            f"按目前趋势，{name}（目标{quantity(goal.value, unit)}）预计到{year}年{reach}"
            f"{quantity(_whole_towards_miss(t.forecast.value, t), unit)}，将无法完成。"
        )
    pace = ""
    if _growth_meaningful(t):
        assert t.pace is not None
        pace = f"（实际年均增长{percent(t.pace.observed)}，所需{percent(t.pace.required)}）"
    return f"{name}{t.status.zh}{pace}，如不加快，{year}年目标（{fmt.target(t.indicator)}）将无法完成。"


def lag_text(t: TargetEvaluation) -> str:
    latest = f"{fmt.period(t.latest.period)}为{quantity(t.latest.value, t.unit)}" if t.latest else "暂无数据"
    p = t.progress
    pace = ""
    if _growth_meaningful(t):
        assert t.pace is not None
        pace = f"，实际年均增长{percent(t.pace.observed)}，低于所需的{percent(t.pace.required)}"
    elif p is not None and p.completion is not None:
        pace = f"，完成度{percent(p.completion)}"
    binding = "（约束性）" if t.binding else ""
    return f"{t.label}{binding}：{t.status.zh}，{latest}，目标{fmt.target(t.indicator)}{pace}。"


def advice_for(t: TargetEvaluation) -> str:
    """What it takes from here: the growth per year from the latest value to the target by its year."""
    p = t.progress
    unit = t.unit
    target = t.indicator.target
    goal = t.goal
    name = t.label
    target_text = fmt.target(t.indicator)
    if t.latest is None or p is None or goal is None:
        return f"{name}：尽快补齐数据，判断能否完成{target_text}的目标。"
    since = f"从{fmt.period(t.latest.period)}的{quantity(t.latest.value, unit)}起"
    if t.due_passed:  # no pace to ask for any more: what is missing, and what to do about it
        return (
            f"{name}：目标年（{target.year}年）已过，按{fmt.period(t.latest.period)}的"
            f"{quantity(t.latest.value, unit)}计，距目标（{target_text}）尚差{gap_text(t)}；"
            f"请补录{target.year}年末数据核实完成情况，未完成的说明原因并提出整改措施。"
        )
    text = f"{name}：要在{target.year}年达到目标（{target_text}），"
    needed = p.needed_per_year
    remaining = (target.year or 0) + 1 - t.latest.time
    if p.required_cagr is not None:
        parts = []
        if t.latest.value > 0 and needed is not None:
            parts.append(f"年均增长{percent(needed)}")
        if is_whole(unit) and remaining > 0:
            parts.append(f"每年新增约{quantity(max(goal.value - t.latest.value, 0) / remaining, unit)}")
        rate = "，".join(parts) or "大幅提速"
        assert t.pace is not None
        was = f"（此前实际年均增长{percent(t.pace.observed)}）" if _growth_meaningful(t) else ""
        text += f"需{since}{rate}{was}。"
    elif goal.series == "change":
        verb = "下降" if goal.direction == "decrease" else "提高"
        pace = f"每年再{verb}{number(abs(needed))}个百分点" if needed is not None else f"加快{verb}"
        text += f"需{pace}。"
    else:
        points = "个百分点" if unit == "%" else unit
        pace = f"每年提高{number(abs(needed))}{points}" if needed is not None else "加快推进"
        text += f"需{since}{pace}。"
    return text + "建议列为督导重点，分解到责任单位和年度。"
