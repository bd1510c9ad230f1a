"""Department names (责任单位): one spelling for each, the default list, and a list of names split out of a phrase.

Plans write the same department many ways (经信委, 县经信委, 县经济和信息化委员会); ``data/departments.yaml``
names each once with its other spellings.  A name not in the list is kept as written: a county's own
department, or a park's 管委会.
"""

from __future__ import annotations

import re
from functools import cache

from planwatch import data

_SEPARATORS = re.compile(r"[、，,；;／/\s]+|及(?=[县市区])|和(?=[县市区])")
_NOISE = re.compile(r"^由|(?:等(?:部门|单位)?|负责|牵头)$")


@cache
def _table() -> tuple[tuple[str, ...], dict[str, str]]:
    loaded: dict[str, list[dict[str, str | list[str]]]] = data.load("departments.yaml")
    names: list[str] = []
    aliases: dict[str, str] = {}
    for item in loaded["departments"]:
        name = str(item["name"])
        names.append(name)
        aliases[name] = name
        for alias in item.get("aliases") or []:
            aliases[str(alias)] = name
    return tuple(names), aliases


def defaults() -> tuple[str, ...]:
    """The departments every county starts from, in the data file's order."""
    return _table()[0]


def canonical(name: str) -> str:
    """One spelling: 经信委 → 县经济信息委; a name the list does not know, trimmed, as written."""
    plain = re.sub(r"\s+", "", name).strip("。；;，,：:")
    return _table()[1].get(plain, plain)


def split(text: str | None) -> list[str]:
    """The departments of a phrase, each once, in order: “县经济信息委、县发展改革委等” → both."""
    found: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        name = canonical(_NOISE.sub("", part))
        if name and name not in found:
            found.append(name)
    return found


def park_office(park: str) -> str:
    """The committee that runs a park: 下路工业园区 → 下路工业园区管委会."""
    return park if park.endswith(("管委会", "管理委员会")) else f"{park}管委会"
