"""The generator's detainee list: the same victims as the case, arrested before they
died, living detainees beside them, its own truth, and `reckon synth --detainees`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from reckon.cli import app
from reckon.normalize.persian import name_key
from reckon.synth.detainees import write_detainee_list


def test_the_detainee_list_names_the_cases_victims_before_their_death(tmp_path: Path) -> None:
    out = tmp_path / "lists"
    result = CliRunner().invoke(
        app, ["synth", "-o", str(out), "--people", "400", "--sources", "2", "--seed", "3",
              "--detainees"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    truth = pd.read_csv(out / "detainees_truth.csv", dtype={"source_record_id": str})
    listed = pd.read_csv(out / "detainees.csv", dtype=str)
    people = pd.read_csv(out / "people.csv")
    assert len(truth) == len(listed) and set(truth["source_record_id"]) == set(listed["id"])
    victims = truth[truth["victim"] == 1].merge(people, on="person_id")
    assert len(victims) == int(truth["victim"].sum()) > 0  # every victim id is a real victim
    assert (truth.loc[truth["victim"] == 0, "person_id"] > len(people)).all()
    # a victim's listed name is theirs (Persian or Latin, before the list's own errors)
    rows = listed.set_index("id").loc[victims["source_record_id"]]
    listed_keys = rows["family name"].fillna("").map(name_key).to_numpy()
    same = listed_keys == victims["family_name"].map(name_key).to_numpy()
    assert same.mean() > 0.6
    before = write_detainee_list(out)  # the same seed writes the same list
    assert pd.read_csv(out / "detainees.csv", dtype=str).equals(listed)
    assert before["records"] == len(listed)
    # the case's own lists are untouched
    assert not (pd.read_csv(out / "truth.csv")["source"] == "detainees").any()
