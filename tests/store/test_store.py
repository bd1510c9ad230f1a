"""The store itself, on DuckDB and PostgreSQL: schema, org hierarchy, append-only facts, as-of."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from planwatch.periods import parse_period
from planwatch.store.backend import StoreError
from planwatch.store.database import Store, open_store
from planwatch.store.facts import NewFact, append_facts, current_values
from planwatch.store.orgs import NewOrg, add_orgs, load_orgs
from planwatch.store.schema import LATEST, MIGRATIONS, current_version, recorded


def _tree(store: Store) -> dict[str, int]:
    now = store.now()
    with store.backend.transaction():
        add_orgs(
            store,
            [
                NewOrg("region:甲县", "甲县", "region"),
                NewOrg("park:乙园", "乙园", "park", "region:甲县"),
                NewOrg("park:乙园·A区", "乙园A区", "park", "park:乙园"),
                NewOrg("91500240MA5U00001X", "企业一", "enterprise", "park:乙园·A区"),
            ],
            now,
        )
    return {code: org.id for code, org in load_orgs(store).items()}


def test_migrations_are_recorded_and_idempotent(store_location: str) -> None:
    first = open_store(store_location)
    assert current_version(first.backend) == LATEST
    first.close()
    again = open_store(store_location)
    assert current_version(again.backend) == LATEST
    assert again.backend.query("SELECT count(*) FROM schema_version")[0][0] == len(MIGRATIONS)  # numbers may skip
    assert again.backend.query("SELECT count(*) FROM elements")[0][0] > 20
    again.close()


def test_a_migration_numbered_below_the_latest_is_still_applied(store_location: str) -> None:
    """Work merged later may bring a lower number (6 after 8): a database that skipped it gets it."""
    first = open_store(store_location)
    lower = MIGRATIONS[-2][0]
    tables = {
        statement.split("(")[0].split()[-1] for statement in MIGRATIONS[-2][2] if statement.startswith("CREATE TABLE")
    }
    for table in tables:
        first.backend.execute(f"DROP TABLE {table}")
    first.backend.execute("DELETE FROM schema_version WHERE version = ?", (lower,))
    first.close()
    with pytest.raises(StoreError):
        open_store(store_location, read_only=True)  # a reader refuses a database missing a migration
    again = open_store(store_location)
    assert lower in recorded(again.backend)
    for table in tables:
        assert again.backend.query(f"SELECT count(*) FROM {table}")[0][0] == 0
    again.close()


def test_closure_table_covers_every_ancestor(store: Store) -> None:
    ids = _tree(store)
    rows = store.backend.query(
        "SELECT ancestor_id, depth FROM org_tree WHERE org_id = ? ORDER BY depth", (ids["91500240MA5U00001X"],)
    )
    assert rows == [
        (ids["91500240MA5U00001X"], 0),
        (ids["park:乙园·A区"], 1),
        (ids["park:乙园"], 2),
        (ids["region:甲县"], 3),
    ]


def test_facts_are_appended_as_revisions_and_read_as_of(store: Store) -> None:
    ids = _tree(store)
    enterprise = ids["91500240MA5U00001X"]
    june = parse_period("2024-06")
    t1 = datetime(2024, 7, 10, 9, 0)
    t2 = t1 + timedelta(days=20)
    with store.backend.transaction():
        append_facts(store, [NewFact(enterprise, "output_value", june, 1000.0, "万元")], None, t1)
    with store.backend.transaction():
        append_facts(store, [NewFact(enterprise, "output_value", june, 1200.0, "万元")], None, t2)
    key = (enterprise, "output_value", "2024-06")
    assert store.backend.query("SELECT count(*) FROM facts")[0][0] == 2  # nothing overwritten
    assert current_values(store, [key]) == {key: (1200.0, 2)}
    assert current_values(store, [key], as_of=t1 + timedelta(days=1)) == {key: (1000.0, 1)}
    assert current_values(store, [key], as_of=t1 - timedelta(days=1)) == {}


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    ids = _tree(store)
    before = (store.counts(), store.checksum())
    with pytest.raises(RuntimeError), store.backend.transaction():
        append_facts(
            store, [NewFact(ids["91500240MA5U00001X"], "tax", parse_period("2024"), 5.0, "万元")], None, store.now()
        )
        raise RuntimeError("boom")
    assert (store.counts(), store.checksum()) == before


def test_a_file_that_is_not_a_database(tmp_path) -> None:  # type: ignore[no-untyped-def]  # pytest fixture
    path = tmp_path / "not.duckdb"
    path.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(StoreError, match="--db"):
        open_store(path)


def test_read_only_store_must_exist(tmp_path) -> None:  # type: ignore[no-untyped-def]  # pytest fixture
    with pytest.raises(StoreError):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_the_migration_that_reshapes_element_years_rebuilds_it_from_the_facts(store_location: str) -> None:
    """Migration 10 empties ``element_years``; opening the store fills it again, as the writes had kept it."""
    from planwatch.store.schema import YEARS_REBUILT

    store = open_store(store_location)
    ids = _tree(store)
    facts = [
        NewFact(ids["91500240MA5U00001X"], "output_value", parse_period(f"2024-{m:02d}"), m, "万元") for m in (1, 2, 3)
    ]
    facts.append(NewFact(ids["91500240MA5U00001X"], "land_area", parse_period("2024-02"), 40, "亩"))
    with store.backend.transaction():
        append_facts(store, facts, None, store.now())
    kept = sorted(store.backend.query("SELECT * FROM element_years"))
    assert [(e, v) for _, e, _, v, *_ in kept] == [("land_area", 40), ("output_value", 6)]
    store.backend.execute("DROP TABLE org_changes")
    store.backend.execute("DELETE FROM schema_version WHERE version = ?", (YEARS_REBUILT,))
    store.close()
    again = open_store(store_location)
    assert sorted(again.backend.query("SELECT * FROM element_years")) == kept
    states = again.backend.query("SELECT element, year FROM element_years_state ORDER BY element")
    assert states == [("land_area", 2024), ("output_value", 2024)]
    again.close()
