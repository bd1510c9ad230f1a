"""Who is on each link: by industry code, by product keyword, as registered, by hand; and where projects sit."""

from __future__ import annotations

from planwatch.chains.attach import HandEntry, Member, attach, place_projects
from planwatch.chains.graph import derive
from planwatch.plan.model import Plan


def member(
    uscc: str, name: str, industry: str | None = None, registered: str | None = None, large: bool = False
) -> Member:
    return Member(uscc, name, "下路工业园区", industry, registered, 1000.0, large, False)


def test_enterprises_are_placed_by_code_keyword_registration_and_hand(shizhu: Plan) -> None:
    maps = derive(shizhu)
    people = [
        member("A", "某中药公司", industry="C2730"),  # 中药饮片加工
        member("B", "石柱红辣椒调味品厂"),  # no code: its name carries a keyword
        member("C", "某食品公司", industry="1469", registered="特色调味制品产业链/辣椒产品销售"),
        member("D", "某环保公司"),
    ]
    hand = [
        HandEntry("铅锌材料产业链", "冶炼", "enterprise", "D", True),
        HandEntry("中医药产业链", "中药饮片", "enterprise", "A", False),  # a person says it is not there
    ]
    assert ("A", "行业代码") in [(p.member.uscc, p.how) for p in attach(maps, people)[("中医药产业链", "中药饮片")]]
    placed = attach(maps, people, hand)
    on = {key: [(p.member.uscc, p.how) for p in found] for key, found in placed.items() if found}
    assert ("A", "行业代码") not in on.get(("中医药产业链", "中药饮片"), [])
    assert ("C", "行业代码") in on[("特色调味制品产业链", "辣椒精深加工")]  # 146 调味品 ⊂ 1469
    assert ("C", "登记") in on[("特色调味制品产业链", "辣椒产品销售")]
    assert ("D", "手工") in on[("铅锌材料产业链", "冶炼")]
    keyword_links = [key for key, found in on.items() if ("B", "产品关键词") in found]
    assert keyword_links and all(chain == "特色调味制品产业链" for chain, _ in keyword_links)


def test_projects_sit_on_the_chain_their_group_or_words_name(shizhu: Plan) -> None:
    maps = derive(shizhu)
    placed = place_projects(maps, shizhu.projects)
    assert placed["1.1.1.1"] == ("特色调味制品产业链", "辣椒精深加工")  # group 特色调味制品
    assert placed["1.1.3.2"] == ("中医药产业链", "中药饮片")
    assert placed["4.4"][0] == "铅锌材料产业链"  # 铅锌五金制品: by its words
    assert placed["4.2"][0] == "铅锌材料产业链"  # 电解锌: beside it in the same park
    assert "3.1" not in placed  # 西沱's 绿色新型材料 is no 绿色食品
    moved = place_projects(
        maps, shizhu.projects, [HandEntry("中医药产业链", "中成药（中兽药）", "project", "1.1.3.2", True)]
    )
    assert moved["1.1.3.2"] == ("中医药产业链", "中成药（中兽药）")
