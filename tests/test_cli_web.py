"""CLI wiring of the dashboard commands: user add / list, serve."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.service.accounts import authenticate
from planwatch.store.database import open_store
from planwatch.store.plans import load_plan, load_review
from planwatch.web import serve as serving
from tests.conftest import SHIZHU

runner = CliRunner()


def test_user_add_and_list(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    result = runner.invoke(
        app, ["user", "add", "王五", "--role", "viewer", "--password", "a long password", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert "已保存用户 王五（只读用户）" in result.output
    listed = runner.invoke(app, ["user", "list", "--db", db])
    assert "王五\tviewer" in listed.output and "long password" not in listed.output
    with open_store(db, read_only=True) as store:
        assert authenticate(store, "王五", "a long password") is not None
    bad = runner.invoke(app, ["user", "add", "赵六", "--role", "park", "--password", "a long password", "--db", db])
    assert bad.exit_code == 2 and "--park" in bad.output


def test_serve_passes_its_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_serve(store: object, host: str, port: int, as_of: date | None, secure_cookies: bool) -> None:
        seen.update(host=host, port=port, as_of=as_of, secure_cookies=secure_cookies)

    monkeypatch.setattr(serving, "serve", fake_serve)
    db = str(tmp_path / "pw.duckdb")
    options = ["--port", "8123", "--host", "0.0.0.0", "--as-of", "2026-10-31", "--secure-cookies"]
    result = runner.invoke(app, ["serve", "--db", db, *options])
    assert result.exit_code == 0, result.output
    assert seen == {"host": "0.0.0.0", "port": 8123, "as_of": date(2026, 10, 31), "secure_cookies": True}
    assert "http://0.0.0.0:8123/" in result.output


def test_plan_add_keeps_the_plan_and_its_audit(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.duckdb")
    result = runner.invoke(app, ["plan", "add", str(SHIZHU), "--db", db])
    assert result.exit_code == 0, result.output
    assert "已入库（草稿）：石柱县工业园区产业发展规划" in result.output
    with open_store(db, read_only=True) as store:
        plan = load_plan(store, SHIZHU.name)
        stored = load_review(store, plan)
    assert stored is not None and stored.findings
    assert all(n in stored.lines for f in stored.findings for n in f.lines)
    missing = runner.invoke(app, ["plan", "add", str(tmp_path / "无.docx"), "--db", db])
    assert missing.exit_code == 2 and missing.output.startswith("错误：")
