"""The report's timeline of officials' statements beside the daily deaths and detentions.

``statement_timeline`` gives the rows (one per day with a death, a detention or a
statement); ``render_statement_timeline`` the report's block
(``templates/statements_timeline.html``): a bar per day for deaths and one for
detentions, and the statements of that day beside them, so a reader sees what
was said before and after the killings. Not yet placed in ``report.html``: the
report's owner includes the block where the timeline stands.
"""

from __future__ import annotations

from typing import Any

import jinja2
import pandas as pd
from sqlalchemy import Connection

from reckon.store.timeline_queries import daily_events, dated_statements

TEMPLATE = "statements_timeline.html"


def statement_timeline(conn: Connection) -> pd.DataFrame:
    """day, deaths, detentions, statements (a list of dicts: id, speaker, office, tags)."""
    events = daily_events(conn)
    said = dated_statements(conn)
    by_day: dict[Any, list[dict[str, Any]]] = {}
    for row in said.to_dict("records"):
        by_day.setdefault(row["day"], []).append(
            {"id": row["statement_id"], "speaker": row["speaker"], "office": row["office"],
             "tags": list(row["tags"] or []), "date": row["date_text"]}
        )  # fmt: skip
    days = sorted(set(events["day"]) | set(by_day))
    frame = pd.DataFrame({"day": days})
    frame = frame.merge(events, on="day", how="left").fillna({"deaths": 0, "detentions": 0})
    frame[["deaths", "detentions"]] = frame[["deaths", "detentions"]].astype(int)
    frame["statements"] = pd.Series([by_day.get(d, []) for d in frame["day"]], dtype=object)
    return frame


def render_statement_timeline(frame: pd.DataFrame) -> str:
    """The HTML block (escaped; widths relative to the busiest day)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reckon.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    top = int(max(frame["deaths"].max(), frame["detentions"].max(), 1)) if len(frame) else 1
    rows = []
    for r in frame.to_dict("records"):
        deaths, detentions = int(r["deaths"]), int(r["detentions"])
        rows.append(
            {"day": r["day"].isoformat(), "deaths": deaths, "detentions": detentions,
             "deaths_pct": round(100 * deaths / top, 1),
             "detentions_pct": round(100 * detentions / top, 1), "statements": r["statements"]}
        )  # fmt: skip
    return env.get_template(TEMPLATE).render(rows=rows)
