"""The Word writer's tables: what Word reads back from each cell, whatever the text holds."""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from planwatch.report.blocks import Report, Row, Section, Table
from planwatch.report.docx import TABLE_HEADER_STYLE, TABLE_STYLE
from planwatch.report.docx import docx as word
from planwatch.status import Status

TEXTS = ("平常", "A&B <c> “引号”", "", "  前后空格  ", "第一行\n第二行", "列\t制表", "\u3000全角空格")


def test_table_cells_read_back_as_written() -> None:
    """Every cell holds its text as Word reads it: escaped characters, empty cells, edge spaces, breaks, tabs."""
    rows = tuple(
        Row(cells=(text, f"{index}", Status.MISSED.zh), status=Status.MISSED) for index, text in enumerate(TEXTS)
    )
    table = Table("表1 测试", ("名称", "序号", "状态"), rows, (10, 4, 6), status_column=2)
    content = Report("评估报告", "某规划", (), (Section("指标", (table,)),), (table,), (), date(2026, 10, 31))
    document = docx.Document(io.BytesIO(word(content, list)))
    written = document.tables[0]
    assert [cell.text for cell in written.rows[0].cells] == ["名称", "序号", "状态"]
    assert [row.cells[0].text for row in written.rows[1:]] == list(TEXTS)
    assert [row.cells[1].text for row in written.rows[1:]] == [str(i) for i in range(len(TEXTS))]
    header, first = written.rows[0], written.rows[1]
    assert "w:tblHeader" in header._tr.xml  # the header repeats on every page
    assert header.cells[0].paragraphs[0].style.name == TABLE_HEADER_STYLE
    assert first.cells[0].paragraphs[0].style.name == TABLE_STYLE
    assert first.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert f'w:fill="{Status.MISSED.fill}"' in first.cells[2]._tc.xml
    assert "w:shd" not in first.cells[0]._tc.xml
    widths = [cell.width for cell in first.cells]
    assert widths[0] is not None and widths[1] is not None and widths[0] > 2 * widths[1]
