"""Ages and sex: explicit, grouped, from a birth year, and inferred (marked so)."""

from __future__ import annotations

import pytest

from reckon.errors import AgeError
from reckon.normalize import infer_sex, read_age, read_name, read_sex


@pytest.mark.parametrize(
    ("text", "age", "minor"),
    [("۱۷ ساله", 17, True), ("17 yrs", 17, True), ("17", 17, True), ("age: 34", 34, False),
     ("۸ ماهه", 0, True), ("34 years old", 34, False), ("٢٠ سال", 20, False)],
)  # fmt: skip
def test_explicit_ages(text: str, age: int, minor: bool) -> None:
    r = read_age(text)
    assert (r.age, r.minor) == (age, minor)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "minor"),
    [("نوجوان", 13, 19, None), ("teenager", 13, 19, None), ("minor", 0, 17, True),
     ("کودک", 0, 12, True), ("adult", 18, None, False), ("20-25", 20, 25, False),
     ("بین ۲۰ تا ۲۵ سال", 20, 25, False)],
)  # fmt: skip
def test_age_groups_and_ranges(text: str, lo: int, hi: int | None, minor: bool | None) -> None:
    r = read_age(text)
    assert (r.age, r.age_min, r.age_max, r.minor) == (None, lo, hi, minor)


def test_birth_years() -> None:
    assert read_age("1385").birth_year == 1385
    assert read_age("1385").age is None
    same = read_age("1385", event_year=1404)
    assert (same.age, same.age_min, same.age_max) == (19, 18, 19)
    across = read_age("متولد ۱۳۸۵", event_year=2026)  # Jalali birth, Gregorian event
    assert (across.age, across.age_min, across.age_max) == (None, 18, 20)
    g = read_age("born 2010", event_year=2026)
    assert (g.age, g.minor) == (16, True)
    d = read_age("1380/05/12", event_year=1404)
    assert (d.birth_year, d.age) == (1380, 24)


@pytest.mark.parametrize("text", ["250", "-3", "abc", "2030"])
def test_impossible_ages_raise(text: str) -> None:
    with pytest.raises(AgeError) as info:
        read_age(text, event_year=2026)
    assert info.value.text == text


def test_unknown_age_is_not_an_error() -> None:
    assert read_age("نامعلوم").age is None
    assert read_age("").minor is None


@pytest.mark.parametrize(
    ("text", "sex"),
    [("مرد", "male"), ("زن", "female"), ("M", "male"), ("f", "female"), ("Female", "female"),
     ("مذکر", "male"), ("مؤنث", "female"), ("?", None), ("", None)],
)  # fmt: skip
def test_explicit_sex(text: str, sex: str | None) -> None:
    assert read_sex(text) == sex


def test_inferred_sex_is_marked() -> None:
    assert infer_sex("زهرا") == ("female", True)
    assert infer_sex("Zahra") == ("female", True)
    assert infer_sex("Mohammad Reza") == ("male", True)
    assert infer_sex(None, ("sayyedeh",)) == ("female", True)
    name = read_name("سیده فاطمه حسینی")
    assert infer_sex(name.given, name.honorifics) == ("female", True)
    assert infer_sex("Shahin") == (None, False)  # used for both
    assert infer_sex("Xyzzy") == (None, False)
    assert infer_sex(None) == (None, False)


def test_english_age_phrases() -> None:
    assert read_age("17-year-old").age == 17
    assert read_age("aged 34").age == 34


def test_compound_given_names_infer_sex() -> None:
    assert infer_sex("امیرمحمد") == ("male", True)
    assert infer_sex("Fatemehzahra") == ("female", True)


def test_sex_agrees_with_the_synth_generators_list() -> None:
    """An independent check: ``reckon.synth`` keeps its own given names with their sex."""
    import csv
    from importlib import resources

    synth = pytest.importorskip("reckon.synth")
    text = resources.files(synth).joinpath("data/given_names.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    inferred = [infer_sex(r["persian"].replace("+", "").replace("~", ""))[0] for r in rows]
    assert all(got in (None, r["sex"]) for got, r in zip(inferred, rows, strict=True))
    assert sum(got is not None for got in inferred) >= 0.9 * len(rows)
