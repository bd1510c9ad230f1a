"""The evaluation as a Markdown report: overview, the red list, every target, what is missing."""

from __future__ import annotations

from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.evaluate.progress import STATUS_ZH

ORDER = ["倒退", "进展缓慢", "需加快", "数据不足", "未开始", "推进中", "进度正常", "已完成"]


def _number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _target_text(t: TargetEvaluation) -> str:
    target = t.indicator.target
    if target.value is None:
        return target.text
    sign = {">=": "≥", ">": ">", "=": "≈", "<=": "≤", "<": "<"}.get(target.comparator or "", "")
    prefix = {"change": "较基期下降" if target.direction == "decrease" else "较基期增长", "increment": "新增"}.get(
        target.basis, ""
    )
    return f"{target.year}年 {prefix}{sign}{_number(target.value)}{t.indicator.unit or ''}"


def _forecast_text(t: TargetEvaluation) -> str:
    f = t.forecast
    if f is None:
        return "—"
    interval = f"（{_number(f.low)}～{_number(f.high)}）" if f.low is not None and f.high is not None else ""
    chance = f"，达标概率{f.p_meet * 100:.0f}%" if f.p_meet is not None else ""
    return f"{_number(f.value)}{interval}{chance}"


def report(evaluation: Evaluation) -> str:
    plan = evaluation.plan
    overall = evaluation.overall
    subject = evaluation.subject.name if evaluation.subject else "（库中未找到规划对应的地区或园区）"
    elapsed = f"{evaluation.elapsed * 100:.0f}%" if evaluation.elapsed is not None else "—"
    lines = [
        f"# 规划实施评估：{plan.title or plan.id}",
        "",
        f"评估时点：{evaluation.as_of.isoformat()}（只用当日已入库的数据）　评估对象：{subject}　规划期已过：{elapsed}",
        "",
        "## 总体进展",
        "",
        f"共 {overall.targets} 项目标："
        + "，".join(f"{status} {overall.counts[status]} 项" for status in ORDER if status in overall.counts)
        + "。",
    ]
    red = [t for t in evaluation.targets if t.red or t.status == "regression"]
    if red:
        lines += ["", "## 需要关注（约束性目标未达进度、指标倒退）", ""]
        for t in sorted(red, key=lambda t: (not t.binding, t.indicator.source.line)):
            binding = "【约束性】" if t.binding else ""
            latest = f"最新 {t.latest.period} 为 {_number(t.latest.value)}" if t.latest else "暂无数据"
            lines.append(f"- {binding}{t.indicator.name}：{t.status_zh}，{latest}；目标 {_target_text(t)}。")
    lines += [
        "",
        "## 指标完成情况",
        "",
        "| 指标 | 范围 | 基期 | 最新 | 目标 | 完成度 | 所需年均 | 实际年均 | 状态 | 预测（目标年） |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in evaluation.targets:
        if t.indicator.target.value is None:
            continue
        p = t.progress
        base = f"{t.baseline.period}：{_number(t.baseline.value)}" if t.baseline else "—"
        latest = f"{t.latest.period}：{_number(t.latest.value)}" if t.latest else "—"
        if t.year_to_date is not None:
            latest += f"（{t.year_to_date.period}累计 {_number(t.year_to_date.value)}）"
        lines.append(
            f"| {t.indicator.name} | {t.indicator.scope or t.indicator.category or ''} | {base} | {latest} | "
            f"{_target_text(t)} | {_percent(p.completion if p else None)} | {_percent(p.required_cagr if p else None)} | "
            f"{_percent(p.observed_cagr if p else None)} | {t.status_zh} | {_forecast_text(t)} |"
        )
    milestones = [t for t in evaluation.targets if t.milestone is not None]
    if milestones:
        lines += ["", "## 定性目标", ""]
        for t in milestones:
            assert t.milestone is not None
            evidence = f"（{t.milestone[1]}）" if t.milestone[1] else ""
            lines.append(f"- {t.indicator.name}：{t.milestone[0]}{evidence}")
    missing = [t for t in evaluation.targets if t.status == "insufficient_data"]
    if missing:
        lines += ["", "## 数据不足的目标", ""]
        for t in missing:
            lines.append(
                f"- {t.indicator.name}（第{t.indicator.source.line}行）：{t.note or STATUS_ZH['insufficient_data']}"
            )
    if evaluation.by_category:
        lines += ["", "## 分类汇总", "", "| 类别 | 目标数 | 状态 | 平均得分 |", "|---|---|---|---|"]
        for rollup in evaluation.by_category + evaluation.by_scope:
            counts = "、".join(f"{s}{rollup.counts[s]}" for s in ORDER if s in rollup.counts)
            lines.append(f"| {rollup.name} | {rollup.targets} | {counts} | {_number(rollup.score)} |")
    lines += [
        "",
        "---",
        "状态按 Open SDG 进度法判定（实际年均增速 ÷ 所需年均增速：≥0.95 进度正常，0.60–0.95 需加快，0–0.60 进展缓慢，"
        "<0 倒退）；占比、强度类指标按已完成进度与规划期已过比例比较。预测为按时间加权的趋势外推，括号内为 90% 区间。",
    ]
    return "\n".join(lines) + "\n"
