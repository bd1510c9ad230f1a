"""Scanned PDFs: OCR, table structure from ruling lines, and what `--ocr` decides.

The scan is the seed in the office layout, exported to PDF by LibreOffice and
rasterised to grey JPEG pages (``formats.build_scan``); its first page keeps
its text layer, so one read covers both kinds of page.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.errors import UnreadableDocument
from planwatch.plan.extract import extract_document
from planwatch.plan.model import Plan
from planwatch.plan.read import read
from planwatch.plan.read.ocr import (
    Box,
    borderless_table,
    cell_text,
    find_tables,
    group_lines,
    normalise,
    read_image,
)
from tests.builders import indicator_table, table_rows
from tests.plan.read.conftest import Scan

MIN_INDICATOR_ROWS = 19
MIN_PROJECT_F1 = 0.9


def _f1(found: set[tuple[object, ...]], expected: set[tuple[object, ...]]) -> float:
    hits = len(found & expected)
    if not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(expected)
    return 2 * precision * recall / (precision + recall)


def test_scan_gives_the_seed_indicators_and_projects(scan: Scan, seed_plan: Plan) -> None:
    plan = extract_document(scan.document)
    expected = table_rows(seed_plan)
    found = table_rows(plan)
    assert len(expected) == 21
    assert sum(row in expected for row in found) >= MIN_INDICATOR_ROWS
    assert len(seed_plan.projects) == 73

    def key(p: object) -> tuple[object, ...]:
        return (p.name, p.investment.value if p.investment else None)  # type: ignore[attr-defined]  # a Project

    assert _f1({key(p) for p in plan.projects}, {key(p) for p in seed_plan.projects}) >= MIN_PROJECT_F1
    # The text-layer page is read as text: the 文号 comes from it exactly.
    assert plan.doc_number == "石柱府发〔2024〕5号"


def test_only_pages_without_text_are_recognised_and_progress_is_told(scan: Scan) -> None:
    total = scan.progress[-1][1]
    assert scan.progress == [(done, total) for done in range(total + 1)]
    with pdfplumber.open(scan.path) as pdf:
        assert total == len(pdf.pages) - 1  # every page but the first, which has a text layer
    # OCR lines carry their page, table cells included.
    table = scan.document.tables()[-1]
    assert all(scan.document.source(row.line).page for row in table.rows)
    assert len({scan.document.line(row.line).page for row in table.rows}) >= 4


def test_ocr_never_on_a_scan_says_what_to_do(scan: Scan) -> None:
    only_images = scan.path.with_name("images.pdf")
    with pytest.raises(UnreadableDocument) as raised:
        read(only_images, ocr="never")
    assert "没有文字层" in str(raised.value) and "去掉 --ocr never" in str(raised.value)


def test_cli_passes_the_ocr_option(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(100, 100, 300, 300, fill=1)
    canvas.save()
    result = CliRunner().invoke(app, ["extract", str(path), "--ocr", "never"])
    assert result.exit_code == 2
    assert "--ocr never" in result.output


def test_recogniser_habits_are_undone() -> None:
    assert normalise("(二)装备制造业产业") == "（二）装备制造业产业"
    assert normalise("(1)") == "(1)"
    assert normalise("金属表面处理(电镀）项目") == "金属表面处理（电镀）项目"
    assert normalise('"专精特新"企业') == "“专精特新”企业"
    assert normalise('“专精特新"企业') == "“专精特新”企业"
    assert normalise("石柱府发[2024]5号") == "石柱府发〔2024〕5号"
    assert normalise("菜精华液丶莼菜精油") == "菜精华液、莼菜精油"


def _box(text: str, x0: float, top: float, x1: float, bottom: float) -> Box:
    return Box(text=text, x0=x0, top=top, x1=x1, bottom=bottom)


def test_cell_text_joins_wrapped_lines() -> None:
    assert cell_text([_box("2027", 10, 22, 30, 32), _box("2023-", 10, 10, 35, 20)]) == "2023-2027"
    assert cell_text([_box("(10", 5, 10, 20, 20)]) == "(10)"  # the ) alone on the next line was lost
    assert cell_text([_box("二", 5, 10, 12, 20)]) == "—"  # a dash read as 二
    lines = group_lines([_box("乙", 60, 11, 70, 21), _box("甲", 10, 10, 20, 20), _box("丙", 10, 30, 20, 40)])
    assert [[box.text for box in line] for line in lines] == [["甲", "乙"], ["丙"]]


def test_tables_are_found_from_ruling_lines() -> None:
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    for y in (50, 100, 150, 200):
        draw.line([(50, y), (550, y)], fill=0, width=2)
    for x in (50, 200, 550):
        draw.line([(x, 50), (x, 200)], fill=0, width=2)
    draw.line([(400, 100), (400, 200)], fill=0, width=2)  # the first row spans the last two columns
    draw.rectangle([(100, 260), (300, 380)], fill=0)  # a filled area is not a table
    draw.text((60, 70), "一", fill=0)
    (table,) = find_tables(np.asarray(image), scale=0.5)
    assert len(table.rows) == 3
    assert [sum(cell is not None for cell in row.cells) for row in table.rows] == [2, 3, 3]
    x0, top, x1, bottom = table.bbox
    assert (round(x0), round(top), round(x1), round(bottom)) == (25, 25, 275, 100)


def _row(top: float, *cells: tuple[float, str]) -> list[Box]:
    """Boxes of one visual line: (left edge, text) per piece, 10-point characters."""
    return [_box(text, x0, top, x0 + 10 * len(text), top + 13.5) for x0, text in cells]


def test_tables_without_ruling_lines_come_from_the_boxes() -> None:
    lines = [
        _row(100, (50, "序号"), (100, "项目名称"), (220, "建设内容"), (400, "总投资")),
        _row(120, (55, "1"), (100, "莼菜深加工"), (220, "即食莼菜、莼菜酵素"), (405, "20000")),
        _row(134, (220, "保健品研发。")),  # 建设内容 wrapped onto a second line
        _row(154, (55, "2"), (100, "木瓜食品生产线"), (220, "木瓜饮料"), (405, "30000")),
        _row(200, (50, "注：本表为规划项目。")),  # far below: not the table
    ]
    found = borderless_table([sorted(line, key=lambda box: box.x0) for line in lines], 0)
    assert found is not None
    table, begin, end = found
    assert (begin, end) == (0, 4)
    assert table.texts == [
        ["序号", "项目名称", "建设内容", "总投资"],
        ["1", "莼菜深加工", "即食莼菜、莼菜酵素保健品研发。", "20000"],
        ["2", "木瓜食品生产线", "木瓜饮料", "30000"],
    ]
    assert borderless_table([_row(100, (50, "石柱土家族自治县人民政府"), (400, "2024年1月23日"))], 0) is None


def test_quotes_and_dashes_as_chinese_text_has_them() -> None:
    assert normalise("一一主体培育成效显著。") == "——主体培育成效显著。"
    assert normalise("“专精特新“企业") == "“专精特新”企业"  # two marks: open, then close
    assert normalise("称为“小巨人") == "称为“小巨人"  # one mark: the quotation goes on


NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.mark.skipif(not NOTO.exists(), reason="思源黑体未安装（apt-get install fonts-noto-cjk；make env 会安装）")
def test_a_scanned_table_without_ruling_lines(seed_plan: Plan) -> None:
    """The seed's indicator table drawn without lines (wrapped names, dashes), read by OCR."""
    font = ImageFont.truetype(str(NOTO), size=21, index=2)  # 10 points at 150 dpi; face 2 is SC
    image = Image.new("L", (1241, 1754), 255)
    draw = ImageDraw.Draw(image)
    lefts, wrap, top = [100, 230, 480, 590, 700, 1000], 9, 150
    for row in indicator_table().rows:
        lines = 1
        for left, text in zip(lefts, row.texts, strict=True):
            pieces = [text[i : i + wrap] for i in range(0, len(text), wrap)] or [""]
            for number, piece in enumerate(pieces):
                draw.text((left, top + 28 * number), piece, fill=0, font=font)
            lines = max(lines, len(pieces))
        top += 28 * lines + 14
    page = read_image(Path("scan.pdf"), np.asarray(image), 72 / 150)
    (table,) = page.tables
    assert table.grid is None
    expected = [row.texts for row in indicator_table().rows]
    assert len(table.texts) == len(expected)
    assert sum(row in expected for row in table.texts) >= MIN_INDICATOR_ROWS + 1
