"""``planwatch audit``: find what is wrong in a plan before it is issued or evaluated.

Each check is a small pure function over the Plan (and, where it needs the
words, the read Document); ``audit`` runs them all and sorts the findings by
severity and place.  Severity: ``error`` is certainly wrong (arithmetic, a
contradiction), ``warning`` very likely a problem (a target below its
baseline, infeasible growth, two scales for one cluster), ``info`` worth a look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planwatch.plan.audit.arithmetic import (
    check_breakdowns,
    check_park_columns,
    check_project_groups,
    check_scoped_targets,
)
from planwatch.plan.audit.contradictions import check_contradictions
from planwatch.plan.audit.finding import SEVERITY_ORDER, Finding
from planwatch.plan.audit.targets import (
    check_below_baseline,
    check_missing_baselines,
    check_required_growth,
    check_years,
)
from planwatch.plan.audit.text import (
    check_cluster_scales,
    check_doubled_phrases,
    check_repairs,
    check_repeated_text,
)
from planwatch.plan.document import Document
from planwatch.plan.extract import extract_document
from planwatch.plan.model import Plan
from planwatch.plan.read import read

PLAN_CHECKS: tuple[Callable[[Plan], list[Finding]], ...] = (
    check_project_groups,
    check_park_columns,
    check_scoped_targets,
    check_contradictions,
    check_below_baseline,
    check_years,
    check_required_growth,
    check_missing_baselines,
    check_repairs,
)
TEXT_CHECKS: tuple[Callable[[Document], list[Finding]], ...] = (
    check_breakdowns,
    check_repeated_text,
    check_doubled_phrases,
    check_cluster_scales,
)


def audit(plan: Plan, doc: Document) -> list[Finding]:
    """Every finding about ``plan`` (read from ``doc``), errors first, then by line."""
    findings = [f for check in PLAN_CHECKS for f in check(plan)]
    findings += [f for check in TEXT_CHECKS for f in check(doc)]
    for item in findings:
        item.file = plan.id
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.line or 0, f.kind))


@dataclass(frozen=True)
class Review:
    plan: Plan
    document: Document
    findings: list[Finding]


def review(path: Path) -> Review:
    """Read, extract and audit one plan document."""
    document = read(path)
    plan = extract_document(document)
    return Review(plan=plan, document=document, findings=audit(plan, document))


__all__ = ["Finding", "Review", "audit", "review"]
