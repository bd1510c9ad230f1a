"""The status method against cases worked by hand from the formulas (Open SDG, direction-aware)."""

from __future__ import annotations

import pytest

from planwatch.evaluate.progress import Point, assess, cagr, score

BASE = Point(2021.0, 100.0)  # a 2020 figure holds at the end of 2020


def test_increase_target_on_track() -> None:
    # Target 161.051 in 2025 (due 2026.0): required (161.051/100)^(1/5) − 1 = 10 %/yr.
    # Latest 121 at 2023.0: observed (121/100)^(1/2) − 1 = 10 %/yr, so R = 1.0.
    result = assess(BASE, Point(2023.0, 121.0), 161.051, 2025)
    assert result.status == "on_track"
    assert result.required_cagr == pytest.approx(0.10)
    assert result.observed_cagr == pytest.approx(0.10)
    assert result.ratio == pytest.approx(1.0)
    assert result.score == pytest.approx(7.1429 * 1.0 - 4.2857)
    assert result.completion == pytest.approx(21 / 61.051)


def test_needs_acceleration() -> None:
    # Observed 7.5 %/yr: 100 · 1.075² = 115.5625; R = 0.075 / 0.10 = 0.75.
    result = assess(BASE, Point(2023.0, 115.5625), 161.051, 2025)
    assert result.status == "acceleration_needed"
    assert result.ratio == pytest.approx(0.75)


def test_limited_progress_and_regression() -> None:
    limited = assess(BASE, Point(2023.0, 102.01), 161.051, 2025)  # 1 %/yr: R = 0.1
    assert limited.status == "limited_progress" and limited.ratio == pytest.approx(0.1)
    regression = assess(BASE, Point(2023.0, 90.0), 161.051, 2025)
    assert regression.status == "regression" and regression.red


def test_decrease_target() -> None:
    # Energy intensity 1.0 → 0.8 by 2025: required 0.8^(1/5) − 1 = −4.36 %/yr;
    # 0.9 after two years is −5.13 %/yr; R = −1 · (−5.13 %) / 4.36 % = 1.18.
    result = assess(Point(2021.0, 1.0), Point(2023.0, 0.9), 0.8, 2025, direction="decrease")
    assert result.status == "on_track"
    assert result.ratio == pytest.approx(-1 * (0.9**0.5 - 1) / abs(0.8**0.2 - 1))
    worse = assess(Point(2021.0, 1.0), Point(2023.0, 1.1), 0.8, 2025, direction="decrease")
    assert worse.status == "regression"


def test_negative_baseline() -> None:
    # A loss of 10 to shrink to 5: sign −1.  −10 → −8 in two years is (0.8)^(1/2) − 1 = −10.6 %/yr,
    # −10 → −5 in five is 0.5^(1/5) − 1 = −12.9 %/yr; R = (−1)(+1)(−10.6 %)/12.9 % = 0.82.
    result = assess(Point(2021.0, -10.0), Point(2023.0, -8.0), -5.0, 2025)
    assert result.ratio == pytest.approx(-(0.8**0.5 - 1) / abs(0.5**0.2 - 1))
    assert result.status == "acceleration_needed"


def test_achieved_before_the_target_year() -> None:
    result = assess(BASE, Point(2023.0, 170.0), 161.051, 2025)
    assert (result.status, result.score, result.red) == ("achieved", 5.0, False)


def test_growth_rate_or_share_compared_directly() -> None:
    # A share from 20 % to 35 % by 2027; 30 % with 60 % of the period gone: 0.667 / 0.6 = 1.11.
    result = assess(Point(2023.0, 20.0), Point(2026.0, 30.0), 35.0, 2027, kind="share", elapsed=0.6)
    assert result.status == "on_track"
    assert result.ratio == pytest.approx((10 / 15) / 0.6)
    assert result.observed_cagr is None and result.required_cagr is None
    slow = assess(Point(2023.0, 20.0), Point(2026.0, 22.0), 35.0, 2027, kind="share", elapsed=0.6)
    assert slow.status == "limited_progress"


def test_fewer_than_two_points() -> None:
    assert assess(None, None, 150, 2025).status == "insufficient_data"
    only_latest = assess(None, Point(2025.0, 83), 150, 2025)
    assert only_latest.status == "insufficient_data"
    assert only_latest.needed_per_year is not None  # what it would take is still shown


def test_binding_targets_not_on_track_are_red() -> None:
    assert assess(BASE, Point(2023.0, 115.5625), 161.051, 2025, binding=True).red
    assert not assess(BASE, Point(2023.0, 121.0), 161.051, 2025, binding=True).red


def test_zero_baseline_uses_open_sdg_epsilon() -> None:
    assert cagr(0, 1, 2) == pytest.approx((1 / 0.001) ** 0.5 - 1)
    assert assess(Point(2021.0, 0.0), Point(2023.0, 0.0), 1, 2025).status == "limited_progress"


def test_score_pieces() -> None:
    assert score(0.95) == pytest.approx(2.5, abs=1e-3)
    assert score(1.30) == pytest.approx(5.0, abs=1e-3)
    assert score(0.0) == pytest.approx(-2.5)
    assert score(-0.6) == pytest.approx(-5.0)
