"""How the checks write a finding, and the arithmetic they share (rounding as plans round, thresholds)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from planwatch import data
from planwatch.plan.finding import SEVERITY_ORDER, Finding
from planwatch.status import Severity

__all__ = ["SEVERITY_ORDER", "Finding", "finding", "fmt", "same_value", "thresholds"]


def finding(kind: str, severity: Severity | str, message: str, lines: list[int], **evidence: Any) -> Finding:
    ordered = sorted(set(lines))
    return Finding(
        kind=kind,
        severity=Severity.of(severity),
        message=message,
        line=ordered[0] if ordered else None,
        lines=ordered,
        evidence=evidence,
    )


@cache
def thresholds() -> dict[str, Any]:
    """The audit's thresholds, from ``data/audit.yaml``."""
    loaded: dict[str, Any] = data.load("audit.yaml")
    return loaded


def decimals(value: float) -> int:
    text = f"{value:.10g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def same_value(a: float, b: float, approximate: bool = False) -> bool:
    """Is ``b`` the same figure as ``a`` written with less or more precision?

    The more precise value, rounded half up (四舍五入) to the precision of the
    other, must equal it: 51 and 51.37 are the same, 24 and 25 are not, 2 and
    2.5 are not.  With ``approximate`` (约, 左右) a relative tolerance from the
    thresholds file applies instead.
    """
    if approximate:
        tolerance: float = thresholds()["approximate_tolerance"]
        return abs(a - b) <= tolerance * max(abs(a), abs(b))
    precision = min(decimals(a), decimals(b))
    step = Decimal(1).scaleb(-precision)
    rounded_a = Decimal(f"{a:.10g}").quantize(step, rounding=ROUND_HALF_UP)
    rounded_b = Decimal(f"{b:.10g}").quantize(step, rounding=ROUND_HALF_UP)
    return rounded_a == rounded_b


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.10g}"
