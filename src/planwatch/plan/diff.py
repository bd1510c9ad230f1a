"""Two plans side by side: which targets were added, dropped, raised, lowered, moved in time or changed.

Two versions of one plan (a 中期调整), or two plans (十四五 beside 十五五, or two counties).  Targets are
matched by their canonical name (``names.key``: 规模以上工业企业 = 规上企业) and scope, then by target
year, in order; between versions of one plan, a target left over is matched by the line it was read
from (a renamed target is a change, not a drop and an addition).  Each field that differs is one change,
so one cell edited in the workbook is one line of the diff.  Projects are matched by 编号, parks by name,
chains by their links.  Pure: the caller loads the plans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from planwatch import formatting as fmt
from planwatch.plan import names
from planwatch.plan.model import Indicator, Park, Plan, Project
from planwatch.plan.terms import ATTRIBUTES, BASES, COMPARATORS, DIRECTIONS, word

Kind = Literal["added", "dropped", "raised", "lowered", "moved", "attribute", "changed"]
Item = Literal["指标", "项目", "园区", "产业链"]
KIND_ZH: dict[str, str] = {
    "added": "新增",
    "dropped": "删除",
    "raised": "调高",
    "lowered": "调低",
    "moved": "调整年份",
    "attribute": "调整属性",
    "changed": "修改",
}
Plain = str | float | int | None


class Change(BaseModel):
    """One difference between two plans (the ``plan diff --json`` contract: fields are only added)."""

    model_config = ConfigDict(extra="forbid")

    item: Item
    kind: Kind
    kind_zh: str
    name: str
    """The target's label (scope and name), the project's 编号 and name, the park's or chain's name."""
    scope: str | None = None
    field: str | None = None
    """Which field changed (目标值, 目标年, 属性, 单位, 牵头单位 …); None for an added or dropped item."""
    before: Plain = None
    after: Plain = None
    ratio: float | None = None
    """调高 / 调低: the new target over the old one."""
    line_a: int | None = None
    line_b: int | None = None
    """The lines the item was read from in each plan (0: added by a person)."""
    text: str
    """The change in one sentence."""


class Side(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str | None
    title: str | None
    version: int | None
    """The version compared (None: the reader's draft, not confirmed)."""
    label: str


class PlanDiff(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: Side
    b: Side
    same_plan: bool
    changes: list[Change]
    counts: dict[str, int]
    """Changes by kind (its Chinese name), in the order of ``KIND_ZH``."""
    unchanged: int
    """Targets found in both with nothing changed."""


def label(indicator: Indicator) -> str:
    scope = indicator.scope
    if not scope or scope in indicator.name or scope in names.REGION_WORDS:
        return indicator.name
    return f"{scope}{indicator.name}"


def _key(plan: Plan, indicator: Indicator) -> tuple[str, str | None]:
    return names.key(indicator.name), names.scope_key(plan.title, indicator.scope)


Keyed = Callable[[Plan, Indicator], object]


def _pair(a: Plan, b: Plan, keys: list[Keyed]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of target positions, one pass per key (strictest first), and what is left on each side."""
    left, right = list(range(len(a.indicators))), list(range(len(b.indicators)))
    pairs: list[tuple[int, int]] = []
    for keyed in keys:
        waiting: dict[object, list[int]] = {}
        for j in right:
            waiting.setdefault(keyed(b, b.indicators[j]), []).append(j)
        kept: list[int] = []
        for i in left:
            found = waiting.get(keyed(a, a.indicators[i]))
            if found:
                j = found.pop(0)
                pairs.append((i, j))
                right.remove(j)
            else:
                kept.append(i)
        left = kept
    return pairs, left, right


def _indicator_pairs(
    a: Plan, b: Plan, same_plan: bool
) -> tuple[list[tuple[Indicator, Indicator]], list[Indicator], list[Indicator]]:
    keys: list[Keyed] = []
    if same_plan:
        keys.append(lambda plan, i: (i.source.line, i.origin, names.key(i.name), i.scope))
    keys += [
        lambda plan, i: (*_key(plan, i), i.target.year, i.target.value),
        lambda plan, i: (*_key(plan, i), i.target.year),
        lambda plan, i: _key(plan, i),
    ]
    if same_plan:
        keys.append(lambda plan, i: (i.source.line, i.origin) if i.source.line else id(i))
    pairs, left, right = _pair(a, b, keys)
    first, second = a.indicators, b.indicators
    return [(first[i], second[j]) for i, j in pairs], [first[i] for i in left], [second[j] for j in right]


def _target_text(indicator: Indicator) -> str:
    return fmt.target(indicator)


def _field_changes(
    x: Indicator, y: Indicator, same_plan: bool
) -> Iterator[tuple[Kind, str, Plain, Plain, float | None]]:
    tx, ty = x.target, y.target
    if tx.value != ty.value:
        if tx.value is not None and ty.value is not None:
            ratio = ty.value / tx.value if tx.value else None
            yield ("raised" if ty.value > tx.value else "lowered"), "目标值", tx.value, ty.value, ratio
        else:
            yield "changed", "目标值", tx.value, ty.value, None
    if tx.year != ty.year:
        yield "moved", "目标年", tx.year, ty.year, None
    if x.attribute != y.attribute:
        yield (
            "attribute",
            "属性",
            word(ATTRIBUTES, x.attribute) or "未写明",
            word(ATTRIBUTES, y.attribute) or "未写明",
            None,
        )
    plain: list[tuple[str, Plain, Plain]] = [
        ("比较", word(COMPARATORS, tx.comparator), word(COMPARATORS, ty.comparator)),
        ("方向", word(DIRECTIONS, tx.direction), word(DIRECTIONS, ty.direction)),
        ("口径", word(BASES, tx.basis), word(BASES, ty.basis)),
        ("目标值上限", tx.value_high, ty.value_high),
        ("单位", x.unit, y.unit),
    ]
    if same_plan:  # two plans differ in these by nature; between versions of one plan each is an edit
        plain += [
            ("类别", x.category, y.category),
            ("基期年", x.baseline.year if x.baseline else None, y.baseline.year if y.baseline else None),
            ("基期值", x.baseline.value if x.baseline else None, y.baseline.value if y.baseline else None),
            ("名称", x.name, y.name),
            ("范围", " / ".join(x.scope_path) or x.scope, " / ".join(y.scope_path) or y.scope),
            ("目标原文", tx.text, ty.text),
        ]
    plain += [
        ("牵头单位", "、".join(x.duty.lead) if x.duty else "", "、".join(y.duty.lead) if y.duty else ""),
        ("配合单位", "、".join(x.duty.support) if x.duty else "", "、".join(y.duty.support) if y.duty else ""),
        ("计算口径", _computation(x), _computation(y)),
    ]
    for field, before, after in plain:
        if (before or None) != (after or None):
            yield "changed", field, before, after, None


def _computation(indicator: Indicator) -> str:
    c = indicator.computation
    if c is None:
        return ""
    if c.formula:
        return f"{c.formula}（{c.unit}）" if c.unit else c.formula
    return c.definition or ""


def _shown(value: Plain) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, int):
        return str(value)  # years, counts of a field: no thousands separator
    return fmt.number(value, 6) if isinstance(value, float) else str(value)


def _indicator_change(
    kind: Kind, x: Indicator | None, y: Indicator | None, field: str | None = None, before: Plain = None,
    after: Plain = None, ratio: float | None = None,
) -> Change:  # fmt: skip
    shown = y or x
    assert shown is not None
    name = label(shown)
    if kind == "added":
        text = f"新增目标“{name}”：{_target_text(shown)}"
    elif kind == "dropped":
        text = f"删除目标“{name}”（原为{_target_text(shown)}）"
    elif kind in ("raised", "lowered"):
        unit = shown.unit or ""
        times = f"，为原目标的{fmt.number(ratio, 4)}倍" if ratio is not None else ""
        verb = "提高" if kind == "raised" else "降低"
        text = f"“{name}”目标值由{_shown(before)}{unit}{verb}到{_shown(after)}{unit}{times}"
    elif kind == "moved":
        text = f"“{name}”目标年由{_shown(before)}年调整为{_shown(after)}年"
    else:
        text = f"“{name}”{field}由{_shown(before)}改为{_shown(after)}"
    return Change(
        item="指标",
        kind=kind,
        kind_zh=KIND_ZH[kind],
        name=name,
        scope=shown.scope,
        field=field,
        before=before,
        after=after,
        ratio=None if ratio is None else round(ratio, 6),
        line_a=x.source.line if x else None,
        line_b=y.source.line if y else None,
        text=text,
    )


def distinct(plan: Plan) -> Plan:
    """Each target once: a plan's prose often restates its table (the table's row is kept)."""
    seen: set[tuple[object, ...]] = set()
    kept: list[Indicator] = []
    for indicator in sorted(plan.indicators, key=lambda i: (i.origin != "table", i.source.line)):
        target = indicator.target
        key = (*_key(plan, indicator), target.year, target.value, target.basis)
        if key not in seen:
            seen.add(key)
            kept.append(indicator)
    kept.sort(key=lambda i: i.source.line)
    return plan.model_copy(update={"indicators": kept})


def _indicators(a: Plan, b: Plan, same_plan: bool) -> tuple[list[Change], int]:
    if not same_plan:  # between two plans, a target restated in prose is still one target
        a, b = distinct(a), distinct(b)
    pairs, dropped, added = _indicator_pairs(a, b, same_plan)
    changes: list[Change] = []
    unchanged = 0
    for x, y in pairs:
        found = [
            _indicator_change(kind, x, y, field, before, after, ratio)
            for kind, field, before, after, ratio in _field_changes(x, y, same_plan)
        ]
        unchanged += not found
        changes += found
    changes += [_indicator_change("dropped", x, None) for x in dropped]
    changes += [_indicator_change("added", None, y) for y in added]
    return changes, unchanged


def _project_fields(p: Project) -> dict[str, Plain]:
    return {
        "名称": p.name,
        "建设内容": p.content,
        "性质": p.nature,
        "开工年": p.start_year,
        "竣工年": p.end_year,
        "总投资": p.investment.value if p.investment else None,
        "投资单位": p.investment.unit if p.investment else None,
        "所属分组": " / ".join(p.group_path),
    }


def _park_fields(p: Park) -> dict[str, Plain]:
    return {key: value if isinstance(value, str | int | float) else str(value) for key, value in p.attributes.items()}


def _simple(
    item: Item, a: dict[str, tuple[int, dict[str, Plain]]], b: dict[str, tuple[int, dict[str, Plain]]]
) -> list[Change]:
    """Items matched by a key (a project's 编号, a park's name, a chain's links): added, dropped, each field changed."""
    changes: list[Change] = []
    for key, (line, fields) in a.items():
        if key not in b:
            changes.append(
                Change(
                    item=item,
                    kind="dropped",
                    kind_zh=KIND_ZH["dropped"],
                    name=key,
                    line_a=line,
                    text=f"删除{item}“{key}”",
                )
            )
            continue
        other_line, other = b[key]
        for field in dict.fromkeys([*fields, *other]):
            before, after = fields.get(field), other.get(field)
            if (before or None) != (after or None):
                changes.append(
                    Change(
                        item=item, kind="changed", kind_zh=KIND_ZH["changed"], name=key, field=field, before=before,
                        after=after, line_a=line, line_b=other_line,
                        text=f"{item}“{key}”{field}由{_shown(before)}改为{_shown(after)}",
                    )
                )  # fmt: skip
    changes += [
        Change(item=item, kind="added", kind_zh=KIND_ZH["added"], name=key, line_b=line, text=f"新增{item}“{key}”")
        for key, (line, _) in b.items()
        if key not in a
    ]
    return changes


def _keyed_projects(a: Plan, b: Plan) -> tuple[dict[str, tuple[int, dict[str, Plain]]], ...]:
    """Projects by 编号; the name shown is the later plan's (a renamed project is a change of its 名称)."""
    names_b = {p.id: p.name for p in b.projects}
    names_a = {p.id: p.name for p in a.projects}

    def keyed(plan: Plan, shown: dict[str, str]) -> dict[str, tuple[int, dict[str, Plain]]]:
        return {f"{p.id} {shown.get(p.id, p.name)}": (p.source.line, _project_fields(p)) for p in plan.projects}

    return keyed(a, {**names_a, **names_b}), keyed(b, {**names_a, **names_b})


def diff(a: Plan, b: Plan, same_plan: bool | None = None) -> tuple[list[Change], int]:
    """Every change from ``a`` to ``b`` (targets first, in the order of ``b``'s lines) and how many targets are
    unchanged.  ``same_plan``: versions of one plan (default: when both have the same id)."""
    same = a.id == b.id if same_plan is None else same_plan
    changes, unchanged = _indicators(a, b, same)
    changes.sort(key=lambda c: (c.line_b if c.line_b is not None else c.line_a or 0, c.kind == "dropped"))
    projects_a, projects_b = _keyed_projects(a, b)
    changes += _simple("项目", projects_a, projects_b)
    changes += _simple(
        "园区",
        {p.name: (p.source.line, _park_fields(p)) for p in a.parks},
        {p.name: (p.source.line, _park_fields(p)) for p in b.parks},
    )
    changes += _simple(
        "产业链",
        {"→".join(c.links): (c.source.line, {"说明": c.context}) for c in a.chains},
        {"→".join(c.links): (c.source.line, {"说明": c.context}) for c in b.chains},
    )
    return changes, unchanged


def counts(changes: list[Change]) -> dict[str, int]:
    found = {zh: sum(1 for c in changes if c.kind_zh == zh) for zh in KIND_ZH.values()}
    return {zh: n for zh, n in found.items() if n}


def compare(a: Plan, b: Plan, side_a: Side, side_b: Side, same_plan: bool | None = None) -> PlanDiff:
    """The diff with both sides named: the ``plan diff --json`` document and the diff page's data."""
    same = a.id == b.id if same_plan is None else same_plan
    changes, unchanged = diff(a, b, same)
    return PlanDiff(a=side_a, b=side_b, same_plan=same, changes=changes, counts=counts(changes), unchanged=unchanged)
