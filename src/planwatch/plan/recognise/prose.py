"""Targets and facts stated in running text.

Written by hand: no library reads Chinese planning prose.  How it decides:

* **Year clauses.**  ``到2027年`` / ``力争到 2025 年`` open a *target context*
  that holds for the rest of the paragraph, the paragraphs after it and the
  sub-sections below, until a heading of the same or a higher level (so the
  list ``——规上工业产值达到110亿元以上…`` after ``到2027年，`` keeps 2027).
  ``2022年`` (a past year) or ``“十三五”期间`` switch the rest of the sentence
  to *facts* of that year; ``预计`` makes a clause neither; ``较2022年`` is
  the baseline of a change target.
* **Quantities.**  A number with a unit (Arabic or Chinese numerals, units
  from ``units.py``) ending its phrase.  A quantity followed by more words
  (``日处理2万吨工业污水处理厂``, ``10亿级企业``) describes a noun and is not a
  value — unless a counting verb comes before it (``引入77家企业``).
* **Names.**  The words before the value in its clause, without fillers
  (``力争``, ``其中``, ``全县``), verbs (``达到``, ``突破`` …) and enumerations
  of examples (``海庆、海创等清洁能源企业`` → ``清洁能源企业``).  ``A、B分别
  增加至3家、15家`` pairs names with values; ``产值16.9亿元`` after
  ``清洁能源企业4家`` becomes ``清洁能源产值``; ``增长3.8%`` after a level
  becomes that level's ``增速``.
* **Facts** take their year from the sentence, else the nearest year in the
  paragraph, else the section's reference year (the year before the plan
  starts, for a 发展现状 / 主要成效 section) — and record which.
* **Targets without a year clause** are taken only when written as a bound
  (``100万平方米以上``) outside a present-state section; their year is the
  plan's end year and ``year_basis`` says so.
* **Milestones**: in a target context, ``成功创建市级智慧园区`` and the like
  are targets with no value that keep their words.

Longer than most modules: the reading of a sentence (year context, quantities, names,
cue words) is one grammar whose parts consult each other; its vocabulary and its
time expressions live in ``vocabulary.py`` and ``years.py``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Set
from dataclasses import dataclass, field

from planwatch.periods import five_year_plan
from planwatch.plan.document import Document, Heading, Paragraph
from planwatch.plan.model import (
    Basis,
    Comparator,
    Direction,
    Fact,
    FactYearBasis,
    Indicator,
    Period,
    Target,
    TargetYearBasis,
    YearValue,
)
from planwatch.plan.recognise import vocabulary as vocab
from planwatch.plan.recognise import years
from planwatch.plan.recognise.duties import BRACKET
from planwatch.plan.recognise.parks import is_park_name
from planwatch.plan.text import CJK, TERMINAL_PUNCTUATION, clean, heading_title
from planwatch.units import ARABIC_NUMBER, CN_NUMERAL, UNIT_SPELLINGS, UNITS, chinese_number, normalise_unit

_UNIT = "|".join(re.escape(unit) for unit in UNIT_SPELLINGS)
_SUFFIX = "|".join(re.escape(suffix) for suffix, _, _ in vocab.SUFFIXES)
_COUNT_UNITS = "家|个|项|座|条|套|户|人|名|倍|亿元|万元"

QUANTITY = re.compile(
    rf"(?P<pre>约|近|逾)?"
    rf"(?:(?P<frac>\d+/\d+)|(?P<num>{ARABIC_NUMBER})|(?P<cn>{CN_NUMERAL})(?=\s*(?:余|多)?\s*(?:[—–~～至]\s*{CN_NUMERAL}\s*)?(?:{_COUNT_UNITS})))"
    rf"(?:\s*(?:{_UNIT})?\s*[—–~～至]\s*(?:(?P<high>{ARABIC_NUMBER})|(?P<cn_high>{CN_NUMERAL})(?=\s*(?:{_COUNT_UNITS}))))?"
    rf"\s*(?P<approx>余|多)?\s*(?P<unit>{_UNIT})?\s*(?P<suffix>{_SUFFIX})?"
)


def five_year_plan_years(ordinal: int) -> tuple[int, int]:
    """十三五 → (2016, 2020): the ordinals a plan's prose uses (十一 … 十九) are all from the 3rd on."""
    years = five_year_plan(ordinal)
    assert years is not None
    return years


@dataclass
class _Section:
    """What the headings above a paragraph say about it."""

    present_state: bool = False
    scope: str | None = None
    scope_path: list[str] = field(default_factory=list)
    in_target: bool = False
    """Under a year clause (到2027年) or a goal heading: figures without a year of their own are targets."""
    target_year: int | None = None
    target_line: int | None = None


@dataclass
class _Quantity:
    start: int
    end: int
    value: float
    unit: str | None
    comparator: Comparator | None
    approximate: bool
    name: str = ""
    verb: vocab.Verb | None = None
    counted_noun: str | None = None
    increment: bool = False
    """新培育10亿级企业1家: one more than the baseline, not a level of 1."""
    region: str | None = None
    """全县工业增加值: the whole county (or district, city), whatever the section is about."""
    form: str | None = None
    """The phrase it was read from when not ``name verb value``: counted, distributed, shared, task …"""
    value_high: float | None = None
    """2—3个: the upper end of a range."""
    basis: str | None = None
    """multiple for 翻一番 (the verb decides otherwise)."""


@dataclass
class Found:
    indicators: list[Indicator] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def recognise_prose(
    doc: Document, period: Period | None, published_year: int | None, skip_lines: Set[int] = frozenset()
) -> Found:
    """``skip_lines``: lines another recogniser has read (a table left as text)."""
    found = Found()
    clock = document_clock(doc, period, published_year)
    reference_year = clock.period.start - 1 if clock.period else None
    stack: list[Heading] = []
    contexts: dict[int, tuple[int | None, int]] = {}  # heading level → (target year, line)
    carried: _Quantity | None = None
    for block in doc.blocks:
        if isinstance(block, Heading):
            carried = None
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
            for level in [level for level in contexts if level >= block.level]:
                del contexts[level]
            goal = _goal_heading(block, clock)
            if goal is not None:
                contexts[block.level] = (goal, block.line)
            continue
        if not isinstance(block, Paragraph):
            continue
        lines = {line for _, line in block.spans}
        if len(lines & skip_lines) * 2 >= len(lines):
            continue
        section = _section(stack, contexts)
        level = stack[-1].level if stack else 0
        reader = _ParagraphReader(doc, block, section, reference_year, clock, carried)
        reader.read(found)
        carried = reader.carried
        if reader.opened_target_year is not None:
            contexts[level] = reader.opened_target_year
    return found


def document_clock(doc: Document, period: Period | None, published_year: int | None) -> years.Clock:
    """The document's year and the period it plans for.  A period that ended before the document was
    written is one it looks back on (a 2026 work report citing 十四五), not its own; without a period
    in the front matter, a plan the text says it issues (印发《……方案(2025-2027)》) gives one."""
    if period is not None and published_year is not None and period.end < published_year:
        period = None
    if period is not None and _annual(doc):
        period = None
    if period is None and published_year is not None:
        for paragraph in doc.paragraphs()[:BODY_PERIOD_PARAGRAPHS]:
            for match in _ISSUED_PLAN.finditer(paragraph.text):
                start, end = int(match.group(1)), int(match.group(2))
                if start <= published_year <= end and end - start <= MAX_PLAN_YEARS:
                    return years.Clock(published_year, Period(start=start, end=end))
    return years.Clock(published_year, period)


def _annual(doc: Document) -> bool:
    """A document about one year (2021年国民经济和社会发展计划, 2024年目标任务, 政府工作报告): a five-year
    plan it mentions is its background, not its period."""
    head = "".join(line.text for line in doc.lines[:ANNUAL_TITLE_LINES])
    return bool(re.search(rf"(?:19|20)\d{{2}}\s*年[^，。；]{{0,12}}?(?:{'|'.join(vocab.ANNUAL_DOCUMENTS)})", head))


ANNUAL_TITLE_LINES = 30
BODY_PERIOD_PARAGRAPHS = 5
MAX_PLAN_YEARS = 15
_ISSUED_PLAN = re.compile(
    r"(?:印发|出台|发布|制定|编制)(?:了)?《[^》]{2,60}?[（(]\s*((?:19|20)\d{2})\s*年?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年?[）)]》?"
)


def _goal_heading(heading: Heading, clock: years.Clock) -> int | None:
    """A heading that announces goals (``二、2026年工作安排``, ``2024年目标任务``, ``二、预期目标``) opens a
    target context for what stands under it: the year it names, else the document's year."""
    title = heading_title(heading.text)
    if not re.search("|".join(vocab.GOAL_HEADINGS), title):
        return None
    for when in years.expressions(title, clock):
        if when.kind in {"target", "current"}:
            return when.year if when.year is not None else clock.year
    if re.search(r"(?:19|20)\d{2}", title):
        return None
    return clock.plan_end if clock.plan_end is not None else clock.year


def _section(stack: list[Heading], contexts: dict[int, tuple[int | None, int]]) -> _Section:
    section = _Section()
    titles = [heading_title(heading.text) for heading in stack]
    section.present_state = any(word in title for title in titles for word in vocab.PRESENT_STATE_SECTIONS)
    section.scope_path = [title for title in titles if is_park_name(title) or _is_industry_name(title)]
    section.scope = section.scope_path[-1] if section.scope_path else None
    present_levels = [
        heading.level
        for heading, title in zip(stack, titles, strict=True)
        if any(word in title for word in vocab.PRESENT_STATE_SECTIONS)
    ]
    if contexts and max(contexts) > max(present_levels, default=-1):
        # A goal stated above a 发展成就 / 现状 heading does not reach under it; one stated below does.
        year, line = contexts[max(contexts)]
        section.in_target, section.target_year, section.target_line = True, year, line
    return section


def _is_industry_name(title: str) -> bool:
    return bool(re.fullmatch(rf"[{CJK}]{{2,12}}(?:产业|产业集群|行业|制造业)", title)) and not re.match(
        r"^(?:创建|打造|建设|做强|做大|加快|培育|壮大|夯实|推进|推动|实施|完善|优化|提升|发展|提质)", title
    )


def _sentences(text: str, breaks: Set[int] = frozenset()) -> Iterator[tuple[int, str]]:
    """Sentences, also ended at ``breaks`` (offsets where a list line starts) and at a “（牵头单位：…）” bracket."""
    text = BRACKET.sub(lambda found: "。" + " " * (len(found.group(0)) - 1), text)  # offsets kept
    for match in re.finditer(r"[^。！？!?；;]+[。！？!?；;]?", text):
        start, sentence = match.start(), match.group(0)
        cuts = [offset - start for offset in sorted(breaks) if start < offset < match.end()]
        for begin, end in zip([0, *cuts], [*cuts, len(sentence)], strict=True):
            if sentence[begin:end].strip():
                yield start + begin, sentence[begin:end]


LIST_LINE_CHARS = 20
"""A line shorter than this that ends without punctuation is an item of a list written one per line
(``主营业务收入2017年达到2400亿元左右`` / ``2020年达到3800亿元左右``), not a line wrapped mid-sentence."""


def _list_breaks(doc: Document, paragraph: Paragraph) -> set[int]:
    breaks: set[int] = set()
    for (_, line), (offset, _) in itertools.pairwise(paragraph.spans):
        text = clean(doc.line(line).text)
        if text and len(text) < LIST_LINE_CHARS and text[-1] not in TERMINAL_PUNCTUATION + "，、":
            breaks.add(offset)
    return breaks


def _clauses(sentence: str) -> Iterator[tuple[int, str]]:
    """Split on ， and ： outside brackets and quotes."""
    depth = 0
    start = 0
    for index, char in enumerate(sentence):
        if char in "（(“《「":
            depth += 1
        elif char in "）)”》」" and depth:
            depth -= 1
        elif char in "，,：:。；;！？" and depth == 0:
            if index > start:
                yield start, sentence[start:index]
            start = index + 1
    if start < len(sentence):
        yield start, sentence[start:]


FACT_CUE_REACH = 30
"""How far before a figure (in characters of its sentence) a reporting word still makes it a fact."""

_RULE_OF_YEAR_BASIS: dict[str, str] = {
    "stated": "prose.year_clause",
    "context": "prose.context",
    "plan_end": "prose.plan_end",
    "table": "table",
}


class _ParagraphReader:
    def __init__(
        self,
        doc: Document,
        paragraph: Paragraph,
        section: _Section,
        reference_year: int | None,
        clock: years.Clock,
        carried: _Quantity | None = None,
    ) -> None:
        self.doc = doc
        self.paragraph = paragraph
        self.section = section
        self.reference_year = reference_year
        self.clock = clock
        self.plan_end = clock.plan_end
        self.in_target = section.in_target
        self.target_year: int | None = section.target_year
        self.opened_target_year: tuple[int | None, int] | None = None
        self.region: str | None = None
        self.paragraph_years = past_years(paragraph.text, clock)
        self.carried: _Quantity | None = carried
        """The last figure read before this sentence: what a figure without a name of its own continues
        (主营业务收入2017年达到2400亿元 / 2020年达到3800亿元)."""

    def read(self, found: Found) -> None:
        text = self.paragraph.text
        for sentence_start, sentence in _sentences(text, _list_breaks(self.doc, self.paragraph)):
            self._read_sentence(found, sentence_start, sentence)

    def _open(self, year: int | None, line: int) -> None:
        self.in_target, self.target_year = True, year
        self.opened_target_year = (year, line)

    def _read_sentence(self, found: Found, offset: int, sentence: str) -> None:
        whens = years.expressions(sentence, self.clock)
        base = next((when for when in whens if when.kind == "base"), None)
        base_year = base.year if base else None
        pending = [when for when in whens if when.kind not in {"base", "neutral"}]
        now: years.When | None = None  # the time the figures after it are set in, in this sentence

        def advance(upto: int) -> None:
            """Apply the time expressions that stand before position ``upto`` of the sentence."""
            nonlocal now
            while pending and pending[0].start < upto:
                when = pending.pop(0)
                now = when
                line = self.paragraph.line_at(offset + when.start)
                setting = years.cue(sentence[: when.end] + _rest_of_clause(sentence, when.end)) == "target"
                if when.kind == "target" or (when.kind == "current" and setting):
                    self._open(when.year, line)

        previous: _Quantity | None = self.carried
        for clause_start, clause in _clauses(sentence):
            clause_end = clause_start + len(clause)
            body = _mask_times(clause, whens, clause_start)
            quantities = _quantities(body, previous)
            where = offset + clause_start
            if not quantities:
                advance(clause_end)
                if self.in_target and (now is None or now.kind != "fact"):
                    self._milestone(found, clause, where, sentence)
                continue
            for quantity in quantities:
                advance(clause_start + quantity.start)
                # 全县 at the head of a paragraph holds for the figures after it (the same subject).
                if quantity.region:
                    self.region = quantity.region
                elif quantity.name.startswith(("园区", "工业园")):
                    self.region = None
                else:
                    quantity.region = self.region
                before = sentence[: clause_start + quantity.start]
                kind, year = self._decide(now, before, clause)
                if quantity.form == "task":
                    kind, year = "target", year if year is not None else self._nearest_year(where + quantity.start)
                if kind == "target":
                    self._target(found, quantity, clause, where, sentence, base_year, year, now)
                elif kind == "fact":
                    self._fact(found, quantity, where, sentence, year)
            advance(clause_end)
            previous = quantities[-1]
            self.carried = previous

    def _nearest_year(self, offset: int) -> int | None:
        """The past year nearest to ``offset`` in the paragraph, else the document's year."""
        if self.paragraph_years:
            return min(self.paragraph_years, key=lambda item: abs(item[0] - offset))[1]
        return self.clock.year

    def _decide(self, now: years.When | None, before: str, clause: str) -> tuple[str, int | None]:
        """Target, fact or neither (an estimate) for a figure, and its year."""
        ahead = (
            now is not None and now.kind == "target" and (self.clock.year is None or (now.year or 0) > self.clock.year)
        )
        if years.forecast(clause) and not ahead:
            return "neither", None  # 预计2022年全年有望突破700亿元: an estimate of the present
        if now is not None and now.kind == "target":
            return "target", now.year
        if now is not None and now.kind == "fact":
            return "fact", None if now.span and not self.section.present_state else now.year
        if now is not None and now.kind == "current":
            cue = years.cue(before + clause)
            if cue == "target" or (cue is None and self.in_target):
                return "target", now.year
            return "fact", None if now.span else now.year
        if self.in_target and not years.reports(before[-FACT_CUE_REACH:] + clause):
            return "target", self.target_year
        return "fact", None

    def _source_line(self, offset: int) -> int:
        return self.paragraph.line_at(offset)

    def _target(
        self,
        found: Found,
        quantity: _Quantity,
        clause: str,
        where: int,
        sentence: str,
        base_year: int | None,
        year: int | None,
        now: years.When | None = None,
    ) -> None:
        verb = quantity.verb
        comparator = quantity.comparator or (verb[1] if verb else None)
        direction: Direction = verb[2] if verb else "increase"
        basis: Basis = "level" if verb is None or verb[3] == "growth" else verb[3]
        if quantity.increment and basis == "level":
            basis = "increment"
        if comparator is None:
            comparator = "<=" if direction == "decrease" and basis == "level" else ">="
        year_basis: TargetYearBasis = "context"
        if re.search(r"(?:到|至)\s*(?:19|20)\d{2}\s*年", sentence):
            year_basis = "stated"
        found.indicators.append(
            Indicator(
                name=quantity.name,
                category=None,
                unit=quantity.unit,
                scope=quantity.region or self.section.scope,
                scope_path=[] if quantity.region else self.section.scope_path,
                attribute=None,
                baseline=YearValue(year=base_year, value=None) if base_year else None,
                target=Target(
                    year=year,
                    value=quantity.value,
                    comparator=comparator,
                    direction=direction,
                    text=clause.strip(),
                    basis=basis,
                    approximate=quantity.approximate,
                    year_basis=year_basis,
                    value_high=quantity.value_high,
                ),
                origin="prose",
                source=self.doc.source(self._source_line(where + quantity.start), sentence.strip()),
                rule=_RULE_OF_YEAR_BASIS[year_basis] + (f"+{quantity.form}" if quantity.form else ""),
            )
        )

    def _milestone(self, found: Found, clause: str, where: int, sentence: str) -> None:
        words = clause.strip()
        verbs = "|".join(vocab.MILESTONE_VERBS)
        levels = "|".join(vocab.MILESTONE_LEVELS)
        match = re.search(rf"(?:{verbs})(?:{levels})", words)
        if not match:
            return
        name = re.sub(r"^(?:力争|争取|确保|努力)", "", words[match.start() :])
        found.indicators.append(
            Indicator(
                name=name,
                unit=None,
                scope=self.section.scope,
                scope_path=self.section.scope_path,
                target=Target(
                    year=self.target_year,
                    value=None,
                    comparator=None,
                    direction="increase",
                    text=words,
                    year_basis="context",
                ),
                origin="prose",
                source=self.doc.source(self._source_line(where + match.start()), sentence.strip()),
            )
        )

    def _fact(self, found: Found, quantity: _Quantity, where: int, sentence: str, sentence_year: int | None) -> None:
        year: int | None = sentence_year
        basis: FactYearBasis = "sentence"
        if year is None:
            absolute = where + quantity.start
            if self.paragraph_years:
                year = min(self.paragraph_years, key=lambda item: abs(item[0] - absolute))[1]
                basis = "paragraph"
            elif self.section.present_state and self.reference_year is not None:
                year = self.reference_year
                basis = "section"
            else:
                if quantity.comparator in {">=", "<="} and not self.section.present_state:
                    self._plan_end_target(found, quantity, where, sentence)
                return
        elif not self.section.present_state and not self.paragraph_years:
            return
        found.facts.append(
            Fact(
                name=quantity.name,
                year=year,
                value=quantity.value,
                unit=quantity.unit,
                scope=quantity.region or self.section.scope,
                scope_path=[] if quantity.region else self.section.scope_path,
                comparator=quantity.comparator if quantity.comparator in {">", "<"} else None,
                approximate=quantity.approximate,
                year_basis=basis,
                source=self.doc.source(self._source_line(where + quantity.start), sentence.strip()),
            )
        )

    def _plan_end_target(self, found: Found, quantity: _Quantity, where: int, sentence: str) -> None:
        if self.plan_end is None:
            return
        saved = self.target_year
        self.target_year = self.plan_end
        self._target(found, quantity, sentence, where, sentence, None, self.plan_end)
        found.indicators[-1].target.year_basis = "plan_end"
        found.indicators[-1].target.text = sentence.strip()
        self.target_year = saved


def past_years(text: str, clock: years.Clock) -> list[tuple[int, int]]:
    """(offset, year) of every past year ``text`` names as a point in time: ``2022年`` before the
    document's year, a five-year plan that had ended (``“十三五”期间``).  Target years (到2027年), base
    years (较2022年), ranges and dates do not count."""
    return [(when.start, when.year) for when in years.expressions(text, clock) if when.kind == "fact" and when.year]


def _rest_of_clause(sentence: str, start: int) -> str:
    end = re.search(r"[，,。；;！？!?]", sentence[start:])
    return sentence[start : start + end.start()] if end else sentence[start:]


def _mask_times(clause: str, whens: list[years.When], offset: int) -> str:
    """Blank out the time expressions of a clause (keeping offsets) so years are not read as quantities."""
    chars = list(clause)
    for when in whens:
        if re.search(r"目标|任务", when.text):
            continue  # 完成全年目标任务7家: the words stay, they say what the figure is
        for index in range(max(when.start - offset, 0), min(when.end - offset, len(chars))):
            chars[index] = "\u2002"
    return "".join(chars)


def _mask(text: str, *patterns: re.Pattern[str]) -> str:
    """Blank out matches (keeping offsets) so years are not read as quantities."""
    chars = list(text)
    for pattern in patterns:
        for match in pattern.finditer(text):
            for index in range(match.start(), match.end()):
                chars[index] = "\u2002"
    return "".join(chars)


def _quantities(clause: str, previous: _Quantity | None) -> list[_Quantity]:
    """The values in one clause, each with its name."""
    distributed = _distributed(clause)
    if distributed is not None:
        return distributed
    values: list[_Quantity] = []
    boundary = 0
    for match in QUANTITY.finditer(clause):
        quantity = _quantity(clause, match)
        if quantity is None:
            continue
        left = clause[boundary : match.start()]
        boundary = quantity.end
        _name(quantity, left, previous if not values else values[-1])
        if quantity.name:
            values.append(quantity)
    return values


_VERBS_AFTER = ("增长", "提高", "增加", "下降", "降至", "增至", "提升", "降低", "达到", "争创")
"""由120亿元增长到180亿元: a value followed by one of these is a value, not a modifier."""


def _quantity(clause: str, match: re.Match[str]) -> _Quantity | None:
    unit = normalise_unit(match.group("unit")) if match.group("unit") else None
    suffix = match.group("suffix")
    value = _number(match.group("frac"), match.group("num"), match.group("cn"))
    if value is None:
        return None
    high = _number(None, match.group("high"), match.group("cn_high"))
    before = clause[: match.start()]
    after = clause[match.end() :].lstrip("\u2002 ")
    task = bool(_TASK_BEFORE.search(before))
    if not task and before.count("（") + before.count("(") > before.count("）") + before.count(")"):
        return None  # a value in brackets qualifies another: 6.9平方公里（含A区1.9平方公里）
    if before.count("“") > before.count("”") and "”" in after[:SLOGAN_CHARS]:
        return None  # a count inside short quotes names a slogan: 实现“六个新突破”
    if task and after.startswith("的"):
        after = ""  # 完成全年目标任务7家的114.29%: the task is 7家
    if unit in {"%", "个百分点"} and re.match(rf"[{CJK}]", after[:1]) and not after.startswith(("的", "和", "与")):
        after = ""  # a text that lost its punctuation: 力争达到28%高新技术产业……
    # A bare number is a value only right after a verb (指数提高至80).
    if (
        unit is None
        and suffix is None
        and (
            not re.search(r"(?:达到|提高至|提高到|提升至|增加至|为|达)\s*$", before)
            or (after[:1] and re.match(rf"[{CJK}A-Za-z]", after[:1]))
        )
    ):
        return None
    if before.endswith(("第", "前", "/")) or re.search(r"[A-Za-z\d.+\-]$", before):
        return None
    counted: str | None = None
    if after.startswith(vocab.AFTER_VALUE_OK):
        after = ""
    if re.search(r"完成[^，。；]*的\s*$", before):
        return None  # 完成全年目标任务的45.6%: how much of a target is done, not a figure of its own
    if after and re.match(rf"[{CJK}A-Za-z“\d]", after[0]) and not after.startswith(_VERBS_AFTER):
        counted = _counted_noun(before, after, unit)
        if counted is None:
            return None
    comparator: Comparator | None = None
    approximate = bool(match.group("pre") in {"约", "近"} or match.group("approx"))
    if suffix:
        for word, comp, approx in vocab.SUFFIXES:
            if word == suffix:
                comparator, approximate = comp, approximate or approx
    if match.group("pre") == "逾" or match.group("approx"):
        comparator = comparator or ">"
    end = match.end()
    if counted:
        end = match.end() + (len(clause[match.end() :]) - len(after)) + len(counted)
    return _Quantity(
        start=match.start(),
        end=end,
        value=value,
        unit=unit,
        comparator=comparator,
        approximate=approximate,
        counted_noun=counted,
        form="task" if task else ("counted" if counted else ("range" if high is not None else None)),
        value_high=high,
    )


SLOGAN_CHARS = 8
_TASK_BEFORE = re.compile(rf"(?:[（(]\s*(?:{'|'.join(vocab.TASK_WORDS)})(?:占比)?\s*|(?:全年)?目标任务\s*)$")


def _number(fraction: str | None, arabic: str | None, chinese: str | None) -> float | None:
    if fraction:
        top, bottom = fraction.split("/")
        return float(top) / float(bottom) if float(bottom) else None
    if arabic:
        return float(arabic.replace(",", ""))
    return chinese_number(chinese) if chinese else None


_COUNTED_UNITS = frozenset({"家", "个", "项", "座", "条", "套", "户", "批", "所", "处", "人", "万人", "名"})
MAX_COUNTED_NOUN = 16


def _counted_noun(before: str, after: str, unit: str | None) -> str | None:
    """The noun a count is of when it is written after the number (打造6个千亿级创新产业集群, 60个县（市）
    对接秦创原平台, 实现2万人就业): a count unit, a counting verb earlier in the clause or nothing before the
    number at all, and the noun running to the clause's end or to the next count (和200个…)."""
    if unit not in _COUNTED_UNITS:
        return None
    head = before.replace("\u2002", "").strip()
    counting = not head or re.search("|".join(vocab.COUNT_VERBS), head)
    if not counting:
        return None
    noun = re.split(r"[和及、](?=\s*\d)", after, maxsplit=1)[0].rstrip("\u2002 ")
    if not noun or len(noun) > MAX_COUNTED_NOUN or not re.search(rf"[{CJK}]", noun):
        return None
    if re.fullmatch(r"“[^”]{1,6}”", noun) or noun.endswith(vocab.DOCUMENT_PARTS):
        return None  # 七个“新”: a slogan; 八个方面的工作: the document's own parts
    if "、" in head and not re.search("|".join(vocab.COUNT_VERBS) + r"$", head):
        return None  # 新能源、数字经济…4个特色新兴产业: the count of the things just listed
    if not head and not re.search("|".join(vocab.COUNT_VERBS) + "|对接", noun):
        return None  # at a clause's head only a count doing something (60个县对接…), not a list item
    if noun != after.rstrip("\u2002 ") and not re.match(r"[和及、]", after[len(noun) :].lstrip()):
        return None
    return noun


def _strip_verbs(left: str) -> tuple[str, vocab.Verb | None]:
    """Remove the verb that joins the name to the value, and tell which verb it was."""
    text = re.sub(r"[\u2002 ]*的?[\u2002 ]*$", "", left.replace("\u2002", " ")).rstrip()
    for verb in vocab.VALUE_VERBS:
        if text.endswith(verb[0]):
            return text[: -len(verb[0])], verb
    return text, None


def _clean_name(raw: str, keep_you: bool = False) -> str:
    """The name of a value from the words before it (see the module docstring)."""
    name = raw.replace("\u2002", "").strip(" 、，,和及与并")
    name = re.sub(r"^(?:的|将|使|其中|力争|争取|确保|仅)+", "", name).replace("仅占", "占")
    name = re.sub(rf"^.*?等(?=[{CJK}]{{2,}})", "", name) if "、" in name and "等" in name else name
    changed = True
    while changed:
        changed = False
        for filler in vocab.LEADING_FILLERS:
            if name.startswith(filler) and len(name) - len(filler) >= vocab.MIN_NAME_AFTER_STRIP:
                if filler == "有" and (keep_you or "的" in name):
                    continue
                name = name[len(filler) :].lstrip("，、 ")
                changed = True
    for verb in vocab.INNER_VERBS:
        if verb in name[1:] and len(name) > len(verb) + 2:
            name = name[:1] + name[1:].replace(verb, "")
    if "将" in name[1:]:
        # 张家港市将（实现）上市企业 → 上市企业; 乐清规上电气企业将（超） → 乐清规上电气企业
        subject, _, predicate = name.rpartition("将")
        name = predicate if len(predicate) >= vocab.MIN_NAME_AFTER_STRIP - 1 else subject
    name = re.sub(r"(?:分别|均|共|仅|的|已|就|都|由|从|同比|比上年|较上年)+$", "", name)
    name = re.sub(rf"^(?:以|在)(?=[{CJK}])", "", name)
    name = re.sub(r"等为代表的.*$", "", name)
    name = name.strip(" 、，")
    if name in vocab.EMPTY_NAMES or re.search(r"\d[、，]|分别", name):
        return ""
    return name


_INCREMENT = re.compile(r"^[\s\u2002]*(?:力争|争取|确保)?(?:新培育|新增|新引进|新认定|新招引)")
_REGION = re.compile(r"^[\s\u2002]*(?:其中)?(全县|全区|全市|全省|我县|我区|我市|我省|县域)")


def _name(quantity: _Quantity, left: str, previous: _Quantity | None) -> None:
    if quantity.form == "task" and previous is not None:
        quantity.name, quantity.unit = previous.name, quantity.unit or previous.unit
        return  # 引进优强企业21家（任务数18家）: the task of the figure before it
    stripped, verb = _strip_verbs(left)
    if verb is not None and verb[3] in {"growth", "change"} and quantity.unit not in {"%", "个百分点", None}:
        # 增长到180亿元 (到 hidden with its year): a level reached, not a rate.
        verb = (verb[0], verb[1], verb[2], "level")
    quantity.verb = verb
    quantity.increment = bool(_INCREMENT.match(stripped)) or (
        previous is not None and previous.increment and stripped.lstrip("\u2002 ").startswith("、") and verb is None
    )
    region = _REGION.match(stripped)
    quantity.region = region.group(1) if region else None
    name = _clean_name(stripped)
    if quantity.counted_noun:
        # 打造6个…集群: the verb is not part of the name; 带动415万人就业: an activity keeps its verb.
        if not quantity.counted_noun.startswith(vocab.COUNTED_ACTIVITIES):
            verbs = f"(?:{'|'.join(vocab.MANNER_ADVERBS)})*(?:{'|'.join(vocab.BUILD_VERBS)})+"
            name = re.sub(rf"^{verbs}|{verbs}$", "", name)
        name = f"{name}{quantity.counted_noun}" if name else quantity.counted_noun
    if name in vocab.RATE_WORDS and previous is not None:
        name = f"{previous.name}{name}"  # 实现工业总产值630亿元、增速达到25%; 年均增速达到27%
    elif not name and previous is not None and verb is not None and verb[3] in {"growth", "change", "annual_growth"}:
        suffix = "年均增速" if verb[3] == "annual_growth" else ("降幅" if verb[2] == "decrease" else "增速")
        name = f"{previous.name}{suffix}"
    elif (
        (not name or name in vocab.VERB_WORDS)
        and previous is not None
        and (verb is None or verb[3] == "level")
        and not re.search(r"\d[、，]|分别", stripped)
    ):
        # 由120亿元增长到180亿元: the second value belongs to the first one's name.
        name = previous.name
    elif name in vocab.GENERIC_MEASURES and previous is not None and previous.unit in {"家", "个"}:
        name = f"{previous.name.removesuffix('企业')}{name}"
    elif verb is not None and verb[3] == "growth" and name:
        name = f"{name}增速"
    name = _elided(name, previous, stripped.rstrip("\u2002 ").endswith("的"))
    if name.endswith(vocab.DOCUMENT_PARTS):
        name = ""  # 提出…等主要措施33条: the document counting its own parts
    if quantity.increment and stripped.lstrip("\u2002 ").startswith("新增") and not name.startswith("新增"):
        unit_kind = UNITS.get(quantity.unit or "")
        if unit_kind is not None and unit_kind.dimension not in {"count"}:
            name = f"新增{name}"  # 新增开发装机1000万千瓦, 新增就业85万人: a flow named with its 新增
    unit = UNITS.get(quantity.unit or "")
    if name.endswith(("园区", "产业园", "开发区", "基地")) and unit is not None and unit.dimension == "area":
        name = f"{name}面积"  # 将园区拓展至10平方公里: the park's area, not the park
    quantity.name = name


def _elided(name: str, previous: _Quantity | None, headless: bool) -> str:
    """``销售收入过1000亿元的开发区达到6个、过500亿元的达到10个``: a name that starts at its threshold
    borrows the measure before the previous name's threshold, and a name ending in 的 its head noun."""
    if previous is None or not re.match(rf"^(?:{'|'.join(vocab.THRESHOLD_WORDS)})?\s*\d", name):
        return name
    head = re.match(rf"^(.*?)(?:{'|'.join(vocab.THRESHOLD_WORDS)})?\s*\d", previous.name)
    if not head or not head.group(1):
        return name
    name = f"{head.group(1)}{name}"
    if headless and "的" in previous.name:
        name = f"{name.removesuffix('的')}的{previous.name.rsplit('的', 1)[1]}"
    return name


def _distributed(clause: str) -> list[_Quantity] | None:
    """``A、B、C分别增加至3家、15家、20家`` and ``A、B均达到25%``: names paired with values."""
    match = re.search(r"(分别|(?<![年平])均)", clause)
    if not match:
        return None
    names_text, rest = clause[: match.start()], clause[match.end() :]
    stripped_rest = rest.lstrip()
    verb: vocab.Verb | None = None
    for candidate in vocab.VALUE_VERBS:
        if stripped_rest.startswith(candidate[0]):
            verb = candidate
            break
    value_start = match.end() + (len(rest) - len(stripped_rest)) + (len(verb[0]) if verb else 0)
    matches = list(QUANTITY.finditer(clause, value_start))
    if not matches or re.sub(r"[\d.%、和及与\s]|" + _UNIT + "|" + _SUFFIX, "", clause[value_start:]).strip("\u2002"):
        return None
    units = [normalise_unit(m.group("unit")) if m.group("unit") else None for m in matches]
    shared_unit = next((unit for unit in reversed(units) if unit), None)
    names = [_clean_name(part, keep_you=True) for part in re.split(r"[、和与及]", names_text) if part.strip()]
    if not names:
        return None
    if match.group(1) == "均" and len(matches) == 1:
        matches = matches * len(names)
        units = units * len(names)
    if len(names) != len(matches):
        return None
    last = names[-1]
    shared = next((suffix for suffix in vocab.SHARED_SUFFIXES if last.endswith(suffix)), None)
    if shared:
        names = [name if name.endswith(shared) or name == last else f"{name}{shared}" for name in names]
    result: list[_Quantity] = []
    for name, found, unit in zip(names, matches, units, strict=True):
        suffix = found.group("suffix")
        comparator: Comparator | None = None
        approximate = False
        for word, comp, approx in vocab.SUFFIXES:
            if word == suffix:
                comparator, approximate = comp, approx
        value = float(found.group("num").replace(",", "")) if found.group("num") else chinese_number(found.group("cn"))
        if value is None:
            return None
        if verb is not None and verb[3] == "growth":
            name = f"{name}增速"
        result.append(
            _Quantity(
                start=found.start(),
                end=found.end(),
                value=value,
                unit=unit or shared_unit,
                comparator=comparator,
                approximate=approximate,
                name=name,
                verb=verb,
                form="distributed",
            )
        )
    return result


@dataclass(frozen=True)
class Stated:
    """A value as the text states it, whatever its year: for checks that need the words."""

    offset: int
    name: str
    value: float
    unit: str | None
    approximate: bool


def stated_quantities(text: str) -> list[Stated]:
    """Every named value in ``text`` with its offset, read as the recogniser reads it."""
    found: list[Stated] = []
    previous: _Quantity | None = None
    for sentence_start, sentence in _sentences(text):
        for clause_start, clause in _clauses(sentence):
            body = _mask_times(clause, years.expressions(clause, years.Clock(None)), 0)
            quantities = _quantities(body, previous)
            for quantity in quantities:
                if quantity.form == "task":
                    continue  # （任务数18家）: what was asked, not a figure of the text's own
                offset = sentence_start + clause_start + quantity.start
                found.append(Stated(offset, quantity.name, quantity.value, quantity.unit, quantity.approximate))
            if quantities:
                previous = quantities[-1]
    return found
