"""Stratified estimates: one estimate per province, month, sex or age group, and their total.

Capture probabilities differ between places and periods; estimating within
strata where they are more alike and adding up is the standard remedy (Ball et
al. 2002 stratified Kosovo by time and region). The total is pooled by
``StratifiedResult.pool``: posterior draws summed index by index for the
Bayesian methods, estimates and variances summed for the others.

A list that holds nobody in a stratum did not operate there: that stratum is
estimated without it, and its result says so.

Small strata are honest, not silent:

* an empty stratum (nobody observed) is left out, and said so;
* a stratum with fewer than ``min_observed`` people, or one the method cannot
  estimate (e.g. a list that overlaps no other there), is merged with the other
  such strata into one stratum named ``SMALL_STRATA``, which is estimated once;
* if even that merged stratum cannot be estimated, its people are added to the
  total as observed, with no undocumented count, and a warning says the total
  is then too low by an unknown amount for those strata.

lcmcr decides its own length in each stratum; its time budget
(``max_seconds``, default ``STRATA_MAX_SECONDS``) is for the whole stratified
run and is shared out among the strata still to run, so many small fits stay
practical. A stratum that stops on its share without converging makes the
total not a finding (``StratifiedResult.pool``).

Each stratum's seed is drawn from one ``numpy.random.SeedSequence(seed)`` so a
stratified run is reproducible and strata do not share random streams.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate.histories import CaptureTable
from reckon.estimate.results import EstimateResult, StratifiedResult

__all__ = [
    "MIN_STRATUM_OBSERVED",
    "SMALL_STRATA",
    "STRATA_FIELDS",
    "UNKNOWN",
    "estimate_histories",
    "estimate_strata",
    "tables_by",
]

log = logging.getLogger("reckon.estimate.strata")

STRATA_FIELDS = ("province", "month", "sex", "age_group")
SMALL_STRATA = "(small strata merged)"
UNKNOWN = "(unknown)"
MIN_STRATUM_OBSERVED = 20
STRATA_MAX_SECONDS = 360.0  # lcmcr: the wall-clock budget of a whole stratified run
MIN_STRATUM_SECONDS = 2.0  # no stratum gets less than this


def _merge(tables: list[CaptureTable]) -> CaptureTable:
    lists = tables[0].lists
    pats = np.concatenate([t.patterns for t in tables])
    cnts = np.concatenate([t.counts for t in tables])
    return CaptureTable(lists, pats, cnts)


def _fit(
    table: CaptureTable, method: str, seed: int | None, options: Mapping[str, Any]
) -> EstimateResult:
    from reckon.estimate import estimate_table

    dropped: list[str] = []
    if "lists" not in options:  # lists named by the user are kept as asked
        sizes = table.list_sizes
        active = [name for name, size in zip(table.lists, sizes, strict=True) if size > 0]
        dropped = [name for name, size in zip(table.lists, sizes, strict=True) if size == 0]
        if dropped and active:
            table = table.collapse(active)
    with warnings.catch_warnings():
        # the doubts are kept in result.warnings; one summary warning is raised below
        warnings.simplefilter("ignore", SparseDataWarning)
        result = estimate_table(table, method, seed=seed, **options)
    if dropped:
        result.warnings.insert(
            0,
            f"list(s) {', '.join(dropped)} hold nobody here (they did not reach this "
            "stratum) and were left out of its estimate",
        )
    return result


def _observed_only(table: CaptureTable, method: str, reason: str) -> EstimateResult:
    n = table.observed
    return EstimateResult(
        method=method,
        observed=n,
        estimate=float(n),
        ci=(float(n), float(n)),
        model="observed only: no estimate possible",
        lists=table.lists,
        std_err=0.0,
        diagnostics={"observed_only": True},
        warnings=[f"no estimate possible ({reason}); counted as observed only"],
        assumptions="",
    )


def estimate_strata(
    tables: Mapping[str, CaptureTable],
    method: str,
    *,
    by: str,
    seed: int | None = None,
    min_observed: int = MIN_STRATUM_OBSERVED,
    **options: Any,
) -> StratifiedResult:
    """Estimate each stratum's total with ``method`` and pool them (see the module docstring)."""
    if not tables:
        raise EstimateError(f"no strata by {by}: nobody has a value for it")
    lists = {t.lists for t in tables.values()}
    if len(lists) != 1:
        raise EstimateError("every stratum must have the same lists, in the same order")
    seeds = np.random.SeedSequence(seed).spawn(len(tables) + 1)
    notes: list[str] = []
    results: dict[str, EstimateResult] = {}
    small: list[str] = []
    budget = _Budget(method, options, sum(1 for t in tables.values() if t.observed) + 1)
    for (name, table), ss in zip(tables.items(), seeds, strict=False):
        if table.observed == 0:
            notes.append(f"stratum {name} is empty and left out")
            continue
        if table.observed < min_observed:
            small.append(name)
            budget.skip()
            continue
        try:
            result = _fit(table, method, int(ss.generate_state(1)[0]), budget.options())
        except EstimateError as exc:
            log.info("stratum %s cannot be estimated alone: %s", name, exc)
            small.append(name)
            continue
        if not result.identified:
            log.info("stratum %s cannot carry a number alone: %s", name, result.reason)
            small.append(name)
            continue
        results[name] = result
    first_error: EstimateError | None = None
    if small:
        merged = _merge([tables[s] for s in small])
        notes.append(
            f"{len(small)} strata too small or too thin to estimate alone were merged into "
            f"one ({', '.join(small)})"
        )
        try:
            merged_result = _fit(
                merged, method, int(seeds[-1].generate_state(1)[0]), budget.options()
            )
            if not merged_result.identified:
                raise EstimateError(merged_result.reason)
            results[SMALL_STRATA] = merged_result
        except EstimateError as exc:
            if len(results) == 0:
                # nothing could be estimated anywhere: the method cannot run on these data
                # (or as asked), which a total of observed counts would only hide
                raise
            first_error = exc
            results[SMALL_STRATA] = _observed_only(merged, method, str(exc))
            notes.append(
                f"the merged small strata cannot be estimated either ({exc}); their "
                f"{merged.observed} people are counted as observed, so the total is too low "
                "by an unknown number of undocumented people in those strata"
            )
    if not results:
        raise EstimateError(f"no stratum by {by} can be estimated")
    if first_error is not None:
        log.info("merged small strata counted as observed: %s", first_error)
    _align_observed_only(results)
    with_warnings = [n for n, r in results.items() if r.warnings]
    if with_warnings:
        notes.append(f"{len(with_warnings)} strata carry warnings of their own: see each stratum")
    for note in notes:
        warnings.warn(note, SparseDataWarning, stacklevel=2)
    return StratifiedResult.pool(by, results, notes)


class _Budget:
    """lcmcr's time budget for a whole stratified run, shared out among the strata left."""

    def __init__(self, method: str, options: Mapping[str, Any], fits: int) -> None:
        self.given = dict(options)  # passed on untouched when the budget does not apply
        self.base = dict(options)
        self.active = method == "lcmcr" and "samples" not in options and "burnin" not in options
        self.total = float(self.base.pop("max_seconds", STRATA_MAX_SECONDS))
        self.left = fits
        self.start = time.perf_counter()

    def skip(self) -> None:
        self.left = max(1, self.left - 1)

    def options(self) -> dict[str, Any]:
        if not self.active:
            return dict(self.given)
        spent = time.perf_counter() - self.start
        share = max(MIN_STRATUM_SECONDS, (self.total - spent) / max(1, self.left))
        self.left = max(1, self.left - 1)
        return dict(self.base) | {"max_seconds": share}


def _align_observed_only(results: dict[str, EstimateResult]) -> None:
    """Give observed-only strata constant draws so Bayesian totals can still sum draws."""
    sampled = [r for r in results.values() if r.draws is not None]
    if not sampled:
        return
    size, chains = sampled[0].draws.size, sampled[0].chains  # type: ignore[union-attr]
    for r in results.values():
        if r.diagnostics.get("observed_only"):
            r.draws = np.full(size, float(r.observed))
            r.chains = chains


def tables_by(
    histories: pd.DataFrame, by: str, lists: Sequence[str] | None = None
) -> dict[str, CaptureTable]:
    """One capture table per value of ``by`` (people with no value go to ``(unknown)``).

    ``histories`` has one row per person with a ``sources`` column (a set of list
    names) and the stratum fields, as ``reckon.store.captures`` reads them.
    """
    if by not in STRATA_FIELDS:
        raise EstimateError(f"cannot stratify by={by!r}: one of {', '.join(STRATA_FIELDS)}")
    names = list(lists) if lists is not None else sorted(set().union(*histories["sources"]))
    keys = [UNKNOWN if v is None or v != v else str(v) for v in histories[by]]
    groups: dict[str, list[frozenset[str]]] = {}
    for key, members in zip(keys, histories["sources"], strict=True):
        groups.setdefault(key, []).append(members)
    order = sorted(k for k in groups if k != UNKNOWN) + ([UNKNOWN] if UNKNOWN in groups else [])
    return {k: CaptureTable.from_memberships(groups[k], names) for k in order}


def estimate_histories(
    histories: pd.DataFrame,
    method: str,
    *,
    lists: Sequence[str] | None = None,
    by: str | None = None,
    seed: int | None = None,
    **options: Any,
) -> EstimateResult | StratifiedResult:
    """Estimate from per-person capture histories, as a whole or stratified ``by`` a field.

    ``lists`` names every list of the histories; the two lists chapman is to use
    (its own ``lists=`` on a table) come as ``chapman_lists``, since one keyword
    cannot mean both here.
    """
    from reckon.estimate import estimate_table

    if "chapman_lists" in options:
        options["lists"] = options.pop("chapman_lists")
    if histories.empty:
        raise EstimateError("no persons to estimate from")
    names = list(lists) if lists is not None else sorted(set().union(*histories["sources"]))
    if by is None:
        table = CaptureTable.from_memberships(histories["sources"], names)
        return estimate_table(table, method, seed=seed, **options)
    return estimate_strata(tables_by(histories, by, names), method, by=by, seed=seed, **options)
