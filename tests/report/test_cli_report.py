"""CLI wiring of `planwatch report`: options to the library, the file written where it says."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from tests.conftest import XIUSHAN

runner = CliRunner()


def test_report_writes_each_format(xiushan_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    base = ["report", "--db", str(xiushan_db), "--plan", XIUSHAN.name, "--as-of", "2026-10-31"]
    result = runner.invoke(app, [*base, "--format", "md"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "000_1528b4e4bd8eb29d.评估报告.md"
    assert "已写出评估报告" in result.output and written.exists()
    assert "## 指标完成情况" in written.read_text(encoding="utf-8")

    out = tmp_path / "sub" / "报告.html"
    out.parent.mkdir()
    result = runner.invoke(app, [*base, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")

    wrong = runner.invoke(app, [*base, "--format", "pdf"])
    assert wrong.exit_code == 2
    unknown = runner.invoke(app, ["report", "--db", str(xiushan_db), "--plan", "不存在的规划"])
    assert unknown.exit_code == 2 and "可用的规划" in unknown.output
