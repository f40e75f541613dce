"""The importer on both backends: no victim lost, every problem located, one transaction."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from reckon.case import Case
from reckon.errors import InputError, MappingError
from reckon.ingest.importer import MappingNeeded, import_file
from reckon.store.schema import imports, problems, records

DATA = Path(__file__).resolve().parents[1] / "data"

# file -> (records imported, rows rejected)
EXPECTED = {
    "utf8_bom.csv": (4, 0),
    "cp1256.csv": (4, 0),
    "utf16.txt": (4, 0),
    "persian_comma.csv": (4, 0),
    "digits.csv": (3, 0),
    "ragged.csv": (3, 0),
    "duplicate_headers.csv": (2, 0),
    "huge_cell.csv": (2, 0),
    "formulas.csv": (3, 1),
    "semicolon.csv": (3, 0),
    "tab.tsv": (3, 0),
    "broken_quote.csv": (3, 2),
    "garbled.csv": (3, 1),
    "incident.csv": (2, 0),
    "list.jsonl": (3, 1),
    "list.xlsx": (4, 0),
}


def _rows(case: Case, *where: Any) -> list[Any]:
    with case.engine.connect() as conn:
        return list(conn.execute(select(records).where(*where).order_by(records.c.id)).all())


def _count(case: Case, table: Any) -> int:
    with case.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_every_kind_of_mess_imports_without_losing_a_row(new_case: Path) -> None:
    case = Case.open(new_case)
    for name, (n_records, n_rejected) in EXPECTED.items():
        report = import_file(case, DATA / name, source=name, kind="ngo")
        assert (report.records_imported, report.rows_rejected) == (n_records, n_rejected), name
        rows = _rows(case, records.c.import_id == _import_id(case, name))
        assert len(rows) == n_records
        # every record keeps its row verbatim beside the fields read from it
        assert all(isinstance(r.raw, dict) and r.raw for r in rows)
        if n_rejected:
            assert report.rejects_file is not None
            with open(report.rejects_file, encoding="utf-8-sig", newline="") as fh:
                assert len(list(csv.reader(fh))) == n_rejected + 1
    assert _count(case, records) == sum(n for n, _ in EXPECTED.values())


def _import_id(case: Case, file_name: str) -> int:
    with case.engine.connect() as conn:
        return int(
            conn.execute(select(imports.c.id).where(imports.c.file_name == file_name)).scalar_one()
        )


def test_persian_list_fields_are_read(new_case: Path) -> None:
    case = Case.open(new_case)
    import_file(case, DATA / "utf8_bom.csv", source="bom", kind="morgue")
    first = _rows(case)[0]
    assert (first.given_name, first.family_name, first.father_name) == ("علی", "رضایی", "حسن")
    assert first.source_record_id == "1"
    assert first.age == 23 and first.sex == "male"
    assert first.date_calendar == "jalali" and first.date_start.isoformat() == "2026-01-08"
    assert first.province_code == "IR-23"
    assert first.raw["نام"] == "علی"


def test_garbled_fields_are_left_empty_and_listed(new_case: Path) -> None:
    case = Case.open(new_case)
    report = import_file(case, DATA / "garbled.csv", source="garbled", kind="ngo")
    by_id = {r.source_record_id: r for r in _rows(case)}
    assert set(by_id) == {"g1", "g2", "g4"}
    assert by_id["g1"].age is None and by_id["g1"].raw["age"] == "250"
    assert by_id["g2"].date_start is None and by_id["g2"].date_text == "not a date"
    assert by_id["g4"].event_type is None
    located = {(p.row, p.column, p.value) for p in report.problems if p.severity == "field"}
    assert {(2, "age", "250"), (3, "sex", "?"), (3, "date", "not a date")} <= located
    assert {(5, "age", "-3"), (5, "date", "2026-13-45")} <= located
    assert (5, "status", "abducted by aliens") in located
    rejected = [p for p in report.problems if p.severity == "rejected"]
    assert [p.row for p in rejected] == [4]
    with case.engine.connect() as conn:
        stored = conn.execute(select(problems.c.row_number, problems.c.column_name)).all()
    assert len(stored) == len(report.problems)


def test_incidents_carry_their_counts(new_case: Path) -> None:
    case = Case.open(new_case)
    import_file(case, DATA / "incident.csv", source="morgue", kind="morgue")
    rows = _rows(case)
    assert [(r.is_incident, r.count_min, r.count_max) for r in rows] == [
        (True, 14, 14),
        (True, 3, 5),
    ]


def test_rejects_file_neutralises_formulas(new_case: Path) -> None:
    case = Case.open(new_case)
    report = import_file(case, DATA / "formulas.csv", source="f", kind="social")
    assert report.rejects_file is not None
    with open(report.rejects_file, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["row", "reason", "name", "age", "notes"]
    assert rows[1][0] == "5" and rows[1][-1] == "'=1+1"
    # the records themselves keep the cell as written: only exports are neutralised
    names = {r.full_name for r in _rows(case)}
    assert '=HYPERLINK("http://example.invalid","click")' in names


def test_same_file_twice_is_a_no_op(new_case: Path) -> None:
    case = Case.open(new_case)
    import_file(case, DATA / "semicolon.csv", source="a", kind="ngo")
    again = import_file(case, DATA / "semicolon.csv", source="b", kind="family")
    assert again.already_imported and again.previous_source == "a"
    assert again.records_imported == 0
    assert _count(case, records) == 3 and _count(case, imports) == 1


def test_strict_imports_nothing_when_any_row_has_a_problem(new_case: Path) -> None:
    case = Case.open(new_case)
    with pytest.raises(InputError, match="strict=True") as info:
        import_file(case, DATA / "garbled.csv", source="g", kind="ngo", strict=True)
    assert info.value.row == 2 and info.value.file == "garbled.csv"
    assert _count(case, records) == 0 and _count(case, imports) == 0
    report = import_file(case, DATA / "tab.tsv", source="t", kind="ngo", strict=True)
    assert report.records_imported == 3


def test_strict_refuses_ids_the_source_already_holds(new_case: Path, tmp_path: Path) -> None:
    case = Case.open(new_case)
    import_file(case, DATA / "semicolon.csv", source="s", kind="ngo")
    newer = tmp_path / "newer.csv"
    newer.write_text("id;name\na1;Ali Rezaei\na9;Sara Nouri\n", encoding="utf-8")
    with pytest.raises(InputError, match="already holds"):
        import_file(case, newer, source="s", kind="ngo", strict=True)
    report = import_file(case, newer, source="s", kind="ngo")
    assert (report.records_imported, report.rows_rejected) == (1, 1)


def test_unrecognised_columns_need_a_mapping(new_case: Path, tmp_path: Path) -> None:
    case = Case.open(new_case)
    with pytest.raises(MappingNeeded) as info:
        import_file(case, DATA / "unrecognised.csv", source="u", kind="ngo")
    assert "col_a" in info.value.template
    assert _count(case, imports) == 0
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        info.value.template.replace('# full_name = ""', 'full_name = "col_a"').replace(
            '# age = ""', 'age = "col_b"'
        ),
        encoding="utf-8",
    )
    report = import_file(
        case, DATA / "unrecognised.csv", source="u", kind="ngo", mapping_path=mapping
    )
    assert report.records_imported == 1 and report.mapping_origin == str(mapping)
    assert _rows(case)[0].age == 23


BAD_OPTIONS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"kind": "rumour"}, InputError, "kind= must be one of"),
    ({"source": "  "}, InputError, "source= needs a name"),
    ({"source": "x" * 201}, InputError, "longer than 200"),
    ({"id_column": "nope"}, InputError, "not a column"),
    ({"delimiter": '"'}, InputError, "delimiter= must be"),
    ({"mapping_path": Path("/nonexistent/m.toml")}, MappingError, "cannot read"),
]


def test_bad_options_are_user_errors(new_case: Path) -> None:
    case = Case.open(new_case)
    for kwargs, error, reason in BAD_OPTIONS:
        with pytest.raises(error, match=reason):
            import_file(case, DATA / "tab.tsv", **{"source": "s", "kind": "ngo", **kwargs})
    assert _count(case, imports) == 0


def test_log_replay_rebuilds_the_same_records(new_case: Path) -> None:
    from reckon.store.schema import metadata

    case = Case.open(new_case)
    import_file(case, DATA / "garbled.csv", source="g", kind="ngo", id_column="id")
    import_file(case, DATA / "list.xlsx", source="x", kind="hospital")
    import_file(case, DATA / "semicolon.csv", source="s", kind="media", delimiter=";")
    before = [(r.source_record_id, r.full_name, r.age, r.date_start, r.raw) for r in _rows(case)]
    n_problems = _count(case, problems)
    metadata.drop_all(case.engine)  # the database lost; the vault's log remains
    case.engine.dispose()
    rebuilt = Case.open(new_case)
    after = [(r.source_record_id, r.full_name, r.age, r.date_start, r.raw) for r in _rows(rebuilt)]
    assert after == before
    assert _count(rebuilt, problems) == n_problems > 0


def test_a_nul_character_is_kept_in_raw_and_safe_in_fields(new_case: Path, tmp_path: Path) -> None:
    # past the first 4 KB (where a NUL marks a binary file): PostgreSQL text cannot hold one
    lines = ["name,notes"] + [f"Person {i},note {i}" for i in range(300)] + ["Ali\x00 Rezaei,x"]
    path = tmp_path / "nul.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    case = Case.open(new_case)
    report = import_file(case, path, source="n", kind="other")
    assert report.records_imported == 301
    last = _rows(case)[-1]
    assert last.raw["name"] == "Ali\x00 Rezaei"
    assert last.full_name == "Ali\ufffd Rezaei"


def test_a_locked_database_is_one_clear_error(tmp_path: Path) -> None:
    import sqlite3

    from reckon.errors import CaseError

    case = Case.create(tmp_path / "case", author="tester")
    holder = sqlite3.connect(tmp_path / "case" / "reckon.db")
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the 5 s timeout
    try:
        with pytest.raises(CaseError, match=r"database refused the import .*locked"):
            import_file(case, DATA / "tab.tsv", source="t", kind="ngo")
    finally:
        holder.rollback()
        holder.close()
    assert import_file(case, DATA / "tab.tsv", source="t", kind="ngo").records_imported == 3


def test_progress_is_reported_while_reading_and_writing(new_case: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    case = Case.open(new_case)
    import_file(
        case,
        DATA / "utf16.txt",
        source="p",
        kind="ngo",
        progress=lambda what, done, total: seen.append((what, done, total)),
    )
    assert ("reading rows", 4, 4) in seen and ("writing records", 4, 4) in seen


def test_record_ids_in_persian_digits_are_the_same_ids(new_case: Path) -> None:
    case = Case.open(new_case)
    import_file(case, DATA / "digits.csv", source="d", kind="ngo")
    assert [r.source_record_id for r in _rows(case)] == ["1", "2", "3"]
    assert _rows(case)[0].raw["ردیف"] == "۱"


def test_repeated_and_overlong_ids_are_kept_and_listed(new_case: Path, tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    long_id = "x" * 201
    path.write_text(
        f"id,name\nk1,Ali Rezaei\nk1,Maryam Ahmadi\n{long_id},Sara Nouri\n", encoding="utf-8"
    )
    case = Case.open(new_case)
    report = import_file(case, path, source="ids", kind="ngo")
    assert [r.source_record_id for r in _rows(case)] == ["k1", "k1#2", f"{report.sha256[:8]}:4"]
    reasons = {(p.row, p.column): p.reason for p in report.problems}
    assert "repeated" in reasons[(3, "id")] and "longer than 200" in reasons[(4, "id")]
