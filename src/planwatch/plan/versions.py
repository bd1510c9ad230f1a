"""Versions of a plan's 指标体系: which one is in force on a day, as known at a date.

What the reader produced is a draft (草稿); a person confirms it (第1版, effective from a date), and
each later change (中期调整, a correction) is a new version with its effective date, reason and user.
Like facts, versions are bitemporal: the effective date is valid time — the version governs the
periods from that day on — and ``recorded_at`` is transaction time — an evaluation "as known at" a
date sees only the versions recorded by then.  Effective dates never go back from one version to the
next (a correction takes the effective date of what it corrects), so the version in force on a day is
the latest effective by then; before the first one's date, the first one governs (a plan confirmed in
March judges the January before it by the same targets).  Pure: the store reads are ``store/versions.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from planwatch import formatting as fmt
from planwatch.errors import InputError
from planwatch.plan.diff import Change
from planwatch.plan.model import Plan

DRAFT_LABEL = "草稿（未确认）"


@dataclass(frozen=True)
class Version:
    plan_id: str
    number: int
    effective: date
    reason: str | None
    recorded_by: str
    recorded_at: datetime
    changes: tuple[Change, ...] = ()
    """What changed from the version before (from the reader's draft, for version 1)."""
    body: str = field(default="", repr=False, compare=False)
    """The plan as confirmed, as JSON (``plan()`` reads it)."""

    @property
    def label(self) -> str:
        """第2版（2026年1月1日起施行）."""
        return f"第{self.number}版（{fmt.day(self.effective)}起施行）"

    def plan(self) -> Plan:
        return Plan.model_validate_json(self.body)


def in_force(versions: Sequence[Version], day: date) -> Version | None:
    """The version that governs ``day`` among ``versions`` (those known at the date asked about)."""
    ordered = sorted(versions, key=lambda v: v.number)
    if not ordered:
        return None
    current = [v for v in ordered if v.effective <= day]
    return current[-1] if current else ordered[0]


def check_effective(versions: Sequence[Version], effective: date) -> None:
    """A new version may not take effect before the latest one: versions succeed each other in time."""
    if not versions:
        return
    latest = max(versions, key=lambda v: v.number)
    if effective < latest.effective:
        raise InputError(
            f"生效日期 {effective.isoformat()} 早于{latest.label}的生效日期：各版本按生效日期依次接替。"
            f"请选 {latest.effective.isoformat()} 或以后的日期；若是更正{latest.label}的错误，"
            f"请用它的生效日期 {latest.effective.isoformat()}。"
        )
