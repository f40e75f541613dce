"""Do several estimates of the same total agree? Said in plain words, with the spread.

Methods rest on different assumptions; when their 95% intervals do not even
overlap, at least one set of assumptions is wrong for these lists, and
reporting any one number alone would hide that. ``compare_estimates`` takes
the results (of several methods, or of one method under different choices)
and returns an ``Agreement``: whether some pair of intervals is disjoint, the
spread of the estimates, and a statement a documenter can read as it is.
Results that carry no number (``identified`` False) are named with their
reason and left out of the spread; results that are not findings (a sampler
that did not converge) are compared but marked.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reckon.errors import EstimateError
from reckon.estimate.results import EstimateResult

__all__ = ["Agreement", "compare_estimates"]


@dataclass(frozen=True)
class Agreement:
    """The verdict on several estimates of one total."""

    disagree: bool
    statement: str
    spread: tuple[float, float] | None  # lowest and highest estimate, None if fewer than one
    disjoint: tuple[tuple[str, str], ...]  # pairs whose 95% intervals do not overlap
    without_number: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "disagree": self.disagree,
            "statement": self.statement,
            "spread": list(self.spread) if self.spread else None,
            "disjoint": [list(p) for p in self.disjoint],
            "without_number": list(self.without_number),
        }


def _n(x: float) -> str:
    return f"{x:,.0f}"


def _label(name: str, r: EstimateResult) -> str:
    mark = " (not converged)" if r.converged is False else ""
    return f"{name}{mark} {_n(r.estimate)} ({_n(r.ci[0])}-{_n(r.ci[1])})"


def compare_estimates(
    results: Mapping[str, EstimateResult] | Sequence[EstimateResult],
) -> Agreement:
    """Whether the estimates agree within their 95% intervals, in plain words.

    ``results`` maps a label (a method, a threshold) to its result; a plain
    sequence is labelled by each result's method.
    """
    named = dict(results) if isinstance(results, Mapping) else {r.method: r for r in results}
    if len(named) < 2:
        raise EstimateError("compare_estimates needs at least two results")
    blind = {name: r for name, r in named.items() if not r.identified}
    usable = {name: r for name, r in named.items() if r.identified}
    parts: list[str] = []
    if blind:
        parts.append(
            "; ".join(f"{name} gives no number ({r.reason})" for name, r in blind.items()) + "."
        )
    if not usable:
        return Agreement(False, " ".join(parts), None, (), tuple(blind))
    lo = min(r.estimate for r in usable.values())
    hi = max(r.estimate for r in usable.values())
    disjoint = tuple(
        (a, b)
        for (a, ra), (b, rb) in itertools.combinations(usable.items(), 2)
        if ra.ci[1] < rb.ci[0] or rb.ci[1] < ra.ci[0]
    )
    shown = "; ".join(_label(name, r) for name, r in usable.items())
    if len(usable) == 1:
        parts.append(f"Only one estimate is left to compare: {shown}.")
    elif disjoint:
        pairs = ", ".join(f"{a} and {b}" for a, b in disjoint)
        ratio = f" (the highest is {100 * (hi / lo - 1):.0f}% above the lowest)" if lo > 0 else ""
        parts.append(
            f"The estimates disagree beyond their intervals: {shown}. The 95% intervals of "
            f"{pairs} do not overlap, so at least one set of assumptions is wrong for these "
            f"lists. The estimates range from {_n(lo)} to {_n(hi)}{ratio}; which method is "
            "right matters more than any one interval shows, and no single number should be "
            "reported alone."
        )
    else:
        parts.append(
            f"The estimates agree within their intervals: {shown}; every pair of 95% intervals "
            f"overlaps (estimates from {_n(lo)} to {_n(hi)})."
        )
    return Agreement(bool(disjoint), " ".join(parts), (lo, hi), disjoint, tuple(blind))
