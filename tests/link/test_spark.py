"""The same model on Spark: a local session links a small case like DuckDB does."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from tests.link.people import make_records

from reckon.link import model
from reckon.link.evaluation import evaluate
from reckon.link.run import link_records

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # pyspark 4.3 warns that it is not tested on pandas 3; the test below is the check
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")
def test_spark_scores_like_duckdb_with_the_same_model() -> None:
    pytest.importorskip("pyspark")
    records = make_records(400, seed=3)
    plan = model.TrainingPlan(seed=4, u_max_pairs=2e5, em_max_pairs=2e5)
    duck_tables, duck = link_records(
        records, pd.DataFrame(), backend="duckdb", threshold=0.9, saved=None, plan=plan
    )
    # the model trained on DuckDB, reused on Spark: its SQL is rebuilt for Spark's dialect
    spark_tables, spark = link_records(
        records, pd.DataFrame(), backend="spark", threshold=0.9, saved=duck.model, plan=plan
    )
    assert not spark.trained
    assert spark.comparisons == duck.comparisons
    merged = duck.pairs.merge(spark.pairs, on=["unique_id_l", "unique_id_r"], suffixes=("_d", "_s"))
    assert len(merged) == len(duck.pairs) == len(spark.pairs)
    assert (merged["match_probability_d"] - merged["match_probability_s"]).abs().max() < 1e-6
    truth = records[["source", "source_record_id"]].assign(person_id=records["truth"].astype(str))
    linked = spark_tables["assignments"].assign(script=records["script"].to_numpy())
    assert evaluate(linked, truth).bcubed["all"].f1 > 0.9
    pd.testing.assert_frame_equal(duck_tables["assignments"], spark_tables["assignments"])
