"""Seconds for `planwatch audit` on each seed plan (goal: < 0.3 s each), read + extract + audit.

Run: .venv/bin/python bench/audit.py [--repeat N] [--json]
Prints per document the median and best wall time of the whole review, and of
the audit checks alone (extraction being the baseline they add to).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from planwatch.plan.audit import audit, review
from planwatch.plan.extract import extract_document
from planwatch.plan.read import read

PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for path in sorted(PLANS.glob("*.txt")):
        review(path)  # warm up
        whole, checks = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            document = read(path)
            plan = extract_document(document)
            middle = time.perf_counter()
            findings = audit(plan, document)
            end = time.perf_counter()
            whole.append(end - start)
            checks.append(end - middle)
        rows.append(
            {
                "document": path.name,
                "findings": len(findings),
                "review_median_s": round(statistics.median(whole), 4),
                "review_best_s": round(min(whole), 4),
                "checks_only_median_s": round(statistics.median(checks), 4),
                "goal_s": 0.3,
                "meets_goal": statistics.median(whole) < 0.3,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        print(
            f"{row['document']}: {row['findings']} findings — read+extract+audit median {row['review_median_s']:.4f} s "
            f"(best {row['review_best_s']:.4f} s; checks alone {row['checks_only_median_s']:.4f} s); "
            f"goal < 0.3 s: {'met' if row['meets_goal'] else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
