"""Indicator tables, read from the seed's own table and from small constructed ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.plan.document import Document
from planwatch.plan.read import read
from planwatch.plan.recognise.indicators import parse_target_cell, recognise_indicator_tables

# Written from reading 003 lines 99–267: (category, name, unit, 2022, 2027, attribute).
SHIZHU_TABLE = [
    ("发展质效", "规上工业总产值", "亿元", 51, 110, "expected"),
    ("发展质效", "入库税金", "亿元", 0.47, 1.5, "expected"),
    ("发展质效", "规上工业亩均税收", "万元/亩", 5.5, 10, "expected"),
    ("发展质效", "制造业质量竞争力指数", "分", 72, 80, "expected"),
    ("产业结构", "战略性新兴产业产值占比", "%", None, 25, "expected"),
    ("产业结构", "高技术制造业产值占比", "%", None, 25, "expected"),
    ("产业结构", "技术改造投资占比", "%", None, 35, "expected"),
    ("主体培育", "规上企业", "家", 24, 70, "expected"),
    ("主体培育", "10亿级企业", "家", 1, 2, "expected"),
    ("主体培育", "上市企业", "家", 0, 1, "expected"),
    ("主体培育", "高新技术企业", "家", 6, 15, "expected"),
    ("主体培育", "“小巨人”企业", "家", 2, 3, "expected"),
    ("主体培育", "“专精特新”企业", "家", 8, 20, "expected"),
    ("创新赋能", "规上企业研发投入强度", "%", 1.1, 2, "expected"),
    ("创新赋能", "市级研发机构数", "个", 5, 7, "expected"),
    ("创新赋能", "有研发机构的规模以上企业数量占比", "%", 30, 35, "expected"),
    ("创新赋能", "数字化车间", "个", 4, 8, "expected"),
    ("创新赋能", "智能工厂", "个", 2, 4, "expected"),
    ("绿色水平", "绿色工厂", "个", 1, 2, "expected"),
    ("绿色水平", "规上企业单位工业增加值能耗下降", "%", None, 13, "binding"),
    ("绿色水平", "二氧化碳排放下降幅度", "%", None, None, "binding"),
]


def test_every_row_of_the_shizhu_table(shizhu_doc: Document) -> None:
    rows = recognise_indicator_tables(shizhu_doc)
    got = [
        (i.category, i.name, i.unit, i.baseline.value if i.baseline else "?", i.target.value, i.attribute) for i in rows
    ]
    assert got == SHIZHU_TABLE
    assert {i.baseline.year for i in rows if i.baseline} == {2022}
    assert {i.target.year for i in rows} == {2027}
    assert all(i.origin == "table" for i in rows)


def test_cells_as_plans_write_them(shizhu_doc: Document) -> None:
    rows = {i.name: i for i in recognise_indicator_tables(shizhu_doc)}
    energy = rows["规上企业单位工业增加值能耗下降"]
    # 下降 13% written "13%" in the cell: a decrease target of 13 %, binding.
    assert (energy.target.direction, energy.target.basis, energy.target.comparator) == ("decrease", "change", ">=")
    assert energy.target.text == "13%"
    co2 = rows["二氧化碳排放下降幅度"]
    assert co2.target.value is None and co2.target.text == "完成市上下达目标任务"
    assert rows["规上工业总产值"].target.comparator == ">="
    assert rows["规上工业总产值"].source.line == 115  # the line of the name cell
    assert "规上工业总产值" in rows["规上工业总产值"].source.text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("110", (110.0, None, None, False)),
        ("13%", (13.0, "%", None, False)),
        ("≥80", (80.0, None, ">=", False)),
        ("80以上", (80.0, None, ">=", False)),
        ("5 左右", (5.0, None, "=", True)),
        ("≤0.5", (0.5, None, "<=", False)),
        ("完成市上下达目标任务", (None, None, None, False)),
    ],
)
def test_parse_target_cell(cell: str, expected: tuple[object, ...]) -> None:
    assert parse_target_cell(cell) == expected


def _write(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    return read(path)


def test_markdown_table_with_two_target_years_and_a_decrease(tmp_path: Path) -> None:
    doc = _write(
        tmp_path,
        "主要指标\n\n"
        "| 类别 | 指标 | 单位 | 2020年 | 2025年 | 2030年 | 属性 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 经济发展 | 规上工业产值 | 亿元 | 102.04 | 400 | 600 | 预期性 |\n"
        "|  | 单位工业增加值能耗降低 | % | — | ≥13.5 | — | 约束性 |\n"
        "| 创新 | 研发投入强度 | % | 1.2 | 2.5% | 3 | 预期性 |\n",
    )
    rows = recognise_indicator_tables(doc)
    got = [(i.category, i.name, i.baseline.value if i.baseline else None, i.target.year, i.target.value) for i in rows]
    assert got == [
        ("经济发展", "规上工业产值", 102.04, 2025, 400),
        ("经济发展", "规上工业产值", 102.04, 2030, 600),
        ("经济发展", "单位工业增加值能耗降低", None, 2025, 13.5),
        ("创新", "研发投入强度", 1.2, 2025, 2.5),
        ("创新", "研发投入强度", 1.2, 2030, 3),
    ]
    energy = rows[2]
    assert energy.attribute == "binding" and energy.target.direction == "decrease"
    assert energy.unit == "%"


def test_a_table_without_indicator_columns_is_not_an_indicator_table(tmp_path: Path) -> None:
    doc = _write(tmp_path, "| 园区 | 面积 |\n|---|---|\n| 下路工业园区 | 585.69 |\n")
    assert recognise_indicator_tables(doc) == []
