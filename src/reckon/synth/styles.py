"""Kinds of source and how each writes its list: script, calendar, headers, error rates.

A case with K sources takes the first K of ``STYLE_ORDER`` (cycling, with "_2",
"_3"… after the name when K is larger). Every rate is the probability per
record (or per name field, for typos) and is documented in ``docs/synth.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

PERSIAN_HEADERS = {
    "id": "ردیف",
    "given": "نام",
    "family": "نام خانوادگی",
    "full": "نام و نام خانوادگی",
    "father": "نام پدر",
    "age": "سن",
    "sex": "جنسیت",
    "date": "تاریخ",
    "province": "استان",
    "city": "شهر",
    "event": "وضعیت",
    "count": "تعداد",
    "notes": "توضیحات",
}
ENGLISH_HEADERS = {
    "id": "id",
    "given": "given name",
    "family": "family name",
    "full": "name",
    "father": "father's name",
    "age": "age",
    "sex": "sex",
    "date": "date",
    "province": "province",
    "city": "city",
    "event": "event",
    "count": "count",
    "notes": "notes",
}


@dataclass(frozen=True)
class SourceStyle:
    """How one source writes its records, and how often it errs."""

    name: str
    kind: str  # reckon.store.schema.SOURCE_KINDS
    headers: str  # "fa" or "en"
    latin_share: float  # share of records written in Latin script
    calendar: str  # "jalali" or "gregorian": the source's usual calendar
    other_calendar: float  # share of dates written in the other calendar
    persian_digits: float  # share of Persian-script records written with Persian digits
    full_name_column: bool = False  # one "name" column instead of given + family
    event_column: bool = True
    id_prefix: str = ""
    # capture model
    base_logit: float = 0.0
    regional: bool = False  # covers only some provinces (a morgue, a hospital)
    copies_from: str | None = None  # a source it partly copies (list dependence)
    copy_boost: float = 0.0  # added to the capture logit when on that source
    women_children_boost: float = 0.0  # media notice women and children more
    # errors
    arabic_letters: float = 0.05  # ي/ك (Arabic keyboard) instead of ی/ک
    seyyed_shown: float = 0.5  # a seyyed's سید written before the given name
    haj_shown: float = 0.0  # حاج before the names of men over 45
    shahid: float = 0.0  # شهید (martyr) before the name
    marhoum: float = 0.0  # مرحوم (the late) before the name
    typo: float = 0.03  # per name field: one letter changed, dropped, doubled or swapped
    swap: float = 0.02  # given and family names swapped
    missing_father: float = 0.3
    missing_age: float = 0.1
    age_off_1: float = 0.08  # age off by one year
    age_off_2: float = 0.03  # age off by two years
    age_words: float = 0.1  # «۲۳ ساله» / "23 years" rather than a bare number
    missing_sex: float = 0.05
    date_off: float = 0.10  # date 1–3 days off
    missing_date: float = 0.03
    month_only: float = 0.01  # «دی ۱۴۰۴» / "January 2026"
    province_only: float = 0.2  # no city, the province only
    missing_place: float = 0.03
    duplicate: float = 0.03  # a second record of the same person in the same list
    stray_space: float = 0.02  # a leading, trailing or doubled space in a name
    incidents: int = 0  # incident rows ("14 bodies, unnamed") per 10,000 records, min 3


STYLES: dict[str, SourceStyle] = {
    s.name: s
    for s in (
        SourceStyle(
            name="morgue",
            kind="morgue",
            headers="fa",
            latin_share=0.0,
            calendar="jalali",
            other_calendar=0.03,
            persian_digits=0.85,
            event_column=False,
            id_prefix="BZ-",
            base_logit=0.6,
            regional=True,
            arabic_letters=0.10,
            missing_father=0.35,
            missing_age=0.10,
            missing_sex=0.0,
            province_only=0.15,
            duplicate=0.02,
            incidents=5,
        ),
        SourceStyle(
            name="ngo",
            kind="ngo",
            headers="en",
            latin_share=1.0,
            calendar="gregorian",
            other_calendar=0.05,
            persian_digits=0.0,
            id_prefix="NGO-2026-",
            base_logit=0.2,
            typo=0.04,
            missing_father=0.5,
            missing_age=0.12,
            province_only=0.3,
            duplicate=0.03,
        ),
        SourceStyle(
            name="family",
            kind="family",
            headers="fa",
            latin_share=0.0,
            calendar="jalali",
            other_calendar=0.05,
            persian_digits=0.5,
            base_logit=-1.0,
            copies_from="ngo",
            copy_boost=0.9,
            shahid=0.25,
            marhoum=0.05,
            haj_shown=0.3,
            seyyed_shown=0.8,
            missing_father=0.1,
            missing_age=0.05,
            age_off_1=0.04,
            age_off_2=0.01,
            date_off=0.05,
            province_only=0.2,
            duplicate=0.04,
        ),
        SourceStyle(
            name="hospital",
            kind="hospital",
            headers="fa",
            latin_share=0.0,
            calendar="jalali",
            other_calendar=0.02,
            persian_digits=0.2,
            event_column=False,
            id_prefix="H",
            base_logit=-0.6,
            regional=True,
            arabic_letters=0.6,
            missing_father=0.6,
            missing_age=0.08,
            age_off_1=0.15,
            age_off_2=0.06,
            province_only=0.1,
            duplicate=0.02,
        ),
        SourceStyle(
            name="social",
            kind="social",
            headers="en",
            latin_share=0.35,
            calendar="jalali",
            other_calendar=0.3,
            persian_digits=0.6,
            full_name_column=True,
            base_logit=-0.4,
            copies_from="family",
            copy_boost=0.7,
            women_children_boost=0.8,
            shahid=0.3,
            typo=0.05,
            missing_father=0.7,
            missing_age=0.25,
            missing_sex=0.2,
            date_off=0.15,
            province_only=0.35,
            missing_place=0.08,
            duplicate=0.08,
        ),
        SourceStyle(
            name="media",
            kind="media",
            headers="en",
            latin_share=1.0,
            calendar="gregorian",
            other_calendar=0.1,
            persian_digits=0.0,
            base_logit=-0.7,
            copies_from="social",
            copy_boost=1.0,
            women_children_boost=0.8,
            missing_father=0.8,
            missing_age=0.15,
            province_only=0.3,
            duplicate=0.03,
        ),
        SourceStyle(
            name="official",
            kind="official",
            headers="fa",
            latin_share=0.0,
            calendar="jalali",
            other_calendar=0.0,
            persian_digits=0.9,
            id_prefix="OF-",
            base_logit=-0.9,
            copies_from="morgue",
            copy_boost=1.5,
            seyyed_shown=0.9,
            typo=0.01,
            swap=0.005,
            missing_father=0.02,
            missing_age=0.02,
            age_off_1=0.02,
            age_off_2=0.005,
            date_off=0.02,
            province_only=0.05,
            duplicate=0.005,
        ),
    )
}
STYLE_ORDER = ("morgue", "ngo", "family", "hospital", "social", "media", "official")


def plan_sources(k: int) -> list[SourceStyle]:
    """The styles of a case with ``k`` sources, with unique names."""
    planned: list[SourceStyle] = []
    for i in range(k):
        base = STYLES[STYLE_ORDER[i % len(STYLE_ORDER)]]
        round_ = i // len(STYLE_ORDER)
        if round_ == 0:
            planned.append(base)
        else:
            parent = f"{base.copies_from}_{round_ + 1}" if base.copies_from else None
            planned.append(replace(base, name=f"{base.name}_{round_ + 1}", copies_from=parent))
    names = {s.name for s in planned}
    # a source copies only from a source the case has
    return [s if s.copies_from in names else replace(s, copies_from=None) for s in planned]


RATE_FIELDS = (
    ("latin_share", "records in Latin script"),
    ("other_calendar", "dates in the other calendar"),
    ("persian_digits", "Persian-script records with Persian digits"),
    ("arabic_letters", "Arabic ي/ك (and, half the time, Arabic-Indic digits)"),
    ("seyyed_shown", "a seyyed's سید shown"),
    ("haj_shown", "حاج shown (men over 45)"),
    ("shahid", "شهید before the name"),
    ("marhoum", "مرحوم before the name"),
    ("typo", "typo, per name field"),
    ("swap", "given and family names swapped"),
    ("missing_father", "father's name missing"),
    ("missing_age", "age missing"),
    ("age_off_1", "age off by one year"),
    ("age_off_2", "age off by two years"),
    ("age_words", "age written «۲۳ ساله» / “23 years”"),
    ("missing_sex", "sex missing"),
    ("date_off", "date 1–3 days off"),
    ("missing_date", "date missing"),
    ("month_only", "month and year only"),
    ("province_only", "province only (no city)"),
    ("missing_place", "no place"),
    ("duplicate", "duplicate record in the same list"),
    ("stray_space", "stray space in a name"),
)


def rates_table() -> str:
    """The error rates of every style as a Markdown table (docs/synth.md holds a copy)."""
    styles = [STYLES[name] for name in STYLE_ORDER]
    lines = [
        "| rate | " + " | ".join(s.name for s in styles) + " |",
        "| --- |" + " ---: |" * len(styles),
    ]
    for attr, label in RATE_FIELDS:
        cells = " | ".join(f"{getattr(s, attr) * 100:g}%" for s in styles)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)
