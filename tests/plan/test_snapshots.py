"""What the two seed plans extract to and what their audit finds, kept as JSON snapshot files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from planwatch.plan.audit import review
from tests.conftest import SHIZHU, XIUSHAN
from tests.snapshot import JSON


@pytest.mark.parametrize("seed", [XIUSHAN, SHIZHU], ids=["xiushan", "shizhu"])
def test_extraction(seed: Path, snapshot: SnapshotAssertion) -> None:
    plan: dict[str, Any] = review(seed).plan.model_dump(mode="json")
    plan["file"] = seed.name  # not where this checkout keeps the seeds
    assert plan == snapshot(extension_class=JSON)


@pytest.mark.parametrize("seed", [XIUSHAN, SHIZHU], ids=["xiushan", "shizhu"])
def test_audit(seed: Path, snapshot: SnapshotAssertion) -> None:
    findings = [f.model_dump(mode="json") for f in review(seed).findings]
    assert findings == snapshot(extension_class=JSON)
