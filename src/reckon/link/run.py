"""A link run on a case: records in, persons out, all of it in the evidence log.

The run scores pairs (``scoring``), applies reviewers' decisions as constraints
(``clusters``), summarises each person (``summary``), and stores its result in
the vault as Parquet objects named by the ``link.run`` event. Replaying that
event rebuilds persons and assignments without running Splink again
(``events``).
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from reckon.errors import LinkError
from reckon.link import clusters, features, identity, model, summary
from reckon.store import decisions as decision_store
from reckon.store import persons as person_store
from reckon.store.schema import PAIR_KEYS

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.settings import CaseSettings

log = logging.getLogger("reckon.link")

# Pairs scored in [REVIEW_LOW, threshold) go to review, and pairs near above the
# threshold too (up to REVIEW_HIGH): both sides of the line are where errors are.
REVIEW_LOW = 0.3
REVIEW_HIGH = 0.98
# Pairs kept from scoring: all above this, and all inside a candidate person
# (clustering needs the low ones there as evidence against a join).
PAIR_FLOOR = 0.01
# Two records of one list scored below this never share a person (see
# ``unlike_in_one_list``).
UNLIKE_IN_ONE_LIST = 0.01


@dataclass(frozen=True)
class LinkResult:
    run_id: int
    backend: str
    records: int
    persons: int
    confirmed: int
    comparisons: int
    pairs_scored: int
    review_pairs: int
    decisions_applied: int
    model_path: str
    trained: bool
    seconds: float
    # links (evidence, timeline) to persons merged or split by this run: moved to the
    # person now holding most of their records, or released when there is none
    repointed: int = 0
    released: int = 0
    # one plain line each: what training could not do on this case, and what it did instead
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def from_parquet(data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data))


def decision_pairs(decided: pd.DataFrame, frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The latest decisions of one kind as pairs of unique ids."""
    chosen = decided[decided["decision"] == kind] if not decided.empty else decided
    if chosen.empty:
        return pd.DataFrame({"unique_id_l": [], "unique_id_r": []}, dtype="int64")
    index = pd.Series(
        frame["unique_id"].to_numpy(),
        index=pd.MultiIndex.from_arrays([frame["source"], frame["source_record_id"]]),
    )
    a = index.reindex(pd.MultiIndex.from_arrays([chosen["source_a"], chosen["record_a"]]))
    b = index.reindex(pd.MultiIndex.from_arrays([chosen["source_b"], chosen["record_b"]]))
    pairs = pd.DataFrame({"unique_id_l": a.to_numpy(), "unique_id_r": b.to_numpy()}).dropna()
    return pairs.astype("int64")


def unlike_in_one_list(frame: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of records of one list that the model finds very unlike, kept apart.

    A list rarely names one person twice, and when it does the two entries are
    close copies; without this, two namesakes of one list were put together
    through a third record of another list that resembles both (on the
    generator's data this was most of the wrong pairs inside one list).
    """
    source = frame.set_index("unique_id")["source"]
    same = (
        source.reindex(pairs["unique_id_l"]).to_numpy()
        == source.reindex(pairs["unique_id_r"]).to_numpy()
    )
    unlike = same & (pairs["match_probability"] < UNLIKE_IN_ONE_LIST).to_numpy()
    out: pd.DataFrame = pairs.loc[unlike, ["unique_id_l", "unique_id_r"]]
    return out.reset_index(drop=True)


def record_probability(frame: pd.DataFrame, pairs: pd.DataFrame, labels: np.ndarray) -> np.ndarray:
    """Each record's strongest scored pair inside its own person (NaN when alone)."""
    label_of = pd.Series(labels, index=frame["unique_id"].to_numpy())
    same = (
        label_of.reindex(pairs["unique_id_l"]).to_numpy()
        == label_of.reindex(pairs["unique_id_r"]).to_numpy()
    )
    inside = pairs[same]
    best = (
        pd.concat(
            [
                inside[["unique_id_l", "match_probability"]].rename(columns={"unique_id_l": "uid"}),
                inside[["unique_id_r", "match_probability"]].rename(columns={"unique_id_r": "uid"}),
            ]
        )
        .groupby("uid")["match_probability"]
        .max()
    )
    return np.asarray(best.reindex(frame["unique_id"]).to_numpy(dtype=float))


# Called with (stage, stages done, stages in all) as a run goes; the CLI draws it.
Progress = Callable[[str, int, int], None]
STAGES = (
    "reading records",
    "preparing names, dates and places",
    "training the model",
    "blocking and scoring pairs",
    "clustering records into persons",
    "summarising persons",
    "writing the run to the case",
)


def _stage(progress: Progress | None, name: str) -> None:
    if progress is not None:
        progress(name, STAGES.index(name), len(STAGES))


def link_records(
    records: pd.DataFrame,
    decided: pd.DataFrame,
    *,
    backend: str,
    threshold: float,
    saved: dict[str, Any] | None,
    plan: model.TrainingPlan,
    db_api: Any = None,
    progress: Progress | None = None,
    previous: pd.DataFrame | None = None,
) -> tuple[dict[str, pd.DataFrame], Any]:
    """The pure part of a run: tables of the result and the scoring summary.

    ``previous`` (source, source_record_id, person_id of the last run) keeps
    person ids stable across runs (``identity``).
    """
    from reckon.link import scoring

    _stage(progress, STAGES[1])
    frame = features.link_frame(records)
    must = decision_pairs(decided, frame, "match")
    cannot = decision_pairs(decided, frame, "non_match")
    scored = scoring.score(
        frame,
        backend=backend,
        saved=saved,
        plan=plan,
        floor=min(PAIR_FLOOR, threshold),
        labels=must if len(must) else None,
        db_api=db_api,
        threshold=threshold,
        must_link=must,
        stage=(lambda name: _stage(progress, name)) if progress is not None else None,
    )
    _stage(progress, STAGES[4])
    apart = pd.concat([cannot, unlike_in_one_list(frame, scored.pairs)], ignore_index=True)
    labels = clusters.cluster(
        frame["unique_id"].to_numpy(), scored.pairs, threshold, must_link=must, cannot_link=apart
    )
    _stage(progress, STAGES[5])
    people = summary.summarize(records, labels)
    keys = pd.DataFrame(
        {
            "source": frame["source"].astype(str),
            "source_record_id": frame["source_record_id"].astype(str),
        }
    )
    person_id = identity.stable_ids(keys, labels, previous)
    people["person_id"] = person_id[people["person"].to_numpy()]
    assignments = pd.DataFrame(
        {
            "source": keys["source"],
            "source_record_id": keys["source_record_id"],
            "person_id": person_id[labels],
            "match_probability": record_probability(frame, scored.pairs, labels),
        }
    )
    keyed = keyed_pairs(frame, scored.pairs)
    tables = {
        "persons": people.drop(columns=["person"]),
        "assignments": assignments,
        "review": _review_band(keyed, decided, threshold),
        # every pair scored above the floor: the frame the evaluation sample is drawn from
        "pairs": keyed[keyed["match_probability"] >= PAIR_FLOOR].reset_index(drop=True),
    }
    return tables, scored


def keyed_pairs(frame: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Scored pairs named by their records' stable keys, in the stored order."""
    keys = frame.set_index("unique_id")[["source", "source_record_id"]]
    left = keys.reindex(pairs["unique_id_l"]).to_numpy()
    right = keys.reindex(pairs["unique_id_r"]).to_numpy()
    out = pd.DataFrame(
        {
            "source_a": left[:, 0].astype(str),
            "record_a": left[:, 1].astype(str),
            "source_b": right[:, 0].astype(str),
            "record_b": right[:, 1].astype(str),
            "match_probability": pairs["match_probability"].to_numpy(),
        }
    )
    flip = (out["source_a"] > out["source_b"]) | (
        (out["source_a"] == out["source_b"]) & (out["record_a"] > out["record_b"])
    )
    out.loc[flip, list(PAIR_KEYS)] = out.loc[
        flip, ["source_b", "record_b", "source_a", "record_a"]
    ].to_numpy()
    return out


def _review_band(keyed: pd.DataFrame, decided: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Undecided pairs in the uncertain band, most uncertain first."""
    out = keyed[
        (keyed["match_probability"] >= REVIEW_LOW)
        & (keyed["match_probability"] < max(REVIEW_HIGH, threshold))
    ]
    if not decided.empty:
        done = decided.set_index(list(PAIR_KEYS)).index
        out = out[~out.set_index(list(PAIR_KEYS)).index.isin(done)]
    distance = (out["match_probability"] - threshold).abs()
    return out.assign(_d=distance).sort_values("_d").drop(columns="_d").reset_index(drop=True)


@dataclass
class LinkComputed:
    """A link run worked out, before anything is stored: what its event records."""

    tables: dict[str, pd.DataFrame]
    scored: Any  # scoring's result: model, pairs, comparisons, trained, notes
    records: int
    decisions_applied: int
    model_path: Path
    threshold: float
    seed: int | None
    started: float
    started_at: str
    model_bytes: bytes = b""  # the model as the vault keeps it (the run names it)
    model_notes: tuple[str, ...] = ()


def compute_link(
    engine: Engine,
    case_dir: Path,
    settings: CaseSettings,
    *,
    backend: str = "duckdb",
    retrain: bool = False,
    plan: model.TrainingPlan | None = None,
    progress: Progress | None = None,
    saved_model: tuple[bytes | None, list[str]] = (None, []),
) -> LinkComputed:
    """Link a case's records into persons (``case.link.run`` stores and logs the run).

    ``saved_model``: the model to reuse as the vault keeps it (the last run's), with
    notes about it; (None, []) trains one."""
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat()
    plan = plan or model.TrainingPlan()
    threshold = float(settings.link_threshold)
    model_path = Path(case_dir) / settings.link_model
    _stage(progress, STAGES[0])
    with engine.connect() as conn:
        records = person_store.read_records(conn)
        decided = decision_store.read_decisions(conn)
        previous = person_store.read_assignments(conn)
    if records.empty:
        raise LinkError("no records to link: import a list first (`reckon import`)")
    saved_bytes, model_notes = (None, []) if retrain else saved_model
    saved = None if saved_bytes is None else model.from_bytes(saved_bytes, str(model_path))
    tables, scored = link_records(
        records,
        decided,
        backend=backend,
        threshold=threshold,
        saved=saved,
        plan=plan,
        progress=progress,
        previous=previous,
    )
    _stage(progress, STAGES[6])
    # the model lives in the vault, named by the run; the loose file is a copy to read
    reused = saved_bytes if saved_bytes is not None and not scored.trained else None
    if scored.trained or not model_path.exists():
        model.save(scored.model, model_path)
    return LinkComputed(
        tables=tables,
        scored=scored,
        records=len(records),
        decisions_applied=len(decided[decided["decision"] != "unsure"]) if len(decided) else 0,
        model_path=model_path,
        threshold=threshold,
        seed=plan.seed,
        started=started,
        started_at=started_at,
        model_bytes=reused or model.to_bytes(scored.model),
        model_notes=tuple(model_notes),
    )


def link_result(done: LinkComputed, backend: str, counts: Callable[[str], int]) -> LinkResult:
    """What a recorded run did (``counts``: its applier's outcome)."""
    people, scored = done.tables["persons"], done.scored
    result = LinkResult(
        run_id=counts("run_id"),
        backend=backend,
        records=done.records,
        persons=len(people),
        confirmed=int((people["status"] == "confirmed").sum()),
        comparisons=scored.comparisons,
        pairs_scored=len(scored.pairs),
        review_pairs=len(done.tables["review"]),
        decisions_applied=done.decisions_applied,
        model_path=str(done.model_path),
        trained=scored.trained,
        seconds=round(time.monotonic() - done.started, 1),
        repointed=counts("repointed"),
        released=counts("released"),
        notes=(*done.model_notes, *scored.notes),
    )
    log.info("link run %d: %d records -> %d persons", result.run_id, result.records, result.persons)
    return result


def link_case(case: Case, **options: Any) -> LinkResult:
    """``case.link.run(...)``, for callers written before the facade."""
    result: LinkResult = case.link.run(**options)
    return result
