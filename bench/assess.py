"""亩均效益综合评价 at province scale, against a pandas implementation of the same scheme.

    .venv/bin/python bench/assess.py [--enterprises 100000] [--scheme 重庆] [--json]

Builds N synthetic enterprises for one year — 规上 and 规下 lists, land, tax, value added, revenue, R&D,
energy by kind (原煤, 电力, 天然气 …), emissions, staff, industry codes (a few utilities), 投产 this year,
major projects under construction, bonus and veto tags — and rates them under the scheme, every item:

* ``planwatch_s`` — ``planwatch.assess.mujun.evaluate`` on the panel in memory (NumPy columns);
* ``pandas_s`` — the same scheme written the way an analyst would in pandas (one DataFrame, groupby per
  list), from the same figures; ``equal`` says both give the same list, class, rank and total (1e-9);
* ``from_store_s`` — the whole path a user runs (``planwatch assess mujun``): read the registry, tags and
  yearly figures of every enterprise from a DuckDB store holding them as facts (with the yearly values
  ``planwatch import`` keeps current), then evaluate (the goal: under 5 s on 2 cores); ``from_facts_s`` the
  same as known at a past moment (aggregating the facts themselves); ``report_s`` turns the result into the
  JSON contract's records.

Prints JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planwatch.assess import energy as en
from planwatch.assess import gather
from planwatch.assess import mujun as mj
from planwatch.assess.panel import Panel
from planwatch.assess.schema import mujun_report
from planwatch.assess.scheme import Scheme, load_scheme
from planwatch.status import GRADES
from planwatch.store.database import Store, open_store
from planwatch.store.facts import record_written
from planwatch.store.yearly import refresh_years

YEAR = 2024
GOAL_SECONDS = 5.0
FUELS = ("coal", "electricity", "natural_gas", "diesel")


def synthetic(count: int, seed: int = 14) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[str | None]]:
    """(element → values, tag → held, industry codes) of ``count`` enterprises, deterministic."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(7.5, 1.2, count)  # 营业收入, 万元
    gs = size >= 2000
    land = np.round(rng.uniform(2, 80, count) * np.where(gs, 2.0, 1.0), 2)
    added = size * rng.uniform(0.18, 0.35, count)
    energy = added * rng.uniform(0.2, 1.2, count)  # 吨标准煤, 当量值
    values = {
        "revenue": size,
        "output_value": size * 1.04,
        "tax": size * rng.uniform(0.01, 0.06, count),
        "value_added": added,
        "rd_expense": size * rng.uniform(0, 0.05, count) * (rng.random(count) > 0.2),
        "renovation_investment": size * rng.uniform(0, 0.08, count),
        "employees": np.maximum(np.round(added / rng.uniform(10, 40, count)), 3),
        "pollutant_emissions": np.where(rng.random(count) > 0.1, added / rng.uniform(1000, 8000, count), np.nan),
        "land_area": land,
    }
    shares = rng.dirichlet([2, 5, 2, 1], count)
    table = en.coefficients()
    for index, fuel in enumerate(FUELS):
        values[fuel] = energy * shares[:, index] / table.fuel(fuel).factor
    missing_energy = rng.random(count) < 0.05  # a few report only their 综合能耗
    for fuel in FUELS:
        values[fuel] = np.where(missing_energy, np.nan, values[fuel])
    values["energy_total"] = np.where(missing_energy, energy, np.nan)
    tags = {
        "规上": gs,
        "专精特新": gs & (rng.random(count) < 0.08),
        "小巨人": gs & (rng.random(count) < 0.01),
        "高新技术企业": rng.random(count) < 0.1,
        "环保处罚": rng.random(count) < 0.01,
        "安全生产事故": rng.random(count) < 0.002,
        "在建重大项目": rng.random(count) < 0.01,
        "投产": rng.random(count) < 0.02,  # 投产 this year
    }
    codes = rng.choice(
        ["C3823", "C1469", "C3311", "D4413", "N7723", "4620"], count, p=[0.4, 0.3, 0.27, 0.01, 0.01, 0.01]
    )
    return values, tags, [str(c) for c in codes]


def panel_of(values: dict[str, np.ndarray], tags: dict[str, np.ndarray], industries: list[str | None]) -> Panel:
    count = len(industries)
    return Panel(
        codes=[f"E{i:07d}" for i in range(count)],
        names=[f"企业{i}" for i in range(count)],
        parks=[f"园区{i % 10}" for i in range(count)],
        industries=industries,
        land_registry=np.full(count, np.nan),
        values={YEAR: dict(values)},
        tags={YEAR: {t: held for t, held in tags.items() if t != "投产"}},
        tag_since={"投产": np.where(tags["投产"], YEAR, np.nan)},
    )


# --- the same scheme in pandas --------------------------------------------------------------------------


def pandas_evaluate(scheme: Scheme, frame: pd.DataFrame) -> pd.DataFrame:
    """``mujun.evaluate`` as an analyst would write it: columns, masks and a groupby per list."""
    out = pd.DataFrame(index=frame.index)
    table = en.coefficients()
    basis = scheme.energy_basis
    known = frame[list(FUELS)].notna().any(axis=1)
    energy = pd.Series(0.0, index=frame.index)
    for fuel in FUELS:
        energy += frame[fuel].fillna(0) * table.tce_factor(table.fuel(fuel), basis, YEAR)
    energy = energy.where(known, frame["energy_total"])
    land = frame["land_area"]
    out["list"] = pd.Series(pd.NA, index=frame.index, dtype="object")
    for rule in scheme.lists:
        member = pd.Series(True, index=frame.index)
        if rule.when.tag:
            member &= frame[rule.when.tag]
        if rule.when.not_tag:
            member &= ~frame[rule.when.not_tag]
        if rule.when.land_at_least is not None:
            member &= land.fillna(0) >= rule.when.land_at_least
        out.loc[member & out["list"].isna(), "list"] = rule.name
    listed = out["list"].notna()
    digits = frame["industry"].str.upper().str.lstrip("ABCDEFGHIJKLMNOPQRST")
    excluded = (frame["revenue"].isna() & frame["output_value"].isna()) | (
        (frame["revenue"].fillna(0) <= 0) & (frame["output_value"].fillna(0) <= 0)
    )
    for exclusion in scheme.exclusions:
        if exclusion.industries:
            excluded |= digits.str.startswith(tuple(exclusion.industries))
        elif exclusion.in_production_under_years is not None:
            excluded |= YEAR - frame["started"] < exclusion.in_production_under_years
        elif exclusion.tag:
            excluded |= frame[exclusion.tag].astype(bool)
    excluded |= land.isna() | (land.fillna(0) <= 0)
    rated = listed & ~excluded
    adjustment = pd.Series(0.0, index=frame.index)
    for bonus in scheme.adjustments:
        adjustment += frame[bonus.tag].astype(float) * bonus.points
    vetoed = pd.Series(False, index=frame.index)
    for veto in scheme.vetoes:
        vetoed |= frame[veto.tag] & rated
    out["total"] = np.nan
    out["grade"] = "不评价"
    out["rank"] = np.nan
    columns = {"energy": energy, "land_area": land}
    for rule in scheme.lists:
        mine = rated & (out["list"] == rule.name)
        items = pd.DataFrame(index=frame.index[mine])
        for item in rule.items:
            indicator = scheme.indicator(item)
            top = columns[indicator.numerator] if indicator.numerator in columns else frame[indicator.numerator]
            bottom = (
                columns[indicator.denominator] if indicator.denominator in columns else frame[indicator.denominator]
            )
            top, bottom = top[mine].fillna(0), bottom[mine]
            value = (top / bottom * indicator.scale).where(bottom > 0)
            has = value.notna()
            if rule.scoring == "ratio":
                if rule.benchmark.mode == "fixed" and item.indicator in rule.benchmark.values.get(YEAR, {}):
                    benchmark = rule.benchmark.values[YEAR][item.indicator]
                elif rule.benchmark.mode == "mean" or rule.benchmark.otherwise == "mean":
                    benchmark = value[has].mean()
                else:
                    benchmark = top[has].sum() / bottom[has].sum() * indicator.scale
                score = item.weight * (value / benchmark).clip(0, rule.cap if rule.cap is not None else math.inf)
            else:
                low, high = value[has].min(), value[has].max()
                spread = (value - low) / (high - low) if high > low else value * 0 + 1
                score = item.weight * (20 + 80 * spread) / 100
            fill = score[has].mean() if item.missing == "average" and has.any() else 0.0
            items[item.indicator] = score.where(has, fill)
        total = items.sum(axis=1) + adjustment[mine]
        out.loc[mine, "total"] = total
        ranked = total[~vetoed[mine]].sort_values(ascending=False, kind="stable")
        count = len(ranked)
        bounds, cumulative = [], 0.0
        for name in [g.value for g in GRADES][:-1]:
            cumulative += scheme.classes.shares[name]
            bounds.append(math.floor(count * cumulative + 0.5 + 1e-9))
        position = pd.Series(np.searchsorted(bounds, np.arange(count), side="right"), index=ranked.index)
        position = position.groupby(ranked).transform("min")  # equal totals: the better class
        out.loc[ranked.index, "grade"] = position.map(lambda k: GRADES[int(k)].value)
        out.loc[ranked.index, "rank"] = ranked.rank(method="min", ascending=False)
        out.loc[mine & vetoed, "grade"] = "D"
    return out


# --- the store ------------------------------------------------------------------------------------------


def fill_store(
    store: Store, values: dict[str, np.ndarray], tags: dict[str, np.ndarray], industries: list[str | None]
) -> None:
    """Orgs, tags and one year of annual facts, written in bulk through DuckDB (setup, not timed)."""
    count = len(industries)
    connection: Any = store.backend.connection  # type: ignore[attr-defined]  # DuckDB only: bulk setup
    now = datetime(YEAR + 1, 3, 31)
    orgs = pd.DataFrame(
        {
            "id": np.arange(count) + 100,
            "code": [f"E{i:07d}" for i in range(count)],
            "name": [f"企业{i}" for i in range(count)],
            "kind": "enterprise",
            "parent_id": np.arange(count) % 10 + 2,
            "industry": industries,
        }
    )
    parks = pd.DataFrame({"id": np.arange(10) + 2, "code": [f"park:园区{i}" for i in range(10)],
                          "name": [f"园区{i}" for i in range(10)], "kind": "park", "parent_id": 1, "industry": None})  # fmt: skip
    region = pd.DataFrame({"id": [1], "code": ["region:基准省"], "name": ["基准省"], "kind": ["region"], "parent_id": [None], "industry": [None]})  # fmt: skip
    every = pd.concat([region, parks, orgs])
    connection.register("new_orgs", every)
    connection.execute(
        "INSERT INTO orgs (id, code, name, kind, parent_id, industry, demo, recorded_at) "
        "SELECT id, code, name, kind, parent_id, industry, TRUE, ? FROM new_orgs",
        [now],
    )
    tag_rows = [
        pd.DataFrame(
            {"org_id": np.flatnonzero(held) + 100, "tag": tag, "valid_from": YEAR if tag == "投产" else YEAR - 5}
        )
        for tag, held in tags.items()
    ]
    connection.register("new_tags", pd.concat(tag_rows))
    connection.execute("INSERT INTO org_tags SELECT org_id, tag, valid_from, NULL, '基准', ? FROM new_tags", [now])
    facts = []
    for element, column in values.items():
        keep = ~np.isnan(column)
        facts.append(pd.DataFrame({"org_id": np.flatnonzero(keep) + 100, "element": element, "value": column[keep]}))
    frame = pd.concat(facts)
    frame["seq"] = np.arange(len(frame)) + 1
    connection.register("new_facts", frame)
    connection.execute(
        "INSERT INTO facts (org_id, element, period, period_kind, year, month_from, month_to, value, unit, revision, "
        "source, recorded_at, seq) SELECT org_id, element, ?, 'Y', ?, 1, 12, value, '', 1, '基准', ?, seq FROM new_facts",
        [str(YEAR), YEAR, now],
    )
    record_written(store, 0)
    with store.backend.transaction():  # what `planwatch import` does after writing: keep the yearly values current
        refresh_years(store, {(element, YEAR) for element in values}, now)


def _same(planwatch: mj.Result, frame: pd.DataFrame) -> bool:
    """The same list, class and rank for every enterprise, and the same total to 1e-9."""
    lists = [planwatch.lists[i].rule.name if i >= 0 else None for i in planwatch.list_of]
    theirs = [None if pd.isna(b) else b for b in frame["list"]]
    totals = np.allclose(planwatch.total, frame["total"].astype(float), rtol=1e-9, atol=1e-9, equal_nan=True)
    ranks = np.array_equal(planwatch.rank, frame["rank"].astype(float).to_numpy(), equal_nan=True)
    return lists == theirs and planwatch.grade == list(frame["grade"]) and bool(totals) and ranks


def _best(run: Any, times: int = 3) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(times):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--scheme", default="重庆")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    scheme = load_scheme(args.scheme)
    values, tags, industries = synthetic(args.enterprises)
    panel = panel_of(values, tags, industries)
    frame = pd.DataFrame(values)
    for tag, held in tags.items():
        frame[tag] = held
    frame["industry"] = industries
    frame["started"] = np.where(tags["投产"], YEAR, np.nan)
    planwatch_s, result = _best(lambda: mj.evaluate(scheme, panel, YEAR))
    pandas_s, baseline = _best(lambda: pandas_evaluate(scheme, frame))
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as folder:
        store = open_store(Path(folder) / "bench.duckdb")
        fill_store(store, values, tags, industries)
        from_store_s, (stored, _) = _best(lambda: gather.assess_mujun(store, YEAR, scheme), times=2)
        moment = datetime(YEAR + 2, 1, 1)
        from_facts_s, _ = _best(lambda: gather.assess_mujun(store, YEAR, scheme, moment), times=1)
        report_s, _ = _best(lambda: mujun_report(stored), times=1)
        store.close()
    counts = {g: stored.grade.count(g) for g in ("A", "B", "C", "D", "不评价")}
    report = {
        "enterprises": args.enterprises,
        "scheme": scheme.name,
        "items": sum(len(rule.items) for rule in scheme.lists),
        "planwatch_s": round(planwatch_s, 3),
        "pandas_s": round(pandas_s, 3),
        "pandas_over_planwatch": round(pandas_s / planwatch_s, 2),
        "equal": _same(result, baseline),
        "from_store_s": round(from_store_s, 3),
        "from_facts_s": round(from_facts_s, 3),
        "goal_s": GOAL_SECONDS,
        "goal_met": from_store_s < GOAL_SECONDS,
        "from_store_equal": stored.grade == result.grade,
        "report_s": round(report_s, 3),
        "classes": counts,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for key, value in report.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
