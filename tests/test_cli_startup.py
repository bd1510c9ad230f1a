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
