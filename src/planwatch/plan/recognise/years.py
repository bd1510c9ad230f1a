"""Time expressions in plan prose, and what each says about the figures after it.

A figure is a target or a fact by the time it is set in.  Written by hand: these
are the fixed ways Chinese plans, work reports and their news write-ups name a
time, and no library reads them.  The grammar (``EXPRESSIONS``), each resolved
against the document's ``Clock`` (the year it was issued, the plan period):

* ``到2025年`` / ``至2025年底`` / ``2025年末`` — a year; ``到“十五五”末`` /
  ``“十四五”期间`` / ``十二五时期`` — the end of that five-year plan;
  ``未来5年`` / ``用3年左右时间`` / ``三年内`` — the document's year and the
  years after it (``N`` years counting the current one).
* ``今年`` / ``全年`` / ``年内`` / ``三季度`` / ``上半年`` — the document's year;
  ``去年`` / ``上年`` — the year before; ``明年`` — the year after.
* ``较2022年`` / ``比2020年`` / ``在2022年的基础上`` — a base year (neither).
* ``2023-11-15``, ``2023年10月13日``, ``(2025-2027)`` — dates and ranges (neither:
  a meeting's date is not the year of the figures after it).

``resolve`` turns a point in time into a ``When``: a year after the document's
is a target year, a year before it a fact year, and the document's own year is
"current" — a target or a fact by the words around it (``cue``).  A five-year
plan still running when the document was written is a target period; one that
had ended is history (``“十三五”期间…增长了``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from planwatch.periods import five_year_plan
from planwatch.plan.model import Period
from planwatch.plan.recognise import vocabulary as vocab
from planwatch.units import chinese_number

Kind = Literal["target", "fact", "current", "base", "forecast", "neutral"]

_YEAR = r"(?:19|20)\d{2}"
_CN_SMALL = "一二两三四五六七八九十"
_FIVE = r"[“\"‘']?十([一二三四五六七八九])五[”\"’']?"
_QUARTER = r"(?:第?[一二三四1-4])季度|[上下]半年"


@dataclass(frozen=True)
class Clock:
    """What a document's own time is: the year it was issued and the period it plans for."""

    year: int | None
    period: Period | None = None

    @property
    def plan_end(self) -> int | None:
        return self.period.end if self.period else None


@dataclass(frozen=True)
class When:
    start: int
    end: int
    kind: Kind
    year: int | None
    text: str
    span: bool = False
    """A stretch of years (“十四五”期间) rather than one: it dates targets (its last year), not facts."""


# The grammar: (name, pattern).  Order matters where two overlap: the first wins.
EXPRESSIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso_date", re.compile(rf"{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?")),
    ("day_month_year", re.compile(rf"\d{{1,2}}\.\d{{1,2}}\.{_YEAR}(?:\s*\d{{1,2}}:\d{{2}})?")),
    ("year_range", re.compile(rf"({_YEAR})\s*年?\s*[-—–~～至到]\s*({_YEAR})\s*年?")),
    ("base_year", re.compile(rf"(?:较|比|与|相比)\s*({_YEAR})\s*年(?:底|末)?(?:相比)?|在\s*({_YEAR})\s*年的?基础上")),
    ("since", re.compile(rf"(?:自|从)\s*({_YEAR})\s*年(?:以来|起)|({_YEAR})\s*年以来")),
    (
        "until",
        re.compile(rf"(?:力争|争取|预计|计划|确保)?\s*(到|至|截至|截止到?|截至到)\s*({_YEAR})\s*年(?:年?底|年?末|前)?"),
    ),
    ("until_five", re.compile(rf"(到|至|截至|截止到?)\s*{_FIVE}(?:期末|末|时期末)")),
    ("five_start", re.compile(rf"{_FIVE}(?:规划)?的?(?:开局之年|开局|开好局|起好步|收官之年|收官|起步之年)")),
    ("five", re.compile(rf"{_FIVE}(期间|时期|期末|末|以来|初期|规划期)?")),
    ("date", re.compile(rf"({_YEAR})\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日?)?")),
    ("year", re.compile(rf"({_YEAR})\s*年(?:年?底|年?末|全年|上半年|下半年|度)?")),
    ("recent", re.compile(rf"(?:近|过去)\s*(\d{{1,2}}|[{_CN_SMALL}])\s*年")),
    (
        "duration",
        re.compile(
            rf"(?:未来|今后|用)\s*(\d{{1,2}}|[{_CN_SMALL}])\s*年(?:左右)?(?:时间)?|(\d{{1,2}}|[{_CN_SMALL}])年内"
        ),
    ),
    ("annual_target", re.compile(r"(?<=完成)全年(?:各项)?(?:目标|任务)")),
    ("this_year", re.compile(rf"今年|本年度?|全年|年内|当年|年底|年末|{_QUARTER}")),
    ("last_year", re.compile(r"(?<![比较与同])(?:去年|上年|上一年)")),
    ("next_year", re.compile(r"明年")),
)


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = chinese_number(text)
    return int(value) if value is not None else None


def five_year_end(ordinal_char: str) -> int:
    """``四`` (十四五) → 2025."""
    years = five_year_plan(10 + "一二三四五六七八九".index(ordinal_char) + 1)
    assert years is not None
    return years[1]


def resolve(name: str, match: re.Match[str], clock: Clock) -> When:
    """What one time expression says (see the module docstring)."""
    text = match.group(0)

    def when(kind: Kind, year: int | None) -> When:
        return When(match.start(), match.end(), kind, year, text)

    if name == "annual_target":
        return when("neutral", None)  # 完成全年目标任务的45.6%: the year's target as a thing, not a time
    if name == "five_start":
        return when("neutral", None)  # 今年是“十五五”开局之年: says which year this is, not a time of its own
    if name == "recent":
        return When(match.start(), match.end(), "fact", clock.year, text, span=True)  # 近三年每年增长…
    if name in {"iso_date", "day_month_year", "year_range", "date"}:
        if name == "date" and re.search(r"截至|截止", match.string[max(match.start() - 4, 0) : match.start()]):
            return _point(when, int(match.group(1)), clock, fact_if_current=True)
        return when("neutral", None)
    if name == "base_year":
        return when("base", int(match.group(1) or match.group(2)))
    if name == "since":
        return when("neutral", None)  # 自2019年以来: what follows is a total up to now, not a year's figure
    if name == "until":
        year = int(match.group(2))
        if match.group(1).startswith("截"):
            return _point(when, year, clock, fact_if_current=True)
        if clock.year is not None and year < clock.year:
            return when("fact", year)
        if clock.period is not None and clock.year is None and year < clock.period.start:
            return when("fact", year)
        return when("target", year)
    if name in {"until_five", "five"}:
        end = five_year_end(match.group(2) if name == "until_five" else match.group(1))
        suffix = match.group(2) if name == "five" else None
        if suffix == "以来" or (clock.year is not None and end < clock.year):
            return When(match.start(), match.end(), "fact", end, text, span=True)
        if clock.year is None and clock.plan_end is not None and end < clock.plan_end:
            return When(match.start(), match.end(), "fact", end, text, span=True)
        if name == "five" and clock.year is not None and end - 4 <= clock.year:
            # The plan now running: its targets or its record so far, by the words around it.
            return When(match.start(), match.end(), "current", end, text, span=True)
        return When(match.start(), match.end(), "target", end, text, span=True)
    if name == "year":
        return _point(when, int(match.group(1)), clock)
    if name == "duration":
        count = _small_number(match.group(1) or match.group(2))
        if clock.year is None or count is None or not 1 <= count <= 15:
            return when("target", None)
        return when("target", clock.year + count - 1)
    if name == "this_year":
        until = re.search(r"(?:到|至)\s*$", match.string[max(match.start() - 2, 0) : match.start()])
        return when("target" if until else "current", clock.year)  # 到年末: the end of this year, a goal
    if name == "last_year":
        return when("fact", clock.year - 1 if clock.year else None)
    return when("target", clock.year + 1 if clock.year else None)  # next_year


def _point(when: Callable[[Kind, int | None], When], year: int, clock: Clock, fact_if_current: bool = False) -> When:
    """A year named on its own: after the document's year a target, before it a fact, the same year current."""
    if clock.year is None:
        if clock.period is not None:
            return when("target" if year >= clock.period.start else "fact", year)
        return when("current", year)
    if year > clock.year:
        return when("target", year)
    if year < clock.year:
        return when("fact", year)
    if fact_if_current:
        return when("fact", year)
    if clock.period is not None and clock.period.start <= year < clock.period.end:
        return when("target", year)  # the first year of a multi-year plan is one of its target years
    return when("current", year)


_CITED_TITLE = re.compile(r"《[^》]*》")


def expressions(text: str, clock: Clock) -> list[When]:
    """Every time expression in ``text``, in order, none overlapping — none inside a cited title
    (《……“十四五”规划》 names a document, not a time)."""
    taken = [False] * len(text)
    for title in _CITED_TITLE.finditer(text):
        for index in range(title.start(), title.end()):
            taken[index] = True
    found: list[When] = []
    for name, pattern in EXPRESSIONS:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            for index in range(match.start(), match.end()):
                taken[index] = True
            found.append(resolve(name, match, clock))
    return sorted(found, key=lambda item: item.start)


_CUES = re.compile(
    rf"(?P<target>{'|'.join(vocab.TARGET_CUES)})|(?P<fact>{'|'.join(vocab.ACTUAL_CUES)})"
    rf"|(?P<weak>{'|'.join(vocab.WEAK_ACTUAL_CUES)})"
)
_FORECAST = re.compile("|".join(vocab.FORECAST_WORDS))


def cue(text: str) -> Kind | None:
    """What the cue words in ``text`` make of a figure of the current year: ``target`` after a word that
    sets a goal (力争, 目标, 将 …) unless a reporting word (执行情况, 完成了, 已 …) follows it, ``fact``
    after a reporting word or, with no goal word, a weak one (同比, 较上年)."""
    goal = report = weak = -1
    for match in _CUES.finditer(text):
        if match.group("target"):
            goal = match.start()
        elif match.group("fact"):
            report = match.start()
        else:
            weak = match.start()
    if goal >= 0 and report < goal:
        return "target"
    if report >= 0 or weak >= 0:
        return "fact"
    return None


_REPORTS = re.compile("|".join(vocab.ACTUAL_CUES))


def reports(text: str) -> bool:
    """Words that report what happened (保持了, 已, 执行情况): a figure after them is a fact even under a
    goal heading."""
    return bool(_REPORTS.search(text))


def forecast(text: str) -> bool:
    """预计 / 预测 / 有望: an estimate of the present, neither a target nor a fact."""
    return bool(_FORECAST.search(text))
