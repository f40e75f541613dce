"""The given-name lexicon shipped in ``data/given_names.tsv``, looked up by key.

It serves two readers: splitting a full name (a known given name stays on the
given side) and inferring sex from a strongly gendered given name. Lookups go
through the cross-script key, so «زهرا», Zahra and زهرا with Arabic letters
all find the same row.
"""

from __future__ import annotations

import csv
from functools import cache, lru_cache
from importlib import resources

from reckon.normalize.translit import key_of_tokens

_SEX = {"m": "male", "f": "female", "u": "unisex"}


@cache
def _table() -> dict[str, str]:
    text = resources.files("reckon.normalize").joinpath("data/given_names.tsv").read_text("utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    table: dict[str, str] = {}
    for row in rows:
        sex = _SEX[row["sex"]]
        for spelling in [row["fa"], *row["latin"].split("|")]:
            key = key_of_tokens((spelling,))
            # A key shared by a male and a female name tells nothing about sex.
            table[key] = "unisex" if table.get(key, sex) != sex else sex
    return table


@lru_cache(maxsize=100_000)
def given_name_sex(token: str) -> str | None:
    """ "male", "female" or "unisex" for a known given name, else None."""
    return _table().get(key_of_tokens((token,)))


@cache
def longest_given_name() -> int:
    """The length of the longest spelling in the lexicon, in characters."""
    return max(len(s) for fa, _, latin in given_names() for s in (fa, *latin))


def given_names() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every row of the lexicon: Persian spelling, sex, Latin spellings."""
    text = resources.files("reckon.normalize").joinpath("data/given_names.tsv").read_text("utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    return [(r["fa"], _SEX[r["sex"]], tuple(r["latin"].split("|"))) for r in rows]
