"""Text quality: what a proofreader marks.

* Sentences repeated verbatim or near-verbatim (character 4-gram overlap
  similarity, thresholds in ``data/audit.yaml``); repeats that run through
  two paragraphs are reported once for the pair, with every location.
* A phrase doubled inside a sentence (``高质量发展发展``, ``监测监测``).
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


@dataclass(frozen=True)
class _Sentence:
    paragraph: int
    line: int
    text: str
    shingles: frozenset[str]


def _sentences(doc: Document, min_chars: int, size: int) -> list[_Sentence]:
    found: list[_Sentence] = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
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
_REDUPLICATION_OK = re.compile(r"^(.)\1$")


def check_doubled_phrases(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for block in doc.blocks:
        texts: list[tuple[str, int]] = []
        if isinstance(block, Paragraph):
            texts = [(block.text, -1)]
        elif isinstance(block, Table):
            texts = [(cell.text, cell.line) for row in block.rows for cell in row.cells]
        for text, cell_line in texts:
            for match in _DOUBLED.finditer(text):
                phrase = match.group(1)
                if _REDUPLICATION_OK.match(phrase):
                    continue
                line = cell_line if cell_line > 0 else block.line_at(match.start())  # type: ignore[union-attr]  # Paragraph when cell_line < 0
                context = text[max(match.start() - 8, 0) : match.end() + 8]
                findings.append(
                    finding(
                        "text.doubled_phrase",
                        "info",
                        f"“{phrase}”在“{context}”中重复出现，疑为多余。",
                        [line],
                        phrase=phrase,
                        context=context,
                    )
                )
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
