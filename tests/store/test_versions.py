"""Plan versions in the store (DuckDB and PostgreSQL): draft → 第1版 → edits → 第2版, as known at any date,
nothing overwritten, every change in the history and the audit log with its user and reason."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planwatch.errors import InputError
from planwatch.plan import edit
from planwatch.plan.model import Plan
from planwatch.service.plans import (
    FIRST_REASON,
    add_plan,
    confirm,
    plan_version,
    revise,
    save_edit,
    set_department,
    user_departments,
    working,
)
from planwatch.store import log
from planwatch.store.database import Store
from planwatch.store.plans import load_plan
from planwatch.store.versions import load_text, version_in_force, versions
from tests.conftest import SHIZHU

T0 = datetime(2026, 3, 1, 10, 0)


def _row(plan: Plan, name: str) -> tuple[int, float]:
    number, row = next((n, i) for n, i in enumerate(plan.indicators, start=1) if i.name == name and i.origin == "table")
    assert row.target.value is not None
    return number, row.target.value


def _raised(store: Store, plan_id: str, value: str, at: datetime, user: str = "经信委") -> None:
    plan = working(store, plan_id).plan
    number, _ = _row(plan, "规上工业总产值")
    changed = edit.replace(plan, number, edit.apply(plan.indicators[number - 1], {"value": value}))
    save_edit(store, plan_id, changed, f"目标值改为{value}", user, at)


@pytest.fixture
def added(store: Store) -> tuple[Store, str]:
    reviewed = add_plan(store, SHIZHU, now=T0 - timedelta(days=1), actor="经信委")
    assert reviewed.plan.id is not None
    return store, reviewed.plan.id


def test_a_plan_added_is_a_draft_with_its_text(added: tuple[Store, str]) -> None:
    store, plan_id = added
    assert versions(store, plan_id) == []
    plan, version = plan_version(store, plan_id)
    assert version is None and plan.id == plan_id
    text = load_text(store, plan_id)
    assert "规上工业总产值" in text[115]  # the line the target was read from
    assert [e.action for e in log.entries(store, action="plan")] == ["plan"]


def test_confirming_makes_version_1_then_changes_make_version_2(added: tuple[Store, str]) -> None:
    store, plan_id = added
    first = confirm(store, plan_id, date(2024, 1, 23), None, "经信委", T0)
    assert (first.number, first.reason, first.recorded_by) == (1, FIRST_REASON, "经信委")
    with pytest.raises(InputError, match="没有修改"):
        confirm(store, plan_id, date(2026, 1, 1), "再确认", "经信委", T0 + timedelta(hours=1))
    _raised(store, plan_id, "120", T0 + timedelta(days=1))
    pending = working(store, plan_id).pending
    assert [(c.kind, c.before, c.after) for c in pending] == [("raised", 110, 120)]
    with pytest.raises(InputError, match="理由"):
        confirm(store, plan_id, date(2026, 1, 1), None, "经信委", T0 + timedelta(days=2))
    with pytest.raises(InputError, match="早于"):
        confirm(store, plan_id, date(2023, 1, 1), "中期评估后调整目标", "经信委", T0 + timedelta(days=2))
    second = confirm(store, plan_id, date(2026, 1, 1), "中期评估后调整目标", "发改委", T0 + timedelta(days=2))
    assert (second.number, second.reason, second.recorded_by) == (2, "中期评估后调整目标", "发改委")
    assert [(c.kind, c.after) for c in second.changes] == [("raised", 120)]
    assert working(store, plan_id).pending == []
    kept = versions(store, plan_id)
    assert [v.number for v in kept] == [1, 2]
    assert _row(kept[0].plan(), "规上工业总产值")[1] == 110  # nothing overwritten
    assert _row(kept[1].plan(), "规上工业总产值")[1] == 120
    logged = [(e.user_name, e.action, e.detail) for e in log.entries(store) if e.action in ("confirm", "plan_edit")]
    assert ("发改委", "confirm", f"{second.label}，1项修改：中期评估后调整目标") in logged
    assert ("经信委", "plan_edit", "目标值改为120") in logged


def test_the_version_in_force_depends_on_the_day_evaluated_and_the_day_known(added: tuple[Store, str]) -> None:
    store, plan_id = added
    confirm(store, plan_id, date(2024, 1, 23), None, "经信委", T0)
    _raised(store, plan_id, "120", T0 + timedelta(days=1))
    confirm(store, plan_id, date(2026, 1, 1), "中期评估后调整目标", "经信委", T0 + timedelta(days=2))
    now = T0 + timedelta(days=3)

    def value(day: date, known: datetime) -> float:
        found = version_in_force(store, plan_id, day, known)
        assert found is not None
        return _row(found.plan(), "规上工业总产值")[1]

    assert value(date(2026, 10, 31), now) == 120
    assert value(date(2025, 12, 31), now) == 110
    assert value(date(2026, 10, 31), T0 + timedelta(days=1)) == 110  # known before the change was confirmed
    assert version_in_force(store, plan_id, date(2026, 10, 31), T0 - timedelta(hours=1)) is None
    at_two, version = plan_version(store, f"{plan_id}@2")
    assert version is not None and version.number == 2 and _row(at_two, "规上工业总产值")[1] == 120
    with pytest.raises(InputError, match="没有第“3”版"):
        plan_version(store, f"{plan_id}@3")
    assert load_plan(store, plan_id) is not None


def test_a_whole_plan_unchanged_makes_no_version(added: tuple[Store, str]) -> None:
    store, plan_id = added
    confirm(store, plan_id, date(2024, 1, 23), None, "经信委", T0)
    same = versions(store, plan_id)[0].plan()
    assert revise(store, plan_id, same, date(2026, 1, 1), "导入", "经信委", T0 + timedelta(days=1)) is None
    assert len(versions(store, plan_id)) == 1


def test_departments_have_members_whose_targets_are_theirs(store: Store) -> None:
    from planwatch.service.accounts import add_user

    add_user(store, "张三", "一个足够长的密码123", "admin", [], T0)
    set_department(store, "经信委", ["张三"], "admin", T0)
    assert user_departments(store, "张三") == ["县经济信息委"]
    with pytest.raises(InputError, match="没有用户"):
        set_department(store, "县统计局", ["没有这个人"], "admin", T0)
    set_department(store, "县经济信息委", [], "admin", T0 + timedelta(seconds=1), removed=True)
    assert user_departments(store, "张三") == []
