"""A detainee list beside a synthetic case: who was arrested, written with its own errors.

Most of those who died in custody or were executed were on a detainee list first,
and some of those killed had been arrested days before; most detainees are never
on a list of the dead at all. ``write_detainee_list`` draws that list for the
case ``generate`` wrote (the same population, from the manifest's seed): the
victims it names keep their person ids, the living detainees get ids after the
population's, and the record's date is the arrest, days or weeks before the
death. Its errors are a tracker's: arrest dates known roughly, ages often
missing, more Latin script than a morgue, names typed in haste.

It writes ``detainees.csv`` and ``detainees_truth.csv`` (source, source_record_id,
person_id, victim), and never changes ``truth.csv``, so a case without it is the
case it was.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reckon.errors import InputError
from reckon.synth.population import People, draw_people
from reckon.synth.records import headed, source_table
from reckon.synth.styles import SourceStyle

DETAINEE_STYLE = SourceStyle(
    name="detainees",
    kind="detainee",
    headers="en",
    latin_share=0.4,
    calendar="jalali",
    other_calendar=0.2,
    persian_digits=0.6,
    event_column=False,
    id_prefix="D-",
    typo=0.05,
    swap=0.03,
    missing_father=0.3,
    missing_age=0.35,
    age_off_1=0.10,
    age_words=0.2,
    missing_sex=0.1,
    date_off=0.25,
    missing_date=0.05,
    month_only=0.08,
    province_only=0.4,
    missing_place=0.05,
    duplicate=0.05,
)
# Of the victims, by how they died (population.EVENT_TYPES): the share on the list.
ON_LIST = (0.12, 0.8, 0.85)
LIVING_PER_VICTIM_LISTED = 3.0  # detainees alive for every victim the list names
FILE = "detainees.csv"
TRUTH = "detainees_truth.csv"


def _population(manifest: dict[str, Any]) -> People:
    seed, people, sources = int(manifest["seed"]), int(manifest["people"]), len(manifest["sources"])
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2 + sources)]
    return draw_people(people, streams[0])  # as ``generate`` drew it


def _joined(a: People, b: People) -> People:
    return People(
        **{f.name: np.concatenate([getattr(a, f.name), getattr(b, f.name)]) for f in fields(People)}
    )


def write_detainee_list(out_dir: Path, *, seed: int | None = None) -> dict[str, int]:
    """Write the detainee list of the synthetic case in ``out_dir``; returns its counts."""
    out = Path(out_dir)
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError("no synthetic case here (manifest.json)", file=str(out)) from None
    victims = _population(manifest)
    # its own stream: the case's lists are unchanged by writing this one
    rng = np.random.default_rng([int(manifest["seed"]) if seed is None else seed, 7_001])
    listed = np.flatnonzero(rng.random(len(victims)) < np.asarray(ON_LIST)[victims.event])
    living = draw_people(max(1, round(len(listed) * LIVING_PER_VICTIM_LISTED)), rng)
    everyone = _joined(victims, living)
    n = len(victims)
    # the arrest: days before a killing, weeks before a death in custody or an execution
    lead = np.select(
        [everyone.event == 0, everyone.event == 1],
        [rng.integers(1, 15, len(everyone)), rng.integers(3, 45, len(everyone))],
        rng.integers(20, 90, len(everyone)),
    )
    lead[n:] = rng.integers(0, 20, len(everyone) - n)  # the living: arrested around the peak
    arrested = replace(everyone, day=everyone.day - lead)
    who = np.concatenate([listed, np.arange(n, len(everyone))])
    dups = who[rng.random(len(who)) < DETAINEE_STYLE.duplicate]
    who = np.concatenate([who, dups])
    who = who[rng.permutation(len(who))]
    table = source_table(arrested, who, DETAINEE_STYLE, rng)
    ids = np.array([f"{DETAINEE_STYLE.id_prefix}{i:05d}" for i in range(1, len(table) + 1)])
    table.insert(0, "id", ids)
    headed(table, DETAINEE_STYLE).to_csv(out / FILE, index=False, encoding="utf-8")
    pd.DataFrame(
        {
            "source": DETAINEE_STYLE.name,
            "source_record_id": ids,
            "person_id": who + 1,
            "victim": (who < n).astype(np.int8),
        }
    ).to_csv(out / TRUTH, index=False, encoding="utf-8")
    return {"records": len(table), "victims": len(listed), "living": len(everyone) - n}
