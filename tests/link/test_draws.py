"""Linkage draws: calibrated probabilities move records, reviewers' decisions never move."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import LINKAGE_DRAWS, app
from reckon.estimate.strata import estimate_histories
from reckon.ingest.importer import import_file
from reckon.link.draws import Linkage, build_linkage
from reckon.link.model import TrainingPlan
from reckon.link.run import link_case
from reckon.store.captures import read_capture_histories, source_names
from reckon.synth import generate

runner = CliRunner()

DRAWS = 400


def _records(persons: list[list[str]]) -> pd.DataFrame:
    """Records named ``src:rid`` grouped into the run's persons."""
    rows = []
    for p, members in enumerate(persons):
        for name in members:
            source, rid = name.split(":")
            rows.append({"source": source, "source_record_id": rid, "person": f"p{p}"})
    frame = pd.DataFrame(rows)
    return frame.assign(
        id=np.arange(len(frame)), province=None, month=None, sex="male", age_group=None
    )


def _pairs(*pairs: tuple[str, str, float]) -> pd.DataFrame:
    rows = []
    for a, b, p in pairs:
        (sa, ra), (sb, rb) = sorted([tuple(a.split(":")), tuple(b.split(":"))])
        rows.append(
            {"source_a": sa, "record_a": ra, "source_b": sb, "record_b": rb, "match_probability": p}
        )
    return pd.DataFrame(rows)


def _decisions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    out = _pairs(*((a, b, 0.0) for a, b, _ in rows)).drop(columns="match_probability")
    return out.assign(decision=[d for _, _, d in rows])


NO_DECISIONS = pd.DataFrame()


def _together(linkage: Linkage, a: str, b: str, seed: int = 1) -> float:
    """The share of draws that put records ``a`` and ``b`` in one person."""
    keys = list(zip(linkage.records["source"], linkage.records["source_record_id"], strict=True))
    ia, ib = keys.index(tuple(a.split(":"))), keys.index(tuple(b.split(":")))
    return float(np.mean([d[ia] == d[ib] for d in linkage.draws(DRAWS, seed)]))


def test_certain_pairs_always_linked_and_impossible_ones_never() -> None:
    records = _records([["a:1", "b:1"], ["c:1"], ["a:2"], ["b:2", "c:2"]])
    pairs = _pairs(
        ("a:1", "b:1", 1.0 - 1e-12),  # inside a person, certain: never split
        ("b:1", "c:1", 1.0 - 1e-12),  # across persons, certain: always joined
        ("a:2", "c:1", 1e-12),  # across, impossible: never joined
        ("b:2", "c:2", 1e-12),  # inside, impossible: always split
    )
    linkage = build_linkage(records, pairs, NO_DECISIONS)
    assert _together(linkage, "a:1", "b:1") == 1.0
    assert _together(linkage, "a:1", "c:1") == 1.0
    assert _together(linkage, "a:2", "c:1") == 0.0
    assert _together(linkage, "b:2", "c:2") == 0.0


def test_reviewers_decisions_hold_in_every_draw() -> None:
    records = _records([["a:1"], ["b:1"], ["c:1"], ["a:2", "b:2"], ["c:2"]])
    pairs = _pairs(
        ("a:1", "b:1", 0.02),  # a reviewer matched it: linked whatever the score
        ("a:2", "b:2", 0.99),  # a reviewer split it: never together
        ("b:2", "c:2", 0.99),
        ("a:2", "c:2", 0.99),
    )
    decided = _decisions(("a:1", "b:1", "match"), ("a:2", "b:2", "non_match"))
    linkage = build_linkage(records, pairs, decided)
    assert _together(linkage, "a:1", "b:1") == 1.0
    assert _together(linkage, "a:2", "b:2") == 0.0
    # the chain a:2 - c:2 - b:2 would put them together: the draw undoes it
    assert _together(linkage, "a:2", "c:2") > 0.0 or _together(linkage, "b:2", "c:2") > 0.0


def test_a_match_decision_on_an_unscored_pair_links_it() -> None:
    records = _records([["a:1"], ["b:1"]])
    linkage = build_linkage(records, _pairs(), _decisions(("a:1", "b:1", "match")))
    assert _together(linkage, "a:1", "b:1") == 1.0


def test_draws_follow_the_calibrated_probabilities() -> None:
    records = _records([["a:1", "b:1"], ["a:2"], ["b:2"]])
    pairs = _pairs(("a:1", "b:1", 0.7), ("a:2", "b:2", 0.3))
    linkage = build_linkage(records, pairs, NO_DECISIONS)
    # binomial sd at 400 draws is at most 0.025: four of them is a wide margin
    assert abs(_together(linkage, "a:1", "b:1") - 0.7) < 0.1
    assert abs(_together(linkage, "a:2", "b:2") - 0.3) < 0.1


def test_many_weak_pairs_do_not_merge_two_people() -> None:
    """25 pairs at 0.1 between two five-record persons: independent edges would join
    them in 1 - 0.9^25 = 93% of draws; the mean of their pairs says 10%."""
    left = [f"a:{i}" for i in range(5)]
    right = [f"b:{i}" for i in range(5)]
    strong = [(x, y, 0.999) for group in (left, right) for x in group for y in group if x < y]
    weak = [(x, y, 0.1) for x in left for y in right]
    linkage = build_linkage(_records([left, right]), _pairs(*strong, *weak), NO_DECISIONS)
    assert abs(_together(linkage, "a:0", "b:0") - 0.1) < 0.06


def test_the_clustering_at_other_thresholds() -> None:
    """Two persons of the run (a:0+a:1, b:0) whose one pair scores 0.3: a threshold of
    0.1 joins them; 0.7 cuts a:1 off a:0, whose own pair scores 0.6."""
    linkage = build_linkage(
        _records([["a:0", "a:1"], ["b:0"]]),
        _pairs(("a:0", "a:1", 0.6), ("a:0", "b:0", 0.3)),
        NO_DECISIONS,
    )
    assert len(set(linkage.at_threshold(0.1))) == 1
    assert len(set(linkage.at_threshold(0.5))) == 2  # between the run's 0.4 and 0.6: as run
    assert len(set(linkage.at_threshold(0.7))) == 3


def test_draws_are_reproducible_and_give_histories() -> None:
    records = _records([["a:1", "b:1"], ["a:2"], ["b:2"]])
    linkage = build_linkage(records, _pairs(("a:1", "b:1", 0.5), ("a:2", "b:2", 0.5)), NO_DECISIONS)
    first = list(linkage.draws(20, seed=7))
    again = list(linkage.draws(20, seed=7))
    assert all((x == y).all() for x, y in zip(first, again, strict=True))
    assert len({tuple(d) for d in first}) > 1
    histories = linkage.histories(first[0])
    assert histories["sources"].map(len).sum() >= 2
    assert len(histories) == first[0].max() + 1


@pytest.mark.slow
def test_estimate_cli_draws_linkages_by_default_and_not_with_zero(
    tmp_path: Path, case_dir: Path
) -> None:
    lists = tmp_path / "lists"
    generate(lists, people=200, sources=3, seed=4)
    case = Case.create(case_dir)
    for row in pd.read_csv(lists / "sources.csv").itertuples():
        import_file(case, lists / str(row.file), source=str(row.name), kind=str(row.kind))
    link_case(case, plan=TrainingPlan(u_max_pairs=2e5, em_max_pairs=2e5))
    with case.engine.connect() as conn:
        histories = read_capture_histories(conn)
        names = source_names(conn)
    case.close()

    args = ["estimate", str(case_dir), "--method", "loglinear", "--json"]
    plain = runner.invoke(app, [*args, "--linkage-draws", "0"])
    assert plain.exit_code == 0, plain.output
    today = json.loads(plain.stdout)
    assert "linkage" not in today
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = estimate_histories(histories, "loglinear", lists=names)
    assert today["estimate"] == pytest.approx(expected.estimate)

    default = runner.invoke(app, args)
    assert default.exit_code == 0, default.output
    pooled = json.loads(default.stdout)
    part = pooled["linkage"]
    assert part["draws"] == LINKAGE_DRAWS == len(part["draw_estimates"])
    assert 0.0 <= part["between_share"] <= 1.0
    assert part["single_clustering"]["observed"] == today["observed"]
    assert pooled["ci"][0] <= pooled["estimate"] <= pooled["ci"][1]
