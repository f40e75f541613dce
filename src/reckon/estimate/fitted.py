"""The result of one fitted Poisson capture model: what log-linear and heterogeneity share.

Both ``loglinear`` (hierarchical models) and ``heterogeneity`` (Rcapture's Mh
and Mth models) fit a Poisson model to the observed cells and report it the
same way: the profile-likelihood interval, the doubts about fit and bounds,
and the table of competing models. That shared step lives here, below both,
so neither imports the other to reach it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate.histories import CaptureTable
from reckon.estimate.poisson import CaptureFit, profile_interval, single_thread_blas
from reckon.estimate.results import EstimateResult

__all__ = ["Criterion", "result_from_fit"]

Criterion = Literal["aic", "bic"]
FloatArray = npt.NDArray[np.float64]


def result_from_fit(
    table: CaptureTable,
    chosen: CaptureFit,
    ranked: Sequence[CaptureFit],
    how: str,
    criterion: Criterion,
    alpha: float,
    notes: list[str],
    assumptions: str,
) -> EstimateResult:
    """The ``EstimateResult`` of a fitted model: profile interval, fit warnings, model table."""
    if not chosen.usable:
        raise EstimateError(
            f"model {chosen.name} has no finite estimate for this table (a zero cell it cannot "
            "fit, or lists that do not overlap enough); try a simpler model"
        )
    x = chosen.fit
    hint = chosen.estimate - chosen.n
    _, lo, hi = profile_interval(chosen.x, _cells(table), alpha, mu0_hint=hint)
    if chosen.df > 0 and chosen.p_value < 0.05:
        notes.append(
            f"model {chosen.name} fits poorly (deviance {chosen.deviance:.1f} on {chosen.df} df, "
            f"p = {chosen.p_value:.3f}): the estimate may be biased"
        )
    if not math.isfinite(hi):
        notes.append(
            "the upper end of the interval is unbounded: the data cannot rule out a very "
            "large undocumented count"
        )
    if chosen.estimate > 10 * table.observed:
        notes.append(
            f"the estimate is {chosen.estimate / table.observed:.0f} times the number observed: "
            "the overlaps are too thin to carry it"
        )
    for note in notes:
        warnings.warn(note, SparseDataWarning, stacklevel=3)
    cache = {alpha: (lo, hi)}

    def interval(a: float) -> tuple[float, float]:
        if a not in cache:
            with single_thread_blas():
                _, lo_a, hi_a = profile_interval(chosen.x, _cells(table), a, mu0_hint=hint)
            cache[a] = (lo_a, hi_a)
        return cache[a]

    diagnostics: dict[str, object] = {
        "selection": how,
        "criterion": criterion,
        "deviance": chosen.deviance,
        "df": chosen.df,
        "aic": chosen.aic,
        "bic": chosen.bic,
        "p_value": chosen.p_value,
        "converged": x.converged,
    }
    if ranked:
        diagnostics["models"] = [
            {
                "model": f.name,
                "estimate": f.estimate,
                "std_err": f.std_err,
                "deviance": f.deviance,
                "df": f.df,
                "aic": f.aic,
                "bic": f.bic,
            }
            for f in ranked[:10]
        ]
    return EstimateResult(
        method="loglinear",
        observed=table.observed,
        estimate=chosen.estimate,
        ci=interval(0.05) if alpha != 0.05 else (lo, hi),
        model=chosen.name,
        lists=table.lists,
        std_err=chosen.std_err,
        diagnostics=diagnostics,
        warnings=notes,
        assumptions=assumptions,
        interval=interval,
    )


def _cells(table: CaptureTable) -> FloatArray:
    return table.full_cells().astype(np.float64)
