"""The 指标体系 workbook: a plan's targets, projects, parks, chains and 责任分工 for offices that work in Excel.

``write_plan_workbook`` writes sheets 指标, 项目, 园区, 产业链, 责任分工 and 说明 — one row per item with the
line of the plan it was read from, coded fields as the words people use (≥, 预期性, 较基期变化) with
drop-down lists, read-only columns shaded.  ``read_plan_workbook`` reads an edited copy back against the
plan it came from: a cell that still says what was written keeps the item's field exactly as it was
(so a workbook imported unchanged changes nothing); every other cell is read like the review page's
form (``plan/edit.py``), a formula checked against the elements and tags; a row removed is an item
removed, a row without 序号 (编号 for projects) a new one.  Every cell that cannot be read is a
``Problem`` with its sheet, row and column, for the 问题清单 — and then nothing is kept.

Writer and reader are one module, though long: they must agree on every sheet, column and coded word, and
side by side a change to one shows what the other must do.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.importing.problem import Problem
from planwatch.importing.problem_list import HEADER_FILL, cell_at, save_workbook, write_cell
from planwatch.importing.sheets import Sheet, read_sheets
from planwatch.metrics.custom import check_target, definition_of
from planwatch.plan import departments
from planwatch.plan.edit import FIELDS, EditRefused, FieldProblem, apply, new_target, number_text, written
from planwatch.plan.model import Chain, Indicator, Money, Park, Plan, Project, Source
from planwatch.plan.terms import ATTRIBUTES, BASES, COMPARATORS, DIRECTIONS

INDICATORS, PROJECTS, PARKS, CHAINS, DUTIES, ABOUT = "指标", "项目", "园区", "产业链", "责任分工", "说明"
NUMBER, LINE, IN_USE = "序号", "原文行", "现用口径"
READ_ONLY_FILL = "EDEDED"
PLAN_KEY = "规划编号"
ADDED = "（导入时新增）"
_DROPDOWNS = {"comparator": COMPARATORS, "direction": DIRECTIONS, "basis": BASES, "attribute": ATTRIBUTES}
_INDICATOR_FIELDS = tuple((key, header) for key, header in FIELDS if key not in {"lead", "support"})
_DUTY_FIELDS = (("lead", "牵头单位"), ("support", "配合单位"))
_PROJECT_FIELDS = (
    ("name", "项目名称"),
    ("content", "建设内容"),
    ("nature", "性质"),
    ("start_year", "开工年"),
    ("end_year", "竣工年"),
    ("investment", "总投资"),
    ("unit", "投资单位"),
    ("group", "所属分组"),
)
_WIDE = {"指标": 24, "目标原文": 30, "计算公式": 28, "项目名称": 24, "建设内容": 40, "环节": 40, "说明": 40}


# --- Writing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    header: str
    width: float = 10
    read_only: bool = False
    choices: Sequence[str] = ()


def _header(sheet: Worksheet, columns: Sequence[_Column]) -> None:
    bold = Font(bold=True)
    fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for number, column in enumerate(columns, start=1):
        cell = cell_at(sheet, 1, number)
        write_cell(cell, column.header + ("（只读）" if column.read_only else ""))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True, showErrorMessage=True
            )
            validation.error = f"请从下拉列表中选择：{'、'.join(column.choices)}。"
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.row_dimensions[1].height = 30


def _rows(sheet: Worksheet, columns: Sequence[_Column], rows: Sequence[Sequence[object]]) -> None:
    _header(sheet, columns)
    grey = PatternFill(fill_type="solid", start_color=READ_ONLY_FILL, end_color=READ_ONLY_FILL)
    for r, values in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = cell_at(sheet, r, c)
            write_cell(cell, value)
            if column.read_only:
                cell.fill = grey


def _figure(text: str) -> object:
    """A number typed as a number cell, the rest as text."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


_NUMERIC = {"baseline_year", "baseline_value", "year", "value", "value_high"}


def _indicator_cells(number: int, indicator: Indicator, in_use: str) -> list[object]:
    shown = written(indicator)
    cells: list[object] = [number, indicator.source.line or None]
    cells += [_figure(shown[key]) if key in _NUMERIC else shown[key] or None for key, _ in _INDICATOR_FIELDS]
    return [*cells, in_use]


def _in_use(indicator: Indicator) -> str:
    if indicator.target.value is None:
        return "定性目标（登记进展）"
    found = definition_of(indicator)
    return f"{found.id}（{found.name}）" if found is not None else "无（请选择计算口径或填写公式）"


def _attribute_text(value: Any) -> object:
    if isinstance(value, dict) and "value" in value:
        return value.get("value")
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _park_keys(plan: Plan) -> list[str]:
    return list(dict.fromkeys(key for park in plan.parks for key in park.attributes))


def build(plan: Plan, label: str, listed: Sequence[str], now: datetime) -> Workbook:
    """The workbook of ``plan`` (its version ``label``); ``listed``: the departments to choose from."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = INDICATORS
    columns = [_Column(NUMBER, 6, read_only=True), _Column(LINE, 7, read_only=True)]
    columns += [
        _Column(header, _WIDE.get(header, 10), choices=list(_DROPDOWNS[key].values()) if key in _DROPDOWNS else ())
        for key, header in _INDICATOR_FIELDS
    ]
    columns.append(_Column(IN_USE, 26, read_only=True))
    _rows(sheet, columns, [_indicator_cells(n, i, _in_use(i)) for n, i in enumerate(plan.indicators, start=1)])

    projects = workbook.create_sheet(PROJECTS)
    project_columns = [_Column("编号", 9), _Column(LINE, 7, read_only=True)]
    project_columns += [_Column(header, _WIDE.get(header, 10)) for _, header in _PROJECT_FIELDS]
    _rows(projects, project_columns, [_project_cells(p) for p in plan.projects])

    parks = workbook.create_sheet(PARKS)
    keys = _park_keys(plan)
    park_columns = [_Column("名称", 22), _Column(LINE, 7, read_only=True), *(_Column(k, 14) for k in keys)]
    _rows(
        parks,
        park_columns,
        [[p.name, p.source.line or None, *(_attribute_text(p.attributes.get(k)) for k in keys)] for p in plan.parks],
    )

    chains = workbook.create_sheet(CHAINS)
    _rows(
        chains,
        [
            _Column(NUMBER, 6, read_only=True),
            _Column(LINE, 7, read_only=True),
            _Column("环节", 50),
            _Column("说明", 50),
        ],
        [[n, c.source.line or None, "→".join(c.links), c.context] for n, c in enumerate(plan.chains, start=1)],
    )

    duties = workbook.create_sheet(DUTIES)
    duty_columns = [
        _Column(NUMBER, 6, read_only=True),
        _Column("指标", 24, read_only=True),
        _Column("范围", 14, read_only=True),
        _Column("牵头单位", 26),
        _Column("配合单位", 34),
    ]
    _rows(
        duties,
        duty_columns,
        [
            [n, i.name, written(i)["scope"] or None, written(i)["lead"] or None, written(i)["support"] or None]
            for n, i in enumerate(plan.indicators, start=1)
        ],
    )
    column = len(duty_columns) + 2
    write_cell(cell_at(duties, 1, column), "单位名单（供填写参考，多个单位用顿号分隔）")
    cell_at(duties, 1, column).font = Font(bold=True)
    duties.column_dimensions[get_column_letter(column)].width = 30
    for r, name in enumerate(listed, start=2):
        write_cell(cell_at(duties, r, column), name)

    about = workbook.create_sheet(ABOUT)
    _about(about, plan, label, now)
    workbook.active = 0
    workbook.properties.title = f"{plan.title or plan.id} 指标体系"
    workbook.properties.creator = "planwatch"
    return workbook


def _project_cells(p: Project) -> list[object]:
    money = p.investment
    return [
        p.id,
        p.source.line or None,
        p.name,
        p.content,
        p.nature,
        p.start_year,
        p.end_year,
        money.value if money else None,
        money.unit if money else None,
        " / ".join(p.group_path) or None,
    ]


def _about(sheet: Worksheet, plan: Plan, label: str, now: datetime) -> None:
    rows: list[tuple[str, object]] = [
        (PLAN_KEY, plan.id),
        ("规划名称", plan.title),
        ("导出版本", label),
        ("导出时间", now.strftime("%Y-%m-%d %H:%M")),
        ("", ""),
        (
            "填写说明",
            "改好后导入：planwatch plan import 本文件.xlsx --plan 规划编号 --effective 生效日期 --reason 理由，",
        ),
        ("", "或在驾驶舱“指标体系确认”页上传。有修改才生成新版本；有错误时什么也不写入，并给出问题清单。"),
        ("", "灰色列只读（序号、原文行等用来对应原来的条目，请勿改动）。删除一行即删除该条目。"),
        ("", "新增目标：在“指标”表末尾加一行，序号留空，原文行可填规划中的行号；新增项目：写一个新的编号。"),
        ("", "比较、方向、口径、属性请从下拉列表选择；多个单位用顿号（、）分隔。"),
        ("", "计算口径填 data/indicators.yaml 中的编号（如 gs_output），或在“计算公式”中写公式，"),
        ("", "如 sum(工业总产值) where 规上；公式单位为公式结果的单位（如 万元），不填则自动判断。"),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        write_cell(cell_at(sheet, r, 1), key)
        write_cell(cell_at(sheet, r, 2), value)
        cell_at(sheet, r, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 100


def write_plan_workbook(plan: Plan, label: str, listed: Sequence[str], now: datetime, out: Path) -> Path:
    return save_workbook(build(plan, label, listed, now), out)


def plan_workbook_bytes(plan: Plan, label: str, listed: Sequence[str], now: datetime) -> bytes:
    buffer = io.BytesIO()
    build(plan, label, listed, now).save(buffer)
    return buffer.getvalue()


# --- Reading ------------------------------------------------------------------------------------------------


@dataclass
class WorkbookRead:
    plan: Plan
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True)
class _Cell:
    sheet: str
    row: int
    column: str | None
    header: str | None


@dataclass
class _Table:
    """A sheet's header (header text → column index) and its data rows."""

    sheet: Sheet
    columns: dict[str, int]
    rows: list[tuple[int, list[object]]]

    def value(self, cells: list[object], header: str) -> object:
        index = self.columns.get(header)
        return cells[index] if index is not None and index < len(cells) else None

    def at(self, row: int, header: str) -> _Cell:
        index = self.columns.get(header)
        return _Cell(self.sheet.name, row, get_column_letter(index + 1) if index is not None else None, header)


def _text(value: object) -> str:
    """A cell as the text a person typed: numbers without trailing zeros, dates as days."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(float(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _table(sheet: Sheet, required: Sequence[str]) -> _Table | None:
    for index, (_, cells) in enumerate(sheet.rows[:5]):
        headers = [_text(c).removesuffix("（只读）") for c in cells]
        if all(h in headers for h in required):
            columns = {h: i for i, h in enumerate(headers) if h}
            return _Table(sheet, columns, sheet.rows[index + 1 :])
    return None


class _Reader:
    def __init__(self, path: Path, base: Plan, text: dict[int, str]) -> None:
        self.file = path.name
        self.base = base
        self.text = text
        self.problems: list[Problem] = []

    def problem(self, cell: _Cell, value: object, reason: str, fix: str, severity: str = "error") -> None:
        from planwatch.status import Severity

        self.problems.append(
            Problem(
                self.file, cell.sheet, cell.row, cell.column, cell.header,
                None if value is None else _text(value), reason, fix, Severity(severity),
            )
        )  # fmt: skip

    def formulas(self, table: _Table) -> None:
        """A formula in a cell is not what a person decided: refuse it, as data imports do."""
        for row, cells in table.rows:
            for header, index in table.columns.items():
                value = cells[index] if index < len(cells) else None
                if isinstance(value, str) and value.startswith("=") and header not in {"计算公式"}:
                    self.problem(table.at(row, header), value, "单元格是 Excel 公式", "请改为直接填写数值或文字。")

    def numbered(self, table: _Table, header: str, count: int) -> list[tuple[int, list[object], int | None]]:
        """Each row with the item number it refers to (None: a new item); duplicates and unknown numbers refused."""
        seen: set[int] = set()
        found: list[tuple[int, list[object], int | None]] = []
        for row, cells in table.rows:
            raw = table.value(cells, header)
            if raw is None or _text(raw) == "":
                found.append((row, cells, None))
                continue
            text = _text(raw)
            if not text.isdigit() or not 1 <= int(text) <= count:
                self.problem(
                    table.at(row, header), raw, f"不是原表中的{header}（1—{count}）",
                    f"{header}用来对应原来的条目，请勿改动；新增的行请把{header}留空。",
                )  # fmt: skip
                continue
            if int(text) in seen:
                self.problem(
                    table.at(row, header),
                    raw,
                    f"{header}重复",
                    "每个条目只能有一行：请删去重复的行，或把新增行的序号留空。",
                )
                continue
            seen.add(int(text))
            found.append((row, cells, int(text)))
        return found

    def edited(
        self, table: _Table, row: int, cells: list[object], fields: Sequence[tuple[str, str]], before: dict[str, str]
    ) -> dict[str, str]:
        """The fields whose cell no longer says what was written (a number compared as a number)."""
        values: dict[str, str] = {}
        for key, header in fields:
            if header not in table.columns:
                continue
            now, was = _text(table.value(cells, header)), before.get(key, "")
            if now != was and not _same_number(now, was):
                values[key] = now
        return values

    def refused(self, table: _Table, row: int, error: EditRefused, headers: dict[str, str]) -> None:
        for problem in error.problems:
            header = headers.get(problem.field, problem.label)
            reason = problem.reason.rstrip("。")
            self.problem(table.at(row, header), problem.value, reason, problem.fix or "请改正后重新导入。")

    # -- sheets --

    def indicators(self, table: _Table, duties: _Table | None) -> list[Indicator]:
        headers = {**dict(_INDICATOR_FIELDS), **dict(_DUTY_FIELDS)}
        self.formulas(table)
        duty_rows = self._duty_rows(duties) if duties is not None else {}
        kept: list[Indicator] = []
        for row, cells, number in self.numbered(table, NUMBER, len(self.base.indicators)):
            original = self.base.indicators[number - 1] if number else None
            before = written(original) if original is not None else {}
            values = self.edited(table, row, cells, _INDICATOR_FIELDS, before)
            try:
                if original is None:
                    if not _text(table.value(cells, "指标")):
                        self.problem(
                            table.at(row, "指标"), None, "新增的目标没有指标名称", "请填写指标名称，或删去这一行。"
                        )
                        continue
                    line = self._line(table, row, cells)
                    item = new_target(line, self.text.get(line, ADDED) if line else ADDED, values)
                else:
                    item = apply(original, values) if values else original
                item = check_target(item) if values else item
            except EditRefused as error:
                self.refused(table, row, error, headers)
                continue
            duty = duty_rows.get(number if number is not None else _text(table.value(cells, "指标")))
            if duties is not None and duty is not None:
                duty_row, duty_cells = duty
                changed = self.edited(duties, duty_row, duty_cells, _DUTY_FIELDS, written(item))
                try:
                    item = apply(item, changed) if changed else item
                except EditRefused as error:
                    self.refused(duties, duty_row, error, headers)
                    continue
            kept.append(item)
        return kept

    def _duty_rows(self, duties: _Table) -> dict[object, tuple[int, list[object]]]:
        self.formulas(duties)
        found: dict[object, tuple[int, list[object]]] = {}
        for row, cells, number in self.numbered(duties, NUMBER, len(self.base.indicators)):
            key: object = number if number is not None else _text(duties.value(cells, "指标"))
            found[key] = (row, cells)
        return found

    def _line(self, table: _Table, row: int, cells: list[object]) -> int:
        raw = _text(table.value(cells, LINE))
        if not raw:
            return 0
        if not raw.isdigit() or (self.text and int(raw) not in self.text):
            self.problem(
                table.at(row, LINE),
                raw,
                "不是规划中的行号",
                f"请填写 1—{max(self.text, default=0)} 之间的行号，或留空。",
            )
            return 0
        return int(raw)

    def projects(self, table: _Table) -> list[Project]:
        self.formulas(table)
        by_id = {p.id: p for p in self.base.projects}
        kept: list[Project] = []
        seen: set[str] = set()
        for row, cells in table.rows:
            code = _text(table.value(cells, "编号"))
            if not code:
                self.problem(table.at(row, "编号"), None, "项目没有编号", "请填写编号；新增项目请写一个新的编号。")
                continue
            if code in seen:
                self.problem(table.at(row, "编号"), code, "编号重复", "每个项目一个编号：请删去重复的行或改用新编号。")
                continue
            seen.add(code)
            original = by_id.get(code)
            before = _project_text(original) if original else {}
            values = self.edited(table, row, cells, _PROJECT_FIELDS, before)
            if original is not None and not values:
                kept.append(original)
                continue
            made = self._project(table, row, code, original, {**before, **values})
            if made is not None:
                kept.append(made)
        return kept

    def _project(
        self, table: _Table, row: int, code: str, original: Project | None, values: dict[str, str]
    ) -> Project | None:
        headers = dict(_PROJECT_FIELDS)
        numbers: dict[str, float | None] = {}
        for key in ("start_year", "end_year", "investment"):
            text = values.get(key, "")
            try:
                numbers[key] = float(text.replace(",", "")) if text else None
            except ValueError:
                self.problem(
                    table.at(row, headers[key]),
                    text,
                    "不是数字",
                    "请只写数字（年份写四位，如 2027；投资写数额，单位写在“投资单位”）。",
                )
                return None
        if not values.get("name"):
            self.problem(table.at(row, "项目名称"), None, "项目名称为空", "请填写项目名称，或删去这一行。")
            return None
        start, end, money = numbers["start_year"], numbers["end_year"], numbers["investment"]
        line = self._line(table, row, []) if original is None else original.source.line
        return Project(
            id=code,
            name=values["name"],
            content=values.get("content") or None,
            nature=values.get("nature") or None,
            start_year=int(start) if start is not None else None,
            end_year=int(end) if end is not None else None,
            investment=Money(value=money, unit=values.get("unit") or None)
            if money is not None or values.get("unit")
            else None,
            group_path=[p.strip() for p in values.get("group", "").split("/") if p.strip()],
            source=original.source
            if original
            else Source(line=line, text=self.text.get(line, ADDED) if line else ADDED),
        )

    def parks(self, table: _Table) -> list[Park]:
        self.formulas(table)
        by_name = {p.name: p for p in self.base.parks}
        keys = [h for h in table.columns if h not in {"名称", LINE}]
        kept: list[Park] = []
        for row, cells in table.rows:
            name = _text(table.value(cells, "名称"))
            if not name:
                self.problem(table.at(row, "名称"), None, "园区名称为空", "请填写园区名称，或删去这一行。")
                continue
            original = by_name.get(name)
            attributes = dict(original.attributes) if original else {}
            for key in keys:
                now = _text(table.value(cells, key))
                was = _text(_attribute_text(attributes.get(key)))
                if now == was or _same_number(now, was):
                    continue
                old = attributes.get(key)
                figure = _figure(now)
                if isinstance(old, dict) and "value" in old and isinstance(figure, int | float):
                    attributes[key] = {**old, "value": float(figure)}
                else:
                    attributes[key] = figure
            if original is not None and attributes == original.attributes:
                kept.append(original)
                continue
            source = original.source if original else Source(line=0, text=ADDED)
            kept.append(Park(name=name, attributes=attributes, source=source))
        return kept

    def chains(self, table: _Table) -> list[Chain]:
        self.formulas(table)
        kept: list[Chain] = []
        for row, cells, number in self.numbered(table, NUMBER, len(self.base.chains)):
            original = self.base.chains[number - 1] if number else None
            links_text, context = _text(table.value(cells, "环节")), _text(table.value(cells, "说明"))
            links = [link.strip() for link in links_text.replace("->", "→").split("→") if link.strip()]
            if len(links) < 2:
                self.problem(
                    table.at(row, "环节"),
                    links_text,
                    "产业链至少要有两个环节",
                    "请用“→”分隔各环节，如 种植→加工→销售。",
                )
                continue
            if original is not None and links == original.links and context == original.context:
                kept.append(original)
                continue
            source = original.source if original else Source(line=0, text=ADDED)
            kept.append(Chain(links=links, context=context, source=source))
        return kept


def _duty_problem(error: EditRefused) -> bool:
    return all(p.field in {"lead", "support"} for p in error.problems)


def _same_number(a: str, b: str) -> bool:
    try:
        return float(a.replace(",", "")) == float(b.replace(",", ""))
    except ValueError:
        return False


def _project_text(p: Project) -> dict[str, str]:
    money = p.investment
    return {
        "name": p.name,
        "content": p.content or "",
        "nature": p.nature or "",
        "start_year": str(p.start_year) if p.start_year is not None else "",
        "end_year": str(p.end_year) if p.end_year is not None else "",
        "investment": number_text(money.value) if money else "",
        "unit": (money.unit or "") if money else "",
        "group": " / ".join(p.group_path),
    }


def read_plan_workbook(path: Path, base: Plan, text: dict[int, str]) -> WorkbookRead:
    """The plan an edited workbook describes, read against ``base`` (the version it was exported from);
    ``text``: the plan's lines, for targets added with their line.  Problems instead of a plan when any cell
    cannot be read (``errors``); a sheet left out keeps its items as they were (a warning says so)."""
    reader = _Reader(path, base, text)
    sheets = {sheet.name: sheet for sheet in read_sheets(path)}
    about = sheets.get(ABOUT)
    if about is not None:
        named = next((_text(cells[1]) for _, cells in about.rows if len(cells) > 1 and _text(cells[0]) == PLAN_KEY), "")
        if named and base.id and named != base.id:
            reader.problem(
                _Cell(ABOUT, 1, "B", PLAN_KEY), named, f"这个工作簿是规划“{named}”的，不是“{base.id}”的",
                "请用 --plan 指定工作簿所属的规划，或导出这个规划的指标体系表后再修改。",
            )  # fmt: skip
            return WorkbookRead(base, reader.problems)
    wanted: list[tuple[str, Sequence[str], Callable[[_Table], object] | None]] = [
        (INDICATORS, (NUMBER, "指标", "目标值"), None),
        (PROJECTS, ("编号", "项目名称"), reader.projects),
        (PARKS, ("名称",), reader.parks),
        (CHAINS, ("环节",), reader.chains),
    ]
    update: dict[str, Any] = {}
    duties_sheet = sheets.get(DUTIES)
    duties = _table(duties_sheet, (NUMBER, "牵头单位")) if duties_sheet is not None else None
    for name, required, read in wanted:
        sheet = sheets.get(name)
        table = _table(sheet, required) if sheet is not None else None
        if table is None:
            severity = "error" if name == INDICATORS else "warning"
            what = "找不到" if sheet is None else f"工作表的表头中找不到{'、'.join(required)}"
            reader.problem(
                _Cell(name, 1, None, None), None, f"{what}工作表“{name}”" if sheet is None else what,
                "请用 planwatch plan export 导出的工作簿修改后再导入，不要删除或改名工作表和表头。"
                + ("" if name == INDICATORS else "（该表的内容保持不变）"),
                severity,
            )  # fmt: skip
            continue
        if name == INDICATORS:
            update["indicators"] = reader.indicators(table, duties)
        else:
            assert read is not None
            update[{PROJECTS: "projects", PARKS: "parks", CHAINS: "chains"}[name]] = read(table)
    plan = base.model_copy(update=update)
    return WorkbookRead(plan, reader.problems)


def listed_departments(plan: Plan, stored: Sequence[str]) -> list[str]:
    """The names the 责任分工 sheet offers: the store's list and whatever the plan already assigns."""
    names = list(stored)
    for indicator in plan.indicators:
        if indicator.duty is not None:
            names += [*indicator.duty.lead, *indicator.duty.support]
    return [departments.canonical(n) for n in dict.fromkeys(names)]


__all__ = ["FieldProblem", "WorkbookRead", "plan_workbook_bytes", "read_plan_workbook", "write_plan_workbook"]
