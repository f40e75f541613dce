"""What an archived statement holds, read and checked before it is recorded.

A statement as given (``StatementInput``: from the command line or a CSV row)
becomes the dict a ``statement.archived`` event carries (``prepare``): its date
read once (Jalali or Gregorian, with its precision) and its search terms
computed once, so a replay years later gives the same rows without today's
normalizers. Tags come from one vocabulary (``TAGS``), after the kinds of speech
that tribunals have read as evidence of policy and intent.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reckon.errors import DateError, InputError, Where
from reckon.normalize.dates import read_date
from reckon.statements.text import terms

TAGS = (
    "justification",  # of force
    "order",
    "threat",
    "denial",
    "incitement",
    "censorship",
    "dehumanising",  # a dehumanising label
)
MEDIA = ("speech", "interview", "tv", "radio", "press", "social", "statement", "sermon", "other")
REVIEW = ("draft", "reviewed")
# The columns a statements CSV may have; ``speaker``, ``date`` and ``text`` are needed.
CSV_COLUMNS = (
    "speaker",
    "office",
    "date",
    "text",
    "venue",
    "audience",
    "medium",
    "language",
    "source",
    "file",
    "tags",
    "detainees",
    "incidents",
    "periods",
    "translation",
    "translation_language",
    "translator",
)
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Translation:
    language: str
    text: str
    translator: str | None = None
    review: str = "draft"


@dataclass(frozen=True)
class StatementInput:
    """A statement as a person gives it; ``file`` is the saved copy of the source."""

    speaker: str
    date: str
    text: str
    office: str | None = None
    venue: str | None = None
    audience: str | None = None
    medium: str | None = None
    language: str | None = None
    url: str | None = None
    file: Path | None = None
    tags: tuple[str, ...] = ()
    detainees: tuple[str, ...] = ()  # records, source:record_id
    incidents: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    translations: tuple[Translation, ...] = field(default=())


def prepare(
    item: StatementInput, *, default_calendar: str = "auto", where: Where | None = None
) -> dict[str, Any]:
    """The event's dict for one statement (without its saved copy's object)."""
    at = where or Where()
    for name, value in (("speaker", item.speaker), ("text", item.text), ("date", item.date)):
        if not value or not value.strip():
            raise at.fail(name, None, f"a statement needs its {name}")
    try:
        when = read_date(item.date, default_calendar)
    except DateError as exc:
        raise at.fail("date", item.date, f"not a date ({exc.reason})") from None
    unknown = sorted(set(item.tags) - set(TAGS))
    if unknown:
        raise at.fail("tags", ", ".join(unknown), f"unknown tag; the tags are {', '.join(TAGS)}")
    if item.medium and item.medium not in MEDIA:
        raise at.fail("medium", item.medium, f"not one of {', '.join(MEDIA)}")
    for ref in item.detainees:
        if ":" not in ref:
            raise at.fail("detainees", ref, "a detainee is named by a record: source:record_id")
    for t in item.translations:
        if t.review not in REVIEW:
            raise at.fail("translation", t.review, "review must be draft or reviewed")
    return {
        "statement_id": uuid.uuid4().hex[:16],
        "speaker": item.speaker.strip(),
        "office": _blank(item.office),
        "date_text": item.date.strip(),
        "date_calendar": when.calendar,
        "date_precision": when.precision,
        "said_on": when.start.isoformat(),
        "said_until": when.end.isoformat(),
        "venue": _blank(item.venue),
        "audience": _blank(item.audience),
        "medium": _blank(item.medium),
        "language": _blank(item.language),
        "text": item.text,
        "search_terms": terms(" ".join([item.text, *(t.text for t in item.translations)])),
        "translations": [
            {"language": t.language, "text": t.text, "translator": t.translator, "review": t.review}
            for t in item.translations
        ],
        "url": _blank(item.url),
        "tags": sorted(set(item.tags)),
        "links": {
            "detainees": list(item.detainees),
            "incidents": list(item.incidents),
            "periods": list(item.periods),
        },
    }


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(LIST_SEPARATOR) if p.strip())


def read_csv(path: Path) -> Iterator[tuple[Where, StatementInput]]:
    """Each row of a statements CSV as (where, statement); ``file`` is relative to the
    CSV's folder. A missing column or an unknown one stops the whole file."""
    try:
        data = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read the statements CSV as UTF-8: {exc}", file=str(path)
        ) from None
    reader = csv.DictReader(io.StringIO(data))
    columns = [c.strip() for c in reader.fieldnames or ()]
    missing = [c for c in ("speaker", "date", "text") if c not in columns]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if missing or unknown:
        what = "; ".join(
            part
            for part in (
                f"missing column(s) {', '.join(missing)}" if missing else "",
                f"unknown column(s) {', '.join(unknown)}" if unknown else "",
            )
            if part
        )
        raise InputError(f"{what}; the columns are {', '.join(CSV_COLUMNS)}", file=str(path), row=1)
    for n, row in enumerate(reader, start=2):
        cell = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        where = Where(str(path), n)
        translations: Sequence[Translation] = ()
        if cell.get("translation"):
            translations = (
                Translation(
                    cell.get("translation_language") or "en",
                    cell["translation"],
                    cell.get("translator") or None,
                ),
            )
        copy = cell.get("file")
        yield (
            where,
            StatementInput(
                speaker=cell.get("speaker", ""),
                date=cell.get("date", ""),
                text=cell.get("text", ""),
                office=cell.get("office"),
                venue=cell.get("venue"),
                audience=cell.get("audience"),
                medium=cell.get("medium") or None,
                language=cell.get("language"),
                url=cell.get("source"),
                file=(Path(path).parent / copy) if copy else None,
                tags=_list(cell.get("tags")),
                detainees=_list(cell.get("detainees")),
                incidents=_list(cell.get("incidents")),
                periods=_list(cell.get("periods")),
                translations=tuple(translations),
            ),
        )
