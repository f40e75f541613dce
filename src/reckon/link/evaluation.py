"""How well linkage agrees with the truth: pairwise and B-cubed measures.

Pairwise precision, recall and F1 count pairs of records put together (by the
linkage, by the truth, by both). B-cubed (Bagga and Baldwin 1998) averages, over
records, the share of a record's predicted cluster that is truly its own
(precision) and the share of its true cluster that was found (recall); it
weighs every record equally, so a few giant wrong clusters cannot hide.

Both are given overall and by script: pairs within Persian script, within Latin
script, and across scripts. For B-cubed by script each record counts only itself
and partners of the category (its own script, or the other script for
``across``), so the three figures read like the pairwise ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from reckon.errors import LinkError

KEYS = ["source", "source_record_id"]
CATEGORIES = ("all", "persian", "latin", "across")


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, both: float, predicted: float, true: float) -> Scores:
        p = both / predicted if predicted else 1.0
        r = both / true if true else 1.0
        return cls.of_rates(p, r)

    @classmethod
    def of_rates(cls, p: float, r: float) -> Scores:
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 6), round(r, 6), round(f, 6))


@dataclass(frozen=True)
class LinkEvaluation:
    records: int
    true_persons: int
    predicted_persons: int
    pairwise: dict[str, Scores]
    bcubed: dict[str, Scores]
    pairs: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "true_persons": self.true_persons,
            "predicted_persons": self.predicted_persons,
            "pairwise": {k: asdict(v) for k, v in self.pairwise.items()},
            "bcubed": {k: asdict(v) for k, v in self.bcubed.items()},
            "pairs": self.pairs,
        }

    def as_text(self) -> str:
        lines = [
            f"records {self.records}, persons: true {self.true_persons}, "
            f"linked {self.predicted_persons}",
            f"{'':10}{'pairwise P':>11}{'R':>8}{'F1':>8}   {'B-cubed P':>10}{'R':>8}{'F1':>8}"
            f"{'true pairs':>12}",
        ]
        for cat in CATEGORIES:
            pw, bc = self.pairwise[cat], self.bcubed[cat]
            lines.append(
                f"{cat:10}{pw.precision:11.4f}{pw.recall:8.4f}{pw.f1:8.4f}   "
                f"{bc.precision:10.4f}{bc.recall:8.4f}{bc.f1:8.4f}{self.pairs[cat]['true']:12d}"
            )
        return "\n".join(lines)


def script_class(script: pd.Series) -> pd.Series:
    """``persian`` (Persian or Arabic letters), ``latin``, or ``other``."""
    s = script.astype("string").str.lower().fillna("")
    persian = s.str.startswith(("fa", "ar", "per"))
    latin = s.str.startswith("lat") | (s == "en")
    return pd.Series(np.select([persian, latin], ["persian", "latin"], "other"), index=s.index)


def _pairs(n: np.ndarray) -> float:
    return float((n * (n - 1) // 2).sum())


def evaluate(linked: pd.DataFrame, truth: pd.DataFrame) -> LinkEvaluation:
    """``linked``: source, source_record_id, person_id, script; ``truth``: source,
    source_record_id, person_id. Records missing from either side are left out."""
    for name, frame in (("linked", linked), ("truth", truth)):
        missing = {*KEYS, "person_id"} - set(frame.columns)
        if missing:
            raise LinkError(f"{name} table lacks column(s) {', '.join(sorted(missing))}")
    left = linked[[*KEYS, "person_id", "script"]].astype({"source_record_id": str})
    right = truth[[*KEYS, "person_id"]].astype({"source_record_id": str})
    df = left.merge(right, on=KEYS, suffixes=("_pred", "_true"))
    df = df.dropna(subset=["person_id_pred", "person_id_true"])
    if df.empty:
        raise LinkError("no record is both linked and in the truth file: check the case and file")
    df["pred"] = pd.factorize(df["person_id_pred"])[0]
    df["true"] = pd.factorize(df["person_id_true"].astype(str))[0]
    df["cls"] = script_class(df["script"])
    pairwise: dict[str, Scores] = {}
    counts: dict[str, dict[str, int]] = {}
    tallies = {cat: _pair_tally(df, cat) for cat in ("all", "persian", "latin", "both")}
    for cat in ("all", "persian", "latin"):
        both, pred, true = tallies[cat]
        pairwise[cat] = Scores.of(both, pred, true)
        counts[cat] = {"both": int(both), "predicted": int(pred), "true": int(true)}
    across = [tallies["both"][i] - tallies["persian"][i] - tallies["latin"][i] for i in range(3)]
    pairwise["across"] = Scores.of(*across)
    counts["across"] = {"both": int(across[0]), "predicted": int(across[1]), "true": int(across[2])}
    bcubed = {
        "all": _bcubed(df),
        "persian": _bcubed(df[df["cls"] == "persian"]),
        "latin": _bcubed(df[df["cls"] == "latin"]),
        "across": _bcubed_across(df),
    }
    return LinkEvaluation(
        records=len(df),
        true_persons=int(df["true"].nunique()),
        predicted_persons=int(df["pred"].nunique()),
        pairwise=pairwise,
        bcubed=bcubed,
        pairs=counts,
    )


def _pair_tally(df: pd.DataFrame, cat: str) -> tuple[float, float, float]:
    if cat in ("persian", "latin"):
        df = df[df["cls"] == cat]
    elif cat == "both":
        df = df[df["cls"].isin(["persian", "latin"])]
    both = _pairs(df.groupby(["pred", "true"]).size().to_numpy())
    pred = _pairs(df.groupby("pred").size().to_numpy())
    true = _pairs(df.groupby("true").size().to_numpy())
    return both, pred, true


def _bcubed(df: pd.DataFrame) -> Scores:
    if df.empty:
        return Scores(1.0, 1.0, 1.0)
    cell = df.groupby(["pred", "true"])["pred"].transform("size").to_numpy(float)
    pred = df.groupby("pred")["pred"].transform("size").to_numpy(float)
    true = df.groupby("true")["true"].transform("size").to_numpy(float)
    return Scores.of_rates(float((cell / pred).mean()), float((cell / true).mean()))


def _bcubed_across(df: pd.DataFrame) -> Scores:
    """Each record against itself and the records of the other script."""
    df = df[df["cls"].isin(["persian", "latin"])]
    if df.empty:
        return Scores(1.0, 1.0, 1.0)
    other = np.where(df["cls"] == "persian", "latin", "persian")
    by_cell = df.groupby(["pred", "true", "cls"]).size()
    by_pred = df.groupby(["pred", "cls"]).size()
    by_true = df.groupby(["true", "cls"]).size()
    cell_idx = pd.MultiIndex.from_arrays([df["pred"], df["true"], other])
    pred_idx = pd.MultiIndex.from_arrays([df["pred"], other])
    true_idx = pd.MultiIndex.from_arrays([df["true"], other])
    a = 1 + by_cell.reindex(cell_idx).fillna(0).to_numpy(float)
    p = 1 + by_pred.reindex(pred_idx).fillna(0).to_numpy(float)
    t = 1 + by_true.reindex(true_idx).fillna(0).to_numpy(float)
    return Scores.of_rates(float((a / p).mean()), float((a / t).mean()))
