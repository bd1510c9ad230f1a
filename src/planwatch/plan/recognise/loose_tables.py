"""Indicator tables the text reader left as running text.

Web pages and yearbook scans give tables in two shapes no reader segments as a
table, and whose cells do not line up with their header:

* **pipe rows without a leading bar** — ``属性 | 指标名称 | 人代会 目标 | 完成情况``,
  then ``预期性 | 地区生产总值 | 8%左右 | 9.7 | 853.2亿元 | 完成``; merged cells
  are simply missing, so a row has as many cells as it happens to have;
* **one cell per line** without the tab a Word export puts — ``序号``, ``指标名称``,
  ``2017年目标``, ``2017年实绩``, … then ``1``, ``地区生产总值△``, ``8``, ``553.2亿元``
  …, rows starting at their serial number.

Both are read row by row rather than column by column: in a row, the first
cell that holds a value and stands right after a cell of words is the target,
and those words are the indicator (a serial number or 预期性 before them is not).
That is right only when the target column is the first value column of the
header, so a table is read only when the header cell after the indicator
column names a target (目标, 参考值, 计划 …); the cells after the target are
the outturn of a 完成情况 table and are not read.  The year is the one in that
header cell, else in the caption line above the table, else none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.plan.document import Document
from planwatch.plan.model import Indicator, Target
from planwatch.plan.recognise.indicators import ATTRIBUTES, parse_target_cell
from planwatch.plan.text import CJK, clean

_NAME_HEADER = re.compile(r"指标")
_TARGET_HEADER = re.compile(r"目标|参考值|预期|计划")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
MIN_ROWS = 2
MAX_FLAT_CELL_CHARS = 24
"""A line longer than this is running text, not a cell of a one-cell-per-line table."""


@dataclass(frozen=True)
class _Cell:
    text: str
    line: int


@dataclass
class Found:
    indicators: list[Indicator]
    lines: set[int]
    """Every line the tables take, so that prose does not read their cells again."""


def recognise_loose_tables(doc: Document) -> Found:
    found = Found([], set())
    for header, rows, caption in [*_pipe_tables(doc), *_flat_tables(doc)]:
        indicators = _read(doc, header, rows, caption)
        if indicators:
            found.indicators.extend(indicators)
            found.lines.update(cell.line for row in [header, *rows] for cell in row)
    return found


def _pipe_cells(raw: str, line: int) -> list[_Cell] | None:
    if raw.count("|") < 1 or raw.lstrip().startswith("|") or "\t" in raw:
        return None
    cells = [_Cell(clean(part), line) for part in raw.split("|")]
    cells = [cell for cell in cells if cell.text]
    return cells if len(cells) >= 2 or raw.rstrip().endswith("|") else None


def _caption(doc: Document, line: int) -> str:
    """The nearest non-blank line above ``line`` (a table's caption)."""
    for number in range(line - 1, max(line - 4, 0), -1):
        text = clean(doc.line(number).text)
        if text:
            return text
    return ""


def _pipe_tables(doc: Document) -> list[tuple[list[_Cell], list[list[_Cell]], str]]:
    """Runs of pipe rows: header rows until the first row that holds a value, then the rows."""
    tables: list[tuple[list[_Cell], list[list[_Cell]], str]] = []
    run: list[list[_Cell]] = []
    for line in [*doc.lines, None]:
        cells = _pipe_cells(line.text, line.number) if line is not None else None
        if cells:
            run.append(cells)
            continue
        if line is not None and not line.text.strip() and run:
            continue
        if len(run) > MIN_ROWS:
            first_data = next((i for i, row in enumerate(run) if any(_value(cell.text) for cell in row)), len(run))
            header = [cell for row in run[:first_data] for cell in row]
            if header:
                tables.append((header, run[first_data:], _caption(doc, run[0][0].line)))
        run = []
    return tables


def _flat_tables(doc: Document) -> list[tuple[list[_Cell], list[list[_Cell]], str]]:
    """Runs of short lines: the header until the serial number 1, then a row at each next serial number."""
    tables: list[tuple[list[_Cell], list[list[_Cell]], str]] = []
    run: list[_Cell] = []
    for line in [*doc.lines, None]:
        text = clean(line.text) if line is not None else ""
        if line is not None and not text:
            continue
        short = line is not None and len(text) <= MAX_FLAT_CELL_CHARS and not re.search(r"[。；：]", text)
        if short and line is not None and "|" not in text and not line.text.startswith("\t"):
            run.append(_Cell(text, line.number))
            continue
        table = _flat_table(run, doc)
        if table:
            tables.append(table)
        run = []
    return tables


def _flat_table(run: list[_Cell], doc: Document) -> tuple[list[_Cell], list[list[_Cell]], str] | None:
    start = next((i for i, cell in enumerate(run) if _NAME_HEADER.search(cell.text)), None)
    if start is None:
        return None
    if start > 0 and run[start - 1].text == "序号":
        start -= 1
    first = next((i for i in range(start, len(run)) if run[i].text == "1"), None)
    if first is None:
        return None
    cells = run[first:]
    width = next((i for i, cell in enumerate(cells) if cell.text == "2"), 0)
    if width < 2:
        return None
    rows: list[list[_Cell]] = []
    for offset in range(0, len(cells), width):
        row = cells[offset : offset + width]
        if row[0].text != str(len(rows) + 1):
            break
        rows.append(row)
    if len(rows) < MIN_ROWS:
        return None
    return run[start:first], rows, _caption(doc, run[start].line)


def _value(text: str) -> bool:
    return parse_target_cell(text)[0] is not None


def _target_year(header: list[_Cell], caption: str) -> tuple[bool, int | None]:
    """Whether the header cell after the indicator column names a target, and the target's year."""
    names = [cell.text for cell in header]
    index = next((i for i, name in enumerate(names) if _NAME_HEADER.search(name)), None)
    if index is None or index + 1 >= len(names) or not _TARGET_HEADER.search(names[index + 1]):
        return False, None
    for text in (names[index + 1], caption):
        match = _YEAR.search(text)
        if match:
            return True, int(match.group(1))
    return True, None


def _read(doc: Document, header: list[_Cell], rows: list[list[_Cell]], caption: str) -> list[Indicator]:
    is_target, year = _target_year(header, caption)
    if not is_target:
        return []
    percent_header = any("%" in cell.text for cell in header)
    indicators: list[Indicator] = []
    for row in rows:
        for index, cell in enumerate(row):
            if index == 0 or not _value(cell.text):
                continue
            name = row[index - 1].text
            if not re.search(rf"[{CJK}]", name) or name in ATTRIBUTES or _value(name):
                break
            value, unit, comparator, approximate = parse_target_cell(cell.text)
            if unit is None and percent_header:
                unit = "%"
            decrease = bool(re.search(r"下降|降低|减少", name)) or comparator in {"<=", "<"}
            indicators.append(
                Indicator(
                    name=re.sub(r"[△▲*※]+$", "", name),
                    unit=unit,
                    target=Target(
                        year=year,
                        value=value,
                        comparator=comparator or ("=" if approximate else ">="),
                        direction="decrease" if decrease else "increase",
                        text=cell.text,
                        approximate=approximate,
                        year_basis="table" if year is not None else "plan_end",
                    ),
                    origin="table",
                    source=doc.source(cell.line, " | ".join(c.text for c in row)),
                    rule="table.loose",
                )
            )
            break
    return indicators
