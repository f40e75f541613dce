"""The parts of adaptive training: the stated priors, pair counts, Splink's errors."""

from __future__ import annotations

import itertools

import duckdb
import pandas as pd
import pytest

from reckon.errors import LinkError
from reckon.link import backends, blocking, model, priors


def test_priors_cover_every_level_of_every_comparison() -> None:
    settings = model.settings().create_settings_dict("duckdb")
    for comparison in settings["comparisons"]:
        levels = [c for c in comparison["comparison_levels"] if not c.get("is_null_level")]
        stated = priors.PRIORS[comparison["output_column_name"]]
        assert len(stated) == len(levels), comparison["output_column_name"]
        assert sum(m for m, _ in stated) == pytest.approx(1.0)
        assert sum(u for _, u in stated) == pytest.approx(1.0)
        if comparison["output_column_name"] != "source_list":  # same list speaks against
            # agreeing on the most specific level is evidence for a match
            assert stated[0][0] > stated[0][1]
    assert set(priors.PRIORS) == {c["output_column_name"] for c in settings["comparisons"]}


def test_u_leans_on_its_prior_only_when_pairs_are_few() -> None:
    assert priors.smoothed_u(None, 0.02, 0) == pytest.approx(0.02)
    assert priors.smoothed_u(0.5, 0.02, 100) == pytest.approx(0.26)
    assert priors.smoothed_u(0.001, 0.02, 2e6) == pytest.approx(0.001, rel=1e-3)
    assert 0 < priors.probability_two_random_records_match(10) < 0.1


def test_pairs_blocked_on_counts_what_the_rule_would_pair() -> None:
    frame = pd.DataFrame(
        {
            "a": pd.array(["x", "x", "x", "y", "y", None], dtype="string"),
            "b": pd.array([1, 1, 2, 3, 3, 3], dtype="Int64"),
        }
    )
    rows = frame.to_dict("records")
    brute = sum(
        1
        for left, right in itertools.combinations(rows, 2)
        if all(pd.notna(left[c]) and left[c] == right[c] for c in ("a", "b"))
    )
    assert blocking.pairs_blocked_on(frame, ("a", "b")) == brute == 2
    assert blocking.pairs_blocked_on(frame, ("a",)) == 4
    assert blocking.pairs_blocked_on(frame.iloc[:0], ("a",)) == 0


def test_splink_and_duckdb_errors_become_one_line_link_errors() -> None:
    with pytest.raises(duckdb.Error) as raised:
        duckdb.connect().execute("select * from no_such_table")
    failure = backends.failure(raised.value)
    assert isinstance(failure, LinkError) and "--retrain" in str(failure)
    assert "\n" not in str(failure)
    assert isinstance(backends.failure(ValueError("probability 0\nmore")), LinkError)
    assert backends.failure(KeyError("a bug of ours")) is None
