from __future__ import annotations

import math
import random

from planwatch.evaluate.forecast import forecast
from planwatch.evaluate.progress import Point


def test_a_known_trend_is_recovered_within_its_interval() -> None:
    rng = random.Random(7)
    truth = [(2015 + t, 100 * 1.08**t) for t in range(9)]
    points = [Point(time, value * math.exp(rng.gauss(0, 0.02))) for time, value in truth]
    result = forecast(points, 2026.0, log_scale=True, target=250.0)
    assert result is not None and result.low is not None and result.high is not None
    expected = 100 * 1.08 ** (2026 - 2015)
    assert result.low <= expected <= result.high
    assert abs(result.value / expected - 1) < 0.05
    assert result.p_meet is not None and 0.0 <= result.p_meet <= 1.0


def test_linear_for_rates_and_probability() -> None:
    points = [Point(2021.0 + t, 20 + 2 * t + (0.3 if t % 2 else -0.3)) for t in range(6)]
    result = forecast(points, 2028.0, log_scale=False, target=40.0)
    assert result is not None and result.low is not None and result.high is not None
    assert result.low < 34 < result.high  # 20 + 2 × 7
    assert result.p_meet is not None and result.p_meet < 0.05  # 40 is far above the trend
    easy = forecast(points, 2028.0, log_scale=False, target=30.0)
    assert easy is not None and easy.p_meet is not None and easy.p_meet > 0.95


def test_no_forecast_from_fewer_than_two_points() -> None:
    assert forecast([Point(2021.0, 73)], 2026.0, log_scale=True) is None
    two = forecast([Point(2021.0, 73), Point(2024.833, 83)], 2026.0, log_scale=True, target=150)
    assert two is not None and two.low is None and two.p_meet is None  # a line through two points, no spread
    assert 83 < two.value < 90
