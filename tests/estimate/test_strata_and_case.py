"""Strata, capture histories read from a case, and the two CLI commands."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from reckon.cli import app
from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate import CaptureTable, StratifiedResult
from reckon.estimate.strata import SMALL_STRATA, UNKNOWN, estimate_histories, tables_by
from reckon.store.captures import age_group, per_person, read_capture_histories, source_names

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"
SOURCES = ("morgue", "hospital", "ngo")


def _people(seed: int, sizes: dict[str, int]) -> pd.DataFrame:
    """Synthetic persons: three independent lists with province-specific capture rates."""
    rng = np.random.default_rng(seed)
    rows = []
    for k, (province, n) in enumerate(sizes.items()):
        probs = np.array([0.35, 0.3, 0.25]) + 0.05 * k
        caught = rng.random((n, 3)) < probs
        for row in caught:
            if row.any():
                members = frozenset(s for s, c in zip(SOURCES, row, strict=True) if c)
                rows.append({"sources": members, "province": province, "month": "2026-01"})
    return pd.DataFrame(rows)


def test_tables_by_and_unknown_values() -> None:
    people = pd.DataFrame(
        {
            "sources": [frozenset({"a"}), frozenset({"a", "b"}), frozenset({"b"})],
            "sex": ["female", None, "male"],
        }
    )
    tables = tables_by(people, "sex", ["a", "b"])
    assert list(tables) == ["female", "male", UNKNOWN]
    assert tables[UNKNOWN].full_cells().tolist() == [0, 0, 1]
    with pytest.raises(EstimateError, match="cannot stratify"):
        tables_by(people, "colour")


def test_stratified_loglinear_pools_and_covers() -> None:
    people = _people(1, {"IR-01": 3000, "IR-02": 2000, "IR-03": 1500})
    result = estimate_histories(people, "loglinear", lists=SOURCES, by="province", model="[1,2,3]")
    assert isinstance(result, StratifiedResult)
    assert set(result.strata) == {"IR-01", "IR-02", "IR-03"}
    assert result.estimate == pytest.approx(sum(r.estimate for r in result.strata.values()))
    assert result.ci[0] <= 6500 <= result.ci[1]
    assert len(result.to_dict()["strata"]) == 3


def test_small_strata_are_merged_and_said_so() -> None:
    people = _people(2, {"IR-01": 3000, "IR-02": 30, "IR-03": 25})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = estimate_histories(
            people, "loglinear", lists=SOURCES, by="province", model="[1,2,3]"
        )
    assert any(w.category is SparseDataWarning and "merged" in str(w.message) for w in caught)
    assert isinstance(result, StratifiedResult)
    assert SMALL_STRATA in result.strata
    assert result.observed == len(people)


def test_strata_that_cannot_be_estimated_count_as_observed_with_a_warning() -> None:
    people = _people(3, {"IR-01": 3000})
    lonely = pd.DataFrame({"sources": [frozenset({"ngo"})] * 5, "province": ["IR-09"] * 5})
    people = pd.concat([people, lonely], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = estimate_histories(people, "loglinear", lists=SOURCES, by="province")
    assert isinstance(result, StratifiedResult)
    assert result.strata[SMALL_STRATA].diagnostics["observed_only"] is True
    assert any("too low" in str(w.message) for w in caught)


def test_a_method_that_cannot_run_anywhere_is_an_error() -> None:
    people = _people(4, {"IR-01": 3000, "IR-02": 2000})
    with pytest.raises(EstimateError, match="exactly two"):  # three lists: choose two
        estimate_histories(people, "chapman", lists=SOURCES, by="province")


def test_a_list_absent_from_a_stratum_is_left_out_there() -> None:
    people = _people(5, {"IR-01": 3000, "IR-02": 2500})
    on_ngo = people["sources"].map(lambda m: "ngo" in m)
    in_two = people["province"] == "IR-02"
    people = people[~(in_two & on_ngo & (people["sources"].map(len) == 1))].copy()
    people.loc[in_two, "sources"] = people.loc[in_two, "sources"].map(lambda m: m - {"ngo"})
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = estimate_histories(people, "loglinear", lists=SOURCES, by="province")
    assert isinstance(result, StratifiedResult)
    assert result.strata["IR-02"].lists == ("morgue", "hospital")
    assert "ngo" in result.strata["IR-02"].warnings[0]
    assert result.strata["IR-01"].lists == SOURCES


def test_per_person_takes_the_most_frequent_value_ties_to_the_earliest_record() -> None:
    rows = pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "person": ["x", "x", "x", "y", "y"],
            "source": ["a", "b", "a", "a", "b"],
            "province": ["IR-02", "IR-01", "IR-01", None, None],
            "month": ["2026-01", "2026-02", "2026-02", "2026-01", "2026-02"],
            "sex": ["female", "male", None, "male", "female"],
            "age_group": [None] * 5,
        }
    )
    out = per_person(rows).set_index("person")
    assert out.loc["x", "sources"] == frozenset({"a", "b"})
    assert out.loc["x", "province"] == "IR-01"
    assert out.loc["x", "month"] == "2026-02"
    assert out.loc["x", "sex"] == "female"  # one each: the earlier record wins
    assert out.loc["y", "province"] is None
    assert out.loc["y", "month"] == "2026-01"
    assert out.loc["y", "age_group"] is None


def test_age_groups() -> None:
    assert age_group(17) == "0-17"
    assert age_group(18) == "18-29"
    assert age_group(None, 40, 50) == "45-59"
    assert age_group(75) == "60+"
    assert age_group(None) is None


def _case_with_people(case_dir: Path, seed: int, db: str | None = None) -> int:
    """A case whose records are already linked into persons (inserted directly)."""
    from reckon.case import Case
    from reckon.store.schema import imports, persons, records, sources

    rng = np.random.default_rng(seed)
    now = datetime.now(UTC)
    case = Case.create(case_dir, db=db)
    observed = 0
    with case.engine.begin() as conn:
        ids = {}
        for name in SOURCES:
            sid = conn.execute(
                insert(sources).values(name=name, kind="ngo", created_at=now)
            ).inserted_primary_key[0]
            iid = conn.execute(
                insert(imports).values(
                    source_id=sid,
                    object_sha256="0" * 64,
                    file_name=f"{name}.csv",
                    file_format="csv",
                    mapping={},
                    rows_read=0,
                    records_imported=0,
                    rows_rejected=0,
                    problem_count=0,
                    imported_at=now,
                )
            ).inserted_primary_key[0]
            ids[name] = (sid, iid)
        person_rows, record_rows = [], []
        for person in range(1500):
            caught = rng.random(3) < np.array([0.4, 0.35, 0.3])
            if not caught.any():
                continue
            observed += 1
            pid = person + 1
            person_rows.append({"id": pid, "status": "confirmed"})
            province = "IR-07" if person % 2 else "IR-23"
            for name, on in zip(SOURCES, caught, strict=True):
                if on:
                    sid, iid = ids[name]
                    record_rows.append(
                        {
                            "source_id": sid,
                            "import_id": iid,
                            "source_record_id": f"{name}-{person}",
                            "row_number": person + 2,
                            "raw": {},
                            "person_id": pid,
                            "province_code": province,
                            "date_start": date(2026, 1, 1 + person % 28),
                            "sex": "male" if person % 3 else "female",
                            "age": 15 + person % 60,
                            "is_incident": False,
                        }
                    )
        conn.execute(insert(persons), person_rows)
        conn.execute(insert(records), record_rows)
    case.close()
    return observed


def test_read_capture_histories_from_a_case(case_dir: Path, db_url: str | None) -> None:
    from reckon.case import Case

    observed = _case_with_people(case_dir, 11, db_url)
    with Case.open(case_dir) as case, case.engine.connect() as conn:
        people = read_capture_histories(conn)
        names = source_names(conn)
    assert names == list(SOURCES)
    assert len(people) == observed
    assert set(people["province"]) == {"IR-07", "IR-23"}
    assert set(people["month"]) == {"2026-01"}
    table = CaptureTable.from_memberships(people["sources"], names)
    assert table.observed == observed


def test_cli_estimate_on_a_case(case_dir: Path) -> None:
    observed = _case_with_people(case_dir, 12)
    runner = CliRunner()
    # persons written by hand, not by a link run: there are no scored pairs to draw from
    res = runner.invoke(
        app, ["estimate", str(case_dir), "--method", "loglinear", "--linkage-draws", "0", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["observed"] == observed
    assert out["ci"][0] <= 1500 <= out["ci"][1] or out["ci"][0] > observed
    res = runner.invoke(
        app,
        [
            *("estimate", str(case_dir), "-m", "loglinear", "--by", "province"),
            *("--linkage-draws", "0", "--json"),
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert {s["stratum"] for s in out["strata"]} == {"IR-07", "IR-23"}


def test_cli_estimate_table(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["estimate-table", str(KOSOVO), "--method", "loglinear", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["method"] == "loglinear" and out["observed"] == 4400
    res = runner.invoke(
        app, ["estimate-table", str(KOSOVO), "-m", "loglinear", "--model", "[1234]"]
    )
    assert res.exit_code == 1
    assert "saturated" in res.output
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,count\n1,2,3\n", encoding="utf-8")
    res = runner.invoke(app, ["estimate-table", str(bad), "-m", "chapman"])
    assert res.exit_code == 1
    assert "row 2" in res.output and "'b'" in res.output
    res = runner.invoke(app, ["estimate-table", str(KOSOVO), "-m", "nope"])
    assert res.exit_code == 1
