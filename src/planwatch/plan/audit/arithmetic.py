"""Arithmetic: stated subtotals and totals against the sum of what they cover.

* Project groups against their stated children (sub-groups and direct
  projects), and — when those agree — against all their leaf projects, so a
  group that matches a wrong subtotal below it is still caught.
* Park table columns against the plan-wide figure the prose states.
* Park and industry targets against the target of the scope above them.
* Breakdowns in prose (``引入77家企业，其中医药7家、食品13家…``): parts that
  exceed the whole are errors, parts that fall short are a partial breakdown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from planwatch.plan import names
from planwatch.plan.audit.finding import Finding, finding, fmt, same_value
from planwatch.plan.document import Document
from planwatch.plan.model import Indicator, Plan, Project, ProjectGroup
from planwatch.plan.recognise.prose import Stated, stated_quantities
from planwatch.units import UNITS, convert_or_none, normalise_unit, same_dimension


def _group_name(group: ProjectGroup) -> str:
    return group.path[-1] if group.path else "项目总投资"


def _leaves_under(projects: list[Project], path: list[str]) -> list[Project]:
    return [p for p in projects if p.group_path[: len(path)] == path]


def _project_amount(project: Project, unit: str | None) -> float:
    if project.investment is None:
        return 0.0
    return convert_or_none(project.investment.value, project.investment.unit, unit) or 0.0


def _children(plan: Plan, group: ProjectGroup, unit: str | None) -> list[tuple[str, float, int]]:
    """(name, amount in ``unit``, line) of a group's sub-groups and of the projects directly in it."""
    path = list(group.path)
    depth = len(path) + 1
    subs = [
        g
        for g in plan.project_groups
        if len(g.path) == depth and list(g.path[: len(path)]) == path and g.stated_investment is not None
    ]
    direct = [p for p in plan.projects if p.group_path == path]
    return [
        (
            _group_name(g),
            convert_or_none(g.stated_investment.value, g.stated_investment.unit, unit) or 0.0,
            g.source.line,
        )
        for g in subs
        if g.stated_investment is not None and g.stated_investment.value is not None
    ] + [(p.name, _project_amount(p, unit), p.source.line) for p in direct]


def _difference(computed: float, stated: float, unit: str) -> str:
    difference = round(computed - stated, 6)
    return f"比所列合计{'多' if difference > 0 else '少'}{fmt(abs(difference))}{unit}"


def check_project_groups(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    stated_groups = [g for g in plan.project_groups if g.stated_investment and g.stated_investment.value is not None]
    subtotal_wrong: set[tuple[str, ...]] = set()
    # Deepest first: a group whose children disagree only because a subtotal below it is
    # wrong — while it agrees with its own projects — is right; the fault is reported below.
    for group in sorted(stated_groups, key=lambda g: -len(g.path)):
        assert group.stated_investment is not None and group.stated_investment.value is not None
        stated, unit = group.stated_investment.value, group.stated_investment.unit
        children = _children(plan, group, unit)
        children_sum = round(sum(value for _, value, _ in children), 6)
        if not children or same_value(stated, children_sum):
            continue
        leaves_sum = sum(_project_amount(p, unit) for p in _leaves_under(plan.projects, list(group.path)))
        wrong_below = any(len(w) > len(group.path) and list(w[: len(group.path)]) == group.path for w in subtotal_wrong)
        if wrong_below and same_value(stated, leaves_sum):
            continue
        subtotal_wrong.add(tuple(group.path))
        findings.append(
            finding(
                "arithmetic.subtotal",
                "error",
                f"“{_group_name(group)}”所列合计{fmt(stated)}{unit or ''}，其下{len(children)}项之和为"
                f"{fmt(children_sum)}{unit or ''}，{_difference(children_sum, stated, unit or '')}。",
                [group.source.line],
                group=group.path,
                stated=stated,
                computed=children_sum,
                difference=round(children_sum - stated, 6),
                unit=unit,
                children=[{"name": n, "value": v, "line": line} for n, v, line in children],
            )
        )
    findings.sort(key=lambda f: f.line or 0)
    for group in stated_groups:
        assert group.stated_investment is not None and group.stated_investment.value is not None
        if tuple(group.path) in subtotal_wrong:
            continue
        stated, unit = group.stated_investment.value, group.stated_investment.unit
        leaves = _leaves_under(plan.projects, list(group.path))
        leaves_sum = round(sum(_project_amount(p, unit) for p in leaves), 6)
        if not leaves or same_value(stated, leaves_sum):
            continue
        depth = len(group.path)
        below = [
            "”“".join(path[depth:])
            for path in sorted(subtotal_wrong)
            if len(path) > depth and list(path[:depth]) == list(group.path)
        ]
        where = f"；差额出在下级“{'”“'.join(p.split('”“')[-1] for p in below)}”的小计" if below else ""
        findings.append(
            finding(
                "arithmetic.leaves",
                "error",
                f"“{_group_name(group)}”所列合计{fmt(stated)}{unit or ''}与下级小计相加一致，但所含{len(leaves)}个项目的"
                f"投资之和为{fmt(leaves_sum)}{unit or ''}，{_difference(leaves_sum, stated, unit or '')}{where}。",
                [group.source.line],
                group=group.path,
                stated=stated,
                computed=leaves_sum,
                difference=round(leaves_sum - stated, 6),
                unit=unit,
                projects=len(leaves),
                wrong_subtotals=[
                    list(path) for path in sorted(subtotal_wrong) if list(path[:depth]) == list(group.path)
                ],
            )
        )
    return findings


_HEADER_YEAR = re.compile(r"^((?:19|20)\d{2})年?")
_HEADER_UNIT = re.compile(r"[（(][^（）()]*[）)]\s*$")


def check_park_columns(plan: Plan) -> list[Finding]:
    """A number column of the park table against the plan-wide fact of the same name and year."""
    findings: list[Finding] = []
    columns: dict[str, list[tuple[str, float | None, str | None]]] = defaultdict(list)
    for park in plan.parks:
        for column, value in park.attributes.items():
            if isinstance(value, dict):
                columns[column].append((park.name, value.get("value"), value.get("unit")))
            else:
                columns[column].append((park.name, None, None))
    for column, cells in columns.items():
        numbers = [(name, value, unit) for name, value, unit in cells if value is not None]
        if len(numbers) < 2:
            continue
        year_match = _HEADER_YEAR.match(column)
        year = int(year_match.group(1)) if year_match else None
        name = _HEADER_UNIT.sub("", _HEADER_YEAR.sub("", column))
        facts = [
            f
            for f in plan.facts
            if names.key(f.name) == names.key(name)
            and (year is None or f.year == year)
            and f.scope is None
            and same_dimension(f.unit, numbers[0][2])
        ]
        if len(facts) != 1:
            continue
        fact = facts[0]
        unit = numbers[0][2]
        total = round(sum(convert_or_none(value, u, unit) or 0.0 for _, value, u in numbers), 6)
        whole = convert_or_none(fact.value, fact.unit, unit)
        if whole is None or same_value(whole, total, fact.approximate):
            continue
        missing = [park for park, value, _ in cells if value is None]
        parks = [p for p in plan.parks if any(p.name == n for n, _, _ in numbers)]
        lines = [fact.source.line, *(p.source.line for p in parks)]
        if total > whole:
            findings.append(
                finding(
                    "arithmetic.parks",
                    "error",
                    f"园区表“{column}”各园区合计{fmt(total)}{unit or ''}，超过正文所述{fact.name}{fmt(whole)}"
                    f"{unit or ''}（第{fact.source.line}行）。",
                    lines,
                    column=column,
                    parts_sum=total,
                    whole=whole,
                    unit=unit,
                )
            )
        else:
            findings.append(
                finding(
                    "arithmetic.parks",
                    "info" if missing else "error",
                    f"园区表“{column}”各园区合计{fmt(total)}{unit or ''}，少于正文所述{fact.name}{fmt(whole)}"
                    f"{unit or ''}" + (f"（{'、'.join(missing)}未填数值）。" if missing else "。"),
                    lines,
                    column=column,
                    parts_sum=total,
                    whole=whole,
                    unit=unit,
                    missing=missing,
                )
            )
    return findings


def _level_targets(indicators: Iterable[Indicator]) -> list[Indicator]:
    return [
        i
        for i in indicators
        if i.target.value is not None and i.target.basis == "level" and names.family(i.name) is not None
    ]


def check_scoped_targets(plan: Plan) -> list[Finding]:
    """Targets of the parks (or industries inside a park) against the target of the scope above them."""
    findings: list[Finding] = []
    targets = _level_targets(i for i in plan.indicators if i.target.year_basis != "plan_end")
    children: dict[tuple[tuple[str, ...], str, int | None], list[Indicator]] = defaultdict(list)
    for target in targets:
        if target.scope_path and target.scope not in {"全县", "全区", "全市"}:
            parent = tuple(target.scope_path[:-1])
            children[(parent, names.family(target.name) or "", target.target.year)].append(target)
    for (parent_path, fam, year), parts in children.items():
        if len(parts) < 2:
            continue
        candidates = [
            t
            for t in targets
            if tuple(t.scope_path) == parent_path
            and names.family(t.name) == fam
            and t.target.year == year
            and (parent_path or t.scope is None)
        ]
        part_keys = {names.key(p.name) for p in parts}
        preferred = [c for c in candidates if names.key(c.name) in part_keys] or candidates
        whole_keys = {names.key(c.name) for c in preferred}
        if not preferred or len(whole_keys) != 1:
            continue
        whole = preferred[0]
        unit = whole.unit
        total = round(sum(convert_or_none(p.target.value, p.unit, unit) or 0.0 for p in parts), 6)
        assert whole.target.value is not None  # _level_targets keeps valued targets only
        if same_value(whole.target.value, total):
            continue
        scope = parent_path[-1] if parent_path else "规划整体"
        detail = "、".join(f"{p.scope}{fmt(p.target.value)}{p.unit or ''}" for p in parts)
        exceeds = total > whole.target.value
        findings.append(
            finding(
                "arithmetic.scoped_targets",
                "error" if exceeds else "info",
                f"{year}年各分区目标（{detail}）合计{fmt(total)}{unit or ''}，"
                f"{'超过' if exceeds else '少于'}{scope}的{whole.name}目标{fmt(whole.target.value)}{unit or ''}。",
                [whole.source.line, *(p.source.line for p in parts)],
                whole=whole.target.value,
                parts_sum=total,
                unit=unit,
                year=year,
                parts=[{"scope": p.scope, "name": p.name, "value": p.target.value, "unit": p.unit} for p in parts],
            )
        )
    return findings


NESTED_STATUS = re.compile(r"投产|规上|规模以上|高新|专精特新|小巨人|上市|在建|研发|亿元以上|龙头")
"""Parts named by a status rather than a category may overlap (投产企业 ⊃ 规上企业): not a partition."""


def _whole_for(parts: list[Stated], before: list[Stated]) -> Stated | None:
    unit = normalise_unit(parts[0].unit)
    fam = names.family(parts[0].name)
    for candidate in reversed(before):
        if not same_dimension(candidate.unit, unit) and candidate.unit != unit:
            continue
        if names.family(candidate.name) == fam:
            return candidate
    return None


def check_breakdowns(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for paragraph in doc.paragraphs():
        text = paragraph.text
        if "其中" not in text:
            continue
        stated = stated_quantities(text)
        for match in re.finditer("其中", text):
            start = match.end()
            end = text.find("。", start)
            end = len(text) if end < 0 else end
            sentence_start = max(text.rfind("。", 0, match.start() - 1), 0)
            previous_start = max(text.rfind("。", 0, sentence_start - 1), 0) if sentence_start else 0
            before = [s for s in stated if previous_start <= s.offset < match.start()]
            after = [s for s in stated if start <= s.offset < end]
            by_unit: dict[str | None, list[Stated]] = defaultdict(list)
            for part in after:
                if part.unit in UNITS and part.unit != "%":
                    by_unit[part.unit].append(part)
            for unit, parts in by_unit.items():
                if len(parts) < 2 or any(NESTED_STATUS.search(p.name) for p in parts):
                    continue
                if len({p.name for p in parts}) < len(parts):
                    continue  # 其中，我区单独签约…、引进优强企业16家: the same measures again for a part, not kinds
                whole = _whole_for(parts, before)
                if whole is None:
                    continue
                total = round(sum(convert_or_none(p.value, p.unit, whole.unit) or 0.0 for p in parts), 6)
                if same_value(whole.value, total, whole.approximate):
                    continue
                lines = [paragraph.line_at(whole.offset), *(paragraph.line_at(p.offset) for p in parts)]
                listed = "、".join(f"{p.name}{fmt(p.value)}{p.unit or ''}" for p in parts)
                if total > whole.value:
                    findings.append(
                        finding(
                            "arithmetic.breakdown",
                            "error",
                            f"“{whole.name}{fmt(whole.value)}{whole.unit or ''}”之下所列各项（{listed}）合计"
                            f"{fmt(total)}{unit}，超过总数。",
                            lines,
                            whole=whole.value,
                            parts_sum=total,
                            unit=unit,
                            parts=[{"name": p.name, "value": p.value} for p in parts],
                        )
                    )
                else:
                    findings.append(
                        finding(
                            "arithmetic.partial_breakdown",
                            "info",
                            f"“{whole.name}{fmt(whole.value)}{whole.unit or ''}”只分列了{fmt(total)}{unit}"
                            f"（{listed}），其余{fmt(round(whole.value - total, 6))}{unit}未说明。",
                            lines,
                            whole=whole.value,
                            parts_sum=total,
                            unit=unit,
                            parts=[{"name": p.name, "value": p.value} for p in parts],
                        )
                    )
    return findings
