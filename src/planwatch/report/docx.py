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
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

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
from planwatch.report.chart import Chart

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


def _run_xml(text: str) -> str | None:
    """A cell's run as XML, or None for text python-docx must set (tabs, line breaks, edge spaces, control
    characters: it writes them as ``w:tab``/``w:br`` and ``xml:space``, and refuses what XML cannot hold)."""
    if not text:
        return "<w:r/>"
    if text != text.strip() or any(ord(char) < 0x20 for char in text):
        return None
    return f"<w:r><w:t>{escape(text)}</w:t></w:r>"


def _cell_xml(text: str, width: int, style_id: str, centre: bool, fill: str | None) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    alignment = '<w:jc w:val="center"/>' if centre else ""
    run = _run_xml(text)
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shading}</w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/>{alignment}</w:pPr>{run or "<w:r/>"}</w:p></w:tc>'
    )


def _rows(table: Table, widths: Sequence[int], heading: str, body: str) -> Any:
    """The table's rows as one ``w:tbl`` parsed once: header (repeated on every page) and body.

    Written as XML text rather than cell by cell through python-docx, whose cell, width, style and run setters
    search the tree again at every call: for the 1,500 cells of a county's report that was most of the time
    the Word file took.  The XML is what those setters write (``tests/report`` compares the two)."""
    header = "".join(_cell_xml(text, w, heading, True, "DDEBF7") for text, w in zip(table.headers, widths, strict=True))
    lines = [f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{header}</w:tr>']
    for line in table.rows:
        cells = []
        for index, (text, width) in enumerate(zip(line.cells, widths, strict=True)):
            status = index == table.status_column
            fill = line.status.fill if status and line.status is not None else None
            cells.append(_cell_xml(text, width, body, status, fill))
        lines.append(f"<w:tr>{''.join(cells)}</w:tr>")
    rows = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(lines)}</w:tbl>")
    texts = [*table.headers, *(text for line in table.rows for text in line.cells)]
    for run, text in zip(rows.iter(qn("w:r")), texts, strict=True):
        if _run_xml(text) is None:
            run.text = text  # python-docx's own run text setter: tabs, breaks, preserved spaces
    return rows


def _table(document: Any, table: Table, width: float) -> None:
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    _add_text(caption, table.name, HEADING_FONT, Pt(12))
    grid = document.add_table(rows=0, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Mm(width * w / total) for w in table.widths]
    for column, column_width in zip(grid.columns, widths, strict=True):
        column.width = column_width  # LibreOffice reads the grid, Word the cells: set both
    heading, body = document.styles[TABLE_HEADER_STYLE].style_id, document.styles[TABLE_STYLE].style_id
    grid._tbl.extend(_rows(table, [w.twips for w in widths], heading, body))
    document.add_paragraph()


def _picture(anchor: Any, chart: Chart, width: float) -> None:
    """The chart and its caption, put before ``anchor`` (the figure's place, kept while the charts were drawn)."""
    paragraph = anchor.insert_paragraph_before()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Mm(width))
    caption = anchor.insert_paragraph_before()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(caption, chart.caption, SUBHEADING_FONT, Pt(12))


def docx(content: Report, drawn: Callable[[], Sequence[Chart]]) -> bytes:
    """The Word report as bytes.

    ``drawn`` is asked for the charts once the text and tables are written: they may still be being drawn
    in other processes (``report.drawing``) meanwhile.
    """
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
    figures: list[tuple[Any, str]] = []  # where each figure goes (an empty paragraph), and its kind of chart
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
                figures.append((document.add_paragraph(), block.kind))
    note = document.add_paragraph()
    note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _add_text(note, "注：" + content.note, SUBHEADING_FONT, Pt(12))
    note_colour = note.runs[0].font.color
    note_colour.rgb = RGBColor(0x59, 0x59, 0x59)
    charts = drawn() if figures else []
    for anchor, kind in figures:
        for chart in charts:
            if chart.kind == kind:
                _picture(anchor, chart, width * (0.85 if chart.kind == "status" else 0.95))
        anchor._element.getparent().remove(anchor._element)  # python-docx has no API to delete a paragraph
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
