"""The report's 重点项目 section written from the project ledger, and the ledger's tables.

Used by ``report.content`` when the ledger has records (the plan's list as stated otherwise), by
``planwatch projects -o`` and by the dashboard's export.  Pure: a ``Ledger`` in, blocks out.
"""

from __future__ import annotations

from planwatch.formatting import number, percent
from planwatch.projects.ledger import PLAN_ORIGIN, Ledger, Row, Totals
from planwatch.report.blocks import Block, Paragraph, Section, Subheading, Table
from planwatch.report.blocks import Row as TableRow

PERCENT = ("开工率", "投产率", "投资完成率", "年度投资完成率")


def _yi(wan: float | None) -> float | None:
    return None if wan is None else wan / 10_000


def _cells(values: tuple[object, ...]) -> TableRow:
    texts = []
    numbers: list[float | None] = []
    for value in values:
        if isinstance(value, float | int) and not isinstance(value, bool):
            numbers.append(float(value))
            texts.append(number(float(value)))
        else:
            numbers.append(None)
            texts.append("—" if value is None else str(value))
    return TableRow(tuple(texts), tuple(numbers))


def _rate_cells(values: tuple[object, ...], rates: set[int]) -> TableRow:
    row = _cells(values)
    texts = list(row.cells)
    for index in rates:
        value = values[index]
        texts[index] = percent(value) if isinstance(value, float) else "—"
    return TableRow(tuple(texts), row.values)


def _park_row(name: str, t: Totals) -> TableRow:
    values: tuple[object, ...] = (
        name, t.projects, _yi(t.total_wan), _yi(t.stated_wan), _yi(t.difference_wan), t.due_to_start, t.started,
        t.start_rate, t.due_to_produce, t.producing, t.production_rate, _yi(t.completed_wan), t.completion_rate,
        t.delayed,
    )  # fmt: skip
    return _rate_cells(values, {7, 10, 12})


def park_table(ledger: Ledger) -> Table:
    rows = [_park_row(name, t) for name, t in ledger.by_park.items()]
    rows.append(_park_row("合计", ledger.overall))
    headers = (
        "园区", "项目数", "项目总投资（亿元）", "规划所列（亿元）", "差额（亿元）", "应开工", "已开工", "开工率",
        "应投产", "已投产", "投产率", "累计完成投资（亿元）", "投资完成率", "滞后项目",
    )  # fmt: skip
    return Table("项目台账分园区", headers, tuple(rows), (18, 6, 10, 10, 8, 6, 6, 7, 6, 6, 7, 10, 8, 6))


def _project_row(r: Row) -> TableRow:
    values: tuple[object, ...] = (
        r.id, r.name, r.park, r.chain, r.stage.zh, r.total_wan, r.completed_wan, r.completion_rate, r.planned_start,
        r.planned_finish, r.last_period, "；".join(r.delays) or None, r.problems, r.origin, r.line,
    )  # fmt: skip
    row = _rate_cells(values, {7})
    texts = list(row.cells)
    for index in (8, 9, 14):  # years and lines are no amounts
        texts[index] = "—" if values[index] is None else str(values[index])
    return TableRow(tuple(texts), row.values)


def project_table(ledger: Ledger) -> Table:
    headers = (
        "编号", "项目名称", "园区", "产业链", "状态", "总投资（万元）", "累计完成投资（万元）", "投资完成率",
        "计划开工", "计划建成", "最近填报", "滞后情况", "问题与需协调事项", "来源", "规划原文行",
    )  # fmt: skip
    rows = tuple(_project_row(r) for r in ledger.rows)
    return Table("项目台账", headers, rows, (8, 20, 12, 12, 5, 9, 10, 8, 6, 6, 8, 24, 24, 5, 6))


def delayed_table(ledger: Ledger) -> Table:
    headers = ("编号", "项目名称", "园区", "状态", "滞后情况", "问题与需协调事项", "责任单位")
    rows = tuple(
        _cells((r.id, r.name, r.park, r.stage.zh, "；".join(r.delays), r.problems, r.responsible))
        for r in ledger.rows
        if r.delayed
    )
    return Table("滞后项目", headers, rows, (8, 20, 12, 5, 30, 30, 14))


def ledger_tables(ledger: Ledger) -> list[Table]:
    """The ledger as tables: by park, every project, the delayed ones."""
    return [park_table(ledger), project_table(ledger), delayed_table(ledger)]


def _yi_text(wan: float | None) -> str:
    return "—" if wan is None else f"{number(wan / 10_000)}亿元"


def summary(ledger: Ledger) -> str:
    """The ledger in a paragraph: 开工率, 投产率, 投资完成率, this year's investment, delays."""
    t = ledger.overall
    words = (
        f"截至{ledger.day.year}年{ledger.day.month}月，规划所列{t.projects}个重点项目中，"
        f"应开工{t.due_to_start}个、已开工{t.started}个，开工率{percent(t.start_rate)}；"
        f"应建成投产{t.due_to_produce}个、已投产{t.producing}个，投产率{percent(t.production_rate)}；"
        f"累计完成投资{_yi_text(t.completed_wan)}，占项目总投资{_yi_text(t.total_wan)}的"
        f"{percent(t.completion_rate)}（投资完成率）。"
    )
    if t.annual_plan_wan:
        words += (
            f"{ledger.day.year}年计划投资{_yi_text(t.annual_plan_wan)}，已完成{_yi_text(t.year_completed_wan)}"
            f"（{percent(t.annual_rate)}）。"
        )
    if t.stated_wan is not None and abs(t.difference_wan or 0) > 0.5:
        words += (
            f"项目总投资按末级项目逐个加总，规划所列合计为{_yi_text(t.stated_wan)}，两者相差"
            f"{_yi_text(abs(t.difference_wan or 0))}（见规划体检）。"
        )
    if t.terminated:
        words += f"已终止项目{t.terminated}个。"
    if ledger.added.projects:
        words += (
            f"另有招商引资落地项目{ledger.added.projects}个，签约投资{_yi_text(ledger.added.total_wan)}，"
            f"已开工{ledger.added.started_all}个。"
        )
    return words


def delay_text(ledger: Ledger) -> str:
    delayed = [r for r in ledger.rows if r.delayed]
    if not delayed:
        return "目前没有滞后项目。"
    kinds = {"未按期开工": 0, "投资进度滞后": 0, "未按期竣工": 0}
    for r in delayed:
        for kind in kinds:
            if any(d.startswith(kind) for d in r.delays):
                kinds[kind] += 1
    parts = "，".join(f"{kind}{count}个" for kind, count in kinds.items() if count)
    added = sum(1 for r in delayed if r.origin != PLAN_ORIGIN)
    among = f"，其中招商落地项目{added}个" if added else ""
    return f"{len(delayed)}个项目滞后（{parts}{among}），需协调解决的问题见下表。"


def ledger_section(ledger: Ledger, groups: Table | None) -> Section:
    """The report's 重点项目 section from the ledger (the plan's groups and their subtotals kept beside it)."""
    blocks: list[Block] = [Paragraph(summary(ledger)), park_table(ledger)]
    blocks.append(Paragraph(delay_text(ledger)))
    delayed = delayed_table(ledger)
    if delayed.rows:
        blocks += [Subheading("滞后项目"), delayed]
    if groups is not None and groups.rows:
        blocks += [Subheading("规划所列项目分组"), groups]
    return Section("重点项目", tuple(blocks))
