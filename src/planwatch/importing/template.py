"""The data-collection workbook enterprises fill in (and county staff use for the enterprise registry).

Three sheets, in this order:

* “填报说明” — what the file is for, who fills it, what each column means
  and the rules the import checks;
* “企业月报” — one row per enterprise and 报告期: 统一社会信用代码, 企业名称,
  报告期, then one column per enterprise element of the catalog, headed with
  its unit (``工业总产值（万元）``);
* “企业名录” — one row per enterprise: code, name, park, industry code,
  cluster, chain link, land area, then one column per enterprise tag
  (``规上（认定年份）``).

Data validation catches mistakes while typing (code length, numbers, the
报告期 dropdown); code-like columns are formatted as text so Excel keeps
leading zeros and does not turn 2024-06 into a date or a code into
9.15E+17. Dropdown lists too long for Excel's 255-character inline limit
live on a hidden sheet “_lists”, reached through a defined name (which,
unlike a direct reference to another sheet, also works in Excel 2007).

Longer than most modules (≈530 lines): the three sheets share column definitions, styles
and Excel's validation limits, and are written together so the import reads back what this wrote.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.importing.problem_list import AUTHOR, HEADER_FILL, MAX_ROW, cell_at, save_workbook, write_cell
from planwatch.importing.validate import thresholds
from planwatch.store.elements import Catalog, Element, catalog

INSTRUCTIONS_SHEET = "填报说明"
MONTHLY_SHEET = "企业月报"
REGISTRY_SHEET = "企业名录"
LISTS_SHEET = "_lists"

CODE_HEADER = "统一社会信用代码"
NAME_HEADER = "企业名称"
PERIOD_HEADER = "报告期"
PARK_HEADER = "所属园区"
INDUSTRY_HEADER = "行业代码（GB/T 4754）"
CLUSTER_HEADER = "产业集群"
CHAIN_HEADER = "产业链环节"
LAND_HEADER = "用地面积（亩）"
CONTACT_HEADER = "联系人"
PHONE_HEADER = "联系电话"
CONTACT_HEADERS = (CONTACT_HEADER, PHONE_HEADER)
"""After the tags: who fills in the enterprise's figures, for the 催报 list."""
REGISTRY_HEADERS = (
    CODE_HEADER,
    NAME_HEADER,
    PARK_HEADER,
    INDUSTRY_HEADER,
    CLUSTER_HEADER,
    CHAIN_HEADER,
    LAND_HEADER,
)

COUNTY_CODES = frozenset(
    {
        "gdp",
        "gdp_growth",
        "secondary_value_added",
        "secondary_value_added_growth",
        "pharma_output_growth",
        "electronics_output_growth",
        "strategic_output",
        "equipment_output",
        "equipment_output_growth",
        "gs_enterprises",
        "hightech_enterprises",
        "tech_enterprises",
        "yi_enterprises",
        "shiyi_enterprises",
    }
)
"""Elements the county publishes, not enterprises: they have no column in the template."""

INLINE_LIST_LIMIT = 255
"""Excel's limit on an inline dropdown list (the quoted ``"a,b,c"`` formula)."""
FIRST_ROW = 2
"""The first data row; row 1 is the header."""

REPORTING = {
    "sum": "月度数：当月发生额",
    "last": "期末数",
    "average": "平均数",
}
"""What to report for an element, by its aggregation."""
_REPORTING_DETAIL = {
    "sum": "月度数：当月发生额（不是 1 月至本月的累计数；按季、按年报送时填该季、该年的发生额）",
    "last": "期末数：报告期最后一天的数值",
    "average": "平均数：报告期内的平均数",
}

_PROMPT_TITLE_LIMIT = 32
_PROMPT_LIMIT = 255
_ERROR_LIMIT = 225


def enterprise_elements(elements: Catalog | None = None) -> tuple[Element, ...]:
    """The catalog elements an enterprise reports (not 亿元 county totals, not county-level figures)."""
    return tuple(
        element
        for element in (elements or catalog()).elements
        if element.unit != "亿元" and element.code not in COUNTY_CODES
    )


def element_header(element: Element) -> str:
    """``工业总产值（万元）``."""
    return f"{element.name}（{element.unit}）"


def tag_header(tag: str) -> str:
    """``规上（认定年份）``."""
    return f"{tag}（认定年份）"


def monthly_headers() -> tuple[str, ...]:
    return (CODE_HEADER, NAME_HEADER, PERIOD_HEADER, *(element_header(e) for e in enterprise_elements()))


def registry_headers() -> tuple[str, ...]:
    return (*REGISTRY_HEADERS, *(tag_header(tag) for tag in catalog().tags), *CONTACT_HEADERS)


@dataclass(frozen=True)
class Prefilled:
    """A row of 企业月报 written in advance: whose, which month, and the figures already on file (if any)."""

    code: str
    name: str
    period: str
    values: Mapping[str, float] = field(default_factory=dict)
    """Element code → the stored figure, written as the dashboard shows it (two decimals)."""


def write_template(
    out: Path,
    parks: Sequence[str] = (),
    periods: Sequence[str] = (),
    enterprises: Sequence[tuple[str, str]] = (),
    period: str | None = None,
    rows: Sequence[Prefilled] = (),
) -> Path:
    """Write the data-collection workbook to ``out`` (an .xlsx) and return ``out``.

    ``parks`` become the dropdown of 所属园区 and ``periods`` (``2024-06``, ``2024Q2``, ``2024``) the
    dropdown of 报告期; without them those columns are free (报告期 still checked for length).
    ``enterprises`` (code, name) are written on 企业月报 one row each, with ``period`` if given: the
    sheet a park sends its enterprises, where each fills in only its figures.  ``rows`` instead give
    each row its own month and the figures already on file (the dashboard's month due).
    """
    workbook = Workbook()
    instructions = workbook.worksheets[0]
    instructions.title = INSTRUCTIONS_SHEET
    monthly = workbook.create_sheet(MONTHLY_SHEET)
    registry = workbook.create_sheet(REGISTRY_SHEET)
    lists = _Lists(workbook)

    _write_instructions(instructions, parks, periods)
    _write_monthly(monthly, lists.formula("periods", periods))
    _prefill(monthly, enterprises, period)
    _prefill_rows(monthly, rows)
    _write_registry(registry, lists.formula("parks", parks))

    workbook.active = 1  # open on the sheet to fill; the instructions tab is right next to it
    workbook.properties.title = "企业统计数据填报表"
    workbook.properties.creator = AUTHOR
    return save_workbook(workbook, out)


# --- Columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    header: str
    note: str
    """The header cell's comment."""
    width: float
    text: bool = False
    """Formatted as text (“@”), so Excel keeps what is typed as typed."""
    validation: DataValidation | None = None


def _code_column() -> _Column:
    return _Column(
        CODE_HEADER,
        "18 位统一社会信用代码，照营业执照抄写，最后一位是校验码，系统会核对。本列已设为文本格式，不要改成数值。",
        22,
        text=True,
        validation=_validation(
            "textLength",
            operator="equal",
            formula1="18",
            title="统一社会信用代码",
            prompt="填 18 位代码，照营业执照抄写，含最后一位校验码，中间不要有空格。",
            error="统一社会信用代码应为 18 位。请对照营业执照重新填写。",
        ),
    )


def _name_column() -> _Column:
    return _Column(NAME_HEADER, "企业全称，与营业执照一致。", 30)


def _period_column(dropdown: str | None) -> _Column:
    forms = "月报填 2024-06，季报填 2024Q2，年报填 2024"
    if dropdown is not None:
        validation = _validation(
            "list",
            formula1=dropdown,
            title="报告期",
            prompt=f"从下拉列表中选择报告期。{forms}。",
            error=f"请从下拉列表中选择报告期（{forms}）。",
        )
    else:
        validation = _validation(
            "textLength",
            operator="between",
            formula1="4",
            formula2="7",
            title="报告期",
            prompt=f"{forms}。",
            error=f"报告期格式不对：{forms}。",
        )
    return _Column(PERIOD_HEADER, f"报告期：{forms}。本列是文本格式。", 12, text=True, validation=validation)


def _element_column(element: Element) -> _Column:
    reporting = _REPORTING_DETAIL[element.aggregation]
    money = "金额单位为万元，不要填元。" if element.unit == "万元" else ""
    sign = "可以填负数（如亏损）。" if not element.nonnegative else "不能为负数。"
    note = f"{element.name}，单位：{element.unit}。填{reporting}。{money}{sign}没有发生的填 0，不清楚的留空。"
    prompt = f"单位：{element.unit}。填{REPORTING[element.aggregation]}。{money}"
    if element.nonnegative:
        validation = _validation(
            "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            title=element.name,
            prompt=prompt,
            error=f"请填写不小于 0 的数字（单位：{element.unit}），不要填文字、单位或公式。",
        )
    else:
        validation = _validation(
            "decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            title=element.name,
            prompt=prompt + "可以填负数。",
            error=f"请填写数字（单位：{element.unit}），亏损等填负数；不要填文字、单位或公式。",
        )
    header = element_header(element)
    return _Column(header, note, max(12, _display_width(header) * 1.1 + 2), validation=validation)


def _registry_columns(park_dropdown: str | None) -> list[_Column]:
    park_validation = (
        _validation(
            "list",
            formula1=park_dropdown,
            title="所属园区",
            prompt="从下拉列表中选择企业所在的园区。",
            error="请从下拉列表中选择园区；列表里没有的，请联系县里的工作人员。",
        )
        if park_dropdown is not None
        else None
    )
    land = _validation(
        "decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        title="用地面积",
        prompt="单位：亩。填企业实际使用的土地面积。",
        error="请填写不小于 0 的数字（单位：亩），不要填文字或单位。",
    )
    columns = [
        _code_column(),
        _name_column(),
        _Column(PARK_HEADER, "企业所在的园区（组团）名称。", 20, validation=park_validation),
        _Column(
            INDUSTRY_HEADER,
            "国民经济行业分类（GB/T 4754—2017）代码：填 4 位小类代码，如 2710；只知道大类的填 2 位，如 27。本列是文本格式，开头的 0 不会丢。",
            16,
            text=True,
        ),
        _Column(CLUSTER_HEADER, "企业所属的产业集群，如“医药”“电子信息”，按县里的规划口径填写。", 16),
        _Column(CHAIN_HEADER, "企业在产业链上的环节，如“原料”“零部件”“整机”“配套服务”。", 16),
        _Column(LAND_HEADER, "企业实际使用的土地面积，单位：亩。", 14, validation=land),
    ]
    for tag in catalog().tags:
        header = tag_header(tag)
        validation = _validation(
            "textLength",
            operator="between",
            formula1="4",
            formula2="9",
            title=tag,
            prompt="已认定的填认定年份，如 2022；有有效期的填起止年份，如 2022-2025；没有的留空。",
            error="请填年份，如 2022，或起止年份，如 2022-2025。",
        )
        note = f"企业取得“{tag}”（或达到该条件）的年份，如 2022；有有效期的填起止年份，如 2022-2025；没有的留空。"
        columns.append(
            _Column(header, note, max(10, _display_width(header) * 1.1 + 2), text=True, validation=validation)
        )
    columns.append(_Column(CONTACT_HEADER, "负责填报本企业数据的人员姓名（园区催报时联系）。", 12))
    columns.append(_Column(PHONE_HEADER, "联系人的手机或座机号码。本列是文本格式，开头的 0 不会丢。", 16, text=True))
    return columns


_Kind = Literal["list", "decimal", "textLength"]
_Operator = Literal["equal", "between", "greaterThanOrEqual"]


def _validation(
    kind: _Kind,
    *,
    title: str,
    prompt: str,
    error: str,
    formula1: str,
    formula2: str | None = None,
    operator: _Operator | None = None,
) -> DataValidation:
    """A validation with an input message and a stop error, within Excel's message length limits."""
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle=title[:_PROMPT_TITLE_LIMIT],
        prompt=prompt[:_PROMPT_LIMIT],
        errorTitle="填写有误"[:_PROMPT_TITLE_LIMIT],
        error=error[:_ERROR_LIMIT],
    )


def _write_header(sheet: Worksheet, columns: Sequence[_Column], freeze: str) -> None:
    bold = Font(bold=True)
    fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        cell = cell_at(sheet, 1, number)
        write_cell(cell, column.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = centred
        cell.comment = _note(column.note)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.text:
            dimension.number_format = "@"
        if column.validation is not None:
            column.validation.add(f"{letter}{FIRST_ROW}:{letter}{MAX_ROW}")
            sheet.add_data_validation(column.validation)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = freeze


def _note(text: str) -> Comment:
    width = 260
    lines = max(1, math.ceil(_display_width(text) / 2 / (width // 14)))
    return Comment(text, AUTHOR, height=24 + 18 * lines, width=width)


def _write_monthly(sheet: Worksheet, period_dropdown: str | None) -> None:
    columns = [
        _code_column(),
        _name_column(),
        _period_column(period_dropdown),
        *(_element_column(element) for element in enterprise_elements()),
    ]
    _write_header(sheet, columns, freeze="D2")


def _prefill(sheet: Worksheet, enterprises: Sequence[tuple[str, str]], period: str | None) -> None:
    for row, (code, name) in enumerate(enterprises, start=FIRST_ROW):
        for column, value in ((1, code), (2, name), (3, period)):
            if value:
                cell = cell_at(sheet, row, column)
                write_cell(cell, value)
                if column != 2:
                    cell.number_format = "@"


def _prefill_rows(sheet: Worksheet, rows: Sequence[Prefilled]) -> None:
    columns = {element.code: number for number, element in enumerate(enterprise_elements(), start=4)}
    for row, filled in enumerate(rows, start=FIRST_ROW):
        for column, text in ((1, filled.code), (2, filled.name), (3, filled.period)):
            cell = cell_at(sheet, row, column)
            write_cell(cell, text)
            if column != 2:
                cell.number_format = "@"
        for code, figure in filled.values.items():
            if code in columns:
                # As the dashboard shows it (data/validation.yaml display_decimals): typed back, it is no change.
                write_cell(cell_at(sheet, row, columns[code]), round(figure, int(thresholds()["display_decimals"])))


def _write_registry(sheet: Worksheet, park_dropdown: str | None) -> None:
    _write_header(sheet, _registry_columns(park_dropdown), freeze="C2")


# --- Dropdown lists -----------------------------------------------------------------------------


class _Lists:
    """Dropdown sources: inline when short, else a column of the hidden sheet “_lists” behind a defined name."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.sheet: Worksheet | None = None
        self.columns = 0

    def formula(self, name: str, items: Sequence[str]) -> str | None:
        """The data-validation ``formula1`` offering ``items``, or None when there are none."""
        unique = list(dict.fromkeys(item.strip() for item in items if item and item.strip()))
        if not unique:
            return None
        inline = '"' + ",".join(unique) + '"'
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in item or '"' in item for item in unique):
            return inline
        sheet = self._sheet()
        self.columns += 1
        column = self.columns
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].number_format = "@"
        for row, item in enumerate(unique, start=1):
            cell = cell_at(sheet, row, column)
            write_cell(cell, item)
            cell.number_format = "@"
        defined = f"planwatch_{name}"
        reference = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(unique)}"
        self.workbook.defined_names[defined] = DefinedName(defined, attr_text=reference)
        return defined

    def _sheet(self) -> Worksheet:
        if self.sheet is None:
            self.sheet = self.workbook.create_sheet(LISTS_SHEET)
            self.sheet.sheet_state = "hidden"
        return self.sheet


# --- Instructions -------------------------------------------------------------------------------


def _write_instructions(sheet: Worksheet, parks: Sequence[str], periods: Sequence[str]) -> None:
    bold = Font(bold=True)
    title_font = Font(bold=True, size=16)
    section_font = Font(bold=True, size=12)
    header_fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    wrapped = Alignment(wrap_text=True, vertical="top")
    row = 1

    def line(text: str, font: Font | None = None, gap: int = 0) -> None:
        nonlocal row
        row += gap
        cell = cell_at(sheet, row, 1)
        write_cell(cell, text)
        if font is not None:
            cell.font = font
        row += 1

    def table_row(values: Sequence[str], header: bool = False) -> None:
        nonlocal row
        for number, value in enumerate(values, start=1):
            cell = cell_at(sheet, row, number)
            write_cell(cell, value)
            cell.alignment = wrapped
            if header:
                cell.font = bold
                cell.fill = header_fill
        row += 1

    line("企业统计数据填报表 · 填报说明", title_font)
    line("一、这个文件做什么", section_font, gap=1)
    line("本表用于县（区）工业经济运行监测，收集企业的产值、营业收入、税金、能耗等数据。")
    line(
        "交回后由县（区）工业主管部门导入统计系统。系统逐格检查，发现问题会生成“问题报告”，标出要改的单元格和修改方法。"
    )

    line("二、谁来填", section_font, gap=1)
    line(f"“{MONTHLY_SHEET}”：由企业的统计人员填写本企业的数据。一家企业每个报告期填一行。")
    line(f"“{REGISTRY_SHEET}”：由县（区）或园区工作人员填写企业的基本情况和认定情况，企业一般不用填。")

    line("三、填写规则（导入时逐条检查，不符合的会退回修改）", section_font, gap=1)
    period_rule = "报告期：月报填 2024-06，季报填 2024Q2，年报填 2024。"
    if _any_item(periods):
        period_rule += "请从下拉列表中选择。"
    rules = (
        "统一社会信用代码：18 位，照营业执照抄写，最后一位是校验码，系统会核对。不要有空格。",
        period_rule,
        "金额单位为万元，不要填元。例如 1234.5 万元就填 1234.5，不要填 12345000。",
        "每个单元格只填一个数字，不带单位、不带文字。没有发生的填 0，不清楚的留空。",
        "不要填写公式，请粘贴为数值（复制后用“选择性粘贴 → 数值”）。",
        "不要合并单元格，不要插入、删除或移动列，不要修改表头。",
        "负数只用于利润等可为负的指标（见下表“可否为负”），其他指标不能填负数。",
        "同一家企业、同一个报告期只填一行。",
        "“统一社会信用代码”“报告期”等列已设为文本格式，请不要改成数值或日期格式。",
    )
    for number, rule in enumerate(rules, start=1):
        line(f"{number}. {rule}")

    line(f"四、“{MONTHLY_SHEET}”各列填什么", section_font, gap=1)
    table_row(("表头", "单位", "填什么", "可否为负"), header=True)
    table_row((CODE_HEADER, "", "18 位统一社会信用代码", ""))
    table_row((NAME_HEADER, "", "企业全称，与营业执照一致", ""))
    table_row((PERIOD_HEADER, "", "2024-06（月）、2024Q2（季）或 2024（年）", ""))
    for element in enterprise_elements():
        table_row(
            (
                element_header(element),
                element.unit,
                _REPORTING_DETAIL[element.aggregation],
                "可以" if not element.nonnegative else "不可以",
            )
        )

    line(f"五、“{REGISTRY_SHEET}”的填法", section_font, gap=1)
    line("所属园区：企业所在的园区（组团）名称" + ("，从下拉列表中选择。" if _any_item(parks) else "。"))
    line("行业代码：按《国民经济行业分类》（GB/T 4754—2017）填 4 位小类代码，如 2710；只知道大类的填 2 位，如 27。")
    line("用地面积：单位为亩。")
    tags = "、".join(catalog().tags)
    line(f"认定年份列（{tags}）：表头为“规上（认定年份）”这样的形式。")
    line("已取得该认定的，填认定年份，如 2022；认定有有效期的，填起止年份，如 2022-2025；没有的留空。")
    line("同一认定有过几次的，填最近一次。不要填“是”“否”或打勾。")
    line("联系人、联系电话：负责填报本企业数据的人员，园区和县里催报时联系；人员变动时重新导入名录即可更新。")

    line("六、怎么交回", section_font, gap=1)
    line("填好后保存为 .xlsx 格式（不要另存为 .xls、.et 或 .csv），不要改工作表名称。")
    line("文件名写明企业名称和报告期，如“某某公司_2024-06.xlsx”，按通知规定的时间和方式交回。")
    line("收到“问题报告”后，按报告里的“修改方法”改好原文件，再重新交回。")

    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 10


def _any_item(items: Sequence[str]) -> bool:
    return any(item and item.strip() for item in items)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
