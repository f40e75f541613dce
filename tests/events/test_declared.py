"""What events declare is followed: verify misses no object a link run names, an older
log's link run replays, and the CLI stops on an event it cannot read in one line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.events.replay import rebuild
from reckon.ingest.importer import import_file
from reckon.store.schema import persons
from reckon.vault.verify import verify_vault

from .conftest import list_file, record_run, tables


def test_deleting_a_link_runs_table_fails_verify(case_dir: Path, tmp_path: Path) -> None:
    case = Case.create(case_dir)
    import_file(case, list_file(tmp_path), source="morgue", kind="morgue")
    run = record_run(case, {1: ["1", "2"], 2: ["3", "4", "5", "6"]})
    assert verify_vault(case_dir).ok
    case.vault.object_path(run.results["persons"]).unlink()
    assert not verify_vault(case_dir).ok


def test_a_link_run_logged_before_typed_events_replays(case_dir: Path, tmp_path: Path) -> None:
    case = Case.create(case_dir)
    import_file(case, list_file(tmp_path), source="morgue", kind="morgue")
    run = record_run(case, {1: ["1", "2"], 2: ["3", "4", "5", "6"]})
    live = tables(case)
    v1 = {  # the dict reckon wrote for a link run before this change
        "backend": run.backend,
        "threshold": run.threshold,
        "started_at": run.started_at,
        "model_path": None,
        "model": None,
        "trained": False,
        "seed": None,
        "comparisons": None,
        "records": run.records,
        "objects": run.results,
        "decisions_applied": 0,
    }
    case.vault.append_event("link.run", v1)
    case.close()
    rebuild(case_dir)
    again = Case.open(case_dir)
    with again.engine.connect() as conn:
        assert sorted(conn.execute(select(persons.c.id)).scalars()) == [1, 2]
    rebuilt = tables(again)
    assert rebuilt["records"] == live["records"] and len(rebuilt["link_runs"]) == 2


def test_the_cli_says_in_one_line_which_reckon_a_case_needs(case_dir: Path) -> None:
    Case.create(case_dir).vault.append_event(
        "detainee.transferred", {"event_version": 1, "reckon_version": "0.4.0"}
    )
    result = CliRunner().invoke(app, ["summary", str(case_dir)])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "this case needs reckon ≥ 0.4.0" in message and "Traceback" not in message
    assert len(message.splitlines()) == 1
