"""The assessment's inputs for the demo panel: annual figures, energy by kind, tags and industry codes.

Added after ``panel.build_panel`` (one call from ``build.py``), for the complete years of the panel,
every figure marked 演示数据 and recorded on 31 March of the next year (when annual reports arrive).
It keeps what the panel is calibrated to:

* energy by kind (电力, 原煤, 天然气, 柴油) adds up, in 吨标准煤 at GB/T 2589 当量值, to each enterprise's
  综合能耗 of the year, so 单位工业增加值能耗 computed from it equals the plan's indicator;
* 研发费用 of the 规上 enterprises is given as an annual figure per enterprise whose sum is the sum of their
  months: the 规上 研发投入强度 (2022: the plan's 1.1 %) is unchanged, only spread differently — recognised
  firms (小巨人, 专精特新, 高新技术企业) first, up to just over their thresholds, as far as the total allows;
* 亩均税收, 用地 and the tag counts of the plan's base year (高新技术企业 9, 专精特新 8, 小巨人 2 …) are the
  panel's own and are not touched.

Beyond that it makes a few enterprises close to a tier (研发费用 a little short, one year too few in their
niche, a market share just under 10 %), so the 培育库 has candidates, gives the clean-energy plants their
power-generation industry code (公用事业: listed but not graded in 亩均), and marks one enterprise with a
major project under construction.  Fixed seed: the same plan always gives the same inputs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from planwatch.assess import energy as en
from planwatch.assess.gather import panel as read_panel
from planwatch.assess.panel import Panel
from planwatch.demo.panel import DEMO, Calibration
from planwatch.store.assessment import fill_industries
from planwatch.store.database import Store
from planwatch.store.elements import catalog
from planwatch.store.facts import append_rows
from planwatch.store.orgs import add_tags, load_orgs, park_code

POWER_PLANTS = ("D4413", "D4416")
"""水力发电, 太阳能发电 (公用事业): the clean-energy enterprises already 规上 in the base year (the plan's 海庆, 海创 …)."""
INDUSTRIES = {
    "清洁能源": ("C3825",),  # 光伏设备及元器件制造
    "康养消费品": ("C1469", "C1529", "C2740"),  # 其他调味品, 饮料, 中成药
    "装备制造": ("C3823", "C4014", "C3311"),  # 配电开关控制设备, 实验分析仪器, 金属结构
}
"""GB/T 4754—2017 小类 by cluster (the demo's clusters are named by the plan)."""
FUEL_SHARES = {"electricity": (0.45, 0.80), "coal": (0.10, 0.30), "natural_gas": (0.05, 0.30), "diesel": (0.02, 0.05)}
"""Share of each enterprise's 综合能耗 (当量值) by kind; 原煤 for about a third of the 规上 enterprises."""
RECOGNISED = ("小巨人", "专精特新", "高新技术企业")


@dataclass
class Added:
    facts: int = 0
    tags: int = 0
    industries: int = 0
    candidates: list[str] = field(default_factory=list)


def _rows(org: int, element: str, year: int, value: float) -> tuple[object, ...]:
    unit = catalog().by_code(element).unit
    return (org, element, str(year), "Y", year, 1, 12, float(value), unit, None, None, DEMO)


def _rd_targets(panel: Panel, year: int, rng: random.Random, candidates: set[int]) -> dict[int, float]:
    """Each 规上 enterprise's 研发费用 of the year: recognised firms first, the total kept."""
    gs = np.flatnonzero(panel.has("规上", year))
    revenue = panel.value("revenue", year)
    budget = float(np.nansum(panel.value("rd_expense", year)[gs]))
    wanted: list[tuple[int, int, float]] = []
    for row in gs:
        rev = float(revenue[row])
        if np.isnan(rev):
            continue
        if panel.has("小巨人", year)[row]:
            share, rank = rng.uniform(3.3, 4.0) if rev >= 10000 else rng.uniform(6.2, 7.0), 0
        elif panel.has("专精特新", year)[row]:
            share, rank = rng.uniform(3.05, 3.4), 1
        elif row in candidates:
            share, rank = rng.uniform(2.6, 2.95), 2
        elif panel.has("高新技术企业", year)[row]:
            floor = 5.0 if rev <= 5000 else 4.0 if rev <= 20000 else 3.0
            share, rank = floor + rng.uniform(0.1, 0.4), 3
        else:
            continue
        amount = max(rev * share / 100, 100.5 if rank <= 1 else 0.0)
        wanted.append((rank, int(row), amount))
    wanted.sort(key=lambda w: (w[0], float(revenue[w[1]])))
    given: dict[int, float] = {}
    for _, chosen, amount in wanted:
        take = min(amount, max(budget, 0.0))
        given[chosen] = take
        budget -= take
    others = [int(r) for r in gs if int(r) not in given and not np.isnan(revenue[r])]
    weights = {r: float(revenue[r]) * rng.uniform(0.3, 1.7) for r in others}
    total = sum(weights.values())
    for other in others:
        given[other] = budget * weights[other] / total if total else 0.0
    return given


def add_assessment_inputs(store: Store, cal: Calibration, seed: int = 20240123, last_year: int = 2025) -> Added:
    """Write the demo's assessment inputs for the panel of ``cal`` (its park system), base year to ``last_year``."""
    orgs = load_orgs(store)
    system = orgs[park_code(cal.system)]
    years = list(range(cal.base_year, last_year + 1))
    panel = read_panel(store, years, None, system)
    ids = {code: orgs[code].id for code in panel.codes}
    rng = random.Random(seed + 14)
    added = Added()
    base = cal.base_year
    revenue_base = panel.value("revenue", base)
    producing = [i for i in range(len(panel)) if not np.isnan(revenue_base[i])]
    gs_base = panel.has("规上", base)
    last_gs = panel.has("规上", last_year)

    # Who is made close to a tier: small firms nearly big enough for 专精特新, 规上 firms just short of it.
    revenue_last = panel.value("revenue", last_year)
    holders = panel.has("专精特新", last_year)
    small = sorted(
        (i for i in producing if not last_gs[i] and revenue_last[i] >= 1000), key=lambda i: -float(revenue_last[i])
    )
    large = [i for i in producing if last_gs[i] and not holders[i] and not panel.has("高新技术企业", last_year)[i]]
    near = set(small[:4] + rng.sample(large, min(3, len(large))))
    giants = [i for i in np.flatnonzero(holders & ~panel.has("小巨人", last_year))][:2]
    added.candidates = [panel.codes[i] for i in sorted(near)]

    tags: list[tuple[int, str, int, int | None, str]] = []
    facts: dict[int, list[tuple[object, ...]]] = {y: [] for y in years}
    industries: dict[str, str] = {}
    for i in producing:
        org, code = ids[panel.codes[i]], panel.codes[i]
        started = base - rng.randint(2, 14)
        tags.append((org, "投产", started, None, DEMO))
        short_niche = i in near and not last_gs[i] and i % 2 == 1
        niche_since = last_year - 1 if short_niche else started + rng.randint(0, 2)
        recognised = any(panel.has(t, last_year)[i] for t in RECOGNISED)
        giant = panel.has("小巨人", last_year)[i] or i in giants
        # Registry tags: certificates, brands, R&D institutions, chain roles.
        for tag, chance in (
            ("质量管理体系认证", 0.8 if recognised or i in near else 0.4),
            ("自主品牌", 0.6 if recognised else 0.3),
            ("参与标准制定", 0.3 if recognised else 0.05),
            ("链主配套", 0.35),
            ("重点支持高新技术领域", 0.9 if panel.has("高新技术企业", last_year)[i] else 0.3),
        ):
            if giant or rng.random() < chance or (i in near and tag in {"质量管理体系认证", "自主品牌", "链主配套"}):
                tags.append((org, tag, base, None, DEMO))
        if giant:
            tags += [(org, "补短板锻长板填空白", base, None, DEMO), (org, "市级研发机构", base, None, DEMO)]
        if panel.has("有研发机构", base)[i]:
            level = "省级研发机构" if rng.random() < 0.2 else "市级研发机构"
            tags.append((org, level, base, None, DEMO))
        if panel.has("专精特新", last_year)[i]:
            tags.append((org, "创新型中小企业", int(np.nan_to_num(panel.since("专精特新")[i], nan=base)), None, DEMO))
        # Static traits, then each year's figures.
        market = (
            rng.uniform(10.5, 16)
            if panel.has("小巨人", last_year)[i]
            else rng.uniform(8.4, 9.6)
            if giant
            else rng.uniform(0.5, 7)
        )
        digital = (
            3 if panel.has("智能工厂", last_year)[i] or panel.has("数字化车间", last_year)[i] else rng.randint(1, 2)
        )
        debt = rng.uniform(38, 62) if recognised or i in near else rng.uniform(35, 82)
        margin = rng.gauss(0.07 if recognised or i in near else 0.05, 0.02)
        productivity = rng.uniform(22, 45) if gs_base[i] else rng.uniform(12, 25)
        rd_staff = rng.uniform(0.12, 0.24) if recognised or i in near else rng.uniform(0.02, 0.08)
        hightech = rng.uniform(0.62, 0.85) if panel.has("高新技术企业", last_year)[i] else rng.uniform(0.1, 0.55)
        ip1 = rng.randint(2, 6) if recognised or giant else rng.randint(1, 2) if i in near else rng.randint(0, 1)
        ip2 = rng.randint(6, 20) if recognised or i in near else rng.randint(0, 6)
        share_main = rng.uniform(86, 99) if gs_base[i] or i in near else rng.uniform(70, 99)
        shares = {k: rng.uniform(*v) for k, v in FUEL_SHARES.items()}
        if not gs_base[i] or rng.random() > 0.35:
            shares["coal"] = 0.0
        total_share = sum(shares.values())
        cluster = panel.names[i].removeprefix("【演示】").split("企业")[0]
        choices = POWER_PLANTS if cluster == "清洁能源" and gs_base[i] else INDUSTRIES.get(cluster)
        if choices:
            industries[code] = choices[i % len(choices)]
        for year in years:
            revenue = float(panel.value("revenue", year)[i])
            if np.isnan(revenue):
                continue
            added_value = float(panel.value("value_added", year)[i])
            energy = float(panel.value("energy_total", year)[i])
            employees = max(round(added_value / productivity), 8)
            assets = revenue * rng.uniform(0.9, 1.4)
            grow = year - base
            values = {
                "employees": employees,
                "main_business_share": min(share_main + rng.uniform(-1, 1), 100),
                "net_profit": revenue * margin,
                "total_assets": assets,
                "total_liabilities": assets * (debt + rng.uniform(-2, 2)) / 100,
                "rd_staff": round(employees * rd_staff),
                "tech_staff": round(employees * (rd_staff + 0.04)),
                "ip_class1": ip1 + grow // 2,
                "ip_class1_own": max(ip1 + grow // 2 - 1, 0) if ip1 else 0,
                "ip_class1_high_value": 1 if giant and ip1 else 0,
                "ip_class2": ip2 + grow,
                "niche_years": max(year - niche_since, 0),
                "market_share": market,
                "digital_level": digital,
                "hightech_product_revenue": revenue * hightech,
                "achievements_transferred": rng.randint(2, 6)
                if panel.has("高新技术企业", year)[i]
                else rng.randint(0, 2),
                "pollutant_emissions": added_value / rng.uniform(2500, 9000),
            }
            if not np.isnan(energy):
                for fuel, share in shares.items():
                    if share > 0:
                        values[fuel] = energy * share / total_share / en.coefficients().fuel(fuel).factor
            facts[year] += [_rows(org, element, year, value) for element, value in values.items()]
        if i in near and not last_gs[i]:
            for year in years:
                revenue = float(panel.value("revenue", year)[i])
                if not np.isnan(revenue):
                    amount = (
                        revenue * 0.06 if year < last_year else rng.uniform(101, 130) if i % 2 else rng.uniform(84, 97)
                    )
                    facts[year].append(_rows(org, "rd_expense", year, amount))
    for year in years:
        for row, amount in _rd_targets(panel, year, rng, near).items():
            org = ids[panel.codes[row]]
            facts[year].append(_rows(org, "rd_expense", year, amount))
            facts[year].append(_rows(org, "rd_expense_domestic", year, amount * rng.uniform(0.9, 1.0)))
    idle = [i for i in range(len(panel)) if i not in set(producing)]
    for i in idle[:3]:
        tags.append((ids[panel.codes[i]], "在建重大项目", base, None, DEMO))
    expanding = next((i for i in small if i not in near), None)
    if expanding is not None:
        tags.append((ids[panel.codes[expanding]], "在建重大项目", last_year, None, DEMO))
    polluter = next(
        (i for i in producing if last_gs[i] and i not in near and not panel.has("专精特新", last_year)[i]), None
    )
    if polluter is not None:
        tags.append((ids[panel.codes[polluter]], "环保处罚", last_year, last_year, DEMO))
    created = store.now()
    with store.backend.transaction():
        for year, rows in facts.items():
            recorded = min(datetime(year + 1, 3, 31, 9, 0), created)
            added.facts += append_rows(store, rows, None, recorded)
        added.tags = add_tags(store, tags, datetime(base, 1, 1))
        added.industries = fill_industries(store, industries)
    return added
