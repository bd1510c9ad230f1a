"""The 指标体系 workbook round trip: exported, edited in Excel, read back against the plan it came from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from planwatch.importing.plan_workbook import read_plan_workbook, write_plan_workbook
from planwatch.plan.diff import diff
from planwatch.plan.model import Plan
from planwatch.plan.read import read
from tests.conftest import SHIZHU, XIUSHAN

NOW = datetime(2026, 11, 1, 9, 0)
SEEDS = {"shizhu": SHIZHU, "xiushan": XIUSHAN}


def _text(path: Path) -> dict[int, str]:
    return {line.number: line.text for line in read(path).lines}


def _exported(plan: Plan, tmp_path: Path) -> Path:
    return write_plan_workbook(plan, "第1版", ["县经济信息委", "县统计局"], NOW, tmp_path / "指标体系.xlsx")


def _set(path: Path, sheet: str, row_of: str, header: str, value: str | float, out: Path) -> tuple[int, str]:
    """Write ``value`` in column ``header`` of the first row whose 指标 (or first cell) is ``row_of``."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = [str(c.value).removesuffix("（只读）") for c in ws[1]]
    key = headers.index("指标") if "指标" in headers else 0
    column = headers.index(header)
    for number in range(2, ws.max_row + 1):
        if ws.cell(number, key + 1).value == row_of:
            cell = ws.cell(number, column + 1)
            cell.value = value
            book.save(out)
            return number, get_column_letter(column + 1)
    raise AssertionError(f"no row {row_of}")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_workbook_read_back_unchanged_is_the_same_plan(
    seed: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(seed)
    read_back = read_plan_workbook(_exported(plan, tmp_path), plan, _text(SEEDS[seed]))
    assert read_back.errors == []
    assert diff(plan, read_back.plan, same_plan=True) == ([], len(plan.indicators))
    assert read_back.plan == plan


@pytest.mark.parametrize("seed", SEEDS)
def test_one_cell_edited_is_one_change(seed: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    plan: Plan = request.getfixturevalue(seed)
    row = next(i for i in plan.indicators if i.target.value is not None)
    assert row.target.value is not None
    edited = tmp_path / "edited.xlsx"
    _set(_exported(plan, tmp_path), "指标", row.name, "目标值", row.target.value * 2, edited)
    read_back = read_plan_workbook(edited, plan, _text(SEEDS[seed]))
    changes, _ = diff(plan, read_back.plan, same_plan=True)
    assert [(c.kind, c.name, c.before, c.after) for c in changes] == [
        ("raised", changes[0].name, row.target.value, row.target.value * 2)
    ]
    assert changes[0].ratio == 2


def test_a_bad_cell_is_a_problem_with_its_place_and_nothing_is_read(shizhu: Plan, tmp_path: Path) -> None:
    row = next(i for i in shizhu.indicators if i.name == "规上工业总产值")
    edited = tmp_path / "edited.xlsx"
    at_row, column = _set(_exported(shizhu, tmp_path), "指标", row.name, "目标年", "明年", edited)
    read_back = read_plan_workbook(edited, shizhu, _text(SHIZHU))
    assert [(p.sheet, p.row, p.column, p.value) for p in read_back.errors] == [("指标", at_row, column, "明年")]
    assert "年份" in read_back.errors[0].reason and read_back.errors[0].fix


def test_duties_edited_on_their_sheet_and_rows_removed_or_added(shizhu: Plan, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    target = next(i for i in shizhu.indicators if i.name == "入库税金")
    _set(_exported(shizhu, tmp_path), "责任分工", target.name, "牵头单位", "税务局", first)
    book = openpyxl.load_workbook(first)
    sheet = book["指标"]
    sheet.delete_rows(2)  # the first target
    sheet.append([None, 115, "发展质效", "工业互联网标识解析节点", None, "个", None, None, 2027, "≥", 5])
    book.save(second)
    read_back = read_plan_workbook(second, shizhu, _text(SHIZHU))
    assert read_back.errors == []
    changes, _ = diff(shizhu, read_back.plan, same_plan=True)
    kinds = sorted((c.kind, c.field or "") for c in changes)
    assert kinds == [("added", ""), ("changed", "牵头单位"), ("dropped", "")]
    added = next(i for i in read_back.plan.indicators if i.name == "工业互联网标识解析节点")
    assert added.source.line == 115 and added.target.value == 5


def test_a_workbook_of_another_plan_is_refused(shizhu: Plan, xiushan: Plan, tmp_path: Path) -> None:
    read_back = read_plan_workbook(_exported(xiushan, tmp_path), shizhu, _text(SHIZHU))
    assert read_back.errors and read_back.errors[0].sheet == "说明"
