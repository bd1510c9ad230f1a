"""亩均效益综合评价 schemes as data: indicators, lists, weights, scoring, benchmarks, classes, exclusions.

A scheme is a YAML file in ``data/mujun/`` (the presets 黄岩, 旌德, 重庆) or any file a user points to with
``--scheme PATH``.  Loading checks it whole — weights, known indicators, shares adding up to 1 — and says in
Chinese what is wrong and where, so a county can copy a preset and edit it safely.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from planwatch import data
from planwatch.errors import InputError
from planwatch.status import GRADES

PRESETS_FOLDER = "mujun"
DEFAULT_SCHEME = "重庆"
NOT_SCHEMES = {"indicators.yaml", "exclusions.yaml"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    id: str
    name: str
    numerator: str
    denominator: str
    """A data element, or ``energy`` (综合能耗 on the scheme's basis)."""
    unit: str
    scale: float = 1.0


class Item(_Strict):
    indicator: str
    weight: float = Field(gt=0)
    missing: Literal["zero", "average"] = "zero"
    """No value (its denominator not reported): 0 points, or the average score of the item in the list."""


class Benchmark(_Strict):
    mode: Literal["fixed", "average", "mean"] = "average"
    """fixed: published values by data year; average: Σ numerator ÷ Σ denominator of the rated firms (the
    county's own value); mean: the mean of the firms' values."""
    values: dict[int, dict[str, float]] = Field(default_factory=dict)
    otherwise: Literal["average", "mean"] | None = None
    """For ``fixed``: what a data year without published values uses (None: an error)."""


class Membership(_Strict):
    tag: str | None = None
    not_tag: str | None = None
    land_at_least: float | None = None
    """亩: 规下 firms with less land are not rated (不在评价范围)."""


class ListRule(_Strict):
    name: str
    when: Membership
    scoring: Literal["ratio", "minmax"]
    cap: float | None = None
    """ratio: an item's value ÷ benchmark counts up to this many times (None: no cap)."""
    benchmark: Benchmark = Benchmark()
    items: tuple[Item, ...]


class Classes(_Strict):
    method: Literal["shares", "cutoffs"]
    shares: dict[str, float] = Field(default_factory=dict)
    """A/B/C/D → share of the rated firms, best first (A = the top 25 % …)."""
    cutoffs: dict[str, float] = Field(default_factory=dict)
    """A/B/C → the lowest total score of the class (below C's: D)."""
    mark: str = ""

    @model_validator(mode="after")
    def _complete(self) -> Classes:
        names = [g.value for g in GRADES]
        if self.method == "shares":
            if sorted(self.shares) != sorted(names):
                raise ValueError(f"classes.shares 需给出 {'、'.join(names)} 四类的比例")
            if abs(sum(self.shares.values()) - 1) > 1e-9:
                raise ValueError(f"classes.shares 各类比例之和应为 1，现为 {sum(self.shares.values()):g}")
        elif sorted(self.cutoffs) != names[:3]:
            raise ValueError("classes.cutoffs 需给出 A、B、C 三类的最低分（低于 C 类最低分为 D 类）")
        return self


class Exclusion(_Strict):
    reason: str
    industries: tuple[str, ...] = ()
    """GB/T 4754 codes (大类 44, 中类 772 …): a registered code starting with one of them (letter ignored)."""
    in_production_under_years: float | None = None
    tag: str | None = None


class Adjustment(_Strict):
    tag: str
    points: float
    reason: str


class Veto(_Strict):
    tag: str
    grade: Literal["D"] = "D"
    reason: str


class Scheme(_Strict):
    name: str
    title: str
    source: str
    mark: str = ""
    energy_basis: Literal["calorific", "equivalent"] = "equivalent"
    lists: tuple[ListRule, ...]
    classes: Classes
    exclusions: tuple[Exclusion, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    indicators: dict[str, Indicator] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_indicators(self) -> Scheme:
        for rule in self.lists:
            for item in rule.items:
                if item.indicator not in self.indicators:
                    known = "、".join(self.indicators)
                    raise ValueError(f"名单“{rule.name}”的指标“{item.indicator}”未定义；可用：{known}")
            if rule.benchmark.mode == "fixed" and not rule.benchmark.values:
                raise ValueError(f"名单“{rule.name}”的基准值为 fixed，却没有给出 values")
        return self

    def indicator(self, item: Item) -> Indicator:
        return self.indicators[item.indicator]


@cache
def indicator_catalog() -> dict[str, Indicator]:
    table: dict[str, Any] = data.load(f"{PRESETS_FOLDER}/indicators.yaml")
    return {key: Indicator(id=key, **value) for key, value in table["indicators"].items()}


def preset_names() -> list[str]:
    """The schemes shipped with planwatch, by the name each file gives itself."""
    folder = resources.files(data.__name__).joinpath(PRESETS_FOLDER)
    names = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and entry.name not in NOT_SCHEMES:
            names.append(str(data.load(f"{PRESETS_FOLDER}/{entry.name}")["name"]))
    return names


def _parse(raw: dict[str, Any], where: str, exclusions: list[dict[str, Any]]) -> Scheme:
    raw = dict(raw)
    if isinstance(raw.get("exclusions"), str):
        raw["exclusions"] = exclusions
    raw["indicators"] = {
        **indicator_catalog(),
        **{k: Indicator(id=k, **v) for k, v in raw.get("indicators", {}).items()},
    }
    try:
        return Scheme.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"亩均评价方案 {where} 有误（{place}）：{first['msg']}。请对照 data/mujun/ 中的预设方案修改。"
        ) from None


@cache
def _preset(name: str) -> Scheme:
    folder = resources.files(data.__name__).joinpath(PRESETS_FOLDER)
    shared: list[dict[str, Any]] = data.load(f"{PRESETS_FOLDER}/exclusions.yaml")["exclusions"]
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and entry.name not in NOT_SCHEMES:
            raw = data.load(f"{PRESETS_FOLDER}/{entry.name}")
            if raw.get("name") == name or entry.name.removesuffix(".yaml") == name:
                return _parse(raw, f"data/mujun/{entry.name}", shared)
    raise InputError(
        f"没有名为“{name}”的亩均评价方案。可用：{'、'.join(preset_names())}；也可给出方案文件的路径（.yaml）。"
    )


def load_scheme(name: str | None = None) -> Scheme:
    """A preset by name (黄岩, 旌德, 重庆; default 重庆) or a scheme file by path."""
    name = name or DEFAULT_SCHEME
    path = Path(name)
    if path.suffix in {".yaml", ".yml"}:
        if not path.exists():
            raise InputError(f"找不到亩均评价方案文件 {path}。")
        try:
            raw = data.parse(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise InputError(f"亩均评价方案 {path} 不是有效的 YAML：{error}") from None
        shared = data.load(f"{PRESETS_FOLDER}/exclusions.yaml")["exclusions"]
        return _parse(raw, str(path), shared)
    return _preset(name)
