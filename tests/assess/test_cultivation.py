"""小升规: trailing-12-month revenue, its trend, the month it reaches 2000万元, and who may fall out."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planwatch.assess import cultivation as cv
from planwatch.status import TierStatus

MONTHS = [(2024 + (m // 12), m % 12 + 1) for m in range(24)]


def _series(rows: list[list[float]], gs: list[bool]) -> cv.Monthly:
    return cv.Monthly(
        codes=[f"E{i}" for i in range(len(rows))],
        names=[f"企业{i}" for i in range(len(rows))],
        parks=["园区"] * len(rows),
        months=MONTHS,
        values=np.array(rows, dtype=float),
        gs=np.array(gs, dtype=bool),
    )


def test_a_steadily_growing_firm_is_projected_by_hand() -> None:
    growth = 0.02  # 2 % a month
    monthly = [100 * (1 + growth) ** m for m in range(24)]
    found = cv.project(_series([monthly], [False]))[0]
    trailing = sum(monthly[-12:])
    assert found.trailing == pytest.approx(trailing)
    assert found.growth == pytest.approx((1 + growth) ** 12 - 1, rel=1e-6)
    months = math.ceil(math.log(2000 / trailing) / math.log(1 + growth))
    serial = 2025 * 12 + 12 - 1 + months
    assert found.crossing == (serial // 12, serial % 12 + 1)
    assert found.missing == pytest.approx(2000 - trailing)
    assert found.status == TierStatus.CLOSE


def test_the_line_itself_counts_and_flat_small_firms_are_far() -> None:
    at_line = [2000 / 12] * 24
    flat = [30.0] * 24
    found = cv.project(_series([at_line, flat], [False, False]))
    assert found[0].status == TierStatus.MEETS and found[0].crossing == (2025, 12)
    assert found[1].status == TierStatus.FAR and found[1].crossing is None
    assert [c.code for c in cv.candidates(found)] == ["E0"]


def test_a_gs_firm_shrinking_near_the_line_is_at_risk() -> None:
    shrinking = [2300 / 12 * (0.995**m) for m in range(24)]  # about 2100万元 over the last 12 months, falling
    healthy = [400.0] * 24
    below = [150.0] * 24
    found = cv.project(_series([shrinking, healthy, below], [True, True, True]))
    assert found[0].at_risk and "下降" in (found[0].risk or "")
    assert not found[1].at_risk
    assert found[2].at_risk and "已低于" in (found[2].risk or "")
    assert [c.code for c in cv.at_risk(found)] == ["E2", "E0"]


def test_a_new_firm_is_annualised_from_the_months_it_has() -> None:
    new = [float("nan")] * 18 + [150.0] * 6
    found = cv.project(_series([new], [False]))[0]
    assert found.months_known == 6 and found.trailing == pytest.approx(1800)
    assert found.growth is None  # no full 12-month sums to fit a trend to
