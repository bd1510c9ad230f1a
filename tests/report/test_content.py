"""What the report says about 秀山 as of 2026-10-31, computed from the evaluation and the stored audit."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.evaluate.evaluation import Evaluation, Observation, Rollup, TargetEvaluation, evaluate_plan
from planwatch.evaluate.gather import PlanInputs, TargetInputs
from planwatch.evaluate.judge import judge_plan
from planwatch.formatting import number, percent, quantity
from planwatch.periods import parse_through
from planwatch.plan.audit import review
from planwatch.plan.finding import Finding
from planwatch.plan.model import Basis, Direction, Indicator, Period, Plan, Source, Target, YearValue
from planwatch.report.blocks import Items, Paragraph
from planwatch.report.content import FROM_ZERO, build, indicator_table
from planwatch.report.markdown import report
from planwatch.report.sentences import forecast_text, miss_sentence
from planwatch.status import Status
from planwatch.store.database import Store
from tests.conftest import XIUSHAN
from tests.report.conftest import keep_xiushan, xiushan_evaluation


def test_formatting() -> None:
    assert number(150, 0) == "150" and number(1234.5) == "1,234.5" and number(-0.001) == "0" and number(None) == "—"
    assert percent(0.155) == "15.5%" and quantity(86.31, "家") == "86家" and quantity(102.04, "亿元") == "102.04亿元"


def test_the_report_names_the_targets_that_will_be_missed(store: Store) -> None:
    keep_xiushan(store)  # on DuckDB and PostgreSQL: the audit is read back from the store
    evaluation, findings = xiushan_evaluation(store)
    firms = next(t for t in evaluation.targets if t.indicator.name == "规上工业企业")
    # 2025 is over by 2026-10-31: an outcome (未完成, with the gap), no pace or forecast any more.
    assert firms.status == Status.MISSED and firms.forecast is None and firms.due_passed
    missed = [t.indicator.name for t in evaluation.will_miss()]
    assert "规上工业企业" in missed and "高新技术企业" not in missed  # 82 against 80 is met
    sentence = miss_sentence(firms)
    assert sentence == (
        "规上工业企业未完成：目标年（2025年）已过，按2024年10月的83家计，距目标（2025年 ≥150家）尚差67家，"
        "尚无2025年末数据。"
    )
    content = build(evaluation, findings)
    overview = content.sections[0]
    assert overview.title == "总体进展"
    words = " ".join(b.text for b in overview.blocks if isinstance(b, Paragraph))
    assert sentence in words and "规划期（2021—2025年）已结束" in words
    problems = next(s for s in content.sections if s.title == "存在问题")
    listed = [line for b in problems.blocks if isinstance(b, Items) for line in b.lines]
    assert any(line.startswith("【警示】第65、171行：“规上工业产值”") for line in listed)
    assert any(line.startswith("规上工业企业：未完成，2024年10月为83家") for line in listed)
    advice = next(s for s in content.sections if s.title == "下一步建议")
    steps = [line for b in advice.blocks if isinstance(b, Items) for line in b.lines]
    assert firms.latest is not None
    gap = 150 - firms.latest.value
    assert (
        f"规上工业企业：目标年（2025年）已过，按2024年10月的83家计，距目标（2025年 ≥150家）尚差{gap:.0f}家；"
        in steps[0]
    )
    # Evaluated through the end of 2024 with what is known now, the target is still a pace and a forecast.
    midway = evaluate_plan(store, review(XIUSHAN).plan, date(2026, 10, 31), parse_through("2024"))
    firms = next(t for t in midway.targets if t.indicator.name == "规上工业企业")
    assert firms.status == Status.LIMITED_PROGRESS and firms.forecast is not None
    whole = int(firms.forecast.value)  # a count short of the goal is said in whole firms, rounded down
    assert miss_sentence(firms) == f"按目前趋势，规上工业企业（目标150家）预计到2025年只能达到{whole}家，将无法完成。"
    # Before the target year ends, the advice is the pace still needed.
    early = evaluate_plan(store, review(XIUSHAN).plan, date(2025, 1, 31))
    firms = next(t for t in early.targets if t.indicator.name == "规上工业企业")
    needed = firms.progress.needed_per_year if firms.progress else None
    assert needed is not None
    advice = next(s for s in build(early, findings).sections if s.title == "下一步建议")
    steps = [line for b in advice.blocks if isinstance(b, Items) for line in b.lines]
    assert any(
        line.startswith(
            f"规上工业企业：要在2025年达到目标（2025年 ≥150家），需从2024年10月的83家起年均增长{percent(needed)}"
        )
        for line in steps
    )


def test_markdown_has_every_section(xiushan_evaluated: tuple[Evaluation, list[Finding]]) -> None:
    text = report(*xiushan_evaluated)
    for title in ("总体进展", "指标完成情况", "重点项目", "存在问题", "下一步建议"):
        assert f"## {title}" in text
    row = next(line for line in text.splitlines() if line.startswith("| 规上工业企业 |"))
    assert "2020：73家" in row and "2024-10：83家" in row and "2025年 ≥150家" in row and "| 未完成 |" in row
    assert "规划未列出重点项目清单" in text  # 秀山 lists none


def test_without_a_stored_audit_the_report_says_so(xiushan_evaluated: tuple[Evaluation, list[Finding]]) -> None:
    evaluation, _ = xiushan_evaluated
    assert "没有保存该规划的文本审查结果" in report(evaluation)


@pytest.mark.parametrize("value", [None, 0.0])
def test_percent_of_nothing(value: float | None) -> None:
    assert percent(value) in {"—", "0.0%"}


def _judged(indicator: Indicator, points: list[tuple[int, float]], unit: str) -> TargetEvaluation:
    """One target judged through 2025-10 from yearly figures (a year's figure holds at its end)."""
    observations = tuple(Observation(str(year), year + 1.0, value, "统计") for year, value in points)
    inputs = TargetInputs(indicator, None, None, unit, observations, None, None, None, "")
    plan = Plan(title="某县规划", period=Period(start=2023, end=2027), indicators=[indicator])
    return judge_plan(PlanInputs(plan, parse_through("2025-10"), date(2025, 10, 31), None, (inputs,))).targets[0]


def _indicator(name: str, unit: str, base: float, value: float, basis: Basis, direction: Direction) -> Indicator:
    return Indicator(
        name=name,
        unit=unit,
        baseline=YearValue(year=2022, value=base),
        target=Target(year=2027, value=value, comparator=">=", direction=direction, text=str(value), basis=basis),
        source=Source(line=1, text=name),
    )


def test_a_decrease_is_said_as_a_decrease() -> None:
    energy = _indicator("单位工业增加值能耗", "%", 0.5, 13, "change", "decrease")
    judged = _judged(energy, [(2022, 0.5), (2023, 0.49), (2024, 0.48)], "吨标准煤/万元")
    assert judged.forecast is not None and judged.forecast.value < 0
    text = forecast_text(judged)
    assert text.startswith("下降") and "-" not in text.split("，")[0]


def test_growth_rates_from_zero_are_not_stated() -> None:
    firms = _indicator("科技型企业", "家", 0, 80, "level", "increase")
    judged = _judged(firms, [(2022, 0), (2023, 6), (2024, 11)], "家")
    assert judged.pace is not None and not judged.pace.meaningful
    plan = Plan(title="某县规划", indicators=[firms])
    evaluation = Evaluation(
        plan, parse_through("2025-10"), date(2025, 10, 31), None, [judged], [], [], Rollup(""), None
    )
    row = indicator_table(evaluation).rows[0]
    assert row.cells[6] == row.cells[7] == FROM_ZERO and "%" not in row.cells[6]
    assert "增速无意义" in judged.explanation
