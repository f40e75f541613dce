"""Ages as lists write them: «۱۷ ساله», "17 yrs", «نوجوان», a birth year, a range.

A word for an age group becomes a range (``age_min``..``age_max``) and sets
``minor`` when the whole range is under 18. A four-digit number is a birth
year, Jalali (1200–1499) or Gregorian (1800–2199); with ``event_year`` the age
at the event is the difference of the years, which is exact to one year
(``age_min`` = difference − 1: the birthday may not have come yet). When the
two years are in different calendars a Jalali year spans two Gregorian years,
so the range widens by one more year and ``age`` is left empty.

``birth_year`` keeps the year as the list wrote it; ``gregorian_birth_year``
gives the Gregorian year for comparing records across calendars.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import jdatetime

from reckon.errors import AgeError
from reckon.normalize.persian import fold

MAX_AGE = 120

_GROUPS: dict[str, tuple[int, int | None]] = {
    "نوزاد": (0, 0), "infant": (0, 0), "baby": (0, 1), "newborn": (0, 0),
    "کودک": (0, 12), "child": (0, 12), "بچه": (0, 12),
    "نوجوان": (13, 19), "teenager": (13, 19), "teen": (13, 19), "adolescent": (13, 19),
    "minor": (0, 17), "زیر ۱۸ سال": (0, 17), "زیر 18 سال": (0, 17), "under 18": (0, 17),
    "خردسال": (0, 6), "کم سن": (0, 17), "کمسن": (0, 17), "صغیر": (0, 17),
    "جوان": (18, 35), "young": (18, 35), "youth": (15, 24),
    "بزرگسال": (18, None), "adult": (18, None),
    "میانسال": (40, 60), "middle aged": (40, 60),
    "سالمند": (60, None), "elderly": (60, None), "old": (60, None), "پیر": (60, None),
}  # fmt: skip
_UNKNOWN = {"", "?", "-", "نامعلوم", "نامشخص", "unknown", "n/a", "na", "nan", "none"}
_UNIT = r"(?:ساله|سال|سالگی|yrs?|years?(?: old)?|y/?o|yo|y)"
_AGE = re.compile(rf"^(?:age\s*:?\s*|سن\s*:?\s*|حدود\s*|about\s*|~\s*)?(-?\d{{1,3}})\s*{_UNIT}?$")
_MONTHS = re.compile(r"^(\d{1,2})\s*(?:ماهه|ماه|months?|mos?)(?: old)?$")
_RANGE = re.compile(
    rf"^(?:بین\s*|between\s*)?(\d{{1,3}})\s*(?:-|–|تا|to|and|و)\s*(\d{{1,3}})\s*{_UNIT}?$"
)
_SPACE_RUN = re.compile(r"\s+")
_HYPHEN_WORD = re.compile(r"(?<=[\da-z])-(?=[a-z])")
_AGED = re.compile(r"^(?:aged|age|سن)\s*:?\s*(?=\d)")
_BIRTH = re.compile(r"^(?:متولد\s*|تولد\s*:?\s*|born\s*(?:in\s*)?|b\.\s*|dob\s*:?\s*)?(\d{4})$")


@dataclass(frozen=True, slots=True)
class AgeReading:
    """How an age was read; ranges for age groups, a birth year when one was given."""

    text: str
    age: int | None
    age_min: int | None
    age_max: int | None
    birth_year: int | None
    minor: bool | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _minor(lo: int | None, hi: int | None) -> bool | None:
    if hi is not None and hi < 18:
        return True
    if lo is not None and lo >= 18:
        return False
    return None


def _check(text: str, *ages: int | None) -> None:
    for age in ages:
        if age is not None and not 0 <= age <= MAX_AGE:
            raise AgeError(text, f"an age of {age} is impossible (0 to {MAX_AGE})")


def _calendar(year: int) -> str | None:
    if 1200 <= year < 1500:
        return "jalali"
    if 1800 <= year < 2200:
        return "gregorian"
    return None


def gregorian_birth_year(year: int) -> int:
    """The Gregorian year in which most of a stated birth year falls.

    A Jalali year (1200–1499) runs from late March to late March, so three
    quarters of it lie in one Gregorian year: the one holding its seventh month's
    first day (jdatetime's conversion). A Gregorian year is returned as it is.
    """
    if _calendar(year) != "jalali":
        return year
    return int(jdatetime.date(year, 7, 1).togregorian().year)


def _from_birth_year(text: str, birth: int, event_year: int | None) -> AgeReading:
    cal = _calendar(birth)
    if cal is None:
        raise AgeError(text, f"{birth} is neither a Jalali nor a Gregorian birth year")
    if event_year is None:
        return AgeReading(text, None, None, None, birth, None)
    event_cal = _calendar(event_year)
    if event_cal is None:
        raise AgeError(text, f"event year {event_year} is neither Jalali nor Gregorian")
    if event_cal == cal:
        diff = event_year - birth
        lo, hi, age = diff - 1, diff, diff
    else:  # a Jalali year starts in March: it overlaps two Gregorian years
        shift = 621 if cal == "jalali" else -621
        diff = event_year - (birth + shift)
        lo, hi, age = diff - 2, diff, None
    if hi < 0:
        raise AgeError(text, f"born in {birth}, after the event year {event_year}")
    lo = max(lo, 0)
    _check(text, lo)
    return AgeReading(text, age, lo, hi, birth, _minor(lo, hi))


@lru_cache(maxsize=100_000)
def read_age(text: str, event_year: int | None = None) -> AgeReading:
    """Read an age; raises AgeError on an impossible or unreadable one."""
    s = fold(text).lower().replace("\u200c", " ").strip(" .")
    s = _HYPHEN_WORD.sub(" ", _SPACE_RUN.sub(" ", s))  # "17-year-old" → "17 year old"
    s = _AGED.sub("", s)
    if s in _UNKNOWN:
        return AgeReading(text, None, None, None, None, None)
    if s in _GROUPS:
        lo, hi = _GROUPS[s]
        return AgeReading(text, None, lo, hi, None, _minor(lo, hi))
    if m := _BIRTH.match(s):
        return _from_birth_year(text, int(m[1]), event_year)
    if m := _MONTHS.match(s):
        return AgeReading(text, 0, 0, 0, None, True)
    if m := _AGE.match(s):
        age = int(m[1])
        _check(text, age)
        return AgeReading(text, age, age, age, None, age < 18)
    if m := _RANGE.match(s):
        lo, hi = int(m[1]), int(m[2])
        _check(text, lo, hi)
        if lo > hi:
            raise AgeError(text, f"age range {lo} to {hi} runs backwards")
        return AgeReading(text, None, lo, hi, None, _minor(lo, hi))
    if "/" in s or "-" in s[1:]:  # a birth date: the year is what an age needs
        from reckon.errors import DateError
        from reckon.normalize.dates import read_date

        try:
            born = read_date(text)
        except DateError as exc:
            raise AgeError(text, f"neither an age nor a birth date ({exc.reason})") from None
        year = int(born.jalali[:4]) if born.calendar == "jalali" else born.start.year
        return _from_birth_year(text, year, event_year)
    raise AgeError(text, "not an age, an age group or a birth year")
