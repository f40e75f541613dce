"""An estimate the user ran, recorded in the case (``estimate.run``).

The report shows the estimate the user ran, not one of its own: so the run is
an event like any other change. The event carries what it took to reproduce
it (method, strata, options, seed, linkage draws) and what it found in a few
fields the log can hold (text for numbers: the log takes no floats); the whole
result, diagnostics and per-stratum figures included, is a JSON object in the
vault (``result``), so a reader years on sees exactly what was shown then.

``estimate_event`` builds the event from a result's ``to_dict()``; the command
(``record_estimate`` here, called by ``reckon estimate``) stores the object,
stamps and records it. The applier only copies the event into ``estimates``.
"""

from __future__ import annotations

import json
import math
import secrets
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Connection

from reckon.events.base import CaseEvent, Outcome, Stamp, parse_time
from reckon.store.schema import estimates
from reckon.vault.objects import ObjectStore

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.events.write import Recorded


@dataclass(frozen=True, kw_only=True)
class EstimateRun(CaseEvent):
    """One estimate run: its settings, its headline figures, and the whole result
    (``result``: the JSON of ``to_dict()``, diagnostics and strata included)."""

    kind: ClassVar[str] = "estimate.run"
    # 2 like every typed kind (1 is the plain-dict shape of older logs, which this
    # kind never had)
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("estimates",)

    method: str
    result: str  # vault object: the result as JSON
    observed: int
    estimate: str | None  # text (the log takes no floats); None when no number
    ci: tuple[str, ...] = ()  # the 95% interval as text, or empty
    finding: bool = False  # the method's own verdict: identified, and converged if sampled
    by: str | None = None
    seed: int | None = None
    linkage_draws: int = 0
    options: dict[str, Any] = field(default_factory=dict)  # floats as text
    warnings: tuple[str, ...] = ()
    batch: str = ""  # methods run by one command share it (its start time)

    def objects(self) -> tuple[str, ...]:
        return (self.result,)


def _text(value: Any) -> Any:
    """A value the log can hold: floats as their shortest round-trip text."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Mapping):
        return {str(k): _text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value]
    return value


def _number(value: Any) -> str | None:
    if value is None:
        return None
    number = float(value)
    return repr(number) if math.isfinite(number) else None


def estimate_event(
    stamp: Stamp,
    summary: Mapping[str, Any],
    result_object: str,
    *,
    by: str | None,
    seed: int | None,
    linkage_draws: int,
    options: Mapping[str, Any],
    batch: str = "",
) -> EstimateRun:
    """The event of one run, from its result's ``to_dict()`` (``summary``)."""
    estimate = _number(summary.get("estimate"))
    ci = [_number(v) for v in summary.get("ci") or ()]
    return EstimateRun(
        **stamp,
        method=str(summary["method"]),
        result=result_object,
        observed=int(summary["observed"]),
        estimate=estimate,
        ci=tuple(v for v in ci if v is not None) if estimate is not None else (),
        finding=bool(summary.get("finding", False)) and estimate is not None,
        by=by,
        seed=seed,
        linkage_draws=int(linkage_draws),
        options=dict(_text(dict(options))),
        warnings=tuple(str(w) for w in summary.get("warnings") or ()),
        batch=batch,
    )


def record_estimate(
    case: Case,
    summary: Mapping[str, Any],
    *,
    by: str | None,
    seed: int | None,
    linkage_draws: int,
    options: Mapping[str, Any],
    batch: str = "",
) -> Recorded:
    """Keep a run's whole result in the vault and record the ``estimate.run`` event."""
    data = json.dumps(summary, ensure_ascii=False, sort_keys=True, allow_nan=False)
    sha = case.vault.put_bytes(data.encode("utf-8"))
    event = estimate_event(
        case.stamp(),
        summary,
        sha,
        by=by,
        seed=seed,
        linkage_draws=linkage_draws,
        options=options,
        batch=batch,
    )
    return case.record(event)


def fresh_seed() -> int:
    """A seed for a run the user gave none: recorded, so the run can be repeated."""
    return secrets.randbelow(2**31)


def run_recorded(
    case: Case,
    run: Callable[[], Any],
    *,
    by: str | None,
    seed: int | None,
    linkage_draws: int,
    options: Mapping[str, Any],
    batch: str = "",
) -> Any:
    """``run()`` (an estimate: anything with ``to_dict()``), then record it.

    The warnings the run raises are kept with its result (the report shows them)
    and raised again for the caller, which may print them.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run()
    summary = dict(result.to_dict())
    raised = [str(w.message) for w in caught]
    summary["warnings"] = list(dict.fromkeys([*(summary.get("warnings") or []), *raised]))
    record_estimate(
        case, summary, by=by, seed=seed, linkage_draws=linkage_draws, options=options, batch=batch
    )
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result


def apply_estimate(event: EstimateRun, conn: Connection, objects: ObjectStore) -> Outcome:
    ci = [float(v) for v in event.ci] if len(event.ci) == 2 else [None, None]
    done = conn.execute(
        estimates.insert().values(
            run_at=parse_time(event.at),
            author=event.author,
            method=event.method,
            stratified_by=event.by,
            seed=event.seed,
            linkage_draws=event.linkage_draws,
            options=event.options,
            observed=event.observed,
            estimate=float(event.estimate) if event.estimate is not None else None,
            ci_low=ci[0],
            ci_high=ci[1],
            finding=event.finding,
            warnings=list(event.warnings),
            result_object=event.result,
            batch=event.batch,
        )
    )
    key = done.inserted_primary_key
    return Outcome({"estimate_id": int(key[0]) if key else 0})
