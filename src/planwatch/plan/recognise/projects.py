"""Project lists (项目清单): leaf projects and the subtotal rows above them.

The hierarchy comes from the item numbers, not from fixed levels: each new
numbering style met (``一、`` ``（一）`` ``1`` ``(1)`` ``①``) opens a deeper
level, and meeting a style already open returns to that level — so a list
that goes straight from ``二、`` to ``1`` nests correctly.  A row with
children is a group (its amount is a stated subtotal, kept as written); a row
without children is a leaf project.  A row with no number whose name says
total (项目总投资, 合计, 总计) is the grand total, the group with the empty path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.plan.document import Document, Row, Table
from planwatch.plan.model import Money, Project, ProjectGroup
from planwatch.plan.recognise.columns import aligned, aligned_cells, find_column, read_header, row_text
from planwatch.plan.text import clean
from planwatch.units import normalise_unit, parse_number

_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*")),
    ("cn_paren", re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*")),
    ("arabic_paren", re.compile(r"^[（(](\d{1,3})[）)]\s*")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
    ("arabic", re.compile(r"^(\d{1,3})(?:[.、．](?!\d)|\s+|$)")),
)
_TOTAL = re.compile(r"^(?:项目)?(?:总投资|合计|总计|总\s*计|合\s*计)$|^(?:全部|所有)项目")
_YEARS = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:[-—–~～至到]\s*((?:19|20)\d{2}))?")


def numbering(text: str) -> tuple[str, str, str] | None:
    """``（一）康养消费品产业`` → ("cn_paren", "一", "康养消费品产业")."""
    for style, pattern in _STYLES:
        match = pattern.match(text)
        if match:
            return style, match.group(1), text[match.end() :].strip()
    return None


def parse_years(text: str) -> tuple[int | None, int | None]:
    """``2023-2027`` → (2023, 2027); ``2024`` → (2024, 2024); words → (None, None)."""
    match = _YEARS.search(clean(text))
    if not match:
        return None, None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else start
    return start, end


def is_project_table(table: Table) -> bool:
    if len(table.rows) < 2:
        return False
    names = read_header(table).names
    has_name = find_column(names, r"项目名称|^项目$|名称") is not None
    has_money = find_column(names, r"投资|金额|资金") is not None
    return has_name and has_money


@dataclass
class _Node:
    row: Row
    line: int
    label: str
    number: str | None
    style: str | None
    amount: float | None
    cells: dict[str, str | None]
    children: list[_Node] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    id: str = ""


def recognise_projects(doc: Document) -> tuple[list[Project], list[ProjectGroup]]:
    projects: list[Project] = []
    groups: list[ProjectGroup] = []
    for table in doc.tables():
        if is_project_table(table):
            found_projects, found_groups = _read_table(doc, table)
            projects.extend(found_projects)
            groups.extend(found_groups)
    return projects, groups


def _read_table(doc: Document, table: Table) -> tuple[list[Project], list[ProjectGroup]]:
    header = read_header(table)
    names = header.names
    width = len(names)
    col_number = find_column(names, r"序号|编号")
    col_name = find_column(names, r"项目名称|^项目$|名称")
    col_content = find_column(names, r"建设内容|内容|规模")
    col_nature = find_column(names, r"性质|类型|类别")
    col_years = find_column(names, r"年限|起止|时间|年度|周期")
    col_money = find_column(names, r"总投资|投资|金额|资金")
    assert col_name is not None and col_money is not None  # is_project_table checked both
    unit = header.units[col_money] or normalise_unit(_unit_in_text(names[col_money])) or None

    roots: list[_Node] = []
    totals: list[_Node] = []
    stack: list[_Node] = []  # open nodes, one per numbering style in order of depth
    for row in table.rows[header.rows :]:
        texts = aligned(row, width)
        filled = [text for text in row.texts if text]
        if not filled:
            continue
        label_cells = [texts[i] for i in (col_number, col_name) if i is not None]
        label_text = next((text for text in label_cells if text), filled[0])
        numbered = numbering(label_text)
        number: str | None = None
        style: str | None = None
        label = label_text
        if numbered:
            style, number, rest = numbered
            label = rest
            if not label and col_name is not None:
                label = texts[col_name] or ""
        elif col_number is not None and texts[col_number] and texts[col_name]:
            label = texts[col_name] or label_text
        amount = _amount(texts[col_money], filled)
        cells = {
            "content": texts[col_content] if col_content is not None else None,
            "nature": texts[col_nature] if col_nature is not None else None,
            "years": texts[col_years] if col_years is not None else None,
        }
        name_cell = aligned_cells(row, width)[col_name]
        line = name_cell.line if name_cell and name_cell.text else row.line
        node = _Node(row=row, line=line, label=clean(label), number=number, style=style, amount=amount, cells=cells)
        if style is None:
            if _TOTAL.search(node.label):
                totals.append(node)
                continue
            # An unnumbered row inside a list: a leaf at the deepest open level.
            style = "unnumbered"
            node.style = style
        while stack and stack[-1].style != style and style in {n.style for n in stack}:
            stack.pop()
        if stack and stack[-1].style == style:
            stack.pop()
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)

    projects: list[Project] = []
    groups: list[ProjectGroup] = []
    for total in totals:
        groups.append(
            ProjectGroup(
                path=[],
                stated_investment=Money(value=total.amount, unit=unit),
                source=doc.source(total.line, row_text(total.row)),
            )
        )
    _walk(doc, roots, [], [], unit, projects, groups)
    return projects, groups


def _walk(
    doc: Document,
    nodes: list[_Node],
    path: list[str],
    ids: list[str],
    unit: str | None,
    projects: list[Project],
    groups: list[ProjectGroup],
) -> None:
    for position, node in enumerate(nodes, start=1):
        node_id = [*ids, str(position)]
        source = doc.source(node.line, row_text(node.row))
        if node.children:
            groups.append(
                ProjectGroup(
                    path=[*path, node.label],
                    stated_investment=Money(value=node.amount, unit=unit) if node.amount is not None else None,
                    source=source,
                )
            )
            _walk(doc, node.children, [*path, node.label], node_id, unit, projects, groups)
            continue
        start, end = parse_years(node.cells["years"] or "")
        nature = node.cells["nature"]
        projects.append(
            Project(
                id=".".join(node_id),
                name=node.label,
                content=node.cells["content"] or None,
                nature=nature or None,
                start_year=start,
                end_year=end,
                investment=Money(value=node.amount, unit=unit),
                group_path=path,
                source=source,
            )
        )


def _unit_in_text(text: str) -> str | None:
    match = re.search(r"(亿元|万元|元)", text)
    return match.group(1) if match else None


def _amount(cell: str | None, filled: list[str]) -> float | None:
    """The investment of a row: its own column, else the last number in the row."""
    if cell:
        value = parse_number(cell)
        if value is not None:
            return value
    for text in reversed(filled):
        value = parse_number(text)
        if value is not None and not re.fullmatch(r"(?:19|20)\d{2}", text.strip()):
            return value
    return None
