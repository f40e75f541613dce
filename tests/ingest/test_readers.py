"""Readers: every fixture in tests/data read into one shape, no row lost."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reckon.errors import InputError
from reckon.ingest.readers import (
    MAX_RECORD_LINES,
    decode,
    iter_cells,
    read_csv,
    read_table,
    sniff_delimiter,
    split_lines,
)

DATA = Path(__file__).resolve().parents[1] / "data"

FA_FIRST_ROW = ["1", "علی", "رضایی", "حسن", "23", "مرد", "1404/10/18", "تهران", "تهران", "گلوله"]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("utf8_bom.csv", "utf-8-sig", ","),
        ("utf16.txt", "utf-16", "\t"),
        ("persian_comma.csv", "utf-8", "،"),
    ],
)
def test_persian_lists_in_every_encoding_and_delimiter(
    name: str, encoding: str, delimiter: str
) -> None:
    table = read_table(DATA / name)
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert table.headers[:3] == ["ردیف", "نام", "نام خانوادگی"]
    assert [r.number for r in table.rows] == [2, 3, 4, 5]
    assert table.rows[0].cells == FA_FIRST_ROW


def test_windows_1256_is_detected() -> None:
    table = read_table(DATA / "cp1256.csv")
    assert table.encoding == "cp1256"
    # Windows writes the Arabic yeh and kaf; the reader keeps them as written
    assert table.rows[0].cells is not None
    assert table.rows[0].cells[1:3] == ["علي", "رضايي"]
    assert table.headers[2] == "نام خانوادگي"


@pytest.mark.parametrize(("name", "delimiter"), [("semicolon.csv", ";"), ("tab.tsv", "\t")])
def test_english_lists_with_other_delimiters(name: str, delimiter: str) -> None:
    table = read_table(DATA / name)
    assert table.delimiter == delimiter
    assert table.headers[:3] == ["id", "first name", "last name"]
    assert [r.cells[:3] for r in table.rows if r.cells] == [
        ["a1", "Ali", "Rezaei"],
        ["a2", "Maryam", "Ahmadi"],
        ["a3", "Hossein", "Karimi"],
    ]


def test_persian_and_arabic_indic_digits_are_kept_as_written() -> None:
    table = read_table(DATA / "digits.csv")
    assert table.rows[0].cells is not None and table.rows[0].cells[4] == "۲۳"
    assert table.rows[1].cells is not None and table.rows[1].cells[6] == "١٤٠٤/١٠/١٩"


def test_ragged_rows_keep_every_cell() -> None:
    table = read_table(DATA / "ragged.csv")
    assert table.headers == ["id", "first name", "last name", "father", "age", "sex"]
    cells = dict((row.number, values) for row, values in iter_cells(table) if any(values.values()))
    assert "father" not in cells[3]  # a short row: raw holds only the cells it has
    assert cells[5]["_extra_1"] == "extra 1" and cells[5]["_extra_3"] == "extra 3"
    blank = [row.number for row in table.rows if not any(c.strip() for c in row.cells or [])]
    assert blank == [2, 4, 6]


def test_repeated_and_blank_headers_get_names_of_their_own() -> None:
    table = read_table(DATA / "duplicate_headers.csv")
    assert table.headers == ["نام", "نام خانوادگی", "توضیحات", "توضیحات (2)", "column 5", "سن"]
    assert any("repeated header" in note for note in table.notes)
    first = next(iter_cells(table))[1]
    assert first["توضیحات"] == "یادداشت اول" and first["توضیحات (2)"] == "یادداشت دوم"


def test_a_one_megabyte_cell_is_read_whole() -> None:
    table = read_table(DATA / "huge_cell.csv")
    assert table.rows[0].cells is not None
    assert len(table.rows[0].cells[2].encode()) > 1_000_000
    assert table.rows[1].cells == ["مریم", "احمدی", "کوتاه"]


def test_formula_cells_are_read_as_text() -> None:
    table = read_table(DATA / "formulas.csv")
    assert table.rows[0].cells is not None
    assert table.rows[0].cells[0].startswith("=HYPERLINK(")


def test_a_broken_quote_costs_one_row() -> None:
    table = read_table(DATA / "broken_quote.csv")
    by_number = {r.number: r for r in table.rows}
    assert by_number[2].cells is None and by_number[2].text is not None
    assert by_number[2].text.startswith("b1,Ali Rezaei")
    assert by_number[3].cells == ["b2", "Maryam Ahmadi", "31", "fine"]
    assert by_number[4].cells == ["b3", "Hossein Karimi", "19", "fine"]
    assert by_number[5].cells is None  # "Zahra Mousavi"x: text after a closing quote
    assert by_number[6].cells == ["b5", "Reza Hosseini", "27", "a note\nover two lines"]


def test_an_unclosed_quote_does_not_swallow_a_long_file() -> None:
    body = ["id,name", 'x0,"never closed'] + [f"x{i},Name {i}" for i in range(1, 200)]
    table = read_csv("t.csv", "\n".join(body) + "\n", "utf-8")
    assert table.rows[0].cells is None
    assert [r.cells for r in table.rows[1:3]] == [["x1", "Name 1"], ["x2", "Name 2"]]
    assert len(table.rows) == 200
    assert MAX_RECORD_LINES < 200


def test_line_ends_are_only_cr_and_lf() -> None:
    # U+2028 and form feeds are data inside a cell, not line breaks
    text = "a,b\r\n1,x\u2028y\x0cz\r2,w\n"
    assert split_lines(text) == ["a,b\r\n", "1,x\u2028y\x0cz\r", "2,w\n"]
    table = read_csv("t.csv", text, "utf-8")
    assert [r.cells for r in table.rows] == [["1", "x\u2028y\x0cz"], ["2", "w"]]


def test_delimiter_sniffing_ignores_quoted_commas() -> None:
    lines = split_lines('name;place\n"Rezaei, Ali";"Tehran, Iran"\nAhmadi;Rasht\n')
    assert sniff_delimiter(lines) == ";"


def test_jsonl_rows_and_a_broken_line() -> None:
    table = read_table(DATA / "list.jsonl")
    assert table.format == "jsonl"
    assert table.rows[1].cells is not None and table.rows[1].cells[4] == "31"  # a JSON number
    broken = [r for r in table.rows if r.cells is None]
    assert len(broken) == 1 and broken[0].text == "{not json"


def test_a_json_array_is_read_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text('[{"name": "Ali Rezaei", "age": 23}, {"name": "Maryam", "tags": [1]}]')
    table = read_table(path)
    assert table.headers == ["name", "age", "tags"]
    assert [r.cells for r in table.rows] == [["Ali Rezaei", "23", ""], ["Maryam", "", "[1]"]]


def test_xlsx_rows_empty_rows_and_formulas() -> None:
    table = read_table(DATA / "list.xlsx")
    assert table.format == "xlsx"
    assert table.headers[:2] == ["ردیف", "نام"]
    assert table.rows[0].cells is not None and table.rows[0].cells[:2] == ["1", "علی"]
    assert table.rows[2].cells == []  # the empty row keeps its place
    assert table.rows[3].number == 5
    # openpyxl stores no computed value: the formula text stands in, and a note says so
    assert table.rows[4].cells is not None and table.rows[4].cells[1].startswith("=CONCATENATE")
    assert any("formula" in note for note in table.notes)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("not_a_table.png", "binary"),
        ("not_a_table.pdf", "not a table"),
    ],
)
def test_files_that_are_not_tables(name: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        read_table(DATA / name)
    assert info.value.file == name


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"  \n\n")
    with pytest.raises(InputError, match="empty"):
        read_table(tmp_path / "empty.csv")
    with pytest.raises(InputError, match="cannot read"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="XLSX"):
        read_table(tmp_path / "fake.xlsx")


def test_utf16_without_a_bom_and_a_given_encoding() -> None:
    data = "نام,سن\nعلی,23\n".encode("utf-16-le")
    assert decode(data, "t.csv") == ("نام,سن\nعلی,23\n", "utf-16-le")
    assert decode(codecs.BOM_UTF8 + b"a", "t.csv") == ("a", "utf-8-sig")
    with pytest.raises(InputError, match="not valid ascii"):
        decode("علی".encode(), "t.csv", "ascii")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"a", "t.csv", "no-such-encoding")


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('{"victims": [{"a": 1}, {"a": 2}]}', [["1"], ["2"]]),
        ('{\n  "a": 1\n}\n', [["1"]]),  # one pretty-printed object
        ('{"a": "x\u2028y"}\n{"a": 2}\n', [["x\u2028y"], ["2"]]),  # U+2028 is not a line end
        ('{"a": 1}\n' + "[" * 100_000 + "\n", [["1"], None]),  # too deep: that line only
    ],
)
def test_json_shapes(text: str, rows: list[list[str] | None]) -> None:
    from reckon.ingest.readers import read_jsonl

    assert [r.cells for r in read_jsonl("t.jsonl", text, "utf-8").rows] == rows


def test_a_json_array_that_does_not_close() -> None:
    from reckon.ingest.readers import read_jsonl

    with pytest.raises(InputError, match="does not close"):
        read_jsonl("t.json", '[{"a": 1},\n{"a": 2}', "utf-8")


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=400) | st.text(max_size=200).map(str.encode),
    suffix=st.sampled_from([".csv", ".jsonl", ".json", ".xlsx", ".txt"]),
)
def test_any_bytes_read_as_a_table_or_one_input_error(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        try:
            table = read_table(path)
        except InputError:
            return
    assert all(r.cells is not None or r.problem for r in table.rows)


def test_fixtures_are_what_their_script_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, (make, _) in module.FIXTURES.items():
        if name.endswith(".xlsx"):  # a zip stamps the time it was written
            assert read_table(DATA / name).rows[0].cells == FA_FIRST_ROW
        else:
            assert (DATA / name).read_bytes() == make(), f"{name}: run make_fixtures.py"
