"""The gap list: 补链 (no enterprise), 延链 (none downstream of the last one), 强链 (only small ones)."""

from __future__ import annotations

from planwatch.chains.attach import Member, Placed
from planwatch.chains.gaps import find_gaps
from planwatch.chains.graph import derive
from planwatch.plan.model import Plan


def test_gaps_follow_who_is_on_each_link(shizhu: Plan) -> None:
    chilli = derive(shizhu)[0]  # 辣椒种植 → 辣椒粗加工 → 辣椒精深加工 → 辣椒产品销售
    small = Placed(Member("S", "小企业", None, None, None, 300.0, False, False), "手工")
    large = Placed(Member("L", "规上企业", None, None, None, 9000.0, True, False), "手工")
    placed = {(chilli.name, "辣椒粗加工"): [small], (chilli.name, "辣椒精深加工"): [large, small]}
    gaps = {g.link: g for g in find_gaps([chilli], placed)}
    assert gaps["辣椒种植"].kind == "补链"  # upstream, nobody
    assert gaps["辣椒粗加工"].kind == "强链" and "1家" in gaps["辣椒粗加工"].reason
    assert "辣椒精深加工" not in gaps
    assert gaps["辣椒产品销售"].kind == "延链"  # the chain stops short of it
    assert all(g.plan_text and g.line == chilli.line for g in gaps.values())
    empty = find_gaps([chilli], {})
    assert [g.kind for g in empty] == ["补链"] * 4  # a chain with nobody on it needs every link
