"""The figures the 梯度培育 and 高新技术企业 rules speak of, per enterprise, from the panel of a data year.

“上年度” in the rules is the data year assessed; “近2年” that year and the one before; “近三年” three years.
A flow that an active enterprise did not report (研发费用, 股权融资, 成果转化) counts as 0; a stock or a share
it did not report (知识产权, 资产负债率, 市场占有率) is missing — the rule then says 缺少数据.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from planwatch.assess.panel import Floats, Panel

ZERO_WHEN_ACTIVE = ("rd_expense", "equity_financing", "achievements_transferred", "rd_expense_domestic")
ELEMENTS = (
    "revenue",
    "output_value",
    "main_business_share",
    "rd_expense",
    "rd_expense_domestic",
    "net_profit",
    "total_assets",
    "total_liabilities",
    "net_assets",
    "niche_years",
    "market_share",
    "digital_level",
    "ip_class1_high_value",
    "ip_class1_own",
    "ip_class1",
    "ip_class2",
    "equity_financing",
    "rd_staff",
    "tech_staff",
    "employees",
    "hightech_product_revenue",
    "achievements_transferred",
)
"""The data elements the measures read (what ``gather`` fetches for the tiers)."""


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    compute: Callable[[Panel, int], Floats]


def _active(panel: Panel, year: int) -> np.ndarray:
    return ~np.isnan(panel.value("revenue", year)) | ~np.isnan(panel.value("output_value", year))


def _flow(element: str) -> Callable[[Panel, int], Floats]:
    def get(panel: Panel, year: int) -> Floats:
        value = panel.value(element, year)
        if element in ZERO_WHEN_ACTIVE:
            return np.where(np.isnan(value) & _active(panel, year), 0.0, value)
        return value

    return get


def _ratio(
    numerator: Callable[[Panel, int], Floats], denominator: Callable[[Panel, int], Floats], scale: float = 100
) -> Callable[[Panel, int], Floats]:
    def get(panel: Panel, year: int) -> Floats:
        top, bottom = numerator(panel, year), denominator(panel, year)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(np.nan_to_num(bottom) > 0, top / bottom * scale, np.nan)

    return get


def _main_revenue(panel: Panel, year: int) -> Floats:
    """主营业务收入: 营业收入 × its 主营 share where reported, else 营业收入 (the statistics' usual stand-in)."""
    revenue = panel.value("revenue", year)
    share = panel.value("main_business_share", year)
    return np.where(np.isnan(share), revenue, revenue * share / 100)


def _growth(series: Callable[[Panel, int], Floats], back: int = 0) -> Callable[[Panel, int], Floats]:
    def get(panel: Panel, year: int) -> Floats:
        now, before = series(panel, year - back), series(panel, year - back - 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(np.nan_to_num(before) > 0, (now / before - 1) * 100, np.nan)

    return get


def _mean_growth(series: Callable[[Panel, int], Floats]) -> Callable[[Panel, int], Floats]:
    """The mean of the last two years' growth rates (近2年平均增长率)."""

    def get(panel: Panel, year: int) -> Floats:
        return (_growth(series)(panel, year) + _growth(series, 1)(panel, year)) / 2

    return get


def _over(years: int, element: Callable[[Panel, int], Floats], how: str) -> Callable[[Panel, int], Floats]:
    def get(panel: Panel, year: int) -> Floats:
        stack = np.vstack([element(panel, year - back) for back in range(years)])
        if how == "sum":
            return np.where(np.isnan(stack).all(axis=0), np.nan, np.nansum(stack, axis=0))
        if how == "min":
            return np.where(np.isnan(stack).any(axis=0), np.nan, stack.min(axis=0))
        return np.where(np.isnan(stack).any(axis=0), np.nan, stack.mean(axis=0))

    return get


def _rd_ratio_over(years: int) -> Callable[[Panel, int], Floats]:
    """研发费用 ÷ 营业收入 over the last ``years`` years that have revenue (实际经营期不满的按实际)."""

    def get(panel: Panel, year: int) -> Floats:
        rd = np.vstack([_flow("rd_expense")(panel, year - b) for b in range(years)])
        revenue = np.vstack([panel.value("revenue", year - b) for b in range(years)])
        with_revenue = ~np.isnan(revenue)
        top = np.where(with_revenue, np.nan_to_num(rd), 0).sum(axis=0)
        bottom = np.where(with_revenue, revenue, 0).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(bottom > 0, top / bottom * 100, np.nan)

    return get


def _three_year_growth(series: Callable[[Panel, int], Floats]) -> Callable[[Panel, int], Floats]:
    """高新技术企业 成长性: ((第二年 ÷ 第一年) + (第三年 ÷ 第二年)) ÷ 2 − 1, in %."""

    def get(panel: Panel, year: int) -> Floats:
        a, b, c = series(panel, year - 2), series(panel, year - 1), series(panel, year)
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = (np.nan_to_num(a) > 0) & (np.nan_to_num(b) > 0)
            return np.where(ok, ((b / a + c / b) / 2 - 1) * 100, np.nan)

    return get


def _net_assets(panel: Panel, year: int) -> Floats:
    reported = panel.value("net_assets", year)
    derived = panel.value("total_assets", year) - panel.value("total_liabilities", year)
    return np.where(np.isnan(reported), derived, reported)


def _years_operating(panel: Panel, year: int) -> Floats:
    return year - panel.first_year() + 1


def _value(element: str) -> Callable[[Panel, int], Floats]:
    return lambda panel, year: panel.value(element, year)


MEASURES: dict[str, Measure] = {
    "revenue": Measure("上年度营业收入", "万元", _value("revenue")),
    "main_revenue_growth": Measure("上年度主营业务收入增长率", "%", _growth(_main_revenue)),
    "main_revenue_growth_2y": Measure("近2年主营业务收入平均增长率", "%", _mean_growth(_main_revenue)),
    "main_share": Measure("主营业务收入占营业收入比重", "%", _value("main_business_share")),
    "rd_expense": Measure("上年度研发费用", "万元", _flow("rd_expense")),
    "rd_expense_min_2y": Measure("近2年每年研发费用（较少的一年）", "万元", _over(2, _flow("rd_expense"), "min")),
    "rd_expense_avg_2y": Measure("近2年研发费用平均", "万元", _over(2, _flow("rd_expense"), "mean")),
    "rd_expense_total_2y": Measure("近2年研发费用总额", "万元", _over(2, _flow("rd_expense"), "sum")),
    "rd_ratio": Measure("研发费用占营业收入比重", "%", _ratio(_flow("rd_expense"), _value("revenue"))),
    "rd_ratio_min_2y": Measure(
        "近2年每年研发费用占营业收入比重（较低的一年）",
        "%",
        _over(2, _ratio(_flow("rd_expense"), _value("revenue")), "min"),
    ),
    "rd_ratio_3y": Measure("近三年研发费用占销售收入比重", "%", _rd_ratio_over(3)),
    "debt_ratio": Measure("资产负债率", "%", _ratio(_value("total_liabilities"), _value("total_assets"))),
    "net_margin": Measure("净利润率", "%", _ratio(_value("net_profit"), _value("revenue"))),
    "niche_years": Measure("从事特定细分市场年限", "年", _value("niche_years")),
    "market_share": Measure("主导产品细分市场占有率", "%", _value("market_share")),
    "digital_level": Measure("数字化水平", "级", _value("digital_level")),
    "ip_class1_high_value": Measure("Ⅰ类高价值知识产权", "件", _value("ip_class1_high_value")),
    "ip_class1_own": Measure("自主研发Ⅰ类知识产权", "件", _value("ip_class1_own")),
    "ip_class1": Measure("Ⅰ类知识产权", "件", _value("ip_class1")),
    "ip_class2": Measure("Ⅱ类知识产权", "件", _value("ip_class2")),
    "equity_2y": Measure("近2年新增股权融资", "万元", _over(2, _flow("equity_financing"), "sum")),
    "equity_3y": Measure("近三年新增股权融资", "万元", _over(3, _flow("equity_financing"), "sum")),
    "rd_staff_share": Measure("研发人员占职工总数比重", "%", _ratio(_value("rd_staff"), _value("employees"))),
    "tech_staff_share": Measure("科技人员占职工总数比重", "%", _ratio(_value("tech_staff"), _value("employees"))),
    "hightech_product_share": Measure(
        "高新技术产品（服务）收入占总收入比重", "%", _ratio(_value("hightech_product_revenue"), _value("revenue"))
    ),
    "rd_domestic_share": Measure(
        "境内研发费用占全部研发费用比重", "%", _ratio(_flow("rd_expense_domestic"), _flow("rd_expense"))
    ),
    "achievements_transferred": Measure("年科技成果转化数", "项", _flow("achievements_transferred")),
    "sales_growth_3y": Measure("销售收入增长率", "%", _three_year_growth(_value("revenue"))),
    "net_assets_growth_3y": Measure("净资产增长率", "%", _three_year_growth(_net_assets)),
    "years_operating": Measure("经营年限", "年", _years_operating),
}


def compute(panel: Panel, year: int, names: set[str] | None = None) -> dict[str, Floats]:
    """Every measure (or the named ones) for every row of the panel."""
    return {name: m.compute(panel, year) for name, m in MEASURES.items() if names is None or name in names}
