from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.importing.template import (
    COUNTY_CODES,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MONTHLY_SHEET,
    REGISTRY_HEADERS,
    REGISTRY_SHEET,
    enterprise_elements,
    write_template,
)
from planwatch.store.elements import catalog

MONTHS = [f"{year}-{month:02d}" for year in range(2022, 2026) for month in range(1, 13)]
PARKS = ["石柱工业园区", "南宾组团", "西沱组团"]


def _sheet(workbook: Workbook, name: str) -> Worksheet:
    sheet = workbook[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _headers(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[1]]


def _validation(sheet: Worksheet, column: str) -> DataValidation:
    wanted = f"{column}2:{column}1048576"
    found: list[DataValidation] = [
        dv for dv in sheet.data_validations.dataValidation if wanted in str(dv.sqref).split()
    ]
    assert len(found) == 1, f"{sheet.title}!{column}: {len(found)} validations"
    return found[0]


def _column(sheet: Worksheet, header: str) -> str:
    for cell in sheet[1]:
        if cell.value == header:
            return str(cell.column_letter)
    raise AssertionError(f"{sheet.title} has no column {header}")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    out = write_template(tmp_path_factory.mktemp("template") / "填报模板.xlsx")
    return load_workbook(out)


@pytest.fixture(scope="module")
def with_lists(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    out = write_template(tmp_path_factory.mktemp("template") / "填报模板.xlsx", parks=PARKS, periods=MONTHS)
    return load_workbook(out)


def test_sheets_in_order(plain: Workbook) -> None:
    assert plain.sheetnames == [INSTRUCTIONS_SHEET, MONTHLY_SHEET, REGISTRY_SHEET]


def test_enterprise_elements_exclude_county_figures() -> None:
    codes = {element.code for element in enterprise_elements()}
    assert "output_value" in codes and "profit" in codes and "tax" in codes
    assert not codes & COUNTY_CODES
    assert all(element.unit != "亿元" for element in enterprise_elements())


def test_monthly_headers_carry_units(plain: Workbook) -> None:
    sheet = _sheet(plain, MONTHLY_SHEET)
    headers = _headers(sheet)
    assert headers[:3] == ["统一社会信用代码", "企业名称", "报告期"]
    assert headers[3:] == [f"{element.name}（{element.unit}）" for element in enterprise_elements()]
    assert "工业总产值（万元）" in headers
    assert "综合能耗（吨标准煤）" in headers
    assert not any("地区生产总值" in str(header) for header in headers)
    assert sheet.max_row == 1  # empty, ready to fill
    assert sheet.freeze_panes == "D2"
    for cell in sheet[1]:
        assert cell.font.bold
        assert cell.fill.fill_type == "solid"
        assert cell.comment is not None and cell.comment.text


def test_header_comments_explain_columns(plain: Workbook) -> None:
    sheet = _sheet(plain, MONTHLY_SHEET)
    comments = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment is not None}
    assert "18 位" in comments["统一社会信用代码"]
    assert "2024Q2" in comments["报告期"]
    assert "当月发生额" in comments["工业总产值（万元）"]
    assert "不要填元" in comments["工业总产值（万元）"]
    assert "负数" in comments["利润总额（万元）"]
    assert "期末数" in comments["用地面积（亩）"]
    assert "平均数" in comments["从业人员（人）"]


def test_code_and_period_columns_are_text(plain: Workbook) -> None:
    monthly = _sheet(plain, MONTHLY_SHEET)
    assert monthly.column_dimensions["A"].number_format == "@"
    assert monthly.column_dimensions["C"].number_format == "@"
    assert monthly.column_dimensions["D"].number_format != "@"
    registry = _sheet(plain, REGISTRY_SHEET)
    assert registry.column_dimensions["A"].number_format == "@"
    assert registry.column_dimensions[_column(registry, "行业代码（GB/T 4754）")].number_format == "@"


def test_monthly_validations(plain: Workbook) -> None:
    sheet = _sheet(plain, MONTHLY_SHEET)
    code = _validation(sheet, "A")
    assert (code.type, code.operator, code.formula1) == ("textLength", "equal", "18")
    assert code.showInputMessage and code.prompt and "18 位" in code.prompt
    assert code.showErrorMessage

    period = _validation(sheet, "C")  # no periods given: a length rule (2024 … 2024-06)
    assert (period.type, period.formula1, period.formula2) == ("textLength", "4", "7")

    for element in enterprise_elements():
        rule = _validation(sheet, _column(sheet, f"{element.name}（{element.unit}）"))
        assert rule.type == "decimal"
        if element.nonnegative:
            assert (rule.operator, rule.formula1) == ("greaterThanOrEqual", "0")
        else:
            assert rule.operator == "between"
            assert rule.formula1 is not None and float(rule.formula1) < 0
    assert _validation(sheet, _column(sheet, "利润总额（万元）")).operator == "between"


def test_messages_within_excel_limits(with_lists: Workbook) -> None:
    for name in (MONTHLY_SHEET, REGISTRY_SHEET):
        for rule in _sheet(with_lists, name).data_validations.dataValidation:
            assert len(rule.promptTitle or "") <= 32
            assert len(rule.errorTitle or "") <= 32
            assert len(rule.prompt or "") <= 255
            assert len(rule.error or "") <= 225


def test_registry_headers_and_tags(plain: Workbook) -> None:
    sheet = _sheet(plain, REGISTRY_SHEET)
    headers = _headers(sheet)
    assert headers[: len(REGISTRY_HEADERS)] == list(REGISTRY_HEADERS)
    assert headers[:7] == [
        "统一社会信用代码",
        "企业名称",
        "所属园区",
        "行业代码（GB/T 4754）",
        "产业集群",
        "产业链环节",
        "用地面积（亩）",
    ]
    tags = catalog().tags
    assert headers[7:-2] == [f"{tag}（认定年份）" for tag in tags]
    assert headers[-2:] == ["联系人", "联系电话"]
    assert "规上（认定年份）" in headers
    first_tag = get_column_letter(len(REGISTRY_HEADERS) + 1)
    assert sheet.column_dimensions[first_tag].number_format == "@"
    rule = _validation(sheet, first_tag)
    assert (rule.type, rule.formula1, rule.formula2) == ("textLength", "4", "9")
    assert (_validation(sheet, "A").type, _validation(sheet, "A").formula1) == ("textLength", "18")
    assert _validation(sheet, "G").type == "decimal"
    assert not [dv for dv in sheet.data_validations.dataValidation if "C2:C1048576" in str(dv.sqref)]


def test_instructions_cover_elements_and_rules(plain: Workbook) -> None:
    sheet = _sheet(plain, INSTRUCTIONS_SHEET)
    text = "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)
    for element in enterprise_elements():
        assert f"{element.name}（{element.unit}）" in text
    for phrase in (
        "18 位",
        "校验码",
        "2024-06",
        "2024Q2",
        "万元，不要填元",
        "不要填写公式，请粘贴为数值",
        "不要合并单元格",
        "负数只用于利润",
        "月度数：当月发生额",
        "期末数",
        "平均数",
        "认定年份",
        "2022-2025",
        "交回",
    ):
        assert phrase in text, phrase


def test_short_lists_are_inline(tmp_path: Path) -> None:
    out = write_template(tmp_path / "t.xlsx", parks=PARKS, periods=["2024-05", "2024-06", " 2024-06 ", ""])
    workbook = load_workbook(out)
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, MONTHLY_SHEET, REGISTRY_SHEET]
    period = _validation(_sheet(workbook, MONTHLY_SHEET), "C")
    assert (period.type, period.formula1) == ("list", '"2024-05,2024-06"')
    park = _validation(_sheet(workbook, REGISTRY_SHEET), "C")
    assert (park.type, park.formula1) == ("list", '"石柱工业园区,南宾组团,西沱组团"')


def test_long_lists_go_through_hidden_sheet(with_lists: Workbook) -> None:
    assert len('"' + ",".join(MONTHS) + '"') > 255
    assert with_lists.sheetnames == [INSTRUCTIONS_SHEET, MONTHLY_SHEET, REGISTRY_SHEET, LISTS_SHEET]
    lists = _sheet(with_lists, LISTS_SHEET)
    assert lists.sheet_state == "hidden"

    period = _validation(_sheet(with_lists, MONTHLY_SHEET), "C")
    assert period.type == "list"
    assert period.formula1 is not None and not period.formula1.startswith('"')
    name = with_lists.defined_names[period.formula1]
    assert name.attr_text == f"'{LISTS_SHEET}'!$A$1:$A${len(MONTHS)}"
    values = [row[0] for row in lists.iter_rows(min_col=1, max_col=1, values_only=True)]
    assert values == MONTHS
    assert all(cell.data_type == "s" for row in lists.iter_rows(min_col=1, max_col=1) for cell in row)

    park = _validation(_sheet(with_lists, REGISTRY_SHEET), "C")  # short: stays inline
    assert park.formula1 == '"' + ",".join(PARKS) + '"'


def test_both_long_lists_share_the_hidden_sheet(tmp_path: Path) -> None:
    parks = [f"第{number}号产业园区组团" for number in range(40)] + ["带,逗号的园区"]
    out = write_template(tmp_path / "t.xlsx", parks=parks, periods=MONTHS)
    workbook = load_workbook(out)
    assert workbook.sheetnames.count(LISTS_SHEET) == 1
    park = _validation(_sheet(workbook, REGISTRY_SHEET), "C")
    assert park.formula1 is not None
    assert workbook.defined_names[park.formula1].attr_text == f"'{LISTS_SHEET}'!$B$1:$B${len(parks)}"
    lists = _sheet(workbook, LISTS_SHEET)
    assert [row[0] for row in lists.iter_rows(min_col=2, max_col=2, max_row=len(parks), values_only=True)] == parks


def test_comma_in_a_short_list_item_uses_hidden_sheet(tmp_path: Path) -> None:
    out = write_template(tmp_path / "t.xlsx", parks=["甲园区", "乙,丙园区"])
    workbook = load_workbook(out)
    assert LISTS_SHEET in workbook.sheetnames
    formula = _validation(_sheet(workbook, REGISTRY_SHEET), "C").formula1
    assert formula is not None and not formula.startswith('"')


def test_list_items_are_never_formulas(tmp_path: Path) -> None:
    hostile = ["=cmd|' /C calc'!A0", *MONTHS]
    out = write_template(tmp_path / "t.xlsx", periods=hostile)
    lists = _sheet(load_workbook(out, data_only=False), LISTS_SHEET)
    cell = lists["A1"]
    assert not isinstance(cell, tuple)
    assert cell.value == hostile[0]
    assert cell.data_type == "s"


def test_template_reopens_and_is_writable(tmp_path: Path) -> None:
    out = write_template(tmp_path / "sub" / "t.xlsx", parks=PARKS, periods=MONTHS)
    workbook = load_workbook(out)
    monthly = _sheet(workbook, MONTHLY_SHEET)
    monthly.append(["91500240000000019A", "甲公司", "2024-06", 100])
    workbook.save(tmp_path / "filled.xlsx")
    again = _sheet(load_workbook(tmp_path / "filled.xlsx"), MONTHLY_SHEET)
    assert [cell.value for cell in again[2]][:4] == ["91500240000000019A", "甲公司", "2024-06", 100]
    assert load_workbook(out, read_only=True).sheetnames[0] == INSTRUCTIONS_SHEET
