"""The sampler's own random draws follow their distributions (KS / chi-square, fixed seeds)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from reckon.estimate import _lcmcr_kernels as kern

N = 200_000


def _draw(kind: int, a: float, b: float, n: int, seed: int) -> np.ndarray:
    return kern.sample(kind, a, b, n, seed)  # type: ignore[no-any-return]


def _chi2_discrete(x: np.ndarray, pmf: np.ndarray) -> float:
    observed = np.bincount(x.astype(np.int64), minlength=pmf.size)[: pmf.size]
    expected = pmf * x.size
    keep = expected > 20
    scaled = expected[keep] * observed[keep].sum() / expected[keep].sum()
    return float(stats.chisquare(observed[keep], scaled).pvalue)


def test_continuous_draws() -> None:
    assert stats.kstest(_draw(0, 0, 0, N, 1), "norm").pvalue > 1e-3
    for shape in (0.05, 0.8, 1.0, 4.0, 300.0):
        assert stats.kstest(_draw(1, shape, 0, N, 2), stats.gamma(shape).cdf).pvalue > 1e-3
    for a, b in ((2.0, 7.0), (1.0, 1.0), (1.0, 40.0), (25.0, 1.0)):
        assert stats.kstest(_draw(2, a, b, N, 3), stats.beta(a, b).cdf).pvalue > 1e-3


@pytest.mark.parametrize(("n", "p"), [(6, 0.3), (40, 0.1), (40, 0.8), (2_000, 0.37), (5, 0.999)])
def test_binomial(n: int, p: float) -> None:
    x = _draw(3, n, p, N, 4)
    assert _chi2_discrete(x, stats.binom(n, p).pmf(np.arange(n + 1))) > 1e-3


@pytest.mark.parametrize("lam", [0.7, 9.5, 10.5, 400.0])
def test_poisson(lam: float) -> None:
    x = _draw(4, lam, 0, N, 5)
    top = int(lam + 12 * np.sqrt(lam) + 10)
    assert _chi2_discrete(x, stats.poisson(lam).pmf(np.arange(top))) > 1e-3


def test_negative_binomial() -> None:
    x = _draw(5, 300, 0.4, N, 6)
    d = stats.nbinom(300, 0.4)
    assert x.mean() == pytest.approx(d.mean(), rel=0.005)
    assert x.var() == pytest.approx(d.var(), rel=0.02)


@pytest.mark.parametrize("n", [7, 500])  # one by one, and by conditional binomials
def test_multinomial(n: int) -> None:
    probs = np.array([0.05, 0.5, 0.0, 0.3, 0.15]) * 3.0  # unnormalised on purpose
    draws = kern.sample_multinomial(n, probs, 50_000, 7)
    p = probs / probs.sum()
    assert (draws.sum(axis=1) == n).all()
    assert (draws[:, 2] == 0).all()
    np.testing.assert_allclose(draws.mean(axis=0), n * p, rtol=0.02, atol=0.01)
    np.testing.assert_allclose(draws.var(axis=0), n * p * (1 - p), rtol=0.05, atol=0.01)
