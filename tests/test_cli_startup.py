"""The command line starts at once: importing it loads none of the heavy parts a command may not need."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "fastapi", "openpyxl", "docx", "pdfplumber", "duckdb", "sqlglot", "planwatch.demo")


def test_importing_the_cli_loads_no_heavy_module() -> None:
    probe = "import sys, planwatch.cli; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    heavy = [name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY)]
    assert heavy == []


def test_extracting_a_text_plan_loads_no_store_or_spreadsheet_module() -> None:
    """`planwatch extract` of a .txt plan, printed as a table: reading and printing, nothing of the store."""
    plan = "examples/plans/003_ee4bfce4192e67e0.txt"
    probe = (
        "import sys\nfrom typer.testing import CliRunner\nfrom planwatch.cli import app\n"
        f"result = CliRunner().invoke(app, ['extract', {plan!r}])\n"
        "assert result.exit_code == 0, result.output\nprint('\\n'.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    heavy = [name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
