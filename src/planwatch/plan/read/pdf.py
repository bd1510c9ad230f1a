"""Read .pdf plan documents (with a text layer) with pdfplumber.

Per page, tables are found by their ruling lines (``find_tables``) and the
text outside them is read as visual lines; both are put in reading order by
their vertical position.  The document's lines are then:

* each visual text line, as the PDF wrapped it (``page`` set);
* each table flattened like Word's text export — ``\\t`` + cell text per
  line, a blank line between rows and after the table — and kept in
  structured form as well, each cell pointing at its line.  A table
  continuing on the next page is one table; the header rows a converter
  repeats on every page are dropped from the continuation.  Merged cells: a cell covered by a
  horizontal merge is left out (the row has fewer cells, merged on the left,
  as in the text export); a cell covered by a vertical merge is an empty
  cell ("same as above").  Text wrapped inside a cell is joined without a
  separator, because Chinese text wraps anywhere;
* a blank line where a page ends.

Running page numbers (``- 5 -``, ``第5页``) and running headers or footers
(the same words at the head or foot of most pages) are dropped.

Hard-wrapped lines are joined back into paragraphs by ``segment`` with
``page_wrapped=True``, called once per visual paragraph rather than once for
the document: ``page_wrapped`` joins every line that ends no sentence with
the next, so titles, the 文号, the signature, the date and table captions —
which end without punctuation — would be glued to whatever follows.  The
geometry says where a paragraph may go on: the line above reaches the right
margin (or stops short only by the number it could not fit), at the ordinary
line spacing, and this line starts at the left margin or is a centred title
line under another — also across a page break.  ``segment`` still separates
headings and drops noise inside such a run; where it ends a paragraph at a
sentence that happens to end on the margin although the next line is not
indented, the two parts are joined again.  Table captions are attached as
``segment`` attaches them.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.table import Table as PdfTable
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from planwatch import limits
from planwatch.errors import EmptyDocument, UnreadableDocument
from planwatch.plan.document import Block, Cell, Document, Line, Paragraph, Row, Table
from planwatch.plan.model import Repair
from planwatch.plan.read.ocr import OcrMode, Progress
from planwatch.plan.read.segment import attach_caption, segment
from planwatch.plan.text import clean, ends_sentence

_PAGE_LABEL = re.compile(
    r"^\s*(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)
_LATIN = re.compile(r"[0-9A-Za-z.%/+\-]")
MARGIN_BAND = 0.12
"""Page furniture (numbers, running headers) sits in the top or bottom 12 % of the page."""
RUNNING_MIN_PAGES = 3
WRAP_REACH = 1.5
"""A line ending within this many characters of the right margin was wrapped, not finished."""
WRAP_GAP = 1.2
"""Lines of one paragraph are at most this many characters apart vertically."""
CONTINUATION_INDENT = 3.0
"""A wrapped line starts at most this many characters right of the left margin (hanging indents)."""
NEW_PARAGRAPH_INDENT = 0.5
"""A line indented more than this (in characters) after a finished sentence starts a paragraph."""
CAPTION_MAX = 40
POINT_TOLERANCE = 2.0


@dataclass
class _TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    page_width: float
    page_height: float
    lead: float = 0.0
    """Width of the Latin letters or digits the line starts with: a word that did not fit above."""


@dataclass
class _Fragment:
    """The part of a table on one page: its rows of cell texts and column positions."""

    rows: list[list[str]]
    columns: list[float]
    top: float
    page: int
    loose: bool = False
    """Columns estimated from text (a scanned table without ruling lines), not drawn."""


_Item = _TextLine | _Fragment


@dataclass
class _TableRun:
    fragments: list[_Fragment] = field(default_factory=list)


MIN_TEXT_CHARS = 5
"""A page with fewer characters in its text layer is a scan (a stamp or a scanner's label aside)."""


def read_pdf(path: Path, ocr: OcrMode = "auto", progress: Progress | None = None) -> Document:
    """Read a PDF; pages without a text layer go through OCR (``ocr="auto"``), or all (``"always"``)."""
    try:
        with pdfplumber.open(path, raise_unicode_errors=False) as pdf:
            scanned = [ocr == "always" or (ocr == "auto" and _is_scan(page)) for page in _counted(path, pdf.pages)]
            pages = [[] if scan else _read_page(page) for page, scan in zip(pdf.pages, scanned, strict=True)]
            no_text = ocr == "never" and all(_is_scan(page) for page in pdf.pages)
    except (PdfminerException, MalformedPDFException) as error:
        raise _unreadable(path, error) from error
    except OSError as error:
        raise UnreadableDocument(
            path, f"文件无法打开（{error.strerror or error}）", "请检查文件权限后重试。"
        ) from error
    if no_text:
        raise UnreadableDocument(
            path,
            "这是扫描件 PDF（页面是图片，没有文字层），而设置了不做文字识别（--ocr never）",
            "请去掉 --ocr never（默认 --ocr auto 会识别没有文字层的页面）后重试，或提供 .docx 或 .txt 版本。",
        )
    if any(scanned):
        _read_scans(path, pages, [number for number, scan in enumerate(scanned, start=1) if scan], progress)
    _drop_furniture(pages)
    written = _write(_runs(pages))
    if not any(line.text.strip() for line in written.lines):
        if any(scanned):
            raise UnreadableDocument(
                path,
                "这是扫描件 PDF，文字识别（OCR）后仍没有识别出文字",
                "请确认扫描清晰（建议 300 dpi、黑白或灰度）、页面方向正确后重新扫描，或提供 .docx 或 .txt 版本。",
            )
        raise EmptyDocument(path)
    return Document(path=str(path), format="pdf", lines=written.lines, blocks=written.blocks, repairs=written.repairs)


def _unreadable(path: Path, error: Exception) -> UnreadableDocument:
    cause = error.args[0] if error.args else error
    if isinstance(cause, PDFPasswordIncorrect):
        return UnreadableDocument(
            path, "PDF 设有打开密码", "请用 PDF 阅读器输入密码打开后，另存一份无密码的 PDF 再导入。"
        )
    if isinstance(cause, PDFEncryptionError):
        return UnreadableDocument(
            path, "PDF 使用了不支持的加密方式", "请用 PDF 阅读器打开后“另存为”或“打印为”一份不加密的 PDF 再导入。"
        )
    return UnreadableDocument(
        path,
        "不是有效的 PDF 文件（文件已损坏、下载不完整，或是其他格式的文件改了扩展名）",
        "请用 PDF 阅读器打开确认内容完整，重新下载或另存为 PDF 后再导入；也可导入 .docx 或 .txt 版本。",
    )


def _counted(path: Path, pages: list[Page]) -> Iterator[Page]:
    """The pages, refused as soon as their characters pass ``max_plan_chars``.

    The guard (``guard.py``) counts characters with pdfium before this; pdfium drops text drawn
    over other text, which pdfplumber still parses, so the count is kept here as well.
    """
    chars = 0
    for number, page in enumerate(pages, start=1):
        chars += len(page.chars)  # pdfplumber keeps the parsed page: counting costs nothing more
        limits.check(
            "max_plan_chars",
            chars,
            f"“{path.name}”前 {number} 页的文字已有 {chars:,} 个",
            "请只提供规划正文和附表。",
        )
        yield page


def _is_scan(page: Page) -> bool:
    return sum(1 for char in page.chars if str(char.get("text", "")).strip()) < MIN_TEXT_CHARS


def _read_scans(path: Path, pages: list[list[_Item]], numbers: list[int], progress: Progress | None) -> None:
    """OCR the pages ``numbers`` (1-based) into ``pages``, in place, reporting progress."""
    import pypdfium2

    from planwatch.plan.read.ocr import OCR_DPI, read_image

    scale = 72 / OCR_DPI
    if progress:
        progress(0, len(numbers))
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise _unreadable(path, error) from error
    try:
        for done, number in enumerate(numbers, start=1):
            page = document[number - 1]
            width, height = page.get_size()
            bitmap = page.render(scale=1 / scale, grayscale=True)
            image = np.asarray(bitmap.to_pil().convert("L"))
            found = read_image(path, image, scale)
            items: list[_Item] = [
                _TextLine(
                    text=line.text,
                    x0=line.x0,
                    x1=line.x1,
                    top=line.top,
                    bottom=line.bottom,
                    size=line.size,
                    page=number,
                    page_width=float(width),
                    page_height=float(height),
                    lead=line.lead,
                )
                for line in found.lines
            ]
            for table in found.tables:
                if table.grid is not None:
                    rows = _table_rows(table.grid, table.texts)
                else:
                    rows = [[text or "" for text in row] for row in table.texts]
                if rows:
                    loose = table.grid is None
                    items.append(_Fragment(rows=rows, columns=table.columns, top=table.top, page=number, loose=loose))
            items.sort(key=lambda item: item.top)
            pages[number - 1] = items
            if progress:
                progress(done, len(numbers))
    finally:
        document.close()


# ------------------------------------------------------------------ one page


def _read_page(page: Page) -> list[_Item]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    items: list[_Item] = []
    text_page = page.filter(outside_tables) if boxes else page
    for found in text_page.extract_text_lines(strip=True, return_chars=True):
        text = str(found["text"])
        if not text.strip():
            continue
        chars = found["chars"]
        sizes = [float(char["size"]) for char in chars] or [10.0]
        word = list(takewhile(lambda char: _LATIN.fullmatch(char["text"]), (c for c in chars if c["text"].strip())))
        lead = float(word[-1]["x1"]) - float(word[0]["x0"]) if word else 0.0
        items.append(
            _TextLine(
                text=text,
                x0=float(found["x0"]),
                x1=float(found["x1"]),
                top=float(found["top"]),
                bottom=float(found["bottom"]),
                size=statistics.median(sizes),
                page=page.page_number,
                page_width=float(page.width),
                page_height=float(page.height),
                lead=lead,
            )
        )
    for table in tables:
        rows = _table_rows(table, table.extract())
        if rows:
            columns = sorted({cell[0] for cell in table.cells})
            items.append(_Fragment(rows=rows, columns=columns, top=float(table.bbox[1]), page=page.page_number))
    items.sort(key=lambda item: item.top)
    return items


def _table_rows(table: PdfTable, extracted: list[list[str | None]]) -> list[list[str]]:
    """Cell texts row by row; cells covered by a merge left out (horizontal) or empty (vertical)."""
    columns = sorted({cell[0] for cell in table.cells})
    rows: list[list[str]] = []
    for row, texts in zip(table.rows, extracted, strict=True):
        top = row.bbox[1]
        cells: list[str] = []
        for index, (box, text) in enumerate(zip(row.cells, texts, strict=True)):
            if box is not None:
                # Wrapped cell text: Chinese wraps anywhere, so the pieces join without a space.
                cells.append((text or "").replace("\n", "").strip())
                continue
            x = columns[index]
            cover = next(
                (
                    cell
                    for cell in table.cells
                    if cell[0] - POINT_TOLERANCE < x < cell[2] - POINT_TOLERANCE
                    and cell[1] - POINT_TOLERANCE < top < cell[3] - POINT_TOLERANCE
                ),
                None,
            )
            if cover is not None and cover[0] < x - POINT_TOLERANCE:
                continue  # covered by a cell to the left: a horizontal merge
            cells.append("")  # covered from above (a vertical merge), or an unruled gap
        if cells:
            rows.append(cells)
    return rows


# ------------------------------------------------------------ page furniture


def _in_band(line: _TextLine) -> bool:
    return line.top < MARGIN_BAND * line.page_height or line.bottom > (1 - MARGIN_BAND) * line.page_height


def _furniture_key(text: str) -> str:
    """The words of a running header or footer, whatever page number it carries."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Item]]) -> None:
    """Remove page numbers and running headers/footers, in place."""
    banded: Counter[str] = Counter()
    for page in pages:
        banded.update({_furniture_key(item.text) for item in page if isinstance(item, _TextLine) and _in_band(item)})
    threshold = max(RUNNING_MIN_PAGES, len(pages) / 2)
    running = {text for text, count in banded.items() if count >= threshold}
    for page in pages:
        page[:] = [
            item
            for item in page
            if not (
                isinstance(item, _TextLine)
                and _in_band(item)
                and (_PAGE_LABEL.match(item.text) or _furniture_key(item.text) in running)
            )
        ]


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class _Margins:
    left: float
    right: float


def _margins(pages: list[list[_Item]]) -> dict[int, _Margins]:
    """Left and right margin of the text, per page width (portrait and landscape pages differ)."""
    by_width: dict[int, list[_TextLine]] = {}
    for page in pages:
        for item in page:
            if isinstance(item, _TextLine):
                by_width.setdefault(round(item.page_width), []).append(item)
    margins = {}
    for width, lines in by_width.items():
        long = [line for line in lines if len(line.text) >= 10] or lines
        margins[width] = _Margins(left=min(line.x0 for line in long), right=max(line.x1 for line in long))
    return margins


def _continues(previous: _TextLine, line: _TextLine, margins: _Margins, next_page: bool) -> bool:
    """Is ``line`` the wrapped continuation of ``previous`` (the line just above it)?"""
    size = max(previous.size, 1.0)
    if abs(previous.size - line.size) > 1.0:
        return False
    if not next_page and not (0 <= line.top - previous.bottom <= WRAP_GAP * size):
        return False
    # The line above must run to the right margin — or stop short only by the number or
    # Latin word this line starts with, which did not fit there.
    if previous.x1 < margins.right - WRAP_REACH * size - line.lead:
        return False
    middle = (margins.left + margins.right) / 2

    def at_left(item: _TextLine, indent: float) -> bool:
        return item.x0 <= margins.left + indent * size

    def centred(item: _TextLine) -> bool:
        return abs((item.x0 + item.x1) / 2 - middle) <= size

    if at_left(previous, CONTINUATION_INDENT) and at_left(line, CONTINUATION_INDENT):
        # A sentence that ends at the margin continues only on an unindented line: an
        # indented one is the first line of the next paragraph.
        return not ends_sentence(previous.text) or at_left(line, NEW_PARAGRAPH_INDENT)
    return centred(previous) and centred(line) and not ends_sentence(previous.text)  # a wrapped title


LOOSE_TOLERANCE = 12.0
"""Columns found from text (not ruling lines) may start a character apart from page to page."""


def _same_table(fragment: _Fragment, run: _TableRun) -> bool:
    last = run.fragments[-1]
    tolerance = LOOSE_TOLERANCE if fragment.loose and last.loose else POINT_TOLERANCE
    return (
        fragment.page == last.page + 1
        and len(fragment.columns) == len(last.columns)
        and all(abs(a - b) <= tolerance for a, b in zip(fragment.columns, last.columns, strict=True))
    )


def _runs(pages: list[list[_Item]]) -> list[list[_TextLine] | _TableRun]:
    """Visual paragraphs (lines that wrap into each other) and tables, in reading order."""
    margins = _margins(pages)
    runs: list[list[_TextLine] | _TableRun] = []
    for page in pages:
        for position, item in enumerate(page):
            last = runs[-1] if runs else None
            first_on_page = position == 0
            if isinstance(item, _Fragment):
                if first_on_page and isinstance(last, _TableRun) and _same_table(item, last):
                    continued = _without_repeated_header(item, last.fragments[0])
                    last.fragments.append(_join_cut_row(last.fragments[-1], continued))
                else:
                    runs.append(_TableRun([item]))
                continue
            if isinstance(last, list):
                previous = last[-1]
                next_page = first_on_page and item.page == previous.page + 1
                same_page = item.page == previous.page
                if (same_page or next_page) and _continues(previous, item, margins[round(item.page_width)], next_page):
                    last.append(item)
                    continue
            runs.append([item])
    return runs


def _without_repeated_header(fragment: _Fragment, first: _Fragment) -> _Fragment:
    """Drop the header rows a converter repeats at the top of each page of a long table."""
    for count in range(min(3, len(fragment.rows), len(first.rows)), 0, -1):
        if fragment.rows[:count] == first.rows[:count]:
            return _Fragment(fragment.rows[count:], fragment.columns, fragment.top, fragment.page, fragment.loose)
    return fragment


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ROW_LABEL = re.compile(r"^(?:[(（]?\d{1,3}[)）.、]?|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
"""The 序号 a row of its own starts with: 1, (1), 1., 一、, （一）."""


def _join_cut_row(above: _Fragment, fragment: _Fragment) -> _Fragment:
    """Join the first row of a continued table to the last row above it when a page break cut it.

    Word and LibreOffice let a row break across pages: the rest of its wrapped cells
    (``精深加工项目`` of a project name, ``2027`` of ``2023-2027``, the ``)`` of ``(10)``)
    opens the next page as a row of its own.  Such a row starts with no 序号 of its own,
    has text only where the row above has text too, and is empty where the row above
    has a number (a row of a table does not lose its figures) — unlike a row under a
    vertically merged cell, which has its own figures.
    """
    if not above.rows or not fragment.rows:
        return fragment
    last, first = above.rows[-1], fragment.rows[0]
    if len(last) != len(first) or not any(first) or _ROW_LABEL.fullmatch(first[0]):
        return fragment
    if any(text and not previous for previous, text in zip(last, first, strict=True)):
        return fragment
    figures = [index for index, previous in enumerate(last) if _NUMBER.fullmatch(previous)]
    if not figures or any(first[index] for index in figures):
        return fragment
    last[:] = [previous + text for previous, text in zip(last, first, strict=True)]
    return _Fragment(fragment.rows[1:], fragment.columns, fragment.top, fragment.page, fragment.loose)


# ------------------------------------------------------------------- writing


@dataclass
class _Writer:
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def line(self, text: str, page: int) -> int:
        previous = self.lines[-1].page if self.lines else None
        if previous is not None and previous != page and not text.startswith("\t"):
            self.lines.append(Line(number=len(self.lines) + 1, text="", page=page))  # a page ends
        self.lines.append(Line(number=len(self.lines) + 1, text=text, page=page))
        return len(self.lines)

    def paragraph(self, run: list[_TextLine]) -> None:
        start = len(self.lines)
        start_block = len(self.blocks)
        for text_line in run:
            self.line(text_line.text, text_line.page)
        found, repaired = segment(self.lines[start:], page_wrapped=True)
        self.repairs.extend(repaired)
        for block in found:
            previous = self.blocks[-1] if len(self.blocks) > start_block else None
            if isinstance(block, Paragraph) and isinstance(previous, Paragraph):
                # segment ends a paragraph at a sentence that ends on the margin; the
                # geometry says this paragraph goes on (an unindented line follows).
                offset = len(previous.text)
                previous.text += block.text
                previous.spans.extend((position + offset, number) for position, number in block.spans)
                continue
            self.blocks.append(block)

    def table(self, run: _TableRun) -> None:
        rows: list[Row] = []
        first = len(self.lines) + 1
        for fragment in run.fragments:
            for texts in fragment.rows:
                cells = tuple(Cell(text=clean(text), line=self.line(f"\t{text}", fragment.page)) for text in texts)
                self.line("", fragment.page)
                if any(cell.text for cell in cells):
                    rows.append(Row(cells=cells, line=cells[0].line))
        if not rows:
            return
        # The table covers its cell lines; the blank line closing its last row is not part of it.
        table = Table(rows=rows, line=first, end=len(self.lines) - 1)
        attach_caption(self.blocks, table)
        self.blocks.append(table)


def _write(runs: Sequence[list[_TextLine] | _TableRun]) -> _Writer:
    writer = _Writer()
    for run in runs:
        if isinstance(run, _TableRun):
            writer.table(run)
        else:
            writer.paragraph(run)
    return writer
