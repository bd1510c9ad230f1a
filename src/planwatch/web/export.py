"""导出 Excel: a dashboard page's tables, from the same data the page and its JSON twin show.

Pure: page model in, ``report.content.Table`` out; ``report.xlsx.workbook`` writes
them (bold header, status colours, numbers kept as numbers, formula-safe text).
Staff rework these figures in Excel, so every figure is a number cell with its
unit in a column of its own, and every row keeps the plan line it comes from.
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.formatting import number
from planwatch.report.blocks import Row, Table
from planwatch.report.xlsx import workbook
from planwatch.status import Status
from planwatch.web import models as m


def _table(name: str, headers: Sequence[str], rows: list[Row], status_column: int | None = None) -> Table:
    widths = tuple(max(6, len(h) * 2) for h in headers)
    return Table(name, tuple(headers), tuple(rows), widths, status_column)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number(value, 4)
    return str(value)


def _row(cells: Sequence[object], status: Status | None = None) -> Row:
    """Cells as text, with the numbers behind them kept for the spreadsheet."""
    values = tuple(float(c) if isinstance(c, int | float) and not isinstance(c, bool) else None for c in cells)
    return Row(tuple(_text(c) for c in cells), values, status)


def indicators(data: m.IndicatorsPage) -> list[Table]:
    headers = (
        "序号", "指标", "类别", "范围", "属性", "数值单位", "基期年", "基期值", "目标年", "目标", "最新期", "最新值",
        "完成度", "所需年均", "实际年均", "预测值", "预测单位", "状态", "规划原文行",
    )  # fmt: skip
    rows = []
    for r in data.rows:
        baseline, latest, forecast = r.baseline, r.latest, r.forecast
        cells = (
            r.number, r.indicator, r.category, r.scope or r.org, "约束性" if r.binding else "预期性", r.value_unit,
            baseline.year if baseline else None, baseline.value if baseline else None,
            r.target.year, r.target_text, latest.period if latest else None, latest.value if latest else None,
            r.completion, r.required_cagr if r.growth_meaningful else None,
            r.observed_cagr if r.growth_meaningful else None,
            forecast.value if forecast else None, r.forecast_unit if forecast else None,
            r.status_zh, r.source.line,
        )  # fmt: skip
        rows.append(_row(cells, r.status))
    return [_table("指标完成情况", headers, rows, status_column=headers.index("状态"))]


def parks(data: m.ParksPage) -> list[Table]:
    years = [str(y) for y in data.years]
    headers = ("园区", "企业数", "指标", "单位", *(f"{y}年" for y in years))
    rows = [
        _row((park.name, park.enterprises, figure.name, figure.unit, *(v.value for v in figure.values)))
        for park in data.parks
        for figure in park.figures
    ]
    tables = [_table("园区主要指标", headers, rows)]
    targets = [(park.name, t) for park in data.parks for t in park.targets]
    if targets:
        target_headers = (
            "园区",
            "指标",
            "范围",
            "数值单位",
            "目标年",
            "目标",
            "最新值",
            "完成度",
            "状态",
            "规划原文行",
        )
        target_rows = []
        for name, t in targets:
            cells = (
                name, t.indicator, t.scope, t.value_unit, t.target.year, t.target_text,
                t.latest.value if t.latest else None, t.completion, t.status_zh, t.source.line,
            )  # fmt: skip
            target_rows.append(_row(cells, t.status))
        tables.append(_table("园区目标", target_headers, target_rows, status_column=target_headers.index("状态")))
    return tables


def enterprises(data: m.EnterprisesPage) -> list[Table]:
    period = data.ranking_label or "本年"
    headers = (
        "统一社会信用代码", "企业名称", "所属园区", "产业集群", "行业代码", "标签",
        f"{period}工业总产值（万元）", "同比（%）", f"{data.due_label or '本月'}报送",
    )  # fmt: skip
    rows = [
        _row(
            (
                r.code, r.name, r.park, r.cluster, r.industry, "、".join(r.tags), r.output,
                round(r.growth * 100, 1) if r.growth is not None else None,
                "" if r.filed is None else "已报" if r.filed else "未报",
            )
        )
        for r in data.rows
    ]  # fmt: skip
    return [_table("企业名录", headers, rows)]


def enterprise(data: m.EnterprisePage) -> list[Table]:
    headers = ("统一社会信用代码", "企业名称", "指标", "单位", "报告期", "数值", "修订版次")
    rows = [
        _row((data.code, data.name, s.element, s.unit, p.period, p.value, p.revision))
        for s in data.series
        for p in s.points
    ]
    return [_table("填报数据", headers, rows)]


def projects(data: m.ProjectsPage) -> list[Table]:
    headers = ("分组", "项目名称", "建设内容", "性质", "建设年限", "总投资", "单位", "规划原文行")
    rows = []
    for group in data.groups:
        for p in group.projects:
            money = p.investment
            cells = (
                group.name, p.name, p.content, p.nature, p.years,
                money.value if money else None, money.unit if money else None, p.line,
            )  # fmt: skip
            rows.append(_row(cells))
    return [_table("项目清单", headers, rows)]


def audit(data: m.AuditPage) -> list[Table]:
    headers = ("级别", "问题", "规划原文行", "原文")
    rows = [
        _row(
            (
                f.severity_zh,
                f.message,
                "、".join(str(line.line) for line in f.lines),
                "\n".join(line.text for line in f.lines),
            )
        )
        for f in data.findings
    ]
    return [_table("规划体检", headers, rows)]


def filings(data: m.FilingsPage) -> list[Table]:
    headers = (
        "企业名称",
        "统一社会信用代码",
        "所属园区",
        "联系人",
        "联系电话",
        f"{data.due_label}报送",
        "报送日期",
        "最近报送月份",
        "尚未报送的月份",
    )
    rows = [
        _row(
            (
                r.name, r.code, r.park, r.contact, r.phone, "已报" if r.filed else "未报", r.filed_at, r.last,
                "、".join(r.owed),
            ),
            None if r.filed else Status.MISSED,
        )
        for r in data.rows
    ]  # fmt: skip
    return [_table("催报名单" if data.missing else "报送情况", headers, rows, status_column=5)]


def log(data: m.LogPage) -> list[Table]:
    headers = ("时间", "用户", "操作", "对象", "说明", "批次")
    rows = [_row((e.at, e.user, e.action_zh, e.subject, e.detail, e.batch)) for e in data.entries]
    return [_table("操作日志", headers, rows)]


# --- 台账 (issue 15) ---------------------------------------------------------------------------------------


def ledger(data: m.LedgerPage) -> list[Table]:
    park_headers = (
        "园区", "项目数", "项目总投资（万元）", "规划所列（万元）", "差额（万元）", "应开工", "已开工", "开工率",
        "应投产", "已投产", "投产率", "累计完成投资（万元）", "投资完成率", "滞后项目",
    )  # fmt: skip
    parks = []
    for t in data.by_park:
        cells: tuple[object, ...] = (
            t.name, t.projects, t.total_investment_wan, t.stated_investment_wan, t.difference_wan, t.due_to_start,
            t.started, t.start_rate, t.due_to_produce, t.producing, t.production_rate, t.completed_investment_wan,
            t.completion_rate, t.delayed,
        )  # fmt: skip
        parks.append(_row(cells))
    headers = (
        "编号", "项目名称", "园区", "产业", "产业链", "环节", "来源", "状态", "总投资（万元）", "累计完成投资（万元）",
        "投资完成率", "年度计划投资（万元）", "本年完成（万元）", "计划开工", "计划建成", "最近填报", "滞后情况",
        "问题与需协调事项", "责任单位", "规划原文行",
    )  # fmt: skip
    rows = []
    for r in data.rows:
        cells = (
            r.id, r.name, r.park, r.industry, r.chain, r.link, r.origin, r.status_zh, r.total_investment_wan,
            r.completed_investment_wan, r.completion_rate, r.annual_plan_wan, r.year_completed_wan,
            str(r.planned_start or ""), str(r.planned_finish or ""), r.last_period, "；".join(r.delays), r.problems,
            r.responsible, r.line,
        )  # fmt: skip
        rows.append(_row(cells))
    return [_table("项目台账分园区", park_headers, parks), _table("项目台账", headers, rows)]


def chains(data: m.ChainsPage) -> list[Table]:
    headers = ("产业链", "序号", "环节", "位置", "行业代码", "企业", "规上企业", "链主", "产值（万元）", "项目", "缺口")
    rows = []
    for c in data.chains:
        for k in c.links:
            cells: tuple[object, ...] = (
                c.name, k.position, k.name, k.stage, "、".join(k.industries), "、".join(e.name for e in k.members),
                sum(1 for e in k.members if e.large), "有" if k.leader else "", k.output_wan, "、".join(k.projects),
                k.gap or "",
            )  # fmt: skip
            rows.append(_row(cells))
    gaps = [_row((g.chain, g.link, g.kind, g.reason, g.plan_text, g.line)) for g in data.gaps]
    gap_headers = ("产业链", "环节", "类型", "情况", "规划表述", "规划原文行")
    return [_table("产业链图谱", headers, rows), _table("招商缺口", gap_headers, gaps)]


STAGES = ("签约", "落地", "开工", "投产")


def attraction(data: m.AttractionPage) -> list[Table]:
    headers = (
        "招商编号", "项目名称", "投资方", "所属园区", "产业链", "环节", "签约投资额（万元）", "签约日期", "进展",
        "落地月份", "累计到位资金（万元）",
    )  # fmt: skip
    rows = []
    for s in data.signings:
        cells: tuple[object, ...] = (
            s.code, s.name, s.investor, s.park, s.chain, s.link, s.signed_wan, s.signed_on, s.stage, s.landed,
            s.arrived_wan,
        )  # fmt: skip
        rows.append(_row(cells))
    funnel = [
        _row((f.chain, *(f.counts[s] for s in STAGES), *(f.amounts_wan[s] for s in STAGES), f.arrived_wan))
        for f in data.funnels
    ]
    funnel_headers = ("产业链", *(f"{s}（个）" for s in STAGES), *(f"{s}（万元）" for s in STAGES), "到位资金（万元）")
    target_headers = ("序号", "目标", "最新期", "最新值", "单位", "目标", "完成度", "状态", "规划原文行")
    targets = []
    for t in data.targets:
        cells = (
            t.number, t.label, t.latest.period if t.latest else None, t.latest.value if t.latest else None,
            t.value_unit, t.target_text, t.completion, t.status_zh, t.source.line,
        )  # fmt: skip
        targets.append(_row(cells, t.status))
    return [
        _table("招商台账", headers, rows),
        _table("招商漏斗", funnel_headers, funnel),
        _table("招商目标", target_headers, targets, status_column=target_headers.index("状态")),
    ]


def funds(data: m.FundsPage) -> list[Table]:
    headers = (
        "资金编号", "统一社会信用代码", "企业名称", "园区", "行业代码", "项目编号", "支持方式", "金额（万元）",
        "拨付日期", "政策依据", "主管部门",
    )  # fmt: skip
    rows = []
    for r in data.records:
        cells: tuple[object, ...] = (
            r.code, r.uscc, r.enterprise, r.park, r.industry, r.project_id, r.kind, r.amount_wan, r.granted_on,
            r.policy, r.department,
        )  # fmt: skip
        rows.append(_row(cells))
    breakdowns = (("支持方式", data.by_kind), ("园区", data.by_park), ("年度", data.by_year), ("产业链", data.by_chain))
    sums = [_row((what, name, value)) for what, table in breakdowns for name, value in table.items()]
    return [_table("专项资金", headers, rows), _table("专项资金汇总", ("分类", "名称", "金额（万元）"), sums)]


def file_name(page_name: str, owner: str | None) -> str:
    """规划名-指标.xlsx, or 企业名-企业档案.xlsx: what the file holds, readable in a folder of downloads."""
    return f"{owner or 'planwatch'}-{page_name}.xlsx"


def excel(tables: list[Table], name: str) -> bytes:
    return workbook(tables, name.removesuffix(".xlsx"))
