"""Convergence diagnostics for MCMC draws: split R-hat and effective sample size.

Written from the definitions in Vehtari, Gelman, Simpson, Carpenter and
Bürkner (2021), "Rank-normalization, folding, and localization: an improved
R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2), 667-718:

* chains are split in halves (so a drift within a chain shows as disagreement);
* draws are rank-normalized: z = Phi^-1((r - 3/8) / (S + 1/4)) with r the rank
  among all S draws (average rank for ties);
* R-hat = sqrt(var+ / W) with W the mean within-chain variance and
  var+ = (n - 1)/n W + B/n; the reported R-hat is the larger of the
  rank-normalized one and the one of the folded draws |x - median| (which
  catches chains that differ in spread, not location);
* bulk ESS = S / tau on the rank-normalized split chains, tau from the
  chains' combined autocorrelations rho_t = 1 - (W - mean autocov_t) / var+,
  summed with Geyer's initial monotone sequence (pairs of lags summed while
  positive, forced non-increasing).

Inputs are (chains, draws) arrays. Posterior draws of N are integers with ties;
average ranks keep the rank-normalization well defined.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import stats

__all__ = ["bulk_ess", "rank_normalize", "split_chains", "split_rhat"]

FloatArray = npt.NDArray[np.float64]

RHAT_LIMIT = 1.01  # Vehtari et al. (2021) recommend R-hat below 1.01
ESS_PER_CHAIN = 100  # and a bulk ESS of at least 100 per chain


def _as_chains(draws: npt.ArrayLike) -> FloatArray:
    x = np.asarray(draws, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] < 4:
        raise ValueError("draws must be (chains, draws) with at least 4 draws per chain")
    return x


def split_chains(draws: npt.ArrayLike) -> FloatArray:
    """Each chain cut in two halves (an odd middle draw is dropped): (2 * chains, n // 2)."""
    x = _as_chains(draws)
    half = x.shape[1] // 2
    return np.concatenate([x[:, :half], x[:, x.shape[1] - half :]], axis=0)


def rank_normalize(draws: npt.ArrayLike) -> FloatArray:
    """Normal scores of the pooled ranks, same shape as the input."""
    x = np.asarray(draws, dtype=np.float64)
    ranks = stats.rankdata(x, method="average").reshape(x.shape)
    return np.asarray(stats.norm.ppf((ranks - 0.375) / (x.size + 0.25)), dtype=np.float64)


def _rhat_plain(x: FloatArray) -> float:
    m, n = x.shape
    means = x.mean(axis=1)
    within = x.var(axis=1, ddof=1).mean()
    between = n * means.var(ddof=1) if m > 1 else 0.0
    if within <= 0.0:
        # constant chains: converged if they agree, not if they sit at different values
        return 1.0 if np.ptp(means) == 0.0 else float("inf")
    var_plus = (n - 1) / n * within + between / n
    return float(np.sqrt(var_plus / within))


def split_rhat(draws: npt.ArrayLike) -> float:
    """Rank-normalized split R-hat (the max of the bulk and the folded versions)."""
    x = split_chains(draws)
    bulk = _rhat_plain(rank_normalize(x))
    folded = _rhat_plain(rank_normalize(np.abs(x - np.median(x))))
    return max(bulk, folded)


def _autocovariance(x: FloatArray) -> FloatArray:
    """Autocovariance of each row at every lag (biased estimator, via FFT)."""
    n = x.shape[1]
    centred = x - x.mean(axis=1, keepdims=True)
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(centred, n=size, axis=1)
    acov = np.fft.irfft(f * np.conjugate(f), n=size, axis=1)[:, :n]
    return np.asarray(acov / n, dtype=np.float64)


def _ess_plain(x: FloatArray) -> float:
    m, n = x.shape
    acov = _autocovariance(x)
    within = x.var(axis=1, ddof=1).mean()
    means = x.mean(axis=1)
    var_plus = (n - 1) / n * within + (means.var(ddof=1) if m > 1 else 0.0)
    if var_plus <= 0.0:
        return float(m * n)
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer's initial monotone sequence over pairs (rho_2t + rho_2t+1)
    tau = -1.0
    previous = np.inf
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair < 0.0:
            break
        pair = min(pair, previous)
        tau += 2.0 * pair
        previous = pair
    tau = max(tau, 1.0 / np.log10(m * n))  # the paper's cap on antithetic chains
    return float(m * n / tau)


def bulk_ess(draws: npt.ArrayLike) -> float:
    """Bulk effective sample size: ESS of the rank-normalized split chains."""
    x = split_chains(draws)
    return _ess_plain(rank_normalize(x))
