"""The data elements (产值, 税金, 综合能耗 …): their units and how a year is made of months.

The catalog is ``data/elements.yaml``; a header or figure name is matched to
an element by its name or one of its aliases, ignoring units in brackets and
spaces (``工业总产值（万元）`` → 工业总产值).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from planwatch import data

Aggregation = Literal["sum", "last", "average"]


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    unit: str
    aggregation: Aggregation
    nonnegative: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    elements: tuple[Element, ...]
    tags: tuple[str, ...]

    def find(self, header: str) -> Element | None:
        """The element a column header or figure name means, or None."""
        return _index(self).get(_key(header))

    def by_code(self, code: str) -> Element:
        return next(element for element in self.elements if element.code == code)


def _key(text: str) -> str:
    text = re.sub(r"[（(][^（）()]*[）)]\s*$", "", text.strip())
    return re.sub(r"[\s\u3000*＊]", "", text)


@cache
def _index(catalog: Catalog) -> dict[str, Element]:
    index: dict[str, Element] = {}
    for element in catalog.elements:
        for name in (element.name, element.code, *element.aliases):
            index.setdefault(_key(name), element)
    return index


@cache
def catalog() -> Catalog:
    table = data.load("elements.yaml")
    elements = tuple(
        Element(
            code=item["code"],
            name=item["name"],
            unit=item["unit"],
            aggregation=item["aggregation"],
            nonnegative=item.get("nonnegative", True),
            aliases=tuple(item.get("aliases", ())),
        )
        for item in table["elements"]
    )
    return Catalog(elements=elements, tags=tuple(table["tags"]))


def header_unit(header: str) -> str | None:
    """The unit a header states: ``工业总产值（万元）`` → 万元."""
    match = re.search(r"[（(]([^（）()]+)[）)]\s*$", header)
    return match.group(1).strip() if match else None
