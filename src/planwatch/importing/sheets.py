"""Spreadsheets in: .xlsx and .csv files as rows of cell values with their Excel addresses.

* .xlsx through openpyxl in read-only mode (fast on 100 000 rows).  Formulas
  are read as formulas, not as cached results: statistics must be values, so
  a formula cell is reported, not silently trusted.  Merged cells in the
  header (a title spanning columns) are filled across their range — read
  from a second, full load that only small files get.
* .csv in UTF-8 (with or without BOM) or GBK/GB18030, comma or tab separated.

Reading is bounded (``limits``): the archive is checked before openpyxl opens
it, the sheet's declared size is not trusted (a file may declare
``A1:XFD1048576`` for one cell), and rows, columns and cells are counted as
they are read, so a hostile file is refused after bounded work.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch import limits
from planwatch.errors import InputError
from planwatch.ooxml import NotAnArchive, check_package
from planwatch.textfile import decode

MERGES_KEPT = 1000
"""Merged ranges read per sheet: a statistics sheet has a few in its header; more is no header."""
HEADER_ROWS = 12
"""Merged cells are only filled within the first rows: merges below the header are a problem to report."""


class UnreadableSheet(InputError):
    def __init__(self, path: Path, reason: str, fix: str) -> None:
        super().__init__(f"“{path.name}”无法读取：{reason}。{fix}")  # the name only: never a server's folders
        self.file = path.name
        self.reason = reason
        self.fix = fix


@dataclass
class Sheet:
    file: str
    name: str
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    """(row number as Excel shows it, cell values) for every non-empty row."""
    merged_below_header: list[str] = field(default_factory=list)
    """Merged ranges outside the header (A12:C12 …): each hides values, so each is reported."""


def read_sheets(path: Path) -> list[Sheet]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise UnreadableSheet(path, "文件不存在", "请检查路径和文件名。")
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if suffix in {".csv", ".txt", ".tsv"}:
        return [_read_csv(path)]
    if suffix == ".xls":
        raise UnreadableSheet(path, "这是旧版 Excel（.xls）文件", "请在 Excel 或 WPS 中“另存为”.xlsx 格式后再导入。")
    raise UnreadableSheet(path, f"不支持的文件格式“{suffix or '（无扩展名）'}”", "请提供 .xlsx 或 .csv 文件。")


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableSheet(path, "文件是空的", "请确认选择了正确的文件，并填好数据后再导入。")
    text = decode(data)
    if text is None:
        raise UnreadableSheet(path, "文字编码无法识别", "请在 Excel 中“另存为”CSV UTF-8 或 .xlsx 格式。")
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    sheet = Sheet(file=path.name, name="")
    counter = _Counter(path)
    csv.field_size_limit(limits.value("max_field_chars"))
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            counter.row(number, values)
            cells: list[object] = [value.strip() if value.strip() else None for value in values]
            if any(cell is not None for cell in cells):
                sheet.rows.append((number, cells))
    except csv.Error as error:
        raise UnreadableSheet(
            path,
            f"第 {counter.last + 1} 行无法按 CSV 读取（{error}）",
            "请在 Excel 中打开并“另存为”CSV 或 .xlsx 格式。",
        ) from None
    return sheet


class _Counter:
    """Rows, columns and cells read so far, checked against the limits as the file is read."""

    def __init__(self, path: Path, sheet: str = "") -> None:
        self.where = f"“{path.name}”" + (f"的工作表“{sheet}”" if sheet else "")
        self.cells = 0
        self.last = 0

    def row(self, number: int, values: Sequence[object]) -> None:
        """Count a row; its width is up to its last filled cell (styled empty cells count only as cells)."""
        self.last = number
        limits.check("max_rows", number, f"{self.where}有第 {number:,} 行", "请拆分成几个文件分批导入。")
        width = len(values)
        while width and values[width - 1] in (None, ""):
            width -= 1
        limits.check(
            "max_columns",
            width,
            f"{self.where}第 {number} 行有 {width:,} 列",
            "请删去表格右侧多余的列（包括只有格式、没有内容的列）后再导入。",
        )
        self.cells += len(values)
        limits.check(
            "max_cells", self.cells, f"{self.where}的单元格超过 {self.cells:,} 个", "请拆分成几个文件分批导入。"
        )


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size == 0:
        raise UnreadableSheet(path, "文件是空的", "请确认选择了正确的文件。")
    try:
        check_package(path, "Excel")
    except NotAnArchive:
        raise UnreadableSheet(
            path,
            "不是有效的 Excel 文件",
            "文件可能已损坏或只是改了扩展名，请在 Excel/WPS 中打开并“另存为”.xlsx 后重试。",
        ) from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError):
        raise UnreadableSheet(
            path,
            "不是有效的 Excel 文件",
            "文件可能已损坏或只是改了扩展名，请在 Excel/WPS 中打开并“另存为”.xlsx 后重试。",
        ) from None
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            sheet = _read_worksheet(path, worksheet)
            # The part's name: read-only worksheets keep it privately and have no merged ranges of their own.
            part = worksheet._worksheet_path  # type: ignore[attr-defined]  # openpyxl keeps it without a public name
            _fill_merges(sheet, _merged_ranges(path, part))
            sheets.append(sheet)
    finally:
        workbook.close()
    if not sheets:
        raise UnreadableSheet(
            path,
            "工作簿中没有可读取的工作表",
            "请在 Excel/WPS 中打开该文件，确认数据在工作表中后“另存为”.xlsx 再导入。",
        )
    return sheets


def _read_worksheet(path: Path, worksheet: Any) -> Sheet:
    """One sheet's non-empty rows, read without trusting its declared size and counted against the limits."""
    sheet = Sheet(file=path.name, name=worksheet.title)
    worksheet.reset_dimensions()  # rows as stored, not padded to a declared A1:XFD1048576
    counter = _Counter(path, worksheet.title)
    try:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            counter.row(number, values)
            cells = [value.strip() if isinstance(value, str) else value for value in values]
            cells = [None if value == "" else value for value in cells]
            if any(cell is not None for cell in cells):
                sheet.rows.append((number, list(cells)))
    except (ValueError, TypeError, KeyError, IndexError, SyntaxError) as error:  # a cell the XML describes badly
        raise UnreadableSheet(
            path,
            f"工作表“{worksheet.title}”第 {counter.last + 1} 行附近的单元格无法读取（{type(error).__name__}）",
            "请在 Excel/WPS 中打开该文件，检查这一行的数据后“另存为”.xlsx 再导入。",
        ) from None
    return sheet


def _merged_ranges(path: Path, part: str) -> list[tuple[int, int, int, int]]:
    """One worksheet's merged ranges as (min_row, min_col, max_row, max_col), 1-based, read from its XML stream.

    Hand-written because openpyxl finds merges only by loading the whole sheet, with an
    object for every merged cell: a declared merge of A1:XFD1048576 would fill the memory.
    The archive was checked (``check_package``: no DOCTYPE, no bomb) before this reads it.
    """
    from xml.etree.ElementTree import ParseError, iterparse

    from openpyxl.utils.cell import range_boundaries

    ranges: list[tuple[int, int, int, int]] = []
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
            rows = None
            for event, element in iterparse(stream, events=("start", "end")):
                tag = element.tag.rsplit("}", 1)[-1]
                if event == "start":
                    rows = element if tag == "sheetData" else rows
                elif tag == "row" and rows is not None:
                    rows.clear()  # the cells were read already: keep no row in memory
                elif tag == "mergeCell":
                    try:
                        min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                    except (ValueError, TypeError):
                        continue
                    if None not in (min_row, min_col, max_row, max_col):  # not a whole row or column
                        ranges.append((min_row, min_col, max_row, max_col))  # type: ignore[arg-type]  # checked
                    if len(ranges) >= MERGES_KEPT:
                        break
    except (KeyError, ParseError, zipfile.BadZipFile):
        return []  # the cells were readable; a merge list that is not is left out
    return ranges


def _fill_merges(sheet: Sheet, ranges: list[tuple[int, int, int, int]]) -> None:
    by_number = {number: cells for number, cells in sheet.rows}
    from openpyxl.utils import get_column_letter

    for min_row, min_col, max_row, max_col in ranges:
        if min_row > HEADER_ROWS:
            sheet.merged_below_header.append(
                f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            )
            continue
        top = by_number.get(min_row)
        value = top[min_col - 1] if top is not None and len(top) >= min_col else None
        if value is None:
            continue
        max_col = min(max_col, limits.value("max_columns"))
        last = sheet.rows[-1][0] if sheet.rows else 0
        for row in range(min_row, min(max_row, last) + 1):
            cells = by_number.get(row)
            if cells is None:
                continue
            while len(cells) < max_col:
                cells.append(None)
            for column in range(min_col, max_col + 1):
                if cells[column - 1] is None:
                    cells[column - 1] = value
