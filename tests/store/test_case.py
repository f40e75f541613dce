"""The case folder, its settings, and the log/database protocol, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from reckon.case import Case
from reckon.errors import CaseError, KeyError_
from reckon.events.base import EventFormatError
from reckon.events.kinds import RecordEdited, RecordEntered
from reckon.events.verify import verify_case
from reckon.settings import CaseSettings
from reckon.store.schema import sources


def test_init_creates_the_case_folder(case_dir: Path, db_url: str | None) -> None:
    case = Case.create(case_dir, db=db_url)
    assert (case_dir / "reckon.toml").is_file()
    assert (case_dir / "vault" / "objects").is_dir()
    if db_url is None:
        assert (case_dir / "reckon.db").is_file()
    reopened = Case.open(case_dir)
    assert reopened.settings == case.settings
    assert reopened.engine.dialect.name == ("sqlite" if db_url is None else "postgresql")


def test_init_refuses_an_existing_case(case_dir: Path) -> None:
    Case.create(case_dir)
    with pytest.raises(CaseError, match="already exists"):
        Case.create(case_dir)


def test_open_needs_a_case(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="not a reckon case"):
        Case.open(tmp_path)


def test_init_without_passphrase_says_what_to_do(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the library reads no environment: it says which parameter it lacks (the command
    # line, in tests/test_cli_case.py, says RECKON_PASSPHRASE)
    monkeypatch.setattr(Case, "default_passphrase", None)
    with pytest.raises(KeyError_, match="passphrase="):
        Case.create(case_dir)
    assert not case_dir.exists()  # nothing half-made is left behind


def test_settings_round_trip() -> None:
    settings = CaseSettings(name="کهریزک", db="postgresql://x/y", key_ids=("a", "b"))
    assert CaseSettings.from_toml(settings.to_toml()) == settings


def test_settings_reject_unknown_keys() -> None:
    with pytest.raises(CaseError, match="unknown setting"):
        CaseSettings.from_toml('[case]\nname = "x"\ncolour = "red"\n')


def _entered(case: Case, source: str) -> RecordEntered:
    return RecordEntered(
        **case.stamp(),
        source=source,
        list_kind="ngo",
        source_record_id="1",
        values={"full_name": "x"},
    )


def test_an_event_logged_but_not_committed_is_replayed(case_dir: Path, db_url: str | None) -> None:
    case = Case.create(case_dir, db=db_url)
    start = case.applied_seq()  # the vault logs its founding key first
    assert start >= 1
    case.record(_entered(case, "first"))
    # a crash after the log append and before the database commit:
    event = _entered(case, "second")
    case.vault.append_event(event.kind, event.to_log())
    reopened = Case.open(case_dir)
    with reopened.engine.connect() as conn:
        names = sorted(conn.execute(select(sources.c.name)).scalars())
    assert names == ["first", "second"]
    # the change and its state digest, the crashed event, then a fresh digest of the
    # state its catch-up left (the crashed change came with none)
    assert reopened.applied_seq() == start + 4 == reopened.vault.last_event().seq
    assert verify_case(case_dir).ok
    assert Case.open(case_dir).catch_up() == 0  # nothing applied twice


def test_a_failed_change_leaves_no_event(case_dir: Path) -> None:
    case = Case.create(case_dir)
    before = list(case.vault.events())
    bad = RecordEdited(**case.stamp(), target="a:1", field="person_id", value=3)
    with pytest.raises(EventFormatError):  # the applier refuses inside the transaction
        case.record(bad)
    with case.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sources)).scalar_one() == 0
    assert list(case.vault.events()) == before


def test_opening_an_older_case_adds_the_tables_a_newer_version_brought(
    case_dir: Path, db_url: str | None
) -> None:
    from sqlalchemy import inspect, text

    # a case made before link_labels existed, and before migrations (no alembic_version)
    Case.create(case_dir, db=db_url).close()
    case = Case.open(case_dir)
    with case.engine.begin() as conn:
        conn.execute(text("DROP TABLE link_labels"))
        conn.execute(text("DROP TABLE alembic_version"))
    case.close()
    reopened = Case.open(case_dir)
    assert "link_labels" in inspect(reopened.engine).get_table_names()
    reopened.close()
