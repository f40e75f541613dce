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


def test_delta_one_puts_the_weight_on_the_saturated_graph_and_gives_no_number() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    default = fit_dga(table, seed=1)
    with pytest.warns(SparseDataWarning, match="no estimate"):
        flat = fit_dga(table, seed=1, delta=1.0)
    assert default.diagnostics["delta"] == 2.0**-4
    assert default.identified and 2 * table.observed < default.estimate
    assert flat.diagnostics["top_models"][0]["model"] == "[1234]"
    assert flat.diagnostics["saturated_probability"] > 0.9
    assert not flat.identified and not flat.finding and flat.draws is None
    assert "nothing about the people on no list" in flat.reason
    out = flat.to_dict()
    assert out["estimate"] is None and out["ci"] == [None, None] and out["identified"] is False


def _two_class_table(seed: int, k: int, groups: list[tuple[int, float]]) -> CaptureTable:
    """People in groups of (size, capture probability per list), lists independent within."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.random((n, k)) < p for n, p in groups]).astype(np.int64)
    x = x[x.sum(axis=1) > 0]
    full = np.bincount(x @ (1 << np.arange(k)) - 1, minlength=2**k - 1)
    keep = full > 0
    return CaptureTable(tuple(f"L{j + 1}" for j in range(k)), all_patterns(k)[keep], full[keep])


@pytest.mark.parametrize("k", [3, 4, 5])
def test_a_table_whose_saturated_graph_dominates_is_not_identified(k: int) -> None:
    # 3,000 very visible people and 7,000 hard to reach: the capture heterogeneity shows as
    # an interaction among all lists at once, the saturated graph takes the weight, and its
    # answer would be the observed count (about half the truth) with a zero-width interval
    for seed in range(3):
        table = _two_class_table(seed, k, [(3_000, 0.85), (7_000, 0.08)])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = fit_dga(table, seed=seed)
        assert not r.identified and np.isnan(r.estimate)
        assert r.diagnostics["saturated_probability"] > 0.5
        assert any("no estimate" in str(w.message) for w in caught)


def test_homogeneous_tables_stay_identified_and_cover() -> None:
    covered = 0
    for seed in range(10):
        table = _two_class_table(100 + seed, 4, [(2_000, 0.3)])
        r = fit_dga(table, seed=seed)
        assert r.identified and r.diagnostics["saturated_probability"] < 0.025
        covered += r.ci[0] <= 2_000 <= r.ci[1]
    assert covered >= 8


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


def test_a_posterior_pressed_against_the_cap_gives_no_number() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with pytest.warns(SparseDataWarning, match="cap of the grid"):
        r = fit_dga(table, seed=1, n0_max=3000)
    assert not r.identified and "do not bound the total from above" in r.reason


def test_no_warning_on_well_bounded_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_dga(ref.my5_table(), seed=1)
