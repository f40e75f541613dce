"""Applying link runs, reviewers' decisions and evaluation labels.

Kept free of Splink: opening a case replays these without importing it.

* ``link.run``: persons, assignments, review band and pairs come from the
  event's Parquet objects; persons are upserted by their stable ids, and what
  pointed at a person that is gone follows its records (``store.persons``).
* ``link.decisions``: appended to ``link_decisions``; they take effect at the
  next link run.
* ``link.labels``: appended to ``link_labels``; they only measure the linkage.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection

from reckon.events.base import Outcome, parse_time
from reckon.events.kinds import LinkDecisions, LinkLabels, LinkRun
from reckon.store import decisions as decision_store
from reckon.store import persons as person_store
from reckon.vault.objects import ObjectStore


def _frame(objects: ObjectStore, sha256: str) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(objects.path_of(sha256).read_bytes()))


def apply_run(event: LinkRun, conn: Connection, objects: ObjectStore) -> Outcome:
    people = _frame(objects, event.results["persons"])
    for column in ("date_start", "date_end"):
        people[column] = [person_store.as_date(v) for v in people[column]]
    assignments = _frame(objects, event.results["assignments"])
    run = {
        "backend": event.backend,
        "threshold": float(event.threshold),
        "started_at": parse_time(event.started_at),
        "model_path": event.model_path,
        "comparisons": event.comparisons,
        # where review, evaluation and pooling find the run's tables
        "settings": {"model": event.model, "seed": event.seed, "objects": event.results},
    }
    done = person_store.replace_persons(conn, run, people, assignments)
    notes = []
    if done.repointed:
        notes.append(f"{done.repointed} link(s) to merged or split persons repointed")
    if done.released:
        notes.append(f"{done.released} link(s) released: their person's records are in no person")
    counts = {"run_id": done.run_id, "repointed": done.repointed, "released": done.released}
    return Outcome(counts, tuple(notes))


def apply_decisions(event: LinkDecisions, conn: Connection, objects: ObjectStore) -> Outcome:
    for item in event.decisions:
        decision_store.add_decision(
            conn,
            (item["source_a"], item["record_a"]),
            (item["source_b"], item["record_b"]),
            decision=item["decision"],
            reviewer=item["reviewer"],
            decided_at=datetime.fromisoformat(item["decided_at"]),
            reason=item.get("reason"),
            match_probability=decision_store.as_float(item.get("match_probability")),
        )
    return Outcome({"decisions": len(event.decisions)})


def apply_labels(event: LinkLabels, conn: Connection, objects: ObjectStore) -> Outcome:
    for item in event.labels:
        decision_store.add_label(conn, item)
    return Outcome({"labels": len(event.labels)})
