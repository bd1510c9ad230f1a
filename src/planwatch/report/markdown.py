"""The evaluation report as Markdown: the same content as the Word report, for the terminal and for diffs."""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.assess.targets import PlanAssessment
from planwatch.evaluate.evaluation import Evaluation
from planwatch.plan.finding import Finding
from planwatch.report.blocks import Block, Items, Paragraph, Report, Subheading, Table
from planwatch.report.content import build


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(table.headers) + " |", "|" + "---|" * len(table.headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row.cells) + " |" for row in table.rows]
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Subheading):
        return [f"### {block.text}"]
    if isinstance(block, Items):
        return [f"- {line}" for line in block.lines]
    if isinstance(block, Table):
        return _table(block)
    return []  # charts are drawn in the Word and HTML reports only


def markdown(content: Report) -> str:
    lines = [f"# {content.title}：{content.plan_title}", "", "　".join(content.meta)]
    for section in content.sections:
        lines += ["", f"## {section.title}"]
        for block in section.blocks:
            rendered = _block(block)
            if rendered:
                lines += ["", *rendered]
    lines += ["", "---", content.note]
    return "\n".join(lines) + "\n"


def report(
    evaluation: Evaluation, findings: Sequence[Finding] | None = None, assessment: PlanAssessment | None = None
) -> str:
    """The Markdown report of an evaluation; ``findings`` is the plan's stored audit, if any; ``assessment``
    adds the enterprise assessment's sections."""
    return markdown(build(evaluation, findings, assessment))
