"""What a target's status and a finding's severity are called, how they rank and what colour they wear.

The one place these words live: the evaluation decides a ``Status``, the audit
and the import checks a ``Severity``; the report, the dashboard (its CSS is
generated from this table), the terminal and the Excel files only show them.
Both are ``StrEnum``: the key (``"on_track"``, ``"error"``) is what JSON
carries and what compares equal to a plain string.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def _member(cls: type[E], key: str, names: tuple[str, ...], values: tuple[object, ...]) -> E:
    """An enum member whose value is ``key``, carrying ``values`` as the attributes ``names``."""
    member = str.__new__(cls, key)
    member._value_ = key
    for name, value in zip(names, values, strict=True):
        setattr(member, name, value)
    return member


def _lookup(cls: type[E], attribute: str, wanted: str) -> E:
    """The member whose ``attribute`` is ``wanted``, or an error listing the ones there are."""
    for member in cls:
        if getattr(member, attribute) == wanted:
            return member
    raise ValueError(f"没有“{wanted}”。可用：{'、'.join(str(getattr(m, attribute)) for m in cls)}。")


class Status(StrEnum):
    """A target's status.  Milestones (定性目标) have their own three: 未开始, 推进中, 已完成.

    Each carries its Chinese name, its rank (0 needs attention most), a strong
    colour for badges and charts, a light fill for table cells (RGB hex),
    whether it says the target will be missed unless something changes
    (``off_track``), whether it is an outcome rather than a pace (``final``:
    met, or the year is over and it was not), and whether its colour needs dark text.
    """

    zh: str
    rank: int
    colour: str
    fill: str
    off_track: bool
    final: bool
    dark_text: bool

    def __new__(cls, key: str, *look: object) -> Status:
        return _member(cls, key, ("zh", "rank", "colour", "fill", "off_track", "final", "dark_text"), look)

    MISSED = ("missed", "未完成", 0, "8e0000", "FF7C80", True, True, False)
    REGRESSION = ("regression", "倒退", 1, "c62828", "FF9B9B", True, False, False)
    LIMITED_PROGRESS = ("limited_progress", "进展缓慢", 2, "ef6c00", "F8CBAD", True, False, False)
    ACCELERATION_NEEDED = ("acceleration_needed", "需加快", 3, "f9a825", "FFEB9C", True, False, True)
    INSUFFICIENT_DATA = ("insufficient_data", "数据不足", 4, "9e9e9e", "D9D9D9", False, False, False)
    NOT_STARTED = ("not_started", "未开始", 5, "9e9e9e", "EDEDED", False, False, False)
    IN_PROGRESS = ("in_progress", "推进中", 6, "1565c0", "DDEBF7", False, False, False)
    ON_TRACK = ("on_track", "进度正常", 7, "1565c0", "BDD7EE", False, False, False)
    ACHIEVED = ("achieved", "已完成", 8, "2e7d32", "C6EFCE", False, True, False)

    @classmethod
    def from_zh(cls, zh: str) -> Status:
        """The status a Chinese word names (a milestone recorded as 推进中)."""
        return _lookup(cls, "zh", zh)


STATUSES: tuple[Status, ...] = tuple(sorted(Status, key=lambda s: s.rank))
"""Every status, worst first."""
MILESTONE_STATUSES: tuple[Status, ...] = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.ACHIEVED)
"""What a user records for a target without a number, in the order work goes."""


class Severity(StrEnum):
    """How serious an audit finding or an import problem is: its Chinese name and colour."""

    zh: str
    colour: str

    def __new__(cls, key: str, *look: object) -> Severity:
        return _member(cls, key, ("zh", "colour"), look)

    @classmethod
    def of(cls, key: str) -> Severity:
        """The severity a key names ("error" …), for plain strings read back from JSON."""
        return _lookup(cls, "value", key)

    ERROR = ("error", "错误", "c62828")
    WARNING = ("warning", "警示", "ef6c00")
    INFO = ("info", "提示", "1565c0")


class Stage(StrEnum):
    """A key project's stage in the ledger (重点项目台账), in the order work goes, with its colour.

    ``started``: counts towards 开工率 (开工 and every stage after it); ``finished``: 竣工 or 投产;
    ``producing``: counts towards 投产率.  终止 is none of them.
    """

    zh: str
    order: int
    colour: str
    started: bool
    finished: bool
    producing: bool

    def __new__(cls, key: str, *look: object) -> Stage:
        return _member(cls, key, ("zh", "order", "colour", "started", "finished", "producing"), look)

    @classmethod
    def from_zh(cls, zh: str) -> Stage:
        return _lookup(cls, "zh", zh)

    PLANNING = ("planning", "谋划", 0, "9e9e9e", False, False, False)
    PREPARING = ("preparing", "前期", 1, "78909c", False, False, False)
    STARTED = ("started", "开工", 2, "a66f00", True, False, False)
    BUILDING = ("building", "在建", 3, "1565c0", True, False, False)
    COMPLETED = ("completed", "竣工", 4, "00838f", True, True, False)
    PRODUCING = ("producing", "投产", 5, "2e7d32", True, True, True)
    TERMINATED = ("terminated", "终止", 6, "6d4c41", False, False, False)


STAGES: tuple[Stage, ...] = tuple(Stage)
"""Every project stage, in the order work goes (终止 last)."""


class Grade(StrEnum):
    """An enterprise's 亩均效益 class (A/B/C/D) or 不评价, with the words places use and a colour.

    Names follow 天台 (Zhejiang): A 优先发展, B 提升发展, C 调控帮扶, D 倒逼整治; a scheme may rename them.
    """

    zh: str
    meaning: str
    colour: str
    fill: str
    rank: int

    def __new__(cls, key: str, *look: object) -> Grade:
        return _member(cls, key, ("zh", "meaning", "colour", "fill", "rank"), look)

    A = ("A", "A类", "优先发展", "2e7d32", "C6EFCE", 0)
    B = ("B", "B类", "提升发展", "1565c0", "BDD7EE", 1)
    C = ("C", "C类", "调控帮扶", "f9a825", "FFEB9C", 2)
    D = ("D", "D类", "倒逼整治", "c62828", "FF9B9B", 3)
    NOT_RATED = ("不评价", "不评价", "不参与分类", "9e9e9e", "EDEDED", 4)


GRADES: tuple[Grade, ...] = (Grade.A, Grade.B, Grade.C, Grade.D)
"""The classes an evaluated enterprise can get, best first."""


class TierStatus(StrEnum):
    """How an enterprise stands against a cultivation tier (梯度培育): meets it, close (one or two conditions
    short), or far from it."""

    zh: str
    colour: str
    rank: int

    def __new__(cls, key: str, *look: object) -> TierStatus:
        return _member(cls, key, ("zh", "colour", "rank"), look)

    MEETS = ("meets", "已达到", "2e7d32", 0)
    CLOSE = ("close", "接近", "f9a825", 1)
    FAR = ("far", "差距较大", "9e9e9e", 2)


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
    for stage in Stage:
        rules.append(f".stage.{stage.value}{{background:#{stage.colour};color:#fff}}")
    for g in Grade:
        text = "#222" if g == Grade.C else "#fff"
        rules.append(f".grade.g-{g.name}{{background:#{g.colour};color:{text}}}")
    for tier in TierStatus:
        text = "#222" if tier == TierStatus.CLOSE else "#fff"
        rules.append(f".tier.{tier.value}{{background:#{tier.colour};color:{text}}}")
    return "\n".join(rules)
