"""Persian names: one canonical spelling, honorifics set aside, full names split.

Letter forms (decided here, applied to every name):

* Arabic variants become the Persian letter: ي ى ئ → ی, ك → ک, ة ۀ ہ ھ → ه,
  أ إ ٱ → ا, ؤ → و. ئ → ی because lists spell the same name both ways
  (رضائی / رضایی, فائزه / فایزه). آ and ء are Persian letters and stay.
* Diacritics (harakat, tanwin, shadda, sukun, superscript alef) and tatweel
  are removed; Persian and Arabic-Indic digits become ASCII digits.
* Zero-width and bidi controls go, except the zero-width non-joiner (ZWNJ),
  which stays inside a word and is removed at word edges; family-name affixes
  (زاده، پور، نژاد، فر) are joined to their stem with a ZWNJ in Persian script
  and without space in Latin script («حسین زاده» → «حسین‌زاده», Hossein Zadeh →
  Hosseinzadeh).
* Honorifics and titles (سید، سیده، حاج، شهید، دکتر, Seyed, Haj, Dr …) leave the
  name and go to ``honorifics`` under one canonical token each ("sayyed"),
  also when written onto a known given name («سیدمحمد»). «میر» is a title
  only before a given name (Mir Hossein), «سادات» only after one; a title
  that is the whole name («مشهدی», Haji) stays the name.
* A full name in one column is split: known given names (``given_names.tsv``)
  from the left, the rest is the family name; "Family, Given" with a comma;
  «فرزند …», "son of …", "s/o …" start the father's name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from reckon.normalize.lexicon import given_name_sex
from reckon.normalize.translit import FA_AFFIXES, fold_latin, key_of_tokens

ZWNJ = "\u200c"

_ARABIC_FORMS = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ھ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ڪ": "ک",
    "ی": "ی",
}
_DIGITS = {chr(0x06F0 + i): str(i) for i in range(10)} | {
    chr(0x0660 + i): str(i) for i in range(10)
}
_MARKS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]
_CONTROLS = (
    ["\u200b", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_PUNCT = {"،": ",", "؛": ";", "؟": "?", "«": '"', "»": '"', "\u00a0": " ", "\u202f": " "}

FOLD = str.maketrans(
    {**_ARABIC_FORMS, **_DIGITS, **_PUNCT} | dict.fromkeys(_MARKS + _CONTROLS, None)
)
_ARABIC_RE = re.compile("[" + "".join(sorted(set(_ARABIC_FORMS) - {"ی"})) + "]")
_DIGIT_RE = re.compile("[\u06f0-\u06f9\u0660-\u0669]")
_MARK_RE = re.compile("[\u064b-\u065f\u0670\u0640]")

# Honorific tokens as written (after folding) → canonical token.
_HONORIFICS_FA = {
    "سید": "sayyed",
    "سیده": "sayyedeh",
    "سادات": "sadat",
    "میر": "mir",
    "حاج": "haj",
    "حاجی": "haj",
    "حاجیه": "hajieh",
    "شهید": "shahid",
    "شهیده": "shahid",
    "مرحوم": "marhum",
    "مرحومه": "marhum",
    "دکتر": "dr",
    "مهندس": "eng",
    "آقای": "mr",
    "خانم": "mrs",
    "شیخ": "sheikh",
    "ملا": "mulla",
    "کربلایی": "karbalaei",
    "مشهدی": "mashhadi",
    "استاد": "ostad",
    "آیت‌الله": "ayatollah",
    "آیتالله": "ayatollah",
    "حجت‌الاسلام": "hojatoleslam",
    "حجتالاسلام": "hojatoleslam",
}
_HONORIFICS_LATIN = {
    "seyed": "sayyed",
    "seyyed": "sayyed",
    "sayed": "sayyed",
    "sayyed": "sayyed",
    "sayyid": "sayyed",
    "sayid": "sayyed",
    "syed": "sayyed",
    "seied": "sayyed",
    "seyyid": "sayyed",
    "seyedeh": "sayyedeh",
    "seyyedeh": "sayyedeh",
    "sayyedeh": "sayyedeh",
    "seyede": "sayyedeh",
    "sadat": "sadat",
    "mir": "mir",
    "haj": "haj",
    "hajj": "haj",
    "haji": "haj",
    "hajji": "haj",
    "hadji": "haj",
    "hajieh": "hajieh",
    "hajiyeh": "hajieh",
    "shahid": "shahid",
    "martyr": "shahid",
    "marhum": "marhum",
    "marhoum": "marhum",
    "late": "marhum",
    "dr": "dr",
    "doctor": "dr",
    "eng": "eng",
    "engineer": "eng",
    "mohandes": "eng",
    "mr": "mr",
    "mrs": "mrs",
    "ms": "mrs",
    "miss": "mrs",
    "sheikh": "sheikh",
    "sheykh": "sheikh",
    "mulla": "mulla",
    "molla": "mulla",
    "mullah": "mulla",
    "karbalaei": "karbalaei",
    "karbalai": "karbalaei",
    "mashhadi": "mashhadi",
    "ostad": "ostad",
    "ayatollah": "ayatollah",
    "hojatoleslam": "hojatoleslam",
}
# Multi-word titles joined before token matching.
_MULTIWORD = re.compile(r"آیت\s+الله|حجت\s+الاسلام(?:\s+و\s*المسلمین)?|حجت‌الاسلام\s+و\s*المسلمین")
# «میر» is a title only before a given name (Mir Hossein); else part of a family name
# (Mir Hosseini = میر‌حسینی, Ali Mir).
_ONLY_BEFORE_NAME = frozenset({"mir"})
_ONLY_AFTER_NAME = frozenset({"sadat"})  # «فاطمه سادات»
_SAYYED_PREFIXES = (("سیده", "sayyedeh"), ("سید", "sayyed"))
_LATIN_SAYYED_PREFIX = re.compile(r"^(seyyed|seyed|sayyed|sayed)(?=[a-z]{3,})", re.IGNORECASE)

_FATHER = re.compile(
    r"\s*(?:\bفرزند\b|\bولد\b|نام\s+پدر\s*:?|\bson\s+of\b|\bdaughter\s+of\b|\bchild\s+of\b"
    r"|\bs/o\b|\bd/o\b|\bfather\s*:)\s*",
    re.IGNORECASE,
)
_FATHER_HINT = re.compile(r"فرزند|ولد|پدر|of\b|/o|father", re.IGNORECASE)
_NOT_NAME_OR_SPACE = re.compile(r"[^\w\u200c\- ]+")
_ZWNJ_RUN = re.compile(r"\u200c+")
_ZWNJ_EDGES = re.compile(r"\u200c(?=[\s\W]|$)|(?<=[\s\W])\u200c|^\u200c")


@dataclass(frozen=True, slots=True)
class NameReading:
    """How a name was read: canonical form, matching key, honorifics and parts."""

    text: str
    canonical: str
    nospace: str
    key: str
    honorifics: tuple[str, ...]
    given: str | None
    family: str | None
    father: str | None
    script: str
    steps: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["honorifics"] = list(self.honorifics)
        d["steps"] = list(self.steps)
        return d


def fold(text: str) -> str:
    """Letters, digits and spacing made canonical; no word is added or removed."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = text.translate(FOLD)
    text = " ".join(text.split())
    if ZWNJ in text:
        text = _ZWNJ_EDGES.sub("", _ZWNJ_RUN.sub(ZWNJ, text))
    return text


_FA_LETTER = re.compile("[\u0600-\u06ff\ufb50-\ufefe]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def script_of(text: str) -> str:
    """The script of the letters the text holds: persian, latin, mixed or none."""
    fa = _FA_LETTER.search(text) is not None
    la = _LATIN_LETTER.search(text) is not None
    if fa and la:
        return "mixed"
    return "persian" if fa else "latin" if la else "none"


def _is_fa(token: str) -> bool:
    return _FA_LETTER.search(token) is not None


@lru_cache(maxsize=10_000)
def _honorific(token: str) -> str | None:
    if _is_fa(token):
        return _HONORIFICS_FA.get(token)
    return _HONORIFICS_LATIN.get(fold_latin(token).strip("."))


@lru_cache(maxsize=200_000)
def _token_info(token: str) -> tuple[str | None, tuple[str, str, str] | None, str, str | None, str]:
    """Everything read_name needs from one token, computed once per distinct token.

    (honorific, «سید» prefix split, name form, step of an affix inside the
    token, text to append to the previous token when this one is an affix).
    """
    prefix = _sayyed_prefix(token)
    form = _latin_case(prefix[0] if prefix else token)
    if _is_fa(form):
        glue = ZWNJ + form if form in _FA_AFFIX_WORDS else ""
    else:
        bare = form.lstrip("-")
        glue = bare.lower() if fold_latin(bare) in _LATIN_AFFIX_WORDS else ""
    inner, step = _inner_affix(form)
    return _honorific(token), prefix, inner, step, glue


def _given_name_follows(tokens: list[str], i: int) -> bool:
    """Whether the next token that is not a title is a known given name."""
    for token in tokens[i + 1 :]:
        if _token_info(token)[0] is None:
            return given_name_sex(token) is not None
    return False


def _read_tokens(tokens: list[str], steps: list[str]) -> tuple[list[str], list[str]]:
    """Titles set aside, affixes joined, Latin case made regular."""
    names: list[str] = []
    found: list[str] = []
    for i, token in enumerate(tokens):
        canon, prefix, form, step, glue = _token_info(token)
        if canon is not None and not (
            (canon in _ONLY_BEFORE_NAME and not _given_name_follows(tokens, i))
            or (canon in _ONLY_AFTER_NAME and not names)
        ):
            found.append(canon)
            steps.append(f"honorific {token!r} set aside as {canon!r}")
            continue
        if prefix is not None:
            found.append(prefix[1])
            steps.append(f"honorific {prefix[2]!r} split from {token!r}")
        if names and glue:
            names[-1] += glue
            steps.append(f"affix {token!r} joined")
            continue
        if step:
            steps.append(step)
        names.append(form)
    return names, found


@lru_cache(maxsize=100_000)
def _sayyed_prefix(token: str) -> tuple[str, str, str] | None:
    if not token.startswith(("سید", "se", "sa", "Se", "Sa", "SE", "SA")):
        return None
    for prefix, canon in _SAYYED_PREFIXES:
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 3 and given_name_sex(rest) is not None:
            return rest, canon, prefix
    m = _LATIN_SAYYED_PREFIX.match(token)
    if m and given_name_sex(token[m.end() :]) is not None:
        rest = token[m.end() :]
        return rest[:1].upper() + rest[1:], "sayyed", m.group(1)
    return None


@lru_cache(maxsize=100_000)
def _inner_affix(token: str) -> tuple[str, str | None]:
    """An affix written inside one token: set off (Persian) or joined (Latin)."""
    if not _is_fa(token):
        joined = _LATIN_HYPHEN_AFFIX.sub(lambda m: m.group(1).lower(), token)
        return (joined, f"affix in {token!r} joined") if joined != token else (token, None)
    for affix in FA_AFFIXES:
        if token.endswith(affix) and len(token) > len(affix) + 1 and token[-len(affix) - 1] != ZWNJ:
            return token[: -len(affix)] + ZWNJ + affix, f"affix {affix!r} set off with a ZWNJ"
    return token, None


_LATIN_HYPHEN_AFFIX = re.compile(
    r"-(zadeh|zade|pour|poor|pur|nejad|nezhad|nejhad|far)$", re.IGNORECASE
)
_FA_AFFIX_WORDS = frozenset({*FA_AFFIXES, "فر"})
_LATIN_AFFIX_WORDS = frozenset(
    {"zadeh", "zade", "pour", "poor", "pur", "nejad", "nezhad", "nejhad", "far"}
)


@lru_cache(maxsize=100_000)
def _latin_case(token: str) -> str:
    if not token.isascii() or not token[:1].isalpha():
        return token  # case rules outside ASCII can change length (ŉ, ß): leave as written
    return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))


def _clean_tokens(text: str) -> list[str]:
    cleaned = _NOT_NAME_OR_SPACE.sub("", text).replace("_", "")
    return [t for t in (raw.strip("-\u200c") for raw in cleaned.split(" ")) if t]


def _fold_steps(text: str) -> list[str]:
    if text.isascii():
        return ["spacing made consistent"] if " ".join(text.split()) != text else []
    steps = []
    if _ARABIC_RE.search(text):
        steps.append("Arabic letter forms made Persian")
    if _MARK_RE.search(text):
        steps.append("diacritics and tatweel removed")
    if _DIGIT_RE.search(text):
        steps.append("digits made ASCII")
    if " ".join(text.split()) != text:
        steps.append("spacing made consistent")
    return steps


def _split_given_family(tokens: list[str]) -> tuple[str | None, str | None]:
    if not tokens:
        return None, None
    if len(tokens) == 1:
        return (tokens[0], None) if given_name_sex(tokens[0]) is not None else (None, tokens[0])
    cut = 1
    while cut < len(tokens) - 1 and given_name_sex(tokens[cut]) is not None:
        cut += 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


@lru_cache(maxsize=200_000)
def read_name(text: str) -> NameReading:
    """Read a name as written in any list; never raises."""
    folded = fold(text)
    steps = _fold_steps(text)
    father: str | None = None
    body = folded
    if "آیت" in body or "حجت" in body:
        body = _MULTIWORD.sub(lambda m: ZWNJ.join(m.group(0).split()[:2]), body)
    parts = _FATHER.split(body, maxsplit=1) if _FATHER_HINT.search(body) else [body]
    if len(parts) == 2:
        body = parts[0]
        father_tokens = [_latin_case(t) for t in _clean_tokens(parts[1])]
        father = " ".join(father_tokens) or None
        steps.append(f"father's name read: {father!r}")
    comma_order = False
    if body.count(",") == 1:
        family_part, given_part = body.split(",")
        if family_part.strip() and given_part.strip():
            body = f"{given_part} {family_part}"
            comma_order = True
            steps.append("'family, given' order read from the comma")
    tokens = _clean_tokens(body)
    token_steps: list[str] = []
    names, honorifics = _read_tokens(tokens, token_steps)
    if not names and tokens:  # «مشهدی», Haji alone: a family name, not only a title
        token_steps = []
        names, honorifics = _read_tokens(tokens[:-1], token_steps)
        names.append(_token_info(tokens[-1])[2])
        token_steps.append(f"{tokens[-1]!r} kept as the name: nothing else was left")
    steps.extend(token_steps)
    canonical = " ".join(names)
    if comma_order:
        family_n = len(_read_tokens(_clean_tokens(family_part), [])[0])
        given = " ".join(names[: len(names) - family_n]) or None
        family = " ".join(names[len(names) - family_n :]) or None
    else:
        given, family = _split_given_family(names)
    nospace = canonical.replace(" ", "").replace(ZWNJ, "").replace("-", "")
    return NameReading(
        text=text,
        canonical=canonical,
        nospace=nospace,
        key=key_of_tokens(tuple(names)),
        honorifics=tuple(honorifics),
        given=given,
        family=family,
        father=father,
        script=script_of(canonical or folded),
        steps=tuple(steps),
    )


@lru_cache(maxsize=500_000)
def name_key(text: str) -> str:
    """The cross-script matching key of a name; the same as ``read_name(text).key``."""
    return read_name(text).key


def split_full_name(text: str) -> tuple[str | None, str | None, str | None]:
    """Given name, family name and father's name of a full name in one column."""
    r = read_name(text)
    return r.given, r.family, r.father
