from __future__ import annotations

import pytest

from planwatch.units import (
    chinese_number,
    convert,
    normalise_unit,
    parse_number,
    same_dimension,
    split_value_unit,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("51　", 51.0),  # a stray full-width space, as in the 石柱 indicator table
        ("0.47", 0.47),
        ("2,039,600", 2039600.0),
        ("２０３９６００", 2039600.0),
        ("一百五十", 150.0),
        ("二〇二一", 2021.0),
        ("—", None),
        ("", None),
        ("完成市上下达目标任务", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("13%", 13.0, "%"),
        ("13％", 13.0, "%"),
        ("110亿元", 110.0, "亿元"),
        ("51　", 51.0, None),
        ("5.5", 5.5, None),
        ("完成市上下达目标任务", None, None),
        ("12abc", None, None),
    ],
)
def test_split_value_unit(text: str, value: float | None, unit: str | None) -> None:
    assert split_value_unit(text) == (value, unit)


def test_conversions_go_through_one_table() -> None:
    assert convert(2039600, "万元", "亿元") == pytest.approx(203.96)
    assert convert(1, "公顷", "亩") == pytest.approx(15)
    assert convert(6.9, "平方公里", "公顷") == pytest.approx(690)
    assert convert(33, "万㎡", "平方米") == pytest.approx(330000)
    with pytest.raises(ValueError, match="量纲不同"):
        convert(1, "亿元", "亩")


def test_unit_spellings() -> None:
    assert normalise_unit("（万元）") == "万元"
    assert normalise_unit("％") == "%"
    assert normalise_unit("㎡") == "平方米"
    assert normalise_unit("  ") is None
    assert same_dimension("亿元", "万元")
    assert not same_dimension("亿元", "家")


def test_chinese_numerals_outside_cn2an_range() -> None:
    assert chinese_number("十三") == 13
    assert chinese_number("三点五") == 3.5
    assert chinese_number("百") == 100  # as in 百亿级
    assert chinese_number("年") is None
