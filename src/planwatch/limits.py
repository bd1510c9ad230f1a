"""How much work one file or one request may cause: every limit a setting, every refusal naming it.

A county server is shared: one upload that declares a million rows, a zip
that inflates a thousandfold or a PDF of endless pages must not freeze it for
everyone.  The defaults (``data/limits.yaml``) are far above any real
statistics file or plan; each can be changed with an environment variable
``PLANWATCH_<NAME>`` (``PLANWATCH_MAX_ROWS=500000``), and the message that
refuses a file says which limit it hit and how to raise it.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from planwatch import data
from planwatch.errors import InputError


class LimitExceeded(InputError):
    """A file or request asks for more work than a limit allows."""

    def __init__(self, name: str, what: str, fix: str) -> None:
        self.limit = name
        super().__init__(
            f"{what}，超过上限 {name} = {value(name):,}。{fix}"
            f"（确需处理更大的文件，可由管理员设置环境变量 PLANWATCH_{name.upper()} 提高上限。）"
        )


@cache
def _defaults() -> dict[str, Any]:
    loaded: dict[str, Any] = data.load("limits.yaml")
    return loaded


def value(name: str) -> int:
    """The limit ``name`` (a key of ``data/limits.yaml``), or its environment override."""
    defaults = _defaults()
    if name not in defaults:
        raise KeyError(name)
    override = os.environ.get(f"PLANWATCH_{name.upper()}")
    if override is not None and override.strip().isdigit():
        return int(override)
    return int(defaults[name]["value"])


def check(name: str, amount: int, what: str, fix: str) -> None:
    """Raise ``LimitExceeded`` when ``amount`` is over the limit ``name``."""
    if amount > value(name):
        raise LimitExceeded(name, what, fix)


def described() -> list[tuple[str, int, str]]:
    """Every limit: (name, value now, what it bounds), for the README and ``--help`` texts."""
    return [(name, value(name), item["meaning"]) for name, item in _defaults().items()]
