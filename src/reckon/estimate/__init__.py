"""reckon.estimate: how many victims no list has reached (multiple systems estimation).

Pure logic: every function takes a ``CaptureTable`` (or plain data) and returns
an ``EstimateResult``; nothing here knows about the case, the CLI or the database.

``estimate_table(table, method, seed=..., **options)`` dispatches to

* ``chapman``   -- two lists: Chapman with Chao's log-normal interval (``lists=``);
* ``loglinear`` -- hierarchical log-linear models chosen by AIC/BIC, or one named
  model (``model="[12,3,4]"``) or heterogeneity model (``model="Mth Chao"``),
  with profile-likelihood intervals (``criterion=``, ``alpha=``, ``max_order=``);
* ``lcmcr``     -- the Bayesian latent-class model (``reckon.estimate.lcmcr``);
* ``dga``       -- Bayesian model averaging over decomposable graphs (``reckon.estimate.dga``).

Honesty: a result with ``identified`` False carries no number (``reason`` says
why); one with ``converged`` False is kept but is not a finding.
``reckon.estimate.agreement.compare_estimates`` says whether several results
agree within their intervals. Messages name the library's parameters as
``name=`` (``lists=``); the CLI turns them into its options.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from reckon.errors import EstimateError
from reckon.estimate.histories import CaptureTable
from reckon.estimate.results import EstimateResult, StratifiedResult

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "CaptureTable",
    "EstimateResult",
    "StratifiedResult",
    "estimate_table",
    "method_parameters",
]

METHODS = ("chapman", "loglinear", "lcmcr", "dga")
# The method `reckon estimate` uses unless told: the one whose intervals held the truth
# most often in bench/README.md's simulation and toll studies (lists of unequal
# visibility are the rule; lcmcr models them, the others assume them away).
DEFAULT_METHOD = "lcmcr"


def _method(method: str) -> Callable[..., EstimateResult]:
    if method == "chapman":
        from reckon.estimate.chapman import fit_chapman

        return fit_chapman
    if method == "loglinear":
        from reckon.estimate.loglinear import fit_loglinear

        return fit_loglinear
    if method == "lcmcr":
        from reckon.estimate.lcmcr import fit_lcmcr

        return fit_lcmcr
    if method == "dga":
        from reckon.estimate.dga import fit_dga

        return fit_dga
    raise EstimateError(f"unknown method {method!r}: one of {', '.join(METHODS)}")


def method_parameters(method: str) -> frozenset[str]:
    """The options ``method`` takes (besides the table and the seed)."""
    return frozenset(inspect.signature(_method(method)).parameters) - {"table", "seed"}


def estimate_table(
    table: CaptureTable, method: str, *, seed: int | None = None, **options: Any
) -> EstimateResult:
    """Estimate the total behind ``table`` with ``method``; options go to the method.

    ``seed`` is used by the Bayesian methods and ignored by the deterministic ones. An
    option the method does not take is an ``EstimateError`` naming it.
    """
    fit = _method(method)
    accepted = inspect.signature(fit).parameters
    unknown = sorted(name for name in options if name not in accepted or name == "table")
    if unknown:
        raise EstimateError(f"{method} does not take {', '.join(n + '=' for n in unknown)}")
    if "seed" in accepted:
        options["seed"] = seed
    return fit(table, **options)
