"""Validation against the store: who the rows are about, duplicates, corrections, scale and outliers.

Runs before anything is written.  ``formats.py`` has already checked each
cell on its own (numbers, periods, units, codes); here the rows are checked
against each other and against what is stored:

* the org exists (by 统一社会信用代码, else by exact name) or is registered in the same file;
* the same org, element and period twice in the file is an error;
* a stored key with the same value is skipped (a re-import) — the same within
  the precision the dashboard shows it, so a re-typed displayed figure is no
  change; with another value it is an error unless the import says it corrects (``revise``);
* negatives where the element cannot be negative;
* ×10⁴ scale errors, judged against the org's own history, else its peers;
* outliers against peers (modified z-score) are warnings.

Thresholds are in ``data/validation.yaml``.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from planwatch import data
from planwatch.formatting import number
from planwatch.importing.formats import FactRecord, Parsed
from planwatch.importing.problem import Problem
from planwatch.status import Severity
from planwatch.store.database import Store
from planwatch.store.facts import NewFact, current_values, positive_values
from planwatch.store.orgs import Org, region_code
from planwatch.uscc import InvalidUSCC, validate


def thresholds() -> dict[str, Any]:
    loaded: dict[str, Any] = data.load("validation.yaml")
    return loaded


@dataclass
class Verdict:
    """What an import would write, once validated."""

    facts: list[tuple[FactRecord, NewFact]] = field(default_factory=list)
    replaced: dict[tuple[int, str, str], tuple[float, int]] = field(default_factory=dict)
    """(org, element, period) → the stored (value, revision) a fact to be written corrects."""
    revisions: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]


def _problem(
    record: FactRecord, file: str, reason: str, fix: str, severity: Severity = Severity.ERROR, at_org: bool = False
) -> Problem:
    """A problem on the record's value cell, or (``at_org``) on the cell naming its enterprise."""
    address = record.org_address if at_org and record.org_address else record.address
    value = (
        (record.org_code or record.org_name or "")
        if address is not record.address
        else number(record.reported_value, 6).replace(",", "")
    )
    return Problem.at(address, value, reason, fix, severity, file)


def resolve_org(
    record: FactRecord, orgs: dict[str, Org], by_name: dict[str, list[Org]], file: str
) -> tuple[Org | None, Problem | None]:
    if record.org_code is not None:
        try:
            code = validate(record.org_code)
        except InvalidUSCC as error:
            return None, _problem(record, file, "统一社会信用代码有误", str(error), at_org=True)
        org = orgs.get(code)
        if org is None:
            return None, _problem(
                record,
                file,
                f"统一社会信用代码 {code} 不在企业名录中",
                "请先导入企业名录（含该企业），或核对代码是否填错。",
                at_org=True,
            )
        return org, None
    name = record.org_name or ""
    region = orgs.get(region_code(name))
    if region is not None:
        return region, None
    matches = by_name.get(name, [])
    if len(matches) == 1:
        return matches[0], None
    if len(matches) > 1:
        return None, _problem(record, file, f"名称“{name}”对应多家企业", "请改用统一社会信用代码填报。", at_org=True)
    return None, _problem(
        record, file, f"“{name}”不在企业名录中", "请先导入企业名录，或改用统一社会信用代码。", at_org=True
    )


REVISE_HINT = "若这是更正，请加 --revise 重新导入，系统将保留旧值并记为新版本；否则请核对数值。"
"""How to say a change is a correction, on the command line (the dashboard says it its own way)."""


def _decimals(value: float) -> int:
    """Decimal places of a number as typed (495.789 → 3): what precision the user meant."""
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def same_value(stored: float, record: FactRecord) -> bool:
    """The stored figure, typed again: equal within the precision it is shown with (or typed with, if finer).

    The dashboard shows 495.78912 as 495.79; typing back 495.79 (or 495.789) is no change,
    typing 495.8 or 496 is.  The step is in the unit typed, converted to the stored unit.
    """
    if math.isclose(stored, record.value, rel_tol=float(thresholds()["same_value_tolerance"]), abs_tol=1e-12):
        return True
    decimals = max(_decimals(record.reported_value), int(thresholds()["display_decimals"]))
    scale = abs(record.value / record.reported_value) if record.reported_value else 1.0
    return abs(stored - record.value) <= 0.5 * 10.0**-decimals * scale * (1 + 1e-9)


def check(
    store: Store, parsed: Parsed, file: str, orgs: dict[str, Org], revise: bool, revise_hint: str = REVISE_HINT
) -> Verdict:
    """Validate parsed facts; ``orgs`` includes the orgs this import will create.

    ``revise_hint`` is the fix offered for a changed figure (the CLI's ``--revise``, the web's checkbox).
    """
    plan = Verdict(problems=list(parsed.problems))
    by_name: dict[str, list[Org]] = defaultdict(list)
    for each in orgs.values():
        by_name[each.name].append(each)
    resolved: list[tuple[FactRecord, Org]] = []
    reported: set[tuple[str | None, int | None, str | None]] = set()
    for record in parsed.facts:
        found, problem = resolve_org(record, orgs, by_name, file)
        if problem is not None:
            where = (problem.sheet, problem.row, problem.column)
            if where not in reported:  # a wide row's values share one enterprise cell: say it once
                reported.add(where)
                plan.problems.append(problem)
        elif found is not None:
            resolved.append((record, found))
    seen: dict[tuple[int, str, str], FactRecord] = {}
    unique: list[tuple[FactRecord, Org]] = []
    for record, org in resolved:
        key = (org.id, record.element.code, str(record.period))
        if key in seen:
            first = seen[key].address
            plan.problems.append(
                _problem(
                    record,
                    file,
                    f"与第{first.row}行{first.column}列重复（同一企业、指标和报告期）",
                    "请删除重复的一行，或改正报告期。",
                )
            )
            continue
        seen[key] = record
        if record.element.nonnegative and record.value < 0:
            plan.problems.append(
                _problem(
                    record, file, f"“{record.element.name}”不能为负数", "请核对数值；亏损等可为负的数请填在对应指标。"
                )
            )
            continue
        unique.append((record, org))
    known = current_values(store, list({(o.id, r.element.code, str(r.period)) for r, o in unique}))
    history = _history(store, unique)
    peers = _peer_medians(unique)
    for record, org in unique:
        key = (org.id, record.element.code, str(record.period))
        stored = known.get(key)
        if stored is not None:
            value, revision = stored
            if same_value(value, record):
                plan.unchanged += 1
                continue
            if not revise:
                plan.problems.append(
                    _problem(
                        record,
                        file,
                        f"与已入库的数值 {number(value, 4)}{record.element.unit}（第{revision}版）不同",
                        revise_hint,
                    )
                )
                continue
            plan.revisions += 1
            plan.replaced[key] = stored
        scale = _scale_problem(record, org, history, peers, file)
        if scale is not None:
            plan.problems.append(scale)
            continue
        plan.facts.append(
            (
                record,
                NewFact(
                    org_id=org.id,
                    element=record.element.code,
                    period=record.period,
                    value=record.value,
                    unit=record.element.unit,
                    reported_value=record.reported_value,
                    reported_unit=record.reported_unit,
                    source=record.source,
                ),
            )
        )
    plan.problems += _outliers(plan.facts, file)
    return plan


def _history(store: Store, rows: list[tuple[FactRecord, Org]]) -> dict[tuple[int, str, str], float]:
    """(org, element, period kind) → median of stored values (non-zero), for the orgs and elements at hand."""
    money = set(thresholds()["scale"]["money_units"])
    elements = sorted({r.element.code for r, _ in rows if r.element.unit in money})
    orgs = sorted({o.id for _, o in rows})
    if not elements or not orgs:
        return {}
    found = positive_values(store, orgs, elements)
    values: dict[tuple[int, str, str], list[float]] = defaultdict(list)
    for org_id, element, kind, value in found:
        values[(org_id, element, kind)].append(value)
    return {key: statistics.median(v) for key, v in values.items()}


def _peer_medians(rows: list[tuple[FactRecord, Org]]) -> dict[tuple[str, str], tuple[float, int]]:
    """(element, period) → (median, count) of the values in this file: the peers of an org without history."""
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for record, _ in rows:
        if record.value > 0:
            values[(record.element.code, str(record.period))].append(record.value)
    return {key: (statistics.median(found), len(found)) for key, found in values.items()}


def _scale_problem(
    record: FactRecord,
    org: Org,
    history: dict[tuple[int, str, str], float],
    peers: dict[tuple[str, str], tuple[float, int]],
    file: str,
) -> Problem | None:
    settings = thresholds()["scale"]
    if record.element.unit not in settings["money_units"] or record.value <= 0:
        return None
    reference = history.get((org.id, record.element.code, record.period.kind))
    whose = "该企业以往同类数据"
    if not reference:
        median, count = peers.get((record.element.code, str(record.period)), (0.0, 0))
        if count < settings["min_peers"]:
            return None
        reference, whose = median, "本表同期其他企业"
    exponent = math.log10(record.value / reference)
    factor, tolerance = settings["log10_factor"], settings["tolerance"]
    unit = record.element.unit
    if abs(exponent - factor) <= tolerance:
        return _problem(
            record,
            file,
            f"约为{whose}（中位数 {number(reference, 4)}{unit}）的{10**exponent:,.0f}倍，疑似按“元”填写了“{unit}”栏",
            f"请换算为{unit}（元 ÷ 10000）后重新填写。",
        )
    if abs(exponent + factor) <= tolerance:
        return _problem(
            record,
            file,
            f"约为{whose}（中位数 {number(reference, 4)}{unit}）的万分之一，疑似按“亿元”填写了“{unit}”栏",
            f"请换算为{unit}后重新填写。",
        )
    return None


def _outliers(facts: list[tuple[FactRecord, NewFact]], file: str) -> list[Problem]:
    settings = thresholds()["outliers"]
    groups: dict[tuple[str, str], list[tuple[FactRecord, float]]] = defaultdict(list)
    for record, fact in facts:
        groups[(fact.element, str(fact.period))].append((record, fact.value))
    problems: list[Problem] = []
    for group in groups.values():
        if len(group) < settings["min_peers"]:
            continue
        values = [value for _, value in group]
        median = statistics.median(values)
        mad = statistics.median(abs(v - median) for v in values)
        if mad == 0:
            continue
        for record, value in group:
            score = 0.6745 * (value - median) / mad
            if abs(score) > settings["modified_z"]:
                problems.append(
                    _problem(
                        record,
                        file,
                        f"明显偏离同期其他企业（中位数 {number(median, 4)}{record.element.unit}，修正Z值 {score:.1f}）",
                        "请核对数值和单位；确认无误可忽略此提醒。",
                        severity=Severity.WARNING,
                    )
                )
    return problems
