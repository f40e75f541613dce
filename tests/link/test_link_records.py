"""The whole linkage on a hand-made set of records: quality, determinism, decisions."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from tests.link.people import make_records

from reckon.link import model
from reckon.link.evaluation import evaluate
from reckon.link.run import link_records

NO_DECISIONS = pd.DataFrame()


def _link(records: pd.DataFrame, decided: pd.DataFrame = NO_DECISIONS, **kw: Any) -> Any:
    return link_records(
        records,
        decided,
        backend="duckdb",
        threshold=0.9,
        saved=kw.pop("saved", None),
        plan=model.TrainingPlan(seed=kw.pop("seed", 11)),
    )


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return make_records(400, seed=3)


@pytest.fixture(scope="module")
def first(records: pd.DataFrame) -> Any:
    return _link(records)


def _truth(records: pd.DataFrame) -> pd.DataFrame:
    return records[["source", "source_record_id"]].assign(person_id=records["truth"].astype(str))


def _scores(records: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> Any:
    linked = tables["assignments"].assign(script=records["script"].to_numpy())
    return evaluate(linked, _truth(records))


def test_links_across_scripts_with_high_f1(records: pd.DataFrame, first: Any) -> None:
    tables, scored = first
    result = _scores(records, tables)
    assert result.pairwise["all"].f1 > 0.9
    assert result.pairwise["across"].f1 > 0.85
    assert result.bcubed["all"].f1 > 0.95
    assert scored.comparisons > len(scored.pairs) > 0


def test_two_namesakes_stay_two_persons(records: pd.DataFrame, first: Any) -> None:
    tables, _ = first
    person = tables["assignments"]["person_id"].to_numpy()
    namesakes = records.index[records["truth"].isin([0, 1])]
    by_truth = {int(records.at[i, "truth"]): set() for i in namesakes}
    for i in namesakes:
        by_truth[int(records.at[i, "truth"])].add(int(person[i]))
    assert by_truth[0].isdisjoint(by_truth[1])


def test_same_seed_same_result(records: pd.DataFrame, first: Any) -> None:
    tables, scored = first
    again_tables, again = _link(records)
    # DuckDB sums in parallel, so trained probabilities may differ in their last bits
    # (summation order); anything beyond that would be a real loss of determinism.
    assert _probabilities(again.model) == pytest.approx(_probabilities(scored.model), rel=1e-9)
    pd.testing.assert_frame_equal(tables["assignments"], again_tables["assignments"])


def _probabilities(model: dict[str, Any]) -> list[float]:
    return [
        float(level.get(key, -1.0))
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
        for key in ("m_probability", "u_probability")
    ]


def test_saved_model_is_reused_without_training(records: pd.DataFrame, first: Any) -> None:
    tables, scored = first
    reused_tables, reused = _link(records, saved=scored.model)
    assert not reused.trained
    assert (reused_tables["assignments"]["person_id"] == tables["assignments"]["person_id"]).all()


def test_persons_summary_and_corroboration(records: pd.DataFrame, first: Any) -> None:
    tables, _ = first
    people = tables["persons"]
    assert people["n_records"].sum() == len(records)
    assert set(people["status"]) <= {"confirmed", "under_investigation"}
    single = people[people["n_sources"] == 1]
    assert (single["status"] == "under_investigation").all()
    several = people[people["n_sources"] >= 2]
    assert (several["status"] == "confirmed").all()  # the three sources are independent


def _decision(records: pd.DataFrame, i: int, j: int, decision: str) -> dict[str, Any]:
    a = (records.at[i, "source"], records.at[i, "source_record_id"])
    b = (records.at[j, "source"], records.at[j, "source_record_id"])
    (sa, ra), (sb, rb) = sorted([a, b])
    return {"source_a": sa, "record_a": ra, "source_b": sb, "record_b": rb, "decision": decision}


def test_decisions_override_the_model(records: pd.DataFrame, first: Any) -> None:
    tables, scored = first
    person = tables["assignments"]["person_id"].to_numpy()
    # a cluster of at least two records, and two records the model kept apart
    sizes = pd.Series(person).value_counts()
    big = int(sizes.index[0])
    i, j = [int(k) for k in (person == big).nonzero()[0][:2]]
    apart = next(k for k in range(len(records)) if person[k] != big)
    decided = pd.DataFrame(
        [_decision(records, i, j, "non_match"), _decision(records, i, apart, "match")]
    )
    new_tables, _ = _link(records, decided, saved=scored.model)
    new_person = new_tables["assignments"]["person_id"].to_numpy()
    assert new_person[i] != new_person[j]
    assert new_person[i] == new_person[apart]
