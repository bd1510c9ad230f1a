"""The .docx reader, on a Word document built from the seed plan (merged cells included)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from planwatch.errors import EmptyDocument, UnreadableDocument
from planwatch.plan.document import Document, Paragraph, Table
from planwatch.plan.extract import extract
from planwatch.plan.read import read
from planwatch.plan.read.text import read_text
from planwatch.plan.text import clean
from tests.builders import (
    GOAL_LINES,
    SEED,
    build_docx,
    front_matter,
    goal_rows,
    group_rows,
    indicator_table,
    project_rows,
    project_table,
    table_rows,
)


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_docx(tmp_path_factory.mktemp("docx") / "plan.docx")


@pytest.fixture(scope="module")
def doc(docx_path: Path) -> Document:
    return read(docx_path)


def _line_of(doc: Document, start: str) -> int:
    return next(line.number for line in doc.lines if line.text.startswith(start))


def test_tables_are_flattened_like_the_text_export(doc: Document, tmp_path: Path) -> None:
    indicators = doc.tables()[0]
    covered = [line.text for line in doc.lines[indicators.line - 1 : indicators.end]]
    assert all(text.startswith("\t") or text == "" for text in covered)
    assert covered[:7] == ["\t一级指标", "\t二级指标", "\t单位", "\t2022年", "\t2027年", "\t指标属性", ""]
    assert covered[7:14] == ["\t发展质效", "\t规上工业总产值", "\t亿元", "\t51", "\t110", "\t预期性", ""]
    assert covered[14] == "\t"  # under the merged 发展质效 cell
    # The same text through the .txt reader gives the same tables: one format for recognisers.
    exported = tmp_path / "export.txt"
    exported.write_text(doc.text, encoding="utf-8")
    again = read_text(exported)
    assert [[row.texts for row in table.rows] for table in again.tables()] == [
        [row.texts for row in table.rows] for table in doc.tables()
    ]


def test_indicator_table_keeps_merged_category_cells_empty(doc: Document) -> None:
    table = doc.tables()[0]
    seed = indicator_table()
    assert table.rows[0].texts == ["一级指标", "二级指标", "单位", "2022年", "2027年", "指标属性"]
    assert len(table.rows) == 22  # the header and 21 indicators
    assert [row.texts for row in table.rows] == [row.texts for row in seed.rows]
    assert table.rows[1].texts[:5] == ["发展质效", "规上工业总产值", "亿元", "51", "110"]
    assert table.rows[2].texts[:2] == ["", "入库税金"]
    categories = [row.texts[0] for row in table.rows[1:] if row.texts[0]]
    assert categories == ["发展质效", "产业结构", "主体培育", "创新赋能", "绿色水平"]
    assert table.caption == "石柱县工业园区产业发展指标"


def test_project_table_merges_subtotal_rows_on_the_left(doc: Document) -> None:
    table = doc.tables()[1]
    assert [row.texts for row in table.rows] == [row.texts for row in project_table().rows]
    assert table.rows[1].texts == ["", "", "", "", "", "（万元）", ""]  # vertically merged header
    total = table.rows[2]
    assert total.texts == ["项目总投资", "", "", "", "2039600", ""]  # 序号 and 项目名称 merged
    assert len(table.rows[4]) == 5  # （一）康养消费品产业 spans three columns
    assert table.caption == "石柱县工业园区产业发展规划项目清单"


def test_every_cell_points_at_its_own_line(doc: Document) -> None:
    lines = [cell.line for table in doc.tables() for row in table.rows for cell in row.cells]
    assert len(lines) == len(set(lines))
    for table in doc.tables():
        for row in table.rows:
            assert row.line == row.cells[0].line
            for cell in row.cells:
                line = doc.line(cell.line)
                assert line.text.startswith("\t")
                assert cell.text in clean(line.text)


def test_lines_carry_their_paragraph(doc: Document) -> None:
    assert all(line.paragraph is not None for line in doc.lines)
    date = _line_of(doc, "2024年1月23日")
    assert doc.line(date).paragraph == [t.text for t in front_matter()].index("2024年1月23日") + 1
    indicators = doc.tables()[0]
    numbers = {line.paragraph for line in doc.lines[indicators.line - 1 : indicators.end]}
    assert numbers == {len(front_matter()) + 1}  # the table is the block after the front matter
    assert doc.source(indicators.rows[1].cells[3].line).paragraph == len(front_matter()) + 1


def test_headings_and_paragraphs(doc: Document) -> None:
    headings = [(h.text, h.level) for h in doc.headings()]
    assert ("第一章发展现状", 1) in headings
    assert ("第三节发展目标", 2) in headings
    # 附件 has no numbering; its Heading 1 style makes it a heading anyway.
    assert doc.line(_line_of(doc, "# 附件")).paragraph is not None
    assert ("附件", 6) in headings
    goals = [p for p in doc.paragraphs() if "规上工业产值达到110亿元以上" in p.text]
    assert len(goals) == 1 and goals[0].text.startswith("——发展质效大幅度提升。")
    assert any(p.text == "2024年1月23日" for p in doc.paragraphs())


def test_plan_from_docx_has_the_seedtable_rows(docx_path: Path) -> None:
    from_docx = extract(docx_path)
    from_text = extract(SEED)
    assert table_rows(from_docx) == table_rows(from_text)
    assert project_rows(from_docx) == project_rows(from_text)
    assert group_rows(from_docx) == group_rows(from_text)
    # The goals paragraph is in the fixture: its prose targets come out the same.
    assert goal_rows(from_docx) == goal_rows(from_text, GOAL_LINES)
    assert from_docx.doc_number == "石柱府发〔2024〕5号"


def _word(path: Path, fill: Any) -> Path:
    document: Any = docx.Document()
    fill(document)
    document.save(str(path))
    return path


def test_cell_paragraphs_nested_tables_breaks_and_tabs(tmp_path: Path) -> None:
    def fill(document: Any) -> None:
        paragraph = document.add_paragraph("第一行")
        paragraph.add_run().add_break()
        paragraph.add_run("第二行")
        document.add_paragraph("\t缩进的正文。")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "一级"
        table.cell(0, 0).add_paragraph("指标")
        table.cell(0, 1).text = "说明"
        table.cell(1, 0).text = "发展质效"
        inner = table.cell(1, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "产值"
        inner.cell(0, 1).text = "110"

    doc = read(_word(tmp_path / "small.docx", fill))
    assert [line.text for line in doc.lines[:3]] == ["第一行", "第二行", " 缩进的正文。"]
    assert doc.line(1).paragraph == doc.line(2).paragraph == 1
    assert isinstance(doc.blocks[2], Paragraph)  # a tab-indented paragraph is not a table cell
    table = doc.tables()[0]
    assert isinstance(table, Table)
    assert table.rows[0].texts == ["一级指标", "说明"]
    assert table.rows[1].texts == ["发展质效", "产值110"]  # the nested table, flattened into its cell


def _assert_unreadable(path: Path, *words: str) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        read(path)
    message = str(raised.value)
    assert "无法读取" in message and "请" in message
    for word in words:
        assert word in message


def test_corrupt_files_are_unreadable(tmp_path: Path) -> None:
    noise = tmp_path / "noise.docx"
    noise.write_bytes(bytes(range(256)) * 8)
    _assert_unreadable(noise, ".docx")

    old_word = tmp_path / "old.docx"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    _assert_unreadable(old_word, ".doc", "另存为")

    not_word = tmp_path / "archive.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("readme.txt", "不是 Word 文档")
    _assert_unreadable(not_word, ".docx")


def test_documents_without_text_are_empty(tmp_path: Path) -> None:
    with pytest.raises(EmptyDocument):
        read(_word(tmp_path / "blank.docx", lambda document: None))

    def blanks(document: Any) -> None:
        document.add_paragraph("")
        document.add_paragraph("   ")
        document.add_table(rows=2, cols=2)

    with pytest.raises(EmptyDocument, match="没有可识别的文字"):
        read(_word(tmp_path / "blanks.docx", blanks))


def test_heading_styles_contents_and_tracked_changes(tmp_path: Path) -> None:
    def fill(document: Any) -> None:
        document.add_heading("发展目标", level=2)  # numbered by Word, not in the text
        document.add_heading("第一章  发展现状", level=1)  # numbered in the text: left as is
        toc = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("第一章  发展现状\t3", style=toc)
        revised = document.add_paragraph("规上工业产值达到")
        inserted = revised._p.makeelement(qn("w:ins"), {})
        inserted.append(revised.add_run("110")._r)
        revised._p.append(inserted)
        deleted = revised._p.makeelement(qn("w:del"), {})
        gone = revised.add_run("")._r
        gone.append(gone.makeelement(qn("w:delText"), {}))
        gone[-1].text = "100"
        deleted.append(gone)
        revised._p.append(deleted)
        revised.add_run("亿元。")

    doc = read(_word(tmp_path / "styled.docx", fill))
    assert [line.text for line in doc.lines[:2]] == ["## 发展目标", "第一章  发展现状"]
    assert [(h.text, h.level) for h in doc.headings()] == [("发展目标", 6), ("第一章发展现状", 1)]
    assert doc.line(3).text == "第一章  发展现状......3"  # a contents entry, dropped as such
    assert [p.text for p in doc.paragraphs()] == ["规上工业产值达到110亿元。"]
