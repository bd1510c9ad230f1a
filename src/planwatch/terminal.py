"""Rich rendering for the terminal: the presentation edge of the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from planwatch import formatting as fmt
from planwatch.status import Severity, Status

if TYPE_CHECKING:  # types only: `extract` prints through this module and must not load the store or openpyxl
    from planwatch.evaluate.evaluation import Evaluation
    from planwatch.importing.load import ImportResult
    from planwatch.metrics.compute import PlanIndicatorValues
    from planwatch.metrics.definitions import Mapping
    from planwatch.plan.finding import Finding
    from planwatch.plan.model import Plan
    from planwatch.plan.summary import PlanSummary
    from planwatch.projects.ledger import Ledger

_number = fmt.number


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
                fmt.target(indicator, with_year=False),
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


_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def print_findings(console: Console, plan: Plan, findings: list[Finding]) -> None:
    counts = "，".join(f"{v.zh} {sum(1 for f in findings if f.severity == v)}" for v in Severity)
    console.print(f"[bold]{plan.title or plan.id}[/bold]：{counts}")
    if not findings:
        console.print("  未发现问题。")
        return
    table = Table(show_lines=False)
    table.add_column("级别")
    table.add_column("行", justify="right")
    table.add_column("发现", overflow="fold")
    for item in findings:
        severity = item.severity
        label, style = severity.zh, _SEVERITY_STYLE[severity]
        lines = "、".join(str(line) for line in item.lines[:4]) + ("…" if len(item.lines) > 4 else "")
        table.add_row(f"[{style}]{label}[/{style}]", lines, item.message)
    console.print(table)


_FORMATS = {"long": "长表", "wide": "企业月报（宽表）", "registry": "企业名录", "published": "公布数据"}
_KINDS = {"region": "地区", "park": "园区", "enterprise": "企业"}
MAX_PROBLEMS_SHOWN = 50


def print_import(console: Console, result: ImportResult) -> None:
    kind = _FORMATS.get(result.format or "", result.format or "未识别")  # 台账 formats are named in Chinese
    errors = result.errors
    if errors:
        state = "[red]未写入任何数据[/red]（发现错误，请改正后重新导入）"
    elif result.dry_run:
        state = "[yellow]试运行，未写入[/yellow]"
    else:
        state = "[green]已写入[/green]"
    created = "、".join(f"{_KINDS.get(k, k)}{n}个" for k, n in result.created.items()) or "无"
    console.print(f"[bold]{result.file}[/bold]（{kind}）：{state}")
    verb = "将写入" if result.dry_run or errors else "写入"
    console.print(
        f"  {verb}数据 {result.written} 条（其中更正 {result.revisions} 条），与库中相同而跳过 {result.unchanged} 条；"
        f"新建机构：{created}；新增标签 {result.tags} 个"
    )
    if not result.problems:
        return
    table = Table(title=f"问题 {len(result.problems)} 个（错误 {len(errors)} 个）", title_justify="left")
    for column in ("级别", "位置", "内容", "问题", "修改方法"):
        table.add_column(column, overflow="fold")
    for problem in sorted(result.problems, key=lambda p: (p.severity != "error", p.sheet, p.row or 0))[
        :MAX_PROBLEMS_SHOWN
    ]:
        where = " ".join(
            part
            for part in (
                problem.sheet,
                f"第{problem.row}行" if problem.row else "",
                f"{problem.column}列" if problem.column else "",
                f"（{problem.header}）" if problem.header else "",
            )
            if part
        )
        severity = problem.severity
        level = f"[{_SEVERITY_STYLE[severity]}]{severity.zh}[/]"
        table.add_row(level, where, problem.value or "", problem.reason, problem.fix)
    console.print(table)
    if len(result.problems) > MAX_PROBLEMS_SHOWN:
        console.print(f"  ……另有 {len(result.problems) - MAX_PROBLEMS_SHOWN} 个问题，见问题清单。")
    if result.problem_list:
        console.print(f"  问题清单（错误单元格已标红）：{result.problem_list}")


def mapping_summary(mappings: list[Mapping]) -> list[dict[str, object]]:
    return [
        {
            "indicator": m.indicator.name,
            "scope": m.indicator.scope,
            "line": m.indicator.source.line,
            "origin": m.indicator.origin,
            "definition": m.definition.id if m.definition else None,
            "formula": m.definition.formula.text if m.definition else None,
            "unit": m.definition.unit if m.definition else None,
        }
        for m in mappings
    ]


def print_mappings(console: Console, plan: Plan, mappings: list[Mapping]) -> None:
    mapped = sum(1 for m in mappings if m.definition)
    console.print(f"[bold]{plan.title or plan.id}[/bold]：量化指标 {len(mappings)} 个，已有计算口径 {mapped} 个")
    table = Table()
    for column in ("行", "指标", "范围", "计算口径", "公式"):
        table.add_column(column, overflow="fold")
    for m in mappings:
        table.add_row(
            str(m.indicator.source.line),
            m.indicator.name,
            m.indicator.scope or "",
            m.definition.name if m.definition else "[yellow]未映射[/yellow]",
            m.definition.formula.text if m.definition else "",
        )
    console.print(table)


def compute_summary(results: list[PlanIndicatorValues], names: dict[int, str]) -> list[dict[str, object]]:
    return [
        {
            "indicator": r.indicator.name,
            "line": r.indicator.source.line,
            "definition": r.definition.id if r.definition else None,
            "unit": r.definition.unit if r.definition else None,
            "values": [
                {
                    "org": names.get(v.org_id, str(v.org_id)),
                    "org_id": v.org_id,
                    "year": v.year,
                    "value": v.value,
                    "rollup": v.rollup,
                    "reported": v.reported,
                    "last_month": v.last_month,
                }
                for v in r.values
            ],
        }
        for r in results
    ]


def print_compute(console: Console, plan: Plan, results: list[PlanIndicatorValues], names: dict[int, str]) -> None:
    console.print(f"[bold]{plan.title or plan.id}[/bold]")
    table = Table()
    for column in ("指标", "机构", "年份", "数值", "单位", "企业汇总", "上报数"):
        table.add_column(column, overflow="fold")
    for result in results:
        if result.definition is None:
            table.add_row(result.indicator.name, "[yellow]未映射[/yellow]", "", "", "", "", "")
            continue
        if not result.values:
            table.add_row(result.indicator.name, "[yellow]无数据[/yellow]", "", "", result.definition.unit, "", "")
        for value in result.values:
            months = f"（1—{value.last_month}月）" if value.last_month and value.last_month < 12 else ""
            table.add_row(
                result.indicator.name,
                names.get(value.org_id, str(value.org_id)),
                f"{value.year}{months}",
                _number(value.value),
                result.definition.unit,
                _number(value.rollup),
                _number(value.reported),
            )
    console.print(table)


def _styled(status: Status) -> str:
    """A status in its own colour (the terminal shows the same colours as the dashboard)."""
    return f"[#{status.colour}]{status.zh}[/]"


def print_evaluation(console: Console, evaluation: Evaluation, brief: bool = False) -> None:
    plan = evaluation.plan
    counts = "，".join(f"{status} {n}" for status, n in evaluation.overall.counts.items())
    subject = evaluation.subject.name if evaluation.subject else "（库中未找到评估对象）"
    through = evaluation.through
    when = (
        f"评估时点 {evaluation.known}"
        if through.end == evaluation.known
        else f"评估截止 {through.label_zh}（{evaluation.known} 前入库的数据）"
    )
    console.print(
        f"[bold]{plan.title or plan.id}[/bold]　{when}　对象 {subject}\n  共 {evaluation.overall.targets} 项目标：{counts}"
    )
    if brief:
        return
    table = Table()
    for column in ("指标", "基期", "最新", "目标", "完成度", "状态", "预测（目标年）"):
        table.add_column(column, overflow="fold")
    for t in evaluation.targets:
        base = f"{t.baseline.period} {_number(t.baseline.value)}" if t.baseline else "—"
        latest = f"{t.latest.period} {_number(t.latest.value)}" if t.latest else "—"
        completion = f"{t.progress.completion * 100:.0f}%" if t.progress and t.progress.completion is not None else "—"
        forecast = _number(t.forecast.value) if t.forecast else "—"
        red = "[red]●[/red] " if t.red else ""
        table.add_row(
            f"{red}{t.label}",
            base,
            latest,
            fmt.target(t.indicator, with_year=False),
            completion,
            _styled(t.status),
            forecast,
        )
    console.print(table)


# --- 产业链与台账 (issue 15) -------------------------------------------------------------------------------


def print_ledger(console: Console, plan: Plan, ledger: Ledger) -> None:
    """The project ledger: its summary in words, the parks, and the delayed projects."""
    from planwatch.report.ledger import delay_text, summary

    console.print(f"[bold]{plan.title or plan.id}[/bold]　重点项目台账　截至 {ledger.day}")
    console.print(f"  {summary(ledger)}", soft_wrap=True)
    table = Table(title="分园区", title_justify="left")
    for column in ("园区", "项目", "总投资（亿元）", "规划所列", "开工率", "投产率", "投资完成率", "滞后"):
        table.add_column(column, overflow="fold")
    for name, t in [*ledger.by_park.items(), ("合计", ledger.overall)]:
        table.add_row(
            name,
            str(t.projects),
            _number(t.total_wan / 10_000),
            _number(t.stated_wan / 10_000) if t.stated_wan is not None else "—",
            f"{fmt.percent(t.start_rate)}（{t.started}/{t.due_to_start}）",
            f"{fmt.percent(t.production_rate)}（{t.producing}/{t.due_to_produce}）",
            fmt.percent(t.completion_rate),
            str(t.delayed),
        )
    console.print(table)
    console.print(f"  {delay_text(ledger)}")
    delayed = Table(title="滞后项目", title_justify="left")
    for column in ("编号", "项目", "园区", "状态", "滞后情况", "问题与需协调事项"):
        delayed.add_column(column, overflow="fold")
    for r in ledger.rows:
        if r.delayed:
            delayed.add_row(r.id, r.name, r.park or "—", r.stage.zh, "；".join(r.delays), r.problems or "")
    if delayed.rows:
        console.print(delayed)


def print_chains(console: Console, plan: Plan, data: dict[str, Any]) -> None:
    """The chain map (links with their enterprises and projects) and the gap list, from ``chains_json``."""
    console.print(
        f"[bold]{plan.title or plan.id}[/bold]　产业链 {len(data['chains'])} 条（企业产值为 {data['output_year']} 年）"
    )
    for chain in data["chains"]:
        table = Table(title=f"{chain['name']}（第{chain['line']}行）", title_justify="left")
        for column in ("环节", "位置", "企业", "其中规上", "链主", "产值（万元）", "项目"):
            table.add_column(column, overflow="fold")
        for link in chain["links"]:
            table.add_row(
                link["name"],
                link["stage"],
                str(len(link["enterprises"])),
                str(sum(1 for m in link["members"] if m["large"])),
                "有" if link["leader"] else "—",
                _number(link["output_wan"]),
                "、".join(link["projects"]) or "—",
            )
        console.print(table)
    gaps = Table(title=f"缺链环节 {len(data['gaps'])} 个", title_justify="left")
    for column in ("产业链", "环节", "类型", "情况", "规划表述"):
        gaps.add_column(column, overflow="fold")
    for gap in data["gaps"]:
        gaps.add_row(gap["chain"], gap["link"], gap["kind"], gap["reason"], gap["plan_text"])
    console.print(gaps)
