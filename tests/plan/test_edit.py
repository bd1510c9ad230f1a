"""Changing a target by hand: each field read as typed, refused with what to fix, nothing half applied."""

from __future__ import annotations

import pytest

from planwatch.errors import InputError
from planwatch.plan import edit
from planwatch.plan.edit import EditRefused, apply, describe, written
from planwatch.plan.model import Indicator, Plan


def _row(plan: Plan, name: str) -> tuple[int, Indicator]:
    return next((n, i) for n, i in enumerate(plan.indicators, start=1) if i.name == name and i.origin == "table")


def test_writing_a_target_and_applying_what_was_written_changes_nothing(shizhu: Plan) -> None:
    for indicator in shizhu.indicators:
        assert apply(indicator, written(indicator)) == indicator, indicator.name


def test_each_field_is_read_the_way_people_type_it(shizhu: Plan) -> None:
    _, row = _row(shizhu, "规上工业总产值")
    changed = apply(
        row, {"value": "120", "year": "2028年", "attribute": "约束性", "comparator": "≤", "lead": "经信委、统计局"}
    )
    assert changed.target.value == 120 and changed.target.year == 2028
    assert changed.attribute == "binding"
    assert changed.target.comparator == "<=" and changed.target.direction == "decrease"  # ≤ means keep it down
    assert changed.duty is not None and changed.duty.lead == ["县经济信息委", "县统计局"]
    assert changed.source == row.source  # still the same line of the plan


def test_what_cannot_be_read_is_refused_field_by_field(shizhu: Plan) -> None:
    _, row = _row(shizhu, "规上工业总产值")
    with pytest.raises(EditRefused) as refused:
        apply(row, {"value": "一百二", "year": "27", "attribute": "重要", "name": " "})
    fields = {p.field for p in refused.value.problems}
    assert fields == {"value", "year", "attribute", "name"}
    assert all(p.reason and p.fix for p in refused.value.problems)
    assert "目标值" in str(refused.value) and "请" in str(refused.value)


def test_merging_keeps_one_and_takes_what_it_lacks(shizhu: Plan) -> None:
    number, row = _row(shizhu, "规上工业总产值")
    copy = row.model_copy(update={"origin": "prose", "category": None, "attribute": "binding"})
    plain = row.model_copy(update={"attribute": None})
    plan = edit.replace(shizhu, number, plain)
    plan = edit.add(plan, copy)
    second = len(plan.indicators)  # added at the end: the others keep their numbers
    assert plan.indicators[: second - 1] == edit.replace(shizhu, number, plain).indicators
    merged = edit.merge(plan, number, second)
    assert len(merged.indicators) == len(shizhu.indicators)
    kept = merged.indicators[number - 1]
    assert kept.origin == "table" and kept.attribute == "binding"
    with pytest.raises(InputError):
        edit.merge(plan, number, number)


def test_a_target_added_from_a_line_keeps_the_line_and_says_it_was_typed() -> None:
    added = edit.new_target(
        42, "到2027年建成智能工厂5个", {"name": "智能工厂", "value": "5", "year": "2027", "unit": "个"}
    )
    assert added.source.line == 42 and added.source.text == "到2027年建成智能工厂5个"
    assert added.rule == edit.MANUAL_RULE and added.confidence == 1.0
    assert (added.target.value, added.target.year, added.unit) == (5, 2027, "个")


def test_the_history_says_what_changed(shizhu: Plan) -> None:
    _, row = _row(shizhu, "规上工业总产值")
    note = describe(row, apply(row, {"value": "120"}))
    assert row.name in note and "目标值 110 → 120" in note
    assert describe(None, row).startswith("新增目标") and describe(row, None).startswith("删除目标")
