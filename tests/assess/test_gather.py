"""Reading the assessment's inputs from the store, on DuckDB and PostgreSQL: yearly figures per enterprise,
tags of the year, monthly revenue, and what was known at a past moment."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from planwatch.assess import gather
from planwatch.periods import Period
from planwatch.store.database import Store
from planwatch.store.facts import NewFact, append_facts
from planwatch.store.orgs import NewOrg, add_orgs, add_tags, load_orgs
from planwatch.uscc import make_uscc

FIRST = datetime(2025, 3, 31, 9)
LATER = datetime(2025, 6, 1, 9)
CODES = [make_uscc("500240", n) for n in (1, 2, 3)]


def _fill(store: Store) -> None:
    with store.backend.transaction():
        add_orgs(
            store,
            [
                NewOrg("region:某县", "某县", "region"),
                NewOrg("park:甲园区", "甲园区", "park", "region:某县"),
                *(
                    NewOrg(code, f"企业{n}", "enterprise", "park:甲园区", land_mu=10.0 * (n + 1), industry="C3823")
                    for n, code in enumerate(CODES)
                ),
            ],
            datetime(2020, 1, 1),
        )
        ids = {code: org.id for code, org in load_orgs(store).items()}
        add_tags(
            store, [(ids[CODES[0]], "规上", 2020, None, "测试"), (ids[CODES[1]], "规上", 2024, None, "测试")], FIRST
        )
        facts = []
        for n, code in enumerate(CODES):
            for year in (2023, 2024):
                for element, value in (("revenue", 3000.0 * (n + 1)), ("tax", 50.0 * (n + 1)), ("value_added", 900.0),
                                       ("coal", 100.0), ("rd_expense", 90.0)):  # fmt: skip
                    facts.append(
                        NewFact(ids[code], element, Period("Y", year), value, "万元" if element != "coal" else "吨")
                    )
            for month in range(1, 13):
                facts.append(NewFact(ids[code], "revenue", Period("M", 2025, month), 300.0 * (n + 1), "万元"))
        append_facts(store, facts, None, FIRST)
        append_facts(store, [NewFact(ids[CODES[0]], "tax", Period("Y", 2024), 80.0, "万元")], None, LATER)


def test_the_panel_as_known_now_and_before_a_correction(store: Store) -> None:
    _fill(store)
    now = gather.panel(store, [2023, 2024])
    assert now.codes == sorted(CODES)
    row = now.codes.index(CODES[0])
    assert now.value("tax", 2024)[row] == 80.0
    assert now.value("tax", 2023)[row] == 50.0
    assert now.land(2024)[row] == 10.0  # from the registry: no yearly 用地面积 reported
    assert now.parks[row] == "甲园区" and now.ancestors[row] == ("甲园区",)
    assert bool(now.has("规上", 2023)[row]) and not bool(now.has("规上", 2023)[now.codes.index(CODES[1])])
    before = gather.panel(store, [2023, 2024], as_of=datetime(2025, 5, 1))
    assert before.value("tax", 2024)[row] == 50.0
    assert np.isnan(gather.panel(store, [2024], as_of=datetime(2025, 1, 1)).value("tax", 2024)).all()


def test_the_data_year_is_the_last_complete_one(store: Store) -> None:
    _fill(store)
    assert gather.data_year(store, datetime(2026, 2, 1)) == 2025
    result, previous = gather.assess_mujun(store, 2024, "重庆")
    assert previous is not None
    lists = {code: result.lists[int(i)].rule.name for code, i in zip(result.panel.codes, result.list_of, strict=True)}
    assert lists == {CODES[0]: "规上", CODES[1]: "规上", CODES[2]: "规下"}  # 规上 in 2024 by tag; the third on 30 亩
    assert all(g in "ABCD" for g in result.grade)
    assert result.year == 2024


def test_monthly_revenue_for_small_to_large(store: Store) -> None:
    _fill(store)
    rules, year, _assessed, projected = gather.assess_tiers(store, 2025, "2022")
    assert year == 2025 and rules.version == "2022"
    found = {c.code: c for c in projected}
    assert found[CODES[2]].trailing == pytest.approx(300.0 * 3 * 12)
    assert found[CODES[2]].status.value == "meets"  # 10,800万元 a year and no 规上 tag: 小升规 candidate
    assert not found[CODES[0]].at_risk


def test_energy_per_enterprise_park_and_county(store: Store) -> None:
    _fill(store)
    report = gather.assess_energy(store, 2024)
    county = report.orgs[0]
    assert county.kind == "region" and county.enterprises == 3
    assert county.tce_calorific == pytest.approx(3 * 100 * 0.7143)
    assert {o.org for o in report.orgs if o.kind == "park"} == {"甲园区"}
