"""The CLI's wiring: options reach the library, errors reach the user as one line."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from planwatch.cli import app
from tests.conftest import SHIZHU, XIUSHAN

runner = CliRunner()


def test_extract_json_is_the_plan_contract() -> None:
    result = runner.invoke(app, ["extract", str(SHIZHU), "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    for key in (
        "title",
        "issuer",
        "doc_number",
        "published",
        "region",
        "period",
        "indicators",
        "facts",
        "parks",
        "projects",
        "project_groups",
        "chains",
    ):
        assert key in plan
    assert plan["published"] == "2024-01-23"
    assert plan["period"] == {"start": 2023, "end": 2027}
    assert all({"line", "text"} <= set(item["source"]) for item in plan["indicators"])


def test_extract_several_files_gives_a_list_and_yaml_works() -> None:
    result = runner.invoke(app, ["extract", str(SHIZHU), str(XIUSHAN), "--json"])
    assert [plan["doc_number"] for plan in json.loads(result.stdout)] == [
        "石柱府发〔2024〕5号",
        "秀山府办发〔2022〕3号",
    ]
    result = runner.invoke(app, ["extract", str(XIUSHAN), "--yaml"])
    assert yaml.safe_load(result.stdout)["period"] == {"start": 2021, "end": 2025}


def test_summary_by_default() -> None:
    result = runner.invoke(app, ["extract", str(SHIZHU)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "石柱府发〔2024〕5号" in result.stdout
    assert "项目 73" in result.stdout


def test_bad_files_give_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "plan.xls"
    bad.write_bytes(b"not a plan")
    for path in (bad, tmp_path / "missing.txt"):
        result = runner.invoke(app, ["extract", str(path)])
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert result.output.strip().startswith("错误：")


def test_audit_json_and_markdown() -> None:
    result = runner.invoke(app, ["audit", str(SHIZHU), "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert {"kind", "severity", "message", "line", "evidence"} <= set(findings[0])
    assert findings[0]["severity"] == "error"
    result = runner.invoke(app, ["audit", str(XIUSHAN), "--format", "markdown"])
    assert result.stdout.startswith("# 规划审查意见：")
    result = runner.invoke(app, ["audit", str(XIUSHAN), "--format", "html"])
    assert result.exit_code == 2 and "markdown" in result.output
