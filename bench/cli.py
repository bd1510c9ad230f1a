"""How long a county clerk waits for each command: whole processes, timed from start to exit.

Runs each command several times and prints the median wall time, next to
``python -c pass`` measured in the same run (the floor any command pays).
Goals (issue 10): ``--help`` < 0.3 s and ``extract`` of a seed < 0.5 s on 2
cores, the Word report of 石柱 < 2 s.  ``evaluate --json`` is shown too.

    .venv/bin/python bench/cli.py [--runs 5]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANWATCH = [str(Path(sys.executable).parent / "planwatch")]
"""The console script a user runs (as installed in the same environment)."""
SHIZHU = ROOT / "examples" / "plans" / "003_ee4bfce4192e67e0.txt"
GOALS = {"--help": 0.3, "extract": 0.5, "report --format docx": 2.0}
PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """Become the subreaper of what the commands leave behind (Linux): the report's chart fork server
    outlives the command by a moment and its CPU time would otherwise be counted nowhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def reap() -> None:
    """Wait for every process a command left behind, so that its CPU time is in RUSAGE_CHILDREN."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (user + system, of every process the command starts) from start to
    exit over ``runs`` runs, after one unmeasured warm-up for the file cache.  CPU time says what the
    command costs on a machine that is busy with other work, where wall time also counts the waiting."""
    environment = {**os.environ, "COLUMNS": "120"}
    subprocess.run(command, capture_output=True, check=True, env=environment, cwd=ROOT)
    reap()
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=environment, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        reap()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    adopt_orphans()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.duckdb")
        reports = str(Path(folder) / "reports")
        subprocess.run(
            [*PLANWATCH, "demo", "--db", db, "--reports", reports, "--no-serve"],
            capture_output=True,
            check=True,
            cwd=ROOT,
        )
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [*PLANWATCH, "--help"],
            "extract": [*PLANWATCH, "extract", str(SHIZHU), "--json"],
            "evaluate --json": [*PLANWATCH, "evaluate", "--db", db, "--plan", SHIZHU.name, "--as-of", "2026-10-31", "--json"],
            "report --format docx": [
                *PLANWATCH, "report", "--db", db, "--plan", SHIZHU.name, "--as-of", "2026-10-31",
                "--format", "docx", "-o", str(Path(folder) / "石柱.docx"),
            ],
        }  # fmt: skip
        floor = timed(commands["python -c pass"], runs)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {runs} runs")
        print(f"{'command':<24}{'wall s':>8}{'cpu s':>8}{'× python':>10}{'goal s':>8}")
        for name, command in commands.items():
            seconds, cpu = floor if name == "python -c pass" else timed(command, runs)
            goal = GOALS.get(name)
            verdict = "" if goal is None else ("  met" if seconds < goal else "  MISSED")
            goal_text = f"{goal:>8.1f}" if goal else f"{'':>8}"
            print(f"{name:<24}{seconds:>8.3f}{cpu:>8.3f}{seconds / floor[0]:>10.1f}{goal_text}{verdict}")


if __name__ == "__main__":
    main()
