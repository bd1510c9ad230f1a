"""The report's tables as an Excel workbook, one sheet per table, for staff who rework the figures.

Cells are written by the importer's ``write_cell``: a text that starts with
= + - @ stays text (a project name or a finding never becomes a formula).
Numbers behind a cell (completion, growth rates, investment) are written as
numbers so they sort and sum; everything else as the text the report shows.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.importing.problem_list import cell_at, write_cell
from planwatch.report.blocks import Report, Table

HEADER_FILL = "DDEBF7"
PERCENT_HEADERS = {"完成度", "所需年均", "实际年均", "开工率", "投产率", "投资完成率", "年度投资完成率"}
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def write_table(sheet: Worksheet, table: Table) -> None:
    """One table on one sheet: bold header, status colours, numbers as numbers, filter and frozen header."""
    for column, header in enumerate(table.headers, start=1):
        cell = cell_at(sheet, 1, column)
        write_cell(cell, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    for number, row in enumerate(table.rows, start=2):
        for column, text in enumerate(row.cells, start=1):
            cell = cell_at(sheet, number, column)
            value = row.values[column - 1] if len(row.values) >= column else None
            write_cell(cell, value if value is not None else text)
            if value is not None and table.headers[column - 1] in PERCENT_HEADERS:
                cell.number_format = "0.0%"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BORDER
            if column - 1 == table.status_column and row.status is not None:
                cell.fill = PatternFill("solid", fgColor=row.status.fill)
                cell.alignment = Alignment(horizontal="center", vertical="top")
    for column, (header, share) in enumerate(zip(table.headers, table.widths, strict=True), start=1):
        longest = max([_width(header), *(_width(row.cells[column - 1]) for row in table.rows)])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(8, longest + 2), max(12, share * 2), 80)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.rows) + 1}"


def xlsx(content: Report) -> bytes:
    """The workbook as bytes: one sheet per table of the report, in the report's order."""
    return workbook(content.tables, f"{content.plan_title}{content.title}")


def workbook(tables: Sequence[Table], title: str) -> bytes:
    """Tables as a workbook, one sheet each (also the dashboard's 导出 Excel)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook always has its default sheet
    for table in tables:
        write_table(book.create_sheet(table.name[:31]), table)
    book.properties.title = title
    book.properties.creator = "planwatch"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
