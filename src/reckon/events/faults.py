"""Named crash points, for tests to stop a write at an exact moment.

The write path calls ``reach(NAME)`` at each moment where a crash would leave
the case in a state the next open must repair. Nothing happens unless a test
has armed that point (``armed``); then ``SimulatedCrash`` is raised there. It
derives from ``BaseException`` so that no ``except Exception`` on the way
catches it, as nothing catches a power cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# the event is in the log, durably; the database transaction is not committed
AFTER_APPEND = "after-append"
# the command stored the event's objects in the vault; the event is not logged
BEFORE_EVENT = "before-event"
# a bundle's merge stored some of its objects and not the rest
MID_BUNDLE = "mid-bundle"

POINTS = (AFTER_APPEND, BEFORE_EVENT, MID_BUNDLE)

_armed: set[str] = set()


class SimulatedCrash(BaseException):
    """Raised at an armed crash point."""


def reach(point: str) -> None:
    if point in _armed:
        raise SimulatedCrash(point)


@contextmanager
def armed(point: str) -> Iterator[None]:
    if point not in POINTS:
        raise ValueError(f"no crash point {point!r}; the points are {', '.join(POINTS)}")
    _armed.add(point)
    try:
        yield
    finally:
        _armed.discard(point)
