"""亩均效益综合评价: each enterprise's items, total score, rank and class (A/B/C/D or 不评价 with the reason).

The scheme (``assess.scheme``) says which list an enterprise is rated in (规上; 规下 with enough land), what
keeps it out of the classes (utilities, in production under a year, a major project under construction),
each item's indicator and weight, how an item is scored —

* ratio to a benchmark: weight × value ÷ benchmark, up to ``cap`` times the weight (黄岩);
* min-max: weight × [20 + 80 × (value − min) ÷ (max − min)] ÷ 100 over the firms of the list (旌德) —

the benchmark (published values of the data year, or the county's own Σ numerator ÷ Σ denominator), what an
item without a value scores (0, or the list's average for that item), bonus and penalty points, vetoes, and the
classes (shares of the rated firms best first, or score cut-offs).  With shares, firms with the same score
get the same (better) class.  Everything is computed column-wise over the panel: 100,000 enterprises take
well under a second (``bench/assess.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planwatch.assess import energy as en
from planwatch.assess.panel import Bools, Floats, Panel
from planwatch.assess.scheme import Indicator, Item, ListRule, Scheme
from planwatch.errors import InputError
from planwatch.status import GRADES, Grade

Ints = npt.NDArray[np.int64]
NOT_RATED = Grade.NOT_RATED.value


@dataclass(frozen=True)
class ItemScores:
    indicator: Indicator
    weight: float
    missing_rule: str
    values: Floats
    """Per row (NaN outside the list or without a value)."""
    scores: Floats
    """Per rated row of the list (NaN elsewhere)."""
    benchmark: float | None
    """ratio scoring: the value that scores the full weight."""
    low: float | None
    """min-max scoring: the lowest and highest value among the rated firms."""
    high: float | None
    numerator: Floats
    denominator: Floats
    imputed: Bools
    """Rated rows without a value, scored by the ``missing`` rule."""


@dataclass(frozen=True)
class ListResult:
    rule: ListRule
    members: Bools
    """Rows in the list, rated or not."""
    rated: Bools
    """Rows given a score and a class (members not excluded)."""
    items: tuple[ItemScores, ...]
    note: str | None
    """How the benchmarks were set when not as the scheme says (a data year without published values)."""
    lowest: dict[str, float]
    """Each class's lowest total this year (the score that reaches it): for 亩均体检."""


@dataclass(frozen=True)
class Result:
    scheme: Scheme
    year: int
    panel: Panel
    lists: tuple[ListResult, ...]
    list_of: Ints
    """Per row: the index of its list in ``lists``, −1 for none."""
    grade: list[str]
    """A/B/C/D, or 不评价."""
    reason: list[str | None]
    """Why not rated (不评价), or why forced into a class (a veto)."""
    items_total: Floats
    adjustment: Floats
    total: Floats
    rank: Floats
    """1 = best in its list; firms with the same total share the rank; NaN when not rated."""
    energy: en.Use


def _industry_matches(code: str | None, prefixes: tuple[str, ...]) -> bool:
    if not code:
        return False
    digits = code.strip().upper().lstrip("ABCDEFGHIJKLMNOPQRST")
    return any(digits.startswith(p) for p in prefixes)


def _members(rule: ListRule, panel: Panel, year: int, land: Floats) -> tuple[Bools, Bools]:
    """(in the list by tags, and also with enough land)."""
    by_tags = np.ones(len(panel), dtype=bool)
    if rule.when.tag:
        by_tags &= panel.has(rule.when.tag, year)
    if rule.when.not_tag:
        by_tags &= ~panel.has(rule.when.not_tag, year)
    enough = by_tags.copy()
    if rule.when.land_at_least is not None:
        enough &= np.nan_to_num(land) >= rule.when.land_at_least
    return by_tags, enough


def _quotient(
    indicator: Indicator, panel: Panel, year: int, land: Floats, energy: Floats
) -> tuple[Floats, Floats, Floats]:
    """(value, numerator, denominator) per row: a numerator not reported counts as 0; no denominator, no value."""

    def column(name: str) -> Floats:
        if name == "energy":
            return energy
        if name == "land_area":
            return land
        return panel.value(name, year)

    numerator = np.nan_to_num(column(indicator.numerator), nan=0.0)
    denominator = column(indicator.denominator)
    usable = ~np.isnan(denominator) & (np.nan_to_num(denominator) > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(usable, numerator / np.where(usable, denominator, 1.0) * indicator.scale, np.nan)
    return value, numerator, denominator


def _benchmark(
    rule: ListRule,
    item: Item,
    indicator: Indicator,
    year: int,
    value: Floats,
    numerator: Floats,
    denominator: Floats,
    rated: Bools,
) -> tuple[float | None, str | None]:
    mode = rule.benchmark.mode
    note = None
    if mode == "fixed":
        published = rule.benchmark.values.get(year, {})
        if item.indicator in published:
            return published[item.indicator], None
        if rule.benchmark.otherwise is None:
            years = "、".join(str(y) for y in sorted(rule.benchmark.values))
            raise InputError(
                f"名单“{rule.name}”没有{year}年“{indicator.name}”的公布基准值（方案只有{years}年）："
                "请在方案文件中补上，或为 benchmark 设置 otherwise: average。"
            )
        mode = rule.benchmark.otherwise
        note = f"{year}年无公布的基准值，按本名单企业的{'总体值（合计÷合计）' if mode == 'average' else '平均值'}"
    has = rated & ~np.isnan(value)
    if not has.any():
        return None, note
    if mode == "mean":
        return float(value[has].mean()), note
    total_denominator = float(denominator[has].sum())
    return (float(numerator[has].sum()) / total_denominator * indicator.scale if total_denominator else None), note


def _score_items(
    rule: ListRule, scheme: Scheme, panel: Panel, year: int, land: Floats, energy: Floats, rated: Bools, members: Bools
) -> tuple[list[ItemScores], str | None]:
    results: list[ItemScores] = []
    notes = []
    for item in rule.items:
        indicator = scheme.indicator(item)
        value, numerator, denominator = _quotient(indicator, panel, year, land, energy)
        value = np.where(members, value, np.nan)
        known = rated & ~np.isnan(value)
        benchmark = low = high = None
        scores = np.full(len(panel), np.nan)
        if rule.scoring == "ratio":
            benchmark, note = _benchmark(rule, item, indicator, year, value, numerator, denominator, rated)
            if note:
                notes.append(note)
            if benchmark is not None and benchmark > 0:
                ratio = np.clip(value / benchmark, 0, rule.cap if rule.cap is not None else np.inf)
                scores = np.where(known, item.weight * ratio, np.nan)
            else:
                scores = np.where(known, 0.0, np.nan)
        else:
            if known.any():
                low, high = float(value[known].min()), float(value[known].max())
                spread = (value - low) / (high - low) if high > low else np.ones(len(panel))
                scores = np.where(known, item.weight * (20 + 80 * spread) / 100, np.nan)
        imputed = rated & np.isnan(value)
        fill = float(scores[known].mean()) if item.missing == "average" and known.any() else 0.0
        scores = np.where(imputed, fill, scores)
        results.append(
            ItemScores(
                indicator,
                item.weight,
                item.missing,
                value,
                scores,
                benchmark,
                low,
                high,
                numerator,
                denominator,
                imputed,
            )
        )
    return results, ("；".join(dict.fromkeys(notes)) or None)


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5 + 1e-9)


def _classes(scheme: Scheme, totals: Floats, rows: Ints) -> tuple[npt.NDArray[np.object_], dict[str, float]]:
    """Classes of the ``rows`` (indices) by their totals (不评价 elsewhere), and each class's lowest total."""
    method = scheme.classes
    names = np.array([g.value for g in GRADES], dtype=object)
    order = rows[np.argsort(-totals[rows], kind="stable")]
    scores = totals[order]
    count = len(order)
    if method.method == "shares":
        bounds, cumulative = [], 0.0
        for name in names[:-1]:
            cumulative += method.shares[str(name)]
            bounds.append(_round_half_up(count * cumulative))
        by_position = np.searchsorted(np.array(bounds), np.arange(count), side="right")
        if count:
            starts = np.flatnonzero(np.r_[True, scores[1:] != scores[:-1]])
            best_in_group = np.minimum.reduceat(by_position, starts)
            by_position = np.repeat(best_in_group, np.diff(np.r_[starts, count]))
    else:
        cut = np.array([method.cutoffs[str(name)] for name in names[:-1]])
        by_position = (scores[:, None] < cut[None, :]).sum(axis=1) if count else np.zeros(0, dtype=np.int64)
    grades = np.full(len(totals), NOT_RATED, dtype=object)
    grades[order] = names[by_position]
    lowest = {str(names[k]): float(scores[by_position == k].min()) for k in np.unique(by_position)}
    return grades, lowest


def _exclusion_reasons(scheme: Scheme, panel: Panel, year: int, land: Floats, members: Bools) -> list[str | None]:
    reasons: list[str | None] = [None] * len(panel)
    revenue = panel.value("revenue", year)
    output = panel.value("output_value", year)
    idle = np.isnan(revenue) & np.isnan(output) | (np.nan_to_num(revenue) <= 0) & (np.nan_to_num(output) <= 0)
    started = panel.since("投产")
    first = panel.first_year()
    earliest = min((y for y, columns in panel.values.items() if columns), default=year)
    first = np.where(first > earliest, first, np.nan)  # data from the panel's first year on: started earlier, maybe
    start = np.where(np.isnan(started), first, started)
    checks: list[tuple[Bools, str]] = [(idle, "当年没有营业收入或产值数据（未投产或未填报）")]
    for rule in scheme.exclusions:
        if rule.industries:
            matches = {code: _industry_matches(code, rule.industries) for code in set(panel.industries)}
            hit = np.fromiter((matches[code] for code in panel.industries), dtype=bool, count=len(panel))
        elif rule.in_production_under_years is not None:
            hit = ~np.isnan(start) & (year - start < rule.in_production_under_years)
        elif rule.tag:
            hit = panel.has(rule.tag, year)
        else:
            continue
        checks.append((hit, rule.reason))
    checks.append((np.isnan(land) | (np.nan_to_num(land) <= 0), "缺少用地面积（亩），无法计算亩均指标"))
    for hit, reason in checks:
        for row in np.flatnonzero(hit & members):
            if reasons[row] is None:
                reasons[row] = reason
    return reasons


def evaluate(scheme: Scheme, panel: Panel, year: int, table: en.Coefficients | None = None) -> Result:
    """Rate every enterprise of ``panel`` on its figures of ``year`` under ``scheme``."""
    n = len(panel)
    land = panel.land(year)
    energy = en.use(panel, year, table)
    energy_column = energy.tce(scheme.energy_basis)
    list_of = np.full(n, -1, dtype=np.int64)
    reason: list[str | None] = [None] * n
    for index, rule in enumerate(scheme.lists):
        by_tags, enough = _members(rule, panel, year, land)
        free = list_of == -1
        list_of[free & enough] = index
        short = free & by_tags & ~enough
        for row in np.flatnonzero(short):
            if reason[row] is None:
                reason[row] = f"用地面积不足{rule.when.land_at_least:g}亩，不在“{rule.name}”评价范围"
    in_list = list_of >= 0
    excluded = _exclusion_reasons(scheme, panel, year, land, in_list)
    for index, why in enumerate(excluded):
        if why is not None:
            reason[index] = why
    not_rated = np.array([r is not None for r in excluded], dtype=bool)
    for row in np.flatnonzero(~in_list):
        if reason[row] is None:
            reason[row] = "不在任何评价名单"
    adjustment = np.zeros(n)
    for bonus in scheme.adjustments:
        adjustment += np.where(panel.has(bonus.tag, year), bonus.points, 0.0)
    vetoed = np.zeros(n, dtype=bool)
    veto_reason: list[str | None] = [None] * n
    for veto in scheme.vetoes:
        hit = panel.has(veto.tag, year) & in_list & ~not_rated & ~vetoed
        for row in np.flatnonzero(hit):
            veto_reason[row] = veto.reason
        vetoed |= hit
    items_total = np.full(n, np.nan)
    grades = np.full(n, NOT_RATED, dtype=object)
    rank = np.full(n, np.nan)
    lists: list[ListResult] = []
    for index, rule in enumerate(scheme.lists):
        members = list_of == index
        rated = members & ~not_rated
        scored, note = _score_items(rule, scheme, panel, year, land, energy_column, rated, members)
        if scored:
            stacked = np.vstack([s.scores for s in scored])
            items_total = np.where(rated, np.nansum(np.where(rated, stacked, 0.0), axis=0), items_total)
        totals = np.where(rated, items_total + adjustment, np.nan)
        ranked = np.flatnonzero(rated & ~vetoed)
        klass, lowest = _classes(scheme, np.nan_to_num(totals, nan=-np.inf), ranked)
        grades[ranked] = klass[ranked]
        for row in np.flatnonzero(rated & vetoed):
            grades[row] = Grade.D.value
            reason[row] = veto_reason[row]
        if ranked.size:
            ordered = np.sort(totals[ranked])[::-1]
            rank[ranked] = np.searchsorted(-ordered, -totals[ranked], side="left") + 1
        lists.append(ListResult(rule, members, rated, tuple(scored), note, lowest))
    total = items_total + adjustment
    total = np.where(np.isnan(items_total), np.nan, total)
    return Result(
        scheme,
        year,
        panel,
        tuple(lists),
        list_of,
        grades.tolist(),
        reason,
        items_total,
        adjustment,
        total,
        rank,
        energy,
    )


# --- 亩均体检: what each item would need for the next class ------------------------------------------------


@dataclass(frozen=True)
class Need:
    indicator: str
    unit: str
    value: float | None
    needed: float | None
    """The item's value that alone would lift the total to the next class (None: no value can)."""
    numerator: str
    numerator_unit: str
    numerator_increase: float | None
    """How much more of the numerator (税收, 增加值 … in its unit) that is, at the same denominator."""


@dataclass(frozen=True)
class Checkup:
    grade: str
    next_grade: str | None
    points_needed: float | None
    """Points short of the lowest total of the next class this year (0 < points); None for A or not rated."""
    margin: float | None
    """For A: points above the best total of B."""
    needs: tuple[Need, ...]


def checkup(
    result: Result, row: int, element_names: dict[str, str], element_units: dict[str, str] | None = None
) -> Checkup:
    """An enterprise's 亩均体检: how far it is from the next class, and what each item alone would need."""
    grade = result.grade[row]
    index = int(result.list_of[row])
    if grade == NOT_RATED or index < 0:
        return Checkup(grade, None, None, None, ())
    listed = result.lists[index]
    names = [g.value for g in GRADES]
    position = names.index(grade)
    total = float(result.total[row])
    if position == 0:
        below = [float(result.total[r]) for r in np.flatnonzero(listed.rated) if result.grade[r] == names[1]]
        return Checkup(grade, None, None, total - max(below) if below else None, ())
    better = names[position - 1]
    if result.scheme.classes.method == "cutoffs":
        target = result.scheme.classes.cutoffs[better]
    else:
        reached = [n for n in reversed(names[:position]) if n in listed.lowest]
        if not reached:
            return Checkup(grade, better, None, None, ())
        better = reached[0]  # the nearest better class that has firms this year
        target = listed.lowest[better]
    points = max(target - total, 0.0)
    needs = []
    rule = listed.rule
    for item in listed.items:
        value = item.values[row]
        current = float(item.scores[row])
        wanted = current + points
        needed: float | None = None
        if rule.scoring == "ratio" and item.benchmark:
            ceiling = item.weight * (rule.cap if rule.cap is not None else math.inf)
            needed = wanted / item.weight * item.benchmark if wanted <= ceiling + 1e-9 else None
        elif rule.scoring == "minmax" and item.low is not None and item.high is not None and item.high > item.low:
            fraction = (wanted * 100 / item.weight - 20) / 80
            needed = item.low + fraction * (item.high - item.low) if fraction <= 1 + 1e-9 else None
        increase = None
        denominator = item.denominator[row]
        if needed is not None and not math.isnan(value) and not math.isnan(denominator):
            increase = (needed - value) * denominator / item.indicator.scale
        code = item.indicator.numerator
        needs.append(
            Need(
                indicator=item.indicator.name,
                unit=item.indicator.unit,
                value=None if math.isnan(value) else float(value),
                needed=needed,
                numerator="综合能耗" if code == "energy" else element_names.get(code, code),
                numerator_unit="吨标准煤" if code == "energy" else (element_units or {}).get(code, ""),
                numerator_increase=increase,
            )
        )
    return Checkup(grade, better, points, None, tuple(needs))
