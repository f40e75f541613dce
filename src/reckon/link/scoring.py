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
from reckon.link import backends, model

log = logging.getLogger("reckon.link.scoring")

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
_PARAMS = ("m_probability", "u_probability")
_SMALLEST = 1e-300


@dataclass
class Scored:
    pairs: pd.DataFrame
    comparisons: int
    model: dict[str, Any]
    trained: bool


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


def with_parameters(fresh: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """``fresh`` (settings for this backend) carrying ``trained``'s parameters."""
    if [c.get("output_column_name") for c in fresh["comparisons"]] != [
        c.get("output_column_name") for c in trained["comparisons"]
    ] or any(
        len(a["comparison_levels"]) != len(b["comparison_levels"])
        for a, b in zip(fresh["comparisons"], trained["comparisons"], strict=True)
    ):
        raise LinkError("the saved link model has other comparisons than this version; retrain it")
    out = dict(fresh)
    out["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    comparisons = []
    for new, old in zip(fresh["comparisons"], trained["comparisons"], strict=True):
        levels = []
        for lvl_new, lvl_old in zip(
            new["comparison_levels"], old["comparison_levels"], strict=True
        ):
            lvl = dict(lvl_new)
            for key in _PARAMS:
                if lvl_old.get(key) is not None:
                    # EM can drive a probability to exactly 0, which Splink refuses on load
                    lvl[key] = max(float(lvl_old[key]), _SMALLEST)
            levels.append(lvl)
        comparisons.append({**new, "comparison_levels": levels})
    out["comparisons"] = comparisons
    return out


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
) -> dict[str, Any]:
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
    linker = model.new_linker(backends.register(db_api, sample, "reckon_training"), fresh)
    label_table = None
    if labels is not None and len(labels):
        label_table = backends.register(db_api, model.labels_frame(labels), "reckon_labels")
    model.train(linker, plan, label_table)
    trained = model.model_json(linker)
    linker.table_management.delete_tables_created_by_splink_from_db()  # type: ignore[no-untyped-call]
    return trained


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
    """
    if frame.empty:
        raise LinkError("no records to link: import a list first")
    db_api = db_api if db_api is not None else backends.database_api(backend)
    table = backends.register(db_api, frame, "reckon_records")
    fresh = model.settings().create_settings_dict(_dialect(db_api))
    trained = saved is None
    if saved is None:
        if stage is not None:
            stage("training the model")
        saved = _trained_model(frame, backend, fresh, plan, labels)
    if stage is not None:
        stage("blocking and scoring pairs")
    linker = model.new_linker(table, with_parameters(fresh, saved))
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
    result = Scored(
        pairs=pairs.astype({"unique_id_l": "int64", "unique_id_r": "int64"}),
        comparisons=n_pairs,
        model=model.model_json(linker),
        trained=trained,
    )
    linker.table_management.delete_tables_created_by_splink_from_db()  # type: ignore[no-untyped-call]
    return result
