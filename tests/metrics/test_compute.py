"""The engine on both databases, against figures worked out by hand from a small panel."""

from __future__ import annotations

from datetime import datetime

import pytest

from planwatch.metrics import compute as compute_module
from planwatch.metrics.compile import KIND_COLUMNS
from planwatch.metrics.compute import Value, compute, known_years, run
from planwatch.metrics.definitions import Definition, definitions
from planwatch.metrics.formula import parse
from planwatch.periods import parse_period
from planwatch.store.backend import Row
from planwatch.store.database import Store
from planwatch.store.facts import NewFact, append_facts
from planwatch.store.orgs import NewOrg, add_orgs, add_tags, load_orgs
from planwatch.store.yearly import run_query

E1, E2, E3 = "91500240MA5U00001X", "91500240MA5U00002X", "91500240MA5U00003X"
T1 = datetime(2024, 3, 1, 10, 0)
T2 = datetime(2024, 5, 1, 10, 0)


def _panel(store: Store) -> dict[str, int]:
    with store.backend.transaction():
        add_orgs(
            store,
            [
                NewOrg("region:甲县", "甲县", "region"),
                NewOrg("park:A", "A园", "park", "region:甲县"),
                NewOrg("park:B", "B园", "park", "region:甲县"),
                NewOrg(E1, "企业一", "enterprise", "park:A", cluster="食品"),
                NewOrg(E2, "企业二", "enterprise", "park:A", cluster="装备"),
                NewOrg(E3, "企业三", "enterprise", "park:B", cluster="食品"),
            ],
            T1,
        )
        ids = {code: org.id for code, org in load_orgs(store).items()}
        add_tags(
            store,
            [
                (ids[E1], "规上", 2022, None, "t"),
                (ids[E2], "规上", 2023, None, "t"),
                (ids[E3], "规上", 2022, 2022, "t"),
                (ids[E1], "高新技术企业", 2023, None, "t"),
            ],
            T1,
        )

        def fact(code: str, element: str, period: str, value: float, unit: str = "万元") -> NewFact:
            return NewFact(ids[code], element, parse_period(period), value, unit)

        facts = [fact(E1, "output_value", f"2022-{m:02d}", 100) for m in range(1, 13)]
        facts += [fact(E1, "output_value", "2023", 1500)]
        facts += [fact(E2, "output_value", f"2022Q{q}", 300) for q in range(1, 5)]
        facts += [fact(E2, "output_value", f"2023-{m:02d}", 150) for m in range(1, 11)]
        facts += [fact(E3, "output_value", "2022", 600), fact(E3, "output_value", "2023", 900)]
        facts += [fact(E1, "revenue", "2023", 10000), fact(E1, "rd_expense", "2023", 300)]
        facts += [fact(E2, "revenue", "2023", 1000), fact(E2, "rd_expense", "2023", 100)]
        facts += [fact(E1, "land_area", "2023-06", 50, "亩"), fact(E1, "land_area", "2023-12", 55, "亩")]
        facts += [fact(E1, "employees", "2023-01", 10, "人"), fact(E1, "employees", "2023-02", 20, "人")]
        facts += [NewFact(ids["region:甲县"], "gs_enterprises", parse_period("2023"), 5, "家")]
        append_facts(store, facts, None, T1)
    return ids


def _definition(identifier: str) -> Definition:
    return next(d for d in definitions() if d.id == identifier)


def _by(values: list[Value], ids: dict[str, int]) -> dict[tuple[str, int], Value]:
    names = {v: k for k, v in ids.items()}
    return {(names[v.org_id], v.year): v for v in values}


def test_sum_rolls_up_with_tags_valid_in_each_year(store: Store) -> None:
    ids = _panel(store)
    got = _by(compute(store, _definition("gs_output"), [2022, 2023]), ids)
    # 2022: 企业一 1200 (months) + 企业三 600 (annual); 企业二 not yet 规上.  2023: 1500 + 1500 (Jan–Oct).
    assert got[("region:甲县", 2022)].value == pytest.approx(0.18)
    assert got[("park:A", 2022)].value == pytest.approx(0.12)
    assert got[("park:B", 2022)].value == pytest.approx(0.06)
    assert got[("region:甲县", 2023)].value == pytest.approx(0.30)
    assert ("park:B", 2023) not in got  # 企业三's 规上 status ended in 2022
    assert got[(E2, 2023)].last_month == 10


def test_an_annual_figure_wins_over_months_and_quarters_add_up(store: Store) -> None:
    ids = _panel(store)
    got = _by(compute(store, _definition("industrial_output"), [2022]), ids)
    assert got[(E2, 2022)].parts == (1200,)  # four quarters
    assert got[(E1, 2022)].parts == (1200,)  # twelve months


def test_ratio_of_sums_not_average_of_ratios(store: Store) -> None:
    ids = _panel(store)
    got = _by(compute(store, _definition("gs_rd_intensity"), [2023]), ids)
    assert got[(E1, 2023)].value == pytest.approx(3.0)
    assert got[(E2, 2023)].value == pytest.approx(10.0)
    # Park A: (300 + 100) / (10000 + 1000) = 3.64 %, not the mean of 3 % and 10 %.
    assert got[("park:A", 2023)].value == pytest.approx(400 / 11000 * 100)
    assert got[("park:A", 2023)].parts == (400, 11000)


def test_last_and_average_aggregations(store: Store) -> None:
    ids = _panel(store)
    land = {(o, y): v for o, y, v, _, _ in run(store, parse("sum(用地面积)"), [2023])}
    assert land[(ids[E1], 2023)] == 55  # the December value, not 50 + 55
    staff = {(o, y): v for o, y, v, _, _ in run(store, parse("sum(从业人员)"), [2023])}
    assert staff[(ids[E1], 2023)] == 15  # the mean of the months


def test_counts_and_reported_figures_are_both_kept(store: Store) -> None:
    ids = _panel(store)
    got = _by(compute(store, _definition("gs_enterprises"), [2022, 2023]), ids)
    assert got[("region:甲县", 2022)].value == 2
    region = got[("region:甲县", 2023)]
    assert (region.rollup, region.reported, region.value) == (2, 5, 5)  # the bulletin figure is preferred
    assert got[("park:A", 2023)].value == 2


def test_conditions_on_attributes_and_tags(store: Store) -> None:
    ids = _panel(store)
    food = {(o, y): v for o, y, v, _, _ in run(store, parse("sum(工业总产值) where 产业集群 = '食品'"), [2022])}
    assert food[(ids["region:甲县"], 2022)] == 1800
    share = {
        (o, y): v
        for o, y, v, _, _ in run(
            store, parse("sum(工业总产值 where 高新技术企业) / sum(工业总产值) * 100 where 规上"), [2023]
        )
    }
    assert share[(ids["park:A"], 2023)] == pytest.approx(50.0)


def test_year_to_date_and_year_on_year(store: Store) -> None:
    ids = _panel(store)
    ytd = {(o, y): v for o, y, v, _, _ in run(store, parse("sum(工业总产值)"), [2023], through_month=6)}
    # Through June only 企业二's monthly figures count (annual figures end in December).
    assert ytd[(ids["park:A"], 2023)] == 900
    growth = {(o, y): v for o, y, v, _, _ in run(store, parse("yoy(sum(工业总产值))"), [2023])}
    assert growth[(ids["region:甲县"], 2023)] == pytest.approx((1500 + 1500 + 900) / (1200 + 1200 + 600) * 100 - 100)


def test_as_of_reproduces_an_earlier_evaluation_exactly(store: Store) -> None:
    ids = _panel(store)
    definition = _definition("gs_output")
    before = compute(store, definition, [2022, 2023], as_of=T2)
    with store.backend.transaction():
        append_facts(
            store, [NewFact(ids[E1], "output_value", parse_period("2023"), 1600, "万元")], None, T2.replace(day=20)
        )
    after = _by(compute(store, definition, [2022, 2023]), ids)
    assert after[("region:甲县", 2023)].value == pytest.approx(0.31)
    assert compute(store, definition, [2022, 2023], as_of=T2) == before
    assert _by(before, ids)[("region:甲县", 2023)].value == pytest.approx(0.30)
    # Before anything was recorded, nothing was known.
    assert compute(store, definition, [2022, 2023], as_of=datetime(2024, 1, 1)) == []


@pytest.mark.parametrize(("as_of", "through_month"), [(None, None), (T2, None), (T2, 6), (T2.replace(day=20), 0)])
def test_one_pass_over_the_facts_gives_what_each_indicator_aggregates_itself(
    store: Store, as_of: datetime | None, through_month: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An evaluation aggregates the facts once (``known_years``) and every indicator reads that: the figures
    are those each indicator's own pass over the facts gives, with a correction known or not yet known."""
    ids = _panel(store)
    with store.backend.transaction():
        append_facts(
            store, [NewFact(ids[E1], "output_value", parse_period("2023"), 1600, "万元")], None, T2.replace(day=10)
        )
    chosen = [_definition(i) for i in ("gs_output", "gs_rd_intensity", "gs_enterprises", "industrial_output")]
    chosen.append(Definition("yoy", "增速", parse("yoy(sum(工业总产值))"), "%", "%", "rate", None, "rollup", (), None))
    needed = {a.target for d in chosen for a in d.formula.aggregates() if a.function != "count"}
    needed |= {d.reported.code for d in chosen if d.reported is not None}
    kept = known_years(store, needed, 2021, 2023, as_of, through_month, revised=True)
    queries: list[str] = []

    def recorded(on: Store, sql: str) -> list[Row]:
        queries.append(sql)
        return run_query(on, sql)

    monkeypatch.setattr(compute_module, "run_query", recorded)
    for definition in chosen:
        alone = compute(store, definition, [2022, 2023], as_of, through_month, revised=True)
        read = len(queries)
        shared = compute(store, definition, [2022, 2023], as_of, through_month, revised=True, known=kept)
        assert shared == alone, definition.id
        # Every query that needs yearly values (a count needs none) takes them from the table.
        bad = [sql for sql in queries[read:] if "yearly AS" in sql and ("facts" in sql or kept.table not in sql)]
        assert not bad, bad[0]
        assert alone or as_of is not None  # the panel feeds every indicator chosen


def test_a_shared_table_made_for_other_dates_is_not_read(store: Store) -> None:
    ids = _panel(store)
    kept = known_years(store, {"output_value"}, 2021, 2023, T2, 6, revised=True)
    whole_year = _by(compute(store, _definition("industrial_output"), [2022, 2023], T2, None, True, kept), ids)
    assert whole_year[("park:A", 2023)].parts == (1500 + 1500,)  # not the table's January–June


def _kept_and_rewritten(store: Store) -> tuple[list[Row], list[Row]]:
    """``element_years`` as the writes kept it, and as rewritten from the facts."""
    from planwatch.store.yearly import refresh_years

    columns = "org_id, element, year, value, last_month, " + ", ".join(KIND_COLUMNS)
    kept = sorted(store.backend.query(f"SELECT {columns} FROM element_years"))
    with store.backend.transaction():
        store.backend.execute("DELETE FROM element_years_state")
        partitions = {(e, y) for (e, y) in store.backend.query("SELECT element, year FROM fact_partitions")}
        refresh_years(store, partitions, store.now())
    rewritten = sorted(store.backend.query(f"SELECT {columns} FROM element_years"))
    return kept, rewritten


def _assert_same_rows(kept: list[Row], rewritten: list[Row]) -> None:
    assert [r[:3] for r in kept] == [r[:3] for r in rewritten]
    for a, b in zip(kept, rewritten, strict=True):
        assert a[3:] == pytest.approx(b[3:])


def test_writes_keep_yearly_values_current_with_the_same_numbers(store: Store) -> None:
    from planwatch.store.yearly import cache_covers

    ids = _panel(store)
    formula = _definition("gs_output").formula
    assert cache_covers(store, formula, [2022, 2023])  # the writes built it from their batches
    far = datetime(2100, 1, 1)  # a read "as of" a moment bypasses element_years: the facts themselves
    for d in definitions():
        assert compute(store, d, [2022, 2023]) == compute(store, d, [2022, 2023], as_of=far)
    # A correction keeps the partition current too: its difference is added.
    with store.backend.transaction():
        append_facts(store, [NewFact(ids[E1], "output_value", parse_period("2023"), 1600, "万元")], None, T2)
    assert cache_covers(store, formula, [2023])
    got = _by(compute(store, _definition("gs_output"), [2023]), ids)
    assert got[("region:甲县", 2023)].value == pytest.approx(0.31)
    _assert_same_rows(*_kept_and_rewritten(store))


def test_every_kind_of_batch_is_added_exactly_as_a_rewrite_would(store: Store) -> None:
    ids = _panel(store)

    def fact(code: str, element: str, period: str, value: float, unit: str = "万元") -> NewFact:
        return NewFact(ids[code], element, parse_period(period), value, unit)

    batches = [
        [fact(E2, "output_value", "2023-11", 150), fact(E3, "output_value", "2023-11", 99)],  # months; annual wins
        [fact(E1, "output_value", "2024-01", 120), fact(E1, "land_area", "2024-01", 56, "亩")],  # a January
        [fact(E2, "output_value", "2023-03", 10), fact(E1, "land_area", "2023-03", 40, "亩")],  # late corrections
        [fact(E1, "land_area", "2023-09", 52, "亩"), fact(E1, "employees", "2023-03", 30, "人")],  # late new months
        [fact(E2, "output_value", "2024Q1", 500), fact(E2, "output_value", "2024-02", 170)],  # quarter and month
        [fact(E1, "employees", "2023", 18, "人"), fact(E3, "output_value", "2024", 1000)],  # annual figures
        [fact(E1, "employees", "2023", 19, "人"), fact(E2, "output_value", "2024Q1", 510)],  # their corrections
    ]
    for number, batch in enumerate(batches, start=1):
        with store.backend.transaction():
            append_facts(store, batch, None, T2.replace(day=number))
        _assert_same_rows(*_kept_and_rewritten(store))
    values = {(o, e, y): v for o, e, y, v, *_ in store.backend.query("SELECT * FROM element_years")}
    assert values[(ids[E2], "output_value", 2023)] == 1650 - 150 + 10  # Jan–Oct, November, March corrected
    assert values[(ids[E3], "output_value", 2023)] == 900  # the annual figure still wins
    assert values[(ids[E1], "land_area", 2023)] == 55  # December's stock, not the late September
    assert values[(ids[E1], "employees", 2023)] == 19  # the corrected annual figure
    assert values[(ids[E2], "output_value", 2024)] == 510  # the quarter, not the month


def test_monthly_batches_update_the_year_in_place_exactly_as_a_rewrite_would(store: Store) -> None:
    """A January seeds the year; later single-month files update the rows they touch, start rows for orgs and
    elements new to the year, correct a month (its difference added) and fill in a late month."""
    ids = _panel(store)

    def fact(code: str, element: str, period: str, value: float, unit: str = "万元") -> NewFact:
        return NewFact(ids[code], element, parse_period(period), value, unit)

    batches = [
        [fact(E1, "output_value", "2024-01", 100), fact(E2, "output_value", "2024-01", 200)],  # a January
        [  # February: E3 and employees are new to the year
            fact(E1, "output_value", "2024-02", 110),
            fact(E2, "output_value", "2024-02", 210),
            fact(E3, "output_value", "2024-02", 50),
            fact(E1, "employees", "2024-02", 30, "人"),
        ],
        [fact(E1, "output_value", "2024-02", 115), fact(E1, "employees", "2024-02", 32, "人")],  # corrections
        [fact(E3, "output_value", "2024-01", 40), fact(E2, "land_area", "2024-01", 70, "亩")],  # a late January
    ]
    for number, batch in enumerate(batches, start=1):
        with store.backend.transaction():
            append_facts(store, batch, None, T2.replace(day=number))
        _assert_same_rows(*_kept_and_rewritten(store))
    values = {(o, e, y): (v, last) for o, e, y, v, last, *_ in store.backend.query("SELECT * FROM element_years")}
    assert values[(ids[E1], "output_value", 2024)] == (100 + 115, 2)  # January and February corrected
    assert values[(ids[E3], "output_value", 2024)] == (50 + 40, 2)  # the late January adds, February stays last
    assert values[(ids[E1], "employees", 2024)] == (32, 2)  # the average of its one month, corrected
    assert values[(ids[E2], "land_area", 2024)] == (70, 1)
    far = datetime(2100, 1, 1)  # the facts themselves
    for d in definitions():
        assert compute(store, d, [2024]) == compute(store, d, [2024], as_of=far), d.id


def test_a_failed_monthly_import_leaves_the_kept_year_as_it_was(store: Store) -> None:
    ids = _panel(store)
    with store.backend.transaction():
        append_facts(store, [NewFact(ids[E1], "output_value", parse_period("2024-01"), 100, "万元")], None, T2)
    columns = "org_id, element, year, value, last_month, " + ", ".join(KIND_COLUMNS)
    before = sorted(store.backend.query(f"SELECT {columns} FROM element_years"))
    facts = store.backend.query("SELECT count(*) FROM facts")
    with pytest.raises(RuntimeError), store.backend.transaction():
        append_facts(store, [NewFact(ids[E1], "output_value", parse_period("2024-02"), 120, "万元")], None, T2)
        raise RuntimeError("the import stops after writing")
    assert sorted(store.backend.query(f"SELECT {columns} FROM element_years")) == before
    assert store.backend.query("SELECT count(*) FROM facts") == facts
