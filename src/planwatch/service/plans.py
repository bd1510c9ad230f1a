"""Adding a plan: read it, audit it, keep both in the store in one transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from planwatch.plan.audit import Review, review
from planwatch.store.database import Store
from planwatch.store.plans import save_plan, save_review


def add_plan(store: Store, path: Path, now: datetime | None = None) -> Review:
    """Read, audit and keep a plan with its findings (and the lines they cite), in one transaction."""
    reviewed = review(path)
    keep(store, reviewed, now or store.now())
    return reviewed


def keep(store: Store, reviewed: Review, now: datetime) -> None:
    """Save a reviewed plan and its findings together."""
    with store.backend.transaction():
        save_plan(store, reviewed.plan, now)
        lines = {line.number: line.text for line in reviewed.document.lines}
        save_review(store, reviewed.plan, reviewed.findings, lines, now)
