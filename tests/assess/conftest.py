"""The demo, built once for the assessment tests that need the 石柱 panel with its assessment inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planwatch.demo.build import DemoResult, build_demo
from tests.conftest import ROOT, SHIZHU, XIUSHAN

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    folder = tmp_path_factory.mktemp("assess-demo")
    return build_demo(folder / "demo.duckdb", [XIUSHAN, SHIZHU], FIGURES, folder / "reports", AS_OF)


@pytest.fixture(scope="session")
def demo_db(demo: DemoResult) -> Path:
    return Path(demo.database)
