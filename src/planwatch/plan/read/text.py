"""Read .txt and .md plan documents (as converted from Word or PDF).

The encoding is detected, not asked for (``planwatch.textfile``).  The normalised text keeps the file's own
lines, so a cited line number is the line a user sees in their editor.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from planwatch.errors import EmptyDocument, UnreadableDocument
from planwatch.plan.document import Document, Line
from planwatch.plan.read.segment import segment
from planwatch.textfile import decode as decode_bytes


def decode(data: bytes, path: Path) -> str:
    """Decode a Chinese text file whose encoding nobody told us."""
    text = decode_bytes(data)
    if text is None:
        raise UnreadableDocument(
            path,
            "文字编码既不是 UTF-8 也不是 GBK/GB18030",
            "请用记事本或 WPS 将文件另存为“UTF-8”编码后重试。",
        )
    return text


def read_text(path: Path, data: bytes | None = None) -> Document:
    raw = data if data is not None else path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableDocument(path, "这不是文本文件（含有二进制内容）", "请确认文件类型与扩展名一致。")
    text = decode(raw, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(path)
    lines = [Line(number=i, text=line) for i, line in enumerate(text.split("\n"), start=1)]
    blocks, repairs = segment(lines)
    return Document(
        path=str(path), format=path.suffix.lower().lstrip(".") or "txt", lines=lines, blocks=blocks, repairs=repairs
    )
