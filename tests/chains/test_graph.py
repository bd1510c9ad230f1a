"""The plan's chains as named graphs of links, and a stored version of the map replacing them."""

from __future__ import annotations

from planwatch.chains.graph import apply_edits, derive, keywords, to_body
from planwatch.plan.model import Plan


def test_each_chain_of_the_shizhu_plan_is_named_and_its_links_ordered(shizhu: Plan) -> None:
    maps = derive(shizhu)
    assert len(maps) == len(shizhu.chains) == 6
    names = [m.name for m in maps]
    # Named from the words after the chain, the paragraph's label, or the industry it plans.
    assert names == [
        "特色调味制品产业链",
        "绿色食品产业链",
        "中医药产业链",
        "仪器仪表产业链",
        "静脉产业链",
        "铅锌材料产业链",
    ]
    for chain, plan_chain in zip(maps, shizhu.chains, strict=True):
        assert [link.name for link in chain.links] == plan_chain.links
        assert [link.position for link in chain.links] == list(range(1, len(plan_chain.links) + 1))
        assert chain.links[0].stage == "上游" and chain.links[-1].stage == "下游"
        assert chain.line == plan_chain.source.line


def test_links_get_industry_codes_and_product_keywords(shizhu: Plan) -> None:
    medicine = next(m for m in derive(shizhu) if m.name == "中医药产业链")
    assert "2730" in medicine.link("中药饮片").industries  # type: ignore[union-attr]  # the link exists
    assert medicine.link("中药材种植").industries == {"017": "中药材种植"}  # type: ignore[union-attr]
    lead = next(m for m in derive(shizhu) if m.name == "铅锌材料产业链")
    assert "3212" in lead.link("冶炼").industries  # type: ignore[union-attr]  # 铅锌冶炼, only in a 铅锌 chain
    assert keywords("辣椒粗加工") == ("辣椒",)
    assert keywords("中成药（中兽药）") == ("中成药", "中兽药")


def test_a_stored_version_replaces_the_chains_it_names(shizhu: Plan) -> None:
    derived = derive(shizhu)
    body = to_body(derived)
    body[0]["name"] = "辣椒产业链"
    body[0]["links"] = [*body[0]["links"][:2], {"name": "火锅底料", "industries": {"1469": ""}, "keywords": ["底料"]}]
    edited = apply_edits(derived, body)
    assert edited[0].name == "辣椒产业链" and edited[0].edited
    assert [k.name for k in edited[0].links] == ["辣椒种植", "辣椒粗加工", "火锅底料"]
    assert edited[0].line == derived[0].line and edited[0].context == derived[0].context
    assert apply_edits(derived, None) == derived
