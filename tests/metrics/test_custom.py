"""Computation definitions given in the review page: a catalogue id or a formula, checked before kept."""

from __future__ import annotations

import pytest

from planwatch.metrics.custom import check_target, definition_of, formula_definition
from planwatch.metrics.definitions import definition_for, definitions
from planwatch.metrics.formula import FormulaError
from planwatch.plan.edit import EditRefused, apply
from planwatch.plan.model import Computation, Indicator, Plan


def _named(plan: Plan, name: str) -> Indicator:
    return next(i for i in plan.indicators if i.name == name and i.target.value is not None)


def test_a_formula_naming_an_unknown_element_is_refused_saying_which(shizhu: Plan) -> None:
    target = _named(shizhu, "规上工业总产值")
    with pytest.raises(FormulaError) as refused:
        formula_definition(target, "sum(不存在的数据项) where 规上")
    assert "不存在的数据项" in str(refused.value)
    with pytest.raises(EditRefused) as kept:
        check_target(apply(target, {"formula": "sum(不存在的数据项)"}))
    assert [p.field for p in kept.value.problems] == ["formula"]
    assert "不存在的数据项" in kept.value.problems[0].reason


def test_a_formula_in_a_unit_that_cannot_become_the_targets_is_refused(shizhu: Plan) -> None:
    target = _named(shizhu, "规上工业总产值")  # 亿元
    with pytest.raises(EditRefused, match="不能换算"):
        check_target(apply(target, {"formula": "count(enterprise) where 规上"}))


def test_a_formula_is_the_targets_definition_and_converts_to_its_unit(shizhu: Plan) -> None:
    target = _named(shizhu, "规上工业总产值")
    given = check_target(apply(target, {"formula": "sum(工业总产值) where 规上"}))
    made = definition_of(given)
    assert made is not None and made.formula.text.startswith("sum(工业总产值)")
    assert made.unit == "亿元" and made.formula_unit == "万元"  # computed in 万元, judged in the plan's 亿元


def test_a_target_without_a_definition_gets_one_by_choosing_from_the_catalogue(xiushan: Plan) -> None:
    without = next(i for i in xiushan.indicators if i.target.value is not None and definition_for(i) is None)
    assert definition_of(without) is None
    chosen = definitions()[0]
    given = check_target(without.model_copy(update={"computation": Computation(definition=chosen.id)}))
    found = definition_of(given)
    assert found is not None and found.id == chosen.id
    with pytest.raises(EditRefused, match="没有计算口径"):
        check_target(without.model_copy(update={"computation": Computation(definition="no_such_id")}))
