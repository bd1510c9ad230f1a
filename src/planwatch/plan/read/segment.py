"""Numbered lines → headings, paragraphs and tables.

Written by hand because no library knows how Word and PDF converters flatten
Chinese government documents.  The rules, all from ``seeds/README.md`` and
what real files do:

* A table flattened by Word's text export: one cell per line, each cell line
  starting with a tab; rows separated by blank lines; a cell's own text may
  wrap onto lines without a tab, with blank lines inside it (``\\t发展``,
  blank, ``质效``); merged cells missing or empty (``\\t`` alone).
* Markdown pipe tables (``| a | b |``) as other converters write them.
* Page-break debris: a paragraph cut by a page break continues after blank
  lines, sometimes in the middle of a word or between a number and its unit
  (``达到 100`` … ``亿元。``).  Such lines are joined back; joins that cut a
  number are recorded as ``Repair`` so the audit can show where the reader
  had to guess.
* Tables of contents (``第一节 主要成效 .....\\t6``), images and rules are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.plan.document import Block, Cell, Heading, Line, Paragraph, Row, Table
from planwatch.plan.model import Repair
from planwatch.plan.text import CJK, clean, ends_sentence, heading_level
from planwatch.units import UNIT_SPELLINGS

_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*\d+\s*$")
_NOISE = re.compile(r"^\s*(?:\[image:[^\]]*\]\s*\S{0,4}|-{3,}|\*{3,}|_{3,}|图\s*\d+[.．、].{0,30})\s*$")
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")

MAX_JOIN_GAP = 4
"""Blank lines a page break may leave inside a paragraph."""
WRAP_MIN_CHARS = 20
"""A line at least this long that does not end a sentence was cut, not finished."""
SHORT_CONTINUATION = 15


def _is_cell(raw: str) -> bool:
    return raw.startswith("\t")


def _is_blank(raw: str) -> bool:
    """Empty or spaces only; a lone tab is an empty table cell, not a blank line."""
    return not raw.strip() and not raw.startswith("\t")


def _is_pipe_row(raw: str) -> bool:
    stripped = raw.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _is_noise(raw: str) -> bool:
    return bool(_TOC.search(clean(raw)) or _NOISE.match(raw) or _PAGE_NUMBER.match(raw))


def _continues(text: str, gap: int) -> bool:
    """Does a paragraph line look cut off rather than finished?

    Directly followed by the next line (``gap`` 0) only a line ending inside a
    sentence (a comma, an open bracket, a digit) continues; Word exports put
    each paragraph on one line, and titles end without punctuation.  After a
    page break (blank lines) a long line that ends no sentence continues too.
    """
    if not text or ends_sentence(text):
        return False
    if text[-1] in "，、（“—-" or text[-1].isdigit():
        return True
    return gap > 0 and len(text) >= WRAP_MIN_CHARS


_UNIT_START = re.compile("|".join(re.escape(u) for u in UNIT_SPELLINGS))


def segment(
    lines: Sequence[Line], tables: Sequence[Table] = (), page_wrapped: bool = False
) -> tuple[list[Block], list[Repair]]:
    """Build the blocks of a document from its numbered lines.

    ``tables`` are tables the reader already has in structured form (docx,
    pdf); the lines they cover (``table.line`` to ``table.end``) are skipped.
    ``page_wrapped`` says every line was wrapped at a fixed width (PDF text),
    so any line that does not end a sentence continues on the next.
    """
    by_start = {table.line: table for table in tables}
    blocks: list[Block] = []
    repairs: list[Repair] = []
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        raw = line.text
        if line.number in by_start:
            table = by_start[line.number]
            attach_caption(blocks, table)
            blocks.append(table)
            index = _index_after(lines, index, table.end)
            continue
        if _is_blank(raw) or _is_noise(raw):
            index += 1
            continue
        if _is_cell(raw):
            table, index = _read_flat_table(lines, index)
            if table.rows:
                attach_caption(blocks, table)
                blocks.append(table)
            continue
        if _is_pipe_row(raw):
            table, index = _read_pipe_table(lines, index)
            if table.rows:
                attach_caption(blocks, table)
                blocks.append(table)
            continue
        level = heading_level(raw)
        if level is not None:
            blocks.append(Heading(text=clean(raw), level=level, line=line.number))
            index += 1
            continue
        paragraph, index = _read_paragraph(lines, index, repairs, page_wrapped)
        blocks.append(paragraph)
    return blocks, repairs


def _index_after(lines: Sequence[Line], index: int, last_line: int) -> int:
    while index < len(lines) and lines[index].number <= last_line:
        index += 1
    return index


def attach_caption(blocks: list[Block], table: Table) -> None:
    """A short unfinished line just above a table is its caption."""
    if table.caption or not blocks:
        return
    previous = blocks[-1]
    text = previous.text if isinstance(previous, Heading | Paragraph) else ""
    if text and len(text) <= 40 and not ends_sentence(text):
        table.caption = text


def _next_content(lines: Sequence[Line], index: int) -> tuple[int, int]:
    """Index of the next non-blank line at or after ``index`` and the blank lines skipped."""
    gap = 0
    while index < len(lines) and _is_blank(lines[index].text):
        index += 1
        gap += 1
    return index, gap


def _read_paragraph(
    lines: Sequence[Line], index: int, repairs: list[Repair], page_wrapped: bool
) -> tuple[Paragraph, int]:
    first = lines[index]
    text = clean(first.text)
    paragraph = Paragraph(text=text, spans=[(0, first.number)])
    index += 1
    while True:
        nxt, gap = _next_content(lines, index)
        if nxt >= len(lines) or gap > MAX_JOIN_GAP:
            break
        wraps = (bool(text) and not ends_sentence(text)) if page_wrapped else _continues(text, gap)
        if not wraps:
            break
        candidate = lines[nxt]
        raw = candidate.text
        if _is_cell(raw) or _is_pipe_row(raw) or heading_level(raw) is not None:
            break
        if _is_noise(raw):
            index = nxt + 1
            continue
        addition = clean(raw)
        if gap and text[-1].isdigit() and (addition[:1].isdigit() or _UNIT_START.match(addition)):
            cut = re.search(r"[\d.]+$", text)
            head = cut.group(0) if cut else text[-1]
            tail = re.match(rf"[^{CJK}]*[{CJK}]{{0,2}}", addition)
            repairs.append(
                Repair(
                    line=candidate.number,
                    before=f"{head}⏎{tail.group(0) if tail else addition[:2]}",
                    after=f"{head}{tail.group(0) if tail else addition[:2]}",
                    reason="数字与其单位被分页断开，已按同一数字接续",
                )
            )
        paragraph.spans.append((len(text), candidate.number))
        text += addition
        index = nxt + 1
    paragraph.text = text
    return paragraph, index


def _read_flat_table(lines: Sequence[Line], index: int) -> tuple[Table, int]:
    """Read a Word-flattened table starting at ``lines[index]`` (a tab-led cell line)."""
    rows: list[Row] = []
    cells: list[list[object]] = []  # [text, line] pairs of the row being read
    start = lines[index].number
    end = start

    def close_row() -> None:
        if cells and any(str(text) for text, _ in cells):
            built = tuple(Cell(text=str(text), line=int(str(number))) for text, number in cells)
            rows.append(Row(cells=built, line=built[0].line))
        cells.clear()

    count = len(lines)
    while index < count:
        raw = lines[index].text
        if _is_cell(raw):
            cells.append([clean(raw), lines[index].number])
            end = lines[index].number
            index += 1
            continue
        nxt, gap = _next_content(lines, index)
        if nxt >= count:
            index = nxt
            break
        raw_next = lines[nxt].text
        if _is_cell(raw_next):
            if gap:
                close_row()
            index = nxt
            continue
        # A line without a tab: the wrapped rest of the last cell, or the end of the table.
        after, _ = _next_content(lines, nxt + 1)
        followed_by_cell = after < count and _is_cell(lines[after].text)
        short = len(clean(raw_next)) <= SHORT_CONTINUATION
        if cells and gap <= 1 and (followed_by_cell or (gap == 0 and short)):
            cells[-1][0] = f"{cells[-1][0]}{clean(raw_next)}"
            end = lines[nxt].number
            index = nxt + 1
            continue
        index = nxt
        break
    close_row()
    return Table(rows=rows, line=start, end=end), index


def _read_pipe_table(lines: Sequence[Line], index: int) -> tuple[Table, int]:
    rows: list[Row] = []
    start = lines[index].number
    end = start
    while index < len(lines) and _is_pipe_row(lines[index].text):
        raw = lines[index].text
        number = lines[index].number
        end = number
        index += 1
        if _PIPE_SEPARATOR.match(raw):
            continue
        parts = raw.strip().strip("|").split("|")
        cells = tuple(Cell(text=clean(part), line=number) for part in parts)
        if any(cell.text for cell in cells):
            rows.append(Row(cells=cells, line=number))
    return Table(rows=rows, line=start, end=end), index
