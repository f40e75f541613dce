"""One person written on one list: its script, spelling, calendar and mistakes."""

from __future__ import annotations

from datetime import date, timedelta

import jdatetime
import numpy as np

from holdout import names, places
from holdout.lists import Errors, Style
from holdout.population import Person

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
# letters a hurried hand or a phone keyboard confuses (dots, near keys, same sound)
_FA_CONFUSED = [("ب", "پ"), ("ج", "چ"), ("ز", "ژ"), ("ک", "گ"), ("س", "ص"), ("ت", "ط"),
                ("ه", "ح"), ("ز", "ذ"), ("ق", "غ"), ("ر", "ز"), ("د", "ذ"), ("ن", "ت")]  # fmt: skip
_EN_NEAR = {"a": "se", "e": "wri", "i": "uoe", "o": "ipu", "u": "yio", "s": "adz", "h": "gj",
            "m": "n", "n": "mb", "r": "et", "d": "sf", "z": "sx", "k": "jl", "b": "vn",
            "l": "k", "t": "ry", "j": "hk", "g": "fh", "f": "dg", "y": "ti", "v": "bc"}  # fmt: skip
# Jalali month names as written in Persian (names, not arithmetic: jdatetime converts)
_FA_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
              "آذر", "دی", "بهمن", "اسفند")  # fmt: skip
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip


def _chance(
    rng: np.random.Generator, p: float, tags: list[str] | None = None, tag: str = ""
) -> bool:
    """A draw with chance ``p``; a hit is noted in ``tags`` (what was done to the record)."""
    hit = bool(rng.random() < p)
    if hit and tags is not None:
        tags.append(tag)
    return hit


def persian_typo(word: str, rng: np.random.Generator) -> str:
    letters = [i for i, c in enumerate(word) if "\u0600" <= c <= "\u06ff"]
    if len(letters) < 3:
        return word
    i = int(rng.choice(letters))
    roll = rng.random()
    if roll < 0.6:
        for a, b in _FA_CONFUSED:
            if word[i] in (a, b):
                return word[:i] + (b if word[i] == a else a) + word[i + 1 :]
    if roll < 0.85:
        return word[:i] + word[i + 1 :]  # a letter dropped
    return word[:i] + word[i] + word[i:]  # a letter doubled


def latin_typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 4:
        return word
    i = int(rng.integers(1, len(word)))
    c = word[i].lower()
    roll = rng.random()
    if roll < 0.4 and c in _EN_NEAR:
        near = _EN_NEAR[c]
        return word[:i] + near[int(rng.integers(len(near)))] + word[i + 1 :]
    if roll < 0.7:
        return word[:i] + word[i + 1 :]
    if roll < 0.85 and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def _join_fa(parts: tuple[str, ...], rng: np.random.Generator, e: Errors) -> str:
    if len(parts) == 1:
        return parts[0]
    roll = rng.random()
    sep = (
        " "
        if roll < e.compound_space
        else (names.ZWNJ if roll < 0.5 + e.compound_space / 2 else "")
    )
    return sep.join(parts)


def _join_latin(parts: tuple[str, ...], rng: np.random.Generator, e: Errors) -> str:
    if len(parts) == 1:
        return parts[0]
    roll = rng.random()
    if roll < e.compound_space:
        return " ".join(parts)
    if roll < e.compound_space + 0.1:
        return "-".join(parts)
    return parts[0] + "".join(p.lower() for p in parts[1:])


def write_part(
    part: names.Part,
    latin: bool,
    scheme: names.Scheme,
    rng: np.random.Generator,
    e: Errors,
    *,
    is_family: bool = False,
    tags: list[str] | None = None,
    role: str = "given",
) -> str:
    """A name part in the record's script, with its list's spelling habits and typos."""
    parts = part.fa if not latin else tuple(names.romanize(p, scheme) for p in part.ph)
    if is_family and len(parts) == 2 and part.ph[1] == "i":
        parts = (parts[0] + (parts[1] if not latin else parts[1].lower()),)  # -ی is always joined
    if not is_family and len(parts) == 2 and _chance(rng, e.compound_drop, tags, "compound_drop"):
        parts = parts[:1]
    text = _join_fa(parts, rng, e) if not latin else _join_latin(parts, rng, e)
    if _chance(rng, e.typo, tags, f"typo_{role}"):
        text = latin_typo(text, rng) if latin else persian_typo(text, rng)
    if not latin and _chance(rng, e.arabic_letters, tags, "arabic_letters"):
        text = text.translate(_ARABIC)
    return text


def _honorific(
    person: Person, latin: bool, style: Style, rng: np.random.Generator, tags: list[str]
) -> str:
    if not _chance(rng, style.errors.honorific, tags, "honorific"):
        return ""
    if person.seyyed and person.sex == "male":
        words: tuple[str, ...] = ("Seyed", "Seyyed", "Sayyid", "Syed") if latin else ("سید",)
    elif person.haj:
        words = ("Haj", "Hajj", "Haji") if latin else ("حاج",)
    elif style.kind == "family":
        words = ("Shahid",) if latin else ("شهید",)
    else:
        return ""
    return str(words[int(rng.integers(len(words)))]) + " "


def _date(
    day: date,
    style: Style,
    latin: bool,
    persian_digits: bool,
    rng: np.random.Generator,
    tags: list[str],
) -> str:
    e = style.errors
    if _chance(rng, e.day_offset, tags, "day_offset"):
        day = day + timedelta(days=int(rng.choice([-2, -1, 1, 2], p=[0.15, 0.35, 0.35, 0.15])))
    month_only = _chance(rng, e.month_only, tags, "month_only")
    how = style.date_style
    if how == "any":
        how = ("english" if rng.random() < 0.5 else "iso") if latin else "jalali"
        if rng.random() < 0.2:  # a Latin post with a Jalali date, a Persian one with a Gregorian
            how = "jalali" if latin else "iso"
    if how in ("jalali", "jalali_words"):
        j = jdatetime.date.fromgregorian(date=day)
        if month_only:
            text = f"{_FA_MONTHS[j.month - 1]} {j.year}"
        elif how == "jalali_words":
            text = f"{j.day} {_FA_MONTHS[j.month - 1]} {j.year}"
        else:
            text = f"{j.year}/{j.month:02d}/{j.day:02d}"
        return text.translate(_FA_DIGITS) if persian_digits else text
    if month_only:
        return f"{_EN_MONTHS[day.month - 1]} {day.year}"
    if how == "english":
        return f"{day.day} {_EN_MONTHS[day.month - 1][:3]} {day.year}"
    if how == "dmy":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return day.isoformat()


def _age(person: Person, style: Style, rng: np.random.Generator, tags: list[str]) -> str:
    age = person.age
    if _chance(rng, style.errors.age_offset, tags, "age_offset"):
        age = max(1, age + int(rng.choice([-3, -2, -1, 1, 2, 3], p=[0.1, 0.2, 0.2, 0.2, 0.2, 0.1])))
    if style.age_style == "rounded":
        return str(int(5 * round(age / 5))) if age >= 15 else str(age)
    if style.age_style == "birth_jalali":
        return str(jdatetime.date.fromgregorian(date=person.day).year - age)
    if style.age_style == "birth_gregorian":
        return str(person.day.year - age)
    return str(age)


def write_record(
    person: Person, style: Style, e: Errors, rng: np.random.Generator
) -> tuple[dict[str, str], bool, list[str]]:
    """The cells of one row (field -> text), whether the row is in Latin script, and
    what was done to it (tags such as typo_given, day_offset, missing_date)."""
    tags: list[str] = []
    style_e = style.__class__(**{**style.__dict__, "errors": e})
    latin = style.script == "latin" or (style.script == "mixed" and _chance(rng, style.latin_share))
    scheme = names.SCHEMES[style.scheme]
    if latin and _chance(rng, e.other_scheme, tags, "other_scheme"):
        scheme = list(names.SCHEMES.values())[int(rng.integers(len(names.SCHEMES)))]
    fam = names.FAMILIES[person.family].part
    given = write_part(person.given, latin, scheme, rng, e, tags=tags)
    family = write_part(fam, latin, scheme, rng, e, is_family=True, tags=tags, role="family")
    father = write_part(person.father, latin, scheme, rng, e, tags=tags, role="father")
    if person.seyyed and person.sex == "female" and _chance(rng, e.honorific, tags, "honorific"):
        given += " Sadat" if latin else " سادات"
    given = _honorific(person, latin, style_e, rng, tags) + given
    if _chance(rng, e.swap, tags, "swap"):
        given, family = family, given
    persian_digits = not latin and _chance(rng, 0.5)
    prov = places.PROVINCES[person.province]
    if _chance(rng, e.wrong_province, tags, "wrong_province"):
        prov = places.PROVINCES[int(rng.integers(len(places.PROVINCES)))]
    city_fa, city_en = prov.cities[person.city % len(prov.cities)]
    cells: dict[str, str] = {
        "given_name": given,
        "family_name": family,
        "full_name": f"{given} {family}",
        "father_name": father,
        "age": _age(person, style_e, rng, tags),
        "sex": style.sex_words[0 if person.sex == "male" else 1],
        "date": _date(person.day, style_e, latin, persian_digits, rng, tags),
        "province": prov.en if latin else prov.fa,
        "city": city_en if latin else city_fa,
    }
    if persian_digits:
        cells["age"] = cells["age"].translate(_FA_DIGITS)
    for fld in ("father_name", "age", "sex", "date", "province", "city"):
        if _chance(rng, e.missing, tags, f"missing_{fld}"):
            cells[fld] = ""
    return cells, latin, tags
