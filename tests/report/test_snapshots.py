"""The 秀山 report over the published figures, kept as snapshot files: Markdown as text, the workbook's cells as JSON."""

from __future__ import annotations

import io

import openpyxl
from syrupy.assertion import SnapshotAssertion

from planwatch.report.render import render
from tests.report.conftest import Evaluated
from tests.snapshot import JSON, MarkdownSnapshot


def test_markdown_report(xiushan_evaluated: Evaluated, snapshot: SnapshotAssertion) -> None:
    text = render(*xiushan_evaluated, "md").decode("utf-8")
    assert text == snapshot(extension_class=MarkdownSnapshot)


def test_workbook_report(xiushan_evaluated: Evaluated, snapshot: SnapshotAssertion) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(*xiushan_evaluated, "xlsx")))
    cells = {
        sheet.title: [[cell for cell in row] for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
    }
    assert cells == snapshot(extension_class=JSON)
