"""Changing a plan's targets by hand: each field read from what a person typed, checked, and applied.

The review page's forms and the 指标体系 workbook's cells both go through ``apply``: a field's text is
read the way the reader reads the plan (units through ``units``, ≥ or 以上, 预期性, department names
through ``departments``), and every field that cannot be read is a ``FieldProblem`` saying what is
wrong and how to fix it — nothing is applied then.  A formula is checked where the formula language is
known (``metrics.custom.check_target``).  Adding a target from a line of the text, deleting one, and merging a restatement into
the target it restates are here too.  Pure: the caller keeps the result (``service/plans.py``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from planwatch.errors import InputError
from planwatch.plan import departments, names
from planwatch.plan.model import Computation, Duty, Indicator, Plan, Source, Target, YearValue
from planwatch.plan.terms import ATTRIBUTES, BASES, COMPARATORS, DIRECTIONS, code, word
from planwatch.units import normalise_unit

FIELDS: tuple[tuple[str, str], ...] = (
    ("category", "类别"),
    ("name", "指标"),
    ("scope", "范围"),
    ("unit", "单位"),
    ("baseline_year", "基期年"),
    ("baseline_value", "基期值"),
    ("year", "目标年"),
    ("comparator", "比较"),
    ("value", "目标值"),
    ("value_high", "目标值上限"),
    ("direction", "方向"),
    ("basis", "口径"),
    ("attribute", "属性"),
    ("text", "目标原文"),
    ("lead", "牵头单位"),
    ("support", "配合单位"),
    ("definition", "计算口径"),
    ("formula", "计算公式"),
    ("formula_unit", "公式单位"),
)
"""Every field a person may change, with the words the page and the workbook call it."""
LABELS = dict(FIELDS)
SCOPE_SEPARATOR = " / "
MANUAL_RULE = "manual"
"""The ``rule`` of a target a person added (its confidence is 1: nobody doubts what they typed)."""
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    value: str | None
    reason: str
    fix: str

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)

    def sentence(self) -> str:
        shown = f"“{self.value}”" if self.value else ""
        return f"{self.label}{shown}：{self.reason}。{self.fix}"


class EditRefused(InputError):
    """What a person typed cannot be applied: every problem, each saying what to fix."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("；".join(p.sentence() for p in problems))


def written(indicator: Indicator) -> dict[str, str]:
    """Each field as a person reads and types it (the form's values, the workbook's cells as text)."""
    t, base, duty, chosen = indicator.target, indicator.baseline, indicator.duty, indicator.computation
    return {
        "category": indicator.category or "",
        "name": indicator.name,
        "scope": SCOPE_SEPARATOR.join(indicator.scope_path) or indicator.scope or "",
        "unit": indicator.unit or "",
        "baseline_year": str(base.year) if base and base.year is not None else "",
        "baseline_value": number_text(base.value if base else None),
        "year": str(t.year) if t.year is not None else "",
        "comparator": word(COMPARATORS, t.comparator),
        "value": number_text(t.value),
        "value_high": number_text(t.value_high),
        "direction": word(DIRECTIONS, t.direction),
        "basis": word(BASES, t.basis),
        "attribute": word(ATTRIBUTES, indicator.attribute),
        "text": t.text,
        "lead": "、".join(duty.lead) if duty else "",
        "support": "、".join(duty.support) if duty else "",
        "definition": chosen.definition or "" if chosen else "",
        "formula": chosen.formula or "" if chosen else "",
        "formula_unit": chosen.unit or "" if chosen else "",
    }


def number_text(value: float | None) -> str:
    """A figure as typed: 110, 1.5, 0.47 (no thousands separators, no trailing zeros)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _number(field: str, text: str) -> float | None:
    plain = text.strip().replace(",", "").replace("，", "").rstrip("%％")
    if not plain:
        return None
    try:
        value = float(plain)
    except ValueError:
        raise _Bad(field, text, "不是数字", "请只写数字，如 120 或 1.5（单位写在“单位”一栏）。") from None
    if not math.isfinite(value) or abs(value) >= 1e15:
        raise _Bad(field, text, "不是有效的数值", "请写一个普通大小的数字。")
    return value


def _year(field: str, text: str) -> int | None:
    plain = text.strip().removesuffix("年")
    if not plain:
        return None
    if not _YEAR.match(plain):
        raise _Bad(field, text, "不是年份", "请写四位年份，如 2027。")
    return int(plain)


class _Bad(Exception):
    def __init__(self, field: str, value: str, reason: str, fix: str) -> None:
        self.problem = FieldProblem(field, value, reason, fix)


def _coded(field: str, text: str, table: dict[Any, str], required: bool = False) -> Any:
    if not text.strip():
        if required:
            raise _Bad(field, text, "不能为空", f"请填写：{'、'.join(table.values())}。")
        return None
    found = code(table, text)
    if found is None:
        raise _Bad(field, text, "无法识别", f"请填写其中之一：{'、'.join(table.values())}。")
    return found


def _parsed(field: str, text: str) -> Any:
    """One field's typed value from its text; raises ``_Bad`` saying what is wrong."""
    if field in {"baseline_value", "value", "value_high"}:
        return _number(field, text)
    if field in {"baseline_year", "year"}:
        return _year(field, text)
    if field == "comparator":
        return _coded(field, text, COMPARATORS)
    if field == "direction":
        return _coded(field, text, DIRECTIONS, required=True)
    if field == "basis":
        return _coded(field, text, BASES, required=True)
    if field == "attribute":
        return _coded(field, text, ATTRIBUTES)
    if field in {"lead", "support"}:
        return departments.split(text)
    if field == "unit" or field == "formula_unit":
        return normalise_unit(text.strip()) or None
    if field == "definition":
        return text.strip().split("（")[0].split("(")[0].strip() or None  # “gs_output（规上工业产值）” → gs_output
    if field == "name":
        name = text.strip()
        if not name:
            raise _Bad(field, text, "指标名称不能为空", "请写出指标名称，如 规上工业总产值。")
        return name
    return text.strip() or None


def apply(indicator: Indicator, values: dict[str, str]) -> Indicator:
    """``indicator`` with the fields of ``values`` (field → text as typed) changed; raises ``EditRefused``
    listing every field that cannot be read.  Fields not in ``values`` keep what they were."""
    problems: list[FieldProblem] = []
    typed: dict[str, Any] = {}
    for field, text in values.items():
        if field not in LABELS:
            continue
        try:
            typed[field] = _parsed(field, text or "")
        except _Bad as bad:
            problems.append(bad.problem)
    if problems:
        raise EditRefused(problems)
    return _changed(indicator, typed)


def _changed(indicator: Indicator, typed: dict[str, Any]) -> Indicator:
    update: dict[str, Any] = {}
    target: dict[str, Any] = {}
    if "name" in typed:
        update["name"] = typed["name"]
        update["canonical"] = names.key(typed["name"])
    for field in ("category", "unit"):
        if field in typed:
            update[field] = typed[field]
    if "attribute" in typed:
        update["attribute"] = typed["attribute"]
    if "scope" in typed:
        path = [part.strip() for part in re.split(r"\s*[/／]\s*", typed["scope"] or "") if part.strip()]
        update["scope"], update["scope_path"] = (path[-1] if path else None), path
    if "baseline_year" in typed or "baseline_value" in typed:
        old = indicator.baseline
        year = typed.get("baseline_year", old.year if old else None)
        value = typed.get("baseline_value", old.value if old else None)
        update["baseline"] = YearValue(year=year, value=value) if year is not None or value is not None else None
    for field, name in (("year", "year"), ("value", "value"), ("value_high", "value_high"), ("basis", "basis")):
        if field in typed:
            target[name] = typed[field]
    if "text" in typed:
        target["text"] = typed["text"] or ""
    if "comparator" in typed:
        target["comparator"] = typed["comparator"]
        basis = typed.get("basis", indicator.target.basis)
        if "direction" not in typed and basis != "change" and typed["comparator"] in (">=", ">", "<=", "<"):
            target["direction"] = "increase" if typed["comparator"] in (">=", ">") else "decrease"
    if "direction" in typed:
        target["direction"] = typed["direction"]
    if target:
        update["target"] = indicator.target.model_copy(update=target)
    if "lead" in typed or "support" in typed:
        old_duty = indicator.duty
        lead = typed.get("lead", old_duty.lead if old_duty else [])
        support = [s for s in typed.get("support", old_duty.support if old_duty else []) if s not in lead]
        same = old_duty is not None and old_duty.lead == lead and old_duty.support == support
        update["duty"] = old_duty if same else (Duty(lead=lead, support=support) if lead or support else None)
    changed = indicator.model_copy(update=update)
    if {"definition", "formula", "formula_unit"} & set(typed):
        before = indicator.computation or Computation()
        wanted = Computation(
            definition=typed.get("definition", before.definition),
            formula=typed.get("formula", before.formula),
            unit=typed.get("formula_unit", before.unit),
        )
        kept = wanted if wanted.formula or wanted.definition else None
        changed = changed.model_copy(update={"computation": kept})
    return changed


def new_target(line: int, text: str, values: dict[str, str]) -> Indicator:
    """A target a person adds from line ``line`` of the text (``text``: the sentence or the line)."""
    blank = Indicator(
        name=(values.get("name") or "").strip() or "（未命名）",
        target=Target(year=None, value=None, comparator=None, direction="increase", text=text.strip()),
        origin="prose",
        source=Source(line=line, text=text.strip()),
        rule=MANUAL_RULE,
        confidence=1.0,
    )
    return apply(blank, {"text": text, **values})


def replace(plan: Plan, number: int, indicator: Indicator) -> Plan:
    """The plan with its target ``number`` (from 1) replaced."""
    _check(plan, number)
    items = list(plan.indicators)
    items[number - 1] = indicator
    return plan.model_copy(update={"indicators": items})


def add(plan: Plan, indicator: Indicator) -> Plan:
    """The plan with a target added at the end: the others keep their numbers (the review page's forms
    name an item by its number, and another admin's open page must not point at a different one)."""
    return plan.model_copy(update={"indicators": [*plan.indicators, indicator]})


def delete(plan: Plan, number: int) -> Plan:
    _check(plan, number)
    return plan.model_copy(update={"indicators": [t for i, t in enumerate(plan.indicators, start=1) if i != number]})


def merge(plan: Plan, keep: int, drop: int) -> Plan:
    """One target where the plan states it twice (a table row, and the same target in prose): ``keep`` stays,
    taking from ``drop`` whatever it lacks (baseline, category, attribute, 责任分工, computation)."""
    _check(plan, keep)
    _check(plan, drop)
    if keep == drop:
        raise InputError("不能把一个目标与它自己合并：请选另一个目标。")
    kept, dropped = plan.indicators[keep - 1], plan.indicators[drop - 1]
    fill = {
        field: getattr(dropped, field)
        for field in ("baseline", "category", "attribute", "duty", "computation", "unit")
        if getattr(kept, field) is None and getattr(dropped, field) is not None
    }
    merged = replace(plan, keep, kept.model_copy(update=fill))
    return delete(merged, drop)


def _check(plan: Plan, number: int) -> None:
    if not 1 <= number <= len(plan.indicators):
        raise InputError(f"规划中没有第 {number} 项目标（共 {len(plan.indicators)} 项）：请刷新页面后重试。")


def describe(before: Indicator | None, after: Indicator | None) -> str:
    """What an edit did, in a few words for the history: 修改 规上工业总产值：目标值 110 → 120."""
    if before is None and after is not None:
        return f"新增目标 {after.name}（第{after.source.line}行）"
    if after is None and before is not None:
        return f"删除目标 {before.name}（第{before.source.line}行）"
    assert before is not None and after is not None
    old, new = written(before), written(after)
    parts = [f"{LABELS[f]} {old[f] or '（空）'} → {new[f] or '（空）'}" for f, _ in FIELDS if old[f] != new[f]]
    return f"修改 {before.name}（第{before.source.line}行）：" + ("；".join(parts) or "无变化")
