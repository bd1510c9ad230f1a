"""招商 targets judged like any target: from the 招商 ledger, through the gather's second source."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from planwatch.evaluate.evaluation import evaluate_plan
from planwatch.evaluate.schema import evaluation_json
from planwatch.importing.load import import_file
from planwatch.plan.model import Plan
from planwatch.service.plans import add_plan
from planwatch.status import Status
from planwatch.store.database import Store, open_store
from tests.conftest import SHIZHU
from tests.importing.files import xlsx

HEAD: list[object] = ["招商编号", "项目名称", "投资方", "所属园区", "产业链", "环节", "签约投资额（万元）", "签约日期", "报告期", "进展",
        "累计到位资金（万元）"]  # fmt: skip


@pytest.fixture
def shizhu_store(tmp_path: Path) -> tuple[Store, Plan]:
    store = open_store(tmp_path / "store.duckdb")
    plan = add_plan(store, SHIZHU, datetime(2024, 1, 23)).plan
    return store, plan


def _signings(tmp_path: Path) -> Path:
    rows: list[list[object]] = [HEAD]
    for n, (year, amount) in enumerate([(2023, 30000), (2024, 40000), (2025, 20000), (2026, 10000)], start=1):
        code = f"ZS{year}-{n:03d}"
        rows.append([code, f"黄连项目{n}", "某药业", "下路工业园区", "中医药产业链", "中药饮片", amount, f"{year}-04-10",
                     f"{year}-10", "落地", amount / 10])  # fmt: skip
    return xlsx(tmp_path / "招商.xlsx", {"招商台账": rows})


def test_a_chain_target_is_evaluated_from_the_ledger(shizhu_store: tuple[Store, Plan], tmp_path: Path) -> None:
    store, plan = shizhu_store
    assert import_file(store, _signings(tmp_path), now=datetime(2026, 10, 20)).committed
    target: list[list[object]] = [
        ["产业链", "指标", "目标年份", "目标值", "单位"],
        ["中医药产业链", "签约投资额", 2027, 15, "亿元"],
    ]
    assert import_file(store, xlsx(tmp_path / "目标.xlsx", {"招商目标": target}), now=datetime(2026, 10, 20)).committed
    evaluation = evaluate_plan(store, plan, date(2026, 10, 31))
    chain = next(t for t in evaluation.targets if t.indicator.scope == "中医药产业链")
    assert chain.label == "中医药产业链签约投资额" and chain.indicator.category == "招商引资"
    assert chain.latest is not None and chain.latest.value == pytest.approx(10.0)  # 30 000 + … + 10 000 万元
    assert [o.value for o in chain.observations] == pytest.approx([0.0, 3.0, 7.0, 9.0, 10.0])
    assert chain.status not in {Status.INSUFFICIENT_DATA, Status.NOT_STARTED}
    assert chain.forecast is not None and chain.forecast.p_meet is not None
    assert chain.progress is not None and chain.progress.completion == pytest.approx(10 / 15)
    records = evaluation_json(evaluation)["targets"]
    assert isinstance(records, list)
    record = next(r for r in records if r["scope"] == "中医药产业链")
    assert record["status"] == chain.status.value and record["definition"] == "ledger:signed@中医药产业链"
    # The plan's own 合同引资 target (500 亿元) reads the same ledger; through 2024 it had seen two signings.
    contracts = next(t for t in evaluation.targets if t.indicator.name == "园区工业项目合同引资")
    assert contracts.latest is not None and contracts.latest.value == pytest.approx(10.0)
    early = evaluate_plan(store, plan, date(2026, 10, 31), through=_year(2024))
    seen = next(t for t in early.targets if t.indicator.name == "园区工业项目合同引资").latest
    assert seen is not None and seen.value == pytest.approx(7.0)


def test_without_signings_the_ledger_targets_have_no_data(shizhu_store: tuple[Store, Plan]) -> None:
    store, plan = shizhu_store
    evaluation = evaluate_plan(store, plan, date(2026, 10, 31))
    contracts = next(t for t in evaluation.targets if t.indicator.name == "园区工业项目合同引资")
    assert contracts.status == Status.INSUFFICIENT_DATA and "招商引资台账" in contracts.note
    assert evaluation.ledger is None
    assert not any(t.indicator.category == "招商引资" for t in evaluation.targets)


def _year(year: int):  # type: ignore[no-untyped-def]  # a Through, imported here to keep the test readable
    from planwatch.periods import parse_through

    return parse_through(str(year))
