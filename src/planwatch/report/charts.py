"""The report's charts as PNG bytes: the status distribution, and each key target's path.

Drawn with matplotlib's Agg canvas on a ``Figure`` of its own (no pyplot
state, so a web server may draw in threads).  The labels are Chinese, so a
CJK font is looked up at run time — matplotlib's font list first, then
fontconfig — and its absence is an error that says how to install one:
a chart with empty boxes for every label is worse than no chart.
Every string a chart draws is kept with it, so a test can check the font
has a glyph for each character.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from planwatch.errors import PlanwatchError
from planwatch.evaluate.evaluation import Evaluation, TargetEvaluation
from planwatch.formatting import quantity
from planwatch.report.chart import Chart, ChartSubject, StatusSubject, chart_subjects
from planwatch.status import STATUSES

PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Droid Sans Fallback",
)
"""Simplified Chinese faces first: the JP/KR faces of the same file draw some characters differently."""
SAMPLE = "规划实施评估报告目标状态已完成进度正常需加快进展缓慢倒退数据不足实际值预测区间年末亿元家"
"""Characters a usable font must have."""
DPI = 150
MARGINS = {"left": 0.11, "right": 0.98, "top": 0.9, "bottom": 0.15}
"""Fixed margins (fractions of the figure): a layout engine would draw every chart twice to find them."""


class FontMissing(PlanwatchError):
    def __init__(self) -> None:
        super().__init__(
            "没有找到能显示中文的字体，评估报告的图表无法绘制。"
            "请在仓库目录运行 make env，或执行 sudo apt-get install fonts-noto-cjk 安装思源（Noto CJK）字体后重试。"
        )

    def __reduce__(self) -> tuple[type[FontMissing], tuple[()]]:
        """Rebuilt without arguments when it crosses from a drawing worker (``report.drawing``)."""
        return (FontMissing, ())


@dataclass(frozen=True)
class ChartFont:
    name: str
    path: str
    index: int
    """The face in a .ttc collection (Noto Sans CJK SC is face 2 of NotoSansCJK-Regular.ttc)."""


def missing_characters(text: str, font: ChartFont) -> set[str]:
    """The characters of ``text`` the font has no glyph for (whitespace aside)."""
    charmap = FT2Font(font.path, face_index=font.index).get_charmap()
    return {char for char in text if not char.isspace() and ord(char) not in charmap}


def _fontconfig_candidates() -> list[tuple[str, int]]:
    """Files fontconfig offers for Simplified Chinese: fonts installed after matplotlib built its cache."""
    if shutil.which("fc-match") is None:
        return []
    try:
        found = subprocess.run(
            ["fc-match", "-s", "-f", "%{file}|%{index}\\n", "sans-serif:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    candidates = []
    for line in found.stdout.splitlines()[:20]:
        path, _, index = line.partition("|")
        if path and Path(path).suffix.lower() in {".ttf", ".otf", ".ttc"}:
            candidates.append((path, int(index or 0)))
    return candidates


def _usable(entry: font_manager.FontEntry) -> ChartFont | None:
    font = ChartFont(entry.name, entry.fname, entry.index)
    try:
        return None if missing_characters(SAMPLE, font) else font
    except (OSError, RuntimeError):
        return None


def _from_font_list() -> ChartFont | None:
    entries = [e for e in font_manager.fontManager.ttflist if e.weight in (400, "normal", "regular", "book")]
    for name in PREFERRED_FONTS:
        for entry in entries:
            if entry.name == name and (font := _usable(entry)) is not None:
                return font
    return None


@cache
def chart_font() -> ChartFont:
    """A CJK font matplotlib can draw with, preferring Noto Sans CJK SC."""
    font = _from_font_list()
    if font is not None:
        return font
    for path, index in _fontconfig_candidates():
        known = {(e.fname, e.index) for e in font_manager.fontManager.ttflist}
        if (path, index) not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
        font = _from_font_list()
        if font is not None:
            return font
        entry = next((e for e in font_manager.fontManager.ttflist if (e.fname, e.index) == (path, index)), None)
        if entry is not None and (font := _usable(entry)) is not None:
            return font
    raise FontMissing()


def _render(figure: Figure) -> tuple[bytes, tuple[str, ...]]:
    buffer = io.BytesIO()
    # Light compression: the file is a little larger, the report is written seconds sooner.
    figure.savefig(buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    strings = []
    for artist in figure.findobj(Text):
        assert isinstance(artist, Text)
        text = artist.get_text()
        if text and artist.get_visible():
            strings.append(text)
    return buffer.getvalue(), tuple(strings)


def _style() -> dict[RcKeyType, Any]:
    font = chart_font()
    return {
        "font.family": [font.name],
        "axes.unicode_minus": False,  # ASCII hyphen: no font lookup for U+2212
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _darker(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"#{int(red * 0.6):02x}{int(green * 0.6):02x}{int(blue * 0.6):02x}"


def status_chart(subject: StatusSubject) -> Chart:
    counts = subject.overall.counts
    statuses = [s for s in reversed(STATUSES) if counts.get(s.zh)]
    with mpl.rc_context(_style()):
        figure = Figure(figsize=(6.4, 3.2), dpi=DPI)
        axes = figure.add_subplot()
        figure.subplots_adjust(**MARGINS)
        values = [counts[s.zh] for s in statuses]
        colours = [f"#{s.fill}" for s in statuses]
        bars = axes.bar([s.zh for s in statuses], values, color=colours, edgecolor=[_darker(c[1:]) for c in colours])
        axes.bar_label(bars, labels=[f"{v}项" for v in values], padding=2)
        axes.set_ylabel("目标数（项）")
        axes.set_title(f"目标状态分布（共{subject.overall.targets}项）")
        axes.set_ylim(0, max(values, default=1) * 1.2 + 0.5)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        png, strings = _render(figure)
    return Chart("status", f"目标状态分布（评估时点{subject.end.isoformat()}）", png, strings)


def _year_ticks(axes: Axes, start: float, end: float) -> None:
    """A year's figure is at its end (2020 → 2021.0): ticks at year ends, labelled by the year."""
    first, last = math.floor(start), math.ceil(end)
    step = max(1, (last - first) // 8)
    ticks = list(range(first, last + 1, step))
    axes.set_xticks(ticks, [f"{tick - 1}" for tick in ticks])
    axes.set_xlabel("年份（年末）")


def target_chart(t: TargetEvaluation) -> Chart:
    assert t.baseline is not None and t.latest is not None and t.goal is not None
    unit = t.unit
    aim = t.goal.value
    due = (t.indicator.target.year or math.ceil(t.latest.time)) + 1.0
    with mpl.rc_context(_style()):
        figure = Figure(figsize=(6.4, 3.4), dpi=DPI)
        axes = figure.add_subplot()
        figure.subplots_adjust(**MARGINS)
        axes.plot(
            [t.baseline.time, due], [t.baseline.value, aim], linestyle="--", color="#7f7f7f", label="规划路径（直线）"
        )
        forecast = t.forecast
        if forecast is not None:
            if forecast.low is not None and forecast.high is not None:
                axes.fill_between(
                    [t.latest.time, forecast.time],
                    [t.latest.value, forecast.low],
                    [t.latest.value, forecast.high],
                    color="#f4a259",
                    alpha=0.25,
                    linewidth=0,
                    label="预测90%区间",
                )
            axes.plot(
                [t.latest.time, forecast.time],
                [t.latest.value, forecast.value],
                linestyle=":",
                color="#d9731a",
                marker="o",
                markevery=[1],
                label="趋势预测",
            )
        times = [o.time for o in t.observations]
        axes.plot(times, [o.value for o in t.observations], color="#1f5fa8", marker="o", label="实际值")
        axes.scatter([due], [aim], marker="*", s=160, color="#c0392b", zorder=5, label="目标")
        axes.annotate(f"目标 {quantity(aim, unit)}", (due, aim), textcoords="offset points", xytext=(-6, 8), ha="right")
        axes.set_title(f"{t.label}（{unit or '数值'}）：{t.status.zh}")
        axes.set_ylabel(unit or "数值")
        _year_ticks(axes, min(times), max(due, forecast.time if forecast else due))
        axes.legend(loc="upper left" if t.goal.direction == "increase" else "lower left", fontsize=8, frameon=False)
        axes.grid(axis="y", color="#e5e5e5")
        png, strings = _render(figure)
    caption = f"{t.label}：实际值与规划路径、趋势预测"
    return Chart("targets", caption, png, strings)


def chart(subject: ChartSubject) -> Chart:
    """One chart of the report: the status distribution or a key target's path."""
    return status_chart(subject) if isinstance(subject, StatusSubject) else target_chart(subject)


def charts(evaluation: Evaluation, limit: int = 6) -> list[Chart]:
    """Every chart of the report: the status distribution, then up to ``limit`` key targets."""
    return [chart(subject) for subject in chart_subjects(evaluation, limit)]


def chart_strings(drawn: Iterable[Chart]) -> set[str]:
    """Every string the charts draw."""
    return {text for chart in drawn for text in chart.strings}
