"""The project ledger as JSON (``planwatch projects --json``, the dashboard's ``/api/ledger``): the contract.

``{"plan", "as_of", "day", "projects": [{"id", "name", "park", "industry", "chain", "line",
"total_investment_wan", "status", "planned_start", "planned_finish", "completed_investment_wan",
"completion_rate", "delayed", "responsible", …}], "totals": {"by_park": {…}, "all": {…}, …}}`` —
amounts in 万元 (two decimals), rates as shares (four decimals).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from planwatch.projects.ledger import Ledger, Row, Totals


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def totals_json(t: Totals) -> dict[str, Any]:
    return {
        "projects": t.projects,
        "total_investment_wan": _round(t.total_wan, 2),
        "stated_investment_wan": _round(t.stated_wan, 2),
        "difference_wan": _round(t.difference_wan, 2),
        "completed_investment_wan": _round(t.completed_wan, 2),
        "completion_rate": _round(t.completion_rate, 4),
        "due_to_start": t.due_to_start,
        "started": t.started,
        "started_all": t.started_all,
        "start_rate": _round(t.start_rate, 4),
        "due_to_produce": t.due_to_produce,
        "producing": t.producing,
        "production_rate": _round(t.production_rate, 4),
        "delayed": t.delayed,
        "terminated": t.terminated,
        "annual_plan_wan": _round(t.annual_plan_wan, 2),
        "year_completed_wan": _round(t.year_completed_wan, 2),
        "annual_rate": _round(t.annual_rate, 4),
        "stages": t.stages,
    }


def row_json(r: Row) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "park": r.park,
        "industry": r.industry,
        "chain": r.chain,
        "link": r.link,
        "line": r.line,
        "origin": r.origin,
        "total_investment_wan": _round(r.total_wan, 2),
        "status": r.stage.value,
        "status_zh": r.stage.zh,
        "planned_start": r.planned_start,
        "planned_finish": r.planned_finish,
        "completed_investment_wan": _round(r.completed_wan, 2),
        "completion_rate": _round(r.completion_rate, 4),
        "annual_plan_wan": _round(r.annual_plan_wan, 2),
        "year_completed_wan": _round(r.year_completed_wan, 2),
        "delayed": r.delayed,
        "delays": list(r.delays),
        "responsible": r.responsible,
        "problems": r.problems,
        "last_period": r.last_period,
    }


def ledger_json(ledger: Ledger, known: date) -> dict[str, Any]:
    """The whole ledger: every row, and the totals by park, industry and chain, overall and of 招商 projects."""
    return {
        "plan": ledger.plan_id,
        "as_of": known.isoformat(),
        "day": ledger.day.isoformat(),
        "month": ledger.month,
        "reported": ledger.reported,
        "projects": [row_json(r) for r in ledger.rows],
        "totals": {
            "all": totals_json(ledger.overall),
            "by_park": {name: totals_json(t) for name, t in ledger.by_park.items()},
            "by_industry": {name: totals_json(t) for name, t in ledger.by_industry.items()},
            "by_chain": {name: totals_json(t) for name, t in ledger.by_chain.items()},
            "added": totals_json(ledger.added),
        },
    }
