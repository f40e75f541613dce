"""Each comparison of the model, level by level, on pairs written by hand."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from reckon.link import comparisons
from reckon.link.features import family_core, skeleton


def _level(comparison: Any, left: dict[str, Any], right: dict[str, Any]) -> str:
    """The label of the first level whose SQL holds for the pair (DuckDB)."""
    levels = comparison.get_comparison("duckdb").comparison_levels
    columns = sorted(set(left) | set(right))
    con = duckdb.connect()
    values = {f"{c}_l": left.get(c) for c in columns} | {f"{c}_r": right.get(c) for c in columns}
    select = ", ".join(f'${i + 1} AS "{name}"' for i, name in enumerate(values))
    con.execute(f"CREATE TABLE pair AS SELECT {select}", list(values.values()))
    for level in levels:
        if level._is_else_level:
            return str(level.label_for_charts)
        hit = con.execute(f"SELECT count(*) FROM pair WHERE {level.sql_condition}").fetchone()
        if hit and hit[0]:
            return str(level.label_for_charts)
    raise AssertionError("no level matched")


def _name(canon: str | None, key: str | None, fam: str | None = None) -> dict[str, Any]:
    return {
        "given_canon": canon,
        "given_key": key,
        "given_skel": skeleton(key),
        "family_key": fam,
        "family_canon": None,
        "family_skel": skeleton(fam),
        "whole_key": skeleton((key or "") + (fam or "")),
    }


def test_skeleton_agrees_across_vowel_spellings() -> None:
    assert skeleton("mohammadreza") == skeleton("mohamadreza") == "mhmdrz"
    assert skeleton("hosseini") == skeleton("hoseyni")
    assert skeleton("yousef") == "ysf"
    assert skeleton(None) is None and skeleton("") is None


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        (_name("محمدرضا", "mohammadreza"), _name(None, "mohammadreza"), "same transliteration key"),
        (_name("کریمی", "karimi"), _name("کریمی", "karimi"), "same transliteration key"),
        (_name(None, "mohammadreza"), _name(None, "mohamadreza"), "same consonant skeleton"),
        (_name("علی", None), _name("علی", "ali"), "given_key is NULL"),
        (
            _name(None, "ali", "karimi"),
            _name(None, "karimi", "ali"),
            "given and family names swapped",
        ),
        (
            _name(None, "karimi"),
            _name(None, "karimib"),
            "Jaro-Winkler distance of given_key >= 0.92",
        ),
        # a swap of two letters in a short name: Jaro-Winkler scores it low
        (_name(None, "kzm"), _name(None, "kmz"), "Damerau-Levenshtein distance of given_key <= 1"),
        (_name(None, "mahsa"), _name(None, "zahra"), "All other comparisons"),
    ],
)
def test_given_name_levels(left: dict[str, Any], right: dict[str, Any], label: str) -> None:
    comparison = comparisons.name_comparison("given", swapped_with="family")
    assert _level(comparison, left, right) == label


def test_a_name_split_in_another_place_is_one_name() -> None:
    comparison = comparisons.name_comparison("given", swapped_with="family")
    left, right = _name(None, "hmid", "bhrmvnd"), _name(None, "hmidbhrm", "vnd")
    assert _level(comparison, left, right) == "same whole name, split differently"


def test_names_swapped_with_a_typo_in_one_of_them() -> None:
    given = comparisons.name_comparison("given", swapped_with="family")
    family = comparisons.name_comparison("family", swapped_with="given")
    left, right = _name(None, "hSmi", "msa"), _name(None, "msa", "hSm")
    for side in (left, right):
        side["family_core"] = family_core(side["family_key"])
    assert _level(given, left, right) == "given and family names swapped, one misspelt"
    assert _level(family, left, right) == "family and given names swapped, one misspelt"
    # the same names unswapped, or two unlike names in the other order, are not one
    assert _level(given, _name(None, "msa", "krimi"), _name(None, "hsn", "msa")) != (
        "given and family names swapped, one misspelt"
    )


def test_family_name_with_and_without_mir() -> None:
    comparison = comparisons.name_comparison("family", swapped_with="given")
    left = {"family_key": "mirhSmi", "family_skel": "mrhsm", "family_core": family_core("mirhSmi")}
    right = {"family_key": "hSmi", "family_skel": "hsm", "family_core": family_core("hSmi")}
    for side in (left, right):
        side.update(family_canon=None, given_key="ali", whole_key=None)
    assert _level(comparison, left, right) == "same family name without Mir-/Seyyed-"
    assert family_core("mirhSmi") == family_core("hSmi") == "hsm"
    assert family_core("mirsQri") == family_core("asQri")
    assert family_core("mira") == "mr"  # too short to be a prefix


def test_same_persian_form_counts_when_keys_differ() -> None:
    comparison = comparisons.name_comparison("father")
    left = {"father_canon": "حسن", "father_key": "hasan", "father_skel": "hsn"}
    right = {"father_canon": "حسن", "father_key": "hassan2", "father_skel": "hsn2"}
    assert _level(comparison, left, right) == "same canonical Persian form"


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (1990, 1990, "same birth year"),
        (1990, 1991, "Absolute difference of 'birth_year' <= 1"),
        (1990, 1992, "Absolute difference of 'birth_year' <= 2"),
        (1990, 1994, "Absolute difference of 'birth_year' <= 5"),
        (1990, 2001, "All other comparisons"),
        (None, 2001, "birth_year is NULL"),
    ],
)
def test_birth_year_tolerance(a: int | None, b: int | None, label: str) -> None:
    assert (
        _level(comparisons.birth_year_comparison(), {"birth_year": a}, {"birth_year": b}) == label
    )


def _date(lo: int | None, hi: int | None = None) -> dict[str, Any]:
    hi = lo if hi is None else hi
    day = lo if lo is not None and hi is not None and hi - lo <= 1 else None
    return {"date_lo": lo, "date_hi": hi, "date_day": day}


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (_date(20460), _date(20460), "same day"),
        (_date(20460), _date(20463), "dates within 3 days"),
        (_date(20460), _date(20468), "dates within 10 days"),
        (_date(20460), _date(20454, 20484), "date windows overlap"),  # a month-precise date
        (_date(20460), _date(20500), "date windows within 60 days"),
        (_date(20460), _date(20700), "All other comparisons"),
        (_date(None, None), _date(20460), "date_lo is NULL"),
    ],
)
def test_date_windows(a: dict[str, Any], b: dict[str, Any], label: str) -> None:
    assert _level(comparisons.date_comparison(), a, b) == label


def _place(province: str | None, county: str | None, city: str | None) -> dict[str, Any]:
    return {"province": province, "county": county, "city": city}


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (
            _place("IR-23", "تهران", "تهران"),
            _place("IR-23", "تهران", "تهران"),
            "Exact match on city",
        ),
        (
            _place("IR-23", "شمیرانات", "تجریش"),
            _place("IR-23", "شمیرانات", "لواسان"),
            "Exact match on county",
        ),
        (
            _place("IR-23", None, "تهران"),
            _place("IR-23", None, None),
            "same province, city unknown on one side",
        ),
        (_place("IR-23", "ری", "ری"), _place("IR-23", "تهران", "تهران"), "Exact match on province"),
        (_place("IR-23", None, None), _place("IR-07", None, None), "All other comparisons"),
        (_place(None, None, None), _place("IR-07", None, None), "province is NULL"),
    ],
)
def test_place_hierarchy(a: dict[str, Any], b: dict[str, Any], label: str) -> None:
    assert _level(comparisons.place_comparison(), a, b) == label


def test_sex_levels() -> None:
    assert _level(comparisons.sex_comparison(), {"sex": "f"}, {"sex": "f"}) == "Exact match on sex"
    assert (
        _level(comparisons.sex_comparison(), {"sex": "f"}, {"sex": "m"}) == "All other comparisons"
    )
    assert _level(comparisons.sex_comparison(), {"sex": None}, {"sex": "m"}) == "sex is NULL"


def test_pairs_inside_one_list_are_told_apart() -> None:
    comparison = comparisons.source_comparison()
    assert _level(comparison, {"source": "morgue"}, {"source": "morgue"}) == "same list"
    assert _level(comparison, {"source": "morgue"}, {"source": "ngo"}) == "different lists"
