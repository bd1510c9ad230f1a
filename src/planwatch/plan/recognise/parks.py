"""Parks (园区): rows of a park table, and sections headed by a park's name.

A park table is one whose first column is a park name (header 园区名称 /
园区 / 名称 with 园 in its cells).  Its columns become attributes; a column
whose header gives a unit (``规划用地面积（公顷）``) gives numbers with that
unit, and a cell with words in a number column (``——``, a note) is kept as
words.  A section headed by a park's name (``第二节  万朝静脉产业园``) names
a park too; its targets are recorded by the prose recogniser with the park
as their scope.
"""

from __future__ import annotations

import re
from typing import Any

from planwatch.plan.document import Document, Heading, Table
from planwatch.plan.model import Park
from planwatch.plan.recognise.columns import aligned, find_column, read_header, row_text
from planwatch.plan.text import heading_title
from planwatch.units import split_value_unit

PARK_NAME = re.compile(r"(?:工业园区|产业园区|产业园|工业园|园区|开发区|高新区|经开区|产业基地|集聚区)$")
_VERB_START = re.compile(r"^(?:创建|打造|建设|建成|做强|做大|加快|培育|壮大|夯实|推进|推动|实施|完善|优化|提升|发展)")
_NO_VALUE = re.compile(r"^[—\-－–/／\s]*$")


def is_park_name(text: str) -> bool:
    """A bare name ending like a park (下路工业园区), not a phrase about one (创建市级高新区)."""
    return bool(PARK_NAME.search(text)) and not _VERB_START.match(text) and 3 <= len(text) <= 24


def is_park_table(table: Table) -> bool:
    if len(table.rows) < 2:
        return False
    names = read_header(table).names
    column = find_column(names, r"园区名称|园区|^名称$")
    if column is None:
        return False
    return any(is_park_name(text or "") for row in table.rows[1:] for text in row.texts[column : column + 1])


def park_section_names(doc: Document) -> list[Heading]:
    return [h for h in doc.headings() if is_park_name(heading_title(h.text))]


def recognise_parks(doc: Document) -> list[Park]:
    parks: dict[str, Park] = {}
    for table in doc.tables():
        if not is_park_table(table):
            continue
        header = read_header(table)
        width = len(header.names)
        name_col = find_column(header.names, r"园区名称|园区|^名称$")
        assert name_col is not None  # is_park_table found it
        for row in table.rows[header.rows :]:
            texts = aligned(row, width)
            name = texts[name_col]
            if not name:
                continue
            attributes: dict[str, Any] = {}
            for index, (column, unit) in enumerate(zip(header.names, header.units, strict=True)):
                if index == name_col:
                    continue
                text = texts[index] or ""
                attributes[column] = _cell_value(text, unit)
            parks[name] = Park(name=name, attributes=attributes, source=doc.source(row.line, row_text(row)))
    for heading in park_section_names(doc):
        name = heading_title(heading.text)
        if name in parks:
            parks[name].attributes.setdefault("规划章节", heading.text)
            continue
        parks[name] = Park(name=name, attributes={"规划章节": heading.text}, source=doc.source(heading.line))
    return list(parks.values())


def _cell_value(text: str, unit: str | None) -> Any:
    if _NO_VALUE.match(text):
        return None
    value, cell_unit = split_value_unit(text)
    if value is None:
        return text
    if unit or cell_unit:
        return {"value": value, "unit": cell_unit or unit}
    return value
