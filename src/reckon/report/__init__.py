"""reckon.report: the self-contained HTML report of a case.

``write_report(case, path)`` writes one HTML file (inline CSS, inline SVG
charts, tables downloadable as CSV) with counts by list, kind, event,
province, day, age and sex, the lists' overlaps, corroboration, and the
estimate of the total with its assumptions in plain words. Parts that cannot
be computed yet (no linkage, no estimate) become a plain note.
"""

from __future__ import annotations

from reckon.report.build import ReportResult, build_report, write_report

__all__ = ["ReportResult", "build_report", "write_report"]
