"""An .xlsx or .docx checked as the zip archive it is, before any library opens it.

openpyxl and python-docx trust what the archive says: how large its parts
inflate, how many there are, and XML with a DOCTYPE (where entity expansion
and external entities live).  A 5 KB file can so cost minutes and gigabytes.
This reads only the archive's directory and the first bytes of each XML part.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from planwatch import limits
from planwatch.errors import InputError

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_PROLOGUE = 4096
"""A DOCTYPE must come before the root element: the first bytes of a part are enough to find one."""


class UnsafeArchive(InputError):
    """The archive cannot be opened safely (a DOCTYPE in its XML, or it is not a zip at all)."""


class NotAnArchive(UnsafeArchive):
    """Not a zip archive at all: damaged, or another kind of file renamed."""


def check_package(path: Path, kind: str) -> None:
    """Refuse ``path`` (an Office file, ``kind`` names it for the message) if opening it could run away."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise NotAnArchive(
            f"“{path.name}”不是有效的{kind}文件（文件已损坏或只是改了扩展名）：请在 Excel/WPS/Word 中打开并另存后重试。"
        ) from None
    with archive:
        members = archive.infolist()
        limits.check(
            "max_archive_members", len(members), f"“{path.name}”中有 {len(members):,} 个部件", "请检查文件是否正常。"
        )
        total = sum(member.file_size for member in members)
        limits.check(
            "max_uncompressed_bytes",
            total,
            f"“{path.name}”解压后有 {total:,} 字节",
            "请删去无关的工作表、图片后再试，或拆分成几个文件。",
        )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1_000_000:
                limits.check(
                    "max_compression_ratio",
                    int(ratio),
                    f"“{path.name}”中的部件 {member.filename} 解压后放大 {ratio:,.0f} 倍",
                    "这不像正常的 Office 文件，请用 Excel/WPS/Word 另存后再试。",
                )
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as part:
                    if _DOCTYPE.search(part.read(_PROLOGUE)):
                        raise UnsafeArchive(
                            f"“{path.name}”的部件 {member.filename} 含有 DOCTYPE/实体声明，"
                            f"正常的{kind}文件不会有：为安全起见不予读取，请用 Excel/WPS/Word 另存后再试。"
                        )
