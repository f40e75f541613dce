"""Which estimate the report shows, and whether its number can be quoted.

``choose_estimate`` is the one place that decides: the latest estimate the
user recorded in the case (``reckon estimate`` records an ``estimate.run``
event; ``reckon.events.estimates``), else the report's own run of the
recommended default, lcmcr with default settings and a fixed seed, exactly as
``reckon estimate --method lcmcr --linkage-draws 0`` would run it. The report
says which of the two it shows, and when the case changed after the recorded
run (lists imported, records linked again), that the number is out of date.

Not every warning stops a number being quoted. Doubts do: the model is not
identified (the lists cannot carry a number), the sampler did not converge,
or methods run together disagree beyond their intervals. Everything else the
method says (a budget used up while the checks still pass, strata merged,
sparse overlaps) is a note: the number is quoted, and the note said beside it
in plain words. The method's own words go to the appendix.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select

from reckon.errors import ReckonError
from reckon.store.schema import applied_events, estimates

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.estimate.results import EstimateResult, StratifiedResult

    Result = EstimateResult | StratifiedResult

log = logging.getLogger("reckon.report")

DEFAULT_METHOD = "lcmcr"
DEFAULT_SEED = 2026

Origin = Literal["recorded", "report", "none"]

# Kinds of event after which a recorded estimate no longer describes the case.
CHANGES_CASE = ("import", "link.run", "record.entered", "record.edited", "bundle.imported")

# What a message of the method is about, for plain words (first match wins).
_MESSAGE_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("time budget", "max_seconds", "cap of", "max_sweeps", "budget"), "budget"),
    (("fits, e.g.", "linkage draws"), "draws"),
    (("merged into", "too small", "left out", "strata carry warnings"), "strata"),
    (("not mixed", "r-hat", "ess", "little information"), "mixing"),
    (("latent classes", "truncation"), "classes"),
    (("identif", "not estimable", "singular", "saturated", "cannot carry"), "identified"),
    (("overlap", "sparse", "empty cell", "share nobody", "only "), "sparse"),
)


@dataclass(frozen=True)
class ChosenEstimate:
    """The estimate shown, where it came from, and whether its number may be quoted.

    ``doubts`` are the reasons the number is not quoted (``converged``,
    ``identified``, ``disagree``); ``notes`` the kinds of the method's other
    remarks, said beside a quoted number; ``changes`` what the case gained after
    a recorded run (event kind -> how many), which makes the number out of date.
    """

    origin: Origin
    method: str = ""
    seed: int | None = None
    result: Any = None  # EstimateResult | StratifiedResult (Any: reckon.estimate may be absent)
    note: str = ""  # why there is no estimate, when there is none
    doubts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the method's own words (appendix)
    recorded_at: dt.datetime | None = None
    by: str | None = None
    linkage_draws: int = 0
    options: dict[str, Any] = field(default_factory=dict)
    author: str = ""
    changes: dict[str, int] = field(default_factory=dict)
    agreement: str = ""  # when several methods were run together: do they agree?
    shown: Any = None  # what the appendix summarises (a pooled LinkageResult, or ``result``)

    @property
    def available(self) -> bool:
        return self.result is not None

    @property
    def stale(self) -> bool:
        return bool(self.changes)

    @property
    def quotable(self) -> bool:
        # a number that did not converge, is not identified, is contradicted by another
        # method or describes an older state of the case is never quoted
        return (
            self.result is not None
            and not self.doubts
            and not self.stale
            and bool(getattr(self.result, "finding", True))
        )

    @property
    def stratified(self) -> bool:
        return self.result is not None and hasattr(self.result, "strata")

    @property
    def summarised(self) -> Any:
        return self.shown if self.shown is not None else self.result


def plain_doubts(messages: list[str]) -> list[str]:
    """The kinds of the method's messages, once each, in the order first met."""
    kinds: list[str] = []
    for message in messages:
        low = message.lower()
        kind = next((k for needles, k in _MESSAGE_KINDS if any(n in low for n in needles)), "other")
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def blocking(result: Any, disagree: bool = False, messages: Sequence[str] = ()) -> list[str]:
    """Why a result's number must not be quoted: its flags, or its own words saying the
    total is not a finding (a pooled total may carry the verdict only in words)."""
    found = []
    said = any("not a finding" in m.lower() for m in messages)
    if not getattr(result, "identified", True):
        found.append("identified")
    elif getattr(result, "converged", None) is False or said:
        found.append("converged")
    if disagree:
        found.append("disagree")
    return found


def _all_warnings(result: Result) -> list[str]:
    reason = getattr(result, "reason", None)
    found = [str(reason)] if reason else []
    found += list(result.warnings)
    for name, stratum in getattr(result, "strata", {}).items():
        found += [f"{name}: {w}" for w in stratum.warnings]
    return list(dict.fromkeys(found))


def run_default(case: Case, seed: int = DEFAULT_SEED) -> ChosenEstimate:
    """The recommended default estimate of the case, as the CLI's ``estimate`` computes it."""
    try:
        from reckon.estimate.strata import estimate_histories
        from reckon.store.captures import read_capture_histories, source_names
    except ImportError:
        return ChosenEstimate("none", note="unavailable")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with case.engine.connect() as conn:
                histories = read_capture_histories(conn)
                names = source_names(conn)
            if len(names) < 2:
                return ChosenEstimate("none", note="one_list")
            result = estimate_histories(histories, DEFAULT_METHOD, lists=names, seed=seed)
        except ReckonError as exc:
            return ChosenEstimate("none", note=f"refused:{exc}")
        except ImportError:  # a part of reckon.estimate missing from this installation
            return ChosenEstimate("none", note="unavailable")
        except Exception as exc:  # a failed estimate must not cost the whole report
            log.warning("report: the default estimate failed: %s", type(exc).__name__)
            return ChosenEstimate("none", note=f"failed:{type(exc).__name__}")
    messages = list(dict.fromkeys([*_all_warnings(result), *(str(w.message) for w in caught)]))
    return ChosenEstimate(
        "report",
        DEFAULT_METHOD,
        seed,
        result,
        doubts=blocking(result, messages=messages),
        notes=plain_doubts(messages),
        warnings=messages,
    )


# --- the estimate recorded in the case ------------------------------------------------------


def _float(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _one(d: dict[str, Any], method: str = "") -> EstimateResult:
    """An ``EstimateResult`` back from its ``to_dict()`` (draws are not kept)."""
    from reckon.estimate.results import EstimateResult

    estimate = d.get("estimate")
    ci = list(d.get("ci") or [None, None])
    return EstimateResult(
        method=str(d.get("method") or method),
        observed=int(d["observed"]),
        estimate=_float(estimate),
        ci=(_float(ci[0]), _float(ci[1])),
        model=str(d.get("model") or ""),
        lists=tuple(d.get("lists") or ()),
        std_err=d.get("std_err"),
        diagnostics=dict(d.get("diagnostics") or {}),
        warnings=[str(w) for w in d.get("warnings") or ()],
        assumptions=str(d.get("assumptions") or ""),
        identified=bool(d.get("identified", estimate is not None)),
        converged=d.get("converged"),
        reason=str(d.get("reason") or ""),
        notes=[str(n) for n in d.get("notes") or ()],
    )


def result_from_dict(d: dict[str, Any]) -> tuple[Result, Any]:
    """A recorded result, and what its appendix summarises (the pooled result over
    linkage draws when there were draws, else the result itself)."""
    from reckon.estimate.results import StratifiedResult

    total = _one(d)
    result: Result = total
    if d.get("strata"):
        strata = {str(s["stratum"]): _one(s, total.method) for s in d["strata"]}
        result = StratifiedResult(by=str(d.get("by") or ""), strata=strata, total=total)
    part = d.get("linkage")
    if not isinstance(part, dict) or not part.get("draw_observed"):
        return result, result
    from reckon.estimate.linkage import LinkageResult

    shown = LinkageResult(
        result=result,
        single=_one(part.get("single_clustering") or {"observed": 0}, total.method),
        draws=int(part.get("draws") or 0),
        between_share=float(part.get("between_share") or 0.0),
        draw_estimates=[float(v) for v in part.get("draw_estimates") or () if v is not None],
        draw_observed=[int(v) for v in part["draw_observed"]],
        run=dict(part.get("run_per_draw") or {}),
        draw_warnings=[str(w) for w in part.get("draw_warnings") or ()],
        single_warnings=[str(w) for w in (part.get("single_clustering") or {}).get("warnings", [])],
    )
    return result, shown


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _changes_since(case: Case, at: dt.datetime) -> dict[str, int]:
    with case.engine.connect() as conn:
        rows = conn.execute(
            select(applied_events.c.kind, applied_events.c.applied_at).where(
                applied_events.c.kind.in_(CHANGES_CASE)
            )
        ).all()
    counts: dict[str, int] = {}
    for kind, when in rows:
        if _aware(when) > at:
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def _read_object(case: Case, row: Any) -> dict[str, Any]:
    """The whole result the run recorded; its headline columns if the object is missing."""
    path = case.vault.object_path(row.result_object)
    if path.is_file():
        data = json.loads(path.read_bytes())
        if isinstance(data, dict):
            return data
    log.warning("report: the recorded estimate's result object is missing")
    return {
        "method": row.method,
        "observed": row.observed,
        "estimate": row.estimate,
        "ci": [row.ci_low, row.ci_high],
        "identified": row.estimate is not None,
        "converged": None if row.finding else False,
        "warnings": list(row.warnings or []),
    }


def _agreement(case: Case, rows: list[Any]) -> tuple[bool, str]:
    """Whether methods run together (one batch) disagree beyond their intervals."""
    if len(rows) < 2:
        return False, ""
    from reckon.estimate.agreement import compare_estimates
    from reckon.estimate.results import StratifiedResult

    totals: dict[str, EstimateResult] = {}
    for row in rows:
        result, _ = result_from_dict(_read_object(case, row))
        totals[str(row.method)] = result.total if isinstance(result, StratifiedResult) else result
    verdict = compare_estimates(totals)
    return verdict.disagree, verdict.statement


def recorded_estimate(case: Case) -> ChosenEstimate | None:
    """The latest estimate recorded in the case, or None when none was recorded.

    When one command ran several methods, the recommended one is shown among them
    (else the last), and whether they agree decides whether its number is quoted.
    """
    try:
        import reckon.estimate.results  # noqa: F401  (rebuilding a result needs it)
    except ImportError:
        return None
    with case.engine.connect() as conn:
        latest = conn.execute(
            select(estimates).order_by(estimates.c.run_at.desc(), estimates.c.id.desc()).limit(1)
        ).first()
        if latest is None:
            return None
        batch = [latest]
        if latest.batch:
            batch = list(
                conn.execute(
                    select(estimates)
                    .where(estimates.c.batch == latest.batch)
                    .order_by(estimates.c.id)
                ).all()
            )
    row = next((r for r in batch if r.method == DEFAULT_METHOD), latest)
    data = _read_object(case, row)
    result, shown = result_from_dict(data)
    disagree, statement = _agreement(case, batch)
    messages = list(dict.fromkeys([*_all_warnings(result), *(row.warnings or [])]))
    at = _aware(row.run_at)
    return ChosenEstimate(
        "recorded",
        row.method,
        row.seed,
        result,
        doubts=blocking(result, disagree, messages),
        notes=plain_doubts(messages),
        warnings=messages,
        recorded_at=at,
        by=row.stratified_by,
        linkage_draws=int(row.linkage_draws or 0),
        options=dict(row.options or {}),
        author=row.author,
        changes=_changes_since(case, at),
        agreement=statement,
        shown=shown,
    )


def choose_estimate(case: Case, *, seed: int = DEFAULT_SEED) -> ChosenEstimate:
    """The estimate the report shows: the latest one recorded, else the default run."""
    return recorded_estimate(case) or run_default(case, seed)
