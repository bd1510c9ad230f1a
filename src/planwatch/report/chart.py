"""A drawn chart, and which charts a report has — without matplotlib.

The Word and HTML writers and the command line handle charts drawn elsewhere
(``report.charts`` draws them, ``report.drawing`` in worker processes), so they
must not pay for importing matplotlib themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from planwatch.evaluate.evaluation import Evaluation, Rollup, TargetEvaluation
from planwatch.status import Status


@dataclass(frozen=True)
class Chart:
    kind: Literal["status", "targets"]
    caption: str
    png: bytes
    strings: tuple[str, ...]
    """Every string drawn on the chart: title, axis labels, tick labels, legend, annotations."""


@dataclass(frozen=True)
class StatusSubject:
    """What the status chart shows: the counts per status, at the end of the period evaluated."""

    overall: Rollup
    end: date


ChartSubject = StatusSubject | TargetEvaluation
"""What one chart is drawn from: the status distribution, or one key target."""


def key_targets(evaluation: Evaluation, limit: int = 6) -> list[TargetEvaluation]:
    """The targets worth a chart: quantified levels with a baseline and observations, the most urgent first."""
    rank = [Status.REGRESSION, Status.LIMITED_PROGRESS, Status.ACCELERATION_NEEDED, Status.ON_TRACK]
    chosen = [
        t
        for t in evaluation.targets
        if t.milestone is None
        and t.indicator.target.basis in {"level", "increment"}
        and t.baseline is not None
        and t.goal is not None
        and len(t.observations) >= 2
        and t.latest is not None
        and t.latest is not t.baseline
    ]
    chosen.sort(
        key=lambda t: (
            not t.binding,
            rank.index(t.status) if t.status in rank else len(rank),
            t.indicator.origin != "table",
            t.indicator.source.line,
        )
    )
    return chosen[:limit]


def chart_subjects(evaluation: Evaluation, limit: int = 6) -> list[ChartSubject]:
    """Every chart of the report in order: the status distribution, then up to ``limit`` key targets."""
    status: list[ChartSubject] = (
        [StatusSubject(evaluation.overall, evaluation.through.end)] if evaluation.overall.targets else []
    )
    return status + list(key_targets(evaluation, limit))
