"""CLI wiring of ``assess mujun``, ``assess tiers`` and ``energy``: the JSON contracts, the 公示 workbook,
the park filter, and errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planwatch.cli import app

runner = CliRunner()
AS_OF = ["--as-of", "2026-10-31"]


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, [*args, *AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_assess_mujun_json_contract(demo_db: Path) -> None:
    report = _json(["assess", "mujun", "--db", str(demo_db)])
    assert {"scheme", "year", "benchmarks", "enterprises", "summary"} <= set(report)
    assert report["scheme"] == "重庆" and report["year"] == 2025
    firms = report["enterprises"]
    assert isinstance(firms, list)
    first = firms[0]
    contract = {"uscc", "name", "park", "list", "class", "reason", "score", "rank", "previous_class", "items"}
    assert contract <= set(first)
    assert {"indicator", "value", "unit", "benchmark", "score", "weight"} <= set(first["items"][0])
    assert first["score"] == round(sum(i["score"] for i in first["items"]) + first["adjustment"], 4)
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert sum(summary.values()) == len(firms)
    assert all(f["reason"] for f in firms if f["class"] == "不评价")


def test_assess_mujun_writes_the_public_workbook_and_filters_a_park(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "亩均公示.xlsx"
    result = runner.invoke(app, ["assess", "mujun", "--db", str(demo_db), *AS_OF, "--scheme", "黄岩", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert {"评价结果（规上）", "评价结果（规下）", "不评价企业", "亩均分类汇总", "亩均评价基准", "亩均体检"} <= set(
        book.sheetnames
    )
    park = _json(["assess", "mujun", "--db", str(demo_db), "--park", "万朝静脉产业园"])
    firms = park["enterprises"]
    assert isinstance(firms, list) and firms and all(f["park"] == "万朝静脉产业园" for f in firms)
    wrong = runner.invoke(app, ["assess", "mujun", "--db", str(demo_db), "--scheme", "某县"])
    assert wrong.exit_code == 2 and wrong.output.startswith("错误：") and "黄岩" in wrong.output


def test_assess_tiers_json_contract(demo_db: Path) -> None:
    report = _json(["assess", "tiers", "--db", str(demo_db), "--rules", "2026"])
    assert report["rules"] == "2026" and report["unverified"]
    firms = report["enterprises"]
    assert isinstance(firms, list)
    tiers = firms[0]["tiers"]
    assert set(tiers) == {"规上", "创新型中小企业", "专精特新", "小巨人", "高新技术企业"}
    assert {"status", "score", "missing"} <= set(tiers["专精特新"])
    assert {t["status"] for f in firms for t in f["tiers"].values()} <= {"meets", "close", "far"}


def test_energy_json_contract(demo_db: Path) -> None:
    report = _json(["energy", "--db", str(demo_db), "--year", "2025"])
    orgs = report["orgs"]
    assert isinstance(orgs, list) and report["year"] == 2025
    keys = {"org", "tce_equivalent", "tce_calorific", "co2_t", "value_added_wan", "intensity", "by_fuel"}
    assert all(keys <= set(org) for org in orgs)
    county, firms = orgs[0], [o for o in orgs if o["kind"] == "enterprise"]
    assert county["tce_calorific"] == pytest.approx(sum(f["tce_calorific"] or 0 for f in firms), abs=0.01)


def test_terminal_output(demo_db: Path) -> None:
    for args in (["assess", "mujun"], ["assess", "tiers"], ["energy"]):
        result = runner.invoke(app, [*args, "--db", str(demo_db), *AS_OF], env={"COLUMNS": "160"})
        assert result.exit_code == 0, result.output
    assert "小升规培育库" in result.output or "能耗" in result.output


def test_the_report_command_includes_the_assessment(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "石柱.md"
    result = runner.invoke(
        app,
        [
            "report",
            "--db",
            str(demo_db),
            "--plan",
            "003_ee4bfce4192e67e0.txt",
            *AS_OF,
            "--format",
            "md",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "## 梯度培育" in out.read_text(encoding="utf-8")
