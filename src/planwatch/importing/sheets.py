"""Spreadsheets in: .xlsx and .csv files as rows of cell values with their Excel addresses.

* .xlsx through openpyxl in read-only mode (fast on 100 000 rows).  Formulas
  are read as formulas, not as cached results: statistics must be values, so
  a formula cell is reported, not silently trusted.  Merged cells in the
  header (a title spanning columns) are filled across their range — read
  from a second, full load that only small files get.
* .csv in UTF-8 (with or without BOM) or GBK/GB18030, comma or tab separated.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from planwatch.errors import InputError
from planwatch.textfile import decode

MERGE_SCAN_LIMIT = 5 * 1024 * 1024
"""Files up to this size are also loaded fully to find merged header cells."""
HEADER_ROWS = 12
"""Merged cells are only filled within the first rows: merges below the header are a problem to report."""


class UnreadableSheet(InputError):
    def __init__(self, path: Path, reason: str, fix: str) -> None:
        super().__init__(f"{path}: 无法读取：{reason}。{fix}")
        self.file = path.name
        """The file's own name: what a web page says (never the server's folder)."""
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
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells: list[object] = [value.strip() if value.strip() else None for value in values]
        if any(cell is not None for cell in cells):
            sheet.rows.append((number, cells))
    return sheet


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size == 0:
        raise UnreadableSheet(path, "文件是空的", "请确认选择了正确的文件。")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UnreadableSheet(
            path,
            "不是有效的 Excel 文件",
            "文件可能已损坏或只是改了扩展名，请在 Excel/WPS 中打开并“另存为”.xlsx 后重试。",
        ) from None
    merges = _merged_ranges(path) if path.stat().st_size <= MERGE_SCAN_LIMIT else {}
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            sheet = Sheet(file=path.name, name=worksheet.title)
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [value.strip() if isinstance(value, str) else value for value in values]
                cells = [None if value == "" else value for value in cells]
                if any(cell is not None for cell in cells):
                    sheet.rows.append((number, list(cells)))
            _fill_merges(sheet, merges.get(worksheet.title, []))
            sheets.append(sheet)
    finally:
        workbook.close()
    return sheets


def _merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet as (min_row, min_col, max_row, max_col), 1-based."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=False, data_only=False)
    try:
        return {
            worksheet.title: [(r.min_row, r.min_col, r.max_row, r.max_col) for r in worksheet.merged_cells.ranges]
            for worksheet in workbook.worksheets
        }
    finally:
        workbook.close()


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
        for row in range(min_row, max_row + 1):
            cells = by_number.get(row)
            if cells is None:
                continue
            while len(cells) < max_col:
                cells.append(None)
            for column in range(min_col, max_col + 1):
                if cells[column - 1] is None:
                    cells[column - 1] = value
