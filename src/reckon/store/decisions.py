"""Reviewers' decisions on pairs of records; they override the model in every run.

A pair is named by the stable keys of its two records (source name and the
record's id in that source), in a fixed order, so a re-import or a case rebuilt
from its log keeps every decision. The latest decision on a pair is the one
that counts; earlier ones stay in the table and in the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, insert, select

from reckon.store.schema import DECISIONS, PAIR_KEYS, link_decisions, link_labels

Key = tuple[str, str]


def ordered(a: Key, b: Key) -> tuple[Key, Key]:
    """The pair in its one stored order."""
    return (a, b) if a <= b else (b, a)


def add_decision(
    conn: Connection,
    a: Key,
    b: Key,
    *,
    decision: str,
    reviewer: str,
    decided_at: datetime,
    reason: str | None = None,
    match_probability: float | None = None,
) -> None:
    _insert_pair(
        conn,
        link_decisions,
        a,
        b,
        decision=decision,
        reviewer=reviewer,
        decided_at=decided_at,
        reason=reason,
        match_probability=match_probability,
    )


def _insert_pair(conn: Connection, table: Table, a: Key, b: Key, **values: Any) -> None:
    """A decision or label on a pair, the pair in its one stored order."""
    if values["decision"] not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, not {values['decision']!r}")
    (sa, ra), (sb, rb) = ordered(a, b)
    conn.execute(insert(table).values(source_a=sa, record_a=ra, source_b=sb, record_b=rb, **values))


def read_decisions(conn: Connection, *, latest_only: bool = True) -> pd.DataFrame:
    """Decisions, oldest first; with ``latest_only`` the last one on each pair."""
    return _read_pairs(conn, link_decisions, latest_only=latest_only)


def _read_pairs(conn: Connection, table: Table, *, latest_only: bool) -> pd.DataFrame:
    result = conn.execute(select(table).order_by(table.c.decided_at, table.c.id))
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if latest_only and not frame.empty:
        frame = frame.drop_duplicates(subset=list(PAIR_KEYS), keep="last").reset_index(drop=True)
    return frame


def decision_payload(row: dict[str, Any]) -> dict[str, Any]:
    """A decision as it is logged (plain JSON values)."""
    return {
        "source_a": row["source_a"],
        "record_a": row["record_a"],
        "source_b": row["source_b"],
        "record_b": row["record_b"],
        "decision": row["decision"],
        "reviewer": row["reviewer"],
        "decided_at": row["decided_at"].isoformat(),
        "reason": row.get("reason"),
        "match_probability": row.get("match_probability"),
    }


def add_label(conn: Connection, row: dict[str, Any]) -> None:
    """One clerical label of the evaluation sample (``link_labels``)."""
    _insert_pair(
        conn,
        link_labels,
        (row["source_a"], row["record_a"]),
        (row["source_b"], row["record_b"]),
        decision=row["decision"],
        weight=float(row["weight"]),
        stratum=row.get("stratum"),
        reviewer=row["reviewer"],
        decided_at=datetime.fromisoformat(row["decided_at"]),
        reason=row.get("reason"),
        match_probability=as_float(row.get("match_probability")),
    )


def read_labels(conn: Connection) -> pd.DataFrame:
    """The evaluation sample's labels, the latest on each pair."""
    return _read_pairs(conn, link_labels, latest_only=True)


def as_float(text: Any) -> float | None:
    """A number logged as text (the log takes no floats), or None."""
    try:
        return None if text in (None, "") else float(text)
    except (TypeError, ValueError):
        return None
