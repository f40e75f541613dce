"""Facilities, courts and judges: three registers, each entry with Persian and Latin
names and its place on the gazetteer (``normalize.places``).

An entry is named by its ``code`` (a short stable word, «evin», «rc-tehran-15»),
which custody steps use; entering a code again replaces its entry. A facility may
be marked as known for executions, which the watch list reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reckon.errors import Where
from reckon.normalize.places import read_place

REGISTERS = ("facility", "court", "judge")


@dataclass(frozen=True)
class RegisterInput:
    register: str
    code: str
    name_fa: str | None = None
    name_latin: str | None = None
    place: str | None = None
    court: str | None = None  # a judge's court, by its code
    executions: bool = False
    notes: str | None = None


def prepare_entry(item: RegisterInput, *, where: Where | None = None) -> dict[str, Any]:
    """The event's dict for one register entry, its place read on the gazetteer."""
    at = where or Where()
    if item.register not in REGISTERS:
        raise at.fail("register", item.register, f"not one of {', '.join(REGISTERS)}")
    code = item.code.strip()
    if not code or len(code) > 100 or any(c.isspace() for c in code):
        raise at.fail("code", item.code, "a code is one word of at most 100 characters")
    if not (item.name_fa or item.name_latin):
        raise at.fail("name", None, "give the Persian name, the Latin one, or both")
    if item.court and item.register != "judge":
        raise at.fail("court", item.court, "only a judge sits in a court")
    if item.executions and item.register != "facility":
        raise at.fail("executions", None, "only a facility is known for executions")
    place = read_place(item.place) if item.place and item.place.strip() else None
    return {
        "register": item.register,
        "code": code,
        "name_fa": item.name_fa or None,
        "name_latin": item.name_latin or None,
        "place_text": place.text if place else None,
        "province_code": place.province_code if place else None,
        "county": place.county if place else None,
        "city": place.city if place else None,
        "court_code": item.court or None,
        "executions": bool(item.executions),
        "notes": item.notes or None,
    }
