"""Scoring pairs with Splink: train or reuse the model, block, predict.

This is the one place a Splink ``Linker`` is built. It takes the linkage frame
(``features.link_frame``) and gives back plain pandas: the scored pairs above a
floor, the number of pairs blocking generated, and the model as JSON.

A saved model is reused by copying its trained parameters onto the comparisons
built here for the backend at hand, so a model trained on DuckDB scores the
same way on Spark (Splink's saved JSON holds SQL in one dialect).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reckon.errors import LinkError
from reckon.link import backends, blocking, model, training

log = logging.getLogger("reckon.link.scoring")

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]


@dataclass
class Scored:
    pairs: pd.DataFrame
    comparisons: int
    model: dict[str, Any]
    trained: bool
    # plain lines for the person running the link: what training could not do
    notes: tuple[str, ...] = ()


def _frame(table: Any) -> pd.DataFrame:
    out: pd.DataFrame = table.as_pandas_dataframe()[PAIR_COLUMNS]
    return out


def _pairs_inside_groups(
    db_api: Any,
    predicted: Any,
    frame: pd.DataFrame,
    pairs: pd.DataFrame,
    threshold: float,
    floor: float,
    must_link: pd.DataFrame | None,
) -> pd.DataFrame:
    """The pairs below ``floor`` whose two records one candidate group holds."""
    from reckon.link.clusters import candidate_groups

    groups = candidate_groups(frame["unique_id"].to_numpy(), pairs, threshold, must_link)
    if groups.empty:
        return pairs.iloc[:0]
    table = backends.register(db_api, groups, "reckon_groups")
    sql = f"""
        select {", ".join("p." + c for c in PAIR_COLUMNS)}
        from {{this}} p
        join {table.physical_name} a on p.unique_id_l = a.unique_id
        join {table.physical_name} b on p.unique_id_r = b.unique_id
        where a.grp = b.grp and p.match_probability < {floor!r}
    """
    return _frame(predicted.query_sql(sql))


def _dialect(db_api: Any) -> str:
    return str(db_api.sql_dialect.sql_dialect_str)


def unfit_reason(saved: dict[str, Any], fresh: dict[str, Any], frame: pd.DataFrame) -> str | None:
    """Why the saved model should not score ``frame`` (it is retrained then), or None.

    A model made by another version of the comparisons cannot be read onto these;
    a model trained without a field this case now has knows only its prior for
    it; a model trained on a case too small for every session is worth training
    again once the case has doubled.
    """
    if "comparisons" not in saved or model.structure(saved) != model.structure(fresh):
        return "the saved link model has other comparisons than this version of reckon"
    record = saved.get(training.TRAINING_KEY)
    if not isinstance(record, dict):
        return None  # saved before training kept a record: reused as it is
    gained = [f for f in training.present_fields(frame) if f not in record.get("fields", [])]
    if gained:
        return f"the saved link model was trained without {training.field_words(gained)}"
    trained_on = int(record.get("records", 0))
    sessions = record.get("sessions", [])
    first_choices = [list(session[0]) for session in blocking.TRAINING_SESSIONS]
    complete = len(sessions) == len(first_choices) and all(
        s.get("ran") and list(s.get("columns", [])) == cols
        for s, cols in zip(sessions, first_choices, strict=True)
    )
    if not complete and len(frame) >= 2 * max(trained_on, 1):
        return (
            f"the saved link model was trained on {trained_on:,} records, too few for "
            f"every training session, and the case now has {len(frame):,}"
        )
    return None


def _training_sample(frame: pd.DataFrame, plan: model.TrainingPlan) -> pd.DataFrame:
    if len(frame) <= plan.max_training_records:
        return frame
    return frame.sample(n=plan.max_training_records, random_state=plan.seed).sort_index()


def _trained_model(
    frame: pd.DataFrame,
    backend: str,
    fresh: dict[str, Any],
    plan: model.TrainingPlan,
    labels: pd.DataFrame | None,
) -> tuple[dict[str, Any], training.TrainingRecord]:
    """Train on (a seeded sample of) the frame; the labelled pairs all take part.

    Training has its own database connection, dropped afterwards with its tables.
    """
    sample = _training_sample(frame, plan)
    if labels is not None and len(labels) and len(sample) < len(frame):
        labelled = frame["unique_id"].isin(labels["unique_id_l"]) | frame["unique_id"].isin(
            labels["unique_id_r"]
        )
        sample = pd.concat([sample, frame[labelled]]).drop_duplicates("unique_id")
    db_api = backends.database_api(backend)
    table = backends.register(db_api, sample, "reckon_training")
    label_table = None
    if labels is not None and len(labels):
        label_table = backends.register(db_api, model.labels_frame(labels), "reckon_labels")
    return training.train(table, sample, fresh, plan, label_table)


def score(
    frame: pd.DataFrame,
    *,
    backend: str,
    saved: dict[str, Any] | None,
    plan: model.TrainingPlan,
    floor: float,
    labels: pd.DataFrame | None = None,
    db_api: Any = None,
    threshold: float | None = None,
    must_link: pd.DataFrame | None = None,
    stage: Callable[[str], None] | None = None,
) -> Scored:
    """Scored pairs with probability at or above ``floor``.

    With ``threshold``, also every scored pair, however low, between records that
    pairs at the threshold (or ``must_link``) could put in one person: clustering
    needs the pairs that speak against a join, and these are the only ones it reads.

    A saved model that does not fit the case (``unfit_reason``) is trained again,
    with a note. Whatever Splink raises on the case's data becomes a ``LinkError``.
    """
    if frame.empty:
        raise LinkError("no records to link: import a list first")
    try:
        return _score(
            frame,
            backend=backend,
            saved=saved,
            plan=plan,
            floor=floor,
            labels=labels,
            db_api=db_api,
            threshold=threshold,
            must_link=must_link,
            stage=stage,
        )
    except Exception as exc:
        failure = backends.failure(exc)
        if failure is None:
            raise
        log.debug("linkage failed", exc_info=True)
        raise failure from None


def _score(
    frame: pd.DataFrame,
    *,
    backend: str,
    saved: dict[str, Any] | None,
    plan: model.TrainingPlan,
    floor: float,
    labels: pd.DataFrame | None,
    db_api: Any,
    threshold: float | None,
    must_link: pd.DataFrame | None,
    stage: Callable[[str], None] | None,
) -> Scored:
    db_api = db_api if db_api is not None else backends.database_api(backend)
    table = backends.register(db_api, frame, "reckon_records")
    fresh = model.settings().create_settings_dict(_dialect(db_api))
    notes: list[str] = []
    if saved is not None and (why := unfit_reason(saved, fresh, frame)) is not None:
        notes.append(f"{why}: trained again")
        log.info("%s", notes[-1])
        saved = None
    trained = saved is None
    if saved is None:
        if stage is not None:
            stage("training the model")
        saved, record = _trained_model(frame, backend, fresh, plan, labels)
        notes += record.notes
    if stage is not None:
        stage("blocking and scoring pairs")
    linker = model.new_linker(table, model.with_parameters(fresh, saved))
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    n_pairs = int(blocked.query_sql("select count(*) as n from {this}").as_record_list()[0]["n"])
    log.info("blocking generated %d pairs from %d records", n_pairs, len(frame))
    predicted = linker.inference.predict()
    columns = ", ".join(PAIR_COLUMNS)
    pairs = _frame(
        predicted.query_sql(f"select {columns} from {{this}} where match_probability >= {floor!r}")
    )
    if threshold is not None:
        pairs = pd.concat(
            [
                pairs,
                _pairs_inside_groups(db_api, predicted, frame, pairs, threshold, floor, must_link),
            ]
        )
    scored_model = model.model_json(linker)
    if training.TRAINING_KEY in saved:
        scored_model[training.TRAINING_KEY] = saved[training.TRAINING_KEY]
    result = Scored(
        pairs=pairs.astype({"unique_id_l": "int64", "unique_id_r": "int64"}),
        comparisons=n_pairs,
        model=scored_model,
        trained=trained,
        notes=tuple(notes),
    )
    linker.table_management.delete_tables_created_by_splink_from_db()  # type: ignore[no-untyped-call]
    return result
