"""What each dashboard page shows, as typed models: the HTML page, its ``/api/`` twin and its Excel export.

The API publishes these as its response schemas (``/api/openapi.json``).  A
target's row is the evaluation's own JSON record (``evaluate.schema``) with
its number in the plan, so the dashboard and ``evaluate --json`` agree.

Long because it is declarations only, one model per page part and no logic: kept as one module so the
API's contract reads as one document beside ``/api/openapi.json``, and a page's fields are found in one place.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planwatch.assess.schema import CheckupRecord, EnergyReport, ListRecord, MujunReport, TiersReport
from planwatch.evaluate.schema import RollupRecord, TargetRecord, ThroughRecord
from planwatch.plan.diff import Change, PlanDiff
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
    version: str | None = None
    """The plan's 指标体系 version the evaluation used (第2版（2026年1月1日起施行）, or 草稿（未确认）)."""


class Scope(Model):
    """Whose figures a page shows: the plan's whole subject, or one park inside it."""

    name: str | None
    """The county, park system or park (石柱县工业园区, 下路工业园区)."""
    park: str | None
    """The park chosen (None: the plan's whole subject)."""
    parks: list[str]
    """The parks the user may switch to (empty: none, or a park user's own)."""
    whole: str | None = None
    """The plan's whole subject (what “全部” means)."""


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


class YearValue(Model):
    year: int
    value: float | None


class Running(Model):
    """A figure for the year so far: 1—9月累计 with 同比, or a count against the same time last year."""

    label: str
    """What it covers: 2026年1—9月, 2026年9月末, 2025年."""
    period: str
    value: float | None
    last_year: float | None
    growth: float | None
    """同比 rate (0.088 = 8.8 %), for levels; None for shares and where last year is zero."""
    change: float | None
    """The difference from last year (家, 个百分点)."""
    month_value: float | None
    """The last month alone (flows)."""
    month_label: str | None


class Kpi(Model):
    """A card of the 驾驶舱: a headline figure with its year so far, its target and how likely it is met."""

    id: str
    """The indicator definition (data/indicators.yaml)."""
    name: str
    unit: str
    flow: bool
    running: Running | None
    target: TargetRow | None
    probability: float | None
    """达标概率 at the target year (from the forecast)."""
    alert: str | None
    """Why the card is red, in words (None: not red)."""
    link: str
    years: list[YearValue]
    """Whole years from the baseline on, for the trend chart."""
    path: list[YearValue]
    """The straight path from the baseline to the target, for the trend chart."""


class MissRow(Model):
    """A target the trend says will be missed (the report's 将无法完成), in one sentence."""

    number: int
    label: str
    status: Status
    status_zh: str
    binding: bool
    sentence: str


class ParkRank(Model):
    name: str
    link: str
    enterprises: int
    output: float | None
    """工业总产值 for the year so far, 亿元."""
    growth: float | None
    per_mu: float | None
    """亩均工业产值 of the last complete year, 万元/亩."""


class EnterpriseRank(Model):
    code: str
    name: str
    park: str | None
    output: float | None
    """工业总产值 for the year so far, 万元."""
    growth: float | None
    filed: bool
    """Has filed the month the ranking runs to (an enterprise late with its return ranks on fewer months)."""


class MapNode(Model):
    """A park on the schematic: its place in the hierarchy, its size and how it is doing."""

    name: str
    parent: str | None
    link: str
    enterprises: int
    output: float | None
    growth: float | None
    current: bool
    """The park the page is about (highlighted)."""


class FilingRow(Model):
    """An enterprise's standing for the month due (催报)."""

    code: str
    name: str
    park: str | None
    contact: str | None
    phone: str | None
    filed: bool
    filed_at: str | None
    last: str | None
    """The latest month it has filed."""
    owed: list[str]
    """The months it still owes (2026-08, 2026-09)."""


class FilingSummary(Model):
    due: str
    """The month due (2026-09)."""
    due_label: str
    enterprises: int
    filed: int
    late: list[FilingRow]
    """Who has not filed it, first few (the 催报 page has them all)."""
    link: str


class Legend(Model):
    """What the words on the overview mean (the 说明 under it): 完成度, 得分, the status rules, when a card is red."""

    completion: str
    score: str
    statuses: list[str]
    red: str


class OverviewPage(EvaluatedPage):
    subject: str | None
    elapsed: float | None
    targets: int
    statuses: list[StatusCount]
    red: list[TargetRow]
    key_figures: list[KeyFigure]
    by_category: list[RollupRecord]
    scope: Scope
    kpis: list[Kpi]
    will_miss: list[MissRow]
    parks: list[ParkRank]
    map: list[MapNode]
    top: list[EnterpriseRank]
    bottom: list[EnterpriseRank]
    ranking_label: str | None
    """What the rankings cover (2026年1—9月工业总产值)."""
    filing: FilingSummary | None
    legend: Legend
    red_below: float
    """达标概率 below this is red (data/cockpit.yaml)."""
    reports: dict[str, str]
    """Format → the report's URL (Word, Excel, 网页), scoped like the page."""

    ledger: LedgerSummary | None = None
    """The project ledger at the end of the period (None when nothing was recorded in it)."""


class FilingsPage(EvaluatedPage):
    """报送情况 (催报): who has filed the month due and who has not, with whom to call."""

    scope: Scope
    due: str
    due_label: str
    missing: bool
    """Only those who have not filed (the default)."""
    total: int
    filed: int
    rows: list[FilingRow]


class IndicatorFilters(Model):
    status: str | None
    category: str | None
    q: str | None
    department: str | None = None
    """责任单位: targets it leads or supports."""
    mine: bool = False
    """我负责的目标: those of the departments the user works for."""
    park: str | None = None


class IndicatorsPage(EvaluatedPage):
    filters: IndicatorFilters
    scope: Scope | None = None
    statuses: list[str]
    categories: list[str]
    total: int
    rows: list[TargetRow]
    departments: list[str] = []
    """The 责任单位 the plan's targets name (the filter's choices)."""
    my_departments: list[str] = []
    """The departments the user works for (我负责的目标); empty when none."""


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
    version: str | None = None
    """The plan's 指标体系 version the evaluation used."""
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
    sort: str | None = None
    """``output`` (by 产值, the ranking), ``growth`` (by 同比) or none (by name)."""


class EnterpriseRow(Model):
    code: str
    name: str
    park: str | None
    cluster: str | None
    industry: str | None
    tags: list[str]
    output: float | None = None
    """工业总产值 for the year so far, 万元 (the ranking)."""
    growth: float | None = None
    filed: bool | None = None
    """Has filed the month due (None: not asked of it, e.g. no figures kept)."""


class EnterprisesPage(Model):
    filters: EnterpriseFilters
    parks: list[str]
    total: int
    rows: list[EnterpriseRow]
    ranking_label: str | None = None
    """What the 产值 column covers (2026年1—9月)."""
    due_label: str | None = None


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


class MonthRow(Model):
    """One month of an enterprise's return: each element's figure (None: not filed), and whether any was corrected."""

    period: str
    values: list[float | None]
    revised: bool


class EnterprisePage(Model):
    code: str
    name: str
    park: str | None
    registry: Registry
    tags: list[TagSpan]
    series: list[ElementSeries]
    revised: dict[str, int]
    """Element name → how many of its periods were corrected."""
    filing: FilingRow | None = None
    """Its standing for the month due (本月已报/未报)."""
    due: str | None = None
    due_label: str | None = None
    columns: list[str] = []
    """The monthly table's columns: element names with their units."""
    months: list[MonthRow] = []
    """The monthly table, latest month first."""
    contact: str | None = None
    phone: str | None = None


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


class LogFilters(Model):
    actor: str | None
    action: str | None
    limit: int


class LogEntry(Model):
    at: str
    user: str
    action: str
    action_zh: str
    subject: str
    detail: str | None
    batch: int | None
    """The import batch, for entries that wrote facts."""


class LogPage(Model):
    filters: LogFilters
    actions: dict[str, str]
    entries: list[LogEntry]


# --- 产业链与台账 (issue 15): web/pages/ledgers.py -----------------------------------------------------------


class LedgerTotals(Model):
    """A group of ledger projects: counts, money (万元) and rates (shares) — ``projects --json``'s totals."""

    projects: int
    total_investment_wan: float | None
    stated_investment_wan: float | None
    difference_wan: float | None
    completed_investment_wan: float | None
    completion_rate: float | None
    due_to_start: int
    started: int
    started_all: int
    start_rate: float | None
    due_to_produce: int
    producing: int
    production_rate: float | None
    delayed: int
    terminated: int
    annual_plan_wan: float | None
    year_completed_wan: float | None
    annual_rate: float | None
    stages: dict[str, int]


class NamedTotals(LedgerTotals):
    name: str


class LedgerRow(Model):
    """A ledger project — ``projects --json``'s row — and whether the user may record its progress."""

    id: str
    name: str
    park: str | None
    industry: str | None
    chain: str | None
    link: str | None
    line: int | None
    origin: str
    total_investment_wan: float | None
    status: str
    status_zh: str
    planned_start: int | None
    planned_finish: int | None
    completed_investment_wan: float | None
    completion_rate: float | None
    annual_plan_wan: float | None
    year_completed_wan: float | None
    delayed: bool
    delays: list[str]
    responsible: str | None
    problems: str | None
    last_period: str | None
    editable: bool = False


class LedgerSummary(Model):
    """The ledger on the 总览: where the plan's projects stand this month."""

    month: str
    latest_period: str | None
    projects: int
    started: int
    due_to_start: int
    start_rate: float | None
    producing: int
    due_to_produce: int
    production_rate: float | None
    completed_investment_wan: float
    total_investment_wan: float
    completion_rate: float | None
    delayed: int


class LedgerFilters(Model):
    park: str | None
    status: str | None
    q: str | None
    delayed: bool


class LedgerPage(PlanPage):
    as_of: str
    day: str
    month: str
    latest_period: str | None
    """The latest month any visible project reported (the reports of a month arrive after it)."""
    filters: LedgerFilters
    parks: list[str]
    statuses: list[str]
    overall: LedgerTotals
    """Plan projects the user may see (a park user: its parks)."""
    by_park: list[NamedTotals]
    by_chain: list[NamedTotals]
    added: LedgerTotals
    """Projects the 招商 ledger brought in."""
    reported: int
    total: int
    rows: list[LedgerRow]
    can_edit: bool


class UpdateRecord(Model):
    period: str
    status: str
    status_zh: str
    completed_investment_wan: float
    annual_plan_wan: float | None
    responsible: str | None
    problems: str | None
    reason: str | None
    revision: int
    recorded_at: str | None
    recorded_by: str | None


class FormProblem(Model):
    field: str | None
    """The form field (and sheet column) the problem is about."""
    value: str | None
    reason: str
    fix: str
    severity: str


class LedgerProjectPage(PlanPage):
    as_of: str
    project: LedgerRow
    history: list[UpdateRecord]
    can_edit: bool
    month: str
    """The month the form offers (the reporting month)."""
    statuses: list[str]
    problems: list[FormProblem] = []
    saved: bool = False


class ChainMemberRecord(Model):
    uscc: str
    name: str
    park: str | None
    how: str
    output_wan: float | None
    large: bool
    leader: bool


class ChainLinkRecord(Model):
    name: str
    position: int
    stage: str
    industries: dict[str, str]
    keywords: list[str]
    enterprises: list[str]
    members: list[ChainMemberRecord]
    hidden: int = 0
    """Enterprises on the link the user may not see by name (another park's)."""
    output_wan: float
    leader: bool
    projects: list[str]
    gap: str | None = None
    """补链, 延链 or 强链 when the link is on the gap list."""


class ChainRecord(Model):
    name: str
    line: int
    context: str
    edited: bool
    links: list[ChainLinkRecord]
    projects: list[str]


class GapRecord(Model):
    chain: str
    link: str
    position: int
    kind: str
    reason: str
    plan_text: str
    line: int


class ChainsPage(PlanPage):
    as_of: str
    output_year: int
    version: int | None
    chains: list[ChainRecord]
    gaps: list[GapRecord]
    gap_counts: dict[str, int]


class FunnelRecord(Model):
    chain: str
    counts: dict[str, int]
    amounts_wan: dict[str, float]
    arrived_wan: float


class SigningRecord(Model):
    code: str
    name: str
    investor: str | None
    park: str | None
    chain: str | None
    link: str | None
    signed_wan: float
    signed_on: str
    stage: str
    arrived_wan: float
    landed: str | None


class AttractionPage(EvaluatedPage):
    day: str
    funnels: list[FunnelRecord]
    signings: list[SigningRecord]
    targets: list[TargetRow]
    """招商 targets (the plan's and per chain), as the evaluation judges them."""


class FundRecord(Model):
    code: str
    uscc: str | None
    enterprise: str | None
    park: str | None
    industry: str | None
    project_id: str | None
    kind: str
    amount_wan: float
    granted_on: str
    policy: str | None
    department: str | None


class FundGroup(Model):
    name: str
    enterprises: int
    output_before: float
    output_after: float
    output_growth: float | None
    tax_before: float
    tax_after: float
    tax_growth: float | None
    tax_per_mu_before: float | None
    tax_per_mu_after: float | None


class FundPerformance(Model):
    before: int
    after: int
    groups: list[FundGroup]


class FundsPage(PlanPage):
    as_of: str
    records: list[FundRecord]
    amount_wan: float
    by_kind: dict[str, float]
    by_park: dict[str, float]
    by_industry: dict[str, float]
    by_chain: dict[str, float]
    by_year: dict[str, float]
    performance: FundPerformance | None


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


# --- 指标体系确认 (issue 12): web/pages/versions.py ---------------------------------------------------------


class VersionRow(Model):
    number: int
    label: str
    effective: str
    reason: str | None
    recorded_by: str
    recorded_at: str
    changes: list[Change]


class EditRow(Model):
    note: str
    recorded_by: str
    recorded_at: str


class PlanState(Model):
    """A plan's 指标体系: its current version, what is waiting to be confirmed."""

    plan: PlanSummary
    label: str
    """The version in force today, or 草稿（未确认）."""
    versions: int
    pending: int
    """Edits waiting for confirmation (changes against the latest version)."""
    targets: int
    without_definition: int
    """Quantified targets with no way to compute them yet."""
    without_lead: int


class VersionsPage(Model):
    plans: list[PlanState]
    can_edit: bool


class HistoryPage(PlanPage):
    label: str
    versions: list[VersionRow]
    """Latest first."""
    edits: list[EditRow]
    """Edits since the latest version, waiting for confirmation (latest first)."""
    pending: list[Change]
    can_edit: bool


class DefinitionChoice(Model):
    id: str
    name: str
    formula: str
    unit: str


class ReviewItem(Model):
    number: int
    """The target's position in the plan under review (the forms post to it)."""
    name: str
    label: str
    target_text: str
    line: int
    source: str
    origin: str
    confidence: float | None
    doubtful: bool
    doubts: list[str]
    """Why it is doubtful, in words (low confidence, a restatement, no computation)."""
    duplicate_of: int | None
    """Another item stating the same target (a table row restated in prose): merge them."""
    fields: dict[str, str]
    """Every editable field as typed (``plan.edit.FIELDS``)."""
    in_use: str
    """How it is computed now: the chosen or catalogue definition, a formula, or none."""
    milestone: bool


class SourceLine(Model):
    number: int
    text: str
    items: list[int]
    """The items read from this line."""


class ReviewPage(PlanPage):
    label: str
    next_label: str
    """What confirming makes: 第1版 the first time."""
    default_effective: str
    items: list[ReviewItem]
    lines: list[SourceLine]
    pending: list[Change]
    edits: list[EditRow]
    fields: dict[str, str]
    """Field → its label, in the form's order."""
    choices: dict[str, list[str]]
    """The words a coded field may take (比较, 方向, 口径, 属性)."""
    definitions: list[DefinitionChoice]
    departments: list[str]
    problems: list[FormProblem] = []
    saved: str | None = None


class DiffPage(Model):
    plans: list[PlanSummary]
    options: list[str]
    """Every plan and version that can be compared: KEY (in force) and KEY@N."""
    labels: dict[str, str] = {}
    """Each option as a person reads it: the plan's title and the version (现行 or 第N版)."""
    a: str
    b: str
    diff: PlanDiff


class FormulaCheck(Model):
    ok: bool
    message: str
    definition: str | None
    unit: str | None
    org: str | None
    preview: list[SeriesPoint]
    """The formula's values for the target's org in the last years, as known now."""
