"""The monthly filing duty: who owes the month due, who is chased, who is not yet."""

from __future__ import annotations

from datetime import date, datetime

from planwatch.filing import standings
from planwatch.store.orgs import Org

TODAY = date(2026, 10, 31)  # September is due
FILED = datetime(2026, 10, 8)


def _org(number: int) -> Org:
    return Org(number, f"91500240000000{number:04d}", f"企业{number}", "enterprise", 1)


def test_a_producing_enterprise_that_never_filed_is_chased_one_not_producing_yet_is_not() -> None:
    steady, stopped, new_plant, building = (_org(n) for n in (1, 2, 3, 4))
    filings = [(1, "2026-09", FILED), (2, "2026-07", FILED)]
    found = {
        f.org.id: f for f in standings([steady, stopped, new_plant, building], filings, TODAY, producing={1, 2, 3})
    }
    assert set(found) == {1, 2, 3}  # 4 is still being built: no duty, not on the 催报 list
    assert found[1].filed and found[1].owed == ()
    assert [str(p) for p in found[2].owed] == ["2026-08", "2026-09"]  # 补报 the months it skipped
    assert not found[3].filed and [str(p) for p in found[3].owed] == ["2026-09"]


def test_without_production_marks_in_the_registry_everyone_owes_the_month_due() -> None:
    found = standings([_org(1), _org(4)], [(1, "2026-09", FILED)], TODAY, producing=None)
    assert [(f.org.id, f.filed) for f in found] == [(4, False), (1, True)]


def test_an_enterprise_that_files_is_held_to_it_even_without_the_mark() -> None:
    found = standings([_org(5)], [(5, "2026-08", FILED)], TODAY, producing=set())
    assert [str(p) for p in found[0].owed] == ["2026-09"]
