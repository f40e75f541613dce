"""Person ids that survive a re-link.

A re-link after a new list is imported, or after reviewers' decisions, must not
renumber everyone: reports, evidence links and people's own notes cite person
ids. Each new cluster takes the id of the previous person it shares the most
records with, largest overlaps first, so an unchanged person keeps its id; when
two persons merge the merged one keeps the id of the larger (the older on a tie),
when one splits the larger part keeps it, and every cluster left over gets a
new id above all earlier ones. The first run numbers persons 1, 2, ... in the
order of their first record.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEYS = ["source", "source_record_id"]


def stable_ids(keys: pd.DataFrame, labels: np.ndarray, previous: pd.DataFrame | None) -> np.ndarray:
    """A person id for each cluster label 0..k-1 (index = label).

    ``keys`` has ``source`` and ``source_record_id`` per record, aligned with
    ``labels``; ``previous`` has the same keys with the earlier run's
    ``person_id`` (missing or null where a record had none).
    """
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    ids = np.zeros(n_clusters, dtype=np.int64)
    old = _previous_ids(keys, previous)
    if old is None:
        return np.arange(1, n_clusters + 1, dtype=np.int64)
    known = old.notna().to_numpy()
    overlap = (
        pd.DataFrame({"cluster": labels[known], "old": old[known].astype("int64").to_numpy()})
        .value_counts()
        .rename("n")
        .reset_index()
        .sort_values(["n", "old", "cluster"], ascending=[False, True, True], kind="stable")
    )
    used: set[int] = set()
    for cluster, old_id in zip(overlap["cluster"].tolist(), overlap["old"].tolist(), strict=True):
        if ids[cluster] == 0 and old_id not in used:
            ids[cluster] = old_id
            used.add(old_id)
    fresh = np.flatnonzero(ids == 0)
    start = max(int(old.max()) if known.any() else 0, 0) + 1
    ids[fresh] = np.arange(start, start + len(fresh), dtype=np.int64)
    return ids


def _previous_ids(keys: pd.DataFrame, previous: pd.DataFrame | None) -> pd.Series | None:
    if previous is None or previous.empty or previous["person_id"].isna().all():
        return None
    earlier = previous.dropna(subset=["person_id"]).astype({"source_record_id": str})
    index = pd.MultiIndex.from_frame(earlier[KEYS].astype(str))
    person = pd.Series(earlier["person_id"].to_numpy(), index=index)
    wanted = pd.MultiIndex.from_frame(keys[KEYS].astype(str))
    return pd.Series(person.reindex(wanted).to_numpy(), dtype="Float64")
