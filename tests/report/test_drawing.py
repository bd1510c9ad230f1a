"""Charts drawn in worker processes: the same charts, in the same order, as drawn in the process itself."""

from __future__ import annotations

import pickle

import pytest

from planwatch.report import drawing
from planwatch.report.charts import FontMissing, charts
from tests.report.conftest import Evaluated


def test_workers_draw_the_charts_drawn_here(xiushan_evaluated: Evaluated) -> None:
    evaluation, _ = xiushan_evaluated
    drawing.preload()
    with drawing.drawing(evaluation) as drawn:
        elsewhere = drawn()
    here = charts(evaluation)
    assert [(c.kind, c.caption, c.strings) for c in elsewhere] == [(c.kind, c.caption, c.strings) for c in here]
    assert all(c.png.startswith(b"\x89PNG") for c in elsewhere)


def test_without_a_fork_server_the_charts_are_drawn_here(
    xiushan_evaluated: Evaluated, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluation, _ = xiushan_evaluated
    monkeypatch.setattr(drawing, "_available", lambda: False)
    drawing.preload()
    with drawing.drawing(evaluation) as drawn:
        assert [c.caption for c in drawn()] == [c.caption for c in charts(evaluation)]


def test_a_missing_font_crosses_from_a_worker_with_its_message() -> None:
    error = pickle.loads(pickle.dumps(FontMissing()))
    assert isinstance(error, FontMissing) and "fonts-noto-cjk" in str(error)
