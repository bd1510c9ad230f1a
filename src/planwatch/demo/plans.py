"""The demo's 指标体系: each example plan confirmed as issued, with the 牵头单位 a county office would give it.

Neither seed plan names its departments, so the demo gives each target a 牵头单位 and 配合单位 by what it
measures (演示数据: the words below are planwatch's guess of how a Chongqing county divides the work, not
the plans' own).  Version 1 takes effect, and is recorded, on the day the plan was issued, so an
evaluation as known at any date after it uses the confirmed version.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from planwatch.plan import departments
from planwatch.plan.diff import PlanDiff, compare, diff
from planwatch.plan.model import Duty, Indicator, Plan
from planwatch.plan.versions import Version
from planwatch.service.plans import plan_version, set_department, side
from planwatch.store import log
from planwatch.store.database import Store
from planwatch.store.versions import save_version, versions

CONFIRMED_BY = "演示：县经济信息委"
REASON = "确认指标体系（演示：牵头单位、配合单位为演示数据）"
WORK: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"高新|研发|专精特新|小巨人|科技型|创新", "县科技局", ("县经济信息委",)),
    (r"二氧化碳|碳排放", "县生态环境局", ("县经济信息委", "县发展改革委")),
    (r"能耗", "县经济信息委", ("县发展改革委", "县统计局")),
    (r"招商|引资|到位资金", "县商务委", ("县经济信息委",)),
    (r"投资", "县发展改革委", ("县经济信息委", "县统计局")),
    (r"面积|厂房|周转房|园区", "县规划自然资源局", ("县经济信息委",)),
    (r"产值|税|企业|工厂|车间|亩均|指数", "县经济信息委", ("县统计局",)),
)
"""What a target measures → its 牵头单位 and 配合单位 (演示数据)."""


def duty_for(indicator: Indicator, parks: set[str]) -> Duty | None:
    """The demo's 责任分工 for a target; a target scoped to a park is led by that park's 管委会."""
    park = next((p for p in reversed(indicator.scope_path or [indicator.scope or ""]) if p in parks), None)
    for pattern, lead, support in WORK:
        if re.search(pattern, indicator.name):
            helpers = list(support)
            if park is not None:
                helpers = [lead, *[h for h in helpers if h != lead]]
                lead = departments.park_office(park)
            return Duty(lead=[lead], support=helpers)
    return None


def confirm_plans(store: Store, plans: list[Plan]) -> list[Version]:
    """Version 1 of each plan, with the demo's 责任分工, effective and recorded on the day it was issued."""
    made: list[Version] = []
    for plan in plans:
        if plan.id is None or versions(store, plan.id):
            continue
        parks = {p.name for p in plan.parks}
        body = plan.model_copy(
            update={
                "indicators": [i.model_copy(update={"duty": i.duty or duty_for(i, parks)}) for i in plan.indicators]
            }
        )
        day = plan.published or (date(plan.period.start, 1, 1) if plan.period else date(2021, 1, 1))
        at = datetime.combine(day, time(9, 30))
        version = Version(plan.id, 1, day, REASON, CONFIRMED_BY, at, tuple(diff(plan, body, same_plan=True)[0]))
        with store.backend.transaction():
            save_version(store, version, body)
            log.record(store, CONFIRMED_BY, "confirm", plan.id, at, f"{version.label}（演示）")
        made.append(version)
    return made


def demo_members(store: Store, admin: str) -> None:
    """The demo's county administrator works for 县经济信息委: its 我负责的目标 are that department's."""
    set_department(store, "县经济信息委", [admin], "演示", store.now())


def compared(store: Store, plans: list[Plan]) -> PlanDiff | None:
    """The demo's two plans side by side, each in its version in force (the 规划比较 page's default)."""
    keys = [p.id for p in plans if p.id][:2]
    if len(keys) < 2:
        return None
    (a, version_a), (b, version_b) = (plan_version(store, key) for key in keys)
    return compare(a, b, side(a, version_a), side(b, version_b))
