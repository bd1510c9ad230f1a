"""The report's charts drawn in a worker process, while the command line evaluates the plan and writes the rest.

Why: importing matplotlib and drawing seven charts take about as long as
evaluating the plan and writing the Word file (issue 10: the Word report of
石柱 in under 2 s on 2 cores).  ``chart_worker`` forks a process once the
command has imported the evaluation's modules and before it evaluates (this
module imports nothing of planwatch, so the command chooses the moment; the
worker shares what was imported and needs no connection).  The worker imports
matplotlib while the command evaluates, then draws the charts it is given, one
per task, while the command gathers the assessment and writes the document.
Nothing is cached: every chart is drawn from the evaluation just made.  Where
``fork`` is not available (Windows) the charts are drawn in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: importing nothing of planwatch leaves the moment of the fork to the command
    from planwatch.evaluate.evaluation import Evaluation
    from planwatch.report.chart import Chart, ChartSubject


def _prepare() -> None:
    """In the worker: import matplotlib and what a chart subject is made of, and find the font."""
    from planwatch.report.charts import chart_font

    chart_font()


def _draw(subject: ChartSubject) -> Chart:
    from planwatch.report.charts import chart

    return chart(subject)


class ChartWorker:
    """A process that imports matplotlib now and draws the charts later; None of it where fork is missing."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._pool.submit(_prepare)  # forks now, and the worker starts importing

    def draw(self, evaluation: Evaluation, limit: int = 6) -> Callable[[], list[Chart]]:
        """Start drawing every chart of the report (``report.charts.charts``); returns what waits for them."""
        from planwatch.report.chart import chart_subjects

        subjects = chart_subjects(evaluation, limit)
        if self._pool is None:
            return lambda: [_draw(subject) for subject in subjects]
        futures = [self._pool.submit(_draw, subject) for subject in subjects]
        return lambda: [future.result() for future in futures]

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=cancel)


@contextmanager
def chart_worker() -> Iterator[ChartWorker]:
    """A chart worker for the block; leaving it waits for the worker (a failure cancels what has not started)."""
    worker = ChartWorker()
    try:
        yield worker
    except BaseException:
        worker.close(cancel=True)
        raise
    worker.close()
