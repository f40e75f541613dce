"""Two very unlike records of one list are kept apart, even through a third."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reckon.link.clusters import cluster
from reckon.link.run import unlike_in_one_list


def test_namesakes_of_one_list_do_not_meet_through_a_record_of_another() -> None:
    frame = pd.DataFrame({"unique_id": [1, 2, 3], "source": ["ngo", "ngo", "social"]})
    # 3 (a sparse social post) resembles both NGO records; the two NGO records
    # (two men of one name, different ages and provinces) are very unlike.
    pairs = pd.DataFrame(
        {
            "unique_id_l": [1, 2, 1],
            "unique_id_r": [3, 3, 2],
            "match_probability": [0.95, 0.9, 0.001],
        }
    )
    apart = unlike_in_one_list(frame, pairs)
    assert apart.values.tolist() == [[1, 2]]
    labels = cluster(np.array([1, 2, 3]), pairs, 0.4, cannot_link=apart)
    assert labels[0] != labels[1]
    assert labels[2] in (labels[0], labels[1])
    # without the rule, the mean (0.95 + 0.001) / 2 is above 0.4 and all three join
    assert len(set(cluster(np.array([1, 2, 3]), pairs, 0.4))) == 1


def test_a_close_copy_inside_one_list_is_not_kept_apart() -> None:
    frame = pd.DataFrame({"unique_id": [1, 2], "source": ["morgue", "morgue"]})
    pairs = pd.DataFrame({"unique_id_l": [1], "unique_id_r": [2], "match_probability": [0.99]})
    assert unlike_in_one_list(frame, pairs).empty
