"""The figures an assessment works on: one row per enterprise, one column per element and year (NumPy arrays).

Columns rather than objects, so a county of 300 enterprises and a province of 100,000 take the same code
path (``bench/assess.py``).  A value not reported is NaN; a tag is a boolean column per year (valid in that
year).  ``gather`` fills a panel from the store; tests and the benchmark build one directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass
class Panel:
    codes: list[str]
    """统一社会信用代码 of each row."""
    names: list[str]
    parks: list[str | None]
    """The park each enterprise belongs to (its parent org), None for one directly under a region."""
    industries: list[str | None]
    """GB/T 4754 industry code as registered (C3511, 3511 …), or None."""
    land_registry: Floats
    """用地面积 in 亩 from the registry (NaN when not registered); the yearly 用地面积 element wins over it."""
    values: dict[int, dict[str, Floats]] = field(default_factory=dict)
    """year → element code → value per row (NaN: not reported)."""
    tags: dict[int, dict[str, Bools]] = field(default_factory=dict)
    """year → tag → held in that year."""
    tag_since: dict[str, Floats] = field(default_factory=dict)
    """tag → the first year each row held it (NaN: never)."""
    ancestors: list[tuple[str, ...]] = field(default_factory=list)
    """Names of every park above each row (its own park first), for ``--park`` filters."""
    demo: Bools | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def value(self, element: str, year: int) -> Floats:
        """The element's values in ``year`` (all NaN when nothing was reported)."""
        column = self.values.get(year, {}).get(element)
        return column if column is not None else np.full(len(self), np.nan)

    def has(self, tag: str, year: int) -> Bools:
        column = self.tags.get(year, {}).get(tag)
        return column if column is not None else np.zeros(len(self), dtype=bool)

    def since(self, tag: str) -> Floats:
        column = self.tag_since.get(tag)
        return column if column is not None else np.full(len(self), np.nan)

    def land(self, year: int) -> Floats:
        """用地面积 (亩) in ``year``: the reported element, else the registry's."""
        reported = self.value("land_area", year)
        return np.where(np.isnan(reported), self.land_registry, reported)

    def first_year(self) -> Floats:
        """The first year each row has any 营业收入 or 工业总产值 (NaN: never)."""
        first = np.full(len(self), np.nan)
        for year in sorted(self.values, reverse=True):
            seen = ~np.isnan(self.value("revenue", year)) | ~np.isnan(self.value("output_value", year))
            first = np.where(seen, year, first)
        return first

    def select(self, rows: npt.NDArray[np.intp] | Bools) -> Panel:
        """The panel of some rows (an index array or a mask), in that order."""
        index = np.flatnonzero(rows) if rows.dtype == np.bool_ else rows
        pick = [int(i) for i in index]
        return Panel(
            codes=[self.codes[i] for i in pick],
            names=[self.names[i] for i in pick],
            parks=[self.parks[i] for i in pick],
            industries=[self.industries[i] for i in pick],
            land_registry=self.land_registry[index],
            values={y: {e: v[index] for e, v in cols.items()} for y, cols in self.values.items()},
            tags={y: {t: v[index] for t, v in cols.items()} for y, cols in self.tags.items()},
            tag_since={t: v[index] for t, v in self.tag_since.items()},
            ancestors=[self.ancestors[i] for i in pick] if self.ancestors else [],
            demo=self.demo[index] if self.demo is not None else None,
        )

    def in_park(self, park: str) -> Bools:
        """Rows in ``park`` or in a park under it."""
        if not self.ancestors:
            return np.array([p == park for p in self.parks], dtype=bool)
        return np.array([park in chain for chain in self.ancestors], dtype=bool)


def build_panel(
    rows: Sequence[Mapping[str, object]],
    values: Mapping[int, Mapping[str, Sequence[float | None]]],
    tags: Mapping[int, Mapping[str, Sequence[bool]]] | None = None,
) -> Panel:
    """A panel from plain rows (``code``, ``name``, ``park``, ``industry``, ``land``) and columns, for tests."""

    def floats(column: Sequence[float | None]) -> Floats:
        return np.array([np.nan if v is None else float(v) for v in column], dtype=np.float64)

    panel = Panel(
        codes=[str(r["code"]) for r in rows],
        names=[str(r.get("name", r["code"])) for r in rows],
        parks=[None if r.get("park") is None else str(r["park"]) for r in rows],
        industries=[None if r.get("industry") is None else str(r["industry"]) for r in rows],
        land_registry=floats([r.get("land") for r in rows]),  # type: ignore[misc]  # Mapping[str, object] values
        values={y: {e: floats(c) for e, c in cols.items()} for y, cols in values.items()},
        tags={y: {t: np.array(c, dtype=bool) for t, c in cols.items()} for y, cols in (tags or {}).items()},
    )
    since: dict[str, Floats] = {}
    for year in sorted(panel.tags):
        for tag, held in panel.tags[year].items():
            first = since.setdefault(tag, np.full(len(panel), np.nan))
            since[tag] = np.where(held & np.isnan(first), year, first)
    panel.tag_since = since
    panel.ancestors = [(p,) if p else () for p in panel.parks]
    return panel
