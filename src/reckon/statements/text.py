"""Statement text as the search reads it: words, each with its place in the original.

A word is folded as names are (``normalize.persian.fold``: Arabic ye and kaf
become Persian, diacritics and tatweel go, Persian and Arabic-Indic digits
become Latin ones), lower-cased, and its zero-width non-joiners removed. The
verbal prefixes «می» and «نمی» and the plural and comparative suffixes
(«ها», «های», «تر», «ترین» …) are joined to their word when written apart,
so «می‌خواهند», «می خواهند» and «میخواهند» are one word, as are «اغتشاش‌ها»,
«اغتشاش ها» and «اغتشاشها». The same reading is applied to the text and to
the query, so what matches does not depend on how either was typed.

``terms`` is the indexed form (the folded words joined by single spaces);
``find`` says where a query's phrases occur, in characters of the original
text, for showing matched words in context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reckon.normalize.persian import ZWNJ, fold

# letters, digits, the marks and joiners inside Persian words
_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640\u200c\u200d]+")
_PART = re.compile(r"\w+")
_PREFIXES = frozenset({"می", "نمی"})
_SUFFIXES = frozenset({"ها", "های", "هایی", "هایش", "هایشان", "هایمان", "تر", "ترین", "اند"})
_QUOTED = re.compile(r'"([^"]*)"|«([^»]*)»|(\S+)')


@dataclass(frozen=True, slots=True)
class Word:
    """One word as searched (``term``) and where it stands in the original text."""

    term: str
    start: int
    end: int


def _term(word: str) -> str:
    return fold(word).replace(ZWNJ, "").replace("\u200d", "").casefold()


def words(text: str) -> list[Word]:
    """The words of ``text``, folded, with detached affixes joined to their word."""
    # folding may widen a character into several (NFKC: «¼» is «1⁄4»): each word part
    # it leaves is a term, placed on the word as written
    raw = [
        Word(part, m.start(), m.end())
        for m in _WORD.finditer(text)
        for part in _PART.findall(_term(m[0]))
    ]
    out: list[Word] = []
    for word in raw:
        joins = out and (
            (word.term in _SUFFIXES and out[-1].term not in _PREFIXES)
            or (out[-1].term in _PREFIXES and word.term not in _PREFIXES)
        )
        if joins:
            last = out.pop()
            out.append(Word(last.term + word.term, last.start, word.end))
        else:
            out.append(word)
    return out


def terms(text: str) -> str:
    """The indexed form of a text: its folded words separated by single spaces."""
    return " ".join(w.term for w in words(text))


PREFIX = "*"  # a term ending in it matches every word that starts with it


@dataclass(frozen=True, slots=True)
class Query:
    """A query read: phrases (each a run of terms) that must all occur; a term
    ending in ``*`` matches the words it begins («اغتشاش*»: «اغتشاش‌ها», «اغتشاشگران»)."""

    text: str
    phrases: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.phrases


def read_query(text: str) -> Query:
    """Words and "quoted phrases" (or «guillemets»); every one must occur.

    Unquoted words are read together, so a detached prefix typed as its own word
    («می خواهند») joins its word as it does in the text.
    """
    phrases: list[tuple[str, ...]] = []
    loose: list[str] = []

    def add(part: str, *, together: bool) -> None:
        found = [w.term for w in words(part)]
        if found and part.rstrip(' »"').endswith(PREFIX):
            found[-1] += PREFIX
        if together and found:
            phrases.append(tuple(found))
        else:
            phrases.extend((t,) for t in found)

    for m in _QUOTED.finditer(text):
        quoted = m[1] if m[1] is not None else m[2]
        if quoted is not None:
            add(quoted, together=True)
        elif m[3].endswith(PREFIX):
            add(" ".join(loose), together=False)
            loose = []
            add(m[3], together=True)
        else:
            loose.append(m[3])
    add(" ".join(loose), together=False)
    return Query(text, tuple(dict.fromkeys(phrases)))


def _matches(phrase: tuple[str, ...], seq: list[str], i: int) -> bool:
    for term, word in zip(phrase, seq[i : i + len(phrase)], strict=True):
        if term.endswith(PREFIX) and not word.startswith(term[:-1]):
            return False
        if not term.endswith(PREFIX) and word != term:
            return False
    return True


def find(query: Query, text: str) -> list[tuple[int, int]] | None:
    """Where each phrase of ``query`` occurs in ``text`` (character spans of the
    original, in order); None when any phrase is missing."""
    found = words(text)
    seq = [w.term for w in found]
    spans: list[tuple[int, int]] = []
    for phrase in query.phrases:
        n = len(phrase)
        hits = [i for i in range(len(seq) - n + 1) if _matches(phrase, seq, i)]
        if not hits:
            return None
        spans.extend((found[i].start, found[i + n - 1].end) for i in hits)
    return sorted(set(spans))


def in_context(text: str, spans: list[tuple[int, int]], *, width: int = 60) -> str:
    """The matched words in brackets, with up to ``width`` characters either side of
    the first and last match; «…» where the text is cut."""
    if not spans:
        return text[: 2 * width]
    lo = max(0, spans[0][0] - width)
    hi = min(len(text), spans[-1][1] + width)
    parts: list[str] = ["…" if lo > 0 else ""]
    at = lo
    for start, end in spans:
        if start < at:  # overlapping phrases: the first bracket holds
            continue
        parts.extend((text[at:start], "[", text[start:end], "]"))
        at = end
    parts.append(text[at:hi])
    parts.append("…" if hi < len(text) else "")
    return " ".join("".join(parts).split())
