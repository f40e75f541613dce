"""Split R-hat and bulk ESS against what theory says for known chains."""

from __future__ import annotations

import numpy as np
import pytest

from reckon.estimate.diagnostics import bulk_ess, rank_normalize, split_chains, split_rhat


def _ar1(rng: np.random.Generator, phi: float, chains: int, n: int) -> np.ndarray:
    x = np.empty((chains, n))
    x[:, 0] = rng.normal(size=chains) / np.sqrt(1 - phi**2)
    eps = rng.normal(size=(chains, n))
    for t in range(1, n):
        x[:, t] = phi * x[:, t - 1] + eps[:, t]
    return x


def test_independent_draws() -> None:
    x = np.random.default_rng(1).normal(size=(4, 2000))
    assert split_rhat(x) < 1.005
    assert bulk_ess(x) == pytest.approx(8000, rel=0.1)


def test_ess_of_an_autoregressive_chain_matches_theory() -> None:
    # AR(1) with coefficient phi: ESS = S (1 - phi) / (1 + phi)
    x = _ar1(np.random.default_rng(2), 0.9, 4, 5000)
    assert bulk_ess(x) == pytest.approx(20000 * 0.1 / 1.9, rel=0.2)
    assert split_rhat(x) < 1.02  # ~1000 effective draws: R-hat noise is ~0.01


def test_chains_at_different_places_are_flagged() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 1000))
    x[0] += 1.0
    assert split_rhat(x) > 1.05


def test_chains_with_different_spread_are_flagged_by_folding() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(4, 2000))
    x[0] *= 3.0
    assert split_rhat(x) > 1.01


def test_a_drifting_chain_is_flagged_by_splitting() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(1, 2000)) + np.linspace(0, 3, 2000)
    assert split_rhat(x) > 1.1


def test_helpers() -> None:
    x = np.arange(10.0).reshape(2, 5)
    assert split_chains(x).tolist() == [[0, 1], [5, 6], [3, 4], [8, 9]]
    z = rank_normalize(np.array([3.0, 1.0, 2.0, 2.0]))
    assert z[1] < z[2] == z[3] < z[0]
    with pytest.raises(ValueError):
        split_rhat(np.ones((2, 3)))
