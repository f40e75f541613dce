"""The report's tables: counts computed from the case's records and persons (pure pandas).

Counts are of *persons* when the case is linked and of *records* otherwise
(the report says which). Every table can be downloaded as CSV from the report.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jdatetime
import pandas as pd

from reckon.exports import safe_cell

UNKNOWN = "unknown"
AGE_BINS = (0, 10, 15, 18, 20, 25, 30, 35, 40, 50, 60, 200)
TOP_PATTERNS = 20
_SEX_HXL = {"male": "m", "female": "f", UNKNOWN: "sex_unknown"}

# codes shown to an English reader as words (the CSVs keep the codes)
EN_TERMS = {
    "event_type": "event",
    "died_in_custody": "died in custody",
    "under_investigation": "under investigation",
    "unknown": "not stated",
}

# the tables' fixed words for a Persian reader (their CSVs keep the English column names)
FA_TERMS = {
    "Lists": "فهرست‌ها",
    "Records by kind of list": "سوابق به تفکیک نوع فهرست",
    "By event": "به تفکیک رویداد",
    "By province": "به تفکیک استان",
    "Persons on both lists": "افراد مشترک میان دو فهرست",
    "Capture patterns (1 = on the list)": "الگوهای حضور در فهرست‌ها (۱ = در فهرست)",
    "By day": "به تفکیک روز",
    "Age and sex (persons)": "سن و جنس (نفر)",
    "Age and sex (records)": "سن و جنس (سابقه)",
    "Corroboration": "تأیید",
    "Estimate by province": "برآورد به تفکیک استان",
    "Estimate by month": "برآورد به تفکیک ماه",
    "Estimate by sex": "برآورد به تفکیک جنس",
    "Estimate by age_group": "برآورد به تفکیک گروه سنی",
    "(small strata merged)": "طبقه‌های کوچکِ ادغام‌شده",
    "month": "ماه",
    "sex": "جنس",
    "age_group": "گروه سنی",
    "source": "فهرست",
    "kind": "نوع",
    "records": "سابقه",
    "incident rows": "ردیف‌های رخداد",
    "persons": "نفر",
    "event_type": "رویداد",
    "code": "کد",
    "province (fa)": "استان",
    "province (en)": "استان (انگلیسی)",
    "list": "فهرست",
    "date": "تاریخ میلادی",
    "date (Jalali)": "تاریخ خورشیدی",
    "age": "سن",
    "male": "مرد",
    "female": "زن",
    "unknown": "نامعلوم",
    "status": "وضعیت",
    "confirmed": "تأییدشده",
    "under_investigation": "در دست بررسی",
    "killed": "کشته",
    "died_in_custody": "مرگ در بازداشت",
    "executed": "اعدام",
    "detained": "بازداشت",
    "disappeared": "ناپدید",
    "injured": "زخمی",
    "morgue": "سردخانه",
    "hospital": "بیمارستان",
    "family": "خانواده",
    "ngo": "سازمان غیردولتی",
    "media": "رسانه",
    "social": "شبکه‌ی اجتماعی",
    "official": "رسمی",
    "other": "دیگر",
    "province": "استان",
    "documented": "مستندشده",
    "estimated": "برآورد",
    "95% low": "کران پایین ۹۵٪",
    "95% high": "کران بالای ۹۵٪",
}


@dataclass(frozen=True)
class Table:
    """A titled table; ``persian`` names the columns that may hold Persian text."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    persian: frozenset[str] = field(default_factory=frozenset)
    hxl: tuple[str, ...] = ()  # one HXL hashtag per column, written as the CSV's second row

    def to_csv(self) -> str:
        """CSV whose cells a spreadsheet will not run as formulas (list names come from users).

        The second row holds the HXL hashtags (hxlstandard.org), so humanitarian tools read
        the columns whatever their language.
        """
        safe = [[safe_cell(v) if isinstance(v, str) else v for v in row] for row in self.rows]
        tags = [list(self.hxl)] if self.hxl else []
        frame = pd.DataFrame(tags + safe, columns=[safe_cell(c) for c in self.columns])
        return frame.to_csv(index=False, lineterminator="\n")


@cache
def province_names() -> dict[str, tuple[str, str]]:
    """ISO code -> (English, Persian) from the normalizer's gazetteer, when it is there."""
    try:
        from reckon.normalize.places import provinces
    except ImportError:  # the report still works, with codes only
        return {}
    return {code: (p.en, p.fa) for code, p in provinces().items()}


def jalali(day: dt.date) -> str:
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year}-{j.month:02d}-{j.day:02d}"


def _counts(series: pd.Series, name: str) -> pd.DataFrame:
    values = series.astype(object).where(series.notna(), UNKNOWN)
    counts = values.value_counts()
    return pd.DataFrame({name: counts.index.astype(str), "count": counts.to_numpy()})


def by_source(sources: pd.DataFrame, linked: bool) -> Table:
    cols = ["source", "kind", "records", "incident rows"] + (["persons"] if linked else [])
    rows = [
        [r["source"], r["kind"], int(r["records"]), int(r["incidents"])]
        + ([int(r["persons"])] if linked else [])
        for r in sources.to_dict("records")
    ]
    hxl: tuple[str, ...] = (
        "#org+name",
        "#org+type",
        "#indicator+records+num",
        "#indicator+incidents+num",
    )
    hxl += ("#affected+num",) if linked else ()
    return Table("by_source", "Lists", cols, rows, frozenset({"source"}), hxl)


def by_kind(sources: pd.DataFrame) -> Table:
    grouped = sources.groupby("kind", sort=True)[["records"]].sum().reset_index()
    rows = [[r["kind"], int(r["records"])] for r in grouped.to_dict("records")]
    return Table(
        "by_kind",
        "Records by kind of list",
        ["kind", "records"],
        rows,
        hxl=("#org+type", "#indicator+records+num"),
    )


def by_field(units: pd.DataFrame, column: str, title: str, unit: str) -> Table:
    counts = _counts(units[column], column)
    return Table(
        f"by_{column}",
        title,
        [column, unit],
        counts.to_numpy().tolist(),
        hxl=(f"#{column.replace('_', '')}", "#affected+num"),
    )


def by_province(units: pd.DataFrame, unit: str) -> Table:
    counts = _counts(units["province_code"], "province_code")
    names = province_names()
    rows = []
    for code, n in counts.itertuples(index=False):
        en, fa = names.get(code, ("", ""))
        rows.append([code, fa, en, int(n)])
    return Table(
        "by_province",
        "By province",
        ["code", "province (fa)", "province (en)", unit],
        rows,
        frozenset({"province (fa)"}),
        ("#adm1+code", "#adm1+name+i_fa", "#adm1+name+i_en", "#affected+num"),
    )


def timeline(units: pd.DataFrame, unit: str) -> Table:
    """Per day (dates known to the day), with the Jalali and Gregorian date."""
    days = units.loc[units["date_precision"].astype(str) == "day", "date_start"].dropna()
    days = pd.to_datetime(days.astype(str), errors="coerce").dropna().dt.date
    counts = days.value_counts().sort_index()
    rows = [
        [d.isoformat(), jalali(d), int(n)]
        for d, n in zip(counts.index.tolist(), counts.tolist(), strict=True)
    ]
    return Table(
        "timeline",
        "By day",
        ["date", "date (Jalali)", unit],
        rows,
        hxl=("#date", "#date+jalali", "#affected+num"),
    )


def ages(units: pd.DataFrame, unit: str) -> Table:
    age = pd.to_numeric(units["age"], errors="coerce")
    labels = [f"{lo}–{hi - 1}" if hi < 200 else f"{lo}+" for lo, hi in itertools.pairwise(AGE_BINS)]
    binned = pd.cut(age, bins=list(AGE_BINS), right=False, labels=labels)
    sex = units["sex"].astype(object).where(units["sex"].notna(), UNKNOWN)
    table = pd.crosstab(binned, sex).reindex(labels, fill_value=0)
    sexes = [s for s in ("male", "female", UNKNOWN) if s in table.columns]
    sexes += [s for s in table.columns if s not in sexes]
    cells = table[sexes].to_numpy().tolist()
    rows = [[label, *[int(v) for v in row]] for label, row in zip(labels, cells, strict=True)]
    rows.append([UNKNOWN, *[int(((age.isna()) & (sex == s)).sum()) for s in sexes]])
    hxl = ("#group+age", *(f"#affected+{_SEX_HXL.get(s, 'sex_' + s)}" for s in sexes))
    return Table("ages", f"Age and sex ({unit})", ["age", *sexes], rows, hxl=hxl)


def capture_histories(records: pd.DataFrame) -> pd.DataFrame:
    """One 0/1 column per list (in import order) and ``count``: persons per capture pattern.

    A record that linkage left without a person counts as a person of its own.
    """
    named = records.loc[~records["is_incident"].astype(bool)].reset_index(drop=True)
    if named.empty:
        return pd.DataFrame({"count": pd.Series([], dtype="int64")})
    names = list(dict.fromkeys(named["source"]))
    person = named["person_id"].astype(object)
    person = person.where(person.notna(), "r" + named.index.astype(str))
    onlist = (pd.crosstab(person.astype(str), named["source"]) > 0).reindex(columns=names)
    table = onlist.astype("int64").value_counts().rename("count").reset_index()
    return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def overlaps(histories: pd.DataFrame) -> tuple[Table, Table]:
    """Persons named by each pair of lists, and the most common capture patterns."""
    names = [c for c in histories.columns if c != "count"]
    h = histories[names].to_numpy(dtype="int64")
    counts = histories["count"].to_numpy(dtype="int64")
    # weighted Gram matrix: persons on each pair of lists (the diagonal: on each list)
    both = (h.T @ (h * counts[:, None])).tolist()
    matrix: list[list[Any]] = [[a, *both[i]] for i, a in enumerate(names)]
    pair_table = Table(
        "overlaps",
        "Persons on both lists",
        ["list", *names],
        matrix,
        frozenset({"list"}),
        ("#org+name", *["#affected+num"] * len(names)),
    )
    top = histories.head(TOP_PATTERNS).to_numpy(dtype="int64").tolist()
    pattern_table = Table(
        "patterns",
        "Capture patterns (1 = on the list)",
        [*names, "persons"],
        top,
        hxl=(*["#indicator+on_list"] * len(names), "#affected+num"),
    )
    return pair_table, pattern_table


def corroboration(persons: pd.DataFrame) -> Table:
    named = persons.loc[~persons["is_incident"].astype(bool)]
    counts = _counts(named["status"], "status")
    by_sources = named["n_sources"].value_counts().sort_index()
    rows = counts.to_numpy().tolist()
    rows += [
        [f"named by {int(k)} list{'s' if k != 1 else ''}", int(n)]
        for k, n in zip(by_sources.index.tolist(), by_sources.tolist(), strict=True)
    ]
    return Table(
        "corroboration",
        "Corroboration",
        ["status", "persons"],
        rows,
        hxl=("#status", "#affected+num"),
    )
