from __future__ import annotations

import pytest

from planwatch.plan.text import clean, ends_sentence, heading_level, heading_title


def test_clean_removes_converter_debris() -> None:
    assert clean("**1.制造业发展成效显著。**2020 年实现工业总产值 111.48 亿元") == (
        "1.制造业发展成效显著。2020年实现工业总产值111.48亿元"
    )
    assert clean("<b>第一章 主要成效与问题</b>") == "第一章主要成效与问题"
    assert clean("规上工业产值５１．３７亿元，占比１３％") == "规上工业产值51.37亿元，占比13%"
    assert clean("\t51　") == "51"
    assert clean("产值 51 .37 亿元") == "产值51.37亿元"
    assert clean("IT 制造商") == "IT制造商"


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("第一章  发展现状", 1),
        ("# 第一章 主要成效与问题", 1),
        ("### **第一节 指导思想**", 2),
        ("第三节  发展目标", 2),
        ("一、下路工业园区", 3),
        ("### 专栏 1：医药产业发展重点", 3),
        ("（一）康养消费品产业", 4),
        (" 1. 康养消费品产业", 5),
        ("# 目 录", 6),
        ("1. 经济总量偏小，产业规模不大。园区规上工业产值仅占全县总产值的60%左右。", None),
        ("近年来，石柱县突出绿色工业特色。", None),
        ("", None),
    ],
)
def test_heading_level(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_heading_title_drops_numbering() -> None:
    assert heading_title("第一节  下路工业园区") == "下路工业园区"
    assert heading_title("（二）装备制造业产业") == "装备制造业产业"
    assert heading_title(" 1. 康养消费品产业") == "康养消费品产业"


def test_ends_sentence() -> None:
    assert ends_sentence("亿元。")
    assert ends_sentence("“一区三园”。”")
    assert not ends_sentence("以碳素制品、电子产品、")
