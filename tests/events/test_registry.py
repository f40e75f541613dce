"""The registry: every kind has a type and an applier, round-trips through the log's own
bytes, and reads the version-1 dicts older logs hold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reckon.case import Case
from reckon.events import custody, estimates, kinds, statements
from reckon.events.base import CaseEvent, Stamp
from reckon.events.registry import REGISTRY, NeedsNewerReckon, decode
from reckon.events.reread import ListReread
from reckon.store.schema import metadata
from reckon.vault.canonical import canonical
from reckon.vault.log import Event, parse_line

SHA = ["a" * 64, "b" * 64, "c" * 64, "d" * 64]
STAMP: Stamp = {"author": "k1", "at": "2026-01-08T10:00:00.000000Z", "reckon_version": "0.1.0"}


@dataclass(frozen=True)
class Envelope:
    author: str
    time: str


def examples() -> list[CaseEvent]:
    return [
        kinds.ListImported(
            **STAMP,
            source="Morgue A",
            list_kind="morgue",
            object=SHA[0],
            file_name="m.csv",
            format="csv",
            encoding="utf-8",
            delimiter=",",
            mapping={"columns": {"full_name": "نام"}, "calendar": "jalali"},
            records_object=SHA[1],
            problems_object=SHA[2],
            rows_read=3,
            rows_rejected=1,
        ),
        ListReread(
            **STAMP,
            source="Morgue A",
            list_kind="morgue",
            object=SHA[0],
            file_name="m.csv",
            format="csv",
            mapping={"columns": {"full_name": "نام", "age": "سن"}, "calendar": "jalali"},
            records_object=SHA[3],
            problems_object=SHA[2],
            rows_read=3,
        ),
        kinds.LinkRun(
            **STAMP,
            backend="duckdb",
            threshold="0.9",
            started_at="2026-01-08T10:00:00+00:00",
            results={"persons": SHA[0], "assignments": SHA[1], "review": SHA[2]},
            model=SHA[3],
            trained=True,
            seed=7,
            comparisons=120,
            records=30,
            decisions_applied=2,
        ),
        kinds.LinkDecisions(
            **STAMP,
            decisions=({"source_a": "a", "record_a": "1", "decision": "match"},),
            file="review.csv",
        ),
        kinds.LinkLabels(**STAMP, labels=({"decision": "non_match", "weight": "2.5"},)),
        kinds.EvidenceAdded(
            **STAMP,
            items=({"object": SHA[0], "sensitive": False, "file_name": "p.jpg"},),
            custody={"records": ["morgue:1"], "persons": [3]},
        ),
        kinds.KeyAdded(
            **{**STAMP, "reckon_version": ""},
            key_id="k2",
            holder="Documenter B",
            sign_public="00",
            box_public="11",
            added_by="k1",
        ),
        kinds.BundleMerged(
            **STAMP, bundle="f" * 64, events=("line",), carried_objects=(SHA[0],), exporter="k2"
        ),
        kinds.RecordEntered(
            **STAMP,
            source="Family reports",
            list_kind="family",
            source_record_id="f-1",
            values={"full_name": "مریم", "date_start": "2026-01-08"},
        ),
        kinds.RecordEdited(**STAMP, target="morgue:1", field="age", value=23, base=("e" * 64,)),
        kinds.StateDigest(
            **STAMP, db="d" * 32, prev=None, digests={"records": {"rows": 0, "sha256": "0" * 64}}
        ),
        estimates.EstimateRun(
            **STAMP,
            method="lcmcr",
            result=SHA[0],
            observed=120,
            estimate="151.5",
            ci=("130.0", "190.25"),
            finding=True,
            by="province",
            seed=7,
            linkage_draws=20,
            options={"max_seconds": "30.0", "lists": ["A", "B"]},
            warnings=("the sampler reached its budget",),
            batch="2026-01-08T10:00:00+00:00",
        ),
        custody.RegistersEntered(**STAMP, entries=({"register": "facility", "code": "evin"},)),
        custody.CustodyRecorded(
            **STAMP, steps=({"step_id": "s1", "subject": "ngo:1", "charges": ["محاربه"]},)
        ),
        statements.StatementsAdded(
            **STAMP,
            statements=({"statement_id": "t1", "text": "اغتشاش", "copy": SHA[0]},),
            copies=({"object": SHA[0], "file_name": "speech.html"},),
            custody={"generation": "saved copy"},
        ),
    ]


def _event_types(base: type[CaseEvent]) -> Iterator[type[CaseEvent]]:
    """Every event type defined in reckon (kinds.py and the modules of later kinds)."""
    for cls in base.__subclasses__():
        if cls.__module__.startswith("reckon."):
            yield cls
        yield from _event_types(cls)


def test_every_event_type_is_registered_once_with_its_own_version() -> None:
    types = set(_event_types(CaseEvent))
    assert {r.payload for r in REGISTRY.values()} == types
    assert {type(e) for e in examples()} == types
    table_names = set(metadata.tables)
    for kind, registration in REGISTRY.items():
        assert registration.payload.kind == kind
        assert registration.version == registration.payload.version
        assert callable(registration.apply)
        assert set(registration.payload.tables) <= table_names


@pytest.mark.parametrize("event", examples(), ids=lambda e: e.kind)
def test_an_event_round_trips_through_the_logs_bytes(event: CaseEvent) -> None:
    data = json.loads(canonical(event.to_log()))  # what the log stores and gives back
    back = REGISTRY[event.kind].payload.from_log(data, Envelope(event.author, event.at))
    assert back == event
    # what it names is declared in the log itself, for verify and bundles below events
    assert sorted(data.get("objects", [])) == sorted(set(event.objects()))


def test_a_link_run_declares_all_its_objects() -> None:
    run = next(e for e in examples() if isinstance(e, kinds.LinkRun))
    assert set(run.objects()) == set(SHA)  # its tables and its model


V1 = {
    "import": {
        "source": "Morgue A",
        "kind": "morgue",
        "object": SHA[0],
        "file_name": "m.csv",
        "format": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "sheet": None,
        "mapping": {"columns": {}, "calendar": "jalali"},
    },
    "link.run": {
        "backend": "duckdb",
        "threshold": "0.9",
        "started_at": "2026-01-08T10:00:00+00:00",
        "model_path": "models/link.json",
        "model": SHA[3],
        "trained": True,
        "seed": 1,
        "comparisons": 10,
        "records": 3,
        "objects": {"persons": SHA[0], "assignments": SHA[1], "review": SHA[2]},
        "decisions_applied": 0,
    },
    "link.decisions": {"file": "r.csv", "decisions": [{"decision": "match"}]},
    "link.labels": {"file": "s.csv", "labels": [{"decision": "match", "weight": "1"}]},
    "evidence.added": {"items": [{"object": SHA[0]}], "custody": {}, "sealed": None},
    "key.added": {
        "key_id": "k2",
        "author": "B",
        "sign_public": "00",
        "box_public": "11",
        "added_by": None,
    },
    "bundle.imported": {
        "bundle": "f" * 64,
        "exporter": "k2",
        "head": None,
        "events": [],
        "objects": [SHA[0]],
    },
}


@pytest.mark.parametrize("kind", sorted(V1))
def test_version_1_payloads_of_older_logs_are_upcast(kind: str) -> None:
    event = REGISTRY[kind].payload.from_log(V1[kind], Envelope("k1", STAMP["at"]))
    assert (event.author, event.at, event.reckon_version) == ("k1", STAMP["at"], "")
    if kind == "link.run":
        assert set(event.objects()) == set(SHA)  # missed by verify and bundles before
    if kind in ("import", "evidence.added", "bundle.imported"):
        assert SHA[0] in event.objects()


def _logged(kind: str, payload: dict[str, object], seq: int = 5) -> Event:
    body = canonical(
        {"author": "k1", "kind": kind, "payload": payload, "prev": "0" * 64, "seq": seq,
         "time": STAMP["at"]}
    )  # fmt: skip
    return parse_line(b"0" * 128 + b" " + body, "test")


def test_an_unknown_kind_says_which_reckon_the_case_needs() -> None:
    logged = _logged("detainee.transferred", {"event_version": 1, "reckon_version": "0.4.0"})
    with pytest.raises(NeedsNewerReckon, match=r"this case needs reckon ≥ 0\.4\.0"):
        decode(logged)


def test_a_newer_version_of_a_known_kind_is_not_read_as_an_older_one() -> None:
    payload = {**V1["link.decisions"], "event_version": 9, "reckon_version": "2.0"}
    with pytest.raises(NeedsNewerReckon, match=r"version 9 of 'link.decisions'.*reckon ≥ 2.0"):
        decode(_logged("link.decisions", payload))


def test_an_unknown_kind_in_the_log_stops_opening_the_case(case_dir: Path) -> None:
    case = Case.create(case_dir)
    case.vault.append_event("detainee.transferred", {"event_version": 1, "reckon_version": "0.4"})
    # events 1 and 2 are the founding key and the founding state digest
    with pytest.raises(NeedsNewerReckon, match=r"event 3 is of kind 'detainee\.transferred'"):
        Case.open(case_dir)
    with pytest.raises(NeedsNewerReckon):  # still pending: never marked applied and skipped
        Case.open(case_dir)
