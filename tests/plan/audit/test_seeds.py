"""The audit of the two seed plans: each expectation checked by reading the document."""

from __future__ import annotations

from planwatch.plan.audit import Finding, audit
from planwatch.plan.audit.memo import memo
from planwatch.plan.document import Document
from planwatch.plan.model import Plan


def _by_kind(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for item in findings:
        grouped.setdefault(item.kind, []).append(item)
    return grouped


def test_shizhu(shizhu: Plan, shizhu_doc: Document) -> None:
    findings = audit(shizhu, shizhu_doc)
    kinds = _by_kind(findings)
    # Table 规上企业 24 (line 168) vs text 25家 (line 66); table 高新技术企业 6 (line 189) vs text 9家 (line 67).
    assert sorted(f.lines for f in kinds["contradiction"]) == [[66, 168], [67, 189]]
    # 康养消费品产业 states 527600 for 30000+252600+245000+144000 = 671600 (line 376);
    # 西沱 states 328000 for nine projects summing to 308000 (line 939).
    assert {(f.line, f.evidence["computed"]) for f in kinds["arithmetic.subtotal"]} == {(376, 671600), (939, 308000)}
    # 下路 (1498600) and the grand total (2039600) agree with their stated children, not with their projects.
    assert {(f.line, f.evidence["computed"]) for f in kinds["arithmetic.leaves"]} == {(362, 2163600), (369, 1642600)}
    # 园区建成面积 6.9 km² in 2022 (line 68), target 5.5 km² for 2027 (line 96).
    assert [f.lines for f in kinds["target.below_baseline"]] == [[68, 96]]
    # 16.9 + 12.5 + 21.35 = 50.75 of 51.37亿元 (line 66).
    assert [f.evidence["parts_sum"] for f in kinds["arithmetic.partial_breakdown"]] == [50.75]
    assert [f.evidence["phrase"] for f in kinds["text.doubled_phrase"]] == ["监测"]
    # Parks add up: 75 + 5 + 10 + 20 = 110; 康养 25 + 装备 50 = 下路 75; table 51.17 + 0.2 = 51.37; 65 + 1 = 66.
    assert all(f.severity == "info" for f in kinds.get("arithmetic.scoped_targets", []))
    assert "arithmetic.parks" not in kinds
    assert {f.severity for f in findings if f.kind.startswith(("arithmetic.subtotal", "contradiction"))} == {"error"}


def test_xiushan(xiushan: Plan, xiushan_doc: Document) -> None:
    kinds = _by_kind(audit(xiushan, xiushan_doc))
    # 规上工业产值 102.04 → 400亿元 needs 31.4 %/yr against 4.1 % stated; 工业总产值 111.48 → 500 needs 35 % vs 4 %.
    growth = {f.evidence["required_cagr"]: f.evidence["historical_growth"] for f in kinds["target.required_growth"]}
    assert growth == {round((400 / 102.04) ** (1 / 5) - 1, 4): 0.041, round((500 / 111.48) ** (1 / 5) - 1, 4): 0.04}
    # 百亿级医药产业集群 (lines 175, 227) against 一百五十亿级规模的医药产业集群 (line 175).
    assert [f.evidence["scales_yi_yuan"] for f in kinds["text.scale_conflict"]] == [[100.0, 150.0]]
    # 引入77家企业，其中医药7、食品13、材料14、电子信息12、汽配10 = 56.
    assert [(f.evidence["whole"], f.evidence["parts_sum"]) for f in kinds["arithmetic.partial_breakdown"]] == [(77, 56)]
    # 高质量发展发展 (doubled) and 符合DICOM标准的医用显示器和符合DICOM标准的医用显示器 (coordinated with itself).
    assert [f.evidence["phrase"] for f in kinds["text.doubled_phrase"]] == ["发展", "符合DICOM标准的医用显示器"]
    repeated_lines = {line for f in kinds["text.repeated"] for line in f.lines}
    assert {177, 233, 189, 305, 195, 347} <= repeated_lines
    assert [f.line for f in kinds["text.split_number"]] == [235]
    assert "contradiction" not in kinds


def test_a_clean_plan_has_no_findings(tmp_path) -> None:  # type: ignore[no-untyped-def]  # pytest fixture
    from planwatch.plan.audit import review

    path = tmp_path / "clean.txt"
    path.write_text(
        "某县人民政府关于印发《某县工业发展规划（2021—2025年）》的通知\n"
        "第一章 发展现状\n2020年，全县规上工业产值100亿元，规上企业50家。\n"
        "第二章 发展目标\n到2025年，规上工业产值达到150亿元，规上企业达到70家。\n"
        "附件 项目清单\n"
        "| 序号 | 项目名称 | 建设年限 | 总投资（万元） |\n|---|---|---|---|\n"
        "| | 合计 | | 3000 |\n| 一、 | 甲园区 | | 3000 |\n| 1 | 道路 | 2022-2024 | 1000 |\n"
        "| 2 | 厂房 | 2023 | 2000 |\n",
        encoding="utf-8",
    )
    assert review(path).findings == []


def test_memo_groups_by_severity_and_quotes_lines(shizhu: Plan, shizhu_doc: Document) -> None:
    text = memo(shizhu, shizhu_doc, audit(shizhu, shizhu_doc))
    assert text.index("## 错误") < text.index("## 警示") < text.index("## 提示")
    assert (
        "> 第168行：主体培育 | 规上企业 | 家 | 24 | 70 | 预期性" in text
        or "> 第168行：规上企业 | 家 | 24 | 70 | 预期性" in text
    )
