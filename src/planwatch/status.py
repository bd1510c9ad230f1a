"""What a target's status and a finding's severity are called, how they rank and what colour they wear.

The one place these words live: the evaluation decides a ``Status``, the audit
and the import checks a ``Severity``; the report, the dashboard (its CSS is
generated from this table), the terminal and the Excel files only show them.
Both are ``StrEnum``: the key (``"on_track"``, ``"error"``) is what JSON
carries and what compares equal to a plain string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class _Look:
    zh: str
    rank: int
    """Worst first: 0 is what needs attention most."""
    colour: str
    """Strong colour (RGB hex) for badges, bars and charts."""
    fill: str
    """Light cell fill (RGB hex) for tables in Excel and Word."""
    off_track: bool = False
    """Says the target will be missed unless something changes."""
    final: bool = False
    """An outcome, not a pace: the target is met, or its year is over and it was not."""
    dark_text: bool = False
    """The colour is light enough to need dark text on it."""


class Status(StrEnum):
    """A target's status.  Milestones (定性目标) have their own three: 未开始, 推进中, 已完成."""

    MISSED = "missed"
    REGRESSION = "regression"
    LIMITED_PROGRESS = "limited_progress"
    ACCELERATION_NEEDED = "acceleration_needed"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"

    @property
    def _look(self) -> _Look:
        return _STATUS_LOOKS[self]

    @property
    def zh(self) -> str:
        return self._look.zh

    @property
    def rank(self) -> int:
        return self._look.rank

    @property
    def colour(self) -> str:
        return self._look.colour

    @property
    def fill(self) -> str:
        return self._look.fill

    @property
    def off_track(self) -> bool:
        return self._look.off_track

    @property
    def final(self) -> bool:
        return self._look.final

    @property
    def dark_text(self) -> bool:
        return self._look.dark_text

    @classmethod
    def from_zh(cls, zh: str) -> Status:
        """The status a Chinese word names (a milestone recorded as 推进中)."""
        for status in cls:
            if status.zh == zh:
                return status
        raise ValueError(f"没有叫“{zh}”的状态。可用：{'、'.join(s.zh for s in cls)}。")


_STATUS_LOOKS: dict[Status, _Look] = {
    Status.MISSED: _Look("未完成", 0, "8e0000", "FF7C80", off_track=True, final=True),
    Status.REGRESSION: _Look("倒退", 1, "c62828", "FF9B9B", off_track=True),
    Status.LIMITED_PROGRESS: _Look("进展缓慢", 2, "ef6c00", "F8CBAD", off_track=True),
    Status.ACCELERATION_NEEDED: _Look("需加快", 3, "f9a825", "FFEB9C", off_track=True, dark_text=True),
    Status.INSUFFICIENT_DATA: _Look("数据不足", 4, "9e9e9e", "D9D9D9"),
    Status.NOT_STARTED: _Look("未开始", 5, "9e9e9e", "EDEDED"),
    Status.IN_PROGRESS: _Look("推进中", 6, "1565c0", "DDEBF7"),
    Status.ON_TRACK: _Look("进度正常", 7, "1565c0", "BDD7EE"),
    Status.ACHIEVED: _Look("已完成", 8, "2e7d32", "C6EFCE", final=True),
}

STATUSES: tuple[Status, ...] = tuple(sorted(Status, key=lambda s: s.rank))
"""Every status, worst first."""
MILESTONE_STATUSES: tuple[Status, ...] = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.ACHIEVED)
"""What a user records for a target without a number, in the order work goes."""


class Severity(StrEnum):
    """How serious an audit finding or an import problem is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return _SEVERITY_ZH[self]

    @property
    def colour(self) -> str:
        return _SEVERITY_COLOURS[self]


_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警示", Severity.INFO: "提示"}
_SEVERITY_COLOURS = {Severity.ERROR: "c62828", Severity.WARNING: "ef6c00", Severity.INFO: "1565c0"}


def css() -> str:
    """The dashboard's status and severity colours as CSS rules (served with the pages)."""
    rules = []
    for s in Status:
        text = "#222" if s.dark_text else "#fff"
        rules.append(f".status.{s.value}{{background:#{s.colour};color:{text}}}")
        rules.append(f".count.{s.value}{{border-top-color:#{s.colour}}}")
    for v in Severity:
        rules.append(f".finding.{v.value}{{border-left:4px solid #{v.colour}}}")
        rules.append(f".severity.{v.value}{{color:#{v.colour}}}")
    return "\n".join(rules)
