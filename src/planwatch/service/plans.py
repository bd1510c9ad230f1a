"""A plan's life in the store: added as a draft, reviewed and edited, confirmed, revised — CLI and dashboard alike.

``plan add`` reads and audits a plan and keeps it as the reader's draft (草稿), with its findings and its
whole text.  A person reviews it: each edit is kept (who, when, what) as the plan under review; confirming
makes version 1 (确认稿), effective from a date; later changes — edits confirmed again, or a workbook
imported — make version 2, 3 … each with its effective date, reason and user (``plan/versions.py``).
Nothing is overwritten, and every step is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from planwatch.errors import InputError
from planwatch.metrics.compute import compute
from planwatch.metrics.definitions import Definition
from planwatch.periods import today
from planwatch.plan import departments
from planwatch.plan.audit import Review, review
from planwatch.plan.diff import Change, Side, diff
from planwatch.plan.model import Plan
from planwatch.plan.versions import DRAFT_LABEL, Version, check_effective, in_force
from planwatch.store import log
from planwatch.store.database import Store, end_of_day
from planwatch.store.orgs import Org, load_orgs
from planwatch.store.plans import save_plan, save_review
from planwatch.store.versions import (
    Department,
    Draft,
    drafts,
    read_draft,
    save_department,
    save_draft,
    save_text,
    save_version,
    stored_departments,
    versions,
)

FIRST_REASON = "确认指标体系"
MAX_REASON = 500


def add_plan(store: Store, path: Path, now: datetime | None = None, actor: str | None = None) -> Review:
    """Read, audit and keep a plan with its findings (and its text), in one transaction."""
    reviewed = review(path)
    keep(store, reviewed, now or store.now(), actor)
    return reviewed


def keep(store: Store, reviewed: Review, now: datetime, actor: str | None = None) -> None:
    """Save a reviewed plan (the reader's draft), its findings and its whole text together."""
    lines = {line.number: line.text for line in reviewed.document.lines}
    with store.backend.transaction():
        save_plan(store, reviewed.plan, now)
        save_review(store, reviewed.plan, reviewed.findings, lines, now)
        save_text(store, reviewed.plan.id or "", lines, now)
        if actor is not None:
            plan = reviewed.plan
            log.record(
                store, actor, "plan", plan.id or "", now, f"{plan.title or ''}：草稿，{len(plan.indicators)}项指标"
            )


@dataclass(frozen=True)
class Working:
    """A plan as it stands in review: the latest confirmed version with the edits made since."""

    plan: Plan
    reader: Plan
    """The reader's latest draft."""
    versions: list[Version]
    edits: list[Draft]
    """Edits made since the latest version (since the draft, before the first), oldest first."""
    pending: list[Change]
    """What confirming now would change: the plan under review against the latest version (none before the first)."""

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    @property
    def next_number(self) -> int:
        return len(self.versions) + 1


def working(store: Store, plan_id: str) -> Working:
    """The plan under review: the newest of the reader's draft, the latest version and the edits since."""
    read = read_draft(store, plan_id)
    if read is None:
        raise InputError(f"库中没有规划“{plan_id}”：请先用 planwatch plan add 把规划入库。")
    reader, read_at = read
    kept = versions(store, plan_id)
    latest = kept[-1] if kept else None
    since = max(read_at, latest.recorded_at) if latest is not None else read_at
    edits = drafts(store, plan_id, since)
    if edits:
        plan = edits[-1].plan()
    elif latest is not None and latest.recorded_at >= read_at:
        plan = latest.plan()
    else:
        plan = reader  # never confirmed, or read again since the latest version
    pending = diff(latest.plan(), plan, same_plan=True)[0] if latest is not None else []
    return Working(plan, reader, kept, edits, pending)


def save_edit(store: Store, plan_id: str, plan: Plan, note: str, user: str, now: datetime) -> None:
    """Keep an edit of the plan under review (the whole plan after it) and log it."""
    with store.backend.transaction():
        save_draft(store, plan_id, plan, note, user, now)
        log.record(store, user, "plan_edit", plan_id, now, note)


def _reason(reason: str | None, required: bool) -> str | None:
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise InputError(f"调整理由不能超过 {MAX_REASON} 个字，请精简后重试。")
    if required and not text:
        raise InputError("请写明调整理由（如“中期评估后调整目标”），它会记入版本历史和操作日志。")
    return text or None


def _new_version(
    store: Store, plan_id: str, body: Plan, base: Plan, effective: date, reason: str | None, user: str, now: datetime
) -> Version:
    kept = versions(store, plan_id)
    check_effective(kept, effective)
    changes = diff(base, body, same_plan=True)[0]
    version = Version(
        plan_id=plan_id,
        number=len(kept) + 1,
        effective=effective,
        reason=_reason(reason, required=bool(kept)) or (FIRST_REASON if not kept else None),
        recorded_by=user,
        recorded_at=now,
        changes=tuple(changes),
    )
    with store.backend.transaction():
        save_version(store, version, body)
        detail = f"{version.label}，{len(changes)}项修改" + (f"：{version.reason}" if version.reason else "")
        log.record(store, user, "confirm", plan_id, now, detail)
    return version


def confirm(store: Store, plan_id: str, effective: date, reason: str | None, user: str, now: datetime) -> Version:
    """Confirm the plan under review: version 1 the first time, then a new version when something changed."""
    current = working(store, plan_id)
    if current.latest is not None and not current.pending:
        raise InputError(
            f"与{current.latest.label}相比没有修改，无需生成新版本：请先修改目标，或导入修改后的指标体系表。"
        )
    base = current.latest.plan() if current.latest is not None else current.reader
    return _new_version(store, plan_id, current.plan, base, effective, reason, user, now)


def revise(
    store: Store, plan_id: str, body: Plan, effective: date, reason: str | None, user: str, now: datetime
) -> Version | None:
    """A new version from a whole plan (an imported workbook); None when nothing differs from the latest
    version (from the reader's draft, before the first)."""
    current = working(store, plan_id)
    base = current.latest.plan() if current.latest is not None else current.reader
    if not diff(base, body, same_plan=True)[0]:
        return None
    return _new_version(store, plan_id, body, base, effective, reason, user, now)


def side(plan: Plan, version: Version | None) -> Side:
    return Side(
        plan=plan.id,
        title=plan.title,
        version=version.number if version else None,
        label=version.label if version else DRAFT_LABEL,
    )


def plan_version(store: Store, key: str, known: date | None = None) -> tuple[Plan, Version | None]:
    """A plan named ``KEY`` (in force today, or the draft when never confirmed) or ``KEY@N`` (its version N);
    ``known``: as known at the end of that day."""
    plan_id, _, number = key.rpartition("@") if "@" in key else (key, "", "")
    moment = end_of_day(known) if known is not None else None
    read = read_draft(store, plan_id)
    if read is None:
        from planwatch.store.plans import load_plan

        found = load_plan(store, plan_id)  # by title or file name too; raises with the plans there are
        plan_id = found.id or plan_id
    kept = versions(store, plan_id, moment)
    if number:
        if not number.isdigit() or not 1 <= int(number) <= len(kept):
            listed = "、".join(f"{plan_id}@{v.number}" for v in kept) or "（尚未确认，没有版本）"
            raise InputError(f"规划“{plan_id}”没有第“{number}”版。可用：{listed}；不带 @ 则为现行版本。")
        version = kept[int(number) - 1]
        return version.plan(), version
    chosen = in_force(kept, known or today())
    if chosen is not None:
        return chosen.plan(), chosen
    draft = read_draft(store, plan_id)
    assert draft is not None
    return draft[0], None


def preview(
    store: Store, definition: Definition, org: Org, known: date, years: int = 4
) -> list[tuple[str, float | None]]:
    """A definition's values for ``org`` in the last ``years`` years as known at ``known`` (the review page's
    formula preview): whole years, and the months so far of the current one."""
    last = known.year
    values = compute(store, definition, list(range(last - years + 1, last + 1)), end_of_day(known))
    shown = []
    for value in sorted((v for v in values if v.org_id == org.id), key=lambda v: v.year):
        month = value.last_month or 12
        period = str(value.year) if month == 12 else f"{value.year}（1—{month}月）"
        shown.append((period, None if value.value is None else round(value.value, 4)))
    return shown


# --- 责任单位 -------------------------------------------------------------------------------------------


def department_list(store: Store, plans: list[Plan] | None = None) -> list[Department]:
    """The departments: the default list, each park's 管委会, those added in the store and those the plans
    assign — less those removed — each with the users who work for it."""
    stored = {d.name: d for d in stored_departments(store)}
    names = list(departments.defaults())
    names += [departments.park_office(o.name) for o in load_orgs(store).values() if o.kind == "park"]
    names += list(stored)
    for plan in plans or []:
        for indicator in plan.indicators:
            if indicator.duty is not None:
                names += [*indicator.duty.lead, *indicator.duty.support]
    listed: list[Department] = []
    for name in dict.fromkeys(names):
        found = stored.get(name)
        if found is not None and found.removed:
            continue
        listed.append(found or Department(name, (), False, "", datetime.min))
    return listed


def set_department(
    store: Store, name: str, members: list[str], user: str, now: datetime, removed: bool = False
) -> Department:
    """Add a department (or change who works for it), or remove it from the list; logged."""
    plain = departments.canonical(name)
    if not plain or len(plain) > 40:
        raise InputError("单位名称不能为空，也不能超过 40 个字：请写如“县经济信息委”这样的名称。")
    from planwatch.store.users import find_user

    unknown = [m for m in members if find_user(store, m) is None]
    if unknown:
        raise InputError(f"库中没有用户“{'、'.join(unknown)}”：请先用 planwatch user add 添加，或检查拼写。")
    department = Department(plain, tuple(dict.fromkeys(members)), removed, user, now)
    with store.backend.transaction():
        save_department(store, department)
        detail = (
            "移出名单" if removed else ("人员：" + "、".join(department.members) if department.members else "加入名单")
        )
        log.record(store, user, "department", plain, now, detail)
    return department


def user_departments(store: Store, user_name: str) -> list[str]:
    """The departments ``user_name`` works for (their 我负责的目标)."""
    return [d.name for d in department_list(store) if user_name in d.members]
