"""Rich rendering of the enterprise assessment (亩均, 梯度培育, energy) for ``planwatch assess`` and ``energy``.

Kept beside ``terminal.py`` rather than in it: the assessment's tables are many and wide.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from planwatch.assess.schema import EnergyReport, MujunReport, TiersReport
from planwatch.formatting import number, percent
from planwatch.status import GRADES, Grade, TierStatus

CHANGE = {"up": "↑", "down": "↓", "same": "＝"}


def _grade(grade: str) -> str:
    colour = {g.value: f"#{g.colour}" for g in Grade}.get(grade, "white")
    return f"[bold {colour}]{grade}[/]"


def print_mujun(console: Console, report: MujunReport) -> None:
    county = report.county
    counts = "，".join(f"{g.value}类 {county.counts.get(g.value, 0)}" for g in GRADES)
    console.print(
        f"[bold]{report.year}年亩均效益综合评价[/bold]（{report.scheme}方案：{report.scheme_title}）　参评 {county.rated} 家："
        f"{counts}；不评价 {county.counts.get(Grade.NOT_RATED.value, 0)} 家"
    )
    for listed in report.lists:
        benchmarks = "、".join(
            f"{name} {number(value, 4)}" for name, value in listed.benchmarks.items() if value is not None
        )
        if benchmarks:
            console.print(
                f"  {listed.name}基准：{benchmarks}" + (f"（{listed.note}）" if listed.note else ""), highlight=False
            )
    table = Table(title="评价结果", title_justify="left")
    for column in ("名单", "排名", "企业", "园区", "得分", "类别", "上年"):
        table.add_column(column, overflow="fold")
    for e in report.enterprises:
        if e.rank is None:
            continue
        previous = (e.previous_class or "—") + CHANGE.get(e.change or "", "")
        table.add_row(e.listed or "", str(e.rank), e.name, e.park or "", number(e.score), _grade(e.grade), previous)
    console.print(table)
    unrated = [e for e in report.enterprises if e.grade == Grade.NOT_RATED.value]
    if unrated:
        console.print(
            f"不评价 {len(unrated)} 家：" + "；".join(f"{e.name}（{e.reason}）" for e in unrated[:12]), highlight=False
        )
    parks = Table(title="分类汇总", title_justify="left")
    for column in ("范围", "参评", *(f"{g.value}类" for g in GRADES), "亩均税收"):
        parks.add_column(column)
    for group in [*report.parks, county]:
        parks.add_row(
            group.name,
            str(group.rated),
            *(str(group.counts.get(g.value, 0)) for g in GRADES),
            number(group.figures.get("亩均税收")),
        )
    console.print(parks)


def print_tiers(console: Console, report: TiersReport) -> None:
    console.print(f"[bold]{report.year}年梯度培育[/bold]（{report.rules_title}）　{len(report.enterprises)} 家企业")
    if report.unverified:
        console.print(f"  [yellow]注意[/yellow]：{report.unverified}")
    funnel = Table(title="各层级", title_justify="left")
    for column in ("层级", "已认定", "已达到条件", "接近", "差距较大", "规则"):
        funnel.add_column(column)
    for f in report.funnel:
        funnel.add_row(f.tier, str(f.holds), str(f.meets), str(f.close), str(f.far), f.mark_zh)
    console.print(funnel)
    by_code = {e.uscc: e for e in report.enterprises}
    for tier, codes in report.pools.items():
        if tier == "规上" or not codes:
            continue
        pool = Table(title=f"{tier}培育库（最接近的在前）", title_justify="left")
        for column in ("企业", "园区", "状态", "评分", "差距"):
            pool.add_column(column, overflow="fold")
        for code in codes[:15]:
            e = by_code[code]
            result = e.tiers[tier]
            style = "green" if result.status == TierStatus.MEETS else "yellow"
            pool.add_row(
                e.name,
                e.park or "",
                f"[{style}]{result.status_zh}[/]",
                number(result.score),
                "；".join(result.missing) or "—",
            )
        console.print(pool)
    if report.cultivation is not None:
        candidates = report.cultivation.candidates
        table = Table(
            title=f"小升规培育库（标准：年主营业务收入 {number(report.cultivation.threshold)} 万元）",
            title_justify="left",
        )
        for column in ("企业", "园区", "近12个月营业收入", "年增长", "预计达标", "尚差"):
            table.add_column(column, overflow="fold")
        for c in candidates[:20]:
            table.add_row(
                c.name,
                c.park or "",
                number(c.trailing_revenue),
                percent(c.growth),
                c.crossing or "—",
                number(c.missing),
            )
        console.print(table)
        for c in report.cultivation.at_risk:
            console.print(
                f"  [red]退规风险[/red]：{c.name}（近12个月营业收入 {number(c.trailing_revenue)} 万元，{c.risk}）"
            )


def print_energy(console: Console, report: EnergyReport) -> None:
    factors = report.factors
    console.print(
        f"[bold]{report.year}年能耗与碳排放[/bold]　电力折标：当量值 {number(factors.electricity_calorific, 4)}、"
        f"等价值 {number(factors.electricity_equivalent, 4)} 吨标准煤/万千瓦时（{factors.electricity_equivalent_source}）；"
        f"电网排放因子 {number(factors.grid_co2, 4)} 吨二氧化碳/兆瓦时（{factors.grid_co2_year}年）"
    )
    table = Table(title_justify="left")
    for column in (
        "范围",
        "企业数",
        "当量值（tce）",
        "等价值（tce）",
        "CO₂（吨）",
        "增加值（万元）",
        f"能耗强度（{report.basis}）",
    ):
        table.add_column(column, overflow="fold")
    for org in report.orgs:
        name = org.org if org.kind != "enterprise" else f"  {org.org}"
        table.add_row(
            name,
            str(org.enterprises),
            number(org.tce_calorific),
            number(org.tce_equivalent),
            number(org.co2_t),
            number(org.value_added_wan),
            number(org.intensity, 4),
        )
    console.print(table)
