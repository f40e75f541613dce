"""Person ids survive re-links: kept, merged, split and new persons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reckon.link.identity import stable_ids


def _keys(*ids: str) -> pd.DataFrame:
    return pd.DataFrame({"source": ["ngo"] * len(ids), "source_record_id": list(ids)})


def _previous(mapping: dict[str, int | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["ngo"] * len(mapping),
            "source_record_id": list(mapping),
            "person_id": pd.array(list(mapping.values()), dtype="Int64"),
        }
    )


def test_the_first_run_numbers_persons_in_order() -> None:
    assert stable_ids(_keys("a", "b", "c"), np.array([0, 1, 0]), None).tolist() == [1, 2]


def test_unchanged_persons_keep_their_ids_and_new_ones_come_after() -> None:
    previous = _previous({"a": 7, "b": 7, "c": 3})
    # a new record "d" arrives first in the new order and is a person of its own
    labels = np.array([0, 1, 1, 2])
    ids = stable_ids(_keys("d", "a", "b", "c"), labels, previous)
    assert ids.tolist() == [8, 7, 3]


def test_a_merge_keeps_the_larger_id_and_a_split_gives_the_larger_part_the_id() -> None:
    previous = _previous({"a": 1, "b": 1, "c": 2, "d": 5, "e": 5, "f": 5})
    # a, b and c are now one person (1 was larger than 2); d, e stay together and f
    # splits off
    labels = np.array([0, 0, 0, 1, 1, 2])
    ids = stable_ids(_keys("a", "b", "c", "d", "e", "f"), labels, previous)
    assert ids.tolist() == [1, 5, 6]


def test_records_without_a_previous_person_do_not_steal_ids() -> None:
    previous = _previous({"a": 4, "b": None})
    ids = stable_ids(_keys("b", "a"), np.array([0, 1]), previous)
    assert ids.tolist() == [5, 4]
