"""Dates as lists write them: Jalali or Gregorian, whole, partial or a range.

Which calendar, in order of authority:

1. the text says so: a month name (دی, Dey → Jalali; January, ژانویه →
   Gregorian) or a marker (ه.ش، شمسی، SH, AP; میلادی، AD, CE);
   ``calendar_assumed`` is False;
2. the year decides: 1200–1499 is Jalali, 1800–2199 Gregorian (this is what
   stops «1401-07-11» from being read as a Gregorian date 621 years off);
3. a two-digit year is read in the source's ``default_calendar``
   (``auto`` refuses it).

In 2 and 3 ``calendar_assumed`` is True. Numeric day-month order is day first
(as in Iran and Europe); a Gregorian date whose second number exceeds 12 is
read month first (US). Partial dates keep their precision; «اوایل / اواسط /
اواخر» (early / mid / late) narrow a month to days 1–10, 11–20, 21–end, and a
year to months 1–4, 5–8, 9–12. ``gregorian`` and ``jalali`` are ISO 8601 cut
to the precision, of the start: the Jalali month دی ۱۴۰۴ starts on 2025-12-22,
so its ``gregorian`` is "2025-12"; ``start`` and ``end`` carry the exact span.
Calendar arithmetic is jdatetime's.
"""

from __future__ import annotations

import calendar as _gcal
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jdatetime

from reckon.errors import DateError
from reckon.normalize.persian import fold

JALALI_MONTHS = {
    "فروردین": 1, "farvardin": 1, "farwardin": 1,
    "اردیبهشت": 2, "ordibehesht": 2, "ordibehesht-e": 2,
    "خرداد": 3, "khordad": 3, "khurdad": 3,
    "تیر": 4, "tir": 4,
    "مرداد": 5, "امرداد": 5, "mordad": 5, "amordad": 5, "murdad": 5,
    "شهریور": 6, "shahrivar": 6, "shahriwar": 6,
    "مهر": 7, "mehr": 7, "mihr": 7,
    "آبان": 8, "aban": 8, "abaan": 8,
    "آذر": 9, "azar": 9, "adhar": 9,
    "دی": 10, "dey": 10, "dei": 10,
    "بهمن": 11, "bahman": 11,
    "اسفند": 12, "esfand": 12, "esfend": 12, "isfand": 12, "espand": 12,
}  # fmt: skip
GREGORIAN_MONTHS = {
    "january": 1, "jan": 1, "ژانویه": 1, "ژانویهٔ": 1,
    "february": 2, "feb": 2, "فوریه": 2,
    "march": 3, "mar": 3, "مارس": 3,
    "april": 4, "apr": 4, "آوریل": 4, "اپریل": 4,
    "may": 5, "مه": 5, "می": 5,
    "june": 6, "jun": 6, "ژوین": 6, "جون": 6,
    "july": 7, "jul": 7, "ژوییه": 7, "جولای": 7,
    "august": 8, "aug": 8, "اوت": 8, "آگوست": 8, "اگوست": 8,
    "september": 9, "sep": 9, "sept": 9, "سپتامبر": 9,
    "october": 10, "oct": 10, "اکتبر": 10,
    "november": 11, "nov": 11, "نوامبر": 11,
    "december": 12, "dec": 12, "دسامبر": 12,
}  # fmt: skip
_WEEKDAYS_FA = {"شنبه": 5, "یکشنبه": 6, "دوشنبه": 0, "سهشنبه": 1, "چهارشنبه": 2,
                "پنجشنبه": 3, "جمعه": 4}  # fmt: skip
_WEEKDAYS_EN = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2,
                "wed": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
                "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}  # fmt: skip
_JALALI_MARKS = {"هش", "ش", "شمسی", "خورشیدی", "sh", "ap", "solar", "shamsi", "jalali", "hs"}
_GREGORIAN_MARKS = {"میلادی", "م", "ad", "ce", "gregorian"}
_LUNAR_MARKS = {"ق", "هق", "قمری", "ah", "lunar", "qamari"}
_QUALIFIERS = {
    "اوایل": "early", "اوائل": "early", "اول": "early", "early": "early", "beginning": "early",
    "اواسط": "mid", "نیمه": "mid", "میانه": "mid", "mid": "mid", "middle": "mid",
    "اواخر": "late", "آخر": "late", "late": "late", "end": "late",
}  # fmt: skip
_FILLER = {"ماه", "سال", "روز", "تاریخ", "ساعت", "the", "of", "on", "in", "at", "date", "year",
           "day", "month"}  # fmt: skip
_RANGE_WORDS = {"تا", "to", "until", "till", "through", "-", "–", "—"}
_BETWEEN = {"بین", "between", "از", "from"}
_AND = {"and", "و"}

_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,4})([/\-.])(\d{1,2})(?:\2(\d{1,4}))?(?![\d/.\-])")
_TIME = re.compile(r"(?:t|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+\-]\d{2}:?\d{2})?")
_STASH = "\ue000"  # a private-use mark for a numeric date set aside; never in input
_TOKEN = re.compile(_STASH + r"\d+|\d+|[^\W\d_]+|[-–—]")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|ام|م|ُم)\b")
_WEEKDAY_JOIN = re.compile(r"(سه|پنج|چهار|یک|دو)[\s\u200c]+شنبه")
_DAY_RANGE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[-–—]\s*(\d{1,2})(?=\s+[^\W\d])")
_MONTH_MAH = re.compile(
    "(" + "|".join(m for m in JALALI_MONTHS if not m.isascii()) + ")ماه"
)  # «دی‌ماه» with its ZWNJ gone
_MARK_JOIN = re.compile(r"\bه\s*\.?\s*([شق])\b\.?")


@dataclass(frozen=True, slots=True)
class DateReading:
    """How a date was read: calendar, precision and the span of days it covers."""

    text: str
    calendar: str
    calendar_assumed: bool
    precision: str
    start: dt.date
    end: dt.date
    gregorian: str
    jalali: str
    is_range: bool
    steps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "calendar": self.calendar,
            "calendar_assumed": self.calendar_assumed,
            "precision": self.precision,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "gregorian": self.gregorian,
            "jalali": self.jalali,
            "is_range": self.is_range,
            "steps": list(self.steps),
        }


@dataclass
class _Side:
    """One end of a date as written: what the text gave, nothing inferred yet."""

    year: int | None = None
    year_digits: int = 0
    month: int | None = None
    day: int | None = None
    month_calendar: str | None = None  # from a month name
    numeric: tuple[str, str, str | None] | None = None


def _prepare(text: str) -> str:
    s = fold(text).lower().replace("\u200c", "").replace(_STASH, " ")
    s = _WEEKDAY_JOIN.sub(r"\1شنبه", s)
    s = _MONTH_MAH.sub(r"\1 ", s)
    s = _MARK_JOIN.sub(r" ه\1 ", s)
    s = _TIME.sub(" ", s)
    s = _ORDINAL.sub(r"\1", s)
    s = _DAY_RANGE.sub(r"\1 - \2", s)
    return s.replace(",", " ").replace("،", " ")


def _tokens(s: str) -> tuple[list[str], list[tuple[str, str, str | None]]]:
    numerics: list[tuple[str, str, str | None]] = []

    def stash(m: re.Match[str]) -> str:
        numerics.append((m.group(1), m.group(3), m.group(4)))
        return f" {_STASH}{len(numerics) - 1} "

    s = _NUMERIC.sub(stash, s)
    return _TOKEN.findall(s), numerics


def _side(tokens: list[str], numerics: list[tuple[str, str, str | None]], text: str) -> _Side:
    side = _Side()
    for tok in tokens:
        if tok.startswith(_STASH):
            if side.numeric is not None:
                raise DateError(text, "two numeric dates where one was expected")
            side.numeric = numerics[int(tok[1:])]
        elif tok.isdigit():
            value = int(tok)
            if len(tok) == 8 and side.numeric is None:
                side.numeric = (tok[:4], tok[4:6], tok[6:])
            elif len(tok) >= 3 or value > 31:
                if side.year is not None:
                    raise DateError(text, "two years in one date")
                side.year, side.year_digits = value, len(tok)
            elif side.day is None:
                side.day = value
            elif side.year is None and len(tok) == 2:
                side.year, side.year_digits = value, 2
            else:
                raise DateError(text, f"cannot tell what the number {tok} is")
        elif tok in JALALI_MONTHS or tok in GREGORIAN_MONTHS:
            if side.month is not None:
                raise DateError(text, "two month names in one date")
            if tok in JALALI_MONTHS:
                side.month, side.month_calendar = JALALI_MONTHS[tok], "jalali"
            else:
                side.month, side.month_calendar = GREGORIAN_MONTHS[tok], "gregorian"
        else:
            raise DateError(text, f"unknown word {tok!r} in a date")
    return side


def _calendar_of_year(year: int) -> str | None:
    if 1200 <= year < 1500:
        return "jalali"
    if 1800 <= year < 2200:
        return "gregorian"
    return None


def _resolve_numeric(side: _Side, default: str, text: str) -> None:
    assert side.numeric is not None
    a, b, c = side.numeric
    if c is None:  # year-month or month-year
        if len(a) == 4:
            side.year, side.year_digits, side.month = int(a), 4, int(b)
        elif len(b) == 4 or len(b) == 2:
            side.year, side.year_digits, side.month = int(b), len(b), int(a)
        else:
            raise DateError(text, "cannot tell which number is the year")
        return
    if len(a) == 4:
        side.year, side.month, side.day, side.year_digits = int(a), int(b), int(c), 4
    elif len(c) == 4:
        day, month, year = int(a), int(b), int(c)
        if month > 12 >= day and _calendar_of_year(year) == "gregorian":
            day, month = month, day  # month-first (US) is the only reading
        side.year, side.month, side.day, side.year_digits = year, month, day, 4
    elif len(a) <= 2 and len(c) <= 2:
        if default == "jalali":  # Iranian short form yy/mm/dd
            side.year, side.month, side.day = int(a), int(b), int(c)
        else:
            side.day, side.month, side.year = int(a), int(b), int(c)
        side.year_digits = 2
    else:
        raise DateError(text, "cannot tell which number is the year")


def _decide_calendar(
    sides: list[_Side], marked: str | None, default: str, text: str
) -> tuple[str, bool]:
    named = {s.month_calendar for s in sides if s.month_calendar}
    if len(named) > 1:
        raise DateError(text, "Jalali and Gregorian month names mixed")
    if marked and named and marked not in named:
        raise DateError(text, f"a {named.pop()} month name with a {marked} marker")
    said = marked or (named.pop() if named else None)
    year = next((s.year for s in reversed(sides) if s.year is not None), None)
    digits = next((s.year_digits for s in reversed(sides) if s.year is not None), 0)
    if year is None:
        raise DateError(text, "no year given")
    if digits == 2:
        cal = said or (default if default != "auto" else None)
        if cal is None:
            raise DateError(text, "two-digit year: say the source's calendar (jalali or gregorian)")
        return cal, said is None
    by_year = _calendar_of_year(year)
    if said is not None:
        if by_year is not None and by_year != said:
            raise DateError(text, f"year {year} cannot be a {said} year of these records")
        return said, False
    if by_year is None:
        raise DateError(text, f"year {year} is neither a Jalali (1200-1499) nor a Gregorian year")
    return by_year, True


def _full_year(year: int, digits: int, cal: str) -> int:
    if digits != 2:
        return year
    if cal == "jalali":
        return 1300 + year if year >= 50 else 1400 + year
    return 2000 + year if year <= 50 else 1900 + year


def _month_days(cal: str, year: int, month: int) -> int:
    if cal == "gregorian":
        return _gcal.monthrange(year, month)[1]
    if month < 12:
        return 31 if month <= 6 else 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _to_gregorian(cal: str, y: int, m: int, d: int, text: str) -> dt.date:
    if not 1 <= m <= 12:
        raise DateError(text, f"month {m} does not exist")
    try:
        if cal == "jalali":
            result: dt.date = jdatetime.date(y, m, d).togregorian()
            return result
        return dt.date(y, m, d)
    except ValueError:
        raise DateError(text, f"day {d} does not exist in month {m} of {cal} year {y}") from None


def _span(cal: str, side: _Side, qualifier: str | None, text: str) -> tuple[dt.date, dt.date, str]:
    y = side.year
    assert y is not None
    if side.month is None:
        if side.day is not None:
            raise DateError(text, "a day without a month")
        first, last = (1, 12)
        if qualifier is not None:
            first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qualifier]
        start = _to_gregorian(cal, y, first, 1, text)
        return start, _to_gregorian(cal, y, last, _month_days(cal, y, last), text), "year"
    m = side.month
    if not 1 <= m <= 12:
        raise DateError(text, f"month {m} does not exist")
    if side.day is None:
        d1, d2 = 1, _month_days(cal, y, m)
        if qualifier is not None:
            d1, d2 = {"early": (1, 10), "mid": (11, 20), "late": (21, d2)}[qualifier]
        return _to_gregorian(cal, y, m, d1, text), _to_gregorian(cal, y, m, d2, text), "month"
    if qualifier is not None:
        raise DateError(text, f"'{qualifier}' cannot qualify a whole day")
    day = _to_gregorian(cal, y, m, side.day, text)
    return day, day, "day"


def _cut(y: int, m: int, d: int, precision: str) -> str:
    if precision == "year":
        return f"{y:04d}"
    if precision == "month":
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


@lru_cache(maxsize=200_000)
def read_date(text: str, default_calendar: str = "auto") -> DateReading:
    """Read a date; raises DateError naming the text when it cannot be read or cannot exist."""
    if default_calendar not in ("auto", "jalali", "gregorian"):
        raise ValueError(
            f"default_calendar must be auto, jalali or gregorian: {default_calendar!r}"
        )
    tokens, numerics = _tokens(_prepare(text))
    steps: list[str] = []
    marked: str | None = None
    qualifier: str | None = None
    weekday: int | None = None
    kept: list[str] = []
    for tok in tokens:
        if tok in _JALALI_MARKS or tok in _GREGORIAN_MARKS:
            marked = "jalali" if tok in _JALALI_MARKS else "gregorian"
        elif tok in _LUNAR_MARKS:
            raise DateError(text, "lunar Hijri dates are not supported; give Jalali or Gregorian")
        elif tok in _WEEKDAYS_FA or tok in _WEEKDAYS_EN:
            weekday = _WEEKDAYS_FA.get(tok, _WEEKDAYS_EN.get(tok))
        elif tok in _QUALIFIERS:
            qualifier = _QUALIFIERS[tok]
        elif tok not in _FILLER:
            kept.append(tok)
    if not kept:
        raise DateError(text, "no date found")
    between = bool(kept) and kept[0] in _BETWEEN
    if between:
        kept = kept[1:]
    seps = _RANGE_WORDS | (_AND if between else set())
    cut_at = [i for i, t in enumerate(kept) if t in seps]
    if len(cut_at) > 1:
        raise DateError(text, "more than one range separator")
    parts = [kept[: cut_at[0]], kept[cut_at[0] + 1 :]] if cut_at else [kept]
    sides = [_side(p, numerics, text) for p in parts]
    for side in sides:
        if side.numeric is not None:
            _resolve_numeric(side, default_calendar, text)
    cal, assumed = _decide_calendar(sides, marked, default_calendar, text)
    if assumed:
        two_digit = any(s.year_digits == 2 for s in sides)
        why = "the source's default calendar" if two_digit else "the year"
        steps.append(f"calendar {cal} assumed from {why}")
    for side in sides:
        if side.year is not None:
            side.year = _full_year(side.year, side.year_digits, cal)
    if len(sides) == 2:  # «8 to 10 January 2026»: the start borrows what it leaves out
        left, right = sides
        if left.year is None:
            left.year = right.year
            if left.month is None and left.day is not None:
                left.month = right.month
        if not (left.year and right.year):
            raise DateError(text, "a range end without a year")
    spans = [_span(cal, s, qualifier, text) for s in sides]
    start, end, precision = spans[0][0], spans[-1][1], spans[-1][2]
    if end < start:
        raise DateError(text, "the range ends before it starts")
    if weekday is not None and precision == "day" and start == end and start.weekday() != weekday:
        steps.append(f"weekday in the text does not match {start.isoformat()}")
    j = jdatetime.date.fromgregorian(date=start)
    return DateReading(
        text=text,
        calendar=cal,
        calendar_assumed=assumed,
        precision=precision,
        start=start,
        end=end,
        gregorian=_cut(start.year, start.month, start.day, precision),
        jalali=_cut(j.year, j.month, j.day, precision),
        is_range=len(sides) == 2 or qualifier is not None,
        steps=tuple(steps),
    )
