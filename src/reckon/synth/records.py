"""One source's list: the records of the people it names, written and corrupted its way.

``source_table`` takes the people a source names (one index per record,
duplicates included) and returns the list as the source would send it: headers
in its language, names in its script, dates in its calendar, and the errors of
``SourceStyle`` at their rates. Errors are drawn independently per record, so
two records of the same person in two lists differ as real lists do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reckon.synth.names import (
    LATIN_FORMS,
    PERSIAN_JOINER_WEIGHTS,
    NameTable,
    vocabulary,
)
from reckon.synth.places import places
from reckon.synth.population import EVENT_TYPES, PEAK_DAY, People
from reckon.synth.styles import ENGLISH_HEADERS, PERSIAN_HEADERS, SourceStyle
from reckon.synth.writing import (
    DATE_FORMATS,
    arabic_letters,
    choose,
    format_dates,
    stray_spaces,
    with_digits,
    with_typos,
)

CITY_ONLY = 0.10  # the city without its province
ARABIC_DIGITS_WITH_ARABIC_KEYBOARD = 0.5
HAJ_MIN_AGE = 45
EVENT_LABELS_FA = {
    "killed": ("کشته", "جان‌باخته", "کشته‌شده"),
    "died_in_custody": ("مرگ در بازداشت", "جان‌باخته در بازداشت"),
    "executed": ("اعدام", "اعدام‌شده"),
}
EVENT_LABELS_EN = {
    "killed": ("killed", "shot dead"),
    "died_in_custody": ("died in custody", "death in detention"),
    "executed": ("executed", "executed"),
}
SEX_FA = (("مرد", "زن"), ("مذکر", "مونث"))
SEX_EN = (("male", "female"), ("M", "F"))
HONORIFICS_FA = {"seyyed": "سید", "haj": "حاج", "shahid": "شهید", "marhoum": "مرحوم"}


def _names(
    table: NameTable, ids: np.ndarray, latin: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    joiner = rng.choice(len(PERSIAN_JOINER_WEIGHTS), size=len(ids), p=PERSIAN_JOINER_WEIGHTS)
    column = rng.integers(0, LATIN_FORMS, size=len(ids))
    latin_forms: np.ndarray = table.latin_forms[ids, column]
    persian_forms: np.ndarray = table.persian_forms[ids, joiner]
    return np.where(latin, latin_forms, persian_forms).astype(object)


def _given_names(
    people: People, who: np.ndarray, latin: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    vocab = vocabulary()
    female = people.female[who]
    ids = people.given[who]
    male_ids = np.where(female, 0, ids)
    female_ids = np.where(female, ids, 0)
    return np.where(
        female,
        _names(vocab.female, female_ids, latin, rng),
        _names(vocab.male, male_ids, latin, rng),
    ).astype(object)


def _prefix(
    values: np.ndarray,
    mask: np.ndarray,
    persian: str,
    latin_forms: tuple[str, ...],
    latin: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    pick = np.array(latin_forms, dtype=object)[rng.integers(0, len(latin_forms), size=len(values))]
    word = np.where(latin, pick, persian)
    return np.where(mask & (values != ""), word + " " + values, values).astype(object)


def _honorifics(
    given: np.ndarray,
    people: People,
    who: np.ndarray,
    style: SourceStyle,
    latin: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    m = len(who)
    hon = vocabulary().honorific_latin
    seyyed = people.seyyed[who] & (rng.random(m) < style.seyyed_shown)
    haj = ~people.female[who] & (people.age[who] > HAJ_MIN_AGE) & (rng.random(m) < style.haj_shown)
    out = _prefix(given, seyyed, HONORIFICS_FA["seyyed"], hon["سید"], latin, rng)
    out = _prefix(out, haj, HONORIFICS_FA["haj"], hon["حاج"], latin, rng)
    shahid = rng.random(m) < style.shahid
    out = _prefix(out, shahid, HONORIFICS_FA["shahid"], hon["شهید"], latin, rng)
    marhoum = ~shahid & (rng.random(m) < style.marhoum)
    return _prefix(out, marhoum, HONORIFICS_FA["marhoum"], hon["مرحوم"], latin, rng)


def _digits(
    latin: np.ndarray, arabic: np.ndarray, style: SourceStyle, rng: np.random.Generator
) -> np.ndarray:
    m = len(latin)
    persian = ~latin & (rng.random(m) < style.persian_digits)
    arabic_d = persian & arabic & (rng.random(m) < ARABIC_DIGITS_WITH_ARABIC_KEYBOARD)
    return np.where(arabic_d, 2, np.where(persian, 1, 0))


def _ages(
    people: People,
    who: np.ndarray,
    latin: np.ndarray,
    digits: np.ndarray,
    style: SourceStyle,
    rng: np.random.Generator,
) -> np.ndarray:
    m = len(who)
    u = rng.random(m)
    sign = rng.choice((-1, 1), size=m)
    off = np.where(u < style.age_off_2, 2, np.where(u < style.age_off_2 + style.age_off_1, 1, 0))
    age = np.maximum(people.age[who] + sign * off, 0)
    words = rng.random(m) < style.age_words
    text = age.astype(str).astype(object)
    text = np.where(words, text + np.where(latin, " years", " ساله"), text).astype(object)
    text = with_digits(text, digits)
    return np.where(rng.random(m) < style.missing_age, "", text).astype(object)


def _sexes(
    people: People, who: np.ndarray, latin: np.ndarray, style: SourceStyle, rng: np.random.Generator
) -> np.ndarray:
    m = len(who)
    female = people.female[who].astype(np.int64)
    fa = np.array([[SEX_FA[0][s] for s in (0, 1)], [SEX_FA[1][s] for s in (0, 1)]], dtype=object)
    en = np.array([[SEX_EN[0][s] for s in (0, 1)], [SEX_EN[1][s] for s in (0, 1)]], dtype=object)
    variant = (rng.random(m) < np.where(latin, 0.4, 0.3)).astype(np.int64)
    text = np.where(latin, en[variant, female], fa[variant, female])
    return np.where(rng.random(m) < style.missing_sex, "", text).astype(object)


def _dates(
    people: People,
    who: np.ndarray,
    latin: np.ndarray,
    digits: np.ndarray,
    style: SourceStyle,
    rng: np.random.Generator,
) -> np.ndarray:
    m = len(who)
    shift = rng.integers(1, 4, size=m) * rng.choice((-1, 1), size=m)
    day = people.day[who] + np.where(rng.random(m) < style.date_off, shift, 0)
    flip = rng.random(m) < style.other_calendar
    fmt = np.empty(m, dtype=object)
    for calendar in ("jalali", "gregorian"):
        in_calendar = flip if calendar != style.calendar else ~flip
        for script, is_latin in (("fa", False), ("latin", True)):
            mask = (latin == is_latin) & in_calendar
            fmt[mask] = choose(DATE_FORMATS[(calendar, script)], int(mask.sum()), rng)
    month_only = rng.random(m) < style.month_only
    text = format_dates(PEAK_DAY, day, fmt, month_only, digits)
    return np.where(rng.random(m) < style.missing_date, "", text).astype(object)


def _places(
    people: People, who: np.ndarray, latin: np.ndarray, style: SourceStyle, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    pl = places()
    m = len(who)
    prov = people.province[who]
    city = people.city[who]
    spelling = rng.random(m) < 0.8  # the usual Latin spelling, else another one
    prov_en = np.array([s[0] for s in pl.province_en], dtype=object)
    prov_alt = np.array([s[-1] for s in pl.province_en], dtype=object)
    city_en = np.array([s[0] for s in pl.city_en], dtype=object)
    city_alt = np.array([s[-1] for s in pl.city_en], dtype=object)
    province_text = np.where(
        latin, np.where(spelling, prov_en[prov], prov_alt[prov]), pl.province_fa[prov]
    ).astype(object)
    city_text = np.where(
        latin, np.where(spelling, city_en[city], city_alt[city]), pl.city_fa[city]
    ).astype(object)
    u = rng.random(m)
    missing = u < style.missing_place
    province_only = (u >= style.missing_place) & (u < style.missing_place + style.province_only)
    city_only = ~missing & ~province_only & (rng.random(m) < CITY_ONLY)
    city_text = np.where(missing | province_only, "", city_text).astype(object)
    province_text = np.where(missing | city_only, "", province_text).astype(object)
    return province_text, city_text


def _events(
    people: People, who: np.ndarray, latin: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    out = np.empty(len(who), dtype=object)
    event = people.event[who]
    for e, name in enumerate(EVENT_TYPES):
        for labels, is_latin in ((EVENT_LABELS_FA[name], False), (EVENT_LABELS_EN[name], True)):
            mask = (event == e) & (latin == is_latin)
            pick = rng.integers(0, len(labels), size=int(mask.sum()))
            out[mask] = np.array(labels, dtype=object)[pick]
    return out


def source_table(
    people: People, who: np.ndarray, style: SourceStyle, rng: np.random.Generator
) -> pd.DataFrame:
    """The records of ``who`` (person indices, one per record) as ``style`` writes them.

    Columns use internal names (``given``, ``family``…); ``headed`` renames them.
    """
    vocab = vocabulary()
    m = len(who)
    latin = rng.random(m) < style.latin_share
    arabic = ~latin & (rng.random(m) < style.arabic_letters)
    digits = _digits(latin, arabic, style, rng)

    given = _given_names(people, who, latin, rng)
    family = _names(vocab.family, people.family[who], latin, rng)
    father = _names(vocab.father, people.father[who], latin, rng)
    given = with_typos(given, style.typo, rng)
    family = with_typos(family, style.typo, rng)
    father = with_typos(father, style.typo, rng)
    father = np.where(rng.random(m) < style.missing_father, "", father).astype(object)
    swap = rng.random(m) < style.swap
    given, family = np.where(swap, family, given), np.where(swap, given, family)
    given = _honorifics(given.astype(object), people, who, style, latin, rng)

    cols: dict[str, np.ndarray] = {}
    if style.full_name_column:
        cols["full"] = stray_spaces(given + " " + family, style.stray_space, rng)
    else:
        cols["given"] = stray_spaces(given, style.stray_space, rng)
        cols["family"] = stray_spaces(family.astype(object), style.stray_space, rng)
    cols["father"] = father
    cols["age"] = _ages(people, who, latin, digits, style, rng)
    cols["sex"] = _sexes(people, who, latin, style, rng)
    cols["date"] = _dates(people, who, latin, digits, style, rng)
    cols["province"], cols["city"] = _places(people, who, latin, style, rng)
    if style.event_column:
        cols["event"] = _events(people, who, latin, rng)
    for name in ("full", "given", "family", "father", "province", "city"):
        if name in cols:
            cols[name] = arabic_letters(cols[name], arabic)
    return pd.DataFrame(cols)


def headed(table: pd.DataFrame, style: SourceStyle) -> pd.DataFrame:
    """The table with the source's own headers."""
    headers = PERSIAN_HEADERS if style.headers == "fa" else ENGLISH_HEADERS
    return table.rename(columns=headers)
