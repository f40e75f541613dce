"""What every event of a case is: a frozen, versioned payload with its author and time.

An event type names its ``kind`` (the log's word for it), its ``version`` (the
shape it writes), the vault ``objects()`` it names and the database ``tables``
its applier writes. ``to_log`` gives the dict the vault signs; ``from_log``
reads it back, upcasting a version-1 payload (the plain dicts logs held before
events were typed: no author, time or reckon version of their own, which then
come from the log line's envelope).

Every version-2 log dict also lists the objects its event names under
``objects``, so the vault's verify and bundles, which sit below this package,
follow them without knowing the event types.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol, Self, TypedDict

from reckon.errors import CaseError

VERSION_KEY = "event_version"
OBJECTS_KEY = "objects"


class Envelope(Protocol):
    """What the log line around a payload says: who signed it, and when."""

    @property
    def author(self) -> str: ...

    @property
    def time(self) -> str: ...


class Stamp(TypedDict):
    """Who records an event, when, with which reckon: the first fields of every event."""

    author: str
    at: str
    reckon_version: str


def stamp(author: str, at: datetime | None = None) -> Stamp:
    from reckon import __version__

    when = (at or datetime.now(UTC)).astimezone(UTC)
    return {
        "author": author,
        "at": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "reckon_version": __version__,
    }


def parse_time(text: str) -> datetime:
    """An event's time (ISO 8601, UTC) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# Told how far a long applier has got (what, done, out of how many): for a person
# watching only, never part of what the event does.
Progress = Callable[[str, int, int], None]
_progress: ContextVar[Progress | None] = ContextVar("reckon_event_progress", default=None)


def progress() -> Progress | None:
    """The progress callback of the event being recorded, if its command gave one."""
    return _progress.get()


@contextmanager
def reporting(to: Progress | None) -> Iterator[None]:
    token = _progress.set(to)
    try:
        yield
    finally:
        _progress.reset(token)


class EventFormatError(CaseError):
    """A logged payload that does not have the shape its kind and version say."""


@dataclass(frozen=True)
class Outcome:
    """What applying an event did: counts for the command to report, and notes."""

    counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def count(self, name: str) -> int:
        return int(self.counts.get(name, 0))


@dataclass(frozen=True, kw_only=True)
class CaseEvent:
    """The base of every event type; see the module docstring."""

    kind: ClassVar[str]
    version: ClassVar[int]
    tables: ClassVar[tuple[str, ...]]

    author: str  # the signing key's id
    at: str  # UTC ISO 8601: appliers take their timestamps from here, never the clock
    reckon_version: str  # "" for a version-1 payload, which did not say

    def objects(self) -> tuple[str, ...]:
        """Vault objects this event names (verify, bundles and rebuild follow them)."""
        return ()

    @property
    def time(self) -> datetime:
        return parse_time(self.at)

    def to_log(self) -> dict[str, Any]:
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        data[VERSION_KEY] = self.version
        named = sorted(set(self.objects()))
        if named:
            data[OBJECTS_KEY] = named
        return data

    @classmethod
    def from_log(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        version = data.get(VERSION_KEY, 1)
        if not isinstance(version, int) or version < 1:
            raise EventFormatError(f"{cls.kind} event: version {version!r} is not a version")
        try:
            if version == 1:
                return cls.upcast_v1(data, envelope)
            return cls._from_fields(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise EventFormatError(
                f"{cls.kind} event (version {version}) is not readable: {exc!r}"
            ) from None

    @classmethod
    def upcast_v1(cls, data: Mapping[str, Any], envelope: Envelope) -> Self:
        """The event from its version-1 dict (the shape before typed events)."""
        raise EventFormatError(f"{cls.kind} has no version-1 shape")

    @classmethod
    def _from_fields(cls, data: Mapping[str, Any]) -> Self:
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            missing = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            value = data[f.name] if missing else data.get(f.name, _default(f))
            if str(f.type).startswith("tuple") and isinstance(value, list):
                value = tuple(value)
            values[f.name] = value
        return cls(**values)


def envelope_stamp(envelope: Envelope) -> Stamp:
    """The stamp of a version-1 payload: the log line's signer and time."""
    return {"author": envelope.author, "at": envelope.time, "reckon_version": ""}


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
