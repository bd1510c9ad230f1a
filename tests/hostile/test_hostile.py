"""Every file of the hostile corpus is refused with a message or read; none crashes, hangs or writes half.

The corpus (``generate.py``) is made in a temporary folder and run through the
same calls the CLI and the dashboard make: ``import_file`` for statistics,
``read`` + ``extract`` for plans, with the limits lowered (``LIMITS``) so that
size cases stay small.  A refused import leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planwatch.errors import PlanwatchError
from planwatch.importing.load import import_file
from planwatch.plan.extract import extract
from planwatch.store.database import Store, open_store
from tests.hostile.generate import LIMITS, Case, cases
from tests.importing.files import registry_rows, xlsx

CASES = cases()
SECONDS = 60
"""Far above any case's time on the CI machine (the slowest take about a second): a hang, not a slow run."""


@pytest.fixture(autouse=True)
def _lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in LIMITS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("hostile")
    opened = open_store(folder / "store.duckdb")
    result = import_file(opened, xlsx(folder / "名录.xlsx", {"企业名录": registry_rows()}), create_orgs=True)
    assert result.committed, result.problems
    yield opened
    opened.close()


def test_the_corpus_is_large_and_named_once() -> None:
    assert len(CASES) >= 200
    assert len({(case.kind, case.name) for case in CASES}) == len(CASES)


def _file(case: Case, folder: Path) -> Path:
    path = folder / case.name
    path.write_bytes(case.body)
    return path


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "import"], ids=lambda c: c.name)
def test_import(case: Case, store: Store, tmp_path: Path) -> None:
    before = store.checksum()
    started = time.monotonic()
    try:
        result = import_file(store, _file(case, tmp_path))
    except PlanwatchError as error:
        message = str(error)
        assert message.strip() and "Traceback" not in message
        assert str(tmp_path.parent) not in message.replace(str(tmp_path / case.name), case.name)
        assert store.checksum() == before
    else:
        if not result.committed:
            assert result.problems, "a refused import says why"
            assert all(problem.reason.strip() and problem.fix.strip() for problem in result.problems)
            assert store.checksum() == before
    assert time.monotonic() - started < SECONDS


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "plan"], ids=lambda c: c.name)
def test_plan(case: Case, tmp_path: Path) -> None:
    started = time.monotonic()
    try:
        plan = extract(_file(case, tmp_path))
    except PlanwatchError as error:
        assert str(error).strip() and "Traceback" not in str(error)
    else:
        assert plan.model_dump_json()  # what `extract --json` prints, whatever was found
    assert time.monotonic() - started < SECONDS
