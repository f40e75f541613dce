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
from typing import Any

import numpy as np
import pandas as pd

NAME_PARTS = ("given", "family", "father")

# Blocking keys kept only where few records share them: (key, the columns it joins).
RARE_KEYS = (
    ("rare_name", ("given_skel", "family_core")),
    ("rare_bag", ("name_bag",)),
    # the whole name's skeleton: the same however a list split it into given and
    # family names (where a split moves a glide or vowel to the start of a part,
    # the parts' skeletons and so the name bag differ)
    ("rare_whole", ("whole_key",)),
    ("rare_whole_end_place", ("whole_suf5", "province")),
    ("rare_given_family3_place", ("given_skel", "family_pre3", "province")),
    ("rare_given_family_end_place", ("given_skel", "family_suf3", "province")),
    ("rare_family_given2_place", ("family_core", "given_pre2", "province")),
    ("rare_family_father", ("family_core", "father_skel")),
    ("rare_family_day_age", ("family_core", "date_lo", "birth_year")),
    ("rare_given_father_age", ("given_skel", "father_skel", "birth_year")),
    ("rare_bag_day", ("name_bag", "date_lo")),
    ("rare_given_day_place", ("given_skel", "date_lo", "province")),
    ("rare_family_day_place", ("family_core", "date_lo", "province")),
    ("rare_given_day_age", ("given_skel", "date_lo", "birth_year")),
    ("rare_day_age_city", ("date_lo", "birth_year", "city")),
    ("rare_given_city_age", ("given_skel", "city", "birth_year")),
)
# A list of keys per record, blocked on by any shared element: the whole name's
# skeleton with each one letter left out (and whole), with the province. Two
# records share one when their whole names differ by a letter added, dropped or
# changed, a typo no prefix or suffix rule survives when it falls in a short name.
NEAR_KEY = "near_whole_place"
# Shorter names leave too little once a letter is out: «ali» would meet «al», «li».
NEAR_MIN_LENGTH = 4

# Columns made only for blocking (see ``blocking``): name fragments that survive a
# typo at one end, the letters of the whole name in sorted order (which survive a
# swap of given and family names and a split in another place), and the rare keys.
BLOCKING_KEYS = (
    "given_pre2",
    "family_pre3",
    "family_suf3",
    "whole_suf5",
    "name_bag",
    *(name for name, _ in RARE_KEYS),
    NEAR_KEY,
)

# A combined key shared by more records than this is dropped: its block would be
# quadratic in the size of the case, and the pairs it holds are also met by the
# rules on whole names. The cap bounds each such rule to ~N x cap / 2 pairs.
RARE_KEY_CAP = 30

# The columns of the linkage frame, in order; `unique_id` is the records row id.
LINK_COLUMNS = (
    "unique_id",
    "source",
    "source_record_id",
    "script",
    *(f"{part}_{kind}" for part in NAME_PARTS for kind in ("canon", "key", "skel")),
    "family_core",
    "whole_key",
    *BLOCKING_KEYS,
    "sex",
    "birth_year",
    "date_lo",
    "date_hi",
    "date_day",
    "date_month",
    "province",
    "county",
    "city",
)

_DIGRAPHS = (("kh", "x"), ("gh", "q"), ("sh", "S"), ("ch", "C"), ("zh", "J"), ("ph", "f"))
_LATIN = re.compile(r"[^a-zA-Z]")
_VOWELS = re.compile(r"[aeiouyw]")
_EPOCH = date(1970, 1, 1)
# The event year assumed for ages when no record of the case has a date.
_UNDATED_YEAR = 2000.0


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
    _add_blocking_keys(out)
    return out.loc[:, list(LINK_COLUMNS)].reset_index(drop=True)


def name_bag(given_skel: str | None, family_skel: str | None) -> str | None:
    """The letters of both name skeletons, sorted: the same for «Ali Prsard» and
    «Aliprsa Rd», or for given and family names written the other way round."""
    text = (given_skel or "") + (family_skel or "")
    return "".join(sorted(text)) or None


def _rare(frame: pd.DataFrame, columns: tuple[str, ...], cap: int = RARE_KEY_CAP) -> pd.Series:
    """The columns joined into one key, or NA where one is missing or more than
    ``cap`` records share the key."""
    parts = frame[list(columns)]
    counts = parts.groupby(list(columns), dropna=True, sort=False)[columns[0]].transform("size")
    keep = counts.notna() & (counts <= cap)
    key = pd.Series(pd.NA, index=frame.index, dtype="string")
    if keep.any():
        kept = parts[keep].astype("string")
        joined = kept[columns[0]]
        for column in columns[1:]:
            joined = joined + "|" + kept[column]
        key[keep] = joined
    return key


def _add_blocking_keys(out: pd.DataFrame) -> None:
    out["given_pre2"] = out["given_skel"].str.slice(0, 2)
    out["family_pre3"] = out["family_core"].str.slice(0, 3)
    out["family_suf3"] = out["family_core"].str.slice(-3)
    out["whole_suf5"] = out["whole_key"].str.slice(-5)
    pairs = (
        out[["given_skel", "family_skel"]]
        .astype(object)
        .where(out[["given_skel", "family_skel"]].notna(), None)
    )
    bag = pd.Series(
        [name_bag(g, f) for g, f in pairs.itertuples(index=False)], index=out.index, dtype="string"
    )
    out["name_bag"] = bag
    for name, columns in RARE_KEYS:
        out[name] = _rare(out, columns)
    out[NEAR_KEY] = near_keys(out["whole_key"], out["province"])


def one_letter_out(text: str) -> list[str]:
    """``text`` and every string made by leaving one of its letters out."""
    return sorted({text[:i] + text[i + 1 :] for i in range(len(text))} | {text})


def near_keys(whole: pd.Series, place: pd.Series, cap: int = RARE_KEY_CAP) -> pd.Series:
    """Per record, the one-letter-out variants of its whole name with its place, or
    None; a variant more than ``cap`` records share is left out, as for rare keys.

    Any two names one edit apart share a variant (a change of one letter leaves
    the same string when that letter is left out of both), so a typo in a short
    name no longer hides a pair from blocking; each variant's block is bounded by
    the cap, so the pairs stay linear in the size of the case.
    """
    rows = [
        (index, f"{variant}|{where}")
        for index, name, where in zip(whole.index, whole, place, strict=True)
        if isinstance(name, str) and isinstance(where, str) and len(name) >= NEAR_MIN_LENGTH
        for variant in one_letter_out(name)
    ]
    kept: dict[Any, list[str]] = {}
    if rows:
        variants = pd.DataFrame(rows, columns=["row", "key"])
        shared = variants.groupby("key", sort=False)["row"].transform("size")
        kept = variants[shared <= cap].groupby("row", sort=False)["key"].agg(list).to_dict()
    # None, not NaN, where a record has no variant: the backends read a list column
    return pd.Series([kept.get(i) for i in whole.index], index=whole.index, dtype=object)


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
    day = lo.where(pd.Series(precise.to_numpy(dtype=bool), index=lo.index))
    return pd.DataFrame(
        {"date_lo": lo, "date_hi": hi, "date_day": day, "date_month": month}, index=records.index
    )


def _birth_year(records: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The stated birth year (in the Gregorian calendar), else the event year minus the age.

    A record with an age but no date takes the case's median event year: the
    lists of one crackdown fall within a year or two, and without it a list that
    gives ages but no dates would compare no ages at all. When no record is dated
    a fixed year stands in, since only differences of birth years are compared.
    """
    stated = _gregorian(pd.to_numeric(_column(records, "birth_year"), errors="coerce"))
    age = pd.to_numeric(_column(records, "age"), errors="coerce")
    mid = (out["date_lo"].astype("Float64") + out["date_hi"].astype("Float64")) / 2
    event_year = pd.Series(1970 + np.floor(mid.astype("float64") / 365.2425), index=out.index)
    dated = event_year.dropna()
    typical = float(dated.median()) if len(dated) else _UNDATED_YEAR
    derived = event_year.fillna(typical) - age
    result: pd.Series = stated.astype("float64").fillna(derived).round().astype("Int64")
    return result


def _gregorian(years: pd.Series) -> pd.Series:
    """Stated birth years in the Gregorian calendar: a family list's «متولد ۱۳۸۲» is 2003,
    and compared as 1382 it would speak against every true pair it is in."""
    from reckon.normalize.ages import gregorian_birth_year

    known = years.dropna().unique()
    table = {y: float(gregorian_birth_year(int(y))) for y in known if float(y).is_integer()}
    return years.map(table).astype("float64")
