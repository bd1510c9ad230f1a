"""The 问题清单: an .xlsx the user opens next to the file they sent.

Sheet “问题清单” lists every problem (errors before warnings, in file order),
with where it is, what is wrong and how to fix it. After it come copies of
the source sheets that have problems (values only), every bad cell filled
red (错误) or yellow (警示) with a comment giving the reason and the fix, so
the user sees the problem where it is. A CSV source is copied into one sheet
“原始数据”.

No text ever becomes a formula: every string — copied source values (a
formula in the source is copied as its text), problem fields — is written as
a literal string (``data_type = "s"``), so a file carrying
``=cmd|' /C calc'!A0`` cannot make the report run anything.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from planwatch import limits
from planwatch.errors import PlanwatchError
from planwatch.importing.problem import Problem
from planwatch.status import Severity
from planwatch.textfile import decode

LIST_SHEET = "问题清单"
CSV_SHEET = "原始数据"
LIST_HEADERS = ("序号", "级别", "工作表", "行", "列", "表头", "单元格内容", "问题", "修改方法")

ERROR_FILL = "FFC7CE"
"""Light red (Excel's “差” style) for cells with an error."""
WARNING_FILL = "FFEB9C"
"""Light yellow (Excel's “适中” style) for cells with a warning."""
HEADER_FILL = "DDEBF7"

AUTHOR = "planwatch"
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_MAX_TEXT = 32_767
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_LIST_WIDTHS = (6, 6, 14, 7, 6, 18, 24, 48, 48)
_WRAPPED = {"单元格内容", "问题", "修改方法"}
_SOURCE_ERRORS = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, ParseError)

_Plain = str | int | float | bool | Decimal | datetime | date | time | timedelta | None


class WorkbookNotSaved(PlanwatchError):
    """The report or template could not be written where asked."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path}: 无法保存：{reason}。如果这个文件正在 Excel 或 WPS 中打开，请先关闭它再重试；"
            "否则请检查文件夹是否存在、是否有写入权限。"
        )


def write_problem_list(source: Path, problems: Sequence[Problem], out: Path) -> Path:
    """Write the error report for ``source`` to ``out`` (an .xlsx) and return ``out``.

    The source is only read, never changed. When it cannot be read (damaged,
    not a workbook, gone) the report holds the problem list alone.
    """
    ordered = _ordered(problems)
    shown = ordered[: limits.value("max_problems_listed")]
    copies = _copies(source, shown)
    if sum(len(copy.rows) for copy in copies) > limits.value("max_rows") // 10:
        copies = []  # a copy of a very large sheet would take longer to write than it helps to read

    workbook = Workbook()
    listing = workbook.worksheets[0]
    listing.title = LIST_SHEET
    marked: dict[int, tuple[str, str]] = {}
    for copy in copies:
        sheet = workbook.create_sheet(copy.title)
        _write_copy(sheet, copy, marked)
    _write_list(listing, shown, marked)
    if len(shown) < len(ordered):
        errors = sum(1 for problem in ordered if problem.severity == Severity.ERROR)
        write_cell(
            cell_at(listing, len(shown) + 2, 1),
            f"共 {len(ordered):,} 个问题（错误 {errors:,} 个），以上列出前 {len(shown):,} 个；"
            "同类问题往往出在同一列，请先改正列出的问题后重新导入，会再列出其余的问题。",
        )
    workbook.active = 0
    workbook.properties.title = f"{source.name} 问题报告"
    workbook.properties.creator = AUTHOR
    return save_workbook(workbook, out)


def write_cell(cell: Cell, value: object) -> None:
    """Put a value in a cell; text always stays literal text, never a formula or an error code."""
    plain = _plain(value)
    if isinstance(plain, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", plain)[:_MAX_TEXT]
        cell.value = text
        cell.data_type = "s"
        if text.startswith(_RISKY_START):
            # Excel keeps the text as text even when someone edits the cell later.
            cell.quotePrefix = True
    elif isinstance(plain, float) and not math.isfinite(plain):
        write_cell(cell, str(plain))
    else:
        cell.value = plain


def cell_at(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell at (row, column) of a sheet planwatch wrote (it has no merged cells)."""
    cell = sheet.cell(row, column)
    if not isinstance(cell, Cell):
        raise TypeError(f"{sheet.title}!{cell.coordinate} 是合并单元格。")
    return cell


def save_workbook(workbook: Workbook, out: Path) -> Path:
    """Save atomically (a temporary file next to ``out``, then a rename): a failed save leaves no half file."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=out.parent)
        os.close(handle)
    except OSError as error:
        raise WorkbookNotSaved(out, error.strerror or str(error)) from error
    temporary = Path(name)
    try:
        workbook.save(temporary)
        os.replace(temporary, out)
    except OSError as error:
        raise WorkbookNotSaved(out, error.strerror or str(error)) from error
    finally:
        temporary.unlink(missing_ok=True)
    return out


# --- Ordering -----------------------------------------------------------------------------------


def _ordered(problems: Sequence[Problem]) -> list[Problem]:
    """Errors before warnings; within each, by sheet (first seen first), row (whole-sheet first), column."""
    sheet_rank: dict[str, int] = {}
    for problem in problems:
        sheet_rank.setdefault(problem.sheet, len(sheet_rank))

    def key(problem: Problem) -> tuple[int, int, int, int]:
        return (
            0 if problem.severity == Severity.ERROR else 1,
            sheet_rank[problem.sheet],
            problem.row if problem.row is not None else 0,
            _column_index(problem.column) or 0,
        )

    return sorted(problems, key=key)


def _column_index(letter: str | None) -> int | None:
    """``"C"`` → 3; None for no column or one that is not a column letter."""
    if not letter:
        return None
    try:
        index = column_index_from_string(letter.strip().upper())
    except ValueError:
        return None
    return index if 1 <= index <= MAX_COLUMN else None


# --- Reading the source -------------------------------------------------------------------------


@dataclass
class _Copy:
    title: str
    rows: list[list[_Plain]]
    problems: list[Problem] = field(default_factory=list)


def _copies(source: Path, problems: list[Problem]) -> list[_Copy]:
    """The source sheets to copy into the report (those with a problem on a row), each with its problems."""
    located = [problem for problem in problems if problem.row is not None and 1 <= problem.row <= MAX_ROW]
    if not located:
        return []
    if source.suffix.lower() in {".csv", ".tsv", ".txt"}:
        return _csv_copy(source, located, strict=False)
    wanted = {problem.sheet for problem in located}
    sheets = _read_xlsx(source, wanted)
    if sheets is None:
        # Not a workbook: perhaps a CSV saved under another name (systems that export “.xls” text do this).
        return _csv_copy(source, located, strict=True)
    copies = [_Copy(title, rows) for title, rows in sheets]
    by_title = {copy.title: copy for copy in copies}
    for problem in located:
        if problem.sheet in by_title:
            by_title[problem.sheet].problems.append(problem)
    return copies


def _read_xlsx(source: Path, wanted: set[str]) -> list[tuple[str, list[list[_Plain]]]] | None:
    """The values of the wanted sheets, in workbook order; None when the file cannot be read as a workbook."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=False)
    except _SOURCE_ERRORS:
        return None
    try:
        sheets: list[tuple[str, list[list[_Plain]]]] = []
        for sheet in workbook.worksheets:
            if sheet.title not in wanted:
                continue
            reset = getattr(sheet, "reset_dimensions", None)
            if callable(reset):
                reset()  # a wrong <dimension> written by some tools would otherwise cut the sheet short
            rows = [[_plain(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            sheets.append((sheet.title, rows))
        return sheets
    except _SOURCE_ERRORS:
        return None
    finally:
        workbook.close()


def _csv_copy(source: Path, problems: list[Problem], *, strict: bool) -> list[_Copy]:
    """The CSV rows as one sheet “原始数据” carrying every located problem; [] when there is no text to copy.

    ``strict`` (a file that claimed to be a workbook): only text that is clearly CSV — no NUL bytes, not
    HTML or XML — is copied, so a damaged binary file never turns into a sheet of garbage.
    """
    try:
        data = source.read_bytes()
    except OSError:
        return []
    text = decode(data)
    if text is None:
        if strict:
            return []
        text = data.decode("gb18030", errors="replace")
    if strict and ("\x00" in text or text.lstrip().startswith("<")):
        return []
    return [_Copy(CSV_SHEET, _csv_rows(text), list(problems))]


def _csv_rows(text: str) -> list[list[_Plain]]:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(row) for row in reader]
    except csv.Error:
        # A stray quote or NUL: fall back to plain splitting so the user still sees the file.
        return [list(line.split(delimiter)) for line in lines]


def _plain(value: object) -> _Plain:
    """A value openpyxl can write; formulas (plain or array) become their text."""
    if value is None or isinstance(value, str | bool | int | float | Decimal | datetime | date | time | timedelta):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.isoformat()
        return value
    text = getattr(value, "text", None)  # ArrayFormula
    return text if isinstance(text, str) else str(value)


# --- Writing ------------------------------------------------------------------------------------


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _write_copy(sheet: Worksheet, copy: _Copy, marked: dict[int, tuple[str, str]]) -> None:
    """The source values, then the marks; records in ``marked`` where each problem (by id) was marked."""
    for row_number, row in enumerate(copy.rows, start=1):
        for column_number, value in enumerate(row[:MAX_COLUMN], start=1):
            if value is not None and value != "":
                write_cell(cell_at(sheet, row_number, column_number), value)
    _set_copy_widths(sheet, copy.rows)

    at: dict[tuple[int, int], list[Problem]] = {}
    for problem in copy.problems:
        assert problem.row is not None
        column = _column_index(problem.column) or 1
        at.setdefault((problem.row, column), []).append(problem)
    for (row_number, column_number), here in at.items():
        cell = cell_at(sheet, row_number, column_number)
        is_error = any(problem.severity == Severity.ERROR for problem in here)
        cell.fill = _fill(ERROR_FILL if is_error else WARNING_FILL)
        cell.comment = _comment(here)
        for problem in here:
            marked[id(problem)] = (sheet.title, cell.coordinate)


def _comment(problems: list[Problem]) -> Comment:
    parts = []
    for problem in problems:
        scope = "（整行）" if _column_index(problem.column) is None else ""
        parts.append(f"{problem.severity.zh}{scope}：{problem.reason}\n修改方法：{problem.fix}")
    text = ILLEGAL_CHARACTERS_RE.sub("", "\n\n".join(parts))
    width = 320
    per_line = width // 14  # about 14 px per Chinese character at the default comment font
    lines = sum(max(1, math.ceil(_display_width(line) / 2 / per_line)) for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(600, 24 + 18 * lines), width=width)


def _write_list(sheet: Worksheet, problems: list[Problem], marked: dict[int, tuple[str, str]]) -> None:
    bold = Font(bold=True)
    header_fill = _fill(HEADER_FILL)
    for column_number, header in enumerate(LIST_HEADERS, start=1):
        cell = cell_at(sheet, 1, column_number)
        write_cell(cell, header)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    link_font = Font(color="0563C1", underline="single")
    for number, problem in enumerate(problems, start=1):
        row_number = number + 1
        values: tuple[object, ...] = (
            number,
            problem.severity.zh,
            problem.sheet,
            problem.row,
            problem.column,
            problem.header,
            problem.value,
            problem.reason,
            problem.fix,
        )
        for column_number, (header, value) in enumerate(zip(LIST_HEADERS, values, strict=True), start=1):
            cell = cell_at(sheet, row_number, column_number)
            write_cell(cell, value)
            cell.alignment = wrapped if header in _WRAPPED else top
        level = cell_at(sheet, row_number, 2)
        level.fill = _fill(ERROR_FILL if problem.severity == Severity.ERROR else WARNING_FILL)
        target = marked.get(id(problem))
        if target is not None and problem.row is not None:
            title, coordinate = target
            row_cell = cell_at(sheet, row_number, 4)
            row_cell.hyperlink = Hyperlink(
                ref=row_cell.coordinate,
                location=f"{_quote_sheet(title)}!{coordinate}",
                tooltip="跳到标出问题的单元格",
            )
            row_cell.font = link_font
    for column_number, width in enumerate(_LIST_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(LIST_HEADERS))}{len(problems) + 1}"


def _quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _set_copy_widths(sheet: Worksheet, rows: list[list[_Plain]], sample: int = 500) -> None:
    widths: dict[int, int] = {}
    for row in rows[:sample]:
        for column_number, value in enumerate(row[:MAX_COLUMN], start=1):
            if value is None:
                continue
            text = value if isinstance(value, str) else str(value)
            longest = max((_display_width(line) for line in text.splitlines()), default=0)
            widths[column_number] = max(widths.get(column_number, 0), longest)
    for column_number, width in widths.items():
        sheet.column_dimensions[get_column_letter(column_number)].width = min(50, max(8, width + 2))
