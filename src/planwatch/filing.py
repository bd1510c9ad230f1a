"""The monthly filing duty: which month an enterprise owes, whether it has filed it, whom to chase (催报).

A month is due once it has ended (``periods.reporting_month``): on 31 October the
September figures are due.  An enterprise has filed a month when any figure of
that month is stored for it.  An enterprise that filed before and then stopped
also owes the months it skipped (补报), at most ``catch_up_months`` back; one
that never filed owes only the month due — once it produces: when the registry
marks production (the tag of ``producing_tag``, e.g. 投产 2024), an enterprise
not yet producing that never filed owes nothing and is not chased.  Pure: the
store's filings and tags are read by the caller (``store.facts.monthly_filings``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from planwatch import data
from planwatch.periods import Period, reporting_month
from planwatch.store.orgs import Org


@cache
def settings() -> dict[str, Any]:
    """The dashboard's presentation settings (``data/cockpit.yaml``)."""
    loaded: dict[str, Any] = data.load("cockpit.yaml")
    return loaded


def catch_up_months() -> int:
    return int(settings()["filing"]["catch_up_months"])


def producing_tag() -> str:
    """The registry tag that says an enterprise produces (from its year on), so owes monthly figures."""
    return str(settings()["filing"]["producing_tag"])


@dataclass(frozen=True)
class Filing:
    """One enterprise's standing for the month due."""

    org: Org
    due: Period
    filed_at: datetime | None
    """When the month due was first recorded; None: not filed (催报)."""
    last: str | None
    """The latest month it has filed (2026-08), None if it never filed."""
    owed: tuple[Period, ...]
    """The months it still owes, oldest first: the month due, and skipped ones up to ``catch_up_months`` back."""

    @property
    def filed(self) -> bool:
        return self.filed_at is not None


def due_month(today: date) -> Period:
    return reporting_month(today)


def since_year(today: date) -> int:
    """The first year whose filings matter today (the catch-up window can reach into last year)."""
    return due_month(today).year - 1


def standings(
    enterprises: Iterable[Org],
    filings: Sequence[tuple[int, str, datetime]],
    today: date,
    producing: Collection[int] | None = None,
) -> list[Filing]:
    """Each enterprise with a duty for the month due on ``today``, not filed first, then by name.

    ``producing``: the enterprises marked as producing in the month due's year; None when the
    registry marks no one (then every enterprise owes).  One that never filed and is not
    producing has no duty yet and is left out.  Monthly periods are stored as ``2026-09``:
    as text they sort as months do.
    """
    due = due_month(today)
    months: dict[int, dict[str, datetime]] = defaultdict(dict)
    for org_id, period, recorded in filings:
        months[org_id][period] = recorded
    window = [due]
    for _ in range(catch_up_months() - 1):
        first = window[0]
        window.insert(
            0, Period("M", first.year - 1, 12) if first.number == 1 else Period("M", first.year, first.number - 1)
        )
    codes = [str(p) for p in window]
    found = []
    for org in enterprises:
        filed = months.get(org.id, {})
        last = max((p for p in filed if p <= codes[-1]), default=None)
        if last is None and not filed and producing is not None and org.id not in producing:
            continue
        if last is None:
            owed: tuple[Period, ...] = () if codes[-1] in filed else (due,)
        else:
            owed = tuple(p for p, code in zip(window, codes, strict=True) if code not in filed and code > last)
        found.append(Filing(org, due, filed.get(codes[-1]), last, owed))
    found.sort(key=lambda f: (f.filed, f.org.name))
    return found
