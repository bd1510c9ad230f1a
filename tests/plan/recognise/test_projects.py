"""Project lists: leaves with their group path, and every subtotal as stated."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.plan.document import Document
from planwatch.plan.read import read
from planwatch.plan.recognise.projects import numbering, parse_years, recognise_projects

# Written from reading 003 lines 344–1055: every subtotal row, as stated (万元).
SHIZHU_GROUPS = [
    ([], 2039600),
    (["下路工业园区"], 1498600),
    (["下路工业园区", "康养消费品产业"], 527600),
    (["下路工业园区", "康养消费品产业", "特色调味制品"], 30000),
    (["下路工业园区", "康养消费品产业", "绿色食品"], 252600),
    (["下路工业园区", "康养消费品产业", "中医药"], 245000),
    (["下路工业园区", "康养消费品产业", "新兴消费品"], 144000),
    (["下路工业园区", "装备制造业产业"], 971000),
    (["下路工业园区", "装备制造业产业", "仪器仪表及传感器项目"], 107000),
    (["下路工业园区", "装备制造业产业", "泵阀产品项目"], 333000),
    (["下路工业园区", "装备制造业产业", "电子零部件项目"], 140000),
    (["下路工业园区", "装备制造业产业", "清洁能源配套装备项目"], 391000),
    (["万朝静脉产业园"], 33000),
    (["西沱绿色新型材料产业园"], 328000),
    (["龙潭有色金属产业园"], 180000),
]


def test_shizhu_groups_as_stated(shizhu_doc: Document) -> None:
    _, groups = recognise_projects(shizhu_doc)
    assert [(g.path, g.stated_investment.value if g.stated_investment else None) for g in groups] == SHIZHU_GROUPS
    assert {g.stated_investment.unit for g in groups if g.stated_investment} == {"万元"}


def test_shizhu_leaf_projects(shizhu_doc: Document) -> None:
    projects, _ = recognise_projects(shizhu_doc)
    assert len(projects) == 73
    by_park: dict[str, int] = {}
    for project in projects:
        by_park[project.group_path[0]] = by_park.get(project.group_path[0], 0) + 1
    assert by_park == {"下路工业园区": 55, "万朝静脉产业园": 5, "西沱绿色新型材料产业园": 9, "龙潭有色金属产业园": 4}
    first = projects[0]
    assert (first.name, first.nature, first.start_year, first.end_year) == ("辣椒系列调味品", "新建", 2023, 2027)
    assert first.investment is not None and (first.investment.value, first.investment.unit) == (30000, "万元")
    assert first.group_path == ["下路工业园区", "康养消费品产业", "特色调味制品"]
    assert first.content and first.content.startswith("主要建设辣椒烘干房")
    assert first.source.line == 391  # the line of the name cell
    single_year = next(p for p in projects if p.name == "无醇饮品生产项目")
    assert (single_year.start_year, single_year.end_year) == (2024, 2024)
    bamboo = next(p for p in projects if p.name == "竹笋精深加工项目")
    assert (bamboo.start_year, bamboo.end_year, bamboo.investment and bamboo.investment.value) == (2023, 2024, 6000)
    # A park whose projects hang directly under 二、 (no （一） level).
    wanchao = [p for p in projects if p.group_path == ["万朝静脉产业园"]]
    assert [p.investment.value for p in wanchao if p.investment] == [12000, 8000, 5000, 5000, 3000]
    assert len({p.id for p in projects}) == 73


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、下路工业园区", ("cn", "一", "下路工业园区")),
        ("（一）康养消费品产业", ("cn_paren", "一", "康养消费品产业")),
        ("(1)", ("arabic_paren", "1", "")),
        ("（12）", ("arabic_paren", "12", "")),
        ("1", ("arabic", "1", "")),
        ("3. 中医药", ("arabic", "3", "中医药")),
        ("①", ("circled", "①", "")),
        ("项目总投资", None),
        ("2023-2027", None),
    ],
)
def test_numbering(text: str, expected: tuple[str, str, str] | None) -> None:
    assert numbering(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-2027", (2023, 2027)),
        ("2024", (2024, 2024)),
        ("2023年—2025年", (2023, 2025)),
        ("2024～2026", (2024, 2026)),
        ("长期", (None, None)),
    ],
)
def test_parse_years(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_years(text) == expected


def test_three_levels_and_a_total_in_a_markdown_table(tmp_path: Path) -> None:
    path = tmp_path / "projects.md"
    path.write_text(
        "| 序号 | 项目名称 | 建设内容 | 建设性质 | 建设年限 | 总投资（亿元） |\n"
        "|---|---|---|---|---|---|\n"
        "| | 合计 | | | | 10 |\n"
        "| 一、 | 园区甲 | | | | 6 |\n"
        "| （一） | 食品 | | | | 4 |\n"
        "| 1 | 罐头厂 | 生产线1条 | 新建 | 2024-2025 | 1.5 |\n"
        "| 2 | 饮料厂 | 生产线2条 | 续建 | 2023 | 2.5 |\n"
        "| （二） | 装备 | | | | 2 |\n"
        "| 1 | 泵厂 | 厂房 | 扩建 | 2025-2026 | 2 |\n"
        "| 二、 | 园区乙 | | | | 4 |\n"
        "| 1 | 道路 | 园区道路 | 新建 | 2024 | 4 |\n",
        encoding="utf-8",
    )
    projects, groups = recognise_projects(read(path))
    assert [(p.id, p.name, p.group_path, p.nature) for p in projects] == [
        ("1.1.1", "罐头厂", ["园区甲", "食品"], "新建"),
        ("1.1.2", "饮料厂", ["园区甲", "食品"], "续建"),
        ("1.2.1", "泵厂", ["园区甲", "装备"], "扩建"),
        ("2.1", "道路", ["园区乙"], "新建"),
    ]
    assert [(g.path, g.stated_investment and g.stated_investment.value) for g in groups] == [
        ([], 10),
        (["园区甲"], 6),
        (["园区甲", "食品"], 4),
        (["园区甲", "装备"], 2),
        (["园区乙"], 4),
    ]
    assert {p.investment.unit for p in projects if p.investment} == {"亿元"}
