"""Comparing two versions of a plan, or two plans: what was added, dropped, raised, lowered, moved, changed."""

from __future__ import annotations

from planwatch.plan import edit
from planwatch.plan.diff import Side, compare, diff, distinct
from planwatch.plan.model import Indicator, Plan
from planwatch.service.plans import side


def _row(plan: Plan, name: str) -> tuple[int, Indicator]:
    return next((n, i) for n, i in enumerate(plan.indicators, start=1) if i.name == name and i.origin == "table")


def test_a_plan_against_itself_has_no_changes(shizhu: Plan) -> None:
    changes, unchanged = diff(shizhu, shizhu)
    assert changes == []
    assert unchanged == len(shizhu.indicators)


def test_one_target_raised_is_one_change_with_its_ratio(shizhu: Plan) -> None:
    number, row = _row(shizhu, "规上工业总产值")
    assert row.target.value is not None
    raised = edit.replace(shizhu, number, edit.apply(row, {"value": "120"}))
    changes, unchanged = diff(shizhu, raised)
    assert len(changes) == 1 and unchanged == len(shizhu.indicators) - 1
    change = changes[0]
    assert (change.kind, change.field, change.before, change.after) == ("raised", "目标值", row.target.value, 120)
    assert change.ratio == round(120 / row.target.value, 6)
    assert change.line_a == change.line_b == row.source.line
    back = diff(raised, shizhu)[0][0]
    assert back.kind == "lowered" and back.ratio == round(row.target.value / 120, 6)


def test_dropped_added_moved_and_attribute_changes(shizhu: Plan) -> None:
    number, row = _row(shizhu, "规上工业总产值")
    tax_number, tax = _row(shizhu, "入库税金")
    assert row.target.year is not None
    b = edit.replace(shizhu, number, edit.apply(row, {"year": str(row.target.year + 1), "attribute": "约束性"}))
    b = edit.delete(b, tax_number)
    b = edit.add(b, edit.new_target(3, "新增一条", {"name": "数字化车间", "year": "2027", "value": "5", "unit": "个"}))
    changes, _ = diff(shizhu, b)
    kinds = sorted((c.kind, c.name) for c in changes)
    assert kinds == sorted(
        [("moved", row.name), ("attribute", row.name), ("dropped", tax.name), ("added", "数字化车间")]
    )


def test_a_renamed_target_of_one_plan_is_a_change_not_a_drop_and_an_addition(shizhu: Plan) -> None:
    number, row = _row(shizhu, "入库税金")
    renamed = edit.replace(shizhu, number, edit.apply(row, {"name": "税收收入"}))
    changes, _ = diff(shizhu, renamed)
    assert [(c.kind, c.field, c.before, c.after) for c in changes] == [("changed", "名称", row.name, "税收收入")]


def test_two_plans_are_matched_by_canonical_name(shizhu: Plan, xiushan: Plan) -> None:
    """秀山's 规上工业企业 and 石柱's 规上企业 are the same indicator: a change of value, not a drop and an addition."""
    result = compare(xiushan, shizhu, *_sides(xiushan, shizhu))
    assert not result.same_plan
    dropped = {c.name for c in result.changes if c.kind == "dropped" and c.item == "指标"}
    added = {c.name for c in result.changes if c.kind == "added" and c.item == "指标"}
    assert not dropped & added
    firms = [c for c in result.changes if c.item == "指标" and c.kind in ("raised", "lowered") and "企业" in c.name]
    assert firms, [c.text for c in result.changes if c.item == "指标"][:20]
    listed = sum(1 for c in result.changes if c.item == "指标" and c.kind in ("added", "dropped"))
    assert len(distinct(xiushan).indicators) + len(distinct(shizhu).indicators) > listed
    assert result.counts == {k: v for k, v in result.counts.items() if v}
    assert sum(result.counts.values()) == len(result.changes)


def _sides(a: Plan, b: Plan) -> tuple[Side, Side]:
    return side(a, None), side(b, None)
