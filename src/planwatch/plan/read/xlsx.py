"""Read .xlsx workbooks: a plan's annex tables (project lists, indicator tables).

Annexes are often published as a workbook beside the plan.  Each sheet is
read with openpyxl (already used for imports) as one table, written like
Word's text export and the .docx reader writes tables — ``\\t`` + cell text
per line, a blank line between rows — so the table and project recognisers
read it unchanged:

* a merged range is one cell on its first row (a horizontal merge gives the
  row fewer cells, as ``gridSpan`` does) and an empty cell on each row it
  covers below ("same as above", as ``vMerge`` does);
* the rows above the table that hold a single text — the title
  (``附件：……项目清单``) and notes such as ``单位：万元`` — are paragraphs before
  it, so the title becomes the table's caption;
* columns and rows with nothing in them are left out;
* numbers are written as a person reads them in Excel: ``51``, not ``51.0``;
  a percentage cell as ``13%``; dates as ``2024-01-23``.  Formulas give the
  value Excel last computed.

Lines carry ``page``: the position of the sheet in the workbook, from 1.
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from planwatch.errors import EmptyDocument, UnreadableDocument
from planwatch.plan.document import Cell, Document, Line, Row, Table
from planwatch.plan.read.segment import segment
from planwatch.plan.text import clean


def read_xlsx(path: Path) -> Document:
    workbook = _open(path)
    lines: list[Line] = []
    tables: list[Table] = []
    try:
        for index, sheet in enumerate(workbook.worksheets, start=1):
            _sheet(sheet, index, lines, tables)
    finally:
        workbook.close()
    if not any(line.text.strip() for line in lines):
        raise EmptyDocument(path)
    blocks, repairs = segment(lines, tables)
    return Document(path=str(path), format="xlsx", lines=lines, blocks=blocks, repairs=repairs)


def _open(path: Path) -> Any:
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except OSError as error:
        raise UnreadableDocument(
            path, f"文件无法打开（{error.strerror or error}）", "请检查文件权限后重试。"
        ) from error
    # InvalidFileException/BadZipFile/zlib.error: not a workbook or a damaged zip; KeyError:
    # a zip without a workbook part; ValueError/TypeError: malformed cells or styles.
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError) as error:
        raise UnreadableDocument(
            path,
            "不是有效的 .xlsx 工作簿（文件已损坏，或是其他格式的文件改了扩展名；旧版 .xls 也不能直接读取）",
            "请用 Excel 或 WPS 表格打开确认内容完整，“另存为” .xlsx 格式后再导入。",
        ) from error


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as Excel shows it, near enough for reading numbers back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if "%" in number_format:
            number *= 100
        text = str(int(number)) if number.is_integer() else f"{number:.10g}"
        return f"{text}%" if "%" in number_format else text
    return str(value).strip()


def _sheet(sheet: Any, index: int, lines: list[Line], tables: list[Table]) -> None:
    top, left, bottom, right = sheet.min_row, sheet.min_column, sheet.max_row, sheet.max_column
    # (row, column) of a merged range's first cell → its last row; cells it covers → "below" or "beside".
    covered: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) == (merged.min_row, merged.min_col):
                    continue
                below = row > merged.min_row and column == merged.min_col
                covered[(row, column)] = "below" if below else "beside"
    grid: list[list[tuple[int, str]]] = []  # per sheet row: (column, text) of the cells written
    for row in sheet.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right):
        cells: list[tuple[int, str]] = []
        for cell in row:
            state = covered.get((cell.row, cell.column))
            if state == "beside":
                continue
            text = "" if state == "below" else cell_text(cell.value, cell.number_format or "General")
            cells.append((cell.column, text.replace("\n", " ")))
        grid.append(cells)
    used = {column for cells in grid for column, text in cells if text}
    grid = [[(column, text) for column, text in cells if column in used] for cells in grid]
    rows_with_text = [cells for cells in grid if any(text for _, text in cells)]
    if not rows_with_text:
        return
    # Title and notes above the table: leading rows holding one text.
    start = 0
    while start < len(rows_with_text) - 1 and sum(1 for _, text in rows_with_text[start] if text) == 1:
        text = next(text for _, text in rows_with_text[start] if text)
        lines.append(Line(number=len(lines) + 1, text=text.strip(), page=index))
        start += 1
    table_rows: list[Row] = []
    first_line = 0
    last_line = 0
    for cells in rows_with_text[start:]:
        built: list[Cell] = []
        for _, text in cells:
            lines.append(Line(number=len(lines) + 1, text=f"\t{text}", page=index))
            first_line = first_line or len(lines)
            last_line = len(lines)
            built.append(Cell(text=clean(text), line=len(lines)))
        lines.append(Line(number=len(lines) + 1, text="", page=index))
        if any(cell.text for cell in built):
            table_rows.append(Row(cells=tuple(built), line=built[0].line))
    if table_rows:
        tables.append(Table(rows=table_rows, line=first_line, end=last_line))
    lines.append(Line(number=len(lines) + 1, text="", page=index))
