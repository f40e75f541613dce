"""lcmcr: exactness against a closed form, reproducibility, diagnostics and honesty."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from reckon.errors import ConvergenceWarning, EstimateError
from reckon.estimate import CaptureTable, EstimateResult, estimate_table
from reckon.estimate.histories import all_patterns
from reckon.estimate.lcmcr import fit_lcmcr

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"
QUICK = {"burnin": 500, "samples": 200, "thin": 2, "chains": 2, "warmup": 50}


def _quiet(table: CaptureTable, **options: object) -> EstimateResult:
    """A short run: its convergence warnings are expected and not the point here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit_lcmcr(table, **options)  # type: ignore[arg-type]


def _independent_table(seed: int, n_people: int, p: list[float]) -> CaptureTable:
    rng = np.random.default_rng(seed)
    x = (rng.random((n_people, len(p))) < np.array(p)).astype(np.int64)
    x = x[x.sum(axis=1) > 0]
    full = np.bincount(x @ (1 << np.arange(len(p))) - 1, minlength=2 ** len(p) - 1)
    keep = full > 0
    names = tuple(f"L{j + 1}" for j in range(len(p)))
    return CaptureTable(names, all_patterns(len(p))[keep], full[keep])


def _exact_posterior_k1(table: CaptureTable, upto: int) -> tuple[np.ndarray, np.ndarray]:
    """With one class the model is M_t with Beta(1,1) priors and p(N) ~ 1/N:
    p(N | y) ~ (1/N) N!/(N-n)! prod_j B(n_j + 1, N - n_j + 1)."""
    n = table.observed
    big_n = np.arange(n, upto, dtype=np.float64)
    logp = -np.log(big_n) + special.gammaln(big_n + 1) - special.gammaln(big_n - n + 1)
    for nj in table.list_sizes:
        logp += special.betaln(nj + 1.0, big_n - nj + 1.0)
    p = np.exp(logp - logp.max())
    return big_n, p / p.sum()


def test_one_class_matches_the_exact_posterior() -> None:
    table = _independent_table(11, 800, [0.3, 0.25, 0.2, 0.35])
    big_n, p = _exact_posterior_k1(table, 3000)
    exact_mean = float(big_n @ p)
    exact_sd = float(np.sqrt(((big_n - exact_mean) ** 2) @ p))
    cdf = np.cumsum(p)
    exact_q = big_n[np.searchsorted(cdf, [0.025, 0.5, 0.975])]
    r = fit_lcmcr(table, seed=5, K=1, burnin=1000, samples=4000, thin=2, chains=4)
    assert r.draws is not None
    # draws are nearly independent at K = 1: Monte Carlo s.e. of the mean ~ sd / sqrt(ESS)
    mc_se = exact_sd / np.sqrt(r.diagnostics["ess_bulk"])
    assert abs(r.draws.mean() - exact_mean) < 4 * mc_se
    assert r.draws.std() == pytest.approx(exact_sd, rel=0.05)
    q = np.quantile(r.draws, [0.025, 0.5, 0.975])
    assert np.all(np.abs(q - exact_q) <= 0.25 * exact_sd + 1)


def test_same_seed_same_draws_and_no_global_state() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    before = np.random.get_state()[1].copy()  # type: ignore[index]
    a = _quiet(table, seed=42, **QUICK)
    b = _quiet(table, seed=42, **QUICK)
    c = _quiet(table, seed=43, **QUICK)
    assert np.array_equal(before, np.random.get_state()[1])  # type: ignore[index]
    assert a.draws is not None and b.draws is not None and c.draws is not None
    assert np.array_equal(a.draws, b.draws)
    assert not np.array_equal(a.draws, c.draws)
    g = _quiet(table, seed=np.random.default_rng(1), **QUICK)
    assert g.draws is not None and g.draws.size == 400


def test_chains_are_laid_end_to_end_and_differ() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    r = _quiet(table, seed=3, **{**QUICK, "chains": 3})
    chains = r.chain_draws()
    assert chains.shape == (3, 200)
    assert not np.array_equal(chains[0], chains[1])
    assert (chains >= table.observed).all()


def test_diagnostics_and_json() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    r = _quiet(table, seed=1, **QUICK)
    d = r.diagnostics
    assert d["sweeps_per_second"] > 1000
    assert 1 <= d["occupied_classes_mean"] <= 10
    assert {"rhat", "ess_bulk", "K", "chains", "seed"} <= set(d)
    out = json.loads(r.to_json())
    assert out["method"] == "lcmcr" and out["observed"] == 4400
    assert out["diagnostics"]["sweeps_per_second"] > 0
    assert r.ci[0] <= r.estimate <= r.ci[1]


def test_short_chains_warn_that_they_have_not_mixed() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = fit_lcmcr(table, seed=2, burnin=0, warmup=0, samples=50, thin=1, chains=4)
    assert any(w.category is ConvergenceWarning for w in caught)
    assert any("ESS" in w or "R-hat" in w for w in r.warnings)


def test_too_few_classes_warn() -> None:
    # Kosovo needs several classes: with K = 2 both stay occupied in every draw
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = fit_lcmcr(table, seed=2, K=2, **QUICK)
    assert r.diagnostics["occupied_classes_at_K"] > 0.9
    assert any(
        w.category is ConvergenceWarning and "latent classes (K) were occupied" in str(w.message)
        for w in caught
    )


def test_user_errors() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with pytest.raises(EstimateError, match="at least 3"):
        fit_lcmcr(table.collapse([0, 1]), seed=1)
    with pytest.raises(EstimateError, match="K"):
        fit_lcmcr(table, seed=1, K=0)
    with pytest.raises(EstimateError, match="samples"):
        fit_lcmcr(table, seed=1, samples=1)
    with pytest.raises(EstimateError, match="thin"):
        fit_lcmcr(table, seed=1, thin=0)


def test_estimate_table_dispatches_to_lcmcr() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        r = estimate_table(table, "lcmcr", seed=9, **QUICK)
    assert r.method == "lcmcr" and r.chains == 2
