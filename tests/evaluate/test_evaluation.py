"""Evaluating the two real plans: 秀山 with the published figures, 石柱 on the calibrated demo panel."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from planwatch.demo.build import FIGURES_RECORDED, build_demo
from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation, evaluate_plan, evaluation_json
from planwatch.importing.load import import_file
from planwatch.metrics.compute import compute_plan
from planwatch.plan.model import Plan
from planwatch.store.database import Store, open_store
from planwatch.store.plans import set_milestone
from tests.conftest import ROOT, SHIZHU, XIUSHAN

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)


def _target(evaluation: Evaluation, name: str) -> TargetEvaluation:
    return next(t for t in evaluation.targets if t.indicator.name == name)


def test_xiushan_with_published_figures(store: Store, xiushan: Plan) -> None:
    assert import_file(store, FIGURES, now=FIGURES_RECORDED).committed
    evaluation = evaluate_plan(store, xiushan, AS_OF)
    firms = _target(evaluation, "规上工业企业")
    # 73 at the end of 2020 (the plan), 83 in October 2024 (the press), 150 wanted by 2025.
    assert firms.baseline is not None and firms.baseline.value == 73 and firms.baseline.source == "规划"
    assert firms.latest is not None and (firms.latest.period, firms.latest.value) == ("2024-10", 83)
    assert firms.status not in {"achieved", "on_track"}
    assert firms.progress is not None and firms.progress.required_cagr == pytest.approx((150 / 73) ** (1 / 5) - 1)
    assert firms.forecast is not None and firms.forecast.value < 150  # the trend says it will be missed
    hightech = _target(evaluation, "高新技术企业")
    assert hightech.status == "achieved" and hightech.status_zh == "已完成"  # 82 against 80
    missing = [t.indicator.name for t in evaluation.targets if t.status == "insufficient_data"]
    assert {"规上工业产值", "工业总产值", "食品加工产值"} <= set(missing)
    assert all(t.note for t in evaluation.targets if t.status == "insufficient_data")


def test_an_evaluation_before_the_figures_were_known(store: Store, xiushan: Plan) -> None:
    import_file(store, FIGURES, now=FIGURES_RECORDED)
    early = evaluate_plan(store, xiushan, date(2024, 6, 30))
    assert _target(early, "规上工业企业").latest is not None
    assert _target(early, "规上工业企业").latest.source == "规划"  # type: ignore[union-attr]  # checked above


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Evaluation]:
    folder = tmp_path_factory.mktemp("demo")
    result = build_demo(folder / "demo.duckdb", [XIUSHAN, SHIZHU], FIGURES, folder / "reports", AS_OF)
    evaluation = next(e for e in result.evaluations if e.plan.id == SHIZHU.name)
    return folder / "demo.duckdb", evaluation


def test_every_mapped_table_indicator_has_a_status(demo: tuple[Path, Evaluation]) -> None:
    _, evaluation = demo
    table = [t for t in evaluation.targets if t.indicator.origin == "table" and t.indicator.target.value is not None]
    mapped = [t for t in table if t.definition is not None]
    assert len(mapped) >= 15
    assert all(t.status != "insufficient_data" for t in mapped), [
        (t.indicator.name, t.note) for t in mapped if t.status == "insufficient_data"
    ]
    energy = _target(evaluation, "规上企业单位工业增加值能耗下降")
    assert energy.binding and energy.status in {"on_track", "acceleration_needed", "limited_progress", "achieved"}


def test_base_year_from_the_panel_equals_the_plan(demo: tuple[Path, Evaluation], shizhu: Plan) -> None:
    path, _ = demo
    with open_store(path, read_only=True) as store:
        results = compute_plan(store, shizhu, None)
        park = next(org for org in store.backend.query("SELECT id, name FROM orgs") if org[1] == "石柱县工业园区")
    values = {
        r.indicator.name: next(v.value for v in r.values if v.org_id == park[0] and v.year == 2022)
        for r in results
        if r.indicator.origin == "table" and r.values and any(v.org_id == park[0] and v.year == 2022 for v in r.values)
    }
    # From the plan's text (第66—67行) and indicator table, base year 2022.
    assert values["规上工业总产值"] == pytest.approx(51.37)
    assert values["入库税金"] == pytest.approx(0.47)
    assert values["规上工业亩均税收"] == pytest.approx(5.5)
    assert values["规上企业研发投入强度"] == pytest.approx(1.1)
    assert values["规上企业"] == 25
    assert values["高新技术企业"] == 9
    assert values["“专精特新”企业"] == 8
    assert values["“小巨人”企业"] == 2
    assert values["数字化车间"] == 4 and values["智能工厂"] == 2 and values["绿色工厂"] == 1


def test_as_of_reproduces_an_evaluation_exactly(demo: tuple[Path, Evaluation], tmp_path: Path, shizhu: Plan) -> None:
    path, _ = demo
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(path.read_bytes())
    with open_store(copy) as store:
        before = evaluation_json(evaluate_plan(store, shizhu, date(2025, 6, 30)))
        enterprise = store.backend.query(
            "SELECT o.code FROM orgs o JOIN org_tags t ON t.org_id = o.id WHERE t.tag = '规上' ORDER BY o.id LIMIT 1"
        )[0][0]
        correction = tmp_path / "更正.csv"
        correction.write_text(
            f"统一社会信用代码,指标,报告期,数值,计量单位\n{enterprise},工业总产值,2024-12,999999,万元\n",
            encoding="utf-8",
        )
        result = import_file(store, correction, revise=True, now=datetime(2026, 11, 1))
        assert result.committed and result.revisions == 1
        after_now = evaluation_json(evaluate_plan(store, shizhu, date(2026, 11, 2)))
        again = evaluation_json(evaluate_plan(store, shizhu, date(2025, 6, 30)))
    assert again == before
    assert after_now != before


def test_milestones_are_set_by_users(store: Store, shizhu: Plan) -> None:
    set_milestone(store, shizhu, "成功创建市级智慧园区", "推进中", "已提交申报材料", datetime(2025, 3, 1))
    evaluation = evaluate_plan(store, shizhu, AS_OF)
    milestone = _target(evaluation, "成功创建市级智慧园区")
    assert milestone.status_zh == "推进中" and milestone.milestone == ("推进中", "已提交申报材料")
    earlier = evaluate_plan(store, shizhu, date(2025, 1, 1))
    assert _target(earlier, "成功创建市级智慧园区").status_zh == "未开始"


def test_industry_scoped_targets_use_the_cluster(demo: tuple[Path, Evaluation]) -> None:
    _, evaluation = demo
    kangyang = next(t for t in evaluation.targets if t.indicator.scope == "康养消费品产业")
    assert kangyang.definition is not None and kangyang.definition.id == "gs_output@康养消费品"
    assert kangyang.org is not None and kangyang.org.name == "下路工业园区"
    # The plan's 12.5 亿元 for 2022, scaled like every cluster by 51.37 / 50.75 (see the demo's notes).
    assert kangyang.baseline is not None and kangyang.baseline.value == pytest.approx(12.5 * 51.37 / 50.75)
    assert kangyang.status != "insufficient_data"
