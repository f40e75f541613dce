"""dga: decomposable graphs, dga's published example, honesty and draws."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate import CaptureTable, estimate_table
from reckon.estimate.dga import decomposable_graphs, fit_dga, posterior_weights
from reckon.estimate.histories import all_patterns

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"

_spec = importlib.util.spec_from_file_location(
    "golden_bayesian", Path(__file__).parents[1] / "golden" / "bayesian.py"
)
assert _spec is not None and _spec.loader is not None
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)


def test_counts_of_decomposable_graphs() -> None:
    # 8, 61 and 822 labelled decomposable graphs on 3, 4 and 5 vertices (dga's graphs3-5)
    assert [len(decomposable_graphs(k)) for k in (3, 4, 5)] == [8, 61, 822]


def test_graph_structure() -> None:
    notations = {g.notation() for g in decomposable_graphs(4)}
    assert {"[1,2,3,4]", "[1234]", "[12,23,34]", "[123,134]"} <= notations
    assert "[12,23,34,14]" not in notations  # the 4-cycle is not chordal
    for g in decomposable_graphs(5):
        assert set().union(*map(set, g.cliques)) == set(range(5))
        for s in g.separators:  # each separator is shared by at least two cliques
            assert s and sum(set(s) <= set(c) for c in g.cliques) >= 2


def test_madigan_york_five_lists_reproduce_dga() -> None:
    table = ref.my5_table()
    _graphs, weights = posterior_weights(table, ref.MY5_NMISSING, delta=ref.MY5_DELTA)
    assert weights.sum() == pytest.approx(1.0)
    prob = weights.sum(axis=1)
    top = np.argsort(-prob)[:5]
    total = ref.MY5_NMISSING + table.observed
    for i, (p, mode, lo, hi) in zip(top, ref.MY5_TOP, strict=True):
        assert prob[i] == pytest.approx(p, abs=5e-9)
        post = weights[i] / weights[i].sum()
        cdf = np.cumsum(post)
        my_mode = total[np.argmax(post)]
        my_lo = total[np.searchsorted(cdf, 0.025)]
        my_hi = total[np.searchsorted(cdf, 0.975)]
        assert (my_mode - my_lo, my_hi - my_mode) == (mode - lo, hi - mode)


def test_delta_one_collapses_onto_the_observed_count() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    default = fit_dga(table, seed=1)
    flat = fit_dga(table, seed=1, delta=1.0)
    assert default.diagnostics["delta"] == 2.0**-4
    assert flat.estimate < 1.1 * table.observed < 2 * table.observed < default.estimate
    assert flat.diagnostics["top_models"][0]["model"] == "[1234]"
    assert flat.diagnostics["top_models"][0]["probability"] > 0.9


def test_draws_follow_the_posterior_and_are_reproducible() -> None:
    table = ref.my5_table()
    a = fit_dga(table, seed=7)
    b = fit_dga(table, seed=np.random.default_rng(7))
    assert np.array_equal(a.draws, b.draws)
    assert a.draws is not None and a.draws.size == 4000
    assert abs(np.median(a.draws) - a.estimate) <= 3
    lo, hi = a.conf_int(0.05)
    assert abs(lo - a.ci[0]) <= 4 and abs(hi - a.ci[1]) <= 6
    assert a.ci[0] < a.estimate < a.ci[1]
    assert a.diagnostics["models"] == 822
    json.dumps(a.to_dict())


def test_estimate_table_dispatches_to_dga() -> None:
    r = estimate_table(ref.my5_table(), "dga", seed=3)
    assert r.method == "dga" and r.observed == 537


def test_wrong_number_of_lists_is_an_error() -> None:
    six = CaptureTable(tuple("abcdef"), all_patterns(6), np.full(63, 3))
    with pytest.raises(EstimateError, match="at most 5"):
        fit_dga(six)
    two = CaptureTable(("a", "b"), all_patterns(2), np.array([10, 10, 5]))
    with pytest.raises(EstimateError, match="at least 3"):
        fit_dga(two)


def test_a_posterior_pressed_against_the_cap_warns() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with pytest.warns(SparseDataWarning, match="cap of the grid"):
        r = fit_dga(table, seed=1, n0_max=3000)
    assert any("cap" in w for w in r.warnings)


def test_no_warning_on_well_bounded_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_dga(ref.my5_table(), seed=1)
