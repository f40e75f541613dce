"""One row of a list -> one record, with the problems met on the way.

A victim is never dropped because one field is garbled: an unreadable field is
left empty, its raw value stays in the record's verbatim ``raw`` row, and the
problem is listed. Only a row with nothing that identifies a person or an
incident cannot form a record.

A placeholder written where a name goes («نامعلوم», "unknown", "N/A") is not a
name: the row becomes an unnamed record, counted but never linked by name, and
a problem says so. A cell longer than ``MAX_CELL`` is not read (the raw row
keeps it): no field of a list is that long, and every reader stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reckon.errors import AgeError, DateError
from reckon.ingest.events import read_event_type
from reckon.ingest.mapping import Mapping, fold_header
from reckon.normalize import (
    infer_sex,
    name_key,
    read_age,
    read_date,
    read_name,
    read_place,
    read_sex,
    split_full_name,
)

MAX_COUNT = 100_000
MAX_CELL = 10_000  # characters; a name, date or place is a few dozen

NAME_FIELDS = ("full_name", "given_name", "family_name", "father_name")
# Compared after folding (mapping.fold_header) and dropping digits and marks, so
# «ناشناس ۳», "Unknown #2" and «بی‌نام» are placeholders too.
PLACEHOLDERS = frozenset(
    fold_header(w)
    for w in (
        "نامعلوم",
        "نا معلوم",
        "ناشناس",
        "ناشناخته",
        "بی‌نام",
        "بی نام",
        "بینام",
        "بدون نام",
        "نامشخص",
        "نا مشخص",
        "مجهول",
        "مجهول الهویه",
        "مجهول الهویة",
        "هویت نامعلوم",
        "unknown",
        "unknown name",
        "unidentified",
        "not known",
        "nameless",
        "no name",
        "n/a",
        "na",
        "none",
        "nil",
        "null",
        "-",
        "--",
        "?",
        "??",
        "???",
        "x",
        "xx",
        "xxx",
    )
)
_MARKS = re.compile(r"[\d۰-۹٠-٩#№.,،()\[\]«»\"'*]+")

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_COUNT = re.compile(r"^\s*(\d{1,6})\s*(?:[-–—~]|to|تا)?\s*(\d{1,6})?\s*$")


@dataclass
class FieldProblem:
    column: str
    value: str
    reason: str


@dataclass
class ReadRow:
    values: dict[str, Any]
    problems: list[FieldProblem] = field(default_factory=list)
    reject_reason: str | None = None
    unnamed: bool = False  # a placeholder stood where the name goes


def is_placeholder(text: str) -> bool:
    """«نامعلوم», "Unknown 3", "N/A": words that stand where a name is not known."""
    folded = fold_header(_MARKS.sub(" ", text))
    return folded in PLACEHOLDERS or (not folded and bool(text.strip()))


def _get(values: dict[str, str], mapping: Mapping, fld: str) -> tuple[str | None, str]:
    """(column, stripped text) of a field; ``values`` is keyed by field (see read_row)."""
    return mapping.columns.get(fld), values.get(fld, "")


def read_row(cells: dict[str, str], mapping: Mapping) -> ReadRow:
    # each mapped cell looked up and stripped once: this runs for every row of a list
    cells = {fld: cells.get(col, "").strip() for fld, col in mapping.columns.items()}
    out: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for fld, text in cells.items():
        if len(text) > MAX_CELL:
            reason = f"a cell of {len(text):,} characters, more than the {MAX_CELL:,} a field holds"
            problems.append(
                FieldProblem(mapping.columns[fld], text[:80] + "…", reason + "; not read")
            )
            cells[fld] = ""
    placeholders = _drop_placeholders(cells, mapping, problems)
    _read_names(cells, mapping, out)
    _read_event(cells, mapping, out, problems)
    _read_person(cells, mapping, out, problems)
    _read_place(cells, mapping, out)
    for fld in ("cause", "notes"):
        out[fld] = _get(cells, mapping, fld)[1] or None
    _read_count(cells, mapping, out, problems)
    has_name = any(out.get(k) for k in ("full_name", "given_name", "family_name"))
    if not has_name and not out.get("is_incident"):
        if placeholders:
            return ReadRow(out, problems, unnamed=True)
        return ReadRow(
            out, problems, "nothing identifies a person or an incident (no name, no count)"
        )
    return ReadRow(out, problems)


def _drop_placeholders(
    cells: dict[str, str], mapping: Mapping, problems: list[FieldProblem]
) -> bool:
    """Empty the name cells that hold a placeholder, each listed; True if any did."""
    found = False
    for fld in NAME_FIELDS:
        text = cells.get(fld, "")
        if text and is_placeholder(text):
            found = True
            cells[fld] = ""
            reason = (
                "a placeholder, not a name: read as unnamed (counted, never linked by name)"
                if fld != "father_name"
                else "a placeholder, not a name: father's name left empty"
            )
            problems.append(FieldProblem(mapping.columns[fld], text, reason))
    return found


def _read_names(cells: dict[str, str], mapping: Mapping, out: dict[str, Any]) -> None:
    full = _get(cells, mapping, "full_name")[1]
    given = _get(cells, mapping, "given_name")[1]
    family = _get(cells, mapping, "family_name")[1]
    father = _get(cells, mapping, "father_name")[1]
    if full and not (given or family):
        g, f, fa = split_full_name(full)
        given, family = g or "", f or ""
        father = father or fa or ""
    whole = full or " ".join(p for p in (given, family) if p)
    reading = read_name(whole) if whole else None
    out["full_name"] = whole or None
    out["given_name"] = given or None
    out["family_name"] = family or None
    out["father_name"] = father or None
    out["honorifics"] = " ".join(reading.honorifics) if reading and reading.honorifics else None
    out["name_canonical"] = reading.canonical if reading else None
    out["name_key"] = reading.key if reading else None
    out["script"] = reading.script if reading else None
    out["given_key"] = name_key(given) if given else None
    out["family_key"] = name_key(family) if family else None
    out["father_key"] = name_key(father) if father else None


def _read_event(
    cells: dict[str, str], mapping: Mapping, out: dict[str, Any], problems: list[FieldProblem]
) -> None:
    column, text = _get(cells, mapping, "event_type")
    event_type = mapping.event_type
    if text:
        word = read_event_type(text)
        if word is None:
            problems.append(FieldProblem(column or "event_type", text, "unknown event type"))
        else:
            event_type = word
    out["event_type"] = event_type
    column, text = _get(cells, mapping, "date")
    out["date_text"] = text or None
    if text:
        try:
            d = read_date(text, default_calendar=mapping.calendar)
        except DateError as exc:
            problems.append(FieldProblem(column or "date", text, exc.reason))
        else:
            out["date_calendar"] = d.calendar
            out["date_precision"] = d.precision
            out["date_start"] = d.start
            out["date_end"] = d.end


def _read_person(
    cells: dict[str, str], mapping: Mapping, out: dict[str, Any], problems: list[FieldProblem]
) -> None:
    column, text = _get(cells, mapping, "sex")
    sex = read_sex(text) if text else None
    if text and sex is None:
        problems.append(FieldProblem(column or "sex", text, "not a sex or gender reckon reads"))
    inferred = False
    if sex is None:
        honorifics = tuple((out.get("honorifics") or "").split())
        sex, inferred = infer_sex(out.get("given_name") or out.get("full_name"), honorifics)
    out["sex"] = sex
    out["sex_inferred"] = inferred if sex else None
    event_year = out["date_start"].year if out.get("date_start") else None
    for fld in ("age", "birth_year"):
        column, text = _get(cells, mapping, fld)
        if not text:
            continue
        try:
            age = read_age(text, event_year=event_year)
        except AgeError as exc:
            problems.append(FieldProblem(column or fld, text, exc.reason))
            continue
        if fld == "birth_year" and age.birth_year is None and age.age is not None:
            problems.append(FieldProblem(column or fld, text, "not a year of birth"))
            continue
        for key in ("age", "age_min", "age_max", "birth_year"):
            value = getattr(age, key)
            if value is not None and out.get(key) is None:
                out[key] = value


def _read_place(cells: dict[str, str], mapping: Mapping, out: dict[str, Any]) -> None:
    parts = tuple(cells.get(f, "") for f in ("place", "city", "county", "province"))
    out.update(_place_fields(parts))


@lru_cache(maxsize=65536)
def _place_fields(parts: tuple[str, ...]) -> dict[str, str | None]:
    """Place columns -> record fields; cached, as a list names the same places again and again."""
    present = [p for p in parts if p]
    written = "، ".join(present)
    out: dict[str, str | None] = {"place_text": written or None}
    if not written:
        return out
    # the most specific part that is known wins; the rest only fills what it lacks
    for part in [*present, written]:
        place = read_place(part)
        if place.known:
            for key in ("province_code", "county", "city"):
                if out.get(key) is None:
                    out[key] = getattr(place, key)
    return out


def _read_count(
    cells: dict[str, str], mapping: Mapping, out: dict[str, Any], problems: list[FieldProblem]
) -> None:
    out["is_incident"] = False
    column, text = _get(cells, mapping, "count")
    if not text:
        return
    m = _COUNT.match(text.translate(_DIGITS))
    if not m:
        problems.append(FieldProblem(column or "count", text, "not a number of people"))
        return
    low = int(m.group(1))
    high = int(m.group(2)) if m.group(2) else low
    if high < low or high > MAX_COUNT:
        problems.append(FieldProblem(column or "count", text, "not a plausible number of people"))
        return
    has_name = any(out.get(k) for k in ("full_name", "given_name", "family_name"))
    if low == high == 1 and has_name:
        return
    out["is_incident"] = not has_name or high > 1
    out["count_min"], out["count_max"] = low, high
