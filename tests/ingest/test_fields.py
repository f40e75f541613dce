"""One row -> one record's fields: garbled fields left empty and listed, never the row dropped."""

from __future__ import annotations

import pytest

from reckon.ingest.fields import read_row
from reckon.ingest.mapping import Mapping

PERSIAN = Mapping(
    columns={
        "given_name": "نام",
        "family_name": "نام خانوادگی",
        "age": "سن",
        "sex": "جنسیت",
        "date": "تاریخ",
        "province": "استان",
        "city": "شهر",
        "count": "تعداد",
        "event_type": "وضعیت",
    }
)


def _row(**cells: str) -> dict[str, str]:
    names = {
        "given": "نام",
        "family": "نام خانوادگی",
        "age": "سن",
        "sex": "جنسیت",
        "date": "تاریخ",
        "province": "استان",
        "city": "شهر",
        "count": "تعداد",
        "event": "وضعیت",
    }
    return {names[k]: v for k, v in cells.items()}


def test_a_persian_row_is_read() -> None:
    read = read_row(
        _row(given="علی", family="رضایی", age="۲۳", sex="مرد", date="۱۴۰۴/۱۰/۱۸", province="تهران"),
        PERSIAN,
    )
    assert read.problems == [] and read.reject_reason is None
    v = read.values
    assert (v["full_name"], v["given_name"], v["family_name"]) == ("علی رضایی", "علی", "رضایی")
    assert (v["age"], v["sex"], v["province_code"]) == (23, "male", "IR-23")
    assert v["date_start"].isoformat() == "2026-01-08" and v["date_precision"] == "day"
    assert v["name_key"] and v["given_key"] and v["family_key"]


def test_cells_are_stripped_and_a_garbled_field_is_listed() -> None:
    read = read_row(_row(given="  مریم ", age="دویست", date="۱۴۰۴/۱۳/۴۰"), PERSIAN)
    assert read.reject_reason is None
    assert read.values["given_name"] == "مریم" and read.values.get("age") is None
    assert {(p.column, p.value) for p in read.problems} == {
        ("سن", "دویست"),
        ("تاریخ", "۱۴۰۴/۱۳/۴۰"),
    }


@pytest.mark.parametrize(
    ("count", "incident", "low", "high"),
    [("14", True, 14, 14), ("۳-۵", True, 3, 5), ("۱۰ تا ۱۲", True, 10, 12)],
)
def test_unnamed_people_counted_are_an_incident(
    count: str, incident: bool, low: int, high: int
) -> None:
    read = read_row(_row(count=count, city="کهریزک"), PERSIAN)
    assert read.reject_reason is None
    v = read.values
    assert (v["is_incident"], v["count_min"], v["count_max"]) == (incident, low, high)


def test_a_count_that_is_not_a_number_is_listed() -> None:
    read = read_row(_row(given="علی", count="چند نفر"), PERSIAN)
    assert [p.column for p in read.problems] == ["تعداد"]
    assert read.values["is_incident"] is False


def test_nothing_that_identifies_anyone_is_rejected() -> None:
    read = read_row(_row(age="23", province="تهران"), PERSIAN)
    assert read.reject_reason is not None and "nothing identifies" in read.reject_reason


def test_event_type_from_the_column_or_the_mapping() -> None:
    assert read_row(_row(given="علی", event="اعدام شده"), PERSIAN).values["event_type"] == (
        "executed"
    )
    default = Mapping(columns={"full_name": "name"}, event_type="detained")
    assert read_row({"name": "Ali Rezaei"}, default).values["event_type"] == "detained"
    read = read_row(_row(given="علی", event="؟"), PERSIAN)
    assert read.values["event_type"] is None and read.problems[0].reason == "unknown event type"


def test_a_full_name_column_is_split() -> None:
    m = Mapping(columns={"full_name": "name"})
    v = read_row({"name": "علی رضایی فرزند حسن"}, m).values
    assert v["given_name"] == "علی" and v["father_name"] == "حسن"
