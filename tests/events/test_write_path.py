"""The one write path: named crash points on both backends, gaps in what the database
applied, and a replay that gives the rows the live write gave."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reckon.case import Case
from reckon.events import faults
from reckon.events.bundles import export_case_bundle, import_into_case
from reckon.events.evidence import add_evidence
from reckon.events.replay import rebuild
from reckon.ingest.importer import import_file
from reckon.settings import CaseSettings
from reckon.store.schema import evidence, imports, problems, records, sources
from reckon.vault.log import parse_line
from reckon.vault.verify import verify_vault

from .conftest import list_file, tables


def _count(case: Case, table: object) -> int:
    with case.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _log_size(case: Case) -> int:
    return len(list(case.vault.events()))


def _changes(kinds: list[str]) -> list[str]:
    """The kinds of change, without the state digest that follows each (events.state)."""
    return [k for k in kinds if k != "state.digest"]


def _device_b(case_dir: Path, root: Path) -> Path:
    """A copy of the case on another laptop, with its own SQLite database rebuilt from
    the log (a PostgreSQL case's copy must not write to the same server schema)."""
    other = root / "device-b"
    shutil.copytree(case_dir, other)
    settings = CaseSettings.load(other)
    settings.with_changes(db="sqlite:///reckon.db").save(other)
    for leftover in other.glob("reckon.db*"):
        leftover.unlink()
    Case.open(other).close()
    return other


def test_a_crash_between_log_append_and_commit_is_finished_at_open(
    case_dir: Path, db_url: str | None, tmp_path: Path
) -> None:
    case = Case.create(case_dir, db=db_url)
    with faults.armed(faults.AFTER_APPEND), pytest.raises(faults.SimulatedCrash):
        import_file(case, list_file(tmp_path), source="Morgue A", kind="morgue")
    assert _count(case, records) == 0  # rolled back; but the event is in the log
    # the change and the digest of the state it leaves went to the log in one append
    assert [e.kind for e in case.vault.events()][-2:] == ["import", "state.digest"]
    reopened = Case.open(case_dir)
    assert _count(reopened, records) == 6
    assert _count(reopened, imports) == 1
    assert verify_vault(case_dir).ok


def test_a_crash_between_objects_and_event_leaves_nothing_to_repair(
    case_dir: Path, db_url: str | None, tmp_path: Path
) -> None:
    case = Case.create(case_dir, db=db_url)
    size = _log_size(case)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a grave marker")
    for work in (
        lambda: import_file(case, list_file(tmp_path), source="Morgue A", kind="morgue"),
        lambda: add_evidence(case, [photo], {"description": "grave"}),
    ):
        with faults.armed(faults.BEFORE_EVENT), pytest.raises(faults.SimulatedCrash):
            work()
    assert _log_size(case) == size and _count(case, records) == _count(case, evidence) == 0
    reopened = Case.open(case_dir)  # the stored objects are unnamed; the work is redone
    report = import_file(reopened, list_file(tmp_path), source="Morgue A", kind="morgue")
    assert not report.already_imported and report.records_imported == 6
    add_evidence(reopened, [photo], {"description": "grave"})
    assert _count(reopened, evidence) == 1
    assert verify_vault(case_dir).ok


def test_a_crash_mid_bundle_logs_nothing_and_the_import_is_redone(
    case_dir: Path, db_url: str | None, tmp_path: Path
) -> None:
    case = Case.create(case_dir, db=db_url)
    since = case.vault.checkpoint().fingerprint
    other = _device_b(case_dir, tmp_path)
    with Case.open(other) as b:
        import_file(b, list_file(tmp_path / "b"), source="Hospital", kind="hospital")
        photo = tmp_path / "b" / "photo.jpg"
        photo.write_bytes(b"a photo from device b")
        add_evidence(b, [photo], {"records": ["Hospital:1"]})
        export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
    size = _log_size(case)
    with faults.armed(faults.MID_BUNDLE), pytest.raises(faults.SimulatedCrash):
        import_into_case(case, tmp_path / "b.bundle")
    assert _log_size(case) == size and _count(case, records) == 0
    reopened = Case.open(case_dir)
    result = import_into_case(reopened, tmp_path / "b.bundle")
    carried = [e for e in reopened.vault.events() if e.kind == "bundle.imported"][-1]
    kinds = [parse_line(line.encode(), "carried").kind for line in carried.payload["events"]]
    assert result.new_events == len(kinds)
    assert _changes(kinds) == ["import", "evidence.added"]
    assert _count(reopened, records) == 6 and _count(reopened, evidence) == 1
    assert verify_vault(case_dir).ok


def test_a_lost_commit_followed_by_a_landed_one_is_applied_at_open(
    case_dir: Path, db_url: str | None, tmp_path: Path
) -> None:
    case = Case.create(case_dir, db=db_url)
    with faults.armed(faults.AFTER_APPEND), pytest.raises(faults.SimulatedCrash):
        import_file(case, list_file(tmp_path, "a.csv"), source="Morgue A", kind="morgue")
    n = _log_size(case)  # events N-1 (the import) and N (its digest): logged, not applied
    import_file(case, list_file(tmp_path, "b.csv", family="کریمی"), source="NGO", kind="ngo")
    top, gaps = case.pending()
    assert top == n + 2 and gaps == [n - 1, n]  # MAX(seq) alone would never see them
    reopened = Case.open(case_dir)
    top, gaps = reopened.pending()
    assert top >= n + 2 and gaps == []
    with reopened.engine.connect() as conn:
        names = sorted(conn.execute(select(sources.c.name)).scalars())
    assert names == ["Morgue A", "NGO"] and _count(reopened, records) == 12


def test_a_rebuild_gives_every_table_the_rows_the_live_writes_gave(
    case_dir: Path, tmp_path: Path
) -> None:
    case = Case.create(case_dir)
    bad = list_file(tmp_path, "a.csv")
    bad.write_text(bad.read_text(encoding="utf-8") + "7,,,,۲۰۰,زن,فردا,,\n", encoding="utf-8")
    import_file(case, bad, source="Morgue A", kind="morgue")
    import_file(case, list_file(tmp_path, "b.csv"), source="Morgue A", kind="morgue")  # repeats
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"photo")
    add_evidence(case, [photo], {"records": ["Morgue A:2"]})
    live = tables(case)
    assert live["problems"] and live["evidence_links"]
    case.close()
    rebuild(case_dir)
    assert tables(Case.open(case_dir)) == live


def test_an_import_logged_before_typed_events_replays_by_reading_its_file_again(
    case_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    case = Case.create(case_dir)
    data = list_file(tmp_path).read_bytes()
    sha = case.vault.put_bytes(data)
    v1 = {
        "source": "Morgue A",
        "kind": "morgue",
        "object": sha,
        "file_name": "list.csv",
        "format": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "sheet": None,
        "mapping": {
            "columns": {"given_name": "نام", "family_name": "نام خانوادگی", "age": "سن"},
            "calendar": "jalali",
            "event_type": None,
        },
    }
    case.vault.append_event("import", v1)  # as reckon wrote it before this change
    case.close()
    reopened = Case.open(case_dir)
    assert _count(reopened, records) == 6 and _count(reopened, problems) == 0
    assert "read again from the raw file" in caplog.text
