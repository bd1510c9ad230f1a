"""The main job: build the demo database from the example plans and figures, evaluate, report.

1. Read and audit both example plans and keep them, with their findings, in the store.
2. Load the published county figures, recorded as of when they were
   published (the bulletins and press figures up to October 2024).
3. For each park plan (one with a park table and base-year facts), build the
   calibrated synthetic panel (``panel.py``), every record marked 演示数据.
4. Evaluate every plan as of the given date and write its report, in Markdown and in Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from planwatch import data
from planwatch.assess.gather import plan_assessment
from planwatch.demo.assessment import Added, add_assessment_inputs
from planwatch.demo.contacts import add_demo_contacts
from planwatch.demo.ledgers import build_ledgers
from planwatch.demo.panel import Calibration, build_panel
from planwatch.demo.plans import confirm_plans
from planwatch.errors import InputError
from planwatch.evaluate.evaluation import Evaluation, evaluate_plan
from planwatch.importing.load import import_file
from planwatch.periods import today
from planwatch.plan.audit import review
from planwatch.plan.model import Plan
from planwatch.report.markdown import report
from planwatch.report.render import render
from planwatch.service.plans import keep
from planwatch.store.backend import is_server
from planwatch.store.database import Store, open_store
from planwatch.store.plans import stored_plans

FIGURES_RECORDED = datetime(2024, 11, 1, 9, 0)
"""When the published figures (up to October 2024) were entered."""


def divisions() -> dict[str, str]:
    loaded: dict[str, str] = data.load("divisions.yaml")
    return loaded


@dataclass
class DemoResult:
    database: str
    plans: list[Plan]
    calibrations: list[Calibration]
    evaluations: list[Evaluation]
    reports: list[Path]
    assessment_inputs: list[Added] = field(default_factory=list)


def is_park_plan(plan: Plan) -> bool:
    return bool(plan.parks) and plan.period is not None and any(f.year == plan.period.start - 1 for f in plan.facts)


def build_demo(database: Path | str, plans: list[Path], figures: Path | None, reports: Path, as_of: date) -> DemoResult:
    """The demo from nothing: a DuckDB file is made anew; a PostgreSQL database must be empty."""
    server = is_server(str(database))
    if not server:
        path = Path(database)
        path.unlink(missing_ok=True)
        path.with_suffix(path.suffix + ".wal").unlink(missing_ok=True)
    store: Store = open_store(database)
    try:
        if server and (any(store.counts().values()) or stored_plans(store)):
            raise InputError(
                f"演示要从空库开始，而数据库 {store.backend.location} 里已有数据：请新建一个空库"
                "（如 createdb planwatch_demo）再用 --db 指定它，以免覆盖真实数据。"
            )
        reviews = [review(path) for path in plans]
        extracted = [r.plan for r in reviews]
        with store.backend.transaction():
            for r in reviews:
                plan = r.plan
                start = plan.published or date(plan.period.start, 1, 1) if plan.period else today()
                keep(store, r, datetime.combine(start, datetime.min.time()))
        confirm_plans(store, extracted)  # demo/plans.py: version 1 of each, as issued, with the demo's 责任分工
        if figures is not None:
            import_file(store, figures, now=FIGURES_RECORDED, create_orgs=True)
        calibrations = [
            build_panel(store, plan, divisions().get(plan.region or "", "500000"))
            for plan in extracted
            if is_park_plan(plan)
        ]
        build_ledgers(store, [plan for plan in extracted if is_park_plan(plan) and plan.projects])  # demo/ledgers.py
        assessment_inputs = [add_assessment_inputs(store, calibration) for calibration in calibrations]
        add_demo_contacts(store, datetime(2022, 1, 1))
        reports.mkdir(parents=True, exist_ok=True)
        evaluations = [evaluate_plan(store, plan, as_of) for plan in extracted]
        written = []
        findings = {r.plan.id: r.findings for r in reviews}
        for evaluation in evaluations:
            path = reports / f"{Path(evaluation.plan.id or 'plan').stem}.评估报告.md"
            assessed = plan_assessment(store, evaluation)
            path.write_text(report(evaluation, findings.get(evaluation.plan.id), assessed), encoding="utf-8")
            word = path.with_suffix(".docx")
            word.write_bytes(render(evaluation, findings.get(evaluation.plan.id), "docx", assessed))
            written += [path, word]
    finally:
        store.close()
    return DemoResult(str(database), extracted, calibrations, evaluations, written, assessment_inputs)
