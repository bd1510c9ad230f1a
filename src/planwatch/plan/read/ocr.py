"""Text and tables of a scanned page: OCR with the models a PyPI wheel ships.

Many county plans are published as scans.  Machines that run planwatch are
often on an intranet that reaches nothing but a package mirror, so the OCR
model must arrive with ``pip``/``uv`` and never be fetched at run time:
``rapidocr-onnxruntime`` 1.x carries PaddleOCR's PP-OCRv4 detection and
recognition models (ONNX, about 15 MB) inside its wheel and runs them on
onnxruntime's CPU build; its 2.x successor (``rapidocr``) downloads them on
first use and is not used.  Pages are rendered by pypdfium2 (pdfplumber's
renderer, already installed).

What the page holds is rebuilt from the image and the text boxes:

* **tables** from their ruling lines — long thin runs of dark pixels found
  with numpy, handed as edges to pdfplumber's own table finder (the same
  intersections → cells → tables steps it runs on a PDF's vector lines), so a
  scanned table comes out in exactly the shape a text-layer table does,
  merged cells included; each recognised text box goes to the cell holding
  its centre, and a cell's lines are joined without a separator (Chinese
  wraps anywhere);
* **tables without ruling lines** from the boxes alone (``borderless_table``):
  rows are lines split into three or more pieces by wide gaps, columns where
  the lines have text between gutters (nearly) no line crosses — the header
  and every row vote — and a line with its first column empty and most
  columns empty the wrapped rest of the row above;
* a cell the detector found nothing in is looked at: a short thin bar is a
  dash (``—``, no figure), other ink is read directly (a lone 个 or 0 the
  detector passed over);
* **text lines** from the boxes outside tables, grouped by vertical overlap
  and put in reading order; their geometry (in PDF points, the size
  estimated from the box height) is what the PDF reader's paragraph joining
  works on, so scanned and born-digital pages are written alike.

Recognition is tuned for speed on two cores: no orientation classifier (scans
of plans are upright), text found on the page at 70 % size, and crops read one
at a time — padded to one character, not 320 px — by one single-threaded
recogniser per core side by side.  The recogniser's habits are undone:
``(二)`` → ``（二）`` around Chinese, ``[2024]`` → ``〔2024〕`` in a 文号,
``丶`` → ``、``, ``一一`` → ``——``, quotes set by turn, full-width digits.
The reader never prints; progress goes to a callback.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pdfplumber.table import Table as PdfTable
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from PIL import Image

from planwatch.errors import UnreadableDocument

OcrMode = Literal["auto", "never", "always"]
"""Which PDF pages are recognised: those without a text layer, none, or all."""
Progress = Callable[[int, int], None]
"""Called with (pages done, pages to do) as OCR goes on."""

OCR_DPI = 150
"""Resolution pages are recognised at: 9-point table text is 19 px high, enough for PP-OCRv4."""
INK = 160
"""Grey level below which a pixel is ink."""
MIN_HORIZONTAL = 14.0
"""A horizontal ruling line is at least this long (points); a character's stroke is shorter."""
MIN_VERTICAL = 11.0
"""A vertical ruling line is at least this long (points): one row of 9-point text."""
MAX_THICKNESS = 3.0
"""A ruling line is at most this thick (points); thicker ink is a picture or a filled area."""
SNAP = 3.0
"""Tolerance (points) for joining line pieces and finding their intersections, as pdfplumber's default."""
SIZE_RATIO = 1.35
"""Detected text boxes are this much taller than the font size."""
MIN_SCORE = 0.5
REC_HEIGHT = 48
"""Crops are read at this height, as the recogniser was trained (32 is twice as fast but misreads)."""
MAX_READERS = 4
DETECT_SCALE = 0.7
"""Text is found on the page at 70 % (105 dpi): half the pixels, the same boxes as at full size."""


@dataclass(frozen=True)
class Box:
    """One recognised piece of text, in PDF points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class OcrLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    lead: float
    """Width of the Latin letters or digits the line starts with."""


@dataclass(frozen=True)
class OcrTable:
    top: float
    columns: list[float]
    """Left edges of the columns (points): a table continued on the next page has the same."""
    texts: list[list[str | None]]
    """Ruled: cell texts per row of ``grid``, as ``pdfplumber.table.Table.extract`` gives them
    (None where a merged cell covers the position).  Borderless: the rows, one text per column."""
    grid: PdfTable | None = None


@dataclass(frozen=True)
class OcrPage:
    lines: list[OcrLine]
    tables: list[OcrTable]


# ------------------------------------------------------------------ engine


@dataclass
class _Engine:
    """The detector (both cores) and one single-threaded recogniser per core.

    Text lines are small inputs: onnxruntime spreads each over both cores poorly (about
    twice the CPU for the same wall time), so the crops of a page are shared out between
    single-threaded sessions running side by side instead.
    """

    detector: Any
    readers: list[Any]
    pool: ThreadPoolExecutor


_engine: _Engine | None = None
_engine_lock = threading.Lock()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _load(path: Path) -> _Engine:
    """The models, loaded once per process (about a second)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
                from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
                from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
                from rapidocr_onnxruntime.utils import read_yaml, update_model_path
            except ImportError as error:
                raise UnreadableDocument(
                    path,
                    "这是扫描件 PDF（页面是图片），识别文字需要 OCR 组件 rapidocr-onnxruntime，而当前环境没有安装",
                    "请在 planwatch 目录运行 make env（或 pip install 'rapidocr-onnxruntime<1.5'，需 Python 3.12 及以下）后重试；"
                    "也可提供 .docx 或带文字层的 PDF。",
                ) from error
            detector = RapidOCR(print_verbose=False)
            config = update_model_path(read_yaml(DEFAULT_CFG_PATH))["Rec"]
            config.update(intra_op_num_threads=1, inter_op_num_threads=1, rec_batch_num=1)
            readers = []
            for _ in range(min(_cores(), MAX_READERS)):
                reader = TextRecognizer(config)
                # Crops are padded to at least this width: one character instead of 320 px
                # makes short table cells about 1.5 times faster to read.
                reader.rec_image_shape = [3, REC_HEIGHT, REC_HEIGHT]
                readers.append(reader)
            _engine = _Engine(detector, readers, ThreadPoolExecutor(len(readers), thread_name_prefix="planwatch-ocr"))
        return _engine


_Read = tuple[str, float, Any]
"""A crop's text, its score, and where each character was read (rapidocr's word-box data)."""


def _read_crops(engine: _Engine, crops: list[np.ndarray]) -> list[_Read]:
    """Text, score and character positions of each crop, shared out between the recognisers by width."""
    order = sorted(range(len(crops)), key=lambda index: crops[index].shape[1] / max(crops[index].shape[0], 1))
    shares = [order[start :: len(engine.readers)] for start in range(len(engine.readers))]

    def run(share: int) -> list[Any]:
        if not shares[share]:
            return []
        found, _ = engine.readers[share]([crops[index] for index in shares[share]], return_word_box=True)
        return list(found)

    results: list[_Read] = [("", 0.0, None)] * len(crops)
    for share, found in zip(range(len(shares)), engine.pool.map(run, range(len(shares))), strict=True):
        for index, (text, score, where) in zip(shares[share], found, strict=True):
            results[index] = (str(text), float(score), where)
    return results


def _pieces(text: str, where: Any, width: float, height: float) -> list[tuple[str, float, float]]:
    """The crop's text split where a gap wider than ``COLUMN_GAP`` characters separates it.

    The detector often takes two table cells on one line for one box ("二级指标    单位");
    the recogniser's character positions (CTC columns) tell where the gap is.  Returns
    (text, left, right) in crop pixels; one piece, the whole crop, when there is no gap.
    """
    whole = [(text, 0.0, width)]
    try:
        length, words, columns = float(where[0]), where[1], where[2]
        chars = [char for word in words for char in word]
        positions = [float(column) for word in columns for column in word]
    except (TypeError, IndexError, ValueError):
        return whole
    if len(chars) < 2 or len(chars) != len(positions) or "".join(chars) != text.replace(" ", "") or length <= 0:
        return whole
    step = width / length
    char = height / SIZE_RATIO
    centres = [(position + 0.5) * step for position in positions]
    pieces: list[tuple[str, float, float]] = []
    first = 0
    for index in range(1, len(chars) + 1):
        if index == len(chars) or centres[index] - centres[index - 1] > (1 + COLUMN_GAP) * char:
            left = max(centres[first] - char / 2, 0.0)
            right = min(centres[index - 1] + char / 2, width)
            pieces.append(("".join(chars[first:index]), left, right))
            first = index
    return whole if len(pieces) == 1 else pieces


@dataclass
class Timings:
    """Seconds spent per stage, summed over the pages read (for bench/ocr.py)."""

    detect: float = 0.0
    recognise: float = 0.0
    tables: float = 0.0


def recognise(path: Path, image: np.ndarray, scale: float, timings: Timings | None = None) -> list[Box]:
    """Text boxes of a page image (grey, 2-D), in points (``scale`` points per pixel).

    Text is found on the page scaled by ``DETECT_SCALE`` (detection costs as the pixels, and
    finds 9-point text as well there) and read from crops of the full image.
    """
    engine = _load(path)
    height, width = image.shape
    small = Image.fromarray(image).resize(
        (max(int(width * DETECT_SCALE), 32), max(int(height * DETECT_SCALE), 32)), Image.Resampling.BILINEAR
    )
    started = time.perf_counter()
    found, _ = engine.detector.text_det(_rgb(np.asarray(small)))
    detected = time.perf_counter()
    if timings:
        timings.detect += detected - started
    if found is None or len(found) == 0:
        return []
    quads = [np.asarray(quad, dtype=np.float32) * np.float32(width / small.width) for quad in found]
    crops = engine.detector.get_crop_img_list(_rgb(image), quads)
    read = _read_crops(engine, crops)
    if timings:
        timings.recognise += time.perf_counter() - detected
    boxes: list[Box] = []
    for quad, crop, (text, score, where) in zip(quads, crops, read, strict=True):
        if score < MIN_SCORE or not text.strip():
            continue
        left, top, bottom = float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 1].max())
        for piece, x0, x1 in _pieces(text, where, float(crop.shape[1]), float(crop.shape[0])):
            boxes.append(
                Box(
                    text=normalise(piece),
                    x0=(left + x0) * scale,
                    top=top * scale,
                    x1=(left + x1) * scale,
                    bottom=bottom * scale,
                )
            )
    return boxes


def _rgb(image: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.stack([image] * 3, axis=-1))


_HALF_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF10, 0xFF5B) if chr(code).isalnum()})
"""Full-width digits and letters, as the recogniser sometimes reads a lone figure."""
_DOUBLE_DASH = re.compile(r"^一一(?=[\u4e00-\u9fff])")
"""The —— that opens a 发展目标 item, read as 一一."""
_LEAD = re.compile(r"[0-9A-Za-z.%/+\-]+")
_PARENS = re.compile(r"[(（]([^()（）]{0,40})[)）]")
_DOC_YEAR = re.compile(r"(?<=[发字办函])\s*[\[［【〔(（]\s*(\d{4})\s*[\]］】〕)）]")


def normalise(text: str) -> str:
    """Undo the recogniser's habits: bracket widths, 文号 brackets, quotes, look-alike characters."""
    text = text.translate(_HALF_WIDTH).replace("丶", "、").strip()
    text = _DOUBLE_DASH.sub("——", text)
    text = _DOC_YEAR.sub(lambda match: f"〔{match.group(1)}〕", text)
    text = _quotes(text)

    def parens(match: re.Match[str]) -> str:
        inner = match.group(1)
        return f"({inner})" if re.fullmatch(r"[\x00-\x7f]*", inner) else f"（{inner}）"

    return _PARENS.sub(parens, text)


_QUOTE_MARKS = re.compile('["“”]')


def _quotes(text: str) -> str:
    """Double quotes as the curly ones Chinese text uses, opening and closing in turn.

    With an even number of quote marks every mark is set by its turn (the recogniser mixes
    “, ” and "); with an odd number — a quotation running on from or onto another line —
    only the straight ones are.
    """
    marks = _QUOTE_MARKS.findall(text)
    if not marks:
        return text
    every = len(marks) % 2 == 0
    out: list[str] = []
    open_quote = False
    for char in text:
        if char == '"' or (every and char in "“”"):
            char = "”" if open_quote else "“"
        if char in "“”":
            open_quote = char == "“"
        out.append(char)
    return "".join(out)


_DASHES = {"一", "二", "-", "－", "–", "—", "―", "ー", "=", "_", "一一", "——", "--"}
"""What the recogniser makes of a cell holding only a dash (no figure); 二 is a thick 一 — a cell
holding just a Chinese numeral does not occur in plan tables (their 序号 read 二、 or （二）)."""
_LONE = {"o": "0", "O": "0", "↑": "个"}
"""A cell holding only one of these is a misread 0 or 个 (no cell of a plan table holds just o or ↑)."""
_OPEN_NUMBER = re.compile(r"^[(（]([0-9一二三四五六七八九十]+)$")


def cell_text(boxes: list[Box]) -> str:
    """The text of the boxes in one cell: line by line, joined without separators, then tidied."""
    return tidy_cell("".join(line_text(line) for line in group_lines(boxes)))


def tidy_cell(text: str) -> str:
    """A cell's whole text: a dash read as a character, a 序号 that lost its ), quotes."""
    text = _quotes(text)
    if text in _DASHES:
        return "—"
    if text in _LONE:
        return _LONE[text]
    # A 序号 wrapped in a narrow column loses its lone closing bracket: (10 → (10).
    opened = _OPEN_NUMBER.match(text)
    if opened:
        return normalise(f"{text})")
    return text


# ---------------------------------------------------------------- tables


def _long_runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels of ``mask`` that lie in a run of at least ``length`` along ``axis``."""
    grid = mask if axis == 1 else mask.T
    rows, count = grid.shape
    if length < 1 or length > count:
        return np.zeros_like(mask)
    sums = np.zeros((rows, count + 1), dtype=np.int32)
    np.cumsum(grid, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # the window starting here is all ink
    starts = full.shape[1]
    covered_sums = np.zeros((rows, starts + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=covered_sums[:, 1:])
    index = np.arange(count)
    low = np.clip(index - length + 1, 0, starts)
    high = np.clip(index + 1, 0, starts)
    covered = (covered_sums[:, high] - covered_sums[:, low]) > 0
    return covered if axis == 1 else covered.T


def _segments(mask: np.ndarray, scale: float, orientation: str) -> list[dict[str, Any]]:
    """Edges (pdfplumber's dicts, in points) for the runs of each pixel row (or column) of ``mask``."""
    grid = mask if orientation == "h" else mask.T
    edges: list[dict[str, Any]] = []
    for position in np.flatnonzero(grid.any(axis=1)):
        line = np.concatenate(([0], grid[position].view(np.int8), [0]))
        changes = np.flatnonzero(np.diff(line))
        for start, end in zip(changes[::2], changes[1::2], strict=True):
            at, a, b = position * scale, start * scale, end * scale
            if orientation == "h":
                box = {"x0": a, "x1": b, "top": at, "bottom": at}
            else:
                box = {"x0": at, "x1": at, "top": a, "bottom": b}
            edges.append(
                {
                    **box,
                    "doctop": box["top"],
                    "width": box["x1"] - box["x0"],
                    "height": box["bottom"] - box["top"],
                    "orientation": orientation,
                    "object_type": "line",
                }
            )
    return edges


def find_tables(image: np.ndarray, scale: float) -> list[PdfTable]:
    """Tables drawn with ruling lines on a grey page image; cells in points."""
    ink = image < INK
    pixels = 1 / scale
    thick = max(round(MAX_THICKNESS * pixels), 2) + 1
    horizontal = _long_runs(ink, int(MIN_HORIZONTAL * pixels), axis=1)
    horizontal &= ~_long_runs(horizontal, thick, axis=0)
    vertical = _long_runs(ink, int(MIN_VERTICAL * pixels), axis=0)
    vertical &= ~_long_runs(vertical, thick, axis=1)
    edges = _segments(horizontal, scale, "h") + _segments(vertical, scale, "v")
    if not edges:
        return []
    edges = merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    intersections = edges_to_intersections(edges, SNAP, SNAP)
    cells = intersections_to_cells(intersections)
    # No page: the cells come from an image, and only the cells, rows and bbox of a table are used.
    return [PdfTable(None, group) for group in cells_to_tables(cells) if len(group) >= 2]  # type: ignore[arg-type]


def _inside(box: Box, bbox: tuple[float, float, float, float]) -> bool:
    x = (box.x0 + box.x1) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= box.middle <= bbox[3]


def group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into visual lines (by vertical overlap), top to bottom, each left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda item: (item.middle, item.x0)):
        for line in lines:
            top = min(item.top for item in line)
            bottom = max(item.bottom for item in line)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= 0.5 * min(box.height, bottom - top):
                line.append(box)
                break
        else:
            lines.append([box])
    for line in lines:
        line.sort(key=lambda item: item.x0)
    lines.sort(key=lambda line: min(item.top for item in line))
    return lines


def line_text(line: list[Box]) -> str:
    """Boxes of one line joined: with a space where a gap wider than a character separates them."""
    parts = [line[0].text]
    for previous, box in pairwise(line):
        gap = box.x0 - previous.x1
        parts.append(" " if gap > previous.height else "")
        parts.append(box.text)
    return "".join(parts)


def _table_texts(
    path: Path, table: PdfTable, boxes: list[Box], image: np.ndarray, scale: float
) -> list[list[str | None]]:
    by_cell: dict[tuple[float, float, float, float], list[Box]] = {}
    for box in boxes:
        cell = next((cell for cell in table.cells if _inside(box, cell)), None)
        if cell is not None:
            by_cell.setdefault(cell, []).append(box)

    def text(cell: tuple[float, float, float, float]) -> str:
        if cell in by_cell:
            return cell_text(by_cell[cell])
        inset = 2 * SNAP  # clear of the ruling lines
        x0, top, x1, bottom = cell
        return missed_text(path, image, scale, x0 + inset, top + inset, x1 - inset, bottom - inset)

    return [[None if cell is None else text(cell) for cell in row.cells] for row in table.rows]


def missed_text(path: Path, image: np.ndarray, scale: float, x0: float, top: float, x1: float, bottom: float) -> str:
    """The text of a table cell the detector found nothing in: a dash, or a lone character read directly.

    The detector passes over a lone ``—`` (no figure) and, at times, a single character such
    as 个 or 0 in an otherwise empty cell; the ink there is looked at and read as it is.
    """
    if dash_in(image, scale, x0, top, x1, bottom):
        return "—"
    left, right = max(int(x0 / scale), 0), int(x1 / scale)
    upper, lower = max(int(top / scale), 0), int(bottom / scale)
    if right <= left or lower <= upper:
        return ""
    ink = image[upper:lower, left:right] < INK
    if ink.sum() < MIN_INK:
        return ""
    rows = np.flatnonzero(ink.any(axis=1))
    columns = np.flatnonzero(ink.any(axis=0))
    pad = max(int((rows[-1] - rows[0]) * 0.3), 2)
    crop = image[
        max(upper + rows[0] - pad, 0) : upper + rows[-1] + pad + 1,
        max(left + columns[0] - pad, 0) : left + columns[-1] + pad + 1,
    ]
    engine = _load(path)
    (text, score), *_ = engine.readers[0]([_rgb(crop)])[0]
    return tidy_cell(normalise(str(text))) if float(score) >= MIN_SCORE else ""


MIN_INK = 12
"""Fewer dark pixels than this in an empty cell are specks, not a character."""
DASH_WIDTH = (3.0, 30.0)
"""A dash standing for "no figure" is this wide (points): from a hyphen to a doubled em dash."""


def dash_in(image: np.ndarray, scale: float, x0: float, top: float, x1: float, bottom: float) -> bool:
    """Does the area hold only a dash — a short, thin, solid bar?

    The detector does not see a lone ``—`` (no figure) in an otherwise empty cell, so empty
    cells are looked at directly.
    """
    left, right = max(int(x0 / scale), 0), int(x1 / scale)
    upper, lower = max(int(top / scale), 0), int(bottom / scale)
    if right <= left or lower <= upper:
        return False
    ink = image[upper:lower, left:right] < INK
    if not ink.any():
        return False
    rows = np.flatnonzero(ink.any(axis=1))
    columns = np.flatnonzero(ink.any(axis=0))
    height = rows[-1] - rows[0] + 1
    width = columns[-1] - columns[0] + 1
    solid = bool(ink.sum() >= 0.7 * height * width)
    return solid and height * scale <= MAX_THICKNESS and DASH_WIDTH[0] <= width * scale <= DASH_WIDTH[1]


# ------------------------------------------------------------------ page


def read_image(path: Path, image: np.ndarray, scale: float, timings: Timings | None = None) -> OcrPage:
    """The text lines and tables of one page image (grey, 2-D; ``scale`` points per pixel)."""
    boxes = recognise(path, image, scale, timings)
    started = time.perf_counter()
    tables = find_tables(image, scale)
    if timings:
        timings.tables += time.perf_counter() - started
    outside = [box for box in boxes if not any(_inside(box, table.bbox) for table in tables)]
    found: list[OcrTable] = []
    for table in tables:
        inside = [box for box in boxes if _inside(box, table.bbox)]
        found.append(
            OcrTable(
                top=float(table.bbox[1]),
                columns=sorted({cell[0] for cell in table.cells}),
                texts=_table_texts(path, table, inside, image, scale),
                grid=table,
            )
        )
    visual = group_lines(outside)
    lines: list[OcrLine] = []
    index = 0
    while index < len(visual):
        borderless = borderless_table(visual, index, image, scale, path)
        if borderless is not None:
            unruled, begin, after = borderless
            del lines[len(lines) - (index - begin) :]  # lines above it that were the rest of a cut row
            found.append(unruled)
            index = after
            continue
        lines.append(_ocr_line(visual[index]))
        index += 1
    return OcrPage(lines=lines, tables=found)


def _ocr_line(line: list[Box]) -> OcrLine:
    text = line_text(line)
    top = min(box.top for box in line)
    bottom = max(box.bottom for box in line)
    size = (bottom - top) / SIZE_RATIO
    middle = (top + bottom) / 2
    x0 = line[0].x0
    x1 = max(box.x1 for box in line)
    leading = _LEAD.match(text)
    lead_chars = leading.end() if leading else 0
    lead = (x1 - x0) * lead_chars / max(len(text), 1)
    return OcrLine(text=text, x0=x0, x1=x1, top=middle - size / 2, bottom=middle + size / 2, size=size, lead=lead)


# ------------------------------------------------------- borderless tables

COLUMN_GAP = 0.8
"""Pieces of a line further apart than this many characters stand in different columns (Word's cell
margins keep the text of two columns about one character apart)."""
MIN_COLUMNS = 3
MIN_TABLE_ROWS = 3
ROW_GAP = 2.5
"""Lines of one table are at most this many character heights apart."""


def _segments_of(line: list[Box]) -> list[list[Box]]:
    """The pieces of a visual line: boxes closer than a column gap belong together."""
    pieces = [[line[0]]]
    for previous, box in pairwise(line):
        if box.x0 - previous.x1 > COLUMN_GAP * min(previous.height, box.height) / SIZE_RATIO:
            pieces.append([box])
        else:
            pieces[-1].append(box)
    return pieces


def _span(boxes: list[Box]) -> tuple[float, float]:
    """Where the text of the boxes runs: the detector's margin around the letters left out."""
    margin = 0.5 * (1 - 1 / SIZE_RATIO) * min(box.height for box in boxes)
    return min(box.x0 for box in boxes) + margin, max(box.x1 for box in boxes) - margin


def borderless_table(
    lines: list[list[Box]], start: int, image: np.ndarray | None = None, scale: float = 1.0, path: Path = Path()
) -> tuple[OcrTable, int, int] | None:
    """A table without ruling lines found at visual line ``start``: the table, its first line, the line after it.

    Rows are lines with three or more pieces set apart by wide gaps; lines between them
    whose pieces fall in the table's columns are wrapped cell text.  Columns are where
    the lines have text, split at the gutters that (nearly) no line crosses — the header
    and every row vote, so one cell whose text runs close to its neighbour does not join
    two columns; each box goes to the column it overlaps most.  A line with its first
    column empty and fewer than half the columns filled continues the row above (cells
    are top-aligned, Word's default), its text joined to that row's cells without
    separators; with more filled it is a row under a merged first cell.  The short lines
    just above it whose text falls in one column other than the first are the rest of a
    row a page break cut (the first line of the table may then open with them).
    """
    if len(_segments_of(lines[start])) < MIN_COLUMNS:
        return None
    end = start + 1
    last_columnar = start
    while end < len(lines):
        height = max(box.height for box in lines[end - 1]) / SIZE_RATIO
        gap = min(box.top for box in lines[end]) - max(box.bottom for box in lines[end - 1])
        if gap > ROW_GAP * height:
            break
        if len(_segments_of(lines[end])) >= MIN_COLUMNS:
            last_columnar = end
        elif not _within(lines[end], lines[start : last_columnar + 1]):
            break
        end += 1
    end = last_columnar + 1
    # The wrapped rest of the last row (nothing in the first column), not a note under the table.
    columns = _columns(lines[start:end])
    while end < len(lines) and _within(lines[end], lines[start:end]):
        height = max(box.height for box in lines[end - 1]) / SIZE_RATIO
        gap = min(box.top for box in lines[end]) - max(box.bottom for box in lines[end - 1])
        if gap > ROW_GAP * height or any(_column_of(_span([box]), columns) == 0 for box in lines[end]):
            break
        end += 1
    if sum(len(_segments_of(line)) >= MIN_COLUMNS for line in lines[start:end]) < MIN_TABLE_ROWS:
        return None
    columns = _columns(lines[start:end])
    if len(columns) < MIN_COLUMNS:
        return None
    begin = start
    while begin > 0 and _rest_of_cut_row(lines[begin - 1], lines[begin], columns):
        begin -= 1
    table_lines = lines[begin:end]
    rows: list[list[str]] = []
    for line in table_lines:
        cells = ["" for _ in columns]
        for box in line:
            cells[_column_of(_span([box]), columns)] += box.text
        if image is not None:
            top, bottom = min(box.top for box in line), max(box.bottom for box in line)
            for index, (left, right) in enumerate(columns):
                if not cells[index]:
                    cells[index] = missed_text(path, image, scale, left, top, right, bottom)
        if not cells[0] and 2 * sum(bool(cell) for cell in cells) < len(cells) and rows:
            rows[-1] = [above + below for above, below in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    table = OcrTable(
        top=min(box.top for box in lines[begin]),
        columns=[left for left, _ in columns],
        texts=[[tidy_cell(cell) if cell else "" for cell in row] for row in rows],
    )
    return table, begin, end


CUT_REST_CHARS = 6


def _rest_of_cut_row(line: list[Box], below: list[Box], columns: list[tuple[float, float]]) -> bool:
    height = max(box.height for box in line) / SIZE_RATIO
    gap = min(box.top for box in below) - max(box.bottom for box in line)
    return (
        gap <= ROW_GAP * height
        and len(line) <= 2
        and sum(len(box.text) for box in line) <= CUT_REST_CHARS
        and all(
            _column_of(_span([box]), columns) > 0
            and min(box.x1, columns[_column_of(_span([box]), columns)][1])
            - max(box.x0, columns[_column_of(_span([box]), columns)][0])
            > 0
            for box in line
        )
    )


def _within(line: list[Box], table: list[list[Box]]) -> bool:
    """Do the boxes of ``line`` fall inside the columns the table's lines so far use?"""
    columns = _columns(table)
    return all(any(min(box.x1, right) - max(box.x0, left) > 0 for left, right in columns) for box in line)


GUTTER_CROSSINGS = 0.1
"""A gutter between columns may be crossed by this share of the lines (a long cell, a misread gap)."""


def _columns(lines: list[list[Box]]) -> list[tuple[float, float]]:
    """Column spans (points): where more than a few lines have text, left to right."""
    spans = [_span([box]) for line in lines for box in line]
    left = int(min(x0 for x0, _ in spans))
    right = int(max(x1 for _, x1 in spans)) + 1
    cover = np.zeros(right - left + 1, dtype=np.int32)
    for line in lines:
        covered = np.zeros_like(cover, dtype=bool)
        for x0, x1 in (_span([box]) for box in line):
            covered[int(x0) - left : int(x1) - left + 1] = True
        cover += covered
    text = cover > GUTTER_CROSSINGS * len(lines)
    changes = np.flatnonzero(np.diff(np.concatenate(([0], text.view(np.int8), [0]))))
    return [(float(left + a), float(left + b)) for a, b in zip(changes[::2], changes[1::2], strict=True)]


def _column_of(span: tuple[float, float], columns: list[tuple[float, float]]) -> int:
    x0, x1 = span
    return max(range(len(columns)), key=lambda index: min(x1, columns[index][1]) - max(x0, columns[index][0]))
