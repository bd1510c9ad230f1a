"""A problem found in an import file: where it is, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from planwatch.status import Severity


class Cell(Protocol):
    """Where a value stands in a sheet (``formats.Address``)."""

    @property
    def sheet(self) -> str: ...
    @property
    def row(self) -> int: ...
    @property
    def column(self) -> str | None: ...
    @property
    def header(self) -> str | None: ...


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    """Sheet name; empty for a CSV file."""
    row: int | None
    """Row number as the user sees it in Excel (from 1), None for the whole file or sheet."""
    column: str | None
    """Column letter (A, B, … AA) as Excel shows it, None for a whole row."""
    header: str | None
    """The column's header text, so the user finds it without counting letters."""
    value: str | None
    reason: str
    fix: str
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列" + (f"（{self.header}）" if self.header else ""))
        return " ".join(parts)

    @classmethod
    def at(
        cls, cell: Cell, value: str | None, reason: str, fix: str, severity: Severity = Severity.ERROR, file: str = ""
    ) -> Problem:
        """A problem on one cell (the file is filled in when the import knows it)."""
        return cls(file, cell.sheet, cell.row, cell.column, cell.header, value, reason, fix, severity)

    def sentence(self) -> str:
        value = f"“{self.value}”" if self.value not in (None, "") else ""
        return f"{self.where}：{value}{self.reason}。{self.fix}"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
