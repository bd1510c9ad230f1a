"""A plan's chains as named graphs of links (upstream → downstream), and the stored edits to them.

The reader keeps each chain as its links and the sentence they stand in
(``plan.model.Chain``); a chain map adds what monitoring needs:

* a **name** — the words the plan puts after the chain (``“…”中医药产业体系`` → 中医药产业链),
  else the label that opens its paragraph (``——特色调味制品。``), else the industry the
  paragraph plans (``重点规划静脉产业``), else its first link;
* per link its **position** (1 = upstream) and **stage** (上游/中游/下游), the **industry
  codes** (GB/T 4754-2017 prefixes, ``data/chain_industries.yaml``) and the product
  **keywords** (the link's name without stage words) that place enterprises on it.

A chain map is editable: a stored version (the 产业链图谱 sheet) replaces what is derived here,
chain by chain, so the names, links, codes and keywords people correct are the ones used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from planwatch import data
from planwatch.plan.model import Chain, Plan

MANUFACTURING = range(13, 44)
"""GB/T 4754-2017 门类 C (制造业) is 大类 13–43: links making things, where industrial projects land."""

_AFTER_QUOTE = re.compile(r"”的?([^，。；、“”\s]{1,12}?)(?:全?产业链|产业链条|产业体系|链条|体系)")
_LEAD_LABEL = re.compile(r"^(?:——|—|-)?\s*([^。，；：“”\s]{2,12})[。：:]")
_PLANNED = re.compile(r"(?:重点规划|规划发展|重点发展|着力发展)([^，。、；“”\s]{2,8}?产业)")
_GENERIC_STEMS = {"", "产业", "工业", "全", "的"}


@dataclass(frozen=True)
class Link:
    name: str
    position: int
    """1 for the most upstream link."""
    stage: str
    """上游, 中游 or 下游."""
    industries: dict[str, str] = field(default_factory=dict)
    """GB/T 4754-2017 code prefix → its name: an enterprise whose code starts with one belongs here."""
    keywords: tuple[str, ...] = ()
    """Product words: an enterprise without a registered code whose name carries one belongs here."""

    @property
    def manufacturing(self) -> bool:
        return any(code[:2].isdigit() and int(code[:2]) in MANUFACTURING for code in self.industries)


@dataclass(frozen=True)
class ChainMap:
    name: str
    links: tuple[Link, ...]
    context: str
    """The sentence the chain stands in."""
    line: int
    """The plan line holding the chain."""
    line_text: str
    """That line's text: what the plan says around the chain (for the gap list)."""
    edited: bool = False
    """Names or links come from a stored version of the map, not from the plan as read."""

    @property
    def stem(self) -> str:
        """The chain's name without 产业链: what its projects' groups are called (中医药)."""
        return re.sub(r"(?:产业链|产业)$", "", self.name)

    def link(self, name: str) -> Link | None:
        return next((link for link in self.links if link.name == name), None)


@cache
def _rules() -> dict[str, Any]:
    loaded: dict[str, Any] = data.load("chain_industries.yaml")
    return loaded


def chain_name(chain: Chain) -> str:
    """What a chain is called (see the module docstring)."""
    candidates = []
    if match := _AFTER_QUOTE.search(chain.context):
        candidates.append(match.group(1))
    if match := _LEAD_LABEL.match(chain.source.text.strip()):
        candidates.append(match.group(1))
    if match := _PLANNED.search(chain.source.text):
        candidates.append(match.group(1))
    for candidate in candidates:
        stem = re.sub(r"(?:产业链|产业|项目)$", "", candidate.strip())
        if stem not in _GENERIC_STEMS:
            return f"{stem}产业链"
    return f"{chain.links[0]}产业链"


def keywords(link: str) -> tuple[str, ...]:
    """Product words of a link: its name and bracketed alternatives without stage words (辣椒粗加工 → 辣椒)."""
    inside = re.findall(r"[（(]([^）)]*)[）)]", link)
    outside = re.sub(r"[（(][^）)]*[）)]", "", link)
    words: list[str] = []
    for part in [outside, *(piece for group in inside for piece in re.split(r"[/／、,，]", group))]:
        word = part.strip()
        for stage in sorted(_rules()["stage_words"], key=len, reverse=True):
            word = word.replace(stage, "")
        word = re.sub(r"^[及和与]|[及和与]$", "", word)
        if len(word) >= 2 and word not in words:
            words.append(word)
    return tuple(words)


def industries(link: str, chain_words: str) -> dict[str, str]:
    """The GB/T 4754 codes of a link, by the rules of ``data/chain_industries.yaml``."""
    found: dict[str, str] = {}
    for rule in _rules()["rules"]:
        if not any(word in link for word in rule["words"]):
            continue
        if "chain" in rule and not any(word in chain_words for word in rule["chain"]):
            continue
        for code, name in rule["codes"].items():
            found.setdefault(str(code), str(name))
        if rule.get("stop"):
            break
    return found


def stage_of(position: int, count: int) -> str:
    if position == 1:
        return "上游"
    return "下游" if position == count else "中游"


def _links(names: list[str], chain_words: str) -> tuple[Link, ...]:
    return tuple(
        Link(name, n, stage_of(n, len(names)), industries(name, chain_words), keywords(name))
        for n, name in enumerate(names, start=1)
    )


def derive(plan: Plan) -> list[ChainMap]:
    """Every chain of the plan as read, named, with the codes and keywords of its links."""
    maps: list[ChainMap] = []
    used: dict[str, int] = {}
    for chain in plan.chains:
        name = chain_name(chain)
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name}（{used[name]}）"
        words = name + "".join(chain.links)
        maps.append(ChainMap(name, _links(chain.links, words), chain.context, chain.source.line, chain.source.text))
    return maps


def to_body(maps: list[ChainMap]) -> list[dict[str, Any]]:
    """A chain map as stored (JSON): the plan line keeps each chain tied to the text."""
    return [
        {
            "name": m.name,
            "line": m.line,
            "links": [{"name": k.name, "industries": k.industries, "keywords": list(k.keywords)} for k in m.links],
        }
        for m in maps
    ]


def apply_edits(derived: list[ChainMap], body: list[dict[str, Any]] | None) -> list[ChainMap]:
    """The plan's chains with a stored version of the map in force: it replaces them, chain by chain.

    A stored chain keeps the plan's sentence when it stands on the same plan line; a chain the plan
    does not have (added by hand) has none.
    """
    if not body:
        return derived
    by_line = {m.line: m for m in derived}
    edited: list[ChainMap] = []
    for item in body:
        names = [str(link["name"]) for link in item["links"]]
        words = str(item["name"]) + "".join(names)
        links = tuple(
            Link(
                str(link["name"]),
                n,
                stage_of(n, len(names)),
                {str(k): str(v) for k, v in (link.get("industries") or {}).items()}
                or industries(str(link["name"]), words),
                tuple(link.get("keywords") or ()) or keywords(str(link["name"])),
            )
            for n, link in enumerate(item["links"], start=1)
        )
        source = by_line.get(int(item.get("line") or 0))
        edited.append(
            ChainMap(
                str(item["name"]),
                links,
                source.context if source else "",
                source.line if source else 0,
                source.line_text if source else "",
                edited=True,
            )
        )
    return edited
