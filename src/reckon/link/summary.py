"""A person's summary from the records linked to them, and its corroboration.

Each block of fields is taken whole from the record that gives it most
completely, so a summary never mixes one record's city with another's province:
the name from the record with the most name parts (Persian script preferred, as
the form documenters publish), the date from the most precise record, the place
from the most specific one. Sex, age, birth year and event type take the value
most records give.

Corroboration follows casualty recorders such as Iraq Body Count and HRANA: a
person is *confirmed* when records from two independent sources (different
independence groups) name them, or an official document does; otherwise the
person is *under investigation*.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
OFFICIAL_KINDS = frozenset({"official"})


def _best(frame: pd.DataFrame, score: pd.Series, columns: list[str]) -> pd.DataFrame:
    """Per person, ``columns`` from the record with the highest score (then lowest id)."""
    ranked = frame.assign(_score=score.to_numpy())
    ranked = ranked.sort_values(["person", "_score", "id"], ascending=[True, False, True])
    return ranked.drop_duplicates("person").set_index("person")[columns]


def _most_common(frame: pd.DataFrame, column: str) -> pd.Series:
    present = frame[["person", column, "id"]].dropna(subset=[column])
    if present.empty:
        return pd.Series(dtype=object, name=column)
    counts = present.groupby(["person", column], sort=False).agg(
        n=("id", "size"), first=("id", "min")
    )
    counts = counts.reset_index().sort_values(
        ["person", "n", "first"], ascending=[True, False, True]
    )
    return counts.drop_duplicates("person").set_index("person")[column]


def _present(frame: pd.DataFrame, column: str) -> pd.Series:
    text = frame[column].astype("string").str.strip()
    present = (text.notna() & (text != "")).fillna(False)
    return pd.Series(present.to_numpy(dtype=bool).astype(int), index=frame.index)


def summarize(records: pd.DataFrame, person: np.ndarray) -> pd.DataFrame:
    """One row per person (``person`` is the cluster number of each record)."""
    df = records.assign(person=np.asarray(person, dtype=np.int64))
    name_score = (
        _present(df, "given_name").astype(int)
        + _present(df, "family_name").astype(int)
        + _present(df, "father_name").astype(int)
        + pd.Series((df["script"] == "fa").fillna(False).to_numpy(dtype=bool), index=df.index) * 0.5
    )
    names = _best(
        df,
        name_score,
        ["full_name", "name_canonical", "given_name", "family_name", "father_name", "name_key"],
    )
    names["full_name"] = names["name_canonical"].where(
        names["name_canonical"].notna(), names["full_name"]
    )
    rank = df["date_precision"].map(PRECISION_RANK).astype("float64").fillna(0.0)
    date_score = rank * df["date_start"].notna().to_numpy(dtype=bool)
    dates = _best(df, date_score, ["date_start", "date_end", "date_precision"])
    place_score = (
        _present(df, "city") * 3 + _present(df, "county") * 2 + _present(df, "province_code") * 1
    )
    places = _best(df, place_score, ["province_code", "county", "city"])
    out = names.drop(columns=["name_canonical"]).join(dates).join(places)
    for column in ("sex", "age", "birth_year", "event_type"):
        out[column] = _most_common(df, column)
    grouped = df.groupby("person")
    out["n_records"] = grouped.size()
    out["n_sources"] = grouped["source"].nunique()
    out["status"] = corroboration(df)
    out["is_incident"] = False
    out.index.name = "person"
    return out.reset_index()


def corroboration(df: pd.DataFrame) -> pd.Series:
    """``confirmed`` or ``under_investigation`` for each person in ``df['person']``."""
    grouped = df.groupby("person")
    independent = grouped["independence_group"].nunique() >= 2
    official = df["source_kind"].isin(OFFICIAL_KINDS).groupby(df["person"]).any()
    confirmed = independent | official
    return confirmed.map({True: "confirmed", False: "under_investigation"})
