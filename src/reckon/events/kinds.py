"""One frozen, versioned dataclass per kind of change to a case.

Each carries everything its applier needs. The kinds written before events
were typed (``import``, ``link.run``, ``link.decisions``, ``link.labels``,
``evidence.added``, ``key.added``, ``bundle.imported``) keep their names, and
their version-1 dicts are read by ``upcast_v1``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from reckon.events.base import OBJECTS_KEY, CaseEvent, Envelope, envelope_stamp

# Every table an event may write: a bundle's carried events can write any of them.
CASE_TABLES = (
    "sources",
    "imports",
    "records",
    "problems",
    "persons",
    "link_runs",
    "link_decisions",
    "link_labels",
    "evidence",
    "evidence_links",
    "timeline",
    "estimates",
    "custody_registers",
    "custody_steps",
    "statements",
)


@dataclass(frozen=True, kw_only=True)
class ListImported(CaseEvent):
    """A list read into records. ``records_object`` and ``problems_object`` are the
    normalized records and the problems as Parquet in the vault, so a replay years on
    gives the same rows without today's normalizers; a version-1 event lacks them
    and is replayed by reading the raw file again."""

    kind: ClassVar[str] = "import"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("sources", "imports", "records", "problems")

    source: str
    list_kind: str
    object: str  # the raw file, byte-exact
    file_name: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    mapping: dict[str, Any] = field(default_factory=dict)
    records_object: str | None = None
    problems_object: str | None = None
    rows_read: int | None = None
    rows_rejected: int = 0  # rows that could not form a record (repeated ids not counted)

    def objects(self) -> tuple[str, ...]:
        return tuple(o for o in (self.object, self.records_object, self.problems_object) if o)

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(
            **envelope_stamp(envelope),
            source=data["source"],
            list_kind=data["kind"],
            object=data["object"],
            file_name=data["file_name"],
            format=data["format"],
            encoding=data.get("encoding"),
            delimiter=data.get("delimiter"),
            sheet=data.get("sheet"),
            mapping=dict(data["mapping"]),
        )


@dataclass(frozen=True, kw_only=True)
class LinkRun(CaseEvent):
    """A link run's result: persons, assignments, review band and pairs as Parquet
    objects (``results``), and the model used (``model``)."""

    kind: ClassVar[str] = "link.run"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = (
        "link_runs",
        "persons",
        "records",
        "evidence_links",
        "timeline",
    )

    backend: str
    threshold: str  # text: the log takes no floats
    started_at: str
    results: dict[str, str]  # table name -> object
    model: str | None = None
    model_path: str | None = None
    trained: bool = False
    seed: int | None = None
    comparisons: int | None = None
    records: int = 0
    decisions_applied: int = 0

    def objects(self) -> tuple[str, ...]:
        return (*self.results.values(), *((self.model,) if self.model else ()))

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(
            **envelope_stamp(envelope),
            backend=data["backend"],
            threshold=str(data["threshold"]),
            started_at=data["started_at"],
            results=dict(data[OBJECTS_KEY]),
            model=data.get("model"),
            model_path=data.get("model_path"),
            trained=bool(data.get("trained", False)),
            seed=data.get("seed"),
            comparisons=data.get("comparisons"),
            records=int(data.get("records", 0)),
            decisions_applied=int(data.get("decisions_applied", 0)),
        )


@dataclass(frozen=True, kw_only=True)
class LinkDecisions(CaseEvent):
    """Reviewers' decisions on pairs (source_a, record_a, source_b, record_b, decision,
    reviewer, decided_at, reason, match_probability as text); they steer the next run."""

    kind: ClassVar[str] = "link.decisions"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("link_decisions",)

    decisions: tuple[dict[str, Any], ...]
    file: str | None = None

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(
            **envelope_stamp(envelope),
            decisions=tuple(data["decisions"]),
            file=data.get("file"),
        )


@dataclass(frozen=True, kw_only=True)
class LinkLabels(CaseEvent):
    """Clerical labels on an evaluation sample (a decision plus weight and stratum);
    they only ever measure the linkage."""

    kind: ClassVar[str] = "link.labels"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("link_labels",)

    labels: tuple[dict[str, Any], ...]
    file: str | None = None

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(**envelope_stamp(envelope), labels=tuple(data["labels"]), file=data.get("file"))


@dataclass(frozen=True, kw_only=True)
class EvidenceAdded(CaseEvent):
    """Evidence files stored in the vault, their public custody (naming the records
    ``source:id`` and persons they support) and the sealed part of it."""

    kind: ClassVar[str] = "evidence.added"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("evidence", "evidence_links")

    items: tuple[dict[str, Any], ...]
    custody: dict[str, Any] = field(default_factory=dict)
    sealed: str | None = None

    def objects(self) -> tuple[str, ...]:
        return tuple(str(item["object"]) for item in self.items)

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(
            **envelope_stamp(envelope),
            items=tuple(data["items"]),
            custody=dict(data.get("custody") or {}),
            sealed=data.get("sealed"),
        )


@dataclass(frozen=True, kw_only=True)
class KeyAdded(CaseEvent):
    """A public key announced in the log. The vault writes these itself (it lies below
    events), so the log keeps the vault's own dict: this type only reads it."""

    kind: ClassVar[str] = "key.added"
    version: ClassVar[int] = 1
    tables: ClassVar[tuple[str, ...]] = ()

    key_id: str
    holder: str  # the person the key belongs to
    sign_public: str
    box_public: str
    added_by: str | None = None

    def to_log(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "author": self.holder,
            "sign_public": self.sign_public,
            "box_public": self.box_public,
            "added_by": self.added_by,
        }

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(
            **envelope_stamp(envelope),
            key_id=data["key_id"],
            holder=data["author"],
            sign_public=data["sign_public"],
            box_public=data["box_public"],
            added_by=data.get("added_by"),
        )


@dataclass(frozen=True, kw_only=True)
class BundleMerged(CaseEvent):
    """A bundle from another device: the carried event lines it brought (signed by
    their own authors) and the objects they name."""

    kind: ClassVar[str] = "bundle.imported"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = CASE_TABLES

    bundle: str
    events: tuple[str, ...]
    carried_objects: tuple[str, ...] = ()
    exporter: str | None = None
    head: str | None = None
    # the tree heads that vouch for the carried version-2 events (vault.heads.Attestation)
    heads: tuple[dict[str, Any], ...] = ()

    def objects(self) -> tuple[str, ...]:
        return self.carried_objects

    def to_log(self) -> dict[str, Any]:
        data = super().to_log()
        del data["carried_objects"]  # the log lists them under "objects", as version 1 did
        return data

    @classmethod
    def _from_fields(cls, data: Mapping[str, Any]) -> Self:
        return super()._from_fields({**data, "carried_objects": data.get(OBJECTS_KEY, [])})

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        return cls(
            **envelope_stamp(envelope),
            bundle=data["bundle"],
            events=tuple(data["events"]),
            carried_objects=tuple(data.get(OBJECTS_KEY, [])),
            exporter=data.get("exporter"),
            head=data.get("head"),
        )


@dataclass(frozen=True, kw_only=True)
class RecordEntered(CaseEvent):
    """One record entered by hand (a form, not a list): its source, its id in that
    source and its fields as JSON (dates as ISO text)."""

    kind: ClassVar[str] = "record.entered"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("sources", "records")

    source: str
    list_kind: str
    source_record_id: str
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RecordEdited(CaseEvent):
    """One field of one record (``target`` is ``source:record_id``) set to ``value``;
    ``base`` names the edits of that field it replaces, so two edits that do not
    know each other are both kept and shown as a conflict (``field_conflicts``)."""

    kind: ClassVar[str] = "record.edited"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("records",)

    target: str
    field: str
    value: Any
    base: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class StateDigest(CaseEvent):
    """The digest of one database's tables after the events before it (``events.state``
    writes and checks these; applying one changes nothing)."""

    kind: ClassVar[str] = "state.digest"
    version: ClassVar[int] = 1
    tables: ClassVar[tuple[str, ...]] = ()

    db: str
    prev: int | None
    digests: dict[str, Any]  # table -> {"rows", "sha256"}: the payload's "tables"

    def to_log(self) -> dict[str, Any]:
        return {
            "db": self.db,
            "prev": self.prev,
            "tables": self.digests,
            "at": self.at,
            "reckon_version": self.reckon_version,
        }

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        # the digest's payload names its own time (that of the change it follows)
        stamp = envelope_stamp(envelope)
        stamp["at"] = str(data.get("at") or stamp["at"])
        stamp["reckon_version"] = str(data.get("reckon_version", ""))
        return cls(
            **stamp,
            db=str(data["db"]),
            prev=data.get("prev"),
            digests=dict(data["tables"]),
        )
