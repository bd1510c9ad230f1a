"""The report in Word, Excel and HTML: what a reader opens, checked in the libraries that open it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from matplotlib import font_manager
from openpyxl import load_workbook

from planwatch.plan.audit.finding import finding
from planwatch.report import charts as charts_module
from planwatch.report.charts import FontMissing, chart_font, chart_strings, charts, missing_characters
from planwatch.report.render import render
from planwatch.report.sentences import miss_sentence
from planwatch.status import Status
from tests.report.conftest import Evaluated


@pytest.fixture(scope="module")
def word(xiushan_evaluated: Evaluated) -> bytes:
    return render(*xiushan_evaluated, "docx")


def test_word_report(word: bytes, xiushan_evaluated: Evaluated) -> None:
    evaluation, _ = xiushan_evaluated
    document = docx.Document(io.BytesIO(word))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]  # fmt: skip
    assert [round(length.mm) for length in sizes if length is not None] == [210, 297, 37, 35, 28, 26]  # GB/T 9704
    footer = section.footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    assert document.settings.odd_and_even_pages_header_footer  # 单页码居右，双页码居左
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert "PAGE" in section.even_page_footer._element.xml

    table = next(t for t in document.tables if t.rows[0].cells[0].text == "指标")
    headers = [c.text for c in table.rows[0].cells]
    assert headers[8] == "状态"
    row = next(r for r in table.rows if r.cells[0].text == "规上工业企业")
    firms = next(t for t in evaluation.targets if t.indicator.name == "规上工业企业")
    assert row.cells[8].text == firms.status_zh == "未完成"
    assert f'w:fill="{Status.MISSED.fill}"' in row.cells[8]._element.xml
    assert row.cells[2].text == "2020：73家" and row.cells[3].text == "2024-10：83家"

    assert len(document.inline_shapes) >= 1
    text = "\n".join(p.text for p in document.paragraphs)
    assert "一、总体进展" in text and "五、下一步建议" in text
    for target in evaluation.will_miss():
        assert miss_sentence(target) in text
    assert "规上工业企业未完成：目标年（2025年）已过" in text

    title = document.paragraphs[0].runs[0]._element.xml
    assert 'w:eastAsia="方正小标宋简体"' in title


def test_word_report_declares_font_fallbacks(word: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        fonts = archive.read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', fonts)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)


def test_word_report_converts_with_libreoffice(word: bytes, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (make pytest does)"
    source = tmp_path / "评估报告.docx"
    source.write_bytes(word)
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / "评估报告.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_chart_font_covers_every_character_drawn(xiushan_evaluated: Evaluated) -> None:
    evaluation, _ = xiushan_evaluated
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font"
        drawn = charts(evaluation)
    assert [c.kind for c in drawn] == ["status", "targets"]  # 规上工业企业 is the one target with data
    strings = chart_strings(drawn)
    assert {"目标状态分布（共12项）", "实际值", "规划路径（直线）", "目标", "年份（年末）"} <= strings
    assert "规上工业企业（家）：未完成" in strings
    font = chart_font()
    assert font.name == "Noto Sans CJK SC"
    assert missing_characters("".join(strings), font) == set()
    assert all(c.png.startswith(b"\x89PNG") for c in drawn)


def test_no_cjk_font_is_an_error_that_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(charts_module, "_fontconfig_candidates", list)
    chart_font.cache_clear()
    try:
        with pytest.raises(FontMissing, match="fonts-noto-cjk"):
            chart_font()
    finally:
        chart_font.cache_clear()


def test_workbook(xiushan_evaluated: Evaluated) -> None:
    evaluation, findings = xiushan_evaluated
    hostile = finding("text.test", "error", "=cmd|' /C calc'!A0", [12])
    workbook = load_workbook(io.BytesIO(render(evaluation, [*findings, hostile], "xlsx")))
    assert {"指标完成情况", "重点项目", "存在问题", "下一步建议", "分类汇总"} <= set(workbook.sheetnames)
    sheet = workbook["指标完成情况"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "指标",
        "范围",
        "基期",
        "最新",
        "目标",
        "完成度",
        "所需年均",
        "实际年均",
        "状态",
        "预测（目标年）",
    ]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "规上工业企业")
    assert row[8].value == "未完成" and row[8].fill.fgColor.rgb.endswith(Status.MISSED.fill)
    assert isinstance(row[5].value, float) and row[5].number_format == "0.0%"
    problems = workbook["存在问题"]
    cell = next(c for r in problems.iter_rows(min_row=2) for c in r if c.value == "=cmd|' /C calc'!A0")
    assert cell.data_type == "s"  # text, not a formula
    assert sheet.column_dimensions["A"].width >= 10 and sheet.freeze_panes == "A2"


def test_html_is_standalone(xiushan_evaluated: Evaluated) -> None:
    page = render(*xiushan_evaluated, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert re.findall(r"https?://", page) == []  # no external request of any kind
    assert not re.search(r"""(?:src|href)=["'](?!data:|#)""", page)
    assert "<td>规上工业企业</td>" in page
    assert re.search(r"<td class=\"status\" data-status=\"missed\"[^>]*>未完成</td>", page)
    assert 'src="data:image/png;base64,' in page


def test_an_unknown_format_is_refused(xiushan_evaluated: Evaluated) -> None:
    from planwatch.errors import InputError

    with pytest.raises(InputError, match="docx"):
        render(*xiushan_evaluated, "pdf")
