"""Text quality: what a proofreader marks.

* Sentences repeated verbatim or near-verbatim (not a title or caption line restating a sentence) (character 4-gram overlap
  similarity, thresholds in ``data/audit.yaml``); repeats that run through
  two paragraphs are reported once for the pair, with every location.
* A phrase doubled inside a sentence (``高质量发展发展``, ``监测监测``), or coordinated with itself
  (``布局符合X标准的显示器和符合X标准的显示器``, 甲、甲); not reduplication (常常, 一项一项) nor two
  table cells that only the cleaned text runs together (主动公开 公开范围).
* The same cluster given two different scales (``百亿级医药产业集群`` and
  ``一百五十亿级规模的医药产业集群``).
* Numbers the reader had to join across page-break debris (``Repair``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from planwatch.plan.audit.finding import Finding, finding, fmt, thresholds
from planwatch.plan.document import Document, Paragraph, Table
from planwatch.plan.model import Plan
from planwatch.plan.text import CJK
from planwatch.units import chinese_number

PHRASE_VERBS: tuple[str, ...] = ("布局", "发展", "建设", "打造", "培育", "引进", "推进", "支持", "鼓励", "符合", "生产")
"""Verbs a coordinated object phrase may follow (布局符合X标准的显示器和符合X标准的显示器)."""


@dataclass(frozen=True)
class _Sentence:
    paragraph: int
    line: int
    text: str
    shingles: frozenset[str]


def _sentences(doc: Document, min_chars: int, size: int) -> list[_Sentence]:
    found: list[_Sentence] = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph) or not re.search(r"[。！？；]", block.text):
            continue  # a title, caption or page-metadata line restates a sentence by design
        for match in re.finditer(r"[^。！？；]+[。！？；]?", block.text):
            sentence = re.sub(r"^[—\-\s]+|^\d+[.、]", "", match.group(0)).strip()
            core = re.sub(rf"[^{CJK}\w]", "", sentence)
            if len(core) < min_chars:
                continue
            shingles = frozenset(core[i : i + size] for i in range(len(core) - size + 1))
            found.append(_Sentence(index, block.line_at(match.start()), sentence, shingles))
    return found


def check_repeated_text(doc: Document) -> list[Finding]:
    settings = thresholds()["repeated_text"]
    sentences = _sentences(doc, settings["min_chars"], settings["shingle"])
    index: dict[str, list[int]] = defaultdict(list)
    for number, sentence in enumerate(sentences):
        for shingle in sentence.shingles:
            index[shingle].append(number)
    pairs: dict[tuple[int, int], list[tuple[_Sentence, _Sentence, float]]] = defaultdict(list)
    for number, sentence in enumerate(sentences):
        overlap: dict[int, int] = defaultdict(int)
        for shingle in sentence.shingles:
            for other in index[shingle]:
                if other > number:
                    overlap[other] += 1
        for other, shared in overlap.items():
            twin = sentences[other]
            similarity = shared / min(len(sentence.shingles), len(twin.shingles))
            if similarity >= settings["similarity"]:
                key = (sentence.paragraph, twin.paragraph)
                pairs[key].append((sentence, twin, similarity))
    return [_repeat_finding(group) for group in _components(pairs)]


def _components(
    pairs: dict[tuple[int, int], list[tuple[_Sentence, _Sentence, float]]],
) -> list[list[tuple[_Sentence, _Sentence, float]]]:
    """Repeats grouped by the paragraphs they join (A~B and B~C is one group A, B, C)."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for first, second in pairs:
        parent[root(first)] = root(second)
    groups: dict[int, list[tuple[_Sentence, _Sentence, float]]] = defaultdict(list)
    for (first, _), repeats in pairs.items():
        groups[root(first)].extend(repeats)
    return list(groups.values())


def _repeat_finding(repeats: list[tuple[_Sentence, _Sentence, float]]) -> Finding:
    lines = sorted({s.line for a, b, _ in repeats for s in (a, b)})
    verbatim = all(a.text == b.text for a, b, _ in repeats)
    places = "、".join(str(line) for line in lines)
    return finding(
        "text.repeated",
        "info",
        f"第{places}行的段落之间有{len(repeats)}处{'逐字' if verbatim else '逐字或几乎逐字的'}重复，"
        f"如“{_short(repeats[0][0].text)}”。",
        lines,
        sentences=[
            {"lines": [a.line, b.line], "similarity": round(similarity, 3), "text": a.text}
            for a, b, similarity in repeats
        ],
    )


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


_DOUBLED = re.compile(rf"([{CJK}]{{2,6}})\1")
_REDUPLICATION_OK = re.compile(r"^(.)\1$|^一.$")
"""AA (常常) and 一X一X (一项一项盯着干) are reduplication, not a slip."""
_CONJUNCTIONS = "和|与|及|以及|、|或"
_COORDINATED = re.compile(rf"([{CJK}A-Za-z0-9“”]{{2,30}}?)(?:{_CONJUNCTIONS})\1")
_BOUNDARY_AFTER = re.compile(rf"^(?:$|[^{CJK}A-Za-z0-9]|的|等|和|与|及|、|为|是|在)")
_BOUNDARY_BEFORE = re.compile(rf"(?:^|[^{CJK}A-Za-z0-9]|{'|'.join(PHRASE_VERBS)})$")
MIN_BARE_PHRASE = 4
"""A shorter phrase coordinated with itself must stand between punctuation to count (企业和企业家 is not one)."""


def _doubles(text: str, raw: str) -> list[tuple[int, str, str]]:
    """(offset, phrase, kind) of every phrase written twice in a row (发展发展) or coordinated with itself
    (符合X标准的显示器和符合X标准的显示器, 甲、甲), that the raw line also has (the cleaned text joins
    table cells a space kept apart: 主动公开 公开范围)."""
    found: list[tuple[int, str, str]] = []
    for match in _DOUBLED.finditer(text):
        phrase = match.group(1)
        if not _REDUPLICATION_OK.match(phrase) and match.group(0) in raw:
            found.append((match.start(), phrase, "doubled"))
    for match in _COORDINATED.finditer(text):
        phrase = match.group(1)
        before, after = text[: match.start()], text[match.end() :]
        if not _BOUNDARY_AFTER.match(after):
            continue
        if len(phrase) < MIN_BARE_PHRASE and not re.search(rf"(?:^|[^{CJK}A-Za-z0-9])$", before):
            continue
        if (
            len(phrase) >= MIN_BARE_PHRASE
            and not _BOUNDARY_BEFORE.search(before)
            and not phrase.startswith(PHRASE_VERBS)
        ):
            continue
        found.append((match.start(), phrase, "coordinated"))
    return found


def check_doubled_phrases(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for block in doc.blocks:
        texts: list[tuple[str, int]] = []
        if isinstance(block, Paragraph):
            texts = [(block.text, -1)]
        elif isinstance(block, Table):
            texts = [(cell.text, cell.line) for row in block.rows for cell in row.cells]
        for text, cell_line in texts:
            raw = "".join(doc.line(line).text for _, line in block.spans) if isinstance(block, Paragraph) else text
            for start, phrase, kind in _doubles(text, raw):
                line = cell_line if cell_line > 0 else block.line_at(start)  # type: ignore[union-attr]  # Paragraph when cell_line < 0
                end = start + len(phrase) * 2 + (0 if kind == "doubled" else 3)
                context = text[max(start - 8, 0) : end + 8]
                message = (
                    f"“{phrase}”在“{context}”中重复出现，疑为多余。"
                    if kind == "doubled"
                    else f"“{phrase}”在“{context}”中与自身并列，疑为重复。"
                )
                findings.append(finding("text.doubled_phrase", "info", message, [line], phrase=phrase, context=context))
    return findings


_SCALE = re.compile(
    rf"([零〇一二三四五六七八九十百千两\d.]*)(百|千|万)?亿(?:元)?级(?:规模的?)?([{CJK}]{{2,12}}?产业集群)"
)


def _scale_value(numeral: str, multiplier: str | None) -> float | None:
    base = {"百": 100.0, "千": 1000.0, "万": 10000.0}
    if not numeral:
        return base.get(multiplier or "", 1.0) if multiplier else None
    number = float(numeral) if re.fullmatch(r"[\d.]+", numeral) else chinese_number(numeral + (multiplier or ""))
    if number is None:
        return None
    if re.fullmatch(r"[\d.]+", numeral) and multiplier:
        number *= base[multiplier]
    return number


def check_cluster_scales(doc: Document) -> list[Finding]:
    scales: dict[str, dict[float, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for paragraph in doc.paragraphs():
        for match in _SCALE.finditer(paragraph.text):
            value = _scale_value(match.group(1), match.group(2))
            if value is None:
                continue
            cluster = re.sub(r"^(?:规模的|的)", "", match.group(3))
            scales[cluster][value].append((paragraph.line_at(match.start()), match.group(0)))
    findings: list[Finding] = []
    for cluster, by_value in scales.items():
        if len(by_value) < 2:
            continue
        described = "，".join(
            f"第{'、'.join(str(line) for line, _ in places)}行为“{places[0][1]}”"
            for _, places in sorted(by_value.items())
        )
        findings.append(
            finding(
                "text.scale_conflict",
                "warning",
                f"“{cluster}”的规模前后说法不一：{described}。",
                [line for places in by_value.values() for line, _ in places],
                cluster=cluster,
                scales_yi_yuan=sorted(by_value),
            )
        )
    return findings


def check_repairs(plan: Plan) -> list[Finding]:
    return [
        finding(
            "text.split_number",
            "info",
            f"第{repair.line}行附近数字被转换残留隔断，阅读时按“{repair.after}”接续，请核对原文。",
            [repair.line],
            before=repair.before,
            after=repair.after,
            reason=repair.reason,
        )
        for repair in plan.repairs
        if re.search(r"\d", repair.after)
    ]


__all__ = ["check_cluster_scales", "check_doubled_phrases", "check_repairs", "check_repeated_text", "fmt"]
