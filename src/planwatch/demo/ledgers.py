"""演示数据 for the ledgers of a park plan: project progress, 招商 signings, chain members, 专项资金.

Calibrated to what the plan lists, from a fixed seed, and marked 演示数据 (source and recorder):

* **重点项目台账** — every project of the plan reports from January 2024 (the plan's month of
  issue) through the demo's last month, recorded on the 5th of the next month: monthly once
  started, quarterly before.  Most projects planned to start in 2023–2024 started around their
  planned year, some late and a few not yet (未按期开工, with the reason a park would give);
  investment follows an S-curve over the construction period at a pace of its own, so some fall
  behind (“时间过半、任务过半”); one is terminated.
* **招商引资台账** — three signings per chain (two more without a chain), signed 2023–2026; most
  land within months, some start and go into production, money arrives month by month; a
  签约投资额 target by the plan's last year for each chain.
* **链上企业** — enterprises of the synthetic panel placed by hand on the links their cluster
  makes; links the panel has nobody for stay empty (the gap list's material); the largest
  enterprise on two chains tagged 链主.
* **专项资金台账** — a dozen supports (奖励, 贴息, 税费优惠, 补助) to panel enterprises and projects.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime

from planwatch.chains.graph import ChainMap
from planwatch.plan.model import Plan
from planwatch.projects.ledger import Seed, seeds
from planwatch.projects.rules import fund_kinds
from planwatch.service.ledgers import chain_maps, last_complete_year, park_of
from planwatch.status import Stage
from planwatch.store import ledgers as rows
from planwatch.store.database import Store
from planwatch.store.orgs import Org, add_tags, load_orgs, registrations

DEMO = "演示数据"
FIRST = (2024, 1)
"""The first month the ledger reports (the plan was issued in January 2024)."""
SET_UP = datetime(2024, 3, 1, 9, 0)
"""When the chain members and the 招商 targets were entered."""
PROBLEMS = (
    "用地报批手续办理中，土地尚未摘牌",
    "环评审批未完成",
    "企业融资未到位，投资主体调整",
    "设备采购周期延长",
    "受市场需求影响，企业推迟投资",
)
SIGNED_TARGETS = (8.0, 10.0, 15.0, 20.0, 6.0, 30.0)
"""签约投资额 targets (亿元) by the plan's last year, for the plan's chains in order."""
MEMBERS: dict[int, tuple[tuple[int, str, int, bool], ...]] = {
    # chain index → (link position, cluster of the panel, how many, one of them 规上)
    0: ((2, "康养消费品", 2, False), (3, "康养消费品", 2, True)),
    1: ((2, "康养消费品", 1, False), (3, "康养消费品", 4, True)),
    2: ((2, "康养消费品", 3, True), (3, "康养消费品", 1, False)),
    3: ((1, "装备制造", 2, False), (2, "装备制造", 4, True)),
    4: ((1, "康养消费品", 1, False),),
}
LEADERS = (3, 2)
"""Chains whose biggest enterprise is tagged 链主 (仪器仪表, 中医药 in the 石柱 plan)."""
DEPARTMENTS = {"奖励": "县经济信息委", "贴息": "县财政局", "税费优惠": "县税务局", "补助": "县发展改革委"}
POLICY = "石柱县工业园区发展专项资金管理办法（演示）"


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    found = []
    year, month = first
    while (year, month) <= last:
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _recorded(year: int, month: int) -> datetime:
    """A month's report arrives on the 5th of the next month."""
    return datetime(year + (month == 12), month % 12 + 1, 5, 10, 0)


def _s_curve(share: float) -> float:
    """Share of investment done at a share of the construction period gone (slow, fast, slow)."""
    share = min(max(share, 0.0), 1.0)
    return 0.5 - 0.5 * math.cos(math.pi * share)


@dataclass(frozen=True)
class _Course:
    """How one project goes in the demo."""

    start: int | None
    """Month index it starts (None: not by the demo's end)."""
    pace: float
    """Above 1 faster than planned, below slower."""
    terminated: int | None = None


def _course(rng: random.Random, seed: Seed, terminate: bool) -> _Course:
    planned = seed.planned_start or 2025
    chance = rng.random()
    if terminate:
        return _Course(_index(2023, 6), 0.3, _index(2025, 3))
    missing = {2023: 0.06, 2024: 0.14}.get(planned, 0.35)
    if chance < missing:
        return _Course(None, 0.0)
    begin = _index(planned, rng.randint(2, 9))
    if chance < missing + 0.22:
        begin += rng.randint(4, 14)  # started late
    pace = rng.uniform(0.55, 0.8) if rng.random() < 0.25 else rng.uniform(0.9, 1.25)
    return _Course(begin, pace)


def _project_rows(
    plan: Plan, seed: Seed, course: _Course, last: tuple[int, int], rng: random.Random
) -> list[tuple[tuple[int, int], tuple[object, ...]]]:
    total = seed.total_wan or 0.0
    finish = seed.planned_finish or (seed.planned_start or 2025) + 2
    responsible = f"{seed.park}管委会" if seed.park else "县经济信息委"
    problem = rng.choice(PROBLEMS)
    ramp = rng.randint(2, 6)
    done_since: int | None = None
    completed = 0.0
    found: list[tuple[tuple[int, int], tuple[object, ...]]] = []
    for year, month in _months(FIRST, last):
        now = _index(year, month)
        period = f"{year}-{month:02d}"
        if course.terminated is not None and now >= course.terminated:
            found.append(((year, month), (plan.id, seed.id, period, Stage.TERMINATED.value, completed, None,
                                           responsible, "企业投资计划取消，项目终止", None)))  # fmt: skip
            break
        if course.start is None or now < course.start:
            if month % 3:
                continue  # a project not started reports quarterly
            due = seed.planned_start is not None and seed.planned_start <= year
            stage = Stage.PREPARING if due else Stage.PLANNING
            late = seed.planned_start is not None and (seed.planned_start < year or (month >= 9 and due))
            found.append(((year, month), (plan.id, seed.id, period, stage.value, 0.0, None, responsible,
                                           problem if late else None, None)))  # fmt: skip
            continue
        span = max(_index(finish, 12) + 1 - course.start, 6)
        gone = (now + 1 - course.start) / span
        progress = _s_curve(min(gone * course.pace, 1.0))
        completed = round(total * progress, 0)
        if completed >= total:
            done_since = now if done_since is None else done_since
            stage = Stage.PRODUCING if now - done_since >= ramp else Stage.COMPLETED
        else:
            stage = Stage.STARTED if now - course.start < 2 else Stage.BUILDING
        # The year's planned investment: what the planned schedule adds this year.
        before, after = ((_index(y, 12) + 1 - course.start) / span for y in (year - 1, year))
        annual = total * (_s_curve(after) - _s_curve(before))
        behind = progress < min(gone, 1.0) - 0.1
        found.append(((year, month), (plan.id, seed.id, period, stage.value, completed, round(annual, 0) or None,
                                       responsible, problem if behind else None, None)))  # fmt: skip
    return found


def _updates(plan: Plan, last: tuple[int, int], rng: random.Random) -> dict[tuple[int, int], list[tuple[object, ...]]]:
    by_month: dict[tuple[int, int], list[tuple[object, ...]]] = {}
    projects = seeds(plan)
    stopped = len(projects) // 4
    for index, seed in enumerate(projects):
        for month, row in _project_rows(plan, seed, _course(rng, seed, index == stopped), last, rng):
            by_month.setdefault(month, []).append(row)
    return by_month


@dataclass(frozen=True)
class _Signing:
    row: tuple[object, ...]
    signed_on: date


def _signings(
    plan: Plan, maps: list[ChainMap], parks: list[str], last: tuple[int, int], rng: random.Random
) -> tuple[list[_Signing], dict[tuple[int, int], list[tuple[object, ...]]]]:
    signings: list[_Signing] = []
    steps: dict[tuple[int, int], list[tuple[object, ...]]] = {}
    wanted: list[tuple[ChainMap | None, float, str | None]] = [
        (m, SIGNED_TARGETS[i % len(SIGNED_TARGETS)], _chain_park(i, parks)) for i, m in enumerate(maps)
    ]
    wanted.append((None, 6.0, parks[0] if parks else None))
    serial = 0
    for chain, target, park in wanted:
        for n in range(3 if chain else 2):
            serial += 1
            year = 2023 + (serial + n) % 4
            signed_on = min(date(year, rng.randint(1, 12), rng.randint(1, 28)), date(last[0], max(last[1] - 1, 1), 10))
            amount = round(target * 10_000 * rng.uniform(0.18, 0.42), -2)
            link = chain.links[min(n + 1, len(chain.links) - 1)].name if chain else None
            what = link or "园区配套"
            row = (plan.id, f"ZS{signed_on.year}-{serial:03d}", f"【演示】{what}项目（招商{serial:02d}）",
                   f"【演示】投资方{serial:02d}有限公司", park, chain.name if chain else None, link, amount, signed_on)  # fmt: skip
            signings.append(_Signing(row, signed_on))
            first = _index(signed_on.year, signed_on.month)
            lands = first + rng.randint(3, 10) if rng.random() < 0.75 else None
            starts = lands + rng.randint(2, 8) if lands is not None and rng.random() < 0.7 else None
            produces = starts + rng.randint(8, 18) if starts is not None and rng.random() < 0.5 else None
            arrived = 0.0
            for y, m in _months((signed_on.year, signed_on.month), last):
                now = _index(y, m)
                stage = "签约"
                for moment, name in ((lands, "落地"), (starts, "开工"), (produces, "投产")):
                    if moment is not None and now >= moment:
                        stage = name
                if stage == "签约" and m % 3:
                    continue
                if stage != "签约":
                    arrived = min(amount, arrived + amount * rng.uniform(0.03, 0.09))
                steps.setdefault((y, m), []).append((plan.id, str(row[1]), f"{y}-{m:02d}", stage, round(arrived, 0)))
    return signings, steps


def _chain_park(index: int, parks: list[str]) -> str | None:
    """The park a chain of the 石柱 plan lives in (下路 for the first four, then 万朝 and 龙潭)."""
    by_index = {4: "万朝静脉产业园", 5: "龙潭有色金属产业园"}
    name = by_index.get(index, "下路工业园区")
    return name if name in parks else (parks[0] if parks else None)


def _members(
    store: Store, maps: list[ChainMap], orgs: dict[str, Org], large: set[int]
) -> tuple[list[tuple[str, str, str, str, bool]], list[str]]:
    registry = registrations(store)
    by_id = {o.id: o for o in orgs.values()}
    enterprises = sorted((o for o in orgs.values() if o.kind == "enterprise"), key=lambda o: o.code)
    used: set[str] = set()
    placed: list[tuple[str, str, str, str, bool]] = []
    leaders: list[str] = []
    for index, wanted in MEMBERS.items():
        if index >= len(maps):
            continue
        chain = maps[index]
        park = "万朝静脉产业园" if index == 4 else "下路工业园区"
        for position, cluster, count, with_large in wanted:
            if position > len(chain.links):
                continue
            pool = [
                o
                for o in enterprises
                if o.code not in used
                and (registry.get(o.id) and registry[o.id].cluster == cluster)
                and park_of(o, by_id) == park
            ]
            big = [o for o in pool if o.id in large]
            small = [o for o in pool if o.id not in large]
            chosen = (big[:1] + small[: count - 1]) if with_large else small[:count]
            for org in chosen:
                used.add(org.code)
                placed.append((chain.name, chain.links[position - 1].name, "enterprise", org.code, True))
            if with_large and big and index in LEADERS:
                leaders.append(big[0].code)
    return placed, leaders


def _supports(
    plan: Plan, placed: list[tuple[str, str, str, str, bool]], rng: random.Random
) -> list[tuple[object, ...]]:
    projects = seeds(plan)
    kinds = fund_kinds()
    codes = [entry[3] for entry in placed]
    in_park = [p.id for p in projects if p.park == "下路工业园区"]
    found = []
    for n in range(12):
        kind = kinds[n % len(kinds)]
        granted = date(2023 + n % 3, rng.randint(2, 11), rng.randint(1, 28))
        project = in_park[(n * 7) % len(in_park)] if in_park and n % 4 == 1 else None
        amount = round(rng.uniform(20, 300), 1)
        found.append(
            (f"ZJ{granted.year}-{n + 1:03d}", codes[(n * 7) % len(codes)] if codes else None,
             plan.id if project else None, project, kind,
             amount, granted, POLICY, DEPARTMENTS.get(kind, "县财政局"))
        )  # fmt: skip
    return sorted(found, key=lambda r: (str(r[6]), str(r[0])))


def build_ledgers(store: Store, plans: list[Plan], last: tuple[int, int] = (2026, 10)) -> None:
    """Write the demo's ledgers for each plan (its projects, chains, parks) into the store."""
    for plan in plans:
        _build(store, plan, last)


def _build(store: Store, plan: Plan, last: tuple[int, int], seed: int = 20240123) -> None:
    rng = random.Random(seed)
    known = date(last[0], last[1], 28)
    maps, _ = chain_maps(store, plan, known)
    orgs = load_orgs(store)
    large = {org for org, tags in rows.tags_in_year(store, ["规上"], last_complete_year(known)).items() if tags}
    parks = [p.name for p in plan.parks]
    with store.backend.transaction():
        for (year, month), batch in sorted(_updates(plan, last, rng).items()):
            rows.append(store, rows.UPDATES, batch, now=_recorded(year, month), source=DEMO, recorded_by=DEMO)
        signings, steps = _signings(plan, maps, parks, last, rng)
        for signing in sorted(signings, key=lambda s: s.signed_on):
            when = datetime.combine(signing.signed_on, datetime.min.time()).replace(hour=16)
            rows.append(store, rows.SIGNINGS, [signing.row], now=when, source=DEMO, recorded_by=DEMO)
        for (year, month), batch in sorted(steps.items()):
            rows.append(store, rows.STEPS, batch, now=_recorded(year, month), source=DEMO, recorded_by=DEMO)
        end = plan.period.end if plan.period else last[0] + 1
        targets = [
            (plan.id, m.name, "签约投资额", end, SIGNED_TARGETS[i % len(SIGNED_TARGETS)], "亿元")
            for i, m in enumerate(maps)
        ]
        rows.append(store, rows.TARGETS, targets, now=SET_UP, source=DEMO, recorded_by=DEMO)
        placed, leaders = _members(store, maps, orgs, large)
        rows.add_chain_members(store, plan.id or "", placed, now=SET_UP, source=DEMO, recorded_by=DEMO)
        add_tags(store, [(orgs[code].id, "链主", 2022, None, DEMO) for code in leaders], SET_UP)
        for record in _supports(plan, placed, rng):
            granted = record[6]
            assert isinstance(granted, date)
            when = datetime.combine(granted, datetime.min.time()).replace(hour=15)
            rows.append(store, rows.FUNDS, [record], now=when, source=DEMO, recorded_by=DEMO)
