"""The report as one standalone HTML file: inline CSS, charts as data: URIs, nothing fetched from anywhere.

Staff work offline and mail the file around, so it must open anywhere on its
own.  Rendered from ``templates/report.html.j2`` with autoescaping on: every
text comes from a plan document or the store and is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, select_autoescape

from planwatch.report.blocks import Figure, Items, Paragraph, Report, Subheading, Table
from planwatch.report.chart import Chart
from planwatch.status import Status

NUMERALS = "一二三四五六七八九十"


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("planwatch.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    environment.tests["subheading"] = lambda block: isinstance(block, Subheading)
    environment.tests["items"] = lambda block: isinstance(block, Items)
    environment.tests["table"] = lambda block: isinstance(block, Table)
    environment.tests["figure"] = lambda block: isinstance(block, Figure)
    return environment


def _data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def html(content: Report, drawn: Sequence[Chart]) -> str:
    """The HTML report as text (UTF-8, ``lang="zh-CN"``)."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=content,
        numerals=NUMERALS,
        colours={s.value: s.fill for s in Status},
        charts=[{"kind": c.kind, "caption": c.caption, "src": _data_uri(c)} for c in drawn],
    )
