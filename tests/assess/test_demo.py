"""The demo's assessment inputs keep what the panel is calibrated to (the plan's 2022 figures) and give the
assessment something to find: every figure is 演示数据."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from planwatch.assess import energy as en
from planwatch.assess.gather import panel, plan_assessment
from planwatch.demo.build import DemoResult
from planwatch.evaluate.evaluation import evaluate_plan
from planwatch.plan import names
from planwatch.plan.model import Plan
from planwatch.store.database import open_store
from planwatch.store.orgs import load_orgs
from tests.assess.conftest import AS_OF


def _shizhu(demo: DemoResult) -> Plan:
    return next(p for p in demo.plans if "石柱" in (p.title or ""))


def test_energy_by_kind_adds_up_to_each_firms_reported_total(demo_db: Path) -> None:
    with open_store(demo_db, read_only=True) as store:
        system = load_orgs(store)["park:石柱县工业园区"]
        found = panel(store, [2022, 2025], None, system)
    for year in (2022, 2025):
        use = en.use(found, year)
        reported = found.value("energy_total", year)
        producing = ~np.isnan(reported)
        assert producing.sum() > 20
        assert np.allclose(use.calorific[producing], reported[producing])
        assert use.by_kind[producing].all()


def test_the_plans_base_year_is_kept(demo: DemoResult, demo_db: Path) -> None:
    plan = _shizhu(demo)
    stated = {names.key(f.name): f.value for f in plan.facts if f.year == 2022}
    table = {names.key(i.name): i.baseline.value for i in plan.indicators if i.baseline and i.origin == "table"}
    with open_store(demo_db, read_only=True) as store:
        system = load_orgs(store)["park:石柱县工业园区"]
        found = panel(store, [2022], None, system)
    gs = found.has("规上", 2022)
    tax = np.nansum(found.value("tax", 2022)[gs]) / np.nansum(found.land(2022)[gs])
    assert tax == pytest.approx(table["规上工业亩均税收"], abs=0.005)  # 5.5 万元/亩
    rd = np.nansum(found.value("rd_expense", 2022)[gs]) / np.nansum(found.value("revenue", 2022)[gs]) * 100
    assert rd == pytest.approx(table["研发投入强度"], abs=1e-6)  # 1.1 %, the R&D total kept while re-spread
    for tag, fact in (("高新技术企业", "高新技术企业"), ("专精特新", "专精特新企业"), ("小巨人", "小巨人企业")):
        assert int(found.has(tag, 2022).sum()) == stated[names.key(fact)]
    assert int(gs.sum()) == stated[names.key("规上企业")]


def test_every_added_fact_is_demo_data(demo: DemoResult, demo_db: Path) -> None:
    added = demo.assessment_inputs[0]
    assert added.facts > 1000 and added.tags > 50 and added.industries > 20
    with open_store(demo_db, read_only=True) as store:
        sources = store.backend.query(
            "SELECT DISTINCT source FROM facts WHERE element IN ('ip_class1', 'coal', 'employees', 'market_share')"
        )
        assert sources == [("演示数据",)]


def test_the_assessment_of_the_demo_finds_candidates_and_classes(demo: DemoResult, demo_db: Path) -> None:
    plan = _shizhu(demo)
    with open_store(demo_db, read_only=True) as store:
        evaluation = evaluate_plan(store, plan, AS_OF)
        assessed = plan_assessment(store, evaluation)
    assert assessed is not None and assessed.year == 2025
    counts = assessed.mujun.summary
    assert all(counts[g] > 0 for g in "ABCD")
    reasons = {e.reason for e in assessed.mujun.enterprises if e.grade == "不评价"}
    assert any(r and "公用事业" in r for r in reasons) and any(r and "在建重大项目" in r for r in reasons)
    pools = assessed.tiers.pools
    number, target = next(
        (n, t) for n, t in enumerate(evaluation.targets, 1) if t.definition and t.definition.id == "specialised"
    )
    assert target.latest is not None and target.indicator.target.value is not None
    now, goal = round(target.latest.value), round(target.indicator.target.value)
    note = assessed.links.notes[number][0]
    assert note.startswith(
        f"“专精特新”企业目前{now}家，目标{target.indicator.target.year}年{goal}家，还差{goal - now}家"
    )
    assert f"最接近的{len(pools['专精特新'])}家" in note
    assert assessed.energy.target is not None and assessed.energy.target.status_zh
    assert date(2026, 10, 31) == evaluation.known
