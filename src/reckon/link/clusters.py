"""Clusters of records at a threshold, with reviewers' decisions as constraints.

Pairs scored at or above the threshold join records into one person (connected
components); a reviewer's *match* joins a pair whatever its score; a reviewer's
*non-match* is a cannot-link: a component that would hold both records is split
by re-joining its pairs from the strongest down, refusing any join that would put
a cannot-link pair together. So a decision that splits a cluster splits it, in
this run and every later one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def cluster(
    ids: np.ndarray,
    edges: pd.DataFrame,
    threshold: float,
    *,
    must_link: pd.DataFrame | None = None,
    cannot_link: pd.DataFrame | None = None,
) -> np.ndarray:
    """A cluster number for each of ``ids`` (0..k-1, numbered by first appearance).

    ``edges`` has ``unique_id_l``, ``unique_id_r``, ``match_probability``; the two
    decision frames have ``unique_id_l`` and ``unique_id_r``.
    """
    ids = np.asarray(ids, dtype=np.int64)
    order = np.argsort(ids)
    sorted_ids = ids[order]
    strong = edges[edges["match_probability"] >= threshold]
    left = strong["unique_id_l"].to_numpy(np.int64)
    right = strong["unique_id_r"].to_numpy(np.int64)
    weight = strong["match_probability"].to_numpy(np.float64)
    if must_link is not None and len(must_link):
        left = np.concatenate([left, must_link["unique_id_l"].to_numpy(np.int64)])
        right = np.concatenate([right, must_link["unique_id_r"].to_numpy(np.int64)])
        weight = np.concatenate([weight, np.full(len(must_link), 2.0)])
    li, ri = _index(sorted_ids, left), _index(sorted_ids, right)
    keep = (li >= 0) & (ri >= 0)
    li, ri, weight = li[keep], ri[keep], weight[keep]
    forbidden = _forbidden_pairs(sorted_ids, cannot_link)
    if forbidden:
        blocked = np.array(
            [(a, b) in forbidden or (b, a) in forbidden for a, b in zip(li, ri, strict=True)]
        )
        if blocked.size:
            li, ri, weight = li[~blocked], ri[~blocked], weight[~blocked]
    n = len(sorted_ids)
    graph = coo_matrix((np.ones(len(li)), (li, ri)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    if forbidden:
        labels = _split_forbidden(labels, li, ri, weight, forbidden)
    by_position = np.empty(n, dtype=np.int64)
    by_position[order] = labels
    _, first, inverse = np.unique(by_position, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return np.asarray(rank[inverse], dtype=np.int64)


def _index(sorted_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    pos = np.searchsorted(sorted_ids, values)
    pos = np.clip(pos, 0, max(len(sorted_ids) - 1, 0))
    found = sorted_ids[pos] == values if len(sorted_ids) else np.zeros(len(values), bool)
    return np.where(found, pos, -1)


def _forbidden_pairs(
    sorted_ids: np.ndarray, cannot_link: pd.DataFrame | None
) -> set[tuple[int, int]]:
    if cannot_link is None or cannot_link.empty:
        return set()
    a = _index(sorted_ids, cannot_link["unique_id_l"].to_numpy(np.int64))
    b = _index(sorted_ids, cannot_link["unique_id_r"].to_numpy(np.int64))
    return {(int(x), int(y)) for x, y in zip(a, b, strict=True) if x >= 0 and y >= 0 and x != y}


def _split_forbidden(
    labels: np.ndarray,
    li: np.ndarray,
    ri: np.ndarray,
    weight: np.ndarray,
    forbidden: set[tuple[int, int]],
) -> np.ndarray:
    """Re-join the components holding a cannot-link pair, strongest pairs first."""
    bad = {int(labels[a]) for a, b in forbidden if labels[a] == labels[b]}
    if not bad:
        return labels
    labels = labels.copy()
    in_bad = np.isin(labels[li], list(bad))
    parent: dict[int, int] = {}
    banned: dict[int, set[int]] = {}
    for a, b in forbidden:
        if int(labels[a]) in bad:
            banned.setdefault(a, set()).add(b)
            banned.setdefault(b, set()).add(a)

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[int, set[int]] = {}
    sub_l, sub_r, sub_w = li[in_bad], ri[in_bad], weight[in_bad]
    for k in np.argsort(-sub_w, kind="stable"):
        a, b = root(int(sub_l[k])), root(int(sub_r[k]))
        if a == b:
            continue
        group_a = members.setdefault(a, {a})
        group_b = members.setdefault(b, {b})
        if any(banned.get(x, set()) & group_b for x in group_a):
            continue
        parent[b] = a
        group_a |= group_b
        del members[b]
    next_label = int(labels.max()) + 1
    for node in np.flatnonzero(np.isin(labels, list(bad))):
        labels[node] = next_label + root(int(node))
    return labels
