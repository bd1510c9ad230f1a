"""The project ledger: rows from the plan, moved by monthly updates as of a month, rates and delays."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.plan.model import Plan
from planwatch.projects.ledger import Update, build, seeds
from planwatch.status import Stage
from planwatch.units import convert


def test_rows_start_from_the_plan_and_totals_by_park_are_its_leaf_sums(shizhu: Plan) -> None:
    ledger = build(shizhu, [], date(2026, 10, 31))
    assert len(ledger.rows) == len(shizhu.projects) == 73
    assert all(r.stage == Stage.PLANNING and r.completed_wan == 0 for r in ledger.rows)
    for park, totals in ledger.by_park.items():
        members = [p for p in shizhu.projects if p.group_path[0] == park]
        assert totals.projects == len(members)
        assert totals.total_wan == pytest.approx(
            sum(convert(p.investment.value or 0, "万元", "万元") for p in members if p.investment)
        )
        stated = next(g for g in shizhu.project_groups if g.path == [park]).stated_investment
        assert totals.stated_wan == (stated.value if stated else None)
    leaf_sum = sum(p.investment.value or 0 for p in shizhu.projects if p.investment)
    assert ledger.overall.total_wan == pytest.approx(leaf_sum) == pytest.approx(2_163_600)
    top = next(g for g in shizhu.project_groups if not g.path).stated_investment
    assert top is not None and ledger.overall.difference_wan == pytest.approx(leaf_sum - (top.value or 0))


def _update(project: str, period: str, stage: Stage, done: float, annual: float | None = None) -> Update:
    return Update(project, period, stage, done, annual)


def test_an_update_counts_from_its_month_on(shizhu: Plan) -> None:
    project = seeds(shizhu)[0]
    updates = [_update(project.id, "2026-09", Stage.STARTED, 5000.0, 8000.0)]
    before = build(shizhu, updates, date(2026, 8, 31))
    after = build(shizhu, updates, date(2026, 9, 1))
    row = next(r for r in after.rows if r.id == project.id)
    assert row.stage == Stage.STARTED and row.completed_wan == 5000.0
    assert row.completion_rate == pytest.approx(5000.0 / (project.total_wan or 1))
    assert after.overall.started == before.overall.started + 1
    assert after.overall.completed_wan == before.overall.completed_wan + 5000.0
    assert after.overall.start_rate is not None and before.overall.start_rate is not None
    assert after.overall.start_rate > before.overall.start_rate


def test_rates_have_their_denominators(shizhu: Plan) -> None:
    rows = seeds(shizhu)
    due = [s for s in rows if s.planned_start is not None and s.planned_start <= 2024]
    finished = [s for s in rows if s.planned_finish is not None and s.planned_finish <= 2024]
    updates = [_update(s.id, "2024-06", Stage.BUILDING, 1.0) for s in due[:10]]
    updates += [_update(s.id, "2024-11", Stage.PRODUCING, s.total_wan or 0.0, 0.0) for s in finished[:1]]
    ledger = build(shizhu, updates, date(2024, 12, 31))
    t = ledger.overall
    assert t.due_to_start == len(due)
    assert t.started == 10 + sum(1 for s in finished[:1] if s not in due[:10])
    assert t.start_rate == pytest.approx(t.started / t.due_to_start)
    assert t.due_to_produce == len(finished) and t.producing == 1
    assert t.production_rate == pytest.approx(1 / len(finished))


def test_delays(shizhu: Plan) -> None:
    rows = {s.id: s for s in seeds(shizhu)}
    early = next(s for s in rows.values() if s.planned_start == 2023 and s.planned_finish == 2027)
    other = next(s for s in rows.values() if s.planned_start == 2023 and s.planned_finish == 2027 and s.id != early.id)
    updates = [
        _update(other.id, "2023-05", Stage.STARTED, 100.0),  # started but far behind by 2026
    ]
    ledger = build(shizhu, updates, date(2026, 6, 30))
    by_id = {r.id: r for r in ledger.rows}
    assert by_id[early.id].delays[0].startswith("未按期开工")  # planned 2023, never started
    assert by_id[other.id].delays[0].startswith("投资进度滞后")
    assert ledger.overall.delayed == sum(1 for r in ledger.rows if r.delayed)
    terminated = build(shizhu, [_update(early.id, "2024-03", Stage.TERMINATED, 0.0)], date(2026, 6, 30))
    row = next(r for r in terminated.rows if r.id == early.id)
    assert not row.delayed and terminated.overall.terminated == 1
