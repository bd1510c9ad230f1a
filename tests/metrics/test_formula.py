"""The formula language: what parses, what is refused, and why."""

from __future__ import annotations

import pytest

from planwatch.metrics.compile import compile_formula
from planwatch.metrics.formula import (
    Aggregate,
    All,
    Attribute,
    Binary,
    FormulaError,
    Not,
    Number,
    Tag,
    Yoy,
    parse,
)
from planwatch.store.database import Store


def test_aggregates_with_a_trailing_condition() -> None:
    formula = parse("sum(研发费用) / sum(营业收入) * 100 where 规上")
    assert formula.expression == Binary(
        "*",
        Binary("/", Aggregate("sum", "rd_expense", Tag("规上")), Aggregate("sum", "revenue", Tag("规上"))),
        Number(100),
    )


def test_aliases_chinese_keywords_and_attributes() -> None:
    formula = parse("count(企业 where 规上 且 非 上市) + sum(产值 where 产业集群 = '食品' 或 行业 = 'C13')")
    left, right = formula.aggregates()
    assert left == Aggregate("count", "enterprise", All((Tag("规上"), Not(Tag("上市")))))
    assert right.target == "output_value"  # 产值 is an alias of 工业总产值
    assert right.where is not None
    assert Attribute("cluster", "食品") in right.where.items  # type: ignore[union-attr]  # an Any_ here


def test_own_condition_wins_over_the_trailing_one() -> None:
    formula = parse("sum(工业总产值 where 高新技术企业) / sum(工业总产值) * 100 where 规上")
    first, second = formula.aggregates()
    assert first.where == Tag("高新技术企业") and second.where == Tag("规上")


def test_yoy_only_at_the_top() -> None:
    assert isinstance(parse("yoy(sum(工业总产值)) where 规上").expression, Yoy)
    with pytest.raises(FormulaError, match="最外层"):
        parse("yoy(sum(工业总产值)) + 1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "公式为空"),
        ("sum(工业总产值", "此处应为“\\)”"),
        ("sum(不存在的指标)", "不是已知的数据项"),
        ("sum(工业总产值) where 不存在的标签", "不是已知的企业标签"),
        ("count(工业总产值)", "count 只能统计企业"),
        ("eval(工业总产值)", "不是可用的函数"),
        ("__import__('os')", "无法识别的字符|不是可用的函数"),
        ("sum(工业总产值); DROP TABLE facts", "无法识别的字符"),
        ("sum(工业总产值) where 规上 = 'x'", "不是可比较的企业属性"),
        ("sum(工业总产值) where 产业集群 = '食品' OR 1=1", "此处应为|多余的内容"),
        ("sum(工业总产值) 工业总产值", "多余的内容"),
    ],
)
def test_malicious_or_wrong_formulas_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message):
        parse(text)


def test_strings_reach_sql_only_as_escaped_literals(store: Store) -> None:
    formula = parse('sum(工业总产值) where 产业集群 = "x\'); DROP TABLE facts; --"')
    sql = compile_formula(formula, store.dialect, [2024]).sql
    assert "'x''); DROP TABLE facts; --'" in sql  # one string literal, its quote doubled
    assert store.backend.query(sql) == []
    assert store.backend.query("SELECT count(*) FROM facts") == [(0,)]  # the table is still there
