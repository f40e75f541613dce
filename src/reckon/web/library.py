"""Every call the web app makes into the library, in one place.

The web layer writes nothing itself: each change is a typed event recorded
through ``Case.record`` (directly, or by the library function the CLI calls),
signed by the user's own key. When the facade's namespaces
(``case.ingest/link/review/evidence/estimate/verify``) land, this module is
the one to repoint.

Writes are serialized in this process (``_WRITES``): the log is one sequence,
and applying, appending and committing one event before the next starts keeps
the database's commit order the log's order on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reckon.case import Case
from reckon.errors import InputError, ReckonError
from reckon.events.kinds import LinkDecisions, RecordEdited, RecordEntered
from reckon.store import browse
from reckon.store import users as user_store
from reckon.store.schema import SOURCE_KINDS
from reckon.vault.keys import UnlockedKey
from reckon.vault.vault import Vault

_WRITES = threading.Lock()

# The fields of the entry form, as a list's recognised headers name them.
ENTRY_FIELDS = (
    "full_name",
    "father_name",
    "sex",
    "age",
    "event_type",
    "date",
    "place",
    "cause",
    "notes",
)


def open_case(path: Path) -> Case:
    return Case.open(path)


def as_user(base: Case, key: UnlockedKey) -> Case:
    """The same case (same database engine) whose new events this user's key signs."""
    vault = Vault.open(base.path)
    vault.use(key)
    return Case(base.path, base.settings, base.engine, vault)


def unlock_key(case: Case, key_id: str, password: str) -> UnlockedKey:
    return Vault.open(case.path).unlock(password, key_id)


def add_key(case: Case, holder: str, password: str) -> str:
    """A new user's key, announced in the log (signed by the case's current signer)."""
    return case.vault.add_key(holder, password).key_id


@contextmanager
def accounts(case: Case) -> Iterator[Any]:
    """A transaction on the accounts tables (local server state)."""
    with case.engine.begin() as conn:
        yield conn


# --- reading ---------------------------------------------------------------------


def search(
    case: Case,
    f: browse.RecordFilter,
    *,
    columns: Sequence[str],
    with_raw: bool,
    page: int,
    per_page: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    with case.engine.connect() as conn:
        return browse.search_records(
            conn, f, columns=columns, with_raw=with_raw, page=page, per_page=per_page
        )


def record(
    case: Case, record_id: int, *, columns: Sequence[str], with_raw: bool
) -> dict[str, Any] | None:
    with case.engine.connect() as conn:
        return browse.record_by_id(conn, record_id, columns=columns, with_raw=with_raw)


def record_by_key(
    case: Case, source: str, record_id: str, *, columns: Sequence[str], with_raw: bool
) -> dict[str, Any] | None:
    with case.engine.connect() as conn:
        return browse.record_by_key(conn, source, record_id, columns=columns, with_raw=with_raw)


def person(
    case: Case, person_id: int, *, columns: Sequence[str], with_raw: bool
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]] | None:
    from reckon.store.evidence import evidence_for_person

    with case.engine.connect() as conn:
        found = browse.person_with_records(conn, person_id, columns=columns, with_raw=with_raw)
        if found is None:
            return None
        return (*found, evidence_for_person(conn, person_id))


def evidence_of_record(case: Case, record_id: int) -> list[dict[str, Any]]:
    from reckon.store.evidence import evidence_for_record

    with case.engine.connect() as conn:
        return evidence_for_record(conn, record_id)


def sources(case: Case) -> list[str]:
    with case.engine.connect() as conn:
        return browse.source_names(conn)


def summary(case: Case) -> dict[str, Any]:
    from reckon.store.summary import case_summary

    with case.engine.connect() as conn:
        return case_summary(conn)


def province_names() -> dict[str, tuple[str, str]]:
    """ISO 3166-2:IR code -> (English, Persian) name, as the report names them."""
    from reckon.report.tables import province_names as names

    return names()


def name_key(text: str) -> str:
    from reckon.normalize import name_key as key

    return key(text)


@dataclass
class _Authors:
    seq: int = 0
    by_record: dict[tuple[str, str], str] | None = None


_authors: dict[Path, _Authors] = {}
_authors_lock = threading.Lock()


def entered_by(case: Case) -> dict[tuple[str, str], str]:
    """(source, record id) -> key id of whoever entered it by hand, read from the log
    (cached, read on from where it stopped)."""
    with _authors_lock:
        known = _authors.setdefault(case.path.resolve(), _Authors(0, {}))
        assert known.by_record is not None
        for event in case.vault.lines_with(b'"kind":"record.entered"'):
            if event.seq <= known.seq:
                continue
            payload = event.payload
            known.by_record[(str(payload["source"]), str(payload["source_record_id"]))] = (
                event.author
            )
            known.seq = event.seq
        return dict(known.by_record)


def audit(case: Case, *, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """The log's events (who, what, when) without their payloads' contents."""
    shown: list[dict[str, Any]] = []
    for event in case.vault.events(after_seq=after):
        payload = event.payload
        shown.append(
            {
                "seq": event.seq,
                "kind": event.kind,
                "author": event.author,
                "time": event.time,
                "hash": event.hash,
                "target": payload.get("target")
                or (
                    f"{payload['source']}:{payload['source_record_id']}"
                    if "source_record_id" in payload
                    else payload.get("source") or payload.get("file_name")
                ),
                "count": len(payload.get("decisions") or payload.get("items") or []) or None,
            }
        )
        if len(shown) >= limit:
            break
    return shown


def key_holders(case: Case) -> dict[str, str]:
    return {k: v.author for k, v in case.vault.identities().items()}


# --- entering and editing ---------------------------------------------------------


def read_entry(fields: Mapping[str, str]) -> dict[str, Any]:
    """How a hand entry's fields are read: the same reading a list's row gets."""
    from reckon.ingest.fields import read_row
    from reckon.ingest.mapping import Mapping as ColumnMapping

    mapping = ColumnMapping(columns={f: f for f in ENTRY_FIELDS if fields.get(f)})
    row = read_row({f: fields.get(f, "") for f in ENTRY_FIELDS}, mapping)
    return {
        "values": row.values,
        "problems": [f"{p.column}: {p.value!r}: {p.reason}" for p in row.problems],
        "reject": row.reject_reason,
    }


def enter_record(
    case: Case, *, source: str, list_kind: str, record_id: str, fields: Mapping[str, str]
) -> dict[str, Any]:
    if list_kind not in SOURCE_KINDS:
        raise InputError(f"kind must be one of {', '.join(SOURCE_KINDS)}", value=list_kind)
    if not source.strip() or not record_id.strip():
        raise InputError("a record needs its source and its id in that source")
    reading = read_entry(fields)
    if reading["reject"]:
        raise InputError(reading["reject"])
    values = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in reading["values"].items()
        if v is not None
    }
    raw = {k: v for k, v in fields.items() if k in ENTRY_FIELDS and v}
    with _WRITES:
        done = case.record(
            RecordEntered(
                **case.stamp(),
                source=source.strip(),
                list_kind=list_kind,
                source_record_id=record_id.strip(),
                values=values,
                raw=raw,
            )
        )
    if not done.outcome.count("records"):
        raise InputError(f"record {record_id} is already in {source}; nothing was entered")
    return reading


def edit_record(case: Case, target: str, field: str, value: str | None) -> None:
    from reckon.events.records import EDITABLE

    if field not in EDITABLE:
        raise InputError("this field cannot be edited", column=field)
    with _WRITES:
        case.record(RecordEdited(**case.stamp(), target=target, field=field, value=value))


def propose_edit(case: Case, target: str, field: str, value: str | None, by: str) -> int:
    from reckon.events.base import parse_time

    with accounts(case) as conn:
        return user_store.propose_edit(
            conn, target, field, value, by, parse_time(case.stamp()["at"])
        )


def pending_edits(case: Case) -> list[dict[str, Any]]:
    with case.engine.connect() as conn:
        return user_store.pending_edits(conn)


def decide_edit(case: Case, proposal: int, accept: bool, by: str) -> None:
    with accounts(case) as conn:
        found = user_store.close_edit(conn, proposal, "accepted" if accept else "refused", by)
    if found is None:
        raise InputError("no such pending edit", value=str(proposal))
    if accept:
        edit_record(case, found["target"], found["field"], found["value"])


# --- lists, evidence, review ----------------------------------------------------


@dataclass(frozen=True)
class MappingForm:
    """A list whose headers were not recognised: its columns and the fields to map."""

    reason: str
    headers: list[str]
    fields: list[tuple[str, str]]  # (field, what it holds)


def import_list(
    case: Case, path: Path, *, source: str, kind: str, columns: Mapping[str, str] | None
) -> dict[str, Any] | MappingForm:
    """Import a list; a ``MappingForm`` when its columns need mapping by hand."""
    import tomli_w

    from reckon.ingest.importer import MappingNeeded, import_file
    from reckon.ingest.mapping import FIELDS

    mapping_path = None
    if columns:
        mapping_path = path.with_suffix(".mapping.toml")
        mapping_path.write_text(
            tomli_w.dumps({"columns": dict(columns), "options": {"calendar": "auto"}}),
            encoding="utf-8",
        )
    try:
        with _WRITES:
            report = import_file(case, path, source=source, kind=kind, mapping_path=mapping_path)
    except MappingNeeded as exc:
        fields = [(name, help_text) for name, (help_text, _) in FIELDS.items()]
        return MappingForm(str(exc.reason), _headers_of(exc.template), fields)
    return report.to_dict()


def _headers_of(template: str) -> list[str]:
    mark = "# Columns in the file: "
    for line in template.splitlines():
        if line.startswith(mark):
            return list(tomllib.loads(f"h = [{line[len(mark) :]}]")["h"])
    return []


def add_evidence(
    case: Case,
    files: Sequence[Path],
    custody: Mapping[str, Any],
    *,
    sensitive: bool,
    barred: set[str],
) -> dict[str, Any]:
    """Store and log evidence; what is sealed is sealed to every key of the case but
    the ``barred`` ones (the keys of accounts that may not read witnesses)."""
    from reckon.events.evidence import add_evidence as add

    readers = [i for k, i in case.vault.identities().items() if k not in barred]
    with _WRITES:
        return add(case, files, custody, sensitive=sensitive, readers=readers)


def review_pairs(case: Case, limit: int = 200) -> list[dict[str, Any]]:
    """The undecided uncertain pairs, most uncertain first, as plain dicts."""
    from reckon.link.review import uncertain_pairs

    try:
        pairs = uncertain_pairs(case)
    except ReckonError:
        return []
    return [
        {str(k): (None if _is_missing(v) else v) for k, v in row.items()}
        for row in pairs.head(limit).to_dict("records")
    ]


def _is_missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN and NaT
    except (TypeError, ValueError):
        return False


def decide_pair(
    case: Case,
    a: tuple[str, str],
    b: tuple[str, str],
    decision: str,
    reviewer: str,
    probability: str | None,
) -> None:
    """The same ``link.decisions`` event ``reckon review --accept`` writes, for one pair."""
    from reckon.store.schema import DECISIONS

    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}", value=decision)
    (sa, ra), (sb, rb) = (a, b) if a <= b else (b, a)
    stamp = case.stamp()
    decided = {
        "source_a": sa,
        "record_a": ra,
        "source_b": sb,
        "record_b": rb,
        "decision": decision,
        "reviewer": reviewer,
        "decided_at": stamp["at"],
        "reason": None,
        "match_probability": probability,
    }
    with _WRITES:
        case.record(LinkDecisions(**stamp, decisions=(decided,), file=None))


def decided_pairs(case: Case) -> set[tuple[str, str, str, str]]:
    from sqlalchemy import select

    from reckon.store.schema import link_decisions as d

    with case.engine.connect() as conn:
        rows = conn.execute(select(d.c.source_a, d.c.record_a, d.c.source_b, d.c.record_b))
        return {(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows}


# --- estimates and checks ---------------------------------------------------------


def estimate(case: Case, method: str, by: str | None = None) -> dict[str, Any]:
    from reckon.estimate.strata import estimate_histories
    from reckon.store.captures import read_capture_histories, source_names

    with case.engine.connect() as conn:
        histories = read_capture_histories(conn)
        names = source_names(conn)
    options: dict[str, Any] = {"max_seconds": 20.0} if method == "lcmcr" else {}
    result = estimate_histories(histories, method, lists=names, by=by, seed=2026, **options)
    return result.to_dict()


def verify(case: Case) -> dict[str, Any]:
    from reckon.events.verify import verify_case

    return verify_case(case.path).to_dict()


def per_day_chart(case: Case, lang: str, label: str) -> str:
    """The report's per-day chart (SVG) over the records' dates; "" when none is dated."""
    from reckon.report.charts import per_day

    with case.engine.connect() as conn:
        days = browse.records_per_day(conn)
    if not days:
        return ""
    return per_day(
        [d for d, _ in days], [n for _, n in days], "fa" if lang == "fa" else "en", label
    )
