"""Readers, one per format, all producing the same ``Document``."""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import UnreadableDocument, UnsupportedFormat
from planwatch.plan.document import Document


def read(path: Path) -> Document:
    """Read a plan document of any supported format into numbered lines and blocks."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise UnreadableDocument(path, "文件不存在", "请检查路径和文件名是否正确。")
    if path.is_dir():
        raise UnreadableDocument(path, "这是一个文件夹", "请给出文件夹中的规划文件，如 examples/plans/*.txt。")
    if suffix in {".txt", ".md", ".markdown", ".text", ""}:
        from planwatch.plan.read.text import read_text

        return read_text(path)
    if suffix == ".docx":
        from planwatch.plan.read.docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from planwatch.plan.read.pdf import read_pdf

        return read_pdf(path)
    raise UnsupportedFormat(path, suffix)
