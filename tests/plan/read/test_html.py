"""The .html reader, on a saved government portal page built from the seed plan."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from planwatch.errors import UnreadableDocument
from planwatch.plan.document import Document
from planwatch.plan.extract import extract
from planwatch.plan.model import Plan
from planwatch.plan.read import read
from planwatch.plan.read.html import decode_html
from tests.builders import GOAL_LINES, build_docx, goal_rows, group_rows, project_rows, table_rows
from tests.plan.read.formats import build_html


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_html(tmp_path_factory.mktemp("html") / "plan.html")


@pytest.fixture(scope="module")
def doc(page: Path) -> Document:
    return read(page)


def test_page_gives_what_the_text_seed_gives(page: Path, seed_plan: Plan) -> None:
    plan = extract(page)
    assert table_rows(plan) == table_rows(seed_plan)
    assert len(table_rows(plan)) == 21
    assert project_rows(plan) == project_rows(seed_plan)
    assert len(plan.projects) == 73
    assert group_rows(plan) == group_rows(seed_plan)
    assert goal_rows(plan) == goal_rows(seed_plan, GOAL_LINES)
    assert plan.doc_number == "石柱府发〔2024〕5号"
    assert plan.title == "石柱县工业园区产业发展规划（2023—2027年）"
    assert plan.format == "html"


def test_scripts_menus_and_footers_are_dropped(doc: Document) -> None:
    text = doc.text
    for gone in (
        "不应读到",
        "siteName",
        "float: left",
        "政务服务",
        "当前位置",
        "请输入关键字",
        "分享到",
        "网站标识码",
        "网站地图",
    ):
        assert gone not in text
    assert doc.line(doc.tables()[0].line).text == "\t索引号"  # the 信息公开 table is content
    assert any(line.text == "石柱府发〔2024〕5号" for line in doc.lines)


def test_tables_have_the_shape_the_docx_reader_gives(doc: Document, tmp_path: Path) -> None:
    word = read(build_docx(tmp_path / "plan.docx"))
    # rowspan → an empty cell below, colspan → one cell, <p>s inside a cell joined: as Word's merges.
    assert [[row.texts for row in table.rows] for table in doc.tables()[1:]] == [
        [row.texts for row in table.rows] for table in word.tables()
    ]
    assert [table.caption for table in doc.tables()[1:]] == [table.caption for table in word.tables()]
    # Flattened like the text export: a tab-led line per cell, a blank line between rows.
    indicators = doc.tables()[1]
    covered = [line.text for line in doc.lines[indicators.line - 1 : indicators.end]]
    assert covered[:7] == ["\t一级指标", "\t二级指标", "\t单位", "\t2022年", "\t2027年", "\t指标属性", ""]
    assert covered[14] == "\t"


def test_lines_carry_their_paragraph(doc: Document) -> None:
    assert all(line.paragraph is not None for line in doc.lines)
    table = doc.tables()[1]
    assert {doc.line(row.line).paragraph for row in table.rows} == {doc.line(table.line).paragraph}
    number = next(line for line in doc.lines if line.text == "石柱府发〔2024〕5号")
    assert doc.source(number.number).paragraph == number.paragraph


SAMPLE = "<html><head>{meta}</head><body><p>第一章 发展现状</p><p>2022年，全县工业增加值38.25亿元。</p></body></html>"


@pytest.mark.parametrize(
    ("meta", "data_encoding", "bom"),
    [
        ('<meta charset="utf-8">', "utf-8", b""),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030", b""),
        ('<meta charset="GBK">', "gbk", b""),
        ("", "gb18030", b""),  # no declaration: detected
        ('<meta charset="iso-8859-1">', "utf-8", b""),  # a server default, not believed
        ('<meta charset="gb2312">', "utf-8", codecs.BOM_UTF8),  # the BOM wins
    ],
    ids=["utf8", "gb2312", "gbk", "undeclared-gb18030", "wrong-latin1", "bom"],
)
def test_encodings(tmp_path: Path, meta: str, data_encoding: str, bom: bytes) -> None:
    path = tmp_path / "plan.htm"
    path.write_bytes(bom + SAMPLE.format(meta=meta).encode(data_encoding))
    doc = read(path)
    assert [line.text for line in doc.lines] == ["第一章 发展现状", "2022年，全县工业增加值38.25亿元。"]
    assert doc.headings()[0].text == "第一章发展现状"


def test_decoding_gb18030_beyond_gbk() -> None:
    text = '<meta charset="gb2312"><p>𠀀 石柱</p>'  # a character GB2312 and GBK lack
    assert decode_html(text.encode("gb18030")) == text


def test_br_and_rowspan_over_colspan(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(
        "<p>石柱土家族自治县人民政府<br>2024年1月23日</p>"
        "<table><tr><td rowspan=2 colspan=2>一级</td><td>产值</td></tr><tr><td>税金</td></tr>"
        "<tr><td>甲</td><td>乙</td><td>丙</td></tr></table>",
        encoding="utf-8",
    )
    doc = read(path)
    assert doc.line(1).paragraph == doc.line(2).paragraph
    assert doc.line(2).text == "2024年1月23日"
    # Under a cell merged down and across: one empty cell, as Word writes vMerge with gridSpan.
    assert [row.texts for row in doc.tables()[0].rows] == [["一级", "产值"], ["", "税金"], ["甲", "乙", "丙"]]


def test_a_page_wrapped_in_one_form_keeps_its_article(tmp_path: Path, page: Path) -> None:
    """ASP.NET portals put the whole page in <form runat="server">: it is not a search form."""
    html = page.read_bytes().decode("gb18030")
    wrapped = html.replace("<body>", '<body><form id="form1" method="post" action="./Show.aspx">').replace(
        "</body>", "</form></body>"
    )
    path = tmp_path / "aspnet.html"
    path.write_bytes(wrapped.encode("gb18030"))
    plan = extract(path)
    assert len(plan.projects) == 73 and len(table_rows(plan)) == 21
    assert "请输入关键字" not in read(path).text  # the search form inside it still goes


def test_a_layout_table_beside_the_article_is_read_as_text(tmp_path: Path) -> None:
    article = "".join(f"<p>第{n}段：园区规上工业产值持续增长，入库税金稳步提高。</p>" for n in range(1, 8))
    path = tmp_path / "layout.html"
    path.write_text(
        "<table><tr><td>信息公开目录：规划计划、政策文件、统计数据</td>"
        f"<td><h1>石柱县工业园区产业发展规划</h1>{article}</td></tr></table>",
        encoding="utf-8",
    )
    doc = read(path)
    assert not doc.tables()
    assert doc.line(2).text == "石柱县工业园区产业发展规划"
    assert sum(line.text.startswith("第") for line in doc.lines) == 7


def _unreadable(path: Path, *words: str) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        read(path)
    message = str(raised.value)
    assert "无法读取" in message and "请" in message
    for word in words:
        assert word in message


def test_corrupt_and_empty_pages_say_what_to_do(tmp_path: Path) -> None:
    noise = tmp_path / "noise.html"
    noise.write_bytes(bytes(range(256)) * 8)
    _unreadable(noise, "不是有效的网页文件", "另存为")

    renamed = tmp_path / "renamed.html"
    renamed.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n" + b"\x00" * 64)
    _unreadable(renamed, "不是有效的网页文件")

    plain = tmp_path / "plain.htm"
    plain.write_text("这不是网页，只是文字", encoding="utf-8")
    _unreadable(plain, "不是有效的网页文件")

    shell = tmp_path / "shell.html"
    shell.write_text(
        '<html><head><script src="app.js"></script></head><body><div id="app"></div>'
        '<ul class="nav"><li><a href="/">首页</a></li></ul><script>load("/api/article")</script></body></html>',
        encoding="utf-8",
    )
    _unreadable(shell, "没有正文文字", "另存为")
