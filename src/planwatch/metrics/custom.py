"""Definitions a person gives a target when confirming a plan, instead of editing a package file.

A target may name a definition of the shipped catalogue (``data/indicators.yaml``) by its id, or carry
a formula of its own in the formula language (``formula.py``: parsed, checked against the elements and
tags, never evaluated as code).  Both live in the plan's version (``Indicator.computation``), so they
are versioned with it.  ``definition_of`` is what evaluation asks: the target's own choice first, then
the catalogue's definition for its name.
"""

from __future__ import annotations

from planwatch.errors import InputError
from planwatch.metrics.definitions import Definition, definition_for, definitions
from planwatch.metrics.formula import Aggregate, Binary, Formula, Number, parse
from planwatch.plan.edit import EditRefused, FieldProblem
from planwatch.plan.model import Computation, Indicator
from planwatch.store.elements import catalog
from planwatch.units import UNITS, convert_or_none, normalise_unit

NOTE = "在“指标体系确认”页为该目标填写的公式"


def yields(formula: Formula) -> str | None:
    """The unit a formula yields when it can be told from the formula alone: one aggregate of an element is
    in the element's unit, a count in 家, a ratio times 100 in %; None otherwise (say it with the formula)."""
    node = formula.expression
    if isinstance(node, Aggregate):
        return "家" if node.function == "count" else catalog().by_code(node.target).unit
    if isinstance(node, Binary) and node.op == "*":
        ratio, hundred = (node.left, node.right) if isinstance(node.right, Number) else (node.right, node.left)
        if isinstance(hundred, Number) and hundred.value == 100 and isinstance(ratio, Binary) and ratio.op == "/":
            return "%"
    return None


def _known(unit: str | None) -> bool:
    return unit is not None and unit in UNITS


def formula_definition(indicator: Indicator, text: str, unit: str | None = None) -> Definition:
    """A definition from a person's formula for ``indicator``; raises ``FormulaError`` (which says where
    and why) for a formula that does not parse or names an unknown element or tag, ``InputError`` when
    its unit cannot be converted to the target's."""
    formula = parse(text)
    made = normalise_unit(unit) or yields(formula)
    wanted = normalise_unit(indicator.unit)
    level = indicator.target.basis in {"level", "increment"}
    if made and wanted and level and _known(made) and _known(wanted) and convert_or_none(1.0, made, wanted) is None:
        raise InputError(
            f"公式“{text}”的结果单位是{made}，与目标的单位{wanted}不能换算：请检查公式是否算的是这个目标，"
            "或在“公式单位”中写明公式结果的单位。"
        )
    converts = made is not None and wanted is not None and convert_or_none(1.0, made, wanted) is not None
    shown = wanted if converts else (made or wanted or "")
    return Definition(
        id=f"公式：{text.strip()}",
        name=indicator.name,
        formula=formula,
        unit=shown or "",
        formula_unit=made if converts and _known(made) and _known(wanted) else None,
        kind="share" if shown == "%" else "level",
        reported=None,
        prefer="rollup",
        matches=(),
        note=NOTE,
    )


def catalogue_definition(definition_id: str) -> Definition:
    """A definition of ``data/indicators.yaml`` by its id; an unknown id is refused with the ones there are."""
    found = next((d for d in definitions() if d.id == definition_id), None)
    if found is None:
        listed = "、".join(f"{d.id}（{d.name}）" for d in definitions())
        raise InputError(f"没有计算口径“{definition_id}”。可选：{listed}；或填写公式。")
    return found


def checked(indicator: Indicator, computation: Computation | None) -> Computation | None:
    """The computation made ready to keep: blanks dropped, the formula or the catalogue id checked."""
    if computation is None:
        return None
    formula = (computation.formula or "").strip() or None
    chosen = (computation.definition or "").strip() or None
    unit = normalise_unit(computation.unit) or None
    if formula is not None:
        formula_definition(indicator, formula, unit)
        return Computation(definition=None, formula=formula, unit=unit)
    if chosen is not None:
        catalogue_definition(chosen)
        return Computation(definition=chosen, formula=None, unit=None)
    return None


def check_target(indicator: Indicator) -> Indicator:
    """``indicator`` with its computation checked (blanks dropped); raises ``EditRefused`` at the formula
    or the definition when it names an unknown element, tag or definition, or a unit that cannot be converted."""
    chosen = indicator.computation
    try:
        computation = checked(indicator, chosen)
    except InputError as error:
        field = "formula" if chosen is not None and chosen.formula else "definition"
        shown = (chosen.formula if field == "formula" else chosen.definition) if chosen else None
        raise EditRefused([FieldProblem(field, shown, str(error), "")]) from None
    return indicator if computation == chosen else indicator.model_copy(update={"computation": computation})


def definition_of(indicator: Indicator) -> Definition | None:
    """How ``indicator`` is computed: the formula or definition chosen for it, else the catalogue's for its name."""
    if indicator.target.value is None:
        return None
    chosen = indicator.computation
    if chosen is not None and chosen.formula:
        try:
            return formula_definition(indicator, chosen.formula, chosen.unit)
        except InputError:
            return None  # checked when it was kept; a catalogue changed since leaves the target without one
    if chosen is not None and chosen.definition:
        found = next((d for d in definitions() if d.id == chosen.definition), None)
        if found is not None:
            return found
    return definition_for(indicator)
