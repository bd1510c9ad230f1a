"""The hostile corpus: files made to break an import or a plan reader, each a case the probe found or one like it.

    python -m tests.hostile.generate OUT_DIR      # writes every file, one per case

The test (``test_hostile.py``) generates them into a temporary folder and
runs each through ``planwatch import`` or the plan reader, with the limits
lowered (``LIMITS``) so that cases about size stay small and quick.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from tests.importing.files import CODES

LIMITS = {
    "PLANWATCH_MAX_ROWS": "2000",
    "PLANWATCH_MAX_COLUMNS": "60",
    "PLANWATCH_MAX_CELLS": "20000",
    "PLANWATCH_MAX_UNCOMPRESSED_BYTES": "20000000",
    "PLANWATCH_MAX_FIELD_CHARS": "5000",
    "PLANWATCH_MAX_PLAN_PAGES": "30",
    "PLANWATCH_MAX_PLAN_PARAGRAPHS": "3000",
    "PLANWATCH_MAX_PLAN_CHARS": "50000",
    "PLANWATCH_MAX_PLAN_BYTES": "20000000",
}
"""Lower limits for the corpus: a case about size needs only to pass them, not the defaults."""

USCC = CODES[0]
"""An enterprise the test registers first, so that a good row gets as far as the store."""
MONTH = ["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"]


@dataclass(frozen=True)
class Case:
    name: str
    """A file name saying what the case is."""
    kind: str
    """``import`` (statistics) or ``plan`` (a plan document)."""
    body: bytes


def _tag(text: str) -> str:
    """A short name for a case made from odd text (the same on every run)."""
    return f"{zlib.crc32(text.encode()):08x}"


def _xlsx(rows: Sequence[Sequence[object]], title: str = "企业月报") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(body: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The archive with each member passed through ``change`` (None drops it)."""
    source = zipfile.ZipFile(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = change(item.filename, source.read(item.filename))
            if data is not None:
                target.writestr(item, data)
    return out.getvalue()


def _sheet_xml(body: bytes, edit: Callable[[str], str]) -> bytes:
    return _rewrite(body, lambda name, data: edit(data.decode()).encode() if name.endswith("sheet1.xml") else data)


def _declared(cells: str) -> bytes:
    last = cells.split(":")[1]
    row = "".join(ch for ch in last if ch.isdigit())

    def edit(text: str) -> str:
        text = text.replace('<dimension ref="A1:D2"/>', f'<dimension ref="{cells}"/>')
        return text.replace("</sheetData>", f'<row r="{row}"><c r="{last}" t="n"><v>1</v></c></row></sheetData>')

    return _sheet_xml(_xlsx([MONTH, [USCC, "甲", "2026-11", 1]]), edit)


def _numeric(stored: str) -> bytes:
    return _sheet_xml(
        _xlsx([MONTH, [USCC, "甲", "2026-11", 987654321]]), lambda t: t.replace("<v>987654321</v>", f"<v>{stored}</v>")
    )


def _doctype(part: str, declaration: str) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name == part:
            text = data.decode()
            head, _, rest = text.partition("?>")
            return f"{head}?>{declaration}{rest}".encode()
        return data

    return _rewrite(_xlsx([MONTH, [USCC, "甲", "2026-11", 1]]), change)


def _bomb(size: int) -> bytes:
    base = _xlsx([MONTH, [USCC, "甲", "2026-11", 1]])
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * size)
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(pages: int, text: str = "到2027年，规上工业总产值达到110亿元以上。") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for _ in range(pages):
        drawing.drawString(72, 720, text.encode("ascii", "ignore").decode() or "plan")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _pdf_text(pages: int, lines: int, spacing: int = 12) -> bytes:
    """A PDF with a full page of text on every page (ASCII: the font needs no CJK).

    Lines closer than the font's size overlap: pdfium then counts one of them, pdfplumber all.
    """
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for _ in range(pages):
        for number in range(lines):
            drawing.drawString(20, 800 - number * spacing, "2027 110 " * 12)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


ENTITIES = (
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">',
)
PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/workbook.xml",
    "[Content_Types].xml",
    "xl/styles.xml",
    "_rels/.rels",
    "docProps/core.xml",
    "xl/_rels/workbook.xml.rels",
)


def _imports() -> Iterator[Case]:
    for cells in (
        "A1:XFD1048576", "A1:XFD16000", "A1:ZZ2000000", "A1:D1048576", "XFD1:XFD1048576",
        "A1:AZ100000", "A1:XFD2", "A1:D3000", "A1:BZ60", "A1:CV10",
    ):  # fmt: skip
        yield Case(f"declared-{cells.replace(':', '-')}.xlsx", "import", _declared(cells))
    for rows, columns in ((3000, 4), (50, 80), (500, 50), (2100, 2), (10, 200)):
        body = _xlsx([[f"c{c}" for c in range(columns)]] + [[r] * columns for r in range(rows)])
        yield Case(f"actual-{rows}x{columns}.xlsx", "import", body)
    for stored in (
        "NaN", "nan", "abc", "1e999", "-1e999", "inf", "", "1,0", "0x10", "1e308", "--1", "１２",
        "1e16", "-0", "0.0000001", "9" * 400, "1 000", "true", "#N/A", "1.2.3",
    ):  # fmt: skip
        yield Case(
            f"numeric-cell-{stored if stored.isalnum() and len(stored) < 20 else _tag(stored)}.xlsx",
            "import",
            _numeric(stored),
        )
    for index, declaration in enumerate(ENTITIES):
        for part in PARTS:
            yield Case(f"doctype-{index}-{part.replace('/', '_')}.xlsx", "import", _doctype(part, declaration))
    for size in (30_000_000, 25_000_000, 21_000_000):
        yield Case(f"bomb-{size}.xlsx", "import", _bomb(size))
    plain = _xlsx([MONTH, [USCC, "甲", "2026-11", 1]])
    damaged = {
        "empty.xlsx": b"",
        "random.xlsx": bytes(range(256)) * 40,
        "pk-header.xlsx": b"PK\x03\x04" + b"\0" * 100,
        "truncated.xlsx": plain[: len(plain) // 2],
        "text-as-xlsx.xlsx": "统一社会信用代码,企业名称\n".encode(),
        "html-as-xlsx.xlsx": b"<html><body><table><tr><td>1</td></tr></table></body></html>",
        "no-workbook.xlsx": _rewrite(plain, lambda n, d: None if n == "xl/workbook.xml" else d),
        "no-sheet.xlsx": _rewrite(plain, lambda n, d: None if n.endswith("sheet1.xml") else d),
        "no-content-types.xlsx": _rewrite(plain, lambda n, d: None if n == "[Content_Types].xml" else d),
        "garbage-sheet.xlsx": _rewrite(plain, lambda n, d: b"<<<not xml" if n.endswith("sheet1.xml") else d),
        "xls-magic.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
    }
    for name, body in damaged.items():
        yield Case(name, "import", body)
    for formula in ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", '=HYPERLINK("http://x")'):
        yield Case(
            f"formula-{len(formula)}-{ord(formula[0])}.xlsx", "import", _xlsx([MONTH, [USCC, "甲", "2026-11", formula]])
        )
    header = ",".join(MONTH)
    csvs = {
        "long-field.csv": f"{header}\n{USCC},{'甲' * 6000},2026-11,1\n".encode(),
        "long-field-quoted.csv": f'{header}\n{USCC},"{"x" * 200_000}",2026-11,1\n'.encode(),
        "nul-bytes.csv": f"{header}\n{USCC},甲\0乙,2026-11,1\n".encode(),
        "binary.csv": bytes(range(256)) * 20,
        "utf16.csv": f"{header}\n{USCC},甲,2026-11,1\n".encode("utf-16"),
        "gbk.csv": f"{header}\n{USCC},甲,2026-11,1\n".encode("gbk"),
        "only-header.csv": f"{header}\n".encode(),
        "empty.csv": b"",
        "spaces.csv": b"   \n  \n",
        "inf-text.csv": f"{header}\n{USCC},甲,2026-11,1e999\n".encode(),
        "nan-text.csv": f"{header}\n{USCC},甲,2026-11,NaN\n".encode(),
        "zeros.csv": f"{header}\n{USCC},甲,2026-11,1{'0' * 400}\n".encode(),
        "many-rows.csv": (header + "\n" + f"{USCC},甲,2026-11,1\n" * 2500).encode(),
        "many-columns.csv": (",".join(["x"] * 100) + "\n" + ",".join(["1"] * 100) + "\n").encode(),
        "unbalanced-quote.csv": f'{header}\n{USCC},"甲,2026-11,1\n'.encode(),
        "short-data-row.csv": "企业名称,报告期,工业总产值（万元）\n甲,2026-11,100\n".encode(),
        "bad-period.csv": f"{header}\n{USCC},甲,2026-13,1\n".encode(),
        "bad-uscc.csv": f"{header}\n91500240000000019B,甲,2026-11,1\n".encode(),
        "negative.csv": f"{header}\n{USCC},甲,2026-11,-5\n".encode(),
        "huge-line.csv": (header + "\n" + ",".join(["1"] * 3000) + "\n").encode(),
    }
    for name, body in csvs.items():
        yield Case(name, "import", body)
    published = "region,figure,period,value,unit,kind,quality,source,note\n"
    for region in ("不存在的县", "秀山具", "石柱", "火星县", "北京", "   ", "'; DROP TABLE facts; --"):
        body = f"{published}{region},地区生产总值,2024,10,亿元,level,official,测试,\n".encode()
        yield Case(f"published-{_tag(region)}.csv", "import", body)
    odd = (
        "' OR 1=1 --", "<script>alert(1)</script>", "\u202eevil", "=1+1", "../../etc/passwd", "{{7*7}}",
        "%s%s%n", "\u200b\u200d", "NULL", "𝟙𝟚", "　", "a" * 40000,
    )  # fmt: skip
    for index in range(len(odd) * 4):  # injection and odd text in every column of a month
        value = odd[index % len(odd)]
        row: list[object] = [USCC, "甲", "2026-11", 1]
        row[index // len(odd)] = value
        yield Case(f"odd-text-{index}.xlsx", "import", _xlsx([MONTH, row]))
    for index, title in enumerate(("Sheet1", "企业名录", "公布数据", "!@#$%", "a" * 31)):
        yield Case(f"sheet-title-{index}.xlsx", "import", _xlsx([["名称"], ["甲"]], title=title))
    yield from _odd_sheets()


def _odd_sheets() -> Iterator[Case]:
    """Workbooks whose XML says odd things: references out of range, huge merges, many sheets."""
    plain = _xlsx([MONTH, [USCC, "甲", "2026-11", 1]])
    cell = "<v>1</v>"
    for name, edit in {
        "shared-string-out-of-range": lambda t: t.replace('t="n"><v>1</v>', 't="s"><v>99999</v>'),
        "shared-string-negative": lambda t: t.replace('t="n"><v>1</v>', 't="s"><v>-1</v>'),
        "row-number-huge": lambda t: t.replace('<row r="2"', '<row r="1048576"'),
        "row-number-zero": lambda t: t.replace('<row r="2"', '<row r="0"'),
        "cell-ref-garbage": lambda t: t.replace('r="D2"', 'r="?!"'),
        "cell-ref-beyond": lambda t: t.replace('r="D2"', 'r="XFE2"'),
        "merge-everything": lambda t: t.replace(
            "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        ),
        "inline-huge": lambda t: t.replace(cell, f"<is><t>{'x' * 100_000}</t></is>").replace('t="n"', 't="inlineStr"'),
        "boolean-figure": lambda t: t.replace('t="n"><v>1</v>', 't="b"><v>1</v>'),
        "error-figure": lambda t: t.replace('t="n"><v>1</v>', 't="e"><v>#DIV/0!</v>'),
        "formula-cached": lambda t: t.replace(cell, "<f>1/0</f><v>1</v>"),
        "date-typed-figure": lambda t: t.replace('t="n"><v>1</v>', 't="d"><v>2026-11-01T00:00:00</v>'),
        "no-sheet-data": lambda t: t.split("<sheetData>")[0] + "<sheetData/></worksheet>",
        "many-empty-rows": lambda t: t.replace(
            "</sheetData>", "".join(f'<row r="{r}"/>' for r in range(3, 5000)) + "</sheetData>"
        ),
    }.items():
        yield Case(f"xml-{name}.xlsx", "import", _sheet_xml(plain, edit))
    workbook = openpyxl.Workbook()
    for index in range(60):
        sheet = workbook.create_sheet(f"表{index}")
        sheet.append(MONTH)
        sheet.append([USCC, "甲", f"2026-{index % 12 + 1:02d}", index])
    buffer = io.BytesIO()
    workbook.save(buffer)
    yield Case("many-sheets.xlsx", "import", buffer.getvalue())
    for period in (
        "2026年11月",
        "2026/11",
        "11月",
        "2026-11-31",
        "202611",
        "2026年第4季度",
        "2099-01",
        "1900-01",
        "2026-00",
    ):
        yield Case(f"period-{_tag(period)}.xlsx", "import", _xlsx([MONTH, [USCC, "甲", period, 1]]))
    for figure in ("1,234.5", "１２３", "1.2万", "一百", "12%", "(12)", "1 234"):
        yield Case(f"figure-text-{_tag(figure)}.xlsx", "import", _xlsx([MONTH, [USCC, "甲", "2026-11", figure]]))
    yield Case("header-row-50.xlsx", "import", _xlsx([[None]] * 49 + [MONTH, [USCC, "甲", "2026-11", 1]]))
    yield Case("duplicate-columns.xlsx", "import", _xlsx([MONTH + MONTH[-1:], [USCC, "甲", "2026-11", 1, 2]]))


def _plans() -> Iterator[Case]:
    docx = _docx(["到2027年，规上工业总产值达到110亿元以上。"])
    yield Case("plain.docx", "plan", docx)
    yield Case("no-body.docx", "plan", _rewrite(docx, lambda n, d: None if n == "word/document.xml" else d))
    for index, declaration in enumerate(ENTITIES):

        def change(name: str, data: bytes, declaration: str = declaration) -> bytes:
            if name == "word/document.xml":
                head, _, rest = data.decode().partition("?>")
                return f"{head}?>{declaration}{rest}".encode()
            return data

        yield Case(f"doctype-{index}.docx", "plan", _rewrite(docx, change))
    yield Case("many-paragraphs.docx", "plan", _docx(["一段话。"] * 4000))
    big = io.BytesIO(docx)
    with zipfile.ZipFile(big, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * 30_000_000)
    yield Case("bomb.docx", "plan", big.getvalue())
    for name, body in {
        "not-a-docx.docx": b"\xd0\xcf\x11\xe0" + b"\0" * 100,
        "random.docx": bytes(range(256)) * 10,
        "empty.docx": b"",
        "garbage-body.docx": _rewrite(docx, lambda n, d: b"<<<" if n == "word/document.xml" else d),
    }.items():
        yield Case(name, "plan", body)
    yield Case("many-pages.pdf", "plan", _pdf(40))
    yield Case("few-pages.pdf", "plan", _pdf(2))
    for name, body in {
        "truncated.pdf": _pdf(2)[:300],
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 20,
        "empty.pdf": b"",
        "not-pdf.pdf": b"<html></html>",
    }.items():
        yield Case(name, "plan", body)
    for name, body in {
        "binary.txt": bytes(range(256)) * 30,
        "empty.txt": b"",
        "nul.txt": "到2027年\0规上工业总产值达到110亿元。".encode(),
        "huge-line.txt": ("到2027年规上工业总产值达到110亿元。" * 20000).encode(),
        "gb18030.txt": "到2027年，规上工业总产值达到110亿元以上。".encode("gb18030"),
        "script-only.html": b"<html><script>while(1){}</script></html>",
        "deep.html": b"<div>" * 20000 + "到2027年规上工业总产值达到110亿元。".encode() + b"</div>" * 20000,
        "binary.html": bytes(range(256)) * 30,
        "broken.xlsx": b"PK\x03\x04 broken",
    }.items():
        yield Case(name, "plan", body)
    line = "到2027年，规上工业总产值达到110亿元以上。"
    for name, body in {
        "old-doc-garbage.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
        "docx-named-doc.doc": docx,
        "empty.doc": b"",
        "wps-text.wps": "规划".encode(),
        "gbk-meta.html": f'<html><head><meta charset="gbk"></head><body><p>{line}</p></body></html>'.encode("gbk"),
        "wrong-meta.html": f'<html><head><meta charset="big5"></head><body><p>{line}</p></body></html>'.encode(),
        "big-table.html": ("<table>" + "<tr><td>项目</td><td>1亿元</td></tr>" * 6000 + "</table>").encode(),
        "nested-tables.html": ("<table><tr><td>" * 500 + line + "</td></tr></table>" * 500).encode(),
        "only-whitespace.txt": b" \n\t\n" * 1000,
        "one-char-lines.txt": "规\n".encode() * 100_000,
        "crlf-mixed.txt": f"{line}\r\n{line}\r{line}\n".encode(),
        "bom-utf16.txt": line.encode("utf-16"),
        "long-heading.md": ("# " + "标题" * 50_000 + "\n" + line).encode(),
        "plan-bomb.xlsx": _bomb(30_000_000),
        "plan-doctype.xlsx": _doctype("xl/workbook.xml", ENTITIES[0]),
        "plan-no-workbook.xlsx": _rewrite(
            _xlsx([["项目名称"], ["甲"]]), lambda n, d: None if n == "xl/workbook.xml" else d
        ),
        "many-chars.pdf": _pdf_text(30, 60),
        "overlapping-chars.pdf": _pdf_text(6, 120, spacing=6),
        "unknown.rtf": b"{\\rtf1 plan}",
    }.items():
        yield Case(name, "plan", body)


def cases() -> list[Case]:
    """Every case of the corpus (at least 200)."""
    return [*_imports(), *_plans()]


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases():
        path = folder / case.kind / case.name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(case.body)
        written.append(path)
    return written


if __name__ == "__main__":
    print(f"{len(write(Path(sys.argv[1])))} files")
