"""The Bayesian non-parametric latent-class model of Manrique-Vallier (2016).

Manrique-Vallier, D. (2016), "Bayesian population size estimation using
Dirichlet process mixtures", Biometrics 72(4), 1246-1254; the model of the R
package LCMCR that HRDAG uses. People fall into latent classes; within a
class, lists capture independently (list j with probability lambda_jk); class
weights follow a stick-breaking prior truncated at K classes with concentration
alpha ~ Gamma(0.25, 0.25); lambda_jk ~ Beta(1, 1); the prior on the total N is
proportional to 1/N. The mixture absorbs heterogeneous capture and the list
dependence it induces. The Gibbs sampler (``_lcmcr_kernels``) imputes the
number of people on no list at every sweep.

Unlike R's LCMCR, ``fit_lcmcr`` runs several chains from dispersed starts by
default and reports split R-hat and bulk ESS of N (``diagnostics``), warning
when they look bad or when the number of occupied classes keeps reaching K
(the truncation then binds: raise K).
"""

from __future__ import annotations

import logging
import os
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from reckon.errors import ConvergenceWarning, EstimateError, SparseDataWarning
from reckon.estimate.diagnostics import ESS_PER_CHAIN, RHAT_LIMIT, bulk_ess, split_rhat
from reckon.estimate.histories import CaptureTable
from reckon.estimate.results import EstimateResult

__all__ = ["ASSUMPTIONS", "fit_lcmcr"]

log = logging.getLogger("reckon.estimate.lcmcr")

ASSUMPTIONS = (
    "The latent-class model (Manrique-Vallier 2016, as in R's LCMCR) assumes the population "
    "was closed over the period (the same people could have been recorded by every list), "
    "that records were linked correctly (nobody counted twice, nobody merged with someone "
    "else), and that people can be sorted into groups, up to K, within which being on one "
    "list does not change the chance of being on another. Differences in how visible people "
    "are, and the dependence between lists they create, are allowed across groups. The "
    "number nobody documented is inferred from how the lists overlap; it cannot account for "
    "people whom no list could ever have reached. The interval is the central 95% of the "
    "posterior distribution of the total."
)

# A warning when the occupied classes reach K in more than this share of draws.
K_STAR_AT_K_LIMIT = 0.25


def _chain_seeds(seed: int | np.random.Generator | None, chains: int) -> tuple[list[int], int]:
    """Independent integer seeds for the chains, and the entropy they came from."""
    if isinstance(seed, np.random.Generator):
        entropy = int(seed.integers(0, 2**63))
    elif seed is None:
        entropy = int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    else:
        entropy = int(seed)
    children = np.random.SeedSequence(entropy).spawn(chains)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children], entropy


def _check_options(k: int, burnin: int, samples: int, thin: int, chains: int) -> None:
    if k < 1:
        raise EstimateError(f"lcmcr: K (the number of latent classes) must be 1 or more, got {k}")
    if burnin < 0 or thin < 1:
        raise EstimateError(f"lcmcr: burnin must be >= 0 and thin >= 1 (got {burnin}, {thin})")
    if samples < 4:
        raise EstimateError(f"lcmcr: samples must be at least 4, got {samples}")
    if chains < 1:
        raise EstimateError(f"lcmcr: chains must be 1 or more, got {chains}")


def fit_lcmcr(
    table: CaptureTable,
    *,
    seed: int | np.random.Generator | None = None,
    K: int = 10,
    burnin: int = 10_000,
    samples: int = 1_000,
    thin: int = 10,
    chains: int = 4,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    warmup: int = 500,
    workers: int | None = None,
) -> EstimateResult:
    """Posterior of the total N under the latent-class model; ``draws`` has all chains.

    Each chain runs ``warmup`` sweeps with alpha fixed, ``burnin`` sweeps, then
    keeps ``samples`` draws one every ``thin`` sweeps (LCMCR's defaults for
    burn-in, samples and thinning). ``workers`` threads run the chains (by
    default as many as cores). ``diagnostics["sweeps_per_second"]`` is one
    chain's sweeps per second of CPU time (``..._wall``: of wall-clock time,
    which a busy machine slows).
    """
    from reckon.estimate._lcmcr_kernels import run_chain
    from reckon.estimate.checks import check_table

    _check_options(K, burnin, samples, thin, chains)
    notes = check_table(table, "lcmcr", min_lists=3)
    for note in notes:
        warnings.warn(note, SparseDataWarning, stacklevel=2)
    cells = np.ascontiguousarray(table.patterns, dtype=np.int8)
    freq = np.ascontiguousarray(table.counts, dtype=np.int64)
    seeds, entropy = _chain_seeds(seed, chains)
    sweeps = warmup + burnin + samples * thin

    def one(s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
        # each chain on its own thread: its thread CPU time is the sampler's own speed
        # whatever else the machine is doing; wall time is what a busy machine allows
        w0, c0 = time.perf_counter(), time.thread_time()
        out = run_chain(cells, freq, K, a_alpha, b_alpha, warmup, burnin, samples, thin, s)
        return (*out, time.thread_time() - c0, time.perf_counter() - w0)

    run_chain(cells, freq, K, a_alpha, b_alpha, 0, 0, 4, 1, 0)  # load the compiled code first
    start = time.perf_counter()
    n_workers = min(chains, workers if workers is not None else (os.cpu_count() or 1))
    if n_workers > 1:
        # run_chain releases the GIL (nogil) and keeps its generator in its own state
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            results = list(pool.map(one, seeds))
    else:
        results = [one(s) for s in seeds]
    elapsed = time.perf_counter() - start
    cpu = sum(r[3] for r in results)
    wall = sum(r[4] for r in results)

    n0 = np.stack([r[0] for r in results])
    k_star = np.stack([r[1] for r in results])
    alpha = np.stack([r[2] for r in results])
    draws = (n0 + table.observed).astype(np.float64)
    diagnostics: dict[str, Any] = {
        "K": K,
        "chains": chains,
        "burnin": burnin,
        "samples": samples,
        "thin": thin,
        "seed": entropy,
        "sweeps_per_second": sweeps * chains / cpu if cpu > 0 else float("inf"),
        "sweeps_per_second_wall": sweeps * chains / wall if wall > 0 else float("inf"),
        "seconds": elapsed,
        "occupied_classes_mean": float(k_star.mean()),
        "occupied_classes_at_K": float((k_star >= K).mean()),
        "alpha_mean": float(alpha.mean()),
    }
    doubts = _convergence(draws, k_star, K, diagnostics)
    for doubt in doubts:
        warnings.warn(doubt, ConvergenceWarning, stacklevel=2)
    log.info(
        "lcmcr: %d chains x %d sweeps in %.2f s (%.0f sweeps/s per chain)",
        chains,
        sweeps,
        elapsed,
        diagnostics["sweeps_per_second"],
    )
    flat = draws.ravel()
    lo, mid, hi = np.quantile(flat, [0.025, 0.5, 0.975])
    return EstimateResult(
        method="lcmcr",
        observed=table.observed,
        estimate=float(mid),
        ci=(float(lo), float(hi)),
        model=f"latent classes, stick-breaking truncated at K={K}",
        lists=table.lists,
        draws=flat,
        chains=chains,
        diagnostics=diagnostics,
        warnings=notes + doubts,
        assumptions=ASSUMPTIONS,
    )


def _convergence(
    draws: np.ndarray, k_star: np.ndarray, k: int, diagnostics: dict[str, Any]
) -> list[str]:
    """R-hat and ESS of N into ``diagnostics``; the doubts they raise, in words."""
    doubts: list[str] = []
    chains = draws.shape[0]
    if np.ptp(draws) == 0.0:
        diagnostics["rhat"] = 1.0
        diagnostics["ess_bulk"] = float(draws.size)
    else:
        diagnostics["rhat"] = split_rhat(draws)
        diagnostics["ess_bulk"] = bulk_ess(draws)
    rhat, ess = diagnostics["rhat"], diagnostics["ess_bulk"]
    if chains > 1 and rhat > RHAT_LIMIT:
        doubts.append(
            f"the chains disagree (R-hat of N = {rhat:.3f} > {RHAT_LIMIT}): the sampler has "
            "not mixed; run longer (larger burnin and samples) before trusting the estimate"
        )
    if ess < ESS_PER_CHAIN * chains:
        doubts.append(
            f"the draws of N carry little information (bulk ESS = {ess:.0f}, below "
            f"{ESS_PER_CHAIN * chains}): increase samples or thin"
        )
    if k > 1 and diagnostics["occupied_classes_at_K"] > K_STAR_AT_K_LIMIT:
        doubts.append(
            f"all K={k} latent classes were occupied in "
            f"{100 * diagnostics['occupied_classes_at_K']:.0f}% of draws: the truncation may "
            "be binding; run again with a larger K"
        )
    return doubts
