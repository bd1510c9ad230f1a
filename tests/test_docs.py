"""docs/cli.md is the CLI's own --help (regenerate it with `make docs`); the README's limits are the settings'."""

from __future__ import annotations

from planwatch.cli_reference import render
from tests.conftest import ROOT


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/cli.md is out of date: run `make docs`"


def test_the_readme_lists_every_limit_with_its_default() -> None:
    """An administrator finds each setting's name and default in the README's table."""
    from planwatch import limits

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, value, _ in limits.described():
        assert f"| `{name}` | {value:,} |" in readme, name
