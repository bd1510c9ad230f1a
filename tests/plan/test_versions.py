"""Which version of a plan's 指标体系 governs a day: valid time (effective) and transaction time (recorded)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planwatch.errors import InputError
from planwatch.plan.versions import Version, check_effective, in_force


def _version(number: int, effective: date, recorded: datetime) -> Version:
    return Version("p", number, effective, None, "admin", recorded)


V1 = _version(1, date(2024, 1, 23), datetime(2024, 1, 23, 9))
V2 = _version(2, date(2026, 1, 1), datetime(2026, 3, 10, 15))


def test_the_latest_version_effective_by_the_day_governs_it() -> None:
    assert in_force([V1, V2], date(2025, 12, 31)) is V1
    assert in_force([V2, V1], date(2026, 1, 1)) is V2
    assert in_force([V1, V2], date(2027, 12, 31)) is V2


def test_before_the_first_effective_date_the_first_version_governs() -> None:
    assert in_force([V1, V2], date(2023, 6, 30)) is V1


def test_nothing_confirmed_is_none() -> None:
    assert in_force([], date(2026, 1, 1)) is None


def test_a_new_version_may_not_take_effect_before_the_latest() -> None:
    check_effective([V1, V2], V2.effective)  # a correction of 第2版 takes its date
    with pytest.raises(InputError, match="早于第2版") as refused:
        check_effective([V1, V2], date(2025, 6, 1))
    assert V2.effective.isoformat() in str(refused.value)


def test_the_label_names_the_number_and_the_day() -> None:
    assert V2.label.startswith("第2版") and "2026年1月1日" in V2.label
