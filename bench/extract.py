"""Seconds per document for `planwatch extract` on both seed plans (goal: < 0.3 s for the larger).

Run: .venv/bin/python bench/extract.py [--repeat N] [--json]
Prints per document: bytes, lines, best and median wall time of extract(), and
the same for reading alone (the baseline the recognisers add to).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from planwatch.plan.extract import extract
from planwatch.plan.read import read

PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"


def _times(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for path in sorted(PLANS.glob("*.txt")):
        extract(path)  # warm imports and regex caches
        total = _times(partial(extract, path), args.repeat)
        reading = _times(partial(read, path), args.repeat)
        results.append(
            {
                "document": path.name,
                "bytes": path.stat().st_size,
                "lines": len(path.read_text(encoding="utf-8").split("\n")),
                "extract_best_s": round(min(total), 4),
                "extract_median_s": round(statistics.median(total), 4),
                "read_only_median_s": round(statistics.median(reading), 4),
                "goal_s": 0.3,
                "meets_goal": statistics.median(total) < 0.3,
            }
        )
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for row in results:
        print(
            f"{row['document']}: {row['bytes']:,} bytes, {row['lines']} lines — extract median "
            f"{row['extract_median_s']:.4f} s (best {row['extract_best_s']:.4f} s; reading alone "
            f"{row['read_only_median_s']:.4f} s); goal < 0.3 s: {'met' if row['meets_goal'] else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
