"""Linkage uncertainty carried into the total: estimate on many linkages, pool them.

Pure: the capture histories of D plausible linkages (``reckon.link.draws``
makes them from a case) come in, one pooled result goes out. This is multiple
imputation with the linkage as the missing data (Sadinle 2018 propagates it
the same way, with draws from a posterior over partitions):

* Bayesian methods (lcmcr, dga): the posterior draws of N of every linkage are
  mixed in equal numbers, so the pooled posterior is the average over linkages
  of the posterior given each; the estimate is its median and the interval its
  2.5% and 97.5% quantiles.
* MLE methods (chapman, loglinear): Rubin's rules. The estimate is the mean of
  the D estimates; the total variance is ``T = W + (1 + 1/D) B`` with ``W`` the
  mean within-linkage variance (from each interval's width) and ``B`` the
  variance of the estimates between linkages. The interval keeps the shape of
  the method's own (often asymmetric profile-likelihood) intervals: each side
  is the mean distance from estimate to that end, stretched by ``sqrt(T / W)``.
  With one linkage it is exactly the method's own interval.

Either way the result says how much of the uncertainty comes from linkage:
``between_share = (1 + 1/D) B / T``, the share of the total variance that is
variance between linkages (Rubin's fraction of missing information, without
its degrees-of-freedom correction), and the width of the interval on the run's
own clustering beside the pooled one.

Each linkage gets a shorter fixed-length run for lcmcr (``DRAW_RUNS``): mixing
D runs of 2 chains is itself a many-chain run, so the pooled draws are plenty,
while one fit per linkage at the full length would multiply the cost by D.
Each short run alone fails its own checks, so the pooled draws are checked
instead: R-hat and bulk ESS over all 2D chains, each linkage's draws centred
on their own median and scaled by their own interquartile range (chains of one
linkage must agree with each other; the linkages differ by design). Until
R-hat <= 1.01 and bulk ESS >= 400, every linkage is fitted again keeping twice
the draws, within a time budget
(``max_seconds``, lcmcr's own); when the budget ends first the pooled result
is not converged and says so (``finding`` False). The run's own clustering is
fitted with lcmcr's self-decided length; its K (raised when the truncation
binds) and its burn-in are those of every linkage's first run. Options given by the user
(``burnin``, ``samples``...) apply to every fit and fix the length.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from reckon.errors import ConvergenceWarning, EstimateError, SparseDataWarning
from reckon.estimate.diagnostics import RHAT_LIMIT, bulk_ess, split_rhat
from reckon.estimate.results import EstimateResult, StratifiedResult, Summary

__all__ = ["DRAW_RUNS", "LinkageResult", "estimate_over_linkages", "pool"]

# The run length of each linkage's fit, in one place (engineer 3's lcmcr chooses
# its own length by default; here it is fixed so D fits take a known time).
DRAW_RUNS: Mapping[str, Mapping[str, Any]] = {
    "lcmcr": {"burnin": 5_000, "samples": 250, "thin": 10, "chains": 2},
    "dga": {"n_draws": 1_000},
}

LINKAGE_ASSUMPTION = (
    "Linkage: the estimate is pooled over {d} linkages drawn from the link model's pair "
    "probabilities, so the interval carries the linkage doubt those probabilities express; "
    "it assumes they are calibrated (of pairs scored 0.8, about 8 in 10 are the same person)."
)

# Methods whose per-linkage runs grow until the pooled draws pass their checks.
SELF_SIZED = {"lcmcr"}
POOLED_ESS_TARGET = 400  # bulk ESS of the pooled (centred) draws, as lcmcr asks of one fit
POOLED_MAX_SECONDS = 180.0  # the linkages' rounds, when the user gives no max_seconds
FIXED_LENGTH = ("burnin", "samples")  # options that fix the run length: no rounds then

Result = EstimateResult | StratifiedResult
Z95 = float(stats.norm.ppf(0.975))


@dataclass
class LinkageResult:
    """A total pooled over linkages, with the run's own clustering beside it."""

    result: Result
    single: Result
    draws: int
    between_share: float
    draw_estimates: list[float]
    draw_observed: list[int]
    run: dict[str, Any] = field(default_factory=dict)
    draw_warnings: list[str] = field(default_factory=list)
    single_warnings: list[str] = field(default_factory=list)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)

    @property
    def method(self) -> str:
        return self.result.method

    @property
    def estimate(self) -> float:
        return self.result.estimate

    @property
    def ci(self) -> tuple[float, float]:
        return self.result.ci

    @property
    def observed(self) -> int:
        return self.result.observed

    def linkage_part(self) -> dict[str, Any]:
        """The ``linkage`` member of ``--json``."""
        lo, hi = self.result.ci
        slo, shi = self.single.ci
        return {
            "draws": self.draws,
            "between_share": self.between_share,
            "pooled_ci_width": hi - lo,
            "single_ci_width": shi - slo,
            "single_clustering": {
                "observed": self.single.observed,
                "estimate": self.single.estimate,
                "ci": [slo, shi],
                "warnings": self.single_warnings,
            },
            "draw_estimates": self.draw_estimates,
            "draw_observed": self.draw_observed,
            "run_per_draw": self.run,
            "draw_warnings": self.draw_warnings,
            "sensitivity": self.sensitivity,
        }

    def to_dict(self) -> dict[str, Any]:
        d = self.result.to_dict()
        d["linkage"] = _plain(self.linkage_part())
        return d

    def summary(self) -> Summary:
        base = self.result.summary()
        lo, hi = self.single.ci
        obs = self.draw_observed
        lines = [
            *base.lines,
            ("linkage draws", f"{self.draws} (persons documented {min(obs):,} - {max(obs):,})"),
            ("from linkage", f"{self.between_share:.0%} of the variance"),
            (
                "one clustering",
                f"{self.single.estimate:,.0f} ({lo:,.0f} - {hi:,.0f}), "
                f"{self.single.observed:,} persons: the last link run alone",
            ),
        ]
        lines += [
            (row["label"], f"{row['estimate']:,.0f} ({row['ci'][0]:,.0f} - {row['ci'][1]:,.0f}), "
             f"{row['persons']:,} persons")
            for row in self.sensitivity
            if "estimate" in row
        ]  # fmt: skip
        notes = [*base.notes, *(f"linkage draws: {w}" for w in self.draw_warnings)]
        return Summary(
            base.title + f", over {self.draws} linkages",
            lines,
            table_header=base.table_header,
            table_rows=base.table_rows,
            notes=notes,
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def run_options(method: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """Each linkage's fit options: the fixed run length, then what the user gave."""
    return {**DRAW_RUNS.get(method, {}), **options}


def _fit(
    histories: pd.DataFrame,
    method: str,
    *,
    lists: Sequence[str] | None,
    by: str | None,
    seed: int,
    options: Mapping[str, Any],
) -> tuple[Result, list[tuple[type[Warning], str]]]:
    """One fit; its warnings are returned, not raised (D fits would say them D times)."""
    from reckon.estimate.strata import estimate_histories

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = estimate_histories(
            histories, method, lists=lists, by=by, seed=seed, **dict(options)
        )
    return result, [(w.category, str(w.message)) for w in caught]


@dataclass(frozen=True)
class _Round:
    """One fit of every linkage at one run length."""

    results: list[Result]
    messages: list[list[tuple[type[Warning], str]]]
    options: dict[str, Any]
    seconds: float


def _fit_all(
    histories: Sequence[pd.DataFrame],
    method: str,
    seeds: Sequence[int],
    options: Mapping[str, Any],
    *,
    lists: Sequence[str] | None,
    by: str | None,
) -> _Round:
    started = time.perf_counter()
    fits = [
        _fit(h, method, lists=lists, by=by, seed=s, options=options)
        for h, s in zip(histories, seeds, strict=True)
    ]
    return _Round(
        [r for r, _ in fits], [m for _, m in fits], dict(options), time.perf_counter() - started
    )


def pooled_checks(results: Sequence[Result]) -> tuple[float, float] | None:
    """R-hat and bulk ESS of N over every linkage's chains, each linkage centred on its
    own median and scaled by its own interquartile range; None when the fits carry no
    chains to check (or are stratified)."""
    chains: list[np.ndarray] = []
    for r in results:
        if not isinstance(r, EstimateResult) or r.draws is None or r.chains < 2:
            return None
        x = r.chain_draws()
        # on its own median and spread: the folded R-hat compares the chains' spreads,
        # and linkages of different sizes have posteriors of different widths
        lo, mid, hi = np.quantile(x, [0.25, 0.5, 0.75])
        chains.append((x - mid) / (hi - lo) if hi > lo else x - mid)
    stacked = np.concatenate(chains)
    if stacked.shape[1] < 4 or np.ptp(stacked) == 0.0:
        return None
    return split_rhat(stacked), bulk_ess(stacked)


def _single_options(method: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The run's own clustering: lcmcr decides its length unless the user fixed it."""
    if method in SELF_SIZED and not any(k in options for k in FIXED_LENGTH):
        return dict(options)
    return run_options(method, options)


def estimate_over_linkages(
    single: pd.DataFrame,
    drawn: Iterable[pd.DataFrame],
    method: str,
    *,
    draws: int,
    lists: Sequence[str] | None = None,
    by: str | None = None,
    seed: int | None = None,
    alternatives: Mapping[str, pd.DataFrame] | None = None,
    **options: Any,
) -> LinkageResult:
    """Fit ``method`` on the histories of each linkage and pool (module docstring).

    ``single`` is the run's own clustering (fitted the same way, for comparison);
    ``drawn`` yields the histories of ``draws`` linkages; ``alternatives`` (label ->
    histories) are the clustering at other plausible thresholds: each is fitted as
    one linkage is, and when its estimate falls outside the pooled interval the
    result warns that the total depends on the linkage more than its interval shows.
    """
    if draws < 1:
        raise EstimateError("linkage_draws= takes a number of draws of 1 or more (0: none)")
    opts = run_options(method, options)
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(draws + 1)]
    single_result, single_messages = _fit(
        single, method, lists=lists, by=by, seed=seeds[-1], options=_single_options(method, options)
    )
    opts = run_options(method, options)
    warmed = False
    if method in SELF_SIZED and isinstance(single_result, EstimateResult):
        found = single_result.diagnostics
        if "K" not in options:
            opts["K"] = int(found.get("K", opts.get("K", 10)))
        if not any(k in options for k in FIXED_LENGTH) and found.get("stopped") == "converged":
            # the warm-up one chain needed on the run's own clustering is what a chain
            # on a nearby linkage needs too; a short run would only fail and start again
            opts["burnin"] = max(int(opts["burnin"]), int(found.get("burnin", 0)))
            warmed = True
    histories = list(itertools.islice(drawn, draws))
    if len(histories) != draws:
        raise EstimateError(f"{draws} linkage draws were asked for, {len(histories)} came")
    sized = method in SELF_SIZED and not any(k in options for k in FIXED_LENGTH) and by is None
    budget = float(options.get("max_seconds", POOLED_MAX_SECONDS))
    spent = 0.0
    rounds = 0
    while True:
        this = _fit_all(histories, method, seeds[:draws], opts, lists=lists, by=by)
        spent += this.seconds
        rounds += 1
        checks = pooled_checks(this.results)
        passed = checks is not None and checks[0] <= RHAT_LIMIT and checks[1] >= POOLED_ESS_TARGET
        if not sized or checks is None or passed:
            break
        # after a warm-up taken from the run's own clustering, what is short is the kept
        # stretch of each chain: double it; without one, double the warm-up as well
        longer = {
            **opts,
            "samples": 2 * opts["samples"],
            "burnin": opts["burnin"] if warmed else 2 * opts["burnin"],
        }
        if spent + this.seconds * _length(longer) / _length(opts) > budget:
            break
        opts = longer
    results = this.results
    warned: dict[str, list[str]] = {}  # kind of warning -> its message in each fit
    for messages in this.messages:
        for kind, message in {_kind(m): m for c, m in messages if not _checked(c, checks)}.items():
            warned.setdefault(kind, []).append(message)
    pooled, share = pool(results)
    if checks is not None and isinstance(pooled, EstimateResult):
        pooled = _with_checks(pooled, checks, rounds, spent, opts, budget if sized else None)
    sensitivity: list[dict[str, Any]] = []
    if alternatives and by is None and isinstance(pooled, EstimateResult):
        pooled, sensitivity = _sensitivity(
            pooled, alternatives, method, lists=lists, seed=seeds[0], options=opts
        )
    return LinkageResult(
        result=pooled,
        single=single_result,
        draws=draws,
        between_share=share,
        draw_estimates=[r.estimate for r in results],
        draw_observed=[r.observed for r in results],
        run={k: v for k, v in opts.items() if k != "lists"},
        draw_warnings=[f"{len(m)} of {draws} fits, e.g. {m[0]}" for m in warned.values()],
        single_warnings=list(dict.fromkeys(m for _, m in single_messages)),
        sensitivity=sensitivity,
    )


def _sensitivity(
    pooled: EstimateResult,
    alternatives: Mapping[str, pd.DataFrame],
    method: str,
    *,
    lists: Sequence[str] | None,
    seed: int,
    options: Mapping[str, Any],
) -> tuple[EstimateResult, list[dict[str, Any]]]:
    """Fit the clustering at other thresholds; warn when the total moves outside the
    pooled interval (the draws carry the pair probabilities' doubt, not a link model
    that is wrong, nor the choice of threshold)."""
    rows: list[dict[str, Any]] = []
    outside: list[str] = []
    lo, hi = pooled.ci
    for label, histories in alternatives.items():
        try:
            result, _ = _fit(histories, method, lists=lists, by=None, seed=seed, options=options)
        except EstimateError as exc:
            rows.append({"label": label, "persons": len(histories), "error": str(exc)})
            continue
        if not isinstance(result, EstimateResult) or not result.identified:
            continue
        rows.append(
            {
                "label": label,
                "persons": result.observed,
                "estimate": result.estimate,
                "ci": list(result.ci),
            }
        )
        if not lo <= result.estimate <= hi:
            outside.append(
                f"{label}: {result.observed:,} persons, estimate {result.estimate:,.0f} "
                f"({result.ci[0]:,.0f}-{result.ci[1]:,.0f})"
            )
    if not outside:
        return pooled, rows
    doubt = (
        f"the total depends on the linkage more than its interval shows: with "
        f"{pooled.observed:,} persons the estimate is {pooled.estimate:,.0f} "
        f"({lo:,.0f}-{hi:,.0f}), but {'; '.join(outside)}. Review the pairs near the "
        "threshold (`reckon review`) and report the spread, not one number"
    )
    warnings.warn(doubt, SparseDataWarning, stacklevel=3)
    return dataclasses.replace(pooled, warnings=[*pooled.warnings, doubt]), rows


def _length(options: Mapping[str, Any]) -> float:
    """Sweeps per chain of a fixed-length lcmcr run."""
    return float(options["burnin"]) + float(options["samples"]) * float(options.get("thin", 10))


def _checked(category: type[Warning], checks: tuple[float, float] | None) -> bool:
    """A short run's own convergence doubts, superseded by the pooled checks."""
    return checks is not None and issubclass(category, ConvergenceWarning)


def _with_checks(
    pooled: EstimateResult,
    checks: tuple[float, float],
    rounds: int,
    seconds: float,
    options: Mapping[str, Any],
    budget: float | None,
) -> EstimateResult:
    """The pooled result with its own R-hat and ESS, and a plain doubt when they fail."""
    rhat, ess = checks
    converged = rhat <= RHAT_LIMIT and ess >= POOLED_ESS_TARGET
    doubts: list[str] = []
    if not converged:
        why = (
            f"the chains of each linkage disagree (R-hat of N = {rhat:.3f} > {RHAT_LIMIT})"
            if rhat > RHAT_LIMIT
            else f"the pooled draws carry little information (bulk ESS = {ess:.0f}, below "
            f"{POOLED_ESS_TARGET})"
        )
        more = (
            f"the time budget of {budget:g} s (max_seconds=) ended first"
            if budget is not None
            else "the run length was fixed (burnin=, samples=)"
        )
        doubts.append(
            f"over the linkage draws {why}: {more}; this number is NOT a finding; give it "
            "more time (max_seconds=) or fewer linkage draws"
        )
        for doubt in doubts:
            warnings.warn(doubt, ConvergenceWarning, stacklevel=3)
    diagnostics = {
        **pooled.diagnostics,
        "rhat": rhat,
        "ess_bulk": ess,
        "rounds": rounds,
        "seconds": seconds,
        "burnin": options.get("burnin"),
        "samples": options.get("samples"),
        "K": options.get("K"),
        "converged": converged,
    }
    return dataclasses.replace(
        pooled, diagnostics=diagnostics, warnings=[*pooled.warnings, *doubts], converged=converged
    )


def _kind(message: str) -> str:
    """A warning without its numbers: the same doubt in two fits is one kind."""
    return re.sub(r"[-+]?\d[\d,.]*", "#", message)


def pool(results: Sequence[Result]) -> tuple[Result, float]:
    """Pool fits on D linkages: the pooled result and the share of variance between them."""
    if not results:
        raise EstimateError("no linkage draws to pool")
    if all(isinstance(r, StratifiedResult) for r in results):
        strat = [r for r in results if isinstance(r, StratifiedResult)]
        total, share = _pool_one([r.total for r in strat])
        names = dict.fromkeys(name for r in strat for name in r.strata)
        strata = {
            name: _pool_one([r.strata[name] for r in strat if name in r.strata])[0]
            for name in names
        }
        return StratifiedResult(by=strat[0].by, strata=strata, total=total), share
    if any(isinstance(r, StratifiedResult) for r in results):
        raise EstimateError("cannot pool stratified and unstratified fits together")
    return _pool_one([r for r in results if isinstance(r, EstimateResult)])


def _pool_one(results: Sequence[EstimateResult]) -> tuple[EstimateResult, float]:
    d = len(results)
    if d == 1:
        return results[0], 0.0
    blank = [r for r in results if not r.identified]
    if blank:
        return _without_number(results, blank)
    first = results[0]
    observed = round(float(np.mean([r.observed for r in results])))
    bayesian = all(r.draws is not None and r.draws.size for r in results)
    if bayesian:
        draws = [np.asarray(r.draws, dtype=np.float64) for r in results]
        size = min(x.size for x in draws)
        # equal numbers from each linkage; evenly spaced so every chain is represented
        mixed = np.concatenate([x[np.linspace(0, x.size - 1, size).astype(int)] for x in draws])
        within = float(np.mean([x.var(ddof=1) for x in draws]))
        between = float(np.var([x.mean() for x in draws], ddof=1))
        lo, mid, hi = np.quantile(mixed, [0.025, 0.5, 0.975])
        estimate, ci = float(mid), (float(lo), float(hi))
        pooled_draws: np.ndarray | None = mixed
        std_err = None
    else:
        est = np.array([r.estimate for r in results])
        lows = np.array([r.ci[0] for r in results])
        highs = np.array([r.ci[1] for r in results])
        within = float(np.mean(((highs - lows) / (2 * Z95)) ** 2))
        between = float(np.var(est, ddof=1))
        total_var = within + (1 + 1 / d) * between
        estimate = float(est.mean())
        stretch = math.sqrt(total_var / within) if within > 0 else 1.0
        below = float(np.mean(est - lows)) * stretch
        above = float(np.mean(highs - est)) * stretch
        if within == 0 and total_var > 0:  # the method gave no width: the spread alone
            below = above = Z95 * math.sqrt(total_var)
        ci = (max(estimate - below, float(observed)), estimate + above)
        pooled_draws = None
        std_err = math.sqrt(total_var)
    total = within + (1 + 1 / d) * between
    share = (1 + 1 / d) * between / total if total > 0 else 0.0
    models = sorted({r.model for r in results if r.model})
    pooled = EstimateResult(
        method=first.method,
        observed=observed,
        estimate=estimate,
        ci=ci,
        model=(
            f"pooled over {d} linkages"
            + (f" ({models[0]})" if len(models) == 1 else f" ({len(models)} models chosen)")
        ),
        lists=first.lists,
        std_err=std_err,
        draws=pooled_draws,
        chains=d if pooled_draws is not None else 1,  # one "chain" per linkage
        warnings=_common_warnings(results),
        assumptions=f"{first.assumptions} {LINKAGE_ASSUMPTION.format(d=d)}".strip(),
    )
    return pooled, share


def _without_number(
    results: Sequence[EstimateResult], blank: Sequence[EstimateResult]
) -> tuple[EstimateResult, float]:
    """Some linkages' data cannot identify the total: then the pooled result gives no
    number either. A pool over the others would rest on the linkages that happen to
    identify it, a number the data as a whole do not carry."""
    reason = (
        f"on {len(blank)} of the {len(results)} linkage draws the data cannot identify the "
        f"total ({blank[0].reason})"
    )
    observed = round(float(np.mean([r.observed for r in results])))
    first = results[0]
    return (
        EstimateResult.not_identified(
            first.method,
            observed,
            reason,
            lists=first.lists,
            warnings=_common_warnings(results),
            assumptions=first.assumptions,
        ),
        float("nan"),
    )


def _common_warnings(results: Sequence[EstimateResult]) -> list[str]:
    """The warnings every linkage's fit gave (the others are counted apart)."""
    common = set(results[0].warnings)
    for r in results[1:]:
        common &= set(r.warnings)
    return [w for w in results[0].warnings if w in common]
