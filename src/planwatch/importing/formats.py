"""Which kind of sheet this is, and its rows as typed records — one reader per format.

* **long**: one value per row — 企业/代码, 指标, 报告期, 数值 (, 计量单位).
* **wide**: one row per enterprise and period, one column per element, with
  Chinese headers as in the 规上工业企业 statistical forms (``工业总产值（万元）``).
* **registry** (企业名录): enterprises with their park, industry, cluster, chain
  links, land and tags (a column per tag holding the year it was granted,
  ``2022`` or ``2022-2025``).
* **published**: the county figures file (region, figure, period, value, unit,
  kind, quality, source, note) — facts on the region itself.

Every cell that cannot be used becomes a ``Problem`` with its address; good
cells become records.  Nothing here looks at the database.

Longer than most modules (≈520 lines): the four readers share the header vocabulary and the
cell-to-problem machinery; splitting them would split that.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from planwatch.importing.problem import Problem, column_letter
from planwatch.importing.sheets import HEADER_ROWS, Sheet
from planwatch.periods import InvalidPeriod, Period, period_from_value
from planwatch.status import Severity
from planwatch.store.elements import Element, catalog, header_unit
from planwatch.units import UNITS, convert, normalise_unit

Format = Literal["long", "wide", "registry", "published"]
MAX_FIGURE = 1e15
"""No statistic of a county comes near this (1e15 元 is a thousand times China's GDP): a larger figure is a typo."""

_ROLES: dict[str, str] = {
    "code": r"^(?:统一社会信用代码|社会信用代码|信用代码|USCC|代码)$",
    "name": r"^(?:企业名称|单位名称|企业|单位|名称|企业全称|单位详细名称)$",
    "period": r"^(?:报告期|报告期别|期间|时间|年月|月份|年份|统计期|统计时间|期别)$",
    "element": r"^(?:指标|指标名称|数据项|统计指标)$",
    "value": r"^(?:数值|数据|值|本期数|本期|本月|填报值|指标值)$",
    "unit": r"^(?:计量单位|单位名称\(计量\)|度量单位)$",
    "park": r"^(?:所属园区|园区|所在园区|园区名称)$",
    "region": r"^(?:所属地区|地区|所属区县|区县)$",
    "industry": r"^(?:行业代码|国民经济行业代码|行业代码（GB/T4754）|行业代码\(GB/T4754\)|行业)$",
    "cluster": r"^(?:产业集群|所属产业|主导产业|产业)$",
    "chain": r"^(?:产业链环节|产业链|链条环节)$",
    "land": r"^(?:用地面积|占地面积|用地)$",
    "demo": r"^(?:数据性质|备注)$",
    "contact": r"^(?:联系人|填报人|统计联系人|联系人姓名)$",
    "phone": r"^(?:联系电话|电话|手机|手机号码|联系方式)$",
}
PUBLISHED_HEADERS = ("region", "figure", "period", "value", "unit", "kind", "quality", "source", "note")
_PREVIOUS_YEAR = re.compile(r"上年|去年|同比|上期")


def _role(header: str) -> str | None:
    text = re.sub(r"[\s\u3000*＊]", "", re.sub(r"[（(][^（）()]*[）)]$", "", header))
    for role, pattern in _ROLES.items():
        if re.match(pattern, text, re.IGNORECASE):
            return role
    return None


def _tag_of(header: str) -> str | None:
    text = re.sub(r"[（(][^（）()]*[）)]$", "", re.sub(r"\s", "", header))
    return text if text in catalog().tags else None


@dataclass
class Header:
    row: int
    names: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    elements: dict[int, Element] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    """Columns read but not imported (上年同期 …), with the reason."""


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def find_header(sheet: Sheet) -> Header | None:
    """The header row: the one among the first rows that names the most known columns."""
    best: Header | None = None
    best_score = 0
    for index, (number, cells) in enumerate(sheet.rows[:HEADER_ROWS]):
        names = [_text(cell) for cell in cells]
        header = Header(row=number, names=names)
        for column, name in enumerate(names):
            if not name:
                continue
            role = _role(name)
            if role and role not in header.roles:
                header.roles[role] = column
                continue
            tag = _tag_of(name)
            if tag is not None:
                header.tags[column] = tag
                continue
            element = catalog().find(name)
            if element is not None:
                header.elements[column] = element
        score = len(header.roles) * 2 + len(header.elements) + len(header.tags)
        published = [n.lower() for n in names[: len(PUBLISHED_HEADERS)]] == list(PUBLISHED_HEADERS)
        if published:
            score = 100
        if score > best_score and (header.roles or header.elements or published):
            best, best_score = header, score
            _merge_sub_header(sheet, index, header)
    return best


_DATA_TEXT = re.compile(r"[-+]?[\d,，.]+%?|\d{4}(?:[-/.年]\d{1,2}月?|Q\d|年?第?[一二三四1-4]季度)?")


def _looks_like_data(text: str) -> bool:
    """A number or a period written as text: what a data row holds and a header row does not."""
    return bool(_DATA_TEXT.fullmatch(text.strip()))


def _merge_sub_header(sheet: Sheet, index: int, header: Header) -> None:
    """A second header row (本年 / 上年同期 under a merged title): note columns not to import."""
    if index + 1 >= len(sheet.rows):
        return
    number, cells = sheet.rows[index + 1]
    texts = [_text(cell) for cell in cells]
    if not any(texts) or any(isinstance(cell, int | float) for cell in cells) or any(len(t) > 8 for t in texts):
        return
    if any(_looks_like_data(text) for text in texts if text):
        return  # a first data row of short cells (a CSV holds numbers as text): not a second header
    for column, text in enumerate(texts):
        if text and column < len(header.names) and text != header.names[column]:
            header.names[column] = f"{header.names[column]}·{text}"
            if _PREVIOUS_YEAR.search(text) and column in header.elements:
                header.skipped[column] = "上年同期数由系统按上年数据计算，不从本列导入"
                del header.elements[column]
    header.row = number


def detect(header: Header) -> Format | None:
    if [n.lower() for n in header.names[: len(PUBLISHED_HEADERS)]] == list(PUBLISHED_HEADERS):
        return "published"
    has_org = "code" in header.roles or "name" in header.roles
    if has_org and "park" in header.roles:
        return "registry"
    if has_org and "element" in header.roles and "value" in header.roles:
        return "long"
    if has_org and header.elements:
        return "wide"
    return None


@dataclass(frozen=True)
class Address:
    sheet: str
    row: int
    column: str
    header: str


@dataclass(frozen=True)
class FactRecord:
    address: Address
    org_code: str | None
    org_name: str | None
    element: Element
    period: Period
    value: float
    """In the element's unit."""
    reported_value: float
    reported_unit: str
    source: str
    org_address: Address | None = None
    """The cell naming the enterprise or region (its code, else its name): where a wrong one is fixed."""


@dataclass(frozen=True)
class RegistryRecord:
    address: Address
    code: str
    name: str
    park: str | None
    region: str | None
    industry: str | None
    cluster: str | None
    chain_links: str | None
    land_mu: float | None
    tags: tuple[tuple[str, int, int | None], ...]
    demo: bool
    contact: str | None = None
    """Who fills in the enterprise's figures (联系人), for the 催报 list."""
    phone: str | None = None


@dataclass
class Parsed:
    format: Format | None
    facts: list[FactRecord] = field(default_factory=list)
    registry: list[RegistryRecord] = field(default_factory=list)
    regions: dict[str, Address] = field(default_factory=dict)
    """Published figures name their region; it is created if the store lacks it."""
    problems: list[Problem] = field(default_factory=list)
    ledgers: list[tuple[Sheet, Any]] = field(default_factory=list)
    """台账 sheets (``importing/ledgers.py`` reads them): each with its ``LedgerHeader``."""


class _Context:
    def __init__(self, sheet: Sheet, header: Header, parsed: Parsed) -> None:
        self.sheet = sheet
        self.header = header
        self.parsed = parsed

    def problem(
        self,
        row: int | None,
        column: int | None,
        value: object,
        reason: str,
        fix: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.parsed.problems.append(
            Problem(
                file=self.sheet.file,
                sheet=self.sheet.name,
                row=row,
                column=column_letter(column) if column is not None else None,
                header=self.header.names[column] if column is not None and column < len(self.header.names) else None,
                value=None if value is None else str(value),
                reason=reason,
                fix=fix,
                severity=severity,
            )
        )

    def add_fact(
        self,
        row: int,
        column: int,
        org: tuple[str | None, str | None],
        element: Element,
        period: Period,
        amounts: tuple[float, float, str | None],
        source: str | None = None,
        org_column: int | None = None,
    ) -> None:
        """A good value: ``org`` is (code, name), ``amounts`` (in the element's unit, as entered, unit entered)."""
        converted, entered, unit = amounts
        if org_column is None:
            org_column = self.header.roles.get("code" if org[0] is not None else "name")
        self.parsed.facts.append(
            FactRecord(
                self.address(row, column),
                org[0],
                org[1],
                element,
                period,
                converted,
                entered,
                normalise_unit(unit) or element.unit,
                source or f"{self.sheet.file}:{self.sheet.name}:{row}",
                self.address(row, org_column) if org_column is not None else None,
            )
        )

    def address(self, row: int, column: int) -> Address:
        header = self.header.names[column] if column < len(self.header.names) else ""
        return Address(self.sheet.name, row, column_letter(column), header)


def _cell(cells: list[object], column: int | None) -> object:
    if column is None or column >= len(cells):
        return None
    return cells[column]


def number_in(ctx: _Context, row: int, column: int, value: object) -> float | None:
    """A cell as a number, or a problem saying why it is not one."""
    if isinstance(value, bool):
        ctx.problem(row, column, value, "是逻辑值，不是数字", "请填写数字。")
        return None
    if isinstance(value, int | float):
        # An integer too long for a float (400 nines) is as unusable as an infinite one.
        number = float(value) if isinstance(value, float) or abs(value) < 10**300 else math.inf
        return _finite(ctx, row, column, number, value)
    text = _text(value)
    if text.startswith("="):
        ctx.problem(
            row,
            column,
            text,
            "是公式或以“=”开头的文字，不是数值",
            "请复制该列后“选择性粘贴—数值”，或直接填写数字。",
        )
        return None
    cleaned = re.sub(r"[,，\s\u3000]", "", text).translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        return _finite(ctx, row, column, float(cleaned), text)
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?%", cleaned):
        return _finite(ctx, row, column, float(cleaned[:-1]), text)
    ctx.problem(row, column, text, "不是数字", "请只填写数字（不带单位、不加文字说明），没有数据请留空。")
    return None


def _finite(ctx: _Context, row: int, column: int, number: float, shown: object) -> float | None:
    """A number a statistic can be: not infinite (``1e999``), not NaN, not beyond what a figure could be."""
    if math.isfinite(number) and abs(number) < MAX_FIGURE:
        return number
    ctx.problem(
        row,
        column,
        str(shown)[:40],
        "不是有效的数值（无穷大、非数字或大得不可能）",
        "请检查这个单元格：填写实际的数字，没有数据请留空。",
    )
    return None


def period_in(ctx: _Context, row: int, column: int | None, value: object) -> Period | None:
    if value is None:
        ctx.problem(row, column, None, "报告期为空", "请填写报告期，如 2024-06（月）、2024Q2（季）或 2024（年）。")
        return None
    try:
        return period_from_value(value)
    except InvalidPeriod as error:
        ctx.problem(row, column, value, "报告期格式无法识别", str(error))
        return None


def _convert(ctx: _Context, row: int, column: int, value: float, unit: str | None, element: Element) -> float | None:
    if unit is None or normalise_unit(unit) == element.unit:
        return value
    canonical = normalise_unit(unit)
    if canonical not in UNITS or UNITS[canonical].dimension != UNITS[element.unit].dimension:
        ctx.problem(
            row,
            column,
            unit,
            f"单位与指标“{element.name}”的单位（{element.unit}）不一致，无法换算",
            f"请按{element.unit}填写，或改正单位。",
        )
        return None
    return convert(value, canonical, element.unit)


def parse(sheet: Sheet, header: Header, kind: Format) -> Parsed:
    parsed = Parsed(format=kind)
    ctx = _Context(sheet, header, parsed)
    for merged in sheet.merged_below_header:
        ctx.problem(None, None, merged, f"数据区有合并单元格（{merged}）", "请取消合并并在每个单元格填入数据。")
    rows = [(number, cells) for number, cells in sheet.rows if number > header.row]
    reader = {"long": _long, "wide": _wide, "registry": _registry, "published": _published}[kind]
    for number, cells in rows:
        reader(ctx, number, cells)
    for column, reason in header.skipped.items():
        ctx.problem(None, column, None, reason, "无需处理。", severity=Severity.WARNING)
    return parsed


def _org(ctx: _Context, number: int, cells: list[object]) -> tuple[str | None, str | None]:
    code = _text(_cell(cells, ctx.header.roles.get("code"))) or None
    name = _text(_cell(cells, ctx.header.roles.get("name"))) or None
    if code is None and name is None:
        ctx.problem(
            number,
            ctx.header.roles.get("code", ctx.header.roles.get("name")),
            None,
            "缺少企业代码和名称",
            "请填写统一社会信用代码（或企业名称）。",
        )
    return code, name


def _long(ctx: _Context, number: int, cells: list[object]) -> None:
    code, name = _org(ctx, number, cells)
    element_column = ctx.header.roles["element"]
    element_text = _text(_cell(cells, element_column))
    element = catalog().find(element_text) if element_text else None
    if element is None:
        ctx.problem(
            number,
            element_column,
            element_text,
            "不是已知的指标",
            "请使用填报模板“填报说明”中列出的指标名称（如 工业总产值、营业收入、税金、综合能耗）。",
        )
    period_column = ctx.header.roles.get("period")
    period = period_in(ctx, number, period_column, _cell(cells, period_column))
    value_column = ctx.header.roles["value"]
    raw = _cell(cells, value_column)
    if raw is None:
        return
    value = number_in(ctx, number, value_column, raw)
    unit_column = ctx.header.roles.get("unit")
    unit = _text(_cell(cells, unit_column)) or None
    if element is None or period is None or value is None or (code is None and name is None):
        return
    converted = _convert(ctx, number, unit_column if unit_column is not None else value_column, value, unit, element)
    if converted is None:
        return
    ctx.add_fact(number, value_column, (code, name), element, period, (converted, value, unit))


def _wide(ctx: _Context, number: int, cells: list[object]) -> None:
    code, name = _org(ctx, number, cells)
    period_column = ctx.header.roles.get("period")
    if period_column is None:
        ctx.problem(None, None, None, "缺少“报告期”列", "请在表中增加“报告期”列（如 2024-06），每行填写所属期间。")
        return
    period = period_in(ctx, number, period_column, _cell(cells, period_column))
    for column, element in ctx.header.elements.items():
        raw = _cell(cells, column)
        if raw is None:
            continue
        value = number_in(ctx, number, column, raw)
        if value is None or period is None or (code is None and name is None):
            continue
        unit = header_unit(ctx.header.names[column].split("·")[0])
        converted = _convert(ctx, number, column, value, unit, element)
        if converted is None:
            continue
        ctx.add_fact(number, column, (code, name), element, period, (converted, value, unit))


_YEARS = re.compile(r"^((?:19|20)\d{2})(?:\s*[-—~～至]\s*((?:19|20)\d{2})?)?$")


def _tag_years(ctx: _Context, number: int, column: int, value: object) -> tuple[int, int | None] | None:
    text = _text(value).replace("年", "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value))
    match = _YEARS.match(text)
    if match:
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if text in {"是", "√", "Y", "y", "yes"}:
        ctx.problem(
            number,
            column,
            text,
            "只写了“是”，没有认定年份",
            "请填写认定年份，如 2022（长期有效）或 2022-2024（有效期）。",
        )
        return None
    ctx.problem(number, column, text, "不是年份", "请填写认定年份，如 2022，或有效期 2022-2024。")
    return None


def _registry(ctx: _Context, number: int, cells: list[object]) -> None:
    from planwatch.uscc import InvalidUSCC, validate

    roles = ctx.header.roles
    code_text = _text(_cell(cells, roles.get("code")))
    name = _text(_cell(cells, roles.get("name")))
    if not code_text:
        ctx.problem(
            number, roles.get("code"), None, "缺少统一社会信用代码", "名录中每家企业都要有18位统一社会信用代码。"
        )
        return
    try:
        code = validate(code_text)
    except InvalidUSCC as error:
        ctx.problem(number, roles.get("code"), code_text, "统一社会信用代码有误", str(error))
        return
    if not name:
        ctx.problem(number, roles.get("name"), None, "缺少企业名称", "请填写营业执照上的企业名称。")
        return
    land: float | None = None
    if "land" in roles and _cell(cells, roles["land"]) is not None:
        land = number_in(ctx, number, roles["land"], _cell(cells, roles["land"]))
        if land is not None:
            unit = header_unit(ctx.header.names[roles["land"]]) or "亩"
            if normalise_unit(unit) != "亩" and normalise_unit(unit) in UNITS:
                land = convert(land, normalise_unit(unit) or "亩", "亩")
    tags: list[tuple[str, int, int | None]] = []
    for column, tag in ctx.header.tags.items():
        value = _cell(cells, column)
        if value is None:
            continue
        years = _tag_years(ctx, number, column, value)
        if years:
            tags.append((tag, years[0], years[1]))
    demo_text = _text(_cell(cells, roles.get("demo")))
    ctx.parsed.registry.append(
        RegistryRecord(
            ctx.address(number, roles.get("code", 0)),
            code,
            name,
            _text(_cell(cells, roles.get("park"))) or None,
            _text(_cell(cells, roles.get("region"))) or None,
            _text(_cell(cells, roles.get("industry"))) or None,
            _text(_cell(cells, roles.get("cluster"))) or None,
            _text(_cell(cells, roles.get("chain"))) or None,
            land,
            tuple(tags),
            "演示数据" in demo_text,
            _text(_cell(cells, roles.get("contact"))) or None,
            _text(_cell(cells, roles.get("phone"))) or None,
        )
    )


def _published(ctx: _Context, number: int, cells: list[object]) -> None:
    region = _text(_cell(cells, 0))
    figure = _text(_cell(cells, 1))
    element = catalog().find(figure)
    if not region:
        ctx.problem(number, 0, None, "缺少地区名称", "请填写地区（如 秀山土家族苗族自治县）。")
        return
    if element is None:
        ctx.problem(
            number, 1, figure, "不是已知的指标", "请在 data/elements.yaml 中为该公布指标增加名称或别名后再导入。"
        )
        return
    period = period_in(ctx, number, 2, _cell(cells, 2))
    value = number_in(ctx, number, 3, _cell(cells, 3))
    unit = _text(_cell(cells, 4)) or None
    if period is None or value is None:
        return
    converted = _convert(ctx, number, 4, value, unit, element)
    if converted is None:
        return
    source = " ".join(part for part in (_text(_cell(cells, 7)), _text(_cell(cells, 6))) if part)
    ctx.parsed.regions.setdefault(region, ctx.address(number, 0))
    ctx.add_fact(number, 3, (None, region), element, period, (converted, value, unit), source or None, 0)


def parse_sheets(sheets: list[Sheet]) -> Parsed:
    """Every sheet that has a recognisable header; a problem when none has."""
    merged = Parsed(format=None)
    readable = 0
    for sheet in sheets:
        header = find_header(sheet)
        kind = detect(header) if header is not None else None
        if header is None or kind is None:
            continue
        readable += 1
        parsed = parse(sheet, header, kind)
        merged.format = merged.format or kind
        merged.facts += parsed.facts
        merged.registry += parsed.registry
        merged.regions.update(parsed.regions)
        merged.problems += parsed.problems
    if not readable:
        names = "、".join(f"“{s.name}”" for s in sheets if s.name) or "（CSV）"
        file = sheets[0].file if sheets else ""
        merged.problems.append(
            Problem(
                file=file,
                sheet="",
                row=None,
                column=None,
                header=None,
                value=None,
                reason=f"在工作表 {names} 中都没有找到可识别的表头",
                fix="请使用 planwatch template 生成的填报模板；表头需包含“统一社会信用代码”或“企业名称”，"
                "以及“报告期”和指标列（如“工业总产值（万元）”），或“指标”“数值”两列。",
            )
        )
    return merged
