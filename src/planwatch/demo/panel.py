"""A synthetic monthly panel calibrated to what a park plan states about its base year.

Every number it is calibrated to is read from the extracted plan — the base
year's stated facts (入驻企业, 投产企业, 规上企业, 规上工业产值, 入库税金, the
clusters' enterprise counts and output, 高新技术企业, 专精特新企业, 小巨人企业),
the park table (parks, their enterprises and industrial land) and the
indicator table's baselines (亩均税收, 研发投入强度, 有研发机构的企业占比,
数字化车间, 智能工厂, 绿色工厂, 上市企业) — so the base year computed from the
panel equals what the plan says.  Where the plan contradicts itself, the
text's statement wins and the choice is kept in ``Calibration.notes``: the
cluster outputs (16.9 + 12.5 + 21.35 = 50.75) fall short of the stated total
(51.37) and are scaled up to it; the table's baselines that disagree with the
text (规上企业 24 vs 25) are not used.

After the base year the panel grows — each cluster at its own rate, with
noise, seasonality and new enterprises crossing the 规上 threshold — from a
fixed seed, so the same plan always gives the same panel.  Every org is
marked ``demo`` and named 【演示】…, every fact's source is 演示数据, and each
month's figures are recorded on the 15th of the next month, as a statistics
office would receive them, so "as of" evaluations see what was known then —
except a few small producers (``LATE``) that have not filed the last two
months: the demo's 催报 list, and enterprises with a month to file on the web.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime

from planwatch.plan import names
from planwatch.plan.model import Plan
from planwatch.store.database import Store
from planwatch.store.elements import catalog
from planwatch.store.facts import append_rows
from planwatch.store.orgs import NewOrg, add_orgs, add_tags, load_orgs, park_code, region_code
from planwatch.units import convert
from planwatch.uscc import make_uscc

DEMO = "演示数据"
LATE = 4
"""Small producers (below the 规上 line, so no headline figure moves) that have not filed the last two months."""
SEASON = (0.80, 0.62, 1.00, 1.02, 1.03, 1.06, 0.98, 0.96, 1.04, 1.07, 1.10, 1.32)
"""Monthly shape of industrial output in a Chongqing county: Spring Festival low, December high."""


@dataclass
class Cluster:
    name: str
    enterprises: int
    output: float
    """Base-year 规上 output, 万元."""
    growth: float = 0.08


@dataclass
class Calibration:
    region: str
    system: str
    """The park system the plan is about (石柱县工业园区 …), the parent of the parks."""
    parks: list[tuple[str, int, float]]
    """(name, enterprises, industrial land in 亩)."""
    base_year: int
    enterprises: int
    producing: int
    gs: int
    gs_output: float
    tax: float
    clusters: list[Cluster]
    tags: dict[str, int]
    tax_per_mu: float
    rd_intensity: float
    notes: list[str] = field(default_factory=list)


def _facts(plan: Plan, year: int) -> dict[str, float]:
    """The plan's stated facts of a year by name key, in the units stated (亿元 kept as 万元)."""
    found: dict[str, float] = {}
    for fact in plan.facts:
        if fact.year != year or fact.scope not in (None,):
            continue
        value = convert(fact.value, fact.unit, "万元") if fact.unit in ("亿元", "万元") else fact.value
        found.setdefault(names.key(fact.name), value)
    return found


def _baselines(plan: Plan) -> dict[str, float]:
    return {
        names.key(i.name): i.baseline.value
        for i in plan.indicators
        if i.origin == "table" and i.baseline is not None and i.baseline.value is not None
    }


def system_name(plan: Plan) -> str:
    """石柱县工业园区产业发展规划（2023—2027年） → 石柱县工业园区."""
    title = re.sub(r"[（(].*$", "", plan.title or "")
    return re.sub(r"(?:产业)?(?:高质量)?发展规划$|规划$", "", title) or (plan.region or "园区")


def calibrate(plan: Plan) -> Calibration:
    if plan.period is None or plan.region is None:
        raise ValueError("the demo needs a plan with a period and a region")
    year = plan.period.start - 1
    stated = _facts(plan, year)
    table = _baselines(plan)
    notes: list[str] = []
    clusters = []
    for key, count in stated.items():
        if not key.endswith("企业") or key in {"入驻企业", "投产企业", "规上企业"}:
            continue
        stated_output = stated.get(key.removesuffix("企业") + "产值")
        if stated_output is not None:
            clusters.append(Cluster(key.removesuffix("企业"), int(count), stated_output))
    gs = int(stated.get("规上企业", sum(c.enterprises for c in clusters)))
    gs_output = stated.get("规上工业产值", sum(c.output for c in clusters))
    listed = sum(c.output for c in clusters)
    if clusters and abs(listed - gs_output) > 1e-6:
        for cluster in clusters:
            cluster.output *= gs_output / listed
        notes.append(
            f"规划所列各产业产值之和 {listed / 1e4:.2f} 亿元与规上工业产值 {gs_output / 1e4:.2f} 亿元不符，"
            "演示数据按比例放大各产业产值以符合总数。"
        )
    for cluster, growth in zip(clusters, (0.05, 0.03, 0.16, 0.08, 0.06), strict=False):
        cluster.growth = growth
    if "规上企业" in table and table["规上企业"] != gs:
        notes.append(f"指标表基期规上企业 {table['规上企业']:g} 家与正文 {gs} 家不符，演示数据采用正文。")
    parks = []
    for park in plan.parks:
        entered = next((v for k, v in park.attributes.items() if "企业" in k and isinstance(v, dict)), None)
        land = next((v for k, v in park.attributes.items() if "工业用地" in k and isinstance(v, dict)), None)
        land_mu = convert(land["value"], land["unit"], "亩") if land else 0.0
        parks.append((park.name, int(entered["value"]) if isinstance(entered, dict) else 0, land_mu))
    tags = {
        "高新技术企业": int(stated.get("高新技术企业", table.get("高新技术企业", 0))),
        "专精特新": int(stated.get("专精特新企业", table.get("专精特新企业", 0))),
        "小巨人": int(stated.get("小巨人企业", table.get("小巨人企业", 0))),
        "数字化车间": int(table.get("数字化车间", stated.get("数字化车间", 0))),
        "智能工厂": int(table.get("智能工厂", 0)),
        "绿色工厂": int(table.get("绿色工厂", 0)),
        "上市": int(table.get("上市企业", 0)),
        "有研发机构": round(gs * table.get("有研发机构的规上企业数量占比", 30) / 100),
    }
    return Calibration(
        region=plan.region,
        system=system_name(plan),
        parks=parks,
        base_year=year,
        enterprises=int(stated.get("入驻企业", sum(p[1] for p in parks))),
        producing=int(stated.get("投产企业", gs)),
        gs=gs,
        gs_output=gs_output,
        tax=stated.get("入库税金", gs_output * 0.01),
        clusters=clusters,
        tags=tags,
        tax_per_mu=table.get("规上工业亩均税收", 5.0),
        rd_intensity=table.get("研发投入强度", 1.0),
        notes=notes,
    )


@dataclass
class _Enterprise:
    code: str
    name: str
    park: str
    cluster: str
    size: float
    """Annual output in the base year, 万元 (0 for one not producing yet)."""
    growth: float
    gs_from: int | None
    land: float
    tags: dict[str, int] = field(default_factory=dict)


def _lognormal_shares(rng: random.Random, count: int) -> list[float]:
    raw = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    total = sum(raw)
    return [r / total for r in raw]


def _enterprises(cal: Calibration, rng: random.Random, division: str) -> list[_Enterprise]:
    main = max(cal.parks, key=lambda p: p[1])[0] if cal.parks else cal.system
    people: list[_Enterprise] = []
    serial = 1

    def new(park: str, cluster: str, size: float, growth: float, gs_from: int | None, land: float) -> _Enterprise:
        nonlocal serial
        code = make_uscc(division, serial)
        enterprise = _Enterprise(code, f"【演示】{cluster}企业{serial:03d}", park, cluster, size, growth, gs_from, land)
        serial += 1
        people.append(enterprise)
        return enterprise

    # 规上 enterprises, cluster by cluster, sized to the cluster's stated output.
    gs_tax = cal.tax * 0.9
    gs_land = gs_tax / cal.tax_per_mu
    for cluster in cal.clusters:
        for share in _lognormal_shares(rng, cluster.enterprises):
            size = cluster.output * share
            new(main, cluster.name, size, cluster.growth, cal.base_year, gs_land * size / cal.gs_output)
    # Producing enterprises below the threshold, then those not producing yet, spread over the parks.
    others = cal.enterprises - cal.gs
    producing_small = max(cal.producing - cal.gs, 0)
    placed = {name: count for name, count, _ in cal.parks}
    placed[main] = placed.get(main, 0) - cal.gs
    homes = [name for name, count in placed.items() for _ in range(max(count, 0))] or [main]
    names_of = [c.name for c in cal.clusters] or ["制造业"]
    for index in range(others):
        park = homes[index % len(homes)]
        industry = names_of[index % len(names_of)]
        producing = index < producing_small
        size = rng.uniform(300, 1800) if producing else 0.0
        # A few small producers grow past the 规上 line (2000万元) in later years.
        growth = rng.uniform(0.15, 0.45) if producing and index % 3 == 0 else rng.uniform(0.0, 0.08)
        new(park, industry, size, growth, None, rng.uniform(8, 40))
    return people


def _assign_tags(cal: Calibration, people: list[_Enterprise], rng: random.Random) -> None:
    gs = sorted((p for p in people if p.gs_from is not None), key=lambda p: -p.size)
    for tag, count in cal.tags.items():
        pool = gs if tag != "小巨人" else [p for p in gs if "专精特新" in p.tags]
        for enterprise in rng.sample(pool, min(count, len(pool))):
            enterprise.tags[tag] = cal.base_year
    clusters = [c.name for c in cal.clusters]
    for enterprise in gs:
        if clusters and enterprise.cluster == clusters[0]:
            enterprise.tags["战略性新兴产业"] = cal.base_year
        if len(clusters) > 2 and enterprise.cluster == clusters[2] and enterprise.size > gs[len(gs) // 2].size:
            enterprise.tags["高技术制造业"] = cal.base_year


def build_panel(
    store: Store, plan: Plan, division: str, seed: int = 20240123, last: tuple[int, int] = (2026, 10)
) -> Calibration:
    """Write the panel for ``plan`` into the store; returns the calibration it used."""
    cal = calibrate(plan)
    rng = random.Random(seed)
    people = _enterprises(cal, rng, division)
    _assign_tags(cal, people, rng)
    created = store.now()
    with store.backend.transaction():
        orgs = [NewOrg(region_code(cal.region), cal.region, "region")]
        orgs.append(NewOrg(park_code(cal.system), f"{cal.system}", "park", region_code(cal.region), demo=True))
        orgs += [
            NewOrg(park_code(name), name, "park", park_code(cal.system), demo=True)
            for name, _, _ in cal.parks
            if name != cal.system
        ]
        known = load_orgs(store)
        orgs = [o for o in orgs if o.code not in known]
        orgs += [
            NewOrg(p.code, p.name, "enterprise", park_code(p.park), cluster=p.cluster, land_mu=p.land, demo=True)
            for p in people
        ]
        add_orgs(store, orgs, datetime(cal.base_year, 1, 1))
        ids = {code: org.id for code, org in load_orgs(store).items()}
        tags: list[tuple[int, str, int, int | None, str]] = []
        for p in people:
            for tag, year in p.tags.items():
                tags.append((ids[p.code], tag, year, None, DEMO))
        rows, more_tags = _facts_rows(cal, people, ids, rng, last)
        add_tags(store, tags + more_tags, datetime(cal.base_year, 1, 1))
        by_month: dict[tuple[int, int], list[tuple[object, ...]]] = {}
        for row, when in rows:
            by_month.setdefault(when, []).append(row)
        for (year, month), batch in sorted(by_month.items()):
            recorded = datetime(year + (month == 12), month % 12 + 1, 15, 9, 0)
            append_rows(store, batch, None, min(recorded, created))
    return cal


def _facts_rows(
    cal: Calibration,
    people: list[_Enterprise],
    ids: dict[str, int],
    rng: random.Random,
    last: tuple[int, int],
) -> tuple[list[tuple[tuple[object, ...], tuple[int, int]]], list[tuple[int, str, int, int | None, str]]]:
    rows: list[tuple[tuple[object, ...], tuple[int, int]]] = []
    tags: list[tuple[int, str, int, int | None, str]] = []
    small_tax = cal.tax * 0.1 / max(sum(p.size for p in people if p.gs_from is None), 1.0)
    gs_tax_rate = cal.tax * 0.9 / cal.gs_output
    months = [(y, m) for y in range(cal.base_year, last[0] + 1) for m in range(1, 13) if (y, m) <= last]
    became: dict[str, int] = {}
    small = [p for p in people if p.gs_from is None and 0 < p.size < 1000 and p.growth < 0.1]  # stay below 规上
    late = {p.code for p in sorted(small, key=lambda p: p.code)[:LATE]}
    stop = months[-3] if len(months) >= 3 else last
    for p in people:
        org = ids[p.code]
        size = p.size
        gs_from = p.gs_from
        intensity = 0.62 * rng.uniform(0.7, 1.3)
        for year in sorted({y for y, _ in months}):
            if year > cal.base_year:
                size *= 1 + p.growth + rng.gauss(0, 0.04)
                if gs_from is None and size >= 2000:
                    gs_from = year
                    tags.append((org, "规上", year, None, DEMO))
                intensity *= 1 - rng.uniform(0.01, 0.045)
            if size <= 0:
                continue
            shape = [s * (1 + rng.gauss(0, 0.05)) for s in SEASON]
            total = sum(shape)
            is_gs = gs_from is not None and gs_from <= year
            tax_rate = gs_tax_rate if is_gs else small_tax
            rd_rate = cal.rd_intensity / 100 * (1 + 0.06 * (year - cal.base_year)) if is_gs else 0.0
            for month in range(1, 13):
                if (year, month) > (stop if p.code in late else last):
                    break
                output = size * shape[month - 1] / total
                values = {
                    "output_value": output,
                    "revenue": output * 0.96,
                    "tax": output * tax_rate,
                    "value_added": output * 0.27,
                    "rd_expense": output * 0.96 * rd_rate,
                    "energy_total": output * 0.27 * intensity,
                    "industrial_investment": output * 0.18,
                    "renovation_investment": output * 0.18 * min(0.22 + 0.03 * (year - cal.base_year), 0.6),
                }
                if month == 12 or (year, month) == (stop if p.code in late else last):
                    values["land_area"] = p.land
                for element, value in values.items():
                    period = f"{year}-{month:02d}"
                    unit = catalog().by_code(element).unit
                    rows.append(
                        (
                            (org, element, period, "M", year, month, month, value, unit, None, None, DEMO),
                            (year, month),
                        )
                    )
        if p.gs_from is not None:
            tags.append((org, "规上", p.gs_from, None, DEMO))
        if gs_from is not None:
            became[p.code] = gs_from
    tags += _promotions(cal, people, ids, became, rng, last[0])
    return rows, tags


PROMOTIONS = {"高新技术企业": 2, "专精特新": 2, "数字化车间": 1, "有研发机构": 1, "智能工厂": 0.5, "绿色工厂": 0.34}
"""Enterprises gaining a tag each year after the base year (fractions: every few years)."""


def _promotions(
    cal: Calibration,
    people: list[_Enterprise],
    ids: dict[str, int],
    became: dict[str, int],
    rng: random.Random,
    last_year: int,
) -> list[tuple[int, str, int, int | None, str]]:
    granted: list[tuple[int, str, int, int | None, str]] = []
    holders = {tag: {p.code for p in people if tag in p.tags} for tag in PROMOTIONS}
    credit = dict.fromkeys(PROMOTIONS, 0.0)
    for year in range(cal.base_year + 1, last_year + 1):
        eligible = [p for p in people if became.get(p.code, 9999) <= year]
        for tag, per_year in PROMOTIONS.items():
            credit[tag] += per_year
            while credit[tag] >= 1:
                credit[tag] -= 1
                pool = [p for p in eligible if p.code not in holders[tag]]
                if not pool:
                    break
                chosen = rng.choice(pool)
                holders[tag].add(chosen.code)
                granted.append((ids[chosen.code], tag, year, None, DEMO))
    return granted
