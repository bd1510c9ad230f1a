"""Numbers and units as Chinese plans and statistics write them — the one place for them.

* Chinese numerals: the everyday ones (``一百五十``, ``两个``, ``三万五千``,
  ``二〇二一``) are read here, because loading cn2an costs a command 0.4 s
  of its 0.5; decimals (``三点五``) and financial digits (``壹佰``) go through cn2an.
* Units: every unit a plan or a statistical form uses, with its dimension and
  its factor to the dimension's base unit, so 亿元 ↔ 万元 ↔ 元, 亩 ↔ 公顷 ↔
  平方公里 and ㎡ ↔ 万平方米 convert through one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    name: str
    dimension: str
    factor: float
    """How many base units one of this unit is (base: 元, 平方米, 吨, 吨标准煤, 千瓦时, 立方米, 1)."""


_UNITS: tuple[Unit, ...] = (
    Unit("元", "money", 1),
    Unit("万元", "money", 1e4),
    Unit("亿元", "money", 1e8),
    Unit("千亿元", "money", 1e11),
    Unit("万亿元", "money", 1e12),
    Unit("美元", "money_usd", 1),
    Unit("万美元", "money_usd", 1e4),
    Unit("亿美元", "money_usd", 1e8),
    Unit("平方米", "area", 1),
    Unit("万平方米", "area", 1e4),
    Unit("亩", "area", 10000 / 15),
    Unit("万亩", "area", 1e8 / 15),
    Unit("公顷", "area", 1e4),
    Unit("平方公里", "area", 1e6),
    Unit("吨", "mass", 1),
    Unit("万吨", "mass", 1e4),
    Unit("亿吨", "mass", 1e8),
    Unit("斤", "mass", 0.0005),
    Unit("万斤", "mass", 5),
    Unit("亿斤", "mass", 50000),
    Unit("千瓦", "power", 1),
    Unit("万千瓦", "power", 1e4),
    Unit("吨标准煤", "energy", 1),
    Unit("万吨标准煤", "energy", 1e4),
    Unit("千瓦时", "electricity", 1),
    Unit("万千瓦时", "electricity", 1e4),
    Unit("亿千瓦时", "electricity", 1e8),
    Unit("立方米", "volume", 1),
    Unit("万立方米", "volume", 1e4),
    Unit("%", "ratio", 1),
    Unit("个百分点", "ratio_change", 1),
    Unit("家", "count", 1),
    Unit("个", "count", 1),
    Unit("项", "count", 1),
    Unit("座", "count", 1),
    Unit("条", "count", 1),
    Unit("套", "count", 1),
    Unit("户", "count", 1),
    Unit("所", "count", 1),
    Unit("人", "people", 1),
    Unit("名", "people", 1),
    Unit("万人", "people", 1e4),
    Unit("公里", "length", 1000),
    Unit("千米", "length", 1000),
    Unit("米", "length", 1),
    Unit("倍", "multiple", 1),
    Unit("分", "score", 1),
    Unit("万元/亩", "money_per_area", 1e4),
    Unit("元/亩", "money_per_area", 1),
    Unit("亿元/平方公里", "money_per_area", 1e8 / 1500),
    Unit("吨标准煤/万元", "energy_intensity", 1),
    Unit("万元/人", "productivity", 1e4),
    Unit("克/千克", "concentration", 1),
    Unit("吨二氧化碳/万元", "carbon_intensity", 1),
)
UNITS: dict[str, Unit] = {unit.name: unit for unit in _UNITS}

# Other spellings of the same unit.
_ALIASES: dict[str, str] = {
    "％": "%",
    "㎡": "平方米",
    "m²": "平方米",
    "m2": "平方米",
    "万㎡": "万平方米",
    "km²": "平方公里",
    "平方千米": "平方公里",
    "hm²": "公顷",
    "tce": "吨标准煤",
    "吨标煤": "吨标准煤",
    "万吨标煤": "万吨标准煤",
    "kWh": "千瓦时",
    "kW·h": "千瓦时",
    "度": "千瓦时",
    "m³": "立方米",
    "方": "立方米",
    "km": "千米",
    "亿": "亿元",
    "千亿": "千亿元",
    "万亿": "万亿元",
    "万kW": "万千瓦",
}

# Every spelling a recogniser may meet, longest first so that 万元/亩 wins over 万元.
UNIT_SPELLINGS: tuple[str, ...] = tuple(sorted({*UNITS, *_ALIASES}, key=len, reverse=True))


def normalise_unit(text: str | None) -> str | None:
    """The canonical spelling of a unit (``％`` → ``%``, ``㎡`` → ``平方米``), or the text as is."""
    if text is None:
        return None
    stripped = text.strip().strip("（）()")
    if not stripped:
        return None
    return _ALIASES.get(stripped, stripped)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between two units of the same dimension (亿元 → 万元, 公顷 → 亩 …)."""
    source, target = UNITS[normalise_unit(from_unit) or ""], UNITS[normalise_unit(to_unit) or ""]
    if source.dimension != target.dimension:
        raise ValueError(f"单位“{from_unit}”与“{to_unit}”量纲不同，无法换算。")
    return value * source.factor / target.factor


def convert_or_none(value: float | None, from_unit: str | None, to_unit: str | None) -> float | None:
    """``convert`` for figures that may lack a unit: unchanged when either unit is missing or both agree,
    None when the two cannot be converted (亿元 → 家)."""
    if value is None:
        return None
    if from_unit is None or to_unit is None or normalise_unit(from_unit) == normalise_unit(to_unit):
        return value
    try:
        return convert(value, from_unit, to_unit)
    except (KeyError, ValueError):
        return None


def convert_or_keep(value: float, from_unit: str | None, to_unit: str | None) -> float:
    """``convert_or_none`` that keeps the figure as stated when it cannot be converted."""
    converted = convert_or_none(value, from_unit, to_unit)
    return value if converted is None else converted


def is_whole(unit: str | None) -> bool:
    """Units of whole things (家, 个, 人): 86.31 家 is said as 86家."""
    known = UNITS.get(normalise_unit(unit) or "")
    return known is not None and known.dimension in {"count", "people"} and known.factor == 1


def same_dimension(a: str | None, b: str | None) -> bool:
    ua, ub = UNITS.get(normalise_unit(a) or ""), UNITS.get(normalise_unit(b) or "")
    return ua is not None and ub is not None and ua.dimension == ub.dimension


CN_DIGITS = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
CN_NUMERAL = rf"[{CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def parse_number(text: str) -> float | None:
    """A number written in Arabic or Chinese numerals, with stray spaces and full-width digits.

    ``"51　"`` → 51, ``"1,234.5"`` → 1234.5, ``"一百五十"`` → 150, ``"—"`` → None.
    """
    cleaned = re.sub(r"[\s\u3000]", "", text.translate(_FULLWIDTH_DIGITS)).replace(",", "")
    if not cleaned:
        return None
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    if re.fullmatch(CN_NUMERAL, cleaned):
        return chinese_number(cleaned)
    return None


_DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_PLACE_VALUES = {"十": 10, "百": 100, "千": 1000}


def _everyday_number(text: str) -> int | None:
    """An integer in everyday numerals (一百零五, 三万五千, 一亿二千万, 十), or None for anything else."""
    for section, factor in (("亿", 100_000_000), ("万", 10_000)):
        if section in text:
            high, _, low = text.partition(section)
            upper = _everyday_number(high or "一")
            lower = _everyday_number(low) if low else 0
            return None if upper is None or lower is None else upper * factor + lower
    value = number = 0
    for char in text:
        if char in _DIGIT_VALUES:
            number = _DIGIT_VALUES[char]
        elif char in _PLACE_VALUES:
            value += (number or 1) * _PLACE_VALUES[char]
            number = 0
        else:
            return None
    return value + number


def chinese_number(text: str) -> float | None:
    """``一百五十`` → 150; ``百`` → 100; ``二〇二一`` (digit by digit) → 2021; None when it is not a numeral."""
    if text and all(char in _DIGIT_VALUES for char in text) and len(text) > 1:
        return float("".join(str(_DIGIT_VALUES[char]) for char in text))  # 二〇二一: a year, digit by digit
    everyday = _everyday_number(text) if text else None
    if everyday is not None:
        return float(everyday)
    if text[:1] in {"百", "千", "万", "亿"}:
        text = "一" + text  # 百亿级: cn2an wants the leading 一 that speech leaves out
    try:
        import cn2an  # here, not at the top: it takes a fifth of a second to load, and most callers never need it

        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        if re.fullmatch("[零〇一二三四五六七八九]+", text):
            return float("".join(str("零一二三四五六七八九".index(c) if c != "〇" else 0) for c in text))
        return None
    return float(value)


def split_value_unit(text: str) -> tuple[float | None, str | None]:
    """A table cell such as ``13%``, ``51　``, ``110亿元`` → (value, unit); words → (None, None)."""
    cleaned = re.sub(r"[\s\u3000]", "", text.translate(_FULLWIDTH_DIGITS))
    match = re.fullmatch(rf"([-+]?(?:{ARABIC_NUMBER}))(.*)", cleaned)
    if not match:
        return parse_number(cleaned), None
    unit = match.group(2)
    if unit and normalise_unit(unit) not in UNITS:
        return None, None
    return float(match.group(1).replace(",", "")), normalise_unit(unit) if unit else None
