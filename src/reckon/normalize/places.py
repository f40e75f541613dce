"""Iranian places from free text: province, county and city, with what matched.

The gazetteer ships in ``data/provinces.csv`` (the 31 provinces, ISO 3166-2:IR
codes) and ``data/counties.csv`` (counties with their seat city when it is
named differently) and ``data/cities.csv`` (a few towns that are not county
seats); sources in ``data/SOURCES.md``. Every name is indexed in
Persian script (spaces and ZWNJ ignored), in its Latin spellings, and by the
cross-script key of ``translit`` (keys of four letters or more only).

Reading rules, so nothing is guessed silently:

* the longest run of words that names a place wins («اسلام‌آباد غرب» before
  «غرب»); words that name nothing (hospital, street) are ignored;
* a province named beside a county chooses among same-named counties
  (Nurabad, Fars vs Lorestan) and is dropped when it only repeats the county's
  province («کرمانشاه، اسلام‌آباد غرب» → Eslamabad-e Gharb);
* a name that is both a province and a county of that province (Kermanshah)
  reads as the city; «استان …» / "… province" reads as the province only;
* names of one to three letters (بم، ری، نور، Jam) count only when they are
  the whole text, or follow «شهر / شهرستان», "city of" or "county";
* what stays ambiguous leaves county and city empty, says why in ``steps``
  and fills the province only if every candidate shares it; a text that names
  no known place has ``known`` False and is kept verbatim in ``text``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from reckon.normalize.persian import fold
from reckon.normalize.translit import fold_latin, key_of_tokens

_MAX_WORDS = 4
_PROVINCE_WORDS = {"استان", "province", "ostan"}
_COUNTY_WORDS = {"شهرستان", "county", "shahrestan"}
_CITY_WORDS = {"شهر", "city", "town", "shahr"}
_SPLIT = re.compile(r"[\s,;:/()\[\]\"'.،؛]+")


@dataclass(frozen=True, slots=True)
class PlaceReading:
    """How a place was read; ``known`` is False when nothing in the text matched."""

    text: str
    province_code: str | None
    province: str | None
    province_fa: str | None
    county: str | None
    city: str | None
    matched: str | None
    known: bool
    steps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["steps"] = list(self.steps)
        return d


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str  # "province" | "county" | "city"
    code: str
    county: str | None
    city: str | None


@dataclass(frozen=True, slots=True)
class _Province:
    code: str
    en: str
    fa: str


def _norm(words: str) -> str:
    """Spelling-level form: Persian without spaces/ZWNJ, Latin as folded letters."""
    if any("\u0600" <= c <= "\u06ff" for c in words):
        return re.sub(r"[\s\u200c\-]+", "", fold(words))
    return re.sub(r"[^a-z0-9]+", "", fold_latin(words))


def _loose(words: str) -> str | None:
    """Sound-level form (the name key) for names long enough not to collide."""
    key = key_of_tokens(tuple(fold(words).split()))
    return "~" + key if len(key) >= 4 else None


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("reckon.normalize").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def provinces() -> dict[str, _Province]:
    """The 31 provinces by ISO 3166-2:IR code."""
    return {
        r["code"]: _Province(r["code"], r["name_en"], r["name_fa"])
        for r in _read_csv("provinces.csv")
    }


def province_names() -> dict[str, str]:
    """The provinces' English names by ISO 3166-2:IR code, to show beside the codes."""
    return {code: p.en for code, p in provinces().items()}


@cache
def _index() -> dict[str, tuple[_Entry, ...]]:
    index: dict[str, list[_Entry]] = {}

    def add(names: list[str], entry: _Entry) -> None:
        for name in names:
            for form in (_norm(name), _loose(name)):
                if form and entry not in index.setdefault(form, []):
                    index[form].append(entry)

    for r in _read_csv("provinces.csv"):
        add(
            [r["name_en"], r["name_fa"], *filter(None, r["variants"].split("|"))],
            _Entry("province", r["code"], None, None),
        )
    for r in _read_csv("counties.csv"):
        variants = [v for v in r["variants"].split("|") if v]
        if r["seat_en"]:
            add(
                [r["county_en"], r["county_fa"]],
                _Entry("county", r["province_code"], r["county_en"], None),
            )
            add(
                [r["seat_en"], r["seat_fa"], *variants],
                _Entry("city", r["province_code"], r["county_en"], r["seat_en"]),
            )
        else:
            add(
                [r["county_en"], r["county_fa"], *variants],
                _Entry("city", r["province_code"], r["county_en"], r["county_en"]),
            )
    for r in _read_csv("cities.csv"):
        variants = [v for v in r["variants"].split("|") if v]
        add(
            [r["city_en"], r["city_fa"], *variants],
            _Entry("city", r["province_code"], r["county_en"], r["city_en"]),
        )
    return {k: tuple(v) for k, v in index.items()}


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    words: str
    entries: tuple[_Entry, ...]


def _find(words: list[str]) -> list[_Match]:
    index = _index()
    taken = [False] * len(words)
    found: list[_Match] = []
    for size in range(min(_MAX_WORDS, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            if any(taken[i : i + size]):
                continue
            phrase = " ".join(words[i : i + size])
            norm = _norm(phrase)
            entries = index.get(norm) or index.get(_loose(phrase) or "")
            if not entries:
                continue
            short = len(norm) <= 3
            prev = words[i - 1].lower() if i else ""
            if short and len(words) > size and prev not in _CITY_WORDS | _COUNTY_WORDS:
                continue
            if prev in _PROVINCE_WORDS or (
                i + size < len(words) and words[i + size].lower() == "province"
            ):
                entries = tuple(e for e in entries if e.kind == "province") or entries
            own = {e.code for e in entries if e.kind == "province"}
            if own:  # «البرز» is the province, not the county of Qazvin named alike
                entries = tuple(e for e in entries if e.kind == "province" or e.code in own)
            found.append(_Match(i, i + size, phrase, entries))
            taken[i : i + size] = [True] * size
    return sorted(found, key=lambda m: m.start)


def _unknown(text: str, steps: list[str]) -> PlaceReading:
    return PlaceReading(text, None, None, None, None, None, None, False, tuple(steps))


def _resolve(text: str, matches: list[_Match]) -> PlaceReading:
    steps: list[str] = []
    named_provinces = {e.code for m in matches for e in m.entries if e.kind == "province"}
    places = [(m, [e for e in m.entries if e.kind != "province"]) for m in matches]
    places = [(m, es) for m, es in places if es]
    if named_provinces and places:
        narrowed = [(m, [e for e in es if e.code in named_provinces]) for m, es in places]
        places = [(m, es) for m, es in narrowed if es] or places
    # A county named like the province beside a more specific place only repeats it.
    if len(places) > 1:
        province_names = {m.words for m in matches if any(e.kind == "province" for e in m.entries)}
        places = [(m, es) for m, es in places if m.words not in province_names] or places
    candidates = {e for _, es in places for e in es}
    used = [m for m in matches if any(e in candidates for e in m.entries)] or matches
    if candidates:
        codes = {e.code for e in candidates}
        if len(candidates) > 1:
            shown = ", ".join(
                sorted(f"{e.city or e.county} ({provinces()[e.code].en})" for e in candidates)
            )
            steps.append(f"ambiguous: {shown}")
            if len(codes) > 1:
                return _unknown(text, steps)
            p = provinces()[codes.pop()]
            return PlaceReading(
                text, p.code, p.en, p.fa, None, None, _joined(used), True, tuple(steps)
            )
        e = next(iter(candidates))
        p = provinces()[e.code]
        return PlaceReading(
            text, p.code, p.en, p.fa, e.county, e.city, _joined(used), True, tuple(steps)
        )
    if len(named_provinces) == 1:
        p = provinces()[named_provinces.pop()]
        return PlaceReading(text, p.code, p.en, p.fa, None, None, _joined(matches), True, ())
    if named_provinces:
        steps.append("more than one province named")
    return _unknown(text, steps)


def _joined(matches: list[_Match]) -> str:
    return ", ".join(m.words for m in matches)


@lru_cache(maxsize=100_000)
def read_place(text: str) -> PlaceReading:
    """Province, county and city named in free text; never raises."""
    words = [w for w in _SPLIT.split(fold(text)) if w]
    matches = _find(words)
    if not matches:
        return _unknown(text, ["no known place in the text"] if words else [])
    return _resolve(text, matches)
