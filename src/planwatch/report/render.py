"""One entry point for every format of the 规划实施评估报告: content once, then the chosen renderer."""

from __future__ import annotations

from collections.abc import Sequence
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

Format = Literal["docx", "xlsx", "html", "md"]
FORMATS: tuple[str, ...] = get_args(Format)


def render(
    evaluation: Evaluation, findings: Sequence[Finding] | None, fmt: str, assessment: PlanAssessment | None = None
) -> bytes:
    """The report as the bytes of a .docx, .xlsx, .html or .md file.

    ``findings`` is the plan's stored audit (``store.plans.load_review``); None says none was kept.
    ``assessment`` (``assess.gather.plan_assessment``) adds the 亩均, 梯度培育 and energy sections.
    """
    content = build(evaluation, findings, assessment)
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
    """The report's default file name: ``<plan stem>.评估报告.<ext>``."""
    return f"{Path(plan.id or plan.file or 'plan').stem}.评估报告.{fmt}"
