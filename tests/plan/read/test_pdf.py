"""The .pdf reader, on an A4 PDF built from the seed plan: wrapped lines, ruled tables, page furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from planwatch.errors import UnreadableDocument
from planwatch.plan.document import Document, Heading, Paragraph
from planwatch.plan.extract import extract
from planwatch.plan.read import read
from planwatch.plan.text import clean
from tests.builders import (
    GOAL_LINES,
    RUNNING_HEADER,
    SEED,
    annex_title,
    build_pdf,
    front_matter,
    goal_rows,
    group_rows,
    indicator_table,
    investment_column,
    is_number,
    project_rows,
    project_table,
    table_rows,
)


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pdf(tmp_path_factory.mktemp("pdf") / "plan.pdf")


@pytest.fixture(scope="module")
def doc(pdf_path: Path) -> Document:
    return read(pdf_path)


def _seed_texts(rows: list[list[str]]) -> list[list[str]]:
    # STSong-Light is written through the UniGB-UCS2-H CMap, which has no code for "³"
    # (1000m³/d): the PDF's text layer itself loses it, whatever reads it.
    return [[text.replace("³", "") for text in row] for row in rows]


def test_lines_carry_their_page(doc: Document) -> None:
    assert all(line.page is not None for line in doc.lines)
    pages = [line.page for line in doc.lines if line.page is not None]
    assert pages == sorted(pages)
    assert pages[0] == 1 and pages[-1] >= 5
    assert doc.line(1).text == "石柱府发〔2024〕5号"
    indicators = doc.tables()[0]
    assert doc.source(indicators.rows[1].cells[3].line).page == 2


def test_page_numbers_and_running_headers_are_dropped(doc: Document) -> None:
    texts = [clean(line.text) for line in doc.lines]
    assert not any(text.startswith("-") and text.endswith("-") for text in texts)
    assert clean(RUNNING_HEADER) not in texts


def test_wrapped_lines_join_into_the_seed_paragraphs(doc: Document) -> None:
    paragraphs = [p.text for p in doc.paragraphs()]
    expected = [clean(t.text) for t in (*front_matter(), *annex_title()) if not t.kind.startswith("heading")]
    expected.insert(expected.index("石柱县工业园区产业发展规划项目清单"), "附件")
    # Titles, the signature and the date end without punctuation and stay on their own.
    assert paragraphs == expected
    goals = [p for p in doc.paragraphs() if "规上工业产值达到110亿元以上" in p.text]
    assert len(goals) == 1
    assert goals[0].text.endswith("制造业质量竞争力指数提高至80以上。")
    assert len(goals[0].spans) == 2  # two visual lines
    assert goals[0].line_at(goals[0].text.index("亩均税收")) == goals[0].spans[1][1]


def test_headings_are_not_joined(doc: Document) -> None:
    chapter = next(block for block in doc.blocks if isinstance(block, Heading) and block.level == 1)
    assert chapter.text == "第一章发展现状"
    assert ("第三节发展目标", 2) in [(h.text, h.level) for h in doc.headings()]
    following = doc.blocks[doc.blocks.index(chapter) + 1]
    assert isinstance(following, Paragraph) and following.text.startswith("产业规模不断壮大。")


def test_indicator_table(doc: Document) -> None:
    assert len(doc.tables()) == 2
    table = doc.tables()[0]
    assert table.rows[0].texts == ["一级指标", "二级指标", "单位", "2022年", "2027年", "指标属性"]
    assert [row.texts for row in table.rows] == [row.texts for row in indicator_table().rows]
    output = next(row for row in table.rows if row.texts[1] == "规上工业总产值")
    assert output.texts[3:5] == ["51", "110"]
    assert table.rows[2].texts[0] == ""  # under the merged 发展质效 cell
    assert table.caption == "石柱县工业园区产业发展指标"


def test_project_table_spans_pages_as_one_table(doc: Document) -> None:
    table = doc.tables()[1]
    seed = project_table()
    # The header rows repeated on every page are not rows of the table.
    assert len(table.rows) == len(seed.rows)
    assert [row.texts for row in table.rows] == _seed_texts([row.texts for row in seed.rows])
    assert table.rows[2].texts == ["项目总投资", "", "", "", "2039600", ""]
    investments = investment_column(table)
    assert sum(map(is_number, investments)) == sum(map(is_number, investment_column(seed)))
    pages = {doc.line(row.line).page for row in table.rows}
    assert len(pages) >= 3
    assert table.caption == "石柱县工业园区产业发展规划项目清单"


def test_every_cell_points_at_its_own_line(doc: Document) -> None:
    for table in doc.tables():
        covered = doc.lines[table.line - 1 : table.end]
        assert all(line.text.startswith("\t") or line.text == "" for line in covered)
        for row in table.rows:
            for cell in row.cells:
                assert cell.text in clean(doc.line(cell.line).text)


def test_plan_from_pdf_has_the_seedtable_rows(pdf_path: Path) -> None:
    from_pdf = extract(pdf_path)
    from_text = extract(SEED)
    assert table_rows(from_pdf) == table_rows(from_text)
    assert project_rows(from_pdf) == project_rows(from_text)
    assert group_rows(from_pdf) == group_rows(from_text)
    # The goals paragraph is in the fixture: its prose targets come out the same.
    assert goal_rows(from_pdf) == goal_rows(from_text, GOAL_LINES)
    assert from_pdf.doc_number == "石柱府发〔2024〕5号"


def test_corrupt_files_are_unreadable(tmp_path: Path, pdf_path: Path) -> None:
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(bytes(range(256)) * 8)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(pdf_path.read_bytes()[:12000])
    for path in (noise, truncated):
        with pytest.raises(UnreadableDocument) as raised:
            read(path)
        assert "无法读取：不是有效的 PDF 文件" in str(raised.value)


def test_password_protected_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt="secret")
    canvas.drawString(100, 700, "planwatch")
    canvas.save()
    with pytest.raises(UnreadableDocument, match="密码"):
        read(path)


def test_pdf_without_text_is_recognised_or_says_why_not(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(100, 100, 300, 300, fill=1)  # a scanned page: an image, no text
    canvas.save()
    with pytest.raises(UnreadableDocument, match=r"扫描件.*--ocr never.*去掉 --ocr never"):
        read(path, ocr="never")
    with pytest.raises(UnreadableDocument, match=r"文字识别（OCR）后仍没有识别出文字.*重新扫描"):
        read(path)
