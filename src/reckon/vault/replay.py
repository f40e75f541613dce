"""Which events a case's database has applied (read by ``vault.verify``).

Replay, rebuild and bundle merging into a case live in ``reckon.events``; this
is what is left for verify, until its case-level part moves there too.
"""

from __future__ import annotations

from pathlib import Path


def applied_events_of(case_dir: Path) -> list[tuple[int, str]]:
    """(seq, event hash) of every event the case's database has applied, in order."""
    from sqlalchemy import select

    from reckon.settings import CaseSettings
    from reckon.store.engine import has_schema, make_engine
    from reckon.store.schema import applied_events

    engine = make_engine(CaseSettings.load(case_dir).db, case_dir)
    try:
        if not has_schema(engine):
            return []
        with engine.connect() as conn:
            rows = conn.execute(
                select(applied_events.c.seq, applied_events.c.event_hash).order_by(
                    applied_events.c.seq
                )
            )
            return [(int(seq), str(h)) for seq, h in rows]
    finally:
        engine.dispose()
