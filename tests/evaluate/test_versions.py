"""Evaluation in the version of the plan in force for the period evaluated, as known at the knowledge date.

On the demo (both seed plans confirmed as 第1版): 石柱's 规上工业总产值 raised from 110 to 120 亿元 effective
2026-01-01 is judged against 120 through 2026-10-31 and against 110 through 2025, and against 110 again as
known before the change was confirmed; the evaluation and the report name the version they used.  A target
without a definition, given a formula, is evaluated.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from planwatch.demo.build import build_demo
from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation, evaluate_plan
from planwatch.evaluate.schema import evaluation_record
from planwatch.periods import parse_through
from planwatch.plan import edit
from planwatch.plan.model import Plan
from planwatch.report.content import build
from planwatch.service.plans import confirm, save_edit, working
from planwatch.store.database import Store, open_store
from planwatch.store.plans import load_plan
from tests.conftest import ROOT, SHIZHU, XIUSHAN

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)
CHANGED_AT = datetime(2026, 11, 2, 10, 0)
"""When the admin confirmed 第2版: after the demo's knowledge date, so "as known on 2026-10-31" is before it."""
LATER = date(2026, 11, 30)
NAME = "规上工业总产值"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("versions")
    build_demo(folder / "demo.duckdb", [XIUSHAN, SHIZHU], FIGURES, folder / "reports", AS_OF)
    opened = open_store(folder / "demo.duckdb")
    yield opened
    opened.close()


def _edit(store: Store, name: str, values: dict[str, str], at: datetime) -> None:
    plan = working(store, SHIZHU.name).plan
    number = next(n for n, i in enumerate(plan.indicators, start=1) if i.name == name and i.origin == "table")
    changed = edit.replace(plan, number, edit.apply(plan.indicators[number - 1], values))
    save_edit(store, SHIZHU.name, changed, f"修改{name}", "admin", at)


@pytest.fixture(scope="module")
def raised(store: Store) -> Store:
    _edit(store, NAME, {"value": "120"}, CHANGED_AT)
    confirm(store, SHIZHU.name, date(2026, 1, 1), "中期评估后调整目标", "admin", CHANGED_AT + timedelta(minutes=1))
    return store


def _target(evaluation: Evaluation, name: str = NAME) -> TargetEvaluation:
    return next(t for t in evaluation.targets if t.indicator.name == name and t.indicator.origin == "table")


def _goal(evaluation: Evaluation) -> float | None:
    goal = _target(evaluation).goal
    return goal.value if goal is not None else None


def _plan(store: Store) -> Plan:
    return load_plan(store, SHIZHU.name)


def test_the_demo_confirms_both_plans(store: Store) -> None:
    for seed in (SHIZHU, XIUSHAN):
        evaluation = evaluate_plan(store, load_plan(store, seed.name), AS_OF)
        assert evaluation.version is not None and evaluation.version.number == 1
        record = evaluation_record(evaluation)
        assert record.version is not None and record.version.number == 1 and record.version.label.startswith("第1版")


def test_the_target_in_force_for_the_period_as_known(raised: Store) -> None:
    plan = _plan(raised)
    now = evaluate_plan(raised, plan, LATER, parse_through("2026-10-31"))
    assert _goal(now) == 120 and now.version is not None and now.version.number == 2
    year_before = evaluate_plan(raised, plan, LATER, parse_through("2025-12-31"))
    assert _goal(year_before) == 110 and year_before.version is not None and year_before.version.number == 1
    known_before = evaluate_plan(raised, plan, AS_OF, parse_through("2026-10-31"))
    assert _goal(known_before) == 110 and known_before.version is not None and known_before.version.number == 1
    # The figures are the same; only the goal differs, so the gap to it does too.
    assert _target(now).latest == _target(known_before).latest


def test_the_report_and_the_json_name_the_version(raised: Store) -> None:
    evaluation = evaluate_plan(raised, _plan(raised), LATER, parse_through("2026-10-31"))
    report = build(evaluation, None)
    assert evaluation.version is not None
    assert any(f"指标体系：{evaluation.version.label}" in line for line in report.meta)
    record = evaluation_record(evaluation)
    assert record.version is not None and (record.version.number, record.version.reason) == (2, "中期评估后调整目标")
    assert record.version.recorded_by == "admin" and record.version.effective == "2026-01-01"
    titles = [s.title for s in report.sections]
    assert "责任分工落实情况" in titles  # the demo's 第1版 gives every target a 牵头单位
    assert any(t.lead for t in record.targets)


def test_a_target_given_a_formula_is_evaluated(raised: Store) -> None:
    name = "市级研发机构数"
    before = _target(evaluate_plan(raised, _plan(raised), LATER), name)
    assert before.status == "insufficient_data" and "尚无计算口径" in before.note
    _edit(
        raised,
        name,
        {"formula": "count(enterprise) where 市级研发机构", "formula_unit": "个"},
        CHANGED_AT + timedelta(hours=1),
    )
    confirm(raised, SHIZHU.name, date(2026, 1, 1), "补充计算口径", "admin", CHANGED_AT + timedelta(hours=2))
    after = _target(evaluate_plan(raised, _plan(raised), LATER), name)
    assert after.status != "insufficient_data" and after.latest is not None
    assert after.definition is not None and "市级研发机构" in after.definition.formula.text
