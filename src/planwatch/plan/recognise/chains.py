"""Industry chains (产业链) written as a sequence of links: ``“辣椒种植→辣椒粗加工→辣椒精深加工”``.

Where chains are looked for: the text of every paragraph and heading, and
every table cell.  The rules:

* **Arrows always make a chain.**  ``→ ⟶ ⇒ ➔ ➜ ➝``, ``->`` / ``—>`` /
  ``－>`` (a dash and a ``>``, spaces allowed), ``=>`` and a bare ``>`` /
  ``＞``.  A sequence of at least two links joined by arrows is a chain.
  Inside quotes (“…”, "…", 「…」) the links are exactly the quoted words.
  Outside quotes a link runs to the nearest comma, stop, colon or 、; the
  first link loses a leading verb (构建, 推进, 形成 …) and the last loses
  what follows it as the chain's name (``产业链``, ``产业体系`` …).  A bare
  ``>`` followed by a digit is a comparison (``增速>5%``), not an arrow.
* **A single dash (— – - －) makes a chain only in quotes followed by a
  chain word.**  The quoted words must be followed, within
  ``CHAIN_WORD_WINDOW`` characters and before any punctuation, by 链
  (产业链, 链条 …) or 产业体系: ``“硅矿—工业硅”产业链体系`` is a chain;
  ``“基础-临床”院所协同创新战略``, ``“发现问题—会诊问题—破解问题”的常态工作机制``,
  ``“园区—企业”能源计量体系`` (a metering system, not an industry) and
  ``创新型—“专精特新”—“小巨人”—单项冠军`` (no quotes around the sequence)
  are not.  Bare 体系 is not a chain word for this reason.
* **Never a separator:** a doubled dash ``——`` (a bullet or an em-dash
  pause) and a dash between digits (``2023—2027``, a year range).
* Links keep their parentheses as written (``中成药（中兽药）``,
  ``原料供应商（传感器/电子元器件/芯片/包装箱）``) and lose quotes and
  spaces.  Every link must contain a CJK character or a letter and be at
  most ``MAX_LINK_CHARS`` long; otherwise the sequence is not a chain.
* ``context`` is the sentence (split on 。；！？) the chain stands in;
  ``source`` is the line holding the chain's first link.
* A chain repeated with the same links (plans repeat paragraphs) is kept
  once, at its first occurrence.
* HTML debris (``<br>``, ``<span>``) is blanked out first: its ``>`` is not an arrow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from planwatch.plan.document import Document, Heading, Paragraph, Table
from planwatch.plan.model import Chain
from planwatch.plan.text import CJK

ARROW = re.compile(r"(?:[-—–－]{1,2}\s*[>＞]|=>|[→⟶⇒➔➙➜➝⟹]|[>＞](?!\s*\d))\s*")
WEAK = re.compile(r"(?<![—\-–－\d])[—\-–－](?![—\-–－\d>＞])\s*")
QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"|「([^「」]*)」|『([^『』]*)』")
CHAIN_WORD = re.compile(r"链|产业体系")
CHAIN_WORD_WINDOW = 12
MAX_LINK_CHARS = 40
SENTENCE_END = "。；！？!?;"

_HARD_STOP = "。；;！？!?\n\x00"
"""Ends an unquoted chain even inside brackets."""
_SOFT_STOP = '，,：:、《》<“”"「」『』'
"""Ends an unquoted chain outside brackets (``中药饮片（含配方颗粒、保健品）`` is one link)."""
_ADVERBS = "重点|加快|积极|着力|全力|大力|进一步|逐步|持续|不断|努力"
_VERBS = (
    "构建|打造|形成|推进|推动|完善|延伸|延长|拓展|发展|培育|建设|促进|围绕|沿着|沿|按照|依托|聚焦"
    "|实现|补齐|健全|做强|做大|强化|提升"
)
_LEADING_VERB = re.compile(rf"^(?:{_ADVERBS})*(?:(?:{_VERBS})+(?:以|了|起|成|为)?)")
_TRAILING_NAME = re.compile(r"的?(?:全?产业链|产业链条|链条|价值链|供应链|产业体系|体系|产业集群|模式)")
_HAS_WORD = re.compile(rf"[{CJK}A-Za-z]")


@dataclass(frozen=True)
class _Found:
    links: list[str]
    start: int
    end: int


def _clean_link(text: str) -> str:
    return re.sub(r"[\s\u3000“”\"‘’「」『』]", "", text)


def _valid(links: list[str]) -> bool:
    return len(links) >= 2 and all(link and len(link) <= MAX_LINK_CHARS and _HAS_WORD.search(link) for link in links)


def _quoted_chains(text: str) -> Iterator[_Found]:
    for match in QUOTED.finditer(text):
        inner = next(group for group in match.groups() if group is not None)
        if ARROW.search(inner):
            links = [_clean_link(part) for part in ARROW.split(inner)]
        elif WEAK.search(inner):
            after = text[match.end() : match.end() + CHAIN_WORD_WINDOW]
            after = re.split(r"[，。；：！？、,;:!?“\"「]", after, maxsplit=1)[0]
            if not CHAIN_WORD.search(after):
                continue
            links = [_clean_link(part) for part in WEAK.split(inner)]
        else:
            continue
        if _valid(links):
            yield _Found(links, match.start(), match.end())


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` between stops, brackets kept whole; linear, whatever the text."""
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        elif char in _HARD_STOP or (char in _SOFT_STOP and depth == 0):
            depth = 0
            if index > start:
                yield start, index
            start = index + 1
    if len(text) > start:
        yield start, len(text)


def _unquoted_chains(text: str) -> Iterator[_Found]:
    # Quoted words are not searched twice: blank them out, keeping offsets.
    masked = QUOTED.sub(lambda m: "\x00" * len(m.group(0)), text)
    if not ARROW.search(masked):
        return
    for start, end in _segments(masked):
        segment = masked[start:end]
        spans: list[tuple[int, int]] = []
        position = 0
        for arrow in ARROW.finditer(segment):
            spans.append((position, arrow.start()))
            position = arrow.end()
        spans.append((position, len(segment)))
        # An arrow at an edge (a Markdown quote ``> …``) joins nothing.
        while spans and not _clean_link(segment[slice(*spans[0])]):
            spans.pop(0)
        while spans and not _clean_link(segment[slice(*spans[-1])]):
            spans.pop()
        if len(spans) < 2:
            continue
        parts = [segment[a:b] for a, b in spans]
        first = _LEADING_VERB.sub("", _clean_link(parts[0]))
        last = _clean_link(parts[-1])
        name = _TRAILING_NAME.search(last)
        if name and name.start() > 0:
            last = last[: name.start()]
        links = [first, *(_clean_link(part) for part in parts[1:-1]), last]
        if _valid(links):
            offset = spans[0][0] + len(parts[0]) - len(parts[0].lstrip())
            yield _Found(links, start + offset, start + spans[-1][1])


_HTML_TAG = re.compile(r"<[^<>\n]{0,40}>")


def find_chains(text: str) -> list[tuple[list[str], int, int]]:
    """Every chain in ``text``: (links, start offset, end offset), in the order they stand."""
    # HTML debris (<br>, <span …>) is not an arrow: blank it out, keeping offsets.
    text = _HTML_TAG.sub(lambda m: "\x00" * len(m.group(0)), text)
    found = [*_quoted_chains(text), *_unquoted_chains(text)]
    found.sort(key=lambda item: item.start)
    return [(item.links, item.start, item.end) for item in found]


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``, without its closing punctuation."""
    left = max((text.rfind(mark, 0, start) for mark in SENTENCE_END), default=-1)
    rights = [index for mark in SENTENCE_END if (index := text.find(mark, end)) >= 0]
    right = min(rights) if rights else len(text)
    return text[left + 1 : right].strip()


def _fixed(line: int) -> Callable[[int], int]:
    return lambda _offset: line


def _texts(doc: Document) -> Iterator[tuple[str, Callable[[int], int]]]:
    """Every text to search with a function from an offset in it to its source line."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield block.text, block.line_at
        elif isinstance(block, Heading):
            yield block.text, _fixed(block.line)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield cell.text, _fixed(cell.line)


def recognise_chains(doc: Document) -> list[Chain]:
    """The industry chains a plan writes as linked sequences (see the module docstring)."""
    chains: list[Chain] = []
    seen: set[tuple[str, ...]] = set()
    for text, line_at in _texts(doc):
        for links, start, end in find_chains(text):
            key = tuple(links)
            if key in seen:
                continue
            seen.add(key)
            chains.append(Chain(links=links, context=sentence_at(text, start, end), source=doc.source(line_at(start))))
    return chains
