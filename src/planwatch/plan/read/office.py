"""Read old Word (.doc) and WPS (.wps) files by converting them with LibreOffice.

No Python library reads the binary Word format well, and many older county
plans exist only as .doc (or WPS's .wps, the same binary format in most
files).  LibreOffice reads both faithfully — tables, merged cells and all — so
when it is installed the file is converted to .docx with ``soffice --headless
--convert-to docx`` and read by the .docx reader; lines carry the paragraph
numbers of the converted document.  When it is not, the error says how to
install it or to save the file as .docx.

The conversion runs on a copy with an ASCII name (LibreOffice mishandles
some non-ASCII paths outside a UTF-8 locale), with a throwaway user profile
(a LibreOffice the user has open, or a second conversion running at the same
time, would otherwise take the request and the conversion silently do
nothing), and within ``CONVERT_TIMEOUT`` seconds: a damaged file can make
LibreOffice hang, so the whole process group is killed then.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from planwatch.errors import EmptyDocument, MissingConverter, UnreadableDocument
from planwatch.plan.document import Document

CONVERT_TIMEOUT = 180.0
"""Seconds a conversion may take: a long plan converts in under 20 s on 2 cores."""
_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
INSTALL_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui；"
    "Windows/macOS：从 LibreOffice 官网安装）后重试，或用 Word/WPS 打开该文件“另存为” .docx 后再导入。"
)


def find_soffice() -> str | None:
    """The LibreOffice program, from PATH or where installers put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _CANDIDATES:
        for candidate in sorted(glob.glob(pattern)):
            if os.access(candidate, os.X_OK):
                return candidate
    return None


def convert(path: Path, target: str, outdir: Path, timeout: float = CONVERT_TIMEOUT) -> Path:
    """Convert ``path`` with LibreOffice to format ``target`` (``docx``, ``pdf``, ``doc``) in ``outdir``."""
    soffice = find_soffice()
    if soffice is None:
        raise MissingConverter(
            path, f"读取 {path.suffix.lower() or '该'} 文件需要 LibreOffice，而本机没有安装", INSTALL_HINT
        )
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="planwatch-office-") as work:
        workdir = Path(work)
        source = workdir / f"input{path.suffix.lower()}"
        try:
            shutil.copyfile(path, source)
        except OSError as error:
            raise UnreadableDocument(
                path, f"文件无法打开（{error.strerror or error}）", "请检查文件权限后重试。"
            ) from error
        converted = workdir / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(converted),
            str(source),
        ]
        _run(path, command, timeout)
        produced = converted / f"input.{extension}"
        if not produced.exists() or produced.stat().st_size == 0:
            raise UnreadableDocument(
                path,
                "LibreOffice 无法转换该文件（文件已损坏、设有密码，或不是 Word/WPS 文档）",
                "请用 Word 或 WPS 打开确认内容完整（如有密码请先取消），“另存为” .docx 后再导入。",
            )
        outdir.mkdir(parents=True, exist_ok=True)
        result = outdir / f"{path.stem}.{extension}"
        shutil.move(str(produced), result)
        return result


def _run(path: Path, command: list[str], timeout: float) -> None:
    """Run LibreOffice; on timeout end its whole process group (soffice starts soffice.bin)."""
    posix = sys.platform != "win32"
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}  # no display needed, whatever the desktop
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=posix,
            env=env,
        )
    except OSError as error:
        raise MissingConverter(path, f"LibreOffice 无法启动（{error.strerror or error}）", INSTALL_HINT) from error
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()
        raise UnreadableDocument(
            path,
            f"LibreOffice 转换超过 {timeout:.0f} 秒仍未完成（文件可能已损坏或过大）",
            "请用 Word 或 WPS 打开该文件“另存为” .docx 后再导入。",
        ) from None


def read_office(path: Path) -> Document:
    """A .doc or .wps file, converted to .docx and read as one."""
    from planwatch.plan.read.docx import read_docx

    with tempfile.TemporaryDirectory(prefix="planwatch-doc-") as work:
        converted = convert(path, "docx:MS Word 2007 XML", Path(work))
        try:
            document = read_docx(converted)
        except EmptyDocument:
            raise EmptyDocument(path) from None  # the user's file, not the converted copy in a temporary folder
        except UnreadableDocument as error:
            error.args = (str(error).replace(str(converted), str(path)),)
            raise
    document.path = str(path)
    document.format = path.suffix.lower().lstrip(".")
    return document
