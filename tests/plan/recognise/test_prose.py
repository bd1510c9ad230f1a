"""Targets and facts in running text: small real excerpts and messy variants of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.plan.document import Document
from planwatch.plan.model import Period
from planwatch.plan.read import read
from planwatch.plan.recognise.prose import Found, five_year_plan_years, recognise_prose

SHIZHU_PERIOD = Period(start=2023, end=2027)


def _read(
    tmp_path: Path, text: str, period: Period = SHIZHU_PERIOD, published: int = 2024, encoding: str = "utf-8"
) -> Found:
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    return recognise_prose(read(path), period, published)


def _targets(found: Found) -> list[tuple[str, int | None, float | None, str | None, str | None]]:
    return [(i.name, i.target.year, i.target.value, i.unit, i.target.comparator) for i in found.indicators]


def _facts(found: Found) -> list[tuple[str, int | None, float, str | None]]:
    return [(f.name, f.year, f.value, f.unit) for f in found.facts]


GOALS = (
    "第三节  发展目标\n"
    "到2027年，园区发展质效大幅度提升，成功创建市级智慧园区。\n"
    "——发展质效大幅度提升。规上工业产值达到110亿元以上，入库税金1.5亿元。\n"
    "——主体培育成效显著。专精特新“小巨人”企业、高新技术企业分别增加至3家、15家。\n"
    "到2035年，工业总产值达到350亿元。\n"
)


def test_a_year_clause_governs_the_list_after_it(tmp_path: Path) -> None:
    found = _read(tmp_path, GOALS)
    assert _targets(found) == [
        ("成功创建市级智慧园区", 2027, None, None, None),
        ("规上工业产值", 2027, 110, "亿元", ">="),
        ("入库税金", 2027, 1.5, "亿元", ">="),
        ("专精特新“小巨人”企业", 2027, 3, "家", ">="),
        ("高新技术企业", 2027, 15, "家", ">="),
        ("工业总产值", 2035, 350, "亿元", ">="),
    ]
    assert found.facts == []
    assert [i.source.line for i in found.indicators] == [2, 3, 3, 4, 4, 5]
    assert found.indicators[1].target.year_basis == "context"
    assert found.indicators[-1].target.year_basis == "stated"


def test_ascii_punctuation_stray_spaces_and_gbk(tmp_path: Path) -> None:
    messy = "第三节 发展目标\n力争到 2027 年, 规上工业产值达到 110 亿元以上, 入库税金 1 .5 亿元; 研发投入强度达到2.\n"
    found = _read(tmp_path, messy, encoding="gbk")
    assert _targets(found) == [
        ("规上工业产值", 2027, 110, "亿元", ">="),
        ("入库税金", 2027, 1.5, "亿元", ">="),
        # The % is missing in the text: the value is kept without a unit rather than guessed.
        ("研发投入强度", 2027, 2, None, ">="),
    ]


@pytest.mark.parametrize(
    ("clause", "comparator", "approximate", "value"),
    [
        ("规上工业企业达150家以上", ">=", False, 150),
        ("规上工业产值突破400亿元", ">", False, 400),
        ("建成面积500亩左右", "=", True, 500),
        ("单位能耗控制在0.5吨标准煤以下", "<=", False, 0.5),
        ("工业总产值超过500亿元", ">", False, 500),
        ("科技型企业不少于八十家", ">=", False, 80),
    ],
)
def test_comparators(tmp_path: Path, clause: str, comparator: str, approximate: bool, value: float) -> None:
    found = _read(tmp_path, f"第三节 发展目标\n到2025年，{clause}。\n", Period(start=2021, end=2025), 2022)
    assert len(found.indicators) == 1
    target = found.indicators[0].target
    assert (target.comparator, target.approximate, target.value) == (comparator, approximate, value)


def test_decrease_against_a_base_year(tmp_path: Path) -> None:
    found = _read(tmp_path, "第三节 发展目标\n到2027年，规模企业单位增加值能耗较2022年下降13%。\n")
    (indicator,) = found.indicators
    assert indicator.name == "规模企业单位增加值能耗"
    assert (indicator.target.direction, indicator.target.basis, indicator.target.value) == ("decrease", "change", 13)
    assert indicator.baseline is not None and indicator.baseline.year == 2022


def test_stated_figures_are_facts_not_targets(tmp_path: Path) -> None:
    text = (
        "第一章  发展现状\n"
        "产业规模不断壮大。入驻企业66家，其中投产企业49家，规上企业25家。"
        "2022年实现规上工业产值51.37亿元，入库税金0.47亿元。其中，海庆、海创等清洁能源企业4家，产值16.9亿元。\n"
        "科技创新持续增强。有高新技术企业9家、专精特新企业8家。\n"
    )
    found = _read(tmp_path, text)
    assert found.indicators == []
    assert _facts(found) == [
        ("入驻企业", 2022, 66, "家"),
        ("投产企业", 2022, 49, "家"),
        ("规上企业", 2022, 25, "家"),
        ("规上工业产值", 2022, 51.37, "亿元"),
        ("入库税金", 2022, 0.47, "亿元"),
        ("清洁能源企业", 2022, 4, "家"),
        ("清洁能源产值", 2022, 16.9, "亿元"),
        ("高新技术企业", 2022, 9, "家"),
        ("专精特新企业", 2022, 8, "家"),
    ]
    # How the year was decided: the paragraph's year, the sentence's, the section's reference year.
    assert [f.year_basis for f in found.facts] == ["paragraph"] * 3 + ["sentence"] * 2 + ["paragraph"] * 2 + [
        "section"
    ] * 2


def test_forecasts_are_neither(tmp_path: Path) -> None:
    found = _read(tmp_path, "第一章 发展现状\n预计2023年规上工业产值达到60亿元。\n")
    assert found.indicators == [] and found.facts == []


def test_growth_after_a_level_and_descriptive_numbers(tmp_path: Path) -> None:
    text = (
        "第一章 发展现状\n"
        "2022年，全县工业增加值38.25亿元，增长3.8%。建成日处理2万吨工业污水处理厂、投用8500㎡商业综合体，"
        "引入77家企业。\n"
    )
    found = _read(tmp_path, text)
    assert _facts(found) == [
        ("工业增加值", 2022, 38.25, "亿元"),
        ("工业增加值增速", 2022, 3.8, "%"),
        ("引入企业", 2022, 77, "家"),
    ]


def test_five_year_plan_periods() -> None:
    assert five_year_plan_years(13) == (2016, 2020)
    assert five_year_plan_years(14) == (2021, 2025)
    assert five_year_plan_years(15) == (2026, 2030)


def test_shizhu_park_targets_carry_the_park_as_scope(shizhu_doc: Document) -> None:
    found = recognise_prose(shizhu_doc, SHIZHU_PERIOD, 2024)
    by_scope = {(i.scope, i.name): (i.target.year, i.target.value, i.unit) for i in found.indicators if i.scope}
    assert by_scope[("下路工业园区", "规上工业产值")] == (2027, 75, "亿元")
    assert by_scope[("万朝静脉产业园", "建成面积")] == (2027, 200, "亩")
    assert by_scope[("万朝静脉产业园", "产值")] == (2027, 5, "亿元")
    assert by_scope[("龙潭有色金属产业园", "建成面积")] == (2027, 300, "亩")
    assert by_scope[("龙潭有色金属产业园", "产值")] == (2027, 10, "亿元")
    assert by_scope[("西沱绿色新型材料产业园", "建成面积")] == (2027, 400, "亩")
    assert by_scope[("西沱绿色新型材料产业园", "产值")] == (2027, 20, "亿元")
    # Industry sections inside a park: 康养消费品产业 25亿元, 装备制造产业 50亿元.
    assert by_scope[("康养消费品产业", "规上工业产值")] == (2027, 25, "亿元")
    assert by_scope[("装备制造产业", "规上工业产值")] == (2027, 50, "亿元")


def test_increments_and_the_whole_county(tmp_path: Path) -> None:
    text = (
        "第一章 发展现状\n2022年，全县工业增加值38.25亿元；园区规上工业产值51.37亿元。\n"
        "第三节 发展目标\n到2027年，力争新培育10亿级企业1家、上市企业1家。\n"
    )
    found = _read(tmp_path, text)
    assert [(f.name, f.scope) for f in found.facts] == [("工业增加值", "全县"), ("园区规上工业产值", None)]
    assert [(i.name, i.target.value, i.target.basis) for i in found.indicators] == [
        ("10亿级企业", 1, "increment"),
        ("上市企业", 1, "increment"),
    ]


def test_a_park_extended_to_an_area_is_its_area(tmp_path: Path) -> None:
    found = _read(
        tmp_path,
        "第八节 支撑平台\n按照每年约1.5平方公里的建设速度，将园区拓展至10平方公里以上。\n",
        Period(start=2021, end=2025),
        2022,
    )
    assert _targets(found) == [("园区面积", 2025, 10, "平方公里", ">=")]
    assert found.indicators[0].target.year_basis == "plan_end"
