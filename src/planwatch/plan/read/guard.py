"""A plan document looked over before a reader opens it: how much work it could cause, and whether it can be read.

A 300 KB PDF can inflate to hundreds of megabytes of drawing instructions, a
.docx can hold a hundred thousand paragraphs or miss its body part; the
libraries that read them would spend minutes or fail with a traceback.  The
checks here read only sizes and counts (the archive's directory, pdfium's page
and character counts) and refuse with a message naming the limit.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from planwatch import limits
from planwatch.errors import UnreadableDocument
from planwatch.ooxml import NotAnArchive, UnsafeArchive, check_package
from planwatch.plan.document import Document

OBJECTS_PER_PAGE = 200_000
"""More drawing objects than this on one page is no plan page (a map is a few thousand)."""
_BODY = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".xlsm": "xl/workbook.xml"}
_PARAGRAPH_TAGS = (b"<w:p>", b"<w:p ", b"<w:tr>", b"<w:tr ")


def check_plan_file(path: Path) -> None:
    """Refuse a plan file that is too large, unsafe, or missing what its format requires."""
    size = path.stat().st_size
    limits.check("max_plan_bytes", size, f"“{path.name}”有 {size:,} 字节", "请只提供规划正文和附表。")
    suffix = path.suffix.lower()
    if suffix in _BODY:
        _check_office(path, suffix)
    elif suffix == ".pdf":
        _check_pdf(path)


def _check_office(path: Path, suffix: str) -> None:
    kind = "Word" if suffix == ".docx" else "Excel"
    try:
        check_package(path, kind)
    except NotAnArchive:
        return  # the reader says what this file is instead (an old .doc renamed, a damaged file …)
    except UnsafeArchive as error:
        raise UnreadableDocument(path, str(error), "") from None
    with zipfile.ZipFile(path) as archive:
        body = _BODY[suffix]
        if body not in archive.namelist():
            raise UnreadableDocument(
                path,
                f"文件中缺少正文部件 {body}",
                f"请在 {kind}/WPS 中打开该文件，确认内容完整后另存为 {suffix} 再试。",
            )
        if suffix == ".docx":
            limits.check(
                "max_plan_paragraphs",
                _count_paragraphs(archive, body),
                f"“{path.name}”的段落和表格行",
                "请只提供规划正文和附表。",
            )


def _count_paragraphs(archive: zipfile.ZipFile, body: str) -> int:
    """Paragraphs and table rows in the body, counted from the XML stream without parsing it."""
    count = 0
    tail = b""
    with archive.open(body) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            count += sum(data.count(tag) for tag in _PARAGRAPH_TAGS)
            tail = data[-6:]
            count -= sum(tail.count(tag) for tag in _PARAGRAPH_TAGS)  # counted again with the next chunk
    return count + sum(tail.count(tag) for tag in _PARAGRAPH_TAGS)


def _check_pdf(path: Path) -> None:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        return  # the reader says what is wrong with it, in its own words
    try:
        pages = len(pdf)
        limits.check("max_plan_pages", pages, f"“{path.name}”有 {pages:,} 页", "请只提供规划正文和附表。")
        chars = 0
        for number in range(pages):
            page = pdf[number]
            try:
                objects = _object_count(page)
                if objects > OBJECTS_PER_PAGE:
                    raise UnreadableDocument(
                        path,
                        f"第 {number + 1} 页有 {objects:,} 个绘图对象，不像正常的规划页面",
                        "请检查该 PDF（可用 WPS/Acrobat 另存或打印为 PDF 后再试）。",
                    )
                text = page.get_textpage()
                chars += text.count_chars()
                text.close()
            finally:
                page.close()
            limits.check(
                "max_plan_chars",
                chars,
                f"“{path.name}”前 {number + 1} 页的文字已有 {chars:,} 个",
                "请只提供规划正文和附表。",
            )
    finally:
        pdf.close()


def _object_count(page: object) -> int:
    import pypdfium2.raw as pdfium

    return int(pdfium.FPDFPage_CountObjects(page.raw))  # type: ignore[attr-defined]  # the page's pdfium handle


def check_document(document: Document, path: Path) -> None:
    """Refuse a document read whole whose text is more than recognition should be asked to do.

    Reading a text file or a web page is quick; recognising targets in it takes time in
    proportion to its text, so a page of one sentence repeated a million times stops here.
    """
    lines = len(document.lines)
    limits.check("max_plan_paragraphs", lines, f"“{path.name}”有 {lines:,} 行文字", "请只提供规划正文和附表。")
    chars = sum(len(line.text) for line in document.lines)
    limits.check("max_plan_chars", chars, f"“{path.name}”有 {chars:,} 个字", "请只提供规划正文和附表。")
