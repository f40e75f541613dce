"""The holdout generator (bench/holdout): deterministic, importable, truthful.

The generator is a benchmark's instrument, so these tests check what the
linkage study relies on: one seed gives the same bytes, reckon imports every
list without a rejected row or a field problem, its places are places reckon
reads, and the truth file accounts for every row and agrees with the people.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from holdout import Settings, generate, places  # noqa: E402
from reckon.case import Case  # noqa: E402
from reckon.ingest.importer import import_file  # noqa: E402
from reckon.normalize import read_place  # noqa: E402

SMALL = Settings(people=400, lists=8, visibility="hard", linkage="hard", seed=7)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("holdout")
    generate(out, SMALL)
    return out


def test_one_seed_gives_the_same_files_and_another_seed_other_files(
    lists: Path, tmp_path: Path
) -> None:
    generate(tmp_path / "again", SMALL)
    assert _digests(tmp_path / "again") == _digests(lists)
    other = Settings(**{**SMALL.__dict__, "seed": 8})
    generate(tmp_path / "other", other)
    assert _digests(tmp_path / "other")["truth.csv"] != _digests(lists)["truth.csv"]


def test_the_truth_accounts_for_every_row_and_agrees_with_the_people(lists: Path) -> None:
    manifest = json.loads((lists / "manifest.json").read_text(encoding="utf-8"))
    truth = _csv(lists / "truth.csv")
    people = {row["person_id"]: row for row in _csv(lists / "people.csv")}
    assert len(people) == SMALL.people
    keys = [(t["source"], t["source_record_id"]) for t in truth]
    assert len(set(keys)) == len(keys) == manifest["records"]
    for entry in manifest["lists"]:
        rows = _csv(lists / entry["file"])
        ids = [r[entry["id_column"]] for r in rows]
        named = [t for t in truth if t["source"] == entry["source"]]
        assert sorted(ids) == sorted(t["source_record_id"] for t in named)
        # a person the truth puts on a list is flagged on it in people.csv, and back
        on_list = {pid for pid, p in people.items() if p[entry["source"]] == "1"}
        assert {t["person_id"] for t in named} == on_list
        assert entry["people"] == len(on_list)
        # duplicates inside a list exist, but a list is mostly one row per person
        per_person = Counter(t["person_id"] for t in named)
        assert entry["records"] == len(rows) == sum(per_person.values())
    histories = _csv(lists / "capture_histories.csv")
    assert sum(int(h["count"]) for h in histories) == manifest["documented"]
    assert manifest["documented"] == len({t["person_id"] for t in truth})


def test_the_lists_differ_as_real_lists_do(lists: Path) -> None:
    manifest = json.loads((lists / "manifest.json").read_text(encoding="utf-8"))
    by_source = {e["source"]: e for e in manifest["lists"]}
    assert [e["kind"] for e in manifest["lists"]][:6] == [
        "morgue", "ngo", "family", "social", "hospital", "media",
    ]  # fmt: skip
    assert by_source["morgue"]["latin_records"] == 0
    assert by_source["ngo"]["latin_records"] == by_source["ngo"]["records"]
    social = by_source["social"]
    assert 0 < social["latin_records"] < social["records"]  # scripts mixed per record
    assert "father's name" not in social["headers"] and len(social["headers"]) == 4
    hospital = (lists / "hospital.csv").read_text(encoding="utf-8-sig")
    assert "ي" in hospital or "ك" in hospital  # typed on an Arabic keyboard


def test_every_place_is_a_place_reckon_reads_in_both_scripts() -> None:
    for prov in places.PROVINCES:
        for text in (prov.fa, prov.en):
            assert read_place(text).province_code == prov.code, text
        for city_fa, city_en in prov.cities:
            for text in (city_fa, city_en):
                assert read_place(text).province_code == prov.code, text


def test_reckon_imports_every_list_without_a_problem(
    lists: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECKON_PASSPHRASE", "holdout generator test")
    manifest = json.loads((lists / "manifest.json").read_text(encoding="utf-8"))
    Case.create(tmp_path / "case", author="tester")
    with Case.open(tmp_path / "case") as case:
        for entry in manifest["lists"]:
            report = import_file(
                case, lists / entry["file"], source=entry["source"], kind=entry["kind"]
            )
            assert report.records_imported == entry["records"], entry["source"]
            assert report.rows_rejected == 0
            assert report.problems == [], report.problems[:3]
            # the id column the manifest names is the one reckon recognised
            assert report.mapping["columns"]["id"] == entry["id_column"]
