"""总览 as a 驾驶舱, for the county and for one park: what leaders and park committees read.

The overview leads with a few headline figures (``data/cockpit.yaml``): each
with its year so far (1—9月累计, 同比), the plan's target on it, the chance of
meeting it, and red when a binding target is behind or that chance is low.
Below: the targets the trend says will be missed (the report's own list), the
parks ranked and drawn as a schematic, the enterprises that lead and lag, and
who has not filed the month due (``submissions``).  The same page scoped to a
park is the park committee's overview: its own targets, figures and enterprises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlencode

from planwatch import data, filing
from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.evaluate.schema import rollup_record, rounded
from planwatch.metrics.running import Running, YearSoFar
from planwatch.periods import parse_through
from planwatch.plan.model import Plan
from planwatch.report.park import Figure, Firm, Owing, ParkView
from planwatch.report.sentences import miss_sentence
from planwatch.service.accounts import User
from planwatch.status import STATUSES, Status
from planwatch.store.orgs import Org
from planwatch.units import convert_or_none
from planwatch.web import models as m
from planwatch.web.access import visible_orgs
from planwatch.web.pages import common
from planwatch.web.pages.common import AsOf, ParkQuery, PlanKey, ThroughQuery
from planwatch.web.pages.ledgers import summary as ledger_summary
from planwatch.web.pages.submissions import filing_summary, month_label
from planwatch.web.shared import SharedStore

OUTPUT = "industrial_output"
"""What parks and enterprises are ranked by: 工业总产值 (every enterprise, not only 规上)."""
PER_MU = "output_per_mu"
"""Late enterprises listed on the overview; the 报送情况 page lists them all."""


def red_below() -> float:
    return float(filing.settings()["red_below_probability"])


def _kpi_codes() -> list[str]:
    return [str(c) for c in filing.settings()["kpis"]]


def _query(**values: str | None) -> str:
    return urlencode({k: v for k, v in values.items() if v})


def alert(t: TargetEvaluation) -> str | None:
    """Why a target's card is red, or None: binding and behind, regressing, missed, or unlikely to be met."""
    if t.milestone is not None or t.status == Status.ACHIEVED:
        return None
    if t.status == Status.MISSED:
        return "目标年已过，未完成"
    if t.binding and t.status.off_track:
        return "约束性目标进度滞后"
    if t.status == Status.REGRESSION:
        return "指标倒退"
    level = red_below()
    if t.forecast is not None and t.forecast.p_meet is not None and t.forecast.p_meet < level:
        return f"达标概率{t.forecast.p_meet * 100:.0f}%，低于{level * 100:.0f}%"
    return None


def running_model(found: YearSoFar, value: Running | None) -> m.Running | None:
    if value is None or value.value is None:
        return None
    month = found.month if found.month and found.month < 12 else None
    return m.Running(
        label=found.label,
        period=found.period,
        value=rounded(value.value, 4),
        last_year=rounded(value.last_year, 4),
        growth=rounded(value.growth, 4) if found.definition.kind == "level" else None,
        change=rounded(value.change, 4),
        month_value=rounded(value.month_value, 4),
        month_label=f"{month}月" if month and found.flow else None,
    )


def _trend(t: TargetEvaluation) -> tuple[list[m.YearValue], list[m.YearValue]]:
    """Whole years from the baseline to the target year, and the straight path between them."""
    target_year = t.indicator.target.year
    if t.baseline is None or target_year is None or t.goal is None or t.goal.level is None:
        return [], []
    start = int(t.baseline.period[:4])
    by_year = {int(o.period): o.value for o in t.observations if len(o.period) == 4}
    for o in t.observations:  # a count or a share at a month (83家 in 2024-10) stands for its year so far
        if len(o.period) > 4:
            by_year.setdefault(int(o.period[:4]), o.value)
    by_year.setdefault(start, t.baseline.value)
    years = [m.YearValue(year=y, value=rounded(by_year.get(y), 4)) for y in range(start, target_year + 1)]
    span = max(target_year - start, 1)
    step = (t.goal.level - t.baseline.value) / span
    path = [
        m.YearValue(year=y, value=rounded(t.baseline.value + step * (y - start), 4))
        for y in range(start, target_year + 1)
    ]
    return years, path


def _kpis(
    shared: SharedStore,
    chosen: Plan,
    whole: Evaluation,
    rows: list[tuple[int, TargetEvaluation]],
    subject: Org | None,
    known: date,
) -> list[m.Kpi]:
    cards: list[m.Kpi] = []
    limit = int(filing.settings()["max_kpis"])
    for code in _kpi_codes():
        if len(cards) >= limit:
            break
        definition = common.definition(code)
        mine = next(
            (
                (n, t)
                for n, t in rows
                if t.definition is not None
                and t.definition.id == code
                and subject is not None
                and t.org is not None
                and t.org.id == subject.id
            ),
            None,
        )
        found = common.so_far(shared, code, whole.through, known, subject)
        running = running_model(found, found.orgs.get(subject.id)) if subject is not None else None
        if mine is None and running is None:
            continue
        number, target = mine if mine is not None else (None, None)
        row = common.target_row(number, target) if number is not None and target is not None else None
        years, path = _trend(target) if target is not None else ([], [])
        link = (
            f"/indicators/{chosen.id}/{number}"
            if number is not None
            else f"/indicators?{_query(plan=chosen.id, q=definition.name)}"
        )
        cards.append(
            m.Kpi(
                id=code,
                name=target.indicator.name if target is not None else definition.name,
                unit=definition.unit,
                flow=found.flow,
                running=running,
                target=row,
                probability=row.forecast.p_meet if row is not None and row.forecast is not None else None,
                alert=alert(target) if target is not None else None,
                link=link,
                years=years,
                path=path,
            )
        )
    return cards


def legend() -> m.Legend:
    """The words of the overview explained, with the thresholds the evaluation uses (data/progress.yaml)."""
    bands = data.load("progress.yaml")["open_sdg"]
    high, medium = bands["high"], bands["medium"]
    level = red_below()
    return m.Legend(
        completion="完成度 =（最新值 − 基期值）÷（目标值 − 基期值）：从基期到目标已走完的比例。例如规上企业基期24家、"
        "目标70家、现有31家，完成度 =（31 − 24）÷（70 − 24）= 15.2%；它不是“现有数占目标数的比例”。",
        score="得分（−5 至 5 分）：按 Open SDG 进度法，由实际年均增速与所需年均增速之比 R 换算，"
        f"R = {high:g} 记 2.5 分，R = 0 记 −2.5 分，越快越高、倒退越低；平均得分是一类目标得分的平均数，"
        "大于 0 表示总体在往目标推进，大于 2.5 表示总体进度正常。",
        statuses=[
            f"{Status.ACHIEVED.zh}：最新值已达到目标。",
            f"{Status.ON_TRACK.zh}：实际年均增速达到所需的 {high * 100:.0f}% 以上（R ≥ {high:g}）。",
            f"{Status.ACCELERATION_NEEDED.zh}：R 在 {medium:g} 至 {high:g} 之间。",
            f"{Status.LIMITED_PROGRESS.zh}：R 在 0 至 {medium:g} 之间。",
            f"{Status.REGRESSION.zh}：R < 0，指标在往反方向走。",
            f"{Status.MISSED.zh}：目标年已过而未达到。",
            f"{Status.INSUFFICIENT_DATA.zh}：不足两期数据，暂不能判断。",
            f"{Status.NOT_STARTED.zh}、{Status.IN_PROGRESS.zh}：定性目标，按登记的进展。",
            "占比、强度类指标按已完成进度与规划期已过比例比较。",
        ],
        red=f"标红：约束性目标进度滞后、指标倒退、目标年已过未完成，或达标概率低于 {level * 100:.0f}%。",
    )


def _parks(
    shared: SharedStore,
    user: User,
    subject: Org | None,
    place: Org | None,
    so_far: YearSoFar,
    per_mu: dict[int, float | None],
) -> tuple[list[m.ParkRank], list[m.MapNode]]:
    top = place or subject
    if top is None:
        return [], []
    orgs = shared.orgs()
    allowed = visible_orgs(user, orgs)
    by_id = {o.id: o for o in orgs.values()}
    parks = [p for p in common.parks_under(shared, subject) if allowed is None or p.id in allowed]
    members: Counter[int] = Counter()
    for org in orgs.values():
        if org.kind == "enterprise":
            for above in common.ancestors(org, by_id):
                members[above.id] += 1
    ranks = []
    nodes = []
    if subject is not None:
        mine = so_far.orgs.get(subject.id) if allowed is None or subject.id in allowed else None
        nodes.append(
            m.MapNode(
                name=subject.name,
                parent=None,
                link="/?park=",
                enterprises=members[subject.id],
                output=rounded(mine.value, 4) if mine else None,
                growth=rounded(mine.growth, 4) if mine else None,
                current=place is None,
            )
        )
    for park in parks:
        found = so_far.orgs.get(park.id)
        parent = by_id.get(park.parent_id) if park.parent_id is not None else None
        link = f"/?{_query(park=park.name)}"
        output = rounded(found.value, 4) if found else None
        growth = rounded(found.growth, 4) if found else None
        nodes.append(
            m.MapNode(
                name=park.name,
                parent=parent.name if parent else None,
                link=link,
                enterprises=members[park.id],
                output=output,
                growth=growth,
                current=place is not None and park.id == place.id,
            )
        )
        ranks.append(
            m.ParkRank(
                name=park.name,
                link=link,
                enterprises=members[park.id],
                output=output,
                growth=growth,
                per_mu=rounded(per_mu.get(park.id), 4),
            )
        )
    ranks.sort(key=lambda r: (r.output is None, -(r.output or 0), r.name))
    return ranks, nodes


def _enterprises(
    shared: SharedStore, user: User, top: Org | None, so_far: YearSoFar
) -> tuple[list[m.EnterpriseRank], list[m.EnterpriseRank]]:
    size = int(filing.settings()["rank_size"])
    rows = [
        m.EnterpriseRank(
            code=org.code,
            name=org.name,
            park=common.parent_name(shared, org),
            output=rounded(output, 4),
            growth=rounded(growth, 4),
            filed=filed,
        )
        for org, output, growth, filed in _outputs(shared, user, top, so_far)
    ]
    leading = sorted(rows, key=lambda r: -(r.output or 0))[:size]
    shown = {r.code for r in leading}
    lagging = sorted((r for r in rows if r.growth is not None and r.code not in shown), key=lambda r: r.growth or 0)
    return leading, lagging[:size]


def _outputs(
    shared: SharedStore, user: User, top: Org | None, so_far: YearSoFar
) -> Iterator[tuple[Org, float | None, float | None, bool]]:
    """Each enterprise under ``top`` with figures so far: (org, output in 万元, 同比 — None unless it
    has filed the latest month, so a missing month is not read as a fall —, whether it has)."""
    for org in common.enterprises_in(shared, user, top):
        found = so_far.orgs.get(org.id)
        if found is None or found.value is None:
            continue
        filed = so_far.month is None or (found.month or 0) >= so_far.month
        yield org, convert_or_none(found.value, so_far.definition.unit, "万元"), found.growth if filed else None, filed


def overview(
    shared: SharedStore,
    user: User,
    plan: PlanKey = None,
    through: ThroughQuery = None,
    as_of: AsOf = None,
    park: ParkQuery = None,
) -> m.OverviewPage:
    """总览（驾驶舱）: headline figures with 累计 and 同比, what will be missed, rankings, the parks, 催报 — for the plan or one park."""
    common.need_plans(user)
    chosen, known, whole = common.evaluated(shared, plan, through, as_of)
    place = common.scoped_park(shared, user, chosen, park)
    key = ("overview", chosen.id, whole.through, known, through, place.id if place else None, user.role, user.scope)
    return shared.cached(key, lambda: _overview(shared, user, chosen, known, whole, place, through))


def _overview(
    shared: SharedStore,
    user: User,
    chosen: Plan,
    known: date,
    whole: Evaluation,
    place: Org | None,
    through: str | None,
) -> m.OverviewPage:
    evaluation = common.within_park(shared, whole, place)
    subject = place or whole.subject
    listed = common.numbered(whole, evaluation)
    rows = [common.target_row(n, t) for n, t in listed]
    counts = Counter(t.status for t in evaluation.targets)
    red = [r for r, (_, t) in zip(rows, listed, strict=True) if t.red]
    red.sort(key=lambda r: (not r.binding, r.status.rank, r.source.line))
    key_figures = [
        m.KeyFigure(
            **r.model_dump(), series=[m.SeriesPoint(period=o.period, value=rounded(o.value)) for o in t.observations]
        )
        for r, (_, t) in zip(rows, listed, strict=True)
        if len(t.observations) >= 2 and t.indicator.target.value is not None
    ]
    key_figures.sort(key=lambda r: (-len(r.series), r.source.line))
    numbers = {id(t): n for n, t in listed}
    will_miss = [
        m.MissRow(
            number=numbers[id(t)],
            label=t.label,
            status=t.status,
            status_zh=t.status.zh,
            binding=t.binding,
            sentence=miss_sentence(t),
        )
        for t in evaluation.will_miss()
    ]
    output = common.so_far(shared, OUTPUT, whole.through, known, subject)
    last_year = whole.through.last_month.year - 1
    per_mu = common.yearly(shared, PER_MU, last_year, known)
    parks, nodes = _parks(shared, user, whole.subject, place, output, per_mu)
    top, bottom = _enterprises(shared, user, subject, output)
    dates = _query(as_of=known.isoformat(), through=through)
    reports = {
        fmt: f"/reports/{chosen.id}?{_query(format=fmt, park=place.name if place else None)}&{dates}"
        for fmt in ("docx", "xlsx", "html")
    }
    return m.OverviewPage(
        plan=common.plan_summary(chosen),
        plans=[common.plan_summary(p) for p in common.plans_for(shared, user)],
        as_of=known.isoformat(),
        through=common.through_record(whole.through),
        version=whole.version_label,
        subject=subject.name if subject else None,
        elapsed=rounded(whole.elapsed, 4),
        targets=evaluation.overall.targets,
        statuses=[m.StatusCount(status=s, status_zh=s.zh, count=counts[s]) for s in STATUSES if counts[s]],
        red=red,
        key_figures=key_figures[:8],
        by_category=[rollup_record(r) for r in evaluation.by_category],
        scope=m.Scope(
            name=subject.name if subject else None,
            park=place.name if place else None,
            parks=common.park_choices(shared, user, chosen),
            whole=whole.subject.name if whole.subject else None,
        ),
        kpis=_kpis(shared, chosen, whole, listed, subject, known),
        will_miss=will_miss,
        parks=parks,
        map=nodes if len(nodes) > 1 else [],
        top=top,
        bottom=bottom,
        ranking_label=f"{output.label}{output.definition.name}" if output.orgs else None,
        filing=filing_summary(shared, user, subject, place.name if place else None),
        legend=legend(),
        red_below=red_below(),
        reports=reports,
        ledger=ledger_summary(evaluation.ledger),
    )


def park_view(shared: SharedStore, user: User, page: m.OverviewPage, place: Org, known: date) -> ParkView:
    """What a park's report adds: its figures so far (the overview's cards), all its enterprises ranked, who is late."""
    whole_through = parse_through(page.through.code)
    output = common.so_far(shared, OUTPUT, whole_through, known, place)
    firms = [
        Firm(org.name, value, growth, filed) for org, value, growth, filed in _outputs(shared, user, place, output)
    ]
    firms.sort(key=lambda f: -(f.output or 0))
    everyone = common.enterprises_in(shared, user, place)
    standings = common.standings(shared, everyone)
    reach = common.contacts_of(shared)
    late = sorted((s for s in standings.values() if not s.filed), key=lambda s: s.org.name)
    due = filing.due_month(shared.as_of(None))
    return ParkView(
        park=place.name,
        figures=tuple(
            Figure(
                k.name,
                k.unit,
                k.running.label,
                k.running.value,
                k.running.last_year,
                k.running.growth,
                k.running.change,
            )
            for k in page.kpis
            if k.running is not None
        ),
        ranking_label=output.label,
        firms=tuple(firms),
        due_label=month_label(due),
        enterprises=len(standings),
        owing=tuple(
            Owing(
                s.org.name,
                reach[s.org.id].contact if s.org.id in reach else None,
                reach[s.org.id].phone if s.org.id in reach else None,
                s.last,
            )
            for s in late
        ),
    )
