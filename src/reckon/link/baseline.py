"""A plain Splink model, for comparison: standard comparisons on the raw columns.

This is what a careful user of Splink would set up without any Persian reading:
Splink's ``NameComparison`` (Jaro-Winkler and Levenshtein levels) on the given,
family and father's names exactly as the lists wrote them, exact sex, age and
date differences, exact province; blocking on the raw names. It is the
benchmark's "before" (bench/link_bench.py), trained and clustered the same way
as the Persian-aware model so that only the reading of the data differs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from reckon.link import backends, clusters, model


def baseline_frame(records: pd.DataFrame) -> pd.DataFrame:
    """Raw names; the other fields as the importer read them."""
    day = pd.to_datetime(records["date_start"], errors="coerce")
    return pd.DataFrame(
        {
            "unique_id": records["id"].astype("int64"),
            "source": records["source"].astype(str),
            "source_record_id": records["source_record_id"].astype(str),
            "given_name": records["given_name"].astype("string"),
            "family_name": records["family_name"].astype("string"),
            "father_name": records["father_name"].astype("string"),
            "sex": records["sex"].astype("string"),
            "age": pd.to_numeric(records["age"], errors="coerce").astype("Int64"),
            "event_day": ((day - pd.Timestamp("1970-01-01")).dt.days).astype("Int64"),
            "province": records["province_code"].astype("string"),
        }
    )


def _difference(column: str, thresholds: tuple[int, ...]) -> Any:
    levels: list[Any] = [cll.NullLevel(column)]
    levels += [cll.AbsoluteDifferenceLevel(column, t) for t in thresholds]
    return cl.CustomComparison([*levels, cll.ElseLevel()], output_column_name=column)


def baseline_settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.NameComparison("father_name"),
            cl.ExactMatch("sex"),
            _difference("age", (0, 2, 5)),
            _difference("event_day", (0, 3, 30)),
            cl.ExactMatch("province"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("family_name", "age"),
            block_on("given_name", "event_day", "province"),
        ],
        retain_matching_columns=False,
        max_iterations=20,
    )


def link_baseline(
    records: pd.DataFrame, *, threshold: float, plan: model.TrainingPlan
) -> tuple[pd.DataFrame, int]:
    """Record → person for the baseline model, and the number of pairs compared."""
    frame = baseline_frame(records)
    db_api = backends.database_api("duckdb")
    table = backends.register(db_api, frame, "baseline_records")
    linker: Any = model.new_linker(table, baseline_settings())
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "father_name", "age")], recall=plan.prior_recall
    )
    training.estimate_u_using_random_sampling(max_pairs=plan.u_max_pairs, seed=plan.seed)
    for rule in (block_on("given_name", "family_name"), block_on("event_day", "age", "province")):
        training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=plan.em_max_pairs
        )
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    n_pairs = int(blocked.query_sql("select count(*) as n from {this}").as_record_list()[0]["n"])
    pairs = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
    labels = clusters.components(frame["unique_id"].to_numpy(), pairs, threshold)
    out = frame[["source", "source_record_id"]].assign(person_id=np.asarray(labels) + 1)
    return out, n_pairs
