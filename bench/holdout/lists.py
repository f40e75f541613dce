"""The lists: their kinds, columns, scripts, capture and error rates.

With K lists the case takes the first K of ``ORDER``. Rates are those of the
"hard" linkage knob; "easy" scales every error rate by ``EASY``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EASY = 0.3


@dataclass(frozen=True)
class Errors:
    """Chances per record (per name part for typos)."""

    typo: float = 0.06
    swap: float = 0.03  # given and family names in each other's column
    compound_drop: float = 0.03  # one part of a compound given name left out
    day_offset: float = 0.10  # written 1 or 2 days off
    month_only: float = 0.03
    age_offset: float = 0.15  # 1 to 3 years off
    missing: float = 0.05  # any one optional cell left empty
    duplicate: float = 0.02  # the list names the person twice
    honorific: float = 0.10  # سید / حاج / شهید written in the name
    arabic_letters: float = 0.0  # ي and ك for ی and ک
    compound_space: float = 0.4  # compounds split by a space (else joined or ZWNJ)
    other_scheme: float = 0.25  # a Latin record in another scheme than the list's
    wrong_province: float = 0.02

    def scaled(self, factor: float) -> Errors:
        keep = {"arabic_letters", "compound_space", "other_scheme"}
        return Errors(**{k: (v if k in keep else v * factor) for k, v in self.__dict__.items()})


@dataclass(frozen=True)
class Style:
    name: str
    kind: str
    script: str  # "persian", "latin" or "mixed" (per record)
    latin_share: float  # for "mixed"
    scheme: str  # the list's usual Latin scheme
    headers: dict[str, str]  # field -> header, in the order written
    date_style: str  # jalali, jalali_words, iso, english, dmy, any
    age_style: str  # age, rounded, birth_jalali, birth_gregorian, none
    base: float  # capture probability of an average person where the list reaches
    sensitivity: float  # how much the latent visibility class moves this list
    regional: float  # share of deaths in the provinces it covers (1: everywhere)
    depends: tuple[tuple[str, float], ...] = ()  # (list it leans on, log-odds)
    women_children: float = 0.0
    errors: Errors = field(default_factory=Errors)
    id_prefix: str = "R"
    sex_words: tuple[str, str] = ("male", "female")


_FA = {
    "id": "ردیف",
    "given_name": "نام",
    "family_name": "نام خانوادگی",
    "father_name": "نام پدر",
    "age": "سن",
    "sex": "جنسیت",
    "date": "تاریخ فوت",
    "province": "استان",
    "city": "شهر",
}
_EN = {
    "id": "id",
    "given_name": "first name",
    "family_name": "last name",
    "father_name": "father's name",
    "age": "age",
    "sex": "gender",
    "date": "date of death",
    "province": "province",
    "city": "city",
}


def _pick(table: dict[str, str], *fields: str, **renamed: str) -> dict[str, str]:
    out = {f: table[f] for f in fields}
    out.update(renamed)
    return out


STYLES: dict[str, Style] = {
    s.name: s
    for s in (
        Style(
            "morgue", "morgue", "persian", 0.0, "english",
            _pick(_FA, "id", "given_name", "family_name", "father_name", "age", "sex",
                  "date", "province", "city"),
            "jalali", "age", base=0.45, sensitivity=0.5, regional=0.6, id_prefix="MG",
            sex_words=("مرد", "زن"),
            errors=Errors(typo=0.04, honorific=0.03, duplicate=0.01),
        ),
        Style(
            "ngo", "ngo", "latin", 1.0, "english",
            _pick(_EN, "id", "given_name", "family_name", "father_name", "age", "sex",
                  "date", "province", "city"),
            "iso", "age", base=0.40, sensitivity=1.0, regional=1.0, id_prefix="NGO",
            errors=Errors(typo=0.05, other_scheme=0.3),
        ),
        Style(
            "family", "family", "persian", 0.0, "english",
            _pick(_FA, "id", "given_name", "family_name", "father_name", "province", "city",
                  age="متولد", date="تاریخ جان باختن"),
            "jalali_words", "birth_jalali", base=0.30, sensitivity=1.0, regional=1.0,
            depends=(("ngo", 1.0),), id_prefix="FM", sex_words=("مرد", "زن"),
            errors=Errors(honorific=0.25, day_offset=0.05, age_offset=0.10, duplicate=0.03),
        ),
        Style(
            "social", "social", "mixed", 0.6, "quick",
            {"id": "id", "full_name": "name", "date": "date", "province": "province"},
            "any", "none", base=0.30, sensitivity=1.4, regional=1.0,
            depends=(("family", 0.6),), women_children=0.7, id_prefix="SM",
            errors=Errors(typo=0.08, day_offset=0.15, month_only=0.02, duplicate=0.05,
                          other_scheme=0.4, compound_space=0.6),
        ),
        Style(
            "hospital", "hospital", "persian", 0.0, "english",
            {"id": "شماره", "full_name": "نام و نام خانوادگی", "father_name": "نام پدر",
             "age": "سن", "sex": "جنسیت", "date": "تاریخ", "city": "شهر"},
            "jalali", "rounded", base=0.25, sensitivity=0.7, regional=0.5,
            depends=(("morgue", -1.0),), id_prefix="HS", sex_words=("مذکر", "مونث"),
            errors=Errors(typo=0.07, arabic_letters=0.8, day_offset=0.08, honorific=0.02),
        ),
        Style(
            "media", "media", "latin", 1.0, "arabic",
            {"id": "id", "full_name": "name", "age": "age", "date": "date", "city": "city"},
            "english", "age", base=0.25, sensitivity=1.3, regional=1.0,
            depends=(("social", 1.2),), women_children=0.7, id_prefix="MD",
            errors=Errors(typo=0.06, month_only=0.10, age_offset=0.25, other_scheme=0.35),
        ),
        Style(
            "ngo_2", "ngo", "latin", 1.0, "french",
            {"id": "ref", "full_name": "full name", "father_name": "father", "age": "born",
             "sex": "sex", "date": "date", "province": "province"},
            "dmy", "birth_gregorian", base=0.30, sensitivity=1.0, regional=1.0,
            depends=(("ngo", -0.8),), id_prefix="N2", sex_words=("M", "F"),
            errors=Errors(typo=0.05, other_scheme=0.3),
        ),
        Style(
            "family_2", "family", "persian", 0.0, "english",
            {"id": "کد", "full_name": "نام و نام خانوادگی", "father_name": "فرزند",
             "age": "سن", "date": "تاریخ", "province": "استان"},
            "jalali_words", "age", base=0.20, sensitivity=1.2, regional=1.0,
            depends=(("family", 0.7),), id_prefix="F2",
            errors=Errors(honorific=0.3, typo=0.05, duplicate=0.03),
        ),
    )
}  # fmt: skip
ORDER = tuple(STYLES)

VISIBILITY: dict[str, list[tuple[float, float]]] = {
    "homogeneous": [(1.0, 0.0)],
    "mixed": [(0.5, 0.8), (0.5, -0.8)],
    # a hard-to-reach class that most lists miss
    "hard": [(0.2, 1.5), (0.5, 0.0), (0.3, -2.5)],
}
