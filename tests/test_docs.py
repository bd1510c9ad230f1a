"""docs/cli.md is the CLI's own --help: regenerate it with `make docs` when a command changes."""

from __future__ import annotations

from planwatch.cli_reference import render
from tests.conftest import ROOT


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/cli.md is out of date: run `make docs`"
