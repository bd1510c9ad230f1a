"""Charts drawn in a worker process: the same charts, in the same order, as drawn in the process itself."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

from planwatch.report.charts import FontMissing, charts
from planwatch.report.drawing import chart_worker
from tests.report.conftest import Evaluated


def test_the_worker_draws_the_charts_drawn_here(xiushan_evaluated: Evaluated) -> None:
    evaluation, _ = xiushan_evaluated
    with chart_worker() as worker:
        elsewhere = worker.draw(evaluation)()
    here = charts(evaluation)
    assert [(c.kind, c.caption, c.strings) for c in elsewhere] == [(c.kind, c.caption, c.strings) for c in here]
    assert [c.png for c in elsewhere] == [c.png for c in here]


def test_without_fork_the_charts_are_drawn_here(xiushan_evaluated: Evaluated, monkeypatch: pytest.MonkeyPatch) -> None:
    evaluation, _ = xiushan_evaluated
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with chart_worker() as worker:
        assert [c.caption for c in worker.draw(evaluation)()] == [c.caption for c in charts(evaluation)]


def test_a_missing_font_crosses_from_the_worker_with_its_message() -> None:
    error = pickle.loads(pickle.dumps(FontMissing()))
    assert isinstance(error, FontMissing) and "fonts-noto-cjk" in str(error)
