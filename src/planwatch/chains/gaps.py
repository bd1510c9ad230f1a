"""Where a chain needs 招商: links with no enterprise, or only small ones — 补链, 延链, 强链.

* **延链** — no enterprise on the link, and none anywhere downstream of it while some link
  upstream has one: the chain stops short and must be extended.
* **补链** — no enterprise on the link otherwise: a missing piece (upstream, in between, or a
  chain with nobody on it at all).
* **强链** — enterprises on the link, but no 规上 one among them: it is there, too weak to carry
  the chain.

Each gap carries what the plan says about it: the sentence of the chain's line that shares the
most words with the link (the chain's own sentence when none does better).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.chains.attach import Placed
from planwatch.chains.graph import ChainMap, Link

KINDS = ("补链", "延链", "强链")


@dataclass(frozen=True)
class Gap:
    chain: str
    link: str
    position: int
    kind: str
    reason: str
    """Why, in words: 无企业 / 仅有规下企业（3家）."""
    plan_text: str
    line: int


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。；！？])", text) if s.strip()]


def _pairs(text: str) -> set[str]:
    clean = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {clean[i : i + 2] for i in range(len(clean) - 1) if " " not in clean[i : i + 2]}


def plan_text(chain: ChainMap, link: Link) -> str:
    """The plan's sentence about the link: the one on the chain's line sharing most words with it."""
    wanted = _pairs(link.name) | {p for word in link.keywords for p in _pairs(word)}
    best, score = chain.context, 0
    for sentence in _sentences(chain.line_text):
        shared = len(wanted & _pairs(sentence))
        if shared > score and chain.context not in sentence:
            best, score = sentence, shared
    return best.lstrip("—").strip()


def find_gaps(maps: Sequence[ChainMap], placed: dict[tuple[str, str], list[Placed]]) -> list[Gap]:
    """Every link that needs 招商, chain by chain, upstream first."""
    gaps: list[Gap] = []
    for chain in maps:
        occupied = [bool(placed.get((chain.name, link.name))) for link in chain.links]
        for index, link in enumerate(chain.links):
            members = placed.get((chain.name, link.name), [])
            if members:
                if any(p.member.large for p in members):
                    continue
                kind, reason = "强链", f"仅有规下企业（{len(members)}家）"
            else:
                upstream = any(occupied[:index])
                downstream = any(occupied[index + 1 :])
                kind = "延链" if upstream and not downstream else "补链"
                reason = "无企业"
            gaps.append(Gap(chain.name, link.name, link.position, kind, reason, plan_text(chain, link), chain.line))
    return gaps
