"""Readers, one per format, all producing the same ``Document``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planwatch.errors import UnreadableDocument, UnsupportedPlanFormat
from planwatch.plan.document import Document

if TYPE_CHECKING:
    from planwatch.plan.read.ocr import OcrMode, Progress


def read(path: Path, *, ocr: OcrMode = "auto", progress: Progress | None = None) -> Document:
    """Read a plan document of any supported format into numbered lines and blocks.

    ``ocr`` says which PDF pages go through OCR: ``auto`` those without a text layer
    (scans), ``never`` none, ``always`` every page; ``progress`` is called with
    (pages done, pages to recognise) — readers never print.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise UnreadableDocument(path, "文件不存在", "请检查路径和文件名是否正确。")
    if path.is_dir():
        raise UnreadableDocument(path, "这是一个文件夹", "请给出文件夹中的规划文件，如 examples/plans/*.txt。")
    from planwatch.plan.read.guard import check_document, check_plan_file

    check_plan_file(path)
    document = _read(path, suffix, ocr, progress)
    check_document(document, path)
    return document


def _read(path: Path, suffix: str, ocr: OcrMode, progress: Progress | None) -> Document:
    if suffix in {".txt", ".md", ".markdown", ".text", ""}:
        from planwatch.plan.read.text import read_text

        return read_text(path)
    if suffix == ".docx":
        from planwatch.plan.read.docx import read_docx

        return read_docx(path)
    if suffix in {".html", ".htm", ".xhtml"}:
        from planwatch.plan.read.html import read_html

        return read_html(path)
    if suffix == ".pdf":
        from planwatch.plan.read.pdf import read_pdf

        return read_pdf(path, ocr=ocr, progress=progress)
    if suffix in {".doc", ".wps"}:
        from planwatch.plan.read.office import read_office

        return read_office(path)
    if suffix in {".xlsx", ".xlsm"}:
        from planwatch.plan.read.xlsx import read_xlsx

        return read_xlsx(path)
    raise UnsupportedPlanFormat(path, suffix)
