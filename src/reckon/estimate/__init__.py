"""reckon.estimate: how many victims no list has reached (multiple systems estimation).

Pure logic: every function takes a ``CaptureTable`` (or plain data) and returns
an ``EstimateResult``; nothing here knows about the case, the CLI or the database.
"""

from __future__ import annotations

from reckon.estimate.histories import CaptureTable
from reckon.estimate.results import EstimateResult, StratifiedResult

__all__ = ["CaptureTable", "EstimateResult", "StratifiedResult"]
