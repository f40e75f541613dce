"""Exports of linkage: one row per record, and one row per person."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reckon.errors import InputError, LinkError
from reckon.exports import write_table
from reckon.link.evaluation import LinkEvaluation, evaluate
from reckon.store import persons as person_store

if TYPE_CHECKING:
    from reckon.case import Case

RECORD_COLUMNS = ["source", "source_record_id", "person_id", "match_probability"]


def persons_path(records_path: Path) -> Path:
    """Where the persons file goes beside the records file: ``X.csv`` → ``X.persons.csv``."""
    return records_path.with_name(f"{records_path.stem}.persons.csv")


def _write(frame: pd.DataFrame, path: Path) -> None:
    rows = ([_plain(v) for v in row] for row in frame.itertuples(index=False, name=None))
    write_table(path, [str(c) for c in frame.columns], rows)


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float):
        return f"{value:.6g}"
    return value


def export_persons(case: Case, path: Path) -> tuple[int, int]:
    """Write the record→person file to ``path`` and the persons beside it."""
    with case.engine.connect() as conn:
        assigned = person_store.read_assignments(conn)
        people = person_store.read_persons(conn)
    if people.empty:
        raise LinkError("no persons yet: run `reckon link` first")
    assigned["person_id"] = assigned["person_id"].astype("Int64")
    _write(assigned[RECORD_COLUMNS], path)
    _write(people.rename(columns={"id": "person_id"}), persons_path(path))
    return len(assigned), len(people)


def export_records(case: Case, path: Path) -> int:
    """One row per record (source, source_record_id, person_id, match_probability)."""
    with case.engine.connect() as conn:
        assigned = person_store.read_assignments(conn)
        linked = not person_store.read_persons(conn).empty
    if not linked:
        raise LinkError("no persons yet: run `reckon link` first")
    assigned["person_id"] = assigned["person_id"].astype("Int64")
    _write(assigned[RECORD_COLUMNS], path)
    return len(assigned)


def export_person_list(case: Case, path: Path) -> int:
    """One row per person."""
    with case.engine.connect() as conn:
        people = person_store.read_persons(conn)
    if people.empty:
        raise LinkError("no persons yet: run `reckon link` first")
    _write(people.rename(columns={"id": "person_id"}), path)
    return len(people)


def read_truth(path: Path) -> pd.DataFrame:
    try:
        truth = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"cannot read the truth file: {exc}", file=str(path)) from None
    missing = {"source", "source_record_id", "person_id"} - set(truth.columns)
    if missing:
        raise InputError(
            f"a truth file needs the column(s) {', '.join(sorted(missing))}", file=str(path)
        )
    return truth


def evaluate_decisions(case: Case) -> dict[str, Any]:
    """How the current persons agree with clerical labels.

    With an evaluation sample labelled (``reckon review --sample``), precision and
    recall are estimated from it, each label weighted by the pairs of its
    probability band it stands for: an unbiased estimate for the pairs the model
    scored (pairs blocking never compared are outside it). Without one, the
    reviewers' decisions are the labels; they are constraints on the clustering,
    so after a re-link they agree by construction and the figure only checks
    that they hold.
    """
    from reckon.store import decisions as decision_store

    with case.engine.connect() as conn:
        labels = decision_store.read_labels(conn)
        decided = decision_store.read_decisions(conn)
        linked = person_store.read_assignments(conn)
    sample = not labels.empty
    chosen = labels if sample else decided
    if not chosen.empty:
        chosen = chosen[chosen["decision"].isin(["match", "non_match"])]
    if chosen.empty:
        raise LinkError(
            "no labelled pairs yet: label an evaluation sample "
            "(`reckon review DIR --sample 1000 --export FILE.csv`, then --accept FILE.csv)"
        )
    person = linked.set_index(["source", "source_record_id"])["person_id"]
    a = person.reindex(pd.MultiIndex.from_arrays([chosen["source_a"], chosen["record_a"]]))
    b = person.reindex(pd.MultiIndex.from_arrays([chosen["source_b"], chosen["record_b"]]))
    same = (a.to_numpy() == b.to_numpy()) & a.notna().to_numpy()
    match = (chosen["decision"] == "match").to_numpy()
    weight = chosen["weight"].to_numpy(float) if sample else np.ones(len(chosen))
    tp = float(weight[same & match].sum())
    fp = float(weight[same & ~match].sum())
    fn = float(weight[~same & match].sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "labels": "evaluation sample" if sample else "reviewers' decisions",
        "covers": (
            "pairs the last link run scored at 0.01 or more; a true match blocking never "
            "compared is outside the sample, so recall over all pairs can be lower"
            if sample
            else "the decided pairs only; they constrain the persons, so they agree after a re-link"
        ),
        "labelled_pairs": len(chosen),
        "matches": int(match.sum()),
        "non_matches": int((~match).sum()),
        "pairwise": {"precision": precision, "recall": recall, "f1": f1},
    }


def evaluate_case(case: Case, truth_path: Path) -> LinkEvaluation:
    """Compare the case's current persons with a truth file."""
    truth = read_truth(truth_path)
    with case.engine.connect() as conn:
        linked = person_store.read_assignments(conn)
    if linked["person_id"].isna().all():
        raise LinkError("no persons yet: run `reckon link` first")
    return evaluate(linked, truth)
