"""``case.estimate``: one method or several on a case (or on a capture table).

Several methods run each with the options it takes; one that cannot run says
why instead of stopping the others, and a last statement says whether those
that ran agree within their intervals. The warnings the methods raise are kept
with the run (a notebook sees them, the CLI prints them).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reckon.errors import EstimateError, ReckonError
from reckon.estimate import METHODS, CaptureTable, method_parameters
from reckon.estimate import estimate_table as estimate_one_table
from reckon.facade import LINKAGE_DRAWS

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.estimate.agreement import Agreement


@dataclass
class EstimateRun:
    """The estimates of one or several methods, with what stopped the others.

    ``results`` maps each method that ran to its result (an ``EstimateResult``, a
    ``StratifiedResult`` with ``by=``, or a pooled ``LinkageResult`` with linkage
    draws); ``failed`` maps each that could not run to why; ``agreement`` compares
    them when there are several."""

    methods: list[str]
    results: dict[str, Any]
    failed: dict[str, str] = field(default_factory=dict)
    agreement: Agreement | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def result(self) -> Any:
        """The one result when one method was asked for."""
        return self.results[self.methods[0]]

    @property
    def several(self) -> bool:
        return len(self.methods) > 1

    def to_dict(self) -> dict[str, Any]:
        if not self.several:
            return dict(self.result.to_dict())
        first = next(iter(self.results.values()), None)
        return {
            "method": ",".join(self.methods),
            "observed": first.observed if first is not None else None,
            "results": [r.to_dict() for r in self.results.values()],
            "errors": dict(self.failed),
            "agreement": self.agreement.to_dict() if self.agreement else None,
        }


def methods_named(method: str | Sequence[str]) -> list[str]:
    """``"all"``, one name, names separated by commas, or a sequence of names."""
    if isinstance(method, str):
        if method.strip().lower() == "all":
            return list(METHODS)
        method = method.split(",")
    names = list(dict.fromkeys(m.strip() for m in method if m.strip()))
    if not names:
        raise EstimateError(f"method= names no method: choose {', '.join(METHODS)} or all")
    return names


def run_methods(
    method: str | Sequence[str], run: Callable[[str, dict[str, Any]], Any], options: dict[str, Any]
) -> EstimateRun:
    """Run ``run(method, its options)`` for each method named (see the module docstring).

    One method alone gets every option and its error is raised; with several, each
    gets only the options it takes."""
    methods = methods_named(method)
    several = len(methods) > 1
    results: dict[str, Any] = {}
    failed: dict[str, str] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in methods:
            try:
                taken = options
                if several:
                    accepted = method_parameters(name)
                    taken = {k: v for k, v in options.items() if k in accepted}
                results[name] = run(name, taken)
            except ReckonError as exc:
                if not several:
                    raise
                failed[name] = str(exc)
    found = EstimateRun(methods, results, failed, warnings=[str(w.message) for w in caught])
    if several:
        found.agreement = _agreement(results, failed)
    return found


def _agreement(results: dict[str, Any], failed: dict[str, str]) -> Agreement | None:
    from reckon.estimate.agreement import compare_estimates
    from reckon.estimate.results import EstimateResult, StratifiedResult

    plain = {m: getattr(r, "result", r) for m, r in results.items()}  # a pooled LinkageResult
    totals = {m: r.total if isinstance(r, StratifiedResult) else r for m, r in plain.items()}
    observed = next((r.observed for r in totals.values()), 0)
    for method, message in failed.items():
        totals[method] = EstimateResult.not_identified(method, observed, message)
    return compare_estimates(totals) if len(totals) > 1 else None


def estimate_table(
    table: CaptureTable, method: str | Sequence[str], *, seed: int | None = None, **options: Any
) -> EstimateRun:
    """The estimate of the total behind a capture-history table (no case needed)."""
    return run_methods(
        method, lambda m, taken: estimate_one_table(table, m, seed=seed, **taken), options
    )


def estimate_case(
    case: Case,
    method: str | Sequence[str],
    *,
    by: str | None = None,
    seed: int | None = None,
    linkage_draws: int = LINKAGE_DRAWS,
    record: bool = True,
    **options: Any,
) -> EstimateRun:
    """The estimate of the total from a linked case: documented plus undocumented.

    With ``linkage_draws`` (default 20) it is estimated on that many linkages drawn
    from the pair probabilities and pooled, so the interval carries the linkage's
    doubt; 0: on the last link run's clustering only. ``by`` stratifies (province,
    month, sex or age_group); other options go to the method (``lists=``, ``K=``,
    ``model=``, ...). ``record`` (default) keeps each method's run in the case as an
    ``estimate.run`` event, which the report shows; a run without a seed gets one,
    recorded, so that it can be repeated."""
    if linkage_draws < 0:
        raise EstimateError(f"linkage_draws={linkage_draws}: a number of draws, 0 or more")
    from reckon.events.estimates import fresh_seed, run_recorded

    if record and seed is None:
        seed = fresh_seed()
    batch = datetime.now(UTC).isoformat()
    if not linkage_draws:  # the one clustering's capture table, read once for every method
        from reckon.store.captures import read_capture_histories, source_names

        with case.engine.connect() as conn:
            histories = read_capture_histories(conn)
            names = source_names(conn)

    def fit(m: str, given: dict[str, Any]) -> Any:
        # on a case, ``lists`` names chapman's two lists of all the case's lists
        taken = {("chapman_lists" if k == "lists" else k): v for k, v in given.items()}
        if linkage_draws:
            from reckon.link.draws import estimate_case as over_draws

            return over_draws(case, m, draws=linkage_draws, by=by, seed=seed, **taken)
        from reckon.estimate.strata import estimate_histories

        return estimate_histories(histories, m, lists=names, by=by, seed=seed, **taken)

    def run(m: str, taken: dict[str, Any]) -> Any:
        if not record:
            return fit(m, taken)
        return run_recorded(
            case,
            lambda: fit(m, taken),
            by=by,
            seed=seed,
            linkage_draws=linkage_draws,
            options=taken,
            batch=batch,
        )

    return run_methods(method, run, options)
