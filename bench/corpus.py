"""How well the reader reads real texts it was not written on: the corpus in ``tests/corpus/texts``.

Run: .venv/bin/python bench/corpus.py [--split dev|heldout|all] [--json] [--misses]

Each text ``*.txt`` has a hand-made ``*.gold.yaml`` (see ``n-README.md`` and ``s-README.md`` there).
Per text and in total it reports:

* **recall** — gold targets matched by an extracted indicator with a number: the values agree
  (relative 1e-6; a range on ``value``, and on ``value_high`` when the reader keeps one), the years
  agree when the gold gives one, and the extracted name contains every gold ``words`` entry (both
  compared in simplified characters without pinyin debris such as ``(yè)``).  One extracted item
  matches at most one gold target (a maximum matching that prefers items on the gold line).
* **precision** — matched items among every extracted indicator with a numeric target.
* **facts read as targets** — unmatched extracted targets on the line and with the value of a gold
  ``facts`` entry (stated actuals), and of a ``not_targets`` entry (numbers that are no target).
* **name quality** — matched targets whose name has no verb/particle debris at either end
  (``vocabulary.NAME_DEBRIS_*``) beyond what the gold words themselves hold.
* **comparator accuracy** — matched targets whose comparator is the gold one.
* **seconds** to read and extract every text of the split.

The reader is given the gold ``document_year`` as the document's date (what a user knows from the
page or file a text came from); it uses it only when the text states no publication date itself.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planwatch.plan.extract import extract
from planwatch.plan.model import Indicator, Plan
from planwatch.plan.recognise.vocabulary import NAME_DEBRIS_HEAD, NAME_DEBRIS_TAIL
from planwatch.plan.text import simplified, strip_pinyin
from planwatch.units import ARABIC_NUMBER, CN_NUMERAL, parse_number

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "texts"
REL_TOLERANCE = 1e-6


def norm(text: str) -> str:
    """The form names are compared in: simplified characters, no pinyin debris, no spaces."""
    return re.sub(r"\s", "", simplified(strip_pinyin(text), always=True))


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=1e-9)


@dataclass(frozen=True)
class GoldTarget:
    line: int
    words: tuple[str, ...]
    value: float
    value_high: float | None
    unit: str | None
    year: int | None
    comparator: str | None
    basis: str | None
    scope: str | None


@dataclass(frozen=True)
class GoldNumber:
    """A gold ``facts`` or ``not_targets`` entry: a line and the values it holds."""

    line: int
    values: tuple[float, ...]
    text: str


@dataclass(frozen=True)
class GoldText:
    path: Path
    split: str
    document_year: int | None
    targets: tuple[GoldTarget, ...]
    facts: tuple[GoldNumber, ...]
    not_targets: tuple[GoldNumber, ...]


def _numbers(text: str) -> tuple[float, ...]:
    values = []
    for match in re.finditer(rf"{ARABIC_NUMBER}|{CN_NUMERAL}", text):
        value = parse_number(match.group(0))
        if value is not None:
            values.append(value)
    return tuple(values)


def load(split: str = "dev", corpus: Path = CORPUS) -> list[GoldText]:
    """The gold of every text in ``split`` (``dev``, ``heldout`` or ``all``), by file name."""
    texts = []
    for gold_path in sorted(corpus.glob("*.gold.yaml")):
        gold: dict[str, Any] = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        if split != "all" and gold.get("split") != split:
            continue
        path = gold_path.with_name(gold_path.name.removesuffix(".gold.yaml") + ".txt")
        targets = tuple(
            GoldTarget(
                line=int(t["line"]),
                words=tuple(str(w) for w in t.get("words") or ()),
                value=float(t["value"]),
                value_high=None if t.get("value_high") is None else float(t["value_high"]),
                unit=t.get("unit"),
                year=t.get("year"),
                comparator=t.get("comparator"),
                basis=t.get("basis"),
                scope=t.get("scope"),
            )
            for t in gold.get("targets") or ()
        )
        facts = tuple(
            GoldNumber(int(f["line"]), (float(f["value"]),), str(f.get("words") or "")) for f in gold.get("facts") or ()
        )
        not_targets = tuple(
            GoldNumber(int(n["line"]), _numbers(norm(str(n["text"]))), str(n["text"]))
            for n in gold.get("not_targets") or ()
        )
        texts.append(GoldText(path, str(gold.get("split")), gold.get("document_year"), targets, facts, not_targets))
    return texts


def _value_high(indicator: Indicator) -> float | None:
    high: float | None = getattr(indicator.target, "value_high", None)
    return high


def _matches(indicator: Indicator, gold: GoldTarget) -> bool:
    target = indicator.target
    if not _same(target.value, gold.value):
        return False
    high = _value_high(indicator)
    if high is not None and not _same(high, gold.value_high):
        return False
    if gold.year is not None and target.year != gold.year:
        return False
    name = norm(indicator.name)
    return all(norm(word) in name for word in gold.words)


def _matching(extracted: list[Indicator], gold: tuple[GoldTarget, ...]) -> dict[int, int]:
    """gold index → extracted index: a maximum matching, built first from items on the gold's line."""
    edges = [[e for e, item in enumerate(extracted) if _matches(item, g)] for g in gold]
    owner: dict[int, int] = {}  # extracted → gold

    def augment(g: int, seen: set[int], same_line_only: bool) -> bool:
        for e in edges[g]:
            if e in seen or (same_line_only and extracted[e].source.line != gold[g].line):
                continue
            seen.add(e)
            if e not in owner or augment(owner[e], seen, same_line_only):
                owner[e] = g
                return True
        return False

    for same_line_only in (True, False):
        for g in range(len(gold)):
            if g not in owner.values():
                augment(g, set(), same_line_only)
    return {g: e for e, g in owner.items()}


def _debris(name: str, words: Iterable[str]) -> str | None:
    """Debris at either end of ``name`` that the gold words do not themselves start or end with."""
    words = [norm(word) for word in words]
    for word in NAME_DEBRIS_HEAD:
        if name.startswith(word) and not any(name.startswith(w) and w.startswith(word) for w in words):
            return word
    for word in NAME_DEBRIS_TAIL:
        if name.endswith(word) and not any(name.endswith(w) and w.endswith(word) for w in words):
            return word
    return None


@dataclass
class TextScore:
    text: str
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    facts_as_targets: int = 0
    not_targets_as_targets: int = 0
    clean_names: int = 0
    right_comparators: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    """Gold targets not found: ``line words value year``."""
    wrong: list[str] = field(default_factory=list)
    """Extracted targets that match nothing: ``line name value year``, marked when they are a gold fact."""
    bad_names: list[str] = field(default_factory=list)
    bad_comparators: list[str] = field(default_factory=list)


def _describe(indicator: Indicator) -> str:
    target = indicator.target
    high = _value_high(indicator)
    value = f"{target.value:g}" + (f"–{high:g}" if high is not None else "")
    return f"{indicator.source.line} {indicator.name} {target.comparator}{value}{indicator.unit or ''} {target.year}"


def score_text(gold: GoldText, plan: Plan, seconds: float = 0.0) -> TextScore:
    extracted = [i for i in plan.indicators if i.target.value is not None]
    result = TextScore(gold.path.name, gold=len(gold.targets), extracted=len(extracted), seconds=seconds)
    matching = _matching(extracted, gold.targets)
    result.matched = len(matching)
    for g, target in enumerate(gold.targets):
        if g not in matching:
            result.misses.append(
                f"{target.line} {'/'.join(target.words)} {target.comparator}{target.value:g} {target.year}"
            )
            continue
        item = extracted[matching[g]]
        debris = _debris(norm(item.name), target.words)
        if debris is None:
            result.clean_names += 1
        else:
            result.bad_names.append(f"{item.source.line} {item.name} ({debris})")
        if item.target.comparator == target.comparator:
            result.right_comparators += 1
        else:
            result.bad_comparators.append(f"{_describe(item)} — gold {target.comparator}")
    matched = set(matching.values())
    for e, item in enumerate(extracted):
        if e in matched:
            continue
        kind = ""
        line, value = item.source.line, item.target.value
        if any(f.line == line and any(_same(value, v) for v in f.values) for f in gold.facts):
            result.facts_as_targets += 1
            kind = " [FACT]"
        elif any(n.line == line and any(_same(value, v) for v in n.values) for n in gold.not_targets):
            result.not_targets_as_targets += 1
            kind = " [NOT TARGET]"
        result.wrong.append(_describe(item) + kind)
    return result


@dataclass
class Report:
    split: str
    texts: list[TextScore]

    def total(self, name: str) -> float:
        return float(sum(getattr(text, name) for text in self.texts))

    @property
    def recall(self) -> float:
        return self.total("matched") / max(self.total("gold"), 1)

    @property
    def precision(self) -> float:
        return self.total("matched") / max(self.total("extracted"), 1)

    @property
    def name_quality(self) -> float:
        return self.total("clean_names") / max(self.total("matched"), 1)

    @property
    def comparator_accuracy(self) -> float:
        return self.total("right_comparators") / max(self.total("matched"), 1)

    def summary(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "texts": len(self.texts),
            "gold_targets": int(self.total("gold")),
            "extracted_targets": int(self.total("extracted")),
            "matched": int(self.total("matched")),
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "facts_as_targets": int(self.total("facts_as_targets")),
            "not_targets_as_targets": int(self.total("not_targets_as_targets")),
            "name_quality": round(self.name_quality, 4),
            "comparator_accuracy": round(self.comparator_accuracy, 4),
            "seconds": round(self.total("seconds"), 3),
        }


def score(split: str = "dev", corpus: Path = CORPUS) -> Report:
    texts = []
    for gold in load(split, corpus):
        start = time.perf_counter()
        plan = extract(gold.path, document_year=gold.document_year)
        texts.append(score_text(gold, plan, time.perf_counter() - start))
    return Report(split, texts)


def _print(report: Report, misses: bool) -> None:
    print(
        f"{'text':34} {'gold':>4} {'ext':>4} {'hit':>4} {'recall':>6} {'prec':>6} {'fact':>4} {'not':>4} {'name':>4} {'cmp':>4}"
    )
    for t in report.texts:
        recall = t.matched / t.gold if t.gold else 1.0
        precision = t.matched / t.extracted if t.extracted else 1.0
        print(
            f"{t.text.removesuffix('.txt'):34} {t.gold:4} {t.extracted:4} {t.matched:4} {recall:6.2f} {precision:6.2f} "
            f"{t.facts_as_targets:4} {t.not_targets_as_targets:4} {t.clean_names:4} {t.right_comparators:4}"
        )
        if misses:
            for label, items in (
                ("missed", t.misses),
                ("wrong", t.wrong),
                ("name", t.bad_names),
                ("cmp", t.bad_comparators),
            ):
                for item in items:
                    print(f"    {label:6} {item}")
    s = report.summary()
    print(
        f"\n{s['split']}: {s['texts']} texts, {s['gold_targets']} gold targets, {s['extracted_targets']} extracted — "
        f"recall {s['recall']:.3f}, precision {s['precision']:.3f}, facts read as targets {s['facts_as_targets']} "
        f"(+ {s['not_targets_as_targets']} not-targets), name quality {s['name_quality']:.3f}, "
        f"comparator accuracy {s['comparator_accuracy']:.3f}; read in {s['seconds']:.2f} s (goal < 10 s)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every miss, wrong target and bad name")
    args = parser.parse_args(argv)
    report = score(args.split)
    if args.json:
        print(
            json.dumps(
                {"total": report.summary(), "texts": [asdict(t) for t in report.texts]}, ensure_ascii=False, indent=2
            )
        )
        return
    _print(report, args.misses)


if __name__ == "__main__":
    main(sys.argv[1:])
