"""Read-only queries for the timeline of statements beside deaths and detentions.

Counts per day only, and statements by id, speaker and tags: never a victim's name.
Deaths and detentions are counted per person once a link run made persons (a
person named by three lists is one death), else per record; only dates known to
the day are counted, as in the report's own timeline.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from reckon.store.schema import custody_steps, persons, records, statements

DEATHS = ("killed", "died_in_custody", "executed")


def daily_events(conn: Connection) -> pd.DataFrame:
    """day, deaths, detentions: one row per day that has either."""
    linked = conn.execute(select(func.count()).select_from(persons)).scalar_one() > 0
    table = persons if linked else records
    dated = (table.c.date_precision == "day") & table.c.is_incident.is_(False)
    deaths = conn.execute(
        select(table.c.date_start.label("day"), func.count().label("deaths"))
        .where(dated, table.c.event_type.in_(DEATHS))
        .group_by(table.c.date_start)
    ).all()
    # a detention: an arrest (or disappearance) step, or a list's «detained» record
    arrested = conn.execute(
        select(custody_steps.c.date_start, func.count(func.distinct(custody_steps.c.subject)))
        .where(custody_steps.c.step.in_(("arrested", "disappeared")),
               custody_steps.c.date_precision == "day")
        .group_by(custody_steps.c.date_start)
    ).all()  # fmt: skip
    detained = conn.execute(
        select(table.c.date_start, func.count())
        .where(dated, table.c.event_type == "detained")
        .group_by(table.c.date_start)
    ).all()
    frame = pd.DataFrame(deaths, columns=["day", "deaths"]).set_index("day")
    counts = pd.concat(
        [pd.DataFrame(arrested, columns=["day", "n"]), pd.DataFrame(detained, columns=["day", "n"])]
    )
    frame = frame.join(counts.groupby("day")["n"].sum().rename("detentions"), how="outer")
    return frame.fillna(0).astype(int).sort_index().reset_index()


def dated_statements(conn: Connection) -> pd.DataFrame:
    """statement_id, day (the first day of its date), speaker, office, tags."""
    rows = conn.execute(
        select(statements.c.statement_id, statements.c.said_on.label("day"), statements.c.speaker,
               statements.c.office, statements.c.tags, statements.c.date_text)
        .where(statements.c.said_on.is_not(None))
        .order_by(statements.c.said_on, statements.c.id)
    ).mappings().all()  # fmt: skip
    columns = ["statement_id", "day", "speaker", "office", "tags", "date_text"]
    return pd.DataFrame(rows, columns=columns)
