from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.errors import PlanwatchError
from planwatch.importing.problem import Problem
from planwatch.importing.problem_list import (
    CSV_SHEET,
    ERROR_FILL,
    LIST_HEADERS,
    LIST_SHEET,
    WARNING_FILL,
    write_problem_list,
)
from planwatch.status import Severity

INJECTION = "=cmd|' /C calc'!A0"
RISKY = (INJECTION, "+1+1", "-2+3", "@SUM(1,1)", "=1+1")
CODE = "91500240000000019A"


def _problem(
    row: int | None,
    column: str | None,
    reason: str,
    *,
    sheet: str = "企业月报",
    severity: str = "error",
    value: str | None = None,
    header: str | None = None,
    file: str = "source.xlsx",
) -> Problem:
    assert severity in ("error", "warning")
    return Problem(
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        header=header,
        value=value,
        reason=reason,
        fix=f"修改：{reason}",
        severity=Severity.of(severity),
    )


def _source(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "说明"
    sheet["A1"] = "这是说明页"
    monthly = workbook.create_sheet("企业月报")
    monthly.append(["统一社会信用代码", "企业名称", "工业总产值（万元）", "税金（万元）"])
    monthly.append([CODE, "甲公司", 1200.5, 30])
    monthly.append(["9150024000000001", "乙公司", "一千二", 12])
    monthly.append([CODE, "丙公司", 800, "=SUM(C2:C3)"])
    monthly.append([CODE, "丁公司", -5, 4])
    monthly["F9"] = "远处的值"
    workbook.create_sheet("空表")["A1"] = "没有问题"
    workbook.save(path)
    return path


def _sheet(workbook: Workbook, name: str) -> Worksheet:
    sheet = workbook[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _cell(sheet: Worksheet, coordinate: str) -> Cell:
    cell = sheet[coordinate]
    assert isinstance(cell, Cell)
    return cell


def _fill(cell: Cell) -> str:
    rgb = cell.fill.fgColor.rgb
    assert isinstance(rgb, str)
    return rgb[-6:].upper()


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


@pytest.fixture
def xlsx_report(tmp_path: Path) -> Path:
    source = _source(tmp_path / "source.xlsx")
    problems = [
        _problem(4, "D", "税金是公式", severity="warning", value="=SUM(C2:C3)", header="税金（万元）"),
        _problem(3, "C", "不是数字", value="一千二", header="工业总产值（万元）"),
        _problem(5, "C", "不能为负数", value="-5", header="工业总产值（万元）"),
        _problem(3, "A", "代码只有 16 位", value="9150024000000001", header="统一社会信用代码"),
        _problem(2, None, "与第 4 行重复"),
        _problem(None, None, "缺少“报告期”列"),
        _problem(7, "B", "另一张表没有的工作表", sheet="不存在的表"),
    ]
    return write_problem_list(source, problems, tmp_path / "out" / "source_问题报告.xlsx")


def test_report_from_xlsx_lists_then_copies_only_sheets_with_problems(xlsx_report: Path) -> None:
    workbook = load_workbook(xlsx_report)
    assert workbook.sheetnames == [LIST_SHEET, "企业月报"]
    listing = _sheet(workbook, LIST_SHEET)
    assert [cell.value for cell in listing[1]] == list(LIST_HEADERS)
    assert listing.freeze_panes == "A2"
    assert listing.auto_filter.ref == "A1:I8"
    assert all(cell.font.bold for cell in listing[1])
    assert _fill(_cell(listing, "A1")) != "000000"


def test_problem_list_puts_errors_first_then_in_file_order(xlsx_report: Path) -> None:
    listing = _sheet(load_workbook(xlsx_report), LIST_SHEET)
    rows = [row for row in listing.iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in rows] == list(range(1, 8))
    assert [row[1] for row in rows] == ["错误"] * 6 + ["警示"]
    assert [(row[2], row[3], row[4]) for row in rows] == [
        ("企业月报", None, None),
        ("企业月报", 2, None),
        ("企业月报", 3, "A"),
        ("企业月报", 3, "C"),
        ("企业月报", 5, "C"),
        ("不存在的表", 7, "B"),
        ("企业月报", 4, "D"),
    ]
    third = rows[3]
    assert third[5:] == ("工业总产值（万元）", "一千二", "不是数字", "修改：不是数字")
    assert _fill(_cell(listing, "B2")) == ERROR_FILL
    assert _fill(_cell(listing, "B8")) == WARNING_FILL


def test_copy_marks_bad_cells_with_colour_and_comment(xlsx_report: Path) -> None:
    copy = _sheet(load_workbook(xlsx_report), "企业月报")
    c3 = _cell(copy, "C3")
    assert c3.value == "一千二"
    assert _fill(c3) == ERROR_FILL
    assert c3.comment is not None
    assert "不是数字" in c3.comment.text
    assert "修改：不是数字" in c3.comment.text

    d4 = _cell(copy, "D4")
    assert _fill(d4) == WARNING_FILL
    assert d4.comment is not None and "警示" in d4.comment.text

    row_problem = _cell(copy, "A2")  # whole-row problem: the row's first cell
    assert _fill(row_problem) == ERROR_FILL
    assert row_problem.comment is not None and "整行" in row_problem.comment.text

    for clean in ("B3", "C2", "D3", "A4"):
        assert _cell(copy, clean).comment is None
        assert _fill(_cell(copy, clean)) != ERROR_FILL


def test_copy_keeps_values_and_positions(xlsx_report: Path) -> None:
    copy = _sheet(load_workbook(xlsx_report), "企业月报")
    assert [cell.value for cell in copy[2]][:4] == [CODE, "甲公司", 1200.5, 30]
    assert _cell(copy, "C5").value == -5
    assert _cell(copy, "F9").value == "远处的值"
    formula = _cell(copy, "D4")  # the source's formula is shown as text, never evaluated
    assert formula.value == "=SUM(C2:C3)"
    assert formula.data_type == "s"


def test_list_links_to_marked_cell(xlsx_report: Path) -> None:
    listing = _sheet(load_workbook(xlsx_report), LIST_SHEET)
    link = _cell(listing, "D5").hyperlink  # problem 4: 企业月报 C3
    assert link is not None
    assert link.location == "'企业月报'!C3"
    assert _cell(listing, "D7").hyperlink is None  # its sheet is not in the source


def test_report_from_gbk_csv(tmp_path: Path) -> None:
    source = tmp_path / "月报.csv"
    source.write_bytes(
        f'统一社会信用代码,企业名称,工业总产值（万元）\r\n{CODE},甲公司,100\r\n{CODE},"乙公司,分厂",负五\r\n'.encode(
            "gbk"
        )
    )
    problems = [
        _problem(3, "C", "不是数字", sheet="", value="负五", file=source.name),
        _problem(2, "A", "重复", sheet="", severity="warning", file=source.name),
    ]
    out = write_problem_list(source, problems, tmp_path / "report.xlsx")
    workbook = load_workbook(out)
    assert workbook.sheetnames == [LIST_SHEET, CSV_SHEET]
    raw = _sheet(workbook, CSV_SHEET)
    assert [cell.value for cell in raw[1]] == ["统一社会信用代码", "企业名称", "工业总产值（万元）"]
    assert [cell.value for cell in raw[3]] == [CODE, "乙公司,分厂", "负五"]
    assert _fill(_cell(raw, "C3")) == ERROR_FILL
    assert _fill(_cell(raw, "A2")) == WARNING_FILL
    comment = _cell(raw, "C3").comment
    assert comment is not None and "不是数字" in comment.text
    listing = _sheet(workbook, LIST_SHEET)
    assert [row[1] for row in listing.iter_rows(min_row=2, values_only=True)] == ["错误", "警示"]


def test_report_from_utf8_bom_csv(tmp_path: Path) -> None:
    source = tmp_path / "月报.csv"
    source.write_bytes("\ufeff代码,名称\r\nx,甲公司\r\n".encode())
    out = write_problem_list(source, [_problem(2, "A", "代码不对", sheet="")], tmp_path / "report.xlsx")
    raw = _sheet(load_workbook(out), CSV_SHEET)
    assert _cell(raw, "A1").value == "代码"
    assert _fill(_cell(raw, "A2")) == ERROR_FILL


def test_unreadable_source_gives_the_list_alone(tmp_path: Path) -> None:
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"PK\x03\x04 not really a zip \x00\x01")
    out = write_problem_list(source, [_problem(3, "C", "不是数字")], tmp_path / "report.xlsx")
    workbook = load_workbook(out)
    assert workbook.sheetnames == [LIST_SHEET]
    assert _sheet(workbook, LIST_SHEET).max_row == 2


def test_missing_source_gives_the_list_alone(tmp_path: Path) -> None:
    out = write_problem_list(tmp_path / "gone.xlsx", [_problem(3, "C", "不是数字")], tmp_path / "report.xlsx")
    assert load_workbook(out).sheetnames == [LIST_SHEET]


def test_csv_named_as_workbook_is_copied(tmp_path: Path) -> None:
    source = tmp_path / "export.xls"
    source.write_bytes("代码,名称\r\nx,甲公司\r\n".encode("gbk"))
    out = write_problem_list(source, [_problem(2, "B", "名称不对", sheet="")], tmp_path / "report.xlsx")
    workbook = load_workbook(out)
    assert workbook.sheetnames == [LIST_SHEET, CSV_SHEET]
    assert _cell(_sheet(workbook, CSV_SHEET), "B2").value == "甲公司"


def test_no_formula_ever_reaches_the_report(tmp_path: Path) -> None:
    source = tmp_path / "evil.xlsx"
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "企业月报"
    sheet.append(["代码", "名称", "产值"])
    for text in RISKY:
        row = sheet.max_row + 1
        sheet.cell(row, 1, CODE)
        sheet.cell(row, 2, "甲公司")
        cell = sheet.cell(row, 3, text)
        cell.data_type = "s"  # a text cell that looks like a formula, as an attacker would send it
    sheet.cell(sheet.max_row + 1, 3, "=1+2")  # and a real formula
    workbook.save(source)

    problems = [
        _problem(row, "C", text, value=text, header=text, sheet="企业月报") for row, text in enumerate(RISKY, start=2)
    ]
    problems.append(
        Problem(INJECTION, "企业月报", 7, "C", INJECTION, INJECTION, INJECTION, INJECTION)
    )  # every text field hostile
    out = write_problem_list(source, problems, tmp_path / "report.xlsx")

    loaded = load_workbook(out, data_only=False)
    copy = _sheet(loaded, "企业月报")
    for row, text in enumerate(RISKY, start=2):
        cell = _cell(copy, f"C{row}")
        assert cell.value == text
        assert cell.data_type == "s"
    real = _cell(copy, "C7")
    assert real.value == "=1+2"
    assert real.data_type == "s"

    listing = _sheet(loaded, LIST_SHEET)
    for cells in listing.iter_rows(min_row=2):
        for listed in cells:
            if isinstance(listed.value, str):
                assert listed.data_type == "s"
    texts = {cell.value for row in listing.iter_rows(min_row=2) for cell in row}
    assert set(RISKY) <= texts
    assert INJECTION in texts

    for name, xml in _sheet_xml(out).items():
        assert not re.search(r"<(\w+:)?f[ >/]", xml), name


def test_cannot_write_problem_list_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PlanwatchError, match="无法保存"):
        write_problem_list(tmp_path / "gone.xlsx", [], blocker / "report.xlsx")
