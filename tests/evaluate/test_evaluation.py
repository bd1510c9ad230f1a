"""Evaluating the two real plans: 秀山 with the published figures, 石柱 on the calibrated demo panel."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from planwatch.demo.build import FIGURES_RECORDED, build_demo
from planwatch.evaluate.evaluation import Evaluation, Observation, TargetEvaluation, evaluate_plan
from planwatch.evaluate.gather import PlanInputs, TargetInputs
from planwatch.evaluate.judge import judge_plan
from planwatch.evaluate.schema import evaluation_json
from planwatch.importing.load import import_file
from planwatch.metrics.compute import compute_plan
from planwatch.periods import parse_through
from planwatch.plan.model import Indicator, Period, Plan, Source, Target, YearValue
from planwatch.status import Status
from planwatch.store.database import Store, open_store
from planwatch.store.plans import set_milestone
from tests.conftest import ROOT, SHIZHU, XIUSHAN

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)


def _target(evaluation: Evaluation, name: str) -> TargetEvaluation:
    return next(t for t in evaluation.targets if t.indicator.name == name)


def test_xiushan_with_published_figures(store: Store, xiushan: Plan) -> None:
    assert import_file(store, FIGURES, now=FIGURES_RECORDED, create_orgs=True).committed
    evaluation = evaluate_plan(store, xiushan, AS_OF)
    firms = _target(evaluation, "规上工业企业")
    # 73 at the end of 2020 (the plan), 83 in October 2024 (the press), 150 wanted by 2025.
    assert firms.baseline is not None and firms.baseline.value == 73 and firms.baseline.source == "规划"
    assert firms.latest is not None and (firms.latest.period, firms.latest.value) == ("2024-10", 83)
    assert firms.progress is not None and firms.progress.required_cagr == pytest.approx((150 / 73) ** (1 / 5) - 1)
    # 2025 is over: an outcome with the gap, not a pace (no 进展缓慢, no forecast, no 达标概率).
    assert firms.status == Status.MISSED and firms.status_zh == "未完成" and firms.due_passed
    assert firms.forecast is None and firms.gap == 67
    assert "尚差67家" in firms.explanation and "尚无2025年末数据" in firms.explanation
    hightech = _target(evaluation, "高新技术企业")
    assert hightech.status == "achieved" and hightech.status_zh == "已完成"  # 82 against 80
    # Through the end of 2024, with the same knowledge, it is still a pace with a forecast short of 150.
    midway = _target(evaluate_plan(store, xiushan, AS_OF, parse_through("2024")), "规上工业企业")
    assert midway.status == Status.LIMITED_PROGRESS and not midway.due_passed
    assert midway.forecast is not None and midway.forecast.value < 150
    missing = [t.indicator.name for t in evaluation.targets if t.status == "insufficient_data"]
    assert {"规上工业产值", "工业总产值", "食品加工产值"} <= set(missing)
    assert all(t.note for t in evaluation.targets if t.status == "insufficient_data")


def test_an_evaluation_before_the_figures_were_known(store: Store, xiushan: Plan) -> None:
    import_file(store, FIGURES, now=FIGURES_RECORDED, create_orgs=True)
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


def test_figures_recorded_later_count_for_an_earlier_period(store: Store, xiushan: Plan) -> None:
    """期末评估: the period evaluated and the knowledge date are two dates.  Figures about 2024 entered
    today count when evaluating through 2024; as known at the end of 2024 they did not exist yet."""
    assert import_file(store, FIGURES, now=datetime(2026, 3, 15, 9, 0), create_orgs=True).committed
    through_2024 = evaluate_plan(store, xiushan, date(2026, 3, 15), parse_through("2024"))
    firms = _target(through_2024, "规上工业企业")
    assert firms.latest is not None and (firms.latest.period, firms.latest.value) == ("2024-10", 83)
    assert firms.status == Status.LIMITED_PROGRESS
    assert through_2024.through.label_zh == "2024年底" and through_2024.known == date(2026, 3, 15)
    known_then = evaluate_plan(store, xiushan, date(2024, 12, 31))
    assert _target(known_then, "规上工业企业").latest.source == "规划"  # type: ignore[union-attr]  # the baseline only


def test_a_flow_counts_only_the_months_ended_by_the_period(demo: tuple[Path, Evaluation], shizhu: Plan) -> None:
    path, _ = demo
    with open_store(path, read_only=True) as store:
        june = evaluate_plan(store, shizhu, AS_OF, parse_through("2026-06"))
    output = next(t for t in june.targets if t.indicator.name == "规上工业总产值" and t.indicator.origin == "table")
    assert output.year_to_date is not None and output.year_to_date.period == "2026-06"
    assert june.elapsed is not None and june.elapsed < 0.71  # 2023–2027 at the end of June 2026


def test_the_goal_s_side_comes_from_the_comparator_not_the_baseline() -> None:
    """A share already above its ≥ target (48.8 % against ≥ 25 %) has a high chance of meeting it, not zero."""
    indicator = Indicator(
        name="高技术制造业产值占比",
        unit="%",
        baseline=YearValue(year=2022, value=47.0),
        target=Target(year=2027, value=25.0, comparator=">=", direction="increase", text="25"),
        source=Source(line=1, text="高技术制造业产值占比 | % | 47 | 25"),
    )
    points = tuple(
        Observation(str(year), year + 1.0, value, "统计") for year, value in ((2023, 48.0), (2024, 48.5), (2025, 48.8))
    )
    inputs = TargetInputs(indicator, None, None, "%", points, None, None, None, "")
    plan = Plan(title="某县规划", period=Period(start=2023, end=2027), indicators=[indicator])
    evaluation = judge_plan(PlanInputs(plan, parse_through("2026-10"), date(2026, 10, 31), None, (inputs,)))
    share = evaluation.targets[0]
    assert share.goal is not None and share.goal.direction == "increase"
    assert share.status == Status.ACHIEVED
    assert share.forecast is not None and share.forecast.p_meet is not None and share.forecast.p_meet > 0.9


def test_a_plan_in_wan_yuan_is_judged_in_wan_yuan(demo: tuple[Path, Evaluation], shizhu: Plan) -> None:
    """The definition computes 亿元; a plan stating the same target in 万元 gets its figures in 万元."""
    path, in_yi = demo
    row = next(i for i in shizhu.indicators if i.name == "规上工业总产值" and i.origin == "table")
    assert row.unit == "亿元" and row.baseline is not None and row.baseline.value is not None
    assert row.target.value is not None
    in_wan = row.model_copy(
        update={
            "unit": "万元",
            "baseline": YearValue(year=row.baseline.year, value=row.baseline.value * 10_000),
            "target": row.target.model_copy(update={"value": row.target.value * 10_000}),
        }
    )
    plan = shizhu.model_copy(update={"indicators": [in_wan]})
    with open_store(path, read_only=True) as store:
        judged = evaluate_plan(store, plan, AS_OF, as_given=True).targets[0]
    reference = next(t for t in in_yi.targets if t.indicator.source == row.source and t.indicator.name == row.name)
    assert judged.unit == "万元" and judged.latest is not None and reference.latest is not None
    assert judged.latest.value == pytest.approx(reference.latest.value * 10_000)
    assert (
        judged.status == reference.status and judged.goal is not None and judged.goal.value == row.target.value * 10_000
    )
