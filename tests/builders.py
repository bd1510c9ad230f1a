"""Build .docx and .pdf test documents from the seed plan, the way real ones are made.

The content comes from ``examples/plans/003_ee4bfce4192e67e0.txt`` (the Word
text export of a real county plan), read with planwatch's own text reader, so
no number is copied by hand: a few paragraphs of front matter and targets,
the indicator table and the project annex table.  The builders put the
tables back into the shape the original had:

* docx: the 一级指标 category cell is a real vertically merged cell spanning
  its group; subtotal rows (``项目总投资``, ``一、下路工业园区``) merge 序号
  and 项目名称 horizontally; the project header's first row is vertically
  merged with its ``（万元）`` row everywhere except under 总投资.
* pdf: the same merges as reportlab ``SPAN`` commands, ruled with a grid (pdfplumber
  finds tables by their ruling lines), a running header and ``- N -`` page
  numbers, the project table spanning several pages with repeated header rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from planwatch.plan.document import Table
from planwatch.plan.model import Plan
from planwatch.plan.read import read

SEED = Path(__file__).resolve().parent.parent / "examples" / "plans" / "003_ee4bfce4192e67e0.txt"
RUNNING_HEADER = "石柱县工业园区产业发展规划（2023—2027年）"


@dataclass(frozen=True)
class Text:
    """One paragraph of the test document."""

    text: str
    kind: str = "body"
    """body, title (centred), right (signature and date), heading1, heading2, caption."""


@dataclass(frozen=True)
class GridCell:
    text: str
    span: int = 1
    """Grid columns the cell covers (horizontal merge)."""


@dataclass(frozen=True)
class Grid:
    """A seed table with its merges: rows of cells, and vertical merges."""

    columns: int
    rows: list[list[GridCell]]
    vertical: list[tuple[int, int, int]]
    """(column, first row, last row) of each vertically merged cell."""
    header_rows: int


# (seed line, kind, expected start) — the start guards against an edited seed file.
_FRONT = [
    (3, "title", "石柱府发〔2024〕5号"),
    (5, "title", "石柱土家族自治县人民政府"),
    (6, "title", "关于印发《"),
    (7, "body", "各乡镇（街道）"),
    (8, "body", "《石柱县工业园区产业发展规划"),
    (9, "right", "石柱土家族自治县人民政府"),
    (10, "right", "2024年1月23日"),
    (11, "body", "（此件公开发布）"),
    (13, "title", "石柱县工业园区产业发展规划"),
    (14, "title", "（2023—2027年）"),
    (18, "heading1", "第一章"),
    (66, "body", "产业规模不断壮大。"),
    (90, "heading2", "第三节"),
    *((number, "body", "") for number in range(91, 99)),
    (99, "caption", "石柱县工业园区产业发展指标"),
]
_ANNEX = [(344, "heading1", "附件"), (345, "caption", "石柱县工业园区产业发展规划项目清单")]


@cache
def _seed() -> tuple[tuple[Text, ...], tuple[Text, ...], Table, Table]:
    document = read(SEED)

    def texts(picks: list[tuple[int, str, str]]) -> tuple[Text, ...]:
        chosen = []
        for number, kind, start in picks:
            text = document.line(number).text.strip()
            assert text.startswith(start), f"seed line {number} changed: {text[:30]}"
            chosen.append(Text(text, kind))
        return tuple(chosen)

    tables = document.tables()
    return texts(_FRONT), texts(_ANNEX), tables[1], tables[2]


def front_matter() -> tuple[Text, ...]:
    return _seed()[0]


def annex_title() -> tuple[Text, ...]:
    return _seed()[1]


def indicator_table() -> Table:
    """The seed's 发展指标 table: header and 22 rows, category blank under its first row."""
    return _seed()[2]


def project_table() -> Table:
    """The seed's 项目清单: two header rows, subtotal rows with fewer cells (merged on the left)."""
    return _seed()[3]


def aligned(texts: list[str], columns: int) -> list[GridCell]:
    """Right-align a row with fewer cells than columns: the first cell spans the missing ones."""
    missing = columns - len(texts)
    if missing <= 0:
        return [GridCell(text) for text in texts]
    return [GridCell(texts[0], span=missing + 1), *(GridCell(text) for text in texts[1:])]


def indicator_grid() -> Grid:
    table = indicator_table()
    columns = len(table.rows[0])
    rows = [aligned(row.texts, columns) for row in table.rows]
    vertical = []
    start = 1
    for index in range(2, len(rows) + 1):
        if index == len(rows) or rows[index][0].text:
            if index - 1 > start:
                vertical.append((0, start, index - 1))
            start = index
    return Grid(columns=columns, rows=rows, vertical=vertical, header_rows=1)


def project_grid() -> Grid:
    table = project_table()
    columns = len(table.rows[0])
    rows = [aligned(row.texts, columns) for row in table.rows]
    # The header's first row stands over its （万元） row except under 总投资.
    vertical = [(column, 0, 1) for column in range(columns) if not rows[1][column].text]
    return Grid(columns=columns, rows=rows, vertical=vertical, header_rows=2)


def investment_column(table: Table) -> list[str]:
    """The 总投资 cell of every row of a project table (right-aligned rows)."""
    return [row.texts[-2] if len(row) >= 2 else "" for row in table.rows]


def is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", text))


# ---------------------------------------------------------------------- docx


def build_docx(path: Path) -> Path:
    """Write a Word document with the seed paragraphs and both tables, merges included."""
    document: Any = docx.Document()
    for text in front_matter():
        _docx_paragraph(document, text)
    _docx_table(document, indicator_grid())
    document.add_paragraph("")
    for text in annex_title():
        _docx_paragraph(document, text)
    _docx_table(document, project_grid())
    document.save(str(path))
    return path


def _docx_paragraph(document: Any, text: Text) -> None:
    if text.kind == "heading1":
        document.add_heading(text.text, level=1)
        return
    if text.kind == "heading2":
        document.add_heading(text.text, level=2)
        return
    paragraph = document.add_paragraph(text.text)
    if text.kind in {"title", "caption"}:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif text.kind == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _docx_table(document: Any, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    rows = table.rows

    def cell(row: int, column: int) -> Any:
        # ``table.cell`` lays out the whole table on every call; one row is enough.
        return rows[row].cells[column]

    for row_index, row in enumerate(grid.rows):
        column = 0
        for grid_cell in row:
            target = cell(row_index, column)
            if grid_cell.span > 1:
                target = target.merge(cell(row_index, column + grid_cell.span - 1))
            target.text = grid_cell.text
            column += grid_cell.span
    for column, first, last in grid.vertical:
        top = cell(first, column)
        text = top.text
        merged = top.merge(cell(last, column))
        merged.text = text


# ----------------------------------------------------------------------- pdf

FONT = "STSong-Light"
"""Adobe's built-in Chinese font: referenced, not embedded; pdfminer maps it through the Adobe-GB1 CMap."""


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=12,
        leading=20,
        firstLineIndent=24,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=26, firstLineIndent=0, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "heading1": ParagraphStyle(
            "heading1", parent=body, fontSize=15, leading=28, firstLineIndent=0, alignment=TA_CENTER
        ),
        "heading2": ParagraphStyle("heading2", parent=body, fontSize=13, leading=24, firstLineIndent=0),
        "caption": ParagraphStyle(
            "caption", parent=body, fontSize=13, leading=24, firstLineIndent=0, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12, firstLineIndent=0, alignment=TA_CENTER),
        "cell_left": ParagraphStyle("cell_left", parent=body, fontSize=9, leading=12, firstLineIndent=0),
    }


def build_pdf(path: Path) -> Path:
    """Write an A4 PDF with the seed paragraphs and both ruled tables over several pages."""
    styles = _styles()
    story: list[Flowable] = []
    for text in front_matter():
        if text.kind == "heading1":
            story.append(Spacer(1, 12))
        story.append(PdfParagraph(text.text, styles[text.kind]))
    story.append(_pdf_table(indicator_grid(), styles, widths=[62, 150, 50, 50, 80, 58]))
    story.append(PageBreak())
    for text in annex_title():
        story.append(PdfParagraph(text.text, styles[text.kind]))
    story.append(_pdf_table(project_grid(), styles, widths=[34, 90, 150, 32, 52, 50, 32]))
    SimpleDocTemplate(str(path), pagesize=A4, title="石柱县工业园区产业发展规划", leftMargin=72, rightMargin=72).build(
        story, onFirstPage=_page_furniture, onLaterPages=_page_furniture
    )
    return path


def _page_furniture(canvas: Canvas, template: Any) -> None:
    """``- N -`` at the foot of every page, the plan's title at the head of every later one."""
    width, height = A4
    canvas.saveState()
    canvas.setFont(FONT, 10)
    number = canvas.getPageNumber()
    canvas.drawCentredString(width / 2, 36, f"- {number} -")
    if number > 1:
        canvas.drawCentredString(width / 2, height - 40, RUNNING_HEADER)
    canvas.restoreState()


def _pdf_table(grid: Grid, styles: dict[str, ParagraphStyle], widths: list[float]) -> PdfTable:
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for row_index, row in enumerate(grid.rows):
        cells: list[Any] = []
        for cell in row:
            style = styles["cell_left"] if len(cell.text) > 12 else styles["cell"]
            cells.append(PdfParagraph(cell.text, style) if cell.text else "")
            cells.extend("" for _ in range(cell.span - 1))
            if cell.span > 1:
                start = len(cells) - cell.span
                commands.append(("SPAN", (start, row_index), (start + cell.span - 1, row_index)))
        data.append(cells)
    for column, first, last in grid.vertical:
        commands.append(("SPAN", (column, first), (column, last)))
    return PdfTable(data, colWidths=widths, repeatRows=grid.header_rows, style=TableStyle(commands))


# --- what the same content read from any format must give ---

GOAL_LINES = range(91, 99)
"""The 发展目标 paragraphs of the seed that tests/builders.py puts in the fixture."""


def table_rows(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (i.category, i.name, i.unit, i.baseline, i.target.year, i.target.value, i.target.text, i.attribute)
        for i in plan.indicators
        if i.origin == "table"
    ]


def project_rows(plan: Plan) -> list[tuple[object, ...]]:
    return [(p.id, p.name, p.group_path, p.nature, p.start_year, p.end_year, p.investment) for p in plan.projects]


def group_rows(plan: Plan) -> list[tuple[object, ...]]:
    return [(g.path, g.stated_investment) for g in plan.project_groups]


def goal_rows(plan: Plan, lines: range | None = None) -> list[tuple[object, ...]]:
    return [
        (i.name, i.target.year, i.target.value, i.unit)
        for i in plan.indicators
        if i.origin == "prose" and (lines is None or i.source.line in lines)
    ]
