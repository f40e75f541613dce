"""Reference numbers for the log-linear and heterogeneity models, with their provenance.

Sources
-------
[BR2007]  Baillargeon, S. and Rivest, L.-P. (2007). Rcapture: Loglinear models for
          capture-recapture in R. Journal of Statistical Software 19(5).
          doi:10.18637/jss.v019.i05. Section 2 (closed populations): the snowshoe hare and
          HIV examples.
[RCEX]    The same results as printed by the package itself: Rcapture's
          tests/Examples/Rcapture-Ex.Rout.save (CRAN package Rcapture, R 2.15.0), the
          outputs of `closedp.t(hare)`, `descriptive(hare)`, `closedpCI.t(hare, m="Mth",
          h="Poisson", h.control=list(theta=2))`, `closedpCI.t(HIV, dfreq=TRUE, mX=~.+c1:c2)`,
          `closedpCI.t(HIV, dfreq=TRUE, mX=~(c1+c2+c3+c4)^2)` and `closedp.t(X, dfreq=TRUE)`
          for Seber's (1982, p. 107) two-sample table.
[ABENI]   Abeni, D. D., Brancato, G. and Perucci, C. A. (1994). Capture-recapture to estimate
          the size of the population with human immunodeficiency virus type 1 infection.
          Epidemiology 5, 410-414. The four Rome reporting centres; the table is Rcapture's
          `HIV` data set (1,896 people). Its frequencies are checked here against the list
          sizes n_i = 466, 630, 693, 236 and f_i = 1774, 115, 7, 0 that [RCEX] prints with
          `descriptive(HIV, dfreq=TRUE)`.
[BALL2002] Ball, P., Betts, W., Scheuren, F., Dudukovich, J. and Asher, J. (2002). Killings and
          Refugee Flow in Kosovo, March-June 1999. AAAS/ABA-CEELI report to the ICTY,
          Appendix 2, section 3.7: the "global model" estimate of 10,356 killings.

The hare data are a 68 x 6 matrix that [BR2007] does not print. The models checked here
(M_t, M_h and M_th with Chao, Poisson2 and Darroch heterogeneity) have as sufficient
statistics only the number of animals caught i times (f_i) and on occasion j (n_j), which
[RCEX] prints; `hare_like()` builds a 0/1 matrix with exactly those margins, so the
estimates, standard errors and profile intervals must agree with Rcapture's to its printed
precision. Deviances and AICs depend on the full matrix and are not compared for it.
"""

from __future__ import annotations

import numpy as np

from reckon.estimate import CaptureTable

# --- HIV (Abeni et al. 1994), columns c1..c4 as in Rcapture -------------------------------
# Frequencies for the 15 observable histories; each key is (c1, c2, c3, c4).
HIV_COUNTS: dict[tuple[int, int, int, int], int] = {
    (1, 1, 1, 1): 0,
    (1, 1, 1, 0): 3,
    (1, 1, 0, 1): 1,
    (1, 1, 0, 0): 33,
    (1, 0, 1, 1): 0,
    (1, 0, 1, 0): 20,
    (1, 0, 0, 1): 6,
    (1, 0, 0, 0): 403,
    (0, 1, 1, 1): 3,
    (0, 1, 1, 0): 35,
    (0, 1, 0, 1): 10,
    (0, 1, 0, 0): 545,
    (0, 0, 1, 1): 11,
    (0, 0, 1, 0): 621,
    (0, 0, 0, 1): 205,
}
HIV_LIST_SIZES = (466, 630, 693, 236)  # [RCEX] descriptive(HIV): n_i
HIV_F = (1774, 115, 7, 0)  # [RCEX] descriptive(HIV): f_i

# [RCEX] closedpCI.t(HIV, dfreq=TRUE, mX=~.+c1:c2): Poisson fit, then multinomial profile CI
HIV_M12 = {
    "model": "[12,3,4]",
    "abundance": 12318.5,
    "stderr": 1188.7,
    "deviance": 7.614,
    "df": 9,
    "aic": 86.65,
    "ci": (10266.0, 14992.3),
}
# [RCEX] closedpCI.t(HIV, dfreq=TRUE, mX=~(c1+c2+c3+c4)^2) ("Mt double interaction")
HIV_ALL_TWO_WAY = {
    "model": "[12,13,14,23,24,34]",
    "abundance": 23443.5,
    "stderr": 9594.9,
    "deviance": 3.037,
    "df": 4,
    "aic": 92.073,
    "ci": (10027.6, 50046.3),
}

# --- Snowshoe hare: [RCEX] descriptive(hare) and closedp.t(hare) --------------------------
HARE_F = (25, 22, 13, 5, 1, 2)  # animals caught 1..6 times
HARE_N = (16, 28, 20, 26, 23, 32)  # animals caught on occasions 1..6
HARE = {  # model: (abundance, stderr) as printed by closedp.t(hare)
    "Mt": (75.1, 3.4),
    "Mh Chao": (79.8, 6.4),
    "Mh Poisson2": (81.5, 5.7),
    "Mh Darroch": (90.4, 11.6),
    "Mth Chao": (79.6, 6.3),
    "Mth Poisson2": (81.1, 5.6),
    "Mth Darroch": (90.5, 11.7),
}
# [RCEX] closedpCI.t(hare, m="Mth", h="Poisson", h.control=list(theta=2))
HARE_MTH_POISSON2_CI = (71.8, 93.8)

# --- Seber (1982, p. 107): [RCEX] closedp.t(X, dfreq=TRUE) and closedp.bc(X, m="Mt") ------
SEBER_N1, SEBER_N2, SEBER_M = 167 + 781, 167 + 254, 167
SEBER_MT = (2389.9, 130.4)  # Lincoln-Petersen (Mt with two occasions) and its s.e.
SEBER_MT_BC = 2382.8  # bias-corrected Mt, which is Chapman's estimator

# --- Kosovo: [BALL2002] global model -------------------------------------------------------
KOSOVO_GLOBAL_ESTIMATE = 10356


def hiv_table() -> CaptureTable:
    pats = np.array(list(HIV_COUNTS), dtype=np.int8)
    return CaptureTable(("c1", "c2", "c3", "c4"), pats, np.array(list(HIV_COUNTS.values())))


def hare_like() -> CaptureTable:
    """68 capture histories with the hare's f_i and n_j (Gale-Ryser greedy construction)."""
    remaining = np.array(HARE_N)
    rows = []
    for caught in sorted((i + 1 for i, f in enumerate(HARE_F) for _ in range(f)), reverse=True):
        take = np.argsort(-remaining, kind="stable")[:caught]
        row = np.zeros(6, dtype=np.int8)
        row[take] = 1
        remaining[take] -= 1
        rows.append(row)
    pats = np.array(rows)
    return CaptureTable(tuple(f"c{j}" for j in range(1, 7)), pats, np.ones(len(pats), np.int64))


def seber_table() -> CaptureTable:
    pats = np.array([[1, 1], [1, 0], [0, 1]], dtype=np.int8)
    return CaptureTable(("first", "second"), pats, np.array([167, 781, 254]))
