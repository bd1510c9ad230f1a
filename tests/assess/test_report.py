"""The 石柱 report from the demo gains 亩均效益评价, 梯度培育 and 能耗与碳排放; 秀山 (no enterprises) does not."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from planwatch.assess.gather import plan_assessment
from planwatch.demo.build import DemoResult
from planwatch.report.blocks import Items, Table
from planwatch.report.content import build
from planwatch.report.render import render
from planwatch.store.database import open_store


def test_the_shizhu_report_has_the_assessment_sections(demo: DemoResult, demo_db: Path) -> None:
    evaluation = next(e for e in demo.evaluations if "石柱" in (e.plan.title or ""))
    with open_store(demo_db, read_only=True) as store:
        assessed = plan_assessment(store, evaluation)
    assert assessed is not None
    content = build(evaluation, None, assessed)
    titles = [s.title for s in content.sections]
    assert titles[:3] == ["总体进展", "指标完成情况", "重点项目"]
    assert {"亩均效益评价", "梯度培育", "能耗与碳排放"} <= set(titles)
    assert titles[-2:] == ["存在问题", "下一步建议"]
    mujun = next(s for s in content.sections if s.title == "亩均效益评价")
    counts = assessed.mujun.county.counts
    assert f"A类{counts['A']}家、B类{counts['B']}家、C类{counts['C']}家、D类{counts['D']}家" in mujun.blocks[0].text  # type: ignore[union-attr]  # the first block is the paragraph
    tiers = next(s for s in content.sections if s.title == "梯度培育")
    notes = [line for block in tiers.blocks if isinstance(block, Items) for line in block.lines]
    assert any("专精特新" in line and "最接近" in line for line in notes)
    advice = next(s for s in content.sections if s.title == "下一步建议")
    advice_lines = [line for block in advice.blocks if isinstance(block, Items) for line in block.lines]
    assert any("规上企业目前" in line for line in advice_lines)
    assert any(isinstance(b, Table) and b.name == "梯度培育漏斗" for b in tiers.blocks)
    book = openpyxl.load_workbook(io.BytesIO(render(evaluation, None, "xlsx", assessed)))
    assert {"评价结果（规上）", "不评价企业", "亩均分类汇总", "梯度培育漏斗", "培育库", "能耗与碳排放"} <= set(
        book.sheetnames
    )
    assert render(evaluation, None, "docx", assessed)[:2] == b"PK"
    markdown = render(evaluation, None, "md", assessed).decode("utf-8")
    assert "## 亩均效益评价" in markdown and "## 梯度培育" in markdown


def test_the_demo_reports_on_disk(demo: DemoResult) -> None:
    shizhu = next(p for p in demo.reports if p.name.startswith("003_") and p.suffix == ".md")
    xiushan = next(p for p in demo.reports if p.name.startswith("000_") and p.suffix == ".md")
    assert "## 亩均效益评价" in shizhu.read_text(encoding="utf-8")
    assert "## 亩均效益评价" not in xiushan.read_text(encoding="utf-8")
