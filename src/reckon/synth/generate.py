"""Write a synthetic case: one CSV per source, the manifest, and the ground truth."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jdatetime
import numpy as np
import pandas as pd

from reckon.errors import CaseError, InputError
from reckon.synth.capture import draw_captures
from reckon.synth.names import vocabulary
from reckon.synth.places import places
from reckon.synth.population import EVENT_TYPES, PEAK_DAY, People, draw_people
from reckon.synth.records import headed, source_table
from reckon.synth.styles import ENGLISH_HEADERS, PERSIAN_HEADERS, SourceStyle, plan_sources
from reckon.synth.writing import PERSIAN_DIGITS

log = logging.getLogger("reckon.synth")

INCIDENT_MIN = 3
INCIDENT_NOTES_FA = "{n} جسد بدون نام"
INCIDENT_NOTES_EN = "{n} bodies, unnamed"


@dataclass(frozen=True)
class SynthSource:
    """One generated list, as ``sources.csv`` and ``manifest.json`` describe it."""

    name: str
    kind: str
    file: str
    script: str  # persian, latin or mixed
    calendar: str  # the list's usual calendar: jalali or gregorian
    headers: str  # fa or en
    id_column: str
    records: int  # rows naming a person (duplicates included)
    duplicates: int
    incidents: int  # incident rows ("14 bodies, unnamed"), not in truth.csv


@dataclass(frozen=True)
class SynthManifest:
    """What ``generate`` wrote."""

    out_dir: str
    seed: int
    people: int  # everyone in people.csv, on a list or not
    documented: int  # people on at least one list
    records: int  # person records over all lists (truth.csv rows)
    sources: tuple[SynthSource, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _script(style: SourceStyle) -> str:
    if style.latin_share <= 0:
        return "persian"
    return "latin" if style.latin_share >= 1 else "mixed"


def _with_incidents(
    table: pd.DataFrame, style: SourceStyle, rng: np.random.Generator
) -> tuple[pd.DataFrame, np.ndarray]:
    """Insert incident rows at random places.

    Returns the new table and, for each of its rows, the row it came from: an index
    below ``len(table)`` is a person record, the others are incident rows.
    """
    n = max(INCIDENT_MIN, round(len(table) * style.incidents / 10_000))
    counts = rng.integers(2, 25, size=n)
    fa = style.headers == "fa"
    template = INCIDENT_NOTES_FA if fa else INCIDENT_NOTES_EN
    rows = pd.DataFrame({c: [""] * n for c in table.columns})
    rows["count"] = [str(c).translate(PERSIAN_DIGITS) if fa else str(c) for c in counts]
    rows["notes"] = [
        template.format(n=str(c).translate(PERSIAN_DIGITS) if fa else c) for c in counts
    ]
    table = table.assign(count="", notes="")
    merged = pd.concat([table, rows], ignore_index=True)
    order = rng.permutation(len(merged))
    return merged.iloc[order].reset_index(drop=True), order


def _ascii_int(text: str) -> int:
    return int(text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))


def _write_source(
    out: Path,
    people: People,
    captured: np.ndarray,
    style: SourceStyle,
    rng: np.random.Generator,
) -> tuple[SynthSource, pd.DataFrame, pd.DataFrame]:
    who = np.flatnonzero(captured)
    dups = who[rng.random(len(who)) < style.duplicate]
    who = np.concatenate([who, dups])
    who = who[rng.permutation(len(who))]
    table = source_table(people, who, style, rng)
    incident = np.zeros(len(table), dtype=bool)
    person = who + 1
    if style.incidents:
        n_records = len(table)
        table, origin = _with_incidents(table, style, rng)
        incident = origin >= n_records
        # the person of each row follows the row through the shuffle
        person = np.concatenate([person, np.zeros(len(table) - n_records, dtype=person.dtype)])
        person = person[origin]
    numbers = np.arange(1, len(table) + 1)
    # unprefixed ids are plain numbers: a leading zero would not survive a spreadsheet
    width = len(str(len(table))) if style.id_prefix else 0
    ids = np.array([f"{style.id_prefix}{i:0{width}d}" for i in numbers], dtype=object)
    table.insert(0, "id", ids)
    file = f"{style.name}.csv"
    headed(table, style).to_csv(out / file, index=False, encoding="utf-8")
    headers = PERSIAN_HEADERS if style.headers == "fa" else ENGLISH_HEADERS
    truth = pd.DataFrame(
        {"source": style.name, "source_record_id": ids[~incident], "person_id": person[~incident]}
    )
    incidents = pd.DataFrame(
        {
            "source": style.name,
            "source_record_id": ids[incident],
            "count": table.loc[incident, "count"].map(_ascii_int).to_numpy()
            if style.incidents
            else [],
        }
    )
    meta = SynthSource(
        name=style.name,
        kind=style.kind,
        file=file,
        script=_script(style),
        calendar=style.calendar,
        headers=style.headers,
        id_column=headers["id"],
        records=int((~incident).sum()),
        duplicates=len(dups),
        incidents=int(incident.sum()),
    )
    log.info("synth: %s: %d records, %d incident rows", style.name, meta.records, meta.incidents)
    return meta, truth, incidents


def people_table(people: People, captured: np.ndarray, styles: list[SourceStyle]) -> pd.DataFrame:
    """The true people, with their capture history (one 0/1 column per source)."""
    vocab = vocabulary()
    pl = places()
    female = people.female
    given_fa = np.where(
        female,
        vocab.female.canonical()[np.where(female, people.given, 0)],
        vocab.male.canonical()[np.where(female, 0, people.given)],
    )
    given_en = np.where(
        female,
        vocab.female.latin_usual()[np.where(female, people.given, 0)],
        vocab.male.latin_usual()[np.where(female, 0, people.given)],
    )
    days = np.unique(people.day)
    greg = {int(d): PEAK_DAY + dt.timedelta(days=int(d)) for d in days}
    jal = {d: jdatetime.date.fromgregorian(date=g).strftime("%Y-%m-%d") for d, g in greg.items()}
    table = pd.DataFrame(
        {
            "person_id": np.arange(1, len(people) + 1),
            "given_name": given_fa,
            "family_name": vocab.family.canonical()[people.family],
            "father_name": vocab.father.canonical()[people.father],
            "given_latin": given_en,
            "family_latin": vocab.family.latin_usual()[people.family],
            "father_latin": vocab.father.latin_usual()[people.father],
            "seyyed": people.seyyed.astype(np.int8),
            "sex": np.where(female, "female", "male"),
            "age": people.age,
            "event_type": np.array(EVENT_TYPES, dtype=object)[people.event],
            "event_date": pd.Series(people.day).map(lambda d: greg[d].isoformat()).to_numpy(),
            "event_date_jalali": pd.Series(people.day).map(jal).to_numpy(),
            "province_code": pl.province_code[people.province],
            "province": pl.province_fa[people.province],
            "county": pl.county_fa[people.city],
            "city": pl.city_fa[people.city],
            "latent_class": people.latent_class,
        }
    )
    for k, style in enumerate(styles):
        table[style.name] = captured[:, k].astype(np.int8)
    return table


def capture_histories(captured: np.ndarray, styles: list[SourceStyle]) -> pd.DataFrame:
    """The documented people's capture histories with counts (``estimate-table`` input)."""
    seen = captured[captured.any(axis=1)].astype(np.int8)
    names = [s.name for s in styles]
    table = pd.DataFrame(seen, columns=names)
    return table.groupby(names, as_index=False).size().rename(columns={"size": "count"})


def generate(out_dir: str | Path, people: int, sources: int, seed: int) -> SynthManifest:
    """Write a synthetic case of ``people`` victims named by ``sources`` lists into ``out_dir``.

    Deterministic for a seed. Writes one CSV per source, ``sources.csv``,
    ``manifest.json``, ``truth.csv`` (source, source_record_id, person_id),
    ``people.csv`` (the true people with their capture history),
    ``capture_histories.csv`` and ``incidents.csv``.
    """
    if people < 1:
        raise InputError(reason=f"people= must be at least 1, not {people}")
    if sources < 1:
        raise InputError(reason=f"sources= must be at least 1, not {sources}")
    out = Path(out_dir)
    if (out / "reckon.toml").exists():
        raise CaseError(f"{out} is a case folder; write the synthetic lists somewhere else")
    out.mkdir(parents=True, exist_ok=True)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2 + sources)]
    styles = plan_sources(sources)
    population = draw_people(people, streams[0])
    captured = draw_captures(population, styles, streams[1])

    metas: list[SynthSource] = []
    truths: list[pd.DataFrame] = []
    incidents: list[pd.DataFrame] = []
    for k, style in enumerate(styles):
        meta, truth, inc = _write_source(out, population, captured[:, k], style, streams[2 + k])
        metas.append(meta)
        truths.append(truth)
        incidents.append(inc)

    truth_all = pd.concat(truths, ignore_index=True)
    truth_all.to_csv(out / "truth.csv", index=False, encoding="utf-8")
    pd.concat(incidents, ignore_index=True).to_csv(out / "incidents.csv", index=False)
    people_table(population, captured, styles).to_csv(out / "people.csv", index=False)
    capture_histories(captured, styles).to_csv(out / "capture_histories.csv", index=False)
    pd.DataFrame([asdict(m) for m in metas]).to_csv(out / "sources.csv", index=False)
    manifest = SynthManifest(
        out_dir=str(out),
        seed=seed,
        people=people,
        documented=int(captured.any(axis=1).sum()),
        records=len(truth_all),
        sources=tuple(metas),
    )
    (out / "manifest.json").write_text(
        json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest
