"""One key for the many ways plans name the same indicator.

``规模以上工业企业`` in one paragraph, ``规上企业`` in the table and ``规模企业``
in the goals are one quantity.  ``key`` applies mechanical rules (quotes and
spaces go, 规模以上 → 规上, a leading 园区/全县 goes — scope is recorded
separately) and then the synonyms in ``data/indicator_names.yaml``.
"""

from __future__ import annotations

import re
from functools import cache

from planwatch import data


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, list[str]] = data.load("indicator_names.yaml")
    aliases: dict[str, str] = {}
    for canonical, spellings in table.items():
        aliases[_mechanical(canonical)] = canonical
        for spelling in spellings:
            aliases[_mechanical(spelling)] = canonical
    return aliases


def _mechanical(name: str) -> str:
    text = re.sub(r"[“”\"'‘’「」《》\s]", "", name)
    text = text.replace("规模以上", "规上")
    text = re.sub(r"^(?:园区|全县|全区|全市|县域|我县)", "", text)
    text = re.sub(r"(?:数量|数)$", "", text) if len(text) > 3 else text
    return text


def key(name: str) -> str:
    """The canonical name: ``园区“专精特新”企业`` → ``专精特新企业``; ``规模以上工业企业`` → ``规上企业``."""
    mechanical = _mechanical(name)
    return _aliases().get(mechanical, mechanical)


FAMILIES: tuple[tuple[str, str], ...] = (
    ("产值", r"产值(?!占比|比重)"),
    ("增加值", r"增加值(?!率|占比|比重|能耗)"),
    ("税收", r"税金|税收"),
    ("面积", r"面积"),
)


def family(name: str) -> str | None:
    """The kind of amount a name measures (产值, 税收 …), for adding parts up to a whole."""
    for word, pattern in FAMILIES:
        if re.search(pattern, name):
            return word
    return None


REGION_WORDS = frozenset({"全县", "全区", "全市", "全省"})
_PARK_PLAN = re.compile(r"园区|工业园|产业园|开发区|高新区")


def is_park_plan(title: str | None) -> bool:
    return bool(_PARK_PLAN.search(title or ""))


def scope_key(title: str | None, scope: str | None) -> str | None:
    """One key for a scope: None is the plan's own subject — the county in a county plan (so 全县 is
    None there), the parks in a park plan (where 全县 stays a scope of its own)."""
    if scope in REGION_WORDS and not is_park_plan(title):
        return None
    return scope
