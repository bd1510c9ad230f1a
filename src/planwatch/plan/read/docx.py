"""Read .docx plan documents (Word 2007 and later, WPS) with python-docx.

The body is walked in document order, paragraphs and tables interleaved, and
written out the way Word's own text export writes it, so a .docx and its .txt
export give the same numbered lines:

* each paragraph is one line (a soft line break starts another line of the
  same paragraph; an empty paragraph is a blank line);
* each table is flattened one cell per line, ``\\t`` + the cell's text, with a
  blank line between rows and after the table.  A horizontally merged cell
  (``gridSpan``) is one cell; a cell continuing a vertical merge (``vMerge``)
  is an empty cell, as in the text export — recognisers read a blank
  category cell as "same as above".  Nested tables are flattened into the
  text of the cell holding them.

Tables are also handed to ``segment`` in structured form, each cell pointing
at its own line.  Every line carries ``paragraph``: the 1-based position of
its paragraph or table among the blocks of the body (a table counts as one
block, and all its lines carry that position); text boxes carry the position
of the paragraph they are anchored in.

A paragraph in a Word heading style (or with an outline level) whose text
``heading_level`` would not recognise as a heading — a heading numbered by
Word's automatic list numbering, which is not part of the text, or an
unnumbered title such as ``附件`` — is written with a leading ``#`` marker
(``# 附件``), which ``heading_level`` reads as a Markdown heading and ``clean``
removes from the heading's text.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from planwatch.errors import EmptyDocument, UnreadableDocument
from planwatch.plan.document import Cell, Document, Line, Row, Table
from planwatch.plan.read.segment import segment
from planwatch.plan.text import clean, heading_level

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound-file header: a .doc/.wps file, or a password-protected .docx."""

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_R = qn("w:r")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_CUSTOM_XML = qn("w:customXml")
_TXBX_CONTENT = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DELETED = (qn("w:del"), qn("w:moveFrom"))
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d*$", re.IGNORECASE)
MAX_MARKED_HEADING = 40
"""Longer text in a heading style is a mis-styled paragraph, not a heading."""


def read_docx(path: Path) -> Document:
    word = _open(path)
    writer = _Writer(styles=_StyleLevels(word))
    writer.body(word.element.body)
    if not any(line.text.strip() for line in writer.lines):
        raise EmptyDocument(path)
    blocks, repairs = segment(writer.lines, writer.tables)
    return Document(path=str(path), format="docx", lines=writer.lines, blocks=blocks, repairs=repairs)


def _open(path: Path) -> Any:
    try:
        with path.open("rb") as file:
            head = file.read(len(_OLE_MAGIC))
    except OSError as error:
        raise UnreadableDocument(
            path, f"文件无法打开（{error.strerror or error}）", "请检查文件权限后重试。"
        ) from error
    if head == _OLE_MAGIC:
        raise UnreadableDocument(
            path,
            "这是旧版 Word（.doc）或 WPS 格式的文件，或是设有密码的 .docx，只是扩展名为 .docx",
            "请用 Word 或 WPS 打开（如有密码请先取消），“另存为” .docx 格式后再导入。",
        )
    try:
        return docx.Document(str(path))
    # PackageNotFoundError: not a zip at all; BadZipFile/zlib.error: a damaged zip;
    # KeyError: a zip without the parts of a Word document; ValueError: another Office
    # file (.xlsx, .pptx) renamed; SyntaxError: lxml's XMLSyntaxError (a subclass) for
    # a damaged document.xml.
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, SyntaxError) as error:
        raise UnreadableDocument(
            path,
            "不是有效的 .docx 文件（文件已损坏，或是其他格式的文件改了扩展名）",
            "请用 Word 或 WPS 打开确认内容完整，“另存为” .docx 格式后再导入；也可另存为 .txt 后导入。",
        ) from error


class _StyleLevels:
    """Heading level of a paragraph from its style (or its own outline level)."""

    def __init__(self, word: Any) -> None:
        self._levels: dict[str, int | None] = {}
        self._styles = word.styles.element

    def of(self, p: Any) -> int | None:
        ppr = p.pPr
        if ppr is not None:
            own = _outline_level(ppr)
            if own is not None:
                return own
        style_id = p.style
        if not style_id:
            return None
        if style_id not in self._levels:
            self._levels[style_id] = self._style_level(str(style_id), depth=0)
        return self._levels[style_id]

    def is_toc(self, p: Any) -> bool:
        style = self._styles.get_by_id(p.style) if p.style else None
        return style is not None and bool(_TOC_STYLE.match(str(style.name_val or "")))

    def _style_level(self, style_id: str, depth: int) -> int | None:
        style = self._styles.get_by_id(style_id)
        if style is None or depth > 10:
            return None
        match = _HEADING_STYLE.match(str(style.name_val or ""))
        if match:
            return int(match.group(1))
        if style.pPr is not None:
            own = _outline_level(style.pPr)
            if own is not None:
                return own
        based_on = style.basedOn_val
        return self._style_level(str(based_on), depth + 1) if based_on else None


def _outline_level(ppr: Any) -> int | None:
    """``w:outlineLvl`` 0–8 is heading level 1–9; 9 means body text."""
    element = ppr.find(qn("w:outlineLvl"))
    if element is None:
        return None
    value = element.get(qn("w:val"))
    if value is None or not value.isdigit() or int(value) >= 9:
        return None
    return int(value) + 1


def _children(element: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Children with one of ``tags``, looking through content controls and custom XML."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, tags)


def _inside(element: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    """Is ``element`` inside an element with one of ``tags`` below ``stop``?"""
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _paragraph_text(p: Any) -> str:
    """The paragraph's own text: every run, tracked insertions included; deletions and text boxes not."""
    parts = []
    for run in p.iter(_R):
        if _inside(run, p, (_TXBX_CONTENT, _FALLBACK, *_DELETED)):
            continue
        parts.append(str(run.text))  # w:t, w:tab → \t, w:br/w:cr → \n; w:delText is left out
    return "".join(parts)


def _text_boxes(p: Any) -> list[Any]:
    """Text boxes anchored in ``p`` (not their VML fallback copies, not boxes in boxes)."""
    return [box for box in p.iter(_TXBX_CONTENT) if not _inside(box, p, (_TXBX_CONTENT, _FALLBACK))]


def _cell_text(tc: Any) -> str:
    """All text of a cell on one line: paragraphs and nested tables joined by spaces."""
    parts: list[str] = []
    for child in _children(tc, (_P, _TBL)):
        if child.tag == _P:
            parts.append(_paragraph_text(child))
        else:
            for tr in _children(child, (_TR,)):
                parts.extend(_cell_text(inner) for inner in _children(tr, (_TC,)))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


@dataclass
class _Writer:
    styles: _StyleLevels
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    block: int = 0

    def _line(self, text: str) -> int:
        number = len(self.lines) + 1
        self.lines.append(Line(number=number, text=text, paragraph=self.block))
        return number

    def body(self, element: Any) -> None:
        for child in _children(element, (_P, _TBL)):
            self.block += 1
            if child.tag == _P:
                self.paragraph(child)
            else:
                self.table(child)

    def contents(self, element: Any) -> None:
        """Paragraphs and tables of a text box, at the position of their anchor."""
        for child in _children(element, (_P, _TBL)):
            if child.tag == _P:
                self.paragraph(child)
            else:
                self.table(child)

    def paragraph(self, p: Any) -> None:
        text = _paragraph_text(p)
        if self.styles.is_toc(p):
            # A table-of-contents entry: "第一章 发展现状<tab>6".  Written with a dot
            # leader so segment drops it, as it drops the dotted entries of a text export.
            text = re.sub(r"\t+\s*(?=\d+\s*$)", "......", text)
        # A tab would make the line read as a table cell; a line break starts a new line.
        pieces = text.replace("\t", " ").split("\n")
        level = self.styles.of(p)
        first = pieces[0].strip()
        if (
            level is not None
            and len(pieces) == 1
            and first
            and len(first) <= MAX_MARKED_HEADING
            and "。" not in first
            and heading_level(first) is None
        ):
            pieces = [f"{'#' * min(level, 6)} {first}"]
        for piece in pieces:
            self._line(piece)
        for box in _text_boxes(p):
            self.contents(box)

    def table(self, tbl: Any) -> None:
        rows: list[Row] = []
        first_line = 0
        last_line = 0
        for tr in _children(tbl, (_TR,)):
            cells: list[Cell] = []
            for tc in _children(tr, (_TC,)):
                # One w:tc per cell however many grid columns it spans; a cell continuing a
                # vertical merge is empty (its text, if any, is not shown by Word either).
                text = "" if tc.vMerge == "continue" else _cell_text(tc)
                number = self._line(f"\t{text}")
                first_line = first_line or number
                last_line = number
                cells.append(Cell(text=clean(text), line=number))
            if not cells:
                continue
            self._line("")
            if any(cell.text for cell in cells):
                rows.append(Row(cells=tuple(cells), line=cells[0].line))
        if not first_line:
            return
        if rows:
            self.tables.append(Table(rows=rows, line=first_line, end=last_line))
