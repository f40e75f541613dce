"""Bundles merged into a case whose local state differs from the exporting laptop's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from reckon.case import Case
from reckon.errors import InputError
from reckon.events.bundles import export_case_bundle, import_into_case
from reckon.events.registry import NeedsNewerReckon
from reckon.ingest.importer import import_file
from reckon.store.schema import imports, persons, problems, sources
from reckon.vault.log import parse_line

from .conftest import list_file, record_run, tables
from .test_write_path import _device_b


def test_a_list_whose_source_name_has_another_kind_here_still_merges(
    case_dir: Path, tmp_path: Path, db_url: str | None
) -> None:
    case = Case.create(case_dir, db=db_url)
    since = case.vault.checkpoint().fingerprint
    other = _device_b(case_dir, tmp_path)
    with Case.open(other) as b:  # on laptop B, "Morgue A" is a hospital list
        import_file(
            b, list_file(tmp_path / "b", family="کریمی"), source="Morgue A", kind="hospital"
        )
        export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
    import_file(case, list_file(tmp_path / "a"), source="Morgue A", kind="morgue")
    with pytest.raises(InputError, match="already a morgue list"):  # the command refuses
        import_file(
            case, list_file(tmp_path / "c", family="احمدی"), source="Morgue A", kind="hospital"
        )
    result = import_into_case(case, tmp_path / "b.bundle")  # the bundle's event applies
    carried = [e for e in case.vault.events() if e.kind == "bundle.imported"][-1]
    kinds = [parse_line(line.encode(), "carried").kind for line in carried.payload["events"]]
    assert result.new_events == len(kinds)
    assert [k for k in kinds if k != "state.digest"] == ["import"]  # B's digests ride along
    with case.engine.connect() as conn:
        assert conn.execute(select(sources.c.kind)).scalars().all() == ["morgue"]
        counts = conn.execute(
            select(imports.c.records_imported, imports.c.rows_rejected).order_by(imports.c.id)
        ).all()
        repeated = conn.execute(
            select(func.count()).where(problems.c.reason.like("%already in source%"))
        ).scalar_one()
    # both lists number their rows 1..6: B's ids are taken here, so its rows are kept in
    # the log and listed as problems, not written over A's (the same rule as a live import)
    assert [tuple(c) for c in counts] == [(6, 0), (0, 6)] and repeated == 6


def test_a_bundle_from_a_laptop_that_linked_carries_the_runs_tables(
    case_dir: Path, tmp_path: Path
) -> None:
    case = Case.create(case_dir)
    since = case.vault.checkpoint().fingerprint
    other = _device_b(case_dir, tmp_path)
    with Case.open(other) as b:
        import_file(b, list_file(tmp_path / "b"), source="morgue", kind="morgue")
        run = record_run(b, {1: ["1", "2"], 2: ["3", "4", "5", "6"]})
        info = export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
        there = tables(b)
    assert info.objects >= len(run.objects()) + 1
    import_into_case(case, tmp_path / "b.bundle")  # was: FileNotFoundError
    with case.engine.connect() as conn:
        assert sorted(conn.execute(select(persons.c.id)).scalars()) == [1, 2]
    here = tables(case)
    for name in ("records", "persons", "link_runs", "imports", "problems", "sources"):
        assert here[name] == there[name]


def test_a_bundle_carrying_an_unknown_kind_is_refused_whole(case_dir: Path, tmp_path: Path) -> None:
    case = Case.create(case_dir)
    since = case.vault.checkpoint().fingerprint
    other = _device_b(case_dir, tmp_path)
    with Case.open(other) as b:
        import_file(b, list_file(tmp_path / "b"), source="morgue", kind="morgue")
        b.vault.append_event("statement.added", {"event_version": 1, "reckon_version": "0.3.0"})
        export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
    size = len(list(case.vault.events()))
    with pytest.raises(NeedsNewerReckon, match=r"needs reckon ≥ 0\.3\.0"):
        import_into_case(case, tmp_path / "b.bundle")
    assert len(list(case.vault.events())) == size
