"""Dates: every common written form, the calendar said or assumed, precision, ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from reckon.errors import DateError
from reckon.normalize import read_date

SAME_DAY = [
    "۱۸ دی ۱۴۰۴",
    "1404/10/18",
    "۱۴۰۴/۱۰/۱۸",
    "١٤٠٤-١٠-١٨",
    "1404.10.18",
    "18/10/1404",
    "پنجشنبه ۱۸ دی ۱۴۰۴",
    "پنج‌شنبه، ۱۸ دی ماه ۱۴۰۴ ه.ش",
    "18 Dey 1404",
    "Thursday 18 Dey 1404",
    "8 Jan 2026",
    "January 8th, 2026",
    "Jan 8 2026",
    "2026-01-08",
    "2026-01-08T14:30:00Z",
    "08/01/2026",
    "۸ ژانویه ۲۰۲۶",
    "14041018",
]


@pytest.mark.parametrize("text", SAME_DAY)
def test_the_issue_day_in_every_form(text: str) -> None:
    r = read_date(text)
    assert (r.start, r.end, r.precision) == (dt.date(2026, 1, 8), dt.date(2026, 1, 8), "day")
    assert r.gregorian == "2026-01-08"
    assert r.jalali == "1404-10-18"
    assert not r.is_range


def test_calendar_said_or_assumed() -> None:
    assert read_date("۱۸ دی ۱۴۰۴").calendar_assumed is False
    r = read_date("1404/10/18")
    assert (r.calendar, r.calendar_assumed) == ("jalali", True)
    assert read_date("2026-01-08").calendar == "gregorian"
    assert read_date("2026-01-08").calendar_assumed is True
    assert read_date("8 Jan 2026").calendar_assumed is False
    assert read_date("18/10/1404 ه.ش").calendar_assumed is False


def test_the_duckdb_trap_is_read_as_jalali() -> None:
    r = read_date("1401-07-11")
    assert r.calendar == "jalali"
    assert r.start == dt.date(2022, 10, 3)


def test_partial_dates_keep_their_precision() -> None:
    r = read_date("دی ۱۴۰۴")
    assert (r.precision, r.start, r.end) == ("month", dt.date(2025, 12, 22), dt.date(2026, 1, 20))
    assert (r.gregorian, r.jalali) == ("2025-12", "1404-10")
    y = read_date("1404")
    assert (y.precision, y.start, y.end, y.gregorian) == (
        "year",
        dt.date(2025, 3, 21),
        dt.date(2026, 3, 20),
        "2025",
    )
    assert read_date("January 2026").gregorian == "2026-01"
    assert read_date("2026-01").precision == "month"
    assert read_date("1404/10").jalali == "1404-10"


def test_ranges() -> None:
    late = read_date("اواخر دی ۱۴۰۴")
    assert late.is_range and late.precision == "month"
    assert (late.start, late.end) == (dt.date(2026, 1, 11), dt.date(2026, 1, 20))
    early = read_date("early January 2026")
    assert (early.start, early.end) == (dt.date(2026, 1, 1), dt.date(2026, 1, 10))
    for text in [
        "between 8 and 10 January 2026",
        "8-10 January 2026",
        "8 to 10 Jan 2026",
        "بین ۱۸ و ۲۰ دی ۱۴۰۴",
        "۱۸ تا ۲۰ دی ۱۴۰۴",
        "2026-01-08 - 2026-01-10",
    ]:
        r = read_date(text)
        assert (r.start, r.end, r.is_range) == (dt.date(2026, 1, 8), dt.date(2026, 1, 10), True)
        assert r.gregorian == "2026-01-08"
    across = read_date("۱۸ دی تا ۵ بهمن ۱۴۰۴")
    assert across.end == dt.date(2026, 1, 25)


def test_default_calendar_for_two_digit_years() -> None:
    assert read_date("04/10/18", default_calendar="jalali").start == dt.date(2026, 1, 8)
    assert read_date("08/01/26", default_calendar="gregorian").start == dt.date(2026, 1, 8)
    with pytest.raises(DateError, match="two-digit year"):
        read_date("04/10/18")


def test_us_month_first_only_when_it_is_the_only_reading() -> None:
    assert read_date("12/25/2025").start == dt.date(2025, 12, 25)
    assert read_date("05/04/2025").start == dt.date(2025, 4, 5)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("30 اسفند 1404", "day 30 does not exist"),
        ("1404/12/30", "day 30 does not exist"),
        ("1404/13/01", "month 13"),
        ("30 February 2026", "day 30 does not exist"),
        ("between 8 and 10 January", "no year"),
        ("hello", "unknown word"),
        ("", "no date found"),
        ("12 ربیع الاول 1447 ق", "lunar"),
        ("10 January 2026 to 8 January 2026", "ends before"),
        ("18 Dey 2026", "cannot be a jalali year"),
        ("1700", "neither"),
    ],
)
def test_impossible_or_unreadable_dates_name_the_input(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason) as info:
        read_date(text)
    assert info.value.text == text
    assert repr(text) in str(info.value)


def test_leap_esfand() -> None:
    assert read_date("30 اسفند 1403").start == dt.date(2025, 3, 20)


def test_to_dict_is_json_ready() -> None:
    d = read_date("اواخر دی ۱۴۰۴").to_dict()
    assert d["start"] == "2026-01-11" and d["calendar"] == "jalali" and d["is_range"] is True


def test_bad_default_calendar_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        read_date("1404", default_calendar="hijri")


def test_text_that_looks_like_internal_marks_is_just_unreadable() -> None:
    for text in ["@0", "\ue0000"]:
        with pytest.raises(DateError):
            read_date(text)


@pytest.mark.parametrize("text", ["۱۸ دی‌ماه ۱۴۰۴", "Jan. 8, 2026", "8.1.2026", "2026/1/8"])
def test_more_written_forms(text: str) -> None:
    assert read_date(text).start == dt.date(2026, 1, 8)
