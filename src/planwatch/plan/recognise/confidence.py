"""How sure the reader is of what it extracted, so a person reviewing it can sort the doubtful first.

Each item records the rule that produced it (``Indicator.rule``, ``Fact.rule``); its confidence
starts from what that rule is worth and loses for every sign of doubt the item itself shows: a
name that still carries debris, no year, no unit, a very long name.  The figures are planwatch's
own judgement of how often each rule is right on the corpus (``bench/corpus.py``), not a
probability anyone calibrated.
"""

from __future__ import annotations

from planwatch.plan.model import Fact, Indicator
from planwatch.plan.recognise.vocabulary import name_debris

RULES: dict[str, float] = {
    "table": 0.95,
    "table.loose": 0.85,
    "prose.year_clause": 0.9,
    "prose.context": 0.8,
    "prose.plan_end": 0.6,
    "prose.milestone": 0.6,
    "fact.sentence": 0.85,
    "fact.paragraph": 0.7,
    "fact.section": 0.6,
}
FORMS: dict[str, float] = {
    "counted": -0.05,
    "distributed": -0.05,
    "shared": -0.1,
    "task": -0.05,
    "multiple": -0.1,
    "rank": -0.1,
    "range": 0.0,
}
"""A rule may name the form of the phrase after ``+`` (``prose.context+counted``)."""
DOUBTS: dict[str, float] = {"debris": -0.2, "no_year": -0.15, "no_unit": -0.05, "long_name": -0.1}
LONG_NAME = 20


def _base(rule: str) -> float:
    kind, _, form = rule.partition("+")
    return RULES.get(kind, 0.5) + FORMS.get(form, 0.0)


def _score(rule: str, name: str, year: int | None, unit: str | None) -> float:
    score = _base(rule)
    if name_debris(name):
        score += DOUBTS["debris"]
    if year is None:
        score += DOUBTS["no_year"]
    if unit is None:
        score += DOUBTS["no_unit"]
    if len(name) > LONG_NAME:
        score += DOUBTS["long_name"]
    return round(min(max(score, 0.05), 0.99), 2)


def rate_indicator(indicator: Indicator) -> Indicator:
    rule = indicator.rule or ("table" if indicator.origin == "table" else "prose.context")
    if indicator.target.value is None and "+" not in rule and rule.startswith("prose"):
        rule = "prose.milestone"
    unit = indicator.unit if indicator.target.value is not None else "—"
    confidence = _score(rule, indicator.name, indicator.target.year, unit)
    return indicator.model_copy(update={"rule": rule, "confidence": confidence})


def rate_fact(fact: Fact) -> Fact:
    rule = fact.rule or f"fact.{fact.year_basis}"
    return fact.model_copy(update={"rule": rule, "confidence": _score(rule, fact.name, fact.year, fact.unit)})
