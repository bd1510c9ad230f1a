"""What a plan contains, counted: the summary ``planwatch extract`` prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planwatch.plan.model import Plan
from planwatch.units import convert


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    counts: dict[str, int]
    table_indicators: int
    prose_targets: int
    milestones: int
    binding: int
    project_total: float | None
    """Sum of the leaf projects' investment, in 亿元."""
    stated_total: float | None
    """The grand total as the document states it, in 亿元."""
    projects_by_group: dict[str, int]


def _to_yi(value: float | None, unit: str | None) -> float | None:
    if value is None:
        return None
    try:
        return convert(value, unit or "万元", "亿元")
    except (KeyError, ValueError):
        return None


def summarise(plan: Plan) -> PlanSummary:
    counts = {
        "indicators": len(plan.indicators),
        "facts": len(plan.facts),
        "parks": len(plan.parks),
        "projects": len(plan.projects),
        "project_groups": len(plan.project_groups),
        "chains": len(plan.chains),
        "repairs": len(plan.repairs),
    }
    amounts = [_to_yi(p.investment.value, p.investment.unit) for p in plan.projects if p.investment]
    known = [amount for amount in amounts if amount is not None]
    grand = next((group for group in plan.project_groups if not group.path), None)
    stated = (
        _to_yi(grand.stated_investment.value, grand.stated_investment.unit)
        if grand and grand.stated_investment
        else None
    )
    by_group = Counter(project.group_path[0] if project.group_path else "（未分组）" for project in plan.projects)
    return PlanSummary(
        plan=plan,
        counts=counts,
        table_indicators=sum(1 for i in plan.indicators if i.origin == "table"),
        prose_targets=sum(1 for i in plan.indicators if i.origin == "prose" and i.target.value is not None),
        milestones=sum(1 for i in plan.indicators if i.target.value is None),
        binding=sum(1 for i in plan.indicators if i.attribute == "binding"),
        project_total=round(sum(known), 4) if known else None,
        stated_total=stated,
        projects_by_group=dict(by_group),
    )
