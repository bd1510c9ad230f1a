"""What every page shares: its query parameters, the plan summary, a target's row, the two dates."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.evaluate.schema import ThroughRecord, target_record
from planwatch.periods import Through
from planwatch.plan.model import Plan
from planwatch.service.accounts import User
from planwatch.web import models as m
from planwatch.web.access import Forbidden
from planwatch.web.shared import SharedStore

PlanKey = Annotated[str | None, Query(description="规划编号（默认第一个规划）")]
AsOf = Annotated[str | None, Query(description="数据入库截至日 YYYY-MM-DD（默认今天或演示时点）")]
ThroughQuery = Annotated[
    str | None, Query(description="评估截止期：2025（年底）、2025-06（月底）或 2025-06-30（默认同入库截至日）")
]


def need_plans(user: User) -> None:
    if not user.reads_plans:
        raise Forbidden("企业用户只能查看本企业的数据：请从“本企业”页面进入。")


def plan_summary(plan: Plan) -> m.PlanSummary:
    return m.PlanSummary(
        id=plan.id,
        title=plan.title,
        region=plan.region,
        period=plan.period,
        published=plan.published.isoformat() if plan.published else None,
    )


def all_plans(shared: SharedStore) -> list[m.PlanSummary]:
    return [plan_summary(p) for p in shared.plans()]


def target_row(number: int, t: TargetEvaluation) -> m.TargetRow:
    return m.TargetRow(**target_record(t).model_dump(), number=number)


def through_record(through: Through) -> ThroughRecord:
    return ThroughRecord(code=through.code, end=through.end.isoformat(), label=through.label_zh)


def evaluated(
    shared: SharedStore, plan_key: str | None, through: str | None, as_of: str | None
) -> tuple[Plan, date, Evaluation]:
    plan = shared.plan(plan_key)
    period, known = shared.dates(through, as_of)
    return plan, known, shared.evaluation(plan, period, known)
