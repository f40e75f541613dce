"""Places: the gazetteer and reading free text into province / county / city."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from reckon.normalize import read_place
from reckon.normalize.places import provinces

# ISO 3166-2:IR as published (checked against the iso-codes data that pycountry ships).
ISO = {
    "IR-00": "Markazi", "IR-01": "Gilan", "IR-02": "Mazandaran", "IR-03": "East Azerbaijan",
    "IR-04": "West Azerbaijan", "IR-05": "Kermanshah", "IR-06": "Khuzestan", "IR-07": "Fars",
    "IR-08": "Kerman", "IR-09": "Razavi Khorasan", "IR-10": "Isfahan",
    "IR-11": "Sistan and Baluchestan", "IR-12": "Kurdistan", "IR-13": "Hamadan",
    "IR-14": "Chaharmahal and Bakhtiari", "IR-15": "Lorestan", "IR-16": "Ilam",
    "IR-17": "Kohgiluyeh and Boyer-Ahmad", "IR-18": "Bushehr", "IR-19": "Zanjan",
    "IR-20": "Semnan", "IR-21": "Yazd", "IR-22": "Hormozgan", "IR-23": "Tehran",
    "IR-24": "Ardabil", "IR-25": "Qom", "IR-26": "Qazvin", "IR-27": "Golestan",
    "IR-28": "North Khorasan", "IR-29": "South Khorasan", "IR-30": "Alborz",
}  # fmt: skip


def test_31_provinces_with_their_iso_codes() -> None:
    assert {code: p.en for code, p in provinces().items()} == ISO


def test_every_county_row_is_well_formed() -> None:
    text = resources.files("reckon.normalize").joinpath("data/counties.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) >= 400
    assert {r["province_code"] for r in rows} == set(ISO)
    assert len({(r["province_code"], r["county_en"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["county_fa"] and r["county_en"]
        assert bool(r["seat_en"]) == bool(r["seat_fa"])


def test_every_provincial_capital_reads_back_to_its_province() -> None:
    text = resources.files("reckon.normalize").joinpath("data/provinces.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        r = read_place(row["capital_en"])
        assert (r.province_code, r.city) == (row["code"], row["capital_en"]), row


@pytest.mark.parametrize(
    ("text", "code", "county", "city", "matched"),
    [
        ("بیمارستان امام خمینی کرمانشاه", "IR-05", "Kermanshah", "Kermanshah", "کرمانشاه"),
        ("Kermanshah", "IR-05", "Kermanshah", "Kermanshah", "Kermanshah"),
        (
            "کرمانشاه، اسلام‌آباد غرب",
            "IR-05",
            "Eslamabad-e Gharb",
            "Eslamabad-e Gharb",
            "اسلام\u200cآباد غرب",
        ),
        ("Islamabad-e Gharb", "IR-05", "Eslamabad-e Gharb", "Eslamabad-e Gharb", None),
        ("ارومیه", "IR-04", "Urmia", "Urmia", "ارومیه"),
        ("Orumiyeh", "IR-04", "Urmia", "Urmia", "Orumiyeh"),
        ("Ahwaz", "IR-06", "Ahvaz", "Ahvaz", "Ahwaz"),
        ("زاهدان", "IR-11", "Zahedan", "Zahedan", "زاهدان"),
        ("سقز", "IR-12", "Saqqez", "Saqqez", "سقز"),
        ("Tajrish", "IR-23", "Shemiranat", "Tajrish", "Tajrish"),
        ("شهر ری", "IR-23", "Rey", "Rey", "شهر ری"),
        ("Nurabad, Fars", "IR-07", "Mamasani", "Nurabad", "Nurabad"),
        ("بندر عباس", "IR-22", "Bandar Abbas", "Bandar Abbas", "بندر عباس"),
    ],
)
def test_free_text_to_province_county_city(
    text: str, code: str, county: str, city: str, matched: str | None
) -> None:
    r = read_place(text)
    assert r.known
    assert (r.province_code, r.county, r.city) == (code, county, city)
    if matched is not None:
        assert r.matched == matched


def test_province_only() -> None:
    r = read_place("استان کرمانشاه")
    assert (r.province_code, r.county, r.city) == ("IR-05", None, None)
    assert read_place("Khuzestan").province_fa == "خوزستان"
    # the province, not the county of Qazvin that shares its name
    assert read_place("Alborz").province_code == "IR-30"


def test_unknown_is_kept_and_flagged() -> None:
    r = read_place("Springfield")
    assert not r.known and r.text == "Springfield" and r.province_code is None
    assert read_place("").known is False


def test_ambiguity_is_said_not_guessed() -> None:
    r = read_place("Nurabad")
    assert not r.known and r.county is None
    assert any("ambiguous" in s for s in r.steps)


def test_short_names_need_the_whole_text_or_a_city_word() -> None:
    assert read_place("نور").county == "Nur"
    # «نور» in a hospital name is not the county Nur
    assert read_place("بیمارستان نور تهران").county == "Tehran"


def test_every_county_name_reads_back_or_is_said_to_be_ambiguous() -> None:
    text = resources.files("reckon.normalize").joinpath("data/counties.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        for name in (row["county_fa"], row["county_en"]):
            r = read_place(name)
            ambiguous = any("ambiguous" in s for s in r.steps)
            is_province = r.county is None and r.province_code is not None
            assert r.province_code == row["province_code"] or ambiguous or is_province, name


def test_towns_that_are_not_county_seats() -> None:
    r = read_place("Parand")
    assert (r.province_code, r.county, r.city) == ("IR-23", "Robat Karim", "Parand")
    assert read_place("Mahan, Kerman").city == "Mahan"


def test_the_synth_generators_cities_read_to_their_provinces() -> None:
    """An independent check: ``reckon.synth`` keeps its own city list, by another hand."""
    synth = pytest.importorskip("reckon.synth")
    text = resources.files(synth).joinpath("data/cities.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        for name in (row["city_fa"], *row["city_en"].split("|"), row["county_fa"]):
            assert read_place(name).province_code == row["province_code"], name
