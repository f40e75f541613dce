"""Pairwise and B-cubed measures on a case small enough to count by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from reckon.errors import LinkError
from reckon.link.evaluation import evaluate


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    # truth: {a1, b1, c1} is one person, {a2, b2} another; a1, a2 Persian, the rest Latin
    truth = pd.DataFrame(
        {
            "source": ["a", "b", "c", "a", "b"],
            "source_record_id": ["1", "1", "1", "2", "2"],
            "person_id": ["p", "p", "p", "q", "q"],
        }
    )
    # linked: a1+b1 together, c1 alone, a2+b2 together
    linked = truth.assign(person_id=[1, 1, 2, 3, 3], script=["fa", "latin", "latin", "fa", "latin"])
    return linked, truth


def test_pairwise_counts_by_hand() -> None:
    result = evaluate(*_frames())
    # true pairs: 3 (p) + 1 (q) = 4; predicted pairs 2; both 2
    assert result.pairs["all"] == {"both": 2, "predicted": 2, "true": 4}
    assert result.pairwise["all"].precision == 1.0
    assert result.pairwise["all"].recall == 0.5
    # across scripts: true a1-b1, a1-c1, a2-b2; found a1-b1, a2-b2
    assert result.pairs["across"] == {"both": 2, "predicted": 2, "true": 3}
    # within Latin: true b1-c1, not found
    assert result.pairs["latin"] == {"both": 0, "predicted": 0, "true": 1}
    assert result.pairwise["latin"].recall == 0.0


def test_bcubed_by_hand() -> None:
    result = evaluate(*_frames())
    # precision is 1 for every record; recall: a1 2/3, b1 2/3, c1 1/3, a2 1, b2 1
    assert result.bcubed["all"].precision == 1.0
    expected = (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5
    assert result.bcubed["all"].recall == pytest.approx(expected, abs=1e-6)
    text = result.as_text()
    assert "across" in text and "B-cubed" in text
    assert result.to_dict()["pairwise"]["all"]["f1"] == pytest.approx(2 / 3, abs=1e-6)


def test_perfect_linkage_scores_one() -> None:
    linked, truth = _frames()
    perfect = truth.assign(script=linked["script"])
    result = evaluate(perfect, truth)
    for category in ("all", "persian", "latin", "across"):
        assert result.pairwise[category].f1 == 1.0
        assert result.bcubed[category].f1 == 1.0


def test_nothing_in_common_is_an_error() -> None:
    linked, truth = _frames()
    with pytest.raises(LinkError):
        evaluate(linked.assign(source="zzz"), truth)
