"""The vault inside a case: evidence in the database, rebuild from the log, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.events.evidence import add_evidence
from reckon.events.replay import rebuild
from reckon.store.schema import evidence

from .conftest import PASSPHRASE

runner = CliRunner()


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return Case.create(tmp_path / "case", author="A", passphrase=PASSPHRASE)


def _evidence_rows(case: Case) -> list[tuple[object, ...]]:
    with case.engine.connect() as conn:
        rows = conn.execute(
            select(
                evidence.c.object_sha256,
                evidence.c.file_name,
                evidence.c.sensitive,
                evidence.c.custody,
            ).order_by(evidence.c.object_sha256)
        )
        return [tuple(r) for r in rows]


def test_evidence_reaches_the_database_without_sealed_fields(case: Case, tmp_path: Path) -> None:
    photo, secret = tmp_path / "wall.jpg", tmp_path / "statement.pdf"
    photo.write_bytes(b"jpeg")
    secret.write_bytes(b"%PDF statement of a witness")
    add_evidence(case, [photo], {"collected_by": "A", "witness": "Sara K.", "contact": "+98"})
    add_evidence(case, [secret], {"description": "statement"}, sensitive=True)
    rows = _evidence_rows(case)
    assert len(rows) == 2
    assert all("Sara" not in repr(r) and "+98" not in repr(r) for r in rows)
    sealed = [r for r in rows if r[2]]
    assert sealed[0][1] is None  # a sensitive file's name stays sealed too
    stored = case.vault.object_path(str(sealed[0][0])).read_bytes()
    assert b"witness" not in stored


def test_rebuild_gives_the_same_database_from_the_log(case: Case, tmp_path: Path) -> None:
    for i in range(3):
        path = tmp_path / f"f{i}.png"
        path.write_bytes(bytes([i]) * 10)
        add_evidence(case, [path], {"collected_by": "A", "description": f"item {i}"})
    before = [r[:3] for r in _evidence_rows(case)]
    case.close()
    # key.added and the first state digest, then three evidence events, each with its digest
    assert rebuild(case.path) == 8
    with Case.open(case.path) as again:
        assert [r[:3] for r in _evidence_rows(again)] == before
    assert (case.path / "reckon.db.before-rebuild").exists()


def test_cli_verify_names_the_fault_and_exits_1(case: Case, tmp_path: Path) -> None:
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(b"jpeg bytes")
    done = runner.invoke(app, ["evidence", "add", str(case.path), str(photo), "--url", "https://x"])
    assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["verify", str(case.path)]).exit_code == 0
    sha = done.output.split()[0]
    obj = case.vault.object_path(sha)
    obj.write_bytes(b"jpeg bytez")
    done = runner.invoke(app, ["verify", str(case.path)])
    assert done.exit_code == 1
    assert f"object {sha}" in done.output


def test_cli_bundle_round_trip_and_replay(case: Case, tmp_path: Path) -> None:
    import shutil

    fp = runner.invoke(app, ["vault", "checkpoint", str(case.path)]).output.strip()
    other = tmp_path / "device-b"
    case.close()
    shutil.copytree(case.path, other)
    photo = tmp_path / "b.jpg"
    photo.write_bytes(b"from device b")
    assert runner.invoke(app, ["evidence", "add", str(other), str(photo)]).exit_code == 0
    bundle = tmp_path / "b.bundle"
    done = runner.invoke(app, ["bundle", "export", str(other), "--since", fp, "-o", str(bundle)])
    assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["bundle", "import", str(case.path), str(bundle)]).exit_code == 0
    again = runner.invoke(app, ["bundle", "import", str(case.path), str(bundle)])
    assert again.exit_code == 0 and "nothing changed" in again.output
    with Case.open(case.path) as merged:
        assert len(_evidence_rows(merged)) == 1
    assert runner.invoke(app, ["verify", str(case.path)]).exit_code == 0


def test_no_command_waits_for_a_passphrase_without_a_terminal(case: Case, tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"x")
    env = {k: v for k, v in os.environ.items() if k != "RECKON_PASSPHRASE"}
    done = subprocess.run(
        [sys.executable, "-m", "reckon.cli", "evidence", "add", str(case.path), str(photo)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "RECKON_PASSPHRASE" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_proofs_and_court_package(case: Case, tmp_path: Path) -> None:
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(b"jpeg of the wall")
    sha = runner.invoke(app, ["evidence", "add", str(case.path), str(photo)]).output.split()[0]
    fp = runner.invoke(app, ["vault", "checkpoint", str(case.path), "--qr"]).output.split()[0]
    proof = tmp_path / "proof.json"
    done = runner.invoke(app, ["vault", "prove", str(case.path), "--object", sha])
    assert done.exit_code == 0, done.output
    proof.write_text(done.output)
    done = runner.invoke(app, ["vault", "check-proof", str(proof), "--fingerprint", fp])
    assert done.exit_code == 0 and "is in the log" in done.output
    package = tmp_path / "court.zip"
    done = runner.invoke(
        app, ["export-evidence", str(case.path), "--items", sha[:12], "-o", str(package)]
    )
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["verify-package", str(package), "--json"])
    assert done.exit_code == 0 and '"ok": true' in done.output
    assert runner.invoke(app, ["vault", "check-proof", str(package)]).exit_code == 1


def test_evidence_linked_to_a_record_is_found(case: Case, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from reckon.store.evidence import evidence_for_person, evidence_for_record, list_evidence
    from reckon.store.schema import imports, records, sources

    with case.transaction() as conn:
        source_id = conn.execute(
            sources.insert().values(name="morgue", kind="morgue", created_at=datetime.now(UTC))
        ).inserted_primary_key[0]
        import_id = conn.execute(
            imports.insert().values(
                source_id=source_id,
                object_sha256="0" * 64,
                file_name="m.csv",
                file_format="csv",
                mapping={},
                rows_read=1,
                records_imported=1,
                rows_rejected=0,
                problem_count=0,
                imported_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
        record_id = conn.execute(
            records.insert().values(
                source_id=source_id,
                import_id=import_id,
                source_record_id="17",
                row_number=2,
                raw={},
                is_incident=False,
            )
        ).inserted_primary_key[0]
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"photo of record 17")
    add_evidence(case, [photo], {"records": ["morgue:17"], "description": "grave marker"})
    with case.engine.connect() as conn:
        (item,) = evidence_for_record(conn, record_id)
        assert item["custody"]["description"] == "grave marker"
        assert list_evidence(conn) == [item]
        assert evidence_for_person(conn, 999) == []


def test_rebuild_replays_list_imports_too(case: Case, tmp_path: Path) -> None:
    from sqlalchemy import func

    from reckon.ingest.importer import import_file
    from reckon.store.schema import records

    data = tmp_path / "list.csv"
    data.write_text(
        "ردیف,نام,نام خانوادگی,سن,تاریخ,استان\n"
        "1,علی,رضایی,23,۱۴۰۴/۱۰/۱۸,تهران\n2,مریم,احمدی,31,۱۴۰۴/۱۰/۱۹,اصفهان\n",
        encoding="utf-8",
    )
    import_file(case, data, source="ngo-a", kind="ngo")

    def snapshot(c: Case) -> list[tuple[object, ...]]:
        with c.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(records)).scalar_one()
            names = conn.execute(select(records.c.full_name).order_by(records.c.id)).all()
        return [count, *[tuple(n) for n in names]]

    before = snapshot(case)
    case.close()
    rebuild(case.path)
    with Case.open(case.path) as again:
        assert snapshot(again) == before


def test_cli_evidence_list_never_shows_sealed_fields(case: Case, tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"photo")
    args = ["evidence", "add", str(case.path), str(photo), "--witness", "Sara K."]
    assert runner.invoke(app, [*args, "--description", "wall"]).exit_code == 0
    done = runner.invoke(app, ["evidence", "list", str(case.path), "--json"])
    assert done.exit_code == 0 and '"description": "wall"' in done.output
    assert "Sara" not in done.output


def test_verify_names_a_database_of_another_copy(case: Case, tmp_path: Path) -> None:
    import shutil

    from reckon.events.verify import verify_case as verify_vault

    first = tmp_path / "a.jpg"
    first.write_bytes(b"first")
    add_evidence(case, [first], {})
    case.close()
    twin = tmp_path / "twin"
    shutil.copytree(case.path, twin)
    for folder, content in ((case.path, b"on a"), (twin, b"on the twin")):
        path = tmp_path / "x.jpg"
        path.write_bytes(content)
        with Case.open(folder) as c:
            add_evidence(c, [path], {})
    assert verify_vault(case.path).ok
    shutil.copy(twin / "reckon.db", case.path / "reckon.db")
    faults = verify_vault(case.path).faults
    assert any(f.startswith("database: its event 5") for f in faults)  # 3, 4: first evidence
