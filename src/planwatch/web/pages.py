"""One function per dashboard page: what the page shows, as JSON-ready data.

The HTML page and its ``/api/`` twin call the same function, so the two can
never disagree.  Every function takes the ``Site`` and the logged-in ``User``
and raises ``Forbidden`` for what the user's role does not reach.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation, target_json
from planwatch.metrics.compute import compute
from planwatch.metrics.definitions import Definition, definitions
from planwatch.plan.model import Plan
from planwatch.report.content import ORDER, forecast_unit, goal, target_text, value_unit
from planwatch.report.render import file_name, render
from planwatch.store.elements import catalog
from planwatch.store.orgs import Org
from planwatch.store.plans import load_review
from planwatch.store.users import ROLE_ZH
from planwatch.web.access import Forbidden, User, check_org, visible_orgs
from planwatch.web.site import NotFound, Site

Data = dict[str, Any]

STATUS_CLASS = {
    "已完成": "achieved",
    "进度正常": "on-track",
    "需加快": "acceleration",
    "进展缓慢": "limited",
    "倒退": "regression",
    "数据不足": "insufficient",
    "未开始": "insufficient",
    "推进中": "on-track",
}
PARK_FIGURES = ("industrial_output", "gs_output", "tax", "land_area", "output_per_mu", "gs_tax_per_mu")
PROFILE_ELEMENTS = ("output_value", "revenue", "tax", "value_added", "energy_total", "rd_expense", "land_area")
MAX_FACTS = 300


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _need_plans(user: User) -> None:
    if not user.reads_plans:
        raise Forbidden("企业用户只能查看本企业的数据：请从“本企业”页面进入。")


def plan_summary(plan: Plan) -> Data:
    return {
        "id": plan.id,
        "title": plan.title,
        "region": plan.region,
        "period": plan.period.model_dump() if plan.period else None,
        "published": plan.published.isoformat() if plan.published else None,
    }


def plans(site: Site, user: User) -> Data:
    """The plans in the store (the plan selector)."""
    _need_plans(user)
    return {"plans": [plan_summary(p) for p in site.plans()]}


def _goal_level(t: TargetEvaluation) -> float | None:
    """The target as a level of the indicator (下降13% from a baseline of 0.5 → 0.435), for charts."""
    aim = goal(t)
    target = t.indicator.target
    if aim is None or target.basis in {"level", "increment"}:
        return aim
    if t.baseline is None:
        return None
    if target.basis == "change":
        return t.baseline.value * (1 + aim / 100)
    years = (target.year or 0) - int(t.baseline.period[:4])  # annual_growth: compounded from the baseline
    return t.baseline.value * (1 + aim / 100) ** years


def _forecast_level(t: TargetEvaluation) -> tuple[float | None, float | None, float | None]:
    f = t.forecast
    if f is None:
        return None, None, None
    if t.indicator.target.basis == "change" and t.baseline is not None:
        base = t.baseline.value

        def level(x: float | None) -> float | None:
            return None if x is None else base * (1 + x / 100)

        return level(f.value), level(f.low), level(f.high)
    if t.indicator.target.basis == "annual_growth":
        return None, None, None
    return f.value, f.low, f.high


def _row(number: int, t: TargetEvaluation) -> Data:
    item = target_json(t)
    item["number"] = number
    item["css"] = STATUS_CLASS.get(t.status_zh, "insufficient")
    item["target_level"] = _round(_goal_level(t))
    item["forecast_unit"] = forecast_unit(t)
    item["target_text"] = target_text(t)
    item["value_unit"] = value_unit(t)  # of baseline and latest: levels, even for 下降13%
    return item


def _evaluation(site: Site, plan_key: str | None, as_of: str | None) -> tuple[Plan, date, Evaluation]:
    plan = site.plan(plan_key)
    day = site.as_of(as_of)
    return plan, day, site.evaluation(plan, day)


def overview(site: Site, user: User, plan_key: str | None = None, as_of: str | None = None) -> Data:
    """总览: status counts, the red list, key figures with sparklines, how much of the period has passed."""
    _need_plans(user)
    plan, day, evaluation = _evaluation(site, plan_key, as_of)
    rows = [_row(n, t) for n, t in enumerate(evaluation.targets, start=1)]
    counts = evaluation.overall.counts
    red = [r for r, t in zip(rows, evaluation.targets, strict=True) if t.red or t.status == "regression"]
    red.sort(key=lambda r: (not r["binding"], r["status"] != "regression", r["source"]["line"]))
    key_figures = [
        {**r, "series": [{"period": o.period, "value": _round(o.value)} for o in t.observations]}
        for r, t in zip(rows, evaluation.targets, strict=True)
        if len(t.observations) >= 2 and t.indicator.target.value is not None
    ]
    key_figures.sort(key=lambda r: (-len(r["series"]), r["source"]["line"]))
    return {
        "plan": plan_summary(plan),
        "plans": [plan_summary(p) for p in site.plans()],
        "as_of": day.isoformat(),
        "subject": evaluation.subject.name if evaluation.subject else None,
        "elapsed": _round(evaluation.elapsed),
        "targets": evaluation.overall.targets,
        "statuses": [
            {"status_zh": s, "count": counts[s], "css": STATUS_CLASS.get(s, "insufficient")}
            for s in ORDER
            if s in counts
        ],
        "red": red,
        "key_figures": key_figures[:8],
        "by_category": [
            {"name": r.name, "targets": r.targets, "counts": r.counts, "score": _round(r.score)}
            for r in evaluation.by_category
        ],
    }


def indicators(
    site: Site,
    user: User,
    plan_key: str | None = None,
    as_of: str | None = None,
    status: str | None = None,
    category: str | None = None,
    q: str | None = None,
) -> Data:
    """指标: every target with its status, filterable by status, category and words in its name."""
    _need_plans(user)
    plan, day, evaluation = _evaluation(site, plan_key, as_of)
    rows = [_row(n, t) for n, t in enumerate(evaluation.targets, start=1)]
    shown = [
        r
        for r in rows
        if (not status or r["status_zh"] == status)
        and (not category or r["category"] == category)
        and (not q or q in r["indicator"] or q in (r["scope"] or ""))
    ]
    return {
        "plan": plan_summary(plan),
        "plans": [plan_summary(p) for p in site.plans()],
        "as_of": day.isoformat(),
        "filters": {"status": status, "category": category, "q": q},
        "statuses": [s for s in ORDER if s in {r["status_zh"] for r in rows}],
        "categories": sorted({r["category"] for r in rows if r["category"]}),
        "total": len(rows),
        "rows": shown,
    }


def _elements(definition: Definition) -> list[str]:
    """The elements a definition reads: those its formula sums, and the figure a region reports itself."""
    codes = {a.target for a in definition.formula.aggregates() if a.target != "enterprise"}
    if definition.reported is not None:
        codes.add(definition.reported.code)
    return sorted(codes)


def _facts(site: Site, org: Org, elements: list[str], as_of: date) -> list[Data]:
    """The org's own facts for these elements, every revision, as known by ``as_of``."""
    if not elements:
        return []
    marks = ", ".join("?" for _ in elements)
    with site.lock:
        rows = site.store.backend.query(
            f"""SELECT element, period, value, unit, revision, source, recorded_at FROM facts
            WHERE org_id = ? AND element IN ({marks}) AND CAST(recorded_at AS DATE) <= ?
            ORDER BY element, period, revision LIMIT {MAX_FACTS}""",
            (org.id, *elements, as_of),
        )
    names = {e.code: e.name for e in catalog().elements}
    return [
        {
            "element": names.get(r[0], r[0]),
            "period": r[1],
            "value": _round(float(r[2])),
            "unit": r[3],
            "revision": int(r[4]),
            "source": r[5],
            "recorded_at": r[6].isoformat(sep=" ", timespec="minutes"),
        }
        for r in rows
    ]


def indicator(site: Site, user: User, plan_key: str, number: int, as_of: str | None = None) -> Data:
    """指标详情: actual vs the path to the target, the forecast band, provenance, facts with revisions."""
    _need_plans(user)
    plan, day, evaluation = _evaluation(site, plan_key, as_of)
    if not 1 <= number <= len(evaluation.targets):
        raise NotFound(f"规划中没有第 {number} 项目标（共 {len(evaluation.targets)} 项）。")
    t = evaluation.targets[number - 1]
    item = _row(number, t)
    low_high = _forecast_level(t)
    target = t.indicator.target
    chart: Data = {
        "unit": item["value_unit"],
        "actual": [
            {"period": o.period, "time": round(o.time, 4), "value": _round(o.value), "source": o.source}
            for o in t.observations
        ],
        "path": (
            [
                {"time": round(t.baseline.time, 4), "value": _round(t.baseline.value)},
                {"time": float((target.year or 0) + 1), "value": item["target_level"]},
            ]
            if t.baseline is not None and item["target_level"] is not None and target.year
            else []
        ),
        "forecast": (
            {
                "time": float((target.year or 0) + 1),
                "value": _round(low_high[0]),
                "low": _round(low_high[1]),
                "high": _round(low_high[2]),
            }
            if low_high[0] is not None
            else None
        ),
    }
    facts = _facts(site, t.org, _elements(t.definition), day) if t.org and t.definition else []
    return {
        "plan": plan_summary(plan),
        "as_of": day.isoformat(),
        "target": item,
        "definition": {
            "id": t.definition.id,
            "name": t.definition.name,
            "formula": t.definition.formula.text,
            "unit": t.definition.unit,
            "note": t.definition.note,
        }
        if t.definition
        else None,
        "provenance": {
            "file": Path(plan.file or plan.id or "").name,
            "line": t.indicator.source.line,
            "text": t.indicator.source.text,
            "origin": "指标表" if t.indicator.origin == "table" else "正文",
        },
        "chart": chart,
        "facts": facts,
        "facts_limited": len(facts) >= MAX_FACTS,
    }


def _definition(code: str) -> Definition:
    return next(d for d in definitions() if d.id == code)


def parks(site: Site, user: User, plan_key: str | None = None, as_of: str | None = None) -> Data:
    """园区: each park's output against its targets, its enterprises, land and per-亩 figures."""
    _need_plans(user)
    plan, day, evaluation = _evaluation(site, plan_key, as_of)
    orgs = site.orgs()
    by_id = {o.id: o for o in orgs.values()}
    allowed = visible_orgs(user, orgs)

    def ancestors(org: Org) -> list[int]:
        chain = []
        parent = org.parent_id
        while parent is not None and parent in by_id:
            chain.append(parent)
            parent = by_id[parent].parent_id
        return chain

    region = evaluation.subject
    while region is not None and region.kind != "region" and region.parent_id in by_id:
        region = by_id[region.parent_id] if region.parent_id is not None else None
    park_orgs = [
        o
        for o in orgs.values()
        if o.kind == "park" and (allowed is None or o.id in allowed) and (region is None or region.id in ancestors(o))
    ]
    year = day.year - 1 if day.month < 12 else day.year

    def figures() -> dict[str, dict[int, float | None]]:
        years = [year - 2, year - 1, year]
        with site.lock:
            out: dict[str, dict[int, float | None]] = {}
            for code in PARK_FIGURES:
                for v in compute(site.store, _definition(code), years):
                    out.setdefault(code, {})[v.org_id * 10000 + v.year] = v.value
            return out

    computed = site.cached(("park-figures", year), figures)
    members: dict[int, list[Org]] = defaultdict(list)  # every enterprise under a park, however deep
    for org in orgs.values():
        if org.kind == "enterprise":
            for above in ancestors(org):
                members[above].append(org)
    rows = []
    for park in sorted(park_orgs, key=lambda o: -len(members[o.id])):
        targets = [
            _row(n, t)
            for n, t in enumerate(evaluation.targets, start=1)
            if t.org is not None and t.org.id == park.id and t.indicator.target.value is not None
        ]
        values = {
            code: {y: _round(computed.get(code, {}).get(park.id * 10000 + y)) for y in (year - 2, year - 1, year)}
            for code in PARK_FIGURES
        }
        rows.append(
            {
                "id": park.id,
                "name": park.name,
                "enterprises": len(members[park.id]),
                "figures": [
                    {
                        "id": code,
                        "name": _definition(code).name,
                        "unit": _definition(code).unit,
                        "values": [{"year": y, "value": v} for y, v in values[code].items()],
                    }
                    for code in PARK_FIGURES
                ],
                "targets": targets,
            }
        )
    return {
        "plan": plan_summary(plan),
        "plans": [plan_summary(p) for p in site.plans()],
        "as_of": day.isoformat(),
        "region": region.name if region else plan.region,
        "year": year,
        "years": [year - 2, year - 1, year],
        "parks": rows,
    }


def _tags(site: Site) -> dict[int, list[Data]]:
    def load() -> dict[int, list[Data]]:
        with site.lock:
            rows = site.store.backend.query("SELECT org_id, tag, valid_from, valid_to FROM org_tags ORDER BY tag")
        tags: dict[int, list[Data]] = defaultdict(list)
        for org_id, tag, start, end in rows:
            tags[int(org_id)].append({"tag": tag, "from": int(start), "to": None if end is None else int(end)})
        return dict(tags)

    return site.cached(("tags",), load)


def _registry(site: Site) -> dict[int, Data]:
    def load() -> dict[int, Data]:
        with site.lock:
            rows = site.store.backend.query(
                "SELECT id, industry, cluster, chain_links, land_mu, demo FROM orgs WHERE kind = 'enterprise'"
            )
        return {
            int(r[0]): {"industry": r[1], "cluster": r[2], "chain_links": r[3], "land_mu": _round(r[4]), "demo": r[5]}
            for r in rows
        }

    return site.cached(("registry",), load)


def enterprises(site: Site, user: User, q: str | None = None, park: str | None = None) -> Data:
    """企业: the registry, searchable by name, code or cluster; each user sees only what the role reaches."""
    orgs = site.orgs()
    allowed = visible_orgs(user, orgs)
    by_id = {o.id: o for o in orgs.values()}
    registry = _registry(site)
    tags = _tags(site)
    rows = []
    for org in sorted(orgs.values(), key=lambda o: o.name):
        if org.kind != "enterprise" or (allowed is not None and org.id not in allowed):
            continue
        parent = by_id.get(org.parent_id) if org.parent_id else None
        info = registry.get(org.id, {})
        if q and not any(q in (text or "") for text in (org.name, org.code, info.get("cluster"), info.get("industry"))):
            continue
        if park and (parent is None or parent.name != park):
            continue
        rows.append(
            {
                "code": org.code,
                "name": org.name,
                "park": parent.name if parent else None,
                "cluster": info.get("cluster"),
                "industry": info.get("industry"),
                "tags": sorted({t["tag"] for t in tags.get(org.id, [])}),
            }
        )
    park_names = sorted(
        o.name
        for o in orgs.values()
        if o.kind == "park" and (allowed is None or any(r["park"] == o.name for r in rows))
    )
    return {"filters": {"q": q, "park": park}, "parks": park_names, "total": len(rows), "rows": rows}


def enterprise(site: Site, user: User, code: str) -> Data:
    """企业档案: registry entry, tags with their years, and monthly series of the main elements."""
    orgs = site.orgs()
    org = orgs.get(code.strip().upper()) or orgs.get(code)
    if org is None or org.kind != "enterprise":
        if user.role == "enterprise":
            raise Forbidden("无权查看其他企业的数据：企业用户只能查看本企业。")
        raise NotFound(f"库中没有统一社会信用代码为“{code}”的企业。")
    check_org(user, org, orgs)
    by_id = {o.id: o for o in orgs.values()}
    parent = by_id.get(org.parent_id) if org.parent_id else None
    marks = ", ".join("?" for _ in PROFILE_ELEMENTS)
    with site.lock:
        rows = site.store.backend.query(
            f"""SELECT element, period, value, unit, revision FROM facts
            WHERE org_id = ? AND element IN ({marks}) ORDER BY element, period, revision""",
            (org.id, *PROFILE_ELEMENTS),
        )
    latest: dict[tuple[str, str], tuple[float, str, int]] = {}
    for element, period, value, unit, revision in rows:
        latest[(element, period)] = (float(value), unit, int(revision))
    names = {e.code: e.name for e in catalog().elements}
    series: dict[str, Data] = {}
    for (element, period), (value, unit, revision) in sorted(latest.items()):
        entry = series.setdefault(element, {"element": names.get(element, element), "unit": unit, "points": []})
        entry["points"].append({"period": period, "value": _round(value), "revision": revision})
    revisions = Counter(element for (element, _), (_, _, revision) in latest.items() if revision > 1)
    return {
        "code": org.code,
        "name": org.name,
        "park": parent.name if parent else None,
        "registry": _registry(site).get(org.id, {}),
        "tags": _tags(site).get(org.id, []),
        "series": list(series.values()),
        "revised": dict(revisions),
    }


def projects(site: Site, user: User, plan_key: str | None = None) -> Data:
    """项目: the plan's project list as the plan states it, by group, with investment."""
    _need_plans(user)
    plan = site.plan(plan_key)
    groups: list[Data] = [
        {
            "path": list(g.path),
            "name": " / ".join(g.path),
            "stated_investment": g.stated_investment.model_dump() if g.stated_investment else None,
            "line": g.source.line,
            "projects": [],
        }
        for g in plan.project_groups
    ]
    members: dict[tuple[str, ...], list[Data]] = {tuple(g.path): [] for g in plan.project_groups}
    loose: list[Data] = []
    total = 0.0
    units: Counter[str] = Counter()
    for p in plan.projects:
        item = {
            "id": p.id,
            "name": p.name,
            "content": p.content,
            "nature": p.nature,
            "years": f"{p.start_year}—{p.end_year}" if p.start_year and p.end_year else (p.start_year or p.end_year),
            "investment": p.investment.model_dump() if p.investment else None,
            "line": p.source.line,
        }
        if p.investment and p.investment.value is not None:
            total += p.investment.value
            units[p.investment.unit or ""] += 1
        members.get(tuple(p.group_path), loose).append(item)
    for group in groups:
        group["projects"] = members[tuple(group["path"])]
    return {
        "plan": plan_summary(plan),
        "plans": [plan_summary(p) for p in site.plans()],
        "count": len(plan.projects),
        "total_investment": {"value": _round(total, 2), "unit": units.most_common(1)[0][0] if units else None},
        "groups": [g for g in groups if g["projects"]] + ([{"name": "未分组", "projects": loose}] if loose else []),
    }


SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def audit(site: Site, user: User, plan_key: str | None = None) -> Data:
    """规划体检: the audit findings kept with the plan, each with the text of the lines it cites."""
    _need_plans(user)
    plan = site.plan(plan_key)
    with site.lock:
        stored = load_review(site.store, plan)
    findings = []
    for f in stored.findings if stored else []:
        findings.append(
            {
                "kind": f.kind,
                "severity": f.severity,
                "severity_zh": SEVERITY_ZH[f.severity],
                "message": f.message,
                "lines": [{"line": n, "text": stored.lines.get(n, "") if stored else ""} for n in (f.lines or [])[:6]],
            }
        )
    return {
        "plan": plan_summary(plan),
        "plans": [plan_summary(p) for p in site.plans()],
        "audited": stored is not None,
        "counts": dict(Counter(f["severity_zh"] for f in findings)),
        "findings": findings,
    }


@dataclass(frozen=True)
class ReportFile:
    name: str
    body: bytes


def report(site: Site, user: User, plan_key: str, as_of: str | None, fmt: str) -> ReportFile:
    """规划实施评估报告 of what the 总览 shows, in the format asked for (cached per data version)."""
    _need_plans(user)
    plan, day, evaluation = _evaluation(site, plan_key, as_of)

    def make() -> bytes:
        with site.lock:
            stored = load_review(site.store, plan)
        return render(evaluation, stored.findings if stored else None, fmt)

    return ReportFile(file_name(plan, fmt), site.cached(("report", plan.id, day, fmt), make))


def me(user: User) -> Data:
    return {"name": user.name, "role": user.role, "role_zh": ROLE_ZH[user.role], "scope": list(user.scope)}
