"""The evaluation report as a Word document in 公文 layout, for staff to hand to leaders.

Page and type follow GB/T 9704—2012 (党政机关公文格式): A4, margins 37 mm
top, 35 mm bottom, 28 mm left, 26 mm right; title in 方正小标宋简体, body in
仿宋_GB2312 三号 (16 pt) on a fixed line pitch, first-level headings in 黑体,
second-level in 楷体_GB2312, page numbers “— 1 —” in the footer (odd pages right, even pages left).  Offices
without the 方正/GB2312 fonts see 宋体/仿宋/楷体: each is declared with an
``w:altName`` in the font table, which Word and LibreOffice use to substitute.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from planwatch.report.blocks import Figure, Items, Paragraph, Report, Subheading, Table
from planwatch.report.charts import Chart

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
"""The font each 公文 font falls back to where it is not installed."""
BODY_SIZE = Pt(16)
LINE_PITCH = Pt(28.9)
"""22 lines on the 225 mm type area, as GB/T 9704 asks."""
TABLE_SIZE = Pt(9)
NUMERALS = "一二三四五六七八九十"
WIDE_TABLE = 8
"""Tables with this many columns or more are set on a landscape page."""
TABLE_STYLE, TABLE_HEADER_STYLE = "表格文字", "表头文字"
"""Paragraph styles of table cells: a style once, rather than the same formatting in every cell."""


def _fonts(run: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set a run's (or style's) fonts: Chinese text in ``east_asia``, digits and Latin in ``latin``."""
    element = run._element  # python-docx has no API for w:eastAsia
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attribute), value)
    fonts.set(qn("w:hint"), "eastAsia")


def _declare_fallbacks(document: Any) -> None:
    """Add each 公文 font to the font table with its ``w:altName`` (宋体 for 方正小标宋简体 …)."""
    part = document.part
    table = next((rel.target_part for rel in part.rels.values() if rel.reltype.endswith("/fontTable")), None)
    if table is None or not hasattr(table, "_blob"):
        return  # a template without a font table: the fonts still fall back by Word's own rules
    root = parse_xml(table.blob)
    for name, alternative in FALLBACKS.items():
        if root.find(f"{{{root.nsmap['w']}}}font[@{{{root.nsmap['w']}}}name='{name}']") is not None:
            continue
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    table._blob = serialize_part_xml(root)


def _styles(document: Any) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = BODY_SIZE
    _fonts(normal, BODY_FONT)
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE_PITCH
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    for name, font in ((TABLE_STYLE, BODY_FONT), (TABLE_HEADER_STYLE, HEADING_FONT)):
        cell = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = TABLE_SIZE
        _fonts(cell, font)
        cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        cell.paragraph_format.first_line_indent = Pt(0)


_PAGES = {
    False: (WD_ORIENT.PORTRAIT, (210, 297), (37, 35, 28, 26), 28),
    True: (WD_ORIENT.LANDSCAPE, (297, 210), (28, 26, 37, 35), 15),
}
"""Orientation, page size, margins (top, bottom, left, right) and footer distance in mm, as GB/T 9704 sets them."""


def _layout(section: Any, landscape: bool = False) -> float:
    """A4 with the GB/T 9704 margins (turned with the page for a wide table); the type area's width in mm."""
    orientation, (width, height), (top, bottom, left, right), footer = _PAGES[landscape]
    section.orientation = orientation
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.footer_distance = Mm(footer)
    return width - left - right


def _page(document: Any) -> None:
    """A4 公文 page; page numbers “— 1 —” in 4号 宋体, odd pages right and even pages left, one character in."""
    section = document.sections[0]
    _layout(section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer: Any, alignment: Any) -> None:
    footer.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        footer.paragraph_format.right_indent = Pt(14)  # 空一字
    else:
        footer.paragraph_format.left_indent = Pt(14)
    _add_text(footer, "— ", "宋体", Pt(14))
    run = footer.add_run()
    run.font.size = Pt(14)
    _fonts(run, "宋体")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._element.append(shown)
    _add_text(footer, " —", "宋体", Pt(14))


def _add_text(paragraph: Any, text: str, font: str, size: Any = None, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    _fonts(run, font)
    if size is not None:
        run.font.size = size
    run.bold = bold
    return run


def _paragraph(document: Any, text: str, indent: bool = True) -> None:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _add_text(paragraph, text, BODY_FONT)


def _heading(document: Any, text: str, font: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.paragraph_format.keep_with_next = True
    _add_text(paragraph, text, font)


def _shade(cell: Any, colour: str) -> None:
    properties = cell._element.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _cell_text(cell: Any, text: str, style_id: str, centre: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id  # python-docx's own setter looks the style up again for every cell
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text)


def _table(document: Any, table: Table, width: float) -> None:
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    _add_text(caption, table.name, HEADING_FONT, Pt(12))
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Mm(width * w / total) for w in table.widths]
    for column, column_width in zip(grid.columns, widths, strict=True):
        column.width = column_width  # LibreOffice reads the grid, Word the cells: set both
    header = grid.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    heading, body = document.styles[TABLE_HEADER_STYLE].style_id, document.styles[TABLE_STYLE].style_id
    for cell, text, cell_width in zip(header.cells, table.headers, widths, strict=True):
        cell.width = cell_width
        _cell_text(cell, text, heading, centre=True)
        _shade(cell, "DDEBF7")
    for row, line in zip(grid.rows[1:], table.rows, strict=True):
        for index, (cell, text, cell_width) in enumerate(zip(row.cells, line.cells, widths, strict=True)):
            cell.width = cell_width
            status = index == table.status_column
            _cell_text(cell, text, body, centre=status)
            if status and line.status is not None:
                _shade(cell, line.status.fill)
    document.add_paragraph()


def _picture(document: Any, chart: Chart, width: float) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Mm(width))
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(caption, chart.caption, SUBHEADING_FONT, Pt(12))


def docx(content: Report, drawn: Sequence[Chart]) -> bytes:
    """The Word report as bytes."""
    document = Document()
    _declare_fallbacks(document)
    _styles(document)
    _page(document)
    width = 210 - 28 - 26
    properties = document.core_properties
    properties.title = f"{content.plan_title}{content.title}"
    properties.author = "planwatch"
    properties.language = "zh-CN"
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    _add_text(title, content.plan_title, TITLE_FONT, Pt(22))
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.line_spacing = Pt(36)
    _add_text(subtitle, content.title, TITLE_FONT, Pt(22))
    document.add_paragraph()
    for line in content.meta:
        meta = document.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_text(meta, line, SUBHEADING_FONT)
    document.add_paragraph()
    for number, section in enumerate(content.sections):
        _heading(document, f"{NUMERALS[number]}、{section.title}", HEADING_FONT)
        sub = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(document, block.text)
            elif isinstance(block, Subheading):
                _heading(document, f"（{NUMERALS[sub]}）{block.text}", SUBHEADING_FONT)
                sub += 1
            elif isinstance(block, Items):
                for index, line in enumerate(block.lines, start=1):
                    _paragraph(document, f"{index}. {line}")
            elif isinstance(block, Table) and len(block.headers) >= WIDE_TABLE:
                # The indicator table has ten columns: a landscape page of its own keeps it legible.
                wide = _layout(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                _table(document, block, wide)
                _layout(document.add_section(WD_SECTION.NEW_PAGE))
            elif isinstance(block, Table):
                _table(document, block, width)
            elif isinstance(block, Figure):
                for chart in drawn:
                    if chart.kind == block.kind:
                        _picture(document, chart, width * (0.85 if chart.kind == "status" else 0.95))
    note = document.add_paragraph()
    note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _add_text(note, "注：" + content.note, SUBHEADING_FONT, Pt(12))
    note_colour = note.runs[0].font.color
    note_colour.rgb = RGBColor(0x59, 0x59, 0x59)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
