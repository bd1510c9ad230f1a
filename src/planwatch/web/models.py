"""What each dashboard page shows, as typed models: the HTML page, its ``/api/`` twin and its Excel export.

The API publishes these as its response schemas (``/api/openapi.json``).  A
target's row is the evaluation's own JSON record (``evaluate.schema``) with
its number in the plan, so the dashboard and ``evaluate --json`` agree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planwatch.assess.schema import CheckupRecord, EnergyReport, ListRecord, MujunReport, TiersReport
from planwatch.evaluate.schema import RollupRecord, TargetRecord, ThroughRecord
from planwatch.plan.model import Money, Period
from planwatch.status import Status


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class PlanSummary(Model):
    id: str | None
    title: str | None
    region: str | None
    period: Period | None
    published: str | None


class Me(Model):
    name: str
    role: str
    role_zh: str
    scope: list[str]


class PlansPage(Model):
    plans: list[PlanSummary]


class PlanPage(Model):
    """Pages about one plan: the plan, the others to switch to."""

    plan: PlanSummary
    plans: list[PlanSummary]


class EvaluatedPage(PlanPage):
    """Pages of an evaluation: its two dates."""

    as_of: str
    """The knowledge date: figures recorded by its end."""
    through: ThroughRecord
    """The period evaluated (评估截止期)."""


class TargetRow(TargetRecord):
    number: int
    """The target's number in the plan's evaluation (its detail page is /indicators/{plan}/{number})."""


class StatusCount(Model):
    status: Status
    status_zh: str
    count: int


class SeriesPoint(Model):
    period: str
    value: float | None


class KeyFigure(TargetRow):
    series: list[SeriesPoint]


class OverviewPage(EvaluatedPage):
    subject: str | None
    elapsed: float | None
    targets: int
    statuses: list[StatusCount]
    red: list[TargetRow]
    key_figures: list[KeyFigure]
    by_category: list[RollupRecord]


class IndicatorFilters(Model):
    status: str | None
    category: str | None
    q: str | None


class IndicatorsPage(EvaluatedPage):
    filters: IndicatorFilters
    statuses: list[str]
    categories: list[str]
    total: int
    rows: list[TargetRow]


class DefinitionInfo(Model):
    id: str
    name: str
    formula: str
    unit: str
    note: str | None


class Provenance(Model):
    file: str
    line: int
    text: str
    origin: str


class ChartPoint(Model):
    period: str
    time: float
    value: float | None
    source: str


class PathPoint(Model):
    time: float
    value: float | None


class ForecastPoint(Model):
    time: float
    value: float | None
    low: float | None
    high: float | None


class Chart(Model):
    unit: str
    actual: list[ChartPoint]
    path: list[PathPoint]
    forecast: ForecastPoint | None


class FactRow(Model):
    element: str
    period: str
    value: float | None
    unit: str
    revision: int
    source: str | None
    recorded_at: str


class IndicatorPage(Model):
    plan: PlanSummary
    as_of: str
    through: ThroughRecord
    target: TargetRow
    definition: DefinitionInfo | None
    provenance: Provenance
    chart: Chart
    facts: list[FactRow]
    facts_limited: bool
    assessment: list[str] = []
    """What the enterprise assessment says of this target (who is closest to the tier it counts …)."""


class YearFigure(Model):
    year: int
    value: float | None


class ParkFigure(Model):
    id: str
    name: str
    unit: str
    values: list[YearFigure]


class ParkRow(Model):
    id: int
    name: str
    enterprises: int
    figures: list[ParkFigure]
    targets: list[TargetRow]


class ParksPage(EvaluatedPage):
    region: str | None
    year: int
    years: list[int]
    parks: list[ParkRow]


class EnterpriseFilters(Model):
    q: str | None
    park: str | None


class EnterpriseRow(Model):
    code: str
    name: str
    park: str | None
    cluster: str | None
    industry: str | None
    tags: list[str]


class EnterprisesPage(Model):
    filters: EnterpriseFilters
    parks: list[str]
    total: int
    rows: list[EnterpriseRow]


class Registry(Model):
    industry: str | None = None
    cluster: str | None = None
    chain_links: str | None = None
    land_mu: float | None = None
    demo: bool = False


class TagSpan(Model):
    tag: str
    valid_from: int = Field(alias="from", serialization_alias="from")
    valid_to: int | None = Field(alias="to", serialization_alias="to")


class SeriesPointRevised(SeriesPoint):
    revision: int


class ElementSeries(Model):
    element: str
    unit: str
    points: list[SeriesPointRevised]


class EnterprisePage(Model):
    code: str
    name: str
    park: str | None
    registry: Registry
    tags: list[TagSpan]
    series: list[ElementSeries]
    revised: dict[str, int]
    """Element name → how many of its periods were corrected."""


class ProjectRow(Model):
    id: str
    name: str
    content: str | None
    nature: str | None
    years: str | None
    investment: Money | None
    line: int


class ProjectGroupRow(Model):
    path: list[str]
    name: str
    stated_investment: Money | None
    line: int | None
    projects: list[ProjectRow]


class ProjectsPage(PlanPage):
    count: int
    total_investment: Money
    groups: list[ProjectGroupRow]


class CitedLine(Model):
    line: int
    text: str


class FindingRow(Model):
    kind: str
    severity: str
    severity_zh: str
    message: str
    lines: list[CitedLine]


class AuditPage(PlanPage):
    audited: bool
    counts: dict[str, int]
    findings: list[FindingRow]


# --- enterprise assessment (亩均, 梯度培育, 能耗): web/pages/assess.py ------------------------------------------


class MujunFilters(Model):
    year: int
    scheme: str
    park: str | None


class GradePoint(Model):
    """One rated enterprise on the 亩均税收 × 亩均增加值 chart."""

    uscc: str
    name: str
    park: str | None
    list: str | None
    grade: str
    tax_per_mu: float | None
    value_added_per_mu: float | None


class MujunPage(Model):
    name: str
    """What the export is named after (2025年)."""
    filters: MujunFilters
    schemes: list[str]
    parks: list[str]
    report: MujunReport
    points: list[GradePoint]


class CheckupPage(Model):
    name: str
    park: str | None
    checkup: CheckupRecord
    lists: list[ListRecord]


class TiersFilters(Model):
    year: int
    rules: str
    park: str | None


class TiersPage(Model):
    name: str
    filters: TiersFilters
    versions: list[str]
    parks: list[str]
    report: TiersReport


class EnergyFilters(Model):
    year: int
    park: str | None


class EnergyPage(Model):
    name: str
    filters: EnergyFilters
    plan: PlanSummary | None
    parks: list[str]
    report: EnergyReport
