"""The cross-script matching key: one string that «محمد» and Mohammad share.

Persian script writes consonants and long vowels and leaves short vowels out;
romanizations write every vowel, each in several ways. So the key keeps what
both sides carry and drops what only one side has.

The scheme, applied to each segment of a name (a word, or a part split off at a
space, ZWNJ, hyphen or a known family-name affix such as -zadeh / -pour):

* Consonants fold into classes by sound, not spelling: ت ط → ``t``;
  ث س ص → ``s``; ذ ز ض ظ → ``z``; ح ه → ``h``; ق غ (q, gh) → ``Q``;
  خ (kh, x) → ``X``; ش (sh) → ``S``; چ (ch) → ``C``;
  ج ژ (j, zh) → ``j`` (Latin writes ژ as j as often as zh: Mojgan/مژگان);
  the rest one letter each (b p d r f k g l m n).
  Letters that sound alike in Persian meet; the Arabic distinctions they keep
  in writing are lost on purpose.
* Short vowels are dropped on both sides (Latin a, e, o).
* Long vowels are kept: ی (i, ee, ei, ey, ay, ae, y) → ``i``; و (u, ou, oo, ow,
  w, v) → ``v``: vowel و and consonant و are one class, since a Latin v/u
  decides what Persian script cannot.
* Word-final vowels are kept: final ا (a) → ``a``; final silent ه (e, eh) →
  ``h``; final و (o, ow, ou) → ``v``.
* The name starts with a marker when it starts with a vowel (ا آ ع; a e o):
  ``a``, merged into a following ``i`` / ``v`` (Iraj, Omid → ``irj``, ``amid``).
  Only the first segment carries it, so «علی اکبر» = «علی‌اکبر» = Aliakbar.
* A vowel و right after a segment's first consonant is dropped on both sides,
  because Latin spells it as a short vowel as often as a long one
  (Muhammad/Mohammad, Hussein/Hossein, Khorshid/خورشید, Mousavi/Musavi).
* Glottal letters (ع ء ئ mid-word, apostrophes) are dropped; repeated codes
  collapse (Hassan = Hasan, Seyyed = Seyed). A silent ه before the suffix
  ای is dropped («خامنه‌ای» = «خامنه ای» = Khamenei).
* A few words need a lexicon: ی read as "a" (مرتضی Morteza, موسی Musa) and
  Arabic-style Latin spellings (Ibrahim, Yusuf, Fatima) mapped to the
  Persian-style one.

Judgements, tested in ``tests/normalize/data``: Mahdi = Mehdi (one Persian
spelling, مهدی); Hassan ≠ Hossein ≠ Hosseini; Ali ≠ Alavi. Known losses:
names differing only in short vowels collide (Rezaei / Razi, Amid / Omid);
a consonant و with an unwritten vowel after it in the first syllable is read
as a vowel (توکلی ≠ Tavakoli); Arabic-style spellings outside the lexicon
(Yasir, Munira) and French ones (Madjid) miss.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import groupby

# --- Persian side -----------------------------------------------------------

_FA_CONSONANT = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ط": "t",
    "ث": "s",
    "س": "s",
    "ص": "s",
    "ج": "j",
    "چ": "C",
    "ح": "h",
    "ه": "h",
    "خ": "X",
    "د": "d",
    "ذ": "z",
    "ز": "z",
    "ض": "z",
    "ظ": "z",
    "ر": "r",
    "ژ": "j",
    "ش": "S",
    "ق": "Q",
    "غ": "Q",
    "ف": "f",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_FA_VOWEL_LETTERS = frozenset("اآویعئء")
_FA_ALEF = frozenset("اآ")
_FA_GLOTTAL = frozenset("عءئأإؤ")

# Words whose final ی reads "a" (alef maqsura), and spellings the rules misread.
_FA_WORDS = {
    "مرتضی": "مرتضا",
    "مصطفی": "مصطفا",
    "موسی": "موسا",
    "عیسی": "عیسا",
    "یحیی": "یحیا",
    "مجتبی": "مجتبا",
    "کبری": "کبرا",
    "صغری": "صغرا",
    "عظمی": "عظما",
    "هدی": "هدا",
    "طوبی": "طوبا",
    "کسری": "کسرا",
    "اعلی": "اعلا",
    "کوروش": "کورش",
    "خواجه": "خاجه",
}

# --- Latin side -------------------------------------------------------------

_LATIN_DIGRAPHS = {
    "kh": "X",
    "sh": "S",
    "ch": "C",
    "zh": "j",
    "gh": "Q",
    "ph": "f",
    "ck": "k",
}
_LATIN_CONSONANT = {
    "b": "b",
    "p": "p",
    "t": "t",
    "d": "d",
    "r": "r",
    "z": "z",
    "s": "s",
    "f": "f",
    "j": "j",
    "k": "k",
    "g": "g",
    "l": "l",
    "m": "m",
    "n": "n",
    "h": "h",
    "v": "v",
    "w": "v",
    "q": "Q",
    "x": "X",
    "c": "k",
    "y": "i",
}
_LATIN_VOWELS = frozenset("aeiou")

# Arabic-style or English spellings → the Persian-style spelling the rules read.
_LATIN_WORDS = {
    "ibrahim": "ebrahim",
    "ismail": "esmail",
    "ismaeil": "esmail",
    "yusuf": "yousef",
    "yusef": "yousef",
    "yunus": "younes",
    "fatima": "fatemeh",
    "fatimah": "fatemeh",
    "fatemah": "fatemeh",
    "khadija": "khadijeh",
    "khadijah": "khadijeh",
    "kazim": "kazem",
    "hashim": "hashem",
    "qasim": "ghasem",
    "tahir": "taher",
    "nasir": "naser",
    "sakina": "sakineh",
    "ruqayya": "roghayeh",
    "ruqaya": "roghayeh",
    "masuma": "masoumeh",
    "hamida": "hamideh",
    "kourosh": "korosh",
    "koorosh": "korosh",
    "kurosh": "korosh",
    "zaynab": "zeynab",
    "zainab": "zeynab",
    # Arabic-style vowels of common Persian names (NGO and UN lists use them)
    "sadiq": "sadegh",
    "baqir": "bagher",
    "malik": "malek",
    "muhsin": "mohsen",
    "irfan": "erfan",
    "hamza": "hamzeh",
    "sumayya": "somayeh",
    "sumaya": "somayeh",
    "uthman": "osman",
    "othman": "osman",
}
_LATIN_REWRITES = (
    (re.compile(r"^abdul"), "abdol"),
    (re.compile(r"^abul"), "abol"),
    (re.compile(r"^abd[ou](r|s|z|t|d|n)\1"), r"abdol\1"),  # Abdorrahman: al- assimilated
    (re.compile(r"ullah$"), "ollah"),
    # رضا written the Arabic (Rida, Ridha) or Turkish (Riza) way, alone or closing
    # a compound (Mohammadrida, Alirida, Gholamriza)
    # (not Farida: only the compounds' known first halves)
    (re.compile(r"^(|moh?amm?ad|muhamm?ad|ali|gholam|hamid|amir|ahmad)ri(d|dh|z)a$"), r"\1reza"),
    # French transliteration writes ج as dj (Madjid, Djavad, Sadjadi)
    (re.compile(r"dj"), "j"),
)

# --- family-name affixes, split off so spacing variants of them meet --------

_LATIN_AFFIX = re.compile(
    r"^(?P<stem>[a-z]{2,}?)-?(?P<affix>zadeh|zade|zada|pour|poor|pur|nejad|nezhad|nejhad|nijad)$"
)
_LATIN_AFFIX_CANON = {
    "zadeh": "zadeh",
    "zade": "zadeh",
    "zada": "zadeh",
    "pour": "pour",
    "poor": "pour",
    "pur": "pour",
    "nejad": "nezhad",
    "nezhad": "nezhad",
    "nejhad": "nezhad",
    "nijad": "nezhad",
}
FA_AFFIXES = ("زاده", "پور", "نژاد")

_SPLIT = re.compile(r"[\s\u200c\-]+")


def _fa_vowel_vav(seg: str, k: int) -> bool:
    """Whether و at index k reads as a vowel (u/o) rather than the consonant v."""
    nxt = seg[k + 1] if k + 1 < len(seg) else ""
    if nxt == "":
        return True
    if nxt in "اآو":
        return False
    if nxt == "ی":
        after = seg[k + 2] if k + 2 < len(seg) else ""
        return after in "اآو"  # رویا ro-ya; نوید na-vid, علوی ala-vi
    return True


def _fa_codes(seg: str, first: bool) -> list[str]:
    seg = _FA_WORDS.get(seg, seg)
    if seg.startswith("خوا"):
        seg = "خ" + seg[2:]  # silent vav: خواجه khaje
    elif seg.startswith("ابوال"):
        seg = "اب" + seg[3:]  # Abu'l- is read Abol-: ابوالفضل Abolfazl
    out: list[str] = []
    for k, ch in enumerate(seg):
        if ch == "ه" and seg[k + 1 :] in _FA_SUFFIX_EI:
            continue  # «خامنه‌ای» Khamenei: a silent ه before the suffix ای
        code = _FA_CONSONANT.get(ch)
        if code is not None:
            out.append(code)
        elif ch in _FA_ALEF or ch in "عءأإ":
            if k == 0:
                if first:
                    out.append("a")
            elif ch in _FA_ALEF and all(c in "عء" for c in seg[k + 1 :]):
                out.append("a")
            elif ch == "ع" and k == len(seg) - 1 and seg[k - 1] in _FA_CONSONANT:
                out.append("h")  # زارع Zare, قانع Ghane: Latin ends the word in e
        elif ch == "ی" or ch == "ئ":
            out.append("i")
        elif ch in "وؤ":
            if (
                k == 1
                and k + 1 < len(seg)
                and (seg[0] in _FA_CONSONANT or seg[0] == "ی")
                and _fa_vowel_vav(seg, k)
            ):
                continue  # first-syllable vowel و, often written short in Latin
            out.append("v")
        elif ch.isdigit():
            out.append(ch)
        # anything else (ZWNJ, marks) carries no sound
    return out


def _latin_run(run: str, initial: bool, final: bool, first: bool) -> list[str]:
    """Codes of a run of Latin vowels (with y/w acting as vowels)."""
    out: list[str] = []
    k = 0
    while k < len(run):
        two = run[k : k + 2]
        if two in ("ee", "ae"):
            out.append("i")
            k += 2
            continue
        if two == "oo":
            out.append("v")
            k += 2
            continue
        c = run[k]
        if c in "iy":
            out.append("i")
        elif c in "uw":
            out.append("v")
        k += 1
    if initial:
        return (["a"] if first else []) + out
    if final and out and run.endswith("a"):
        return [*out, "a"]  # Kimia, Ilia: the final a is a written ا
    if final and not out:
        if "a" in run:
            return ["a"]
        if "e" in run:
            return ["h"]
        if "o" in run:
            return ["v"]
    return out


def _latin_codes(seg: str, first: bool) -> list[str]:
    seg = _LATIN_WORDS.get(seg, seg)
    for pattern, repl in _LATIN_REWRITES:
        seg = pattern.sub(repl, seg)
    out: list[str] = []
    n = len(seg)
    i = 0
    consonants_seen = 0
    vowel_runs_seen = 0
    while i < n:
        ch = seg[i]
        nxt_is_vowel = i + 1 < n and seg[i + 1] in _LATIN_VOWELS
        is_vowelish = (
            ch in _LATIN_VOWELS
            or (ch == "y" and not nxt_is_vowel and i > 0)
            or (ch == "w" and i > 0 and seg[i - 1] in _LATIN_VOWELS and not nxt_is_vowel)
        )
        if is_vowelish:
            j = i + 1
            while j < n:
                c = seg[j]
                nv = j + 1 < n and seg[j + 1] in _LATIN_VOWELS
                if c in _LATIN_VOWELS or (c in "yw" and not nv):
                    j += 1
                else:
                    break
            codes = _latin_run(seg[i:j], initial=i == 0, final=j == n, first=first)
            if consonants_seen == 1 and vowel_runs_seen == 0 and codes == ["v"] and j < n:
                codes = []  # first-syllable u: Muhammad, Hussein, Mousavi
            out.extend(codes)
            vowel_runs_seen += 1
            i = j
            continue
        two = seg[i : i + 2]
        if two in _LATIN_DIGRAPHS:
            out.append(_LATIN_DIGRAPHS[two])
            i += 2
        else:
            code = _LATIN_CONSONANT.get(ch)
            if code is not None:
                out.append(code)
            elif ch.isdigit():
                out.append(ch)
            i += 1
        consonants_seen += 1
    return out


@lru_cache(maxsize=100_000)
def fold_latin(text: str) -> str:
    """Lower-case ASCII letters of a Latin name: diacritics and apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'`ʿʾ’‘")


@lru_cache(maxsize=100_000)
def latin_segments(token: str) -> tuple[str, ...]:
    """A folded Latin token split at hyphens and before a family-name affix."""
    parts: list[str] = []
    for piece in re.split(r"[^a-z0-9]+", fold_latin(token)):
        if not piece:
            continue
        m = _LATIN_AFFIX.match(piece)
        if m:
            parts.extend([m["stem"], _LATIN_AFFIX_CANON[m["affix"]]])
        else:
            parts.append(_LATIN_AFFIX_CANON.get(piece, piece))
    return tuple(parts)


@lru_cache(maxsize=100_000)
def persian_segments(token: str) -> tuple[str, ...]:
    """A canonical Persian token split at ZWNJ and before a family-name affix."""
    parts: list[str] = []
    for piece in token.split("\u200c"):
        if not piece:
            continue
        for affix in FA_AFFIXES:
            if piece.endswith(affix) and len(piece) > len(affix) + 1:
                parts.extend([piece[: -len(affix)], affix])
                break
        else:
            parts.append(piece)
    # «خامنه‌ای»: a silent ه before the suffix ای reads as one vowel.
    merged: list[str] = []
    for piece in parts:
        if merged and piece in _FA_SUFFIX_EI and merged[-1].endswith("ه"):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    return tuple(merged)


_FA_SUFFIX_EI = ("ای", "ایی", "یی")


_PERSIAN_LETTER = re.compile("[\u0600-\u06ff]")


def _is_persian(token: str) -> bool:
    return _PERSIAN_LETTER.search(token) is not None


@lru_cache(maxsize=200_000)
def _segment_codes(seg: str, first: bool) -> tuple[str, ...]:
    return tuple(_fa_codes(seg, first) if _is_persian(seg) else _latin_codes(seg, first))


@lru_cache(maxsize=200_000)
def key_of_tokens(tokens: tuple[str, ...]) -> str:
    """The matching key of already-canonical name tokens (honorifics removed)."""
    joined: list[str] = []
    for token in tokens:  # «خامنه ای» written with a space is still one name
        if joined and token in _FA_SUFFIX_EI and joined[-1].endswith("ه"):
            joined[-1] += token
        else:
            joined.append(token)
    key = ""
    for token in joined:
        codes = _token_codes(token, not key)
        if codes:  # repeats collapse across tokens as within them
            key += codes[1:] if key and key[-1] == codes[0] else codes
    if len(key) > 1 and key[0] == "a" and key[1] in "iv":
        return key[1:]
    return key


@lru_cache(maxsize=200_000)
def _token_codes(token: str, first: bool) -> str:
    """Codes of one token, repeats collapsed; only a name's first sounding token
    carries the initial-vowel marker."""
    segs = persian_segments(token) if _is_persian(token) else latin_segments(token)
    out: list[str] = []
    for seg in segs:
        out.extend(_segment_codes(seg, first and not out))
    return "".join(k for k, _ in groupby(out))
