"""The park's own report: what a park committee sends up each month — its figures so far, its enterprises, who is late.

A park's 评估报告 keeps only the park's targets (``evaluate.scope.within``), its
own projects and the audit findings that name it; this module adds what only a
park has to say: its year-so-far figures with 同比, its enterprises ranked, and
who has not filed the month due.  Pure: the caller reads the figures (the
dashboard's ``pages.common``) and passes them in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch import formatting as fmt
from planwatch.plan.finding import Finding
from planwatch.plan.model import Plan
from planwatch.report.blocks import Block, Paragraph, Row, Section, Subheading, Table
from planwatch.status import Status


@dataclass(frozen=True)
class Figure:
    """A headline figure for the year so far (规上工业产值 2026年1—9月 54.40亿元，同比增长8.8%)."""

    name: str
    unit: str
    label: str
    value: float | None
    last_year: float | None
    growth: float | None
    change: float | None


@dataclass(frozen=True)
class Firm:
    name: str
    output: float | None
    """工业总产值 for the year so far, 万元."""
    growth: float | None
    filed: bool


@dataclass(frozen=True)
class Owing:
    """An enterprise that has not filed the month due (催报)."""

    name: str
    contact: str | None
    phone: str | None
    last: str | None


@dataclass(frozen=True)
class ParkView:
    park: str
    figures: tuple[Figure, ...]
    ranking_label: str
    firms: tuple[Firm, ...]
    """Ranked by output, largest first."""
    due_label: str
    enterprises: int
    owing: tuple[Owing, ...]


def _figure_sentence(f: Figure) -> str:
    text = f"{f.label}{f.name}{fmt.amount(f.value, f.unit)}"
    if f.growth is not None and f.unit != "%":
        text += f"，同比{fmt.growth(f.growth)}"
    elif f.change is not None:
        unit = "个百分点" if f.unit == "%" else f.unit
        text += f"，比上年同期{'增加' if f.change >= 0 else '减少'}{fmt.amount(abs(f.change), unit)}"
    return text


def section(view: ParkView) -> tuple[Section, list[Table]]:
    """园区经济运行: the figures so far, the enterprises ranked, and who has not filed."""
    shown = [f for f in view.figures if f.value is not None]
    blocks: list[Block] = []
    if shown:
        blocks.append(Paragraph(f"{view.park}" + "；".join(_figure_sentence(f) for f in shown) + "。"))
    figures = Table(
        f"{view.park}主要指标",
        ("指标", "期间", "本期", "上年同期", "同比", "单位"),
        tuple(
            Row(
                (f.name, f.label, fmt.number(f.value), fmt.number(f.last_year), fmt.growth(f.growth), f.unit),
                (None, None, f.value, f.last_year, f.growth, None),
            )
            for f in shown
        ),
        (18, 14, 10, 10, 10, 8),
    )
    if figures.rows:
        blocks.append(figures)
    ranking = Table(
        f"{view.park}企业排名",
        ("名次", "企业", f"{view.ranking_label}工业总产值（万元）", "同比", "本月报送"),
        tuple(
            Row(
                (
                    str(n),
                    f.name,
                    fmt.number(f.output),
                    fmt.growth(f.growth) if f.filed else "未报",
                    "已报" if f.filed else "未报",
                ),
                (n, None, f.output, f.growth if f.filed else None, None),
                None if f.filed else Status.MISSED,
            )
            for n, f in enumerate(view.firms, start=1)
        ),
        (6, 28, 16, 10, 8),
        status_column=4,
    )
    if ranking.rows:
        blocks += [
            Subheading("企业排名"),
            Paragraph(f"按{view.ranking_label}工业总产值排列，共{len(view.firms)}家有产值的企业。"),
            ranking,
        ]
    late = Table(
        f"{view.park}催报名单",
        ("企业", "联系人", "联系电话", "最近报送"),
        tuple(
            Row((o.name, o.contact or "—", o.phone or "—", fmt.period(o.last) if o.last else "从未报送"))
            for o in view.owing
        ),
        (28, 12, 16, 12),
    )
    blocks.append(Subheading("数据报送"))
    if view.owing:
        blocks += [
            Paragraph(
                f"{view.due_label}数据应报{view.enterprises}家，已报{view.enterprises - len(view.owing)}家，"
                f"未报{len(view.owing)}家，请督促以下企业尽快报送："
            ),
            late,
        ]
    else:
        blocks.append(Paragraph(f"{view.due_label}数据应报{view.enterprises}家，已全部报送。"))
    return Section(f"{view.park}经济运行", tuple(blocks)), [t for t in (figures, ranking, late) if t.rows]


def park_plan(plan: Plan, park: str) -> Plan:
    """The plan's projects as the park sees them: its own groups and projects only."""
    return plan.model_copy(
        update={
            "projects": [p for p in plan.projects if p.group_path[:1] == [park]],
            "project_groups": [g for g in plan.project_groups if g.path[:1] == [park]],
        }
    )


def park_findings(findings: Sequence[Finding] | None, park: str) -> list[Finding] | None:
    """The audit findings that name the park."""
    return None if findings is None else [f for f in findings if park in f.message]
