"""The report's estimate section: ``reckon.estimate`` when it can run, a plain note when not.

A report is written even when the estimate cannot be: the section then says
why in one sentence (no linkage yet, one list only, the method refused the
data), and the rest of the report stands.
"""

from __future__ import annotations

import html
import logging
import warnings
from dataclasses import dataclass, field

import pandas as pd

from reckon.errors import ReckonError

log = logging.getLogger("reckon.report")

PLAIN_ASSUMPTIONS = (
    "Multiple systems estimation compares the lists with each other: the more the "
    "lists overlap, the fewer victims are likely to be missing from all of them. It "
    "assumes that the records were linked correctly (each person counted once), that "
    "the population did not change while the lists were gathered, and that the model "
    "describes how the lists depend on each other and how some victims are easier to "
    "document than others. Victims that no list could ever reach are not counted."
)


@dataclass(frozen=True)
class EstimateSection:
    """What the report shows about the undocumented."""

    available: bool
    note: str = ""
    method: str = ""
    observed: int = 0
    estimate: float = 0.0
    ci: tuple[float, float] = (0.0, 0.0)
    summary_html: str = ""
    assumptions: str = ""
    warnings: list[str] = field(default_factory=list)


def estimate_section(histories: pd.DataFrame, method: str, seed: int) -> EstimateSection:
    """Estimate from the persons' capture histories (0/1 per list and ``count``)."""
    try:
        from reckon.estimate import CaptureTable, estimate_table
    except ImportError:
        return EstimateSection(False, "The estimate is not available in this installation yet.")
    if len(histories.columns) - 1 < 2:
        return EstimateSection(False, "An estimate needs at least two lists.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            table = CaptureTable.from_frame(histories)
            result = estimate_table(table, method, seed=seed)
        except ReckonError as exc:
            return EstimateSection(False, f"No estimate: {exc}")
        except Exception as exc:  # a failed estimate must not cost the whole report
            log.warning("report: the %s estimate failed: %s", method, type(exc).__name__)
            return EstimateSection(False, f"The {method} estimate failed ({type(exc).__name__}).")
    if not result.identified:
        return EstimateSection(False, f"No estimate: {result.reason}.")
    summary_html = result.summary().as_html()
    # the summary already shows the model's assumptions and the method's own warnings
    messages = dict.fromkeys(str(w.message) for w in caught)
    shown = [m for m in messages if html.escape(m) not in summary_html]
    return EstimateSection(
        True,
        method=result.method,
        observed=result.observed,
        estimate=result.estimate,
        ci=result.ci,
        summary_html=summary_html,
        assumptions=result.assumptions,
        warnings=shown,
    )
