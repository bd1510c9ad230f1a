"""The evaluation as JSON (``evaluate --json``, the dashboard's API): typed, so the API publishes its schema.

Field names are a contract with other tools (README, "evaluate --json"):
extend, never rename.  Figures are rounded to a millionth, because parallel
sums differ in their last binary digits from run to run and an evaluation
reproduced "as of" a date must read the same.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from planwatch import formatting as fmt
from planwatch.evaluate.evaluation import Evaluation, Rollup, TargetEvaluation
from planwatch.evaluate.progress import un_status
from planwatch.plan.model import Basis, Comparator, Direction
from planwatch.status import Status


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BaselineRecord(Record):
    year: int
    value: float | None
    source: str


class TargetSpec(Record):
    year: int | None
    value: float | None
    comparator: Comparator | None
    direction: Direction
    basis: Basis
    text: str


class GoalRecord(Record):
    """The goal as evaluation judges it: on the scale of the figures, direction from the comparator."""

    value: float | None
    direction: Direction
    series: str
    unit: str
    level: float | None


class LatestRecord(Record):
    period: str
    value: float | None
    source: str


class YearToDateRecord(Record):
    period: str
    value: float | None


class ForecastRecord(Record):
    year: int | None
    value: float | None
    low: float | None
    high: float | None
    p_meet: float | None
    points: int


class MilestoneRecord(Record):
    status: str
    evidence: str | None


class SourceRecord(Record):
    line: int
    text: str


class VersionRecord(Record):
    """Which version of the plan's 指标体系 an evaluation used (``number`` None: the reader's draft, not confirmed)."""

    number: int | None
    label: str
    effective: str | None
    recorded_at: str | None
    recorded_by: str | None
    reason: str | None


class TargetRecord(Record):
    indicator: str
    label: str
    category: str | None
    scope: str | None
    unit: str | None
    value_unit: str
    """Unit of baseline, latest and year to date (levels, even for 下降13%)."""
    binding: bool
    org: str | None
    definition: str | None
    baseline: BaselineRecord | None
    target: TargetSpec
    target_text: str
    goal: GoalRecord | None
    latest: LatestRecord | None
    year_to_date: YearToDateRecord | None
    completion: float | None
    attainment: float | None
    required_cagr: float | None
    observed_cagr: float | None
    needed_per_year: float | None
    growth_meaningful: bool
    """False when the growth rates start from zero (they are then artefacts of the method)."""
    gap: float | None
    ratio: float | None
    score: float | None
    status: Status
    status_zh: str
    red: bool
    due_passed: bool
    un_ratio: float | None
    un_status: Status | None
    forecast: ForecastRecord | None
    forecast_unit: str
    milestone: MilestoneRecord | None
    note: str
    explanation: str
    source: SourceRecord
    lead: list[str] = []
    """责任分工: the 牵头单位 (empty when none was given)."""
    support: list[str] = []
    """The 配合单位."""


class RollupRecord(Record):
    name: str
    targets: int
    counts: dict[str, int]
    score: float | None


class ThroughRecord(Record):
    code: str
    end: str
    label: str


class EvaluationRecord(Record):
    plan: str | None
    title: str | None
    as_of: str
    """The knowledge date: figures recorded by its end."""
    through: ThroughRecord
    """The period evaluated (评估截止期)."""
    subject: str | None
    elapsed: float | None
    overall: RollupRecord
    by_category: list[RollupRecord]
    by_scope: list[RollupRecord]
    targets: list[TargetRecord]
    version: VersionRecord | None = None
    """The version of the plan evaluated: the one in force for ``through`` as known at ``as_of``."""


def rounded(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def forecast_unit(t: TargetEvaluation) -> str:
    return t.goal.unit if t.goal is not None else t.unit


def target_record(t: TargetEvaluation) -> TargetRecord:
    target = t.indicator.target
    p, f, goal = t.progress, t.forecast, t.goal
    return TargetRecord(
        indicator=t.indicator.name,
        label=t.label,
        category=t.indicator.category,
        scope=t.indicator.scope,
        unit=t.indicator.unit,
        value_unit=t.unit,
        binding=t.binding,
        org=t.org.name if t.org else None,
        definition=t.definition.id if t.definition else None,
        baseline=BaselineRecord(
            year=int(t.baseline.period[:4]), value=rounded(t.baseline.value), source=t.baseline.source
        )
        if t.baseline
        else None,
        target=TargetSpec.model_validate(target.model_dump(include=set(TargetSpec.model_fields))),
        target_text=fmt.target(t.indicator),
        goal=GoalRecord(
            value=rounded(goal.value),
            direction=goal.direction,
            series=goal.series,
            unit=goal.unit,
            level=rounded(goal.level),
        )
        if goal
        else None,
        latest=LatestRecord(period=t.latest.period, value=rounded(t.latest.value), source=t.latest.source)
        if t.latest
        else None,
        year_to_date=YearToDateRecord(period=t.year_to_date.period, value=rounded(t.year_to_date.value))
        if t.year_to_date
        else None,
        completion=rounded(p.completion) if p else None,
        attainment=rounded(p.attainment) if p else None,
        required_cagr=rounded(p.required_cagr) if p else None,
        observed_cagr=rounded(p.observed_cagr) if p else None,
        needed_per_year=rounded(p.needed_per_year) if p else None,
        growth_meaningful=t.pace.meaningful if t.pace else False,
        gap=rounded(t.gap),
        ratio=rounded(p.ratio) if p else None,
        score=rounded(p.score) if p else None,
        status=t.status,
        status_zh=t.status.zh,
        red=t.red,
        due_passed=t.due_passed,
        un_ratio=rounded(t.un_ratio),
        un_status=un_status(t.un_ratio) if t.un_ratio is not None else None,
        forecast=ForecastRecord(
            year=target.year,
            value=rounded(f.value),
            low=rounded(f.low),
            high=rounded(f.high),
            p_meet=rounded(f.p_meet, 4),
            points=f.points,
        )
        if f
        else None,
        forecast_unit=forecast_unit(t),
        milestone=MilestoneRecord(status=t.milestone[0], evidence=t.milestone[1]) if t.milestone else None,
        note=t.note,
        explanation=t.explanation,
        source=SourceRecord(line=t.indicator.source.line, text=t.indicator.source.text),
        lead=list(t.indicator.duty.lead) if t.indicator.duty else [],
        support=list(t.indicator.duty.support) if t.indicator.duty else [],
    )


def rollup_record(r: Rollup) -> RollupRecord:
    return RollupRecord(name=r.name, targets=r.targets, counts=r.counts, score=rounded(r.score))


def version_record(evaluation: Evaluation) -> VersionRecord:
    v = evaluation.version
    if v is None:
        return VersionRecord(
            number=None, label=evaluation.version_label, effective=None, recorded_at=None, recorded_by=None, reason=None
        )
    return VersionRecord(
        number=v.number,
        label=v.label,
        effective=v.effective.isoformat(),
        recorded_at=v.recorded_at.isoformat(sep=" ", timespec="seconds"),
        recorded_by=v.recorded_by,
        reason=v.reason,
    )


def evaluation_record(evaluation: Evaluation) -> EvaluationRecord:
    through = evaluation.through
    return EvaluationRecord(
        plan=evaluation.plan.id,
        title=evaluation.plan.title,
        as_of=evaluation.known.isoformat(),
        through=ThroughRecord(code=through.code, end=through.end.isoformat(), label=through.label_zh),
        subject=evaluation.subject.name if evaluation.subject else None,
        elapsed=rounded(evaluation.elapsed),
        overall=rollup_record(evaluation.overall),
        by_category=[rollup_record(r) for r in evaluation.by_category],
        by_scope=[rollup_record(r) for r in evaluation.by_scope],
        targets=[target_record(t) for t in evaluation.targets],
        version=version_record(evaluation),
    )


def evaluation_json(evaluation: Evaluation) -> dict[str, object]:
    """The ``evaluate --json`` document."""
    return evaluation_record(evaluation).model_dump(mode="json")
