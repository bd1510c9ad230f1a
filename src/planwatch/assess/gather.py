"""Gather: read the store into a ``Panel`` (and monthly series), then run the assessment — its only I/O.

Reads go through ``store.assessment`` (all SQL lives in ``store/``); everything computed here is done by
the pure modules of this package.  A data year is a complete year: by default the latest year whose
monthly 营业收入 reaches December by the knowledge date (2025 when assessing on 2026-10-31).
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from planwatch.assess import cultivation as cv
from planwatch.assess import energy as en
from planwatch.assess import measures
from planwatch.assess import mujun as mj
from planwatch.assess import schema as sc
from planwatch.assess import targets as tg
from planwatch.assess import tiers as tr
from planwatch.assess.panel import Panel
from planwatch.assess.scheme import Scheme, indicator_catalog, load_scheme
from planwatch.errors import InputError
from planwatch.evaluate.evaluation import Evaluation
from planwatch.periods import today
from planwatch.store.assessment import (
    elements_present,
    last_months,
    monthly_values,
    parents,
    registered_enterprises,
    subtree,
    tag_spans,
    yearly_columns,
)
from planwatch.store.database import Store, end_of_day
from planwatch.store.orgs import Org, find_park, load_orgs

BASE_ELEMENTS = ("tax", "value_added", "land_area", "energy_total", "pollutant_emissions", "renovation_investment")


def elements() -> list[str]:
    """Every element an assessment reads: the measures', the 亩均 indicators', and each kind of energy."""
    found = set(measures.ELEMENTS) | set(BASE_ELEMENTS)
    for indicator in indicator_catalog().values():
        found |= {indicator.numerator, indicator.denominator} - {"energy"}
    found |= {fuel.element for fuel in en.coefficients().fuels}
    return sorted(found)


def _chain(parent: int | None, above: dict[int, Org]) -> tuple[str, ...]:
    """The names of the parks above an enterprise, nearest first."""
    names = []
    while parent is not None and parent in above:
        org = above[parent]
        if org.kind == "park":
            names.append(org.name)
        parent = org.parent_id
    return tuple(names)


def panel(store: Store, years: list[int], as_of: datetime | None = None, under: Org | None = None) -> Panel:
    """Every enterprise (under ``under``, however deep) with its figures and tags of ``years``, as known at ``as_of``."""
    above = parents(store)
    inside = set(subtree(store, under.id)) if under is not None else None
    registry = [e for e in registered_enterprises(store, as_of) if inside is None or e.id in inside]
    ids = np.array([e.id for e in registry], dtype=np.int64)
    order = np.argsort(ids)
    n = len(registry)
    known: dict[int | None, tuple[str, ...]] = {}
    for e in registry:
        if e.parent_id not in known:
            known[e.parent_id] = _chain(e.parent_id, above)
    chains = [known[e.parent_id] for e in registry]
    result = Panel(
        codes=[e.code for e in registry],
        names=[e.name for e in registry],
        parks=[c[0] if c else None for c in chains],
        industries=[e.industry for e in registry],
        land_registry=np.array([np.nan if e.land_mu is None else e.land_mu for e in registry], dtype=np.float64),
        ancestors=chains,
        demo=np.array([e.demo for e in registry], dtype=bool),
    )
    present = elements_present(store, years)
    wanted = [e for e in elements() if e in present]
    org_column, year_column, table = yearly_columns(store, wanted, years, as_of)
    for year in years:
        result.values[year] = {}
    if org_column.size and n:
        position = np.clip(np.searchsorted(ids[order], org_column), 0, n - 1)
        mine = ids[order][position] == org_column
        rows_index = order[position]
        for year in years:
            pick = mine & (year_column == year)
            at = rows_index[pick]
            for column, element in enumerate(wanted):
                values = np.full(n, np.nan)
                values[at] = table[pick, column]
                if not np.isnan(values).all():
                    result.values[year][element] = values
    index = {int(e.id): i for i, e in enumerate(registry)}
    since: dict[str, np.ndarray] = {}
    for org_id, tag, start, end in tag_spans(store, as_of):
        row = index.get(org_id)
        if row is None:
            continue
        if tag not in since:
            since[tag] = np.full(n, np.nan)
            for year in years:
                result.tags.setdefault(year, {})[tag] = np.zeros(n, dtype=bool)
        first = since[tag]
        if np.isnan(first[row]) or start < first[row]:
            first[row] = start
        for year in years:
            if start <= year and (end is None or year <= end):
                result.tags[year][tag][row] = True
    result.tag_since = since
    return result


def data_year(store: Store, as_of: datetime | None = None, through: date | None = None) -> int:
    """The latest complete data year (monthly 营业收入 through December) up to ``through``'s year."""
    last = (through or (as_of.date() if as_of else today())).year
    months = last_months(store, "revenue", list(range(last - 6, last + 1)), as_of)
    complete = [y for y, m in months.items() if m == 12 and y <= last]
    if complete:
        return max(complete)
    if months:
        return max(months)
    raise InputError("库中还没有企业的营业收入数据，无法评价：请先导入企业月报或年报（planwatch import）。")


def monthly(
    store: Store, assessed: Panel, year: int, through: tuple[int, int], months: int, as_of: datetime | None
) -> cv.Monthly:
    """Monthly 营业收入 of the panel's enterprises for the ``months`` months to ``through``; 规上 as of ``year``."""
    serial = through[0] * 12 + through[1] - 1
    span = [((s // 12), s % 12 + 1) for s in range(serial - months + 1, serial + 1)]
    column = {m: i for i, m in enumerate(span)}
    codes = {code: i for i, code in enumerate(assessed.codes)}
    ids = {o.id: codes[o.code] for o in load_orgs(store).values() if o.code in codes}
    values = np.full((len(assessed), len(span)), np.nan)
    for org_id, fact_year, month, value in monthly_values(store, "revenue", span[0][0], span[-1][0], as_of):
        row, col = ids.get(org_id), column.get((fact_year, month))
        if row is not None and col is not None:
            values[row, col] = value
    return cv.Monthly(assessed.codes, assessed.names, assessed.parks, span, values, assessed.has("规上", year))


def _latest_month(store: Store, year: int, as_of: datetime | None) -> tuple[int, int]:
    months = last_months(store, "revenue", [year, year + 1], as_of)
    if year + 1 in months:
        return year + 1, months[year + 1]
    return year, months.get(year, 12)


# --- what the CLI and the dashboard call ------------------------------------------------------------------


def assess_mujun(
    store: Store,
    year: int | None,
    scheme: Scheme | str | None = None,
    as_of: datetime | None = None,
    under: Org | None = None,
) -> tuple[mj.Result, mj.Result | None]:
    """The 亩均 evaluation of ``year`` (default: the latest complete year) and of the year before."""
    chosen = scheme if isinstance(scheme, Scheme) else load_scheme(scheme)
    year = year or data_year(store, as_of)
    assessed = panel(store, [year - 3, year - 2, year - 1, year], as_of, under)
    now = mj.evaluate(chosen, assessed, year)
    before = None
    if assessed.values.get(year - 1):
        try:
            before = mj.evaluate(chosen, assessed, year - 1)
        except InputError:
            before = None  # no benchmark published for the year before: no previous class
    return now, before


def assess_tiers(
    store: Store, year: int | None, version: str | None = None, as_of: datetime | None = None, under: Org | None = None
) -> tuple[tr.Rules, int, list[tr.EnterpriseTiers], list[cv.Candidate]]:
    """Every enterprise against every tier (rules ``version``), and the 小升规 projections."""
    rules = tr.load_rules(version)
    year = year or data_year(store, as_of)
    assessed = panel(store, [year - 3, year - 2, year - 1, year], as_of, under)
    config = cv.settings()
    series = monthly(store, assessed, year, _latest_month(store, year, as_of), config.window + config.trend, as_of)
    return rules, year, tr.assess(rules, assessed, year), cv.project(series, config)


def assess_energy(
    store: Store, year: int | None, as_of: datetime | None = None, under: Org | None = None, county: str | None = None
) -> sc.EnergyReport:
    """Energy, 吨标准煤 and CO₂ of the county, each park and each enterprise in ``year``."""
    year = year or data_year(store, as_of)
    assessed = panel(store, [year], as_of, under)
    table = en.coefficients()
    name = county or (under.name if under is not None else "全部企业合计")
    return sc.EnergyReport(
        year=year,
        basis=en.BASIS_ZH[table.intensity_basis],
        factors=sc.factor_record(year, table),
        orgs=[sc.org_energy_record(found, park) for found, park in en.organisations(assessed, year, name)],
    )


def park_org(store: Store, name: str | None) -> Org | None:
    return find_park(load_orgs(store), name) if name else None


def plan_assessment(store: Store, evaluation: Evaluation, scheme: str | None = None) -> tg.PlanAssessment | None:
    """Everything the report and the indicator pages say about enterprises, for the plan's subject.

    None when there is nothing to assess (no enterprise under the subject has figures).
    """
    subject = evaluation.subject
    if subject is None or subject.kind == "enterprise":
        return None
    as_of = end_of_day(evaluation.known)
    try:
        year = data_year(store, as_of, evaluation.through.end)
    except InputError:
        return None
    start = evaluation.plan.period.start - 1 if evaluation.plan.period else year - 3
    years = list(range(min(start, year - 3), year + 1))
    assessed = panel(store, years, as_of, subject)
    if not len(assessed) or not assessed.values.get(year):
        return None
    chosen = load_scheme(scheme)
    result = mj.evaluate(chosen, assessed, year)
    before = mj.evaluate(chosen, assessed, year - 1) if assessed.values.get(year - 1) else None
    rules = tr.load_rules(None)
    tiers = tr.assess(rules, assessed, year)
    config = cv.settings()
    series = monthly(store, assessed, year, _latest_month(store, year, as_of), config.window + config.trend, as_of)
    projected = cv.project(series, config)
    links = tg.Links()
    tg.tier_notes(evaluation, tiers, projected, links)
    tg.tax_note(evaluation, result, links)
    tg.energy_target(evaluation, assessed, years, links)
    table = en.coefficients()
    energy = sc.EnergyReport(
        year=year,
        basis=en.BASIS_ZH[table.intensity_basis],
        factors=sc.factor_record(year, table),
        orgs=[sc.org_energy_record(f, p) for f, p in en.organisations(assessed, year, subject.name)],
        target=links.energy,
    )
    return tg.PlanAssessment(
        subject=subject.name,
        year=year,
        mujun=sc.mujun_report(result, before),
        tiers=sc.tiers_report(rules, year, tiers, projected),
        energy=energy,
        links=links,
    )
