"""The columns made for blocking: sorted name letters and keys kept where rare."""

from __future__ import annotations

import pandas as pd

from reckon.link import blocking
from reckon.link.features import RARE_KEYS, _rare, link_frame, name_bag


def test_name_bag_survives_a_swap_and_another_split() -> None:
    assert name_bag("al", "prsrd") == name_bag("alprs", "rd") == name_bag("prsrd", "al")
    assert name_bag("al", "prsrd") != name_bag("al", "prsr")
    assert name_bag(None, None) is None


def test_a_rare_key_is_dropped_where_more_records_share_it_than_the_cap() -> None:
    frame = pd.DataFrame(
        {
            "given": pd.array(["mhmd"] * 4 + ["sina", "sina", None], dtype="string"),
            "family": pd.array(["hsini"] * 4 + ["rzi", "rzi", "rzi"], dtype="string"),
        }
    )
    key = _rare(frame, ("given", "family"), cap=3)
    assert key.isna()[:4].all()  # four Mohammad Hosseinis: too common to block on
    assert list(key[4:6]) == ["sina|rzi", "sina|rzi"]
    assert pd.isna(key[6])  # a missing part gives no key


def test_every_rare_key_is_a_column_and_a_rule() -> None:
    records = pd.DataFrame(
        {
            "id": [1, 2],
            "source": ["a", "b"],
            "source_record_id": ["1", "1"],
            "given_name": ["Ali", "علی"],
            "family_name": ["Karimi", "کریمی"],
        }
    )
    frame = link_frame(records)
    for name, _ in RARE_KEYS:
        assert name in frame.columns
    assert frame["rare_name"].iloc[0] == frame["rare_name"].iloc[1]
    assert len(blocking.prediction_rules()) == 6 + len(RARE_KEYS)
