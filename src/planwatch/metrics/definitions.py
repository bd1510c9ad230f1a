"""Indicator definitions (``data/indicators.yaml``), parsed once, and which plan indicators they answer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from planwatch import data
from planwatch.metrics.formula import Attribute, Formula, parse, restrict
from planwatch.plan import names
from planwatch.plan.model import Indicator, Plan
from planwatch.store.elements import Element, catalog

Kind = Literal["level", "share", "rate"]


@dataclass(frozen=True)
class Definition:
    id: str
    name: str
    formula: Formula
    unit: str
    formula_unit: str | None
    kind: Kind
    reported: Element | None
    prefer: Literal["reported", "rollup"]
    matches: tuple[str, ...]
    note: str | None

    def answers(self, indicator_name: str) -> bool:
        key = names.key(indicator_name)
        return key in {names.key(self.name), *(names.key(m) for m in self.matches)}


def parse_definitions(table: dict[str, Any]) -> tuple[Definition, ...]:
    definitions = []
    for item in table["indicators"]:
        reported = catalog().find(item["reported"]) if item.get("reported") else None
        definitions.append(
            Definition(
                id=item["id"],
                name=item["name"],
                formula=parse(item["formula"]),
                unit=item["unit"],
                formula_unit=item.get("formula_unit"),
                kind=item.get("kind", "level"),
                reported=reported,
                prefer=item.get("prefer", "rollup"),
                matches=tuple(item.get("matches", ())),
                note=item.get("note"),
            )
        )
    return tuple(definitions)


@cache
def definitions() -> tuple[Definition, ...]:
    return parse_definitions(data.load("indicators.yaml"))


def for_cluster(definition: Definition, cluster: str) -> Definition:
    """The same indicator over the enterprises of one industry cluster (no reported figure exists for it)."""
    condition = Attribute("cluster", cluster)
    formula = Formula(
        f"{definition.formula.text} [产业集群 = '{cluster}']", restrict(definition.formula.expression, condition)
    )
    return replace(definition, id=f"{definition.id}@{cluster}", formula=formula, reported=None, prefer="rollup")


def definition_for(indicator: Indicator) -> Definition | None:
    if indicator.target.value is None:
        return None
    return next((d for d in definitions() if d.answers(indicator.name)), None)


@dataclass(frozen=True)
class Mapping:
    indicator: Indicator
    definition: Definition | None


def map_plan(plan: Plan) -> list[Mapping]:
    """Every quantified indicator of a plan with the definition that computes it (or None)."""
    return [Mapping(i, definition_for(i)) for i in plan.indicators if i.target.value is not None]
