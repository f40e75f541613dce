"""Where Splink runs: DuckDB in this process, or Spark for cases that outgrow it.

Both are given the same linkage frame and the same model; only the database API
differs. Spark is optional and imported only when asked for.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from reckon.errors import LinkError

# Splink warns through its own loggers; without this, Python's last-resort handler
# would print them. An application that configures logging still sees them.
logging.getLogger("splink").addHandler(logging.NullHandler())

Backend = Literal["duckdb", "spark"]
DUCKDB_MEMORY = "4GB"
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")


def database_api(backend: str, *, workdir: Path | None = None) -> Any:
    """A fresh Splink database API for ``backend``."""
    if backend == "duckdb":
        import duckdb
        from splink.backends.duckdb import DuckDBAPI

        con = duckdb.connect(":memory:")
        threads = os.cpu_count() or 1
        con.execute(f"SET threads TO {threads}")
        # DuckDB would take 80% of the machine; a bounded share leaves room for the
        # Python side and makes it spill to disk instead (RECKON_DUCKDB_MEMORY).
        memory = os.environ.get("RECKON_DUCKDB_MEMORY", DUCKDB_MEMORY)
        con.execute(f"SET memory_limit = '{memory}'")
        if workdir is not None:
            # Spill to the case's scratch space rather than /tmp when memory is short.
            workdir.mkdir(parents=True, exist_ok=True)
            con.execute(f"SET temp_directory = '{workdir.as_posix()}'")
        return DuckDBAPI(con)
    if backend == "spark":
        return SparkAPIHolder.api()
    raise LinkError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")


def register(db_api: Any, frame: pd.DataFrame, name: str) -> Any:
    """Register a pandas frame as a Splink table on either backend."""
    if SparkAPIHolder.is_spark(db_api):
        spark = db_api.spark
        return db_api.register(spark.createDataFrame(frame), table_name=name)
    return db_api.register(frame, table_name=name)


class SparkAPIHolder:
    """One local Spark session per process: starting Spark costs seconds."""

    _session: Any = None

    @classmethod
    def session(cls) -> Any:
        if cls._session is None:
            try:
                from pyspark.sql import SparkSession
                from splink.backends.spark import similarity_jar_location
            except ImportError:
                raise LinkError(
                    "the Spark backend needs pyspark: pip install 'reckon[spark]'"
                ) from None
            cls._session = (
                SparkSession.builder.master("local[2]")
                .appName("reckon-link")
                .config("spark.jars", similarity_jar_location())
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.memory", "4g")
                .getOrCreate()
            )
            cls._session.sparkContext.setLogLevel("ERROR")
            cls._session.sparkContext.setCheckpointDir(
                str(Path(os.environ.get("TMPDIR", "/tmp")) / "reckon-spark-checkpoints")
            )
        return cls._session

    @classmethod
    def api(cls) -> Any:
        from splink.backends.spark import SparkAPI

        return SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=cls.session(), num_partitions_on_repartition=4
        )

    @staticmethod
    def is_spark(db_api: Any) -> bool:
        return type(db_api).__name__.startswith("SparkAPI")


def failure(exc: BaseException) -> LinkError | None:
    """What a person can do about an error Splink or its database raised, or None
    when the error is not theirs (a bug, to be raised as it is).

    Splink's own errors, the ``ValueError`` it raises on data it cannot model and
    DuckDB's errors are the case's data meeting a limit; the message keeps their
    first line, so the one line at the CLI still says what happened.
    """
    module = type(exc).__module__.lstrip("_")  # DuckDB's errors live in `_duckdb`
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if module.startswith("duckdb") and "memory" in first.lower():
        return LinkError(
            f"the linkage ran out of memory ({first}); give DuckDB more with "
            f"RECKON_DUCKDB_MEMORY (now {os.environ.get('RECKON_DUCKDB_MEMORY', DUCKDB_MEMORY)})"
        )
    if module.startswith(("splink", "duckdb", "py4j", "pyspark")) or isinstance(exc, ValueError):
        return LinkError(
            f"the linkage could not run on this case's records ({first}); "
            "`reckon link --retrain` trains the model afresh, and `reckon summary` shows "
            "which columns the lists filled"
        )
    return None
