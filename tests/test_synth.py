"""The synthetic case generator: determinism, shapes, truth, error rates, capture heterogeneity."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reckon.cli import app
from reckon.errors import InputError
from reckon.synth import SynthManifest, generate
from reckon.synth.styles import STYLES

ZWNJ = "\u200c"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthManifest]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(out, people=6000, sources=5, seed=11)


@pytest.fixture(scope="module")
def joined(case: tuple[Path, SynthManifest]) -> dict[str, pd.DataFrame]:
    """Each source's records joined to the true person they describe."""
    out, manifest = case
    truth = read(out / "truth.csv")
    people = read(out / "people.csv")
    result = {}
    for src in manifest.sources:
        table = read(out / src.file).rename(columns={src.id_column: "source_record_id"})
        t = truth[truth.source == src.name]
        merged = table.merge(t, on="source_record_id").merge(people, on="person_id")
        result[src.name] = merged
    return result


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", people=300, sources=3, seed=5)
    b = generate(tmp_path / "b", people=300, sources=3, seed=5)
    c = generate(tmp_path / "c", people=300, sources=3, seed=6)
    assert a.records == b.records
    for name in ["truth.csv", "people.csv", *(s.file for s in a.sources)]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "truth.csv").read_bytes() != (
        tmp_path / "c" / "truth.csv"
    ).read_bytes()
    assert c.people == 300


def test_files_and_counts_agree_with_the_manifest(case: tuple[Path, SynthManifest]) -> None:
    out, manifest = case
    on_disk = json.loads((out / "manifest.json").read_text("utf-8"))
    assert on_disk["records"] == manifest.records
    assert [s["name"] for s in on_disk["sources"]] == [
        "morgue",
        "ngo",
        "family",
        "hospital",
        "social",
    ]
    sources = read(out / "sources.csv")
    assert list(sources.columns[:5]) == ["name", "kind", "file", "script", "calendar"]
    truth = read(out / "truth.csv")
    assert list(truth.columns) == ["source", "source_record_id", "person_id"]
    assert len(truth) == manifest.records
    for src in manifest.sources:
        table = read(out / src.file)
        assert len(table) == src.records + src.incidents
        assert table[src.id_column].is_unique
    people = read(out / "people.csv")
    assert len(people) == 6000
    assert manifest.documented == int(
        (people[[s.name for s in manifest.sources]] == "1").any(axis=1).sum()
    )


def test_truth_is_consistent_with_people_and_lists(case: tuple[Path, SynthManifest]) -> None:
    out, manifest = case
    truth = read(out / "truth.csv")
    people = read(out / "people.csv").set_index("person_id")
    assert not truth.duplicated(["source", "source_record_id"]).any()
    for src in manifest.sources:
        ids = set(read(out / src.file)[src.id_column])
        t = truth[truth.source == src.name]
        assert set(t.source_record_id) <= ids
        # a person is on a list exactly when the list holds a record of them
        on_list = set(people.index[people[src.name] == "1"])
        assert set(t.person_id) == on_list
        assert len(t) - len(on_list) == src.duplicates


def test_headers_scripts_and_calendars_follow_the_source_style(
    case: tuple[Path, SynthManifest],
) -> None:
    out, _ = case
    morgue = read(out / "morgue.csv")
    ngo = read(out / "ngo.csv")
    social = read(out / "social.csv")
    assert {"نام", "نام خانوادگی", "نام پدر", "سن", "جنسیت", "تاریخ", "استان", "شهر"} <= set(
        morgue.columns
    )
    assert {"given name", "family name", "father's name", "age", "sex", "date"} <= set(ngo.columns)
    assert "name" in social.columns  # one full-name column
    assert ngo["given name"].str.fullmatch(r"[A-Za-z' \-]+").mean() > 0.99
    jalali = morgue["تاریخ"].str.contains("۱۴۰|140|دی|بهمن", regex=True)
    assert jalali[morgue["تاریخ"] != ""].mean() > 0.9
    gregorian = ngo["date"].str.contains("2026|2025")
    assert gregorian[ngo["date"] != ""].mean() > 0.9
    persian_digits = morgue["سن"].str.contains("[۰-۹]", regex=True)
    assert 0.75 < persian_digits[morgue["سن"] != ""].mean() < 0.95
    latin = social["name"].str.contains("[A-Za-z]", regex=True).mean()
    assert 0.28 < latin < 0.42  # documented: 35%


def test_error_rates_are_roughly_as_documented(joined: dict[str, pd.DataFrame]) -> None:
    ngo = joined["ngo"]
    assert abs((ngo["father's name"] == "").mean() - STYLES["ngo"].missing_father) < 0.05
    family = joined["family"]
    assert abs((family["سن"] == "").mean() - STYLES["family"].missing_age) < 0.03
    # ZWNJ / space / nothing at the boundary of compound given names (25/35/40%)
    plain = ~family["نام"].str.contains("شهید|سید|حاج|مرحوم", regex=True)
    written = family.loc[family.given_name.str.contains(ZWNJ) & plain, "نام"].str.strip()
    assert 0.17 < written.str.contains(ZWNJ).mean() < 0.33
    assert 0.27 < written.str.contains(" ").mean() < 0.43
    # Arabic yeh/kaf: hospital lists are typed on an Arabic keyboard (60%)
    hospital = joined["hospital"]
    has_yeh = hospital.family_name.str.contains("ی")
    arabic = hospital.loc[has_yeh, "نام خانوادگی"].str.contains("ي")
    assert 0.5 < arabic.mean() < 0.7
    # age off by a year or two in hospital lists (15% + 6%)
    ages = hospital[hospital["سن"].str.fullmatch(r"[0-9۰-۹٠-٩]+")]
    written_age = ages["سن"].str.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2))
    off = (written_age.astype(int) - ages.age.astype(int)).abs()
    assert 0.14 < (off == 1).mean() < 0.26
    assert 0.02 < (off == 2).mean() < 0.11
    assert off.max() <= 2


def test_latin_variants_and_honorifics_appear(joined: dict[str, pd.DataFrame]) -> None:
    ngo = joined["ngo"]
    mohammad = ngo.loc[ngo.given_name == "محمد", "given name"]
    assert {"Mohammad", "Mohamad", "Mohammed"} <= set(mohammad)
    family = joined["family"]
    assert family["نام"].str.startswith("شهید ").mean() > 0.15
    seyyed = family[family.seyyed == "1"]
    assert seyyed["نام"].str.contains("سید").mean() > 0.6


def test_incident_rows_are_in_the_morgue_list_only(case: tuple[Path, SynthManifest]) -> None:
    out, _ = case
    incidents = read(out / "incidents.csv")
    assert set(incidents.source) == {"morgue"}
    assert len(incidents) >= 3
    morgue = read(out / "morgue.csv").set_index("ردیف")
    rows = morgue.loc[incidents.source_record_id]
    assert (rows["نام"] == "").all()
    assert rows["توضیحات"].str.contains("جسد").all()
    truth = read(out / "truth.csv")
    assert not set(incidents.source_record_id) & set(truth.source_record_id)


def test_capture_is_heterogeneous_and_dependent(case: tuple[Path, SynthManifest]) -> None:
    out, manifest = case
    people = read(out / "people.csv")
    names = [s.name for s in manifest.sources]
    h = people[names].astype(int).to_numpy()
    n_lists = h.sum(axis=1)
    p = h.mean(axis=0)
    # under independence with these marginals, how many would be on every list?
    assert (n_lists == len(names)).mean() > 5 * np.prod(p)
    # the latent classes differ in how often they are captured
    by_class = pd.Series(n_lists).groupby(people.latent_class.astype(int)).mean()
    assert by_class[0] > 2 * by_class[2]
    # some victims are on no list at all: the undocumented
    assert 0.1 < (n_lists == 0).mean() < 0.5
    histories = read(out / "capture_histories.csv")
    assert histories["count"].astype(int).sum() == manifest.documented


def test_population_distributions(case: tuple[Path, SynthManifest]) -> None:
    out, _ = case
    people = read(out / "people.csv")
    assert 0.06 < (people.sex == "female").mean() < 0.12
    age = people.age.astype(int)
    assert ((age >= 15) & (age <= 40)).mean() > 0.7
    assert (age < 15).mean() > 0.03
    peak = people.event_date.isin(["2026-01-08", "2026-01-09", "2026-01-10"]).mean()
    assert peak > 0.6
    assert people.loc[people.event_date == "2026-01-08", "event_date_jalali"].eq("1404-10-18").all()
    assert people.province_code.str.fullmatch(r"IR-\d\d").all()
    top = people.given_name.value_counts(normalize=True)
    assert top.index[0] in {"محمد", "علی", "امیر\u200cحسین"}


def test_generator_does_not_read_with_the_normalizer() -> None:
    """The errors are made independently of reckon.normalize, or evaluation is circular."""
    package = Path(__file__).parents[1] / "src" / "reckon" / "synth"
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("reckon.normalize"), source
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("reckon.normalize") for a in node.names), source


def test_bad_arguments_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        generate(tmp_path, people=0, sources=3, seed=1)
    with pytest.raises(InputError):
        generate(tmp_path, people=10, sources=0, seed=1)


def test_cli_synth(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "synth",
            "-o",
            str(tmp_path / "c"),
            "--people",
            "200",
            "--sources",
            "8",
            "--seed",
            "3",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    names = [s["name"] for s in manifest["sources"]]
    assert names[-1] == "morgue_2" and len(set(names)) == 8
    bad = runner.invoke(app, ["synth", "-o", str(tmp_path / "d"), "--people", "0"])
    assert bad.exit_code == 1
    assert "at least 1" in bad.output


def test_docs_hold_the_current_rates_table() -> None:
    from reckon.synth.styles import rates_table

    doc = (Path(__file__).parents[1] / "docs" / "synth.md").read_text("utf-8")
    assert rates_table() in doc


@given(st.text(max_size=30), st.integers(0, 3), st.floats(0, 0.999), st.floats(0, 0.999))
def test_a_typo_changes_at_most_one_letter_and_never_fails(
    text: str, op: int, where: float, pick: float
) -> None:
    from reckon.synth.writing import typo

    out = typo(text, op, where, pick)
    assert abs(len(out) - len(text)) <= 1
    if op in (0, 3):
        assert len(out) == len(text)
        assert sum(a != b for a, b in zip(out, text, strict=True)) <= 2


def test_every_record_describes_its_true_person(joined: dict[str, pd.DataFrame]) -> None:
    """Sex is never corrupted, only left out: a written sex must be the true person's."""
    female = {"زن": "female", "مونث": "female", "female": "female", "F": "female"}
    male = {"مرد": "male", "مذکر": "male", "male": "male", "M": "male"}
    labels = {**female, **male}
    for name, records in joined.items():
        persian = "جنسیت" in records.columns
        written = records["جنسیت" if persian else "sex_x"]
        true_sex = records["sex" if persian else "sex_y"]
        known = written != ""
        assert known.sum() > 100
        assert (written[known].map(labels) == true_sex[known]).all(), name


def test_ages_and_provinces_are_the_true_persons_within_the_documented_errors(
    joined: dict[str, pd.DataFrame],
) -> None:
    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
    unarabic = str.maketrans({"ي": "ی", "ك": "ک"})
    for name, records in joined.items():
        persian = "سن" in records.columns
        written = records["سن" if persian else "age_x"].str.translate(digits)
        number = pd.to_numeric(written.str.extract(r"(\d+)")[0], errors="coerce")
        true_age = records["age" if persian else "age_y"].astype(int)
        assert ((number - true_age).abs().dropna() <= 2).all(), name
        if persian:
            province = records["استان"].str.translate(unarabic)
            known = province != ""
            assert (province[known] == records.loc[known, "province"]).all(), name
