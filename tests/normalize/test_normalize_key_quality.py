"""Precision and recall of the name key on the variant-pair table, reported in the run.

``data/name_pairs.csv`` holds spelling variants that must share a key and
distinct names that must not (how it was built: ``data/build_name_pairs.py``).
The figures are emitted as a warning so that ``make test`` shows them in its
summary even under pytest-xdist, where a test's own output is not shown.
"""

from __future__ import annotations

import csv
import warnings
from collections import Counter
from pathlib import Path

import pytest

from reckon.normalize import name_key

PAIRS = Path(__file__).parent / "data" / "name_pairs.csv"


def _table() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_table_is_big_enough_and_covers_every_kind() -> None:
    rows = _table()
    same = Counter(r["kind"] for r in rows if r["same"] == "1")
    different = sum(r["same"] == "0" for r in rows)
    assert sum(same.values()) >= 300 and different >= 300
    assert {"script-script", "script-latin", "latin-latin"} <= set(same)


@pytest.mark.filterwarnings("always:name key on")
def test_key_precision_and_recall() -> None:
    rows = _table()
    meets = [(r, name_key(r["a"]) == name_key(r["b"])) for r in rows]
    tp = sum(m for r, m in meets if r["same"] == "1")
    fn = sum(not m for r, m in meets if r["same"] == "1")
    fp = sum(m for r, m in meets if r["same"] == "0")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    by_kind = Counter(r["kind"] for r, m in meets if r["same"] == "1" and not m)
    warnings.warn(
        f"name key on {len(rows)} pairs ({tp + fn} same, {len(rows) - tp - fn} different): "
        f"precision {precision:.3f}, recall {recall:.3f}; misses by kind {dict(by_kind)}",
        stacklevel=1,
    )
    assert precision >= 0.99
    assert recall >= 0.97


@pytest.mark.filterwarnings("always:name key on")
def test_key_recall_on_the_synthetic_generators_spellings() -> None:
    """An independent check: ``reckon.synth`` spells each name part its own way,
    written by another hand and never from ``reckon.normalize``."""
    synth = pytest.importorskip("reckon.synth.names")
    pairs = [
        (fa, spelling, weight)
        for fa, (spellings, weights) in synth.latin_parts().items()
        for spelling, weight in zip(spellings, weights, strict=True)
    ]
    hits = [(w, name_key(fa) == name_key(la)) for fa, la, w in pairs]
    recall = sum(h for _, h in hits) / len(hits)
    weighted = sum(w for w, h in hits if h) / sum(w for w, _ in hits)
    warnings.warn(
        f"name key on {len(pairs)} synth name-part spellings: recall {recall:.3f}, "
        f"{weighted:.3f} weighted by how often each spelling is used",
        stacklevel=1,
    )
    assert weighted >= 0.9
