"""How the words of a Chinese plan are normalised before anything is recognised.

Converted government documents carry Markdown (``**bold**``, ``# heading``),
HTML debris (``<b>``), full-width digits and percent signs, stray full-width
spaces inside table cells, and spaces that PDF converters put around every
number (``2020 年实现工业总产值 111.48 亿元``).  ``clean`` removes all of that
so recognisers see one spelling; headings are classified here too, because
the structure of the document (chapter → section → numbered item) decides
the scope and year context of what it says.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import opencc

CJK = r"\u4e00-\u9fff"
TERMINAL_PUNCTUATION = "。！？；!?;…：:"
"""A line ending in one of these ends its paragraph."""

_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": ".", "\u3000": " ", "\xa0": " "}
)
_MARKUP = re.compile(r"\*\*|__|</?b>|</?strong>|</?i>|</?em>", re.IGNORECASE)
_HEADING_HASHES = re.compile(r"^\s{0,3}#{1,6}\s*")


_BLANKS = re.compile(r"[ \t]+")
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{CJK}“”‘’（）《》、，。；：%]) (?=\S)")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=\S) (?=[{CJK}“”‘’（）《》、，。；：%])")
_SPLIT_DECIMAL = re.compile(r"(?<=\d) ?\. ?(?=\d)")


@lru_cache(maxsize=16_384)
def clean(text: str) -> str:
    """One spelling for the same words: simplified characters without pinyin glosses, no markup,
    half-width digits, full-width clause punctuation (not inside ``1,234`` or ``10:30``), no spaces
    around CJK.  Cached: recognisers clean the same line several times."""
    text = simplified(strip_pinyin(text)).translate(_LOOKALIKES)
    text = _HALF_WIDTH_PUNCTUATION.sub(lambda match: _FULL_WIDTH_OF[match.group(0)], text)
    text = _MARKUP.sub("", text).translate(_FULLWIDTH)
    text = _HEADING_HASHES.sub("", text)
    text = _BLANKS.sub(" ", text).strip()
    # Spaces next to a CJK character carry no meaning (PDF converters add them around numbers).
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    # 51 .37 / 51. 37 inside a number.
    return _SPLIT_DECIMAL.sub(".", text)


_PINYIN_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_DEBRIS = re.compile(rf"[(?](?=[a-zü]*[{_PINYIN_VOWELS}])[a-zü{_PINYIN_VOWELS}]{{1,7}}\)")
"""``工業(yè)``: web pages that gloss characters with their pinyin leave it inside the words (and a
character lost in decoding leaves ``?jīng)``)."""
_LOOKALIKES = str.maketrans({"エ": "工", "カ": "力", "ロ": "口", "ニ": "二", "ハ": "八", "タ": "夕", "増": "增"})
"""Katakana and Japanese forms an input method puts for the Chinese character they look like (``エ业``)."""
_HALF_WIDTH_PUNCTUATION = re.compile(r"(?<!\d)[,:](?!\d)|[,:](?=\D)|(?<=\D)[,:]|;")
_FULL_WIDTH_OF = {",": "，", ":": "：", ";": "；"}
MIN_TRADITIONAL_CHARS = 2
"""A line is read as traditional script when converting it changes at least this many characters:
one stray form (``昇`` in a company name) is a name, not a script."""


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_pinyin(text: str) -> str:
    """``規(guī)上工業(yè)`` → ``規上工業``."""
    return _PINYIN_DEBRIS.sub("", text)


def simplified(text: str, always: bool = False) -> str:
    """Traditional characters → simplified (OpenCC), when ``text`` is written in traditional script
    (``always``: whatever it looks like — for a word cut out of a traditional text)."""
    converted: str = _t2s().convert(text)
    if always or len(converted) != len(text):
        return converted
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    return converted if changed >= MIN_TRADITIONAL_CHARS else text


_CN_ORDINAL = "一二三四五六七八九十百零〇"
_CHAPTER = re.compile(rf"^第[{_CN_ORDINAL}\d]+[章篇部分]")
_SECTION = re.compile(rf"^第[{_CN_ORDINAL}\d]+节")
_CN_ITEM = re.compile(rf"^[{_CN_ORDINAL}]+、")
_CN_PAREN_ITEM = re.compile(rf"^[（(][{_CN_ORDINAL}]+[）)]")
_ARABIC_ITEM = re.compile(r"^\d{1,2}(?:[.、．]|\s)(?!\d)")
_BOX = re.compile(r"^专栏\s*\d*")

MAX_HEADING_CHARS = 30


def heading_level(raw: str) -> int | None:
    """The structural level of a line that is a heading, or None for running text.

    1 chapter (第一章), 2 section (第一节), 3 一、 or a 专栏 box, 4 （一）, 5 a short
    ``1.`` item, 6 a Markdown heading that follows none of these patterns.
    """
    markdown = bool(_HEADING_HASHES.match(raw))
    text = clean(raw)
    if not text or len(text) > (80 if markdown else MAX_HEADING_CHARS + 20):
        return None
    body = re.sub(r"\s", "", text)
    if _CHAPTER.match(body):
        return 1
    if _SECTION.match(body):
        return 2
    if "。" in body and not markdown:
        return None
    if _BOX.match(body) and len(body) <= MAX_HEADING_CHARS:
        return 3
    short = len(body) <= MAX_HEADING_CHARS and body[-1] not in TERMINAL_PUNCTUATION + "，、"
    if _CN_ITEM.match(body) and short:
        return 3
    if _CN_PAREN_ITEM.match(body) and short:
        return 4
    if _ARABIC_ITEM.match(body) and short and len(body) <= 20:
        return 5
    if markdown:
        return 6
    return None


def heading_title(text: str) -> str:
    """The words of a heading without its numbering: ``第一节  下路工业园区`` → ``下路工业园区``."""
    body = clean(text)
    body = re.sub(
        rf"^(?:第[{_CN_ORDINAL}\d]+[章节篇部分]|[{_CN_ORDINAL}]+、|[（(][{_CN_ORDINAL}\d]+[）)]|\d{{1,2}}[.、．]?)\s*",
        "",
        body,
    )
    return re.sub(r"\s+", "", body).strip("：:")


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip("”’」』）) ")
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCTUATION
