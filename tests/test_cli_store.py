"""CLI wiring of the store commands: import, template, indicators, compute."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from planwatch.cli import app
from tests.conftest import ROOT, SHIZHU, XIUSHAN
from tests.importing.files import monthly_rows, registry_rows, xlsx

runner = CliRunner()
PUBLISHED = ROOT / "examples" / "data" / "published-figures.csv"


def test_import_reports_and_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    result = runner.invoke(
        app, ["import", str(xlsx(tmp_path / "名录.xlsx", {"名录": registry_rows()})), "--db", db, "--create-org"]
    )
    assert result.exit_code == 0, result.output
    assert "已写入" in result.output
    bad = monthly_rows({0: -1})
    result = runner.invoke(app, ["import", str(xlsx(tmp_path / "bad.xlsx", {"月报": bad})), "--db", db, "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["committed"] is False and summary["problems"][0]["row"] == 2
    assert Path(summary["problem_list"]).exists()
    dry = runner.invoke(
        app, ["import", str(xlsx(tmp_path / "ok.xlsx", {"月报": monthly_rows({0: 5})})), "--db", db, "--dry-run"]
    )
    assert dry.exit_code == 0 and "试运行" in dry.output


def test_import_of_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"garbage")
    result = runner.invoke(app, ["import", str(path), "--db", str(tmp_path / "pw.duckdb")])
    assert result.exit_code == 2 and result.output.startswith("错误：") and "Traceback" not in result.output


def test_template_has_the_sheets(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["template", str(out), "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 0, result.output
    assert "企业月报" in openpyxl.load_workbook(out).sheetnames


def test_indicators_lists_mapped_and_unmapped() -> None:
    result = runner.invoke(app, ["indicators", "--plan", str(SHIZHU), "--json"])
    rows = json.loads(result.stdout)
    mapped = {row["indicator"]: row["definition"] for row in rows if row["definition"]}
    assert mapped["规上工业总产值"] == "gs_output"
    assert mapped["入库税金"] == "tax"
    assert not any(row["definition"] for row in rows if row["indicator"] == "制造业质量竞争力指数")


def test_compute_with_published_figures(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    assert runner.invoke(app, ["import", str(PUBLISHED), "--db", db, "--create-org"]).exit_code == 0
    result = runner.invoke(app, ["compute", "--plan", str(XIUSHAN), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    by_name = {row["indicator"]: row for row in json.loads(result.stdout)}
    values = by_name["规上工业企业"]["values"]
    assert [(v["org"], v["year"], v["value"], v["last_month"]) for v in values] == [
        ("秀山土家族苗族自治县", 2024, 83, 10)
    ]
    early = runner.invoke(app, ["compute", "--plan", str(XIUSHAN), "--db", db, "--json", "--as-of", "2020-01-01"])
    assert all(not row["values"] for row in json.loads(early.stdout))
    wrong = runner.invoke(app, ["compute", "--plan", str(XIUSHAN), "--db", db, "--as-of", "yesterday"])
    assert wrong.exit_code == 2


def test_template_lists_a_parks_enterprises(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    assert (
        runner.invoke(
            app, ["import", str(xlsx(tmp_path / "名录.xlsx", {"名录": registry_rows()})), "--db", db, "--create-org"]
        ).exit_code
        == 0
    )
    out = tmp_path / "下路.xlsx"
    result = runner.invoke(app, ["template", str(out), "--db", db, "--park", "下路工业园区", "--period", "2024年6月"])
    assert result.exit_code == 0, result.output
    assert "已列出 3 家企业、报告期 2024-06" in result.output  # the registry puts three in 下路
    sheet = openpyxl.load_workbook(out)["企业月报"]
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == ["2024-06"] * 3
    wrong = runner.invoke(app, ["template", str(out), "--db", db, "--park", "没有这个园区"])
    assert wrong.exit_code != 0 and "可用的园区：" in wrong.output


def test_template_options_need_a_registry(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["template", str(tmp_path / "t.xlsx"), "--db", str(missing), "--park", "下路工业园区"])
    assert result.exit_code == 2 and not missing.exists()
    alone = runner.invoke(app, ["template", str(tmp_path / "t.xlsx"), "--period", "2024-06"])
    assert alone.exit_code == 2
