"""EstimateResult and StratifiedResult: intervals, JSON shape, summaries, plots, pooling."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from reckon.errors import EstimateError
from reckon.estimate import EstimateResult, StratifiedResult
from reckon.estimate.results import lognormal_interval


def _bayes(seed: int, centre: float, n: int = 400, chains: int = 2) -> EstimateResult:
    draws = np.random.default_rng(seed).normal(centre, 10.0, n)
    lo, hi = np.quantile(draws, [0.025, 0.975])
    return EstimateResult(
        "lcmcr", 100, float(np.median(draws)), (lo, hi), draws=draws, chains=chains
    )


def test_conf_int_from_draws_at_any_level() -> None:
    r = _bayes(1, 150.0)
    lo90, hi90 = r.conf_int(0.10)
    lo95, hi95 = r.conf_int(0.05)
    assert lo95 < lo90 < r.estimate < hi90 < hi95
    assert r.chain_draws().shape == (2, 200)


def test_conf_int_without_draws_or_interval_knows_only_95() -> None:
    r = EstimateResult("x", 10, 20.0, (12.0, 40.0))
    assert r.conf_int() == (12.0, 40.0)
    with pytest.raises(EstimateError):
        r.conf_int(0.1)


def test_json_shape_has_the_contract_fields() -> None:
    r = EstimateResult("loglinear", 10, 20.0, (12.0, math.inf), std_err=3.0, warnings=["w"])
    d = json.loads(r.to_json())
    assert {"method", "observed", "estimate", "ci"} <= set(d)
    assert d["ci"] == [12.0, None]  # an unbounded end is null, not Infinity
    assert d["warnings"] == ["w"]


def test_summary_text_and_html() -> None:
    r = EstimateResult("chapman", 1000, 1500.0, (1300.0, 1800.0), assumptions="We <assume>.")
    text = r.summary().as_text()
    assert "1,500" in text and "1,300 - 1,800" in text
    html = r.summary().as_html()
    assert "&lt;assume&gt;" in html


def test_plots_return_figures() -> None:
    r = _bayes(2, 150.0)
    for fig in (r.plot_posterior(), r.plot_trace()):
        assert fig.axes
    m = EstimateResult("loglinear", 100, 150.0, (120.0, 200.0))
    assert m.plot_posterior().axes
    with pytest.raises(EstimateError):
        m.plot_trace()


def test_pooling_draws_sums_by_index_not_medians() -> None:
    a, b = _bayes(3, 150.0), _bayes(4, 250.0)
    s = StratifiedResult.pool("province", {"a": a, "b": b})
    assert a.draws is not None and b.draws is not None and s.total.draws is not None
    np.testing.assert_allclose(s.total.draws, a.draws + b.draws)
    assert s.estimate == pytest.approx(float(np.median(a.draws + b.draws)))
    assert s.observed == 200
    d = s.to_dict()
    assert [x["stratum"] for x in d["strata"]] == ["a", "b"]
    assert d["by"] == "province"
    assert s.plot_strata().axes
    assert "province" in s.summary().as_text()


def test_pooling_mle_sums_variances_with_a_lognormal_interval() -> None:
    a = EstimateResult("loglinear", 100, 150.0, (120.0, 200.0), std_err=20.0)
    b = EstimateResult("loglinear", 300, 400.0, (350.0, 470.0), std_err=30.0)
    s = StratifiedResult.pool("month", {"a": a, "b": b})
    assert s.estimate == 550.0
    assert s.total.std_err == pytest.approx(math.sqrt(20.0**2 + 30.0**2))
    assert s.ci == lognormal_interval(400, 550.0, 1300.0, 0.05)
    assert s.ci[0] > 400  # never below the number observed
    assert s.conf_int(0.5)[1] < s.ci[1]


def test_lognormal_interval_of_nothing_undocumented() -> None:
    assert lognormal_interval(100, 100.0, 4.0, 0.05) == (100.0, 100.0)
