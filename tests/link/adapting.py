"""Cases made from ``reckon synth`` lists with whole columns taken out, for the
tests of training that adapts to what a case holds.

A column is taken out of the CSV files before they are imported, the way a
documenter's list simply lacks it; the importer then reads what is left.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from reckon.case import Case
from reckon.ingest.importer import import_file
from reckon.link.evaluation import LinkEvaluation, evaluate
from reckon.store import persons as person_store
from reckon.synth.styles import ENGLISH_HEADERS, PERSIAN_HEADERS

# The optional fields of a list, each as the synth headers that carry it.
OPTIONAL = {
    "father": ("father",),
    "age": ("age",),
    "sex": ("sex",),
    "date": ("date",),
    "place": ("province", "city"),
}


def headers_of(fields: tuple[str, ...]) -> set[str]:
    keys = [key for name in fields for key in OPTIONAL[name]]
    return {PERSIAN_HEADERS[k] for k in keys} | {ENGLISH_HEADERS[k] for k in keys}


def without_columns(lists: Path, out: Path, fields: tuple[str, ...]) -> Path:
    """A copy of the lists in ``lists`` without the columns of ``fields``."""
    out.mkdir(parents=True, exist_ok=True)
    dropped = headers_of(fields)
    sources = pd.read_csv(lists / "sources.csv")
    sources.to_csv(out / "sources.csv", index=False)
    for name in sources["file"]:
        with (lists / str(name)).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        keep = [i for i, header in enumerate(rows[0]) if header not in dropped]
        with (out / str(name)).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([[row[i] for i in keep] for row in rows])
    (out / "truth.csv").write_bytes((lists / "truth.csv").read_bytes())
    return out


def imported(lists: Path, case_dir: Path) -> Case:
    case = Case.create(case_dir)
    for row in pd.read_csv(lists / "sources.csv").itertuples():
        import_file(case, lists / str(row.file), source=str(row.name), kind=str(row.kind))
    return case


def scores(case: Case, lists: Path) -> LinkEvaluation:
    """The case's last linkage against the generator's truth."""
    with case.engine.connect() as conn:
        linked = person_store.read_assignments(conn)
    truth = pd.read_csv(lists / "truth.csv", dtype=str)
    return evaluate(linked, truth)
