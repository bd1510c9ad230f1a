"""A finding of the audit: what is wrong, how sure we are, where, and the numbers that prove it.

A module of its own (not inside ``plan.audit``) so that what keeps or shows
findings — the store, the reports — does not load every check to read one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from planwatch.status import Severity

SEVERITY_ORDER: dict[str, int] = {severity: rank for rank, severity in enumerate(Severity)}


class Finding(BaseModel):
    kind: str
    """A dotted name of the check: ``arithmetic.subtotal``, ``contradiction``, ``target.below_baseline`` …"""
    severity: Severity
    message: str
    """One Chinese sentence a reviewer understands."""
    line: int | None
    """The first place in the document; ``lines`` has every place."""
    lines: list[int] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    file: str | None = None
    """The plan document the finding is about (its file name)."""
