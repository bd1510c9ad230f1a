"""专项资金台账: each support given (enterprise and/or project, kind, amount, day, policy, department),
its totals, and a plain before/after view.

Totals by kind, park, industry and chain add up to the records: every record counts once in each
breakdown (an enterprise on two chains is counted under each chain — the chain breakdown is not a
partition, and says so with its own total).

The 绩效 view compares, between the year before the first support and the last complete year,
the supported enterprises' output, tax and 亩均税收 with those of the enterprises of the same
parks that got nothing — side by side, so the county's general growth is not read as the fund's
effect.  It is a description, not an evaluation of impact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Support:
    code: str
    uscc: str | None
    enterprise: str | None
    park: str | None
    industry: str | None
    project_id: str | None
    kind: str
    amount_wan: float
    granted_on: date
    policy: str | None
    department: str | None


@dataclass(frozen=True)
class FundTotals:
    records: int
    amount_wan: float
    by_kind: dict[str, float]
    by_park: dict[str, float]
    by_industry: dict[str, float]
    by_chain: dict[str, float]
    """An enterprise on several chains counts under each: this breakdown need not sum to the total."""
    by_year: dict[int, float]


def totals(supports: Iterable[Support], chains_of: Mapping[str, Sequence[str]]) -> FundTotals:
    """Sums of the records by kind, park, industry, chain and year (``chains_of``: USCC or project id → chains)."""
    records = list(supports)
    kind: dict[str, float] = defaultdict(float)
    park: dict[str, float] = defaultdict(float)
    industry: dict[str, float] = defaultdict(float)
    chain: dict[str, float] = defaultdict(float)
    year: dict[int, float] = defaultdict(float)
    for s in records:
        kind[s.kind] += s.amount_wan
        park[s.park or "（未注明园区）"] += s.amount_wan
        industry[s.industry or "（未注明行业）"] += s.amount_wan
        year[s.granted_on.year] += s.amount_wan
        on = {*chains_of.get(s.uscc or "", ()), *chains_of.get(s.project_id or "", ())}
        for name in sorted(on):
            chain[name] += s.amount_wan
    return FundTotals(
        records=len(records),
        amount_wan=sum(s.amount_wan for s in records),
        by_kind=dict(kind),
        by_park=dict(park),
        by_industry=dict(industry),
        by_chain=dict(chain),
        by_year=dict(sorted(year.items())),
    )


@dataclass(frozen=True)
class Figures:
    """An enterprise's yearly figures: 工业总产值 and 税金 (万元), 用地面积 (亩)."""

    output: float | None
    tax: float | None
    land: float | None


@dataclass(frozen=True)
class Group:
    name: str
    enterprises: int
    output: tuple[float, float]
    """(before, after), 万元, summed over the enterprises with figures in both years."""
    tax: tuple[float, float]
    tax_per_mu: tuple[float | None, float | None]

    @property
    def output_growth(self) -> float | None:
        return self.output[1] / self.output[0] - 1 if self.output[0] else None

    @property
    def tax_growth(self) -> float | None:
        return self.tax[1] / self.tax[0] - 1 if self.tax[0] else None


@dataclass(frozen=True)
class Performance:
    before: int
    after: int
    supported: Group
    unsupported: Group


def _group(name: str, members: list[tuple[Figures, Figures]]) -> Group:
    out = (sum(b.output or 0 for b, _ in members), sum(a.output or 0 for _, a in members))
    tax = (sum(b.tax or 0 for b, _ in members), sum(a.tax or 0 for _, a in members))
    land = (sum(b.land or 0 for b, _ in members), sum(a.land or 0 for _, a in members))
    per_mu = (tax[0] / land[0] if land[0] else None, tax[1] / land[1] if land[1] else None)
    return Group(name, len(members), out, tax, per_mu)


def performance(
    supports: Sequence[Support],
    figures: Mapping[str, Mapping[int, Figures]],
    parks: Mapping[str, str | None],
    last_year: int,
) -> Performance | None:
    """Supported against unsupported enterprises of the same parks, from the year before the first support
    to ``last_year`` (the last complete year); None when there is no such span or no figures."""
    supported = {s.uscc for s in supports if s.uscc}
    if not supported or not supports:
        return None
    before = min(s.granted_on.year for s in supports) - 1
    if before >= last_year:
        return None
    homes = {parks.get(code) for code in supported}

    def pair(code: str) -> tuple[Figures, Figures] | None:
        years = figures.get(code, {})
        first, last = years.get(before), years.get(last_year)
        if first is None or last is None or not first.output or not last.output:
            return None
        return first, last

    inside = [p for code in sorted(supported) if (p := pair(code)) is not None]
    others = [
        p
        for code in sorted(figures)
        if code not in supported and parks.get(code) in homes and (p := pair(code)) is not None
    ]
    if not inside:
        return None
    return Performance(before, last_year, _group("获得支持的企业", inside), _group("同园区未获支持的企业", others))
