"""The library facade on a real small synthetic case: every namespace, the signer, no
environment read by the library, and the README's example run as written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import reckon
from reckon.case import Case
from reckon.cli import app
from reckon.errors import CaseError, EstimateError, InputError, KeyError_, LinkError
from reckon.store import decisions as decision_store
from reckon.synth import generate
from reckon.vault import Vault

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "reckon"
runner = CliRunner()


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("facade-lists")
    generate(out, people=120, sources=3, seed=11)
    return out


@pytest.fixture(scope="module")
def linked(lists: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case imported and linked through the facade (tests write to copies of it)."""
    folder = tmp_path_factory.mktemp("facade") / "case"
    with Case.create(folder, author="Documenter A") as case:
        for row in pd.read_csv(lists / "sources.csv").itertuples():
            report = case.ingest.import_file(
                lists / str(row.file), source=str(row.name), kind=str(row.kind)
            )
            assert report.records_imported > 0 and not report.already_imported
        result = case.link.run(seed=1)
        assert 0 < result.persons <= result.records
    return folder


@pytest.fixture
def case_dir(linked: Path, tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(linked, target)
    return target


def _sources(lists: Path) -> list[tuple[str, str, str]]:
    frame = pd.read_csv(lists / "sources.csv")
    return [(str(r.name), str(r.kind), str(r.file)) for r in frame.itertuples()]


def test_ingest_counts_what_it_imports_and_refuses_in_its_own_words(
    case_dir: Path, lists: Path
) -> None:
    truth = pd.read_csv(lists / "truth.csv")
    with Case.open(case_dir) as case:
        summary = case.summary()
        assert summary["records"] >= len(truth)
        name, kind, file = _sources(lists)[0]
        again = case.ingest.import_file(lists / file, source=name, kind=kind)
        assert again.already_imported and again.records_imported == 0
        with pytest.raises(InputError, match=r"kind= must be one of"):
            case.ingest.import_file(lists / file, source="x", kind="rumour")
        assert case.summary()["records"] == summary["records"]


def test_review_decides_a_pair_and_exports_the_uncertain_ones(
    case_dir: Path, tmp_path: Path
) -> None:
    with Case.open(case_dir) as case:
        pairs = case.review.pairs()
        exported = case.review.export(tmp_path / "review.csv")
        assert exported == len(pairs)
        with case.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT s.name, r.source_record_id FROM records r JOIN sources s "
                "ON s.id = r.source_id ORDER BY r.id LIMIT 2"
            ).all()
        first, second = ((str(name), str(rid)) for name, rid in rows)
        done = case.review.decide(first, second, "non-match", reviewer="Reviewer R")
        assert done.accepted == 1 and done.counts["non_match"] == 1
        with case.engine.connect() as conn:
            decided = decision_store.read_decisions(conn)
        assert len(decided) == 1 and decided.iloc[0]["reviewer"] == "Reviewer R"
        with pytest.raises(InputError, match="no record"):
            case.review.decide(first, ("nowhere", "N-1"), "match", reviewer="R")
        with pytest.raises(InputError, match="decision= must be one of"):
            case.review.decide(first, second, "perhaps", reviewer="R")
        with pytest.raises(InputError, match="reviewer="):
            case.review.decide(first, second, "match", reviewer=" ")
        assert case.verify().ok


def test_evidence_points_at_a_person_and_lists_its_custody(case_dir: Path, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 synthetic photo")
    with Case.open(case_dir) as case:
        with case.engine.connect() as conn:
            person = int(conn.exec_driver_sql("SELECT min(id) FROM persons").scalar_one())
        with pytest.raises(InputError, match="no person 999999"):
            case.evidence.add([photo], persons=[999999])
        payload = case.evidence.add(
            [photo], description="a synthetic photo", persons=[person], witness="sealed name"
        )
        listed = case.evidence.list()
        assert [i["object_sha256"] for i in listed] == [payload["items"][0]["object"]]
        assert listed[0]["custody"]["description"] == "a synthetic photo"
        assert "witness" not in json.dumps(listed[0]["custody"])
        assert case.verify().ok


def test_records_are_entered_and_edited_and_edits_chain(case_dir: Path) -> None:
    with Case.open(case_dir) as case:
        before = case.summary()["records"]
        case.records.enter(
            source="form",
            kind="family",
            record_id="F-1",
            fields={"full_name": "زهرا کریمی", "age": "۳۰", "date": "1404/10/18"},
        )
        with case.engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT age, name_key, date_start FROM records WHERE source_record_id = 'F-1'"
            ).one()
        assert row.age == 30 and row.name_key and str(row.date_start) == "2026-01-08"
        first = case.records.edit(source="form", record_id="F-1", field="age", value="31")
        second = case.records.edit(source="form", record_id="F-1", field="age", value=32)
        logged = {e.hash: e for e in case.vault.events() if e.kind == "record.edited"}
        assert logged[second.hash].payload["base"] == [first.hash]
        assert case.summary()["records"] == before + 1
        with pytest.raises(InputError, match="already has a record"):
            case.records.enter(
                source="form", kind="family", record_id="F-1", fields={"full_name": "رضا"}
            )
        with pytest.raises(InputError, match="field= must be one of"):
            case.records.edit(source="form", record_id="F-1", field="person_id", value=1)
        with pytest.raises(InputError, match="takes an ISO 8601 date"):
            case.records.edit(source="form", record_id="F-1", field="date_start", value="soon")
        with pytest.raises(InputError, match="age"):
            case.records.enter(source="form", kind="family", record_id="F-2", fields={"age": "250"})
        assert case.verify(replay=True).ok


def test_bundles_carry_a_record_to_another_device(case_dir: Path, tmp_path: Path) -> None:
    with Case.open(case_dir) as case:
        since = case.vault.checkpoint().fingerprint
    laptop = tmp_path / "laptop"
    shutil.copytree(case_dir, laptop)
    with Case.open(laptop) as case:
        case.records.enter(
            source="form", kind="family", record_id="L-1", fields={"full_name": "حسین"}
        )
        info = case.bundles.export(tmp_path / "laptop.bundle", since=since)
    assert info.events >= 1
    with Case.open(case_dir) as case:
        merged = case.bundles.merge(tmp_path / "laptop.bundle")
        again = case.bundles.merge(tmp_path / "laptop.bundle")
        with case.engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM records WHERE source_record_id = 'L-1'"
            ).scalar_one()
        assert merged.new_events >= 1 and again.replayed and found == 1
        assert case.verify().ok


def test_estimate_runs_one_method_or_several(linked: Path) -> None:
    with Case.open(linked) as case:
        one = case.estimate("loglinear", linkage_draws=0)
        found = one.result.to_dict()
        assert found["estimate"] >= found["observed"] > 0 and len(found["ci"]) == 2
        several = case.estimate("chapman,loglinear", linkage_draws=0)
        assert several.several and set(several.results) | set(several.failed) == {
            "chapman",
            "loglinear",
        }
        assert several.to_dict()["method"] == "chapman,loglinear"
        with pytest.raises(EstimateError, match="method= names no method"):
            case.estimate(" , ")


def test_link_measures_and_exports_its_persons(linked: Path, lists: Path, tmp_path: Path) -> None:
    with Case.open(linked) as case:
        measured = case.link.evaluate(lists / "truth.csv")
        assert measured.pairwise["all"].f1 > 0.5
        with pytest.raises(LinkError, match="no labelled pairs yet"):
            case.link.evaluate_labelled()
        written = case.link.export_records(tmp_path / "records.csv")
        assert written == case.summary()["records"]
        assert case.link.export_persons(tmp_path / "persons.csv") == case.summary()["persons"]


def test_report_and_verify_through_the_case(linked: Path, tmp_path: Path) -> None:
    with Case.open(linked) as case:
        assert case.verify().ok
        result = case.report(tmp_path / "report.html")
        assert result.path.is_file() and result.records > 0
        with pytest.raises(CaseError, match="lang='xx'"):
            case.report(tmp_path / "r.html", lang="xx")


def test_a_signer_given_to_open_signs_every_event(case_dir: Path) -> None:
    with Case.open(case_dir) as case:
        added = case.vault.add_key("Documenter B", "another long passphrase")
    signer = Vault.open(case_dir).unlock("another long passphrase", key_id=added.key_id)
    with Case.open(case_dir, signer=signer) as case:
        done = case.records.enter(
            source="form", kind="family", record_id="B-1", fields={"full_name": "رضا احمدی"}
        )
        authors = {e.author for e in case.vault.events() if e.seq >= done.seq}
    assert authors == {added.key_id}


def test_the_library_reads_no_passphrase_from_the_environment(
    case_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Case, "default_passphrase", None)
    monkeypatch.setenv("RECKON_PASSPHRASE", "correct horse battery staple")
    with Case.open(case_dir) as case, pytest.raises(KeyError_, match="signer="):
        case.records.enter(
            source="form", kind="family", record_id="E-1", fields={"full_name": "مریم"}
        )
    with pytest.raises(KeyError_, match="passphrase="):
        Case.create(tmp_path / "new")
    asked: list[str] = []

    def ask(purpose: str) -> str:
        asked.append(purpose)
        return "correct horse battery staple"

    with Case.open(case_dir, passphrase=ask) as case:
        case.records.enter(
            source="form", kind="family", record_id="E-1", fields={"full_name": "مریم"}
        )
    assert len(asked) == 1 and "unlock signing key" in asked[0]


# the environment a person sets for the command line: read by the CLI alone
KEY_ENVIRONMENT = re.compile(
    r"RECKON_PASSPHRASE|RECKON_KEY\b|PASSPHRASE_ENV|KEY_ENV|[\"']USER[\"']|getpass|"
    r"ask_passphrase\(|default_key_id\("
)
# where the vault defines them, for the CLI to call (``Vault.unlock`` falls back on them
# only when its caller said nothing; ``Case`` always says)
DEFINED_IN = {"vault/keys.py", "vault/vault.py"}
COMMAND_LINE = {"cli.py", "clidocs.py", "demo.py"}


def test_no_library_module_reads_keys_or_the_user_from_the_environment() -> None:
    readers = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in DEFINED_IN | COMMAND_LINE or name.startswith("commands/"):
            continue
        code = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#")
        )
        if KEY_ENVIRONMENT.search(code):
            readers.append(name)
    assert readers == []
    demo = (SRC / "demo.py").read_text(encoding="utf-8")
    assert "environ" not in demo  # the demo's passphrase comes from the command line


def test_record_commands_add_and_edit(case_dir: Path) -> None:
    added = runner.invoke(
        app,
        [
            "record", "add", str(case_dir), "--source", "form", "--kind", "family",
            "--id", "C-1", "--set", "full_name=علی رضایی", "--set", "age=40",
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "entered record 'C-1'" in added.output
    edited = runner.invoke(
        app,
        ["record", "edit", str(case_dir), "--source", "form", "--id", "C-1",
         "--field", "age", "--value", "41", "--json"],
    )  # fmt: skip
    assert edited.exit_code == 0, edited.output
    assert json.loads(edited.output)["records"] == 1
    wrong = runner.invoke(
        app,
        ["record", "edit", str(case_dir), "--source", "form", "--id", "C-1",
         "--field", "nope", "--value", "1"],
    )  # fmt: skip
    assert wrong.exit_code == 1
    assert "--field must be one of" in wrong.output and "Traceback" not in wrong.output


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Using reckon as a library", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Case, "default_passphrase", None)  # the example says its own
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    with reckon.Case.open(tmp_path / "my-case", passphrase="a long passphrase") as case:
        assert case.summary()["records"] > 0 and case.verify().ok
