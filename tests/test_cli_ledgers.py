"""CLI wiring of the ledgers over the demo: chains, projects (--json, -o) and projects template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.demo.build import build_demo
from planwatch.periods import today
from tests.conftest import ROOT, SHIZHU, XIUSHAN

runner = CliRunner()
AS_OF = "2026-10-31"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("ledger-demo")
    figures = ROOT / "examples" / "data" / "published-figures.csv"
    build_demo(folder / "demo.duckdb", [XIUSHAN, SHIZHU], figures, folder / "reports", date(2026, 10, 31))
    yield str(folder / "demo.duckdb")


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_projects_json_lists_every_plan_project_with_totals_by_park(demo: str) -> None:
    data = _json(["projects", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF, "--json"])
    projects = data["projects"]
    assert isinstance(projects, list)
    planned = [p for p in projects if p["origin"] == "规划"]
    assert len(planned) == 73
    for p in planned:
        assert p["status"] and p["status_zh"] and p["line"]
        assert p["completion_rate"] == pytest.approx(
            p["completed_investment_wan"] / p["total_investment_wan"], abs=1e-4
        )
    totals = data["totals"]
    assert isinstance(totals, dict)
    parks = totals["by_park"]
    for park, t in parks.items():
        leaf = sum(p["total_investment_wan"] for p in planned if p["park"] == park)
        assert t["total_investment_wan"] == pytest.approx(leaf)
        assert t["projects"] == sum(1 for p in planned if p["park"] == park)
    overall = totals["all"]
    assert overall["total_investment_wan"] == pytest.approx(2_163_600)  # 216.36 亿元, the leaves summed
    assert overall["stated_investment_wan"] == pytest.approx(2_039_600)  # what the plan states: kept visible
    assert overall["difference_wan"] == pytest.approx(124_000)
    assert parks["下路工业园区"]["difference_wan"] == pytest.approx(144_000)  # the audit's 康养消费品 subtotal
    assert sum(t["total_investment_wan"] for t in parks.values()) == pytest.approx(overall["total_investment_wan"])
    # The demo: most 2023–2024 projects started, some delayed.
    early = [p for p in planned if p["planned_start"] and p["planned_start"] <= 2024]
    started = [p for p in early if p["status"] in {"started", "building", "completed", "producing"}]
    assert len(started) / len(early) > 0.8
    assert 0 < overall["delayed"] < len(planned) / 2
    assert data["as_of"] == AS_OF and data["plan"] == SHIZHU.name


def test_projects_through_an_earlier_month_and_to_excel(demo: str, tmp_path: Path) -> None:
    now = _json(["projects", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF, "--json"])
    then = _json(["projects", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF, "--through", "2024-06", "--json"])
    assert then["month"] == "2024-06"
    assert then["totals"]["all"]["completed_investment_wan"] < now["totals"]["all"]["completed_investment_wan"]  # type: ignore[index]
    out = tmp_path / "台账.xlsx"
    result = runner.invoke(app, ["projects", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF, "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(out).sheetnames
    assert sheets == ["项目台账分园区", "项目台账", "滞后项目"]
    terminal = runner.invoke(app, ["projects", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF])
    assert terminal.exit_code == 0 and "开工率" in terminal.output and "滞后项目" in terminal.output
    missing = runner.invoke(app, ["projects", "--db", demo])
    assert missing.exit_code == 2 and "--plan" in missing.output


def test_chains_json_gives_six_chains_and_the_gaps(demo: str) -> None:
    data = _json(["chains", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF, "--json"])
    chains = data["chains"]
    assert isinstance(chains, list) and len(chains) == 6
    for chain in chains:
        assert chain["name"] and len(chain["links"]) >= 3
        assert [link["position"] for link in chain["links"]] == list(range(1, len(chain["links"]) + 1))
    empty = {(c["name"], link["name"]) for c in chains for link in c["links"] if not link["enterprises"]}
    gaps = data["gaps"]
    assert isinstance(gaps, list)
    named = {(g["chain"], g["link"]) for g in gaps if g["kind"] in {"补链", "延链"}}
    assert empty and named == empty  # every link without an enterprise is on the list
    assert all(g["kind"] in {"补链", "延链", "强链"} and g["plan_text"] for g in gaps)
    assert any(link["projects"] for c in chains for link in c["links"])
    text = runner.invoke(app, ["chains", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF])
    assert text.exit_code == 0 and "缺链环节" in text.output


def test_the_park_template_lists_its_projects_and_signings(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "下路.xlsx"
    result = runner.invoke(
        app, ["projects", "template", "--park", "下路工业园区", "-o", str(out), "--db", demo, "--period", "2026-10"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["填报说明", "项目进展", "招商台账"]
    ids = [row[0] for row in book["项目进展"].iter_rows(min_row=2, values_only=True)]
    assert "1.1.1.1" in ids and "2.1" not in ids
    assert {row[4] for row in book["项目进展"].iter_rows(min_row=2, values_only=True)} == {"2026-10"}
    wrong = runner.invoke(app, ["projects", "template", "--park", "无此园区", "-o", str(out), "--db", demo])
    assert wrong.exit_code == 2 and "可用的园区" in wrong.output


def test_the_report_writes_its_key_projects_from_the_ledger(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "石柱.md"
    args = ["report", "--plan", SHIZHU.name, "--db", demo, "--as-of", AS_OF, "--format", "md", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    text = out.read_text(encoding="utf-8")
    section = text[text.index("## 重点项目") : text.index("## 存在问题")]
    assert "开工率" in section and "投资完成率" in section and "滞后项目" in section
    assert "规划所列合计为203.96亿元" in section  # the audit's known difference stays visible
    assert "石柱县工业园区产业发展规划" in text and "中医药产业链签约投资额" in text  # a 招商 target among the targets


def test_import_reads_a_progress_sheet(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    assert runner.invoke(app, ["plan", "add", str(SHIZHU), "--db", db]).exit_code == 0
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "项目进展"
    sheet.append(["项目编号", "项目名称", "报告期", "项目状态", "累计完成投资（万元）"])
    sheet.append(["1.1.1.1", "辣椒系列调味品", "2025-06", "在建", 1200])
    sheet.append(["9.9", "无此项目", "2025-06", "在建", 1])
    path = tmp_path / "进展.xlsx"
    book.save(path)
    refused = runner.invoke(app, ["import", str(path), "--db", db, "--json"])
    assert refused.exit_code == 1
    summary = json.loads(refused.stdout)
    assert summary["format"] == "项目进展" and summary["committed"] is False
    assert [(p["row"], p["column"], p["header"]) for p in summary["problems"]] == [(3, "A", "项目编号")]
    assert "不是库中规划的项目编号" in summary["problems"][0]["reason"]
    sheet.delete_rows(3)
    book.save(path)
    accepted = runner.invoke(app, ["import", str(path), "--db", db])
    assert accepted.exit_code == 0 and "已写入" in accepted.output
    data = _json(["projects", "--plan", SHIZHU.name, "--db", db, "--as-of", today().isoformat(), "--json"])
    projects = data["projects"]
    assert isinstance(projects, list)
    row = next(p for p in projects if p["id"] == "1.1.1.1")
    assert row["status_zh"] == "在建" and row["completed_investment_wan"] == 1200
