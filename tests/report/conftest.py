"""The 秀山 plan with the published figures as of 2026-10-31, kept with its audit: the report's test subject."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from planwatch.demo.build import FIGURES_RECORDED
from planwatch.evaluate.evaluation import Evaluation, evaluate_plan
from planwatch.importing.load import import_file
from planwatch.plan.audit import review
from planwatch.plan.finding import Finding
from planwatch.store.database import Store, open_store
from planwatch.store.plans import load_review, save_plan, save_review
from tests.conftest import ROOT, XIUSHAN

Evaluated = tuple[Evaluation, list[Finding]]

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)


def keep_xiushan(store: Store) -> None:
    """What ``planwatch demo`` stores for 秀山: the plan, its audit, the published figures."""
    checked = review(XIUSHAN)
    moment = datetime(2022, 3, 1)
    save_plan(store, checked.plan, moment)
    save_review(
        store, checked.plan, checked.findings, {line.number: line.text for line in checked.document.lines}, moment
    )
    assert import_file(store, FIGURES, now=FIGURES_RECORDED, create_orgs=True).committed


def xiushan_evaluation(store: Store) -> tuple[Evaluation, list[Finding]]:
    plan = review(XIUSHAN).plan
    stored = load_review(store, plan)
    assert stored is not None
    return evaluate_plan(store, plan, AS_OF), stored.findings


@pytest.fixture(scope="module")
def xiushan_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "xiushan.duckdb"
    with open_store(path) as store:
        keep_xiushan(store)
    return path


@pytest.fixture(scope="module")
def xiushan_evaluated(xiushan_db: Path) -> tuple[Evaluation, list[Finding]]:
    with open_store(xiushan_db, read_only=True) as store:
        return xiushan_evaluation(store)
