"""The reader on real texts it was not written on: floors on the dev part of the corpus (bench/corpus.py).

The held-out part is not scored here: it is scored once, by hand, with ``bench/corpus.py --split heldout``.
"""

from __future__ import annotations

import pytest
from bench.corpus import CORPUS, Report, load, score


@pytest.fixture(scope="module")
def dev() -> Report:
    return score("dev")


def test_the_dev_part_is_there() -> None:
    texts = load("dev")
    assert len(texts) >= 40
    assert all(text.path.exists() for text in texts)
    assert all(text.split == "dev" for text in texts)
    assert CORPUS.name == "texts"


def test_recall_and_precision_floors(dev: Report) -> None:
    assert dev.recall >= 0.9, dev.summary()
    assert dev.precision >= 0.9, dev.summary()


def test_no_stated_actual_is_read_as_a_target(dev: Report) -> None:
    wrong = [item for text in dev.texts for item in text.wrong if item.endswith("[FACT]")]
    assert wrong == []


def test_reading_the_corpus_is_fast(dev: Report) -> None:
    assert dev.total("seconds") < 10
