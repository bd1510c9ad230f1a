"""Who is on each link: enterprises (by industry code, product keywords, registration or by hand) and projects.

Enterprises, in this order, later ways overriding earlier ones:

1. **行业代码** — the registry's GB/T 4754 code starts with one of the link's codes; within a
   chain the link with the longest matching code wins (0912 铅锌矿采选 is 开采 and 浮选 alike:
   both get it).
2. **产品关键词** — an enterprise with no registered code whose name carries one of the link's
   keywords (the longest keyword wins within a chain).
3. **登记** — the registry's 产业链环节 column names the link (``辣椒精深加工``, or
   ``特色调味制品产业链/辣椒精深加工`` when link names repeat across chains).
4. **手工** — a person attached or detached it (the 链上企业 sheet); a detachment removes an
   automatic placement too.  The latest entry for an (enterprise, chain, link) wins.

Projects: a project belongs to a chain whose name its group carries (``特色调味制品`` under
下路工业园区/康养消费品产业), else whose words its name carries (two-character words, leaving
out those every industry uses: 材料, 绿色, 智能 …); the other projects of a park whose placed
projects are all on one chain join that chain (龙潭's 电解锌 beside its 铅锌五金制品).  On the
chain, a project sits on the link its name and content share the most distinctive
two-character words with (words in more than half of the chain's links — 辣椒 in every link of
the 辣椒 chain — tell nothing), ties going to links that make things (制造业) and then
downstream; sharing none, it sits on the chain as a whole.  A person can place a project by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planwatch.chains.graph import ChainMap, Link
from planwatch.plan.model import Project

HOW = ("行业代码", "产品关键词", "登记", "手工")
_GENERIC_PAIRS = frozenset(
    [
        "生产",
        "项目",
        "建设",
        "产品",
        "产业",
        "工业",
        "相关",
        "配套",
        "设施",
        "开发",
        "发展",
        "制造",
        "系列",
        "基地",
        "中心",
        "主要",
        "新建",
        "投资",
        "精深",
        "深加",
    ]
)
_LOOSE_PAIRS = frozenset(
    [
        "材料",
        "制品",
        "绿色",
        "健康",
        "特色",
        "新型",
        "智能",
        "电子",
        "设备",
        "加工",
        "资源",
        "综合",
        "利用",
        "基础",
        "园区",
        "食品",
    ]
)
"""Words too common across industries to put a project on a chain by its name alone (绿色 in 绿色新型材料)."""


@dataclass(frozen=True)
class Member:
    """An enterprise as the chain map needs it (from the registry, its tags and its output)."""

    uscc: str
    name: str
    park: str | None
    industry: str | None
    registered: str | None
    """The registry's 产业链环节 text, as entered."""
    output: float | None
    """工业总产值 of the last complete year, 万元."""
    large: bool
    """规上 (above the statistical threshold) in that year."""
    leader: bool
    """Carries the 链主 tag."""


@dataclass(frozen=True)
class HandEntry:
    """A person's placement: an enterprise (``kind="enterprise"``, its USCC) or a project (its id) on a link."""

    chain: str
    link: str
    kind: str
    subject: str
    attached: bool


@dataclass(frozen=True)
class Placed:
    member: Member
    how: str


def _by_code(chain: ChainMap, member: Member) -> list[Link]:
    code = (member.industry or "").strip().upper().lstrip("ABCDEFGHIJKLMNOPQRST")
    if not code:
        return []
    best = 0
    found: list[Link] = []
    for link in chain.links:
        length = max((len(prefix) for prefix in link.industries if code.startswith(prefix)), default=0)
        if length > best:
            best, found = length, [link]
        elif length and length == best:
            found.append(link)
    return found


def _by_keyword(chain: ChainMap, member: Member) -> list[Link]:
    if member.industry:
        return []
    best = 0
    found: list[Link] = []
    for link in chain.links:
        length = max((len(word) for word in link.keywords if word in member.name), default=0)
        if length > best:
            best, found = length, [link]
        elif length and length == best:
            found.append(link)
    return found


def _registered(chain: ChainMap, member: Member) -> list[Link]:
    found: list[Link] = []
    for item in re.split(r"[;；,，、\n]", member.registered or ""):
        text = item.strip()
        if not text:
            continue
        named, _, link_name = text.rpartition("/") if "/" in text else text.rpartition(":")
        if named and named.strip() not in {chain.name, chain.stem}:
            continue
        link = chain.link(link_name.strip())
        if link is not None and link not in found:
            found.append(link)
    return found


def attach(
    maps: Sequence[ChainMap], members: Iterable[Member], hand: Sequence[HandEntry] = ()
) -> dict[tuple[str, str], list[Placed]]:
    """(chain, link) → the enterprises on it and how each got there (see the module docstring)."""
    placed: dict[tuple[str, str], dict[str, Placed]] = {(m.name, k.name): {} for m in maps for k in m.links}
    everyone = {member.uscc: member for member in members}
    for member in everyone.values():
        for chain in maps:
            for how, links in (
                ("行业代码", _by_code(chain, member)),
                ("产品关键词", _by_keyword(chain, member)),
                ("登记", _registered(chain, member)),
            ):
                for link in links:
                    placed[(chain.name, link.name)][member.uscc] = Placed(member, how)
    latest: dict[tuple[str, str, str], bool] = {}
    for entry in hand:
        if entry.kind == "enterprise":
            latest[(entry.chain, entry.link, entry.subject)] = entry.attached
    for (chain_name, link_name, uscc), attached in latest.items():
        spot = placed.get((chain_name, link_name))
        if spot is None:
            continue
        if not attached:
            spot.pop(uscc, None)
        elif uscc in everyone:
            spot[uscc] = Placed(everyone[uscc], "手工")
    return {
        key: sorted(found.values(), key=lambda p: (-(p.member.output or 0), p.member.uscc))
        for key, found in placed.items()
    }


def _pairs(text: str) -> set[str]:
    clean = re.sub(r"[^\u4e00-\u9fffA-Za-z]", " ", text)
    return {clean[i : i + 2] for i in range(len(clean) - 1) if " " not in clean[i : i + 2]} - _GENERIC_PAIRS


def _chain_of(maps: Sequence[ChainMap], project: Project) -> ChainMap | None:
    for chain in maps:
        if chain.stem and any(chain.stem in group or group in chain.stem for group in project.group_path[1:] or []):
            return chain
    for chain in maps:
        if chain.stem and any(chain.stem in group for group in project.group_path):
            return chain
    name = _pairs(project.name) - _LOOSE_PAIRS
    for chain in maps:
        words = _pairs(chain.stem) | {p for link in chain.links for word in link.keywords for p in _pairs(word)}
        if name & words:
            return chain
    return None


def _link_of(chain: ChainMap, project: Project) -> Link | None:
    if not chain.links:
        return None
    per_link = [_pairs(link.name) for link in chain.links]
    common = {pair for pair in set().union(*per_link) if sum(pair in pairs for pairs in per_link) * 2 > len(per_link)}
    text = _pairs(f"{project.name} {project.content or ''}") - common
    scored = [
        (len(text & (pairs - common)), link.manufacturing, link.position, link)
        for link, pairs in zip(chain.links, per_link, strict=True)
    ]
    best = max(scored, key=lambda s: (s[0], s[1], s[2]))
    return best[3] if best[0] else None


def place_projects(
    maps: Sequence[ChainMap], projects: Iterable[Project], hand: Sequence[HandEntry] = ()
) -> dict[str, tuple[str, str | None]]:
    """Project id → (chain, link or None when it sits on the chain as a whole), for the projects on a chain."""
    found: dict[str, tuple[str, str | None]] = {}
    listed = list(projects)
    for project in listed:
        chain = _chain_of(maps, project)
        if chain is not None:
            link = _link_of(chain, project)
            found[project.id] = (chain.name, link.name if link else None)
    # A park whose placed projects are all on one chain: its other projects are that chain's too.
    by_park: dict[str, set[str]] = {}
    for project in listed:
        if project.group_path and project.id in found:
            by_park.setdefault(project.group_path[0], set()).add(found[project.id][0])
    for project in listed:
        chains = by_park.get(project.group_path[0], set()) if project.group_path else set()
        if project.id not in found and len(chains) == 1:
            chain = next(m for m in maps if m.name in chains)
            link = _link_of(chain, project)
            found[project.id] = (chain.name, link.name if link else None)
    names = {(m.name, k.name) for m in maps for k in m.links}
    for entry in hand:
        if entry.kind != "project":
            continue
        if entry.attached and (entry.chain, entry.link) in names:
            found[entry.subject] = (entry.chain, entry.link)
        elif not entry.attached and found.get(entry.subject, ("", None))[0] == entry.chain:
            del found[entry.subject]
    return found
