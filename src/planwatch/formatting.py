"""How figures, amounts, changes and dates are written for people — one place for report, web and terminal.

Reading numbers and units is ``units``; this module only writes them, the way
a county office does: thousands separated, no trailing zeros, whole things as
whole numbers (86家, not 86.31), large 万元 amounts in 亿元, a decrease said
as 下降 rather than a minus sign, dates as 2026年10月31日.
"""

from __future__ import annotations

from datetime import date

from planwatch.plan.model import Indicator
from planwatch.units import convert, is_whole, normalise_unit

NONE = "—"
"""What an empty figure reads as."""
YI_FROM_WAN = 10_000
"""From this many 万元 on, an amount reads better in 亿元 (2,163,600万元 → 216.36亿元)."""


def number(value: float | None, digits: int = 2) -> str:
    """A figure as people write it: thousands separated, at most ``digits`` decimals, no trailing zeros."""
    if value is None:
        return NONE
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def percent(share: float | None, digits: int = 1) -> str:
    """A share (0.155) as a percentage (15.5%)."""
    return NONE if share is None else f"{share * 100:.{digits}f}%"


def quantity(value: float | None, unit: str | None, digits: int = 2) -> str:
    """A figure with its unit (86家, 102.04亿元); whole things are rounded to whole numbers."""
    if value is None:
        return NONE
    return f"{number(value, 0 if is_whole(unit) else digits)}{unit or ''}"


def amount(value: float | None, unit: str | None) -> str:
    """Money as offices write it: 万元 figures of 亿 size in 亿元 (2,163,600万元 → 216.36亿元)."""
    if value is not None and normalise_unit(unit) == "万元" and abs(value) >= YI_FROM_WAN:
        return quantity(convert(value, "万元", "亿元"), "亿元")
    return quantity(value, unit)


def change(points: float | None, unit: str = "%") -> str:
    """A change in words: −12.16 → 下降12.16%, 3 → 增长3%."""
    if points is None:
        return NONE
    verb = "下降" if points < 0 else "增长"
    return f"{verb}{number(abs(points))}{unit}"


def growth(rate: float | None) -> str:
    """A year-on-year rate in words, to one decimal: 0.088 → 增长8.8%, −0.032 → 下降3.2%, 0 → 持平."""
    if rate is None:
        return NONE
    points = round(rate * 100, 1)
    if points == 0:
        return "持平"
    return f"{'增长' if points > 0 else '下降'}{abs(points):.1f}%"


def day(value: date) -> str:
    """2026年10月31日."""
    return f"{value.year}年{value.month}月{value.day}日"


def period(code: str) -> str:
    """A stored period code in words: 2024-10 → 2024年10月, 2020 → 2020年, 2024Q2 → 2024年第2季度."""
    if "Q" in code:
        return f"{code[:4]}年第{code[-1]}季度"
    return f"{code[:4]}年{int(code[5:7])}月" if len(code) > 4 else f"{code}年"


COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "≈", "<=": "≤", "<": "<"}
_BASIS_WORDS = {"increment": "新增", "annual_growth": "年均增长"}


def target(indicator: Indicator, with_year: bool = True) -> str:
    """A plan's target as one short text: 2027年 ≥110亿元, 2027年 较基期下降≥13%, 2027年 新增≥1家."""
    goal = indicator.target
    if goal.value is None:
        return goal.text
    sign = COMPARATOR_SIGNS.get(goal.comparator or "", "")
    if goal.basis == "change":
        prefix = "较基期下降" if goal.direction == "decrease" else "较基期增长"
    else:
        prefix = _BASIS_WORDS.get(goal.basis, "")
    text = f"{prefix}{sign}{number(goal.value)}{indicator.unit or ''}"
    return f"{goal.year}年 {text}" if with_year and goal.year else text
