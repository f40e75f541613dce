"""Iranian names for the synthetic case: given names by sex, fathers' names, family names.

A name is a sequence of *parts* (``محمد`` + ``رضا``) with a boundary between each
two: ``~`` is a fixed join (``حسین~ی`` is always حسینی), ``+`` is a boundary that
lists write joined, with a space or with a ZWNJ (محمدرضا / محمد رضا / محمد‌رضا)
and that Latin lists write joined, spaced or hyphenated. Each part carries its
common Latin transliterations with their weights (``data/name_parts.csv``), so
Latin variants such as Mohammad / Mohamad / Muhammad come from the part, not
from a reading of the Persian: the generator never uses ``reckon.normalize``.

Family names are a head of common surnames with weights (محمدی، حسینی، احمدی…)
and a long tail built from stems and affixes (-ی، -زاده، -پور، -نژاد، میر-…),
weighted by a Zipf law, so common names are common and rare names are many.

Each name is pre-rendered into a small table of written forms (Persian: one per
joiner; Latin: ``LATIN_FORMS`` draws from the weighted variants), and a record
picks a column of the table: this keeps a million records vectorised.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

ZWNJ = "\u200c"
# How a "+" boundary is written: joined, with a space, with a ZWNJ.
PERSIAN_JOINERS = ("", " ", ZWNJ)
PERSIAN_JOINER_WEIGHTS = (0.40, 0.35, 0.25)
# How a "+" boundary is written in Latin: joined, spaced, hyphenated.
LATIN_JOINERS = ("", " ", "-")
GIVEN_LATIN_JOINER_WEIGHTS = (0.50, 0.40, 0.10)
FAMILY_LATIN_JOINER_WEIGHTS = (0.75, 0.10, 0.15)
# Written Latin forms kept per name; a record draws one uniformly, which
# reproduces the variant weights to within 1/LATIN_FORMS.
LATIN_FORMS = 32
# Seed of the name tables themselves: the vocabulary is the same for every case.
VOCAB_SEED = 1404
TAIL_ZIPF_EXPONENT = 1.05
TAIL_ZIPF_OFFSET = 100  # Zipf-Mandelbrot offset: no tail name above ~0.3% of people
# Stems that are not words alone (موسو- only in موسوی، موسوی‌نژاد…).
BOUND_STEMS = frozenset({"موسو"})
HEAD_SHARE = 0.22  # share of people whose surname is one of the common head names


@dataclass(frozen=True)
class NameForm:
    """A name as parts and the boundaries between them ("~" fixed, "+" variable)."""

    parts: tuple[str, ...]
    bounds: tuple[str, ...]

    @classmethod
    def parse(cls, spec: str) -> NameForm:
        parts: list[str] = []
        bounds: list[str] = []
        current = ""
        for ch in spec:
            if ch in "~+":
                parts.append(current)
                bounds.append(ch)
                current = ""
            else:
                current += ch
        parts.append(current)
        return cls(tuple(parts), tuple(bounds))

    def persian(self, joiner: str = ZWNJ) -> str:
        out = self.parts[0]
        for bound, part in zip(self.bounds, self.parts[1:], strict=True):
            out += ("" if bound == "~" else joiner) + part
        return out

    def has_variable_boundary(self) -> bool:
        return "+" in self.bounds


@dataclass(frozen=True)
class NameTable:
    """Names of one kind with their sampling weights and pre-rendered written forms.

    ``persian_forms[i, j]`` is name ``i`` with joiner ``j``; ``latin_forms[i, k]``
    is the ``k``-th of ``LATIN_FORMS`` Latin renderings drawn from the weights.
    """

    forms: tuple[NameForm, ...]
    weights: np.ndarray  # float, sums to 1
    persian_forms: np.ndarray  # object (n, 3)
    latin_forms: np.ndarray  # object (n, LATIN_FORMS)

    def canonical(self) -> np.ndarray:
        return self.persian_forms[:, PERSIAN_JOINERS.index(ZWNJ)]

    def latin_usual(self) -> np.ndarray:
        """The most common Latin spelling of each name."""
        return np.array([_latin_usual(f) for f in self.forms], dtype=object)


@dataclass(frozen=True)
class Vocabulary:
    """Every name table the generator draws from."""

    male: NameTable
    female: NameTable
    father: NameTable
    family: NameTable
    honorific_latin: dict[str, tuple[str, ...]]


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("reckon.synth").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def latin_parts() -> dict[str, tuple[tuple[str, ...], tuple[float, ...]]]:
    """Each name part's Latin spellings and their probabilities."""
    table: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}
    for row in _read_csv("name_parts.csv"):
        spellings: list[str] = []
        weights: list[float] = []
        for item in row["latin"].split("|"):
            spelling, weight = item.rsplit(":", 1)
            spellings.append(spelling)
            weights.append(float(weight))
        total = sum(weights)
        table[row["persian"]] = (tuple(spellings), tuple(w / total for w in weights))
    return table


def _latin_usual(form: NameForm) -> str:
    parts = latin_parts()
    spelled = [parts[p][0][int(np.argmax(parts[p][1]))] for p in form.parts]
    return _join_latin(form, spelled, "")


def _join_latin(form: NameForm, spelled: list[str], joiner: str) -> str:
    out = spelled[0]
    for bound, part in zip(form.bounds, spelled[1:], strict=True):
        if bound == "~" or joiner == "":
            out += part.lower()
        else:
            out += joiner + part[:1].upper() + part[1:]
    return out[:1].upper() + out[1:]


def _render_latin(
    form: NameForm, rng: np.random.Generator, joiner_weights: tuple[float, ...]
) -> list[str]:
    parts = latin_parts()
    choices = [rng.choice(len(parts[p][0]), size=LATIN_FORMS, p=parts[p][1]) for p in form.parts]
    joiners = rng.choice(len(LATIN_JOINERS), size=LATIN_FORMS, p=joiner_weights)
    out = []
    for k in range(LATIN_FORMS):
        spelled = [parts[p][0][c[k]] for p, c in zip(form.parts, choices, strict=True)]
        out.append(_join_latin(form, spelled, LATIN_JOINERS[joiners[k]]))
    return out


def _table(
    forms: list[NameForm],
    weights: np.ndarray,
    rng: np.random.Generator,
    latin_joiner_weights: tuple[float, ...],
) -> NameTable:
    persian = np.empty((len(forms), len(PERSIAN_JOINERS)), dtype=object)
    latin = np.empty((len(forms), LATIN_FORMS), dtype=object)
    for i, form in enumerate(forms):
        for j, joiner in enumerate(PERSIAN_JOINERS):
            persian[i, j] = form.persian(joiner)
        latin[i, :] = _render_latin(form, rng, latin_joiner_weights)
    return NameTable(tuple(forms), weights / weights.sum(), persian, latin)


def _surname_tail(head: set[str]) -> list[NameForm]:
    """Stems times affixes: کریم‌پور، حسینی‌نژاد، میرحسینی… (the long tail)."""
    affixes = _read_csv("surname_affixes.csv")
    suffix_parts = {"ی", "یی", "زاده", "پور", "نژاد", "نیا", "فر", "راد", "وند", "لو", "یان"}
    skip = suffix_parts | {"الله", "دین", "میر"}
    stems = [p for p in latin_parts() if p not in skip and not _is_female_only(p)]
    tail: list[NameForm] = []
    for stem in stems:
        ends_in_vowel = stem.endswith(("ی", "ه"))
        yeh = "یی" if stem.endswith("ا") else "ی"
        for row in affixes:
            affix, position = row["affix"], row["position"]
            if stem in BOUND_STEMS and not (affix.startswith("ی") or position == "prefix"):
                continue
            if position == "prefix":
                if ends_in_vowel:
                    continue
                spec = f"{affix}+{stem}~{yeh}"
            elif affix == "ی":
                if ends_in_vowel:
                    continue
                spec = f"{stem}~{yeh}"
            elif affix.startswith("ی+"):
                if ends_in_vowel:
                    continue
                spec = f"{stem}~{yeh}+{affix[2:]}"
            elif affix == "یان":
                if ends_in_vowel or stem.endswith(("ا", "و")) or stem in BOUND_STEMS:
                    continue
                spec = f"{stem}~یان"
            else:
                spec = f"{stem}+{affix}"
            if spec not in head:
                tail.append(NameForm.parse(spec))
    return tail


@cache
def _female_parts() -> frozenset[str]:
    male: set[str] = set()
    female: set[str] = set()
    for row in _read_csv("given_names.csv"):
        target = male if row["sex"] == "male" else female
        target.update(NameForm.parse(row["persian"]).parts)
    return frozenset(female - male)


def _is_female_only(part: str) -> bool:
    return part in _female_parts()


@cache
def vocabulary() -> Vocabulary:
    """Load and pre-render every name table (the same for every seed)."""
    rng = np.random.default_rng(VOCAB_SEED)
    given = _read_csv("given_names.csv")

    def given_table(rows: list[dict[str, str]], column: str) -> NameTable:
        kept = [r for r in rows if float(r[column]) > 0]
        forms = [NameForm.parse(r["persian"]) for r in kept]
        weights = np.array([float(r[column]) for r in kept])
        return _table(forms, weights, rng, GIVEN_LATIN_JOINER_WEIGHTS)

    male = given_table([r for r in given if r["sex"] == "male"], "weight")
    female = given_table([r for r in given if r["sex"] == "female"], "weight")
    father = given_table([r for r in given if r["sex"] == "male"], "father_weight")

    head_rows = _read_csv("family_names.csv")
    head = [NameForm.parse(r["persian"]) for r in head_rows]
    head_w = np.array([float(r["weight"]) for r in head_rows])
    tail = _surname_tail({r["persian"] for r in head_rows})
    # Zipf-Mandelbrot weights over a fixed shuffle of the tail, so which tail names are
    # common does not follow the order of the data file.
    order = rng.permutation(len(tail))
    tail_w = np.empty(len(tail))
    tail_w[order] = 1.0 / (np.arange(1, len(tail) + 1) + TAIL_ZIPF_OFFSET) ** TAIL_ZIPF_EXPONENT
    weights = np.concatenate(
        [head_w / head_w.sum() * HEAD_SHARE, tail_w / tail_w.sum() * (1 - HEAD_SHARE)]
    )
    family = _table(head + tail, weights, rng, FAMILY_LATIN_JOINER_WEIGHTS)

    honorific_latin = {
        "سید": ("Seyed", "Seyyed", "Sayed"),
        "حاج": ("Haj", "Hajj", "Haji"),
        "شهید": ("Shahid", "Martyr"),
        "مرحوم": ("Marhoum", "Marhum"),
    }
    return Vocabulary(male, female, father, family, honorific_latin)
