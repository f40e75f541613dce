"""The estimate commands speak of CLI options, flag what is not a finding, and compare methods."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from reckon.cli import app
from reckon.errors import SparseDataWarning
from reckon.estimate import CaptureTable, estimate_table
from reckon.estimate.agreement import compare_estimates
from reckon.estimate.histories import all_patterns

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"


def _five_lists(path: Path) -> Path:
    rng = np.random.default_rng(5)
    x = (rng.random((3_000, 5)) < 0.3).astype(np.int64)
    x = x[x.sum(axis=1) > 0]
    full = np.bincount(x @ (1 << np.arange(5)) - 1, minlength=31)
    lines = ["A,B,C,D,E,count"]
    lines += [",".join(map(str, p)) + f",{n}" for p, n in zip(all_patterns(5), full, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_chapman_on_five_lists_names_the_cli_option(tmp_path: Path) -> None:
    table = _five_lists(tmp_path / "five.csv")
    res = CliRunner().invoke(app, ["estimate-table", str(table), "--method", "chapman"])
    assert res.exit_code == 1
    assert "--lists" in res.output and "--method loglinear" in res.output
    assert "lists=" not in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1
    res = CliRunner().invoke(
        app, ["estimate-table", str(table), "-m", "chapman", "--lists", "A,B", "--K", "3"]
    )
    assert res.exit_code == 1 and "does not take --K" in res.output
    res = CliRunner().invoke(
        app, ["estimate-table", str(table), "-m", "chapman", "--lists", "A,B", "--json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["lists"] == ["A", "B"]


def test_an_lcmcr_run_cut_short_is_not_presented_as_a_finding() -> None:
    runner = CliRunner()
    args = ["estimate-table", str(KOSOVO), "-m", "lcmcr", "--seed", "1", "--max-sweeps", "2000"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "NOT CONVERGED" in res.stdout and "not a finding" in res.stdout
    assert "--max-sweeps" in res.stdout and "max_sweeps=" not in res.stdout
    res = runner.invoke(app, [*args, "--json"])
    out = json.loads(res.stdout)
    assert out["converged"] is False and out["finding"] is False
    assert any("did NOT converge" in w for w in out["warnings"])


def test_several_methods_are_compared_in_plain_words(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        app, ["estimate-table", str(KOSOVO), "-m", "loglinear,dga", "--seed", "2", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [r["method"] for r in out["results"]] == ["loglinear", "dga"]
    assert out["agreement"]["disagree"] is False
    assert "agree within their intervals" in out["agreement"]["statement"]


def test_methods_that_disagree_beyond_their_intervals_are_said_to() -> None:
    # two of Kosovo's four lists alone (Chapman assumes them independent) against the
    # log-linear model of all four: the intervals are far apart
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        two = estimate_table(table, "chapman", lists=["EXH", "ABA"])
        four = estimate_table(table, "loglinear")
    verdict = compare_estimates({"chapman": two, "loglinear": four})
    assert two.ci[1] < four.ci[0]
    assert verdict.disagree and verdict.disjoint == (("chapman", "loglinear"),)
    assert "disagree beyond their intervals" in verdict.statement
    assert verdict.spread == (two.estimate, four.estimate)


def test_a_method_without_a_number_is_named_not_averaged() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SparseDataWarning)
        blind = estimate_table(table, "dga", seed=1, delta=1.0)
        four = estimate_table(table, "loglinear")
    verdict = compare_estimates([blind, four])
    assert verdict.without_number == ("dga",)
    assert "dga gives no number" in verdict.statement
    assert verdict.spread == (four.estimate, four.estimate)


def test_estimate_defaults_to_the_recommended_method() -> None:
    import inspect

    from reckon.cli import estimate_cmd, estimate_table_cmd
    from reckon.estimate import DEFAULT_METHOD

    for command in (estimate_cmd, estimate_table_cmd):
        assert inspect.signature(command).parameters["method"].default == DEFAULT_METHOD
