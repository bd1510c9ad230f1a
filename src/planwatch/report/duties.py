"""The report's 责任分工落实情况: each department's targets (as 牵头单位, then as 配合单位) and how they stand.

Only when the plan's targets have a 牵头单位 (read from the plan's text, or set when it was confirmed).
Pure, like the rest of the report's content.
"""

from __future__ import annotations

from collections import Counter

from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.report.blocks import Items, Paragraph, Row, Section, Table
from planwatch.status import STATUSES

TITLE = "责任分工落实情况"


def _counts(targets: list[TargetEvaluation]) -> str:
    counts = Counter(t.status for t in targets)
    return "、".join(f"{s.zh}{counts[s]}项" for s in STATUSES if counts[s])


def by_department(evaluation: Evaluation) -> dict[str, tuple[list[TargetEvaluation], list[TargetEvaluation]]]:
    """Department → (targets it leads, targets it supports), departments in the order first named."""
    found: dict[str, tuple[list[TargetEvaluation], list[TargetEvaluation]]] = {}
    for t in evaluation.targets:
        duty = t.indicator.duty
        if duty is None:
            continue
        for name in duty.lead:
            found.setdefault(name, ([], []))[0].append(t)
        for name in duty.support:
            found.setdefault(name, ([], []))[1].append(t)
    return found


def duties(evaluation: Evaluation) -> tuple[Section | None, Table]:
    grouped = by_department(evaluation)
    rows: list[Row] = []
    lines: list[str] = []
    for name, (led, supported) in grouped.items():
        attention = [t.label for t in led if t.red or t.status.off_track]
        parts = [f"牵头{len(led)}项（{_counts(led)}）"] if led else []
        parts += [f"配合{len(supported)}项"] if supported else []
        line = f"{name}：" + "，".join(parts)
        line += f"；需加快推进的有{'、'.join(attention)}。" if attention else "。"
        lines.append(line)
        rows.append(
            Row(
                (name, str(len(led)), str(len(supported)), _counts(led) or "—", "、".join(attention) or "—"),
                (None, len(led), len(supported), None, None),
            )
        )
    table = Table(
        "责任分工", ("责任单位", "牵头目标", "配合目标", "牵头目标状态", "需加快推进"), tuple(rows), (18, 8, 8, 30, 40)
    )
    if not grouped:
        return None, table
    without = sum(1 for t in evaluation.targets if t.indicator.duty is None or not t.indicator.duty.lead)
    words = f"{len(grouped)}个单位承担了规划目标。"
    if without:
        words += f"另有{without}项目标尚未明确牵头单位，建议在指标体系确认时明确。"
    return Section(TITLE, (Paragraph(words), Items(tuple(lines)))), table
