"""One entry point for every format of the 规划实施评估报告: content once, then the chosen renderer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from planwatch.assess.targets import PlanAssessment
from planwatch.errors import InputError
from planwatch.evaluate.evaluation import Evaluation
from planwatch.plan.finding import Finding
from planwatch.plan.model import Plan
from planwatch.report.charts import charts
from planwatch.report.content import build
from planwatch.report.markdown import markdown
from planwatch.report.park import ParkView

Format = Literal["docx", "xlsx", "html", "md"]
FORMATS: tuple[str, ...] = get_args(Format)


def render(
    evaluation: Evaluation,
    findings: Sequence[Finding] | None,
    fmt: str,
    assessment: PlanAssessment | None = None,
    view: ParkView | None = None,
) -> bytes:
    """The report as the bytes of a .docx, .xlsx, .html or .md file.

    ``findings`` is the plan's stored audit (``store.plans.load_review``); None says none was kept.
    ``assessment`` (``assess.gather.plan_assessment``) adds the 亩均, 梯度培育 and energy sections;
    ``view`` makes it a park's report (``report.park``; ``evaluation`` scoped to the park).
    """
    content = build(evaluation, findings, assessment, view)
    if fmt == "md":
        return markdown(content).encode("utf-8")
    if fmt == "xlsx":
        from planwatch.report.xlsx import xlsx

        return xlsx(content)
    if fmt == "docx":
        from planwatch.report.docx import docx

        return docx(content, charts(evaluation))
    if fmt == "html":
        from planwatch.report.html import html

        return html(content, charts(evaluation)).encode("utf-8")
    raise InputError(f"不支持的报告格式“{fmt}”。可选：{'、'.join(FORMATS)}。")


def file_name(plan: Plan, fmt: str) -> str:
    """The report's default file name on the command line: ``<plan stem>.评估报告.<ext>``."""
    return f"{Path(plan.id or plan.file or 'plan').stem}.评估报告.{fmt}"


def download_name(plan: Plan, fmt: str, day: date, park: str | None = None) -> str:
    """The name a downloaded report is saved under, readable in a folder of downloads:
    ``石柱县工业园区产业发展规划（2023—2027年）评估报告_2026-10-31.docx`` (with ``（下路工业园区）`` for a park's)."""
    title = plan.title or Path(plan.id or plan.file or "规划").stem
    for unsafe in '\\/:*?"<>|':
        title = title.replace(unsafe, "_")
    return f"{title}{f'（{park}）' if park else ''}评估报告_{day.isoformat()}.{fmt}"
