"""The enterprise assessment as report content: tables (the 公示 workbook, the dashboard's exports) and the
report's 亩均效益评价, 梯度培育 and 能耗与碳排放 sections.

Pure: JSON records of ``assess.schema`` in, ``report.blocks`` out.  ``content.build`` asks ``extra`` for the
sections when the caller passes a ``PlanAssessment``; nothing here knows about the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.assess.schema import (
    CandidateRecord,
    CheckupRecord,
    EnergyReport,
    MujunEnterprise,
    MujunReport,
    TiersReport,
)
from planwatch.assess.targets import PlanAssessment
from planwatch.formatting import number, percent
from planwatch.report.blocks import Block, Items, Paragraph, Row, Section, Subheading, Table
from planwatch.status import GRADES, Grade

CHANGE_ZH = {"up": "上升", "down": "下降", "same": "持平"}
SHOWN_ROWS = 12
"""Candidates per tier shown in the report (the workbook has them all)."""


def _cell(value: float | None, digits: int = 2) -> str:
    return number(value, digits)


def _row(cells: Sequence[object], digits: int = 2) -> Row:
    texts = tuple("" if c is None else (number(c, digits) if isinstance(c, float) else str(c)) for c in cells)
    values = tuple(float(c) if isinstance(c, int | float) and not isinstance(c, bool) else None for c in cells)
    return Row(texts, values)


def _widths(headers: Sequence[str]) -> tuple[int, ...]:
    return tuple(max(6, len(h) * 2) for h in headers)


def _table(name: str, headers: Sequence[str], rows: Sequence[Row]) -> Table:
    return Table(name, tuple(headers), tuple(rows), _widths(headers))


# --- 亩均 ---------------------------------------------------------------------------------------------------


def _rated(report: MujunReport, listed: str) -> list[MujunEnterprise]:
    return [e for e in report.enterprises if e.listed == listed and e.grade != Grade.NOT_RATED.value]


def result_tables(report: MujunReport) -> list[Table]:
    """评价结果（公示）: one sheet per list, each item's value and score, total, rank, class, last year's."""
    tables = []
    for listed in report.lists:
        firms = _rated(report, listed.name)
        names = list(listed.weights)
        headers = ["排名", "企业名称", "统一社会信用代码", "所属园区"]
        for name in names:
            headers += [name, f"{name}得分"]
        headers += ["加减分", "综合得分", "类别", "上年类别", "变化"]
        rows = []
        for e in firms:
            by_name = {i.indicator: i for i in e.items}
            cells: list[object] = [e.rank, e.name, e.uscc, e.park or ""]
            for name in names:
                item = by_name.get(name)
                cells += [item.value if item else None, item.score if item else None]
            cells += [
                e.adjustment or None,
                e.score,
                e.grade,
                e.previous_class or "—",
                CHANGE_ZH.get(e.change or "", "—"),
            ]
            rows.append(_row(cells))
        tables.append(_table(f"评价结果（{listed.name}）", headers, rows))
    return tables


def unrated_table(report: MujunReport) -> Table:
    rows = [
        _row((e.name, e.uscc, e.park or "", e.listed or "—", e.reason or ""))
        for e in report.enterprises
        if e.grade == Grade.NOT_RATED.value
    ]
    return _table("不评价企业", ("企业名称", "统一社会信用代码", "所属园区", "名单", "原因"), rows)


def groups_table(report: MujunReport) -> Table:
    names = list(report.county.figures)
    headers = ["范围", "企业数", "参评", *(f"{g.value}类" for g in GRADES), "不评价", "A类占比", "D类占比"]
    headers += [f"{n}（{report.county.units[n]}）" for n in names]
    rows = []
    for group in [*report.parks, report.county]:
        cells: list[object] = [group.name, group.enterprises, group.rated]
        cells += [group.counts.get(g.value, 0) for g in GRADES]
        cells += [group.counts.get(Grade.NOT_RATED.value, 0)]
        cells += [percent(group.shares.get("A")), percent(group.shares.get("D"))]
        cells += [group.figures.get(n) for n in names]
        rows.append(_row(cells))
    return _table("亩均分类汇总", headers, rows)


def benchmark_table(report: MujunReport) -> Table:
    rows = []
    for listed in report.lists:
        method = "与基准值之比" + (f"（单项不超过权重的{number(listed.cap)}倍）" if listed.cap else "")
        if listed.scoring == "minmax":
            method = "最小—最大值法（20＋80×标准化值）"
        for name, weight in listed.weights.items():
            low, high = listed.ranges.get(name, [None, None])
            rows.append(
                _row(
                    (listed.name, name, weight, listed.benchmarks.get(name), low, high, method, listed.note or ""),
                    4,
                )
            )
    return _table("亩均评价基准", ("名单", "指标", "权重", "基准值", "最低值", "最高值", "计分方法", "说明"), rows)


def checkup_table(checkups: Sequence[CheckupRecord]) -> Table:
    rows = []
    for c in checkups:
        e = c.enterprise
        if c.next_class is None:
            continue
        for need in c.needs:
            rows.append(
                _row(
                    (
                        e.name,
                        e.uscc,
                        e.grade,
                        c.next_class,
                        c.points_needed,
                        need.indicator,
                        need.unit,
                        need.value,
                        need.needed,
                        need.numerator,
                        need.numerator_increase,
                        need.numerator_unit,
                    )
                )
            )
    headers = (
        "企业名称",
        "统一社会信用代码",
        "类别",
        "目标类别",
        "尚差分数",
        "指标",
        "单位",
        "现值",
        "单项需达到",
        "相当于",
        "需增加",
        "单位",
    )
    return _table("亩均体检", headers, rows)


def mujun_tables(report: MujunReport, checkups: Sequence[CheckupRecord] = ()) -> list[Table]:
    """The 公示 workbook: results per list, 不评价, 分类汇总, 评价基准 (and 亩均体检 when given)."""
    tables = [*result_tables(report), unrated_table(report), groups_table(report), benchmark_table(report)]
    if checkups:
        tables.append(checkup_table(checkups))
    return tables


# --- 梯度培育 -----------------------------------------------------------------------------------------------


def funnel_table(report: TiersReport) -> Table:
    rows = [_row((f.tier, f.holds, f.meets, f.close, f.far, f.mark_zh)) for f in report.funnel]
    return _table("梯度培育漏斗", ("层级", "已认定", "已达到条件（未认定）", "接近", "差距较大", "规则来源"), rows)


def pool_table(report: TiersReport, limit: int | None = None) -> Table:
    by_code = {e.uscc: e for e in report.enterprises}
    rows = []
    for tier, codes in report.pools.items():
        if tier == "规上":
            continue
        for rank, code in enumerate(codes[:limit] if limit else codes, start=1):
            e = by_code[code]
            result = e.tiers[tier]
            rows.append(
                _row(
                    (
                        tier,
                        rank,
                        e.name,
                        e.park or "",
                        result.status_zh,
                        result.score,
                        "；".join(result.missing) or "已满足条件",
                    )
                )
            )
    return _table("培育库", ("层级", "序号", "企业名称", "所属园区", "状态", "评分", "差距"), rows)


def _candidate_rows(candidates: Sequence[CandidateRecord]) -> list[Row]:
    return [
        _row(
            (
                c.name,
                c.park or "",
                c.trailing_revenue,
                c.through or "",
                percent(c.growth),
                c.crossing or "—",
                c.missing,
                c.risk or c.status_zh,
            )
        )
        for c in candidates
    ]


CANDIDATE_HEADERS = (
    "企业名称",
    "所属园区",
    "近12个月营业收入（万元）",
    "截至",
    "年增长",
    "预计达到2000万元",
    "尚差（万元）",
    "状态",
)


def cultivation_tables(report: TiersReport) -> list[Table]:
    if report.cultivation is None:
        return []
    return [
        _table("小升规培育库", CANDIDATE_HEADERS, _candidate_rows(report.cultivation.candidates)),
        _table("退规风险", CANDIDATE_HEADERS, _candidate_rows(report.cultivation.at_risk)),
    ]


def tier_tables(report: TiersReport) -> list[Table]:
    return [funnel_table(report), pool_table(report), *cultivation_tables(report)]


# --- energy -----------------------------------------------------------------------------------------------


def energy_tables(report: EnergyReport) -> list[Table]:
    orgs = [
        _row(
            (
                o.org,
                {"region": "合计", "park": "园区", "enterprise": "企业"}.get(o.kind, o.kind),
                o.park or "",
                o.enterprises,
                o.tce_calorific,
                o.tce_equivalent,
                o.co2_t,
                o.value_added_wan,
                o.intensity,
            ),
            4,
        )
        for o in report.orgs
    ]
    headers = (
        "范围",
        "类型",
        "所属园区",
        "企业数",
        "综合能耗（当量值，吨标准煤）",
        "综合能耗（等价值，吨标准煤）",
        "二氧化碳（吨）",
        "工业增加值（万元）",
        f"单位增加值能耗（{report.basis}，吨标准煤/万元）",
    )
    tables = [_table("能耗与碳排放", headers, orgs)]
    if report.orgs:
        county = report.orgs[0]
        fuels = [
            _row((name, f.quantity, f.unit, f.tce_calorific, f.tce_equivalent, f.co2_t), 4)
            for name, f in county.by_fuel.items()
        ]
        tables.append(
            _table(
                "分品种能源",
                ("品种", "实物量", "单位", "折标准煤（当量值）", "折标准煤（等价值）", "二氧化碳（吨）"),
                fuels,
            )
        )
    target = report.target
    if target is not None:
        rows = [_row((year, value), 4) for year, value in target.series.items()]
        tables.append(_table("规上单位增加值能耗", ("年份", "吨标准煤/万元"), rows))
        tables.append(
            _table(
                "能耗强度上升贡献",
                ("企业名称", "所属园区", "拉高强度（吨标准煤/万元）", "能耗增加（吨标准煤）"),
                [_row((c.name, c.park or "", c.intensity_points, c.energy_change_tce), 4) for c in target.contributors],
            )
        )
    return tables


# --- the report's sections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extra:
    """What the assessment adds to the 规划实施评估报告."""

    sections: tuple[Section, ...] = ()
    advice: tuple[Block, ...] = ()
    """Blocks appended to 下一步建议."""
    tables: tuple[Table, ...] = ()


def _mujun_section(report: MujunReport) -> Section:
    county = report.county
    counts = county.counts
    rated = county.rated
    words = (
        f"按{report.scheme}方案（{report.scheme_title}）对{report.year}年有生产经营数据的企业开展亩均效益综合评价："
        f"参评{rated}家，A类{counts['A']}家、B类{counts['B']}家、C类{counts['C']}家、D类{counts['D']}家；"
        f"不评价{counts[Grade.NOT_RATED.value]}家（公用事业、未投产、在建重大项目等，原因见附表）。"
    )
    tax = county.figures.get("亩均税收")
    if tax is not None:
        words += f"参评企业亩均税收{number(tax)}万元/亩。"
    changed = [e for e in report.enterprises if e.change in {"up", "down"}]
    if changed:
        up = sum(1 for e in changed if e.change == "up")
        words += f"与上年相比，类别上升{up}家、下降{len(changed) - up}家。"
    blocks: list[Block] = [Paragraph(words)]
    groups = groups_table(report)
    blocks.append(groups)
    d_firms = [e for e in report.enterprises if e.grade == Grade.D.value]
    if d_firms:
        blocks.append(Subheading("D类企业"))
        blocks.append(
            Items(
                tuple(
                    f"{e.name}（{e.park or '—'}，{e.listed}，得分{number(e.score)}）"
                    + (f"：{e.reason}" if e.reason else "")
                    for e in d_firms
                )
            )
        )
    summary = [
        _row((e.listed or "", e.rank, e.name, e.park or "", e.score, e.grade, e.previous_class or "—"))
        for listed in report.lists
        for e in _rated(report, listed.name)
    ]
    ranking = _table("亩均评价结果", ("名单", "排名", "企业名称", "所属园区", "综合得分", "类别", "上年类别"), summary)
    blocks += [Subheading("评价结果"), ranking]
    return Section("亩均效益评价", tuple(blocks))


def _tiers_section(report: TiersReport, notes: Sequence[str]) -> Section:
    funnel = funnel_table(report)
    parts = [
        f"{f.tier}已认定{f.holds}家、另有{f.meets}家已达到条件、{f.close}家接近"
        for f in report.funnel
        if f.tier != "规上"
    ]
    words = (
        f"按{report.rules_title}，对{report.year}年有经营数据的{len(report.enterprises)}家企业逐项对照认定条件："
        + "；".join(parts)
        + "。“接近”指只差一两项条件且差距不超过门槛的一半。"
    )
    if report.unverified:
        words += report.unverified
    blocks: list[Block] = [Paragraph(words), funnel]
    if notes:
        blocks += [Subheading("对照规划目标"), Items(tuple(notes))]
    pools = pool_table(report, SHOWN_ROWS)
    if pools.rows:
        blocks += [Subheading("培育库（最接近的企业）"), pools]
    cultivation = cultivation_tables(report)
    if cultivation and report.cultivation is not None:
        soon = report.cultivation.candidates
        blocks.append(Subheading("小升规"))
        blocks.append(
            Paragraph(
                f"规模以上工业企业标准为年主营业务收入{number(report.cultivation.threshold)}万元。按近12个月营业收入及其趋势，"
                f"培育库中有{len(soon)}家企业已达到或接近标准，{len(report.cultivation.at_risk)}家规上企业有退规风险。"
            )
        )
        blocks += [t for t in cultivation if t.rows]
    return Section("梯度培育", tuple(blocks))


def _energy_section(report: EnergyReport, notes: Sequence[str]) -> Section:
    tables = energy_tables(report)
    county = report.orgs[0] if report.orgs else None
    blocks: list[Block] = []
    if county is not None:
        blocks.append(
            Paragraph(
                f"{report.year}年，按企业分品种能源消费（GB/T 2589折标准煤系数，电力等价值按当年火电供电煤耗）计算，"
                f"综合能耗{number(county.tce_calorific)}吨标准煤（当量值）、{number(county.tce_equivalent)}吨标准煤（等价值），"
                f"二氧化碳排放{number(county.co2_t)}吨（外购电力按{report.factors.grid_co2_year}年全国电网排放因子"
                f"{number(report.factors.grid_co2, 4)}吨/兆瓦时）；单位工业增加值能耗{number(county.intensity, 4)}吨标准煤/万元（{report.basis}）。"
            )
        )
    if notes:
        blocks.append(Items(tuple(notes)))
    blocks += [t for t in tables if t.name in {"分品种能源", "能耗强度上升贡献"} and t.rows]
    return Section("能耗与碳排放", tuple(blocks))


def extra(assessment: PlanAssessment | None) -> Extra:
    """The sections the assessment adds (none without one), its advice and its tables for the workbook."""
    if assessment is None:
        return Extra()
    links = assessment.links
    sections = [_mujun_section(assessment.mujun), _tiers_section(assessment.tiers, links.kind("tiers"))]
    tables = [*mujun_tables(assessment.mujun), *tier_tables(assessment.tiers)]
    if assessment.energy.orgs:
        sections.append(_energy_section(assessment.energy, links.kind("energy")))
        tables += energy_tables(assessment.energy)
    advice: tuple[Block, ...] = ()
    if links.advice:
        advice = (Subheading("企业培育、亩均提升与节能"), Items(tuple(links.advice)))
    return Extra(tuple(sections), advice, tuple(t for t in tables if t.rows))
