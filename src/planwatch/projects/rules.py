"""The ledgers' thresholds and vocabularies (``data/ledger.yaml``), read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from planwatch import data


@dataclass(frozen=True)
class Measure:
    """A figure the 招商 ledger answers (签约投资额, 到位资金, 落地项目) and the target names it answers."""

    id: str
    name: str
    unit: str
    matches: tuple[str, ...]


@cache
def settings() -> dict[str, Any]:
    loaded: dict[str, Any] = data.load("ledger.yaml")
    return loaded


def project_rules() -> dict[str, Any]:
    found: dict[str, Any] = settings()["projects"]
    return found


def stages() -> tuple[str, ...]:
    """招商 stages in order: 签约, 落地, 开工, 投产."""
    return tuple(settings()["attraction"]["stages"])


@cache
def measures() -> tuple[Measure, ...]:
    return tuple(
        Measure(m["id"], m["name"], m["unit"], tuple(m.get("matches", ())))
        for m in settings()["attraction"]["measures"]
    )


def measure(name_or_id: str) -> Measure | None:
    return next((m for m in measures() if name_or_id in {m.id, m.name}), None)


def fund_kinds() -> tuple[str, ...]:
    return tuple(settings()["funds"]["kinds"])
