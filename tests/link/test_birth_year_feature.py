"""The birth year the linkage compares: Gregorian whatever calendar the list wrote."""

from __future__ import annotations

import pandas as pd

from reckon.link.features import link_frame
from reckon.normalize.ages import gregorian_birth_year, read_age


def test_a_jalali_birth_year_is_compared_as_the_gregorian_year_it_mostly_falls_in() -> None:
    assert gregorian_birth_year(1382) == 2003  # 1382-01-01 is 2003-03-21
    assert gregorian_birth_year(1300) == 1921
    assert gregorian_birth_year(1998) == 1998  # a Gregorian year stays as it is


def test_the_family_lists_jalali_year_meets_the_age_of_another_list() -> None:
    stated = read_age("متولد ۱۳۸۲").birth_year  # the family list's way
    assert stated == 1382  # ingest keeps the year as written
    records = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "source": ["family", "morgue", "ngo"],
            "source_record_id": ["1", "1", "1"],
            "given_name": ["علی", "علی", "Ali"],
            "birth_year": [stated, None, 2003],
            "age": [None, 22, None],
            "date_start": [None, "2026-01-09", "2026-01-09"],
        }
    )
    frame = link_frame(records)
    assert list(frame["birth_year"]) == [2003, 2004, 2003]
