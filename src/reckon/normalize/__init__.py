"""Reading Persian names, Jalali dates, Iranian places, ages and sex.

Every reader takes the text exactly as a list gives it and returns a frozen
reading that keeps that text and shows what was done with it. Names and places
never raise; dates and ages raise ``DateError`` / ``AgeError`` naming the text
when it is impossible or unreadable. All readers are cached: real lists repeat
the same values many times.
"""

from __future__ import annotations

from reckon.normalize.ages import AgeReading, read_age
from reckon.normalize.dates import DateReading, read_date
from reckon.normalize.persian import NameReading, name_key, read_name, split_full_name
from reckon.normalize.places import PlaceReading, read_place
from reckon.normalize.sex import infer_sex, read_sex

__all__ = [
    "AgeReading",
    "DateReading",
    "NameReading",
    "PlaceReading",
    "infer_sex",
    "name_key",
    "read_age",
    "read_date",
    "read_name",
    "read_place",
    "read_sex",
    "split_full_name",
]
