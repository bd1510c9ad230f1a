"""Decoding text files whose encoding nobody told us (plan texts, CSV exports).

UTF-8 (with or without BOM), then GB18030 — a superset of GBK and GB2312,
which many government files and Excel's Chinese CSV exports use — and UTF-16
when a BOM says so.
"""

from __future__ import annotations

import codecs


def decode(data: bytes) -> str | None:
    """The text, or None when the bytes are neither UTF-8/16 nor GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
