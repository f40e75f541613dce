"""Two-list estimates: Lincoln-Petersen and Chapman, with intervals.

With lists A and B of sizes ``n1`` and ``n2`` sharing ``m`` people:

* Lincoln-Petersen: ``N = n1 n2 / m``, variance
  ``n1 n2 (n1 - m)(n2 - m) / m^3`` (Seber 1982, p. 60; Rcapture's ``Mt`` for two
  occasions gives the same number and standard error).
* Chapman (1951): ``N = (n1 + 1)(n2 + 1)/(m + 1) - 1``, nearly unbiased when
  ``m >= 7`` (Robson & Regier 1964), variance
  ``(n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2))`` (Seber 1970).

The interval is Chao's (1987) log-normal interval on the undocumented count
``f0 = N - n`` (``n`` people observed), so it never goes below ``n`` and is
skewed upwards as the sampling distribution is; ``conf_int(alpha)`` gives it at
any level. The reported estimate is Chapman's; Lincoln-Petersen is in
``diagnostics``.

More than two lists: this method uses exactly two. Name them with ``lists=``
(the table is collapsed to them: people on neither drop out), or use
``loglinear``, which uses every overlap. Without ``lists=`` a table of more
than two lists is an ``EstimateError`` rather than a silent choice.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate.checks import check_table
from reckon.estimate.histories import CaptureTable
from reckon.estimate.results import EstimateResult, lognormal_interval

__all__ = ["fit_chapman", "lincoln_petersen"]

ROBSON_REGIER_MIN_OVERLAP = 7

ASSUMPTIONS = (
    "This two-list estimate assumes that the population was closed over the period, that "
    "records were linked correctly, and that being on one list does not make a person more "
    "or less likely to be on the other, for everyone alike. When the same kinds of people "
    "are easy (or hard) for both lists to reach, the estimate is too low."
)


def lincoln_petersen(n1: int, n2: int, m: int) -> tuple[float, float]:
    """Lincoln-Petersen estimate and its standard error; ``m`` must be positive."""
    if m <= 0:
        raise EstimateError("the two lists share nobody: Lincoln-Petersen is unbounded")
    est = n1 * n2 / m
    var = n1 * n2 * (n1 - m) * (n2 - m) / m**3
    return est, math.sqrt(var)


def chapman(n1: int, n2: int, m: int) -> tuple[float, float]:
    """Chapman's estimate and Seber's standard error."""
    est = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return est, math.sqrt(var)


def fit_chapman(
    table: CaptureTable, *, lists: Sequence[int | str] | None = None, alpha: float = 0.05
) -> EstimateResult:
    """Chapman's two-list estimate with Chao's log-normal interval."""
    if lists is not None:
        table = table.collapse(list(lists))
    if table.k != 2:
        raise EstimateError(
            f"chapman uses exactly two lists; this table has {table.k} "
            f"({', '.join(table.lists)}): name the two to use (lists=) or use method=loglinear, "
            "which uses every overlap"
        )
    notes = check_table(table, "chapman", min_lists=2, max_lists=2)
    n1, n2 = (int(v) for v in table.list_sizes)
    m = table.overlap(0, 1)
    est, se = chapman(n1, n2, m)
    lp, lp_se = lincoln_petersen(n1, n2, m)
    if m < ROBSON_REGIER_MIN_OVERLAP:
        notes.append(
            f"the lists share only {m} people (fewer than {ROBSON_REGIER_MIN_OVERLAP}): the "
            "estimate is unstable and its interval unreliable"
        )
    for note in notes:
        warnings.warn(note, SparseDataWarning, stacklevel=2)
    observed = table.observed
    var = se**2

    def interval(a: float) -> tuple[float, float]:
        return lognormal_interval(observed, est, var, a)

    return EstimateResult(
        method="chapman",
        observed=observed,
        estimate=est,
        ci=interval(alpha) if alpha == 0.05 else interval(0.05),
        model=f"two lists: {table.lists[0]} x {table.lists[1]}",
        lists=table.lists,
        std_err=se,
        diagnostics={
            "n1": n1,
            "n2": n2,
            "overlap": m,
            "lincoln_petersen": lp,
            "lincoln_petersen_std_err": lp_se,
        },
        warnings=notes,
        assumptions=ASSUMPTIONS,
        interval=interval,
    )
