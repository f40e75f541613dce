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

Unlike R's LCMCR, ``fit_lcmcr`` runs several chains from dispersed starts and
decides its own length by default: the chains run in rounds, each continuing
where the last stopped and doubling their length, and the first half of each
chain is discarded as burn-in; it stops when split R-hat of N is at most 1.01
and its bulk ESS at least 400 (``diagnostics``), checked on the draws it
reports. When the occupied classes keep reaching K (the truncation binds) it
doubles K, up to ``max_K``, and starts again, and says so in ``notes``. When
the time budget (``max_seconds``) or the length cap (``max_sweeps``) runs out
first, the result says plainly that it did not converge (``converged`` is
False): the number is then not a finding. With ``samples`` or ``burnin``
given, the length is fixed as asked (as R's ``lcmCR_PostSampl``) and the
checks only warn.
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
from reckon.estimate.checks import check_table
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

# Self-decided length: the budget, the cap, and the shape of the rounds.
ESS_TARGET = 400  # bulk ESS of N wanted (with at least ESS_PER_CHAIN per chain)
DEFAULT_MAX_SECONDS = 180.0  # wall-clock budget of one fit
DEFAULT_MAX_SWEEPS = 2_000_000  # per chain, after warm-up
DEFAULT_MAX_K = 40
FIRST_ROUND_DRAWS = 2_000  # kept draws per chain before the first check
REPORTED_DRAWS = 1_000  # draws per chain in the result, evenly spaced over the kept half
FIXED_BURNIN, FIXED_SAMPLES = 10_000, 1_000  # R's lcmCR_PostSampl defaults


def _chain_seeds(seed: int | np.random.Generator | None) -> tuple[np.random.SeedSequence, int]:
    """The seed sequence the chains' seeds come from, and its entropy."""
    if isinstance(seed, np.random.Generator):
        entropy = int(seed.integers(0, 2**63))
    elif seed is None:
        entropy = int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    else:
        entropy = int(seed)
    return np.random.SeedSequence(entropy), entropy


def _spawn(sequence: np.random.SeedSequence, chains: int) -> list[int]:
    """Independent integer seeds for ``chains`` new chains (each call gives new ones)."""
    children = sequence.spawn(chains)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


def _check_options(
    k: int,
    burnin: int,
    samples: int,
    thin: int,
    chains: int,
    max_seconds: float,
    max_k: int,
    max_sweeps: int,
) -> None:
    if k < 1:
        raise EstimateError(f"lcmcr: K= (the number of latent classes) must be 1 or more, got {k}")
    if max_k < k:
        raise EstimateError(f"lcmcr: max_K= must be at least K= ({k}), got {max_k}")
    if burnin < 0 or thin < 1:
        raise EstimateError(f"lcmcr: burnin= must be >= 0 and thin= >= 1 (got {burnin}, {thin})")
    if samples < 4:
        raise EstimateError(f"lcmcr: samples= must be at least 4, got {samples}")
    if chains < 1:
        raise EstimateError(f"lcmcr: chains= must be 1 or more, got {chains}")
    if not max_seconds > 0:
        raise EstimateError(f"lcmcr: max_seconds= must be positive, got {max_seconds}")
    if max_sweeps < 1:
        raise EstimateError(f"lcmcr: max_sweeps= must be 1 or more, got {max_sweeps}")


Chain = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
Draws = tuple[np.ndarray, np.ndarray, np.ndarray]


class _Chains:
    """Chains of one K, advanced together (one thread each) and extended in place."""

    def __init__(
        self,
        cells: np.ndarray,
        freq: np.ndarray,
        k: int,
        seeds: list[int],
        prior: tuple[float, float],
        pool: ThreadPoolExecutor | None,
    ) -> None:
        from reckon.estimate._lcmcr_kernels import start_chain

        self.cells, self.freq, self.k, self.prior, self.pool = cells, freq, k, prior, pool
        self.states: list[Chain] = [start_chain(cells, freq, k, s) for s in seeds]
        self.kept: list[list[Draws]] = [[] for _ in seeds]
        self.cpu = 0.0
        self.sweeps = 0  # per chain, warm-up included

    def advance(self, warmup: int, burnin: int, samples: int, thin: int) -> None:
        from reckon.estimate._lcmcr_kernels import continue_chain

        a, b = self.prior

        def one(state: Chain) -> tuple[Draws, float]:
            # thread CPU time is the sampler's own speed whatever else the machine does
            c0 = time.thread_time()
            out = continue_chain(self.cells, self.freq, state, a, b, warmup, burnin, samples, thin)
            return out, time.thread_time() - c0

        if self.pool is not None:
            results = list(self.pool.map(one, self.states))
        else:
            results = [one(st) for st in self.states]
        for kept, (out, cpu) in zip(self.kept, results, strict=True):
            kept.append(out)
            self.cpu += cpu
        self.sweeps += warmup + burnin + samples * thin

    def draws(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chains, draws) arrays of n0, k_star and alpha, every kept draw."""
        n0, k_star, alpha = (
            np.stack([np.concatenate([d[i] for d in kept]) for kept in self.kept]) for i in range(3)
        )
        return n0, k_star, alpha


def fit_lcmcr(
    table: CaptureTable,
    *,
    seed: int | np.random.Generator | None = None,
    K: int = 10,
    burnin: int | None = None,
    samples: int | None = None,
    thin: int = 10,
    chains: int = 4,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    warmup: int = 500,
    workers: int | None = None,
    max_seconds: float = DEFAULT_MAX_SECONDS,
    max_sweeps: int = DEFAULT_MAX_SWEEPS,
    max_K: int = DEFAULT_MAX_K,
) -> EstimateResult:
    """Posterior of the total N under the latent-class model; ``draws`` has all chains.

    By default the run decides its own length (module docstring): rounds of
    ``thin``-thinned draws until R-hat <= 1.01 and bulk ESS >= 400, within
    ``max_seconds`` of wall-clock time and ``max_sweeps`` sweeps per chain,
    doubling K up to ``max_K`` when the truncation binds; the result has
    1,000 draws per chain. With ``burnin`` or ``samples`` given the run is
    fixed: ``warmup`` sweeps with alpha fixed, ``burnin`` sweeps (default
    10,000), then ``samples`` draws (default 1,000) one every ``thin`` sweeps,
    at this K, whatever the checks say (they warn). ``workers`` threads run
    the chains (by default as many as cores). ``diagnostics["sweeps_per_second"]``
    is one chain's sweeps per second of CPU time (``..._wall``: of wall-clock
    time, which a busy machine slows).
    """
    fixed = burnin is not None or samples is not None
    n_burnin = FIXED_BURNIN if burnin is None else burnin
    n_samples = FIXED_SAMPLES if samples is None else samples
    _check_options(K, n_burnin, n_samples, thin, chains, max_seconds, max_K, max_sweeps)
    notes = check_table(table, "lcmcr", min_lists=3)
    for note in notes:
        warnings.warn(note, SparseDataWarning, stacklevel=2)
    cells = np.ascontiguousarray(table.patterns, dtype=np.int8)
    freq = np.ascontiguousarray(table.counts, dtype=np.int64)
    sequence, entropy = _chain_seeds(seed)
    _load_compiled(cells, freq)
    n_workers = min(chains, workers if workers is not None else (os.cpu_count() or 1))
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n_workers) if n_workers > 1 else _no_pool() as pool:
        # the chains release the GIL (nogil) and keep their generators in their own state
        if fixed:
            run = _Chains(cells, freq, K, _spawn(sequence, chains), (a_alpha, b_alpha), pool)
            run.advance(warmup, n_burnin, n_samples, thin)
            n0, k_star, alpha = run.draws()
            plan: dict[str, Any] = {"burnin": n_burnin, "samples": n_samples, "thin": thin}
            info: list[str] = []
            stopped = "fixed length"
        else:
            run, n0, k_star, alpha, plan, info, stopped = _self_decided(
                cells, freq, K, sequence, chains, (a_alpha, b_alpha), pool, table.observed,
                warmup=warmup, thin=thin, max_seconds=max_seconds, max_sweeps=max_sweeps,
                max_k=max_K, start=start,
            )  # fmt: skip
    elapsed = time.perf_counter() - start
    draws = (n0 + table.observed).astype(np.float64)
    k_final = run.k
    diagnostics: dict[str, Any] = {
        "K": k_final,
        "chains": chains,
        **plan,
        "sweeps": run.sweeps,
        "stopped": stopped,
        "seed": entropy,
        "sweeps_per_second": run.sweeps * chains / run.cpu if run.cpu > 0 else float("inf"),
        "sweeps_per_second_wall": run.sweeps * chains / elapsed / max(1, n_workers)
        if elapsed > 0
        else float("inf"),
        "seconds": elapsed,
        "occupied_classes_mean": float(k_star.mean()),
        "occupied_classes_at_K": float((k_star >= k_final).mean()),
        "alpha_mean": float(alpha.mean()),
    }
    doubts, converged = _convergence(draws, k_star, k_final, diagnostics, fixed)
    if stopped in ("time budget", "max sweeps"):
        limit = (
            f"the time budget of {max_seconds:g} s (max_seconds=)"
            if stopped == "time budget"
            else f"the cap of {max_sweeps:,} sweeps per chain (max_sweeps=)"
        )
        doubts.insert(
            0,
            f"the sampler stopped on {limit} after {run.sweeps:,} sweeps per chain and did "
            "NOT converge: this number is not a finding; give it more time",
        )
    diagnostics["converged"] = converged
    for doubt in doubts:
        warnings.warn(doubt, ConvergenceWarning, stacklevel=2)
    log.info(
        "lcmcr: %d chains x %d sweeps (K=%d) in %.2f s, %s",
        chains,
        run.sweeps,
        k_final,
        elapsed,
        stopped,
    )
    flat = draws.ravel()
    lo, mid, hi = np.quantile(flat, [0.025, 0.5, 0.975])
    return EstimateResult(
        method="lcmcr",
        observed=table.observed,
        estimate=float(mid),
        ci=(float(lo), float(hi)),
        model=f"latent classes, stick-breaking truncated at {k_final} classes (K)",
        lists=table.lists,
        draws=flat,
        chains=chains,
        diagnostics=diagnostics,
        warnings=notes + doubts,
        assumptions=ASSUMPTIONS,
        converged=converged,
        notes=info,
    )


class _no_pool:
    """A stand-in for the thread pool when the chains run one after another."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _load_compiled(cells: np.ndarray, freq: np.ndarray) -> None:
    """Compile (or load the cached) kernels before any clock starts."""
    from reckon.estimate._lcmcr_kernels import continue_chain, start_chain

    continue_chain(cells, freq, start_chain(cells, freq, 1, 0), 0.25, 0.25, 0, 0, 4, 1)


def _reported(x: np.ndarray) -> np.ndarray:
    """The second half of each chain, thinned evenly to REPORTED_DRAWS per chain (fewer
    only when a tiny ``max_sweeps`` left fewer: a draw is never repeated)."""
    half = x[:, x.shape[1] // 2 :]
    n = min(REPORTED_DRAWS, half.shape[1])
    idx = np.round(np.linspace(0, half.shape[1] - 1, n)).astype(np.int64)
    return half[:, idx]


def _self_decided(
    cells: np.ndarray,
    freq: np.ndarray,
    k: int,
    sequence: np.random.SeedSequence,
    chains: int,
    prior: tuple[float, float],
    pool: ThreadPoolExecutor | None,
    observed: int,
    *,
    warmup: int,
    thin: int,
    max_seconds: float,
    max_sweeps: int,
    max_k: int,
    start: float,
) -> tuple[_Chains, np.ndarray, np.ndarray, np.ndarray, dict[str, Any], list[str], str]:
    """Rounds that double the chains until the checks pass, the budget ends, or K must grow."""
    info: list[str] = []
    ess_target = max(ESS_TARGET, ESS_PER_CHAIN * chains)
    first = max(8, min(FIRST_ROUND_DRAWS, max_sweeps // thin))
    run = _Chains(cells, freq, k, _spawn(sequence, chains), prior, pool)
    run.advance(warmup, 0, first, thin)
    rounds = 1
    while True:
        n0_all, ks_all, al_all = run.draws()
        n0, k_star, alpha = _reported(n0_all), _reported(ks_all), _reported(al_all)
        at_k = float((k_star >= run.k).mean()) if run.k > 1 else 0.0
        spent = time.perf_counter() - start
        if at_k > K_STAR_AT_K_LIMIT and run.k < max_k and spent < max_seconds:
            new_k = min(2 * run.k, max_k)
            info.append(
                f"all {run.k} latent classes (K) were occupied in {100 * at_k:.0f}% of draws "
                f"(the truncation was binding): K was raised to {new_k} and the chains restarted"
            )
            run = _Chains(cells, freq, new_k, _spawn(sequence, chains), prior, pool)
            run.advance(warmup, 0, first, thin)
            rounds += 1
            continue
        draws = (n0 + observed).astype(np.float64)
        rhat, ess = _rhat_ess(draws)
        kept = n0_all.shape[1]
        plan = {
            "burnin": kept // 2 * thin,
            "samples": n0.shape[1],
            "thin": round(thin * (kept - kept // 2) / n0.shape[1], 1),
            "rounds": rounds,
        }
        if (chains == 1 or rhat <= RHAT_LIMIT) and ess >= ess_target:
            return run, n0, k_star, alpha, plan, info, "converged"
        # the next round doubles the kept draws, within what the budget and the cap leave
        rate = (run.sweeps - warmup) / max(spent, 1e-9)  # sweeps per chain per second so far
        by_time = int((max_seconds - spent) * rate / thin)
        by_cap = (max_sweeps - (run.sweeps - warmup)) // thin
        more = min(kept, by_time, by_cap)
        if more < max(100, kept // 10):
            stopped = "time budget" if by_time <= by_cap else "max sweeps"
            return run, n0, k_star, alpha, plan, info, stopped
        run.advance(0, 0, more, thin)
        rounds += 1


def _rhat_ess(draws: np.ndarray) -> tuple[float, float]:
    if np.ptp(draws) == 0.0:
        return 1.0, float(draws.size)
    return split_rhat(draws), bulk_ess(draws)


def _convergence(
    draws: np.ndarray, k_star: np.ndarray, k: int, diagnostics: dict[str, Any], fixed: bool
) -> tuple[list[str], bool]:
    """R-hat and ESS of N into ``diagnostics``; the doubts they raise, in words; converged?"""
    doubts: list[str] = []
    chains = draws.shape[0]
    diagnostics["rhat"], diagnostics["ess_bulk"] = _rhat_ess(draws)
    rhat, ess = diagnostics["rhat"], diagnostics["ess_bulk"]
    ess_target = max(ESS_TARGET, ESS_PER_CHAIN * chains) if not fixed else ESS_PER_CHAIN * chains
    longer = (
        "run longer (larger burnin= and samples=, or leave them out and let the sampler "
        "decide its length)"
        if fixed
        else "give it more time (max_seconds=)"
    )
    mixed = chains == 1 or rhat <= RHAT_LIMIT
    if not mixed:
        doubts.append(
            f"the chains disagree (R-hat of N = {rhat:.3f} > {RHAT_LIMIT}): the sampler has "
            f"not mixed; {longer} before trusting the estimate"
        )
    if ess < ess_target:
        doubts.append(
            f"the draws of N carry little information (bulk ESS = {ess:.0f}, below "
            f"{ess_target}): {longer}"
        )
    if k > 1 and diagnostics["occupied_classes_at_K"] > K_STAR_AT_K_LIMIT:
        doubts.append(
            f"all {k} latent classes (K) were occupied in "
            f"{100 * diagnostics['occupied_classes_at_K']:.0f}% of draws: the truncation may "
            "be binding; run again with a larger K="
        )
    return doubts, mixed and ess >= ess_target
