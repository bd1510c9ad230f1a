"""The review memo: findings as Markdown, grouped by severity, quoting the source lines."""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.plan.audit.finding import Finding
from planwatch.plan.document import Document
from planwatch.plan.model import Plan
from planwatch.status import Severity

HEADINGS = {
    Severity.ERROR: f"{Severity.ERROR.zh}（必须改正）",
    Severity.WARNING: f"{Severity.WARNING.zh}（很可能有问题）",
    Severity.INFO: f"{Severity.INFO.zh}（值得一看）",
}
MAX_QUOTE = 120
MAX_QUOTES = 4


def _row_texts(doc: Document) -> dict[int, str]:
    """For a line inside a table, the whole row it belongs to (a cell alone says little)."""
    rows: dict[int, str] = {}
    for table in doc.tables():
        for row in table.rows:
            text = " | ".join(cell for cell in row.texts if cell)
            for cell in row.cells:
                rows.setdefault(cell.line, text)
    return rows


def _quote(doc: Document, line: int, rows: dict[int, str]) -> str:
    text = rows.get(line) or doc.line(line).text.strip().replace("\t", " ")
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE] + "……"
    return f"> 第{line}行：{text}"


def memo(plan: Plan, doc: Document, findings: Sequence[Finding]) -> str:
    title = plan.title or plan.id or doc.path
    counts = {severity: sum(1 for f in findings if f.severity == severity) for severity in HEADINGS}
    parts = [
        f"# 规划审查意见：{title}",
        "",
        f"文件：`{plan.id}`　文号：{plan.doc_number or '未识别'}　"
        f"共 {len(findings)} 条：" + "，".join(f"{v.zh} {counts[v]} 条" for v in Severity) + "。",
    ]
    if not findings:
        parts += ["", "未发现问题。"]
    number = 0
    rows = _row_texts(doc)
    for severity, heading in HEADINGS.items():
        selected = [f for f in findings if f.severity == severity]
        if not selected:
            continue
        parts += ["", f"## {heading}"]
        for item in selected:
            number += 1
            parts += ["", f"{number}. {item.message}（{item.kind}）", ""]
            for line in item.lines[:MAX_QUOTES]:
                if 1 <= line <= len(doc.lines):
                    parts.append("   " + _quote(doc, line, rows))
            if len(item.lines) > MAX_QUOTES:
                parts.append(f"   > ……另有{len(item.lines) - MAX_QUOTES}处")
    return "\n".join(parts) + "\n"
