from __future__ import annotations

from pathlib import Path

from planwatch.plan.document import Document
from planwatch.plan.read import read
from planwatch.plan.recognise.parks import is_park_name, recognise_parks


def test_the_four_shizhu_parks_with_their_table_columns(shizhu_doc: Document) -> None:
    parks = {park.name: park for park in recognise_parks(shizhu_doc)}
    assert list(parks) == ["下路工业园区", "万朝静脉产业园", "龙潭有色金属产业园", "西沱绿色新型材料产业园"]
    xialu = parks["下路工业园区"].attributes
    assert xialu["主导产业"] == "康养消费品产业和装备制造业"
    assert xialu["规划用地面积（公顷）"] == {"value": 585.69, "unit": "公顷"}
    assert xialu["工业用地面积（公顷）"] == {"value": 300.71, "unit": "公顷"}
    assert xialu["入驻企业（家）"] == {"value": 65, "unit": "家"}
    assert xialu["2022年规上产值（亿元）"] == {"value": 51.17, "unit": "亿元"}
    assert xialu["规划章节"] == "第一节下路工业园区"
    longtan = parks["龙潭有色金属产业园"].attributes
    # "——" is no value; a note written in a number column stays words.
    assert longtan["入驻企业（家）"] is None
    assert longtan["2022年规上产值（亿元）"] == "整合龙潭铅锌矿资源，开展环保遗留问题综合整治"
    assert parks["万朝静脉产业园"].source.line == 44


def test_park_names() -> None:
    assert is_park_name("下路工业园区")
    assert is_park_name("西沱绿色新型材料产业园")
    assert not is_park_name("创建市级高新技术产业开发区")
    assert not is_park_name("加快发展医药、健康食品两大支柱产业集群")


def test_a_park_section_without_a_table(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("第一节 黄桥工业园区\n到2025年，产值达到30亿元。\n", encoding="utf-8")
    (park,) = recognise_parks(read(path))
    assert park.name == "黄桥工业园区" and park.source.line == 1
