"""How well a labelled evaluation sample (`reckon review --sample N`) estimates the
linkage's precision and recall: on a linked bench case, 20 seeded samples are
labelled from the generator's truth and their weighted estimates compared with the
same measures over every scored pair.

    python bench/link_eval_sample.py /tmp/linkbench-100k 1000
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from reckon.case import Case
from reckon.link.events import read_object
from reckon.link.review import sample_for_evaluation
from reckon.store import persons as person_store


def _truth_and_persons(workdir: Path, case: Case) -> tuple[pd.Series, pd.Series]:
    truth = pd.read_csv(workdir / "lists" / "truth.csv", dtype=str)
    with case.engine.connect() as conn:
        linked = person_store.read_assignments(conn)
    keys = ["source", "source_record_id"]
    return truth.set_index(keys)["person_id"], linked.set_index(keys)["person_id"]


def _same(series: pd.Series, pairs: pd.DataFrame) -> np.ndarray:
    a = series.reindex(pd.MultiIndex.from_arrays([pairs["source_a"], pairs["record_a"]]))
    b = series.reindex(pd.MultiIndex.from_arrays([pairs["source_b"], pairs["record_b"]]))
    return np.asarray(a.to_numpy() == b.to_numpy(), dtype=bool)


def main() -> None:
    workdir, size = Path(sys.argv[1]), int(sys.argv[2])
    case = Case.open(workdir / "case")
    truth, person = _truth_and_persons(workdir, case)
    estimates = []
    for seed in range(1, 21):
        sample = sample_for_evaluation(case, size, seed=seed)
        match, same = _same(truth, sample), _same(person, sample)
        w = sample["weight"].to_numpy(float)
        tp, fp, fn = w[same & match].sum(), w[same & ~match].sum(), w[~same & match].sum()
        estimates.append((tp / (tp + fp), tp / (tp + fn)))
    est = np.array(estimates)
    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
    assert run is not None
    pairs = read_object(case, run["settings"]["objects"]["pairs"])
    match, same = _same(truth, pairs), _same(person, pairs)
    print(
        f"{size} labelled pairs, 20 seeds: precision {est[:, 0].mean():.4f} "
        f"(sd {est[:, 0].std():.4f}), recall {est[:, 1].mean():.4f} (sd {est[:, 1].std():.4f})"
    )
    print(
        f"all {len(pairs)} scored pairs, from the truth: precision "
        f"{(same & match).sum() / same.sum():.4f}, recall {(same & match).sum() / match.sum():.4f}"
    )


if __name__ == "__main__":
    main()
