from __future__ import annotations

from pathlib import Path

from planwatch.plan.audit.text import (
    check_cluster_scales,
    check_doubled_phrases,
    check_repairs,
    check_repeated_text,
)
from planwatch.plan.model import Repair
from tests.plan.audit.helpers import document, plan

REPEATED = "充分利用本地及武陵山区农特产品资源优势，协调推动食品初加工、精深加工及综合利用加工，着力提升食品加工转化率和附加值。"


def test_repeated_sentences_with_all_their_places(tmp_path: Path) -> None:
    doc = document(
        tmp_path,
        f"第一节 甲\n{REPEATED}\n第二节 乙\n另外一段完全不同的内容，讲的是电子信息产业的发展方向和重点。\n"
        f"第三节 丙\n加快发展。{REPEATED.replace('着力', '努力')}\n第四节 丁\n{REPEATED}\n",
    )
    (finding,) = check_repeated_text(doc)
    assert finding.lines == [2, 6, 8]
    assert finding.severity == "info"


def test_no_repeats_in_distinct_text(tmp_path: Path) -> None:
    doc = document(
        tmp_path,
        "第一节 甲\n这是第一段内容，说明了园区的基础设施建设情况和下一步安排。\n第二节 乙\n这是另一段，讲述招商引资的方式方法和考核机制的完善。\n",
    )
    assert check_repeated_text(doc) == []


def test_doubled_phrases(tmp_path: Path) -> None:
    doc = document(tmp_path, "制约制造业高质量发展发展的主要瓶颈。层层压实责任，常常检查。\n")
    findings = check_doubled_phrases(doc)
    assert [f.evidence["phrase"] for f in findings] == ["发展"]


def test_one_cluster_two_scales(tmp_path: Path) -> None:
    doc = document(
        tmp_path,
        "打造百亿级医药产业集群。打造一百五十亿级规模的医药产业集群。\n推动百亿级健康食品产业集群。打造100亿级健康食品产业集群。\n",
    )
    (finding,) = check_cluster_scales(doc)
    assert finding.evidence == {"cluster": "医药产业集群", "scales_yi_yuan": [100.0, 150.0]}
    assert finding.severity == "warning"


def test_numbers_joined_across_debris() -> None:
    repaired = plan(repairs=[Repair(line=235, before="100⏎亿元", after="100亿元", reason="分页")])
    (finding,) = check_repairs(repaired)
    assert finding.line == 235 and "100亿元" in finding.message


def test_a_phrase_coordinated_with_itself(tmp_path: Path) -> None:
    doc = document(
        tmp_path,
        "向医疗设备拓展；布局符合DICOM标准的医用显示器和符合DICOM标准的医用显示器；发展电容、电阻。\n"
        "大力发展高端装备、高端装备，培育新材料与新材料产业。\n",
    )
    findings = check_doubled_phrases(doc)
    assert [(f.evidence["phrase"], f.line) for f in findings] == [
        ("符合DICOM标准的医用显示器", 1),
        ("高端装备", 2),
    ]
    assert "与自身并列" in findings[0].message


def test_no_alarm_on_words_that_only_look_doubled(tmp_path: Path) -> None:
    # Seen on the corpus: 一项一项 is reduplication, 主动公开 公开范围 two table cells a space kept apart,
    # 企业和企业家 two different words.
    doc = document(
        tmp_path,
        "做到“责任落实马上办、一项一项盯着干”。\n公开方式 主动公开 公开范围 面向社会\n支持中小企业和企业家。\n",
    )
    assert check_doubled_phrases(doc) == []


def test_a_title_line_restating_a_sentence_is_no_repeat(tmp_path: Path) -> None:
    # Seen on the corpus: a page title repeated in its 文件名称 field, a caption restating the sentence above.
    title = "平利县人民政府关于印发2025年国民经济和社会发展计划的通知"
    doc = document(tmp_path, f"{title}\n文件名称 {title}\n")
    assert check_repeated_text(doc) == []
