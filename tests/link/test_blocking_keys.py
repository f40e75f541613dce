"""The columns made for blocking: sorted name letters and keys kept where rare."""

from __future__ import annotations

import pandas as pd

from reckon.link import blocking, features
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
    assert len(blocking.prediction_rules()) == 7 + len(RARE_KEYS) + 1


def test_names_one_letter_apart_share_a_near_key_and_common_variants_are_dropped() -> None:
    from reckon.link.features import near_keys, one_letter_out

    assert one_letter_out("abcd") == ["abc", "abcd", "abd", "acd", "bcd"]
    whole = pd.Series(["mhmdlbd", "mhmdlbz", "mhmdlb", "mhmdlbd", "xyzw", "mhmdlbd", "abc"])
    place = pd.Series(["IR-11", "IR-11", "IR-11", "IR-23", "IR-11", None, "IR-11"])
    keys = near_keys(whole, place, cap=3)
    # a changed letter (d/z), a dropped one: each shares «mhmdlb|IR-11» with the first
    assert {"mhmdlb|IR-11"} <= set(keys[0]) & set(keys[1]) & set(keys[2])
    assert not set(keys[0]) & set(keys[3])  # another province
    assert keys[5] is None and keys[6] is None  # no place; too short to leave a letter out
    crowded = near_keys(pd.Series(["mhmdlbd"] * 4), pd.Series(["IR-11"] * 4), cap=3)
    assert crowded.isna().all()  # more records than the cap share every variant


def test_a_typo_in_a_short_whole_name_is_still_compared() -> None:
    records = pd.DataFrame(
        {
            "id": [1, 2],
            "source": ["morgue", "social"],
            "source_record_id": ["1", "1"],
            "given_name": ["Ali", "Ali"],
            "family_name": ["Mazed", "Mared"],
            "province_code": ["IR-05", "IR-05"],
        }
    )
    frame = link_frame(records)
    shared = set(frame[features.NEAR_KEY].iloc[0]) & set(frame[features.NEAR_KEY].iloc[1])
    assert shared  # the rule `block_on(NEAR_KEY, arrays_to_explode=...)` pairs them
