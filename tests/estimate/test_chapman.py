"""Chapman and Lincoln-Petersen: formulas, coverage by simulation, honest failures."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate import CaptureTable, estimate_table
from reckon.estimate.chapman import chapman, fit_chapman, lincoln_petersen


def _two(n11: int, n10: int, n01: int) -> CaptureTable:
    pats = np.array([[1, 1], [1, 0], [0, 1]], dtype=np.int8)
    return CaptureTable(("a", "b"), pats, np.array([n11, n10, n01]))


def test_formulas_by_hand() -> None:
    assert lincoln_petersen(100, 80, 20)[0] == 400.0
    assert chapman(100, 80, 20)[0] == pytest.approx(101 * 81 / 21 - 1)


def test_result_and_interval() -> None:
    r = fit_chapman(_two(20, 80, 60))
    assert r.method == "chapman"
    assert r.observed == 160
    assert r.ci[0] > r.observed
    assert r.ci[0] < r.estimate < r.ci[1]
    lo, hi = r.conf_int(0.5)
    assert r.ci[0] < lo < hi < r.ci[1]


def test_more_than_two_lists_needs_a_choice() -> None:
    pats = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 0, 1]], dtype=np.int8)
    table = CaptureTable(("a", "b", "c"), pats, np.array([10, 30, 5, 40]))
    with pytest.raises(EstimateError, match="exactly two"):
        estimate_table(table, "chapman")
    r = estimate_table(table, "chapman", lists=["a", "b"])
    assert r.lists == ("a", "b")


def test_no_overlap_is_an_error_not_a_huge_number() -> None:
    with pytest.raises(EstimateError, match="share nobody"):
        fit_chapman(_two(0, 50, 40))


def test_thin_overlap_warns() -> None:
    with pytest.warns(SparseDataWarning, match="share only 3"):
        r = fit_chapman(_two(3, 50, 40))
    assert any("share only 3" in w for w in r.warnings)


def test_coverage_by_simulation() -> None:
    # independent lists, N = 2000, p = 0.2 and 0.3: the 95% interval should cover about 95%
    rng = np.random.default_rng(20260101)
    covered, estimates = 0, []
    for _ in range(400):
        a = rng.random(2000) < 0.2
        b = rng.random(2000) < 0.3
        table = _two(int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum()))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SparseDataWarning)
            r = fit_chapman(table)
        covered += r.ci[0] <= 2000 <= r.ci[1]
        estimates.append(r.estimate)
    assert 0.92 <= covered / 400 <= 0.98
    assert abs(np.mean(estimates) - 2000) < 30  # Chapman is nearly unbiased


def test_options_a_method_does_not_take_are_named() -> None:
    with pytest.raises(EstimateError, match="chapman does not take criterion="):
        estimate_table(_two(20, 80, 60), "chapman", criterion="bic")
    with pytest.raises(EstimateError, match="unknown method"):
        estimate_table(_two(20, 80, 60), "petersen")
