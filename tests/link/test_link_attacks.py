"""A link run's objects are in the integrity net; its model is read from the vault (issue 12).

Run against the code before this change (``PYTHONPATH=/work/main/src``): a rebuild
with a run's object missing crashed with FileNotFoundError, and an edited
``models/link_model.json`` silently changed who is linked to whom.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import TEST_PASSPHRASE

from reckon.case import Case
from reckon.errors import IntegrityError
from reckon.events.bundles import export_case_bundle, import_into_case
from reckon.events.replay import rebuild
from reckon.events.verify import verify_case
from reckon.ingest.importer import import_file
from reckon.link.model import TrainingPlan
from reckon.link.run import link_case
from reckon.store import persons as person_store
from reckon.synth import generate

SMALL = TrainingPlan(u_max_pairs=2e5, em_max_pairs=2e5)


@pytest.fixture(autouse=True)
def _witness(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
    monkeypatch.delenv("RECKON_KEY", raising=False)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(a case before linking with a checkpoint, the same case linked once, the checkpoint)."""
    root = tmp_path_factory.mktemp("linked")
    generate(root / "lists", people=60, sources=2, seed=4)
    before = root / "before"
    with pytest.MonkeyPatch.context() as env:  # the function-scoped fixtures are not here yet
        env.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
        env.setenv("RECKON_WITNESS_DIR", str(root / "witness"))
        env.delenv("RECKON_KEY", raising=False)
        with Case.create(before) as case:
            for row in pd.read_csv(root / "lists" / "sources.csv").itertuples():
                file = root / "lists" / str(row.file)
                import_file(case, file, source=str(row.name), kind=str(row.kind))
            since = case.vault.checkpoint().fingerprint
        linked = root / "linked"
        shutil.copytree(before, linked)
        with Case.open(linked) as case:
            link_case(case, plan=SMALL)
    return before, linked, since


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _assignments(case_dir: Path) -> pd.DataFrame:
    with Case.open(case_dir) as case, case.engine.connect() as conn:
        return person_store.read_assignments(conn).sort_values(["source", "source_record_id"])


def _run_objects(case_dir: Path) -> dict[str, str]:
    with Case.open(case_dir) as case:
        run = next(e for e in case.vault.events() if e.kind == "link.run")
        return {**run.payload["results"], "model": run.payload["model"]}


@pytest.mark.parametrize("table", ["persons", "assignments", "pairs", "review", "model"])
def test_a_deleted_link_run_object_fails_verify_and_rebuild_names_it(
    cases: tuple[Path, Path, str], tmp_path: Path, table: str
) -> None:
    _, linked, _ = cases
    case_dir = _copy(linked, tmp_path / "case")
    sha = _run_objects(case_dir)[table]
    path = case_dir / "vault" / "objects" / sha[:2] / sha[2:]
    kept = path.read_bytes()
    path.unlink()
    report = verify_case(case_dir)
    assert any(sha in f and "missing" in f for f in report.faults), report.faults
    if table in ("persons", "assignments"):  # what the applier reads
        with pytest.raises(IntegrityError, match=f"names object {sha}"):
            rebuild(case_dir)  # was: FileNotFoundError
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(kept)  # the object restored (from a copy, or a bundle)
    assert rebuild(case_dir) > 0
    pd.testing.assert_frame_equal(_assignments(case_dir), _assignments(linked))
    assert verify_case(case_dir).ok


def test_a_rebuild_from_a_relative_path(
    cases: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, linked, _ = cases
    _copy(linked, tmp_path / "case")
    monkeypatch.chdir(tmp_path)
    assert rebuild(Path("case")) > 0
    pd.testing.assert_frame_equal(_assignments(tmp_path / "case"), _assignments(linked))


def test_an_edited_loose_model_changes_no_link(
    cases: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """Was: the next link read the edited file, and fewer persons came out."""
    _, linked, _ = cases
    case_dir = _copy(linked, tmp_path / "case")
    before = _assignments(case_dir)
    loose = case_dir / "models" / "link_model.json"
    edited = json.loads(loose.read_text(encoding="utf-8"))
    edited["probability_two_random_records_match"] = 0.999  # everyone is one person
    loose.write_text(json.dumps(edited), encoding="utf-8")
    with Case.open(case_dir) as case:
        again = link_case(case, plan=SMALL)
    assert not again.trained
    assert any("differs from the model the last link run logged" in n for n in again.notes)
    after = _assignments(case_dir)
    assert after["person_id"].nunique() == before["person_id"].nunique()
    pd.testing.assert_frame_equal(after, before)
    assert verify_case(case_dir).ok


def test_device_b_links_and_device_a_imports_its_bundle(
    cases: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """The two-device workflow: B links, exports a bundle; A imports it and links on."""
    before, linked, since = cases
    a_dir = _copy(before, tmp_path / "a")
    b_dir = _copy(linked, tmp_path / "b")
    with Case.open(b_dir) as b:
        info = export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
    assert info.objects >= 5  # persons, assignments, review, pairs, model
    with Case.open(a_dir) as a:
        result = import_into_case(a, tmp_path / "b.bundle")
        assert result.objects == info.objects
    pd.testing.assert_frame_equal(_assignments(a_dir), _assignments(b_dir))
    report = verify_case(a_dir)
    assert report.ok, report.faults
    with Case.open(a_dir) as a:  # A links on with the model B's run logged
        assert not link_case(a, plan=SMALL).trained
