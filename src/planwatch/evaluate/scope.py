"""An evaluation seen from one park: only the targets about the park (or an industry inside it), rolled up again.

A park committee reads the plan's targets that are its own — 下路工业园区's
规上工业产值, its 康养消费品产业 — not the county's; the county-wide targets
belong to the county's view.  Pure: the evaluation is already judged; this
only selects and counts again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from planwatch.evaluate.evaluation import Evaluation, Rollup
from planwatch.evaluate.judge import rollups
from planwatch.store.orgs import Org


def within(evaluation: Evaluation, park: Org, inside: Collection[int]) -> Evaluation:
    """``evaluation`` restricted to the targets whose org is ``park`` or below it (``inside``: those org ids)."""
    targets = [t for t in evaluation.targets if t.org is not None and t.org.id in inside]
    overall = rollups(targets, lambda t: "全部目标")
    return replace(
        evaluation,
        subject=park,
        targets=targets,
        by_category=rollups(targets, lambda t: t.indicator.category),
        by_scope=rollups(targets, lambda t: t.indicator.scope),
        overall=overall[0] if overall else Rollup("全部目标"),
    )
