"""Small panels built by hand for the assessment tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planwatch.assess.panel import Panel, build_panel


def panel(
    firms: Sequence[Mapping[str, float]],
    year: int = 2022,
    tags: Mapping[str, Sequence[bool]] | None = None,
    industries: Sequence[str | None] | None = None,
    previous: Sequence[Mapping[str, float]] | None = None,
) -> Panel:
    """One row per firm (element code → value of ``year``), tags of that year, optionally the year before."""
    names = sorted({k for f in firms for k in f} | {k for f in previous or [] for k in f})
    rows = [
        {"code": f"E{i:03d}", "name": f"企业{i:03d}", "park": "甲园区" if i % 2 else "乙园区",
         "industry": (industries or [None] * len(firms))[i]}
        for i in range(len(firms))
    ]  # fmt: skip
    values = {year: {n: [f.get(n) for f in firms] for n in names}}
    if previous is not None:
        values[year - 1] = {n: [f.get(n) for f in previous] for n in names}
    return build_panel(rows, values, {year: dict(tags or {})})
