"""Bundles in a case: the carried events checked, recorded and applied as one event.

The vault reads, checks and stores a bundle (``vault.bundles``); here its
carried events are read as typed events before anything is logged, so a
bundle carrying a kind this reckon cannot apply, or naming an object it does
not carry, is refused whole. Then one ``bundle.imported`` event goes through
``Case.record``, whose applier applies the carried events in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reckon.errors import BundleError
from reckon.events import faults
from reckon.events.kinds import BundleMerged
from reckon.events.registry import NeedsNewerReckon, decode
from reckon.vault.bundles import (
    BundleInfo,
    ImportResult,
    export_bundle,
    import_bundle,
    payload_objects,
)
from reckon.vault.log import Event, EventRef
from reckon.vault.vault import Vault

if TYPE_CHECKING:
    from reckon.case import Case


def event_objects(event: Event) -> Iterator[str]:
    """The objects a logged event names, by its type (older shapes included).

    An event of a kind this reckon does not know (carried from a newer device) is
    passed on with the objects its payload lists: a bundle relays what it cannot apply.
    """
    try:
        yield from decode(event).objects()
    except NeedsNewerReckon:
        yield from payload_objects(event)
    if event.kind == BundleMerged.kind:
        from reckon.vault.bundles import inner_events

        for inner in inner_events(event):
            yield from event_objects(inner)


def export_case_bundle(vault: Vault, out: Path, *, since: str | None = None) -> BundleInfo:
    """A bundle carrying every object its events name (a link run's tables too)."""
    return export_bundle(vault, out, since=since, named=event_objects)


def import_into_case(case: Case, path: Path) -> ImportResult:
    """Import a bundle into a case: the carried events reach the database with the log."""

    case.stamp()  # the signing key is unlocked (or refused) before any object is stored

    def record(new: list[Event], payload: dict[str, Any]) -> EventRef:
        for carried in new:
            for sha in decode(carried).objects():  # an unknown kind stops here
                if not case.vault.has_object(sha):
                    raise BundleError(
                        f"{path}: carried event {carried.hash[:12]} names object {sha[:12]}, "
                        "which neither the bundle nor this case holds; nothing imported"
                    )
        event = BundleMerged(
            **case.stamp(),
            bundle=payload["bundle"],
            events=tuple(payload["events"]),
            carried_objects=tuple(payload["objects"]),
            exporter=payload.get("exporter"),
            head=payload.get("head"),
            heads=tuple(payload.get("heads", [])),
        )
        return case.record(event)

    return import_bundle(
        case.vault,
        path,
        record,
        lambda sha: faults.reach(faults.MID_BUNDLE),
        named=event_objects,
    )
