"""One reading per input, for ``reckon normalize``: the kind guessed when not given.

Errors are data here: an unreadable date gives ``{"error": ...}``, not a crash.
"""

from __future__ import annotations

from typing import Any

from reckon.errors import NormalizeError
from reckon.normalize.dates import read_date
from reckon.normalize.lexicon import given_name_sex
from reckon.normalize.persian import fold, read_name
from reckon.normalize.places import read_place

KINDS = ("name", "date", "place")


def guess_kind(text: str) -> str:
    """ "date" when it has digits (names and places have none), "name" when it
    holds a known given name or a title, "place" when the gazetteer knows it,
    else "name"."""
    if any(c.isdigit() for c in fold(text)):
        return "date"
    name = read_name(text)
    if name.honorifics or any(given_name_sex(t) for t in name.canonical.split()):
        return "name"
    if read_place(text).known:
        return "place"
    return "name"


def reading_of(text: str, kind: str | None = None) -> dict[str, Any]:
    """The reading of ``text`` as a JSON-ready dict with ``input`` and ``kind``."""
    kind = kind or guess_kind(text)
    head: dict[str, Any] = {"input": text, "kind": kind}
    try:
        if kind == "date":
            return head | read_date(text).to_dict()
        if kind == "place":
            return head | read_place(text).to_dict()
        if kind == "name":
            return head | read_name(text).to_dict()
    except NormalizeError as exc:
        return head | {"error": exc.reason}
    raise ValueError(f"kind is one of {', '.join(KINDS)}, not {kind!r}")


def summary_of(reading: dict[str, Any]) -> str:
    """The reading in one line for a table cell."""
    if "error" in reading:
        return f"error: {reading['error']}"
    kind = reading["kind"]
    if kind == "name":
        parts = [f"{reading['canonical']}  key={reading['key']}"]
        if reading["honorifics"]:
            parts.append("honorifics=" + ",".join(reading["honorifics"]))
        for field in ("given", "family", "father"):
            if reading[field]:
                parts.append(f"{field}={reading[field]}")
        return "  ".join(parts)
    if kind == "date":
        assumed = " (assumed)" if reading["calendar_assumed"] else ""
        span = (
            f"  {reading['start']}..{reading['end']}" if reading["start"] != reading["end"] else ""
        )
        return (
            f"{reading['gregorian']}  {reading['calendar']}{assumed} {reading['jalali']}"
            f"  precision={reading['precision']}{span}"
        )
    if not reading["known"]:
        return "unknown place (kept verbatim)"
    where = " / ".join(
        str(reading[f]) for f in ("province", "county", "city") if reading[f] is not None
    )
    return f"{reading['province_code']} {where}  matched={reading['matched']}"
