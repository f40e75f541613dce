"""How a list writes a value: script, digits, calendars, and the slips of a hand.

Every function takes parallel numpy arrays and returns an object array of
strings, so a million records are written by table look-ups; only the few
values that receive a typo go through a Python loop.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import numpy as np

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# An Arabic keyboard writes Arabic yeh and kaf for the Persian letters.
ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})

JALALI_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
JALALI_MONTHS_LATIN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
GREGORIAN_MONTHS_FA = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)  # fmt: skip
GREGORIAN_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Date formats by (calendar, script), with their weights.
DATE_FORMATS: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {
    ("jalali", "fa"): (("j_text_fa", 0.30), ("j_slash", 0.55), ("j_dash", 0.15)),
    ("jalali", "latin"): (("j_slash", 0.7), ("j_text_latin", 0.3)),
    ("gregorian", "fa"): (("g_text_fa", 0.5), ("g_iso", 0.3), ("g_slash", 0.2)),
    ("gregorian", "latin"): (("g_iso", 0.55), ("g_dmy", 0.30), ("g_mdy", 0.15)),
}
DIGITS = ("ascii", "persian", "arabic")

# Letters a hand or an eye confuses in Persian script.
PERSIAN_CONFUSABLE = ("هح", "سصث", "زذضظ", "تط", "قغ", "اآ", "بپ", "جچ", "کگ", "رز")
PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
LATIN_CONFUSABLE = ("aeo", "iy", "ou", "kgq", "sz", "vw")
LATIN_LETTERS = "abdefghijklmnoprstuvyz"


def with_digits(values: np.ndarray, digits: np.ndarray) -> np.ndarray:
    """Rewrite ASCII digits as Persian (1) or Arabic-Indic (2) digits where asked."""
    out = values.copy()
    for code, table in ((1, PERSIAN_DIGITS), (2, ARABIC_INDIC_DIGITS)):
        idx = np.flatnonzero(digits == code)
        out[idx] = [str(v).translate(table) for v in values[idx]]
    return out


def arabic_letters(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = values.copy()
    idx = np.flatnonzero(mask)
    out[idx] = [str(v).translate(ARABIC_LETTERS) for v in values[idx]]
    return out


def _confusable(ch: str, groups: tuple[str, ...], letters: str, pick: float) -> str:
    for group in groups:
        if ch in group and len(group) > 1:
            others = group.replace(ch, "")
            return others[int(pick * len(others))]
    return letters[int(pick * len(letters))]


def typo(text: str, op: int, where: float, pick: float) -> str:
    """One slip: substitute (0), drop (1), double (2) or swap (3) the letter at ``where``."""
    if len(text) < 3:
        return text
    i = min(int(where * len(text)), len(text) - 1)
    ch = text[i]
    if not ch.isalpha():
        return text
    latin = ch.isascii()
    if op == 0:
        groups, letters = (
            (LATIN_CONFUSABLE, LATIN_LETTERS) if latin else (PERSIAN_CONFUSABLE, PERSIAN_LETTERS)
        )
        new = _confusable(ch.lower() if latin else ch, groups, letters, pick)
        if latin and ch.isupper():
            new = new.upper()
        return text[:i] + new + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        return text[:i] + ch + text[i:]
    j = i + 1 if i + 1 < len(text) else i - 1
    a, b = sorted((i, j))
    return text[:a] + text[b] + text[a] + text[b + 1 :]


def with_typos(values: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Give each non-empty value a typo with probability ``rate``."""
    hit = np.flatnonzero((rng.random(len(values)) < rate) & (values != ""))
    ops = rng.integers(0, 4, size=len(hit))
    where = rng.random(len(hit))
    pick = rng.random(len(hit))
    out = values.copy()
    out[hit] = [
        typo(str(v), int(o), float(w), float(p))
        for v, o, w, p in zip(values[hit], ops, where, pick, strict=True)
    ]
    return out


def stray_spaces(values: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """A leading, trailing or doubled space, as copy-paste leaves them."""
    hit = np.flatnonzero((rng.random(len(values)) < rate) & (values != ""))
    kind = rng.integers(0, 3, size=len(hit))
    out = values.copy()
    out[hit] = [
        " " + v if k == 0 else v + " " if k == 1 else str(v).replace(" ", "  ", 1) + " "
        for v, k in zip(values[hit], kind, strict=True)
    ]
    return out


def choose(options: tuple[tuple[str, float], ...], n: int, rng: np.random.Generator) -> np.ndarray:
    names = np.array([o[0] for o in options], dtype=object)
    weights = np.array([o[1] for o in options])
    return names[rng.choice(len(options), size=n, p=weights / weights.sum())]


def format_date(day: dt.date, fmt: str, month_only: bool) -> str:
    """One date in one format, with ASCII digits (``with_digits`` localises them)."""
    if fmt.startswith("j_"):
        j = jdatetime.date.fromgregorian(date=day)
        if fmt == "j_text_fa":
            month = JALALI_MONTHS_FA[j.month - 1]
            return f"{month} {j.year}" if month_only else f"{j.day} {month} {j.year}"
        if fmt == "j_text_latin":
            month = JALALI_MONTHS_LATIN[j.month - 1]
            return f"{month} {j.year}" if month_only else f"{j.day} {month} {j.year}"
        sep = "/" if fmt == "j_slash" else "-"
        if month_only:
            return f"{j.year}{sep}{j.month:02d}"
        return f"{j.year}{sep}{j.month:02d}{sep}{j.day:02d}"
    if fmt == "g_text_fa":
        month = GREGORIAN_MONTHS_FA[day.month - 1]
        return f"{month} {day.year}" if month_only else f"{day.day} {month} {day.year}"
    if fmt in ("g_iso", "g_slash"):
        sep = "-" if fmt == "g_iso" else "/"
        if month_only:
            return f"{day.year}{sep}{day.month:02d}"
        return f"{day.year}{sep}{day.month:02d}{sep}{day.day:02d}"
    month = GREGORIAN_MONTHS_EN[day.month - 1]
    if month_only:
        return f"{month} {day.year}"
    if fmt == "g_dmy":
        return f"{day.day} {month[:3]} {day.year}"
    return f"{month} {day.day}, {day.year}"  # g_mdy


def format_dates(
    peak: dt.date,
    day: np.ndarray,
    fmt: np.ndarray,
    month_only: np.ndarray,
    digits: np.ndarray,
) -> np.ndarray:
    """Dates as written, by look-up on the few distinct (day, format, precision) triples."""
    fmt_names = sorted(set(fmt.tolist()))
    fmt_code = np.searchsorted(np.array(fmt_names, dtype=object), fmt)
    lo = int(day.min()) if len(day) else 0
    key = ((day - lo) * len(fmt_names) + fmt_code) * 2 + month_only.astype(np.int64)
    uniq, inverse = np.unique(key, return_inverse=True)
    rendered = np.empty(len(uniq), dtype=object)
    for u, k in enumerate(uniq.tolist()):
        mo = bool(k % 2)
        f = fmt_names[(k // 2) % len(fmt_names)]
        d = lo + (k // 2) // len(fmt_names)
        rendered[u] = format_date(peak + dt.timedelta(days=d), f, mo)
    return with_digits(rendered[inverse], digits)
