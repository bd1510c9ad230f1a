"""The front matter of a plan: title, issuer, document number, date, region, period.

A county plan usually arrives wrapped in the notice that issues it (印发通知)::

    某府发〔2024〕5号                    ← document number (发文字号)
    某某县人民政府                       ← issuer (or a header ``……文件``)
    关于印发《……规划（2023—2027年）》的通知  ← title inside 《》, period in it
    ……现印发给你们，请认真贯彻执行。
                        某某县人民政府   ← signature (落款): the issuer
                         2024年1月23日   ← signature date: published
    ……规划
    二〇二三年十二月                     ← compile date (month only)

``recognise_metadata`` reads only the front matter: the blocks that start
within the first ``FRONT_MATTER_LINES`` lines and before the first chapter
heading (第一章).  The rules, in the order they are applied:

* **doc_number** — the first document number (``XX发〔2024〕5号`` in any
  bracket style) in the front matter that is not a citation in parentheses
  (``《…》（渝府办发〔2020〕99号）`` is a document the plan refers to).
* **title** — the name inside 《》 in a ``关于印发《…》的通知`` line (also
  转发, and without 《》 the words between 印发 and 的通知; a notice line cut
  over up to three blocks is joined first); otherwise the
  first short line naming a 规划 / 方案 / 计划 / 纲要, with a period line
  ``（2023—2027年）`` that follows it appended.  Markup and spaces are removed.
* **period** — from the title (years, or ``“十四五”`` computed from the
  ordinal); else from the two blocks after the title; else from the first
  front-matter block that states one outside a citation ``《…》（…）``.
* **published** — the first front-matter date standing on a line of its own
  (or after a signature on the same line).  A day-precision date (the
  signature date of the notice) wins over month-only dates such as
  ``二〇二一年十二月`` (the compile date under the plan's cover title); when
  only month dates exist, the first is used, dated the 1st of the month.
* **issuer** — the signature line just before that date (a short line ending
  like an organ: 人民政府, 办公室, 委员会, 局 …); else the header line
  ``……文件`` without 文件; else the words before 关于印发 in the notice line,
  or the organ on the line above it when the notice line starts with 关于.
* **region** — ``region_of(issuer)``; when no issuer is found, the region the
  title starts with (``某某县工业园区……规划`` → 某某县).

Every field found records its ``Source`` (the line and that line's text) in
``Metadata.sources`` under the field's name.

Longer than most modules (≈500 lines): the front matter is one small grammar whose
rules (title, issuer, number, dates, period) decide together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from planwatch import periods
from planwatch.plan.document import Document, Heading, Paragraph
from planwatch.plan.model import Period, Source
from planwatch.plan.text import CJK, clean
from planwatch.units import chinese_number

Precision = Literal["day", "month", "year"]

FRONT_MATTER_LINES = 60
"""Blocks starting after this line are not front matter."""
MAX_TITLE_CHARS = 80
MAX_ISSUER_CHARS = 40
DATE_LINE_EXTRA_CHARS = 8
"""A date line may carry a few characters besides the date (``印发``)."""


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    published: date | None = None
    region: str | None = None
    period: Period | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    """Provenance per field name that was found (``title``, ``issuer``, ``doc_number`` …)."""


# ---------------------------------------------------------------- normalisation

_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "－": "-", "～": "~", "．": ".", "／": "/"})


def _squeeze(text: str) -> str:
    """Markup removed, full-width digits made ASCII, every space (also U+3000) removed."""
    return re.sub(r"\s+", "", clean(text).translate(_FULLWIDTH))


# ---------------------------------------------------------------- document number

_OPEN = "〔［[（(【〖"
_CLOSE = "〕］]）)】〗"
_DOC_NUMBER = re.compile(
    rf"([{CJK}]{{1,12}})[{re.escape(_OPEN)}]((?:19|20)\d{{2}})[{re.escape(_CLOSE)}]第?0*(\d{{1,4}})号"
)
_CITING_WORDS = re.compile(r"^.*?(?:根据|依据|按照|参照|印发|转发|详见|对照)")


def _doc_numbers(text: str) -> list[tuple[str, int]]:
    """Every document number in ``text`` (canonical form) with its offset in the squeezed text."""
    squeezed = _squeeze(text)
    found: list[tuple[str, int]] = []
    for match in _DOC_NUMBER.finditer(squeezed):
        prefix = _CITING_WORDS.sub("", match.group(1)) or match.group(1)
        start = match.end(1) - len(prefix)
        found.append((f"{prefix}〔{match.group(2)}〕{int(match.group(3))}号", start))
    return found


def find_doc_number(text: str) -> str | None:
    """The first document number (发文字号) in ``text``, written canonically with 〔〕.

    ``石柱府发〔2024〕5号``, ``渝府办发[2020]99号``, ``秀山府办发（2022）3号``,
    ``国办发［2021］ 8 号`` with full-width digits or stray spaces all come back
    as ``机关代字〔年份〕序号号``; leading zeros of the serial are dropped.
    """
    found = _doc_numbers(text)
    return found[0][0] if found else None


# ---------------------------------------------------------------- dates

_CN_ZERO_TO_NINE = "〇○零一二三四五六七八九"
_CN_YEAR = rf"[{_CN_ZERO_TO_NINE}OoΟ]{{4}}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], Precision], ...] = (
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})[日号]"), "day"),
    (re.compile(r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])"), "day"),
    (re.compile(rf"({_CN_YEAR})年({_CN_SMALL})月({_CN_SMALL})[日号]"), "day"),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(?!\d)"), "month"),
    (re.compile(rf"({_CN_YEAR})年({_CN_SMALL})月"), "month"),
)
_YEAR_ONLY = re.compile(rf"(\d{{4}}|{_CN_YEAR})年?")


def _cn_year(text: str) -> int:
    """``二〇二一`` → 2021, digit by digit (``○`` and a letter O are zeros too)."""
    digits = "".join("0" if c in "〇○零OoΟ" else str("一二三四五六七八九".index(c) + 1) for c in text)
    return int(digits)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = chinese_number(text)
    return int(value) if value is not None else None


def _year(text: str) -> int:
    return int(text) if text.isdigit() else _cn_year(text)


@dataclass(frozen=True)
class _DateMatch:
    value: date
    precision: Precision
    start: int
    end: int
    """Offsets in the squeezed text."""


def _find_date(text: str) -> _DateMatch | None:
    squeezed = _squeeze(text)
    candidates: list[_DateMatch] = []
    for pattern, precision in _DATE_PATTERNS:
        for match in pattern.finditer(squeezed):
            year = _year(match.group(1))
            month = _number(match.group(2))
            day = _number(match.group(3)) if precision == "day" else 1
            if month is None or day is None or not 1900 <= year <= 2100:
                continue
            try:
                value = date(year, month, day)
            except ValueError:
                continue
            candidates.append(_DateMatch(value, precision, match.start(), match.end()))
    if candidates:
        return min(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    whole = _YEAR_ONLY.fullmatch(squeezed)
    if whole:
        year = _year(whole.group(1))
        if 1900 <= year <= 2100:
            return _DateMatch(date(year, 1, 1), "year", 0, len(squeezed))
    return None


def parse_date(text: str) -> tuple[date, Precision] | None:
    """The first date written in ``text`` and how precise it is.

    ``2024年1月23日`` (also followed by 印发), ``2024-01-23``, ``2024.1.23``,
    ``二〇二四年一月二十三日`` → day precision; ``二〇二一年十二月`` →
    (2021-12-01, "month").  A bare year (``2024年``, ``二〇二一年``) is a date
    of year precision only when it is the whole text: in running text a year
    is far more often a figure's year than a date.
    """
    found = _find_date(text)
    return (found.value, found.precision) if found else None


# ---------------------------------------------------------------- periods

_YEAR_PAIR = re.compile(r"(?<!\d)((?:19|20)\d{2})年?(?:[—–\-~〜至到]+)((?:19|20)\d{2})(?!\d)")
_SPACED_PAIR = re.compile(r"(?:^|[（(])\s*((?:19|20)\d{2})\s*年?\s+((?:19|20)\d{2})\s*年?\s*(?:$|[）)])")
_FIVE_YEAR_QUOTED = re.compile(r"[“\"‘'「]([一二三四五六七八九十]{1,3})五[”\"’'」]")
_FIVE_YEAR_BARE = re.compile(
    r"(?<![一二三四五六七八九十〇零百千])([一二三四五六七八九十]{1,3})五"
    r"(?=规划|计划|期间|时期|末|初期|以来|开局)"
)
_FIVE_YEAR_LONG = re.compile(r"第([一二三四五六七八九十\d]{1,3})个五年(?:规划|计划)")
MAX_PERIOD_YEARS = 30


def five_year_plan(ordinal: int) -> Period | None:
    """The ``ordinal``-th five-year plan as a plan period (the rule is ``periods.five_year_plan``)."""
    years = periods.five_year_plan(ordinal)
    return Period(start=years[0], end=years[1]) if years else None


def parse_period(text: str) -> Period | None:
    """The plan period written in ``text``, or None.

    Two years joined by any dash (— – - － ~ ～), 至 or 到, with or without 年
    (``2023—2027年``, ``（2021-2025）``, ``2021年至2025年``); two years separated
    only by spaces when they are the whole text or the whole of a bracket
    (``（2023 2027年）``); else a five-year plan by its ordinal (``“十四五”``,
    ``十四五规划``, ``第十四个五年规划``).  The second year must follow the
    first by 1 to 30 years.
    """
    normal = clean(text).translate(_FULLWIDTH)
    compact = re.sub(r"\s+", "", normal)
    for match in _YEAR_PAIR.finditer(compact):
        start, end = int(match.group(1)), int(match.group(2))
        if 1 <= end - start <= MAX_PERIOD_YEARS:
            return Period(start=start, end=end)
    for match in _SPACED_PAIR.finditer(normal.strip()):
        start, end = int(match.group(1)), int(match.group(2))
        if 1 <= end - start <= MAX_PERIOD_YEARS:
            return Period(start=start, end=end)
    for pattern in (_FIVE_YEAR_QUOTED, _FIVE_YEAR_BARE, _FIVE_YEAR_LONG):
        found = pattern.search(compact)
        if found:
            ordinal = _number(found.group(1))
            if ordinal is not None:
                return five_year_plan(ordinal)
    return None


# ---------------------------------------------------------------- region

_UNIT_SUFFIXES = (
    *("特别行政区", "自治区", "自治州", "自治县", "自治旗"),
    *("新区", "林区", "省", "市", "县", "区", "旗", "盟"),
)
"""Longest first where one ends another (自治县 before 县)."""
_NOT_A_PLACE = re.compile(r"园|委|局|办|厅|政府|中心|开发|高新|经开|保税|管理|工业|产业|经济|集团|公司")
MAX_PLACE_NAME = 12


def _next_unit(text: str, start: int) -> str | None:
    """The administrative unit (name + suffix) that starts ``text[start:]``, or None."""
    for end in range(start + 1, min(len(text), start + MAX_PLACE_NAME + 1)):
        name = text[start:end]
        if not re.fullmatch(rf"[{CJK}]+", name) or _NOT_A_PLACE.search(name):
            return None
        for suffix in _UNIT_SUFFIXES:
            if text.startswith(suffix, end):
                # A one-character name is a county (沙县), never a city or district (城市, 市区).
                if len(name) == 1 and suffix != "县":
                    break
                return name + suffix
    return None


def region_of(issuer: str | None) -> str | None:
    """The county, district or city an issuer governs: the lowest administrative unit it names.

    ``石柱土家族自治县人民政府`` → ``石柱土家族自治县``;
    ``秀山土家族苗族自治县人民政府办公室`` → ``秀山土家族苗族自治县``;
    ``XX区人民政府`` → ``XX区``.  A name carrying its province or municipality
    (``重庆市石柱土家族自治县人民政府``) gives the lowest unit,
    ``石柱土家族自治县``: a county plan's region is the county, and the higher
    unit is read off the region hierarchy, not the plan.  Names of parks and
    departments (``石柱县工业园区管委会`` → ``石柱县``) are not places.
    """
    if not issuer:
        return None
    text = re.sub(r"^中共", "", _squeeze(issuer))
    region: str | None = None
    position = 0
    while True:
        unit = _next_unit(text, position)
        if unit is None:
            return region
        region = unit
        position += len(unit)


# ---------------------------------------------------------------- the front matter

_ORGAN = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|局|委|厅|办|部|署|院|中心|公司|党委|县委|区委|市委|人大常委会)$"
)
_NOTICE = re.compile(r"^(.*?)关于(?:印发|转发|发布|颁布)(.*?)的?(?:通知|决定|公告)$")
_QUOTED_TITLE = re.compile(r"《(.+)》")
_TITLE_WORD = re.compile(r"规划|方案|计划|纲要")
_HEADER = re.compile(r"^(.+?)文件$")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十\d]+[章篇]")
_SENTENCE_END = re.compile(r"[。；！？：，]$")
_CITATION = re.compile(r"《[^》]*》(?:[（(][^）)]*[）)])?")


@dataclass(frozen=True)
class _Item:
    """A front-matter block: its text (spaces removed) and the lines it spans."""

    text: str
    line: int
    block: Heading | Paragraph
    offsets: tuple[int, ...]
    """Offset in ``block.text`` of each character of ``text``."""

    def line_at(self, offset: int) -> int:
        if isinstance(self.block, Paragraph) and self.offsets:
            return self.block.line_at(self.offsets[min(offset, len(self.offsets) - 1)])
        return self.line


def _front_matter(doc: Document) -> list[_Item]:
    items: list[_Item] = []
    for block in doc.blocks:
        if not isinstance(block, Heading | Paragraph):
            continue
        if block.line > FRONT_MATTER_LINES:
            break
        kept = [(i, c) for i, c in enumerate(block.text.translate(_FULLWIDTH)) if not c.isspace()]
        text = "".join(c for _, c in kept)
        if not text:
            continue
        if _CHAPTER.match(text):
            break
        items.append(_Item(text=text, line=block.line, block=block, offsets=tuple(i for i, _ in kept)))
    return items


def _is_organ(text: str) -> bool:
    return (
        0 < len(text) <= MAX_ISSUER_CHARS and bool(_ORGAN.search(text)) and not re.search(r"[，。；：、《》“”]", text)
    )


def _title_from_notice(text: str) -> str | None:
    notice = _NOTICE.match(text)
    if not notice:
        return None
    quoted = _QUOTED_TITLE.search(notice.group(2))
    title = quoted.group(1) if quoted else notice.group(2)
    return title or None


@dataclass(frozen=True)
class _Title:
    text: str
    line: int
    index: int
    """Index of the item the title ends in."""
    period_line: int
    """The line of the title's period (the title's own line unless a period line follows it)."""


NOTICE_MAX_ITEMS = 3
"""A notice title split over lines (``关于印发《……`` / ``……》的通知``) is joined over this many blocks."""


def _find_title(items: list[_Item]) -> _Title | None:
    for index, item in enumerate(items):
        if not re.search(r"关于(?:印发|转发|发布|颁布)", item.text):
            continue
        joined = ""
        for last in range(index, min(index + NOTICE_MAX_ITEMS, len(items))):
            joined += items[last].text
            title = _title_from_notice(joined)
            if title:
                line = item.line_at(item.text.find(title)) if title in item.text else item.line
                return _Title(title, line, last, line)
    for index, item in enumerate(items):
        text = item.text
        if (
            len(text) > MAX_TITLE_CHARS
            or not _TITLE_WORD.search(text)
            or "《" in text
            or _SENTENCE_END.search(text)
            or _HEADER.match(text)
        ):
            continue
        if index + 1 < len(items):
            following = items[index + 1]
            bracketed = re.fullmatch(r"[（(].*[）)]", following.text)
            if bracketed and parse_period(following.text) and not parse_period(text):
                return _Title(text + following.text, item.line, index + 1, following.line)
        return _Title(text, item.line, index, item.line)
    return None


def _doc_number(doc: Document, items: list[_Item]) -> tuple[str, Source] | None:
    for item in items:
        for number, offset in _doc_numbers(item.text):
            if offset and item.text[offset - 1] in "（(":
                continue  # a document the plan cites, not its own number
            return number, doc.source(item.line_at(offset))
    return None


def _published(items: list[_Item]) -> tuple[_DateMatch, int, str] | None:
    """The signature date: (the date, the index of its item, words on its line before it)."""
    first_day: tuple[_DateMatch, int, str] | None = None
    first_month: tuple[_DateMatch, int, str] | None = None
    for index, item in enumerate(items):
        found = _find_date(item.text)
        if found is None or found.precision == "year":
            continue
        before, after = item.text[: found.start], item.text[found.end :]
        standalone = len(before) + len(after) <= DATE_LINE_EXTRA_CHARS and not _SENTENCE_END.search(item.text)
        signed = _is_organ(before) and len(after) <= DATE_LINE_EXTRA_CHARS
        if not (standalone or signed):
            continue
        entry = (found, index, before if signed else "")
        if found.precision == "day" and first_day is None:
            first_day = entry
        if found.precision == "month" and first_month is None:
            first_month = entry
    return first_day or first_month


def recognise_metadata(doc: Document) -> Metadata:
    """Title, issuer, document number, publication date, region and period of a plan.

    See the module docstring for the rules; nothing here knows a particular
    county.  Fields that cannot be found stay None and have no source.
    """
    meta = Metadata()
    items = _front_matter(doc)

    number = _doc_number(doc, items)
    if number:
        meta.doc_number, meta.sources["doc_number"] = number

    title = _find_title(items)
    if title:
        meta.title, meta.sources["title"] = title.text, doc.source(title.line)
        period = parse_period(title.text)
        if period:
            meta.period, meta.sources["period"] = period, doc.source(title.period_line)

    if meta.period is None:
        nearby = items[title.index + 1 : title.index + 3] if title else []
        for item in [*nearby, *items]:
            # 《…》（…） is a document the plan cites: its period is not the plan's.
            period = parse_period(_CITATION.sub("", item.text))
            if period:
                meta.period, meta.sources["period"] = period, doc.source(item.line)
                break

    published = _published(items)
    if published:
        found, index, signer = published
        item = items[index]
        meta.published = found.value
        meta.sources["published"] = doc.source(item.line_at(found.start))
        if signer:
            meta.issuer, meta.sources["issuer"] = signer, doc.source(item.line)
        elif index > 0 and _is_organ(items[index - 1].text):
            previous = items[index - 1]
            meta.issuer, meta.sources["issuer"] = previous.text, doc.source(previous.line)

    if meta.issuer is None:
        for item in items:
            header = _HEADER.match(item.text)
            if header and _is_organ(header.group(1)):
                meta.issuer, meta.sources["issuer"] = header.group(1), doc.source(item.line)
                break
    if meta.issuer is None:
        for index, item in enumerate(items):
            notice = re.match(r"(.*?)关于(?:印发|转发|发布|颁布)", item.text)
            if not notice:
                continue
            if _is_organ(notice.group(1)) and not _CITING_WORDS.match(notice.group(1)):
                meta.issuer, meta.sources["issuer"] = notice.group(1), doc.source(item.line)
            elif not notice.group(1) and index > 0 and _is_organ(items[index - 1].text):
                previous = items[index - 1]
                meta.issuer, meta.sources["issuer"] = previous.text, doc.source(previous.line)
            break

    if meta.issuer:
        meta.region = region_of(meta.issuer)
        if meta.region:
            meta.sources["region"] = meta.sources["issuer"]
    if meta.region is None and meta.title:
        meta.region = region_of(meta.title)
        if meta.region:
            meta.sources["region"] = meta.sources["title"]
    return meta
