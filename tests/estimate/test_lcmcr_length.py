"""lcmcr decides its own length: continued chains, the budget, K raised, and by simulation."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from reckon.errors import ConvergenceWarning
from reckon.estimate import CaptureTable
from reckon.estimate._lcmcr_kernels import continue_chain, run_chain, start_chain
from reckon.estimate.histories import all_patterns
from reckon.estimate.lcmcr import fit_lcmcr

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"


def simulated_table(seed: int, classes: list[tuple[int, list[float]]]) -> CaptureTable:
    """People in latent classes of (size, capture probability per list); lists independent
    within a class. One class is homogeneous capture; several, heterogeneous."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.random((n, len(p))) < np.array(p) for n, p in classes])
    x = x.astype(np.int64)
    x = x[x.sum(axis=1) > 0]
    k = x.shape[1]
    full = np.bincount(x @ (1 << np.arange(k)) - 1, minlength=2**k - 1)
    keep = full > 0
    return CaptureTable(tuple(f"L{j + 1}" for j in range(k)), all_patterns(k)[keep], full[keep])


def test_a_chain_continued_in_pieces_draws_what_one_long_run_draws() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    cells = np.ascontiguousarray(table.patterns, dtype=np.int8)
    freq = np.ascontiguousarray(table.counts, dtype=np.int64)
    whole = run_chain(cells, freq, 10, 0.25, 0.25, 100, 300, 150, 5, 99)
    chain = start_chain(cells, freq, 10, 99)
    first = continue_chain(cells, freq, chain, 0.25, 0.25, 100, 300, 50, 5)
    rest = continue_chain(cells, freq, chain, 0.25, 0.25, 0, 0, 100, 5)
    for i in range(3):
        assert np.array_equal(whole[i], np.concatenate([first[i], rest[i]]))


def test_a_run_cut_short_by_its_cap_says_it_did_not_converge() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = fit_lcmcr(table, seed=1, max_sweeps=2_000)
    assert r.diagnostics["stopped"] == "max sweeps"
    assert r.converged is False and not r.finding
    assert any(
        w.category is ConvergenceWarning and "did NOT converge" in str(w.message) for w in caught
    )
    assert r.summary().as_text().count("NOT CONVERGED") == 1
    out = json.loads(r.to_json())
    assert out["converged"] is False and out["finding"] is False
    assert out["estimate"] is not None  # the number is kept, flagged, not hidden


def test_an_explicit_length_is_run_as_asked() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        r = fit_lcmcr(table, seed=4, K=3, burnin=200, samples=150, thin=2, chains=2)
    assert r.chain_draws().shape == (2, 150)
    assert r.diagnostics["stopped"] == "fixed length" and r.diagnostics["K"] == 3
    assert r.diagnostics["sweeps"] == 500 + 200 + 150 * 2


@pytest.mark.slow
def test_a_binding_truncation_raises_k_and_says_so() -> None:
    # Kosovo needs several classes: with K = 2 both stay occupied, so K must grow
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        r = fit_lcmcr(table, seed=2, K=2, max_seconds=20)
    assert r.diagnostics["K"] > 2
    assert any("K was raised to" in n for n in r.notes)
    assert r.diagnostics["occupied_classes_at_K"] <= 0.25


HOMOGENEOUS = [(2_000, [0.3, 0.25, 0.35, 0.2])]
HETEROGENEOUS = [
    (600, [0.55, 0.5, 0.6, 0.45, 0.5]),
    (1_400, [0.2, 0.25, 0.15, 0.2, 0.3]),
]


@pytest.mark.slow
def test_default_runs_converge_without_warning_and_cover_on_simulated_tables() -> None:
    # several seeds of a homogeneous 4-list design and a two-class 5-list design (a
    # visible 30% and a harder 70%), N = 2,000: the default run must end on its own checks
    # (R-hat <= 1.01, bulk ESS >= 400, no warning) and the intervals must mostly cover
    errors: list[float] = []
    covered = 0
    runs = 0
    for design in (HOMOGENEOUS, HETEROGENEOUS):
        truth = sum(n for n, _ in design)
        for seed in range(3):
            table = simulated_table(1000 + seed, design)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                r = fit_lcmcr(table, seed=seed)
            assert not caught, [str(w.message) for w in caught]
            assert r.converged is True and r.diagnostics["stopped"] == "converged"
            assert r.diagnostics["rhat"] <= 1.01 and r.diagnostics["ess_bulk"] >= 400
            errors.append((r.estimate - truth) / truth)
            covered += r.ci[0] <= truth <= r.ci[1]
            runs += 1
    assert covered >= runs - 1
    assert abs(float(np.median(errors))) <= 0.10
