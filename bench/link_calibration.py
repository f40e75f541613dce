"""Is the link model calibrated? Among the pairs the last run scored, the share that
are true matches (from the generator's truth) in each band of predicted probability.

    python bench/link_calibration.py /tmp/linkbench-1m
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from reckon.case import Case
from reckon.link.events import read_object
from reckon.store import persons as person_store

BANDS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


def main() -> None:
    workdir = Path(sys.argv[1])
    case = Case.open(workdir / "case")
    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
    if run is None or "pairs" not in run["settings"]["objects"]:
        sys.exit("link the case first (a run that stores its scored pairs)")
    pairs = read_object(case, run["settings"]["objects"]["pairs"])
    truth = pd.read_csv(workdir / "lists" / "truth.csv", dtype=str)
    person = truth.set_index(["source", "source_record_id"])["person_id"]
    a = person.reindex(pd.MultiIndex.from_arrays([pairs["source_a"], pairs["record_a"]]))
    b = person.reindex(pd.MultiIndex.from_arrays([pairs["source_b"], pairs["record_b"]]))
    pairs["true"] = np.asarray(a.to_numpy() == b.to_numpy(), dtype=bool)
    pairs["band"] = pd.cut(pairs["match_probability"], BANDS, include_lowest=True)
    table = pairs.groupby("band", observed=True).agg(
        pairs=("true", "size"),
        true_share=("true", "mean"),
        mean_probability=("match_probability", "mean"),
    )
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()
