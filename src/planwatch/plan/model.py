"""The typed Plan: the JSON contract every later stage consumes (see DESIGN.md).

Field names are a contract with other tools: extend, never rename.  Every
extracted item carries ``source`` pointing to a line of the normalised text
(for .txt/.md the file's own lines, counted from 1).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Comparator = Literal[">=", ">", "=", "<=", "<"]
Direction = Literal["increase", "decrease"]
Attribute = Literal["expected", "binding"]
Basis = Literal["level", "change", "annual_growth", "increment", "multiple"]
TargetYearBasis = Literal["stated", "context", "plan_end", "table"]
FactYearBasis = Literal["sentence", "paragraph", "section"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Model):
    """Where an item stands in the document: a line of the normalised text."""

    line: int
    text: str
    paragraph: int | None = None  # .docx: paragraph number in the body, from 1
    page: int | None = None  # .pdf: page number, from 1


class Period(Model):
    start: int
    end: int


class YearValue(Model):
    year: int | None
    value: float | None


class Target(Model):
    year: int | None
    value: float | None
    comparator: Comparator | None
    direction: Direction
    text: str
    # Extensions beyond the DESIGN contract:
    basis: Basis = "level"
    """level: the value itself; change: 下降13% (relative to the baseline); annual_growth: 年均增长8%;
    increment: 新培育1家 (added to the baseline); multiple: 翻一番 (value × the baseline: 2)."""
    approximate: bool = False
    """左右 / 约: the value is a round figure, not a bound."""
    year_basis: TargetYearBasis = "stated"
    """How the target year was decided: in the sentence, from an earlier year clause, or the plan's end year."""
    value_high: float | None = None
    """The upper end of a range (2—3个: value 2, value_high 3); None for a single value."""


class Duty(Model):
    """责任分工: who leads a target (牵头单位) and who works with them (配合单位)."""

    lead: list[str] = Field(default_factory=list)
    support: list[str] = Field(default_factory=list)
    source: Source | None = None
    """Where the plan text says so (a “（牵头单位：…）” or a 责任分工 table row); None when a person set it."""


class Computation(Model):
    """How a target is computed, as a person chose it when confirming the plan: a definition of
    ``data/indicators.yaml`` by its id, or a formula of their own (the formula language, ``metrics/formula.py``)."""

    definition: str | None = None
    formula: str | None = None
    unit: str | None = None
    """The unit the formula yields (万元 for ``sum(工业总产值)``); None: inferred from the formula."""


class Indicator(Model):
    name: str
    category: str | None = None
    unit: str | None = None
    scope: str | None = None
    scope_path: list[str] = Field(default_factory=list)
    """Every park or industry the target sits under, outermost first (下路工业园区, 康养消费品产业)."""
    attribute: Attribute | None = None
    baseline: YearValue | None = None
    target: Target
    origin: Literal["table", "prose"] = "table"
    source: Source
    # Extensions beyond the DESIGN contract:
    canonical: str | None = None
    """One name for the many spellings of an indicator (规上工业产值 for 规模以上工业总产值), from
    ``data/indicator_names.yaml``; ``name`` keeps the words of the text."""
    rule: str | None = None
    """Which rule of the reader produced the item (``prose.year_clause``, ``table.loose`` …)."""
    confidence: float | None = None
    """How sure the reader is, 0–1, so a reviewer can look at the doubtful first."""
    duty: Duty | None = None
    """责任分工, read from the plan text or set when the plan is confirmed."""
    computation: Computation | None = None
    """A computation chosen when the plan was confirmed; None: the catalogue's definition for its name."""


class Fact(Model):
    name: str
    year: int | None
    value: float
    unit: str | None
    scope: str | None = None
    scope_path: list[str] = Field(default_factory=list)
    comparator: Comparator | None = None
    """超过10亿元 is a fact with ``>``; most facts have none."""
    approximate: bool = False
    year_basis: FactYearBasis = "sentence"
    source: Source
    # Extensions beyond the DESIGN contract:
    rule: str | None = None
    confidence: float | None = None


class Park(Model):
    name: str
    attributes: dict[str, Any] = Field(default_factory=dict)
    source: Source


class Money(Model):
    value: float | None
    unit: str | None


class Project(Model):
    id: str
    name: str
    content: str | None = None
    nature: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    investment: Money | None = None
    group_path: list[str] = Field(default_factory=list)
    source: Source


class ProjectGroup(Model):
    path: list[str]
    stated_investment: Money | None
    source: Source


class Chain(Model):
    links: list[str]
    context: str
    source: Source


class Repair(Model):
    """A place where the reader mended conversion debris and had to guess."""

    line: int
    before: str
    after: str
    reason: str


class Plan(Model):
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    published: date | None = None
    region: str | None = None
    period: Period | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    parks: list[Park] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    project_groups: list[ProjectGroup] = Field(default_factory=list)
    chains: list[Chain] = Field(default_factory=list)
    # Extensions beyond the DESIGN contract:
    id: str | None = None
    """A stable key: the source file name without its directory."""
    file: str | None = None
    format: str | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    """Provenance of the metadata fields (title, issuer, doc_number, published, period)."""
    repairs: list[Repair] = Field(default_factory=list)
