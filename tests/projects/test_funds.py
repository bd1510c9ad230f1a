"""专项资金: totals add up to the records; the before/after view sets the supported beside the rest."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.projects.funds import Figures, Support, performance, totals


def support(
    code: str, uscc: str | None, park: str, kind: str, amount: float, year: int, project: str | None = None
) -> Support:
    return Support(code, uscc, None, park, "C2730", project, kind, amount, date(year, 6, 1), None, None)


RECORDS = [
    support("1", "A", "下路工业园区", "奖励", 100.0, 2023),
    support("2", "A", "下路工业园区", "贴息", 50.5, 2024),
    support("3", "B", "西沱绿色新型材料产业园", "补助", 200.0, 2024),
    support("4", None, "下路工业园区", "税费优惠", 30.0, 2025, project="1.1.2.3"),
]


def test_totals_by_kind_and_park_add_up_to_the_records() -> None:
    summed = totals(RECORDS, {"A": ["中医药产业链"], "1.1.2.3": ["绿色食品产业链", "中医药产业链"]})
    everything = sum(r.amount_wan for r in RECORDS)
    assert summed.records == len(RECORDS) and summed.amount_wan == pytest.approx(everything)
    assert sum(summed.by_kind.values()) == pytest.approx(everything)
    assert sum(summed.by_park.values()) == pytest.approx(everything)
    assert sum(summed.by_year.values()) == pytest.approx(everything)
    assert summed.by_park["下路工业园区"] == pytest.approx(180.5)
    assert summed.by_chain == {"中医药产业链": pytest.approx(180.5), "绿色食品产业链": pytest.approx(30.0)}


def test_performance_sets_supported_enterprises_beside_the_others_of_their_parks() -> None:
    figures = {
        "A": {2022: Figures(1000.0, 10.0, 10.0), 2025: Figures(1500.0, 20.0, 10.0)},
        "B": {2022: Figures(500.0, 5.0, 5.0), 2025: Figures(600.0, 6.0, 5.0)},
        "C": {2022: Figures(800.0, 8.0, 8.0), 2025: Figures(880.0, 8.0, 8.0)},  # 下路, unsupported
        "D": {2022: Figures(900.0, 9.0, 9.0), 2025: Figures(2000.0, 9.0, 9.0)},  # another park: not compared
    }
    parks = {"A": "下路工业园区", "B": "西沱绿色新型材料产业园", "C": "下路工业园区", "D": "龙潭有色金属产业园"}
    result = performance(RECORDS, figures, parks, 2025)
    assert result is not None and (result.before, result.after) == (2022, 2025)
    assert result.supported.enterprises == 2 and result.supported.output == (1500.0, 2100.0)
    assert result.unsupported.enterprises == 1 and result.unsupported.output_growth == pytest.approx(0.1)
    assert performance(RECORDS, figures, parks, 2022) is None  # no span to compare
