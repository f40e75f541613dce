"""How link runs and review decisions are applied to the database, live and on replay.

Kept free of Splink: opening a case replays these without importing it.

* ``link.run``: the payload names vault objects (persons, assignments, review
  band as Parquet); applying it replaces the persons and every record's
  assignment with them.
* ``link.decisions``: reviewers' decisions on pairs, appended to
  ``link_decisions``; they take effect at the next link run.
* ``link.labels``: clerical labels on the evaluation sample, appended to
  ``link_labels``; they only ever measure the linkage.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Connection

from reckon.case import applier
from reckon.store import decisions as decision_store
from reckon.store import persons as person_store

if TYPE_CHECKING:
    from reckon.case import Case

RUN_EVENT = "link.run"
DECISIONS_EVENT = "link.decisions"
LABELS_EVENT = "link.labels"


def read_object(case: Case, sha256: str) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(case.vault.object_path(sha256).read_bytes()))


def apply_run(case: Case, conn: Connection, payload: dict[str, Any]) -> int:
    people = read_object(case, payload["objects"]["persons"])
    for column in ("date_start", "date_end"):
        people[column] = [person_store.as_date(v) for v in people[column]]
    assignments = read_object(case, payload["objects"]["assignments"])
    run = {
        "backend": payload["backend"],
        "threshold": float(payload["threshold"]),
        "started_at": datetime.fromisoformat(payload["started_at"]),
        "model_path": payload.get("model_path"),
        "comparisons": payload.get("comparisons"),
        "settings": {
            "model": payload.get("model"),
            "seed": payload.get("seed"),
            "objects": payload["objects"],
        },
    }
    return person_store.replace_persons(conn, run, people, assignments)


def apply_decisions(case: Case, conn: Connection, payload: dict[str, Any]) -> int:
    for item in payload["decisions"]:
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
    return len(payload["decisions"])


def apply_labels(case: Case, conn: Connection, payload: dict[str, Any]) -> int:
    for item in payload["labels"]:
        decision_store.add_label(conn, item)
    return len(payload["labels"])


@applier(RUN_EVENT)
def _replay_run(case: Case, conn: Connection, payload: dict[str, Any]) -> None:
    apply_run(case, conn, payload)


@applier(DECISIONS_EVENT)
def _replay_decisions(case: Case, conn: Connection, payload: dict[str, Any]) -> None:
    apply_decisions(case, conn, payload)


@applier(LABELS_EVENT)
def _replay_labels(case: Case, conn: Connection, payload: dict[str, Any]) -> None:
    apply_labels(case, conn, payload)
