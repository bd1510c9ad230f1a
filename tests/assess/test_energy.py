"""Energy → 吨标准煤 → CO₂: one test per kind of energy in the data file, both bases, the yearly factors,
and each enterprise's part in a change of intensity."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from planwatch import data
from planwatch.assess import energy as en
from tests.assess.helpers import panel

TABLE = en.coefficients()
CO2: dict[str, Any] = data.load("energy/co2.yaml")


def test_coal_and_electricity_as_the_standard_says() -> None:
    use = en.use(panel([{"coal": 1.0}, {"electricity": 1.0}], year=2023), 2023)
    assert use.calorific[0] == pytest.approx(0.7143)  # 1 t 原煤
    assert use.calorific[1] == pytest.approx(1.229)  # 10⁴ kWh, 当量值


@pytest.mark.parametrize("fuel", TABLE.fuels, ids=lambda f: f.name)
def test_one_unit_of_each_kind(fuel: en.Fuel) -> None:
    year = 2023
    use = en.use(panel([{fuel.element: 1.0}], year=year), year)
    assert use.calorific[0] == pytest.approx(fuel.factor)
    if fuel.element == "electricity":
        grams = data.load("energy/gbt2589.yaml")["equivalent_electricity"]["grams_per_kwh"][year]
        assert use.equivalent[0] == pytest.approx(grams * 1e4 / 1e6)  # g/kWh × 10⁴ kWh → t
        assert use.co2[0] == pytest.approx(CO2["electricity"]["national"][year]["factor"] * 10)  # t/MWh × 10 MWh
    elif fuel.element == "heat":
        assert use.equivalent[0] == pytest.approx(fuel.factor)
        assert use.co2[0] == pytest.approx(CO2["heat"]["factor"])
    else:
        assert use.equivalent[0] == pytest.approx(fuel.factor)
        p = CO2["fuels"][fuel.element]
        assert use.co2[0] == pytest.approx(p["ncv"] * p["carbon"] * p["oxidation"] * 44 / 12 / 1000)


def test_emission_factors_match_the_reference_table() -> None:
    # The computed column of the reference notes (§6.2): 原煤 as 烟煤 2.072, 柴油 3.145, 天然气 21.62 t/10⁴ Nm³.
    assert TABLE.fuel("coal").co2 == pytest.approx(2.072, abs=5e-4)
    assert TABLE.fuel("diesel").co2 == pytest.approx(3.145, abs=5e-4)
    assert TABLE.fuel("natural_gas").co2 == pytest.approx(21.62, abs=5e-3)


def test_a_year_not_published_uses_the_latest_before_it() -> None:
    assert TABLE.grid_factor(2025).year == 2023 and TABLE.grid_factor(2025).value == 0.5306
    assert TABLE.grid_factor(2022).value == 0.5366
    assert TABLE.equivalent_electricity(2030).year == max(TABLE.grams_per_kwh)


def test_only_a_reported_total_is_kept_for_both_bases() -> None:
    use = en.use(panel([{"energy_total": 500.0}, {"energy_total": 999.0, "coal": 100.0}, {}], year=2023), 2023)
    assert use.calorific[0] == use.equivalent[0] == 500 and np.isnan(use.co2[0])
    assert use.calorific[1] == pytest.approx(71.43)  # energy by kind wins over the reported total
    assert np.isnan(use.calorific[2])


def test_parts_of_a_change_in_intensity_add_up() -> None:
    before = [{"coal": 100.0, "value_added": 100.0}, {"electricity": 50.0, "value_added": 300.0}]
    after = [{"coal": 150.0, "value_added": 110.0}, {"electricity": 40.0, "value_added": 360.0}]
    rows = panel(after, year=2024, previous=before)
    everyone = np.ones(2, dtype=bool)
    first = (en.use(rows, 2023), rows.value("value_added", 2023), everyone)
    last = (en.use(rows, 2024), rows.value("value_added", 2024), everyone)
    base, latest, parts = en.contributions(rows, first, last, "calorific")
    assert base is not None and latest is not None
    assert base == pytest.approx((100 * 0.7143 + 50 * 1.229) / 400)
    assert latest == pytest.approx((150 * 0.7143 + 40 * 1.229) / 470)
    assert sum(p.intensity_points for p in parts) == pytest.approx(latest - base)
    assert parts[0].code == "E000"  # more coal for little more value added: it pushed intensity up
    assert parts[0].energy_change == pytest.approx(50 * 0.7143)


def test_totals_per_park_and_county() -> None:
    rows = panel([{"coal": 10.0, "value_added": 50.0}, {"natural_gas": 2.0, "value_added": 80.0}, {"value_added": 5.0}])
    found = {org.org: org for org, _ in en.organisations(rows, 2022, "全县")}
    county = found["全县"]
    assert county.calorific is not None
    assert county.calorific == pytest.approx(10 * 0.7143 + 2 * 12.143)
    assert county.value_added == pytest.approx(130)  # the firm without energy is left out of the intensity
    assert county.intensity == pytest.approx(county.calorific / 130)
    assert found["乙园区"].calorific == pytest.approx(10 * 0.7143)
    assert {f.name for f in county.by_fuel} == {"原煤", "天然气"}
