"""Log-linear models: notation, enumeration, selection, honesty, coverage by simulation."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate import CaptureTable, estimate_table
from reckon.estimate.heterogeneity import fit_heterogeneity
from reckon.estimate.loglinear import (
    all_hierarchical_models,
    fit_loglinear,
    model_name,
    parse_model,
)

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"


def _simulate(rng: np.random.Generator, n: int, probs: list[float], lift: float) -> CaptureTable:
    """Lists independent except that being on list 1 multiplies the odds of list 2 by lift."""
    caught = rng.random((n, len(probs))) < np.array(probs)
    p2 = probs[1] * lift / (1 - probs[1] + probs[1] * lift)
    caught[:, 1] = np.where(caught[:, 0], rng.random(n) < p2, caught[:, 1])
    names = tuple(f"l{i + 1}" for i in range(len(probs)))
    return CaptureTable.from_memberships(
        ({names[j] for j in np.flatnonzero(row)} for row in caught), names
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [("[1,2,3,4]", "[1,2,3,4]"), ("[12,13,14,23,24,34]", None), ("[123,14,34]", None)],
)
def test_names_round_trip(text: str, name: str | None) -> None:
    assert model_name(parse_model(text, 4), 4) == (name or text)


def test_parse_fills_in_the_hierarchy() -> None:
    model = parse_model("[123,4]", 4)
    assert frozenset({0, 1}) in model and frozenset({1, 2}) in model
    assert len(model) == 4


@pytest.mark.parametrize("bad", ["[1234]", "[15]", "[1a]", "[11,2]"])
def test_bad_models_are_refused(bad: str) -> None:
    with pytest.raises(EstimateError):
        parse_model(bad, 4)


def test_enumeration_counts_match_rcapture() -> None:
    # Rcapture's getAllModels(4) lists 113 models; for 3 lists there are 8
    assert len(all_hierarchical_models(3)) == 8
    assert len(all_hierarchical_models(4)) == 113
    assert len(all_hierarchical_models(4, max_order=2)) == 64


def test_bic_and_aic_may_choose_differently_and_say_so() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)  # rival models: see test_golden
        aic = fit_loglinear(table, criterion="aic")
        bic = fit_loglinear(table, criterion="bic")
    assert aic.diagnostics["criterion"] == "aic"
    assert "BIC" in bic.diagnostics["selection"]
    ranked = [m["bic"] for m in bic.diagnostics["models"]]
    assert ranked == sorted(ranked)
    assert aic.model == min(aic.diagnostics["models"], key=lambda m: m["aic"])["model"]


def test_profile_interval_at_another_level() -> None:
    r = fit_loglinear(CaptureTable.from_csv(KOSOVO), model="[123,14,34]")
    lo, hi = r.conf_int(0.2)
    assert r.ci[0] < lo < r.estimate < hi < r.ci[1]


def test_stepwise_for_six_lists() -> None:
    rng = np.random.default_rng(6)
    table = _simulate(rng, 3000, [0.3, 0.25, 0.2, 0.3, 0.35, 0.25], lift=4.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        r = fit_loglinear(table, criterion="bic")
    assert "stepwise" in r.diagnostics["selection"]
    assert "12" in r.model  # the planted dependence is found
    assert r.ci[0] < 3000 < r.ci[1]


def test_one_list_cannot_estimate() -> None:
    table = CaptureTable(("a",), np.array([[1]], dtype=np.int8), np.array([10]))
    with pytest.raises(EstimateError, match="at least 2 lists"):
        estimate_table(table, "loglinear")


def test_isolated_list_is_an_error() -> None:
    pats = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.int8)
    table = CaptureTable(("a", "b", "c"), pats, np.array([10, 30, 40, 25]))
    with pytest.raises(EstimateError, match="c share nobody"):
        fit_loglinear(table)


def test_heterogeneity_needs_three_lists() -> None:
    pats = np.array([[1, 1], [1, 0], [0, 1]], dtype=np.int8)
    table = CaptureTable(("a", "b"), pats, np.array([10, 30, 40]))
    with pytest.raises(EstimateError, match="at least 3 lists"):
        fit_heterogeneity(table, "Mth Chao")
    with pytest.raises(EstimateError, match="unknown heterogeneity"):
        fit_heterogeneity(CaptureTable.from_csv(KOSOVO), "Mth Gamma")


def test_chao_is_reported_as_a_lower_bound() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        r = estimate_table(CaptureTable.from_csv(KOSOVO), "loglinear", model="mth-chao")
    assert r.diagnostics["lower_bound"] is True
    assert "lower bound" in r.assumptions


def test_unreachable_zero_cells_never_give_absurd_numbers() -> None:
    # people on lists 1 and 2 never appear on list 3 with them: the 3-way models cannot be
    # fitted; whatever is chosen must be finite
    pats = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1]])
    table = CaptureTable(("a", "b", "c"), pats.astype(np.int8), np.array([50, 40, 10, 60, 5, 7]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        r = fit_loglinear(table)
    assert np.isfinite(r.estimate) and r.estimate >= table.observed


@pytest.mark.slow
def test_coverage_of_the_profile_interval_with_the_true_model() -> None:
    rng = np.random.default_rng(20261123)
    hits = 0
    reps = 150
    for _ in range(reps):
        table = _simulate(rng, 1500, [0.3, 0.25, 0.2], lift=3.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SparseDataWarning)
            r = fit_loglinear(table, model="[12,3]")
        hits += r.ci[0] <= 1500 <= r.ci[1]
    assert 0.90 <= hits / reps <= 0.99


def test_a_model_whose_mle_does_not_exist_is_refused_not_reported() -> None:
    # The HIV table (tests/golden/rcapture.py) has a zero in cell (1,0,1,1). Term 134 fits it
    # exactly by sending a coefficient to minus infinity; R's glm stops there "converged",
    # and [123,124,234] would then claim N = 1,896, exactly the number observed.
    rows = ["1110", "1101", "1100", "1010", "1001", "1000", "0111"]
    rows += ["0110", "0101", "0100", "0011", "0010", "0001"]
    pats = np.array([[int(c) for c in r] for r in rows], dtype=np.int8)
    counts = np.array([3, 1, 33, 20, 6, 403, 3, 35, 10, 545, 11, 621, 205])
    table = CaptureTable(("c1", "c2", "c3", "c4"), pats, counts)
    with pytest.raises(EstimateError, match="no finite estimate"):
        fit_loglinear(table, model="[123,124,234]")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        chosen = fit_loglinear(table)
    assert chosen.model == "[12,3,4]"
    assert chosen.diagnostics["models"][0]["model"] == "[12,3,4]"
