"""Reading a link run's tables back from the vault.

The ``link.run`` event and its applier live in ``reckon.events`` (the event
names the Parquet objects; ``link_runs.settings["objects"]`` keeps their names
for review, evaluation and pooling to find).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from reckon.case import Case


def read_object(case: Case, sha256: str) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(case.vault.object_path(sha256).read_bytes()))
