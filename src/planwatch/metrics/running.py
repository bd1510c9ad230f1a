"""The year so far: a definition's 1—N月累计 for every org, the same months a year earlier, and the month itself.

What a county office reports each month: 规上工业总产值 1—9月累计 54.40亿元，同比增长
8.3%，9月当月 6.52亿元.  N is the last month the subject's figures reach by the
knowledge date (not the calendar: September's figures arrive in October), and
last year is cut at the same month, so the comparison is like for like.  A flow
(产值, 税金) is summed over the months; a count or a share is its value at the
month, compared with the same month a year earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planwatch.evaluate.gather import is_flow
from planwatch.metrics.compute import Value, compute
from planwatch.metrics.definitions import Definition
from planwatch.periods import Through
from planwatch.store.database import Store, end_of_day


@dataclass(frozen=True)
class Running:
    """One org's figures for the year so far."""

    value: float | None
    """1—N月累计 for a flow; the figure at month N otherwise."""
    last_year: float | None
    """The same, a year earlier (months 1—N)."""
    month_value: float | None
    """Month N alone (flows only)."""
    month: int | None
    """The last month the org's own figures reach this year (an enterprise late with its return: earlier than N)."""

    @property
    def growth(self) -> float | None:
        """同比: the rate of change against last year (0.083 = 8.3 %), for levels with a base above zero."""
        if self.value is None or not self.last_year or self.last_year <= 0:
            return None
        return self.value / self.last_year - 1

    @property
    def change(self) -> float | None:
        """The difference from last year (counts: 家; shares: percentage points)."""
        if self.value is None or self.last_year is None:
            return None
        return self.value - self.last_year


@dataclass(frozen=True)
class YearSoFar:
    definition: Definition
    flow: bool
    year: int
    month: int | None
    """N: the last month the subject's figures reach (12: a whole year; None: a count by year, from tags)."""
    orgs: dict[int, Running]

    @property
    def label(self) -> str:
        """What the figures cover, in words: 1—9月 (a flow so far), 9月末 (a stock), 2025年 (a whole year)."""
        if self.month is None or self.month == 12:
            return f"{self.year}年"
        if self.flow:
            return f"{self.year}年1—{self.month}月" if self.month > 1 else f"{self.year}年1月"
        return f"{self.year}年{self.month}月末"

    @property
    def period(self) -> str:
        """The period code of the latest figure (2026-09, or 2025 for a whole year)."""
        return str(self.year) if self.month is None or self.month == 12 else f"{self.year}-{self.month:02d}"


def this_year(store: Store, definition: Definition, through: Through, known: date) -> dict[int, Value]:
    """Every org's figure for the year of ``through``, months up to its last one ended (the first query of
    ``year_so_far``; pages share it between the county's view and each park's)."""
    last = through.last_month
    found = compute(store, definition, [last.year], end_of_day(known), through_month=last.number)
    return {v.org_id: v for v in found}


def year_so_far(
    store: Store,
    definition: Definition,
    through: Through,
    known: date,
    subject: int | None,
    current: dict[int, Value] | None = None,
) -> YearSoFar:
    """Every org's figures for the year of ``through`` up to the month ``subject``'s figures reach, as known on ``known``
    (with no subject, the furthest month anyone's reach).

    ``current`` is ``this_year``'s answer when the caller has it.  When the subject has no figure this year yet (January, or a figure only reported for whole
    years, such as 亩均税收 with land area at the year's end), the last complete year against the one before.
    """
    last = through.last_month
    year, cap = last.year, last.number
    moment = end_of_day(known)
    flow = is_flow(definition)
    if current is None:
        current = this_year(store, definition, through, known)
    if subject is None:  # no subject: as far as anyone's figures reach
        reaching = [v for v in current.values() if v.value is not None]
        mine = max(reaching, key=lambda v: v.last_month or 0, default=None)
    else:
        mine = current.get(subject)
    if mine is None or mine.value is None:
        whole = compute(store, definition, [year - 2, year - 1], moment)
        now = {v.org_id: v.value for v in whole if v.year == year - 1}
        then = {v.org_id: v.value for v in whole if v.year == year - 2}
        orgs = {org: Running(now.get(org), then.get(org), None, 12) for org in set(now) | set(then)}
        return YearSoFar(definition, flow, year - 1, 12, orgs)
    if mine.last_month is None:  # a count of tagged enterprises: this year's against last year's
        before = {v.org_id: v.value for v in compute(store, definition, [year - 1], moment)}
        orgs = {
            org: Running(current[org].value if org in current else None, before.get(org), None, None)
            for org in set(current) | set(before)
        }
        return YearSoFar(definition, flow, year, None, orgs)
    month = min(mine.last_month, cap)
    before = {v.org_id: v.value for v in compute(store, definition, [year - 1], moment, through_month=month)}
    earlier: dict[int, float | None] = {}
    if flow and month > 1:
        earlier = {v.org_id: v.value for v in compute(store, definition, [year], moment, through_month=month - 1)}
    orgs = {}
    for org_id in set(current) | set(before):
        now_value = current.get(org_id)
        value = now_value.value if now_value is not None else None
        reached = now_value.last_month if now_value is not None else None
        month_value = None
        if flow and value is not None and (reached or 0) >= month:
            month_value = value - (earlier.get(org_id) or 0.0) if month > 1 else value
        orgs[org_id] = Running(value, before.get(org_id), month_value, reached)
    return YearSoFar(definition, flow, year, month, orgs)
