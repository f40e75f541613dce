"""Small cases for the event tests: a list file, a case on SQLite or PostgreSQL, and a
way to read every table back for comparing two databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import select

from reckon.case import Case
from reckon.events.kinds import LinkRun
from reckon.store.schema import metadata

HEADER = "ردیف,نام,نام خانوادگی,نام پدر,سن,جنسیت,تاریخ,استان,شهر\n"
NAMES = ("علی", "مریم", "حسین", "زهرا", "رضا", "فاطمه")


@pytest.fixture(autouse=True)
def _witness(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
    monkeypatch.delenv("RECKON_KEY", raising=False)


def list_file(folder: Path, name: str = "list.csv", rows: int = 6, family: str = "رضایی") -> Path:
    lines = [HEADER]
    for i in range(rows):
        lines.append(
            f"{i + 1},{NAMES[i % len(NAMES)]},{family},حسن,{20 + i},مرد,"
            f"۱۴۰۴/۱۰/{10 + i},تهران,تهران\n"
        )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def tables(case: Case) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order; not ``meta`` (each database's own id and
    digest hint) nor the state digests' bookkeeping (a rebuild vouches for itself anew)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with case.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "meta":
                continue
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(row) for row in rows]
    out["applied_events"] = [r for r in out["applied_events"] if r[2] != "state.digest"]
    return out


def record_run(case: Case, groups: dict[int, list[str]], source: str = "morgue") -> LinkRun:
    """Record a link run whose persons are ``groups`` (person id -> record ids of
    ``source``): the applier's part of a run, without Splink."""
    from reckon.link.run import to_parquet

    people = pd.DataFrame(
        {
            "person_id": list(groups),
            "status": ["under_investigation"] * len(groups),
            "n_records": [len(v) for v in groups.values()],
            "n_sources": [1] * len(groups),
            "is_incident": [False] * len(groups),
            "date_start": [None] * len(groups),
            "date_end": [None] * len(groups),
        }
    )
    assignments = pd.DataFrame(
        [
            {"source": source, "source_record_id": rid, "person_id": pid, "match_probability": 0.9}
            for pid, rids in groups.items()
            for rid in rids
        ]
    )
    results = {
        "persons": case.vault.put_bytes(to_parquet(people)),
        "assignments": case.vault.put_bytes(to_parquet(assignments)),
    }
    event = LinkRun(
        **case.stamp(),
        backend="duckdb",
        threshold="0.9",
        started_at="2026-01-08T10:00:00+00:00",
        results=results,
        records=sum(len(v) for v in groups.values()),
    )
    case.record(event)
    return event
