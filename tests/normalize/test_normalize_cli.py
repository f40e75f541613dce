"""``reckon normalize``: a table by default, JSON Lines with --json, errors as data."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from reckon.cli import app

runner = CliRunner()


def test_json_lines_with_the_contract_keys() -> None:
    result = runner.invoke(
        app,
        ["normalize", "--json", "سید محمدرضا حسینی", "۱۸ دی ۱۴۰۴", "کرمانشاه", "30 Esfand 1404"],
    )
    assert result.exit_code == 0, result.output
    name, date, place, bad = (json.loads(line) for line in result.stdout.splitlines())
    assert (name["kind"], name["canonical"], name["key"], name["honorifics"]) == (
        "name",
        "محمدرضا حسینی",
        "mhmdrzahsini",
        ["sayyed"],
    )
    assert (date["calendar"], date["precision"], date["gregorian"]) == (
        "jalali",
        "day",
        "2026-01-08",
    )
    assert (place["province_code"], place["county"], place["city"]) == (
        "IR-05",
        "Kermanshah",
        "Kermanshah",
    )
    assert bad["kind"] == "date" and "does not exist" in bad["error"]


def test_kind_forces_the_reading_and_unknowns_are_null() -> None:
    result = runner.invoke(app, ["normalize", "--json", "--kind", "place", "Springfield"])
    assert result.exit_code == 0
    place = json.loads(result.stdout)
    assert place["known"] is False and place["province_code"] is None and place["city"] is None


def test_table_output() -> None:
    result = runner.invoke(app, ["normalize", "Mohammad Reza Husaini", "1401-07-11"])
    assert result.exit_code == 0
    assert "mhmdrzahsini" in result.stdout and "2022-10-03" in result.stdout


def test_a_bad_kind_is_a_usage_error() -> None:
    assert runner.invoke(app, ["normalize", "--kind", "planet", "x"]).exit_code == 2


def test_the_kind_is_guessed_per_input() -> None:
    from reckon.normalize.show import guess_kind

    assert guess_kind("1404/10/18") == "date"
    assert guess_kind("30 Esfand 1404") == "date"  # unreadable, still a date: its error shows
    assert guess_kind("Zahra Karimi") == "name"
    assert guess_kind("Seyed Karimi") == "name"
    assert guess_kind("Kermanshah") == "place"
    assert guess_kind("Springfield") == "name"
