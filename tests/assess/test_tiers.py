"""梯度培育: the 2022 points scales at every boundary (a value exactly at a threshold goes to the higher band),
the conditions, meets / close / far, the 培育库, and the 2026 revision."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pytest

from planwatch.assess import measures
from planwatch.assess import tiers as tr
from planwatch.errors import InputError
from planwatch.status import TierStatus
from tests.assess.helpers import panel

YEAR = 2024
RULES = tr.load_rules("2022")


def _row(**values: float | None) -> tr._Row:
    arrays = {name: np.array([np.nan if v is None else v]) for name, v in values.items()}
    return tr._Row(0, arrays, {})


def _item(tier: str, name: str) -> Mapping[str, Any]:
    score = RULES.tier(tier).score
    assert score is not None
    return next(i for i in score["items"] if i["name"] == name)


def _points(tier: str, name: str, **values: float | None) -> float | None:
    return tr._points(_item(tier, name), _row(**values), panel([{}]), YEAR)


# The 创新型中小企业 scale as 工信部企业〔2022〕63号 附件1 publishes it (reference notes §2.1).
INNOVATIVE: list[tuple[str, str, list[tuple[float, float]]]] = [
    (
        "上年度研发费用总额占营业收入总额比重",
        "rd_ratio",
        [(5, 20), (4.99, 15), (3, 15), (2.99, 10), (2, 10), (1, 5), (0.99, 0)],
    ),
    ("上年度主营业务收入增长率", "main_revenue_growth", [(15, 20), (14.9, 15), (10, 15), (5, 10), (0, 5), (-0.1, 0)]),
    ("上年度资产负债率", "debt_ratio", [(55, 10), (55.1, 5), (75, 5), (75.1, 0)]),
    (
        "上年度主营业务收入总额占营业收入总额比重",
        "main_share",
        [(70, 20), (69.9, 15), (60, 15), (55, 10), (50, 5), (49.9, 0)],
    ),
]
# 专精特新中小企业 (附件2, 13 indicators; reference notes §2.2).
SPECIALISED: list[tuple[str, str, list[tuple[float, float]]]] = [
    ("上年度主营业务收入总额占营业收入总额比重", "main_share", [(80, 5), (79.9, 3), (70, 3), (60, 1), (59.9, 0)]),
    ("近2年主营业务收入平均增长率", "main_revenue_growth_2y", [(10, 10), (8, 8), (6, 6), (4, 4), (0, 2), (-0.1, 0)]),
    ("数字化水平", "digital_level", [(3, 5), (2, 3), (1, 0)]),
    ("上年度净利润率", "net_margin", [(10, 10), (8, 8), (6, 6), (4, 4), (2, 2), (1.9, 0)]),
    ("上年度资产负债率", "debt_ratio", [(50, 5), (50.1, 3), (60, 3), (70, 1), (70.1, 0)]),
    ("上年度研发人员占比", "rd_staff_share", [(20, 5), (10, 3), (5, 1), (4.9, 0)]),
]


@pytest.mark.parametrize(("tier", "name", "measure", "value", "points"), [
    *(("创新型中小企业", n, m, v, p) for n, m, cases in INNOVATIVE for v, p in cases),
    *(("专精特新", n, m, v, p) for n, m, cases in SPECIALISED for v, p in cases),
])  # fmt: skip
def test_the_published_scales(tier: str, name: str, measure: str, value: float, points: float) -> None:
    assert _points(tier, name, **{measure: value}) == points


def _bands() -> Iterator[tuple[str, str, str, str, float, float, float]]:
    """Every band of every 2022 points scale: (tier, item, measure, side, threshold, its points, the next points)."""
    for tier in RULES.tiers:
        items: list[dict[str, Any]] = list(tier.score["items"]) if tier.score else []
        for item in items:
            if "bands" not in item:
                continue
            bands = item["bands"]
            side = "at_least" if "at_least" in bands else "at_most"
            steps = bands[side]
            for index, (threshold, points) in enumerate(steps):
                following = steps[index + 1][1] if index + 1 < len(steps) else item.get("otherwise", 0)
                yield tier.name, item["name"], bands["measure"], side, float(threshold), float(points), float(following)


@pytest.mark.parametrize(("tier", "name", "measure", "side", "threshold", "points", "below"), list(_bands()))
def test_every_boundary_goes_to_the_higher_band(
    tier: str, name: str, measure: str, side: str, threshold: float, points: float, below: float
) -> None:
    assert _points(tier, name, **{measure: threshold}) == points
    worse = threshold - 0.01 if side == "at_least" else threshold + 0.01
    assert _points(tier, name, **{measure: worse}) == below


def test_stepped_and_summed_items() -> None:
    niche = "从事特定细分市场年限"
    assert [_points("专精特新", niche, niche_years=y) for y in (1, 2, 3.9, 4, 10, 20)] == [0, 1, 1, 2, 5, 5]
    rd = "上年度研发费用投入"
    # ≥500万 or ≥10 %: 10; 400–500万 or 8–10 %: 8 …; 100–200万 or 3–4 %: 2; below both: 0.
    assert _points("专精特新", rd, rd_expense=500, rd_ratio=1) == 10
    assert _points("专精特新", rd, rd_expense=50, rd_ratio=10) == 10
    assert _points("专精特新", rd, rd_expense=499.9, rd_ratio=7.9) == 8
    assert _points("专精特新", rd, rd_expense=100, rd_ratio=0.5) == 2
    assert _points("专精特新", rd, rd_expense=99, rd_ratio=2.9) == 0
    ip = "主导产品相关有效知识产权"
    assert _points("创新型中小企业", ip, ip_class1_high_value=1, ip_class1_own=1, ip_class1=1, ip_class2=0) == 20
    assert _points("创新型中小企业", ip, ip_class1_high_value=0, ip_class1_own=0, ip_class1=1, ip_class2=3) == 10
    assert _points("创新型中小企业", ip, ip_class1_high_value=0, ip_class1_own=0, ip_class1=0, ip_class2=1) == 5
    assert _points("创新型中小企业", ip, ip_class1_high_value=0, ip_class1_own=0, ip_class1=0, ip_class2=0) == 0
    # +3 per quality item, at most 5.
    quality = _item("专精特新", "质量管理水平")
    one = panel([{}], year=YEAR, tags={"质量管理体系认证": [True]})
    two = panel([{}], year=YEAR, tags={"质量管理体系认证": [True], "自主品牌": [True]})
    assert tr._points(quality, _row(), one, YEAR) == 3
    assert tr._points(quality, _row(), two, YEAR) == 5
    assert _points("专精特新", "上年度净利润率", net_margin=None) is None  # not reported: not scored


def _firm(**changes: float) -> dict[str, float]:
    """A firm that meets every 专精特新 (2022) condition with a score well above 60."""
    base = {
        "revenue": 10000.0, "output_value": 10000.0, "rd_expense": 600.0, "main_business_share": 90.0,
        "niche_years": 8.0, "total_assets": 10000.0, "total_liabilities": 4000.0, "net_profit": 1200.0,
        "digital_level": 3.0, "ip_class1_high_value": 1.0, "ip_class1_own": 2.0, "ip_class1": 3.0, "ip_class2": 10.0,
        "rd_staff": 25.0, "employees": 100.0, "market_share": 12.0,
    }  # fmt: skip
    base.update(changes)
    return base


TAGS = {"质量管理体系认证": [True], "自主品牌": [True], "国家级研发机构": [True], "链主配套": [True]}


def _assess(firm: dict[str, float], before: float = 8000.0, older: float = 7000.0) -> tr.EnterpriseTiers:
    rows = panel([firm], year=YEAR, tags=TAGS, previous=[dict(firm, revenue=before, rd_expense=firm["rd_expense"])])
    rows.values[YEAR - 2] = {"revenue": np.array([older]), "rd_expense": np.array([firm["rd_expense"]])}
    return tr.assess(RULES, rows, YEAR)[0]


def test_a_firm_that_meets_every_condition() -> None:
    found = _assess(_firm())
    assert found.tiers["专精特新"].status == TierStatus.MEETS
    assert found.tiers["专精特新"].score is not None and found.tiers["专精特新"].score >= 60
    assert found.tiers["规上"].status == TierStatus.MEETS


def test_conditions_at_their_thresholds() -> None:
    # 专精特新: ≥ 2 years in the niche, R&D ≥ 100万 and ≥ 3 % of revenue — exactly at them is enough.
    exact = _assess(_firm(niche_years=2, rd_expense=300, revenue=10000))
    assert exact.tiers["专精特新"].status == TierStatus.MEETS
    short = _assess(_firm(rd_expense=290))
    result = short.tiers["专精特新"]
    assert result.status == TierStatus.CLOSE
    assert result.missing == ["上年度研发费用占营业收入比重2.9%，需≥3%（差0.1个百分点）"]
    # 规上: 2000万元 exactly is 规上; just below is close.
    assert _assess(_firm(revenue=2000, rd_expense=100)).tiers["规上"].status == TierStatus.MEETS
    assert _assess(_firm(revenue=1999, rd_expense=100)).tiers["规上"].status == TierStatus.CLOSE
    assert _assess(_firm(revenue=900, rd_expense=100)).tiers["规上"].status == TierStatus.FAR


def test_far_when_too_many_conditions_are_short_or_data_is_missing() -> None:
    far = _assess(_firm(niche_years=1, rd_expense=50, revenue=9000))
    assert far.tiers["专精特新"].status == TierStatus.FAR
    unknown = _firm()
    del unknown["niche_years"]
    found = _assess(unknown)
    assert found.tiers["专精特新"].status == TierStatus.FAR
    assert any(text.startswith("缺少数据：从事特定细分市场年限") for text in found.tiers["专精特新"].missing)


def test_little_giant_revenue_bands_for_rd() -> None:
    # Revenue 5000万–1亿 needs R&D ≥ 6 % in each of the last two years; 5.9 % is close.
    firm = _firm(revenue=8000, rd_expense=8000 * 0.059, main_business_share=90)
    rows = panel([firm], year=YEAR, tags={**TAGS, "专精特新": [True], "补短板锻长板填空白": [True]}, previous=[firm])
    rows.values[YEAR - 2] = {"revenue": np.array([6000.0])}
    found = tr.assess(RULES, rows, YEAR)[0].tiers["小巨人"]
    assert found.status == TierStatus.CLOSE, found.missing
    assert any("6%" in text for text in found.missing)


def test_the_pool_is_ordered_by_closeness() -> None:
    firms = [_firm(rd_expense=290), _firm(), _firm(rd_expense=200), _firm(niche_years=1, rd_expense=50)]
    rows = panel(firms, year=YEAR, tags={k: v * 4 for k, v in TAGS.items()}, previous=firms)
    rows.values[YEAR - 2] = {"revenue": np.full(4, 7000.0)}
    assessed = tr.assess(RULES, rows, YEAR)
    pool = tr.pool(assessed, "专精特新")
    assert [e.code for e in pool] == ["E001", "E000", "E002"]  # meets, then 2.9 %, then 2 %
    held = panel(firms[:1], year=YEAR, tags={**TAGS, "专精特新": [True]}, previous=firms[:1])
    assert tr.pool(tr.assess(RULES, held, YEAR), "专精特新") == []  # already recognised: not a candidate
    funnel = {name: rest for name, *rest in tr.funnel(assessed, RULES)}
    assert funnel["专精特新"] == [0, 1, 2, 1]


def test_measures_are_computed_from_the_figures() -> None:
    rows = panel(
        [{"revenue": 5000.0, "rd_expense": 150.0, "total_assets": 800.0, "total_liabilities": 440.0, "rd_staff": 12.0,
          "employees": 60.0, "main_business_share": 80.0}],
        year=YEAR, previous=[{"revenue": 4000.0, "rd_expense": 100.0, "main_business_share": 80.0}],
    )  # fmt: skip
    found = measures.compute(rows, YEAR)
    assert found["rd_ratio"][0] == pytest.approx(3.0)
    assert found["debt_ratio"][0] == pytest.approx(55.0)
    assert found["rd_staff_share"][0] == pytest.approx(20.0)
    assert found["main_revenue_growth"][0] == pytest.approx(25.0)
    assert found["rd_ratio_min_2y"][0] == pytest.approx(2.5)
    assert found["rd_expense_total_2y"][0] == pytest.approx(250.0)


def test_the_2026_revision_changes_the_specialised_conditions() -> None:
    revised = tr.load_rules("2026")
    assert revised.unverified and "第三方" in revised.unverified
    assert revised.tier("专精特新").mark == "⚠️" and revised.tier("小巨人").mark == "❓"
    assert revised.tier("专精特新").score == RULES.tier("专精特新").score  # the 2022 points scale, kept
    firm = _firm(niche_years=2)  # enough in 2022 (≥ 2), not in 2026 (≥ 3)
    rows = panel([firm], year=YEAR, tags={**TAGS, "创新型中小企业": [True]}, previous=[firm])
    rows.values[YEAR - 2] = {"revenue": np.array([7000.0])}
    assert tr.assess(RULES, rows, YEAR)[0].tiers["专精特新"].status == TierStatus.MEETS
    later = tr.assess(revised, rows, YEAR)[0].tiers["专精特新"]
    assert later.status == TierStatus.CLOSE and "从事特定细分市场年限2年，需≥3年（差1年）" in later.missing
    with pytest.raises(InputError, match="没有“2030”版"):
        tr.load_rules("2030")
