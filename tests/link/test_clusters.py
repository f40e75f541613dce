"""Clusters at a threshold, and reviewers' decisions as constraints."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reckon.link.clusters import candidate_groups, cluster, components


def _edges(*rows: tuple[int, int, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_probability"])


def _pairs(*rows: tuple[int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r"])


def _groups(ids: list[int], labels: np.ndarray) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, label in zip(ids, labels, strict=True):
        out.setdefault(int(label), set()).add(i)
    return {frozenset(g) for g in out.values()}


IDS = [10, 11, 12, 13, 14]
EDGES = _edges((10, 11, 0.99), (11, 12, 0.95), (12, 13, 0.5), (13, 14, 0.97))


def test_threshold_makes_connected_components() -> None:
    labels = cluster(np.array(IDS), EDGES, 0.9)
    assert _groups(IDS, labels) == {frozenset({10, 11, 12}), frozenset({13, 14})}
    assert labels[0] == 0  # numbered by first appearance


def test_a_match_decision_joins_whatever_the_score() -> None:
    labels = cluster(np.array(IDS), EDGES, 0.9, must_link=_pairs((12, 13)))
    assert _groups(IDS, labels) == {frozenset(IDS)}


def test_a_non_match_splits_a_cluster_at_its_weakest_link() -> None:
    labels = cluster(np.array(IDS), EDGES, 0.9, cannot_link=_pairs((10, 12)))
    assert _groups(IDS, labels) == {frozenset({10, 11}), frozenset({12}), frozenset({13, 14})}


def test_a_non_match_on_a_direct_pair_removes_it() -> None:
    labels = cluster(np.array(IDS), EDGES, 0.9, cannot_link=_pairs((13, 14)))
    assert _groups(IDS, labels) == {frozenset({10, 11, 12}), frozenset({13}), frozenset({14})}


def test_a_non_match_overrides_a_match_path_but_not_the_other_decisions() -> None:
    labels = cluster(
        np.array(IDS),
        EDGES,
        0.9,
        must_link=_pairs((12, 13)),
        cannot_link=_pairs((10, 14)),
    )
    groups = _groups(IDS, labels)
    assert not any({10, 14} <= g for g in groups)
    assert any({12, 13} <= g for g in groups)


def test_unknown_ids_in_decisions_are_ignored() -> None:
    labels = cluster(np.array(IDS), EDGES, 0.9, must_link=_pairs((99, 10)))
    assert len(labels) == len(IDS)


def test_one_strong_pair_does_not_join_two_people_whose_other_pairs_disagree() -> None:
    # 20 and 21 are one person, 22 and 23 another; one pair across them scores
    # high (a namesake), the other three across pairs were scored low.
    ids = [20, 21, 22, 23]
    edges = _edges(
        (20, 21, 0.99),
        (22, 23, 0.99),
        (21, 22, 0.95),
        (20, 22, 0.01),
        (20, 23, 0.02),
        (21, 23, 0.05),
    )
    assert _groups(ids, components(np.array(ids), edges, 0.9)) == {frozenset(ids)}
    assert _groups(ids, cluster(np.array(ids), edges, 0.9)) == {
        frozenset({20, 21}),
        frozenset({22, 23}),
    }


def test_pairs_blocking_never_compared_do_not_count_against_a_join() -> None:
    ids = [30, 31, 32]
    edges = _edges((30, 31, 0.97), (31, 32, 0.96))  # 30-32 never compared
    assert _groups(ids, cluster(np.array(ids), edges, 0.9)) == {frozenset(ids)}


def test_candidate_groups_hold_only_groups_of_three_or_more() -> None:
    groups = candidate_groups(np.array(IDS), EDGES, 0.9)
    assert sorted(groups["unique_id"]) == [10, 11, 12]
    assert groups["grp"].nunique() == 1
