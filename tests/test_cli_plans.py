"""CLI wiring of 指标体系确认: plan confirm, versions, export → import round trip, diff, departments."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.store.database import open_store
from planwatch.store.versions import versions
from tests.conftest import SHIZHU, XIUSHAN

runner = CliRunner()
SEEDS = {"shizhu": SHIZHU, "xiushan": XIUSHAN}


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _double_first_target(path: Path, out: Path) -> tuple[str, float]:
    """Double the first numeric 目标值 of the 指标 sheet: (its 指标, the old value)."""
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    headers = [str(c.value).removesuffix("（只读）") for c in sheet[1]]
    name, value = headers.index("指标") + 1, headers.index("目标值") + 1
    for row in range(2, sheet.max_row + 1):
        old = sheet.cell(row, value).value
        if isinstance(old, int | float):
            sheet.cell(row, value).value = old * 2
            book.save(out)
            return str(sheet.cell(row, name).value), float(old)
    raise AssertionError("no numeric target")


@pytest.mark.parametrize("seed", SEEDS)
def test_export_import_and_diff_round_trip(seed: str, tmp_path: Path) -> None:
    db, key = str(tmp_path / "pw.duckdb"), SEEDS[seed].name
    _ok("plan", "add", str(SEEDS[seed]), "--db", db)
    assert "第1版" in _ok("plan", "confirm", key, "--db", db)
    book = tmp_path / "指标体系.xlsx"
    assert "已导出指标体系表" in _ok("plan", "export", "--plan", key, "-o", str(book), "--db", db)
    same = _ok("plan", "import", str(book), "--plan", key, "--effective", "2026-01-01", "--db", db)
    assert "没有生成新版本" in same
    with open_store(db, read_only=True) as store:
        assert len(versions(store, key)) == 1
    edited = tmp_path / "改.xlsx"
    name, old = _double_first_target(book, edited)
    imported = json.loads(
        _ok("plan", "import", str(edited), "--plan", key, "--effective", "2026-01-01", "--reason", "中期调整",
            "--db", db, "--json")
    )  # fmt: skip
    assert imported["written"] and imported["version"] == 2 and imported["problems"] == []
    assert [(c["kind"], c["before"], c["after"]) for c in imported["changes"]] == [("raised", old, old * 2)]
    result = json.loads(_ok("plan", "diff", f"{key}@1", f"{key}@2", "--db", db, "--json"))
    assert set(result) == {"a", "b", "same_plan", "changes", "counts", "unchanged"}
    assert (result["a"]["version"], result["b"]["version"], result["same_plan"]) == (1, 2, True)
    [change] = result["changes"]
    assert set(change) == {"item", "kind", "kind_zh", "name", "scope", "field", "before", "after", "ratio",
                           "line_a", "line_b", "text"}  # fmt: skip
    assert (change["item"], change["kind"], change["field"], change["ratio"]) == ("指标", "raised", "目标值", 2.0)
    assert name in change["name"] and result["counts"] == {"调高": 1}
    text = _ok("plan", "diff", f"{key}@1", key, "--db", db)  # KEY alone: the version in force today
    assert "共 1 处不同" in text and "调高" in text
    history = json.loads(_ok("plan", "versions", key, "--db", db, "--json"))
    assert [(v["version"], v["reason"]) for v in history["versions"]] == [(1, "确认指标体系"), (2, "中期调整")]


def test_an_import_with_a_bad_cell_writes_nothing_and_lists_the_cell(tmp_path: Path) -> None:
    db, key = str(tmp_path / "pw.duckdb"), SHIZHU.name
    _ok("plan", "add", str(SHIZHU), "--db", db)
    book = tmp_path / "指标体系.xlsx"
    _ok("plan", "export", "--plan", key, "-o", str(book), "--db", db)
    workbook = openpyxl.load_workbook(book)
    workbook["指标"]["I2"] = "明年"  # 目标年
    workbook.save(book)
    result = runner.invoke(app, ["plan", "import", str(book), "--plan", key, "--effective", "2026-01-01", "--db", db])
    assert result.exit_code == 1
    assert "什么也没有写入" in result.output and "I" in result.output and "明年" in result.output
    assert (tmp_path / "指标体系.问题清单.xlsx").exists()
    with open_store(db, read_only=True) as store:
        assert versions(store, key) == []


def test_two_plans_compared_and_an_unknown_version_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    _ok("plan", "add", str(XIUSHAN), str(SHIZHU), "--db", db)
    result = json.loads(_ok("plan", "diff", XIUSHAN.name, SHIZHU.name, "--db", db, "--json"))
    assert not result["same_plan"] and result["a"]["label"] == "草稿（未确认）"
    assert {c["kind"] for c in result["changes"]} >= {"added", "dropped"}
    missing = runner.invoke(app, ["plan", "diff", f"{SHIZHU.name}@2", SHIZHU.name, "--db", db])
    assert missing.exit_code == 2 and "没有第“2”版" in missing.output


def test_departments_are_listed_and_added(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    _ok("user", "add", "李四", "--role", "viewer", "--password", "a long password", "--db", db)
    assert "县经济信息委（人员：李四）" in _ok("department", "add", "经信委", "--member", "李四", "--db", db)
    listed = _ok("department", "list", "--db", db)
    assert "县经济信息委\t李四" in listed and "县统计局" in listed
