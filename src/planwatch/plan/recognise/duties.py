"""责任分工: which department leads each target, read where the plan says so.

Plans say it two ways:

* a bracket after the task, in prose: ``规上工业企业达到150家。（牵头单位：县经济信息委；配合单位：县统计局）``
  or ``（责任单位：县经济信息委、县发展改革委）`` — where only 责任单位 are named, the first leads
  (the convention of 列第一位的为牵头单位); a bracket on a line of its own belongs to the paragraph above;
* a table with a 牵头单位 (or 责任单位) column — a 责任分工 table beside the tasks, or the indicator
  table itself — whose rows name the target.

A bracket applies to the targets of its paragraph written before it (and after the bracket before it);
a table row to the targets on its line, else to the targets it names.  A duty found for one target goes
to its restatements too (the same target in the table and in prose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.plan import departments, names
from planwatch.plan.document import Document, Paragraph, Table
from planwatch.plan.model import Duty, Indicator, Source
from planwatch.plan.text import clean

_NAME = r"(?:[^（()）；;]|[（(][^（()）]*[）)])+"
"""A list of names, which may hold one level of brackets of its own (各乡镇（街道）)."""
_LEAD_WORDS = r"牵头单位|牵头部门|牵头|主责单位|责任单位|责任部门"
_SUPPORT_WORDS = r"配合单位|配合部门|协同单位|协助单位|参与单位|责任单位"
BRACKET = re.compile(
    rf"[（(]\s*(?P<lead_word>{_LEAD_WORDS})\s*[：:]\s*(?P<lead>{_NAME}?)"
    rf"(?:\s*[；;，,]\s*(?:{_SUPPORT_WORDS})\s*[：:]\s*(?P<support>{_NAME}?))?\s*[）)]"
)
"""A “（牵头单位：…；配合单位：…）” bracket; the prose reader ends a sentence at one (it names no target)."""
_LEAD_HEADER = re.compile(r"牵头(?:单位|部门)?|责任(?:单位|部门)|主责单位")
_SUPPORT_HEADER = re.compile(r"配合|协同|协助|参与")
_TASK_HEADER = re.compile(r"指标|任务|目标|事项|内容|工作")


def _duty(lead_word: str, lead: str, support: str | None, source: Source) -> Duty | None:
    leads = departments.split(lead)
    helpers = departments.split(support)
    if lead_word.startswith("责任") and not support and len(leads) > 1:
        leads, helpers = leads[:1], leads[1:]  # 列第一位的为牵头单位
    if not leads:
        return None
    return Duty(lead=leads, support=[h for h in helpers if h not in leads], source=source)


def _position(paragraph: Paragraph, indicator: Indicator) -> int:
    """Where the target's words stand in the paragraph (its line's start when they cannot be found)."""
    for words in (indicator.target.text, indicator.name):
        found = paragraph.text.find(words) if words else -1
        if found >= 0:
            return found
    start = next((offset for offset, line in paragraph.spans if line == indicator.source.line), 0)
    return start


def _members(paragraph: Paragraph, indicators: list[Indicator]) -> list[tuple[int, Indicator]]:
    lines = {line for _, line in paragraph.spans} or {paragraph.line}
    return [(i, item) for i, item in enumerate(indicators) if item.source.line in lines]


def _prose(doc: Document, indicators: list[Indicator]) -> dict[int, Duty]:
    """Index in ``indicators`` → the duty of the bracket after it in its paragraph."""
    found: dict[int, Duty] = {}
    paragraphs = doc.paragraphs()
    for number, paragraph in enumerate(paragraphs):
        brackets = list(BRACKET.finditer(paragraph.text))
        if not brackets:
            continue
        target, members = paragraph, _members(paragraph, indicators)
        if not members and paragraph.text.lstrip().startswith(("（", "(")) and number > 0:
            target = paragraphs[number - 1]  # a bracket on a line of its own: the paragraph above
            members = _members(target, indicators)
        previous = -1
        for bracket in brackets:
            line = paragraph.line_at(bracket.start())
            duty = _duty(
                bracket.group("lead_word"),
                bracket.group("lead"),
                bracket.group("support"),
                doc.source(line, bracket.group(0)),
            )
            position = bracket.start() if target is paragraph else len(target.text)
            if duty is not None:
                for i, item in members:
                    if i not in found and previous < _position(target, item) <= position:
                        found[i] = duty
            previous = position
    return found


def _header(table: Table) -> tuple[int, int | None, int, int | None] | None:
    """(header row, task column, lead column, support column) of a table with a 牵头单位 column."""
    for index, row in enumerate(table.rows[:3]):
        texts = [clean(text) for text in row.texts]
        lead = next((c for c, text in enumerate(texts) if _LEAD_HEADER.search(text) and len(text) <= 8), None)
        if lead is None:
            continue
        support = next(
            (c for c, text in enumerate(texts) if c != lead and _SUPPORT_HEADER.search(text) and len(text) <= 8), None
        )
        task = next((c for c, text in enumerate(texts) if c not in (lead, support) and _TASK_HEADER.search(text)), None)
        return index, task, lead, support
    return None


def _tables(doc: Document, indicators: list[Indicator]) -> dict[int, Duty]:
    found: dict[int, Duty] = {}
    for table in doc.tables():
        header = _header(table)
        if header is None:
            continue
        first, task, lead_column, support_column = header
        rows = table.rows[first + 1 :]
        for position, row in enumerate(rows):
            texts = row.texts
            if lead_column >= len(texts):
                continue
            support = texts[support_column] if support_column is not None and support_column < len(texts) else None
            words = "牵头单位" if support_column is not None else "责任单位"
            duty = _duty(words, texts[lead_column], support, doc.source(row.line, " | ".join(texts)))
            if duty is None:
                continue
            end = rows[position + 1].line if position + 1 < len(rows) else table.end + 1
            on_row = [i for i, item in enumerate(indicators) if row.line <= item.source.line < end]
            if not on_row and task is not None and task < len(texts):
                named = clean(texts[task])
                on_row = [
                    i
                    for i, item in enumerate(indicators)
                    if names.key(item.name) and (names.key(item.name) in names.key(named) or item.name in named)
                ]
            for i in on_row:
                found.setdefault(i, duty)
    return found


def _same_target(a: Indicator, b: Indicator) -> bool:
    return (
        names.key(a.name) == names.key(b.name)
        and a.scope == b.scope
        and a.target.year == b.target.year
        and a.target.value == b.target.value
    )


def recognise_duties(doc: Document, indicators: Sequence[Indicator]) -> list[Indicator]:
    """The indicators with the 责任分工 the plan text gives them (tables first, then brackets in prose)."""
    items = list(indicators)
    found = _tables(doc, items)
    for i, duty in _prose(doc, items).items():
        found.setdefault(i, duty)
    if not found:
        return items
    for i, item in enumerate(items):
        if i not in found:
            twin = next((found[j] for j in found if _same_target(items[j], item)), None)
            if twin is not None:
                found[i] = twin
    return [item.model_copy(update={"duty": found[i]}) if i in found else item for i, item in enumerate(items)]
