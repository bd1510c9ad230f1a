"""The report's content model: sections of paragraphs, items, tables and figures, the same for every format.

``content.build`` fills it from an evaluation; the Word, Excel, HTML and
Markdown writers each render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from planwatch.status import Status

METHOD_NOTE = (
    "状态按 Open SDG 进度法判定（实际年均增速 ÷ 所需年均增速：≥0.95 进度正常，0.60–0.95 需加快，0–0.60 进展缓慢，"
    "<0 倒退）；占比、强度类指标按已完成进度与规划期已过比例比较；目标年已过的目标按最新数据判定已完成或未完成。"
    "预测为按时间加权的趋势外推，括号内为 90% 区间。"
)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    values: tuple[float | None, ...] = ()
    """Numbers behind the cells for a spreadsheet (None where a cell is text only); empty when all text."""
    status: Status | None = None
    """The row's status: colours the table's status column."""


@dataclass(frozen=True)
class Table:
    name: str
    """Caption in documents, sheet name in the workbook (at most 31 characters)."""
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[int, ...]
    """Relative column widths, in characters."""
    status_column: int | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Items:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """Where the charts of a kind go: ``status`` or ``targets`` (see charts.py)."""

    kind: Literal["status", "targets"]


Block = Paragraph | Subheading | Items | Table | Figure


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    title: str
    plan_title: str
    meta: tuple[str, ...]
    """Lines under the title: the issuing document, the evaluation date, the subject."""
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    """Every table of the report, for the workbook (some are shown as text in documents)."""
    missed: tuple[str, ...]
    """One sentence per target that will be missed."""
    as_of: date
    note: str = METHOD_NOTE
