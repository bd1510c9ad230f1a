"""What the 规划实施评估报告 says, computed once from an evaluation and the plan's audit findings.

Every format (Word, Excel, HTML, Markdown) renders this same content, so a
figure or a sentence reads the same in each.  Pure computation: no I/O, no
store; the caller passes the findings it loaded (``store.plans.load_review``).
What a target means comes resolved from the evaluation; numbers are written by ``formatting``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from planwatch import formatting as fmt
from planwatch.assess.targets import PlanAssessment
from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.formatting import number, percent, quantity
from planwatch.plan.finding import Finding
from planwatch.plan.model import Money, Plan, Project
from planwatch.report import park
from planwatch.report.assessment import extra as assessment_extra
from planwatch.report.blocks import Block, Figure, Items, Paragraph, Report, Row, Section, Subheading, Table
from planwatch.report.duties import duties
from planwatch.report.ledger import delayed_table, ledger_section, park_table, project_table
from planwatch.report.park import ParkView, park_findings, park_plan
from planwatch.report.sentences import advice_for, forecast_text, lag_text, lines_text, miss_sentence
from planwatch.status import STATUSES, Severity, Status

SECTION_TITLES = ("总体进展", "指标完成情况", "重点项目", "存在问题", "下一步建议")


# --- Sections -----------------------------------------------------------------------------------


def _counts_text(counts: dict[str, int]) -> str:
    """Counts by status name, worst first (as the rollups keep them)."""
    return "，".join(f"{status}{n}项" for status, n in counts.items() if n)


def _count(counts: dict[str, int], *statuses: Status) -> int:
    return sum(counts.get(s.zh, 0) for s in statuses)


def _as_of_text(evaluation: Evaluation) -> str:
    """The two dates in words: 2025年底（2026年3月15日前入库的数据）, one date when they are the same day."""
    through, known = evaluation.through, evaluation.known
    if through.end == known:
        return fmt.day(known)
    return f"{through.label_zh}（{fmt.day(known)}前入库的数据）"


def _period(plan: Plan) -> str:
    return f"{plan.period.start}—{plan.period.end}年" if plan.period else "（规划未写明规划期）"


def _overview(evaluation: Evaluation, missed: list[str], summary: Table) -> Section:
    plan = evaluation.plan
    overall = evaluation.overall
    counts = overall.counts
    if evaluation.elapsed is None:
        elapsed = "规划未写明规划期。"
    elif evaluation.elapsed >= 1:
        elapsed = f"规划期（{_period(plan)}）已结束。"
    elif evaluation.elapsed <= 0:
        elapsed = f"规划期（{_period(plan)}）尚未开始。"
    else:
        elapsed = f"规划期（{_period(plan)}）已过{evaluation.elapsed * 100:.0f}%。"
    good = _count(counts, Status.ACHIEVED, Status.ON_TRACK)
    behind = _count(counts, Status.ACCELERATION_NEEDED, Status.LIMITED_PROGRESS, Status.REGRESSION)
    missed_count = _count(counts, Status.MISSED)
    parts = [f"已完成或进度正常的{good}项"]
    if behind or not missed_count:
        parts.append(f"进度滞后的{behind}项")
    if missed_count:
        parts.append(f"目标年已过而未完成的{missed_count}项")
    words = (
        f"截至{_as_of_text(evaluation)}，规划所列{overall.targets}项目标中，"
        f"{_counts_text(counts) or '暂无可评估的目标'}。{elapsed}{'，'.join(parts)}"
    )
    unknown = _count(counts, Status.INSUFFICIENT_DATA)
    words += f"，另有{unknown}项因数据不足暂无法判断。" if unknown else "。"
    blocks: list[Block] = [Paragraph(words)]
    if 0 < len(missed) <= 3:
        blocks.append(Paragraph("".join(missed)))
    elif missed:
        blocks += [Paragraph(f"按目前趋势，有{len(missed)}项目标将无法完成："), Items(tuple(missed))]
    else:
        blocks.append(Paragraph("按目前数据和趋势，暂未发现预计无法完成的量化目标。"))
    blocks.append(Figure("status"))
    if summary.rows:
        blocks.append(summary)
    return Section("总体进展", tuple(blocks))


FROM_ZERO = "基期为0，不计"
"""What the growth-rate columns say when the rates start from zero (they mean nothing then)."""


def _indicator_row(t: TargetEvaluation) -> Row:
    p = t.progress
    unit = t.unit
    base = f"{t.baseline.period}：{quantity(t.baseline.value, unit)}" if t.baseline else "—"
    latest = f"{t.latest.period}：{quantity(t.latest.value, unit)}" if t.latest else "—"
    if t.year_to_date is not None:
        latest += f"（{t.year_to_date.period}累计 {quantity(t.year_to_date.value, unit)}）"
    completion = p.completion if p else None
    required = p.required_cagr if p else None
    observed = p.observed_cagr if p else None
    from_zero = t.pace is not None and t.pace.rate and not t.pace.meaningful and required is not None
    if from_zero:
        required = observed = None
    return Row(
        cells=(
            t.indicator.name,
            t.indicator.scope or t.indicator.category or "",
            base,
            latest,
            fmt.target(t.indicator),
            percent(completion),
            FROM_ZERO if from_zero else percent(required),
            FROM_ZERO if from_zero else percent(observed),
            t.status.zh,
            forecast_text(t),
        ),
        values=(None, None, None, None, None, completion, required, observed, None, None),
        status=t.status,
    )


def indicator_table(evaluation: Evaluation) -> Table:
    rows = tuple(_indicator_row(t) for t in evaluation.targets if t.indicator.target.value is not None)
    return Table(
        "指标完成情况",
        ("指标", "范围", "基期", "最新", "目标", "完成度", "所需年均", "实际年均", "状态", "预测（目标年）"),
        rows,
        (14, 7, 12, 14, 12, 8, 8, 8, 9, 16),
        status_column=8,
    )


def _milestone_table(evaluation: Evaluation) -> Table:
    rows = []
    for t in evaluation.targets:
        if t.milestone is None:
            continue
        rows.append(
            Row(
                (t.indicator.name, t.indicator.target.text, t.milestone[0], t.milestone[1] or "—"),
                status=t.status,
            )
        )
    return Table("定性目标", ("目标", "规划原文", "状态", "进展说明"), tuple(rows), (20, 24, 8, 30), status_column=2)


def _summary_table(evaluation: Evaluation) -> Table:
    rows = []
    for kind, rollups in (("类别", evaluation.by_category), ("范围", evaluation.by_scope)):
        for rollup in rollups:
            counts = "、".join(f"{s}{n}" for s, n in rollup.counts.items())
            rows.append(
                Row(
                    (kind, rollup.name, str(rollup.targets), counts, number(rollup.score)), (None, None, rollup.targets)
                )
            )
    return Table("分类汇总", ("类型", "名称", "目标数", "状态", "平均得分"), tuple(rows), (6, 18, 7, 30, 9))


def _indicators(evaluation: Evaluation, table: Table, milestones: Table) -> Section:
    quantified = len(table.rows)
    blocks: list[Block] = [
        Paragraph(
            f"规划共有量化目标{quantified}项、定性目标{len(milestones.rows)}项。下表逐项列出基期值、最新值、"
            "目标值、完成度、所需与实际年均增速、状态和按目前趋势到目标年的预测值。"
        ),
        table,
    ]
    if milestones.rows:
        blocks += [Subheading("定性目标"), milestones]
    blocks.append(Figure("targets"))
    return Section("指标完成情况", tuple(blocks))


def to_yi(money: Money | None) -> float | None:
    """An investment in 亿元."""
    if money is None or money.value is None:
        return None
    return {"万元": money.value / 10_000, "亿元": money.value, "元": money.value / 100_000_000}.get(money.unit or "")


def _in_group(project: Project, path: list[str]) -> bool:
    return project.group_path[: len(path)] == path


def _yi_text(value: float | None) -> str:
    return "—" if value is None else f"{number(value)}亿元"


def _projects(plan: Plan) -> tuple[Section, Table, Table]:
    groups = [g for g in plan.project_groups if 1 <= len(g.path) <= 2]
    group_rows = []
    for group in groups:
        members = [p for p in plan.projects if _in_group(p, group.path)]
        total = sum(to_yi(p.investment) or 0 for p in members)
        stated = to_yi(group.stated_investment)
        difference = total - stated if stated is not None else None
        group_rows.append(
            Row(
                ("／".join(group.path), str(len(members)), number(stated), number(total), number(difference)),
                (None, len(members), stated, total, difference),
            )
        )
    group_table = Table(
        "项目分组",
        ("分组", "项目数", "所列投资（亿元）", "项目合计（亿元）", "差额（亿元）"),
        tuple(group_rows),
        (30, 7, 12, 12, 10),
    )
    project_rows = []
    for project in plan.projects:
        years = (
            f"{project.start_year}—{project.end_year}年"
            if project.start_year and project.end_year
            else (f"{project.start_year or project.end_year}年" if project.start_year or project.end_year else "—")
        )
        investment = project.investment
        amount = investment.value if investment else None
        unit = investment.unit if investment and investment.unit else ""
        project_rows.append(
            Row(
                (
                    project.id,
                    project.name,
                    "／".join(project.group_path) or "—",
                    project.nature or "—",
                    years,
                    f"{number(amount)}{unit}" if amount is not None else "—",
                    project.content or "",
                ),
                (None, None, None, None, None, amount, None),
            )
        )
    project_table = Table(
        "重点项目",
        ("编号", "项目名称", "所属分组", "性质", "建设年限", "总投资", "建设内容"),
        tuple(project_rows),
        (8, 20, 24, 6, 11, 11, 40),
    )
    if not plan.projects:
        section = Section("重点项目", (Paragraph("规划未列出重点项目清单。"),))
        return section, group_table, project_table
    total = sum(to_yi(p.investment) or 0 for p in plan.projects)
    top = next((g for g in plan.project_groups if not g.path), None)
    stated = to_yi(top.stated_investment) if top else None
    words = f"规划共列重点项目{len(plan.projects)}个，按项目逐个加总总投资{_yi_text(total)}"
    if stated is not None and abs(stated - total) > 0.005:
        words += f"（规划所列合计{_yi_text(stated)}，两者相差{_yi_text(abs(total - stated))}）"
    words += "。"
    parks = [g for g in groups if len(g.path) == 1]
    if parks:
        words += "分园区看，" + "，".join(
            f"{g.path[0]}{sum(1 for p in plan.projects if _in_group(p, g.path))}个、"
            f"{_yi_text(sum(to_yi(p.investment) or 0 for p in plan.projects if _in_group(p, g.path)))}"
            for g in parks
        )
        words += "。"
    blocks: list[Block] = [Paragraph(words)]
    if group_rows:
        blocks.append(group_table)
    blocks += [Subheading("重点项目清单"), project_table]
    return Section("重点项目", tuple(blocks)), group_table, project_table


def _behind(evaluation: Evaluation) -> list[TargetEvaluation]:
    """Targets behind (or missed), and binding targets not on track."""
    return [t for t in evaluation.targets if t.status.off_track or (t.red and t.milestone is None)]


def _problems(evaluation: Evaluation, findings: Sequence[Finding] | None) -> tuple[Section, Table]:
    rows: list[Row] = []
    blocks: list[Block] = [Subheading("规划文本中的问题")]
    if findings is None:
        blocks.append(Paragraph("库中没有保存该规划的文本审查结果（用 planwatch audit 审查规划文本）。"))
        shown: list[Finding] = []
    else:
        shown = [f for f in findings if f.severity in {Severity.ERROR, Severity.WARNING}]
        errors = sum(1 for f in shown if f.severity == Severity.ERROR)
        if shown:
            blocks.append(
                Paragraph(
                    f"规划文本审查发现{Severity.ERROR.zh}{errors}处、{Severity.WARNING.zh}{len(shown) - errors}处："
                )
            )
            blocks.append(Items(tuple(f"【{f.severity.zh}】{lines_text(f)}：{f.message}" for f in shown)))
        else:
            blocks.append(Paragraph("规划文本审查未发现错误或警示。"))
        hints = len(findings) - len(shown)
        if hints:
            blocks.append(Paragraph(f"另有{Severity.INFO.zh}{hints}条（如文字重复），不影响指标，未逐条列出。"))
    rows += [Row(("规划文本", f.severity.zh, lines_text(f), f.message)) for f in shown]
    behind = _behind(evaluation)
    blocks.append(Subheading("进度滞后的目标"))
    if behind:
        blocks.append(Items(tuple(lag_text(t) for t in behind)))
    else:
        blocks.append(Paragraph("没有进度滞后的目标。"))
    rows += [
        Row(("实施进度", t.status.zh, f"第{t.indicator.source.line}行", lag_text(t)), status=t.status) for t in behind
    ]
    missing = [t for t in evaluation.targets if t.status == Status.INSUFFICIENT_DATA]
    if missing:
        blocks += [
            Subheading("数据不足的目标"),
            Items(tuple(f"{t.label}（第{t.indicator.source.line}行）：{t.note or '数据不足'}" for t in missing)),
        ]
        rows += [
            Row(
                ("数据", t.status.zh, f"第{t.indicator.source.line}行", f"{t.label}：{t.note or '数据不足'}"),
                status=t.status,
            )
            for t in missing
        ]
    table = Table("存在问题", ("来源", "级别", "位置", "问题"), tuple(rows), (10, 8, 12, 70), status_column=1)
    return Section("存在问题", tuple(blocks)), table


def _advice(
    evaluation: Evaluation, findings: Sequence[Finding] | None, missing_tags: dict[str, list[str]]
) -> tuple[Section, Table]:
    rows: list[Row] = []
    blocks: list[Block] = []
    behind = _behind(evaluation)
    if behind:
        blocks.append(Subheading("加快滞后目标"))
        lines = tuple(advice_for(t) for t in behind)
        blocks.append(Items(lines))
        rows += [Row((t.label, line), status=t.status) for t, line in zip(behind, lines, strict=True)]
    lagging = []
    late_words = [s.zh for s in STATUSES if s.off_track and s != Status.MISSED]
    for rollup in evaluation.by_scope + evaluation.by_category:
        late = {s: rollup.counts[s] for s in late_words if rollup.counts.get(s)}
        if late:
            lagging.append((rollup.score if rollup.score is not None else 0.0, rollup.name, rollup.targets, late))
    lagging.sort(key=lambda item: (item[0], item[1]))
    if lagging:
        blocks.append(Subheading("督促滞后的园区和领域"))
        lines = tuple(
            f"{name}：{total}项目标中"
            + "、".join(f"{s}{n}项" for s, n in late.items())
            + f"（平均得分{number(score)}），建议专题调度，逐项明确责任单位和完成时限。"
            for score, name, total, late in lagging
        )
        blocks.append(Items(lines))
        rows += [Row((item[1], line)) for item, line in zip(lagging, lines, strict=True)]
    if missing_tags:
        blocks.append(Subheading("补齐统计数据"))
        lines = tuple(
            f"{'、'.join(names)}：{note}，建议明确统计口径和报送责任，按月或按年报送。"
            for note, names in missing_tags.items()
        )
        blocks.append(Items(lines))
        rows += [Row(("数据", line)) for line in lines]
    not_started = [
        t.indicator.name for t in evaluation.targets if t.milestone is not None and t.status == Status.NOT_STARTED
    ]
    if not_started:
        line = f"定性目标{'、'.join(not_started)}尚未登记进展，建议责任单位及时报送进展和佐证材料。"
        blocks += [Subheading("跟踪定性目标"), Items((line,))]
        rows.append(Row(("定性目标", line)))
    errors = [f for f in findings or [] if f.severity == Severity.ERROR]
    if errors:
        line = f"规划文本中有{len(errors)}处数字错误或前后矛盾（见“存在问题”），建议在中期评估或规划调整时一并更正。"
        blocks += [Subheading("更正规划文本"), Items((line,))]
        rows.append(Row(("规划文本", line)))
    if not blocks:
        blocks.append(Paragraph("各项目标进展正常，建议保持现有工作力度，按月跟踪数据。"))
    table = Table("下一步建议", ("对象", "建议"), tuple(rows), (16, 90))
    return Section("下一步建议", tuple(blocks)), table


def build(
    evaluation: Evaluation,
    findings: Sequence[Finding] | None,
    assessment: PlanAssessment | None = None,
    view: ParkView | None = None,
) -> Report:
    """The report's content.  ``findings`` is the plan's stored audit, None when none was kept; ``assessment``
    the enterprises of the plan's subject assessed (``assess.gather.plan_assessment``), which adds its sections.

    With ``view`` it is a park's report: ``evaluation`` already holds only the park's targets
    (``evaluate.scope.within``); its projects and findings are the park's, and a section on the
    park's figures, enterprises and filings follows the overview.
    """
    plan = evaluation.plan
    if view is not None:
        findings = park_findings(findings, view.park)
    missed = [miss_sentence(t) for t in evaluation.will_miss()]
    summary = _summary_table(evaluation)
    table = indicator_table(evaluation)
    milestones = _milestone_table(evaluation)
    projects, groups, project_list = _projects(park_plan(plan, view.park) if view is not None else plan)
    extra: tuple[Table, ...] = ()
    # 重点项目 written from the project ledger when it has records (the county's report: the ledger is the plan's)
    if evaluation.ledger is not None and view is None:
        projects, project_list = ledger_section(evaluation.ledger, groups), project_table(evaluation.ledger)
        extra = (park_table(evaluation.ledger), delayed_table(evaluation.ledger))
    problems, problem_table = _problems(evaluation, findings)
    gaps: dict[str, list[str]] = defaultdict(list)
    for t in evaluation.targets:
        if t.status == Status.INSUFFICIENT_DATA and t.label not in gaps[t.note or "数据不足"]:
            gaps[t.note or "数据不足"].append(t.label)
    advice, advice_table = _advice(evaluation, findings, dict(gaps))
    added = assessment_extra(assessment)
    if added.advice:
        advice = Section(advice.title, advice.blocks + added.advice)
    duty_section, duty_table = duties(evaluation)  # 责任分工: only when targets have a 牵头单位
    duty_sections = (duty_section,) if duty_section is not None else ()
    subject = evaluation.subject.name if evaluation.subject else "（库中未找到规划对应的地区或园区）"
    meta = [
        f"评估时点：{fmt.day(evaluation.known)}（只用当日已入库的数据）"
        if evaluation.through.end == evaluation.known
        else f"评估截止期：{evaluation.through.label_zh}（只用{fmt.day(evaluation.known)}前已入库的数据）",
        f"评估对象：{subject}",
        f"指标体系：{evaluation.version_label}"
        + (f"，{fmt.day(evaluation.version.recorded_at.date())}确认" if evaluation.version is not None else ""),
    ]
    if plan.doc_number or plan.issuer:
        meta.insert(0, "　".join(x for x in (plan.issuer, plan.doc_number) if x))
    park_sections: tuple[Section, ...] = ()
    park_tables: list[Table] = []
    if view is not None:
        park_section, park_tables = park.section(view)
        park_sections = (park_section,)
    return Report(
        title="规划实施评估报告" if view is None else f"规划实施评估报告（{view.park}）",
        plan_title=plan.title or plan.id or "规划",
        meta=tuple(meta),
        sections=(
            _overview(evaluation, missed, summary),
            *park_sections,
            _indicators(evaluation, table, milestones),
            projects,
            *added.sections,
            *duty_sections,
            problems,
            advice,
        ),
        tables=tuple(
            t
            for t in (
                table,
                *park_tables,
                milestones,
                summary,
                project_list,
                *extra,
                groups,
                duty_table,
                problem_table,
                advice_table,
            )
            if t.rows or t.name in {"指标完成情况", "重点项目", "存在问题", "下一步建议", "分类汇总"}
        )
        + added.tables,
        missed=tuple(missed),
        as_of=evaluation.as_of,
    )
