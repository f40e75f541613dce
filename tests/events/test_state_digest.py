"""A database the log vouches for: tampering by hand is caught and named, on SQLite and
PostgreSQL; an untampered case verifies after import, link, review, evidence and a crash."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import select
from tests.conftest import POSTGRES_URL, TEST_PASSPHRASE, postgres_skip_reason
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.events import faults
from reckon.events.evidence import add_evidence
from reckon.events.state import DIGEST_EVENT, logged_digests
from reckon.events.verify import verify_case
from reckon.ingest.importer import import_file
from reckon.link.model import TrainingPlan
from reckon.link.review import PAIR, accept_review
from reckon.link.run import link_case
from reckon.settings import CaseSettings
from reckon.store import persons as person_store
from reckon.store.digest import DIGESTED_TABLES, database_id
from reckon.store.schema import evidence_links, metadata
from reckon.synth import generate

runner = CliRunner()
SMALL = TrainingPlan(u_max_pairs=2e5, em_max_pairs=2e5)

# --- a linked case, on each backend ------------------------------------------------


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _pg_url(schema: str) -> str:
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def _build(root: Path, db: str | None) -> Path:
    lists = root / "lists"
    generate(lists, people=150, sources=3, seed=5)
    case_dir = root / "case"
    with Case.create(case_dir, db=db) as case:
        for row in pd.read_csv(lists / "sources.csv").itertuples():
            import_file(case, lists / str(row.file), source=str(row.name), kind=str(row.kind))
        link_case(case, plan=SMALL)
        with case.engine.connect() as conn:
            linked = person_store.read_assignments(conn).dropna(subset=["person_id"])
        a, b = linked.iloc[0], linked.iloc[1]
        review = root / "decisions.csv"
        with review.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([*PAIR, "decision", "reviewer", "reason"])
            writer.writerow(
                [a.source, a.source_record_id, b.source, b.source_record_id, "non_match", "t", "r"]
            )
        accept_review(case, review)
        photo = root / "photo.jpg"
        photo.write_bytes(b"a photo of the wall")
        custody = {
            "collected_by": "A",
            "records": [f"{a.source}:{a.source_record_id}"],
            "persons": [int(a.person_id)],
        }
        add_evidence(case, [photo], custody)
    return case_dir


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def linked(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A linked, reviewed case with evidence (never tampered with: tests copy it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
        mp.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
        root = tmp_path_factory.mktemp("linked")
        if request.param == "sqlite":
            yield _build(root, None)
            return
        reason = postgres_skip_reason()
        if reason:
            pytest.skip(reason)
        schema = f"t_{uuid.uuid4().hex[:12]}"
        _pg(f'CREATE SCHEMA "{schema}"')
        try:
            yield _build(root, _pg_url(schema))
        finally:
            _pg(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(autouse=True)
def _env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))


def _schema_of(db: str) -> str:
    return db.rsplit("%3D", 1)[1]


@pytest.fixture
def copy(linked: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the linked case to tamper with: its folder, and on PostgreSQL its schema."""
    target = tmp_path / "case"
    shutil.copytree(linked, target)
    db = CaseSettings.load(linked).db
    if not db.startswith("postgresql"):
        yield target
        return
    source, schema = _schema_of(db), f"t_{uuid.uuid4().hex[:12]}"
    statements = [f'CREATE SCHEMA "{schema}"']
    for table in metadata.sorted_tables:  # parents first: foreign keys hold while copying
        statements.append(
            f'CREATE TABLE "{schema}".{table.name} (LIKE "{source}".{table.name} INCLUDING ALL)'
        )
        statements.append(
            f'INSERT INTO "{schema}".{table.name} SELECT * FROM "{source}".{table.name}'
        )
    _pg("; ".join(statements))
    CaseSettings.load(target).with_changes(db=_pg_url(schema)).save(target)
    try:
        yield target
    finally:
        _pg(f'DROP SCHEMA "{schema}" CASCADE')


def _sql(case_dir: Path, *statements: str) -> None:
    """Tamper as a person with a database client would: raw SQL, no reckon in between."""
    db = CaseSettings.load(case_dir).db
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'SET search_path TO "{_schema_of(db)}"')  # type: ignore[arg-type]
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]
        return
    with sqlite3.connect(case_dir / "reckon.db") as conn:  # foreign keys off, as sqlite3's CLI
        for statement in statements:
            conn.execute(statement)


def _one(case_dir: Path, query: str) -> Any:
    db = CaseSettings.load(case_dir).db
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(POSTGRES_URL) as conn:
            conn.execute(f'SET search_path TO "{_schema_of(db)}"')  # type: ignore[arg-type]
            row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    else:
        with sqlite3.connect(case_dir / "reckon.db") as conn:
            row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


def _faults(case_dir: Path, **kw: Any) -> list[str]:
    report = verify_case(case_dir, **kw)
    return report.faults


# --- an untampered case ------------------------------------------------------------------


def test_an_untampered_linked_case_verifies(linked: Path) -> None:
    report = verify_case(linked)
    assert report.ok, report.faults
    with Case.open(linked) as case:
        with case.engine.connect() as conn:
            db = database_id(conn)
        kinds = [e.kind for e in case.vault.events()]
    # every change is followed by the digest of the state it left
    changes = [i for i, kind in enumerate(kinds) if kind not in ("key.added", DIGEST_EVENT)]
    assert changes and all(kinds[i + 1] == DIGEST_EVENT for i in changes)
    digests = logged_digests(Case.open(linked).vault, db)
    assert set(digests[-1].tables) == set(DIGESTED_TABLES)
    assert digests[-1].tables["records"].rows > 100


def test_verify_replay_compares_every_table_and_finds_nothing(linked: Path) -> None:
    report = verify_case(linked, replay=True)
    assert report.ok, report.faults
    assert any("every column of every table" in note for note in report.notes)


# --- tampering by hand, each named -------------------------------------------------------


def _unlinked_records(n: int) -> str:
    return (
        f"SELECT id FROM records WHERE id NOT IN (SELECT record_id FROM evidence_links "
        f"WHERE record_id IS NOT NULL) ORDER BY id LIMIT {n}"
    )


def test_deleted_records_are_named(copy: Path) -> None:
    first = _one(copy, _unlinked_records(1))
    _sql(copy, f"DELETE FROM records WHERE id IN ({_unlinked_records(20)})")
    faults = _faults(copy)
    assert any(f.startswith("database: table records is not the state") for f in faults)
    assert any(
        "table records: 20 row(s) that the log's replay holds are missing" in f
        and f"id {first}, " in f
        and f.endswith("deleted")
        for f in faults
    ), faults


def test_an_edited_name_is_named_with_its_column(copy: Path) -> None:
    rid = _one(copy, "SELECT min(id) FROM records WHERE full_name IS NOT NULL")
    _sql(copy, f"UPDATE records SET full_name = 'Forged Name' WHERE id = {rid}")
    faults = _faults(copy)
    assert (
        f"database: table records: row id {rid}: column full_name differs from the log's "
        "replay: edited" in faults
    ), faults


def test_a_deleted_source_is_named(copy: Path) -> None:
    sid = _one(copy, "SELECT max(id) FROM sources")
    _sql(
        copy,
        f"DELETE FROM evidence_links WHERE record_id IN (SELECT id FROM records "
        f"WHERE source_id = {sid})",
        f"DELETE FROM records WHERE source_id = {sid}",
        f"DELETE FROM problems WHERE import_id IN (SELECT id FROM imports WHERE source_id = {sid})",
        f"DELETE FROM imports WHERE source_id = {sid}",
        f"DELETE FROM sources WHERE id = {sid}",
    )
    faults = _faults(copy)
    for table in ("sources", "imports", "records"):
        assert any(f.startswith(f"database: table {table}: ") and "missing" in f for f in faults), (
            table,
            faults,
        )
    assert any("table sources: 1 row(s)" in f and f"(id {sid})" in f for f in faults)


def test_edited_custody_is_named(copy: Path) -> None:
    eid = _one(copy, "SELECT min(id) FROM evidence")
    _sql(copy, """UPDATE evidence SET custody = '{"collected_by": "someone else"}'""")
    assert (
        f"database: table evidence: row id {eid}: column custody differs from the log's "
        "replay: edited"
    ) in _faults(copy)


def test_a_fake_victim_inserted_by_hand_is_named(copy: Path) -> None:
    _sql(
        copy,
        "INSERT INTO persons (id, status, full_name, n_records, n_sources, is_incident) "
        "VALUES (99999, 'confirmed', 'Invented Person', 2, 2, FALSE)",
        "INSERT INTO records (id, source_id, import_id, source_record_id, row_number, raw, "
        "full_name, is_incident, person_id) VALUES (88888, 1, 1, 'FAKE-1', 9999, '{}', "
        "'Invented Person', FALSE, 99999)",
    )
    faults = _faults(copy)
    assert (
        "database: table persons: 1 row(s) no logged event made (id 99999): inserted by hand"
        in (faults)
    ), faults
    assert any("table records: 1 row(s) no logged event made (id 88888)" in f for f in faults)


@pytest.mark.parametrize(
    ("statement", "table", "column"),
    [
        ("UPDATE records SET person_id = NULL WHERE id = ({first})", "records", "person_id"),
        ("UPDATE persons SET status = 'confirmed' WHERE id = ({person})", "persons", "status"),
        ("UPDATE link_decisions SET decision = 'match'", "link_decisions", "decision"),
        ("UPDATE link_runs SET threshold = 0.01", "link_runs", "threshold"),
        (
            "UPDATE evidence_links SET person_id = NULL WHERE person_id IS NOT NULL",
            "evidence_links",
            "person_id",
        ),
        (
            "UPDATE imports SET rows_rejected = 0, records_imported = 1",
            "imports",
            "records_imported",
        ),
        ("UPDATE sources SET kind = 'official' WHERE id = 1", "sources", "kind"),
    ],
)
def test_an_edited_column_is_named(copy: Path, statement: str, table: str, column: str) -> None:
    first = _one(copy, "SELECT min(id) FROM records WHERE person_id IS NOT NULL")
    person = _one(copy, "SELECT min(id) FROM persons WHERE status <> 'confirmed'")
    _sql(copy, statement.format(first=first, person=person))
    faults = _faults(copy)
    assert any(
        f.startswith(f"database: table {table}: row id ") and f"column {column} differs" in f
        for f in faults
    ), faults


def test_a_problem_inserted_by_hand_is_named(copy: Path) -> None:
    _sql(
        copy, "INSERT INTO problems (id, import_id, reason, severity) VALUES (777, 1, 'x', 'field')"
    )
    assert any("table problems: 1 row(s) no logged event made (id 777)" in f for f in _faults(copy))


def test_deleted_decisions_and_evidence_links_are_named(copy: Path) -> None:
    _sql(copy, "DELETE FROM link_decisions", "DELETE FROM evidence_links")
    faults = _faults(copy)
    for table in ("link_decisions", "evidence_links"):
        assert any(f.startswith(f"database: table {table}: ") and "missing" in f for f in faults)


def test_a_clock_column_edited_is_caught_by_the_digest(copy: Path) -> None:
    _sql(copy, "UPDATE evidence SET added_at = '2001-01-01 00:00:00'")
    faults = _faults(copy)
    assert any("table evidence is not the state the log vouches for" in f for f in faults)
    assert any("a column set from the clock was edited (evidence.added_at)" in f for f in faults)


def test_a_gap_in_the_applied_events_is_a_fault(copy: Path) -> None:
    _sql(copy, "DELETE FROM applied_events WHERE seq = 3")
    assert any("event(s) 3 were never applied" in f for f in _faults(copy))


def test_a_database_without_its_id_is_a_fault(copy: Path) -> None:
    _sql(copy, "DELETE FROM meta")
    assert any("it has no database id" in f for f in _faults(copy))


def test_cli_verify_names_each_fault_on_one_line_and_exits_1(copy: Path) -> None:
    _sql(copy, f"DELETE FROM records WHERE id IN ({_unlinked_records(5)})")
    done = runner.invoke(app, ["verify", str(copy)])
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert any(line.startswith("FAULT: database: table records: 5 row(s)") for line in lines)
    assert lines[-1].startswith("2 FAULT(S)")
    as_json = runner.invoke(app, ["verify", str(copy), "--json"])
    assert as_json.exit_code == 1 and len(json.loads(as_json.stdout)["faults"]) == 2


def test_cli_verify_replay_names_a_tampered_column(copy: Path) -> None:
    rid = _one(copy, "SELECT min(id) FROM records")
    _sql(copy, f"UPDATE records SET notes = 'added later' WHERE id = {rid}")
    done = runner.invoke(app, ["verify", str(copy), "--replay"])
    assert done.exit_code == 1
    assert (
        f"FAULT: database: table records: row id {rid}: column notes differs from the log's "
        "replay: edited"
    ) in done.stdout


# --- crashes and rebuilds ----------------------------------------------------------------


def test_verify_stays_ok_after_a_crash_and_catch_up(copy: Path, tmp_path: Path) -> None:
    photo = tmp_path / "second.jpg"
    photo.write_bytes(b"a second photo")
    # Case.record up to the commit: applied, logged with its digest, then a crash
    with (
        Case.open(copy) as case,
        faults.armed(faults.AFTER_APPEND),
        pytest.raises(faults.SimulatedCrash),
    ):
        add_evidence(case, [photo], {"collected_by": "B"})
    note = verify_case(copy).notes
    assert any("opening the case applies the rest" in n for n in note)
    with Case.open(copy) as case:  # catches up, and vouches afresh for the state it made
        with case.engine.connect() as conn:
            assert len(conn.execute(select(evidence_links)).all()) >= 1
        assert case.applied_seq() == case.vault.last_event().seq
    report = verify_case(copy)
    assert report.ok, report.faults


def test_a_rebuild_gets_its_own_id_and_a_fresh_digest(copy: Path) -> None:
    if CaseSettings.load(copy).db.startswith("postgresql"):
        pytest.skip("rebuild replaces a SQLite database")
    from reckon.events.replay import rebuild

    with Case.open(copy) as case, case.engine.connect() as conn:
        before = database_id(conn)
    rebuild(copy)
    with Case.open(copy) as case:
        with case.engine.connect() as conn:
            after = database_id(conn)
        last = list(case.vault.events())[-1]
    assert after and after != before
    assert last.kind == DIGEST_EVENT and last.payload["db"] == after
    report = verify_case(copy, replay=True)
    assert report.ok, report.faults


def test_a_wound_back_digest_hint_cannot_make_the_log_vouch_for_an_old_state(
    copy: Path, tmp_path: Path
) -> None:
    """The hint in ``meta`` is pointed at the first digest; the next change must still carry
    forward the last one (found by a scan), so the chain of digests stays whole."""
    with Case.open(copy) as case:
        first = logged_digests(case.vault)[0]
    data = (copy / "vault/log/events.log").read_bytes()
    older = {"seq": first.seq, "hash": first.hash, "offset": _offset_of(data, first.seq)}
    _sql(copy, f"UPDATE meta SET value = '{json.dumps(older)}' WHERE key = 'last_digest'")
    _sql(copy, "DELETE FROM link_decisions")  # and rolls back a table to that old state
    photo = tmp_path / "third.jpg"
    photo.write_bytes(b"a third photo")
    with Case.open(copy) as case:
        add_evidence(case, [photo], {})
    faults = _faults(copy)
    assert any(f.startswith("database: table link_decisions: ") for f in faults), faults
    assert not any("names digest" in f for f in faults)


def _offset_of(data: bytes, seq: int) -> int:
    offset = 0
    for _ in range(seq - 1):
        offset = data.index(b"\n", offset) + 1
    return offset
