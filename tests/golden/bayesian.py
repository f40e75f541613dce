"""Reference numbers for the Bayesian estimators (lcmcr, dga), with their provenance.

Sources
-------
[DGA]     Johndrow, J., Lum, K. and Ball, P. (2015). dga: Capture-Recapture Estimation using
          Bayesian Model Averaging. R package; `?bma.cr` example "5 list example from M & Y":
          Madigan and York's (1997, Biometrika 84(1), 19-31) five-list data, delta = 0.5,
          Nmissing = 1:300, graphs5. The printed results are in the README of the package's
          fast re-implementation (Binette, dgaFast, file README.md, "Table of top model
          estimates", generated with R 3.6.3 on 4 Oct 2020; the CRAN mirror cran/dga carries
          it): the five most probable graphs with their posterior probabilities to 8 digits,
          and for each its mode and 2.5% / 97.5% quantiles of N. That table's N axis sits 89
          above Nmissing + sum(Y) (its N vector is defined outside the code shown), so the
          quantiles are compared as distances from the mode, which do not depend on it.
[KMB]     The Kosovo Memory Book's near-complete census of killings in the period of the
          Kosovo data: N = 10,401, used as ground truth by HRDAG's comparison of R's LCMCR
          with a Stan implementation (HRDAG/StanLCMCR, write/src/blogpost.Rmd, "Comparison
          with R package on known data"); Krüger and Ball (2014), "Evaluation of the Database
          of the Kosovo Memory Book".
[BALL2002] Ball et al. (2002), "Killings and Refugee Flow in Kosovo, March-June 1999",
          report to the ICTY: the log-linear "global model" estimate of 10,356 killings (the
          same reference as tests/golden/rcapture.py).

The LCMCR posterior for Kosovo is a Monte Carlo result; its check (tests/estimate/
test_lcmcr_golden.py) asks the central 95% interval of several chains to cover [KMB] and
[BALL2002] and the posterior median to lie within 10% of them, a tolerance far wider than
the Monte Carlo error of the median at the lengths used (about 1-2%) and narrower than the
spread of the published estimates' intervals.
"""

from __future__ import annotations

import numpy as np

from reckon.estimate import CaptureTable
from reckon.estimate.histories import all_patterns

# --- [DGA] Madigan and York five lists ----------------------------------------------------
# dga's vector Y in R's array order: element r (0-based) is the cell whose list j bit is
# (r >> j) & 1, the first list varying fastest -- reckon's cell order; Y[0] is the unknown.
MY5_Y = [0, 27, 37, 19, 4, 4, 1, 1, 97, 22, 37, 25, 2, 1, 3, 5,
         83, 36, 34, 18, 3, 5, 0, 2, 30, 5, 23, 8, 0, 3, 0, 2]  # fmt: skip
MY5_DELTA = 0.5
MY5_NMISSING = np.arange(1, 301)
# (posterior probability, mode, 2.5% quantile, 97.5% quantile) of the five top graphs
MY5_TOP = [
    (0.21707345, 713, 687, 752),
    (0.16029369, 703, 680, 734),
    (0.08226562, 699, 675, 737),
    (0.06535887, 697, 674, 729),
    (0.05193514, 703, 680, 736),
]

# --- Kosovo ---------------------------------------------------------------------------------
KMB_CENSUS = 10_401
BALL2002_ESTIMATE = 10_356


def my5_table() -> CaptureTable:
    """The five-list table of [DGA] as a CaptureTable."""
    full = np.array(MY5_Y[1:], dtype=np.int64)
    keep = full > 0
    return CaptureTable(("1", "2", "3", "4", "5"), all_patterns(5)[keep], full[keep])
