"""Mending an import: the same file read again with a corrected reading is a new
version of that import. Its records replace the old ones; the old reading stays in
the log; records that survive keep their person, decisions and evidence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from reckon.case import Case
from reckon.events.evidence import add_evidence
from reckon.events.verify import verify_case
from reckon.ingest.importer import import_file
from reckon.store.schema import (
    evidence_links,
    imports,
    link_decisions,
    metadata,
    persons,
    problems,
    records,
)

from ..conftest import TEST_PASSPHRASE
from ..events.conftest import record_run

HEADERS = "Victim,Where,Fecha,Edad\n"
ROWS = [
    ("Ali Rezaei", "Tehran", "1404/10/18", "23"),
    ("Sara Nouri", "Shiraz", "1404/10/19", "31"),
    ("Reza Ahmadi", "Tabriz", "1404/10/18", "19"),
]


def _list(tmp_path: Path, rows: list[tuple[str, ...]] = ROWS) -> Path:
    path = tmp_path / "victims.csv"
    path.write_text(HEADERS + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _mapping(tmp_path: Path) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(
        '[columns]\nfull_name = "Victim"\nplace = "Where"\ndate = "Fecha"\nage = "Edad"\n',
        encoding="utf-8",
    )
    return path


def _state(case: Case) -> list[tuple[object, ...]]:
    with case.engine.connect() as conn:
        rows = conn.execute(
            select(records.c.source_record_id, records.c.age, records.c.date_start).order_by(
                records.c.source_record_id
            )
        )
        return [tuple(r) for r in rows]


def _one(case: Case, query: object) -> object:
    with case.engine.connect() as conn:
        return conn.execute(query).scalar_one()  # type: ignore[call-overload]


def test_a_reread_with_a_mapping_reads_what_the_first_left_unread(
    new_case: Path, tmp_path: Path
) -> None:
    case = Case.open(new_case)
    first = import_file(case, _list(tmp_path), source="ngo", kind="ngo")
    assert first.unmapped == ["Fecha", "Edad"]
    assert all(age is None for _, age, _ in _state(case))
    # the same bytes with the same reading are still a no-op
    assert import_file(case, _list(tmp_path), source="ngo", kind="ngo").already_imported
    again = import_file(
        case, _list(tmp_path), source="ngo", kind="ngo", mapping_path=_mapping(tmp_path)
    )
    assert not again.already_imported and again.reread_of == 1
    assert (again.records_imported, again.replaced) == (3, 3)
    assert [age for _, age, _ in _state(case)] == [23, 31, 19]
    assert all(day is not None for _, _, day in _state(case))
    assert _one(case, select(func.count()).select_from(imports)) == 1
    assert _one(case, select(imports.c.version)) == 2
    kinds = [e.kind for e in case.vault.events()]
    assert kinds.count("import") == 1 and kinds.count("import.reread") == 1
    # the old reading stays in the history: both events' records objects are in the vault
    assert verify_case(new_case).ok


def test_a_reread_replays_to_the_same_rows(new_case: Path, tmp_path: Path) -> None:
    case = Case.open(new_case)
    import_file(case, _list(tmp_path), source="ngo", kind="ngo")
    import_file(case, _list(tmp_path), source="ngo", kind="ngo", mapping_path=_mapping(tmp_path))
    before = _state(case)
    n_problems = _one(case, select(func.count()).select_from(problems))
    metadata.drop_all(case.engine)  # the database lost; the log remains
    case.engine.dispose()
    rebuilt = Case.open(new_case)
    assert _state(rebuilt) == before
    assert _one(rebuilt, select(func.count()).select_from(problems)) == n_problems
    assert _one(rebuilt, select(imports.c.version)) == 2


def test_records_that_survive_keep_their_person_and_evidence(
    case_dir: Path, tmp_path: Path, db_url: str | None
) -> None:
    case = Case.create(case_dir, db=db_url)
    import_file(case, _list(tmp_path), source="ngo", kind="ngo")
    ids = [str(srid) for srid, _, _ in _state(case)]
    record_run(case, {n + 1: [srid] for n, srid in enumerate(ids)}, source="ngo")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a photo")
    add_evidence(case, [photo], {"records": [f"ngo:{ids[0]}"], "persons": [3]})
    # a reviewer's decision names the records by source and id: it survives the re-read
    case.review.decide(("ngo", ids[0]), ("ngo", ids[1]), "non_match", reviewer="maryam")
    with case.engine.connect() as conn:
        decided = [tuple(r) for r in conn.execute(select(link_decisions))]
    report = import_file(
        case, _list(tmp_path), source="ngo", kind="ngo", mapping_path=_mapping(tmp_path)
    )
    assert report.kept_person == 3
    with case.engine.connect() as conn:
        people = {
            r[0]: r[1]
            for r in conn.execute(select(records.c.source_record_id, records.c.person_id))
        }
        links = conn.execute(select(evidence_links.c.record_id, evidence_links.c.person_id))
        pointed = {tuple(r) for r in links}
        counts = {r[0]: r[1] for r in conn.execute(select(persons.c.id, persons.c.n_records))}
        new_first = conn.execute(
            select(records.c.id).where(records.c.source_record_id == ids[0])
        ).scalar_one()
    assert people == {srid: n + 1 for n, srid in enumerate(ids)}
    # the record's evidence link followed it to its new row; the person's is untouched
    assert (new_first, None) in pointed and (None, 3) in pointed
    assert counts == {1: 1, 2: 1, 3: 1}
    with case.engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(select(link_decisions))] == decided != []
    assert verify_case(case_dir).ok


def test_the_same_file_at_once_under_two_names_lands_once(tmp_path: Path) -> None:
    """Two imports of one file started together: the duplicate check runs again under
    the case's write lock, so the second sees the first (before: both landed)."""
    case_dir = tmp_path / "case"
    Case.create(case_dir, passphrase=TEST_PASSPHRASE).close()
    big = tmp_path / "big.csv"
    big.write_text(
        "name,date,province\n"
        + "".join(f"Person{i} Family{i % 97},1404/10/18,Tehran\n" for i in range(6000)),
        encoding="utf-8",
    )
    src = Path(__file__).resolve().parents[2] / "src"
    script = (
        "import sys; from reckon.case import Case; from reckon.ingest.importer import import_file;"
        "case = Case.open(sys.argv[1], passphrase=sys.argv[4]);"
        "r = import_file(case, sys.argv[2], source=sys.argv[3], kind='ngo');"
        "print('already' if r.already_imported else 'landed')"
    )
    env = {"PYTHONPATH": str(src), "RECKON_PASSPHRASE": TEST_PASSPHRASE, "HOME": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(case_dir), str(big), name, TEST_PASSPHRASE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        for name in ("first name", "second name")
    ]
    outcomes = sorted(p.communicate(timeout=300)[0].strip() for p in runs)
    assert outcomes == ["already", "landed"], [p.stderr for p in runs]
    case = Case.open(case_dir)
    assert _one(case, select(func.count()).select_from(records)) == 6000
    assert _one(case, select(func.count()).select_from(imports)) == 1
