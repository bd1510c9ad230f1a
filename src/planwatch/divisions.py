"""China's administrative divisions (GB/T 2260): which region a name means, and the closest ones when none.

People write a county by its everyday name (秀山县) where the register has the
full one (秀山土家族苗族自治县); a typo (秀山具) must not become a new region.
``data/gbt2260.csv`` (民政部's codes, through ``scripts/gbt2260.py``) lists every
province, prefecture and county-level division with its full and short name.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: str
    """province, prefecture or county."""
    parent: str | None


@cache
def divisions() -> tuple[Division, ...]:
    text = resources.files("planwatch.data").joinpath("gbt2260.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    return tuple(Division(r["code"], r["name"], r["short"], r["level"], r["parent"] or None) for r in rows)


def _stem(name: str) -> str:
    """秀山县 → 秀山, 北京市 → 北京: what is left when the kind of division is taken off."""
    return name[:-1] if len(name) > 2 and name[-1] in "县区市旗州盟省" else name


@cache
def _index() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = {}
    for division in divisions():
        for key in {division.name, division.short, _stem(division.short)}:
            index.setdefault(key, []).append(division)
    return index


def lookup(name: str) -> list[Division]:
    """The divisions ``name`` can mean: by full name, everyday short name (秀山县), or its stem (秀山)."""
    text = name.strip()
    found = _index().get(text) or _index().get(_stem(text)) or []
    exact = [d for d in found if d.name == text]
    return exact or found


def same_region(a: str, b: str) -> bool:
    """Do two names mean the same division (秀山县 and 秀山土家族苗族自治县)?"""
    if a.strip() == b.strip():
        return True
    codes = {d.code for d in lookup(a)}
    return bool(codes & {d.code for d in lookup(b)})


def closest(name: str, count: int = 3) -> list[str]:
    """The full names of the divisions most like ``name`` (for “是否指……”)."""
    names = sorted({d.name for d in divisions()} | {d.short for d in divisions()})
    found = difflib.get_close_matches(name.strip(), names, n=count * 2, cutoff=0.5)
    full = []
    for match in found:
        for division in lookup(match):
            if division.name not in full:
                full.append(division.name)
    return full[:count]
