"""The .txt/.md reader: encodings, line numbering, and the seeds' flattened tables."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from planwatch.errors import EmptyDocument, UnreadableDocument, UnsupportedFormat
from planwatch.plan.document import Document, Heading, Paragraph
from planwatch.plan.read import read
from planwatch.plan.text import clean

SAMPLE = "第一章 发展现状\n2022年，全县工业增加值38.25亿元，增长3.8%。\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
        SAMPLE.replace("\n", "\r\n").encode("gbk"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "gbk-crlf", "utf16"],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    doc = read(path)
    assert doc.line(1).text == "第一章 发展现状"
    assert doc.line(2).text.startswith("2022年，全县工业增加值38.25亿元")
    assert isinstance(doc.blocks[0], Heading)
    assert isinstance(doc.blocks[1], Paragraph)


def test_errors_say_what_to_do(tmp_path: Path) -> None:
    spreadsheet = tmp_path / "plan.xls"
    spreadsheet.write_bytes(b"x")
    with pytest.raises(UnsupportedFormat, match=r"\.docx"):
        read(spreadsheet)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(EmptyDocument, match="OCR"):
        read(empty)
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(UnreadableDocument, match="二进制"):
        read(binary)
    with pytest.raises(UnreadableDocument, match="不存在"):
        read(tmp_path / "missing.txt")


def test_lines_are_the_files_own_lines(shizhu_doc: Document) -> None:
    assert shizhu_doc.line(3).text == "石柱府发〔2024〕5号"
    assert shizhu_doc.line(10).text.strip() == "2024年1月23日"


def test_shizhu_tables_are_rebuilt(shizhu_doc: Document) -> None:
    tables = shizhu_doc.tables()
    assert [table.caption for table in tables] == [
        "石柱县工业园区基本情况",
        "石柱县工业园区产业发展指标",
        "石柱县工业园区产业发展规划项目清单",
    ]
    parks, indicators, projects = tables
    # The park table: header plus four parks, the empty row of tab-only cells dropped.
    assert parks.rows[0].texts[0] == "园区名称"
    assert [row.texts[0] for row in parks.rows[1:]] == [
        "下路工业园区",
        "万朝静脉产业园",
        "龙潭有色金属产业园",
        "西沱绿色新型材料产业园",
    ]
    # A header cell wrapped over a blank line is one cell: "一级" + "指标".
    assert indicators.rows[0].texts == ["一级指标", "二级指标", "单位", "2022年", "2027年", "指标属性"]
    assert indicators.rows[1].texts == ["发展质效", "规上工业总产值", "亿元", "51", "110", "预期性"]
    # Under a merged category cell the cell is empty, not missing.
    assert indicators.rows[2].texts == ["", "入库税金", "亿元", "0.47", "1.5", "预期性"]
    assert len(indicators.rows) == 22
    # The project list keeps its two header rows and the merged subtotal rows.
    assert projects.rows[1].texts[5] == "（万元）"
    assert projects.rows[2].texts == ["项目总投资", "", "", "", "2039600", ""]
    # Every cell points to the line it came from (a wrapped cell to its first line).
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                assert shizhu_doc.line(cell.line).text.startswith("\t")
                assert cell.text[:2] in clean(shizhu_doc.line(cell.line).text)


def test_page_break_debris_is_joined_and_recorded(xiushan_doc: Document) -> None:
    paragraphs = xiushan_doc.paragraphs()
    cut = next(p for p in paragraphs if "食品加工产值达到" in p.text)
    assert "食品加工产值达到100亿元。" in cut.text
    assert cut.line_at(cut.text.index("亿元。")) == 235
    assert [(r.line, r.after) for r in xiushan_doc.repairs] == [(235, "100亿元")]
    word_cut = next(p for p in paragraphs if p.text.startswith("3.新兴产业发展异军突起"))
    assert "以碳素制品、电子产品、消费品等为代表的特色产业" in word_cut.text


def test_table_of_contents_is_dropped(xiushan_doc: Document) -> None:
    chapters = [h.text for h in xiushan_doc.headings() if h.level == 1]
    assert chapters == [
        "第一章主要成效与问题",
        "第二章挑战与机遇",
        "第三章总体要求",
        "第四章重点任务",
        "第五章保障措施",
    ]
