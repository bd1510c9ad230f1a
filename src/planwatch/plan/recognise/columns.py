"""What the columns of a table mean, read from its header rows.

Shared by the table recognisers (indicators, parks, projects).  Word tables
lose merged cells when flattened, so a row with fewer cells than the header
is aligned to the right: merges in these tables are on the left (序号 merged
with 项目名称, a category cell spanning its rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.plan.document import Cell, Row, Table
from planwatch.units import normalise_unit


@dataclass(frozen=True)
class Header:
    names: list[str]
    """One name per column, header rows merged top to bottom (``一级`` + ``指标``)."""
    units: list[str | None]
    """The unit a header gives its column: ``总投资（万元）`` → 万元."""
    rows: int
    """How many rows of the table the header takes."""


_UNIT_IN_HEADER = re.compile(r"[（(]([^（）()]{1,12})[）)]\s*$")


def header_unit(name: str) -> str | None:
    match = _UNIT_IN_HEADER.search(name)
    return normalise_unit(match.group(1)) if match else None


def read_header(table: Table, max_rows: int = 3) -> Header:
    """Merge the header rows of a table: the first row plus rows that only add units or words.

    A following row counts as header when none of its cells holds a number
    other than a unit in brackets (``（万元）``) and it does not start with an
    item number.
    """
    first = table.rows[0]
    names = list(first.texts)
    width = len(names)
    rows = 1
    for row in table.rows[1:max_rows]:
        texts = aligned(row, width)
        if not _is_header_row(texts):
            break
        for index, text in enumerate(texts):
            if text:
                names[index] = f"{names[index]}{text}"
        rows += 1
    units = [header_unit(name) for name in names]
    return Header(names=names, units=units, rows=rows)


def _is_header_row(texts: list[str | None]) -> bool:
    filled = [text for text in texts if text]
    if not filled:
        return True
    for text in filled:
        if _UNIT_IN_HEADER.fullmatch(text):
            continue
        if re.search(r"\d", text) or re.match(r"^[一二三四五六七八九十]+、", text):
            return False
    return len(filled) <= max(1, len(texts) // 3)


def aligned(row: Row, width: int) -> list[str | None]:
    """The row's texts placed in ``width`` columns; missing (merged) cells on the left are None."""
    texts: list[str | None] = list(row.texts)
    if len(texts) >= width:
        return texts[:width]
    return [None] * (width - len(texts)) + texts


def aligned_cells(row: Row, width: int) -> list[Cell | None]:
    cells: list[Cell | None] = list(row.cells)
    if len(cells) >= width:
        return cells[:width]
    return [None] * (width - len(cells)) + cells


def find_column(names: list[str], *patterns: str, exclude: str | None = None) -> int | None:
    """The first column whose header matches one of ``patterns`` (in order of preference)."""
    for pattern in patterns:
        for index, name in enumerate(names):
            compact = re.sub(r"\s", "", name)
            if re.search(pattern, compact) and not (exclude and re.search(exclude, compact)):
                return index
    return None


def row_text(row: Row) -> str:
    return " | ".join(text for text in row.texts if text)
