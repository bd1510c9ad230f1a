"""Files as offices make them: .doc/.wps read through LibreOffice, and Word documents exported to PDF.

The Word file is the seed in a layout of its own (``formats.build_office_docx``):
narrow name columns, long 建设内容 cells that wrap and are cut by page breaks,
group rows merged over two columns, header rows repeated on every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest

from planwatch.errors import MissingConverter, UnreadableDocument
from planwatch.plan.extract import extract
from planwatch.plan.model import Plan
from planwatch.plan.read import office as office_module
from planwatch.plan.read import read
from planwatch.plan.read.pdf import _Fragment, _join_cut_row
from tests.builders import build_docx, group_rows, project_rows, table_rows
from tests.plan.read.conftest import Office, needs_libreoffice


def _projects(plan: Plan) -> list[tuple[object, ...]]:
    return [(p.name, p.investment, p.group_path) for p in plan.projects]


@needs_libreoffice
def test_office_pdf_gives_exactly_what_its_word_file_gives(office: Office, seed_plan: Plan) -> None:
    word = extract(office.docx)
    pdf = extract(office.pdf)
    assert len(pdf.projects) == 73 and len(pdf.project_groups) == 15
    assert _projects(pdf) == _projects(word)
    assert project_rows(pdf) == project_rows(word) == project_rows(seed_plan)
    assert group_rows(pdf) == group_rows(word) == group_rows(seed_plan)
    assert table_rows(pdf) == table_rows(word) == table_rows(seed_plan)


@needs_libreoffice
def test_the_office_pdf_has_what_makes_it_hard(office: Office) -> None:
    """Guards the fixture: rows cut by page breaks, repeated headers, wrapped group names."""
    with pdfplumber.open(office.pdf) as pdf:
        first_rows = [page.find_tables()[0].extract()[:3] for page in pdf.pages[3:] if page.find_tables()]
    header = first_rows[0][0]
    assert all(rows[0] == header for rows in first_rows)  # the header is repeated on every page
    cut = [rows[2] for rows in first_rows if not rows[2][0]]  # a row's rest opening the next page
    assert cut, "no row of the project list is cut by a page break any more"
    doc = read(office.pdf)
    names = [row.texts[0] for row in doc.tables()[1].rows if row.texts[0].startswith("（")]
    assert "（二）装备制造业产业" in names  # wrapped in its narrow merged cell, joined back


@needs_libreoffice
def test_doc_reads_through_libreoffice(office: Office, tmp_path: Path) -> None:
    path = Path(shutil.copy(office.doc, tmp_path / "规划.doc"))
    doc = read(path)
    assert doc.format == "doc"
    assert doc.path == str(path)
    word = read(office.docx)
    assert [[row.texts for row in t.rows] for t in doc.tables()] == [
        [row.texts for row in t.rows] for t in word.tables()
    ]
    plan = extract(path)
    assert _projects(plan) == _projects(extract(office.docx))
    assert plan.doc_number == "石柱府发〔2024〕5号"


def test_wps_goes_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WPS writes .wps in the Word 97 binary format; LibreOffice reads it by its content, as a .doc."""
    converted: list[tuple[str, str]] = []

    def convert(path: Path, target: str, outdir: Path, timeout: float = 0) -> Path:
        converted.append((path.suffix, target))
        return build_docx(outdir / "converted.docx")

    monkeypatch.setattr(office_module, "convert", convert)
    path = tmp_path / "规划.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    doc = read(path)
    assert converted == [(".wps", "docx:MS Word 2007 XML")]
    assert (doc.format, doc.path) == ("wps", str(path))
    assert len(doc.tables()) == 2


def test_doc_without_libreoffice_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_module, "find_soffice", lambda: None)
    path = tmp_path / "规划.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(MissingConverter) as raised:
        read(path)
    message = str(raised.value)
    assert "需要 LibreOffice" in message
    assert "apt-get install libreoffice-writer-nogui" in message
    assert "另存为” .docx" in message


@needs_libreoffice
def test_conversion_is_time_limited(office: Office, tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match=r"超过 0 秒仍未完成.*另存为"):
        office_module.convert(office.doc, "docx", tmp_path, timeout=0.05)


def test_a_row_cut_by_a_page_break_is_joined() -> None:
    above = _Fragment(
        rows=[["(1)", "黄连总生物碱", "建设生产线。", "新建", "2023-", "100000", ""]], columns=[], top=0, page=3
    )
    below = _Fragment(
        rows=[["", "精深加工项目", "", "", "2027", "", ""], ["(2)", "中药饮片", "", "新建", "2023-2027", "30000", ""]],
        columns=[],
        top=0,
        page=4,
    )
    rest = _join_cut_row(above, below)
    assert above.rows[-1] == ["(1)", "黄连总生物碱精深加工项目", "建设生产线。", "新建", "2023-2027", "100000", ""]
    assert rest.rows == [["(2)", "中药饮片", "", "新建", "2023-2027", "30000", ""]]
    # The cut can leave the ) of a wrapped 序号 on the next page too.
    above = _Fragment(
        rows=[["(10", "光伏组件生", "建设生产线", "新建", "2024-", "2000", ""]], columns=[], top=0, page=5
    )
    below = _Fragment(rows=[[")", "产", "1条。", "", "2025", "", ""]], columns=[], top=0, page=6)
    assert _join_cut_row(above, below).rows == []
    assert above.rows[-1] == ["(10)", "光伏组件生产", "建设生产线1条。", "新建", "2024-2025", "2000", ""]
    # A row with a 序号 of its own is a row, whatever it lacks.
    above = _Fragment(rows=[["(1)", "甲项目", "", "新建", "2023", "500", ""]], columns=[], top=0, page=5)
    below = _Fragment(rows=[["(2)", "乙项目", "", "", "", "", ""]], columns=[], top=0, page=6)
    assert len(_join_cut_row(above, below).rows) == 1
    # A row under a vertically merged cell has its own figures: not a cut row.
    above = _Fragment(rows=[["发展质效", "规上工业总产值", "亿元", "51", "110", "预期性"]], columns=[], top=0, page=1)
    below = _Fragment(rows=[["", "入库税金", "亿元", "0.47", "1.5", "预期性"]], columns=[], top=0, page=2)
    assert _join_cut_row(above, below).rows == below.rows
