"""The linkage frame: one row per record, with the columns the comparisons read.

The records table already holds what the normalizer read (transliteration keys,
dates, places). Here those fields become what Splink compares: a consonant
skeleton of each name key (Persian script writes no short vowels, so a Persian
record's key and a Latin record's key for the same name agree on consonants far
more often than on vowels), a birth year from the age where it is missing, and
the event date as a window of day numbers so windows can be compared on any SQL
backend with integer arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

NAME_PARTS = ("given", "family", "father")

# The columns of the linkage frame, in order; `unique_id` is the records row id.
LINK_COLUMNS = (
    "unique_id",
    "source",
    "source_record_id",
    "script",
    *(f"{part}_{kind}" for part in NAME_PARTS for kind in ("canon", "key", "skel")),
    "family_core",
    "whole_key",
    "sex",
    "birth_year",
    "date_lo",
    "date_hi",
    "date_month",
    "province",
    "county",
    "city",
)

_DIGRAPHS = (("kh", "x"), ("gh", "q"), ("sh", "S"), ("ch", "C"), ("zh", "J"), ("ph", "f"))
_LATIN = re.compile(r"[^a-zA-Z]")
_VOWELS = re.compile(r"[aeiouyw]")
_EPOCH = date(1970, 1, 1)


def skeleton(key: str | None) -> str | None:
    """The consonant skeleton of a transliteration key: ``mohammadreza`` → ``mhmdrz``.

    Digraphs become one letter, vowels and the glides y/w are dropped except at the
    start (``yousef``), and doubled letters collapse. ``None`` when nothing is left.
    """
    if key is None or (isinstance(key, float) and np.isnan(key)):
        return None
    text = _LATIN.sub("", str(key)).lower()
    if not text:
        return None
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.replace("q", "g").replace("v", "w")
    head, tail = text[0], _VOWELS.sub("", text[1:])
    out = [head if head not in "aeiou" else ""]
    for ch in tail:
        if not out or out[-1] != ch:
            out.append(ch)
    result = "".join(out)
    return result or text[:1]


# Prefixes of family names that lists keep or drop: Mir-, Seyyed- (as keys).
_FAMILY_PREFIXES = ("mir", "seyyed", "seyed", "sayyed", "sid", "sd")


def family_core(key: str | None) -> str | None:
    """The skeleton of a family-name key without a Mir-/Seyyed- prefix.

    ``mirhSmi`` and ``hSmi`` give the same core, ``hsm``.
    """
    if key is None or (isinstance(key, float) and np.isnan(key)):
        return None
    text = str(key).lower()
    for prefix in _FAMILY_PREFIXES:
        if text.startswith(prefix) and len(text) - len(prefix) >= 3:
            return skeleton(text[len(prefix) :])
    return skeleton(text)


def _day_number(values: pd.Series) -> pd.Series:
    """Days since 1970-01-01 for a column of dates (or None)."""
    parsed = pd.to_datetime(values, errors="coerce")
    days = (parsed - pd.Timestamp(_EPOCH)).dt.days
    return days.astype("Int64")


def _mapped(values: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    """``fn`` applied once per distinct value: names repeat a great deal."""
    uniques = values.dropna().unique()
    table = {u: fn(u) for u in uniques}
    return values.map(table).astype("string")


def _canonical_reader() -> Callable[[str], str | None]:
    """The Persian letters of a name made canonical (Arabic ي/ك, ZWNJ, spacing).

    ``normalize.fold`` rather than a full ``read_name``: the importer has already
    read each name once, and a million records hold hundreds of thousands of
    distinct spellings; folding is what makes two Persian spellings comparable.
    """
    from reckon.normalize.persian import fold, script_of

    def canon(text: str) -> str | None:
        if script_of(text) != "persian":
            return None
        return fold(text).replace(" ", "").replace("\u200c", "") or None

    return canon


def _key_reader() -> Callable[[str], str | None]:
    from reckon.normalize import name_key

    def key(text: str) -> str | None:
        return name_key(text) or None

    return key


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    series = frame[column].astype("string").str.strip()
    return series.mask(series == "")


def link_frame(records: pd.DataFrame) -> pd.DataFrame:
    """The linkage frame from a records frame (``store.persons.read_records``).

    Expects at least ``id``, ``source`` and ``source_record_id``; every other field
    may be missing or empty. Per-part canonical forms and keys the importer did not
    fill are read here with ``reckon.normalize``.
    """
    out = pd.DataFrame(index=records.index)
    out["unique_id"] = records["id"].astype("int64")
    out["source"] = records["source"].astype("string")
    out["source_record_id"] = records["source_record_id"].astype("string")
    out["script"] = _text(records, "script")
    for part in NAME_PARTS:
        written = _text(records, f"{part}_name")
        canon = _text(records, f"{part}_canon")
        if canon.isna().all() and written.notna().any():
            canon = _mapped(written, _canonical_reader())
        key = _text(records, f"{part}_key")
        missing = key.isna() & written.notna()
        if missing.any():
            key = key.mask(missing, _mapped(written[missing], _key_reader()))
        out[f"{part}_canon"] = canon
        out[f"{part}_key"] = key
        out[f"{part}_skel"] = _mapped(key, skeleton)
    out["family_core"] = _mapped(out["family_key"], family_core)
    # Given and family names run together: lists split a full name in different places.
    joined = out["given_key"].fillna("") + out["family_key"].fillna("")
    out["whole_key"] = _mapped(joined.mask(joined == ""), skeleton)
    out["sex"] = _text(records, "sex")
    out = out.join(_event_window(records))
    out["birth_year"] = _birth_year(records, out)
    out["province"] = _text(records, "province_code")
    out["county"] = _text(records, "county")
    out["city"] = _text(records, "city")
    return out.loc[:, list(LINK_COLUMNS)].reset_index(drop=True)


def _column(records: pd.DataFrame, name: str) -> pd.Series:
    if name in records:
        return records[name]
    return pd.Series(None, index=records.index, dtype=object)


def _event_window(records: pd.DataFrame) -> pd.DataFrame:
    lo = _day_number(_column(records, "date_start"))
    hi = _day_number(_column(records, "date_end"))
    hi = hi.fillna(lo)
    lo = lo.fillna(hi)
    precise = (hi - lo).fillna(99) <= 1
    start = pd.to_datetime(_column(records, "date_start"), errors="coerce")
    month = start.dt.strftime("%Y-%m").astype("string")
    month = month.where(pd.Series(precise.to_numpy(dtype=bool), index=month.index))
    return pd.DataFrame({"date_lo": lo, "date_hi": hi, "date_month": month}, index=records.index)


def _birth_year(records: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The stated birth year, else the event year minus the age."""
    stated = pd.to_numeric(_column(records, "birth_year"), errors="coerce")
    age = pd.to_numeric(_column(records, "age"), errors="coerce")
    mid = (out["date_lo"].astype("Float64") + out["date_hi"].astype("Float64")) / 2
    event_year = 1970 + np.floor(mid.astype("float64") / 365.2425)
    derived = event_year - age
    result: pd.Series = stated.astype("float64").fillna(derived).round().astype("Int64")
    return result
