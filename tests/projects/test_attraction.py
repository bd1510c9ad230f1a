"""The 招商 ledger: where each signing stands, the funnel, the cumulative figures targets read, landings."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.projects.attraction import Signing, Step, figure, funnels, landed, standings
from planwatch.projects.rules import measure
from planwatch.status import Stage

SIGNINGS = [
    Signing("ZS-1", "甲项目", "甲公司", "下路工业园区", "中医药产业链", "中药饮片", 30_000.0, date(2023, 3, 1)),
    Signing("ZS-2", "乙项目", "乙公司", "下路工业园区", "中医药产业链", None, 10_000.0, date(2024, 5, 1)),
    Signing("ZS-3", "丙项目", "丙公司", "龙潭有色金属产业园", None, None, 50_000.0, date(2025, 1, 10)),
    Signing("ZS-0", "早年项目", "丁公司", "下路工业园区", "中医药产业链", None, 8_000.0, date(2022, 6, 1)),
]
STEPS = [
    Step("ZS-1", "2023-09", "落地", 3_000.0),
    Step("ZS-1", "2024-03", "开工", 12_000.0),
    Step("ZS-2", "2025-02", "落地", 1_000.0),
    Step("ZS-3", "2025-06", "签约", None),
]


def test_a_signing_stands_at_the_furthest_stage_of_its_steps_by_the_day() -> None:
    at = {s.signing.code: s for s in standings(SIGNINGS, STEPS, date(2024, 12, 31))}
    assert set(at) == {"ZS-0", "ZS-1", "ZS-2"}  # ZS-3 is signed later
    assert at["ZS-1"].stage == "开工" and at["ZS-1"].arrived_wan == 12_000.0 and at["ZS-1"].landed == "2023-09"
    assert at["ZS-2"].stage == "签约" and at["ZS-2"].landed is None
    earlier = {s.signing.code: s for s in standings(SIGNINGS, STEPS, date(2023, 12, 31))}
    assert earlier["ZS-1"].stage == "落地" and earlier["ZS-1"].arrived_wan == 3_000.0


def test_the_funnel_counts_what_reached_each_stage() -> None:
    standing = standings(SIGNINGS, STEPS, date(2025, 12, 31))
    by_chain = {f.chain: f for f in funnels(standing)}
    whole = by_chain["全部"]
    assert whole.counts == {"签约": 4, "落地": 2, "开工": 1, "投产": 0}
    assert whole.amounts_wan["落地"] == 40_000.0
    assert whole.arrived_wan == 13_000.0
    assert by_chain["中医药产业链"].counts["签约"] == 3


def test_cumulative_figures_count_from_the_plan_start() -> None:
    standing = standings(SIGNINGS, STEPS, date(2025, 12, 31))
    since = date(2023, 1, 1)
    signed, arrived, landings = measure("signed"), measure("arrived"), measure("landed")
    assert signed is not None and arrived is not None and landings is not None
    assert figure(signed, standing, since) == pytest.approx((30_000 + 10_000 + 50_000) / 10_000)  # 亿元; 2022 left out
    assert figure(signed, standing, since, "中医药产业链") == pytest.approx(4.0)
    assert figure(arrived, standing, since) == pytest.approx(1.3)
    assert figure(landings, standing, since) == 2


def test_a_landed_signing_becomes_a_ledger_project_unless_the_plan_has_it() -> None:
    standing = standings(SIGNINGS, STEPS, date(2025, 12, 31))
    seeds, placed = landed(standing, planned={"ZS-2"})
    assert [s.id for s in seeds] == ["ZS-1"]
    seed = seeds[0]
    assert seed.origin == "招商" and seed.total_wan == 30_000.0 and seed.planned_start == 2023
    assert seed.stage == Stage.STARTED and seed.completed_wan == 12_000.0
    assert placed == {"ZS-1": ("中医药产业链", "中药饮片")}
