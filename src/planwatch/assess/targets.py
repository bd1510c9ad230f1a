"""The assessment tied back to the plan's targets: whom to help so the counts reach their targets, what
the 亩均 classes mean for the 亩均税收 target, and the binding energy-intensity target judged on 吨标准煤
computed from energy by kind.

Pure: an ``Evaluation`` and the assessment's results in, sentences and records out.  What a target means
(its goal, its status) stays with ``evaluate.judge``: the energy target is judged by it, on a series this
module computes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from planwatch.assess import cultivation as cv
from planwatch.assess import energy as en
from planwatch.assess import mujun as mj
from planwatch.assess import schema as sc
from planwatch.assess import tiers as tr
from planwatch.assess.panel import Panel
from planwatch.evaluate.evaluation import Evaluation, Observation, TargetEvaluation
from planwatch.evaluate.gather import PlanInputs, TargetInputs
from planwatch.evaluate.judge import judge_plan
from planwatch.formatting import number, quantity
from planwatch.status import Grade

TIER_OF_DEFINITION = {
    "gs_enterprises": "规上",
    "specialised": "专精特新",
    "little_giants": "小巨人",
    "hightech_enterprises": "高新技术企业",
}
"""Indicator definitions (data/indicators.yaml) that count holders of a tier."""
TAX_PER_MU = "gs_tax_per_mu"
ENERGY_INTENSITY = "gs_energy_intensity"
SHOWN = 8
"""At most this many enterprises named in a sentence."""


@dataclass
class Links:
    """What the assessment says about the plan's targets."""

    notes: dict[int, list[str]] = field(default_factory=dict)
    """Target number (1-based, as on the dashboard) → sentences."""
    kinds: dict[str, list[str]] = field(default_factory=dict)
    """The same sentences by what they are about: tiers, tax or energy."""
    advice: list[str] = field(default_factory=list)
    """Sentences for the report's 下一步建议."""
    energy: sc.EnergyTargetRecord | None = None

    def add(self, number_: int, kind: str, text: str) -> None:
        self.notes.setdefault(number_, []).append(text)
        self.kinds.setdefault(kind, []).append(text)

    def kind(self, kind: str) -> list[str]:
        return self.kinds.get(kind, [])


def _find(evaluation: Evaluation, definition: str) -> list[tuple[int, TargetEvaluation]]:
    return [
        (n, t)
        for n, t in enumerate(evaluation.targets, start=1)
        if t.definition is not None and t.definition.id == definition and t.indicator.target.value is not None
    ]


def _names(items: Sequence[str]) -> str:
    shown = list(items[:SHOWN])
    more = len(items) - len(shown)
    return "、".join(shown) + (f"等{len(items)}家" if more > 0 else "")


def _count_note(t: TargetEvaluation) -> tuple[float | None, float, int | None]:
    """(count now, target count, target year)."""
    now = t.latest.value if t.latest is not None else None
    goal = t.goal.level if t.goal is not None and t.goal.level is not None else t.indicator.target.value
    assert goal is not None
    return now, goal, t.indicator.target.year


def tier_notes(
    evaluation: Evaluation,
    assessed: Sequence[tr.EnterpriseTiers],
    projected: Sequence[cv.Candidate],
    links: Links,
) -> None:
    """规上企业 and the recognised tiers: how many more are needed, and who is closest."""
    for definition, tier in TIER_OF_DEFINITION.items():
        for number_, t in _find(evaluation, definition):
            now, goal, year = _count_note(t)
            if now is None:
                continue
            need = max(math.ceil(goal - now - 1e-9), 0)
            head = f"{t.label}目前{quantity(now, '家')}，目标{year}年{quantity(goal, '家')}"
            if tier == "规上":
                soon = cv.by_year(list(projected), year or 9999)
                risky = cv.at_risk(list(projected))
                names = [
                    f"{c.name}（近12个月已达{number(c.trailing)}万元）"
                    if c.status.value == "meets"
                    else f"{c.name}（预计{c.crossing[0]}年{c.crossing[1]}月）"
                    for c in soon
                    if c.crossing
                ]
                threshold = number(cv.settings().threshold)
                text = f"{head}，还差{need}家；"
                if soon:
                    text += f"按近12个月营业收入趋势，培育库中{len(soon)}家预计在{year}年底前达到{threshold}万元：{_names(names)}"
                else:
                    nearest = [
                        f"{c.name}（近12个月{number(c.trailing)}万元"
                        + (f"，预计{c.crossing[0]}年{c.crossing[1]}月达到）" if c.crossing else "）")
                        for c in cv.candidates(list(projected))
                    ]
                    text += f"按近12个月营业收入趋势，暂无企业预计在{year}年底前达到{threshold}万元" + (
                        f"，最接近的是{_names(nearest)}" if nearest else ""
                    )
                text += f"；另有{len(risky)}家规上企业有退规风险。" if risky else "。"
                if need > len(soon):
                    text += f"培育库之外还差{need - len(soon)}家，需靠招商引资新建投产企业补足。"
            else:
                candidates = tr.pool(assessed, tier)
                described = []
                for e in candidates:
                    result = e.tiers[tier]
                    short = "；".join(result.missing[:2]) if result.missing else "已满足认定条件"
                    described.append(f"{e.name}（{short}）")
                if need == 0:
                    text = f"{head}，已达到目标；培育库中另有{len(candidates)}家接近认定条件。"
                else:
                    text = f"{head}，还差{need}家；最接近的{len(candidates)}家" + (
                        f"：{_names(described)}。" if described else "：暂无，需从更大范围培育。"
                    )
            links.add(number_, "tiers", text)
            if need > 0:
                links.advice.append(text)


def tax_note(evaluation: Evaluation, result: mj.Result, links: Links) -> None:
    """亩均税收: the class picture, and what lifting the C and D firms to the benchmark would give."""
    for number_, t in _find(evaluation, TAX_PER_MU):
        listed = next((item for item in result.lists if item.rule.name == "规上"), None)
        if listed is None:
            return
        tax_item = next((i for i in listed.items if i.indicator.id == "tax_per_mu"), None)
        rated = np.flatnonzero(listed.rated)
        if tax_item is None or not rated.size or not tax_item.benchmark:
            return
        grades = [result.grade[r] for r in rated]
        counts = {g.value: grades.count(g.value) for g in (Grade.A, Grade.B, Grade.C, Grade.D)}
        land = tax_item.denominator[rated]
        tax = tax_item.numerator[rated]
        value = tax_item.values[rated]
        now = float(tax.sum() / land.sum()) if land.sum() else math.nan
        low = np.array([g in {Grade.C.value, Grade.D.value} for g in grades]) & (
            np.nan_to_num(value) < tax_item.benchmark
        )
        lifted = np.where(low, tax_item.benchmark * land, tax)
        then = float(lifted.sum() / land.sum()) if land.sum() else math.nan
        text = (
            f"按{result.scheme.name}方案评价{result.year}年参评规上企业{len(rated)}家：A类{counts['A']}家、B类{counts['B']}家、"
            f"C类{counts['C']}家、D类{counts['D']}家，参评企业亩均税收{number(now)}万元/亩"
            f"（评价基准{number(tax_item.benchmark)}万元/亩）。"
        )
        if low.any():
            text += (
                f"若其中{int(low.sum())}家亩均税收低于基准的C、D类企业提高到基准水平，参评企业亩均税收可达"
                f"{number(then)}万元/亩，提高{number(then - now)}万元/亩（规划目标{number(t.indicator.target.value)}万元/亩）。"
            )
        links.add(number_, "tax", text)
        if t.status.off_track:
            links.advice.append(text + "建议对D类企业开展“一企一策”提升或腾退低效用地。")


def energy_target(
    evaluation: Evaluation, panel: Panel, years: Sequence[int], links: Links, table: en.Coefficients | None = None
) -> None:
    """单位工业增加值能耗 (规上) from energy by kind, judged against the plan's binding target by ``judge``."""
    found = _find(evaluation, ENERGY_INTENSITY)
    if not found:
        return
    table = table or en.coefficients()
    basis = table.intensity_basis
    number_, t = found[0]
    members = {y: panel.has("规上", y) for y in years}
    intensities = en.series(panel, years, members, basis, table)
    if not intensities:
        return
    base_year = t.indicator.baseline.year if t.indicator.baseline and t.indicator.baseline.year else min(intensities)
    if base_year not in intensities:
        base_year = min(intensities)
    end = evaluation.through.end
    complete = [y for y in intensities if y >= base_year and (y < end.year or (end.month, end.day) == (12, 31))]
    observations = tuple(Observation(str(y), y + 1.0, intensities[y], "能源折标") for y in sorted(complete))
    inputs = TargetInputs(
        indicator=t.indicator,
        definition=t.definition,
        org=t.org,
        unit="吨标准煤/万元",
        observations=observations,
        year_to_date=None,
        plan_baseline=None,
        milestone=None,
        note="",
    )
    judged = judge_plan(
        PlanInputs(evaluation.plan, evaluation.through, evaluation.known, evaluation.subject, (inputs,))
    ).targets[0]
    latest = max(complete) if complete else None
    contributors: list[sc.ContributorRecord] = []
    if latest is not None and latest != base_year:
        first = (en.use(panel, base_year, table), panel.value("value_added", base_year), members[base_year])
        last = (en.use(panel, latest, table), panel.value("value_added", latest), members[latest])
        _, _, parts = en.contributions(panel, first, last, basis)
        contributors = [
            sc.ContributorRecord(
                uscc=c.code,
                name=c.name,
                park=c.park,
                intensity_points=round(c.intensity_points, 6),
                energy_change_tce=round(c.energy_change, 2),
            )
            for c in parts[:10]
            if c.intensity_points > 0
        ]
    change = en.decline(intensities[base_year], intensities[latest]) if latest is not None else None
    goal_change = (
        -t.indicator.target.value
        if t.indicator.target.direction == "decrease" and t.indicator.target.value
        else t.indicator.target.value
    )
    links.energy = sc.EnergyTargetRecord(
        indicator=t.indicator.name,
        base_year=base_year,
        goal_change=goal_change,
        target_year=t.indicator.target.year,
        series={str(y): round(v, 6) for y, v in sorted(intensities.items())},
        change=sc.rounded(change, 2),
        status=judged.status.value,
        status_zh=judged.status.zh,
        explanation=judged.explanation,
        contributors=contributors,
    )
    if latest is not None and change is not None:
        words = "下降" if change < 0 else "上升"
        text = (
            f"按各企业分品种能源消费折标（{en.BASIS_ZH[basis]}）计算，规上单位工业增加值能耗{latest}年"
            f"{number(intensities[latest], 4)}吨标准煤/万元，较{base_year}年{words}{number(abs(change))}%"
            f"（目标{t.indicator.target.year}年较基期下降{number(t.indicator.target.value)}%），{judged.status.zh}。"
        )
        if contributors:
            top = "、".join(c.name for c in contributors[:3])
            text += f"推高能耗强度最多的企业：{top}。"
        links.add(number_, "energy", text)
        if judged.status.off_track or t.red:
            links.advice.append(text + "建议对上述企业开展节能诊断，推进电能替代和余热利用。")


@dataclass(frozen=True)
class PlanAssessment:
    """The enterprises of a plan's subject, assessed for one data year, and what that says of its targets."""

    subject: str
    year: int
    mujun: sc.MujunReport
    tiers: sc.TiersReport
    energy: sc.EnergyReport
    links: Links
