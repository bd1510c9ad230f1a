"""Contradictions: one quantity stated with different values in different places.

The same quantity means: the same name after ``names.key`` (规模以上工业企业 =
规上企业), the same year, the same scope (a park, an industry, the whole
county) and the same kind of statement (a current value — a fact or a
table baseline — or a target of the same basis).  Two values of it
contradict each other unless one is the other rounded to the precision it
is written with (51 and 51.37 agree; 24 and 25 do not), or one is marked
约/左右 and they are within the tolerance in ``data/audit.yaml``.

A target written as an increment (新培育10亿级企业1家) is compared as
baseline + increment when the baseline is stated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planwatch.plan import names
from planwatch.plan.audit.finding import Finding, finding, fmt, same_value
from planwatch.plan.model import Plan
from planwatch.units import UNITS, convert_or_keep, normalise_unit


@dataclass(frozen=True)
class Statement:
    kind: str  # "state" or "target:<basis>"
    key: str
    year: int | None
    scope: str | None
    value: float
    unit: str | None
    approximate: bool
    line: int
    where: str  # 表格 / 正文
    name: str


def scope_key(plan: Plan, scope: str | None) -> str | None:
    return names.scope_key(plan.title, scope)


def _dimension(unit: str | None) -> str | None:
    known = UNITS.get(normalise_unit(unit) or "")
    return known.dimension if known else unit


def statements(plan: Plan) -> list[Statement]:
    found: list[Statement] = []
    baselines: dict[tuple[str, str | None], tuple[float, str | None]] = {}
    for fact in plan.facts:
        found.append(
            Statement(
                "state",
                names.key(fact.name),
                fact.year,
                scope_key(plan, fact.scope),
                fact.value,
                fact.unit,
                fact.approximate or fact.comparator is not None,
                fact.source.line,
                "正文",
                fact.name,
            )
        )
    for indicator in plan.indicators:
        key = names.key(indicator.name)
        scope = scope_key(plan, indicator.scope)
        where = "表格" if indicator.origin == "table" else "正文"
        base = indicator.baseline
        if indicator.origin == "table" and base is not None and base.value is not None:
            found.append(
                Statement(
                    "state",
                    key,
                    base.year,
                    scope,
                    base.value,
                    indicator.unit,
                    False,
                    indicator.source.line,
                    where,
                    indicator.name,
                )
            )
            baselines[(key, scope)] = (base.value, indicator.unit)
    for indicator in plan.indicators:
        target = indicator.target
        if target.value is None:
            continue
        key = names.key(indicator.name)
        scope = scope_key(plan, indicator.scope)
        value, basis = target.value, target.basis
        if basis == "increment":
            if (key, scope) not in baselines:
                continue
            value, basis = baselines[(key, scope)][0] + target.value, "level"
        found.append(
            Statement(
                f"target:{basis}",
                key,
                target.year,
                scope,
                value,
                indicator.unit,
                target.approximate,
                indicator.source.line,
                "表格" if indicator.origin == "table" else "正文",
                indicator.name,
            )
        )
    return found


def check_contradictions(plan: Plan) -> list[Finding]:
    groups: dict[tuple[str, str, int | None, str | None, str | None], list[Statement]] = defaultdict(list)
    for statement in statements(plan):
        groups[(statement.kind, statement.key, statement.year, statement.scope, _dimension(statement.unit))].append(
            statement
        )
    findings: list[Finding] = []
    for (kind, key, year, scope, _), group in groups.items():
        if len({s.line for s in group}) < 2:
            continue
        unit = next((s.unit for s in group if s.unit), None)
        clusters: list[list[Statement]] = []
        for statement in sorted(group, key=lambda s: s.line):
            value = convert_or_keep(statement.value, statement.unit, unit)
            for cluster in clusters:
                head = cluster[0]
                approximate = statement.approximate or head.approximate
                if same_value(convert_or_keep(head.value, head.unit, unit), value, approximate):
                    cluster.append(statement)
                    break
            else:
                clusters.append([statement])
        if len(clusters) < 2:
            continue
        described = "，".join(
            f"{c[0].where}第{'、'.join(str(s.line) for s in c)}行为{fmt(convert_or_keep(c[0].value, c[0].unit, unit))}{unit or ''}"
            for c in clusters
        )
        what = "目标值" if kind.startswith("target") else "数值"
        scope_text = f"{scope}" if scope else ""
        year_text = f"{year}年" if year else ""
        findings.append(
            finding(
                "contradiction",
                "error",
                f"{scope_text}“{group[0].name}”{year_text}的{what}前后不一致：{described}。",
                [s.line for s in group],
                quantity=key,
                year=year,
                scope=scope,
                statement=kind,
                values=[
                    {"value": s.value, "unit": s.unit, "line": s.line, "where": s.where, "name": s.name}
                    for c in clusters
                    for s in c
                ],
            )
        )
    return findings
