"""Pooling estimates over linkages: one linkage is the plain fit; many follow Rubin."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from reckon.errors import ConvergenceWarning
from reckon.estimate.linkage import estimate_over_linkages, pool, pooled_checks
from reckon.estimate.results import EstimateResult, StratifiedResult
from reckon.estimate.strata import estimate_histories

LISTS = ["a", "b", "c"]


def _histories(n: int = 1500, seed: int = 3) -> pd.DataFrame:
    """Independent lists over ``n`` people; the people no list holds are dropped."""
    rng = np.random.default_rng(seed)
    caught = rng.random((n, 3)) < np.array([0.35, 0.4, 0.3])
    sex = rng.choice(["female", "male"], size=n)
    rows = [
        {"sources": frozenset(LISTS[j] for j in np.flatnonzero(row)), "sex": s}
        for row, s in zip(caught, sex, strict=True)
        if row.any()
    ]
    frame = pd.DataFrame(rows)
    return frame.assign(province=None, month=None, age_group=None)


def _first_seed(seed: int, draws: int) -> int:
    return int(np.random.SeedSequence(seed).spawn(draws + 1)[0].generate_state(1)[0])


@pytest.mark.parametrize("method", ["loglinear", "lcmcr"])
def test_one_linkage_is_the_plain_fit(method: str) -> None:
    histories = _histories()
    pooled = estimate_over_linkages(histories, [histories], method, draws=1, lists=LISTS, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the plain fit's doubts; pooling keeps them quiet
        plain = estimate_histories(
            histories, method, lists=LISTS, seed=_first_seed(11, 1), **pooled.run
        )
    assert pooled.estimate == pytest.approx(plain.estimate)
    assert pooled.ci == pytest.approx(plain.ci)
    assert pooled.between_share == 0.0
    assert pooled.to_dict()["linkage"]["draws"] == 1


def test_identical_linkages_add_no_width() -> None:
    histories = _histories()
    pooled = estimate_over_linkages(histories, [histories] * 4, "loglinear", draws=4, lists=LISTS)
    assert pooled.between_share == pytest.approx(0.0, abs=1e-12)
    assert pooled.ci == pytest.approx(pooled.single.ci)


def _bayes(mean: float, sd: float, rng: np.random.Generator, size: int = 4000) -> EstimateResult:
    draws = rng.normal(mean, sd, size)
    return EstimateResult(
        method="lcmcr",
        observed=500,
        estimate=float(np.median(draws)),
        ci=(float(np.quantile(draws, 0.025)), float(np.quantile(draws, 0.975))),
        draws=draws,
        chains=2,
    )


def test_bayesian_pooling_is_the_mixture_over_linkages() -> None:
    """Posteriors N(mu_d, 40) with mu_d ~ N(1000, 30): the mixture is N(1000, 50)."""
    rng = np.random.default_rng(5)
    d = 200
    mus = 1000 + 30 * rng.standard_normal(d)
    pooled, share = pool([_bayes(m, 40.0, rng) for m in mus])
    assert isinstance(pooled, EstimateResult)
    spread = np.var(mus, ddof=1) * (1 + 1 / d)
    assert share == pytest.approx(spread / (1600 + spread), abs=0.02)
    lo, hi = pooled.ci
    total_sd = np.sqrt(1600 + np.var(mus))
    assert lo == pytest.approx(np.mean(mus) - 1.96 * total_sd, rel=0.01)
    assert hi == pytest.approx(np.mean(mus) + 1.96 * total_sd, rel=0.01)


def test_mle_pooling_follows_rubins_rules() -> None:
    rng = np.random.default_rng(8)
    estimates = 2000 + 60 * rng.standard_normal(50)
    results = [
        EstimateResult(
            method="loglinear", observed=1200, estimate=e, ci=(e - 1.96 * 80, e + 1.96 * 80)
        )
        for e in estimates
    ]
    pooled, share = pool(results)
    total = 80**2 + (1 + 1 / 50) * np.var(estimates, ddof=1)
    assert pooled.estimate == pytest.approx(np.mean(estimates))
    assert pooled.ci[1] - pooled.estimate == pytest.approx(1.96 * np.sqrt(total), rel=1e-4)
    assert share == pytest.approx(1 - 80**2 / total, rel=1e-4)


def test_stratified_fits_pool_stratum_by_stratum() -> None:
    draws = [_histories(seed=s) for s in (3, 4, 5)]
    pooled = estimate_over_linkages(draws[0], draws, "loglinear", draws=3, lists=LISTS, by="sex")
    assert isinstance(pooled.result, StratifiedResult)
    assert set(pooled.result.strata) == {"female", "male"}
    assert pooled.result.total.observed == round(np.mean([len(h) for h in draws]))
    assert 0.0 < pooled.between_share < 1.0
    assert pooled.to_dict()["by"] == "sex"


def _chains(means: list[float], rng: np.random.Generator, n: int = 500) -> EstimateResult:
    """One linkage's fit: two chains of independent draws around the given means."""
    draws = np.concatenate([rng.normal(m, 40.0, n) for m in means])
    return EstimateResult(
        method="lcmcr", observed=500, estimate=float(np.median(draws)), ci=(0.0, 1.0),
        draws=draws, chains=len(means),
    )  # fmt: skip


def test_pooled_checks_compare_chains_within_each_linkage_only() -> None:
    rng = np.random.default_rng(2)
    # linkages far apart, chains of each in agreement: converged
    apart = [_chains([mu, mu], rng) for mu in (900.0, 1000.0, 1100.0, 1200.0)]
    checks = pooled_checks(apart)
    assert checks is not None
    assert checks[0] < 1.01 and checks[1] > 400
    # the two chains of every linkage sit 60 apart: not mixed
    split = [_chains([mu - 30, mu + 30], rng) for mu in (900.0, 1000.0, 1100.0, 1200.0)]
    checks = pooled_checks(split)
    assert checks is not None and checks[0] > 1.05
    # no chains to check (an MLE method)
    plain = EstimateResult(method="loglinear", observed=500, estimate=1000.0, ci=(900.0, 1100.0))
    assert pooled_checks([plain, plain]) is None


def test_pooled_lcmcr_says_when_its_budget_ends_before_the_checks_pass() -> None:
    draws = [_histories(seed=s) for s in (3, 4, 5)]
    with pytest.warns(ConvergenceWarning, match="NOT a finding"):
        pooled = estimate_over_linkages(
            draws[0], draws, "lcmcr", draws=3, lists=LISTS, seed=1, max_seconds=0.01
        )
    result = pooled.result
    assert isinstance(result, EstimateResult)
    assert result.converged is False and not result.finding
    assert result.diagnostics["rounds"] == 1
    assert any("NOT a finding" in w for w in result.warnings)
    # the short runs' own doubts are not repeated: the pooled checks replace them
    assert not any("R-hat" in w for w in pooled.draw_warnings)


def test_pooled_lcmcr_lengthens_the_runs_until_the_pooled_draws_pass() -> None:
    draws = [_histories(seed=s) for s in (3, 4, 5, 6)]
    pooled = estimate_over_linkages(draws[0], draws, "lcmcr", draws=4, lists=LISTS, seed=1)
    result = pooled.result
    assert isinstance(result, EstimateResult)
    assert result.converged is True and result.finding
    assert result.diagnostics["rhat"] <= 1.01 and result.diagnostics["ess_bulk"] >= 400
    assert pooled.run["K"] == pooled.single.diagnostics["K"]  # the run's own K, for every draw
    assert 1_000 < result.estimate < 2_000  # 1,500 people, independent lists


def test_a_linkage_without_a_number_leaves_the_pool_without_one() -> None:
    rng = np.random.default_rng(4)
    blank = EstimateResult.not_identified("dga", 520, "the saturated graph takes the weight")
    pooled, _ = pool([_bayes(1000.0, 40.0, rng), blank, _bayes(1010.0, 40.0, rng)])
    assert isinstance(pooled, EstimateResult)
    assert not pooled.identified and not pooled.finding
    assert "1 of the 3 linkage draws" in pooled.reason and "saturated" in pooled.reason


def test_a_total_that_moves_with_the_threshold_is_said_to() -> None:
    histories = _histories()
    same = estimate_over_linkages(
        histories, [histories] * 2, "loglinear", draws=2, lists=LISTS,
        alternatives={"link threshold 0.1": histories},
    )  # fmt: skip
    assert [row["label"] for row in same.sensitivity] == ["link threshold 0.1"]
    assert not any("depends on the linkage" in w for w in same.result.warnings)
    with pytest.warns(UserWarning, match="depends on the linkage"):
        moved = estimate_over_linkages(
            histories, [histories] * 2, "loglinear", draws=2, lists=LISTS,
            alternatives={"link threshold 0.7": _histories(n=2500, seed=9)},
        )  # fmt: skip
    assert any("link threshold 0.7" in w for w in moved.result.warnings)
    assert moved.to_dict()["linkage"]["sensitivity"][0]["persons"] > same.result.observed
