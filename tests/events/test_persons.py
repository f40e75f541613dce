"""Persons that can be pointed at: evidence and timeline steps on a person follow its
records when a re-link merges or splits it, and a rebuild from the log does the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from reckon.case import Case
from reckon.events.evidence import add_evidence
from reckon.events.replay import rebuild
from reckon.ingest.importer import import_file
from reckon.store.schema import evidence_links, persons, records, timeline

from .conftest import list_file, record_run, tables


def _pointing(case: Case) -> tuple[list[int | None], list[int | None]]:
    with case.engine.connect() as conn:
        links = conn.execute(
            select(evidence_links.c.person_id)
            .where(evidence_links.c.record_id.is_(None))
            .order_by(evidence_links.c.id)
        ).scalars()
        steps = conn.execute(select(timeline.c.person_id).order_by(timeline.c.id)).scalars()
        return list(links), list(steps)


def _case_with_evidence_on(case_dir: Path, tmp_path: Path, db_url: str | None, person: int) -> Case:
    case = Case.create(case_dir, db=db_url)
    import_file(case, list_file(tmp_path), source="morgue", kind="morgue")
    record_run(case, {1: ["1", "2"], 2: ["3", "4"], 3: ["5", "6"]})
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a photo of person")
    add_evidence(case, [photo], {"persons": [person]})
    with case.engine.begin() as conn:  # a detainee's timeline step (no writer records these yet)
        rid = conn.execute(select(records.c.id).where(records.c.source_record_id == "3"))
        conn.execute(
            insert(timeline).values(
                person_id=person,
                record_id=rid.scalar_one(),
                step="arrest",
                date_start=date(2026, 1, 8),
            )
        )
    return case


def test_a_merge_repoints_what_pointed_at_the_person_that_went(
    case_dir: Path, tmp_path: Path, db_url: str | None
) -> None:
    case = _case_with_evidence_on(case_dir, tmp_path, db_url, person=2)
    record_run(case, {1: ["1", "2", "3", "4"], 3: ["5", "6"]})  # 2 merged into 1
    assert _pointing(case) == ([1], [1])
    with case.engine.connect() as conn:
        assert sorted(conn.execute(select(persons.c.id)).scalars()) == [1, 3]


def test_a_split_hands_over_to_the_part_holding_most_records(
    case_dir: Path, tmp_path: Path, db_url: str | None
) -> None:
    case = _case_with_evidence_on(case_dir, tmp_path, db_url, person=3)
    # person 3 (records 5, 6) is gone: 5 joins person 1, 6 joins person 2 with 3 and 4,
    # and a new person 4 takes nothing of it; the tie (one record each) goes to the lower id
    record_run(case, {1: ["1", "2", "5"], 2: ["3", "4", "6"], 4: []})
    assert _pointing(case) == ([1], [1])


def test_a_person_whose_records_are_in_no_person_releases_its_links(
    case_dir: Path, tmp_path: Path, db_url: str | None
) -> None:
    case = _case_with_evidence_on(case_dir, tmp_path, db_url, person=2)
    record_run(case, {1: ["1", "2"], 3: ["5", "6"]})  # 3 and 4 unassigned
    assert _pointing(case) == ([None], [None])


def test_a_rebuild_repoints_the_same_way(case_dir: Path, tmp_path: Path) -> None:
    case = Case.create(case_dir)
    import_file(case, list_file(tmp_path), source="morgue", kind="morgue")
    record_run(case, {1: ["1", "2"], 2: ["3", "4"], 3: ["5", "6"]})
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a photo of person 2")
    add_evidence(case, [photo], {"persons": [2]})
    record_run(case, {1: ["1", "2", "3", "4"], 3: ["5", "6"]})
    live = tables(case)
    case.close()
    rebuild(case_dir)  # this was an IntegrityError: persons deleted under their links
    assert tables(Case.open(case_dir)) == live


@pytest.mark.slow
def test_evidence_on_a_person_survives_a_real_relink(case_dir: Path, tmp_path: Path) -> None:
    """Evidence on two persons, then a reviewer says they are one: the re-link merges
    them (this was an IntegrityError traceback) and both links follow."""
    import csv

    import pandas as pd

    from reckon.link.model import TrainingPlan
    from reckon.link.review import PAIR, accept_review
    from reckon.link.run import link_case
    from reckon.synth import generate

    lists = tmp_path / "lists"
    generate(lists, people=250, sources=3, seed=5)
    case = Case.create(case_dir)
    for row in pd.read_csv(lists / "sources.csv").itertuples():
        import_file(case, lists / str(row.file), source=str(row.name), kind=str(row.kind))
    plan = TrainingPlan(u_max_pairs=2e5, em_max_pairs=2e5)
    link_case(case, plan=plan)
    with case.engine.connect() as conn:
        from reckon.store import persons as person_store

        assigned = person_store.read_assignments(conn).dropna(subset=["person_id"])
    first, second = assigned.drop_duplicates("person_id").head(2).itertuples()
    for i, person in enumerate((first.person_id, second.person_id)):
        photo = tmp_path / f"photo-{i}.jpg"
        photo.write_bytes(f"photo {i}".encode())
        add_evidence(case, [photo], {"persons": [int(person)]})
    review = tmp_path / "review.csv"
    with review.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*PAIR, "decision", "reviewer", "reason"])
        writer.writerow(
            [first.source, first.source_record_id, second.source, second.source_record_id,
             "match", "tester", "one person"]
        )  # fmt: skip
    accept_review(case, review)
    result = link_case(case, plan=plan)
    links, _ = _pointing(case)
    with case.engine.connect() as conn:
        alive = set(conn.execute(select(persons.c.id)).scalars())
    assert len(set(links)) == 1 and links[0] in alive  # both on the merged person
    assert result.repointed >= 1


def test_evidence_on_a_person_the_case_lacks_is_refused_before_anything_is_stored(
    case_dir: Path, tmp_path: Path
) -> None:
    from reckon.errors import InputError

    case = Case.create(case_dir)
    size = len(list(case.vault.events()))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"photo")
    with pytest.raises(InputError, match="no person 7 in this case"):
        add_evidence(case, [photo], {"persons": [7]})
    assert len(list(case.vault.events())) == size
