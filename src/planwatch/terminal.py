"""Rich rendering for the terminal: the presentation edge of the CLI."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from planwatch.plan.audit.finding import Finding
from planwatch.plan.model import Indicator, Plan
from planwatch.plan.summary import PlanSummary

_COMPARATOR_WORDS = {">=": "≥", ">": ">", "=": "≈", "<=": "≤", "<": "<"}


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def _target_text(indicator: Indicator) -> str:
    target = indicator.target
    if target.value is None:
        return target.text
    sign = _COMPARATOR_WORDS.get(target.comparator or "", "")
    change = "下降" if target.direction == "decrease" and target.basis == "change" else ""
    return f"{change}{sign}{_number(target.value)}{indicator.unit or ''}"


def print_summary(console: Console, summary: PlanSummary) -> None:
    plan: Plan = summary.plan
    period = f"{plan.period.start}—{plan.period.end}年" if plan.period else "未识别"
    console.print(f"[bold]{plan.title or plan.id}[/bold]")
    console.print(
        f"  文号 {plan.doc_number or '未识别'} · 发布 {plan.published or '未识别'} · "
        f"发布机关 {plan.issuer or '未识别'} · 地区 {plan.region or '未识别'} · 规划期 {period}"
    )
    counts = summary.counts
    console.print(
        f"  指标 {counts['indicators']}（表格 {summary.table_indicators}、文中量化目标 {summary.prose_targets}、"
        f"定性目标 {summary.milestones}、约束性 {summary.binding}） · 现状数据 {counts['facts']} · "
        f"园区 {counts['parks']} · 项目 {counts['projects']}（分组 {counts['project_groups']}） · "
        f"产业链 {counts['chains']} · 断行修复 {counts['repairs']}"
    )
    if summary.project_total is not None:
        stated = f"，文件所列总投资 {_number(summary.stated_total)} 亿元" if summary.stated_total else ""
        console.print(f"  项目投资合计 {_number(summary.project_total)} 亿元（按末级项目加总{stated}）")
    if plan.indicators:
        table = Table(title="指标与目标", show_lines=False, title_justify="left")
        for column in ("行", "类别/范围", "指标", "单位", "基期", "目标年", "目标", "属性"):
            table.add_column(column, overflow="fold", min_width=12 if column == "指标" else None)
        for indicator in plan.indicators:
            baseline = indicator.baseline
            base = f"{baseline.year or ''} {_number(baseline.value)}" if baseline else "—"
            table.add_row(
                str(indicator.source.line),
                indicator.category or indicator.scope or "",
                indicator.name,
                indicator.unit or "",
                base,
                str(indicator.target.year or ""),
                _target_text(indicator),
                {"binding": "约束性", "expected": "预期性"}.get(indicator.attribute or "", ""),
            )
        console.print(table)
    if plan.parks:
        parks = Table(title="园区", title_justify="left")
        parks.add_column("园区")
        parks.add_column("行")
        parks.add_column("属性")
        for park in plan.parks:
            attributes = "；".join(
                f"{key}：{value['value'] if isinstance(value, dict) else (value if value is not None else '—')}"
                for key, value in park.attributes.items()
            )
            parks.add_row(park.name, str(park.source.line), attributes)
        console.print(parks)
    if plan.chains:
        console.print("[bold]产业链[/bold]")
        for chain in plan.chains:
            console.print(f"  {chain.source.line:>5}  {' → '.join(chain.links)}")


_SEVERITY_STYLE = {"error": ("错误", "bold red"), "warning": ("警示", "yellow"), "info": ("提示", "cyan")}


def print_findings(console: Console, plan: Plan, findings: list[Finding]) -> None:
    counts = {key: sum(1 for f in findings if f.severity == key) for key in _SEVERITY_STYLE}
    console.print(
        f"[bold]{plan.title or plan.id}[/bold]：错误 {counts['error']}，警示 {counts['warning']}，提示 {counts['info']}"
    )
    if not findings:
        console.print("  未发现问题。")
        return
    table = Table(show_lines=False)
    table.add_column("级别")
    table.add_column("行", justify="right")
    table.add_column("发现", overflow="fold")
    for item in findings:
        label, style = _SEVERITY_STYLE[item.severity]
        lines = "、".join(str(line) for line in item.lines[:4]) + ("…" if len(item.lines) > 4 else "")
        table.add_row(f"[{style}]{label}[/{style}]", lines, item.message)
    console.print(table)
