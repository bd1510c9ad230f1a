"""Small constructed plans for the audit tests."""

from __future__ import annotations

from pathlib import Path

from planwatch.plan.document import Document
from planwatch.plan.model import (
    Fact,
    Indicator,
    Money,
    Period,
    Plan,
    Project,
    ProjectGroup,
    Source,
    Target,
    YearValue,
)
from planwatch.plan.read import read


def src(line: int) -> Source:
    return Source(line=line, text=f"第{line}行")


def group(path: list[str], amount: float | None, line: int, unit: str = "万元") -> ProjectGroup:
    return ProjectGroup(path=path, stated_investment=Money(value=amount, unit=unit), source=src(line))


def project(name: str, path: list[str], amount: float, line: int, years: tuple[int, int] = (2023, 2025)) -> Project:
    return Project(
        id=name,
        name=name,
        group_path=path,
        investment=Money(value=amount, unit="万元"),
        start_year=years[0],
        end_year=years[1],
        source=src(line),
    )


def target(
    name: str,
    value: float | None,
    year: int,
    line: int,
    unit: str | None = "亿元",
    baseline: tuple[int, float | None] | None = None,
    direction: str = "increase",
    basis: str = "level",
    scope_path: list[str] | None = None,
    origin: str = "prose",
) -> Indicator:
    path = scope_path or []
    return Indicator.model_validate(
        {
            "name": name,
            "unit": unit,
            "scope": path[-1] if path else None,
            "scope_path": path,
            "baseline": YearValue(year=baseline[0], value=baseline[1]).model_dump() if baseline else None,
            "target": Target.model_validate(
                {
                    "year": year,
                    "value": value,
                    "comparator": ">=" if direction == "increase" else "<=",
                    "direction": direction,
                    "text": str(value),
                    "basis": basis,
                }
            ).model_dump(),
            "origin": origin,
            "source": src(line).model_dump(),
        }
    )


def fact(name: str, year: int, value: float, line: int, unit: str = "亿元", scope: str | None = None) -> Fact:
    return Fact(name=name, year=year, value=value, unit=unit, scope=scope, source=src(line))


def plan(**fields: object) -> Plan:
    fields.setdefault("title", "某县制造业发展规划（2021—2025年）")
    fields.setdefault("period", Period(start=2021, end=2025))
    fields.setdefault("id", "test.txt")
    return Plan.model_validate(fields)


def document(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return read(path)
