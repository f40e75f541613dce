"""Column mapping: Persian and English headers, TOML files, the template to complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reckon.errors import MappingError
from reckon.ingest.mapping import fold_header, load_mapping, recognise, template


def test_persian_headers_are_recognised() -> None:
    headers = ["ردیف", "نام", "نام خانوادگی", "نام پدر", "سن", "جنسیت", "تاریخ", "استان", "شهر"]
    m = recognise([*headers, "محل", "علت"])
    assert m.columns == {
        "id": "ردیف",
        "given_name": "نام",
        "family_name": "نام خانوادگی",
        "father_name": "نام پدر",
        "age": "سن",
        "sex": "جنسیت",
        "date": "تاریخ",
        "province": "استان",
        "city": "شهر",
        "place": "محل",
        "cause": "علت",
    }
    assert m.unmapped == []


def test_english_headers_and_arabic_letter_variants() -> None:
    m = recognise(["ID", "First_Name", "LAST NAME", "Father's name", "Age", "Gender", "Date"])
    assert m.columns["given_name"] == "First_Name"
    assert m.columns["family_name"] == "LAST NAME"
    assert m.columns["father_name"] == "Father's name"
    # Arabic yeh and kaf, a tatweel and a BOM fold to the Persian header
    assert fold_header("\ufeffنام خانوادگي") == fold_header("نام خانوادگی")
    assert fold_header("نـام") == "نام"


def test_a_lone_name_column_holds_whole_names() -> None:
    assert recognise(["نام", "سن"]).columns == {"full_name": "نام", "age": "سن"}
    assert recognise(["name", "surname"]).columns == {
        "given_name": "name",
        "family_name": "surname",
    }


def test_a_repeated_field_takes_the_first_column() -> None:
    m = recognise(["name", "full name", "notes"])
    assert m.columns["full_name"] == "name"
    assert m.unmapped == ["full name"]


def test_mapping_file_round_trip(tmp_path: Path) -> None:
    headers = ["col_a", "col_b", "ref"]
    path = tmp_path / "m.toml"
    path.write_text(
        '[columns]\nfull_name = "col_a"\nage = "col_b"\n\n'
        '[options]\ncalendar = "jalali"\nevent_type = "executed"\nid_column = "ref"\n',
        encoding="utf-8",
    )
    m = load_mapping(path, headers)
    assert m.columns == {"full_name": "col_a", "age": "col_b", "id": "ref"}
    assert (m.calendar, m.event_type, m.unmapped) == ("jalali", "executed", [])
    assert tomllib.loads(m.to_toml())["columns"]["age"] == "col_b"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[columns]\nnickname = "col_a"\n', "unknown field 'nickname'"),
        ('[columns]\nfull_name = "nope"\n', "which the file does not have"),
        ("[columns]\nfull_name = 3\n", "must name a column in quotes"),
        ('[options]\ncalendar = "lunar"\n', "calendar must be"),
        ('[options]\nevent_type = "abducted"\n', "event_type must be"),
        ('[options]\nid_column = "nope"\n', "id_column 'nope' is not a column"),
        ("columns = 3\n", "must be tables"),
        ("[columns\n", "not valid TOML"),
    ],
)
def test_bad_mapping_files_say_what_is_wrong(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=reason) as info:
        load_mapping(path, ["col_a", "col_b"])
    assert info.value.file == str(path)


def test_template_is_valid_toml_and_completes_to_a_mapping(tmp_path: Path) -> None:
    headers = ['quote"d', "back\\slash", "نام", "new\nline"]
    text = template(headers, recognise(headers))
    assert tomllib.loads(text)["columns"] == {"full_name": "نام"}
    completed = text.replace('# age = ""', 'age = "back\\\\slash"')
    path = tmp_path / "m.toml"
    path.write_text(completed, encoding="utf-8")
    assert load_mapping(path, headers).columns == {"full_name": "نام", "age": "back\\slash"}
