"""The chain map as JSON (``planwatch chains --json``, the dashboard's ``/api/chains``): the contract.

``{"plan", "chains": [{"name", "links": [{"name", "position", "enterprises": [uscc…],
"projects": [id…]}]}], "gaps": [{"chain", "link", "kind", "plan_text"}]}``, with more per link
(stage, industry codes, how each enterprise got there, output, 链主) and per gap (reason, line).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planwatch.chains.attach import Placed
from planwatch.chains.gaps import Gap
from planwatch.chains.graph import ChainMap


def chains_json(
    plan_id: str,
    maps: Sequence[ChainMap],
    placed: dict[tuple[str, str], list[Placed]],
    projects: dict[str, tuple[str, str | None]],
    gaps: Sequence[Gap],
    year: int,
    version: int | None = None,
) -> dict[str, Any]:
    on_link: dict[tuple[str, str | None], list[str]] = {}
    for project, (chain, link) in projects.items():
        on_link.setdefault((chain, link), []).append(project)
    chains = []
    for m in maps:
        links = []
        for k in m.links:
            members = placed.get((m.name, k.name), [])
            links.append(
                {
                    "name": k.name,
                    "position": k.position,
                    "stage": k.stage,
                    "industries": k.industries,
                    "keywords": list(k.keywords),
                    "enterprises": [p.member.uscc for p in members],
                    "members": [
                        {
                            "uscc": p.member.uscc,
                            "name": p.member.name,
                            "park": p.member.park,
                            "how": p.how,
                            "output_wan": None if p.member.output is None else round(p.member.output, 2),
                            "large": p.member.large,
                            "leader": p.member.leader,
                        }
                        for p in members
                    ],
                    "output_wan": round(sum(p.member.output or 0 for p in members), 2),
                    "leader": any(p.member.leader for p in members),
                    "projects": on_link.get((m.name, k.name), []),
                }
            )
        chains.append(
            {
                "name": m.name,
                "line": m.line,
                "context": m.context,
                "edited": m.edited,
                "links": links,
                "projects": on_link.get((m.name, None), []),
            }
        )
    return {
        "plan": plan_id,
        "version": version,
        "output_year": year,
        "chains": chains,
        "gaps": [
            {
                "chain": g.chain,
                "link": g.link,
                "position": g.position,
                "kind": g.kind,
                "reason": g.reason,
                "plan_text": g.plan_text,
                "line": g.line,
            }
            for g in gaps
        ],
    }
