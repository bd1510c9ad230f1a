"""Build web pages, workbooks, office exports and scans of the seed plan, each in its own layout.

The content comes from ``tests/builders.py`` (the seed's front matter, its
indicator table and its project annex, read by planwatch's own text reader),
so no figure is copied by hand.  What differs from the .docx/.pdf builders
there is the layout, because a reader tuned to one layout proves little:

* html: a saved government portal page — GB18030 bytes declared as
  ``gb2312``, a script, a style sheet, a header with a menu, a breadcrumb,
  the 信息公开 table, a share bar and a footer — with the article inside a
  layout table; ``rowspan`` for the 一级指标 categories and the project
  header, ``colspan`` for the subtotal rows; Word-style ``<p>`` inside cells;
* office docx: A4 portrait, 五号 text, narrow 序号 and 项目名称 columns so that
  group names and project names wrap, a wide 建设内容 column whose long cells
  wrap and are cut by page breaks, group rows merged over 序号 and 项目名称,
  both header rows repeated on every page — exported to PDF by LibreOffice as
  offices do, and saved as .doc by LibreOffice;
* scan: the office PDF rasterised (grey, JPEG) into an image-only PDF;
* xlsx: the two tables as sheets, with merged cells and a title row.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdfium2
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment
from PIL import Image

from planwatch.plan.read.office import convert
from tests.builders import Grid, GridCell, Text, annex_title, front_matter, indicator_grid, project_grid

# ---------------------------------------------------------------------- html


def _html_paragraph(text: Text) -> str:
    words = html.escape(text.text)
    if text.kind == "heading1":
        return f'<h2 class="chapter">{words}</h2>'
    if text.kind == "heading2":
        return f"<h3>{words}</h3>"
    if text.kind in {"title", "caption"}:
        return f'<p align="center"><strong>{words}</strong></p>'
    if text.kind == "right":
        return f'<p style="text-align:right">{words}</p>'
    # Word's HTML export: an indent of full-width spaces and a run split in two spans.
    half = len(text.text) // 2
    return (
        f'<p class="MsoNormal" style="text-indent:2em">　　<span>{html.escape(text.text[:half])}</span>'
        f"<span>{html.escape(text.text[half:])}</span></p>"
    )


def _html_table(grid: Grid) -> str:
    covered: set[tuple[int, int]] = set()
    heights: dict[tuple[int, int], int] = {}
    for column, first, last in grid.vertical:
        heights[(first, column)] = last - first + 1
        covered.update((row, column) for row in range(first + 1, last + 1))
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%">']
    for row_index, row in enumerate(grid.rows):
        tag = "th" if row_index < grid.header_rows else "td"
        cells = []
        column = 0
        for cell in row:
            if (row_index, column) not in covered:
                attributes = ""
                if cell.span > 1:
                    attributes += f' colspan="{cell.span}"'
                if (row_index, column) in heights:
                    attributes += f' rowspan="{heights[(row_index, column)]}"'
                # Long cells are two Word paragraphs, as a wrapped cell often is.
                text = html.escape(cell.text)
                if len(cell.text) > 40:
                    text = f"<p>{text[:30]}</p><p>{text[30:]}</p>"
                cells.append(f"<{tag}{attributes}>{text}</{tag}>")
            column += cell.span
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return "\n".join(out)


def build_html(path: Path, encoding: str = "gb18030") -> Path:
    """A saved portal page with the seed's front matter and both tables in its article."""
    front = "\n".join(_html_paragraph(text) for text in front_matter())
    annex = "\n".join(_html_paragraph(text) for text in annex_title())
    menu = "".join(
        f'<li><a href="/{n}.html">{w}</a></li>'
        for n, w in enumerate(["首页", "政务公开", "政务服务", "互动交流", "走进石柱"])
    )
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>石柱土家族自治县人民政府关于印发石柱县工业园区产业发展规划（2023—2027年）的通知_石柱县人民政府</title>
<style type="text/css">.nav li {{ float: left; }} p {{ line-height: 2em; }}</style>
<script type="text/javascript">var siteName = "石柱县人民政府"; document.write("<p>不应读到</p>");</script>
</head><body>
<div class="top-header"><div class="logo"><img src="logo.png" alt="石柱土家族自治县人民政府"/></div>
<ul class="nav">{menu}</ul>
<form action="/search"><input type="text" name="q" value="请输入关键字"/><button>搜索</button></form></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ghjh/">规划计划</a></div>
<table width="1000" align="center"><tr><td class="main">
<table class="xxgk" border="1"><tr><th>索引号</th><td>11500240009295XXXX/2024-00012</td><th>发布机构</th><td>石柱县政府办公室</td></tr>
<tr><th>成文日期</th><td>2024-01-23</td><th>发布日期</th><td>2024-01-25</td></tr></table>
<div id="zoom" class="TRS_Editor">
{front}
{_html_table(indicator_grid())}
<p>&nbsp;</p>
{annex}
{_html_table(project_grid())}
</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
</td></tr></table>
<div class="footer"><p>主办：石柱土家族自治县人民政府办公室　网站标识码：5002400001</p>
<p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p></div>
<script>window._hmt = [];</script>
</body></html>
"""
    path.write_bytes(page.encode(encoding))
    return path


# ---------------------------------------------------------------------- xlsx


def _sheet(workbook: Any, title: str, caption: str, grid: Grid) -> None:
    sheet = workbook.create_sheet(title)
    sheet.cell(row=1, column=2, value=caption)
    sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=grid.columns + 1)
    first = 3  # a blank row under the title; the table starts in column B
    for row_index, row in enumerate(grid.rows):
        column = 0
        for cell in row:
            target = sheet.cell(row=first + row_index, column=2 + column)
            if cell.text:
                number = cell.text.isdigit() and row_index >= grid.header_rows
                target.value = int(cell.text) if number else cell.text
                target.alignment = Alignment(wrap_text=True)
            if cell.span > 1:
                sheet.merge_cells(
                    start_row=first + row_index,
                    start_column=2 + column,
                    end_row=first + row_index,
                    end_column=2 + column + cell.span - 1,
                )
            column += cell.span
    for column, top, bottom in grid.vertical:
        sheet.merge_cells(start_row=first + top, start_column=2 + column, end_row=first + bottom, end_column=2 + column)


def build_xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    captions = [text.text for text in (*front_matter(), *annex_title()) if text.kind == "caption"]
    _sheet(workbook, "发展指标", captions[0], indicator_grid())
    _sheet(workbook, "项目清单", captions[1], project_grid())
    workbook.save(path)
    return path


# --------------------------------------------------------------- office docx

_WIDTHS_CM = [1.1, 2.6, 6.4, 1.3, 1.9, 1.8, 1.1]
"""序号 项目名称 建设内容 性质 年限 总投资 备注: names and group names wrap, 建设内容 is wide."""


def _office_rows(grid: Grid) -> list[list[GridCell]]:
    """The project rows, group rows re-merged over 序号 and 项目名称 only (the seed merges 2 or 3)."""
    rows: list[list[GridCell]] = []
    for index, row in enumerate(grid.rows):
        if index >= grid.header_rows and row[0].span > 1:
            rest = [GridCell("") for _ in range(row[0].span - 2)]
            rows.append([GridCell(row[0].text, span=2), *rest, *row[1:]])
        else:
            rows.append(list(row))
    return rows


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell_paragraph(cell: Any, text: str, size: float, center: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _office_table(document: Any, grid: Grid, rows: list[list[GridCell]], widths: list[float] | None) -> None:
    table = document.add_table(rows=len(rows), cols=grid.columns)
    table.style = "Table Grid"
    table.autofit = False
    cells_by_row = [list(row.cells) for row in table.rows]
    for row_index, row in enumerate(rows):
        column = 0
        for grid_cell in row:
            target = cells_by_row[row_index][column]
            if grid_cell.span > 1:
                target = target.merge(cells_by_row[row_index][column + grid_cell.span - 1])
            long = len(grid_cell.text) > 12
            _cell_paragraph(target, grid_cell.text, 9 if long else 10, center=not long)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if long else WD_CELL_VERTICAL_ALIGNMENT.CENTER
            column += grid_cell.span
    for column, first, last in grid.vertical:
        top = cells_by_row[first][column]
        text = top.text
        merged = top.merge(cells_by_row[last][column])
        _cell_paragraph(merged, text, 10, center=True)
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row_index in range(grid.header_rows):
        _repeat_header(table.rows[row_index])
    if widths:
        for column_index, width in enumerate(widths):
            table.columns[column_index].width = Cm(width)  # w:gridCol, which LibreOffice lays out by
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)


def build_office_docx(path: Path) -> Path:
    """The seed's front matter, indicator table and project annex, laid out as a county office would."""
    document: Any = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    document.styles["Normal"].font.size = Pt(12)
    for text in front_matter():
        if text.kind == "heading1":
            document.add_heading(text.text, level=1)
            continue
        if text.kind == "heading2":
            document.add_heading(text.text, level=2)
            continue
        paragraph = document.add_paragraph(text.text)
        if text.kind in {"title", "caption"}:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif text.kind == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    indicators = indicator_grid()
    _office_table(document, indicators, indicators.rows, [2.2, 4.6, 2.0, 1.9, 2.2, 2.2])
    document.add_page_break()
    for text in annex_title():
        if text.kind == "heading1":
            document.add_heading(text.text, level=1)
        else:
            document.add_paragraph(text.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    projects = project_grid()
    _office_table(document, projects, _office_rows(projects), _WIDTHS_CM)
    document.save(str(path))
    return path


def office_pdf(docx_path: Path, outdir: Path) -> Path:
    """The Word document exported to PDF by LibreOffice, as an office would."""
    return convert(docx_path, "pdf", outdir)


def office_doc(docx_path: Path, outdir: Path) -> Path:
    """The Word document saved by LibreOffice as an old Word (.doc) file.

    Through OpenDocument: LibreOffice 7.4 writes the tables of a .docx straight to .doc as
    plain paragraphs, but keeps them when the same document goes by way of .odt.
    """
    opendocument = convert(docx_path, "odt", outdir / "odt")
    return convert(opendocument, "doc:MS Word 97", outdir)


# ---------------------------------------------------------------------- scan

SCAN_DPI = 150


def build_scan(pdf_path: Path, path: Path, pages: list[int] | None = None) -> Path:
    """An image-only PDF of ``pages`` (1-based; all by default): grey JPEG pages, no text layer."""
    source = pypdfium2.PdfDocument(str(pdf_path))
    try:
        chosen = pages or list(range(1, len(source) + 1))
        images: list[Image.Image] = []
        for number in chosen:
            bitmap = source[number - 1].render(scale=SCAN_DPI / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=70)  # a scanner's compression artefacts
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        source.close()
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=SCAN_DPI)
    return path
