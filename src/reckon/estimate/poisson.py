"""Poisson log-linear fits of capture tables, the engine of loglinear and heterogeneity models.

A closed-population log-linear model says ``log E[n_w] = X(w) beta`` for every
capture pattern ``w``, the all-zero pattern included; its design row is the
intercept alone (every term is a product of captures, or a heterogeneity column
that vanishes at zero captures). Fitting the model to the 2^k - 1 observed cells
by Poisson maximum likelihood gives the undocumented count ``exp(intercept)``
and ``N = n + exp(intercept)`` (Cormack 1989; Baillargeon & Rivest 2007).

* The standard error is the one valid under multinomial sampling, as Rcapture
  reports it: ``var(N) = mu0 + mu0^2 var(intercept)`` (Sanathanan 1972).
* AIC and deviance are R's ``glm`` ones (AIC = -2 log L + 2p with the full
  Poisson log-likelihood), so they compare with Rcapture's tables. BIC counts its
  sample size as ``n``, the number of people observed: -2 log L + p log(n).
* The profile-likelihood interval is Cormack's (1992), as in Rcapture's
  ``closedpCI``: for each candidate N the model is fitted to the full 2^k table
  with ``N - n`` in the unobserved cell, and the multinomial log-likelihood
  ``log N! - log (N - n)! + sum_w n_w log(mu_w / N)`` is compared with its
  maximum through the chi-square(1) quantile. N is treated as continuous.

Fits are IRLS (Newton for the canonical link) with step halving. A fit whose
parameters run off to infinity (a zero cell that a term fits exactly by sending
its coefficient to minus infinity: the maximum likelihood estimate does not exist)
is flagged ``boundary``: a coefficient beyond 30 in size, or with a standard error
beyond 1,000. Such models are left out of a selection, as they should be; R's glm
reports them as converged with huge standard errors.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize, special, stats

__all__ = [
    "CaptureFit",
    "PoissonFit",
    "fit_capture_model",
    "fit_poisson",
    "profile_interval",
    "single_thread_blas",
]

FloatArray = npt.NDArray[np.float64]

_MAX_ITER = 100
_TOL = 1e-10
_BIG = 30.0  # |coefficient| beyond this: a cell pushed to exp(-30), the MLE does not exist
# A coefficient this uncertain is running off to infinity to fit a zero cell exactly (the
# likelihood is flat that way): IRLS stops by tolerance, but the MLE does not exist.
_SE_BIG = 1e3


@functools.cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


@contextmanager
def single_thread_blas() -> Iterator[None]:
    """Run the enclosed fits with one BLAS thread.

    A fit is many products of tiny matrices; a multi-threaded BLAS spends more
    time waking its threads than computing (measured: 0.25 ms single-threaded
    against 23 ms with the default threads for a 255 x 52 product on a busy
    2-core machine). The limit is restored on exit.
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


@dataclass(frozen=True)
class PoissonFit:
    """A Poisson GLM fit with log link."""

    beta: FloatArray
    cov: FloatArray
    mu: FloatArray
    loglik: float
    deviance: float
    converged: bool
    boundary: bool


def _xlogy(y: FloatArray, m: FloatArray) -> FloatArray:
    return np.asarray(special.xlogy(y, m), dtype=np.float64)


def _deviance(y: FloatArray, mu: FloatArray) -> float:
    return float(2.0 * np.sum(_xlogy(y, y) - _xlogy(y, mu) - (y - mu)))


def fit_poisson(x: FloatArray, y: FloatArray, start: FloatArray | None = None) -> PoissonFit:
    """Maximum likelihood Poisson regression ``log mu = x @ beta`` by IRLS with step halving."""
    y = np.asarray(y, dtype=np.float64)
    if start is None:
        # R's glm start: mu = y + 0.1, then one weighted least-squares step
        mu0 = y + 0.1
        z = np.log(mu0) + (y - mu0) / mu0
        xw = x * mu0[:, None]
        try:
            beta = np.linalg.solve(x.T @ xw, xw.T @ z)
        except np.linalg.LinAlgError:
            beta = np.linalg.lstsq(x, np.log(mu0), rcond=None)[0]
    else:
        beta = np.array(start, dtype=np.float64)
    eta = np.clip(x @ beta, -700.0, 700.0)
    mu = np.exp(eta)
    dev = _deviance(y, mu)
    converged = False
    info = x.T @ (x * mu[:, None])
    for _ in range(_MAX_ITER):
        info = x.T @ (x * mu[:, None])
        grad = x.T @ (y - mu)
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(info, grad, rcond=None)[0]
        t = 1.0
        while True:
            cand = beta + t * step
            mu_c = np.exp(np.clip(x @ cand, -700.0, 700.0))
            dev_c = _deviance(y, mu_c)
            if dev_c <= dev + 1e-12 * (1.0 + abs(dev)) or t < 1e-6:
                break
            t /= 2.0
        done = abs(dev - dev_c) <= _TOL * (abs(dev_c) + 0.1)
        beta, mu, dev = cand, mu_c, dev_c
        if done:
            converged = True
            break
    info = x.T @ (x * mu[:, None])
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        cov = np.full_like(info, np.inf)
    loglik = float(np.sum(_xlogy(y, mu) - mu - special.gammaln(y + 1.0)))
    boundary = (
        bool(np.max(np.abs(beta)) > _BIG)
        or not np.all(np.isfinite(cov))
        or bool(np.max(np.diag(cov)) > _SE_BIG**2)
    )
    return PoissonFit(np.asarray(beta, dtype=np.float64), cov, mu, loglik, dev, converged, boundary)


@dataclass(frozen=True)
class CaptureFit:
    """One closed-population log-linear model fitted to the observed cells."""

    name: str
    n: int
    n_params: int
    estimate: float
    std_err: float
    deviance: float
    df: int
    aic: float
    bic: float
    fit: PoissonFit
    x: FloatArray  # the design over the observed cells, kept for the profile interval

    @property
    def usable(self) -> bool:
        """A finite estimate from a converged fit whose MLE exists."""
        return (
            self.fit.converged
            and not self.fit.boundary
            and math.isfinite(self.estimate)
            and math.isfinite(self.std_err)
        )

    @property
    def p_value(self) -> float:
        """Goodness of fit: the deviance against chi-square(df); NaN with no df."""
        if self.df <= 0:
            return float("nan")
        return float(stats.chi2.sf(self.deviance, self.df))


def fit_capture_model(
    name: str, x_obs: FloatArray, y_obs: FloatArray, start: FloatArray | None = None
) -> CaptureFit:
    """Fit ``x_obs`` (first column the intercept) to the observed cells; N = n + exp(intercept)."""
    fit = fit_poisson(x_obs, y_obs, start)
    n = round(float(np.sum(y_obs)))
    p = x_obs.shape[1]
    b0 = float(fit.beta[0])
    mu0 = math.exp(b0) if b0 < 700 else math.inf
    var0 = float(fit.cov[0, 0])
    estimate = n + mu0
    var = mu0 + mu0**2 * var0 if math.isfinite(mu0) else math.inf
    std_err = math.sqrt(var) if var >= 0 and math.isfinite(var) else math.inf
    aic = -2.0 * fit.loglik + 2.0 * p
    bic = -2.0 * fit.loglik + p * math.log(max(n, 1))
    return CaptureFit(
        name=name,
        n=n,
        n_params=p,
        estimate=estimate,
        std_err=std_err,
        deviance=fit.deviance,
        df=len(y_obs) - p,
        aic=aic,
        bic=bic,
        fit=fit,
        x=x_obs,
    )


def _profile_loglik(
    big_n: float, x_full: FloatArray, y_obs: FloatArray, start: FloatArray | None
) -> tuple[float, FloatArray]:
    n = float(np.sum(y_obs))
    y = np.concatenate([[big_n - n], y_obs])
    fit = fit_poisson(x_full, y, start)
    ll = (
        special.gammaln(big_n + 1.0)
        - special.gammaln(big_n - n + 1.0)
        + float(np.sum(_xlogy(y, fit.mu / big_n)))
    )
    return float(ll), fit.beta


def profile_interval(
    x_obs: FloatArray,
    y_obs: FloatArray,
    alpha: float = 0.05,
    start: FloatArray | None = None,
    mu0_hint: float | None = None,
) -> tuple[float, float, float]:
    """Cormack's multinomial profile-likelihood estimate and interval for N.

    Returns ``(n_hat, lower, upper)``; ``upper`` is ``inf`` when the likelihood
    does not fall far enough within 10,000 times the observed count. ``mu0_hint``
    (the Poisson estimate of the unobserved cell) narrows the search for the
    maximum, which lies close to it.
    """
    n = float(np.sum(y_obs))
    zero_row = np.zeros((1, x_obs.shape[1]))
    zero_row[0, 0] = 1.0
    x_full = np.vstack([zero_row, x_obs])
    state: dict[str, FloatArray | None] = {"start": start}

    def ll(big_n: float) -> float:
        value, beta = _profile_loglik(big_n, x_full, y_obs, state["start"])
        if np.all(np.isfinite(beta)) and np.max(np.abs(beta)) < _BIG:
            state["start"] = beta
        return value

    # maximise over u = log(N - n) so that the search is scale free
    def neg(u: float) -> float:
        return -ll(n + math.exp(u))

    cap = math.log(max(n, 1.0) * 1e4)
    low_end = math.log(1e-6)
    lo_u, hi_u = _bracket_maximum(neg, low_end, cap, mu0_hint)
    res = optimize.minimize_scalar(
        neg, bounds=(lo_u, hi_u), method="bounded", options={"xatol": 1e-6}
    )
    u_hat = float(res.x)
    top = -float(res.fun)
    crit = float(stats.chi2.ppf(1.0 - alpha, 1)) / 2.0

    def gap(u: float) -> float:
        return top - ll(n + math.exp(u)) - crit

    lower = n
    if gap(low_end) > 0:
        lower = n + math.exp(optimize.brentq(gap, low_end, u_hat, xtol=1e-9))
    upper = math.inf
    inner, step = u_hat, 0.25
    while inner < cap:
        outer = min(inner + step, cap)
        if gap(outer) > 0:
            upper = n + math.exp(optimize.brentq(gap, inner, outer, xtol=1e-9))
            break
        inner, step = outer, step * 2.0
    return n + math.exp(u_hat), lower, upper


def _bracket_maximum(
    neg: Callable[[float], float], low: float, high: float, hint: float | None
) -> tuple[float, float]:
    """An interval of u around the likelihood maximum: near the hint, else from a grid."""
    if hint is not None and math.isfinite(hint) and hint > 0:
        u0 = math.log(hint)
        grid = np.array([u0 - 0.5, u0 - 0.1, u0, u0 + 0.1, u0 + 0.5])
        vals = [neg(float(u)) for u in grid]
        i = int(np.argmin(vals))
        if 0 < i < len(grid) - 1:
            return float(grid[i - 1]), float(grid[i + 1])
    grid = np.linspace(low, high, 40)
    vals = [neg(float(u)) for u in grid]
    i = int(np.argmin(vals))
    return float(grid[max(i - 1, 0)]), float(grid[min(i + 1, len(grid) - 1)])
