"""Column mapping: which column of a list holds which field of a record.

A mapping is a TOML file::

    [columns]              # field = "header as written in the file"
    given_name = "نام"
    family_name = "نام خانوادگی"
    date = "تاریخ"

    [options]
    calendar = "jalali"    # calendar assumed for ambiguous dates (auto, jalali, gregorian)
    event_type = "killed"  # event type of every row when the list has no such column
    id_column = "ردیف"     # the source's own record id

Without a mapping, headers are recognised in Persian and English; the import
goes ahead when a column that identifies a person or an incident is among
them, and otherwise prints a mapping to complete.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from reckon.errors import MappingError
from reckon.store.schema import EVENT_TYPES

# field -> (help, header synonyms in Persian and English, compared after folding)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": (
        "the full name in one column",
        (
            "نام و نام خانوادگی",
            "نام کامل",
            "اسم",
            "full name",
            "name",
            "fullname",
            "victim",
            "victim name",
            "نام متوفی",
            "نام قربانی",
        ),
    ),
    "given_name": (
        "given (first) name",
        ("نام", "first name", "given name", "firstname", "given", "forename"),
    ),
    "family_name": (
        "family (last) name",
        (
            "نام خانوادگی",
            "فامیلی",
            "نام فامیل",
            "last name",
            "family name",
            "surname",
            "lastname",
            "family",
        ),
    ),
    "father_name": (
        "father's name",
        (
            "نام پدر",
            "پدر",
            "فرزند",
            "father",
            "father name",
            "father's name",
            "fathers name",
            "son of",
            "daughter of",
        ),
    ),
    "sex": ("sex or gender", ("جنسیت", "جنس", "sex", "gender")),
    "age": (
        "age at the event",
        ("سن", "age", "age at death", "سن هنگام مرگ", "years", "age (years)", "years old"),
    ),
    "birth_year": (
        "year of birth",
        (
            "سال تولد",
            "متولد",
            "تاریخ تولد",
            "birth year",
            "year of birth",
            "born",
            "dob",
            "date of birth",
        ),
    ),
    "event_type": (
        "killed, died_in_custody, executed, detained, disappeared or injured",
        ("نوع", "نوع رویداد", "وضعیت", "event", "event type", "status", "type", "fate"),
    ),
    "date": (
        "date of the event, as written",
        (
            "تاریخ",
            "تاریخ فوت",
            "تاریخ جان باختن",
            "تاریخ کشته شدن",
            "تاریخ بازداشت",
            "تاریخ حادثه",
            "date",
            "date of death",
            "event date",
            "died",
            "date of event",
            "when",
            "زمان",
        ),
    ),
    "place": (
        "place in one column, as written",
        ("محل", "مکان", "محل فوت", "محل حادثه", "place", "location", "place of death", "where"),
    ),
    "province": ("province", ("استان", "province", "ostan", "state", "region")),
    "county": ("county", ("شهرستان", "county", "shahrestan", "district")),
    "city": ("city", ("شهر", "city", "town", "village", "روستا", "شهر/روستا")),
    "cause": (
        "cause of death or injury",
        ("علت", "علت فوت", "علت مرگ", "نحوه", "cause", "cause of death", "manner"),
    ),
    "notes": (
        "free notes",
        (
            "توضیحات",
            "یادداشت",
            "شرح",
            "notes",
            "note",
            "comments",
            "description",
            "details",
            "remarks",
        ),
    ),
    "count": (
        "number of people for an incident row (e.g. 14 bodies, unnamed)",
        ("تعداد", "count", "number", "number of victims", "n", "bodies"),
    ),
    "id": (
        "the source's own record id",
        ("شناسه", "ردیف", "شماره", "کد", "id", "record id", "no", "no.", "#", "case id", "ref"),
    ),
}

IDENTIFYING = ("full_name", "given_name", "family_name", "count")


def fold_header(text: str) -> str:
    """Headers compared without case, diacritics, Arabic/Persian letter variants or spacing."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = text.translate(_HEADER_FOLD)
    text = re.sub(r"[\s_\-\u200c:.()]+", " ", text).strip()
    return text


_HEADER_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None, "\ufeff": None})

_SYNONYMS: dict[str, str] = {}
for _field, (_help, _names) in FIELDS.items():
    for _name in _names:
        _SYNONYMS.setdefault(fold_header(_name), _field)
    _SYNONYMS.setdefault(fold_header(_field), _field)


def known_header(text: str) -> bool:
    """Whether a header names a field reckon reads (in Persian or English)."""
    return fold_header(text) in _SYNONYMS


@dataclass
class Mapping:
    columns: dict[str, str]  # field -> header
    calendar: str = "auto"
    event_type: str | None = None
    origin: str = "recognised"
    unmapped: list[str] = field(default_factory=list)

    def column_for(self, fld: str) -> str | None:
        return self.columns.get(fld)

    def to_toml(self) -> str:
        options: dict[str, str] = {"calendar": self.calendar}
        if self.event_type:
            options["event_type"] = self.event_type
        return tomli_w.dumps({"columns": self.columns, "options": options})

    def as_dict(self) -> dict[str, object]:
        return {
            "columns": dict(self.columns),
            "calendar": self.calendar,
            "event_type": self.event_type,
        }


def recognise(headers: list[str]) -> Mapping:
    """Map headers to fields by their names; a field takes the first column that names it."""
    columns: dict[str, str] = {}
    unmapped: list[str] = []
    for header in headers:
        fld = _SYNONYMS.get(fold_header(header))
        if fld is None or fld in columns:
            unmapped.append(header)
        else:
            columns[fld] = header
    # one column called just "name"/«نام» beside a family-name column is the given name
    if (
        "full_name" in columns
        and "family_name" in columns
        and "given_name" not in columns
        and fold_header(columns["full_name"]) in ("name", "اسم")
    ):
        columns["given_name"] = columns.pop("full_name")
    # a lone «نام» / "first name" column with no family-name column holds whole names
    if "given_name" in columns and "family_name" not in columns and "full_name" not in columns:
        columns["full_name"] = columns.pop("given_name")
    return Mapping(columns=columns, unmapped=unmapped)


def load_mapping(path: Path, headers: list[str]) -> Mapping:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"cannot read the mapping: {exc.strerror}", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"not valid TOML: {exc}", file=str(path)) from None
    columns = data.get("columns", {})
    options = data.get("options", {})
    if not isinstance(columns, dict) or not isinstance(options, dict):
        raise MappingError("[columns] and [options] must be tables", file=str(path))
    for fld, header in columns.items():
        if not isinstance(header, str):
            raise MappingError(
                f"field {fld!r} must name a column in quotes, not {header!r}", file=str(path)
            )
        if fld not in FIELDS:
            raise MappingError(
                f"unknown field {fld!r}; fields are {', '.join(FIELDS)}", file=str(path)
            )
        if header not in headers:
            raise MappingError(
                f"field {fld!r} names column {header!r}, which the file does not have "
                f"(its columns: {', '.join(headers)})",
                file=str(path),
            )
    if "id_column" in options:
        columns = {**columns, "id": options["id_column"]}
    calendar = str(options.get("calendar", "auto"))
    if calendar not in ("auto", "jalali", "gregorian"):
        raise MappingError(
            f"calendar must be auto, jalali or gregorian, not {calendar!r}", file=str(path)
        )
    event_type = options.get("event_type")
    if event_type is not None and event_type not in EVENT_TYPES:
        raise MappingError(
            f"event_type must be one of {', '.join(EVENT_TYPES)}, not {event_type!r}",
            file=str(path),
        )
    if "id" in columns and columns["id"] not in headers:
        raise MappingError(
            f"id_column {columns['id']!r} is not a column of the file "
            f"(its columns: {', '.join(headers)})",
            file=str(path),
        )
    used = set(columns.values())
    return Mapping(
        columns={k: str(v) for k, v in columns.items()},
        calendar=calendar,
        event_type=event_type,
        origin=str(path),
        unmapped=[h for h in headers if h not in used],
    )


def template(headers: list[str], recognised: Mapping) -> str:
    """A mapping file to complete: recognised columns filled in, the rest listed."""
    lines = [
        "# reckon column mapping: fill in which column holds each field, then",
        "# run the import again with --mapping THIS_FILE.",
        f"# Columns in the file: {', '.join(_toml_string(h) for h in headers)}",
        "",
        "[columns]",
    ]
    for fld, (help_text, _) in FIELDS.items():
        if fld in recognised.columns:
            lines.append(f"{fld} = {_toml_string(recognised.columns[fld])}  # {help_text}")
        else:
            lines.append(f'# {fld} = ""  # {help_text}')
    lines += [
        "",
        "[options]",
        'calendar = "auto"  # auto, jalali or gregorian: assumed for ambiguous dates',
        '# event_type = "killed"  # for every row, when the list has no such column',
    ]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    """``text`` as a TOML string, escaped as TOML needs (quotes, newlines, controls)."""
    return tomli_w.dumps({"x": text})[len("x = ") :].rstrip("\n")
