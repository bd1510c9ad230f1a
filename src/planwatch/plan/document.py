"""A plan document as every reader delivers it: numbered lines plus blocks.

Readers (one per format, in ``plan/read/``) turn a file into a ``Document``:

* ``lines`` — the normalised text, one entry per line, numbered from 1.  For
  .txt/.md these are the file's own lines; for .docx/.pdf the reader writes
  them (paragraphs one per line, tables flattened one cell per line), and
  each line remembers its paragraph or page.
* ``blocks`` — the same content segmented: headings, paragraphs (page-break
  debris already joined) and tables (rows of cells).  Every block and cell
  knows the line it starts on, so recognisers can cite their source.

Recognisers only ever see a ``Document``; they never know the file format.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from planwatch.plan.model import Repair, Source


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    paragraph: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    """1 chapter (第一章), 2 section (第一节), 3 一、, 4 （一）, 5 1., 6 an unnumbered short title."""
    line: int


@dataclass
class Paragraph:
    """Running text, joined across wrapped lines; ``spans`` maps offsets back to lines."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    """(offset in ``text`` where a source line starts, that line's number), ascending."""

    @property
    def line(self) -> int:
        return self.spans[0][1] if self.spans else 0

    def line_at(self, offset: int) -> int:
        """The source line holding character ``offset`` of ``text``."""
        starts = [start for start, _ in self.spans]
        index = max(bisect_right(starts, offset) - 1, 0)
        return self.spans[index][1]


@dataclass(frozen=True)
class Cell:
    text: str
    line: int


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    line: int

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def __len__(self) -> int:
        return len(self.cells)


@dataclass
class Table:
    rows: list[Row]
    line: int
    end: int = 0
    """The last line the table covers in the normalised text."""
    caption: str | None = None


Block = Heading | Paragraph | Table


@dataclass
class Document:
    path: str
    format: str
    lines: list[Line]
    blocks: list[Block]
    repairs: list[Repair] = field(default_factory=list)

    def line(self, number: int) -> Line:
        return self.lines[number - 1]

    def source(self, number: int, text: str | None = None) -> Source:
        """Provenance for an item found on line ``number`` (``text`` defaults to the line)."""
        line = self.line(number)
        return Source(
            line=number,
            text=(text if text is not None else line.text).strip(),
            paragraph=line.paragraph,
            page=line.page,
        )

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [block for block in self.blocks if isinstance(block, Paragraph)]
