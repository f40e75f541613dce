"""Property: a random table goes through import with nothing lost.

Random Unicode cells (Persian among them), every supported delimiter and
encoding: each non-blank row becomes a record or a reject, and every cell of a
record is in ``records.raw`` verbatim, on SQLite and (fewer examples) PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reckon.case import Case
from reckon.ingest.importer import import_file
from reckon.ingest.readers import DELIMITERS
from reckon.store.schema import records


def _fits(text: str) -> bool:
    try:
        text.encode("cp1256")
    except UnicodeEncodeError:
        return False
    return True


PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأؤئ۰۱۲۳۴۵۶۷۸۹٠١٢٣\u200c"

# Any character but surrogates, controls other than tab/CR/LF, and the BOM (which
# at the very start of a file would be read as a byte-order mark).
any_char = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"
) | st.sampled_from("\t\r\n")
cell = st.text(any_char, max_size=12) | st.text(st.sampled_from(PERSIAN + " ،"), max_size=12)
# Windows-1256 has the Arabic yeh and kaf but not the Persian ones, nor Persian digits
CP1256 = [c for c in PERSIAN + "يك 0123456789abc,;|\t\"'\n" if _fits(c)]
persian_cell = st.text(st.sampled_from(CP1256), max_size=12)
header = st.text(any_char, min_size=1, max_size=10).map(str.strip).filter(bool)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1256")


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str, str]:
    encoding = draw(st.sampled_from(ENCODINGS))
    cells = persian_cell if encoding == "cp1256" else cell  # what Windows-1256 can hold
    names = draw(st.lists(header, max_size=4, unique=True).filter(lambda h: "name" not in h))
    if encoding == "cp1256":
        names = [h for h in names if _fits(h)]
    headers = ["name", *names]
    rows = draw(st.lists(st.lists(cells, min_size=len(headers), max_size=len(headers)), max_size=8))
    return headers, rows, draw(st.sampled_from(DELIMITERS)), encoding


Table = tuple[list[str], list[list[str]], str, str]
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=20, deadline=None, suppress_health_check=SLOW_OK)
@given(tables())
def test_random_tables_lose_nothing(table: Table) -> None:
    _round_trip(table, db=None)


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=SLOW_OK)
@given(tables())
def test_random_tables_lose_nothing_on_postgresql(table: Table) -> None:
    import psycopg

    base = os.environ.get("RECKON_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server at {base}: {exc}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            _round_trip(table, db=f"{base}?options=-csearch_path%3D{schema}")
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _round_trip(table: Table, db: str | None) -> None:
    headers, rows, delimiter, encoding = table
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows([headers, *rows])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.csv"
        path.write_bytes(buf.getvalue().encode(encoding))
        case = Case.create(Path(tmp) / "case", db=db, author="tester")
        report = import_file(
            case,
            path,
            source="random",
            kind="other",
            delimiter=delimiter,
            # Windows-1256 is told, not guessed: its bytes can also be valid UTF-8
            encoding="cp1256" if encoding == "cp1256" else None,
        )
        with case.engine.connect() as conn:
            stored = {r.row_number: r.raw for r in conn.execute(select(records)).all()}
        case.engine.dispose()
    non_blank = {i + 2: row for i, row in enumerate(rows) if any(c.strip() for c in row)}
    rejected = {p.row for p in report.problems if p.severity == "rejected"}
    event(
        f"{encoding}, {'some' if stored else 'no'} records, {'some' if rejected else 'no'} rejects"
    )
    assert set(stored) | rejected == set(non_blank)
    assert not set(stored) & rejected
    for number, raw in stored.items():
        assert raw == dict(zip(headers, non_blank[number], strict=True))
