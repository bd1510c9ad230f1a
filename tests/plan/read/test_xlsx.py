"""The .xlsx reader, on a workbook holding the seed's indicator table and project annex."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planwatch.errors import EmptyDocument, UnreadableDocument
from planwatch.plan.extract import extract
from planwatch.plan.model import Plan
from planwatch.plan.read import read
from planwatch.plan.read.xlsx import cell_text
from tests.builders import build_docx, group_rows, project_rows, table_rows
from tests.plan.read.formats import build_xlsx


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_xlsx(tmp_path_factory.mktemp("xlsx") / "annex.xlsx")


def test_workbook_gives_the_seed_tables(workbook: Path, seed_plan: Plan) -> None:
    plan = extract(workbook)
    assert table_rows(plan) == table_rows(seed_plan)
    assert project_rows(plan) == project_rows(seed_plan)
    assert len(plan.projects) == 73
    assert group_rows(plan) == group_rows(seed_plan)


def test_merged_cells_as_the_docx_reader_gives_them(workbook: Path, tmp_path: Path) -> None:
    doc = read(workbook)
    word = read(build_docx(tmp_path / "plan.docx"))
    assert [[row.texts for row in table.rows] for table in doc.tables()] == [
        [row.texts for row in table.rows] for table in word.tables()
    ]
    # The title row above each table is its caption; the sheet is the line's page.
    assert [table.caption for table in doc.tables()] == [table.caption for table in word.tables()]
    assert {doc.line(row.line).page for row in doc.tables()[1].rows} == {2}


def test_cell_values_read_as_excel_shows_them() -> None:
    assert cell_text(51.0) == "51"
    assert cell_text(0.47) == "0.47"
    assert cell_text(2039600) == "2039600"
    assert cell_text(0.13, "0%") == "13%"
    assert cell_text(0.025, "0.0%") == "2.5%"
    assert cell_text(datetime(2024, 1, 23)) == "2024-01-23"
    assert cell_text(date(2027, 12, 31)) == "2027-12-31"
    assert cell_text(None) == ""
    assert cell_text(" 预期性 ") == "预期性"


def test_bad_workbooks_say_what_to_do(tmp_path: Path) -> None:
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnreadableDocument, match=r"不是有效的 \.xlsx 工作簿.*另存为"):
        read(noise)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(EmptyDocument):
        read(empty)
