"""CLI wiring of evaluate, milestone and the demo."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import psycopg
from typer.testing import CliRunner

from planwatch.cli import app
from tests.backends import _schema_url
from tests.conftest import PLANS, ROOT, XIUSHAN

runner = CliRunner()


def test_demo_builds_evaluates_and_reports(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    reports = tmp_path / "reports"
    result = runner.invoke(
        app,
        ["demo", "--db", str(db), "--plans", str(PLANS), "--figures", str(ROOT / "examples/data/published-figures.csv"),
         "--reports", str(reports), "--no-serve"],
        env={"COLUMNS": "160"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "数据库：" in result.output and db.exists()
    written = sorted(p.name for p in reports.glob("*.md"))
    assert written == ["000_1528b4e4bd8eb29d.评估报告.md", "003_ee4bfce4192e67e0.评估报告.md"]
    text = (reports / written[1]).read_text(encoding="utf-8")
    assert "## 指标完成情况" in text and "规上工业总产值" in text

    evaluated = runner.invoke(
        app,
        ["evaluate", "--db", str(db), "--plan", XIUSHAN.name, "--through", "2024", "--as-of", "2026-10-31", "--json"],
    )
    assert evaluated.exit_code == 0, evaluated.output
    data = json.loads(evaluated.stdout)
    target = next(t for t in data["targets"] if t["indicator"] == "规上工业企业")
    for key in ("indicator", "category", "unit", "binding", "baseline", "target", "latest", "completion",
                "required_cagr", "observed_cagr", "status", "forecast"):  # fmt: skip
        assert key in target
    assert target["latest"] == {"period": "2024-10", "value": 83.0, "source": "统计"}
    assert set(target["forecast"]) >= {"year", "value", "low", "high", "p_meet"}
    assert data["as_of"] == "2026-10-31" and data["through"] == {
        "code": "2024",
        "end": "2024-12-31",
        "label": "2024年底",
    }
    after = runner.invoke(app, ["evaluate", "--db", str(db), "--plan", XIUSHAN.name, "--as-of", "2026-10-31", "--json"])
    firms = next(t for t in json.loads(after.stdout)["targets"] if t["indicator"] == "规上工业企业")
    assert firms["status"] == "missed" and firms["forecast"] is None and firms["gap"] == 67
    as_markdown = runner.invoke(
        app, ["evaluate", "--db", str(db), "--plan", XIUSHAN.name, "--as-of", "2026-10-31", "--markdown"]
    )
    assert "## 存在问题" in as_markdown.stdout and "库中没有保存该规划的文本审查结果" not in as_markdown.stdout

    marked = runner.invoke(
        app,
        ["milestone", "成功创建市级高新技术产业开发区", "--plan", XIUSHAN.name, "--status", "推进中", "--db", str(db)],
    )
    assert marked.exit_code == 0, marked.output
    wrong = runner.invoke(
        app,
        ["milestone", "成功创建市级高新技术产业开发区", "--plan", XIUSHAN.name, "--status", "差不多", "--db", str(db)],
    )
    assert wrong.exit_code == 2 and "未开始" in wrong.output
    unknown = runner.invoke(app, ["evaluate", "--db", str(db), "--plan", "不存在的规划"])
    assert unknown.exit_code == 2 and "可用的规划" in unknown.output


def test_demo_accepts_a_postgresql_url(postgres_url: str, tmp_path: Path) -> None:
    """Every --db takes a DuckDB path or a PostgreSQL URL; the demo refuses a database that has data."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    url = _schema_url(postgres_url, schema)
    arguments = ["demo", "--db", url, "--plans", str(PLANS), "--reports", str(tmp_path), "--no-serve"]
    built = runner.invoke(app, arguments, env={"COLUMNS": "160"})
    assert built.exit_code == 0, built.output
    assert "数据库：postgresql://" in built.output and (tmp_path / "000_1528b4e4bd8eb29d.评估报告.md").exists()
    again = runner.invoke(app, arguments, env={"COLUMNS": "160"})
    assert again.exit_code == 2 and "空库" in again.output
