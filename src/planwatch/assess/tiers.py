"""梯度培育: for each enterprise and tier (规上, 创新型中小企业, 专精特新, 小巨人, 高新技术企业) — meets, close (the
one or two conditions short, and by how much) or far — and the candidate pools (培育库) ranked by closeness.

The rules are data (``data/tiers/2022.yaml``, the 2026 revision ``2026.yaml``): conditions over measures
(``assess.measures``) and registry tags, and points scales.  A condition is

* ``{measure, at_least | at_most | above | below}`` — values exactly at a threshold meet it (≥, ≤);
* ``{tag}`` / ``{not_tag}`` — a registry tag held (or not) in the year;
* ``{score: total | part, at_least}`` — the tier's points (or one part of them);
* ``{all: […]}`` / ``{any: […]}``; an ``any`` not met reports its nearest branch (fewest conditions short,
  then the smallest relative gaps, general routes before direct ones).

An enterprise is *close* when at most ``close.conditions`` conditions are short, each by at most ``close.gap``
of its threshold (a tag not yet granted counts as achievable, missing data does not).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from planwatch import data
from planwatch.assess import measures
from planwatch.assess.panel import Panel
from planwatch.errors import InputError
from planwatch.formatting import number
from planwatch.status import TierStatus

FOLDER = "tiers"
DEFAULT_RULES = "2022"
TIER_NAMES = ("规上", "创新型中小企业", "专精特新", "小巨人", "高新技术企业")
"""The tiers in the order they are climbed; each is also the registry tag that records it."""
COMPARISONS = {"at_least": "≥", "at_most": "≤", "above": ">", "below": "<"}


@dataclass(frozen=True)
class Close:
    conditions: int
    gap: float


@dataclass(frozen=True)
class Tier:
    name: str
    mark: str
    source: str
    requires: Mapping[str, Any]
    score: Mapping[str, Any] | None
    close: Close


@dataclass(frozen=True)
class Rules:
    version: str
    title: str
    source: str
    unverified: str | None
    tiers: tuple[Tier, ...]

    def tier(self, name: str) -> Tier:
        return next(t for t in self.tiers if t.name == name)


def versions() -> list[str]:
    folder = resources.files(data.__name__).joinpath(FOLDER)
    return sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name[:4].isdigit())


def _check(node: Mapping[str, Any], where: str) -> None:
    """Every measure named exists, every node is a known kind: a rules file is checked whole on loading."""
    if "all" in node or "any" in node:
        for child in node.get("all", node.get("any", [])):
            _check(child, where)
    elif "measure" in node:
        if node["measure"] not in measures.MEASURES:
            known = "、".join(measures.MEASURES)
            raise InputError(f"培育规则 {where}：未知的指标“{node['measure']}”。可用：{known}。")
        if not any(k in node for k in COMPARISONS):
            raise InputError(f"培育规则 {where}：条件“{node['measure']}”缺少 at_least/at_most/above/below。")
    elif not any(k in node for k in ("tag", "not_tag", "score")):
        raise InputError(f"培育规则 {where}：无法识别的条件 {dict(node)}。")


def _check_score(score: Mapping[str, Any], where: str) -> None:
    for item in score.get("items", []):
        for rule in item.get("first", []) + item.get("each", []):
            _check(rule["when"], f"{where} {item['name']}")
        for key in ("bands", "per"):
            if key in item:
                _check({**item[key], "at_least": 0}, f"{where} {item['name']}")


@cache
def load_rules(version: str | None = None) -> Rules:
    """The tier rules of ``version`` (2022 or 2026), a later version merged onto the one it extends."""
    version = version or DEFAULT_RULES
    if version not in versions():
        raise InputError(f"没有“{version}”版的梯度培育规则。可用：{'、'.join(versions())}。")
    raw: dict[str, Any] = data.load(f"{FOLDER}/{version}.yaml")
    tiers: dict[str, dict[str, Any]] = {}
    close = raw.get("close")
    if "extends" in raw:
        base: dict[str, Any] = data.load(f"{FOLDER}/{raw['extends']}")
        close = close or base.get("close")
        tiers = {t["name"]: dict(t) for t in base["tiers"]}
    for tier in raw["tiers"]:
        tiers[tier["name"]] = {**tiers.get(tier["name"], {}), **tier}
    default = Close(**(close or {"conditions": 2, "gap": 0.5}))
    built = []
    for name, tier in tiers.items():
        where = f"data/tiers/{version}.yaml（{name}）"
        _check(tier["requires"], where)
        if tier.get("score"):
            _check_score(tier["score"], where)
        built.append(
            Tier(
                name=name,
                mark=str(tier.get("mark", "")),
                source=str(tier.get("source", "")),
                requires=tier["requires"],
                score=tier.get("score"),
                close=Close(**tier["close"]) if "close" in tier else default,
            )
        )
    order = {n: i for i, n in enumerate(TIER_NAMES)}
    built.sort(key=lambda t: order.get(t.name, len(order)))
    return Rules(str(raw["version"]), raw["title"], raw["source"], raw.get("unverified"), tuple(built))


# --- evaluating -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """One condition not met: what it asks, what the enterprise has, and how far off it is."""

    label: str
    kind: str
    """measure, tag, not_tag, score or missing (the measure was not reported)."""
    value: float | None = None
    required: float | None = None
    sign: str = ""
    unit: str = ""
    relative: float = 0.0
    """Shortfall ÷ threshold (0 for a tag, infinite for missing data)."""
    direct: bool = False

    @property
    def gap(self) -> float | None:
        if self.value is None or self.required is None:
            return None
        return abs(self.required - self.value)

    def text(self) -> str:
        unit = self.unit
        if self.kind == "missing":
            return f"缺少数据：{self.label}（需{self.sign}{number(self.required)}{unit}）"
        if self.kind == "tag":
            return f"尚未具备：{self.label}"
        if self.kind == "not_tag":
            return f"不符合：{self.label}"
        gap_unit = "个百分点" if unit == "%" else unit
        verb = "高出" if self.sign in {"≤", "<"} else "差"
        return (
            f"{self.label}{number(self.value)}{unit}，需{self.sign}{number(self.required)}{unit}"
            f"（{verb}{number(self.gap)}{gap_unit}）"
        )


@dataclass(frozen=True)
class _Row:
    index: int
    values: Mapping[str, Any]
    """measure → per-row arrays."""
    score: Mapping[str, float]


def _tag(panel: Panel, year: int, tag: str, row: int) -> bool:
    return bool(panel.has(tag, year)[row])


def _measure(row: _Row, name: str) -> float | None:
    value = float(row.values[name][row.index])
    return None if math.isnan(value) else value


def _leaf(node: Mapping[str, Any], row: _Row, panel: Panel, year: int) -> list[Shortfall]:
    direct = node.get("route") == "direct"
    if "tag" in node:
        if _tag(panel, year, node["tag"], row.index):
            return []
        return [Shortfall(node.get("label", f"“{node['tag']}”"), "tag", direct=direct)]
    if "not_tag" in node:
        if not _tag(panel, year, node["not_tag"], row.index):
            return []
        return [
            Shortfall(node.get("label", f"当年有“{node['not_tag']}”记录"), "not_tag", relative=math.inf, direct=direct)
        ]
    if "score" in node:
        part = node["score"]
        got = row.score.get("total" if part == "total" else part, 0.0)
        need = float(node["at_least"])
        if got >= need - 1e-9:
            return []
        label = node.get("label", "评分" if part == "total" else f"{part}得分")
        return [Shortfall(label, "score", got, need, "≥", "分", (need - got) / need if need else 1.0, direct)]
    measure = measures.MEASURES[node["measure"]]
    label = node.get("label", measure.label)
    key = next(k for k in COMPARISONS if k in node)
    need = float(node[key])
    value = _measure(row, node["measure"])
    sign = COMPARISONS[key]
    if value is None:
        return [Shortfall(label, "missing", None, need, sign, measure.unit, math.inf, direct)]
    ok = {
        "at_least": value >= need - 1e-9,
        "at_most": value <= need + 1e-9,
        "above": value > need,
        "below": value < need,
    }[key]
    if ok:
        return []
    scale = abs(need) if need else 1.0
    return [Shortfall(label, "measure", value, need, sign, measure.unit, abs(value - need) / scale, direct)]


def _branch_key(shortfalls: Sequence[Shortfall]) -> tuple[bool, bool, int, float]:
    """Which unmet branch of an ``any`` to report: one with measurable gaps before one with missing data or a
    direct route (a recognition the firm cannot work towards), then the fewest conditions, then the smallest gaps."""
    relative = sum(s.relative for s in shortfalls)
    return math.isinf(relative), any(s.direct for s in shortfalls), len(shortfalls), relative


def check(node: Mapping[str, Any], row: _Row, panel: Panel, year: int) -> list[Shortfall]:
    """What is short of ``node`` for the row (empty when it is met)."""
    if "all" in node:
        found: list[Shortfall] = []
        for child in node["all"]:
            found += check(child, row, panel, year)
        return found
    if "any" in node:
        branches = [check(child, row, panel, year) for child in node["any"]]
        if any(not b for b in branches):
            return []
        best = min(branches, key=_branch_key)
        if "label" in node and len(best) == 1 and best[0].kind == "tag":
            return [replace(best[0], label=node["label"], direct=node.get("route") == "direct" or best[0].direct)]
        return best
    return _leaf(node, row, panel, year)


def _holds(node: Mapping[str, Any], row: _Row, panel: Panel, year: int) -> bool:
    return not check(node, row, panel, year)


def _points(item: Mapping[str, Any], row: _Row, panel: Panel, year: int) -> float | None:
    """An item's points (None: the measure it rests on was not reported)."""
    got: float | None = None
    if "bands" in item:
        bands = item["bands"]
        value = _measure(row, bands["measure"])
        if value is None:
            return None
        if "at_least" in bands:
            got = next((float(p) for t, p in bands["at_least"] if value >= t - 1e-9), None)
        else:
            got = next((float(p) for t, p in bands["at_most"] if value <= t + 1e-9), None)
    elif "first" in item:
        got = next((float(r["points"]) for r in item["first"] if _holds(r["when"], row, panel, year)), None)
    elif "each" in item:
        got = sum(float(r["points"]) for r in item["each"] if _holds(r["when"], row, panel, year))
    elif "per" in item:
        per = item["per"]
        value = _measure(row, per["measure"])
        if value is None:
            return None
        got = math.floor(value / per["step"] + 1e-9) * float(per["points"])
    if got is None:
        got = float(item.get("otherwise", 0))
    return min(got, float(item["max"])) if "max" in item else got


@dataclass(frozen=True)
class TierResult:
    tier: str
    status: TierStatus
    score: float | None
    parts: dict[str, float]
    shortfalls: tuple[Shortfall, ...]
    holds: bool
    """The enterprise already carries the tier's tag in the year (认定 or 纳统)."""
    unscored: tuple[str, ...] = ()
    """Points items that could not be scored for lack of data."""

    @property
    def missing(self) -> list[str]:
        texts = [s.text() for s in self.shortfalls]
        if self.unscored and any(s.kind == "score" for s in self.shortfalls):
            texts.append(f"评分中缺少数据的项目：{'、'.join(self.unscored)}")
        return texts

    @property
    def closeness(self) -> tuple[int, int, float]:
        finite = sum(s.relative for s in self.shortfalls if not math.isinf(s.relative))
        return self.status.rank, len(self.shortfalls), finite


@dataclass(frozen=True)
class EnterpriseTiers:
    code: str
    name: str
    park: str | None
    tiers: dict[str, TierResult] = field(default_factory=dict)


def _status(tier: Tier, shortfalls: Sequence[Shortfall]) -> TierStatus:
    if not shortfalls:
        return TierStatus.MEETS
    if len(shortfalls) <= tier.close.conditions and all(
        s.relative <= tier.close.gap and not s.direct for s in shortfalls
    ):
        return TierStatus.CLOSE
    return TierStatus.FAR


def assess(rules: Rules, panel: Panel, year: int) -> list[EnterpriseTiers]:
    """Every enterprise with 营业收入 or 产值 in ``year`` against every tier of the rules, on its figures of that year."""
    values = measures.compute(panel, year)
    active = ~np.isnan(panel.value("revenue", year)) | ~np.isnan(panel.value("output_value", year))
    found = []
    for position in np.flatnonzero(active):
        index = int(position)
        results = {}
        for tier in rules.tiers:
            score: dict[str, float] = {}
            unscored: list[str] = []
            if tier.score:
                parts: dict[str, float] = dict.fromkeys(tier.score.get("parts", {}), 0.0)
                row = _Row(index, values, {})
                for item in tier.score["items"]:
                    points = _points(item, row, panel, year)
                    if points is None:
                        unscored.append(item["name"])
                        points = 0.0
                    parts[item["part"]] = parts.get(item["part"], 0.0) + points
                score = {**parts, "total": sum(parts.values())}
            row = _Row(index, values, score)
            shortfalls = check(tier.requires, row, panel, year)
            results[tier.name] = TierResult(
                tier=tier.name,
                status=_status(tier, shortfalls),
                score=score.get("total"),
                parts={k: v for k, v in score.items() if k != "total"},
                shortfalls=tuple(shortfalls),
                holds=_tag(panel, year, tier.name, index),
                unscored=tuple(unscored),
            )
        found.append(EnterpriseTiers(panel.codes[index], panel.names[index], panel.parks[index], results))
    return found


def pool(assessed: Sequence[EnterpriseTiers], tier: str) -> list[EnterpriseTiers]:
    """The 培育库 of a tier: enterprises not holding it yet that meet it or are close, closest first."""
    candidates = [
        e for e in assessed if not e.tiers[tier].holds and e.tiers[tier].status in {TierStatus.MEETS, TierStatus.CLOSE}
    ]
    return sorted(candidates, key=lambda e: (*e.tiers[tier].closeness, -(e.tiers[tier].score or 0), e.code))


def funnel(assessed: Sequence[EnterpriseTiers], rules: Rules) -> list[tuple[str, int, int, int, int]]:
    """Per tier: (name, holding it, meeting it without holding, close, far)."""
    rows = []
    for tier in rules.tiers:
        holds = sum(1 for e in assessed if e.tiers[tier.name].holds)
        meets = sum(
            1 for e in assessed if not e.tiers[tier.name].holds and e.tiers[tier.name].status == TierStatus.MEETS
        )
        close = sum(
            1 for e in assessed if not e.tiers[tier.name].holds and e.tiers[tier.name].status == TierStatus.CLOSE
        )
        far = len(assessed) - holds - meets - close
        rows.append((tier.name, holds, meets, close, far))
    return rows
