"""Sex: read from an explicit field, or inferred (and marked so) from a title or name."""

from __future__ import annotations

from functools import lru_cache

from reckon.normalize.lexicon import given_name_sex, longest_given_name
from reckon.normalize.persian import fold

_MALE = {"m", "male", "man", "boy", "h", "مرد", "مذکر", "پسر", "آقا", "ذکور", "اقا", "masculine"}
_FEMALE = {"f", "female", "woman", "girl", "w", "زن", "مونث", "دختر", "خانم", "اناث", "feminine"}
_FEMALE_TITLES = {"sayyedeh", "hajieh", "mrs"}
_MALE_TITLES = {"sayyed", "mr"}


@lru_cache(maxsize=1024)
def read_sex(text: str) -> str | None:
    """ "male" or "female" from an explicit sex field (مرد، زن، M, F …); None if not said."""
    s = fold(text).lower().strip(" .")
    if s in _MALE:
        return "male"
    if s in _FEMALE:
        return "female"
    return None


@lru_cache(maxsize=100_000)
def _compound_sex(token: str) -> str | None:
    """«امیرمحمد», Amirmohammad: two known given names written as one word.

    Each half is a given name, so no half is longer than a name can be written
    (twice the lexicon's longest, for letters a spelling may add): the cuts tried
    are bounded, and a word of any length costs a bounded time.
    """
    most = 2 * longest_given_name()
    if len(token) > 2 * most:
        return None
    for cut in range(max(2, len(token) - most), min(len(token) - 1, most + 1)):
        head, tail = given_name_sex(token[:cut]), given_name_sex(token[cut:])
        if head is not None and head == tail:
            return head
    return None


def infer_sex(given_name: str | None, honorifics: tuple[str, ...] = ()) -> tuple[str | None, bool]:
    """(sex, True) from a gendered title (سیده) or a strongly gendered given name.

    (None, False) when neither tells.
    """
    titles = set(honorifics)
    if titles & _FEMALE_TITLES and not titles & _MALE_TITLES:
        return "female", True
    if titles & _MALE_TITLES and not titles & _FEMALE_TITLES:
        return "male", True
    if not given_name:
        return None, False
    found = {given_name_sex(t) or _compound_sex(t) for t in fold(given_name).split()} - {None}
    if len(found) == 1 and (sex := found.pop()) in ("male", "female"):
        return sex, True
    return None, False
