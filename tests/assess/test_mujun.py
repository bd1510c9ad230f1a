"""亩均效益综合评价 computed by hand: the published 黄岩 formula, 旌德's min-max scores, class shares, exclusions."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from planwatch.assess import mujun
from planwatch.assess.schema import checkup_record, mujun_report
from planwatch.assess.scheme import Scheme, load_scheme, preset_names
from planwatch.errors import InputError
from tests.assess.helpers import panel

YEAR = 2022
LAND = 12.5


def at_benchmarks(scheme: Scheme, land: float = LAND, **times: float) -> dict[str, float]:
    """A 规上 firm whose every 黄岩 item equals its published benchmark (times a factor where given)."""
    b = scheme.lists[0].benchmark.values[YEAR]
    added = b["value_added_per_mu"] * land * times.get("value_added_per_mu", 1)
    revenue = 8000.0
    return {
        "land_area": land,
        "tax": b["tax_per_mu"] * land * times.get("tax_per_mu", 1),
        "value_added": added,
        "energy_total": added / b["value_added_per_energy"],
        "pollutant_emissions": added / b["value_added_per_emission"],
        "employees": added / b["labour_productivity"],
        "revenue": revenue,
        "rd_expense": revenue * b["rd_intensity"] / 100,
    }


def test_presets_load() -> None:
    assert set(preset_names()) == {"黄岩", "旌德", "重庆"}
    huangyan = load_scheme("黄岩")
    assert [i.weight for i in huangyan.lists[0].items] == [30, 20, 20, 10, 10, 10]
    assert huangyan.lists[0].benchmark.values[2022]["tax_per_mu"] == 24.097
    assert huangyan.energy_basis == "equivalent"


def test_huangyan_at_every_benchmark_scores_100_and_twice_the_tax_130() -> None:
    scheme = load_scheme("黄岩")
    firms = [at_benchmarks(scheme), at_benchmarks(scheme, tax_per_mu=2)]
    result = mujun.evaluate(scheme, panel(firms, tags={"规上": [True, True]}), YEAR)
    assert result.total[0] == pytest.approx(100)
    # Only the tax item moves: 30 × 2 instead of 30 × 1.
    assert result.total[1] == pytest.approx(100 - 30 + 30 * 2)
    items = {i.indicator.name: float(i.scores[1]) for i in result.lists[0].items}
    assert items["亩均税收"] == pytest.approx(60)
    assert result.rank[1] == 1 and result.rank[0] == 2


def test_a_cap_limits_one_item() -> None:
    scheme = load_scheme("黄岩")
    capped = scheme.model_copy(update={"lists": (scheme.lists[0].model_copy(update={"cap": 1.5}), *scheme.lists[1:])})
    result = mujun.evaluate(capped, panel([at_benchmarks(scheme, tax_per_mu=2)], tags={"规上": [True]}), YEAR)
    assert result.total[0] == pytest.approx(100 - 30 + 30 * 1.5)


def test_huangyan_without_emissions_gets_the_average_score_of_that_item() -> None:
    scheme = load_scheme("黄岩")
    full = at_benchmarks(scheme)
    dirty = dict(full, pollutant_emissions=full["pollutant_emissions"] * 2)  # half the benchmark: 5 points
    missing = {k: v for k, v in full.items() if k != "pollutant_emissions"}
    result = mujun.evaluate(scheme, panel([full, dirty, missing], tags={"规上": [True] * 3}), YEAR)
    emission = next(i for i in result.lists[0].items if i.indicator.name == "单位排放增加值")
    assert emission.scores[1] == pytest.approx(5)
    assert emission.scores[2] == pytest.approx((10 + 5) / 2)
    assert bool(emission.imputed[2]) and not bool(emission.imputed[0])


def test_a_missing_denominator_scores_zero_where_the_rule_says_so() -> None:
    scheme = load_scheme("黄岩")
    full = at_benchmarks(scheme)
    nobody = {k: v for k, v in full.items() if k != "employees"}
    result = mujun.evaluate(scheme, panel([full, nobody], tags={"规上": [True, True]}), YEAR)
    assert result.total[1] == pytest.approx(100 - 10)


def test_jingde_min_max_by_hand() -> None:
    scheme = load_scheme("旌德")
    rule = scheme.lists[0]
    # Three 规上 firms on 10 亩 each; every item's value is its numerator ÷ denominator.
    firms = []
    for k, tax in enumerate((50.0, 80.0, 200.0)):
        firms.append(
            {
                "land_area": 10.0,
                "tax": tax,
                "revenue": 1000.0 * (k + 1),
                "renovation_investment": 30.0 * (3 - k),
                "value_added": 300.0,
                "employees": 20.0 + k,
                "pollutant_emissions": 2.0,
                "rd_expense": 10.0 * (k + 2),
                "energy_total": 100.0 + 50 * k,
            }
        )
    result = mujun.evaluate(scheme, panel(firms, tags={"规上": [True] * 3}), YEAR)

    def value(firm: dict[str, float], indicator: str) -> float:
        return {
            "亩均税收": firm["tax"] / firm["land_area"],
            "亩均营业收入": firm["revenue"] / firm["land_area"],
            "亩均技改投资": firm["renovation_investment"] / firm["land_area"],
            "全员劳动生产率": firm["value_added"] / firm["employees"],
            "单位污染物排放营业收入": firm["revenue"] / firm["pollutant_emissions"],
            "研发投入强度": firm["rd_expense"] / firm["revenue"] * 100,
            "单位能耗营业收入": firm["revenue"] / firm["energy_total"],
        }[indicator]

    for row, firm in enumerate(firms):
        expected = 0.0
        for item in rule.items:
            name = scheme.indicator(item).name
            values = [value(f, name) for f in firms]
            low, high = min(values), max(values)
            expected += item.weight * (20 + 80 * (value(firm, name) - low) / (high - low)) / 100
        assert result.total[row] == pytest.approx(expected)
    # The best firm on every item scores the full weights; the worst on every item 20 % of them.
    tax_item = next(i for i in result.lists[0].items if i.indicator.name == "亩均税收")
    assert tax_item.scores[2] == pytest.approx(30) and tax_item.scores[0] == pytest.approx(30 * 0.2)


def _generated(count: int, seed: int) -> list[dict[str, float]]:
    rng = random.Random(seed)
    return [
        {"land_area": 10.0, "tax": rng.uniform(10, 300), "value_added": rng.uniform(100, 2000), "energy_total": 100.0,
         "revenue": 5000.0, "rd_expense": rng.uniform(0, 300)}
        for _ in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["重庆", "黄岩", "旌德"])
def test_class_shares_follow_the_scheme_on_100_enterprises(name: str) -> None:
    scheme = load_scheme(name)
    result = mujun.evaluate(scheme, panel(_generated(100, 7), tags={"规上": [True] * 100}), YEAR)
    shares = scheme.classes.shares
    counts = {g: result.grade.count(g) for g in "ABCD"}
    assert counts == {g: round(100 * shares[g]) for g in "ABCD"}
    # Classes follow the scores: every A above every B, every B above every C …
    for better, worse in (("A", "B"), ("B", "C"), ("C", "D")):
        low = min(result.total[i] for i, g in enumerate(result.grade) if g == better)
        high = max(result.total[i] for i, g in enumerate(result.grade) if g == worse)
        assert low > high


def test_equal_scores_at_a_class_boundary_share_the_better_class() -> None:
    scheme = load_scheme("重庆")
    firms = _generated(10, 3)
    firms[1] = dict(firms[0])  # the same figures: the same score
    result = mujun.evaluate(scheme, panel(firms, tags={"规上": [True] * 10}), YEAR)
    assert result.total[0] == result.total[1]
    assert result.grade[0] == result.grade[1]
    assert result.rank[0] == result.rank[1]


def test_excluded_firms_are_listed_as_not_rated_with_the_reason() -> None:
    scheme = load_scheme("重庆")
    firms = _generated(5, 1)
    firms[3] = {k: v for k, v in firms[3].items() if k != "land_area"}
    rows = panel(
        firms,
        tags={"规上": [True] * 5, "在建重大项目": [False, True, False, False, False]},
        industries=["D4413", None, "C3823", None, "4620"],
    )
    rows.land_registry[3] = np.nan
    result = mujun.evaluate(scheme, rows, YEAR)
    assert result.grade[0] == "不评价" and "公用事业" in (result.reason[0] or "")
    assert result.grade[1] == "不评价" and "在建重大项目" in (result.reason[1] or "")
    assert result.grade[3] == "不评价" and "用地面积" in (result.reason[3] or "")
    assert result.grade[4] == "不评价" and "公用事业" in (result.reason[4] or "")  # 4620 污水处理 is 大类 46
    assert result.grade[2] in "ABCD" and result.reason[2] is None
    report = mujun_report(result)
    unrated = [e for e in report.enterprises if e.grade == "不评价"]
    assert {e.uscc for e in unrated} == {"E000", "E001", "E003", "E004"} and all(e.reason for e in unrated)
    assert report.summary["不评价"] == 4


def test_a_firm_in_production_for_less_than_a_year_is_not_rated() -> None:
    scheme = load_scheme("重庆")
    firms = _generated(3, 2)
    earlier = [dict(firms[0]), dict(firms[1]), {}]  # the third had no figures the year before
    result = mujun.evaluate(scheme, panel(firms, tags={"规上": [True] * 3}, previous=earlier), YEAR)
    assert result.grade[2] == "不评价" and result.reason[2] == "投产不满1年"
    assert result.grade[0] != "不评价"


def test_small_firms_need_enough_land_for_the_second_list() -> None:
    scheme = load_scheme("重庆")
    small = [dict(f, land_area=land) for f, land in zip(_generated(3, 5), (3.0, 5.0, 8.0), strict=True)]
    result = mujun.evaluate(scheme, panel(small, tags={"规上": [False] * 3}), YEAR)
    assert result.grade[0] == "不评价" and "不足5亩" in (result.reason[0] or "")
    assert result.grade[1] != "不评价" and result.grade[2] != "不评价"  # exactly 5 亩 is in


def test_the_county_benchmark_is_sum_over_sum() -> None:
    scheme = load_scheme("重庆")
    firms = _generated(4, 9)
    result = mujun.evaluate(scheme, panel(firms, tags={"规上": [True] * 4}), YEAR)
    tax = next(i for i in result.lists[0].items if i.indicator.name == "亩均税收")
    assert tax.benchmark == pytest.approx(sum(f["tax"] for f in firms) / sum(f["land_area"] for f in firms))


def test_a_year_without_published_benchmarks() -> None:
    scheme = load_scheme("黄岩")
    firms = [at_benchmarks(scheme)] * 3
    result = mujun.evaluate(scheme, panel(firms, year=2024, tags={"规上": [True] * 3}), 2024)
    assert result.lists[0].note and "2024年无公布的基准值" in result.lists[0].note
    strict = scheme.model_copy(
        update={"lists": tuple(r.model_copy(update={"benchmark": r.benchmark.model_copy(update={"otherwise": None})}) for r in scheme.lists)}
    )  # fmt: skip
    with pytest.raises(InputError, match="没有2024年"):
        mujun.evaluate(strict, panel(firms, year=2024, tags={"规上": [True] * 3}), 2024)


def test_bonus_penalty_and_veto() -> None:
    scheme = load_scheme("重庆")
    firms = [_generated(1, 4)[0]] * 4
    tags = {
        "规上": [True] * 4,
        "专精特新": [True, False, False, False],
        "环保处罚": [False, True, False, False],
        "安全生产事故": [False, False, True, False],
    }
    result = mujun.evaluate(scheme, panel(firms, tags=tags), YEAR)
    base = result.items_total[3]
    assert result.total[0] == pytest.approx(base + 2) and result.total[1] == pytest.approx(base - 5)
    assert result.grade[2] == "D" and "安全生产事故" in (result.reason[2] or "")
    report = mujun_report(result)
    first = next(e for e in report.enterprises if e.uscc == "E000")
    assert first.items_score is not None
    assert first.score == pytest.approx(first.items_score + first.adjustment)
    assert [a.reason for a in first.adjustments] == ["专精特新中小企业"]


def test_the_checkup_says_what_lifts_a_firm_to_the_next_class() -> None:
    scheme = load_scheme("黄岩")  # fixed benchmarks: raising one firm does not move them
    firms = [at_benchmarks(scheme, tax_per_mu=f) for f in (0.5, 0.8, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5)]
    rows = panel(firms, tags={"规上": [True] * 8})
    result = mujun.evaluate(scheme, rows, YEAR)
    row = next(i for i, g in enumerate(result.grade) if g == "C")
    names = {"tax": "税金", "value_added": "工业增加值"}
    record = checkup_record(result, mujun_report(result), rows.codes[row], names, {"tax": "万元"})
    assert record.next_class == "B"
    lowest_b = min(result.total[i] for i, g in enumerate(result.grade) if g == "B")
    assert record.points_needed == pytest.approx(lowest_b - result.total[row], abs=0.01)
    tax = next(n for n in record.needs if n.indicator == "亩均税收")
    assert tax.needed is not None and tax.numerator == "税金" and tax.numerator_unit == "万元"
    # Paying that much more tax on the same land lifts the firm exactly to the lowest B score.
    lifted = [dict(f) for f in firms]
    lifted[row]["tax"] = tax.needed * LAND
    again = mujun.evaluate(scheme, panel(lifted, tags={"规上": [True] * 8}), YEAR)
    assert again.total[row] == pytest.approx(lowest_b, abs=1e-6)
    assert tax.numerator_increase == pytest.approx((tax.needed - firms[row]["tax"] / LAND) * LAND, abs=0.01)
    best = checkup_record(result, mujun_report(result), rows.codes[int(np.argmax(result.total))], names)
    assert best.next_class is None and best.margin is not None and best.margin > 0


def test_a_broken_scheme_file_says_what_is_wrong(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "我县方案.yaml"  # type: ignore[operator]  # tmp_path is a Path
    path.write_text(
        "name: 我县\ntitle: t\nsource: s\nlists:\n  - name: 规上\n    when: {tag: 规上}\n    scoring: ratio\n"
        "    items: [{indicator: 亩均利润, weight: 10}]\nclasses: {method: shares, shares: {A: 0.5, B: 0.5, C: 0.1, D: 0}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"亩均评价方案 .*有误"):
        load_scheme(str(path))
    with pytest.raises(InputError, match="没有名为“某县”"):
        load_scheme("某县")


def test_the_previous_class_and_its_change() -> None:
    scheme = load_scheme("重庆")
    now = _generated(10, 11)
    before = [dict(f, tax=f["tax"] * (0.2 if i == 0 else 1)) for i, f in enumerate(now)]
    both = panel(now, tags={"规上": [True] * 10}, previous=before)
    both.tags[YEAR - 1] = {"规上": np.ones(10, dtype=bool)}
    result, previous = mujun.evaluate(scheme, both, YEAR), mujun.evaluate(scheme, both, YEAR - 1)
    report = mujun_report(result, previous)
    first = next(e for e in report.enterprises if e.uscc == "E000")
    assert first.previous_class == previous.grade[0]
    order = "ABCD"
    if order.index(first.grade) < order.index(previous.grade[0]):
        assert first.change == "up"
    assert not math.isnan(result.total[0])


def test_classes_by_score_cut_offs() -> None:
    scheme = load_scheme("黄岩")
    by_score = scheme.model_copy(
        update={
            "classes": scheme.classes.model_copy(update={"method": "cutoffs", "cutoffs": {"A": 120, "B": 100, "C": 80}})
        }
    )
    firms = [at_benchmarks(scheme, tax_per_mu=f) for f in (0.2, 1 / 3, 1.0, 5 / 3, 2.0)]
    result = mujun.evaluate(by_score, panel(firms, tags={"规上": [True] * 5}), YEAR)
    # Totals 76, 80, 100, 120, 130: a total exactly at a cut-off is in the class it opens.
    assert [round(float(t), 6) for t in result.total] == [76, 80, 100, 120, 130]
    assert result.grade == ["D", "C", "B", "A", "A"]
