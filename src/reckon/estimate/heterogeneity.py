"""Rcapture's heterogeneity models for k >= 3 lists (Rivest & Baillargeon 2007).

When some people are simply more likely to be recorded than others (better
known, in a city, killed in a well-covered event), the number of lists a
person is on carries that heterogeneity. These models add to independence
(``Mh``: one common capture rate; ``Mth``: one rate per list) a column that is
a function of the number of lists ``s`` a pattern is on:

* Chao (``Mh Chao``, ``Mth Chao``): columns ``max(s - j + 1, 0)`` for
  ``j = 3..k``; their coefficients (eta) must be >= 0, and as in Rcapture
  (``neg=TRUE``) the first non-positive one is dropped and the model refitted
  until none is left. It is a *lower bound* for N (Chao 1987; Rivest &
  Baillargeon 2007): a small deviance says heterogeneity is present, not that
  the bound is close.
* Poisson (``Mh Poisson2``, ``Mth Poisson2``): the column ``2^s - 1``.
* Darroch (``Mh Darroch``, ``Mth Darroch``): the column ``s^2 / 2``
  (Darroch et al. 1993).

In multiple systems estimation the lists differ, so the ``Mth`` forms are the
natural ones; the ``Mh`` forms are there to compare with Rcapture. Names are
accepted in any case, with spaces or hyphens: ``"Mth Chao"``, ``mth-darroch``,
``"Mh Poisson2"``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from reckon.errors import EstimateError
from reckon.estimate.checks import check_table
from reckon.estimate.fitted import result_from_fit
from reckon.estimate.histories import CaptureTable, all_patterns
from reckon.estimate.poisson import CaptureFit, fit_capture_model, single_thread_blas
from reckon.estimate.results import EstimateResult

__all__ = ["HETEROGENEITY_MODELS", "fit_heterogeneity", "heterogeneity_design"]

FloatArray = npt.NDArray[np.float64]

HETEROGENEITY_MODELS = {
    "mh-chao": ("Mh", "Chao"),
    "mh-chao-(lb)": ("Mh", "Chao"),
    "mh-poisson": ("Mh", "Poisson"),
    "mh-poisson2": ("Mh", "Poisson"),
    "mh-darroch": ("Mh", "Darroch"),
    "mth-chao": ("Mth", "Chao"),
    "mth-chao-(lb)": ("Mth", "Chao"),
    "mth-poisson": ("Mth", "Poisson"),
    "mth-poisson2": ("Mth", "Poisson"),
    "mth-darroch": ("Mth", "Darroch"),
}

_ASSUMPTIONS = {
    "Chao": (
        "This is a lower bound, not an estimate: Chao's model says that at least this many "
        "people were affected, allowing for some people being much more likely to be "
        "recorded than others. It assumes a closed population, correct linkage, and lists "
        "that are independent for any one person."
    ),
    "Poisson": (
        "This estimate allows people to differ in how likely they are to be recorded "
        "(a Poisson mixture on the log-odds of being recorded), but assumes a closed "
        "population, correct linkage, and lists that are independent for any one person. "
        "It corrects less for heterogeneity than Darroch's model."
    ),
    "Darroch": (
        "This estimate allows people to differ in how likely they are to be recorded "
        "(a normal mixture on the log-odds of being recorded, Darroch's model), but assumes "
        "a closed population, correct linkage, and lists that are independent for any one "
        "person. It can be large and unstable when the heterogeneity is strong."
    ),
}


def _parse(name: str) -> tuple[str, str]:
    key = name.strip().lower().replace(" ", "-")
    if key not in HETEROGENEITY_MODELS:
        raise EstimateError(
            f"unknown heterogeneity model {name!r}: one of Mh Chao, Mh Poisson2, Mh Darroch, "
            "Mth Chao, Mth Poisson2, Mth Darroch"
        )
    return HETEROGENEITY_MODELS[key]


def heterogeneity_design(k: int, base: str, kind: str) -> tuple[FloatArray, int]:
    """The design over the 2^k - 1 observed cells and the number of non-heterogeneity columns."""
    pats = all_patterns(k).astype(np.float64)
    s = pats.sum(axis=1)
    first = [np.ones(len(s)), s] if base == "Mh" else [np.ones(len(s)), *pats.T]
    if kind == "Chao":
        het = [np.maximum(s - j + 1, 0.0) for j in range(3, k + 1)]
    elif kind == "Poisson":
        het = [2.0**s - 1.0]
    else:
        het = [s**2 / 2.0]
    return np.column_stack([*first, *het]), len(first)


def _label(base: str, kind: str) -> str:
    return f"{base} {'Chao (LB)' if kind == 'Chao' else kind + ('2' if kind == 'Poisson' else '')}"


def fit_heterogeneity_model(table: CaptureTable, name: str) -> CaptureFit:
    """Fit one of the six models (Chao's negative etas dropped as Rcapture does)."""
    base, kind = _parse(name)
    if table.k < 3:
        raise EstimateError(f"heterogeneity models need at least 3 lists; this table has {table.k}")
    x, nca = heterogeneity_design(table.k, base, kind)
    y = table.full_cells().astype(np.float64)
    fit = fit_capture_model(_label(base, kind), x, y)
    while kind == "Chao" and x.shape[1] > nca and np.any(fit.fit.beta[nca:] < 0):
        eta = fit.fit.beta[nca:]
        drop = nca + int(np.argmax(eta <= 0))
        x = np.delete(x, drop, axis=1)
        fit = fit_capture_model(_label(base, kind), x, y)
    return fit


def fit_heterogeneity(table: CaptureTable, name: str, *, alpha: float = 0.05) -> EstimateResult:
    """Estimate N (or, for Chao, its lower bound) with one heterogeneity model."""
    _base, kind = _parse(name)
    notes = check_table(table, "loglinear", min_lists=3)
    with single_thread_blas():
        fit = fit_heterogeneity_model(table, name)
        result = result_from_fit(
            table, fit, [], f"model {fit.name} as asked", "aic", alpha, notes, _ASSUMPTIONS[kind]
        )
    result.diagnostics["lower_bound"] = kind == "Chao"
    return result
