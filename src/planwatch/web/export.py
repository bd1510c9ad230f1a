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


def file_name(page_name: str, owner: str | None) -> str:
    """规划名-指标.xlsx, or 企业名-企业档案.xlsx: what the file holds, readable in a folder of downloads."""
    return f"{owner or 'planwatch'}-{page_name}.xlsx"


def excel(tables: list[Table], name: str) -> bytes:
    return workbook(tables, name.removesuffix(".xlsx"))
