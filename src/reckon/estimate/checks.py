"""Honesty checks: can this table carry the estimate asked for?

Fatal problems raise ``EstimateError`` with what to do next; doubts come back
as plain-language notes that the estimator turns into ``SparseDataWarning`` and
keeps in ``EstimateResult.warnings``. Never an absurd number: a list that
shares nobody with any other makes the overlap-based estimators unbounded, so
it is an error, not a very large estimate.
"""

from __future__ import annotations

import itertools

from reckon.errors import EstimateError
from reckon.estimate.histories import CaptureTable

__all__ = ["MIN_OBSERVED", "check_table"]

MIN_OBSERVED = 20  # below this many people, every method is mostly prior or model


def check_table(
    table: CaptureTable, method: str, *, min_lists: int = 2, max_lists: int | None = None
) -> list[str]:
    """Raise ``EstimateError`` when ``method`` cannot run on ``table``; return doubts."""
    names = ", ".join(table.lists)
    if table.observed == 0:
        raise EstimateError(f"{method}: nobody is on any list ({names}); nothing to estimate")
    if table.k < min_lists:
        raise EstimateError(
            f"{method} needs at least {min_lists} lists; this table has {table.k} ({names})"
        )
    if max_lists is not None and table.k > max_lists:
        raise EstimateError(
            f"{method} handles at most {max_lists} lists; this table has {table.k} ({names}): "
            "merge or drop lists, or use another method"
        )
    notes: list[str] = []
    sizes = table.list_sizes
    empty = [name for name, size in zip(table.lists, sizes, strict=True) if size == 0]
    if empty:
        raise EstimateError(
            f"{method}: list(s) {', '.join(empty)} hold nobody in this table; drop them"
        )
    isolated = table.isolated_lists()
    if isolated:
        raise EstimateError(
            f"{method}: list(s) {', '.join(isolated)} share nobody with any other list, so "
            "the overlaps say nothing about how many people they missed and the estimate "
            "would be unbounded; check the linkage, or drop those lists and add the people "
            "only on them to the total by hand"
        )
    zero_pairs = [
        f"{table.lists[i]}-{table.lists[j]}"
        for i, j in itertools.combinations(range(table.k), 2)
        if table.overlap(i, j) == 0
    ]
    if zero_pairs:
        notes.append(
            f"some pairs of lists share nobody ({', '.join(zero_pairs)}): estimates that "
            "rely on those overlaps are fragile"
        )
    if table.observed < MIN_OBSERVED:
        notes.append(
            f"only {table.observed} people are observed: the estimate rests more on the "
            "model than on the data"
        )
    return notes
