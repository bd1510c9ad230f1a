"""Energy by kind → 吨标准煤 (当量值 and 等价值) → CO₂, per enterprise, park and county; 单位工业增加值能耗.

Coefficients are data: GB/T 2589 折标准煤系数 (``data/energy/gbt2589.yaml``), the yearly 火电供电煤耗 for
electricity's 等价值, fuel emission factors from NCV × carbon content × oxidation × 44/12 and the MEE/NBS
grid factor of the year (``data/energy/co2.yaml``).  An enterprise that reports only its 综合能耗 (no energy
by kind) keeps that figure for both bases and has no CO₂.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np

from planwatch import data
from planwatch.assess.panel import Bools, Floats, Panel
from planwatch.errors import InputError

Basis = Literal["calorific", "equivalent"]
"""当量值 (calorific: electricity at 3 600 kJ/kWh) or 等价值 (equivalent: the coal burned to make it)."""
BASIS_ZH = {"calorific": "当量值", "equivalent": "等价值"}
CO2_PER_C = 44 / 12
ELECTRICITY = "electricity"
REPORTED_TOTAL = "energy_total"


@dataclass(frozen=True)
class Fuel:
    element: str
    name: str
    unit: str
    factor: float
    """吨标准煤 per one ``unit`` (当量值; the same 等价值 for everything but electricity)."""
    co2: float
    """tCO₂ per one ``unit`` burned or bought (electricity: see ``Coefficients.grid_factor``)."""
    mark: str


@dataclass(frozen=True)
class Factor:
    value: float
    year: int
    """The year the factor is published for (the latest not after the year asked)."""
    source: str


@dataclass(frozen=True)
class Coefficients:
    fuels: tuple[Fuel, ...]
    grams_per_kwh: dict[int, float]
    """火电厂供电标准煤耗 by year (g standard coal per kWh): electricity's 等价值."""
    grid: dict[int, tuple[float, str]]
    regions: dict[int, dict[str, float]]
    region: str
    intensity_basis: Basis

    def fuel(self, element: str) -> Fuel:
        return next(f for f in self.fuels if f.element == element)

    def equivalent_electricity(self, year: int) -> Factor:
        """tce per 万千瓦时 on the 等价值 basis for ``year`` (the latest published year not after it)."""
        known = [y for y in self.grams_per_kwh if y <= year] or [min(self.grams_per_kwh)]
        used = max(known)
        grams = self.grams_per_kwh[used]
        return Factor(grams * 1e4 / 1e6, used, f"{used}年火电厂供电标准煤耗{grams:g}克/千瓦时")

    def grid_factor(self, year: int) -> Factor:
        """tCO₂ per MWh of purchased electricity for ``year``: regional if configured and published, else national."""
        if self.region != "national":
            years = [y for y, table in self.regions.items() if y <= year and self.region in table]
            if years:
                used = max(years)
                return Factor(self.regions[used][self.region], used, f"{used}年{self.region}区域电网平均排放因子")
        known = [y for y in self.grid if y <= year] or [min(self.grid)]
        used = max(known)
        value, source = self.grid[used]
        return Factor(value, used, source)

    def tce_factor(self, fuel: Fuel, basis: Basis, year: int) -> float:
        if fuel.element == ELECTRICITY and basis == "equivalent":
            return self.equivalent_electricity(year).value
        return fuel.factor

    def co2_factor(self, fuel: Fuel, year: int) -> float:
        """tCO₂ per unit of the fuel (electricity: per 万千瓦时 = 10 MWh)."""
        if fuel.element == ELECTRICITY:
            return self.grid_factor(year).value * 10
        return fuel.co2


def emission_factor(ncv: float, carbon: float, oxidation: float) -> float:
    """tCO₂ per unit: NCV (GJ/unit) × carbon content (tC/TJ) × oxidation × 44/12 (the guideline's formula)."""
    return ncv * carbon * oxidation * CO2_PER_C / 1000


@cache
def coefficients() -> Coefficients:
    table: dict[str, Any] = data.load("energy/gbt2589.yaml")
    carbon: dict[str, Any] = data.load("energy/co2.yaml")
    fuels = []
    for row in table["fuels"]:
        element = row["element"]
        if element == ELECTRICITY:
            co2 = 0.0
        elif element == carbon["heat"]["element"]:
            co2 = float(carbon["heat"]["factor"])
        else:
            params = carbon["fuels"].get(element)
            if params is None:
                raise InputError(
                    f"data/energy/co2.yaml 缺少“{row['name']}”（{element}）的排放因子参数：请补上 ncv、carbon、oxidation。"
                )
            co2 = emission_factor(float(params["ncv"]), float(params["carbon"]), float(params["oxidation"]))
        fuels.append(Fuel(element, row["name"], row["unit"], float(row["factor"]), co2, str(row.get("mark", ""))))
    electricity = carbon["electricity"]
    basis = table.get("intensity_basis", "calorific")
    if basis not in BASIS_ZH:
        raise InputError(
            f"data/energy/gbt2589.yaml 的 intensity_basis 只能是 calorific（当量值）或 equivalent（等价值），而不是“{basis}”。"
        )
    return Coefficients(
        fuels=tuple(fuels),
        grams_per_kwh={int(y): float(v) for y, v in table["equivalent_electricity"]["grams_per_kwh"].items()},
        grid={int(y): (float(v["factor"]), str(v["source"])) for y, v in electricity["national"].items()},
        regions={int(y): {k: float(v) for k, v in t.items()} for y, t in electricity.get("regions", {}).items()},
        region=str(electricity.get("region", "national")),
        intensity_basis=basis,
    )


@dataclass(frozen=True)
class Use:
    """Energy of every row of a panel in one year."""

    year: int
    quantities: dict[str, Floats]
    """fuel element → physical quantity (NaN: not reported)."""
    calorific: Floats
    """吨标准煤, 当量值 (NaN: no energy figure at all)."""
    equivalent: Floats
    """吨标准煤, 等价值."""
    co2: Floats
    """tCO₂ (NaN where only a reported 综合能耗 is known)."""
    by_kind: Bools
    """True where the figure comes from energy by kind, False where from a reported 综合能耗."""

    def tce(self, basis: Basis) -> Floats:
        return self.calorific if basis == "calorific" else self.equivalent


def use(panel: Panel, year: int, table: Coefficients | None = None) -> Use:
    """Each row's energy in ``year``: the sum over kinds of quantity × coefficient, or its reported 综合能耗."""
    table = table or coefficients()
    n = len(panel)
    calorific, equivalent, co2 = np.zeros(n), np.zeros(n), np.zeros(n)
    reported_any = np.zeros(n, dtype=bool)
    quantities: dict[str, Floats] = {}
    for fuel in table.fuels:
        quantity = panel.value(fuel.element, year)
        quantities[fuel.element] = quantity
        known = ~np.isnan(quantity)
        reported_any |= known
        amount = np.where(known, quantity, 0.0)
        calorific += amount * fuel.factor
        equivalent += amount * table.tce_factor(fuel, "equivalent", year)
        co2 += amount * table.co2_factor(fuel, year)
    total = panel.value(REPORTED_TOTAL, year)
    fallback = ~reported_any & ~np.isnan(total)
    calorific = np.where(reported_any, calorific, np.where(fallback, total, np.nan))
    equivalent = np.where(reported_any, equivalent, np.where(fallback, total, np.nan))
    co2 = np.where(reported_any, co2, np.nan)
    return Use(year, quantities, calorific, equivalent, co2, reported_any)


@dataclass(frozen=True)
class FuelTotal:
    name: str
    unit: str
    quantity: float
    calorific: float
    equivalent: float
    co2: float


@dataclass(frozen=True)
class OrgEnergy:
    """A park's, the county's or one enterprise's energy in a year."""

    org: str
    kind: str
    """enterprise, park or region (the county as a whole)."""
    code: str | None
    enterprises: int
    calorific: float | None
    equivalent: float | None
    co2: float | None
    value_added: float | None
    """万元."""
    intensity: float | None
    """吨标准煤 per 万元 of 工业增加值 on the configured basis."""
    by_fuel: tuple[FuelTotal, ...]


def _sum(values: Floats) -> float | None:
    known = values[~np.isnan(values)]
    return float(known.sum()) if known.size else None


def total(
    name: str,
    kind: str,
    code: str | None,
    energy: Use,
    value_added: Floats,
    rows: Bools,
    basis: Basis,
    table: Coefficients | None = None,
) -> OrgEnergy:
    """The energy of the ``rows`` together (an enterprise is one row)."""
    table = table or coefficients()
    calorific = _sum(energy.calorific[rows])
    equivalent = _sum(energy.equivalent[rows])
    co2 = _sum(energy.co2[rows])
    has_energy = rows & ~np.isnan(energy.tce(basis))
    added = _sum(np.where(has_energy, value_added, np.nan)[rows])
    own = energy.tce(basis)
    used = _sum(own[rows])
    fuels = []
    for fuel in table.fuels:
        quantity = _sum(energy.quantities[fuel.element][rows])
        if quantity is None:
            continue
        fuels.append(
            FuelTotal(
                name=fuel.name,
                unit=fuel.unit,
                quantity=quantity,
                calorific=quantity * fuel.factor,
                equivalent=quantity * table.tce_factor(fuel, "equivalent", energy.year),
                co2=quantity * table.co2_factor(fuel, energy.year),
            )
        )
    intensity = used / added if used is not None and added else None
    return OrgEnergy(name, kind, code, int(rows.sum()), calorific, equivalent, co2, added, intensity, tuple(fuels))


@dataclass(frozen=True)
class Contribution:
    """How much one enterprise moved the intensity of a group between two years."""

    code: str
    name: str
    park: str | None
    intensity_points: float
    """Its part of the change in 吨标准煤/万元 (all parts add up to the change)."""
    energy_change: float
    """Its change in 吨标准煤 consumed (on the same basis)."""


def contributions(
    panel: Panel,
    first: tuple[Use, Floats, Bools],
    last: tuple[Use, Floats, Bools],
    basis: Basis,
) -> tuple[float | None, float | None, list[Contribution]]:
    """Each enterprise's part in the change of a group's intensity from one year to another.

    ``first`` and ``last`` are (energy, value added, members) of the two years.  With I₀ the group's
    intensity in the first year, an enterprise's term in a year is (E − I₀·V) ÷ V_group; the terms of a year
    add up to I − I₀, so the changes of the terms add up exactly to the change in intensity.  Returns
    (intensity first, intensity last, contributions largest increase first).
    """
    (use0, added0, rows0), (use1, added1, rows1) = first, last
    e0, e1 = use0.tce(basis), use1.tce(basis)
    valid0 = rows0 & ~np.isnan(e0) & ~np.isnan(added0)
    valid1 = rows1 & ~np.isnan(e1) & ~np.isnan(added1)
    v0, v1 = float(added0[valid0].sum()), float(added1[valid1].sum())
    if v0 <= 0 or v1 <= 0:
        return None, None, []
    base = float(e0[valid0].sum()) / v0
    latest = float(e1[valid1].sum()) / v1
    term0 = np.where(valid0, (np.nan_to_num(e0) - base * np.nan_to_num(added0)) / v0, 0.0)
    term1 = np.where(valid1, (np.nan_to_num(e1) - base * np.nan_to_num(added1)) / v1, 0.0)
    change = term1 - term0
    energy_change = np.where(valid1, np.nan_to_num(e1), 0.0) - np.where(valid0, np.nan_to_num(e0), 0.0)
    involved = np.flatnonzero(valid0 | valid1)
    found = [
        Contribution(panel.codes[i], panel.names[i], panel.parks[i], float(change[i]), float(energy_change[i]))
        for i in involved
    ]
    found.sort(key=lambda c: (-c.intensity_points, c.code))
    return base, latest, found


def series(
    panel: Panel, years: Sequence[int], members: dict[int, Bools], basis: Basis, table: Coefficients | None = None
) -> dict[int, float]:
    """The group's intensity (吨标准煤/万元) each year that has energy and value added."""
    found: dict[int, float] = {}
    for year in years:
        energy = use(panel, year, table)
        added = panel.value("value_added", year)
        rows = members[year] & ~np.isnan(energy.tce(basis)) & ~np.isnan(added)
        denominator = float(added[rows].sum())
        if rows.any() and denominator > 0:
            found[year] = float(energy.tce(basis)[rows].sum()) / denominator
    return found


def decline(base: float, value: float) -> float:
    """Percent change from ``base`` (−13 is a fall of 13 %)."""
    return (value / base - 1) * 100 if base and not math.isnan(base) else math.nan


def organisations(
    panel: Panel, year: int, county: str, basis: Basis | None = None, table: Coefficients | None = None
) -> list[tuple[OrgEnergy, str | None]]:
    """The county (every row), each park, then each enterprise with energy or value added, with its park."""
    table = table or coefficients()
    basis = basis or table.intensity_basis
    energy = use(panel, year, table)
    added = panel.value("value_added", year)
    everyone = np.ones(len(panel), dtype=bool)
    found: list[tuple[OrgEnergy, str | None]] = [
        (total(county, "region", None, energy, added, everyone, basis, table), None)
    ]
    parks = sorted({p for p in panel.parks if p})
    park_of = np.array([p or "" for p in panel.parks])
    for park in parks:
        found.append((total(park, "park", None, energy, added, park_of == park, basis, table), None))
    active = ~np.isnan(energy.calorific) | ~np.isnan(added)
    for row in np.flatnonzero(active):
        found.append((_single(panel, int(row), energy, added, basis, table), panel.parks[row]))
    return found


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _single(panel: Panel, row: int, energy: Use, added: Floats, basis: Basis, table: Coefficients) -> OrgEnergy:
    """One enterprise's energy (``total`` over a single row, without masks over the whole panel)."""
    fuels = []
    for fuel in table.fuels:
        quantity = float(energy.quantities[fuel.element][row])
        if math.isnan(quantity):
            continue
        fuels.append(
            FuelTotal(
                fuel.name,
                fuel.unit,
                quantity,
                quantity * fuel.factor,
                quantity * table.tce_factor(fuel, "equivalent", energy.year),
                quantity * table.co2_factor(fuel, energy.year),
            )
        )
    used = _number(float(energy.tce(basis)[row]))
    value_added = _number(float(added[row]))
    intensity = used / value_added if used is not None and value_added else None
    return OrgEnergy(
        panel.names[row],
        "enterprise",
        panel.codes[row],
        1,
        _number(float(energy.calorific[row])),
        _number(float(energy.equivalent[row])),
        _number(float(energy.co2[row])),
        value_added,
        intensity,
        tuple(fuels),
    )
