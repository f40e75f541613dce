"""Which estimate the report shows, and whether its number can be quoted.

``choose_estimate`` is the one place that decides: an estimate the user recorded
in the case when one is given (no event records one yet; the caller passes it
when it exists), else the report's own run of the recommended default, lcmcr
with default settings and a fixed seed, exactly as ``reckon estimate --method
lcmcr`` would run it. The report says which of the two it shows.

A result that carries warnings (the sampler has not settled, the model is not
identified, the lists barely overlap) is not quoted on the first page: the
reader gets the documented count and the reasons in words, and the number with
its diagnostics goes to the appendix for statisticians.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from reckon.errors import ReckonError

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.estimate.results import EstimateResult, StratifiedResult

    Result = EstimateResult | StratifiedResult

log = logging.getLogger("reckon.report")

DEFAULT_METHOD = "lcmcr"
DEFAULT_SEED = 2026

Origin = Literal["recorded", "report", "none"]

# the method's own warnings, each mapped to what it means for a reader (first match wins)
_PLAIN_DOUBTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("not mixed", "r-hat", "disagree"), "mixing"),
    (("ess", "little information"), "short"),
    (("latent classes", "truncation"), "classes"),
    (("identif", "not estimable", "singular"), "identified"),
    (("overlap", "sparse", "empty cell", "zero"), "sparse"),
)


@dataclass(frozen=True)
class ChosenEstimate:
    """The estimate shown, where it came from, and whether its number may be quoted."""

    origin: Origin
    method: str = ""
    seed: int | None = None
    result: Any = None  # EstimateResult | StratifiedResult (Any: reckon.estimate may be absent)
    note: str = ""  # why there is no estimate, when there is none
    doubts: list[str] = field(default_factory=list)  # keys of _PLAIN_DOUBTS, or "other"
    warnings: list[str] = field(default_factory=list)  # the method's own words (appendix)
    recorded_at: str = ""

    @property
    def available(self) -> bool:
        return self.result is not None

    @property
    def quotable(self) -> bool:
        # a number that did not converge or is not identified is never quoted
        return (
            self.result is not None
            and not self.warnings
            and bool(getattr(self.result, "finding", True))
        )

    @property
    def stratified(self) -> bool:
        return self.result is not None and hasattr(self.result, "strata")


def plain_doubts(messages: list[str]) -> list[str]:
    """The kinds of doubt in the method's warnings, once each, in the order first met."""
    kinds: list[str] = []
    for message in messages:
        low = message.lower()
        kind = next((k for needles, k in _PLAIN_DOUBTS if any(n in low for n in needles)), "other")
        if kind not in kinds:
            kinds.append(kind)
    return kinds


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
        doubts=plain_doubts(messages),
        warnings=messages,
    )


def choose_estimate(
    case: Case,
    *,
    recorded: Result | None = None,
    recorded_at: str = "",
    seed: int = DEFAULT_SEED,
) -> ChosenEstimate:
    """The estimate the report shows: the one the user recorded, else the default run."""
    if recorded is not None:
        messages = _all_warnings(recorded)
        return ChosenEstimate(
            "recorded",
            recorded.method,
            None,
            recorded,
            doubts=plain_doubts(messages),
            warnings=messages,
            recorded_at=recorded_at,
        )
    return run_default(case, seed)
