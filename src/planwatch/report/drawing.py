"""The report's charts drawn in worker processes, while the command line evaluates the plan and writes the rest.

Why: importing matplotlib and drawing seven charts take longer than evaluating
the plan and writing the Word file (issue 10: the Word report of 石柱 in under
2 s on 2 cores).  ``preload`` starts the standard library's fork server at once:
it imports matplotlib and the chart code while this process reads the store.
``drawing`` then forks two workers from it, which find matplotlib imported and
draw the charts between them, one chart per task, while this process gathers
the assessment and writes the document.  Nothing is cached: every chart is
drawn from the evaluation just made.

Where the fork server is not available (Windows) the charts are drawn here.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager

from planwatch.evaluate.evaluation import Evaluation
from planwatch.report.chart import Chart, ChartSubject, chart_subjects

WORKERS = 2
"""Two cores: two workers draw while this process writes the document."""
PRELOAD = ["planwatch.cli", "planwatch.report.charts"]
"""What the fork server imports before forking: the chart code, and the command line's module, which a
worker imports again as the ``planwatch`` script (``__mp_main__``) — already loaded, so at no cost."""


def _available() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def preload() -> None:
    """Start the fork server now, so that it has imported matplotlib by the time the charts are asked for."""
    if not _available():
        return
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def _draw(subject: ChartSubject) -> Chart:
    from planwatch.report.charts import chart

    return chart(subject)


@contextmanager
def drawing(evaluation: Evaluation, limit: int = 6) -> Iterator[Callable[[], list[Chart]]]:
    """Start drawing every chart of the report (``report.charts.charts``); yields a function that waits for them.

    Leaving the block waits for the workers to finish (a failure in this process cancels what has not started).
    """
    subjects = chart_subjects(evaluation, limit)
    if not _available() or not subjects:
        from planwatch.report.charts import chart

        yield lambda: [chart(subject) for subject in subjects]
        return
    pool = ProcessPoolExecutor(min(WORKERS, len(subjects)), mp_context=multiprocessing.get_context("forkserver"))
    starter = ThreadPoolExecutor(1)
    # Starting a worker waits for the fork server to have imported matplotlib: a thread waits, not the command.
    started = starter.submit(lambda: [pool.submit(_draw, subject) for subject in subjects])
    try:
        yield lambda: [future.result() for future in started.result()]
    except BaseException:
        starter.shutdown()
        pool.shutdown(cancel_futures=True)
        raise
    starter.shutdown()
    pool.shutdown()
