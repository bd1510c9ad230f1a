"""Shared fixtures: the two seed plans, read once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.plan.document import Document
from planwatch.plan.extract import extract
from planwatch.plan.model import Plan
from planwatch.plan.read import read

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"
SHIZHU = PLANS / "003_ee4bfce4192e67e0.txt"
"""石柱县工业园区产业发展规划（2023—2027年）: Word export with flattened tables."""
XIUSHAN = PLANS / "000_1528b4e4bd8eb29d.txt"
"""秀山县制造业高质量发展“十四五”规划: PDF converted to Markdown-like text."""


@pytest.fixture(scope="session")
def shizhu_doc() -> Document:
    return read(SHIZHU)


@pytest.fixture(scope="session")
def xiushan_doc() -> Document:
    return read(XIUSHAN)


@pytest.fixture(scope="session")
def shizhu() -> Plan:
    return extract(SHIZHU)


@pytest.fixture(scope="session")
def xiushan() -> Plan:
    return extract(XIUSHAN)


from tests.backends import postgres_url, store, store_location  # noqa: E402,F401  # shared fixtures
