"""reckon.link: linking the records of the same person, across and within sources.

Splink does the scoring (``scoring``, the only module that builds a Linker); the
rest is ours: the linkage frame (``features``), comparisons and blocking for
Persian data, clusters that obey reviewers' decisions, person summaries and
corroboration, review files, evaluation and exports. Importing this package does
not import Splink.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reckon.link.evaluation import LinkEvaluation
    from reckon.link.review import ReviewImport
    from reckon.link.run import LinkResult, link_case

__all__ = ["LinkEvaluation", "LinkResult", "ReviewImport", "link_case"]


def __getattr__(name: str) -> Any:
    if name in ("LinkResult", "link_case"):
        from reckon.link import run

        return getattr(run, name)
    if name == "LinkEvaluation":
        from reckon.link.evaluation import LinkEvaluation

        return LinkEvaluation
    if name == "ReviewImport":
        from reckon.link.review import ReviewImport

        return ReviewImport
    raise AttributeError(f"module 'reckon.link' has no attribute {name!r}")
