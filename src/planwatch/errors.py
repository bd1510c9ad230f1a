"""The one exception hierarchy of planwatch.

Every message says what is wrong and what to do about it, in the user's
language (Simplified Chinese), because it is shown as is on the terminal,
in the web app and in error reports.
"""

from __future__ import annotations

from pathlib import Path


class PlanwatchError(Exception):
    """Base of every error planwatch raises on purpose."""

    exit_code = 1


class InputError(PlanwatchError):
    """The user's input (a file, an option) cannot be used as given."""

    exit_code = 2


class UnsupportedFormat(InputError):
    def __init__(self, path: Path, suffix: str) -> None:
        super().__init__(
            f"{path}: 不支持的文件格式“{suffix or '（无扩展名）'}”。"
            "请提供 .txt、.md、.docx 或 .pdf 格式的规划文本（.doc 请先用 Word 另存为 .docx）。"
        )


class UnreadableDocument(InputError):
    def __init__(self, path: Path, reason: str, fix: str) -> None:
        super().__init__(f"{path}: 无法读取：{reason}。{fix}")


class EmptyDocument(InputError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: 文件中没有可识别的文字。若是扫描件 PDF，请先做文字识别（OCR）后再导入。")


class UnsupportedPlanFormat(UnsupportedFormat):
    """A plan document in a format no reader knows (the list of readable formats is in the message)."""

    def __init__(self, path: Path, suffix: str) -> None:
        InputError.__init__(
            self,
            f"{path}: 不支持的文件格式“{suffix or '（无扩展名）'}”。"
            "请提供 .txt、.md、.docx、.doc、.wps、.pdf、.html 或 .xlsx 格式的规划文本"
            "（其他格式请先用 Word 或 WPS 另存为 .docx）。",
        )


class MissingConverter(UnreadableDocument):
    """Reading the file needs a program (LibreOffice) that is not installed."""
