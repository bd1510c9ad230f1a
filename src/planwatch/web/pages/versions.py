"""Pages of the 指标体系: each plan's versions, the review page (admins), a plan's history, and the plan diff.

The review page shows the plan under review (``service.plans.working``: the latest version with the edits
made since) beside the plan's text; its forms post to ``web/routers/versions.py``.  Everyone who reads
plans sees the versions, the history and the diff; only county administrators change a plan.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Annotated

from fastapi import Query

from planwatch import data
from planwatch import formatting as fmt
from planwatch.metrics.custom import definition_of
from planwatch.metrics.definitions import definitions
from planwatch.plan import names
from planwatch.plan.diff import compare, label
from planwatch.plan.edit import FIELDS, written
from planwatch.plan.model import Indicator, Plan
from planwatch.plan.terms import ATTRIBUTES, BASES, COMPARATORS, DIRECTIONS
from planwatch.plan.versions import DRAFT_LABEL, Version, in_force
from planwatch.report.blocks import Row, Table
from planwatch.service.accounts import User
from planwatch.service.plans import Working, department_list, plan_version, side, working
from planwatch.store.versions import load_text
from planwatch.web import models as m
from planwatch.web.access import Forbidden
from planwatch.web.pages import common
from planwatch.web.shared import NotFound, SharedStore


def doubtful_below() -> float:
    """A reader's confidence under this puts an item among the doubtful (``data/cockpit.yaml``, review)."""
    return float(data.load("cockpit.yaml")["review"]["doubtful_below"])


def need_admin(user: User) -> None:
    if user.role != "admin":
        raise Forbidden(f"只有县级管理员可以修改指标体系；{user.role_zh}可以查看版本历史和比较。")


def _working(shared: SharedStore, plan_id: str) -> Working:
    shared.plan(plan_id)  # 404 for a plan not in the store
    return shared.read(("working", plan_id), lambda store: working(store, plan_id))


def version_row(v: Version) -> m.VersionRow:
    return m.VersionRow(
        number=v.number,
        label=v.label,
        effective=v.effective.isoformat(),
        reason=v.reason,
        recorded_by=v.recorded_by,
        recorded_at=v.recorded_at.isoformat(sep=" ", timespec="minutes"),
        changes=list(v.changes),
    )


def _today(shared: SharedStore) -> date:
    return shared.store.now().date()


def _current_label(shared: SharedStore, current: Working) -> str:
    chosen = in_force(current.versions, _today(shared))
    return chosen.label if chosen is not None else DRAFT_LABEL


def plan_versions(shared: SharedStore, user: User) -> m.VersionsPage:
    """指标体系: each plan's version in force, the edits waiting to be confirmed, targets still without a
    computation or a 牵头单位."""
    common.need_plans(user)
    states = []
    for plan in shared.plans():
        current = _working(shared, plan.id or "")
        quantified = [i for i in current.plan.indicators if i.target.value is not None]
        states.append(
            m.PlanState(
                plan=common.plan_summary(plan),
                label=_current_label(shared, current),
                versions=len(current.versions),
                pending=len(current.pending) if current.versions else len(current.edits),
                targets=len(current.plan.indicators),
                without_definition=sum(1 for i in quantified if definition_of(i) is None),
                without_lead=sum(1 for i in current.plan.indicators if i.duty is None or not i.duty.lead),
            )
        )
    return m.VersionsPage(plans=states, can_edit=user.role == "admin")


def _edit_rows(current: Working) -> list[m.EditRow]:
    return [
        m.EditRow(
            note=d.note, recorded_by=d.recorded_by, recorded_at=d.recorded_at.isoformat(sep=" ", timespec="minutes")
        )
        for d in reversed(current.edits)
    ]


def history(shared: SharedStore, user: User, plan_id: str) -> m.HistoryPage:
    """版本历史: every version (effective date, who confirmed it, why, what changed) and the edits not yet confirmed."""
    common.need_plans(user)
    current = _working(shared, plan_id)
    return m.HistoryPage(
        plan=common.plan_summary(current.plan),
        plans=common.all_plans(shared),
        label=_current_label(shared, current),
        versions=[version_row(v) for v in reversed(current.versions)],
        edits=_edit_rows(current),
        pending=current.pending,
        can_edit=user.role == "admin",
    )


def _duplicates(plan: Plan) -> dict[int, int]:
    """Item number → the item it restates (a table row first, then the earliest line)."""
    first: dict[tuple[object, ...], int] = {}
    found: dict[int, int] = {}
    order = sorted(range(len(plan.indicators)), key=lambda i: (plan.indicators[i].origin != "table", i))
    for i in order:
        item = plan.indicators[i]
        t = item.target
        key = (names.key(item.name), names.scope_key(plan.title, item.scope), t.year, t.value, t.basis)
        if key in first:
            found[i + 1] = first[key]
        else:
            first[key] = i + 1
    return found


def _in_use(indicator: Indicator) -> str:
    if indicator.target.value is None:
        return "定性目标：登记进展，不计算"
    found = definition_of(indicator)
    if found is None:
        return "无计算口径"
    if indicator.computation is not None and indicator.computation.formula:
        return f"公式 {found.formula.text}（{found.unit}）"
    return f"{found.name}：{found.formula.text}"


def _item(number: int, indicator: Indicator, duplicate: int | None) -> m.ReviewItem:
    doubts: list[str] = []
    confidence = indicator.confidence
    if confidence is not None and confidence < doubtful_below():
        doubts.append(f"识别可信度{fmt.number(confidence)}")
    if duplicate is not None:
        doubts.append(f"与第{duplicate}项重复")
    in_use = _in_use(indicator)
    if in_use == "无计算口径":
        doubts.append("没有计算口径")
    return m.ReviewItem(
        number=number,
        name=indicator.name,
        label=label(indicator),
        target_text=fmt.target(indicator),
        line=indicator.source.line,
        source=indicator.source.text,
        origin="指标表" if indicator.origin == "table" else "正文",
        confidence=confidence,
        doubtful=bool(doubts),
        doubts=doubts,
        duplicate_of=duplicate,
        fields=written(indicator),
        in_use=in_use,
        milestone=indicator.target.value is None,
    )


def review_page(shared: SharedStore, user: User, plan_id: str) -> m.ReviewPage:
    """The page's data (the routers re-render it with the problems of a form that was refused)."""
    need_admin(user)
    current = _working(shared, plan_id)
    plan = current.plan
    duplicates = _duplicates(plan)
    items = [_item(n, i, duplicates.get(n)) for n, i in enumerate(plan.indicators, start=1)]
    items.sort(key=lambda r: (not r.doubtful, r.confidence if r.confidence is not None else 1.0, r.line, r.number))
    text = shared.read(("plan-text", plan_id), lambda store: load_text(store, plan_id))
    if not text:  # kept before plans kept their text: the lines the items were read from
        text = {i.source.line: i.source.text for i in plan.indicators if i.source.line}
    on_line: dict[int, list[int]] = defaultdict(list)
    for n, i in enumerate(plan.indicators, start=1):
        on_line[i.source.line].append(n)
    lines = [m.SourceLine(number=n, text=t, items=on_line.get(n, [])) for n, t in sorted(text.items())]
    latest = current.latest
    published = plan.published
    default = _today(shared) if latest is not None or published is None else published
    listed = shared.read(("departments",), lambda store: [d.name for d in department_list(store, shared.plans())])
    return m.ReviewPage(
        plan=common.plan_summary(plan),
        plans=common.all_plans(shared),
        label=latest.label if latest is not None else DRAFT_LABEL,
        next_label=f"第{current.next_number}版",
        default_effective=default.isoformat(),
        items=items,
        lines=lines,
        pending=current.pending,
        edits=_edit_rows(current),
        fields=dict(FIELDS),
        choices={
            "comparator": list(COMPARATORS.values()),
            "direction": list(DIRECTIONS.values()),
            "basis": list(BASES.values()),
            "attribute": list(ATTRIBUTES.values()),
        },
        definitions=[
            m.DefinitionChoice(id=d.id, name=d.name, formula=d.formula.text, unit=d.unit) for d in definitions()
        ],
        departments=listed,
    )


def review(shared: SharedStore, user: User, plan_id: str) -> m.ReviewPage:
    """指标体系确认 (admins): the plan's targets beside its text, doubtful first; edit, add, delete, merge, confirm."""
    return review_page(shared, user, plan_id)


def _options(shared: SharedStore) -> dict[str, str]:
    """KEY (the version in force) and KEY@N of every plan, each with its title and version."""
    keys: dict[str, str] = {}
    for plan in shared.plans():
        current = _working(shared, plan.id or "")
        title = plan.title or plan.id or ""
        keys[plan.id or ""] = f"{title}（现行：{_current_label(shared, current)}）"
        keys.update({f"{plan.id}@{v.number}": f"{title} {v.label}" for v in current.versions})
    return keys


def diff(
    shared: SharedStore,
    user: User,
    a: Annotated[str | None, Query(description="规划 A：编号（现行版本）或 编号@N（第 N 版）；默认第一个规划")] = None,
    b: Annotated[str | None, Query(description="规划 B：同上；默认第二个规划（只有一个规划时为其现行版本）")] = None,
) -> m.DiffPage:
    """规划比较: two versions of one plan, or two plans — targets added, dropped, raised, lowered, moved, changed."""
    common.need_plans(user)
    plans = shared.plans()
    if not plans:
        raise NotFound("库中还没有规划。")
    first = a or plans[0].id or ""
    second = b or (plans[1].id if len(plans) > 1 else plans[0].id) or ""

    def load(store_key: str) -> tuple[Plan, Version | None]:
        return shared.read(("plan-version", store_key), lambda store: plan_version(store, store_key, _today(shared)))

    plan_a, version_a = load(first)
    plan_b, version_b = load(second)
    options = _options(shared)
    return m.DiffPage(
        plans=common.all_plans(shared),
        options=list(options),
        labels=options,
        a=first,
        b=second,
        diff=compare(plan_a, plan_b, side(plan_a, version_a), side(plan_b, version_b)),
    )


def diff_tables(data: m.DiffPage) -> list[Table]:
    """The diff as a workbook: one row per change, with both lines."""
    d = data.diff
    rows = tuple(
        Row((c.item, c.kind_zh, c.name, c.field or "", _cell(c.before), _cell(c.after), _ratio(c.ratio),
             str(c.line_a or ""), str(c.line_b or ""), c.text), (None, None, None, None, None, None, c.ratio))
        for c in d.changes
    )  # fmt: skip
    title = f"{d.a.title or d.a.plan} {d.a.label} → {d.b.title or d.b.plan} {d.b.label}"
    return [
        Table(
            "规划比较",
            ("类别", "变化", "名称", "字段", "A", "B", "倍数", "A 行", "B 行", "说明"),
            rows,
            (6, 8, 24, 10, 14, 14, 8, 6, 6, 60),
        ),
        Table("比较对象", ("", ""), (Row(("比较", title)), Row(("未变的目标", str(d.unchanged)))), (10, 80)),
    ]


def _cell(value: str | float | int | None) -> str:
    if value is None:
        return ""
    return fmt.number(value, 6) if isinstance(value, float) else str(value)


def _ratio(value: float | None) -> str:
    return "" if value is None else fmt.number(value, 4)
