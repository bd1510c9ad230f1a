from __future__ import annotations

import datetime

import pytest

from planwatch.errors import InputError
from planwatch.periods import (
    ACCEPTED_FORMS,
    InvalidPeriod,
    Period,
    elapsed_share,
    months_between,
    parse_period,
    period_from_value,
)

Y2024 = Period("Y", 2024)
Q2 = Period("Q", 2024, 2)
JUNE = Period("M", 2024, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", Y2024),
        ("2024年", Y2024),
        ("2024年度", Y2024),
        ("2024.0", Y2024),  # a year cell written out as text by a spreadsheet
        ("二〇二四年", Y2024),
        ("２０２４", Y2024),
        ("2024-06", JUNE),
        ("2024-6", JUNE),
        ("2024/06", JUNE),
        ("2024.06", JUNE),
        ("202406", JUNE),
        ("2024年6月", JUNE),
        ("2024年06月份", JUNE),
        ("2024年六月", JUNE),
        ("二〇二四年十二月", Period("M", 2024, 12)),
        ("２０２４年６月", JUNE),
        ("２０２４－０６", JUNE),
        (" 2024-06\u3000", JUNE),
        ("2024-06-30", JUNE),
        ("2024/6/30 00:00:00", JUNE),
        ("2024-06-30T12:00:00", JUNE),
        ("2024年6月30日", JUNE),
        ("2024Q2", Q2),
        ("2024q2", Q2),
        ("2024-Q2", Q2),
        ("2024 Q2", Q2),
        ("2024年Q2", Q2),
        ("２０２４Ｑ２", Q2),
        ("2024年第二季度", Q2),
        ("2024年二季度", Q2),
        ("2024年第2季度", Q2),
        ("2024年2季度", Q2),
    ],
)
def test_accepted_forms(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


def _error(text: str) -> InvalidPeriod:
    with pytest.raises(InvalidPeriod) as caught:
        parse_period(text)
    assert isinstance(caught.value, InputError)
    message = str(caught.value)
    assert f"报告期“{text}”有误" in message
    assert ACCEPTED_FORMS in message
    return caught.value


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2024年1-6月", "请填写单个月份（如 2024-06）或季度（如 2024Q2）"),
        ("2024年1—6月", "时间区间"),
        ("2024年1~6月", "时间区间"),
        ("2024年1至6月", "时间区间"),
        ("2024年1月-6月", "时间区间"),
        ("2024.01-2024.06", "时间区间"),
        ("2023.11-2024.02", "如 2024-02"),
        ("2024年1-3月", "正好是一个季度，请写成 2024Q1"),
        ("2024年10-12月", "请写成 2024Q4"),
        ("2024年1-12月", "请直接写年度 2024"),
        ("2024年上半年", "2024Q1、2024Q2"),
        ("2024年下半年", "2024Q3、2024Q4"),
        ("2024年前三季度", "单个季度"),
        ("2024年1-3季度", "单个季度"),
        ("2021—2025年", "年份区间（2021–2025）"),
        ("2021-2025", "年份区间"),
    ],
)
def test_ranges_are_rejected_with_a_suggestion(text: str, fragment: str) -> None:
    assert fragment in _error(text).fix


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2024年13月", "没有 13 月"),
        ("2024-00", "没有 0 月"),
        ("202413", "没有 13 月"),
        ("2024Q0", "没有第 0 季度"),
        ("2024Q5", "没有第 5 季度"),
        ("2024年第五季度", "没有第 5 季度"),
        ("1948", "年份 1948 不在 1949–2100 之间"),
        ("2101年", "年份 2101 不在 1949–2100 之间"),
        ("2024-02-30", "2024年2月没有 30 日"),
        ("", "为空"),
        ("\u3000", "为空"),
        ("上月", "无法识别"),
        ("24-06", "无法识别"),
        ("2024年6", "无法识别"),
    ],
)
def test_rejections(text: str, fragment: str) -> None:
    assert fragment in _error(text).fix


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2024, Y2024),
        (2024.0, Y2024),
        (202406, JUNE),
        ("2024年6月", JUNE),
        (datetime.date(2024, 6, 3), JUNE),
        (datetime.datetime(2024, 6, 30, 23, 59), JUNE),
        (JUNE, JUNE),
    ],
)
def test_period_from_value(value: object, expected: Period) -> None:
    assert period_from_value(value) == expected


def test_period_from_value_accepts_pandas_and_numpy() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert period_from_value(pd.Timestamp("2024-06-03")) == JUNE
    assert period_from_value(np.int64(2024)) == Y2024
    assert period_from_value(np.float64(2024.0)) == Y2024
    with pytest.raises(InvalidPeriod, match="为空"):
        period_from_value(pd.NaT)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (2024.06, "文本"),  # 2024.10 would arrive as 2024.1: month cannot be told
        (2024.5, "带小数"),
        (None, "为空"),
        (float("nan"), "为空"),
        (True, "是/否"),
        ([2024], "list"),
        (1948, "1948"),
    ],
)
def test_period_from_value_rejections(value: object, fragment: str) -> None:
    with pytest.raises(InvalidPeriod) as caught:
        period_from_value(value)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("year", [1949, 2000, 2023, 2024, 2100])
def test_canonical_codes_round_trip(year: int) -> None:
    periods = [Period("Y", year)]
    periods += [Period("Q", year, q) for q in range(1, 5)]
    periods += [Period("M", year, m) for m in range(1, 13)]
    for period in periods:
        assert parse_period(str(period)) == period
        assert parse_period(period.code) == period
        assert parse_period(period.label_zh) == period


def test_codes_and_labels() -> None:
    assert (Y2024.code, Q2.code, JUNE.code) == ("2024", "2024Q2", "2024-06")
    assert str(Period("M", 2024, 11)) == "2024-11"
    assert (Y2024.label_zh, Q2.label_zh, JUNE.label_zh) == ("2024年", "2024年第二季度", "2024年6月")


@pytest.mark.parametrize(("kind", "year", "number"), [("X", 2024, 1), ("Y", 2024, 1), ("Q", 2024, 5), ("M", 2024, 0)])
def test_constructor_rejects_impossible_periods(kind: str, year: int, number: int) -> None:
    with pytest.raises(ValueError):
        Period(kind, year, number)  # type: ignore[arg-type]


def test_start_and_end() -> None:
    assert (Y2024.start, Y2024.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert (Q2.start, Q2.end) == (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    assert Period("Q", 2024, 4).end == datetime.date(2024, 12, 31)
    assert (JUNE.start, JUNE.end) == (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    assert Period("M", 2024, 2).end == datetime.date(2024, 2, 29)  # leap year
    assert Period("M", 2023, 2).end == datetime.date(2023, 2, 28)
    assert Period("M", 2000, 2).end == datetime.date(2000, 2, 29)  # divisible by 400
    assert Period("M", 2100, 2).end == datetime.date(2100, 2, 28)  # divisible by 100 only


def test_months() -> None:
    assert Y2024.months() == [Period("M", 2024, m) for m in range(1, 13)]
    assert Q2.months() == [Period("M", 2024, 4), Period("M", 2024, 5), JUNE]
    assert JUNE.months() == [JUNE]


def test_contains() -> None:
    assert Y2024.contains(Q2) and Y2024.contains(JUNE) and Q2.contains(JUNE)
    assert Y2024.contains(Y2024) and JUNE.contains(JUNE)
    assert not Q2.contains(Period("M", 2024, 7))
    assert not JUNE.contains(Q2)
    assert not Y2024.contains(Period("M", 2023, 12))


def test_roll_ups() -> None:
    assert JUNE.quarter_of() == Q2
    assert Period("M", 2024, 10).quarter_of() == Period("Q", 2024, 4)
    assert Q2.quarter_of() == Q2
    assert JUNE.year_of() == Q2.year_of() == Y2024.year_of() == Y2024
    with pytest.raises(ValueError):
        Y2024.quarter_of()


def test_ordering_by_start_then_kind() -> None:
    mixed = [
        Period("M", 2024, 4),
        Period("Q", 2024, 2),
        Period("M", 2023, 12),
        Y2024,
        Period("Q", 2024, 1),
        Period("M", 2024, 1),
        Period("Y", 2023),
    ]
    assert sorted(mixed) == [
        Period("Y", 2023),
        Period("M", 2023, 12),
        Y2024,
        Period("Q", 2024, 1),
        Period("M", 2024, 1),
        Period("Q", 2024, 2),
        Period("M", 2024, 4),
    ]
    assert Y2024 < Period("Q", 2024, 1) < Period("M", 2024, 1) <= Period("M", 2024, 1)
    assert Period("M", 2024, 12) > Period("Q", 2024, 4) >= Y2024
    assert len({JUNE, Period("M", 2024, 6), Q2}) == 2  # hashable, equal by value


def test_months_between() -> None:
    assert months_between(Period("M", 2024, 1), JUNE) == 5
    assert months_between(JUNE, Period("M", 2024, 1)) == -5
    assert months_between(Period("M", 2023, 12), Period("M", 2024, 1)) == 1
    assert months_between(Period("Y", 2023), Q2) == 15
    assert months_between(JUNE, JUNE) == 0


def test_elapsed_share() -> None:
    # 2021–2025: 1 826 days (2024 is a leap year).
    assert elapsed_share(2021, 2025, datetime.date(2020, 12, 31)) == 0.0
    assert elapsed_share(2021, 2025, datetime.date(2021, 1, 1)) == pytest.approx(1 / 1826)
    assert elapsed_share(2021, 2025, datetime.date(2021, 12, 31)) == pytest.approx(365 / 1826)
    assert elapsed_share(2021, 2025, datetime.date(2023, 7, 2)) == pytest.approx(913 / 1826)
    assert elapsed_share(2021, 2025, datetime.date(2025, 12, 31)) == 1.0
    assert elapsed_share(2021, 2025, datetime.date(2030, 1, 1)) == 1.0
    assert elapsed_share(2024, 2024, datetime.date(2024, 12, 31)) == 1.0
    assert elapsed_share(2021, 2025, datetime.datetime(2021, 12, 31, 18)) == pytest.approx(365 / 1826)
    with pytest.raises(ValueError):
        elapsed_share(2025, 2021, datetime.date(2023, 1, 1))


def test_the_month_being_reported_is_the_one_before() -> None:
    from datetime import date

    from planwatch.periods import reporting_month

    assert str(reporting_month(date(2026, 10, 31))) == "2026-09"
    assert str(reporting_month(date(2027, 1, 5))) == "2026-12"
