"""Reporting periods (年度、季度、月度) — the one place that reads, writes and compares them.

Enterprise returns, statistical tables and plan targets name their period in a
dozen ways (``2024年6月``, ``2024-6``, ``202406``, ``2024年二季度``, an Excel
date cell, the number ``2024.0``); everything else in planwatch only ever sees
a :class:`Period`, whose canonical code (``2024``, ``2024Q2``, ``2024-06``) is
what is stored and shown.

Deliberate refusals, each with a message that says what to write instead:

* month ranges (``2024年1-6月``, ``2024年上半年``) and year ranges
  (``2021—2025年``): a record belongs to one month, quarter or year;
* a non-integer number such as ``2024.06`` from a spreadsheet: Excel stores
  ``2024.10`` as ``2024.1``, so October and January cannot be told apart;
* years outside 1949–2100, month 0/13, quarter 0/5: typing errors, not data.

A date (``2024-06-30``, a ``datetime.date`` cell) stands for its month.
"""

from __future__ import annotations

import calendar
import datetime
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from planwatch.errors import InputError
from planwatch.units import chinese_number

Kind = Literal["Y", "Q", "M"]

MIN_YEAR = 1949
MAX_YEAR = 2100

CHINA = datetime.timezone(datetime.timedelta(hours=8))
"""The plans' clock: a figure recorded at 00:30 in 石柱 belongs to that day, whatever the server's zone."""


def today() -> datetime.date:
    """Today in China: the default knowledge date everywhere (CLI, dashboard, store timestamps agree)."""
    return datetime.datetime.now(CHINA).date()


_KIND_RANK: dict[str, int] = {"Y": 0, "Q": 1, "M": 2}
_QUARTER_ZH = ("", "第一季度", "第二季度", "第三季度", "第四季度")

ACCEPTED_FORMS = (
    "年度 2024、2024年；季度 2024Q2、2024-Q2、2024年第二季度、2024年二季度；"
    "月度 2024-06、2024-6、2024/06、2024.06、202406、2024年6月"
)


class InvalidPeriod(InputError):
    """A reporting period that cannot be read: says what is wrong and which forms are accepted."""

    def __init__(self, text: object, fix: str) -> None:
        self.text = text
        self.fix = fix
        super().__init__(f"报告期“{text}”有误：{fix}可接受的写法：{ACCEPTED_FORMS}。")


@dataclass(frozen=True)
class Period:
    """A year (``kind="Y"``, ``number=0``), a quarter (``"Q"``, 1–4) or a month (``"M"``, 1–12).

    Periods sort by start date, and a year before its first quarter before its first month.
    """

    kind: Kind
    year: int
    number: int = 0

    def __post_init__(self) -> None:
        limit = {"Y": 0, "Q": 4, "M": 12}.get(self.kind)
        if limit is None:
            raise ValueError(f"报告期类型应为 Y、Q 或 M，收到“{self.kind}”。")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"年份 {self.year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间。")
        valid = self.number == 0 if limit == 0 else 1 <= self.number <= limit
        if not valid:
            raise ValueError(f"{self.kind} 类报告期的序号不能是 {self.number}。")

    # --- names -----------------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """Canonical code: ``2024``, ``2024Q2``, ``2024-06``."""
        if self.kind == "Y":
            return f"{self.year}"
        if self.kind == "Q":
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def __str__(self) -> str:
        return self.code

    @property
    def label_zh(self) -> str:
        """``2024年``, ``2024年第二季度``, ``2024年6月``."""
        if self.kind == "Y":
            return f"{self.year}年"
        if self.kind == "Q":
            return f"{self.year}年{_QUARTER_ZH[self.number]}"
        return f"{self.year}年{self.number}月"

    # --- calendar --------------------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return {"Y": 1, "Q": 3 * self.number - 2, "M": self.number}[self.kind]

    @property
    def last_month(self) -> int:
        return {"Y": 12, "Q": 3 * self.number, "M": self.number}[self.kind]

    @property
    def start(self) -> datetime.date:
        """First day of the period."""
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        """Last day of the period (inclusive)."""
        last = self.last_month
        return datetime.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def months(self) -> list[Period]:
        """The month periods this period covers, in order (a month covers itself)."""
        return [Period("M", self.year, month) for month in range(self.first_month, self.last_month + 1)]

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def quarter_of(self) -> Period:
        """The quarter a month or quarter belongs to (for roll-ups); a year has none."""
        if self.kind == "Y":
            raise ValueError(f"{self.label_zh}是年度报告期，不属于某个季度。")
        return Period("Q", self.year, (self.first_month - 1) // 3 + 1)

    def year_of(self) -> Period:
        """The year a period belongs to."""
        return Period("Y", self.year)

    # --- order -----------------------------------------------------------------------------------------

    def _sort_key(self) -> tuple[datetime.date, int]:
        return self.start, _KIND_RANK[self.kind]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


def reporting_month(day: datetime.date) -> Period:
    """The month whose figures are due on ``day``: the one before it (a month is reported after it ends)."""
    return Period("M", day.year - 1, 12) if day.month == 1 else Period("M", day.year, day.month - 1)


def months_between(a: Period, b: Period) -> int:
    """Months from the start of ``a`` to the start of ``b`` (negative when ``b`` starts earlier).

    ``months_between(2024-01, 2024-06)`` = 5; ``months_between(2023, 2024Q2)`` = 15.
    """
    return (b.year - a.year) * 12 + b.first_month - a.first_month


def five_year_plan(ordinal: int) -> tuple[int, int] | None:
    """The years of the ``ordinal``-th five-year plan: the 3rd began in 1966, every later one 5 years on.

    (The 1st and 2nd, 1953–1962, were followed by three years of adjustment, so
    the rule holds from the 3rd.)  ``five_year_plan(14)`` → (2021, 2025).
    """
    if ordinal < 3:
        return None
    start = 1966 + 5 * (ordinal - 3)
    return start, start + 4


def elapsed_share(start_year: int, end_year: int, as_of: datetime.date) -> float:
    """Share of the plan period [1 Jan ``start_year``, 31 Dec ``end_year``] elapsed at the end of ``as_of``.

    Days are counted with ``as_of`` itself as elapsed, so 31 Dec of ``end_year`` gives exactly 1.0;
    the result is clamped to [0, 1] (0 before the plan starts, 1 after it ends).
    """
    if end_year < start_year:
        raise ValueError(f"规划期起始年 {start_year} 晚于结束年 {end_year}。")
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    first = datetime.date(start_year, 1, 1)
    total = (datetime.date(end_year, 12, 31) - first).days + 1
    elapsed = (as_of - first).days + 1
    return min(1.0, max(0.0, elapsed / total))


@dataclass(frozen=True)
class Through:
    """评估截止期: the end of the period an evaluation judges — a year, a month or a day.

    Kept apart from the knowledge date (what was recorded by when): a 期末评估 of
    2021–2025 done in March 2026 judges through 2025 with figures entered since.
    Flows count the months that have ended by ``end``; the share of the plan
    period elapsed is measured at ``end``.
    """

    end: datetime.date
    kind: Literal["Y", "M", "D"] = "D"

    @property
    def period(self) -> Period | None:
        """The year or month it ends (None for a day inside a month)."""
        if self.kind == "D":
            return None
        return Period(self.kind, self.end.year, 0 if self.kind == "Y" else self.end.month)

    @property
    def code(self) -> str:
        """``2025``, ``2025-06`` or ``2025-06-15``: what ``parse_through`` reads back."""
        return self.period.code if self.period else self.end.isoformat()

    @property
    def label_zh(self) -> str:
        """``2025年底``, ``2025年6月底``, ``2025年6月15日``."""
        if self.period:
            return f"{self.period.label_zh.removesuffix('年')}年底" if self.kind == "Y" else f"{self.period.label_zh}底"
        return f"{self.end.year}年{self.end.month}月{self.end.day}日"

    @property
    def last_month(self) -> Period:
        """The last month wholly inside the period (June for 30 June, May for 15 June)."""
        month = Period("M", self.end.year, self.end.month)
        if self.end == month.end:
            return month
        return (
            Period("M", self.end.year - 1, 12)
            if self.end.month == 1
            else Period("M", self.end.year, self.end.month - 1)
        )

    def passed(self, year: int) -> bool:
        """Is ``year`` over by the end of this period?"""
        return self.end >= datetime.date(year, 12, 31)


def through_day(day: datetime.date) -> Through:
    """The period ending on ``day`` (the default: the knowledge date itself)."""
    return Through(day, "D")


def parse_through(text: str) -> Through:
    """``2025`` (the year's end), ``2025-06`` / ``2025年6月`` (the month's end) or ``2025-06-15`` (that day)."""
    t = _normalise(text)
    if match := _DATE.fullmatch(t):
        year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
        period = _checked(text, "M", year, month)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise InvalidPeriod(text, f"{period.label_zh}没有 {day} 日，请检查日期。")
        return Through(datetime.date(year, month, day), "D")
    period = parse_period(text)
    if period.kind == "Q":
        return Through(period.end, "M")
    return Through(period.end, "Y" if period.kind == "Y" else "M")


# --- reading ---------------------------------------------------------------------------------------------

_CN_DIGIT = "〇零一二三四五六七八九"
_CN_NUM = "〇零一二三四五六七八九十"
_RANGE_SEP = "[-~～至到—–]+"
_TRAILING_TIME = re.compile(r"[\sT]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")

_YEAR_RANGE = re.compile(rf"(\d{{4}})年?{_RANGE_SEP}(\d{{4}})年?度?")
_MONTH_RANGE = re.compile(
    rf"(\d{{4}})年(\d{{1,2}}|[{_CN_NUM}]+)月?{_RANGE_SEP}(\d{{1,2}}|[{_CN_NUM}]+)月份?"
    rf"|(\d{{4}})[-/.年](\d{{1,2}})月?{_RANGE_SEP}(\d{{4}})[-/.年](\d{{1,2}})月?"
)
_HALF_YEAR = re.compile(r"(\d{4})年?([上下])半年度?")
_QUARTER_RANGE = re.compile(rf"(\d{{4}})年?(?:前([1-4一二三四])|([1-4一二三四]){_RANGE_SEP}([1-4一二三四]))个?季度")

_YEAR = re.compile(r"(\d{4})(?:年度?|\.0+)?")
_QUARTER = re.compile(r"(\d{4})[-/.年]?Q(\d{1,2})" rf"|(\d{{4}})年?第?(\d{{1,2}}|[{_CN_NUM}]+)季度?")
_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})|(\d{4})(\d{2})" rf"|(\d{{4}})年(\d{{1,2}}|[{_CN_NUM}]+)月份?")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日")


def _normalise(text: str) -> str:
    """Full-width → half-width, a trailing clock time dropped, no spaces, upper case, Chinese year digits → Arabic."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _TRAILING_TIME.sub("", text)
    text = re.sub(r"\s+", "", text).upper()
    return re.sub(
        rf"^[{_CN_DIGIT}]{{4}}(?=年)",
        lambda match: f"{_number(match.group(0)):04d}",
        text,
    )


def _number(text: str) -> int:
    """``"06"`` → 6, ``"十二"`` → 12, ``"二〇二四"`` → 2024; -1 when it is not a number."""
    if text.isdigit():
        return int(text)
    value = chinese_number(text)
    return int(value) if value is not None and value.is_integer() else -1


def _checked(text: object, kind: Kind, year: int, number: int = 0) -> Period:
    """The period, or :class:`InvalidPeriod` naming the out-of-range part."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidPeriod(text, f"年份 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间，请检查年份是否输错。")
    if kind == "Q" and not 1 <= number <= 4:
        raise InvalidPeriod(text, f"没有第 {number} 季度，季度只能是 1–4（第一至第四季度）。")
    if kind == "M" and not 1 <= number <= 12:
        raise InvalidPeriod(text, f"没有 {number} 月，月份只能是 1–12。")
    return Period(kind, year, number)


def _reject_ranges(text: str, t: str) -> None:
    """Raise :class:`InvalidPeriod` for a range of months, quarters or years, suggesting one period."""
    if match := _MONTH_RANGE.fullmatch(t):
        if match.group(1):
            year, first, last = int(match.group(1)), _number(match.group(2)), _number(match.group(3))
        else:
            year, first, last = int(match.group(4)), int(match.group(5)), int(match.group(7))
            if int(match.group(6)) != year:
                year, first = int(match.group(6)), -1  # spans two years: suggest a month of the later one
        if first == 1 and last == 12:
            raise InvalidPeriod(text, f"这是一个时间区间（全年），请直接写年度 {year}。")
        if first in (1, 4, 7, 10) and last == first + 2:
            raise InvalidPeriod(text, f"这是一个时间区间，正好是一个季度，请写成 {year}Q{(first + 2) // 3}。")
        sample = last if 1 <= last <= 12 else 6
        raise InvalidPeriod(
            text,
            "这是一个时间区间，报告期只能是一个月、一个季度或一年。"
            f"请填写单个月份（如 {year}-{sample:02d}）或季度（如 {year}Q{(sample + 2) // 3}）。",
        )
    if match := _HALF_YEAR.fullmatch(t):
        year, half = int(match.group(1)), match.group(2)
        quarters = f"{year}Q1、{year}Q2" if half == "上" else f"{year}Q3、{year}Q4"
        raise InvalidPeriod(text, f"半年是一个时间区间，请按季度（{quarters}）或单个月份分别填报。")
    if match := _QUARTER_RANGE.fullmatch(t):
        year = int(match.group(1))
        raise InvalidPeriod(text, f"这是多个季度的区间，请按单个季度（如 {year}Q3）填报。")
    if match := _YEAR_RANGE.fullmatch(t):
        raise InvalidPeriod(
            text, f"这是年份区间（{match.group(1)}–{match.group(2)}），请填写其中一年（如 {match.group(2)}）。"
        )


def parse_period(text: str) -> Period:
    """Read a period as people write it (see :data:`ACCEPTED_FORMS`), or raise :class:`InvalidPeriod`.

    Full-width digits and letters and stray spaces are accepted; ``2024-06-30`` (a date) means June 2024.
    """
    t = _normalise(text)
    if not t:
        raise InvalidPeriod(text, "报告期为空，请填写。")
    _reject_ranges(text, t)
    if match := _YEAR.fullmatch(t):
        return _checked(text, "Y", int(match.group(1)))
    if match := _QUARTER.fullmatch(t):
        if match.group(1):
            return _checked(text, "Q", int(match.group(1)), int(match.group(2)))
        return _checked(text, "Q", int(match.group(3)), _number(match.group(4)))
    if match := _MONTH.fullmatch(t):
        groups = match.groups()
        i = next(i for i in (0, 2, 4) if groups[i])
        return _checked(text, "M", int(groups[i]), _number(groups[i + 1]))
    if match := _DATE.fullmatch(t):
        year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
        period = _checked(text, "M", year, month)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise InvalidPeriod(text, f"{period.label_zh}没有 {day} 日，请检查日期。")
        return period
    raise InvalidPeriod(text, "无法识别这种写法。")


def period_from_value(value: object) -> Period:
    """A period from a spreadsheet cell or any Python value.

    ``Period`` → itself; ``date``/``datetime`` (also pandas ``Timestamp``) → its month; an integer-valued
    number (``2024``, ``2024.0``, ``202406``) → read as its digits; text → :func:`parse_period`.
    """
    if isinstance(value, Period):
        return value
    if value is None:
        raise InvalidPeriod("", "报告期为空，请填写。")
    if isinstance(value, datetime.date):
        if value != value:  # pandas NaT
            raise InvalidPeriod("", "报告期为空，请填写。")
        return _checked(value, "M", value.year, value.month)
    if isinstance(value, bool):
        raise InvalidPeriod(value, "这是一个是/否值，不是报告期。")
    if isinstance(value, numbers.Integral):
        return parse_period(str(int(value)))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            raise InvalidPeriod("", "报告期为空，请填写。")
        if number.is_integer():
            return parse_period(str(int(number)))
        raise InvalidPeriod(
            value,
            "这是一个带小数的数值，表格软件会把 2024.10 存成 2024.1，无法判断是哪个月。"
            "请把该列设为“文本”格式，或写成 2024-06、2024年6月。",
        )
    if isinstance(value, str):
        return parse_period(value)
    raise InvalidPeriod(value, f"不支持 {type(value).__name__} 类型的值。")
