"""The words a person reads and writes for a target's coded fields — in the 指标体系 workbook, the review
page and the plan diff — and back: ≥ for ``>=``, 约束性 for ``binding``, 较基期变化 for a ``change`` target."""

from __future__ import annotations

from typing import TypeVar

COMPARATORS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}
ATTRIBUTES = {"expected": "预期性", "binding": "约束性"}
BASES = {
    "level": "水平值",
    "change": "较基期变化",
    "annual_growth": "年均增长",
    "increment": "新增",
    "multiple": "倍数",
}
DIRECTIONS = {"increase": "增长", "decrease": "下降"}

_SPELLINGS = {"≥": ">=", "≧": ">=", ">=": ">=", "＞": ">", "≤": "<=", "≦": "<=", "<=": "<=", "＜": "<", "＝": "="}

K = TypeVar("K", bound=str)


def word(table: dict[K, str], code: str | None) -> str:
    """The word for a code ('' for None)."""
    return next((value for key, value in table.items() if key == code), "")


def code(table: dict[K, str], text: str) -> K | None:
    """The code a word (or the code itself) stands for; None when it is neither."""
    plain = _SPELLINGS.get(text.strip(), text.strip())
    for key, value in table.items():
        if plain in (key, value):
            return key
    return None
