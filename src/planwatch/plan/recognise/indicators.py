"""Indicator tables: rows of 指标 / 单位 / base year / target year / 属性.

A table is an indicator table when its header names an indicator column and
at least one year (``2022年``) or a 目标 / 基期 column.  Two-level headers
(一级指标 / 二级指标) give each row a category; a category cell left blank
under a merged cell keeps the category above it.  Cells are read as plans
write them: ``51　`` (stray full-width space), ``—`` (no value), ``13%``
(percent in the cell), ``≥80`` or ``80以上`` (a comparator), and words
(``完成市上下达目标任务``) for targets that have no number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.plan.document import Document, Table
from planwatch.plan.model import Attribute, Basis, Comparator, Indicator, Target, YearValue
from planwatch.plan.recognise.columns import aligned, aligned_cells, find_column, read_header, row_text
from planwatch.plan.text import clean
from planwatch.units import normalise_unit, split_value_unit

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_DECREASE_WORDS = re.compile(r"下降|降低|减少|压减|削减|减排")
_NO_VALUE = re.compile(r"^[—\-－–/／、\s]*$|^(?:无|暂无|—+|--+|/)$")
ATTRIBUTES: dict[str, Attribute] = {"预期性": "expected", "约束性": "binding"}


@dataclass(frozen=True)
class _Columns:
    name: int
    category: int | None
    unit: int | None
    base: int | None
    base_year: int | None
    targets: list[tuple[int, int | None]]  # (column, year) — a 目标值 column without a year has None
    attribute: int | None


def _columns(names: list[str]) -> _Columns | None:
    name = find_column(names, r"二级指标", r"指标名称", r"^指标$", r"指标(?!属性|性质|类型)", r"^名称$")
    if name is None:
        return None
    category = find_column(names, r"一级指标", r"类别|领域|分类|维度|类型$")
    if category == name:
        category = None
    unit = find_column(names, r"单位")
    attribute = find_column(names, r"属性|性质")
    years: list[tuple[int, int]] = []
    for index, header in enumerate(names):
        match = _YEAR.search(header)
        if match and index not in {name, category, unit, attribute}:
            years.append((index, int(match.group(1))))
    base: int | None = None
    base_year: int | None = None
    targets: list[tuple[int, int | None]] = []
    for index, header in enumerate(names):
        if re.search(r"基期|基准|现状|基数", header) and index not in {name, category}:
            base = index
            found = _YEAR.search(header)
            base_year = int(found.group(1)) if found else None
    if years:
        ordered = sorted(years, key=lambda item: item[1])
        if base is None:
            base, base_year = ordered[0]
            ordered = ordered[1:]
        targets = [(index, year) for index, year in ordered if index != base]
    if not targets:
        target_col = find_column(names, r"目标")
        if target_col is not None and target_col != name:
            targets = [(target_col, None)]
    if not targets:
        return None
    return _Columns(name, category, unit, base, base_year, targets, attribute)


def is_indicator_table(table: Table) -> bool:
    if len(table.rows) < 2:
        return False
    header = read_header(table)
    return any("指标" in name for name in header.names) and _columns(header.names) is not None


_COMPARATOR_PREFIX: tuple[tuple[str, Comparator], ...] = (
    ("≥", ">="),
    (">=", ">="),
    ("≤", "<="),
    ("<=", "<="),
    (">", ">"),
    ("<", "<"),
)
_COMPARATOR_SUFFIX: tuple[tuple[str, Comparator], ...] = (
    ("以上", ">="),
    ("及以上", ">="),
    ("以下", "<="),
    ("及以下", "<="),
    ("以内", "<="),
    ("左右", "="),
)


def parse_target_cell(text: str) -> tuple[float | None, str | None, Comparator | None, bool]:
    """A target cell → (value, unit, explicit comparator, approximate)."""
    body = clean(text)
    comparator: Comparator | None = None
    approximate = False
    for prefix, comp in _COMPARATOR_PREFIX:
        if body.startswith(prefix):
            body, comparator = body[len(prefix) :], comp
            break
    for suffix, comp in _COMPARATOR_SUFFIX:
        if body.endswith(suffix):
            body = body[: -len(suffix)]
            comparator = comp
            approximate = suffix == "左右"
            break
    body = re.sub(r"^(?:下降|降低|减少|提高|增长)", "", body)
    value, unit = split_value_unit(body)
    return value, unit, comparator, approximate


def recognise_indicator_tables(doc: Document) -> list[Indicator]:
    indicators: list[Indicator] = []
    for table in doc.tables():
        if is_indicator_table(table):
            indicators.extend(_read_table(doc, table))
    return indicators


def _read_table(doc: Document, table: Table) -> list[Indicator]:
    header = read_header(table)
    columns = _columns(header.names)
    if columns is None:
        return []
    width = len(header.names)
    indicators: list[Indicator] = []
    category: str | None = None
    for row in table.rows[header.rows :]:
        texts = aligned(row, width)
        if columns.category is not None and texts[columns.category]:
            category = texts[columns.category]
        name = texts[columns.name]
        if not name:
            continue
        name_cell = aligned_cells(row, width)[columns.name]
        line = name_cell.line if name_cell else row.line
        unit = normalise_unit(texts[columns.unit]) if columns.unit is not None else None
        attribute = ATTRIBUTES.get(texts[columns.attribute] or "") if columns.attribute is not None else None
        baseline: YearValue | None = None
        if columns.base is not None:
            base_text = texts[columns.base] or ""
            base_value = None if _NO_VALUE.match(base_text) else split_value_unit(base_text)[0]
            baseline = YearValue(year=columns.base_year, value=base_value)
        for column, year in columns.targets:
            cell = texts[column] or ""
            if _NO_VALUE.match(cell):
                continue
            value, cell_unit, comparator, approximate = parse_target_cell(cell)
            decrease = bool(_DECREASE_WORDS.search(name) or _DECREASE_WORDS.search(cell))
            basis: Basis = "change" if decrease and unit in {"%", None} else "level"
            if comparator is None and value is not None:
                comparator = "<=" if decrease and basis == "level" else ">="
            target = Target(
                year=year,
                value=value,
                comparator=comparator,
                direction="decrease" if decrease else "increase",
                text=cell,
                basis=basis,
                approximate=approximate,
                year_basis="table" if year is not None else "plan_end",
            )
            indicators.append(
                Indicator(
                    name=name,
                    category=category,
                    unit=unit or cell_unit or header.units[column],
                    attribute=attribute,
                    baseline=baseline,
                    target=target,
                    origin="table",
                    source=doc.source(line, row_text(row)),
                )
            )
    return indicators
